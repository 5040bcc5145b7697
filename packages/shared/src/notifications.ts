import type { MessageKind } from "./messages.ts";

/**
 * The kinds of bot message a member can mute, grouped as a person thinks of them. Every kind the
 * server writes to the outbox belongs to exactly one category (the table below); a member's muted
 * categories are kept on their profile.
 */
export const notificationCategories = [
  /** Someone pledged to me, changed or withdrew it, committed, or says it was given. */
  "pledgesToMe",
  /** What happened to my own pledges: confirmed, released, "not received", ended, paused. */
  "myPledges",
  /** Asks to commit or fulfil, reminders to confirm, the period ending soon. */
  "asks",
  /** My network: someone started needing help, someone joined through my link. */
  "network",
  /** Summaries: the month's rollover, how an emergency or an initiative came out, thanks. */
  "summaries",
  /** My giving plan: the balancer suggests a different split of what I give. */
  "plan",
  /** Clearing of mutual obligations: a round coming, my part to agree to, how it ended. */
  "clearing",
] as const;
export type NotificationCategory = (typeof notificationCategories)[number];

/** Every outbox kind there is, and the category that mutes it. */
export const notificationKinds = {
  "intention.created": "pledgesToMe",
  "obligation.created": "pledgesToMe",
  // A pledge's move goes to the other side: the giver's moves to the receiver, and back.
  "pledge.edit": "pledgesToMe",
  "pledge.withdraw": "pledgesToMe",
  "pledge.commit": "pledgesToMe",
  "pledge.fulfil": "pledgesToMe",
  "pledge.confirm": "myPledges",
  "pledge.notReceived": "myPledges",
  "pledge.release": "myPledges",
  "intention.ended": "myPledges",
  "monthly.paused": "myPledges",
  "nudge.askCommit": "asks",
  "nudge.askFulfil": "asks",
  "nudge.remindConfirm": "asks",
  "reminder.periodEnding": "asks",
  "reminder.confirmDue": "asks",
  "status.changed": "network",
  "invite.joined": "network",
  "emergency.summary": "summaries",
  "emergency.thanks": "summaries",
  "rollover.summary": "summaries",
  "reminder.emergencyDeadline": "asks",
  "reminder.emergencyMissing": "asks",
  // News of a need one helps, like a status change in one's network.
  "collection.update": "network",
  "plan.changed": "plan",
  "clearing.upcoming": "clearing",
  "clearing.proposed": "clearing",
  "clearing.applied": "clearing",
  "clearing.failed": "clearing",
  "initiative.askCommit": "asks",
  // How an initiative came out, like how an emergency ended.
  "initiative.ahead": "summaries",
  "initiative.done": "summaries",
  "initiative.failed": "summaries",
  "initiative.cancelled": "summaries",
  "pool.invited": "network",
  // "A pool claim to share" (DOMAIN.md): backing one, answering one's share.
  "claim.toBack": "asks",
  "claim.share": "asks",
  "claim.settled": "summaries",
  "claim.lapsed": "summaries",
} as const satisfies Record<MessageKind, NotificationCategory>;
export type NotificationKind = keyof typeof notificationKinds;

export function isNotificationCategory(value: unknown): value is NotificationCategory {
  return notificationCategories.includes(value as NotificationCategory);
}

/** The category a message kind belongs to; undefined for a kind nobody listed (never muted). */
export function notificationCategoryOf(kind: string): NotificationCategory | undefined {
  return (notificationKinds as Record<string, NotificationCategory>)[kind];
}

/** Whether a member with these muted categories should get a message of this kind. */
export function wantsNotification(muted: readonly string[], kind: string): boolean {
  const category = notificationCategoryOf(kind);
  return category === undefined || !muted.includes(category);
}
