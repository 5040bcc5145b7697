import type { Prisma, PrismaClient } from "@exodus/db";
import { type Period, periodDate, previousPeriod } from "@exodus/shared";
import { holdBooksExclusively } from "../locks.ts";
import { type RolledOver, rollGivers } from "./rollover-givers.ts";
import { sendSummaries } from "./rollover-summary.ts";

type Tx = Prisma.TransactionClient;

export interface RolloverResult extends RolledOver {
  period: Period;
  /** False when this period's rollover had already finished (here or on another server). */
  ran: boolean;
}

/** A range of givers by member id: those after `after`, up to `through`. */
export interface Chunk {
  after: number;
  through: number;
}

export interface RolloverOptions {
  /** Givers (member ids) per chunk. By default the size follows the time chunks take (CHUNK_MS). */
  chunkGivers?: number;
  /** Runs inside each chunk's transaction, after its moves: throwing there is a crash mid-chunk. */
  inChunk?: (chunk: Chunk) => unknown;
  /** Runs after each chunk has committed, before the next one begins. */
  betweenChunks?: (chunk: Chunk) => unknown;
}

/**
 * How long a chunk should hold the books. Writers wait for at most about one chunk (and give up
 * after locks.ts's BOOKS_WAIT), while each chunk costs a little more than its share of one big
 * statement would: every collection its givers pledge to has its tally rows updated once per move.
 */
const CHUNK_MS = 250;
/** The first chunk's size, before any has been timed. */
const FIRST_CHUNK = 100;

/**
 * The monthly cycle, run as `period` begins (DOMAIN.md "The monthly cycle"; what it does to each
 * giver is rollGivers in ./rollover-givers.ts), in short transactions over chunks of givers by
 * member id, so that nobody's writes wait for the whole of it:
 * - The cycle_run row claims the period; it records the time of the claim (every move of the run
 *   bears it), a cursor (the last giver id done), the audit rows each chunk wrote, the totals so
 *   far, and when the run finished.
 * - A chunk locks that row (FOR UPDATE), reads the cursor, takes the books exclusively (every
 *   writer of pledges and collections holds them shared, locks.ts), rolls the next range of givers
 *   over, moves the cursor on and commits: all at once or not at all. A crash (kill -9) loses at most
 *   the chunk under way, and the next run, here or on another server, resumes at the cursor; the
 *   books end as an uninterrupted run leaves them. Several servers running it at once take turns by
 *   the row lock, so each chunk is done once. Only row locks and transaction-level advisory locks:
 *   nothing is held by a session, which a pooler in transaction mode (PgBouncer) would not keep.
 * - When the cursor has passed the last member, the summaries are sent (rollover-summary.ts) and
 *   the run is marked finished, in one transaction that waits for no writer.
 *
 * Writers run between chunks, each of them wholly before or wholly after any giver's chunk (the
 * books lock). So every giver's pledges see the rollover as one step, and a write reaches a giver
 * either before it (as a write in the minutes between midnight and the scheduler's tick always
 * could) or after it. What that means where it matters:
 * - A new pledge for the new period by a giver whose chunk has not run yet is "pledged anew": their
 *   confirmed pledge there is not renewed beside it (one live pledge per giver, collection and
 *   period). After the chunk, the renewal is there and a new pledge meets it (the same amount is a
 *   repeated tap; another one is refused as already pledged: change it instead).
 * - A receiver confirming a gift of the ended period before its giver's chunk makes it 👍 of that
 *   period, so it is renewed, as any gift confirmed in time; after the chunk the gift is in ⌛, and
 *   confirming it moves it to the 👍 archive, not renewed. Either way the help tie lasts for the
 *   rest of the period in which it was confirmed, and it is never both renewed and in ⌛.
 * - A giver who opens an emergency before their chunk has their obligations carried (frozen);
 *   after it, they are in ⌛ already. A giver who leaves before their chunk has nothing left to
 *   roll over and nothing renewed; a collection closed between chunks takes renewals from the
 *   chunks before (ended with the collection) and gets none from the chunks after.
 * In each case the books are what some order of the same moves, one at a time, would leave: the
 * tallies and ties follow every statement, and no pledge is moved twice.
 */
export async function rollover(
  prisma: PrismaClient,
  period: Period,
  now: Date,
  options: RolloverOptions = {},
): Promise<RolloverResult> {
  // A run stopped in an earlier period (no server ran for the rest of that month) is finished
  // first: what it renews is the period that now ends.
  const stopped = await prisma.$queryRaw<{ period: Date }[]>`
    SELECT period FROM cycle_run
    WHERE job = 'rollover' AND finished_at IS NULL AND period < ${periodDate(period)}::date
    ORDER BY period`;
  for (const run of stopped) {
    await runPeriod(prisma, run.period.toISOString().slice(0, 7) as Period, now, options);
  }
  return runPeriod(prisma, period, now, options);
}

