import type { PrismaClient } from "@exodus/db";
import { type PledgeState, periodDate, periodOf } from "@exodus/shared";
import { type CollectionView, collectionTotals } from "../books/queries.ts";
import { nameOf } from "./names.ts";

export interface CircleHelper {
  id: number;
  firstName: string;
  /** The name they go by in Exodus (chosen, else Telegram's first and last name). */
  name: string;
  /** Shown only to the receiver and to the circle's own givers. */
  amount: number | null;
  state: PledgeState | null;
}

/**
 * A member's circle of support (👥→👤) as a viewer may see it: the open collections' totals and
 * who helps. Each giver's amount is visible to the receiver and to the other givers of that circle;
 * everyone else in the network sees only the totals and the list of helpers.
 */
export async function circleOf(
  prisma: PrismaClient,
  viewerId: number,
  memberId: number,
  now: Date,
  timeZone: string,
): Promise<{ collections: CollectionView[]; helpers: CircleHelper[] }> {
  const period = periodDate(periodOf(now, timeZone));
  const open = await prisma.collection.findMany({
    where: { memberId, closedAt: null },
    select: { id: true },
  });
  const totals = await collectionTotals(
    prisma,
    open.map((c) => c.id),
    now,
    timeZone,
  );
  const pledges = await prisma.pledge.findMany({
    where: {
      collectionId: { in: open.map((c) => c.id) },
      state: { in: ["intention", "obligation", "fulfilled"] },
      overdue: false,
      OR: [{ collection: { kind: "emergency" } }, { period }],
    },
    include: {
      giver: { select: { id: true, firstName: true, lastName: true, displayName: true } },
    },
    orderBy: { id: "asc" },
  });
  const insider = viewerId === memberId || pledges.some((p) => p.giverId === viewerId);
  return {
    collections: [...totals.values()],
    helpers: pledges.map((p) => ({
      id: p.giver.id,
      firstName: p.giver.firstName,
      name: nameOf(p.giver),
      amount: insider ? p.amount : null,
      state: insider ? p.state : null,
    })),
  };
}

/** The network as a picture: nodes (with status and need) and the ties between them, bounded. */
export interface GraphEdge {
  kind: "referral" | "help";
  /** referral: inviter → invitee; help: giver → receiver. */
  from: number;
  to: number;
  /** help only: the most binding state among the pledges between the two. */
  state: PledgeState | null;
}

export async function graphEdges(prisma: PrismaClient, nodeIds: number[]): Promise<GraphEdge[]> {
  if (nodeIds.length === 0) return [];
  const rows = await prisma.$queryRaw<
    { kind: "referral" | "help"; from_id: number; to_id: number; state: PledgeState | null }[]
  >`
    SELECT 'referral' AS kind, m.invited_by_id AS from_id, m.id AS to_id, NULL::"PledgeState" AS state
    FROM member m
    WHERE m.id = ANY(${nodeIds}::int[]) AND m.invited_by_id = ANY(${nodeIds}::int[])
    UNION ALL
    SELECT 'help', p.giver_id, p.receiver_id,
      (array_agg(p.state ORDER BY array_position(ARRAY['fulfilled', 'obligation', 'intention']::"PledgeState"[], p.state)))[1]
    FROM pledge p
    WHERE p.state IN ('intention', 'obligation', 'fulfilled')
      AND p.giver_id = ANY(${nodeIds}::int[]) AND p.receiver_id = ANY(${nodeIds}::int[])
    GROUP BY p.giver_id, p.receiver_id
    ORDER BY 1, 2, 3`;
  return rows.map((r) => ({ kind: r.kind, from: r.from_id, to: r.to_id, state: r.state }));
}
