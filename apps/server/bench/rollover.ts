/**
 * Benchmark of the monthly rollover (issue 3, item 8) — `pnpm bench:rollover`, not a test.
 *
 * Seeds a fresh PostgreSQL database with BENCH_MEMBERS members (default 100,000) and BENCH_PLEDGES
 * pledges (default 1,000,000) in the ending period, then times, in the same run and from the same
 * starting data:
 *   1. one bare UPDATE of the rows the rollover works on (see BARE below for the statement and why),
 *   2. the real `rollover()` of apps/server/src/cycle/rollover.ts, while a member edits pledges
 *      one after another through the API's code path (rollover-writer.ts),
 * and prints the ratio and how long the longest of those writes waited. Targets (issue 11, item
 * 3): rollover ≤ 3× the bare UPDATE; no concurrent write waits more than 2 s (none is refused or
 * fails).
 *
 *   pnpm bench:rollover                                          # the issue's sizes
 *   BENCH_MEMBERS=10000 BENCH_PLEDGES=100000 pnpm bench:rollover # a quick check
 *   pnpm bench:rollover -- --members=10000 --pledges=100000      # the same, as arguments
 *   BENCH_KEEP=1 pnpm bench:rollover                             # keep the seeded database to inspect
 *   BENCH_FILLFACTOR=70 pnpm bench:rollover                      # experiment: pledge with fillfactor 70
 *
 * DATABASE_URL names the server and an admin database (default
 * postgresql://postgres@127.0.0.1:5432/postgres); the role must be allowed to CREATE DATABASE. The
 * benchmark's databases are created fresh and dropped at the end, also on failure or Ctrl-C.
 *
 * Same starting data: the seeded, VACUUM ANALYZEd database is a template, and every measurement runs
 * on its own file-level copy of it (CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY), committed, then
 * dropped. We do not time the bare UPDATE in a rolled-back transaction on the seeded database itself:
 * a rolled-back UPDATE still writes a new version of every row and an entry in every index, so the
 * rollover would then start on a table twice the size with dead tuples (or, after a VACUUM, on pages
 * with free space that the seed does not have, which helps HOT updates). A copy is byte-identical:
 * same pages, same free space, same hint bits, same statistics. Before each measurement the copy is
 * read into the cache and a CHECKPOINT is taken, so both pay the same full-page writes to the WAL.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Database } from "@exodus/db";
import { nextPeriod, type Period, periodDate } from "@exodus/shared";
import { rollover } from "../src/cycle/rollover.ts";
import { quantile, startWriting, type Writes } from "./rollover-writer.ts";
import {
  DEFAULT_ADMIN_URL,
  flag,
  fmt,
  mb,
  option,
  run,
  Scratch,
  secs,
  shown,
  timed,
  UsageError,
} from "./scratch.ts";

/** The period that ends, the one the rollover begins, and when the scheduler runs it (5 min late). */
const ENDED: Period = "2026-11";
const PERIOD: Period = nextPeriod(ENDED);
const NOW = new Date("2026-12-01T00:05:00Z");
const ENDED_DATE = periodDate(ENDED).toISOString().slice(0, 10);
const START_DATE = periodDate(PERIOD).toISOString().slice(0, 10);
const TARGET = 3;
/** The longest a pledge write made during the rollover may wait, in milliseconds. */
const WAIT_TARGET_MS = 2000;

/** The rows the rollover acts on in the ending period: it lapses, renews from, or moves each. */
const ACTED_ON = "state IN ('intention', 'obligation', 'fulfilled', 'confirmed')";

