import { Prisma, type PrismaClient } from "@exodus/db";
import { periodOf, periodStart } from "@exodus/shared";
import { hasNotLeftSql } from "../books/predicates.ts";

/**
 * The trust graph (DOMAIN.md, "Network and privacy"): undirected ties of two kinds between members
 * who have not left —
 * referral: a member and the one whose invite brought them in (member.invited_by_id), lasting;
 * help: a giver and a receiver while a pledge between them is live or overdue, or was confirmed
 * during the current period (help_tie, kept by triggers on pledge: see `tieHoldsSql`).
 * The walks read neither: the tie table holds every pair both ways (kept by triggers on member and
 * help_tie, migration tie), so a hop is one index range per member. A leaver ties nobody, so a
 * leaver bridges no one: their rows are deleted as they leave and never written again.
 */

/** The instant the current period began: help ties by a confirmation hold from then on. */
export function tiesSince(now: Date, timeZone: string): Date {
  return periodStart(periodOf(now, timeZone), timeZone);
}

/** A help_tie row (alias) that ties its pair now (shared's `tiesNow`, for the stored pairs). */
export function tieHoldsSql(alias: string, since: Date): Prisma.Sql {
  const t = Prisma.raw(alias);
  return Prisma.sql`(${t}.live > 0 OR ${t}.confirmed_at >= ${since})`;
}

/**
 * A tie row (alias) that ties its pair now: a referral, or a help tie that holds (a live pledge
 * either way, or a confirmation during the current period).
 */
export function tieNowSql(alias: string, since: Date): Prisma.Sql {
  const t = Prisma.raw(alias);
  return Prisma.sql`(${t}.referral > 0 OR ${t}.live > 0 OR ${t}.confirmed_at >= ${since})`;
}

/**
 * The ties now (rows member_id, other_id) of the members an SQL expression `ids` selects (a list
 * or a one-column subquery): tieNowSql spelled as its two disjoint halves, so that each is read
 * from its partial index alone — tie_lasting (a referral or a live pledge: whatever the date) and
 * tie_confirmed (only a confirmation, sought from the period's start). The table itself is never
 * read: a hop over a thousand members stays within a few thousand index pages.
 */
