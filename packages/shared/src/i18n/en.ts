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
  settings: {},

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
