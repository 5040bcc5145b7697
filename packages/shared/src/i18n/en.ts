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
  network: {
    title: "Network",
    lists: {
      label: "Whom to show",
      network: "My network",
      needHelp: "Need help",
      helpers: "My helpers",
      helped: "I help",
      suggestions: "Expand",
    },
    intro: {
      network: "Everyone within two ties of you: your friends and their friends.",
      needHelp: "People in your network who need help now and whom you do not help yet.",
      helpers: "Who pledges to you now (👥→👤).",
      helped: "Whom you pledge to now (👤→👥).",
      suggestions: "People three ties away who are collecting now: circles you may join.",
    },
    empty: {
      network: "Your network is empty",
      networkText:
        "Invite friends: whoever joins through your link, and their friends, will appear here.",
      needHelp: "Nobody needs your help right now",
      needHelpText:
        "When someone in your network asks for support, they appear here. A bigger network helps more people.",
      helpers: "Nobody pledges to you yet",
      helpersText:
        "If you need support, change your status, then share your link so friends can help.",
      helped: "You do not help anyone yet",
      helpedText: "See who needs help now and make a pledge.",
      suggestions: "No circles to join beyond your network",
      suggestionsText: "As your network grows, people three ties away who need help appear here.",
    },
    inviteFriends: "Invite friends",
    changeStatus: "Change my status",
    seeNeedHelp: "See who needs help",
    picture: "See the picture",
    loadMore: "Show more",
    distance: {
      self: "You",
      one: "Your friend",
      two: "Friend of a friend",
      beyond: "Beyond your network",
    },
    needMonthly: "{{helpers}} 👥→👤 (❤️ {{intentions}} / 🙏 {{missing}})",
    needEmergency: "{{helpers}} 👥→👤 (🙏 {{missing}} / {{days}})",
    needMonthlyLabel_one:
      "{{count}} person helps; intentions {{intentions}}; still missing {{missing}}",
    needMonthlyLabel_other:
      "{{count}} people help; intentions {{intentions}}; still missing {{missing}}",
    needEmergencyLabel_one: "{{count}} person helps; still missing {{missing}}; {{days}}",
    needEmergencyLabel_other: "{{count}} people help; still missing {{missing}}; {{days}}",
    daysLeft_one: "{{count}} day left",
    daysLeft_other: "{{count}} days left",
    endsToday: "ends today",
    deletedMember: "Deleted member",
  },
  member: {
    notFoundTitle: "Not in your network",
    notFoundText:
      "You see members up to two ties away, and those whose invite link you opened. Ask a friend for their link.",
    toNetwork: "Open my network",
    you: "This is you.",
    myProfile: "Open my profile",
    about: "About",
    progress: {
      monthly: "🔆 Monthly goal: {{amount}}",
      emergency: "🆘 Emergency goal: {{amount}}",
      bar: "{{covered}} of {{goal}} promised or confirmed",
      intentions: "❤️ Intentions",
      obligations: "🤝 Promised",
      confirmed: "👍 Confirmed",
      missing: "🙏 Missing",
      helpers_one: "{{count}} person helps",
      helpers_other: "{{count}} people help",
      paused: "Their monthly collection is paused during the emergency.",
    },
    payment: {
      title: "How to give",
      default: "default",
      copy: "Copy",
      copyLabel: "Copy {{label}}",
      copied: "Copied",
      none: "No payment details given: ask in person.",
      hidden: "Payment details are shown to their network only: ask in person.",
    },
    circle: {
      title: "Circle of support",
      empty: "Nobody helps yet. You can be the first.",
      amountsHidden: "Each amount is seen only inside the circle.",
    },
    lists: {
      label: "People around them",
      network: "Their network",
      helpers: "Their helpers",
      helped: "They help",
      emptyNetwork: "Nobody you can see yet.",
      emptyHelpers: "Nobody helps them yet.",
      emptyHelped: "They help nobody right now.",
    },
    state: {
      intention: "❤️ intention",
      obligation: "🤝 obligation",
      fulfilled: "🤝→👍 given, waiting for confirmation",
      confirmed: "👍 confirmed",
    },
    pledge: {
      title: "Help {{name}}",
      monthlyExplain:
        "You promise an intention ❤️ to their monthly collection: you can change or withdraw it until you commit to it.",
      emergencyExplain:
        "You take on an obligation 🤝 to their emergency: a binding promise that only {{name}} can release.",
      amount: "Amount",
      suggestedLast: "Suggested: what you gave {{name}} last time.",
      suggestedShare_one:
        "Suggested: what is still missing, shared equally between you and the {{count}} person already helping.",
      suggestedShare_other:
        "Suggested: what is still missing, shared equally between you and the {{count}} people already helping.",
      suggestedMissing: "Suggested: what is still missing.",
      covered: "The goal is covered, and more help is still welcome.",
      submit: "Pledge",
      confirmTitle: "A binding promise",
      confirmMessage:
        "You promise {{amount}} to {{name}}'s emergency. Only {{name}} can release you from it.",
      confirmOk: "I promise",
      cancel: "Cancel",
      yours: "Your pledge: {{amount}}",
      open: "Open the pledge",
      done: "Pledged. {{name}} has been told.",
      paused: "Their monthly collection is paused during their emergency.",
      notInNeed: "{{name}} needs nothing right now.",
    },
    invite: "Invite someone to help {{name}}",
  },
  inviteScreen: {
    title: "Invite",
    intro:
      "Share your link with friends. Whoever joins through it becomes part of your network, and you of theirs.",
    forTarget: "A link to help {{name}}",
    forTargetIntro: "Whoever opens it lands on {{name}}'s page, ready to help.",
    targetNotFound: "You can make a link only for someone in need in your network.",
    create: "Create a link",
    createFor: "Create a link for {{name}}",
    yourLink: "Your new link",
    share: "Share",
    copy: "Copy link",
    copyCode: "Copy code",
    copied: "Copied",
    shareText: "Join me in Exodus, where friends keep the books of helping each other.",
    shareTextFor: "{{name}} needs help. Open Exodus to see how you can help.",
    copyText: "Join me in Exodus: {{link}}",
    copyTextFor: "{{name}} needs help. Open Exodus to see how you can help: {{link}}",
    noBot:
      "Sharing links needs the Telegram bot set up on this server. Until then, pass on the code: a newcomer opens Exodus with it.",
    code: "Code: {{code}}",
    active: "My active links",
    activeEmpty: "No active links yet. Create one above.",
    leadsToYou: "Leads to your page",
    leadsTo: "Leads to {{name}}",
    expires: "Works until {{date}}",
    opens_one: "opened {{count}} time",
    opens_other: "opened {{count}} times",
    revoke: "Withdraw",
    revokeTitle: "Withdraw this link?",
    revokeMessage:
      "Nobody will be able to join through it any more. Those who already joined stay in your network.",
    revokeOk: "Withdraw",
    cancel: "Cancel",
    revoked: "The link was withdrawn.",
    joined: "Who joined through my links",
    joinedEmpty: "Nobody yet. Share your link: whoever joins through it appears here.",
    joinedAt: "joined {{date}}",
  },

  // ── The picture of the network ──
  picture: {
    title: "The picture of my network",
    intro:
      "Everyone within two ties of you. Tap a member to open their page; pinch or scroll to zoom, drag to move.",
    filter: "Show members by status",
    truncated_one:
      "Your network is larger than one picture: the {{count}} member who needs help most is drawn.",
    truncated_other:
      "Your network is larger than one picture: the {{count}} members who need help most are drawn.",
    canvas_one:
      "The picture of your network: {{count}} member drawn (you). The list below tells the same.",
    canvas_other:
      "The picture of your network: {{count}} members drawn, you among them. The list below tells the same.",
    drawFailed: "The picture could not be drawn. Check the connection and try again.",
    zoomIn: "Zoom in",
    zoomOut: "Zoom out",
    fit: "Show everyone",
    legend: "Legend",
    legendMe: "You (ringed)",
    legendHelp: "helps: from giver to receiver",
    legendReferral: "invited",
    state: {
      intention: "{{emoji}} intention",
      obligation: "{{emoji}} obligation",
      fulfilled: "{{emoji}} given, awaiting confirmation",
    },
    listTitle: "Members in the picture",
    noneShown: "No members with the chosen statuses: turn a status back on above.",
    you: "You",
    youInList: "you",
    distance_one: "{{count}} tie away",
    distance_other: "{{count}} ties away",
    invitedBy: "Invited by: {{names}}",
    invited: "Invited: {{names}}",
    helps: "Helps: {{names}}",
    helpedBy: "Helped by: {{names}}",
    needMonthly: "{{helpers}} 👥→👤 (❤️ {{intentions}} / 🙏 {{missing}})",
    needEmergency_one: "{{helpers}} 👥→👤 (🙏 {{missing}} / {{count}} day left)",
    needEmergency_other: "{{helpers}} 👥→👤 (🙏 {{missing}} / {{count}} days left)",
    emptyTitle: "Your network is empty",
    emptyText:
      "Invite a friend: the people you invite, and the people they invite, will appear here.",
    emptyAction: "Invite friends",
  },

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
    clock: "Clock",
    nextDay: "+1 day",
    nextMonth: "Next month",
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
    help: "Exodus keeps the books of mutual aid between friends.\n\n🔆 Ask your network for monthly support, or 🆘 for help in an emergency.\n❤️ Promise what you can, 🤝 commit to it, give it directly, and the receiver confirms 👍.\nEvery month the books roll over. Invite friends with your link: your network is private.\n\n/lang — language",
    langPrompt: "Choose your language:",
    langSaved: "Done: Exodus will speak English with you.",
    langNotMember: "Open Exodus once to join; then your language choice is kept.",
    unknown: "I only carry messages. Everything happens in Exodus: open it below, or send /help.",
    helpCommand: "What Exodus is and how it works",
    langCommand: "Choose the language",
    notify: {
      deletedMember: "a deleted member",
      status: {
        changed_orange:
          "🔆 {{member}} asks for monthly support. Open Exodus to see what is missing and whether you can help.",
        changed_red: "🆘 {{member}} has an emergency and asks for urgent help.",
      },
      intention: {
        created: "❤️ {{giver}} intends to give you {{amount}} this month.",
        ended:
          "{{receiver}} no longer collects monthly support, so your intention of {{amount}} has ended. Thank you for caring.",
      },
      obligation: {
        created: "🤝 {{giver}} commits to give you {{amount}} for your emergency.",
      },
      pledge: {
        edit: "❤️ {{giver}} changed their intention to {{amount}}.",
        withdraw: "{{giver}} withdrew their intention of {{amount}}.",
        commit: "🤝 {{giver}} commits to give you {{amount}}.",
        fulfil:
          "{{giver}} says they gave you {{amount}}. Please confirm once you have received it.",
        confirm: "👍 {{receiver}} confirmed receiving {{amount}} from you. Thank you!",
        notReceived:
          "{{receiver}} has not received the {{amount}} you marked as given. Please check with them.",
        release: "{{receiver}} released you from your obligation of {{amount}}.",
      },
      nudge: {
        askCommit: "{{receiver}} asks whether you can commit to your intention of {{amount}}.",
        askFulfil: "{{receiver}} asks you to give the {{amount}} you committed to.",
        remindConfirm: "{{giver}} asks you to confirm that you received {{amount}}.",
      },
      monthly: {
        paused:
          "{{receiver}} has an emergency, so their monthly collection is paused. See how you can help.",
      },
      emergency: {
        reached: "🆘 {{member}}'s emergency has reached its goal. Thank you all!",
        expired: "{{member}}'s emergency has reached its deadline.",
        ended: "{{member}} has ended their emergency.",
        reachedOwn: "Your emergency has reached its goal. Remember to confirm what you receive.",
        expiredOwn: "Your emergency has reached its deadline. Obligations not yet given stay due.",
        endedOwn: "You have ended your emergency. Obligations not yet given stay due.",
        thanks: "Thank you for standing by {{member}} in their emergency.",
      },
      reminder: {
        periodEnding:
          "{{period}} ends in three days. You still have open intentions or obligations: commit or give what you can.",
        confirmDue: "{{giver}} gave you {{amount}} three days ago and waits for your confirmation.",
      },
      rollover: {
        summary: "{{period}} has begun. What changed in your books:",
        givenRenewed_one: "❤️ {{count}} intention renewed for the new month ({{amount}})",
        givenRenewed_other: "❤️ {{count}} intentions renewed for the new month ({{amount}})",
        givenLapsed_one: "{{count}} intention lapsed",
        givenLapsed_other: "{{count}} intentions lapsed",
        givenOverdue_one: "⌛ {{count}} obligation moved to overdue",
        givenOverdue_other: "⌛ {{count}} obligations moved to overdue",
        receivedRenewed_one: "❤️ {{count}} intention to you renewed ({{amount}})",
        receivedRenewed_other: "❤️ {{count}} intentions to you renewed ({{amount}})",
        receivedOverdue_one: "⌛ {{count}} pledge to you is overdue",
        receivedOverdue_other: "⌛ {{count}} pledges to you are overdue",
      },
      invite: {
        joined: "{{member}} joined Exodus through your invite link.",
      },
    },
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
