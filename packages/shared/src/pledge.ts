/**
 * The life of a pledge (DOMAIN.md), as one table: who may do what, from which states, to which state.
 * The server decides with it (a member's move one at a time; Exodus's own moves in bulk, as SQL built
 * from this table); the Mini App greys buttons out with it. Nothing else decides.
 *
 *            edit/withdraw (giver)
 *   create ─► INTENTION ─commit─► OBLIGATION ─fulfil─► FULFILLED ─confirm (receiver)─► CONFIRMED
 *              └──────── fulfil at once ──────────────────┘   │
 *                         release (receiver) ◄─ OBLIGATION    └─ "not received" ─► OBLIGATION
 *
 * Initiatives and pool claims (DOMAIN.md) add a few moves of their own, each marked with the kinds
 * of collection it applies to (`kinds`): a claim's share is offered by Exodus as an obligation,
 * which its giver commits or declines; an initiative that fails or is cancelled has its
 * obligations released by Exodus. When those moves are allowed besides (an initiative's pledges
 * are fulfilled only once it goes ahead; a share only once committed) is initiative.ts's and
 * pool.ts's to say.
 */
import type { CollectionKind } from "./collection-kind.ts";

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

/**
 * What a giver's new pledge starts as, by the kind of collection it is made to. A claim takes no
 * pledge a giver makes: its shares are Exodus's (the move `share`).
 */
type ByKind = {
  readonly monthly: PledgeState;
  readonly emergency: PledgeState;
  readonly initiative: PledgeState;
};

export interface Transition {
  by: Actor;
  /** The states the move starts from; none: the move makes a new pledge. */
  from: readonly PledgeState[];
  /** Where it leads; "same": the pledge keeps its state and moves in time (⌛, the next period). */
  to: PledgeState | "same" | ByKind;
  /** The pledge goes to the overdue archive ⌛. */
  intoOverdue?: true;
  /** The pledge moves into the new period. */
  intoNewPeriod?: true;
  /** A member's move that lands in ⌛ at once when what the pledge was for is over. */
  intoOverdueWhen?: readonly OverdueOccasion[];
  /** The kinds of collection whose pledges this move applies to; every kind when absent. */
  kinds?: readonly CollectionKind[];
}

/**
 * What can be over by the time a member moves a pledge: its emergency ended, or its giver left
 * Exodus. What is still due then belongs in ⌛, as the system's moves put it there.
 */
export type OverdueOccasion = "emergencyEnded" | "giverLeft";

/** Every change of a pledge's state. Read it as: `action` by `by` takes `from` to `to`. */
export const transitions = {
  /**
   * A giver pledges: an intention to a monthly collection or an initiative, an obligation to an
   * emergency.
   */
  create: {
    by: "giver",
    from: [],
    to: { monthly: "intention", emergency: "obligation", initiative: "intention" },
    kinds: ["monthly", "emergency", "initiative"],
  },
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
  /**
   * "It did not arrive": back to an obligation — in ⌛ at once when its emergency has ended or its
   * giver has left, as the obligations the system moved there then.
   */
  notReceived: {
    by: "receiver",
    from: ["fulfilled"],
    to: "obligation",
    intoOverdueWhen: ["emergencyEnded", "giverLeft"],
  },
  /** Only the receiver can free a giver from an obligation. */
  release: { by: "receiver", from: ["obligation"], to: "released" },
  /** The monthly cycle: an intention not acted on lapses with its period. */
  lapse: { by: "system", from: ["intention"], to: "lapsed" },
  /** A monthly collection closed, or its giver left Exodus: the intention ends. */
  end: { by: "system", from: ["intention"], to: "ended" },
  /** An emergency reached its goal: unfulfilled obligations are surplus. */
  cancel: { by: "system", from: ["obligation"], to: "cancelled" },
  /**
   * Its period or emergency ended, or its giver left: still due, in the overdue archive ⌛. Each
   * occasion says which of these states it moves (an emergency's end moves obligations only).
   */
  overdue: { by: "system", from: ["obligation", "fulfilled"], to: "same", intoOverdue: true },
  /** The monthly cycle, for a giver in an emergency (frozen): still due, in the new period. */
  carry: { by: "system", from: ["obligation", "fulfilled"], to: "same", intoNewPeriod: true },
  /** The monthly cycle: what was confirmed last period is offered again as an intention. */
  renew: { by: "system", from: [], to: "intention" },
  /** Its receiver left Exodus: a live pledge to them ends. */
  leave: { by: "system", from: liveStates, to: "ended" },
  /**
   * A clearing round everyone in it agreed to (DOMAIN.md "Clearing of mutual obligations"): the
   * cleared amount of an obligation counts as given and confirmed.
   */
  clear: { by: "system", from: ["obligation"], to: "confirmed" },
  /** An obligation cleared in part: what was not cleared stays due, as an obligation of its own. */
  clearRest: { by: "system", from: [], to: "obligation" },
  /**
   * An initiative failed at its deadline or was cancelled (DOMAIN.md "Initiatives"): Exodus releases
   * its obligations (its intentions end, by `end`). The only release that is not the receiver's.
   */
  callOff: { by: "system", from: ["obligation"], to: "released", kinds: ["initiative"] },
  /** A backed claim is shared, or a declined share re-shared: each share an obligation offered. */
  share: { by: "system", from: [], to: "obligation", kinds: ["claim"] },
  /** The giver takes on their share: the obligation stands, now answered (pool.ts). */
  commitShare: { by: "giver", from: ["obligation"], to: "obligation", kinds: ["claim"] },
  /** The giver declines their share (and so leaves the pool): the offer is taken back. */
  declineShare: { by: "giver", from: ["obligation"], to: "withdrawn", kinds: ["claim"] },
} as const satisfies Record<string, Transition>;

