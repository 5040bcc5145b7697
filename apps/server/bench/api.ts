/**
 * Benchmark of the API over HTTP (issue 11, item 8) — `pnpm bench:api`, not a test.
 *
 * Seeds a fresh PostgreSQL database (BENCH_MEMBERS members, default 20,000; a fifth 🔆 with an open
 * monthly collection and 25 givers each, in every state of the current month, and the month before
 * settled), starts the server as production does in a process of its own (api-server.ts: startApp,
 * no bot, no scheduler) with the floor beside it in that process, then loads each target with
 * autocannon for BENCH_DURATION seconds (default 20) at 10 and at 50 connections:
 *   - floor: one `SELECT 1` through the same Prisma client and pg pool, tRPC handler and initData
 *     check as the API, minus the member look-up;
 *   - books.dashboard, rotating over BENCH_DASHBOARDS 🔆 members (default 500);
 *   - network.list ("my network", a page of 20) of members with exactly 100 direct ties, rotating
 *     over BENCH_VIEWERS of them (default 20);
 *   - pledge.act "edit": each of BENCH_WRITERS members (default 1,000) moves their intention between
 *     10.00 and 11.00 in turn, so the writes are spread over as many rows and members.
 * Every request carries real initData, signed with the server's bot token, of the member it acts
 * for. Prints per target and connection count: answered req/s, successful (2xx) req/s, p50 / p99
 * latency, 429s, other non-2xx answers, 5xx answers, socket errors and timeouts, and the 2xx
 * throughput as a share of the floor's at the same connection count. A 429 is a clear "busy, try
 * again" (a member's own limit), counted on its own and not as an error; errors are 5xx, other
 * non-2xx answers, socket errors and timeouts.
 * Goals: 0 errors at 50 connections; books.dashboard p99 ≤ 100 ms at 10 connections.
 *
 *   pnpm bench:api
 *   BENCH_DURATION=5 BENCH_MEMBERS=5000 pnpm bench:api     # a quick check
 *   BENCH_EXPLAIN=1 pnpm bench:api                          # also EXPLAIN (ANALYZE, BUFFERS) the
 *                                                           # dashboard's statements for one member
 *   BENCH_KEEP=1 pnpm bench:api                             # keep the seeded database
 *   BENCH_PGBOUNCER=1 pnpm bench:api                        # the server through PgBouncer in
 *                                                           # transaction mode (pool of 10)
 *
 * DATABASE_URL names the server and an admin database (default
 * postgresql://postgres@127.0.0.1:5432/postgres); the benchmark's database is created fresh and
 * dropped at the end, also on failure or Ctrl-C. The load generator and the server share this
 * machine's cores (and, on a shared machine, everyone else's work): the load average is printed.
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { type Database, Prisma } from "@exodus/db";
import { periodDate, periodOf, previousPeriod } from "@exodus/shared";
import { sign } from "@telegram-apps/init-data-node";
import autocannon from "autocannon";
import { collectionTotals, givingLine } from "../src/books/queries.ts";
import { type PgBouncer, startPgBouncer } from "../src/scale/pgbouncer.ts";
import type { ServerReady } from "./api-server.ts";
import {
  DEFAULT_ADMIN_URL,
  flag,
  fmt,
  option,
  run,
  Scratch,
  secs,
  shown,
  timed,
  UsageError,
} from "./scratch.ts";

/** The bot token the server checks initData with; the benchmark signs with it. */
const BOT_TOKEN = "424242:BENCH-token-for-the-api-benchmark-only";
/** Telegram ids are this plus the member's id. */
const TELEGRAM_BASE = 7_000_000_000;
const GIVERS_PER_COLLECTION = 25;
const VIEWER_TIES = 100;
const CONNECTIONS = [10, 50] as const;
const DASHBOARD_P99_GOAL_MS = 100;
const TIME_ZONE = "UTC";