export function tiesOf(ids: Prisma.Sql, since: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT t.member_id, t.other_id FROM tie t
    WHERE t.member_id IN (${ids}) AND (t.referral > 0 OR t.live > 0)
    UNION ALL
    SELECT t.member_id, t.other_id FROM tie t
    WHERE t.member_id IN (${ids}) AND t.referral = 0 AND t.live = 0 AND t.confirmed_at >= ${since}`;
}

/** The members tied now to any of the members an SQL set (`ids`: one id column) selects. */
function neighbours(ids: Prisma.Sql, since: Date): Prisma.Sql {
  return Prisma.sql`SELECT DISTINCT w.other_id AS id FROM (${tiesOf(ids, since)}) w`;
}

/**
 * CTEs n1 (one tie away), n2 (two ties away) and net (the network: id, distance) for a member, to
 * start a query that reads their network. A prefix names a second set (`their_net`, …) in the same
 * query.
 */
export function networkCtes(
  memberId: number,
  now: Date,
  timeZone: string,
  prefix = "",
): Prisma.Sql {
  const since = tiesSince(now, timeZone);
  const [n1, n2, net] = ["n1", "n2", "net"].map((n) => Prisma.raw(`${prefix}${n}`));
  return Prisma.sql`
    ${n1} AS (SELECT w.other_id AS id FROM (${tiesOf(Prisma.sql`${memberId}::int`, since)}) w),
    ${n2} AS (${neighbours(Prisma.sql`SELECT id FROM ${n1}`, since)}),
    ${net} AS (
      SELECT id, 1 AS distance FROM ${n1}
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
  now: Date,
  timeZone: string,
): Promise<Map<number, 1 | 2>> {
  const rows = await prisma.$queryRaw<{ id: number; distance: number }[]>`
    WITH ${networkCtes(viewerId, now, timeZone)} SELECT id, distance FROM net`;
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
  now: Date,
  timeZone: string,
  limit = 200,
): Promise<number[]> {
  const rows = await prisma.$queryRaw<{ id: number }[]>`
    WITH ${networkCtes(viewerId, now, timeZone)},
         n3 AS (${neighbours(Prisma.sql`SELECT id FROM n2`, tiesSince(now, timeZone))})
    SELECT DISTINCT n3.id FROM n3
    JOIN collection c ON c.member_id = n3.id AND ${SUGGESTED}
    WHERE n3.id <> ${viewerId}
      AND n3.id NOT IN (SELECT id FROM n1) AND n3.id NOT IN (SELECT id FROM n2)
    ORDER BY n3.id
    LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/**
 * CTEs nv and nt: the members tied now to `viewerId` and to `targetId` — from which how far apart
 * the two are follows without walking either's whole network (the table holds each tie both ways):
 * one tie if the viewer is in nt, two if nt and nv meet, three if a tie joins a member of nt to one
 * of nv.
 */
function pairCtes(viewerId: number, targetId: number, since: Date): Prisma.Sql {
  return Prisma.sql`
    nv AS (SELECT w.other_id AS id FROM (${tiesOf(Prisma.sql`${viewerId}::int`, since)}) w),
    nt AS (SELECT w.other_id AS id FROM (${tiesOf(Prisma.sql`${targetId}::int`, since)}) w)`;
}

/**
 * Whether `targetId` is in `viewerId`'s network (within two ties). Reads only the two members'
 * own ties, not the viewer's whole network.
 */
export async function inNetworkOf(
  prisma: Pick<PrismaClient, "$queryRaw">,
  viewerId: number,
  targetId: number,
  now: Date,
  timeZone: string,
): Promise<boolean> {
  if (viewerId === targetId) return false;
  const [row] = await prisma.$queryRaw<{ near: boolean }[]>`
    WITH ${pairCtes(viewerId, targetId, tiesSince(now, timeZone))}
    SELECT EXISTS (SELECT 1 FROM nt WHERE id = ${viewerId} OR id IN (SELECT id FROM nv)) AS near`;
  return row?.near === true;
}

/**
 * Whether `viewerId` may see `targetId` at all: oneself, someone in one's network or among one's
 * suggestions, or the target of an invite link one opened. Everyone else is invisible, and a
 * member who left is invisible to everyone (whatever link once led to them). Reads the two
 * members' ties and, for a target with a suggested collection, the ties of the target's own.
 */
export async function canSee(
  prisma: Pick<PrismaClient, "$queryRaw">,
  viewerId: number,
  targetId: number,
  now: Date,
  timeZone: string,
): Promise<boolean> {
  if (viewerId === targetId) return true;
  const since = tiesSince(now, timeZone);
  const [row] = await prisma.$queryRaw<{ visible: boolean }[]>`
    WITH ${pairCtes(viewerId, targetId, since)}
    SELECT
      EXISTS (SELECT 1 FROM member t WHERE t.id = ${targetId} AND ${hasNotLeftSql("t")})
      AND (
        -- One or two ties away: in the network.
        EXISTS (SELECT 1 FROM nt WHERE id = ${viewerId} OR id IN (SELECT id FROM nv))
        OR EXISTS (
          SELECT 1 FROM invite_open o JOIN invite i ON i.id = o.invite_id
          WHERE o.member_id = ${viewerId} AND i.target_id = ${targetId}
        )
        -- Three ties away with a suggested collection: a tie joins one of theirs to one of mine.
        OR (
          EXISTS (SELECT 1 FROM collection c WHERE c.member_id = ${targetId} AND ${SUGGESTED})
          AND EXISTS (
            SELECT 1 FROM (${tiesOf(Prisma.sql`SELECT id FROM nt`, since)}) x
            WHERE x.other_id IN (SELECT id FROM nv)
          )
        )
      ) AS visible`;
  return row?.visible === true;
}