export type PledgeAction = keyof typeof transitions;
export const pledgeActions = Object.keys(transitions) as PledgeAction[];

/**
 * The actions a member takes on a pledge that exists, whatever its collection's kind (creating one
 * is its own procedure, and so are the moves kept for some kinds: answering a share is the pool's).
 */
export type MemberPledgeAction = {
  [A in PledgeAction]: (typeof transitions)[A]["by"] extends "system"
    ? never
    : (typeof transitions)[A]["from"] extends readonly []
      ? never
      : (typeof transitions)[A] extends { kinds: readonly CollectionKind[] }
        ? never
        : A;
}[PledgeAction];

export const memberPledgeActions = pledgeActions.filter(
  (a) =>
    transitions[a].by !== "system" &&
    transitions[a].from.length > 0 &&
    (transitions[a] as Transition).kinds === undefined,
) as MemberPledgeAction[];

/** The moves Exodus makes on pledges that exist, in bulk (the monthly cycle, emergencies, leaving). */
export type SystemMove = {
  [A in PledgeAction]: (typeof transitions)[A]["by"] extends "system"
    ? (typeof transitions)[A]["from"] extends readonly []
      ? never
      : A
    : never;
}[PledgeAction];

export const systemMoves = pledgeActions.filter(
  (a) => transitions[a].by === "system" && transitions[a].from.length > 0,
) as SystemMove[];

/** The state a giver's new pledge starts in: emergencies take obligations only. */
export function createdState<K extends keyof ByKind>(kind: K): (typeof transitions.create.to)[K] {
  return transitions.create.to[kind];
}

/** The state a collection's pledges start in, whoever makes them: a claim's shares are obligations. */
export function startingState(kind: CollectionKind): "intention" | "obligation" {
  return kind === "claim" ? transitions.share.to : createdState(kind);
}

/** Whether `action` applies to pledges of a collection of `kind` (undefined: a kind-blind caller). */
export function appliesToKind(action: PledgeAction, kind: CollectionKind | undefined): boolean {
  const kinds = (transitions[action] as Transition).kinds;
  if (!kinds) return true;
  return kind !== undefined && kinds.includes(kind);
}

/**
 * Where `action` takes a pledge in `state`, or undefined when it does not apply there (nor to the
 * collection's `kind`: a move kept for some kinds needs the kind said).
 */
export function landing(
  action: PledgeAction,
  state: PledgeState,
  kind?: CollectionKind,
): PledgeState | undefined {
  const t: Transition = transitions[action];
  if (!t.from.includes(state) || !appliesToKind(action, kind)) return undefined;
  if (t.to === "same") return state;
  return typeof t.to === "string" ? t.to : undefined;
}

/**
 * Whether a member's `action` lands the pledge in ⌛ at once, given what is over. A frozen giver's
 * pledges (the giver in an emergency) stay due where they are; a leaver is never frozen.
 */
export function landsInOverdue(
  action: PledgeAction,
  over: Record<OverdueOccasion, boolean> & { giverFrozen: boolean },
): boolean {
  const t: Transition = transitions[action];
  return !over.giverFrozen && (t.intoOverdueWhen ?? []).some((occasion) => over[occasion]);
}

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

/**
 * What an audit row (pledge_event.action) records: a move of the table, or an ask or reminder. The
 * database's enum PledgeEventAction holds the same words (a test compares them).
 */
export type PledgeEventAction = PledgeAction | NudgeKind;
export const pledgeEventActions: readonly PledgeEventAction[] = [...pledgeActions, ...nudgeKinds];

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
  kind?: CollectionKind,
): TransitionResult {
  if (transitions[action].by !== actor) return { ok: false, error: "errors.pledge.notYours" };
  const to = landing(action, state, kind);
  if (!to) return { ok: false, error: "errors.pledge.notAllowed" };
  return { ok: true, to };
}

/**
 * The actions `actor` may take on a pledge in `state` (of a collection of `kind`, when the caller
 * knows it), for the buttons a screen shows.
 */
export function availableActions(
  state: PledgeState,
  actor: Actor,
  kind?: CollectionKind,
): PledgeAction[] {
  return pledgeActions.filter((a) => applyTransition(state, a, actor, kind).ok);
}

/**
 * When `actor` may send this nudge again, if they must wait for it (the last one of its kind went
 * out less than NUDGE_INTERVAL_MS before `now`); null when it is not theirs to send now or they
 * need not wait. The server answers it, by its own clock, for the screen to show.
 */
export function nudgeWaitsUntil(
  state: PledgeState,
  kind: NudgeKind,
  actor: Actor,
  lastSentAt: Date | null,
  now: Date,
): Date | null {
  const n: { by: Actor; on: readonly PledgeState[] } = nudges[kind];
  if (n.by !== actor || !n.on.includes(state) || !lastSentAt) return null;
  const next = new Date(lastSentAt.getTime() + NUDGE_INTERVAL_MS);
  return next > now ? next : null;
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
