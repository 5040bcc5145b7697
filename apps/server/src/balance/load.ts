import type { PrismaClient } from "@exodus/db";
import { periodDate, periodOf } from "@exodus/shared";
import { figuresSql, isNeedKindSql } from "../books/predicates.ts";
import { tiesSince } from "../network/graph.ts";
import type { BalanceCollection, BalanceGiver, BalanceInstance, BalancePair } from "./model.ts";

/** A collection as the plans describe it: its receiver and its figures now. */
export interface LoadedCollection {
  receiverId: number;
  kind: "monthly" | "emergency";
  goal: number;
  deadline: Date | null;
  /** ❤️, 🤝 (obligations and fulfilled) and 👍 of the collection now, every giver's. */
  intentions: number;
  obligations: number;
  confirmed: number;
}

export interface LoadedGiver {
  budget: number | null;
  /** What the giver committed, gave or had confirmed this period (and intends where no plan reaches). */
  committed: number;
}

export interface LoadedInstance {
  instance: BalanceInstance;
  /** The period the plans are for (its first day). */
  period: Date;
  collections: Map<number, LoadedCollection>;
  givers: Map<number, LoadedGiver>;
}

type Db = Pick<PrismaClient, "$queryRaw">;

/**
 * The whole network's balancing instance, read from the books in four set-based queries
 * (DOMAIN.md "Balancing"; OPTIMIZATION.md):
 * - collections: open and advertised (not paused), monthly or emergency (initiatives and claims
 *   stand outside balancing), of a member who is in need and has not left;
 *   N(k) = goal − 🤝 − 👍, less the intentions no plan can move, never below 0;
 * - givers: members who have not left and are not in an emergency themselves (their pledges are
 *   frozen), with a budget or an intention of this period to one of those collections;
 *   U(g) = max(Σ intentions, budget − committed) with a budget, Σ intentions without;
 * - allowed pairs: a collection of a member within two ties of the giver, or of the target of an
 *   invite link the giver opened; never the giver's own; never one the giver already has a binding
 *   pledge to (one live pledge per giver and collection), with the giver's intention to it. A pair
 *   to a collection that lacks nothing (N = 0) is left out unless the giver intends to it: adding
 *   there covers nothing and only moves money, so no optimum uses it — and in a network where most
 *   needs are met, most pairs are such (millions at 100,000 members).
 */
