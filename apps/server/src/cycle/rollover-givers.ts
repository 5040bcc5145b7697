import { Prisma } from "@exodus/db";
import { MAX_AMOUNT, transitions } from "@exodus/shared";
import { isLiveSql, stateIn } from "../books/predicates.ts";
import { actionSql, stateSql, systemMovesSql } from "../pledges/moves.ts";

type Tx = Prisma.TransactionClient;

/** What the rollover did to a range of givers, or to all of them. */
export interface RolledOver {
  lapsed: number;
  renewed: number;
  overdue: number;
  carried: number;
}

/** The period that begins and the one that ended, as their first days, and the run's time. */
export interface RolloverClock {
  start: Date;
  ended: Date;
  /** When the run was claimed: every move of the run bears it, however often the run resumes. */
  now: Date;
}

/**
 * The monthly cycle (DOMAIN.md, "The monthly cycle") for the givers whose member ids are in
 * (`after`, `through`], over monthly collections' pledges of the periods before `start`:
 * 1. intentions lapse;
 * 2. obligations and unconfirmed fulfilled pledges move to the overdue archive ⌛ — except those of
 *    givers in an emergency, which are frozen: they stay due and move into the new period, unless
 *    the giver already pledged anew there (then ⌛, as anyone's);
 * 3. what each giver confirmed to a member's monthly collection in the period just ended is renewed
 *    as one intention of that amount for the new period, if the member still has a monthly
 *    collection open (paused counts, reopened counts) and the giver has not left Exodus, unless the
 *    giver already has a live pledge there (pledged anew, or frozen and carried); several confirmed
 *    pledges renew as their sum, capped at the largest amount a pledge may have;
 * 4. goals carry over (they live on the collection);
 * and the help ties of these givers that held only by a gift confirmed in an earlier period are
 * deleted. Every pledge a giver gave is in their range, so a giver's pledges roll over together, in
 * the caller's transaction; each change is a move of shared's pledge table with its audit row.
 * `eventsAfter`: the last audit row before this call's; those after it are its own as long as the
 * caller holds the books exclusively.
 */
export async function rollGivers(
  tx: Tx,
  clock: RolloverClock,
  after: number,
  through: number,
): Promise<RolledOver & { eventsAfter: bigint }> {
  const { start, ended, now } = clock;
  const givers = Prisma.sql`p.giver_id > ${after} AND p.giver_id <= ${through}`;
  const pastMonthly = Prisma.sql`c.id = p.collection_id AND c.kind = 'monthly'
    AND p.period < ${start}::date AND NOT p.overdue AND ${givers}`;
  // The giver pledged anew there for the new period (before their chunk): a frozen obligation is
  // not carried beside that pledge (one live pledge per giver, collection and period) but goes to
  // ⌛ as anyone's does.
  const pledgedAnew = Prisma.sql`EXISTS (
    SELECT 1 FROM pledge q
    WHERE q.giver_id = p.giver_id AND q.collection_id = p.collection_id
      AND q.period = ${start}::date AND ${isLiveSql("q")})`;
  // One statement for the moves and the renewal, so each chunk costs one pass of the tally and tie
  // triggers per kind of change, not one per move.
  const {
    ctes,
    moved: [lapsed, overdue, carried],
  } = systemMovesSql([
    ["lapse", { join: Prisma.sql`collection c`, where: pastMonthly, now }],
    [
      "overdue",
      {
        join: Prisma.sql`collection c, member g`,
        where: Prisma.sql`${pastMonthly} AND g.id = p.giver_id
          AND (g.status <> 'red' OR ${pledgedAnew})`,
        now,
      },
    ],
    [
      "carry",
      {
        join: Prisma.sql`collection c, member g`,
        where: Prisma.sql`${pastMonthly} AND g.id = p.giver_id AND g.status = 'red'
          AND NOT ${pledgedAnew}`,
        now,
        period: start,
      },
    ],
  ]);
  const count = (cte: Prisma.Sql | undefined) =>
    Prisma.sql`(SELECT count(*)::int FROM ${cte ?? Prisma.empty})`;
  const [row] = await tx.$queryRaw<(RolledOver & { events_after: bigint })[]>`
    WITH ${ctes},
    confirmed AS (
      -- Renewed into the receiver's open monthly collection, even one reopened since.
      SELECT p.giver_id, p.receiver_id, o.id AS collection_id,
        LEAST(SUM(p.amount), ${MAX_AMOUNT})::int AS amount,
        MAX(p.id) AS last_id
      FROM pledge p
      JOIN collection c ON c.id = p.collection_id AND c.kind = 'monthly'
      JOIN collection o ON o.member_id = p.receiver_id AND o.kind = 'monthly' AND o.closed_at IS NULL
      -- A giver who left Exodus pledges nothing any more (DOMAIN.md, "Profile").
      JOIN member g ON g.id = p.giver_id AND g.deleted_at IS NULL
      WHERE p.period = ${ended}::date AND ${stateIn(["confirmed"], "p")} AND ${givers}
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
          -- Spelled out so that no plan reads the whole new period (it grows chunk by chunk).
          AND q.giver_id > ${after} AND q.giver_id <= ${through}
      )
      -- A frozen obligation carried into the new period (by this very statement) is the giver's
      -- live pledge there: no renewal beside it (one live pledge per giver per collection).
      AND NOT EXISTS (
        SELECT 1 FROM ${carried ?? Prisma.empty} f
        WHERE f.giver_id = k.giver_id AND f.collection_id = k.collection_id
      )
      ON CONFLICT (renewed_from_id) DO NOTHING
      RETURNING id, amount, state
    ), renewals_logged AS (
      INSERT INTO pledge_event (pledge_id, action, from_state, to_state, amount, at)
      SELECT id, ${actionSql("renew")}, NULL, state, amount, ${now} FROM renewed
    )
    SELECT ${count(lapsed)} AS lapsed, ${count(overdue)} AS overdue, ${count(carried)} AS carried,
      (SELECT count(*)::int FROM renewed) AS renewed,
      -- Read as the books were before this statement: the last audit row not its own.
      (SELECT COALESCE(MAX(id), 0)::bigint FROM pledge_event) AS events_after`;

  // Help ties that held only by a gift confirmed before this period tie no one any more (the
  // graph reads them as gone already). The period's first day at UTC midnight, less 14 hours,
  // is before its start in every time zone: no pair confirmed within the period is deleted.
  await tx.$executeRaw`
    DELETE FROM help_tie
    WHERE giver_id > ${after} AND giver_id <= ${through}
      AND live = 0 AND confirmed_at < ${start}::date - interval '14 hours'`;

  return {
    lapsed: row?.lapsed ?? 0,
    overdue: row?.overdue ?? 0,
    carried: row?.carried ?? 0,
    renewed: row?.renewed ?? 0,
    eventsAfter: row?.events_after ?? 0n,
  };
}
