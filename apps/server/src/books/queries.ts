import { Prisma, type PrismaClient } from "@exodus/db";
import { bindingStates, daysLeft, type PledgeState, periodDate, periodOf } from "@exodus/shared";
import { tieHoldsSql, tiesSince } from "../network/graph.ts";
import { circleSql, countsInGivingSql, figuresSql, hasNotLeftSql, stateIn } from "./predicates.ts";

/**
 * The books as people read them, computed in bulk SQL built from the definitions in
 * packages/shared/src/aggregates.ts (collectionFigures, givingFigures):
 * ❤️ = Σ intentions · 🤝 = Σ obligations + fulfilled · 👍 = Σ confirmed · 🙏 = max(goal − 🤝 − 👍, 0)
 * (predicates.ts's figuresSql), helpers = the distinct givers of the circle (circleSql). A monthly
 * collection counts its current period's pledges; an emergency all of its own; ⌛ ones count in
 * their archive.
 */
export interface Totals {
  intentions: number;
  obligations: number;
  confirmed: number;
  missing: number;
  helpers: number;
}

export interface CollectionView extends Totals {
  id: number;
  memberId: number;
  kind: "monthly" | "emergency";
  goal: number;
  paused: boolean;
  deadline: string | null;
  /** Emergencies: whole days left by the server's clock (0: it ends today). */
  daysLeft: number | null;
  closed: boolean;
}

interface TotalsRow {
  id: number;
  member_id: number;
  kind: "monthly" | "emergency";
  goal: number;
  paused: boolean;
  deadline: Date | null;
  closed_at: Date | null;
  intentions: bigint;
  obligations: bigint;
  confirmed: bigint;
  helpers: bigint;
  missing: bigint;
}

/** Totals of the given collections in the current period, one query. */
export async function collectionTotals(
  prisma: PrismaClient,
  ids: number[],
  now: Date,
  timeZone: string,
): Promise<Map<number, CollectionView>> {
  if (ids.length === 0) return new Map();
  const period = periodDate(periodOf(now, timeZone));
  const rows = await prisma.$queryRaw<TotalsRow[]>`
    WITH circle AS (${circleSql(Prisma.join(ids), period)})
    SELECT c.id, c.member_id, c.kind, c.goal, c.paused, c.deadline, c.closed_at,
      f.intentions, f.obligations, f.confirmed, f.missing,
      (SELECT COUNT(DISTINCT giver_id) FROM circle WHERE circle.collection_id = c.id)::bigint AS helpers
    FROM collection c
    CROSS JOIN LATERAL (${figuresSql("c", period)}) f
    WHERE c.id IN (${Prisma.join(ids)})`;
  return new Map(rows.map((r) => [r.id, toView(r, now, timeZone)]));
}

function toView(r: TotalsRow, now: Date, timeZone: string): CollectionView {
  const intentions = Number(r.intentions);
  const obligations = Number(r.obligations);
  const confirmed = Number(r.confirmed);
  return {
    id: r.id,
    memberId: r.member_id,
    kind: r.kind,
    goal: r.goal,
    paused: r.paused,
    deadline: r.deadline?.toISOString() ?? null,
    daysLeft: r.deadline ? daysLeft(r.deadline, now, timeZone) : null,
    closed: r.closed_at !== null,
    intentions,
    obligations,
    confirmed,
    missing: Number(r.missing),
    helpers: Number(r.helpers),
  };
}

/** A pledge as the lists show it, with the other side's name. */
export interface PledgeLine {
  id: number;
  collectionId: number;
  kind: "monthly" | "emergency";
  giverId: number;
  giverName: string;
  receiverId: number;
  receiverName: string;
  amount: number;
  state: PledgeState;
  overdue: boolean;
  period: string;
  /** When the pledge last changed state: the date an archive shows. */
  changedAt: string;
}

interface LineRow {
  id: number;
  collection_id: number;
  kind: "monthly" | "emergency";
  giver_id: number;
  giver_name: string;
  receiver_id: number;
  receiver_name: string;
  amount: number;
  state: PledgeState;
  overdue: boolean;
  period: Date;
  state_changed_at: Date;
}

export type PledgeList = "circle" | "helping" | "overdue" | "confirmedArchive";

