import { z } from "zod";
import { isMessageKind, type MessageKind } from "./messages.ts";
import { pledgeStates } from "./pledge.ts";

/**
 * What each kind of message carries in its outbox row: the one contract between whoever writes a
 * row (a service through `notify()`, or set-based SQL such as the rollover's) and the bot that
 * words it when it leaves. A field the wording needs is required; one kept only for the record is
 * optional, so that rows written before it existed still leave. Names and amounts that can change
 * are read again at send time (the pledge, the member), so a payload's amount is a fallback.
 */
const id = z.number().int().positive();
/** An amount in minor units. */
const minor = z.number().int().nonnegative();
const count = z.number().int().nonnegative();
/** A period as "2026-11". */
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

const aboutPledge = z.object({ pledgeId: id, amount: minor.optional() });
const pledgeMove = aboutPledge.extend({ state: z.enum(pledgeStates).optional() });
const aboutCollection = z.object({ memberId: id, collectionId: id });
const emergencyEnd = aboutCollection.extend({ outcome: z.enum(["reached", "expired", "ended"]) });
/**
 * News of an initiative 🎯 (memberId: its initiator), whose screen its button opens. A giver's
 * names their pledge; the initiator's names none. The title is the initiator's words: taken out of
 * what was not sent yet when they leave, so a message may come without it.
 */
const initiativeNews = aboutCollection.extend({
  title: z.string().optional(),
  pledgeId: id.optional(),
  amount: minor.optional(),
});

/** How many counterparts a clearing message names on each side; the rest are counted. */
export const CLEARING_MESSAGE_LINES = 5;
/** One counterpart of a member's part of a clearing round: their name is read at send time. */
const clearingLine = z.object({ memberId: id, amount: minor });
/**
 * A member's part of a clearing round: the totals, and by counterpart (the largest first, at most
 * CLEARING_MESSAGE_LINES a side) whom they no longer owe and who no longer owes them; `oweMore` and
 * `owedMore` count the counterparts not named (their amount is the total less the named lines).
 * Rows written before the lines existed carry the totals only.
 */
const clearingPart = z.object({
  roundId: id,
  noLongerOwe: minor,
  noLongerOwed: minor,
  owe: z.array(clearingLine).max(CLEARING_MESSAGE_LINES).optional(),
  oweMore: count.optional(),
  owed: z.array(clearingLine).max(CLEARING_MESSAGE_LINES).optional(),
  owedMore: count.optional(),
});

/** News of a pool claim 🛟 (memberId: its claimant). */
const aboutClaim = z.object({ poolId: id, collectionId: id, memberId: id });