interface Sizes {
  members: number;
  viewers: number;
  writers: number;
  dashboards: number;
  duration: number;
  keep: boolean;
  explain: boolean;
  pgbouncer: boolean;
}

function readSizes(argv: string[], env: NodeJS.ProcessEnv): Sizes {
  const count = (name: string, fallback: number, min: number, max: number) => {
    const value = option(argv, env, name);
    if (value === undefined || value === "") return fallback;
    const n = Number(value.replaceAll("_", ""));
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(`${name} must be an integer from ${fmt(min)} to ${fmt(max)}`);
    }
    return n;
  };
  const members = count("members", 20_000, 5_000, 1_000_000);
  return {
    members,
    viewers: count("viewers", 20, 1, 200),
    writers: count("writers", 1_000, 50, 20_000),
    dashboards: count("dashboards", 500, 1, Math.floor(members / 5)),
    duration: count("duration", 20, 1, 600),
    keep: flag(argv, env, "keep"),
    explain: flag(argv, env, "explain"),
    pgbouncer: flag(argv, env, "pgbouncer"),
  };
}

/** A member as Telegram would describe them in initData, and that initData signed. */
interface Signed {
  memberId: number;
  authorization: string;
}

interface Target {
  key: "floor" | "dashboard" | "network" | "write";
  label: string;
  server: keyof ServerReady;
  /** The request a connection sends next. */
  next(): { method: "GET" | "POST"; path: string; authorization: string; body?: string };
}

interface Measured {
  target: Target;
  connections: number;
  requestsPerSecond: number;
  okPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  busy: number;
  otherNon2xx: number;
  serverErrors: number;
  socketErrors: number;
  /** CPU time per answered request: the server process's, and PostgreSQL's (its backends'). */
  serverCpuMs: number | undefined;
  postgresCpuMs: number | undefined;
}

const errorsOf = (m: Measured) => m.otherNon2xx + m.serverErrors + m.socketErrors;

async function main(): Promise<number> {
  const sizes = readSizes(process.argv.slice(2), process.env);
  const adminUrl = process.env.DATABASE_URL || DEFAULT_ADMIN_URL;
  const name = `exodus_bench_api_${randomBytes(4).toString("hex")}`;
  const scratch = await Scratch.open(adminUrl, sizes.keep ? name : undefined);
  if (!scratch) return 2;
  let server: ChildProcess | undefined;
  let bouncer: PgBouncer | undefined;
  try {
    console.log(
      `API benchmark · PostgreSQL ${await scratch.serverVersion()} at ${shown(adminUrl)} · ` +
        `${fmt(sizes.members)} members · ${sizes.duration} s per run · autocannon 9.0.0`,
    );
    const db = await scratch.create(name);
    const now = new Date();
    const seeded = await timed(() => seed(db, sizes, now));
    await db.sql.exec("VACUUM ANALYZE");
    const s = seeded.value;
    console.log(
      `seeded in ${secs(seeded.ms)}: ${fmt(s.members)} members, ${fmt(s.collections)} open ` +
        `collections, ${fmt(s.pledges)} pledges · ${s.dashboards.length} dashboard members · ` +
        `${s.viewers.length} members with ${VIEWER_TIES} direct ties (≈ ${fmt(s.networkMin)}–` +
        `${fmt(s.networkMax)} members within two ties) · ${fmt(s.writers.length)} writers`,
    );
    if (sizes.explain) await explainDashboard(db, s.dashboards[0] as number, now);

    if (sizes.pgbouncer) {
      bouncer = await startPgBouncer({ target: scratch.url(name), poolSize: 10 });
      console.log(`the server reaches PostgreSQL through PgBouncer (transaction mode, pool of 10)`);
    }
    const started = await startServer(bouncer?.url ?? scratch.url(name));
    server = started.child;
    const cpu = cpuProbe(db, name, started.child.pid);
    const targets = buildTargets(s, now);
    // Every member signs in once (the first sight of a member writes), and the caches warm.
    for (const target of targets) {
      await load(started.ready, target, 10, Math.min(3, sizes.duration), cpu);
    }

    const loadBefore = loadavg()[0] ?? 0;
    const results: Measured[] = [];
    for (const connections of CONNECTIONS) {
      for (const target of targets) {
        results.push(await load(started.ready, target, connections, sizes.duration, cpu));
      }
    }
    const loadAfter = loadavg()[0] ?? 0;
    return report(results, sizes, loadBefore, loadAfter);
  } finally {
    // Stopped before its database is dropped, so that its pool does not see the drop.
    if (server) await stopServer(server);
    await bouncer?.close();
    if (sizes.keep) console.log(`kept the seeded database: ${shown(scratch.url(name))}`);
    await scratch.cleanUp();
  }
}

