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
import { Prisma, type PrismaClient } from "@exodus/db";
import { graphEdges } from "../src/network/circle.ts";
import { networkOf, tiesOf, tiesSince } from "../src/network/graph.ts";
import { memberList } from "../src/network/lists.ts";
import {
  CLASSES,
  NOW,
  relationSizes,
  type SeedSizes,
  seed,
  TIME_ZONE,
  warm,
} from "./network-seed.ts";
import {
  DEFAULT_ADMIN_URL,
  flag,
  fmt,
  mb,
  msText,
  option,
  percentile,
  run,
  Scratch,
  secs,
  shown,
  timed,
  UsageError,
} from "./scratch.ts";

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
 * The floor: the viewer's direct ties by the indexes that exist for them (tie_lasting and
 * tie_confirmed, as graph.ts's tiesOf reads them) — one hop, ids only, nothing joined or sorted.
 */
const SINCE = tiesSince(NOW, TIME_ZONE);
const bare = (viewerId: number) => Prisma.sql`
  SELECT w.other_id AS id FROM (${tiesOf(Prisma.sql`${viewerId}::int`, SINCE)}) w`;

interface Sizes extends SeedSizes {
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

run("bench:network", main);

run("bench:network", main);