export const messagePayloads = {
  /** A member in my network opened a need: 🔆 monthly or 🆘 emergency. */
  "status.changed": z.object({
    memberId: id,
    status: z.enum(["orange", "red"]),
    collectionId: id.optional(),
  }),
  "intention.created": aboutPledge,
  "obligation.created": aboutPledge,
  "pledge.edit": pledgeMove,
  "pledge.withdraw": pledgeMove,
  "pledge.commit": pledgeMove,
  "pledge.fulfil": pledgeMove,
  "pledge.confirm": pledgeMove,
  "pledge.notReceived": pledgeMove,
  "pledge.release": pledgeMove,
  "nudge.askCommit": aboutPledge,
  /** Where to give: the receiver's default payment details when they have any. */
  "nudge.askFulfil": aboutPledge.extend({
    paymentLabel: z.string().optional(),
    paymentValue: z.string().optional(),
  }),
  "nudge.remindConfirm": aboutPledge,
  /** A monthly collection closed: the intention to it ended (no pledge to read it from). */
  "intention.ended": aboutCollection.extend({ amount: minor }),
  "monthly.paused": aboutCollection.extend({ emergencyId: id.optional() }),
  "emergency.summary": emergencyEnd,
  "emergency.thanks": emergencyEnd,
  "reminder.periodEnding": z.object({ period, pledges: count.optional() }),
  "reminder.confirmDue": aboutPledge,
  /** Written by the rollover's SQL (apps/server/src/cycle/rollover.ts), one per member and period. */
  "rollover.summary": z.object({
    period,
    givenLapsed: count,
    givenRenewed: count,
    givenRenewedAmount: minor,
    givenOverdue: count,
    receivedRenewed: count,
    receivedRenewedAmount: minor,
    receivedOverdue: count,
  }),
  "invite.joined": z.object({ memberId: id }),
  /**
   * `hoursLeft`: the most hours left when the reminder was made, so "within N hours" stays true
   * however late it leaves; reminders made before they carried it were made a day ahead at most.
   */
  "reminder.emergencyDeadline": aboutCollection.extend({
    amount: minor,
    hoursLeft: count.default(24),
  }),
  "reminder.emergencyMissing": z.object({
    collectionId: id,
    amount: minor,
    hoursLeft: count.default(24),
  }),
  "collection.update": aboutCollection.extend({ updateId: id, text: z.string().min(1) }),
  /** The giver's plan changed materially; its button opens Home, where the plan is. */
  "plan.changed": z.object({ planId: id, moved: minor }),
  /** A clearing round comes on the 25th, and the member has offered obligations in it. */
  "clearing.upcoming": z.object({ period }),
  /** The member's part of a round: agree within the deadline. */
  "clearing.proposed": clearingPart,
  /** The round was applied: what the member no longer owes and is no longer owed. */
  "clearing.applied": clearingPart,
  /** Nobody is left in the round (declines, silence): nothing was cleared. */
  "clearing.failed": z.object({ roundId: id }),
  /** What is pledged reaches the goal: a giver whose pledge is still an intention is asked to commit. */
  "initiative.askCommit": initiativeNews,
  /** 🤝 + 👍 reached the goal: it goes ahead (givers may give now). */
  "initiative.ahead": initiativeNews,
  /** 👍 reached the goal: done; what was only promised is no longer needed. */
  "initiative.done": initiativeNews,
  /** The deadline passed without 🤝 ≥ goal: intentions ended, obligations released. */
  "initiative.failed": initiativeNews,
  /** The initiator called it off: the same endings as a failure. */
  "initiative.cancelled": initiativeNews,
  /** A member of a pool (memberId) invites the recipient; the pool's name as it was then. */
  "pool.invited": z.object({ poolId: id, memberId: id, name: z.string().optional() }),
  /** A member of the pool (memberId) filed a claim of `amount`: back it if it is real. */
  "claim.toBack": aboutClaim.extend({ amount: minor }),
  /** The claim is shared: the recipient's share is `amount`, to commit or decline by answerBy. */
  "claim.share": aboutClaim.extend({ amount: minor, answerBy: z.string() }),
  /** Every share answered: `amount` committed, `uncovered` left (🙏) — to the claimant. */
  "claim.settled": aboutClaim.extend({ amount: minor, uncovered: minor }),
  /** Not backed within the pool's answer days — to the claimant. */
  "claim.lapsed": aboutClaim,
} as const satisfies Record<MessageKind, z.ZodType>;

/** What a writer gives for a message of kind K (`notify()` accepts only this). */
export type MessagePayload<K extends MessageKind> = z.input<(typeof messagePayloads)[K]>;

/** A message as the bot reads it back: its kind and that kind's payload, checked. */
export type OutboxMessage = {
  [K in MessageKind]: { kind: K; payload: z.output<(typeof messagePayloads)[K]> };
}[MessageKind];

/**
 * Reads an outbox row's kind and payload through the kind's schema. A row that does not fit (an
 * unknown kind, a field missing or of the wrong type) comes back with a reason naming the fields,
 * never with the payload's values, which may be a member's words.
 */
export function parseOutboxMessage(
  kind: string,
  payload: unknown,
): { ok: true; message: OutboxMessage } | { ok: false; reason: string } {
  if (!isMessageKind(kind)) return { ok: false, reason: `unknown message kind "${kind}"` };
  const parsed = messagePayloads[kind].safeParse(payload);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.code}`);
    return { ok: false, reason: `${kind} payload does not fit: ${fields.join(", ")}` };
  }
  return { ok: true, message: { kind, payload: parsed.data } as OutboxMessage };
}
