import { Prisma, type PrismaClient } from "@exodus/db";

/**
 * The trust graph (DOMAIN.md, "Network and privacy"): undirected ties of two kinds, read straight
 * from where they live so they are never out of date —
 * referral: a member and the one whose invite brought them in (member.invited_by_id), lasting;
 * help: a giver and a receiver while a pledge between them is live or overdue (partial indexes
 * pledge_help_tie_giver / _receiver cover exactly those pledges).
 */

const TIED = Prisma.sql`('intention', 'obligation', 'fulfilled')`;

/** The members tied to any of `ids` (an int[] SQL expression), one hop away. */
function neighbours(ids: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT m.invited_by_id AS id FROM member m
      WHERE m.id = ANY(${ids}) AND m.invited_by_id IS NOT NULL
    UNION SELECT m.id FROM member m WHERE m.invited_by_id = ANY(${ids})
    UNION SELECT p.receiver_id FROM pledge p
      WHERE p.giver_id = ANY(${ids}) AND p.state IN ${TIED}
    UNION SELECT p.giver_id FROM pledge p
      WHERE p.receiver_id = ANY(${ids}) AND p.state IN ${TIED}`;
}

/**
 * CTEs n1 (one tie away), n2 (two ties away) and net (the network: id, distance) for a member, to
 * start a query that reads their network. A prefix names a second set (`their_net`, …) in the same
 * query.
 */
export function networkCtes(memberId: number, prefix = ""): Prisma.Sql {
  const [n1, n2, net] = ["n1", "n2", "net"].map((n) => Prisma.raw(`${prefix}${n}`));
  return Prisma.sql`
    ${n1} AS (${neighbours(Prisma.sql`ARRAY[${memberId}]::int[]`)}),
    ${n2} AS (${neighbours(Prisma.sql`ARRAY(SELECT id FROM ${n1})`)}),
    ${net} AS (
      SELECT id, 1 AS distance FROM ${n1} WHERE id <> ${memberId}
      UNION ALL
      SELECT id, 2 FROM ${n2} WHERE id <> ${memberId} AND id NOT IN (SELECT id FROM ${n1})
    )`;
}

/**
 * A member's network: everyone within two ties ("my friend's friend is my friend"), with the
 * distance (1 or 2). Two index-driven hops, not a recursive walk of the whole graph.
 */
export async function networkOf(
  prisma: Pick<PrismaClient, "$queryRaw">,
  viewerId: number,
): Promise<Map<number, 1 | 2>> {
  const rows = await prisma.$queryRaw<{ id: number; distance: number }[]>`
    WITH ${networkCtes(viewerId)} SELECT id, distance FROM net`;
  return new Map(rows.map((r) => [r.id, r.distance === 1 ? 1 : 2]));
}

/**
 * A collection `c` that makes its member a suggestion: open, advertised (not paused), and announced
 * to its second ring already (DOMAIN.md "Reach grows in rings").
 */
const SUGGESTED = Prisma.sql`c.closed_at IS NULL AND NOT c.paused AND c.second_ring_at IS NOT NULL`;

/**
 * "Expand network": members three ties away with an open collection, circles one may join. Capped,
 * because three hops of a dense graph reach far.
 */
export async function suggestionsFor(
  prisma: Pick<PrismaClient, "$queryRaw">,
  viewerId: number,
  limit = 200,
): Promise<number[]> {
  const rows = await prisma.$queryRaw<{ id: number }[]>`
    WITH ${networkCtes(viewerId)},
         n3 AS (${neighbours(Prisma.sql`ARRAY(SELECT id FROM n2)`)})
    SELECT DISTINCT n3.id FROM n3
    JOIN collection c ON c.member_id = n3.id AND ${SUGGESTED}
    WHERE n3.id <> ${viewerId}
      AND n3.id NOT IN (SELECT id FROM n1) AND n3.id NOT IN (SELECT id FROM n2)
    ORDER BY n3.id
    LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/**
 * Whether `viewerId` may see `targetId` at all: oneself, someone in one's network or among one's
 * suggestions, or the target of an invite link one opened. Everyone else is invisible.
 */
export async function canSee(
  prisma: Pick<PrismaClient, "$queryRaw">,
  viewerId: number,
  targetId: number,
): Promise<boolean> {
  if (viewerId === targetId) return true;
  const [row] = await prisma.$queryRaw<{ visible: boolean }[]>`
    WITH ${networkCtes(viewerId)}
    SELECT
      EXISTS (SELECT 1 FROM net WHERE id = ${targetId})
      OR EXISTS (
        SELECT 1 FROM invite_open o JOIN invite i ON i.id = o.invite_id
        WHERE o.member_id = ${viewerId} AND i.target_id = ${targetId}
      )
      OR EXISTS (
        WITH t1 AS (${neighbours(Prisma.sql`ARRAY[${targetId}]::int[]`)})
        SELECT 1 FROM t1
        JOIN collection c ON c.member_id = ${targetId} AND ${SUGGESTED}
        WHERE t1.id IN (SELECT id FROM n2)
      ) AS visible`;
  return row?.visible === true;
}
