/**
 * Benchmark of the network queries (issue 4, item 7; issue 11, item 9) — `pnpm bench:network`, not a
 * test.
 *
 * Seeds a fresh PostgreSQL database with BENCH_MEMBERS members (default 100,000) and BENCH_TIES ties
 * (default 1,000,000: referral ties plus help ties, see `seed` below) through the real tables and
 * their triggers (help_tie and tie are kept by them as the seed writes member and pledge), then, for
 * viewers with 10, 100 and 1,000 direct ties (BENCH_VIEWERS of each, default 5), times in the same
 * run:
 *   - a bare indexed SELECT of the viewer's direct ties (BARE below) — the floor,
 *   - "my network": the real `memberList(prisma, viewer, "network", …, { limit: 20 })` of
 *     apps/server/src/network/lists.ts, what the Mini App's "my network" screen calls,
 *   - "graph data": the work of the `graph` procedure of apps/server/src/network/router.ts —
 *     `memberList(…, { limit: 300 })`, then `graphEdges` of the viewer and those nodes,
 *   - `networkOf` of apps/server/src/network/graph.ts (the 2-hop ids alone), to tell how much of
 *     "my network" is the walk and how much the totals, the sort and the page,
 * each BENCH_REPS times per viewer (default 20) after a warm-up, one at a time over one PrismaClient
 * from `openDatabase`, and prints p50 / p95 per class. Goals (GOALS below, issue 11): p95 of "my
 * network" ≤ 20 ms at 100 direct ties and ≤ 50 ms at 1,000; p95 of graph data ≤ 50 ms at 100. The
 * last line is the verdict, ✓ or ✗ for each.
 *
 *   pnpm bench:network                                        # the issue's sizes
 *   BENCH_MEMBERS=20000 BENCH_TIES=200000 pnpm bench:network  # a quick check
 *   pnpm bench:network -- --members=20000 --ties=200000       # the same, as arguments
 *   BENCH_VIEWERS=3 BENCH_REPS=10 pnpm bench:network          # fewer viewers / repetitions
 *   BENCH_HISTORY=0 pnpm bench:network                        # no settled pledges of past periods
 *   BENCH_EXPLAIN=1 pnpm bench:network                        # also EXPLAIN (ANALYZE, BUFFERS) the
 *                                                             # queries of one 100-tie viewer
 *   BENCH_KEEP=1 pnpm bench:network                           # keep the seeded database to inspect
 *
 * DATABASE_URL names the server and an admin database (default
 * postgresql://postgres@127.0.0.1:5432/postgres); the role must be allowed to CREATE DATABASE. The
 * benchmark's database is created fresh and dropped at the end, also on failure or Ctrl-C.
 *
 * The latencies are warm-cache ones (the whole database fits in memory at these sizes and is read
 * into it before measuring), measured in this process around each call: they include Prisma's and
 * the driver's overhead and the round trip, as the server would see them — and so does the bare
 * SELECT, which goes through the same client.
 */
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { type Database, Prisma, type PrismaClient } from "@exodus/db";
import { type Period, periodDate, previousPeriod } from "@exodus/shared";
import { graphEdges } from "../src/network/circle.ts";
import { networkOf, tiesOf, tiesSince } from "../src/network/graph.ts";
import { memberList } from "../src/network/lists.ts";
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

/** "Now" for the lists: ten days into a period, so it has intentions, obligations and gifts. */
const NOW = new Date("2026-12-10T12:00:00Z");
const TIME_ZONE = "UTC";
const PERIOD: Period = "2026-12";
const PERIOD_DATE = periodDate(PERIOD).toISOString().slice(0, 10);
const PREVIOUS_DATE = periodDate(previousPeriod(PERIOD)).toISOString().slice(0, 10);

/** The graph procedure's bound (router.ts) and the "my network" screen's page. */
const GRAPH_NODES = 300;
const PAGE = 20;
/** The issue's goals: a query's p95 at a class of direct ties, at most so many ms. */
const GOALS = [
  { key: "network", label: "my network", ties: 100, ms: 20 },
  { key: "network", label: "my network", ties: 1000, ms: 50 },
  { key: "graph", label: "graph data", ties: 100, ms: 50 },
] as const;
/** The class whose queries BENCH_EXPLAIN explains. */
const EXPLAIN_CLASS = 100;

/**
 * The viewers' direct ties by kind, adding up to the class: the one who invited them, those they
 * invited, the collections they give to, and those who give to their own monthly collection.
 */
const CLASSES = [
  { ties: 10, inviters: 1, invitees: 1, gives: 3, givers: 5 },
  { ties: 100, inviters: 1, invitees: 4, gives: 15, givers: 80 },
  { ties: 1000, inviters: 1, invitees: 19, gives: 80, givers: 900 },
] as const;

