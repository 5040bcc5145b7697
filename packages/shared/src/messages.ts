import { deepLink } from "./links.ts";

/**
 * Every kind of message Exodus sends through the bot (DOMAIN.md, "Notifications"): the server
 * writes them to the outbox with the change they tell about; the bot renders and delivers them.
 */
export const messageKinds = [
  "status.changed",
  "intention.created",
  "obligation.created",
  "pledge.edit",
  "pledge.withdraw",
  "pledge.commit",
  "pledge.fulfil",
  "pledge.confirm",
  "pledge.notReceived",
  "pledge.release",
  "nudge.askCommit",
  "nudge.askFulfil",
  "nudge.remindConfirm",
  "intention.ended",
  "monthly.paused",
  "emergency.summary",
  "emergency.thanks",
  "reminder.periodEnding",
  "reminder.confirmDue",
  "rollover.summary",
  "invite.joined",
  "reminder.emergencyDeadline",
  "reminder.emergencyMissing",
  "collection.update",
  "plan.changed",
  "clearing.upcoming",
  "clearing.proposed",
  "clearing.applied",
  "clearing.failed",
  "initiative.askCommit",
  "initiative.ahead",
  "initiative.done",
  "initiative.failed",
  "initiative.cancelled",
  "pool.invited",
  "claim.toBack",
  "claim.share",
  "claim.settled",
  "claim.lapsed",
] as const;

export type MessageKind = (typeof messageKinds)[number];

export function isMessageKind(kind: string): kind is MessageKind {
  return (messageKinds as readonly string[]).includes(kind);
}

/** What a message's payload may name; each kind's button opens the screen of what it names. */
export interface MessageSubject {
  pledgeId?: number;
  memberId?: number;
  poolId?: number;
  collectionId?: number;
}

/** The in-app path of an initiative 🎯: its news opens it, for its givers and its initiator alike. */
export function initiativePath(collectionId: number): string {
  return `/initiatives/${collectionId}`;
}

/** The start parameter of a message's button: the screen that lets one act on what it tells. */
export function messageLink(kind: MessageKind, subject: MessageSubject): string {
  // A pool's news opens the pool: its claims, one's share and the answer to give.
  if (subject.poolId !== undefined) return deepLink(`/pool/${subject.poolId}`);
  // An initiative's news opens the initiative: its standing, one's pledge and its steps are there.
  if (kind.startsWith("initiative.") && subject.collectionId !== undefined) {
    return deepLink(initiativePath(subject.collectionId));
  }
  if (subject.pledgeId !== undefined) return deepLink(`/pledge/${subject.pledgeId}`);
  if (subject.memberId !== undefined) return deepLink(`/member/${subject.memberId}`);
  if (kind === "reminder.periodEnding" || kind === "rollover.summary")
    return deepLink("/organizer");
  // A round's news opens the clearing screen: one's part, the answer, how it ended.
  if (kind.startsWith("clearing.")) return deepLink("/clearing");
  return deepLink("/");
}
