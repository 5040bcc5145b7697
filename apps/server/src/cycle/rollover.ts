import { Prisma, type PrismaClient } from "@exodus/db";
import {
  MAX_AMOUNT,
  messageLink,
  type Period,
  periodDate,
  previousPeriod,
  transitions,
} from "@exodus/shared";
import { isLiveSql, stateIn } from "../books/predicates.ts";
import { holdBooksExclusively } from "../locks.ts";
import { actionSql, stateSql, systemMove } from "../pledges/moves.ts";

export interface RolloverResult {
  period: Period;
  /** False when this period's rollover had already run (here or on another server). */
  ran: boolean;
  lapsed: number;
  renewed: number;
  overdue: number;
  carried: number;
}

/**
 * The monthly cycle, run once as `period` begins (DOMAIN.md, "The monthly cycle"), over monthly
 * collections' pledges of the periods before it:
 * 1. intentions lapse;
 * 2. obligations and unconfirmed fulfilled pledges move to the overdue archive ⌛ — except those of
 *    givers in an emergency, which are frozen: they stay due and move into the new period;
 * 3. what each giver confirmed to a member's monthly collection in the period just ended is renewed
 *    as one intention of that amount for the new period, if the member still has a monthly
 *    collection open (paused counts, reopened counts) and the giver has not left Exodus, unless the
 *    giver already has a live pledge there (pledged anew, or frozen and carried); several confirmed
 *    pledges renew as their sum, capped at the largest amount a pledge may have;
 * 4. goals carry over (they live on the collection);
 * and help ties that held only by a gift confirmed in an earlier period are deleted.
 * Set-based SQL in one transaction, each change a move of shared's pledge table with its audit row.
 * The cycle_run row claims the period first: a second run, here or on another server, waits for the first and then does nothing.
 */
