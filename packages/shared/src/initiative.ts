/**
 * The life of an initiative 🎯 (DOMAIN.md "Initiatives (social design)"), as one table like the
 * pledge's: who may make each move, from which statuses, to which status, and what the move does
 * to the initiative's pledges. An initiative is a collection of its own kind: any member (✅ too)
 * may own one; it stands outside the monthly cycle, balancing and clearing. All or nothing:
 *
 *            lowerGoal (initiator)
 *              ┌──────┐
 *              ▼      │
 *   propose ─► OPEN ──┴── goAhead (Exodus: 🤝 + 👍 ≥ goal) ─► AHEAD ── complete (Exodus: 👍 ≥ goal) ─► DONE
 *               │
 *               ├── fail (Exodus: the deadline passed, 🤝 + 👍 < goal) ─► FAILED
 *               └── cancel (initiator) ──────────────────────────────────► CANCELLED
 *
 * At FAILED and CANCELLED its intentions end and Exodus releases its obligations (everyone told).
 * Givers fulfil only once it is AHEAD; until then a pledge may be made, changed, withdrawn,
 * committed, released, never given.
 */
import type { PledgeAction, PledgeState } from "./pledge.ts";
import type { TextRule } from "./text.ts";

export const initiativeStatuses = ["open", "ahead", "done", "failed", "cancelled"] as const;
export type InitiativeStatus = (typeof initiativeStatuses)[number];

/** Still taking part in the books: pledges made, changed and given. */
export const liveInitiativeStatuses = ["open", "ahead"] as const satisfies InitiativeStatus[];

/** Over: the collection is closed. */
export const endedInitiativeStatuses = [
  "done",
  "failed",
  "cancelled",
] as const satisfies InitiativeStatus[];

/** The initiator (the member who owns it), or Exodus itself (the scheduler, a pledge's change). */
export type InitiativeActor = "initiator" | "system";

/** What one move of an initiative does to its pledges: a system move of the pledge table per state. */
export type PledgeEnding = Partial<Record<PledgeState, PledgeAction>>;

export interface InitiativeTransition {
  by: InitiativeActor;
  /** The statuses the move starts from; none: the move makes the initiative. */
  from: readonly InitiativeStatus[];
  to: InitiativeStatus;
  /** The condition that makes Exodus take the move, in words (the server checks it). */
  when?: string;
  /** What happens to its pledges, by state: the pledge table's move each takes. */
  pledges?: PledgeEnding;
  /** The collection closes (closed_at set): no new pledges. */
  closes?: true;
}

/**
 * At failure and cancellation: intentions end (the table's `end`), obligations are released by
 * Exodus (`callOff`). Nothing is fulfilled yet: givers fulfil only after it goes ahead.
 */
const allOrNothing: PledgeEnding = { intention: "end", obligation: "callOff" };

/**
 * Once done, what is still only promised is surplus, as with an emergency reached: intentions end,
 * unfulfilled obligations are cancelled (givers thanked); what was given still waits to be confirmed.
 */
const surplus: PledgeEnding = { intention: "end", obligation: "cancel" };

/** Every change of an initiative's status. Read it as: `action` by `by` takes `from` to `to`. */
export const initiativeTransitions = {
  /** A member proposes it to their network: title, story, goal, deadline (1–90 days). */
  propose: { by: "initiator", from: [], to: "open" },
  /**
   * The initiator lowers the goal before it goes ahead (raising it is not a move). If the pledges
   * already bound reach the lower goal, it goes ahead at once (goAhead in the same transaction).
   */
  lowerGoal: { by: "initiator", from: ["open"], to: "open" },
  /** 🤝 + 👍 reached the goal: givers may now fulfil; the initiator is told. */
  goAhead: { by: "system", from: ["open"], to: "ahead", when: "obligations + confirmed ≥ goal" },
  /** 👍 reached the goal. */
  complete: {
    by: "system",
    from: ["ahead"],
    to: "done",
    when: "confirmed ≥ goal",
    pledges: surplus,
    closes: true,
  },
  /** The deadline passed before it went ahead. An initiative that went ahead has no deadline left. */
  fail: {
    by: "system",
    from: ["open"],
    to: "failed",
    when: "deadline passed and obligations + confirmed < goal",
    pledges: allOrNothing,
    closes: true,
  },
  /** The initiator calls it off before it goes ahead: the same ending as a failure. */
  cancel: { by: "initiator", from: ["open"], to: "cancelled", pledges: allOrNothing, closes: true },
} as const satisfies Record<string, InitiativeTransition>;

