import type { PrismaClient } from "@exodus/db";
import { messageLink, periodDate, periodEnd, periodOf } from "@exodus/shared";
import { stateIn } from "../books/predicates.ts";

/** "_pledge-" of "_pledge-12": a pledge's deep link without its id, for set-based inserts. */
export const PLEDGE_LINK_PREFIX = messageLink("pledge.fulfil", { pledgeId: 0 }).slice(0, -1);

const DAY_MS = 24 * 60 * 60 * 1000;
export const REMIND_BEFORE_PERIOD_END_MS = 3 * DAY_MS;
export const REMIND_UNCONFIRMED_AFTER_MS = 3 * DAY_MS;

/**
 * Produces the reminder messages that are due, as outbox rows whose keys make a rerun a no-op:
 * - three days before the period ends, each giver with an open intention or obligation (once per
 *   giver and period);
 * - a fulfilled pledge unconfirmed for three days reminds its receiver (once per fulfilment).
 * Frozen givers (in an emergency) get no reminders. Set-based; returns how many rows were added.
 */
export async function produceReminders(
  prisma: PrismaClient,
  now: Date,
  timeZone: string,
): Promise<{ periodEnding: number; confirmDue: number }> {
  const period = periodOf(now, timeZone);
  const start = periodDate(period);
  let periodEnding = 0;
  if (periodEnd(period, timeZone).getTime() - now.getTime() <= REMIND_BEFORE_PERIOD_END_MS) {
    periodEnding = await prisma.$executeRaw`
      INSERT INTO outbox (recipient_id, kind, payload, dedupe_key, link, created_at)
      SELECT p.giver_id, 'reminder.periodEnding',
        jsonb_build_object('period', ${period}::text, 'pledges', COUNT(*)),
        'reminder.periodEnding:' || ${period}::text || ':' || p.giver_id,
        ${messageLink("reminder.periodEnding", {})}, ${now}
      FROM pledge p
      JOIN collection c ON c.id = p.collection_id
      JOIN member g ON g.id = p.giver_id
      WHERE c.kind = 'monthly' AND p.period = ${start}::date AND NOT p.overdue
        AND ${stateIn(["intention", "obligation"], "p")} AND g.status <> 'red'
      GROUP BY p.giver_id
      ON CONFLICT (dedupe_key) DO NOTHING`;
  }
  const dueBefore = new Date(now.getTime() - REMIND_UNCONFIRMED_AFTER_MS);
  const confirmDue = await prisma.$executeRaw`
    INSERT INTO outbox (recipient_id, kind, payload, dedupe_key, link, created_at)
    SELECT p.receiver_id, 'reminder.confirmDue',
      jsonb_build_object('pledgeId', p.id, 'amount', p.amount),
      'reminder.confirmDue:' || p.id || ':' || (extract(epoch FROM p.state_changed_at) * 1000)::bigint,
      -- messageLink's "_pledge-<id>", for every row at once
      ${PLEDGE_LINK_PREFIX} || p.id, ${now}
    FROM pledge p
    WHERE ${stateIn(["fulfilled"], "p")} AND p.state_changed_at <= ${dueBefore}
    ON CONFLICT (dedupe_key) DO NOTHING`;
  return { periodEnding, confirmDue };
}