/**
 * The pledges a member sees in one of their lists:
 * circle (👥→👤) and helping (👤→👥): the current ones, to or from them;
 * overdue (⌛): obligations and unconfirmed gifts carried past their period or emergency, either side;
 * confirmedArchive (👍): confirmed pledges of past periods and ended emergencies, either side.
 */
export async function pledgeLines(
  prisma: PrismaClient,
  memberId: number,
  list: PledgeList,
  now: Date,
  timeZone: string,
  page: { limit: number; cursor?: number | undefined },
): Promise<PledgeLine[]> {
  const period = periodDate(periodOf(now, timeZone));
  const current = countsInGivingSql("p", "c", period);
  const where = {
    circle: Prisma.sql`p.receiver_id = ${memberId} AND ${current}`,
    helping: Prisma.sql`p.giver_id = ${memberId} AND ${current}`,
    overdue: Prisma.sql`(p.giver_id = ${memberId} OR p.receiver_id = ${memberId})
      AND p.overdue AND ${stateIn(bindingStates, "p")}`,
    confirmedArchive: Prisma.sql`(p.giver_id = ${memberId} OR p.receiver_id = ${memberId})
      AND p.state = 'confirmed' AND NOT ${current}`,
  }[list];
  const rows = await prisma.$queryRaw<LineRow[]>`
    SELECT p.id, p.collection_id, c.kind, p.giver_id, g.first_name AS giver_name,
      p.receiver_id, r.first_name AS receiver_name, p.amount, p.state, p.overdue, p.period,
      p.state_changed_at
    FROM pledge p
    JOIN collection c ON c.id = p.collection_id
    JOIN member g ON g.id = p.giver_id
    JOIN member r ON r.id = p.receiver_id
    WHERE ${where} AND (${page.cursor ?? null}::int IS NULL OR p.id < ${page.cursor ?? null}::int)
    ORDER BY p.id DESC
    LIMIT ${page.limit}`;
  return rows.map((r) => ({
    id: r.id,
    collectionId: r.collection_id,
    kind: r.kind,
    giverId: r.giver_id,
    giverName: r.giver_name,
    receiverId: r.receiver_id,
    receiverName: r.receiver_name,
    amount: r.amount,
    state: r.state,
    overdue: r.overdue,
    period: r.period.toISOString().slice(0, 7),
    changedAt: r.state_changed_at.toISOString(),
  }));
}

/**
 * A member's own giving line: 👤→M 👥 (❤️ / 🤝 / 👍), shared's givingFigures: M = the members my
 * help ties bind me to as giver (live pledges, ⌛ ones too, and pledges confirmed this period; not
 * leavers), the sums over my current pledges.
 */
export interface GivingLine {
  receivers: number;
  intentions: number;
  obligations: number;
  confirmed: number;
}

export async function givingLine(
  prisma: PrismaClient,
  memberId: number,
  now: Date,
  timeZone: string,
): Promise<GivingLine> {
  const period = periodDate(periodOf(now, timeZone));
  const [row] = await prisma.$queryRaw<
    { receivers: bigint; intentions: bigint; obligations: bigint; confirmed: bigint }[]
  >`
    SELECT (SELECT COUNT(*) FROM help_tie t JOIN member r ON r.id = t.receiver_id
             WHERE t.giver_id = ${memberId} AND ${hasNotLeftSql("r")}
               AND ${tieHoldsSql("t", tiesSince(now, timeZone))})::bigint AS receivers,
      COALESCE(SUM(p.amount) FILTER (WHERE p.state = 'intention'), 0)::bigint AS intentions,
      COALESCE(SUM(p.amount) FILTER (WHERE ${stateIn(bindingStates, "p")}), 0)::bigint AS obligations,
      COALESCE(SUM(p.amount) FILTER (WHERE p.state = 'confirmed'), 0)::bigint AS confirmed
    FROM pledge p JOIN collection c ON c.id = p.collection_id
    WHERE p.giver_id = ${memberId} AND ${countsInGivingSql("p", "c", period)}`;
  return {
    receivers: Number(row?.receivers ?? 0),
    intentions: Number(row?.intentions ?? 0),
    obligations: Number(row?.obligations ?? 0),
    confirmed: Number(row?.confirmed ?? 0),
  };
}