/** Forks api-server.ts with this process's loader (tsx) and waits for its two addresses. */
function startServer(databaseUrl: string): Promise<{ child: ChildProcess; ready: ServerReady }> {
  const child = fork(join(import.meta.dirname, "api-server.ts"), {
    execArgv: process.execArgv,
    env: { ...process.env, BENCH_SERVER: JSON.stringify({ databaseUrl, botToken: BOT_TOKEN }) },
    // Its request logs would interleave with the figures; its errors are worth seeing.
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (ready) => resolve({ child, ready: ready as ServerReady }));
    child.once("exit", (code) => reject(new Error(`the server exited (code ${code})`)));
  });
}

/** Asks the server to stop and waits for it (killing it if it takes more than 10 s). */
function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Round-robin over `items`. */
function rotation<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length] as T;
}

function buildTargets(s: Seeded, now: Date): Target[] {
  const signed = (memberId: number): Signed => ({
    memberId,
    authorization: `tma ${sign(
      {
        user: {
          id: TELEGRAM_BASE + memberId,
          first_name: `Member ${memberId}`,
          language_code: "en",
        },
        chat_type: "sender",
        chat_instance: "1",
      },
      BOT_TOKEN,
      now,
    )}`,
  });
  const dashboards = rotation(s.dashboards.map(signed));
  const viewers = rotation(s.viewers.map(signed));
  const floorUsers = rotation(s.dashboards.map(signed));
  const writers = rotation(s.writers.map((w) => ({ ...signed(w.memberId), pledgeId: w.pledgeId })));
  const edits = new Map<number, number>();
  const networkInput = encodeURIComponent(JSON.stringify({ list: "network", limit: 20 }));
  return [
    {
      key: "floor",
      label: "floor: SELECT 1",
      server: "floor",
      next: () => ({
        method: "GET",
        path: "/trpc/floor",
        authorization: floorUsers().authorization,
      }),
    },
    {
      key: "dashboard",
      label: "books.dashboard",
      server: "app",
      next: () => ({
        method: "GET",
        path: "/trpc/books.dashboard",
        authorization: dashboards().authorization,
      }),
    },
    {
      key: "network",
      label: `network.list (${VIEWER_TIES} ties)`,
      server: "app",
      next: () => ({
        method: "GET",
        path: `/trpc/network.list?input=${networkInput}`,
        authorization: viewers().authorization,
      }),
    },
    {
      key: "write",
      label: "pledge.act edit",
      server: "app",
      next: () => {
        const w = writers();
        const n = edits.get(w.pledgeId) ?? 0;
        edits.set(w.pledgeId, n + 1);
        return {
          method: "POST",
          path: "/trpc/pledge.act",
          authorization: w.authorization,
          // Seeded at 10.00: the first edit moves it to 11.00, the next back, and so on.
          body: JSON.stringify({
            pledgeId: w.pledgeId,
            action: "edit",
            amount: n % 2 === 0 ? 11_00 : 10_00,
          }),
        };
      },
    },
  ];
}

