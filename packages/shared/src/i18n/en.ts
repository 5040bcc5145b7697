/** English: the reference every other language follows key for key. */
export const en = {
  app: {
    name: "Exodus",
    loading: "Loading…",
    retry: "Try again",
    openInTelegram: "Open Exodus from Telegram: this page works inside the Telegram app.",
    offline: "Cannot reach Exodus. Check the connection and try again.",
    popup: { ok: "OK", cancel: "Cancel" },
  },
  status: {
    green: "Can help",
    orange: "Needs monthly support",
    red: "Emergency",
    greenHint: "You need nothing and can help others.",
    orangeHint: "Ask your network for monthly support with a goal per month.",
    redHint: "Ask for urgent help: a goal and a deadline in days.",
    greenYou:
      "You need nothing now and can help: pledge to members of your network who ask for support.",
    greenNetwork: "Your network sees ✅: nobody is asked to give to you.",
    orangeYou:
      "You collect toward a goal every month. Friends promise intentions, bind themselves with obligations and give; you confirm what arrives. Confirmed gifts renew as intentions next month.",
    orangeNetwork:
      "Your network is told, sees what is missing and your payment details, and can join your circle of support.",
    redYou:
      "Urgent help: a goal and a deadline of 1–30 days; only binding obligations count. Meanwhile your own pledges to others are frozen: no reminders, nothing goes overdue.",
    redNetwork:
      "Your network is told and sees you first among those who need help. A monthly collection pauses; its givers are asked to help the emergency.",
  },
  profile: {
    status: "Status",
    monthlyGoal: "Monthly goal: {{amount}}",
    emergencyGoal: "Emergency goal: {{amount}}",
    deadline_one: "{{count}} day left",
    deadline_other: "{{count}} days left",
    deadlineToday: "Ends today",
    paused: "Monthly collection paused during the emergency",
    changeStatus: "Change status",
  },
  statusForm: {
    title: "Change status",
    goal: "Goal per month",
    emergencyGoal: "Emergency goal",
    days: "Deadline, days (1–30)",
    save: "Save",
    openMonthly: "Ask for monthly support",
    changeGoal: "Change the goal",
    closeMonthly: "I need nothing now",
    openEmergency: "Open an emergency",
    endEmergency: "End the emergency",
    afterEmergency: "Ending the emergency returns you to: {{status}}.",
    whatHappens: "What happens",
    nothingToDo: "This is your status now: pick another one to change it.",
    explain: {
      openMonthly:
        "Your network is told you need monthly support, with a button to help. You can change the goal any time.",
      changeGoal: "The new goal counts from now on; pledges already made stay as they are.",
      closeMonthly:
        "Your monthly collection closes. Intentions to you end and their givers are told. Obligations and gifts awaiting your confirmation stay due.",
      openEmergency:
        "Your network is told you need urgent help. Emergencies take obligations only. A monthly collection pauses and its givers are asked to help; your own pledges to others are frozen until the emergency ends.",
      endEmergency:
        "The emergency ends with what was gathered. Obligations not yet given stay due, in the overdue archive ⌛; gifts still wait for your confirmation. Your circle gets a summary and those who gave are thanked.",
    },
    confirmCloseTitle: "Close the monthly collection?",
    confirmClose:
      "Intentions to you end and their givers are told. Obligations and gifts awaiting your confirmation stay due.",
    confirmCloseOk: "Close it",
    confirmEndTitle: "End the emergency?",
    confirmEnd:
      "It ends with what was gathered. Obligations not yet given stay due in the overdue archive ⌛; gifts still wait for your confirmation. Your circle gets a summary.",
    confirmEndOk: "End it",
    keep: "Keep it",
  },
  invite: { joined: "You came through {{name}}'s invite link. Welcome!" },
  nav: {
    label: "Sections",
    home: "Home",
    organizer: "Organizer",
    network: "Network",
    profile: "Profile",
    pledge: "Pledge",
    member: "Member",
    picture: "Picture",
    invite: "Invite",
  },

  // ── Home, Organizer, a pledge (one helper's screens) ──
  home: {},
  organizer: {},
  pledge: {},

  // ── Network, a member's page, invite links ──
  network: {},
  member: {},
  inviteScreen: {},

  // ── The picture of the network ──
  picture: {},

  // ── Profile and settings ──
  settings: {
    statusNow: "Your status",
    forYou: "For you",
    forNetwork: "For your network",
    allStatuses: "What each status means",
    changeStatus: "Change status",
    aboutTitle: "About me",
    name: "Name",
    nameHint: "How your network sees you in Exodus.",
    about: "About me",
    aboutHint: "A few words for your network. Website and t.me links become clickable.",
    aboutCounter: "{{used}} / {{max}}",
    aboutOver_one: "{{count}} character too many",
    aboutOver_other: "{{count}} characters too many",
    preview: "Preview",
    previewEmpty: "Nothing written yet.",
    save: "Save profile",
    saved: "Profile saved.",
    language: "Language",
    languageHint: "Exodus and its bot speak to you in this language.",
    languageNames: {
      en: "English",
      ru: "Русский",
      uk: "Українська",
    },
    payment: {
      title: "Payment details",
      hint: "Your network sees them only while you ask for help (🔆 or 🆘), so they know where to give.",
      noneTitle: "Ask in person",
      none: "No payment details yet: whoever gives will ask you in person. Add a card, an account or a phone number to make it easier.",
      default: "Default",
      makeDefault: "Make default",
      makeDefaultOf: "Make “{{label}}” the default",
      edit: "Edit",
      editOf: "Edit “{{label}}”",
      delete: "Delete",
      deleteOf: "Delete “{{label}}”",
      add: "Add a payment method",
      formAdd: "New payment method",
      formEdit: "Edit payment method",
      label: "Name (Card, PayPal, …)",
      value: "Details (number, account, phone)",
      isDefault: "Use as default",
      save: "Save",
      cancel: "Cancel",
      full: "That is the most there can be: 10 payment methods.",
      deleteTitle: "Delete this payment method?",
      deleteMessage: "“{{label}}” will no longer be shown to your network.",
      deleteOk: "Delete",
      keep: "Keep",
    },
    notifications: {
      title: "Notifications",
      whyTitle: "Why notifications matter",
      why: "The Exodus bot tells you when someone pledges to you, asks you to commit or to give, or when a friend needs help. Without these messages promises are easily forgotten: mute only what you really do not need.",
      allow: "Allow the bot to message me",
      allowHint: "Telegram asks you once whether the Exodus bot may write to you.",
      asking: "Waiting for Telegram…",
      allowed: "Done: the bot can write to you.",
      cancelled: "Not allowed: the bot cannot write to you until you allow it.",
      unavailable: "Open Exodus in Telegram to allow messages.",
      categoriesLabel: "What the bot tells you",
      on: "On",
      muted: "Muted",
      categories: {
        pledgesToMe: {
          title: "Pledges to me",
          text: "Someone pledged to you, changed or withdrew a pledge, committed, or says they gave.",
        },
        myPledges: {
          title: "My pledges",
          text: "Your gift was confirmed or not received, you were released, your intention ended or a collection paused.",
        },
        asks: {
          title: "Asks and reminders",
          text: "Asks to commit or to give, reminders to confirm, the month ending soon.",
        },
        network: {
          title: "Network news",
          text: "Someone in your network needs help.",
        },
        summaries: {
          title: "Summaries",
          text: "How an emergency ended — yours or one you helped — and thanks for what you gave.",
        },
      },
    },
    leave: {
      title: "Leave Exodus",
      lose: "Leaving deletes your name, about me and payment details, and closes your open collections. Pledges to you and your own intentions end. Obligations you made stay in the receivers' books, and everyone's archives keep your past pledges under “deleted member”. This cannot be undone.",
      button: "Leave Exodus",
      confirmTitle: "Leave Exodus?",
      confirm:
        "Your name, about me and payment details are deleted, your collections close, pledges to you and your intentions end. Others' archives keep your pledges under “deleted member”. This cannot be undone.",
      confirmOk: "Leave",
      stay: "Stay",
      goodbyeTitle: "Goodbye, {{name}}",
      goodbye:
        "You have left Exodus and your personal data is deleted. Thank you for being part of it.",
      comeBack:
        "To come back, open Exodus from Telegram again: you will start afresh, as a new member.",
    },
  },

  dev: {
    banner: "Development mode",
    back: "Back",
    member: "Member",
    theme: "Theme",
    light: "Light",
    dark: "Dark",
  },
  errors: {
    amount: {
      required: "Enter an amount.",
      notANumber: "Enter the amount as a number, like 25 or 25.50.",
      tooManyDecimals: "Too many digits after the decimal point: cents are the smallest unit.",
      notPositive: "The amount must be more than zero.",
      tooLarge: "That amount is too large.",
    },
    days: { range: "Choose between 1 and 30 days." },
    status: {
      notAllowed: "That change is not possible from your current status.",
    },
    pledge: {
      notFound: "That pledge does not exist or is not yours to see.",
      notYours: "Only the other side of this pledge can do that.",
      notAllowed: "This pledge can no longer be changed that way.",
      frozen: "This giver is in an emergency: their pledges are frozen for now.",
      tooSoon: "You already asked in the last 24 hours.",
      self: "You cannot pledge to yourself.",
      receiverGreen: "This member needs nothing right now.",
      alreadyPledged: "You already have a pledge to this collection: change it instead.",
    },
    collection: {
      notFound: "This collection is closed or does not exist.",
      paused: "This collection is paused during an emergency: help the emergency instead.",
    },
    input: {
      id: "That link is broken: reopen the screen and try again.",
      action: "Unknown action.",
      list: "Unknown list.",
    },
    member: { notFound: "This member does not exist or is outside your network." },
    invite: {
      unknown: "This invite link is not valid. Ask for a new one.",
      expired: "This invite link has expired. Ask for a new one.",
      revoked: "This invite link was withdrawn by the person who shared it.",
      self: "This is your own invite link: share it with friends.",
      targetNotInNeed: "You can invite to members who need help now, or to yourself.",
    },
    profile: {
      name: "A name is 1 to 64 characters.",
      about: "About me is at most 180 characters.",
      language: "Choose English, Russian or Ukrainian.",
      confirmLeave: "Confirm that you want to leave Exodus.",
    },
    payment: {
      label: "Give each payment method a name of up to 64 characters.",
      value: "Payment details are 1 to 256 characters.",
      tooMany: "At most 10 payment methods.",
      oneDefault: "Mark exactly one payment method as the default.",
    },
    notifications: { category: "Unknown kind of notification: reopen the screen and try again." },
    auth: {
      missing: "Open Exodus from Telegram to sign in.",
      invalid: "Telegram could not confirm who you are. Reopen Exodus from Telegram.",
      expired: "Your session has expired. Reopen Exodus from Telegram.",
    },
    unknown: "Something went wrong. Please try again.",
  },
  bot: {
    welcome:
      "Welcome to Exodus, {{name}}!\n\nExodus keeps the books of mutual aid between friends: who needs help, who promised what, what was given and confirmed.",
    welcomeInvite:
      "Welcome to Exodus, {{name}}! A friend invited you: open Exodus to see who needs help.",
    open: "Open Exodus",
    startCommand: "Open Exodus and see who needs help",
    menu: "Exodus",
  },
};

/**
 * The shape every language provides: the same keys, strings as values, and the extra plural forms
 * (_few, _many) that Slavic languages need beside English's _one and _other.
 */
type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> } & {
  [plural: `${string}_${"few" | "many"}`]: string;
};
export type Resources = Strings<typeof en>;
