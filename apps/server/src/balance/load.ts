/**
 * STAND-IN until the lead's load.ts lands on main (PLAN-API.md): the agreed signature, written
 * plainly (a walk per giver) so that plans.ts and its tests run. On merge, take main's version.
 */
import type { PrismaClient } from "@exodus/db";
import { periodDate, periodOf } from "@exodus/shared";
import { networkOf } from "../network/graph.ts";
import type { BalanceCollection, BalanceInstance, BalancePair } from "./model.ts";

export interface LoadedCollection {
  receiverId: number;
  kind: "monthly" | "emergency";
  goal: number;
  deadline: Date | null;
  intentions: number;
  obligations: number;
  confirmed: number;
}

export interface LoadedInstance {
  instance: BalanceInstance;
  period: Date;
  collections: Map<number, LoadedCollection>;
  givers: Map<number, { budget: number | null; committed: number }>;
}

export async function loadInstance(
  db: PrismaClient,
  now: Date,
  timeZone: string,
): Promise<LoadedInstance> {
  const period = periodDate(periodOf(now, timeZone));
  const open = await db.$queryRaw<
    {
      id: number;
      member_id: number;
      kind: "monthly" | "emergency";
      goal: number;
      deadline: Date | null;
      intentions: number;
      obligations: number;
      confirmed: number;
    }[]
  >`
    SELECT c.id, c.member_id, c.kind::text AS kind, c.goal, c.deadline,
      COALESCE(SUM(t.intentions), 0)::int AS intentions,
      COALESCE(SUM(t.obligations), 0)::int AS obligations,
      COALESCE(SUM(t.confirmed), 0)::int AS confirmed
    FROM collection c
    JOIN member m ON m.id = c.member_id AND m.deleted_at IS NULL AND m.status <> 'green'
    LEFT JOIN collection_tally t ON t.collection_id = c.id
      AND (c.kind = 'emergency' OR t.period = ${period})
    WHERE c.closed_at IS NULL AND NOT c.paused
    GROUP BY c.id`;
  const collections = new Map<number, LoadedCollection>(
    open.map((c) => [
      c.id,
      {
        receiverId: c.member_id,
        kind: c.kind,
        goal: c.goal,
        deadline: c.deadline,
        intentions: c.intentions,
        obligations: c.obligations,
        confirmed: c.confirmed,
      },
    ]),
  );

  const giverRows = await db.$queryRaw<{ id: number; budget: number | null; committed: number }[]>`
    SELECT m.id, m.budget, COALESCE((
      SELECT SUM(p.amount) FROM pledge p
      WHERE p.giver_id = m.id AND p.period = ${period}
        AND p.state IN ('obligation', 'fulfilled', 'confirmed')
    ), 0)::int AS committed
    FROM member m
    WHERE m.deleted_at IS NULL AND m.status <> 'red'
      AND (m.budget IS NOT NULL OR EXISTS (
        SELECT 1 FROM pledge p WHERE p.giver_id = m.id AND p.period = ${period}
          AND p.state = 'intention' AND NOT p.overdue))`;
  const intentions = await db.$queryRaw<
    { giver_id: number; collection_id: number; amount: number }[]
  >`
    SELECT giver_id, collection_id, amount FROM pledge
    WHERE period = ${period} AND state = 'intention' AND NOT overdue`;
  const byGiver = new Map<number, Map<number, number>>();
  for (const i of intentions) {
    const own = byGiver.get(i.giver_id) ?? new Map<number, number>();
    own.set(i.collection_id, i.amount);
    byGiver.set(i.giver_id, own);
  }

  const givers = new Map<number, { budget: number | null; committed: number }>();
  const pairs: BalancePair[] = [];
  const instanceGivers: BalanceInstance["givers"] = [];
  for (const g of giverRows.sort((a, b) => a.id - b.id)) {
    const network = await networkOf(db, g.id, now, timeZone);
    const targets = await db.$queryRaw<{ id: number }[]>`
      SELECT i.target_id AS id FROM invite_open o JOIN invite i ON i.id = o.invite_id
      WHERE o.member_id = ${g.id}`;
    const reach = new Set([...network.keys(), ...targets.map((t) => t.id)]);
    const own = byGiver.get(g.id) ?? new Map<number, number>();
    let current = 0;
    for (const [id, c] of [...collections].sort((a, b) => a[0] - b[0])) {
      if (c.receiverId === g.id || !reach.has(c.receiverId)) continue;
      const intention = c.kind === "monthly" ? (own.get(id) ?? 0) : 0;
      current += intention;
      pairs.push({ giverId: g.id, collectionId: id, intention });
    }
    const use = g.budget === null ? current : Math.max(current, g.budget - g.committed);
    givers.set(g.id, { budget: g.budget, committed: g.committed });
    instanceGivers.push({ id: g.id, use });
  }

  const instanceCollections: BalanceCollection[] = [...collections].map(([id, c]) => ({
    id,
    kind: c.kind,
    goal: c.goal,
    need: Math.max(c.goal - c.obligations - c.confirmed, 0),
    deadline: c.deadline?.getTime() ?? null,
  }));
  return {
    instance: { givers: instanceGivers, collections: instanceCollections, pairs },
    period,
    collections,
    givers,
  };
}