interface RunRow {
  ran_at: Date;
  cursor: number;
  last: number;
  result: Partial<RolledOver>;
  finished_at: Date | null;
}

type Step =
  | { kind: "chunk"; chunk: Chunk; ms: number }
  | { kind: "finished"; byThisCall: boolean; totals: RolledOver };

async function runPeriod(
  prisma: PrismaClient,
  period: Period,
  now: Date,
  options: RolloverOptions,
): Promise<RolloverResult> {
  await prisma.$executeRaw`
    INSERT INTO cycle_run (job, period, ran_at) VALUES ('rollover', ${periodDate(period)}::date, ${now})
    ON CONFLICT DO NOTHING`;
  let givers = options.chunkGivers ?? FIRST_CHUNK;
  let ran = false;
  for (;;) {
    const step = await prisma.$transaction((tx) => nextStep(tx, period, now, givers, options), {
      // The last step writes every summary at once (seconds at a million pledges).
      timeout: 10 * 60 * 1000,
      maxWait: 60 * 1000,
    });
    if (step.kind === "finished") {
      return { period, ran: ran || step.byThisCall, ...step.totals };
    }
    ran = true;
    await options.betweenChunks?.(step.chunk);
    if (!options.chunkGivers) givers = resized(givers, step.ms);
  }
}

/** The next chunk of the period's run, or its end: one transaction. */
async function nextStep(
  tx: Tx,
  period: Period,
  now: Date,
  givers: number,
  options: RolloverOptions,
): Promise<Step> {
  const start = periodDate(period);
  // Runs of the same period on other servers wait here for this step, and see what it did.
  // Members who join after the period began have no pledges of an earlier one: the run is through
  // when its cursor passes the last member.
  const [run] = await tx.$queryRaw<RunRow[]>`
    SELECT ran_at, cursor, result, finished_at,
      (SELECT COALESCE(MAX(id), 0)::int FROM member) AS last
    FROM cycle_run
    WHERE job = 'rollover' AND period = ${start}::date
    FOR UPDATE`;
  if (!run) throw new Error(`the rollover into ${period} was never claimed`);
  const totals = totalsOf(run.result);
  if (run.finished_at) return { kind: "finished", byThisCall: false, totals };
  if (run.cursor >= run.last) {
    await sendSummaries(tx, period, start, run.ran_at);
    await tx.$executeRaw`
      UPDATE cycle_run SET finished_at = ${now} WHERE job = 'rollover' AND period = ${start}::date`;
    return { kind: "finished", byThisCall: true, totals };
  }

  // A chunk touches a few thousand rows, and every join it makes, its triggers' too (tallies, help
  // ties), is cheapest by index: hashing the whole member table for each statement, as the planner
  // would, costs more than the chunk. Its commit need not wait for the disk: a chunk lost with the
  // server is lost with its cursor, and done again.
  await holdBooksExclusively(tx, {
    enable_hashjoin: "off",
    enable_mergejoin: "off",
    synchronous_commit: "off",
  });
  const began = performance.now();
  const chunk = { after: run.cursor, through: Math.min(run.cursor + givers, run.last) };
  const done = await rollGivers(
    tx,
    { start, ended: periodDate(previousPeriod(period)), now: run.ran_at },
    chunk.after,
    chunk.through,
  );
  const sum: RolledOver = {
    lapsed: totals.lapsed + done.lapsed,
    renewed: totals.renewed + done.renewed,
    overdue: totals.overdue + done.overdue,
    carried: totals.carried + done.carried,
  };
  await tx.$executeRaw`
    UPDATE cycle_run SET cursor = ${chunk.through}, result = ${JSON.stringify(sum)}::jsonb,
      events = events + int8multirange(int8range(${done.eventsAfter},
        (SELECT COALESCE(MAX(id), 0) FROM pledge_event), '(]'))
    WHERE job = 'rollover' AND period = ${start}::date`;
  await options.inChunk?.(chunk);
  return { kind: "chunk", chunk, ms: performance.now() - began };
}

function totalsOf(result: Partial<RolledOver>): RolledOver {
  return {
    lapsed: result.lapsed ?? 0,
    renewed: result.renewed ?? 0,
    overdue: result.overdue ?? 0,
    carried: result.carried ?? 0,
  };
}

/** The next chunk's size from the last one's time: towards CHUNK_MS, at most halved or doubled. */
function resized(givers: number, ms: number): number {
  const aimed = Math.round((givers * CHUNK_MS) / Math.max(ms, 1));
  return Math.max(1, Math.ceil(givers / 2), Math.min(aimed, givers * 2));
}