export async function loadInstance(db: Db, now: Date, timeZone: string): Promise<LoadedInstance> {
  const period = periodDate(periodOf(now, timeZone));
  const since = tiesSince(now, timeZone);

  const collectionRows = await db.$queryRaw<
    {
      id: number;
      member_id: number;
      kind: "monthly" | "emergency";
      goal: number;
      deadline: Date | null;
      intentions: bigint;
      obligations: bigint;
      confirmed: bigint;
    }[]
  >`
    SELECT c.id, c.member_id, c.kind::text AS kind, c.goal, c.deadline,
           f.intentions, f.obligations, f.confirmed
    FROM collection c
    JOIN member m ON m.id = c.member_id AND m.deleted_at IS NULL AND m.status <> 'green'
    CROSS JOIN LATERAL (${figuresSql("c", period)}) f
    WHERE c.closed_at IS NULL AND NOT c.paused AND ${isNeedKindSql("c")}
    ORDER BY c.id`;

  // The givers, with their budget, their intentions of the period to open collections and what
  // they committed (gave, had confirmed) this period.
  const giverRows = await db.$queryRaw<{ id: number; budget: number | null; committed: bigint }[]>`
    WITH intending AS (
      SELECT DISTINCT p.giver_id AS id FROM pledge p
      JOIN collection c ON c.id = p.collection_id AND c.closed_at IS NULL AND NOT c.paused
        AND ${isNeedKindSql("c")}
      WHERE p.state = 'intention' AND NOT p.overdue AND p.period = ${period}::date
    ),
    candidates AS (
      SELECT id FROM member WHERE budget IS NOT NULL AND deleted_at IS NULL
      UNION SELECT id FROM intending
    )
    SELECT m.id, m.budget,
      (SELECT COALESCE(SUM(p.amount), 0) FROM pledge p
        JOIN collection c ON c.id = p.collection_id
        WHERE p.giver_id = m.id AND p.period = ${period}::date AND NOT p.overdue
          AND (p.state IN ('obligation', 'fulfilled', 'confirmed')
               OR (p.state = 'intention' AND (c.closed_at IS NOT NULL OR c.paused)))
      )::bigint AS committed
    FROM member m
    WHERE m.id IN (SELECT id FROM candidates) AND m.deleted_at IS NULL AND m.status <> 'red'
    ORDER BY m.id`;

  const collections = new Map<number, LoadedCollection>();
  for (const r of collectionRows) {
    collections.set(r.id, {
      receiverId: r.member_id,
      kind: r.kind,
      goal: r.goal,
      deadline: r.deadline,
      intentions: Number(r.intentions),
      obligations: Number(r.obligations),
      confirmed: Number(r.confirmed),
    });
  }
  const giverIds = giverRows.map((g) => g.id);

  // Allowed pairs, by giver: two hops of ties now (tieNowSql: a referral, a live pledge either way,
  // a confirmation this period) landing on a member with an open collection, and opened invites.
  const pairRows = await db.$queryRaw<
    { giver_id: number; collection_ids: number[]; intentions: number[] }[]
  >`
    WITH g AS (SELECT unnest(${giverIds}::int[]) AS id),
    -- Open collections; "lacking" if the plans may still cover some of it (goal above 🤝 + 👍 and
    -- the intentions of givers who take no part): only those are offered to givers who do not
    -- already intend to them — adding to a collection that lacks nothing helps no level.
    needy AS (
      SELECT c.id, c.member_id,
        c.goal > f.obligations + f.confirmed + COALESCE((
          SELECT SUM(p.amount) FROM pledge p JOIN member fg ON fg.id = p.giver_id
          WHERE p.collection_id = c.id AND p.state = 'intention' AND NOT p.overdue
            AND p.period = ${period}::date AND fg.status = 'red'), 0) AS lacking
      FROM collection c
      JOIN member m ON m.id = c.member_id AND m.deleted_at IS NULL AND m.status <> 'green'
      CROSS JOIN LATERAL (${figuresSql("c", period)}) f
      WHERE c.closed_at IS NULL AND NOT c.paused AND ${isNeedKindSql("c")}
    ),
    lacking AS (SELECT member_id FROM needy WHERE lacking),
    n1 AS (
      SELECT t.member_id AS giver_id, t.other_id AS id FROM tie t
      WHERE t.member_id IN (SELECT id FROM g)
        AND (t.referral > 0 OR t.live > 0 OR t.confirmed_at >= ${since})
    ),
    reach AS (
      SELECT giver_id, id FROM n1 WHERE id IN (SELECT member_id FROM lacking)
      UNION
      SELECT n1.giver_id, t.other_id FROM n1
      JOIN tie t ON t.member_id = n1.id AND (t.referral > 0 OR t.live > 0 OR t.confirmed_at >= ${since})
      WHERE t.other_id IN (SELECT member_id FROM lacking)
      UNION
      SELECT o.member_id, i.target_id FROM invite_open o JOIN invite i ON i.id = o.invite_id
      WHERE o.member_id IN (SELECT id FROM g) AND i.target_id IN (SELECT member_id FROM lacking)
    ),
    pairs AS (
      SELECT r.giver_id, n.id AS collection_id FROM reach r
      JOIN needy n ON n.member_id = r.id AND n.lacking
      WHERE r.id <> r.giver_id
        AND NOT EXISTS (
          SELECT 1 FROM pledge p
          WHERE p.giver_id = r.giver_id AND p.collection_id = n.id AND NOT p.overdue
            AND p.state IN ('obligation', 'fulfilled')
        )
      UNION
      -- A giver's intentions stay pairs whatever the collection lacks (keep, lower or withdraw).
      SELECT p.giver_id, p.collection_id FROM pledge p JOIN needy n ON n.id = p.collection_id
      WHERE p.giver_id IN (SELECT id FROM g) AND p.state = 'intention' AND NOT p.overdue
        AND p.period = ${period}::date
    )
    SELECT pairs.giver_id,
      array_agg(pairs.collection_id ORDER BY pairs.collection_id) AS collection_ids,
      array_agg(COALESCE(i.amount, 0) ORDER BY pairs.collection_id) AS intentions
    FROM pairs
    LEFT JOIN pledge i ON i.giver_id = pairs.giver_id AND i.collection_id = pairs.collection_id
      AND i.state = 'intention' AND NOT i.overdue AND i.period = ${period}::date
    GROUP BY pairs.giver_id
    ORDER BY pairs.giver_id`;

  const pairs: BalancePair[] = [];
  const intended = new Map<number, number>();
  const intentionsOf = new Map<number, number>();
  for (const row of pairRows) {
    row.collection_ids.forEach((collectionId, j) => {
      const intention = row.intentions[j] ?? 0;
      pairs.push({ giverId: row.giver_id, collectionId, intention });
      if (intention > 0) {
        intended.set(collectionId, (intended.get(collectionId) ?? 0) + intention);
        intentionsOf.set(row.giver_id, (intentionsOf.get(row.giver_id) ?? 0) + intention);
      }
    });
  }

  const givers: BalanceGiver[] = [];
  const giverInfo = new Map<number, LoadedGiver>();
  for (const r of giverRows) {
    const committed = Number(r.committed);
    const intentions = intentionsOf.get(r.id) ?? 0;
    const use = Math.max(intentions, r.budget === null ? 0 : r.budget - committed);
    giverInfo.set(r.id, { budget: r.budget, committed });
    givers.push({ id: r.id, use });
  }
  // A giver with nothing to use and no pairs takes no part (their pairs, if any, stay: x = 0).
  const balanceCollections: BalanceCollection[] = collectionRows.map((r) => {
    const c = collections.get(r.id) as LoadedCollection;
    // Intentions no plan moves (a frozen giver's) stay where they are and count as cover.
    const fixed = c.intentions - (intended.get(r.id) ?? 0);
    return {
      id: r.id,
      kind: c.kind,
      goal: c.goal,
      need: Math.max(c.goal - c.obligations - c.confirmed - Math.max(fixed, 0), 0),
      deadline: c.deadline ? c.deadline.getTime() : null,
    };
  });

  return {
    instance: { givers, collections: balanceCollections, pairs },
    period,
    collections,
    givers: giverInfo,
  };
}
