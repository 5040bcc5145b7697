import { Prisma, type PrismaClient } from "@exodus/db";
import { messageLink, periodDate, periodEnd, periodOf, promisedStates } from "@exodus/shared";
import { figuresSql, stateIn } from "../books/predicates.ts";

/** "_pledge-" of "_pledge-12": a pledge's deep link without its id, for set-based inserts. */
export const PLEDGE_LINK_PREFIX = messageLink("pledge.fulfil", { pledgeId: 0 }).slice(0, -1);

const DAY_MS = 24 * 60 * 60 * 1000;
export const REMIND_BEFORE_PERIOD_END_MS = 3 * DAY_MS;
export const REMIND_UNCONFIRMED_AFTER_MS = 3 * DAY_MS;
/** An emergency is reminded this long before its deadline, or half its length when shorter. */
export const REMIND_BEFORE_DEADLINE_MS = DAY_MS;

/** "_member-" of "_member-7": a member's page link without its id, for set-based inserts. */
const MEMBER_LINK_PREFIX = messageLink("reminder.emergencyDeadline", { memberId: 0 }).slice(0, -1);

/**
 * Produces the reminder messages that are due, as outbox rows whose keys make a rerun a no-op:
 * - three days before the period ends, each giver with an open intention or obligation (once per
 *   giver and period);
 * - a fulfilled pledge unconfirmed for three days reminds its receiver (once per fulfilment).
 * - a day before an open emergency's deadline (half its length before, for a shorter one), each
 *   giver with an unfulfilled obligation to it
 *   (once per emergency and giver), and the member in need, with what is still missing 🙏 (once
 *   per emergency).
 * Frozen givers (in an emergency) get no reminders. Set-based; returns how many rows were added.
 */
export async function produceReminders(
  prisma: PrismaClient,
  now: Date,
  timeZone: string,
): Promise<{
  periodEnding: number;
  confirmDue: number;
  emergencyDeadline: number;
  emergencyMissing: number;
}> {
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
        AND ${stateIn(promisedStates, "p")} AND g.status <> 'red'
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
  const { emergencyDeadline, emergencyMissing } = await remindEmergencies(prisma, now, timeZone);
  return { periodEnding, confirmDue, emergencyDeadline, emergencyMissing };
}

/**
 * Open emergencies whose reminders are due (`c` is the collection): a day before the deadline, or
 * for an emergency shorter than two days half its length before it (a 1-day one at 12 hours), so
 * that its reminders never go out at its opening and givers who commit meanwhile are reminded too.
 */
function emergencyReminderDue(now: Date): Prisma.Sql {
  return Prisma.sql`c.kind = 'emergency' AND c.closed_at IS NULL AND c.deadline > ${now}
    AND c.deadline - LEAST(${REMIND_BEFORE_DEADLINE_MS}::float8 * interval '1 millisecond',
      (c.deadline - c.opened_at) / 2) <= ${now}`;
}

/** The two messages of an emergency's last hours: to its givers who still owe, and to its member. */
async function remindEmergencies(prisma: PrismaClient, now: Date, timeZone: string) {
  const due = emergencyReminderDue(now);
  // Whole hours left, rounded up: the message says the emergency ends "within" them.
  const hoursLeft = Prisma.sql`CEIL(EXTRACT(EPOCH FROM c.deadline - ${now}) / 3600)::int`;
  // An obligation (not yet fulfilled) is what a reminder can still change; ⌛ ones of other
  // collections are not this emergency's.
  const emergencyDeadline = await prisma.$executeRaw`
    INSERT INTO outbox (recipient_id, kind, payload, dedupe_key, link, created_at)
    SELECT p.giver_id, 'reminder.emergencyDeadline',
      jsonb_build_object('memberId', c.member_id, 'collectionId', c.id, 'amount', SUM(p.amount),
        'hoursLeft', ${hoursLeft}),
      'reminder.emergencyDeadline:' || c.id || ':' || p.giver_id,
      ${MEMBER_LINK_PREFIX} || c.member_id, ${now}
    FROM collection c
    JOIN pledge p ON p.collection_id = c.id
    JOIN member g ON g.id = p.giver_id
    WHERE ${due}
      AND ${stateIn(["obligation"], "p")} AND g.status <> 'red' AND g.deleted_at IS NULL
    GROUP BY c.id, p.giver_id
    ON CONFLICT (dedupe_key) DO NOTHING`;
  // 🙏 as the books show it (DOMAIN.md, "Aggregates"): an emergency counts all of its pledges.
  const emergencyMissing = await prisma.$executeRaw`
    INSERT INTO outbox (recipient_id, kind, payload, dedupe_key, link, created_at)
    SELECT c.member_id, 'reminder.emergencyMissing',
      jsonb_build_object('hoursLeft', ${hoursLeft}) ||
      jsonb_build_object('collectionId', c.id, 'amount', f.missing),
      'reminder.emergencyMissing:' || c.id || ':' || c.member_id,
      ${messageLink("reminder.emergencyMissing", {})}, ${now}
    FROM collection c
    CROSS JOIN LATERAL (${figuresSql("c", periodDate(periodOf(now, timeZone)))}) f
    WHERE ${due}
    ON CONFLICT (dedupe_key) DO NOTHING`;
  return { emergencyDeadline, emergencyMissing };
}