/**
 * The bare UPDATEs. Both touch the same rows: every pledge of the ending period that the rollover
 * lapses (intentions), moves to ⌛ or carries (obligations, fulfilled) or renews (confirmed) —
 * about 90% of the period; the settled ones (withdrawn, released, ended) are left alone by both.
 * - "hot": sets an unindexed column — the literal "bare UPDATE touching the same rows". It could be
 *   a HOT update (no new index entries) where the page has room, but freshly seeded pages are full
 *   (fillfactor 100, just vacuumed), so it is not: like the rollover, it writes a new entry into
 *   every index of pledge for every row (the run prints the HOT share). Measured, it is the SLOWER
 *   of the two (≈18–23 s against ≈12–16 s at full size, with the same WAL and buffer traffic) —
 *   most likely because, since PostgreSQL 14, a non-HOT update that leaves an index's key unchanged
 *   inserts a duplicate key and tries deduplication / bottom-up deletion before a leaf page splits.
 * - "index": also changes an indexed column (period, as the rollover's carry does; its lapse
 *   changes state), so every row gets new entries in all six indexes, each with its new key.
 * Both are printed; the headline ratio uses the faster, i.e. the stricter baseline.
 * The rollover also inserts a pledge per renewal and an audit row per change; a bare UPDATE does not.
 */
const BARE = {
  hot: {
    label: "unindexed column",
    sql: `UPDATE pledge SET state_changed_at = $1 WHERE period = '${ENDED_DATE}' AND ${ACTED_ON}`,
  },
  index: {
    label: "indexed column",
    sql: `UPDATE pledge SET state_changed_at = $1, period = '${START_DATE}' WHERE period = '${ENDED_DATE}' AND ${ACTED_ON}`,
  },
} as const;

interface Sizes {
  members: number;
  pledges: number;
  keep: boolean;
  /** An experiment, not the schema: pledge's fillfactor (the schema leaves PostgreSQL's 100). */
  fillfactor: number | undefined;
}