/** CPU time used so far (ms) by the server process and by the database's PostgreSQL backends. */
type CpuProbe = () => Promise<{ server: number | undefined; postgres: number | undefined }>;

/**
 * Reads CPU times from /proc (Linux, PostgreSQL on this machine); undefined where it cannot. A
 * backend that ended between two readings takes its time with it: the pool keeps its connections
 * open while it is busy, so within a run that does not happen.
 */
function cpuProbe(db: Database, database: string, serverPid: number | undefined): CpuProbe {
  const backends = new Map<number, number>();
  return async () => {
    const rows = await db.sql.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1",
      [database],
    );
    for (const { pid } of rows) {
      const ms = cpuMs(pid);
      if (ms !== undefined) backends.set(pid, ms);
    }
    return {
      server: serverPid === undefined ? undefined : cpuMs(serverPid),
      postgres: backends.size > 0 ? [...backends.values()].reduce((a, b) => a + b, 0) : undefined,
    };
  };
}

/** User and system CPU time of a process (ms), from /proc/<pid>/stat; undefined if unreadable. */
function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After "pid (comm) ": state is the first field; utime and stime the 12th and 13th, in ticks
    // of 1/100 s (Linux's USER_HZ).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

async function load(
  ready: ServerReady,
  target: Target,
  connections: number,
  duration: number,
  cpu: CpuProbe,
): Promise<Measured> {
  const before = await cpu();
  const result = await autocannon({
    url: ready[target.server],
    connections,
    duration,
    requests: [
      {
        setupRequest: (request) => {
          const next = target.next();
          return {
            ...request,
            method: next.method,
            path: next.path,
            headers: {
              authorization: next.authorization,
              ...(next.body ? { "content-type": "application/json" } : {}),
            },
            ...(next.body ? { body: next.body } : {}),
          };
        },
      },
    ],
  });
  const byStatus = Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => ({
    code: Number(code),
    count: s.count ?? 0,
  }));
  const sum = (keep: (code: number) => boolean) =>
    byStatus.filter((s) => keep(s.code)).reduce((n, s) => n + s.count, 0);
  const ok = sum((c) => c >= 200 && c < 300);
  const after = await cpu();
  const answered = sum(() => true);
  const perRequest = (from: number | undefined, to: number | undefined) =>
    from === undefined || to === undefined || answered === 0 ? undefined : (to - from) / answered;
  return {
    target,
    connections,
    requestsPerSecond: result.requests.average,
    okPerSecond: ok / duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    busy: sum((c) => c === 429),
    otherNon2xx: sum((c) => (c < 200 || c >= 300) && c !== 429 && c < 500),
    serverErrors: sum((c) => c >= 500),
    socketErrors: result.errors + result.timeouts,
    serverCpuMs: perRequest(before.server, after.server),
    postgresCpuMs: perRequest(before.postgres, after.postgres),
  };
}

const cpuText = (ms: number | undefined) => (ms === undefined ? "–" : ms.toFixed(2));