/** The states in which a pledge ties giver and receiver (graph.ts: live or overdue). */
const TIED = "('intention', 'obligation', 'fulfilled')";

/**
 * The floor: the viewer's direct ties by the indexes that exist for them (tie_lasting and
 * tie_confirmed, as graph.ts's tiesOf reads them) — one hop, ids only, nothing joined or sorted.
 */
const SINCE = tiesSince(NOW, TIME_ZONE);
const bare = (viewerId: number) => Prisma.sql`
  SELECT w.other_id AS id FROM (${tiesOf(Prisma.sql`${viewerId}::int`, SINCE)}) w`;

interface Sizes {
  members: number;
  ties: number;
  /** Settled pledges of past periods (confirmed, lapsed, withdrawn, released): not ties. */
  history: number;
  viewers: number;
  reps: number;
  keep: boolean;
  explain: boolean;
}

function readSizes(argv: string[], env: NodeJS.ProcessEnv): Sizes {
  const count = (name: string, value: string | undefined, fallback: number, min = 1) => {
    if (value === undefined || value === "") return fallback;
    const n = Number(value.replaceAll("_", ""));
    if (!Number.isInteger(n) || n < min) {
      throw new UsageError(`${name} must be an integer of at least ${min}`);
    }
    return n;
  };
  const members = count("members", option(argv, env, "members"), 100_000);
  const ties = count("ties", option(argv, env, "ties"), 1_000_000);
  const sizes: Sizes = {
    members,
    ties,
    history: count("history", option(argv, env, "history"), Math.round(ties * 0.4), 0),
    viewers: count("viewers", option(argv, env, "viewers"), 5),
    reps: count("reps", option(argv, env, "reps"), 20),
    keep: flag(argv, env, "keep"),
    explain: flag(argv, env, "explain"),
  };
  if (members < 5000) throw new UsageError("members must be at least 5,000");
  if (ties < 2 * members) throw new UsageError("ties must be at least twice the members");
  if (ties > 200 * members) throw new UsageError("ties must be at most 200 times the members");
  if (sizes.viewers > 20) throw new UsageError("viewers must be at most 20 per class");
  return sizes;
}

const msText = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;