function readSizes(argv: string[], env: NodeJS.ProcessEnv): Sizes {
  const count = (name: string, value: string | undefined, fallback: number) => {
    if (value === undefined || value === "") return fallback;
    const n = Number(value.replaceAll("_", ""));
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive integer`);
    return n;
  };
  const sizes = {
    members: count("members", option(argv, env, "members"), 100_000),
    pledges: count("pledges", option(argv, env, "pledges"), 1_000_000),
    keep: flag(argv, env, "keep"),
    fillfactor: undefined as number | undefined,
  };
  const fillfactor = option(argv, env, "fillfactor");
  if (fillfactor) {
    sizes.fillfactor = count("fillfactor", fillfactor, 100);
    if (sizes.fillfactor < 10 || sizes.fillfactor > 100) {
      throw new UsageError("fillfactor must be between 10 and 100");
    }
  }
  if (sizes.members < 1000) throw new UsageError("members must be at least 1,000");
  if (sizes.pledges < 1000) throw new UsageError("pledges must be at least 1,000");
  return sizes;
}

async function main(): Promise<number> {
  const sizes = readSizes(process.argv.slice(2), process.env);
  const adminUrl = process.env.DATABASE_URL || DEFAULT_ADMIN_URL;
  const seedName = `exodus_bench_${randomBytes(4).toString("hex")}`;
  const scratch = await Scratch.open(adminUrl, sizes.keep ? seedName : undefined);
  if (!scratch) return 2;

  try {
    console.log(
      `rollover benchmark · PostgreSQL ${await scratch.serverVersion()} at ${shown(adminUrl)} · ` +
        `${fmt(sizes.members)} members · ${fmt(sizes.pledges)} pledges · ${ENDED} → ${PERIOD}`,
    );
    if (sizes.fillfactor !== undefined) {
      console.log(
        `experiment: pledge fillfactor ${sizes.fillfactor} (the schema has the default, 100)`,
      );
    }

    // Seed the template database.
    const seedDb = await scratch.create(seedName);
    const seeded = await timed(() => seed(seedDb, sizes));
    console.log(
      `seeded in ${secs(seeded.ms)}: ${fmt(seeded.value.members)} members ` +
        `(${fmt(seeded.value.orange)} 🔆, ${fmt(seeded.value.red)} 🆘), ` +
        `${fmt(seeded.value.monthly)} monthly collections (${fmt(seeded.value.closed)} closed), ` +
        `${fmt(seeded.value.emergency)} emergencies, ${fmt(seeded.value.pledges)} pledges in ${ENDED} ` +
        `+ ${fmt(seeded.value.renewedAhead)} already in ${PERIOD}`,
    );
    console.log(`  pledge states in ${ENDED}: ${seeded.value.mix}`);
    const vacuum = await timed(() => seedDb.sql.exec("VACUUM ANALYZE"));
    // pg_prewarm (contrib) reads a relation into shared buffers; without it a plain scan warms the OS cache.
    const prewarm = await seedDb.sql.exec("CREATE EXTENSION IF NOT EXISTS pg_prewarm").then(
      () => true,
      () => false,
    );
    const expected = await expectations(seedDb);
    const size = await relationSizes(seedDb);
    console.log(
      `VACUUM ANALYZE ${secs(vacuum.ms)} · pledge ${mb(size.heap)} + ${mb(size.indexes)} in ` +
        `${size.indexCount} indexes · rows acted on: ${fmt(expected.actedOn)}`,
    );
    await scratch.close(seedDb);

    // Each measurement on its own copy of the seed (see the header for why).
    const measure = async <T>(tag: string, work: (db: Database) => Promise<T>) => {
      const name = `${seedName}_${tag}`;
      const db = await scratch.create(name, seedName);
      try {
        await warm(db, prewarm);
        const before = await writes(db);
        const result = await timed(() => work(db));
        return { ...result, io: await writesSince(db, before) };
      } finally {
        await scratch.close(db);
        await scratch.drop(name);
      }
    };

    const bare: Record<keyof typeof BARE, { rows: number; ms: number }> = {
      hot: { rows: 0, ms: 0 },
      index: { rows: 0, ms: 0 },
    };
    for (const key of Object.keys(BARE) as (keyof typeof BARE)[]) {
      const { label, sql } = BARE[key];
      const run = await measure(`bare_${key}`, (db) =>
        db.prisma.$transaction(
          async (tx) => {
            const rows = await tx.$executeRawUnsafe(sql, NOW);
            const [stat] = await tx.$queryRawUnsafe<{ hot: bigint }[]>(
              "SELECT n_tup_hot_upd AS hot FROM pg_stat_xact_user_tables WHERE relname = 'pledge'",
            );
            return { rows, hot: Number(stat?.hot ?? 0) };
          },
          { timeout: 30 * 60 * 1000, maxWait: 60 * 1000 },
        ),
      );
      bare[key] = { rows: run.value.rows, ms: run.ms };
      console.log(
        `bare UPDATE (${label}): ${fmt(run.value.rows)} rows in ${secs(run.ms)} ` +
          `(HOT ${pct(run.value.hot, run.value.rows)}, ${io(run.io)})\n  ${sql.replace("$1", "now")}`,
      );
    }

    // The chunks' times, from one commit to the next (waits for writers in flight included).
    const chunks: number[] = [];
    let edits: Writes | undefined;
    const rolled = await measure("rollover", async (db) => {
      const writer = await startWriting(db, START_DATE, NOW);
      let last = performance.now();
      try {
        return await rollover(db.prisma, PERIOD, NOW, {
          betweenChunks: () => {
            chunks.push(performance.now() - last);
            last = performance.now();
          },
        });
      } finally {
        edits = await writer.stop();
      }
    });
    const r = rolled.value;
    console.log(
      `rollover(${PERIOD}): lapsed ${fmt(r.lapsed)} · renewed ${fmt(r.renewed)} · ` +
        `overdue ${fmt(r.overdue)} · carried ${fmt(r.carried)} in ${secs(rolled.ms)} ` +
        `(${io(rolled.io)}), ${fmt(chunks.length)} chunks, longest ${secs(Math.max(0, ...chunks))}`,
    );
    const w = edits as Writes;
    const longest = quantile(w.waits, 1);
    console.log(
      `concurrent pledge edits: ${fmt(w.count)}, waited p50 ${ms(quantile(w.waits, 0.5))} · ` +
        `p99 ${ms(quantile(w.waits, 0.99))} · longest ${ms(longest)}; ` +
        `${fmt(w.refused)} asked to retry, ${fmt(w.failures.length)} failed` +
        (w.failures.length > 0 ? ` (first: ${w.failures[0]})` : ""),
    );
    const mismatches = (["lapsed", "renewed", "overdue", "carried"] as const).filter(
      (k) => r[k] !== expected[k],
    );
    if (!r.ran || mismatches.length > 0) {
      console.error(
        `  the rollover did not do what the seed implies: ${mismatches
          .map((k) => `${k} ${fmt(r[k])}, expected ${fmt(expected[k])}`)
          .join("; ")}${r.ran ? "" : " (it did not run)"}`,
      );
    }

    // The headline compares with the faster of the two bare UPDATEs: the stricter ratio.
    const [fast, slow] =
      bare.hot.ms <= bare.index.ms ? (["hot", "index"] as const) : (["index", "hot"] as const);
    const ratio = rolled.ms / bare[fast].ms;
    console.log(
      `\nrollover ${secs(rolled.ms)} · bare UPDATE ${secs(bare[fast].ms)} · ` +
        `ratio ${ratio.toFixed(1)}× (target ≤ ${TARGET}×) ${ratio <= TARGET ? "✓" : "✗"}`,
    );
    console.log(
      `  bare UPDATE = the faster of the two (${BARE[fast].label}); against the other ` +
        `(${BARE[slow].label}, ${secs(bare[slow].ms)}): ${(rolled.ms / bare[slow].ms).toFixed(1)}×`,
    );
    const waitOk = longest <= WAIT_TARGET_MS && w.refused === 0 && w.failures.length === 0;
    console.log(
      `longest concurrent write wait ${secs(longest)} (target ≤ ${secs(WAIT_TARGET_MS)}) ${waitOk ? "✓" : "✗"}`,
    );
    if (sizes.keep) {
      console.log(`kept the seeded database: ${shown(scratch.url(seedName))}`);
    }
    console.log(
      `verdict: rollover ${ratio.toFixed(1)}× the bare UPDATE (≤ ${TARGET}×) ${ratio <= TARGET ? "✓" : "✗"} · ` +
        `longest concurrent write wait ${secs(longest)} (≤ ${secs(WAIT_TARGET_MS)}) ${waitOk ? "✓" : "✗"}`,
    );
    return 0;
  } finally {
    await scratch.cleanUp();
  }
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

function pct(part: number, whole: number): string {
  return whole === 0 ? "0%" : `${((100 * part) / whole).toFixed(0)}%`;
}

/**
 * Set-based seed: every table is filled by one INSERT … SELECT over generate_series, deterministic
 * (hashint4 of the row number, not random()), with ids given so the arithmetic below can use them.
 * - members: ~19.5% 🔆 (id % 5 = 0) with an open monthly collection; 1% 🆘 (id % 200 = 50 came from
 *   🔆 and keeps its monthly collection, paused; id % 200 = 101 came from ✅), each with an open
 *   emergency; 1% ✅ (id % 100 = 7) who closed their monthly collection during the ending period.
 * - pledges, all in the ending period: 99% spread round-robin over the monthly collections, 1% over
 *   the emergencies. The k-th pledge to collection c comes from giver ((c·7919 + k·1000003) mod
 *   (members − 1)) + 1, skipping the receiver: never oneself, one pledge per giver per collection.
 *   Monthly states: 30% intention (ended, if the collection was closed), 15% obligation,
 *   10% fulfilled, 35% confirmed, 5% withdrawn, 5% released. Emergencies: 50% obligation,
 *   20% fulfilled, 30% confirmed. Amounts $5–$500 in cents.
 * - 1 in 200 confirmed givers of open collections already pledged again in the new period (the
 *   scheduler runs a few minutes late), so the renewal's "unless they already pledged anew" has work.
 * renewed_from_id stays null: the seed has no earlier period to renew from.
 */
async function seed(db: Database, sizes: Sizes) {
  const { sql } = db;
  const M = sizes.members;
  if (sizes.fillfactor !== undefined) {
    await sql.exec(`ALTER TABLE pledge SET (fillfactor = ${sizes.fillfactor})`);
  }
  const endedStart = `timestamptz '${ENDED_DATE} 00:00:00+00'`;
  // Seconds into the ending period (30 days), from a hash of the row number.
  const within = (salt: number, expr = "i") =>
    `((hashint4(${expr} + ${salt})::bigint & 2147483647) % 2592000) * interval '1 second'`;

  await sql.exec(`
    INSERT INTO member (id, telegram_id, first_name, last_name, username, telegram_language, language,
      status, created_at, updated_at)
    SELECT i, 1000000000 + i, 'Member ' || i,
      CASE WHEN i % 3 = 0 THEN NULL ELSE 'Family' || (i % 997) END,
      CASE WHEN i % 4 = 0 THEN NULL ELSE 'member_' || i END,
      (ARRAY['en', 'ru', 'uk'])[1 + i % 3],
      (ARRAY['en', 'ru', 'uk']::"Language"[])[1 + i % 3],
      (CASE WHEN i % 200 IN (50, 101) THEN 'red' WHEN i % 5 = 0 THEN 'orange' ELSE 'green' END)::"MemberStatus",
      ${endedStart} - interval '400 days' + ${within(1)} * 12,
      ${endedStart} + ${within(2)}
    FROM generate_series(1, ${M}) i;
    SELECT setval(pg_get_serial_sequence('member', 'id'), ${M});

    INSERT INTO collection (id, member_id, kind, goal, paused, opened_at, closed_at, outcome, updated_at)
    SELECT row_number() OVER (ORDER BY m.id), m.id, 'monthly',
      (200 + (hashint4(m.id)::bigint & 2147483647) % 1800) * 100,
      m.status = 'red',
      ${endedStart} - interval '200 days' + ${within(3, "m.id")} * 6,
      CASE WHEN m.id % 100 = 7 THEN ${endedStart} + ${within(4, "m.id")} END,
      CASE WHEN m.id % 100 = 7 THEN 'closed'::"CollectionOutcome" END,
      ${endedStart} + ${within(5, "m.id")}
    FROM member m WHERE m.id % 5 = 0 OR m.id % 100 = 7;

    INSERT INTO collection (id, member_id, kind, goal, deadline, opened_at, updated_at)
    SELECT (SELECT max(id) FROM collection) + row_number() OVER (ORDER BY m.id), m.id, 'emergency',
      (500 + (hashint4(m.id)::bigint & 2147483647) % 9500) * 100,
      timestamptz '${START_DATE} 00:00:00+00' + interval '1 day' * (1 + m.id % 20),
      timestamptz '${START_DATE} 00:00:00+00' - interval '1 day' * (1 + m.id % 10),
      timestamptz '${START_DATE} 00:00:00+00' - interval '1 day' * (1 + m.id % 10)
    FROM member m WHERE m.status = 'red';
    SELECT setval(pg_get_serial_sequence('collection', 'id'), (SELECT max(id) FROM collection));
  `);

  const [counts] = await sql.query<{ monthly: number; emergency: number }>(`
    SELECT count(*) FILTER (WHERE kind = 'monthly')::int AS monthly,
      count(*) FILTER (WHERE kind = 'emergency')::int AS emergency FROM collection`);
  const monthly = counts?.monthly ?? 0;
  const emergency = counts?.emergency ?? 0;
  const toEmergencies = emergency > 0 ? Math.floor(sizes.pledges / 100) : 0;
  const toMonthly = sizes.pledges - toEmergencies;
  if (Math.ceil(toMonthly / monthly) >= M - 1 || Math.ceil(toEmergencies / emergency) >= M - 1) {
    throw new UsageError("too many pledges for so few members: some giver would pledge twice");
  }

  // One INSERT … SELECT per kind of collection: the k-th pledge to the c-th collection.
  const pledges = (
    kind: "monthly" | "emergency",
    count: number,
    collections: number,
    salt: number,
    state: string,
  ) => `
    INSERT INTO pledge (giver_id, receiver_id, collection_id, amount, state, period, state_changed_at,
      created_at)
    SELECT giver, receiver, collection_id, amount, state::"PledgeState", '${ENDED_DATE}', created_at
      + CASE WHEN state = 'intention' THEN interval '0' ELSE (h % 72) * interval '1 hour' END,
      created_at
    FROM (
      SELECT s.*, g0 + CASE WHEN g0 >= receiver THEN 1 ELSE 0 END AS giver, ${state} AS state
      FROM (
        SELECT c.id AS collection_id, c.member_id AS receiver, c.closed_at,
          ((c.idx * 7919 + (i / ${collections})::bigint * 1000003) % ${M - 1}) + 1 AS g0,
          (hashint4(i + ${salt})::bigint & 2147483647) % 1000 AS h,
          500 + (hashint4(i + ${salt + 1})::bigint & 2147483647) % 49500 AS amount,
          ${endedStart} + ${within(salt + 2)} AS created_at
        FROM generate_series(0, ${count - 1}) i
        JOIN (
          SELECT id, member_id, closed_at, row_number() OVER (ORDER BY id) - 1 AS idx
          FROM collection WHERE kind = '${kind}'
        ) c ON c.idx = i % ${collections}
      ) s
    ) p
    ORDER BY p.created_at`;

  await sql.exec(
    pledges(
      "monthly",
      toMonthly,
      monthly,
      100,
      `CASE
        WHEN h < 300 THEN CASE WHEN closed_at IS NULL THEN 'intention' ELSE 'ended' END
        WHEN h < 450 THEN 'obligation' WHEN h < 550 THEN 'fulfilled' WHEN h < 900 THEN 'confirmed'
        WHEN h < 950 THEN 'withdrawn' ELSE 'released' END`,
    ),
  );
  if (toEmergencies > 0) {
    await sql.exec(
      pledges(
        "emergency",
        toEmergencies,
        emergency,
        200,
        `CASE WHEN h < 500 THEN 'obligation' WHEN h < 700 THEN 'fulfilled' ELSE 'confirmed' END`,
      ),
    );
  }
  await sql.exec(`
    INSERT INTO pledge (giver_id, receiver_id, collection_id, amount, state, period, state_changed_at,
      created_at)
    SELECT p.giver_id, p.receiver_id, p.collection_id, p.amount + 100, 'intention', '${START_DATE}',
      timestamptz '${START_DATE} 00:01:00+00', timestamptz '${START_DATE} 00:01:00+00'
    FROM pledge p JOIN collection c ON c.id = p.collection_id
    WHERE c.kind = 'monthly' AND c.closed_at IS NULL AND p.period = '${ENDED_DATE}'
      AND p.state = 'confirmed' AND hashint4(p.id) % 200 = 0
    ORDER BY p.id`);

  const [summary] = await sql.query<{
    members: number;
    orange: number;
    red: number;
    closed: number;
    pledges: number;
    ahead: number;
    mix: string;
  }>(`
    SELECT (SELECT count(*) FROM member)::int AS members,
      (SELECT count(*) FROM member WHERE status = 'orange')::int AS orange,
      (SELECT count(*) FROM member WHERE status = 'red')::int AS red,
      (SELECT count(*) FROM collection WHERE kind = 'monthly' AND closed_at IS NOT NULL)::int AS closed,
      (SELECT count(*) FROM pledge WHERE period = '${ENDED_DATE}')::int AS pledges,
      (SELECT count(*) FROM pledge WHERE period = '${START_DATE}')::int AS ahead,
      (SELECT string_agg(state || ' ' || share || '%', ' · ' ORDER BY state)
       FROM (SELECT state, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS share
             FROM pledge WHERE period = '${ENDED_DATE}' GROUP BY state) s
      ) AS mix`);
  if (!summary) throw new Error("seed summary missing");
  return {
    members: summary.members,
    orange: summary.orange,
    red: summary.red,
    monthly,
    closed: summary.closed,
    emergency,
    pledges: summary.pledges,
    renewedAhead: summary.ahead,
    mix: summary.mix,
  };
}

/** What the rollover must report on the seeded data (DOMAIN.md, "The monthly cycle"). */
async function expectations(db: Database) {
  const [row] = await db.sql.query<{
    lapsed: number;
    renewed: number;
    overdue: number;
    carried: number;
    actedOn: number;
  }>(`
    SELECT
      count(*) FILTER (WHERE c.kind = 'monthly' AND p.state = 'intention')::int AS lapsed,
      count(*) FILTER (WHERE c.kind = 'monthly' AND c.closed_at IS NULL AND p.state = 'confirmed'
        AND NOT EXISTS (SELECT 1 FROM pledge q WHERE q.giver_id = p.giver_id
          AND q.collection_id = p.collection_id AND q.period = '${START_DATE}'))::int AS renewed,
      count(*) FILTER (WHERE c.kind = 'monthly' AND p.state IN ('obligation', 'fulfilled')
        AND g.status <> 'red')::int AS overdue,
      count(*) FILTER (WHERE c.kind = 'monthly' AND p.state IN ('obligation', 'fulfilled')
        AND g.status = 'red')::int AS carried,
      count(*) FILTER (WHERE p.${ACTED_ON})::int AS "actedOn"
    FROM pledge p JOIN collection c ON c.id = p.collection_id JOIN member g ON g.id = p.giver_id
    WHERE p.period = '${ENDED_DATE}'`);
  if (!row) throw new Error("expectations missing");
  return row;
}

async function relationSizes(db: Database) {
  const [row] = await db.sql.query<{ heap: string; indexes: string; count: number }>(`
    SELECT pg_relation_size('pledge') AS heap, pg_indexes_size('pledge') AS indexes,
      (SELECT count(*) FROM pg_index WHERE indrelid = 'pledge'::regclass)::int AS count`);
  return {
    heap: Number(row?.heap ?? 0),
    indexes: Number(row?.indexes ?? 0),
    indexCount: row?.count ?? 0,
  };
}

/** Reads the tables the rollover uses into the cache and checkpoints, before each measurement. */
async function warm(db: Database, prewarm: boolean) {
  const tables = ["pledge", "collection", "member", "pledge_event"];
  if (prewarm) {
    await db.sql.exec(`
      SELECT pg_prewarm(c.oid) FROM pg_class c
      WHERE c.oid IN (${tables.map((t) => `'${t}'::regclass`).join(", ")})
        OR c.oid IN (SELECT indexrelid FROM pg_index
                     WHERE indrelid IN (${tables.map((t) => `'${t}'::regclass`).join(", ")}))`);
  } else {
    for (const t of tables) await db.sql.exec(`SELECT count(*) FROM ${t}`);
  }
  await db.sql.exec("CHECKPOINT").catch(() => {});
  // The first transaction of a fresh Prisma client connects and warms up; keep that out of the timing.
  await db.prisma.$transaction(async (tx) => tx.$queryRawUnsafe("SELECT 1"));
}

/**
 * Where the server's WAL is and how many checkpoints it has made. A measurement that writes more WAL
 * than max_wal_size allows between checkpoints triggers some, and pays full-page writes again after
 * each: part of the run-to-run spread.
 */
async function writes(db: Database): Promise<{ lsn: string; checkpoints: number }> {
  const [row] = await db.sql.query<{ lsn: string; checkpoints: number }>(`
    SELECT pg_current_wal_lsn()::text AS lsn,
      (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter)::int AS checkpoints`);
  return { lsn: row?.lsn ?? "0/0", checkpoints: row?.checkpoints ?? 0 };
}

async function writesSince(db: Database, before: { lsn: string; checkpoints: number }) {
  // The checkpointer reports its count when a checkpoint ends; a new snapshot sees it.
  await db.sql.query("SELECT pg_stat_clear_snapshot()");
  const [row] = await db.sql.query<{ bytes: string; checkpoints: number }>(
    `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::bigint AS bytes,
      (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter)::int AS checkpoints`,
    [before.lsn],
  );
  return {
    wal: Number(row?.bytes ?? 0),
    checkpoints: (row?.checkpoints ?? before.checkpoints) - before.checkpoints,
  };
}

function io({ wal, checkpoints }: { wal: number; checkpoints: number }): string {
  return `WAL ${mb(wal)}, ${checkpoints} checkpoint${checkpoints === 1 ? "" : "s"} during it`;
}

run("bench:rollover", main);