function report(results: Measured[], sizes: Sizes, loadBefore: number, loadAfter: number): number {
  const ms = (n: number) =>
    Number.isFinite(n) ? `${n < 10 ? n.toFixed(1) : n.toFixed(0)} ms` : "no answer";
  const cols = [
    ["target", 28],
    ["conns", 6],
    ["req/s", 8],
    ["2xx/s", 8],
    ["p50", 9],
    ["p99", 9],
    ["429", 7],
    ["non-2xx", 8],
    ["5xx", 6],
    ["socket", 7],
    ["share", 7],
    ["srv cpu", 8],
    ["pg cpu", 8],
  ] as const;
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(cols[i]?.[1] ?? 8) : c.padStart(cols[i]?.[1] ?? 8)))
      .join(" ");
  console.log("");
  console.log(line(cols.map(([c]) => c)));
  for (const m of results) {
    const floor = results.find((r) => r.target.key === "floor" && r.connections === m.connections);
    const share = floor && floor.okPerSecond > 0 ? m.okPerSecond / floor.okPerSecond : Number.NaN;
    console.log(
      line([
        m.target.label,
        String(m.connections),
        fmt(Math.round(m.requestsPerSecond)),
        fmt(Math.round(m.okPerSecond)),
        ms(m.p50),
        ms(m.p99),
        fmt(m.busy),
        fmt(m.otherNon2xx),
        fmt(m.serverErrors),
        fmt(m.socketErrors),
        m.target.key === "floor" ? "1.00" : share.toFixed(2),
        cpuText(m.serverCpuMs),
        cpuText(m.postgresCpuMs),
      ]),
    );
  }
  console.log(
    "\nshare: a target's 2xx throughput over the floor's at the same connections. 429 is a " +
      "member's clear 'busy, try again', counted apart and not as an error. Errors: non-2xx (any " +
      "answer but 2xx, 429 and 5xx), 5xx, and socket (socket errors and timeouts).",
  );
  console.log(
    "srv cpu / pg cpu: CPU time per answered request of the server process and of PostgreSQL's " +
      "backends (ms, from /proc): what each request costs whatever else runs on the machine; one " +
      "PostgreSQL core serves about 1000 / (pg cpu) such requests a second at most.",
  );
  console.log(
    `machine: ${availableParallelism()} cores shared by the load generator, the server and ` +
      `PostgreSQL (and anything else running) · load average (1 min) ${loadBefore.toFixed(1)} ` +
      `before measuring, ${loadAfter.toFixed(1)} after`,
  );

  const at50 = results.filter((m) => m.connections === 50);
  const errors50 = at50.reduce((n, m) => n + errorsOf(m), 0);
  const dashboard10 = results.find((m) => m.target.key === "dashboard" && m.connections === 10);
  // No answer at all within the run is no figure, and no pass.
  const p99 = dashboard10 && dashboard10.ok > 0 ? dashboard10.p99 : Number.POSITIVE_INFINITY;
  const errorsOk = errors50 === 0;
  const p99Ok = p99 <= DASHBOARD_P99_GOAL_MS;
  const mark = (ok: boolean) => (ok ? "✓" : "✗");
  console.log(
    `verdict: ${mark(errorsOk && p99Ok)} · errors at 50 connections ${fmt(errors50)} (goal 0) ` +
      `${mark(errorsOk)} · books.dashboard p99 at 10 connections ${ms(p99)} ` +
      `(goal ≤ ${DASHBOARD_P99_GOAL_MS} ms) ${mark(p99Ok)} · shares of the floor printed ✓` +
      (sizes.duration < 20 ? ` · runs of ${sizes.duration} s, not the goal's 20 s` : ""),
  );
  return 0;
}

interface Seeded {
  members: number;
  collections: number;
  pledges: number;
  dashboards: number[];
  viewers: number[];
  networkMin: number;
  networkMax: number;
  writers: { memberId: number; pledgeId: number }[];
}

/** A hash of a row number or id, non-negative, deterministic (not random()). */
const h = (expr: string, salt: number) =>
  `(hashint4((${expr})::int + ${salt})::bigint & 2147483647)`;

/**
 * Set-based seed: members 1..M (every fifth 🔆 with an open monthly collection; 90% invited by an
 * earlier member); each collection's 25 givers, distinct, in the current period: 55% intentions,
 * 25% obligations, 12% fulfilled, 8% confirmed; the same pairs a month before, settled (70%
 * confirmed, 30% lapsed). Then the viewers (each an intention to 100 different collections, and no
 * other tie: exactly 100 direct ties) and the writers (one intention of 10.00 each).
 */