/** Nearest-rank percentile of a sample. */
function percentile(sample: number[], p: number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

async function main(): Promise<number> {
  const sizes = readSizes(process.argv.slice(2), process.env);
  const adminUrl = process.env.DATABASE_URL || DEFAULT_ADMIN_URL;
  const name = `exodus_bench_net_${randomBytes(4).toString("hex")}`;
  const scratch = await Scratch.open(adminUrl, sizes.keep ? name : undefined);
  if (!scratch) return 2;

  try {
    console.log(
      `network benchmark · PostgreSQL ${await scratch.serverVersion()} at ${shown(adminUrl)} · ` +
        `${fmt(sizes.members)} members · ${fmt(sizes.ties)} ties · ` +
        `${sizes.viewers} viewers × ${sizes.reps} repetitions per class`,
    );

    const db = await scratch.create(name);
    const seeded = await timed(() => seed(db, sizes));
    const s = seeded.value;
    console.log(
      `seeded in ${secs(seeded.ms)}: ${fmt(s.members)} members (${fmt(s.orange)} 🔆, ${fmt(s.red)} 🆘), ` +
        `${fmt(s.open)} open collections · ${fmt(s.ties)} ties = ${fmt(s.referral)} referral + ` +
        `${fmt(s.helpPairs)} help (${fmt(s.helpPledges)} live or overdue pledges)` +
        (s.overlap > 0 ? ` − ${fmt(s.overlap)} pairs tied both ways` : "") +
        `, and ${fmt(s.confirmedOnly)} pairs tied only by a gift confirmed this period · mean degree ` +
        `${((2 * (s.ties + s.confirmedOnly)) / s.members).toFixed(1)}`,
    );
    // The triggers kept the tie table as the seed wrote member and pledge: it must hold them all.
    const all = s.ties + s.confirmedOnly;
    console.log(
      `  tie table (kept by the triggers): ${fmt(s.tiePairs)} pairs tie now ` +
        `${s.tiePairs === all ? "✓ as the seed's ties" : `✗ the seed has ${fmt(all)}`}`,
    );
    console.log(`  pledges: ${fmt(s.pledges)} · ${s.mix}`);

    const vacuum = await timed(() => db.sql.exec("VACUUM ANALYZE"));
    const size = await relationSizes(db);
    console.log(
      `VACUUM ANALYZE ${secs(vacuum.ms)} · pledge ${mb(size.pledge)} + ${mb(size.pledgeIndexes)} ` +
        `indexes · member ${mb(size.member)} + ${mb(size.memberIndexes)} indexes`,
    );
    await warm(db);

    const { prisma } = db;
    const loadBefore = loadavg()[0] ?? 0;
    const results: ClassResult[] = [];
    for (const cls of CLASSES) {
      const ids = s.viewers.filter((v) => v.ties === cls.ties).map((v) => v.id);
      results.push(await measureClass(prisma, cls.ties, ids, sizes.reps));
    }
    printResults(results);
    // Other work on the machine shows in the figures: say how busy it was.
    console.log(
      `machine: ${availableParallelism()} cores · load average (1 min) ` +
        `${loadBefore.toFixed(1)} before measuring, ${(loadavg()[0] ?? 0).toFixed(1)} after`,
    );

    if (sizes.explain) {
      const viewer = s.viewers.find((v) => v.ties === EXPLAIN_CLASS)?.id;
      if (viewer !== undefined) await explain(prisma, viewer);
    }
    if (sizes.keep) {
      console.log(`kept the seeded database: ${shown(scratch.url(name))}`);
    }
    console.log(`\n${verdict(results)}`);
    return 0;
  } finally {
    await scratch.cleanUp();
  }
}

interface Query {
  key: "bare" | "networkOf" | "network" | "graph";
  label: string;
  run: (prisma: PrismaClient, viewerId: number) => Promise<unknown>;
}

const QUERIES: Query[] = [
  {
    key: "bare",
    label: "bare SELECT of the direct ties",
    run: (prisma, viewerId) => prisma.$queryRaw(bare(viewerId)),
  },
  {
    key: "networkOf",
    label: "networkOf (2-hop ids only)",
    run: (prisma, viewerId) => networkOf(prisma, viewerId, NOW, TIME_ZONE),
  },
  {
    key: "network",
    label: `my network (memberList, ${PAGE})`,
    run: (prisma, viewerId) =>
      memberList(prisma, viewerId, "network", NOW, TIME_ZONE, { limit: PAGE, offset: 0 }),
  },
  {
    key: "graph",
    label: `graph data (${GRAPH_NODES} + edges)`,
    run: (prisma, viewerId) => graphWork(prisma, viewerId),
  },
];

/** What the `graph` procedure of router.ts does for a viewer (without tRPC's auth and context). */
async function graphWork(prisma: PrismaClient, viewerId: number) {
  const nodes = await memberList(prisma, viewerId, "network", NOW, TIME_ZONE, {
    limit: GRAPH_NODES,
    offset: 0,
  });
  const edges = await graphEdges(prisma, [viewerId, ...nodes.map((n) => n.id)], NOW, TIME_ZONE);
  return { nodes, edges };
}

interface ClassResult {
  ties: number;
  viewers: number;
  direct: number[];
  network: number[];
  neighbourDegree: number;
  nodes: number[];
  edges: number[];
  samples: Record<Query["key"], number[]>;
}

async function measureClass(
  prisma: PrismaClient,
  ties: number,
  viewers: number[],
  reps: number,
): Promise<ClassResult> {
  const result: ClassResult = {
    ties,
    viewers: viewers.length,
    direct: [],
    network: [],
    neighbourDegree: 0,
    nodes: [],
    edges: [],
    samples: { bare: [], networkOf: [], network: [], graph: [] },
  };
  for (const viewer of viewers) {
    result.direct.push((await prisma.$queryRaw<unknown[]>(bare(viewer))).length);
    result.network.push((await networkOf(prisma, viewer, NOW, TIME_ZONE)).size);
    const graph = await graphWork(prisma, viewer);
    result.nodes.push(graph.nodes.length);
    result.edges.push(graph.edges.length);
  }
  result.neighbourDegree = await neighbourDegree(prisma, viewers);
  // Warm-up: every query for every viewer, a few times, outside the sample.
  for (let i = 0; i < 3; i++) {
    for (const viewer of viewers) for (const q of QUERIES) await q.run(prisma, viewer);
  }
  for (let rep = 0; rep < reps; rep++) {
    for (const viewer of viewers) {
      // Rotate the order so no query always runs right after a particular other one.
      for (let k = 0; k < QUERIES.length; k++) {
        const q = QUERIES[(k + rep) % QUERIES.length] as Query;
        const start = performance.now();
        await q.run(prisma, viewer);
        result.samples[q.key].push(performance.now() - start);
      }
    }
  }
  return result;
}

/** The mean number of direct ties of the viewers' direct ties. */
async function neighbourDegree(prisma: PrismaClient, viewers: number[]): Promise<number> {
  let sum = 0;
  let count = 0;
  for (const viewer of viewers) {
    const [row] = await prisma.$queryRaw<{ n: number; total: bigint }[]>`
      WITH n1 AS (${bare(viewer)})
      SELECT count(*)::int AS n, coalesce(sum(d.ties), 0)::bigint AS total FROM n1
      CROSS JOIN LATERAL (
        SELECT count(*) AS ties FROM (${tiesOf(Prisma.sql`n1.id`, SINCE)}) w
      ) d`;
    sum += Number(row?.total ?? 0);
    count += row?.n ?? 0;
  }
  return count === 0 ? 0 : sum / count;
}

function range(values: number[]): string {
  if (values.length === 0) return "–";
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? fmt(min) : `${fmt(min)}–${fmt(max)}`;
}

function printResults(results: ClassResult[]) {
  console.log("");
  for (const r of results) {
    const mean = r.network.reduce((a, b) => a + b, 0) / Math.max(1, r.network.length);
    console.log(
      `${fmt(r.ties)} direct ties · ${r.viewers} viewers · direct ties ${range(r.direct)} · ` +
        `their mean degree ${r.neighbourDegree.toFixed(1)} · 2-hop network ${range(r.network)} ` +
        `members (mean ${fmt(Math.round(mean))}) · graph ${range(r.nodes)} nodes, ${range(r.edges)} edges`,
    );
  }
  const n = results[0]?.samples.bare.length ?? 0;
  console.log(`\nlatency, p50 / p95 over ${n} calls per class (viewers × repetitions), warm cache`);
  const head = ["query".padEnd(34), ...results.map((r) => `${fmt(r.ties)} ties`.padStart(22))];
  console.log(head.join(""));
  for (const q of QUERIES) {
    const cells = results.map((r) => {
      const sample = r.samples[q.key];
      return `${msText(percentile(sample, 0.5))} / ${msText(percentile(sample, 0.95))}`.padStart(
        22,
      );
    });
    console.log(q.label.padEnd(34) + cells.join(""));
  }
  console.log(`\ngoals: p95 against its floor (the bare SELECT's p95 beside it)`);
  for (const goal of GOALS) {
    const r = results.find((x) => x.ties === goal.ties);
    if (!r) continue;
    const p95 = percentile(r.samples[goal.key], 0.95);
    console.log(
      `  ${`${goal.label} at ${fmt(goal.ties)} direct ties`.padEnd(36)}${msText(p95).padStart(9)}` +
        `  ≤ ${goal.ms} ms ${p95 <= goal.ms ? "✓" : "✗"}` +
        `   (bare SELECT ${msText(percentile(r.samples.bare, 0.95))})`,
    );
  }
}

/** One line: ✓ or ✗ for each goal of the issue. */
function verdict(results: ClassResult[]): string {
  const marks = GOALS.map((goal) => {
    const r = results.find((x) => x.ties === goal.ties);
    const p95 = r ? percentile(r.samples[goal.key], 0.95) : Number.NaN;
    return `${p95 <= goal.ms ? "✓" : "✗"} ${goal.label} at ${fmt(goal.ties)} ties ${msText(p95)} (≤ ${goal.ms} ms)`;
  });
  return `verdict: ${marks.join(" · ")}`;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statements the real functions send for one viewer: a client
 * extension records each $queryRaw (as Prisma.Sql) while the function runs; each is then explained
 * on the plain client.
 */
async function explain(prisma: PrismaClient, viewerId: number) {
  const captured: Prisma.Sql[] = [];
  const spy = prisma.$extends({
    query: {
      $queryRaw({ args, query }) {
        // Typed as one Prisma.Sql; a tagged template may also arrive as [strings, ...values].
        const raw: unknown = args;
        if (raw instanceof Prisma.Sql) captured.push(raw);
        else if (Array.isArray(raw)) {
          const [head, ...values] = raw as [unknown, ...Prisma.Sql[]];
          captured.push(
            head instanceof Prisma.Sql ? head : Prisma.sql(head as readonly string[], ...values),
          );
        }
        return query(args);
      },
    },
  }) as unknown as PrismaClient;
  const plans: [string, () => Promise<unknown>][] = [
    [
      `memberList "network" (page of ${PAGE})`,
      () => memberList(spy, viewerId, "network", NOW, TIME_ZONE, { limit: PAGE, offset: 0 }),
    ],
    [`graph data (memberList ${GRAPH_NODES}, then graphEdges)`, () => graphWork(spy, viewerId)],
  ];
  for (const [label, work] of plans) {
    captured.length = 0;
    await work();
    for (const [i, statement] of captured.entries()) {
      const rows = await prisma.$queryRaw<{ "QUERY PLAN": string }[]>(
        Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${statement}`,
      );
      console.log(
        `\nEXPLAIN (ANALYZE, BUFFERS) — ${label}, statement ${i + 1}, viewer ${viewerId}`,
      );
      for (const row of rows) console.log(`  ${row["QUERY PLAN"]}`);
    }
  }
}

/** A hash of a row number or id, non-negative, deterministic (not random()). */
const h = (expr: string, salt: number) =>
  `(hashint4((${expr})::int + ${salt})::bigint & 2147483647)`;

/**
 * The state of a pledge that ties (by a hash in 0–99): 55% intention, 25% obligation, 12% fulfilled
 * in the current period, 8% an obligation of the previous period in the overdue archive ⌛.
 */
const tieState = (hash: string) =>
  `CASE WHEN ${hash} < 55 THEN 'intention' WHEN ${hash} < 80 THEN 'obligation'
     WHEN ${hash} < 92 THEN 'fulfilled' ELSE 'obligation' END`;
const tieOverdue = (hash: string) => `(${hash} >= 92)`;
const tiePeriod = (hash: string) =>
  `CASE WHEN ${hash} >= 92 THEN date '${PREVIOUS_DATE}' ELSE date '${PERIOD_DATE}' END`;

/**
 * Set-based seed (INSERT … SELECT over generate_series, hashint4 of the row number for anything
 * "random"), in this order:
 * - members 1..M, joined in id order over 400 days: 20% 🔆 (id % 5 = 0) with an open monthly
 *   collection, 1% 🆘 (id % 100 = 51) with an open emergency, 1% ✅ (id % 100 = 7) with a monthly
 *   collection they closed; the rest ✅. 90% were invited by an earlier member, chosen uniformly (so
 *   early members invited more): one referral tie each.
 * - viewers: BENCH_VIEWERS members (all 🔆) per class, spread over the ids. Their generic ties are
 *   removed (no pledges, their invitees re-pointed to the previous member) and replaced by exactly
 *   the class's ties (CLASSES): an inviter, invitees, collections they give to, givers to them — all
 *   distinct members, so the number of direct ties is exact.
 * - help ties: pledges spread round-robin over the other open collections (≈45 per collection at
 *   the default sizes); the k-th pledge to collection c comes from giver
 *   ((c·7919 + k·1000003) mod (M − 1)) + 1, skipping the receiver — never oneself, each giver once
 *   per collection (≈9 collections per member at the default sizes), so every pledge is a distinct
 *   tie. As many as make the total BENCH_TIES with the referral and the viewers' ties. Mean degree
 *   = 2 × ties / members = 20, with 🔆 members at ≈55 (they receive) and ✅ ones at ≈11.
 * - confirmed gifts of the current period (a quarter as many as the help ties): by DOMAIN.md they
 *   too tie their pair until the period ends, so they add ties beyond BENCH_TIES (counted apart in
 *   the seed's line), and BENCH_HISTORY settled pledges of past periods that tie no one (80%
 *   confirmed, 8% lapsed, 6% withdrawn, 6% released), copies of current ones month by month back.
 */
async function seed(db: Database, sizes: Sizes) {
  const { sql } = db;
  const M = sizes.members;
  const created = (expr: string, salt: number, days: number, from: string) =>
    `timestamptz '${from} 00:00:00+00' + (${h(expr, salt)} % ${days * 86400}) * interval '1 second'`;

  await sql.exec(`
    INSERT INTO member (id, telegram_id, first_name, last_name, username, telegram_language, language,
      status, invited_by_id, created_at, updated_at)
    SELECT i, 1000000000 + i, 'Member ' || i,
      CASE WHEN i % 3 = 0 THEN NULL ELSE 'Family' || (i % 997) END,
      CASE WHEN i % 4 = 0 THEN NULL ELSE 'member_' || i END,
      (ARRAY['en', 'ru', 'uk'])[1 + i % 3],
      (ARRAY['en', 'ru', 'uk']::"Language"[])[1 + i % 3],
      (CASE WHEN i % 100 = 51 THEN 'red' WHEN i % 5 = 0 THEN 'orange' ELSE 'green' END)::"MemberStatus",
      CASE WHEN i > 1 AND ${h("i", 1)} % 10 <> 0 THEN 1 + ${h("i", 2)} % (i - 1) END,
      timestamptz '${PERIOD_DATE} 00:00:00+00' - interval '400 days' + interval '400 days' * i / ${M},
      timestamptz '${PERIOD_DATE} 00:00:00+00' - interval '400 days' + interval '400 days' * i / ${M}
    FROM generate_series(1, ${M}) i;
    SELECT setval(pg_get_serial_sequence('member', 'id'), ${M});

    INSERT INTO collection (member_id, kind, goal, paused, opened_at, closed_at, outcome, updated_at)
    SELECT m.id, 'monthly', (200 + ${h("m.id", 3)} % 1800) * 100, false,
      m.created_at + interval '3 days',
      CASE WHEN m.status = 'green' THEN ${created("m.id", 4, 30, PREVIOUS_DATE)} END,
      CASE WHEN m.status = 'green' THEN 'closed'::"CollectionOutcome" END,
      ${created("m.id", 5, 9, PERIOD_DATE)}
    FROM member m WHERE m.status = 'orange' OR m.id % 100 = 7
    ORDER BY m.id;

    INSERT INTO collection (member_id, kind, goal, deadline, opened_at, updated_at)
    SELECT m.id, 'emergency', (500 + ${h("m.id", 6)} % 9500) * 100,
      timestamptz '${PERIOD_DATE} 00:00:00+00' + interval '1 day' * (10 + m.id % 20),
      timestamptz '${PERIOD_DATE} 00:00:00+00' + interval '1 day' * (m.id % 9),
      timestamptz '${PERIOD_DATE} 00:00:00+00' + interval '1 day' * (m.id % 9)
    FROM member m WHERE m.status = 'red'
    ORDER BY m.id;`);

  // The viewers: 🔆 members (multiples of 5) spread evenly over the ids.
  const slots = CLASSES.length * sizes.viewers;
  const viewers = Array.from({ length: slots }, (_, slot) => {
    const cls = CLASSES[slot % CLASSES.length] as (typeof CLASSES)[number];
    return { slot, id: 5 * Math.floor((M * (slot + 1)) / ((slots + 1) * 5)), ...cls };
  });
  await sql.exec(`
    CREATE TABLE bench_viewer (id int PRIMARY KEY, slot int, ties int, inviters int, invitees int,
      gives int, givers int);
    INSERT INTO bench_viewer VALUES ${viewers
      .map(
        (v) =>
          `(${v.id}, ${v.slot}, ${v.ties}, ${v.inviters}, ${v.invitees}, ${v.gives}, ${v.givers})`,
      )
      .join(", ")};
    CREATE TABLE bench_tie (viewer int, role text, other int);
    UPDATE member SET invited_by_id = NULL WHERE id IN (SELECT id FROM bench_viewer);
    UPDATE member SET invited_by_id = invited_by_id - 1
      WHERE invited_by_id IN (SELECT id FROM bench_viewer);`);

  const [before] = await sql.query<{ referral: number; collections: number }>(`
    SELECT (SELECT count(*) FROM member WHERE invited_by_id IS NOT NULL)::int AS referral,
      (SELECT count(*) FROM collection WHERE closed_at IS NULL
        AND member_id NOT IN (SELECT id FROM bench_viewer))::int AS collections`);
  const referral = before?.referral ?? 0;
  const collections = before?.collections ?? 0;
  const viewerTies = viewers.reduce((sum, v) => sum + v.ties, 0);
  const help = sizes.ties - referral - viewerTies;
  const confirmed = Math.round(help / 4);
  if (help <= 0 || Math.ceil((help + confirmed) / collections) >= M - 1) {
    throw new UsageError("these sizes leave no room for the help ties: raise members or ties");
  }

  // Generic pledges: the first `help` tie, the rest are confirmed gifts of the current period.
  await sql.exec(`
    INSERT INTO pledge (giver_id, receiver_id, collection_id, amount, state, period, overdue,
      state_changed_at, created_at)
    SELECT giver, receiver, collection_id, amount, state::"PledgeState", period, overdue,
      created_at, created_at
    FROM (
      SELECT s.*, g0 + CASE WHEN g0 >= receiver THEN 1 ELSE 0 END AS giver,
        CASE WHEN i >= ${help} THEN 'confirmed' ELSE ${tieState("hs")} END AS state,
        CASE WHEN i >= ${help} THEN date '${PERIOD_DATE}' ELSE ${tiePeriod("hs")} END AS period,
        i < ${help} AND ${tieOverdue("hs")} AS overdue,
        CASE WHEN i < ${help} AND ${tieOverdue("hs")} THEN ${created("i", 102, 30, PREVIOUS_DATE)}
          ELSE ${created("i", 103, 9, PERIOD_DATE)} END AS created_at
      FROM (
        SELECT i, c.id AS collection_id, c.member_id AS receiver,
          ((c.idx * 7919 + (i / ${collections})::bigint * 1000003) % ${M - 1}) + 1 AS g0,
          ${h("i", 100)} % 100 AS hs,
          500 + ${h("i", 101)} % 49500 AS amount
        FROM generate_series(0, ${help + confirmed - 1}) i
        JOIN (
          SELECT id, member_id, row_number() OVER (ORDER BY id) - 1 AS idx FROM collection
          WHERE closed_at IS NULL AND member_id NOT IN (SELECT id FROM bench_viewer)
        ) c ON c.idx = i % ${collections}
      ) s
    ) p
    WHERE giver NOT IN (SELECT id FROM bench_viewer)
    ORDER BY created_at`);

  // The viewers' own ties, each to a different member: first the collections they give to …
  await sql.exec(`
    INSERT INTO bench_tie
    SELECT viewer, 'gives', member_id FROM (
      SELECT v.id AS viewer, v.gives, c.member_id, row_number() OVER (
        PARTITION BY v.id ORDER BY hashint4(c.member_id * 31 + v.slot), c.member_id) AS rk
      FROM bench_viewer v CROSS JOIN collection c
      WHERE c.closed_at IS NULL AND c.member_id NOT IN (SELECT id FROM bench_viewer)
    ) x WHERE rk <= gives;

    -- … then who invited them and who gives to them, among all the others …
    INSERT INTO bench_tie
    SELECT viewer, CASE WHEN rk <= inviters THEN 'inviter' ELSE 'giver' END, other FROM (
      SELECT v.id AS viewer, v.inviters, v.givers, m.id AS other, row_number() OVER (
        PARTITION BY v.id ORDER BY hashint4(m.id * 17 + v.slot), m.id) AS rk
      FROM bench_viewer v CROSS JOIN member m
      WHERE m.id NOT IN (SELECT id FROM bench_viewer)
        AND NOT EXISTS (SELECT 1 FROM bench_tie t WHERE t.viewer = v.id AND t.other = m.id)
    ) x WHERE rk <= inviters + givers;

    -- … and whom they invited, from disjoint sets (one inviter per member).
    INSERT INTO bench_tie
    SELECT viewer, 'invitee', other FROM (
      SELECT v.id AS viewer, v.invitees, m.id AS other, row_number() OVER (
        PARTITION BY v.id ORDER BY hashint4(m.id * 13 + v.slot), m.id) AS rk
      FROM bench_viewer v JOIN member m ON m.id % ${slots} = v.slot
      WHERE m.id NOT IN (SELECT id FROM bench_viewer)
        AND NOT EXISTS (SELECT 1 FROM bench_tie t WHERE t.viewer = v.id AND t.other = m.id)
    ) x WHERE rk <= invitees;

    UPDATE member m SET invited_by_id = t.viewer FROM bench_tie t
      WHERE t.role = 'invitee' AND m.id = t.other;
    UPDATE member m SET invited_by_id = t.other FROM bench_tie t
      WHERE t.role = 'inviter' AND m.id = t.viewer;

    INSERT INTO pledge (giver_id, receiver_id, collection_id, amount, state, period, overdue,
      state_changed_at, created_at)
    SELECT giver, receiver, collection_id, 500 + ${h("n", 201)} % 49500,
      (${tieState("hs")})::"PledgeState", ${tiePeriod("hs")}, ${tieOverdue("hs")},
      ${created("n", 202, 9, PERIOD_DATE)}, ${created("n", 202, 9, PERIOD_DATE)}
    FROM (
      SELECT giver, receiver, collection_id, n, ${h("n", 200)} % 100 AS hs
      FROM (
        SELECT t.viewer AS giver, t.other AS receiver, c.id AS collection_id,
          row_number() OVER (ORDER BY t.viewer, t.other)::int AS n
        FROM bench_tie t JOIN collection c ON c.member_id = t.other AND c.closed_at IS NULL
        WHERE t.role = 'gives'
        UNION ALL
        SELECT t.other, t.viewer, c.id, 1000000 + row_number() OVER (ORDER BY t.viewer, t.other)::int
        FROM bench_tie t
        JOIN collection c ON c.member_id = t.viewer AND c.closed_at IS NULL AND c.kind = 'monthly'
        WHERE t.role = 'giver'
      ) x
    ) y
    ORDER BY n;`);

  // Settled pledges of past periods: copies of current ones, month by month back.
  if (sizes.history > 0) {
    await sql.exec(`
      INSERT INTO pledge (giver_id, receiver_id, collection_id, amount, state, period, overdue,
        state_changed_at, created_at)
      SELECT giver_id, receiver_id, collection_id, amount,
        (CASE WHEN hs < 80 THEN 'confirmed' WHEN hs < 88 THEN 'lapsed' WHEN hs < 94 THEN 'withdrawn'
          ELSE 'released' END)::"PledgeState",
        period, false, created_at + interval '5 days', created_at
      FROM (
        SELECT p.giver_id, p.receiver_id, p.collection_id, p.amount, ${h("p.id", 300)} % 100 AS hs,
          (date '${PERIOD_DATE}' - interval '1 month' * back)::date AS period,
          p.created_at - interval '1 month' * back AS created_at
        FROM generate_series(1, 1 + ${sizes.history} / GREATEST(1, (SELECT count(*) FROM pledge)::int)) back
        CROSS JOIN pledge p
        WHERE NOT p.overdue
        ORDER BY back, p.id
        LIMIT ${sizes.history}
      ) x`);
  }

  const viewerRows = await sql.query<{ id: number; ties: number }>(
    "SELECT id, ties FROM bench_viewer ORDER BY slot",
  );
  await sql.exec("DROP TABLE bench_tie; DROP TABLE bench_viewer;");

  const [summary] = await sql.query<{
    members: number;
    orange: number;
    red: number;
    open: number;
    pledges: number;
    help_pledges: number;
    referral: number;
    help_pairs: number;
    ties: number;
    confirmed_only: number;
    tie_pairs: number;
    mix: string;
  }>(`
    WITH referral AS (
      SELECT LEAST(id, invited_by_id) AS a, GREATEST(id, invited_by_id) AS b
      FROM member WHERE invited_by_id IS NOT NULL
    ), help AS (
      SELECT DISTINCT LEAST(giver_id, receiver_id) AS a, GREATEST(giver_id, receiver_id) AS b
      FROM pledge WHERE state IN ${TIED}
    ), confirmed AS (
      SELECT DISTINCT LEAST(giver_id, receiver_id) AS a, GREATEST(giver_id, receiver_id) AS b
      FROM pledge WHERE state = 'confirmed' AND state_changed_at >= timestamptz '${PERIOD_DATE} 00:00:00+00'
    )
    SELECT (SELECT count(*) FROM member)::int AS members,
      (SELECT count(*) FROM member WHERE status = 'orange')::int AS orange,
      (SELECT count(*) FROM member WHERE status = 'red')::int AS red,
      (SELECT count(*) FROM collection WHERE closed_at IS NULL)::int AS open,
      (SELECT count(*) FROM pledge)::int AS pledges,
      (SELECT count(*) FROM pledge WHERE state IN ${TIED})::int AS help_pledges,
      (SELECT count(*) FROM referral)::int AS referral,
      (SELECT count(*) FROM help)::int AS help_pairs,
      (SELECT count(*) FROM (SELECT a, b FROM referral UNION SELECT a, b FROM help) t)::int AS ties,
      (SELECT count(*) FROM (SELECT a, b FROM confirmed
                             EXCEPT SELECT a, b FROM referral EXCEPT SELECT a, b FROM help) t)::int
        AS confirmed_only,
      -- What the walks read: the tie table's rows that tie now, one per pair.
      (SELECT count(*) FROM tie t
       WHERE t.member_id < t.other_id AND (t.referral > 0 OR t.live > 0
         OR t.confirmed_at >= timestamptz '${PERIOD_DATE} 00:00:00+00'))::int AS tie_pairs,
      (SELECT string_agg(label || ' ' || share || '%', ' · ' ORDER BY label)
       FROM (SELECT state || CASE WHEN overdue THEN ' ⌛' ELSE '' END AS label,
               round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS share
             FROM pledge GROUP BY state, overdue) s) AS mix`);
  if (!summary) throw new Error("seed summary missing");
  return {
    members: summary.members,
    orange: summary.orange,
    red: summary.red,
    open: summary.open,
    pledges: summary.pledges,
    helpPledges: summary.help_pledges,
    referral: summary.referral,
    helpPairs: summary.help_pairs,
    ties: summary.ties,
    overlap: summary.referral + summary.help_pairs - summary.ties,
    confirmedOnly: summary.confirmed_only,
    tiePairs: summary.tie_pairs,
    mix: summary.mix,
    viewers: viewerRows,
  };
}

async function relationSizes(db: Database) {
  const [row] = await db.sql.query<Record<string, string>>(`
    SELECT pg_relation_size('pledge') AS pledge, pg_indexes_size('pledge') AS pledge_indexes,
      pg_relation_size('member') AS member, pg_indexes_size('member') AS member_indexes`);
  return {
    pledge: Number(row?.pledge ?? 0),
    pledgeIndexes: Number(row?.pledge_indexes ?? 0),
    member: Number(row?.member ?? 0),
    memberIndexes: Number(row?.member_indexes ?? 0),
  };
}

/** Reads the tables and their indexes into the cache (pg_prewarm when available, else scans). */
async function warm(db: Database) {
  const tables = ["pledge", "collection", "collection_tally", "member", "help_tie", "tie"];
  const list = tables.map((t) => `'${t}'::regclass`).join(", ");
  const prewarmed = await db.sql
    .exec(`
      CREATE EXTENSION IF NOT EXISTS pg_prewarm;
      SELECT pg_prewarm(c.oid) FROM pg_class c
      WHERE c.oid IN (${list}) OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN (${list}))`)
    .then(
      () => true,
      () => false,
    );
  if (!prewarmed) for (const t of tables) await db.sql.exec(`SELECT count(*) FROM ${t}`);
}

run("bench:network", main);
