/**
 * The life of a pledge (DOMAIN.md), as one table: who may do what, from which states, to which state.
 * The server decides with it; the Mini App greys buttons out with it. Nothing else decides.
 *
 *            edit/withdraw (giver)
 *   create ─► INTENTION ─commit─► OBLIGATION ─fulfil─► FULFILLED ─confirm (receiver)─► CONFIRMED
 *              └──────── fulfil at once ──────────────────┘   │
 *                         release (receiver) ◄─ OBLIGATION    └─ "not received" ─► OBLIGATION
 */

export const pledgeStates = [
  "intention",
  "obligation",
  "fulfilled",
  "confirmed",
  "released",
  "withdrawn",
  "lapsed",
  "cancelled",
  "ended",
] as const;
export type PledgeState = (typeof pledgeStates)[number];

/** Live pledges count towards a circle: promised or given, not yet settled. */
export const liveStates = ["intention", "obligation", "fulfilled"] as const satisfies PledgeState[];

export function isLive(state: PledgeState): boolean {
  return (liveStates as readonly PledgeState[]).includes(state);
}

/** Who acts: the pledge's giver, its receiver, or Exodus itself (the monthly cycle, emergencies). */
export type Actor = "giver" | "receiver" | "system";

interface Transition {
  by: Actor;
  from: readonly PledgeState[];
  to: PledgeState;
}

/** Every change of a pledge's state. Read it as: `action` by `by` takes `from` to `to`. */
export const transitions = {
  /** Change the amount of an intention. */
  edit: { by: "giver", from: ["intention"], to: "intention" },
  /** Take an intention back. */
  withdraw: { by: "giver", from: ["intention"], to: "withdrawn" },
  /** Bind oneself: an intention becomes an obligation. */
  commit: { by: "giver", from: ["intention"], to: "obligation" },
  /** "I gave it": straight from an intention, or from an obligation (overdue ones too). */
  fulfil: { by: "giver", from: ["intention", "obligation"], to: "fulfilled" },
  /** "It arrived." */
  confirm: { by: "receiver", from: ["fulfilled"], to: "confirmed" },
  /** "It did not arrive": back to an obligation. */
  notReceived: { by: "receiver", from: ["fulfilled"], to: "obligation" },
  /** Only the receiver can free a giver from an obligation. */
  release: { by: "receiver", from: ["obligation"], to: "released" },
  /** The monthly cycle: an intention not acted on lapses with its period. */
  lapse: { by: "system", from: ["intention"], to: "lapsed" },
  /** A monthly collection closed: its intentions end. */
  end: { by: "system", from: ["intention"], to: "ended" },
  /** An emergency reached its goal: unfulfilled obligations are surplus. */
  cancel: { by: "system", from: ["obligation"], to: "cancelled" },
} as const satisfies Record<string, Transition>;

export type PledgeAction = keyof typeof transitions;
/** The actions a member can take (the rest are the system's). */
export type MemberPledgeAction = {
  [A in PledgeAction]: (typeof transitions)[A]["by"] extends "system" ? never : A;
}[PledgeAction];

export const memberPledgeActions = (Object.keys(transitions) as PledgeAction[]).filter(
  (a) => transitions[a].by !== "system",
) as MemberPledgeAction[];

/** Asking and reminding change nothing but send a message; each at most once per pledge per 24 h. */
export const nudges = {
  /** The receiver asks the giver to turn an intention into an obligation. */
  askCommit: { by: "receiver", on: ["intention"] },
  /** The receiver asks the giver to give what they bound themselves to (with payment details). */
  askFulfil: { by: "receiver", on: ["obligation"] },
  /** The giver reminds the receiver to confirm what was given. */
  remindConfirm: { by: "giver", on: ["fulfilled"] },
} as const satisfies Record<string, { by: Actor; on: readonly PledgeState[] }>;

export type NudgeKind = keyof typeof nudges;
export const nudgeKinds = Object.keys(nudges) as NudgeKind[];
export const NUDGE_INTERVAL_MS = 24 * 60 * 60 * 1000;

export type PledgeError =
  | "errors.pledge.notYours"
  | "errors.pledge.notAllowed"
  | "errors.pledge.frozen"
  | "errors.pledge.tooSoon";

export type TransitionResult = { ok: true; to: PledgeState } | { ok: false; error: PledgeError };

/**
 * Decides one change: may `actor` do `action` to a pledge in `state`? The same call answers the
 * server (before it writes) and the Mini App (before it shows a button).
 */
export function applyTransition(
  state: PledgeState,
  action: PledgeAction,
  actor: Actor,
): TransitionResult {
  const t: Transition = transitions[action];
  if (t.by !== actor) return { ok: false, error: "errors.pledge.notYours" };
  if (!t.from.includes(state)) return { ok: false, error: "errors.pledge.notAllowed" };
  return { ok: true, to: t.to };
}

/** The actions `actor` may take on a pledge in `state`, for the buttons a screen shows. */
export function availableActions(state: PledgeState, actor: Actor): PledgeAction[] {
  return (Object.keys(transitions) as PledgeAction[]).filter(
    (a) => applyTransition(state, a, actor).ok,
  );
}

/** May `actor` send this nudge now, given when the last one of its kind went out? */
export function canNudge(
  state: PledgeState,
  kind: NudgeKind,
  actor: Actor,
  lastSentAt: Date | null,
  now: Date,
): { ok: true } | { ok: false; error: PledgeError } {
  const n: { by: Actor; on: readonly PledgeState[] } = nudges[kind];
  if (n.by !== actor) return { ok: false, error: "errors.pledge.notYours" };
  if (!n.on.includes(state)) return { ok: false, error: "errors.pledge.notAllowed" };
  if (lastSentAt && now.getTime() - lastSentAt.getTime() < NUDGE_INTERVAL_MS) {
    return { ok: false, error: "errors.pledge.tooSoon" };
  }
  return { ok: true };
}