async function seed(db: Database, sizes: Sizes, now: Date): Promise<Seeded> {
  const { sql } = db;
  const M = sizes.members;
  const period = periodOf(now, TIME_ZONE);
  const current = periodDate(period).toISOString().slice(0, 10);
  const previous = periodDate(previousPeriod(period)).toISOString().slice(0, 10);
  const person = (id: string) => `${TELEGRAM_BASE}::bigint + ${id}, 'Member ' || ${id}, 'en', 'en'`;
  await sql.exec(`
    INSERT INTO member (id, telegram_id, first_name, telegram_language, language, status,
      invited_by_id, created_at, updated_at)
    SELECT i, ${person("i")},
      (CASE WHEN i % 5 = 0 THEN 'orange' ELSE 'green' END)::"MemberStatus",
      CASE WHEN i > 1 AND ${h("i", 1)} % 10 <> 0 THEN 1 + ${h("i", 2)} % (i - 1) END,
      now() - interval '400 days' + interval '400 days' * i / ${M}, now()
    FROM generate_series(1, ${M}) i;

    INSERT INTO collection (member_id, kind, goal, opened_at, updated_at)
    SELECT id, 'monthly', (200 + ${h("id", 3)} % 1800) * 100, created_at + interval '3 days', now()
    FROM member WHERE status = 'orange' ORDER BY id;

    CREATE TEMP TABLE bench_pair AS
    SELECT c.id AS collection_id, c.member_id AS receiver,
      g0 + CASE WHEN g0 >= c.member_id THEN 1 ELSE 0 END AS giver,
      ${h("c.id * 100 + k", 4)} % 100 AS hs, (5 + ${h("c.id * 100 + k", 5)} % 95) * 100 AS amount
    FROM (SELECT id, member_id, row_number() OVER (ORDER BY id) - 1 AS idx FROM collection) c
    CROSS JOIN generate_series(0, ${GIVERS_PER_COLLECTION - 1}) k
    CROSS JOIN LATERAL (SELECT ((c.idx * 7919 + k * 1000003) % ${M - 1})::int + 1 AS g0) g;

    INSERT INTO pledge (giver_id, receiver_id, collection_id, amount, state, period,
      state_changed_at, created_at)
    SELECT giver, receiver, collection_id, amount,
      (CASE WHEN hs < 70 THEN 'confirmed' ELSE 'lapsed' END)::"PledgeState",
      date '${previous}', date '${previous}' + interval '5 days', date '${previous}' + interval '1 day'
    FROM bench_pair ORDER BY collection_id, giver;

    INSERT INTO pledge (giver_id, receiver_id, collection_id, amount, state, period,
      state_changed_at, created_at)
    SELECT giver, receiver, collection_id, amount,
      (CASE WHEN hs < 55 THEN 'intention' WHEN hs < 80 THEN 'obligation'
        WHEN hs < 92 THEN 'fulfilled' ELSE 'confirmed' END)::"PledgeState",
      date '${current}', date '${current}' + interval '1 day', date '${current}'
    FROM bench_pair ORDER BY collection_id, giver;`);

  const firstViewer = M + 1;
  const firstWriter = M + sizes.viewers + 1;
  const lastWriter = M + sizes.viewers + sizes.writers;
  await sql.exec(`
    INSERT INTO member (id, telegram_id, first_name, telegram_language, language, invited_by_id,
      created_at, updated_at)
    SELECT i, ${person("i")}, CASE WHEN i >= ${firstWriter} THEN 1 + ${h("i", 6)} % ${M} END,
      now(), now()
    FROM generate_series(${firstViewer}, ${lastWriter}) i;
    SELECT setval(pg_get_serial_sequence('member', 'id'), ${lastWriter});

    INSERT INTO pledge (giver_id, receiver_id, collection_id, amount, state, period, created_at)
    SELECT v, c.member_id, c.id, 500, 'intention', date '${current}', now()
    FROM generate_series(${firstViewer}, ${firstWriter - 1}) v
    CROSS JOIN generate_series(0, ${VIEWER_TIES - 1}) j
    JOIN (SELECT id, member_id, row_number() OVER (ORDER BY id) - 1 AS idx FROM collection) c
      ON c.idx = ((v * 7919 + j * 104729) % (SELECT count(*) FROM collection));

    INSERT INTO pledge (giver_id, receiver_id, collection_id, amount, state, period, created_at)
    SELECT w, c.member_id, c.id, 1000, 'intention', date '${current}', now()
    FROM generate_series(${firstWriter}, ${lastWriter}) w
    JOIN (SELECT id, member_id, row_number() OVER (ORDER BY id) - 1 AS idx FROM collection) c
      ON c.idx = ((w * 31) % (SELECT count(*) FROM collection));
    DROP TABLE bench_pair;`);

  const [counts] = await sql.query<{ collections: number; pledges: number }>(`
    SELECT (SELECT count(*) FROM collection)::int AS collections,
      (SELECT count(*) FROM pledge)::int AS pledges`);
  const writers = await sql.query<{ memberId: number; pledgeId: number }>(
    `SELECT giver_id AS "memberId", id AS "pledgeId" FROM pledge
     WHERE giver_id >= ${firstWriter} ORDER BY giver_id`,
  );
  const viewers = Array.from({ length: sizes.viewers }, (_, i) => firstViewer + i);
  // The 2-hop network of each viewer: their receivers and everyone tied to those.
  const reach = await sql.query<{ n: number }>(`
    SELECT count(DISTINCT other)::int AS n FROM (
      SELECT p.giver_id AS viewer, q.giver_id AS other FROM pledge p
        JOIN pledge q ON q.receiver_id = p.receiver_id
          AND q.state IN ('intention', 'obligation', 'fulfilled')
      WHERE p.giver_id BETWEEN ${firstViewer} AND ${firstWriter - 1}
      UNION ALL SELECT p.giver_id, p.receiver_id FROM pledge p
      WHERE p.giver_id BETWEEN ${firstViewer} AND ${firstWriter - 1}
    ) x GROUP BY viewer`);
  const orange = Math.floor(M / 5);
  const dashboards = Array.from(
    { length: sizes.dashboards },
    (_, k) => 5 * (1 + Math.floor((k * orange) / sizes.dashboards)),
  );
  return {
    members: lastWriter,
    collections: counts?.collections ?? 0,
    pledges: counts?.pledges ?? 0,
    dashboards,
    viewers,
    networkMin: Math.min(...reach.map((r) => r.n)),
    networkMax: Math.max(...reach.map((r) => r.n)),
    writers,
  };
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of what books.dashboard sends for one member: a client extension
 * records each raw statement while the real functions run; each is then explained.
 */
async function explainDashboard(db: Database, memberId: number, now: Date) {
  const captured: Prisma.Sql[] = [];
  const spy = db.prisma.$extends({
    query: {
      $queryRaw({ args, query }) {
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
  }) as unknown as typeof db.prisma;
  const open = await db.prisma.collection.findMany({
    where: { memberId, closedAt: null },
    select: { id: true },
  });
  await collectionTotals(
    spy,
    open.map((c) => c.id),
    now,
    TIME_ZONE,
  );
  await givingLine(spy, memberId, now, TIME_ZONE);
  for (const [i, statement] of captured.entries()) {
    // The second plan is the warm one: the first pays for loading the catalogues into a fresh
    // backend, which the server's pooled connections have long done.
    const explain = () =>
      db.prisma.$queryRaw<{ "QUERY PLAN": string }[]>(
        Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${statement}`,
      );
    await explain();
    const rows = await explain();
    console.log(
      `\nEXPLAIN (ANALYZE, BUFFERS) — books.dashboard statement ${i + 1}, member ${memberId}`,
    );
    for (const row of rows) console.log(`  ${row["QUERY PLAN"]}`);
  }
}

run("bench:api", main);
