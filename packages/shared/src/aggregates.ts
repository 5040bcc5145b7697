/**
 * What lists, pages, messages and the picture count (DOMAIN.md, "Aggregates" and "Network and
 * privacy"), defined once. The server's bulk SQL is built from the same lists and predicates
 * (apps/server/src/books/predicates.ts); the test model of the books calls these functions.
 * Help that arrives never makes a count go down: a confirmed gift keeps its giver in the circle,
 * in the giving line and in the help tie until the period ends.
 */

import type { CollectionKind } from "./collection-kind.ts";
import { dayOf } from "./period.ts";
import { liveStates, type PledgeState } from "./pledge.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** 🤝: bound by an obligation, or given and waiting for the receiver's confirmation. */
export const bindingStates = ["obligation", "fulfilled"] as const satisfies PledgeState[];

/** What covers a goal against 🙏: 🤝 and 👍. */
export const coveringStates = [...bindingStates, "confirmed"] as const satisfies PledgeState[];

/** Promised and not yet given: what the reminders before a period's end speak of. */
export const promisedStates = ["intention", "obligation"] as const satisfies PledgeState[];

/** Given, as its giver says (fulfilled) or its receiver confirmed: what an emergency's thanks are for. */
export const givenStates = ["fulfilled", "confirmed"] as const satisfies PledgeState[];

/** The states that put a giver in a circle: promised, given, or arrived. */
export const helpingStates = [...liveStates, "confirmed"] as const satisfies PledgeState[];

/**
 * The kinds the monthly cycle, balancing, clearing and the rings of reach work on. Initiatives and
 * claims stand outside them all (DOMAIN.md "Initiatives", "Pools of mutual intentions").
 */
export const needKinds = ["monthly", "emergency"] as const satisfies CollectionKind[];
export type NeedKind = (typeof needKinds)[number];

export function isNeedKind(kind: CollectionKind): kind is NeedKind {
  return (needKinds as readonly CollectionKind[]).includes(kind);
}

/** A pledge as the figures read it. `period` is "YYYY-MM"; `confirmedAt` is epoch ms. */
export interface CountedPledge {
  giverId: number;
  receiverId: number;
  state: PledgeState;
  period: string;
  overdue: boolean;
  amount: number;
  /** When it was confirmed (state confirmed only). */
  confirmedAt?: number | null;
  /** The giver left Exodus: their amounts stay in the figures, they are no circle's helper. */
  giverLeft?: boolean;
  /** The receiver left Exodus: no giving line counts them among its M. */
  receiverLeft?: boolean;
}

/**
 * Whether a pledge counts in its collection's figures now: a monthly collection counts the pledges
 * of the current period, any other kind (an emergency, an initiative, a claim: each spans periods)
 * all of its own; a ⌛ pledge counts in its own period's archive, never in the current figures.
 */
export function countsNow(kind: CollectionKind, pledge: CountedPledge, period: string): boolean {
  return !pledge.overdue && (kind !== "monthly" || pledge.period === period);
}

/**
 * Whether a pledge puts its giver in its collection's circle now: counted now, live or confirmed,
 * and given by someone who has not left (a leaver is counted among no circle's people).
 */
export function inCircle(kind: CollectionKind, pledge: CountedPledge, period: string): boolean {
  return (
    countsNow(kind, pledge, period) &&
    (helpingStates as readonly PledgeState[]).includes(pledge.state) &&
    !pledge.giverLeft
  );
}

/** 🙏: goal − 🤝 − 👍, never below 0. */
export function missingOf(goal: number, obligations: number, confirmed: number): number {
  return Math.max(goal - obligations - confirmed, 0);
}

/** What nobody has even intended yet: goal − ❤️ − 🤝 − 👍, never below 0. */
export function uncoveredOf(
  goal: number,
  intentions: number,
  obligations: number,
  confirmed: number,
): number {
  return Math.max(goal - intentions - obligations - confirmed, 0);
}

