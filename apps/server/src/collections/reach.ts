import { Prisma, type PrismaClient } from "@exodus/db";
import { messageLink, notificationCategoryOf, periodDate, periodOf } from "@exodus/shared";
import { figuresSql, hasNotLeftSql, isNeedKindSql } from "../books/predicates.ts";
import { networkCtes } from "../network/graph.ts";
import { slotSql } from "../notifications/outbox.ts";

type Tx = Prisma.TransactionClient;

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * How long 🙏 stays open before a new need is announced to its second ring (DOMAIN.md "Reach grows
 * in rings"): an emergency cannot wait as long as a month can.
 */
export const SECOND_RING_AFTER_MS = { monthly: 3 * DAY_MS, emergency: DAY_MS } as const;

interface Need {
  id: number;
  memberId: number;
}

/**
 * Queues "status.changed" for the need `c` (a CTE of the collection row of `memberId`) to the members
 * `r` (a CTE of ids), one set-based insert. Each member hears of a collection at most once (its
 * dedupe key), and of a member's need of one kind once a day at most; those who blocked the bot,
 * muted news of their network, left, or already pledge to the collection get no row at all. The
 * first ring hears of the member's own act (`sender`: it counts towards their cap of messages to
 * each); the second ring hears from Exodus, days later.
 */
function tell(memberId: number, now: Date, sender: number | null): Prisma.Sql {
  const status = Prisma.sql`(CASE c.kind WHEN 'emergency' THEN 'red' ELSE 'orange' END)`;
  const senderId = Prisma.sql`${sender}::int`;
  return Prisma.sql`
    INSERT INTO outbox (recipient_id, sender_id, kind, payload, dedupe_key, link, created_at,
      next_attempt_at)
    SELECT r.id, ${senderId}, 'status.changed',
      jsonb_build_object('memberId', c.member_id, 'status', ${status}, 'collectionId', c.id),
      'status.changed:' || c.id || ':' || r.id,
      ${messageLink("status.changed", { memberId })}, ${now}, ${slotSql(senderId, Prisma.sql`r.id`)}
    FROM c CROSS JOIN r JOIN member m ON m.id = r.id
    WHERE ${hasNotLeftSql("m")} AND m.unreachable_at IS NULL
      AND NOT (${notificationCategoryOf("status.changed") ?? ""}::text = ANY(m.notifications_muted))
      AND NOT EXISTS (SELECT 1 FROM pledge p WHERE p.collection_id = c.id AND p.giver_id = r.id)
      -- Toggling ✅→🔆→✅→🔆 opens a new collection each time: whoever heard of this member's need
      -- of this kind within a day before this one opened, or since, has heard of this one too.
      AND NOT EXISTS (
        SELECT 1 FROM outbox o
        WHERE o.recipient_id = r.id AND o.kind = 'status.changed'
          AND o.created_at > c.opened_at - interval '1 day'
          AND o.payload ->> 'memberId' = c.member_id::text AND o.payload ->> 'status' = ${status})
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

/**
 * A new need (a collection just opened) is announced to its member's direct ties, one tie away,
 * in the transaction that opens it. The second ring hears later, if at all (announceToSecondRing).
 */
export async function announceToFirstRing(
  tx: Tx,
  need: Need,
  now: Date,
  timeZone: string,
): Promise<void> {
  await tx.$executeRaw`
    WITH ${networkCtes(need.memberId, now, timeZone)},
      c AS (SELECT id, member_id, kind, opened_at FROM collection WHERE id = ${need.id}),
      r AS (SELECT id FROM net WHERE distance = 1)
    ${tell(need.memberId, now, need.memberId)}`;
}

/**
 * The collections whose second ring is due: open, not paused (a paused monthly collection is not
 * advertised; it goes on once its emergency ends), opened long enough ago, with 🙏 still open in
 * the current period — computed as collectionTotals does, from the tally as member lists read it.
 */
function secondRingDue(now: Date, timeZone: string): Prisma.Sql {
  const period = periodDate(periodOf(now, timeZone));
  const openedBy = (ms: number) => new Date(now.getTime() - ms);
  // Initiatives and claims are not a member's need announced ring by ring (theirs to tell).
  return Prisma.sql`c.closed_at IS NULL AND c.second_ring_at IS NULL AND NOT c.paused
    AND ${isNeedKindSql("c")}
    AND c.opened_at <= CASE c.kind WHEN 'emergency' THEN ${openedBy(SECOND_RING_AFTER_MS.emergency)}::timestamptz
                                   ELSE ${openedBy(SECOND_RING_AFTER_MS.monthly)}::timestamptz END
    AND (SELECT f.missing FROM (${figuresSql("c", period)}) f) > 0`;
}

/**
 * The scheduler's step of "Reach grows in rings": each collection whose 🙏 is still open after its
 * wait is announced to everyone within two ties who has not heard of it yet, and from then on is an
 * "expand network" suggestion of the third ring. Each collection is claimed by the statement that
 * tells its ring (second_ring_at set where it was null, the condition checked again under the
 * row's lock), so a rerun, or a second server at the same moment, tells nobody again. A collection
 * whose 🙏 is covered waits; should 🙏 open again (a released pledge, a new month), its second ring
 * hears then. Returns how many collections reached their second ring.
 */
export async function announceToSecondRing(
  prisma: PrismaClient,
  now: Date,
  timeZone: string,
): Promise<number> {
  const due = secondRingDue(now, timeZone);
  const needs = await prisma.$queryRaw<{ id: number; member_id: number }[]>`
    SELECT c.id, c.member_id FROM collection c WHERE ${due} ORDER BY c.id`;
  let reached = 0;
  // One statement per collection (its network is its own), each telling its whole ring at once.
  for (const need of needs) {
    const [row] = await prisma.$queryRaw<{ claimed: number }[]>`
      WITH ${networkCtes(need.member_id, now, timeZone)},
        c AS (
          UPDATE collection c SET second_ring_at = ${now}
          WHERE c.id = ${need.id} AND ${due}
          RETURNING c.id, c.member_id, c.kind, c.opened_at
        ),
        r AS (SELECT id FROM net),
        told AS (${tell(need.member_id, now, null)} RETURNING 1)
      SELECT (SELECT COUNT(*) FROM c)::int AS claimed`;
    reached += row?.claimed ?? 0;
  }
  return reached;
}
