/**
 * PgBouncer as a child process of a test or a benchmark: Debian's `pgbouncer` with an ini of its own
 * on a loopback port, in transaction pooling mode (the mode that lets many replicas share a few
 * PostgreSQL connections), in front of one database of the PostgreSQL that `target` names.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, chmodSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import pg from "pg";

export interface PgBouncer {
  /** `target` with PgBouncer's host and port: what the replicas get as DATABASE_URL. */
  readonly url: string;
  readonly port: number;
  /** The pool's size: the most server connections PgBouncer opens to the database. */
  readonly poolSize: number;
  /** Its counters for the database (SHOW STATS): what went through it. */
  stats(): Promise<{ transactions: number; queries: number }>;
  /** Its pools (SHOW POOLS): server connections to PostgreSQL now in use and idle. */
  servers(): Promise<{ active: number; idle: number }>;
  /** What it printed (connections, refusals): for a failing test's message. */
  log(): string;
  close(): Promise<void>;
}

export interface PgBouncerOptions {
  /** postgresql://user@host:port/database of the real PostgreSQL (trust authentication). */
  target: string;
  /** Server connections per pool (default 8). */
  poolSize?: number;
  /** Loopback ports to try, first free one wins (default 6460–6479). */
  ports?: readonly [number, number];
}

/** Where Debian's package installs it; PGBOUNCER or PATH may name another. */
const DEBIAN_PATH = "/usr/sbin/pgbouncer";

/** The installed pgbouncer, or an error that says how to install it. */
export function findPgBouncer(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    env.PGBOUNCER,
    DEBIAN_PATH,
    ...(env.PATH ?? "").split(delimiter).map((dir) => join(dir, "pgbouncer")),
  ].filter((p): p is string => !!p);
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {}
  }
  throw new Error(
    "pgbouncer is not installed: `apt-get install pgbouncer` (Debian's package, 1.18 or later), " +
      "or set PGBOUNCER to its path. It runs in front of PostgreSQL to show that several replicas " +
      "share one database through transaction pooling.",
  );
}

/** Starts PgBouncer and resolves once it accepts connections. */
export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  const binary = findPgBouncer();
  const target = new URL(options.target);
  const database = decodeURIComponent(target.pathname.slice(1));
  const user = decodeURIComponent(target.username) || "postgres";
  const poolSize = options.poolSize ?? 8;
  const port = await freePort(options.ports ?? [6460, 6479]);

  const dir = mkdtempSync(join(tmpdir(), "exodus-pgbouncer-"));
  // Run as root, pgbouncer drops to another user (it refuses to run as root), who must read these.
  chmodSync(dir, 0o755);
  const ini = join(dir, "pgbouncer.ini");
  writeFileSync(join(dir, "userlist.txt"), `"${user}" ""\n`, { mode: 0o644 });
  writeFileSync(
    ini,
    [
      "[databases]",
      `${database} = host=${target.hostname} port=${target.port || 5432} dbname=${database}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      // No Unix socket: several of these may run at once on one machine.
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${join(dir, "userlist.txt")}`,
      `admin_users = ${user}`,
      // A server connection is lent for one transaction only: no session state survives between
      // two of a client's transactions (no session advisory locks, SET, LISTEN, named statements).
      "pool_mode = transaction",
      `default_pool_size = ${poolSize}`,
      `max_db_connections = ${poolSize}`,
      "max_client_conn = 500",
      "",
    ].join("\n"),
    { mode: 0o644 },
  );

  const asRoot = process.getuid?.() === 0;
  const child = spawn(binary, [...(asRoot ? ["-u", "nobody"] : []), ini], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  // A test runner that exits without closing it (a crash, Ctrl-C) must not leave it listening.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const cleanUp = () => {
    process.off("exit", killOnExit);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilListening(child, port, () => output);
  } catch (error) {
    child.kill("SIGKILL");
    cleanUp();
    throw error;
  }

  const url = new URL(options.target);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  const admin = async <T>(command: string): Promise<T[]> => {
    const client = new pg.Client({
      host: "127.0.0.1",
      port,
      user,
      database: "pgbouncer",
    });
    await client.connect();
    try {
      return (await client.query(command)).rows as T[];
    } finally {
      await client.end();
    }
  };
  let closing: Promise<void> | undefined;
  return {
    url: url.toString(),
    port,
    poolSize,
    async stats() {
      const rows = await admin<{
        database: string;
        total_xact_count: string;
        total_query_count: string;
      }>("SHOW STATS");
      const row = rows.find((r) => r.database === database);
      return {
        transactions: Number(row?.total_xact_count ?? 0),
        queries: Number(row?.total_query_count ?? 0),
      };
    },
    async servers() {
      const rows = await admin<{ database: string; sv_active: string; sv_idle: string }>(
        "SHOW POOLS",
      );
      const pools = rows.filter((r) => r.database === database);
      return {
        active: pools.reduce((n, r) => n + Number(r.sv_active), 0),
        idle: pools.reduce((n, r) => n + Number(r.sv_idle), 0),
      };
    },
    log: () => output,
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }).finally(cleanUp);
      return closing;
    },
  };
}

/** The first port of the range nothing listens on at 127.0.0.1. */
async function freePort([from, to]: readonly [number, number]): Promise<number> {
  for (let port = from; port <= to; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`No free port for PgBouncer at 127.0.0.1:${from}–${to}.`);
}

/** Resolves once PgBouncer says it listens; rejects with its words if it exits first. */
function waitUntilListening(child: ChildProcess, port: number, output: () => string) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`PgBouncer did not start listening within 10 s:\n${output()}`));
    }, 10_000);
    const onData = () => {
      if (output().includes(`listening on 127.0.0.1:${port}`)) {
        finish();
        resolve();
      }
    };
    const onExit = (code: number | null) => {
      finish();
      reject(new Error(`PgBouncer exited (code ${code}) before listening:\n${output()}`));
    };
    const finish = () => {
      clearTimeout(timer);
      child.stderr?.off("data", onData);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
    };
    child.stderr?.on("data", onData);
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    onData();
  });
}