export async function rollover(
  prisma: PrismaClient,
  period: Period,
  now: Date,
): Promise<RolloverResult> {
  const start = periodDate(period);
  const ended = periodDate(previousPeriod(period));
  return prisma.$transaction(
    async (tx) => {
      // Writers of the books hold this lock shared; the rollover waits for them and keeps them out.
      await holdBooksExclusively(tx);
      const claimed = await tx.$executeRaw`
        INSERT INTO cycle_run (job, period, ran_at) VALUES ('rollover', ${start}::date, ${now})
        ON CONFLICT DO NOTHING`;
      if (claimed === 0) {
        return { period, ran: false, lapsed: 0, renewed: 0, overdue: 0, carried: 0 };
      }
      // The renewal groups every confirmed pledge of the month; let it sort in memory.
      await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
      // The audit rows this rollover writes come after this one; the summaries read them back.
      const [mark] = await tx.$queryRaw<{ id: bigint }[]>`
        SELECT COALESCE(MAX(id), 0)::bigint AS id FROM pledge_event`;

      const pastMonthly = Prisma.sql`c.id = p.collection_id AND c.kind = 'monthly'
        AND p.period < ${start}::date AND NOT p.overdue`;
      const lapsed = await systemMove(tx, "lapse", {
        join: Prisma.sql`collection c`,
        where: pastMonthly,
        now,
      });
      const overdue = await systemMove(tx, "overdue", {
        join: Prisma.sql`collection c, member g`,
        where: Prisma.sql`${pastMonthly} AND g.id = p.giver_id AND g.status <> 'red'`,
        now,
      });
      const carried = await systemMove(tx, "carry", {
        join: Prisma.sql`collection c, member g`,
        where: Prisma.sql`${pastMonthly} AND g.id = p.giver_id AND g.status = 'red'`,
        now,
        period: start,
      });

      // After the carry, so a frozen obligation moved into the new period counts as the giver's live
      // pledge there and is not joined by a renewal (one live pledge per giver per collection).
      const renewed = await tx.$executeRaw`
        WITH confirmed AS (
          -- Renewed into the receiver's open monthly collection, even one reopened since.
          SELECT p.giver_id, p.receiver_id, o.id AS collection_id,
            LEAST(SUM(p.amount), ${MAX_AMOUNT})::int AS amount,
            MAX(p.id) AS last_id
          FROM pledge p
          JOIN collection c ON c.id = p.collection_id AND c.kind = 'monthly'
          JOIN collection o ON o.member_id = p.receiver_id AND o.kind = 'monthly' AND o.closed_at IS NULL
          -- A giver who left Exodus pledges nothing any more (DOMAIN.md, "Profile").
          JOIN member g ON g.id = p.giver_id AND g.deleted_at IS NULL
          WHERE p.period = ${ended}::date AND ${stateIn(["confirmed"], "p")}
          GROUP BY p.giver_id, p.receiver_id, o.id
        ), renewed AS (
          INSERT INTO pledge (giver_id, receiver_id, collection_id, amount, state, period,
            renewed_from_id, state_changed_at, created_at)
          SELECT k.giver_id, k.receiver_id, k.collection_id, k.amount, ${stateSql(transitions.renew.to)},
            ${start}::date, k.last_id, ${now}, ${now}
          FROM confirmed k
          WHERE NOT EXISTS (
            SELECT 1 FROM pledge q
            WHERE q.giver_id = k.giver_id AND q.collection_id = k.collection_id
              AND q.period = ${start}::date AND ${isLiveSql("q")}
          )
          ON CONFLICT (renewed_from_id) DO NOTHING
          RETURNING id, amount, state
        )
        INSERT INTO pledge_event (pledge_id, action, from_state, to_state, amount, at)
        SELECT id, ${actionSql("renew")}, NULL, state, amount, ${now} FROM renewed`;

      // One summary per member whose books the rollover changed, as giver or receiver; the dedupe
      // key makes it once per member and period.
      await tx.$executeRaw`
        INSERT INTO outbox (recipient_id, kind, payload, dedupe_key, link, created_at)
        SELECT x.member_id, 'rollover.summary',
          jsonb_build_object(
            'period', ${period}::text,
            'givenLapsed', COUNT(*) FILTER (WHERE x.side = 'giver' AND x.action = ${actionSql("lapse")}),
            'givenRenewed', COUNT(*) FILTER (WHERE x.side = 'giver' AND x.action = ${actionSql("renew")}),
            'givenRenewedAmount', COALESCE(SUM(x.amount) FILTER (WHERE x.side = 'giver' AND x.action = ${actionSql("renew")}), 0),
            'givenOverdue', COUNT(*) FILTER (WHERE x.side = 'giver' AND x.action = ${actionSql("overdue")}),
            'receivedRenewed', COUNT(*) FILTER (WHERE x.side = 'receiver' AND x.action = ${actionSql("renew")}),
            'receivedRenewedAmount', COALESCE(SUM(x.amount) FILTER (WHERE x.side = 'receiver' AND x.action = ${actionSql("renew")}), 0),
            'receivedOverdue', COUNT(*) FILTER (WHERE x.side = 'receiver' AND x.action = ${actionSql("overdue")})),
          'rollover.summary:' || ${period}::text || ':' || x.member_id,
          ${messageLink("rollover.summary", {})}, ${now}
        FROM (
          SELECT p.giver_id AS member_id, 'giver' AS side, e.action, e.amount
          FROM pledge_event e JOIN pledge p ON p.id = e.pledge_id
          WHERE e.id > ${mark?.id ?? 0n} AND e.action IN (${actionSql("lapse")}, ${actionSql("renew")}, ${actionSql("overdue")})
          UNION ALL
          SELECT p.receiver_id, 'receiver', e.action, e.amount
          FROM pledge_event e JOIN pledge p ON p.id = e.pledge_id
          WHERE e.id > ${mark?.id ?? 0n} AND e.action IN (${actionSql("renew")}, ${actionSql("overdue")})
        ) x
        JOIN member m ON m.id = x.member_id AND m.deleted_at IS NULL
        GROUP BY x.member_id
        ON CONFLICT (dedupe_key) DO NOTHING`;

      // Help ties that held only by a gift confirmed before this period tie no one any more (the
      // graph reads them as gone already). The period's first day at UTC midnight, less 14 hours,
      // is before its start in every time zone: no pair confirmed within the period is deleted.
      await tx.$executeRaw`
        DELETE FROM help_tie
        WHERE live = 0 AND confirmed_at < ${start}::date - interval '14 hours'`;

      const result = { period, ran: true, lapsed, renewed, overdue, carried };
      await tx.cycleRun.update({
        where: { job_period: { job: "rollover", period: start } },
        data: { result: { lapsed, renewed, overdue, carried } },
      });
      return result;
    },
    { timeout: 30 * 60 * 1000, maxWait: 60 * 1000 },
  );
}
