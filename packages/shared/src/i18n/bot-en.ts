/**
 * The bot's words in English (messages, menu, replies): the bot reads them from shared's
 * `resources` (index.ts), the Mini App never, so they are a module of their own that the Mini App's
 * first screen does not download. Every other language follows them key for key.
 */
export const botEn = {
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
      createdInitiative: "❤️ {{giver}} intends to give {{amount}} to your initiative.",
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
      fulfil: "{{giver}} says they gave you {{amount}}. Please confirm once you have received it.",
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
    payTo: {
      details: "Where to give: {{label}} — {{value}}",
      inPerson: "{{receiver}} has no payment details in Exodus: ask them in person.",
    },
    emergencyReminder: {
      deadline_one:
        "⏳ {{member}}'s emergency ends within {{count}} hour. You committed {{amount}}: give it and say so in Exodus.",
      deadline_other:
        "⏳ {{member}}'s emergency ends within {{count}} hours. You committed {{amount}}: give it and say so in Exodus.",
      missing_one: "⏳ Your emergency ends within {{count}} hour. Still missing: {{amount}} 🙏",
      missing_other: "⏳ Your emergency ends within {{count}} hours. Still missing: {{amount}} 🙏",
      covered_one:
        "⏳ Your emergency ends within {{count}} hour. Everything is promised: confirm each gift as it arrives.",
      covered_other:
        "⏳ Your emergency ends within {{count}} hours. Everything is promised: confirm each gift as it arrives.",
    },
    clearing: {
      upcoming:
        "🔄 On the 25th Exodus clears mutual obligations. Your offered obligations take part: you will be asked to agree to your part.",
      proposed:
        "🔄 A clearing round is proposed. You would no longer owe {{noLongerOwe}}, and be owed {{noLongerOwed}} less. Open Exodus to agree or decline within 48 hours: silence counts as a decline.",
      applied:
        "🔄 The clearing round is applied: you no longer owe {{noLongerOwe}}, and are owed {{noLongerOwed}} less. These amounts count as given and confirmed.",
      failed: "🔄 The clearing round did not go ahead: not everyone agreed. Nothing changed.",
      proposedPart: "🔄 A clearing round is proposed. Your part:",
      proposedAsk: "Open Exodus to agree or decline within 48 hours: silence counts as a decline.",
      appliedPart: "🔄 The clearing round is applied.",
      appliedNote: "These amounts count as given and confirmed.",
      wouldOwe: "You would no longer owe:",
      wouldOwed: "Who would no longer owe you:",
      nowOwe: "You no longer owe:",
      nowOwed: "Who no longer owes you:",
      line: "• {{name}}: {{amount}}",
      more_one: "• and {{count}} more member: {{amount}}",
      more_other: "• and {{count}} more members: {{amount}}",
    },
    plan: {
      changed:
        "🧭 Your giving plan has changed: open Exodus to see where your help is needed most now.",
    },
    initiative: {
      askCommit:
        "🎯 Enough is pledged for {{member}}'s initiative “{{title}}”. Commit your {{amount}} so that it can go ahead.",
      ahead:
        "🎯 {{member}}'s initiative “{{title}}” goes ahead: enough is committed. Give your {{amount}} now and say so in Exodus.",
      aheadOwn:
        "🎯 Your initiative “{{title}}” goes ahead: enough is committed. Confirm each gift as it arrives.",
      done: "🎯 {{member}}'s initiative “{{title}}” is done: its goal has been received. Thank you! What was promised and not given yet is no longer needed.",
      doneOwn: "🎯 Your initiative “{{title}}” is done: its whole goal has been received.",
      failed:
        "🎯 {{member}}'s initiative “{{title}}” did not gather enough commitments by its deadline. Your pledge has ended: nothing is due.",
      failedOwn:
        "🎯 Your initiative “{{title}}” did not gather enough commitments by its deadline. Its pledges have ended: nobody owes anything.",
      cancelled:
        "🎯 {{member}} called off the initiative “{{title}}”. Your pledge has ended: nothing is due.",
      untitled: "(no title)",
    },
    pool: {
      invited:
        "🛟 {{member}} invites you to the pool “{{name}}”: mutual insurance among friends, no money held. Open it to read its rules and state your monthly cap.",
    },
    claim: {
      toBack:
        "🛟 {{member}} filed a claim of {{amount}} in your pool. If you know it is real, back it.",
      share:
        "🛟 {{member}}'s claim is shared: your share is {{amount}}. Commit it or decline it (declining leaves the pool); silence until the deadline counts as committing.",
      covered:
        "🛟 Your claim is covered: the pool's members committed {{amount}}. Confirm each gift as it arrives.",
      partlyCovered:
        "🛟 Your claim is partly covered: {{amount}} committed; {{uncovered}} is more than the caps left could carry 🙏.",
      lapsed: "🛟 Your claim was not backed in time and has lapsed.",
    },
    needUpdate: "📣 {{member}} posted an update:\n{{text}}",
  },
};

/** The shape every language's bot strings have (as Resources for the app's). */
type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> } & {
  [plural: `${string}_${"few" | "many"}`]: string;
};
export type BotResources = Strings<typeof botEn>;
