import { Prisma, type PrismaClient } from "@exodus/db";
import { needKinds, type PledgeState, periodDate, periodOf } from "@exodus/shared";
import { circleSql, isLiveSql, openCollectionsOf } from "../books/predicates.ts";
import { type CollectionView, collectionTotals } from "../books/queries.ts";
import { tieHoldsSql, tiesOf, tiesSince } from "./graph.ts";
import { nameOf } from "./names.ts";

export interface CircleHelper {
  id: number;
  firstName: string;
  /** The name they go by in Exodus (chosen, else Telegram's first and last name). */
  name: string;
  /** Shown only to the receiver and to the circle's own givers: all this giver's pledges in the
   * circle, summed (a gift confirmed and a new intention of the same month are one helper). */
  amount: number | null;
  /** Shown only to insiders: the state of this giver's latest pledge in the circle. */
  state: PledgeState | null;
}

/**
 * A member's circle of support (👥→👤) as a viewer may see it: the open collections' totals and
 * who helps, one row per giver, as the count counts them (predicates.ts's circleSql: a gift that
 * arrived this period stays in the circle, a member who left is in none). Each giver's amount is
 * visible to the receiver and to the other givers of that circle; everyone else in the network
 * sees only the totals and the list of helpers.
 */
export async function circleOf(
  prisma: PrismaClient,
  viewerId: number,
  memberId: number,
  now: Date,
  timeZone: string,
): Promise<{ collections: CollectionView[]; helpers: CircleHelper[] }> {
  const open = await prisma.collection.findMany({
    // Needs only: initiatives are their network's to see on their own page (initiative.get).
    where: { memberId, closedAt: null, kind: { in: [...needKinds] } },
    select: { id: true },
  });
  const totals = await collectionTotals(
    prisma,
    open.map((c) => c.id),
    now,
    timeZone,
  );
  const period = periodDate(periodOf(now, timeZone));
  const givers = await prisma.$queryRaw<
    {
      id: number;
      first_name: string;
      last_name: string | null;
      display_name: string | null;
      amount: bigint;
      state: PledgeState;
    }[]
  >`
    SELECT g.id, g.first_name, g.last_name, g.display_name, SUM(circle.amount)::bigint AS amount,
      (array_agg(circle.state ORDER BY circle.pledge_id DESC))[1] AS state
    FROM (${circleSql(openCollectionsOf(memberId), period)}) circle
    JOIN member g ON g.id = circle.giver_id
    GROUP BY g.id
    ORDER BY MIN(circle.pledge_id)`;
  const insider = viewerId === memberId || givers.some((g) => g.id === viewerId);
  return {
    collections: [...totals.values()],
    helpers: givers.map((g) => ({
      id: g.id,
      firstName: g.first_name,
      name: nameOf({ firstName: g.first_name, lastName: g.last_name, displayName: g.display_name }),
      amount: insider ? Number(g.amount) : null,
      state: insider ? g.state : null,
    })),
  };
}

/** The network as a picture: nodes (with status and need) and the ties between them, bounded. */
export interface GraphEdge {
  kind: "referral" | "help";
  /** referral: inviter → invitee; help: giver → receiver. */
  from: number;
  to: number;
  /** help only: the most binding state among the live pledges between the two, or confirmed
   * (👍) when a gift confirmed this period is all that ties them. */
  state: PledgeState | null;
}

/**
 * The ties among `nodeIds` (members who have not left; the lists never show leavers): the pairs
 * from the tie table, then each pair's kinds from where they live — referral from member (who
 * invited whom), help from help_tie (who gives to whom, and how far the pledges have come).
 */
export async function graphEdges(
  prisma: PrismaClient,
  nodeIds: number[],
  now: Date,
  timeZone: string,
): Promise<GraphEdge[]> {
  if (nodeIds.length === 0) return [];
  const since = tiesSince(now, timeZone);
  const rows = await prisma.$queryRaw<
    { kind: "referral" | "help"; from_id: number; to_id: number; state: PledgeState | null }[]
  >`
    -- The pairs among the nodes that tie now, from the walks' indexes alone (each node's ties,
    -- kept if the other is a node too: thousands of entries), then the few found from the table.
    WITH found AS MATERIALIZED (
      SELECT w.member_id AS a, w.other_id AS b
      FROM (${tiesOf(Prisma.sql`SELECT unnest(${nodeIds}::int[])`, since)}) w
      WHERE w.other_id = ANY(${nodeIds}::int[]) AND w.member_id < w.other_id
    ), pair AS (
      SELECT t.member_id AS a, t.other_id AS b, t.referral, t.help
      FROM found f JOIN tie t ON t.member_id = f.a AND t.other_id = f.b
    ), way AS (
      SELECT a AS x, b AS y, referral, help FROM pair UNION ALL SELECT b, a, referral, help FROM pair
    )
    SELECT 'referral' AS kind, w.y AS from_id, w.x AS to_id, NULL::"PledgeState" AS state
    FROM way w JOIN member m ON m.id = w.x AND m.invited_by_id = w.y
    WHERE w.referral > 0
    UNION ALL
    SELECT 'help', h.giver_id, h.receiver_id,
      CASE WHEN h.live = 0 THEN 'confirmed'::"PledgeState" ELSE (
        SELECT p.state FROM pledge p
        WHERE p.giver_id = h.giver_id AND p.receiver_id = h.receiver_id AND ${isLiveSql("p")}
        ORDER BY array_position(ARRAY['fulfilled', 'obligation', 'intention']::"PledgeState"[], p.state)
        LIMIT 1) END
    FROM way w JOIN help_tie h ON h.giver_id = w.x AND h.receiver_id = w.y
    WHERE w.help > 0 AND ${tieHoldsSql("h", since)}
    ORDER BY 1, 2, 3`;
  return rows.map((r) => ({ kind: r.kind, from: r.from_id, to: r.to_id, state: r.state }));
}