export interface CollectionTotals {
  /** ❤️ Σ intentions. */
  intentions: number;
  /** 🤝 Σ obligations and fulfilled. */
  obligations: number;
  /** 👍 Σ confirmed. */
  confirmed: number;
  /** 🙏 */
  missing: number;
  /** Distinct givers who have not left of a counted pledge that is live or confirmed (the circle,
   * 👥→👤). */
  helpers: number;
}

/** The sums of ❤️ / 🤝 / 👍 over some pledges. */
function sums(pledges: readonly CountedPledge[]) {
  let intentions = 0;
  let obligations = 0;
  let confirmed = 0;
  for (const p of pledges) {
    if (p.state === "intention") intentions += p.amount;
    else if (p.state === "obligation" || p.state === "fulfilled") obligations += p.amount;
    else if (p.state === "confirmed") confirmed += p.amount;
  }
  return { intentions, obligations, confirmed };
}

/** A collection's figures in `period`, from all of its pledges. */
export function collectionFigures(
  collection: { kind: CollectionKind; goal: number },
  pledges: readonly CountedPledge[],
  period: string,
): CollectionTotals {
  const counted = pledges.filter((p) => countsNow(collection.kind, p, period));
  const { intentions, obligations, confirmed } = sums(counted);
  const helping = pledges.filter((p) => inCircle(collection.kind, p, period));
  return {
    intentions,
    obligations,
    confirmed,
    missing: missingOf(collection.goal, obligations, confirmed),
    helpers: new Set(helping.map((p) => p.giverId)).size,
  };
}

/**
 * Whether a pledge ties its giver and receiver now: while it is live (⌛ ones too), or once
 * confirmed during the current period, which begins at `periodStart` (epoch ms). An overdue gift
 * confirmed late keeps the tie for the rest of the period in which it was confirmed.
 */
export function tiesNow(pledge: CountedPledge, periodStart: number): boolean {
  if ((liveStates as readonly PledgeState[]).includes(pledge.state)) return true;
  return pledge.state === "confirmed" && (pledge.confirmedAt ?? -1) >= periodStart;
}

/** A member's own giving line: `👤→M 👥 (❤️ / 🤝 / 👍)`. */
export interface GivingFigures {
  /** M: the members my help ties me to as giver (my live pledges' and this period's confirmed),
   * who have not left. */
  receivers: number;
  intentions: number;
  obligations: number;
  confirmed: number;
}

/**
 * Whether one of my pledges counts in my giving line's sums: not ⌛, and live, or confirmed to a
 * monthly collection this period or to an emergency still open.
 */
export function countsInGiving(
  collection: { kind: CollectionKind; closed: boolean },
  pledge: CountedPledge,
  period: string,
): boolean {
  if (pledge.overdue) return false;
  if ((liveStates as readonly PledgeState[]).includes(pledge.state)) return true;
  if (pledge.state !== "confirmed") return false;
  return collection.kind === "monthly" ? pledge.period === period : !collection.closed;
}

/** One giver's giving line from all of their pledges (with each pledge's collection). */
export function givingFigures(
  pledges: readonly {
    pledge: CountedPledge;
    collection: { kind: CollectionKind; closed: boolean };
  }[],
  period: string,
  periodStart: number,
): GivingFigures {
  const counted = pledges.filter((x) => countsInGiving(x.collection, x.pledge, period));
  const tied = pledges.filter((x) => tiesNow(x.pledge, periodStart) && !x.pledge.receiverLeft);
  return {
    receivers: new Set(tied.map((x) => x.pledge.receiverId)).size,
    ...sums(counted.map((x) => x.pledge)),
  };
}

/**
 * Whole days left before something ends (an emergency's deadline, a period's end), counted by the
 * network's calendar and the server's clock (never the device's): the days between today and the
 * day of its last open moment. 0 means it ends today (and stays 0 once it has ended); 1, tomorrow.
 */
export function daysLeft(end: Date | string, now: Date, timeZone: string): number {
  const lastDay = dayOf(new Date(new Date(end).getTime() - 1), timeZone);
  const today = dayOf(now, timeZone);
  return Math.max(0, Math.round((Date.parse(lastDay) - Date.parse(today)) / DAY_MS));
}
