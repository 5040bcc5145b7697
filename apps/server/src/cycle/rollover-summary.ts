import { Prisma } from "@exodus/db";
import { messageLink, type Period } from "@exodus/shared";
import { actionSql } from "../pledges/moves.ts";

type Tx = Prisma.TransactionClient;

/**
 * One summary per member whose books the period's rollover changed, as giver or receiver, counted
 * once the last giver has rolled over: a receiver whose givers were rolled over in different chunks
 * (or by different servers, or before and after a crash) hears of all of them at once. The
 * rollover's audit rows are the pledge_event ids its chunks recorded in cycle_run.events: no other
 * transaction writes audit rows while a chunk holds the books, so those ranges hold the rollover's
 * rows alone (a leaver's or an emergency's own moves to ⌛ between chunks are not counted). The
 * dedupe key makes it once per member and period.
 */
export async function sendSummaries(tx: Tx, period: Period, start: Date, now: Date): Promise<void> {
  const counted = Prisma.join([actionSql("lapse"), actionSql("renew"), actionSql("overdue")]);
  await tx.$executeRaw`
    WITH rolled AS (
      SELECT p.giver_id, p.receiver_id, e.action, e.amount
      FROM cycle_run r
      CROSS JOIN LATERAL unnest(r.events) AS x(ids)
      -- Each range read by the primary key (OFFSET 0 keeps the planner from scanning every audit
      -- row against every range instead).
      CROSS JOIN LATERAL (
        SELECT pledge_id, action, amount FROM pledge_event
        WHERE id >= lower(x.ids) AND id < upper(x.ids) AND action IN (${counted})
        OFFSET 0
      ) e
      JOIN pledge p ON p.id = e.pledge_id
      WHERE r.job = 'rollover' AND r.period = ${start}::date
    )
    INSERT INTO outbox (recipient_id, kind, payload, dedupe_key, link, created_at)
    SELECT s.member_id, 'rollover.summary',
      jsonb_build_object(
        'period', ${period}::text,
        'givenLapsed', COUNT(*) FILTER (WHERE s.side = 'giver' AND x.action = ${actionSql("lapse")}),
        'givenRenewed', COUNT(*) FILTER (WHERE s.side = 'giver' AND x.action = ${actionSql("renew")}),
        'givenRenewedAmount', COALESCE(SUM(x.amount) FILTER (WHERE s.side = 'giver' AND x.action = ${actionSql("renew")}), 0),
        'givenOverdue', COUNT(*) FILTER (WHERE s.side = 'giver' AND x.action = ${actionSql("overdue")}),
        'receivedRenewed', COUNT(*) FILTER (WHERE s.side = 'receiver' AND x.action = ${actionSql("renew")}),
        'receivedRenewedAmount', COALESCE(SUM(x.amount) FILTER (WHERE s.side = 'receiver' AND x.action = ${actionSql("renew")}), 0),
        'receivedOverdue', COUNT(*) FILTER (WHERE s.side = 'receiver' AND x.action = ${actionSql("overdue")})),
      'rollover.summary:' || ${period}::text || ':' || s.member_id,
      ${messageLink("rollover.summary", {})}, ${now}
    FROM rolled x
    -- Each audit row counts for its giver and, unless it is a lapse, for its receiver.
    CROSS JOIN LATERAL (VALUES (x.giver_id, 'giver'), (x.receiver_id, 'receiver')) AS s(member_id, side)
    JOIN member m ON m.id = s.member_id AND m.deleted_at IS NULL
    WHERE s.side = 'giver' OR x.action <> ${actionSql("lapse")}
    GROUP BY s.member_id
    ON CONFLICT (dedupe_key) DO NOTHING`;
}