export type InitiativeAction = keyof typeof initiativeTransitions;
export const initiativeActions = Object.keys(initiativeTransitions) as InitiativeAction[];

export type InitiativeError = "errors.initiative.notYours" | "errors.initiative.notAllowed";

/** May `actor` make `action` on an initiative in `status`? Where it leads, or the refusal's key. */
export function applyInitiativeTransition(
  status: InitiativeStatus,
  action: InitiativeAction,
  actor: InitiativeActor,
): { ok: true; to: InitiativeStatus } | { ok: false; error: InitiativeError } {
  const t: InitiativeTransition = initiativeTransitions[action];
  if (t.by !== actor) return { ok: false, error: "errors.initiative.notYours" };
  if (!t.from.includes(status)) return { ok: false, error: "errors.initiative.notAllowed" };
  return { ok: true, to: t.to };
}

/**
 * The pledge moves members may make on an initiative's pledges in each of its statuses (the pledge
 * table decides the rest). Fulfil waits until it goes ahead; once it is over, a pledge left live
 * (a gift waiting for confirmation) follows the usual life to its end.
 */
export const initiativePledgeMoves: Record<InitiativeStatus, readonly PledgeAction[]> = {
  open: ["create", "edit", "withdraw", "commit", "release"],
  ahead: ["create", "edit", "withdraw", "commit", "fulfil", "confirm", "notReceived", "release"],
  done: ["fulfil", "confirm", "notReceived", "release"],
  failed: [],
  cancelled: [],
};

export function initiativeAllowsPledgeMove(
  status: InitiativeStatus,
  action: PledgeAction,
): boolean {
  return initiativePledgeMoves[status].includes(action);
}

/**
 * Which move Exodus makes after the books of an open or ahead initiative changed, if any: the
 * figures as aggregates.ts defines them (🤝 = obligations + fulfilled, 👍 = confirmed).
 */
export function initiativeDue(
  status: InitiativeStatus,
  figures: { goal: number; obligations: number; confirmed: number },
  deadlinePassed: boolean,
): InitiativeAction | undefined {
  const bound = figures.obligations + figures.confirmed;
  if (status === "open") {
    if (bound >= figures.goal) return "goAhead";
    if (deadlinePassed) return "fail";
  }
  if (status === "ahead" && figures.confirmed >= figures.goal) return "complete";
  return undefined;
}

/** A lower goal must still be a goal (> 0) and below the one it replaces. */
export function lowerGoalError(
  current: number,
  next: number,
): "errors.initiative.goalNotLower" | undefined {
  return next < current ? undefined : "errors.initiative.goalNotLower";
}

export const MIN_INITIATIVE_DAYS = 1;
export const MAX_INITIATIVE_DAYS = 90;
export const MAX_INITIATIVE_TITLE = 80;
export const MAX_INITIATIVE_STORY = 1000;
/** Initiatives one member has open (open or ahead) at once: enough for real life, not for spam. */
export const MAX_OPEN_INITIATIVES = 5;

/** The title names it in one line. */
export const initiativeTitleText: TextRule = {
  max: MAX_INITIATIVE_TITLE,
  errors: { empty: "errors.initiative.titleEmpty", tooLong: "errors.initiative.titleTooLong" },
};

/** The story says what the money is for: never empty (an initiative asks people to join in). */
export const initiativeStoryText: TextRule = {
  max: MAX_INITIATIVE_STORY,
  multiline: true,
  errors: { empty: "errors.initiative.storyEmpty", tooLong: "errors.initiative.storyTooLong" },
};

export function isInitiativeDays(days: number): boolean {
  return Number.isInteger(days) && days >= MIN_INITIATIVE_DAYS && days <= MAX_INITIATIVE_DAYS;
}
