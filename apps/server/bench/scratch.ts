/**
 * What the benchmarks (rollover.ts, network.ts) share: their scratch databases on a PostgreSQL
 * server, created fresh and dropped whatever happens — at the end, on failure, on Ctrl-C — plus the
 * option reading, output formatting and exit handling around them. Each benchmark keeps its own
 * seed and measurements; only the plumbing is here, so the two clean up and fail the same way.
 */
import { performance } from "node:perf_hooks";
import { type Database, openDatabase } from "@exodus/db";

/** The server and admin database used when DATABASE_URL is unset: a local default install. */
export const DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/** A bad option or size: printed as one line prefixed with the benchmark's name, not a stack. */
export class UsageError extends Error {}

/**
 * An option given as `--name=value` or, failing that, as the environment variable BENCH_NAME
 * (`undefined` when neither is set).
 */
export function option(argv: string[], env: NodeJS.ProcessEnv, name: string): string | undefined {
  return (
    argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ??
    env[`BENCH_${name.toUpperCase()}`]
  );
}

/** A switch given as `--name` or as BENCH_NAME=1. */
export function flag(argv: string[], env: NodeJS.ProcessEnv, name: string): boolean {
  return argv.includes(`--${name}`) || env[`BENCH_${name.toUpperCase()}`] === "1";
}

export const fmt = (n: number) => n.toLocaleString("en-US");
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const msText = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;

/** Nearest-rank percentile of a sample. */
export function percentile(sample: number[], p: number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

/** Runs `work` and returns its value with the wall-clock time it took. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

/** The URL with its password hidden, for messages. */
export function shown(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(an unparsable DATABASE_URL)";
  }
}

/** An error in one line, with PostgreSQL's or Node's code when it has one (connection errors do). */
export function describe(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(describe).join("; ");
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    return `${code ? `${code}: ` : ""}${error.message || error.name}`;
  }
  return String(error);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Set on Ctrl-C / SIGTERM: the signal handler cleans up and exits; the interrupted run stays quiet. */
let interrupted = false;

/**
 * Every database a benchmark created on the server of the admin connection, so it can be dropped
 * whatever happens: `cleanUp` at the end, or the SIGINT / SIGTERM handler `open` installs.
 */
export class Scratch {
  private readonly names: string[] = [];
  private readonly open = new Set<Database>();
  private cleaning: Promise<void> | undefined;

  private constructor(
    private readonly admin: Database,
    readonly adminUrl: string,
    /** The database to leave in place at the end (BENCH_KEEP), if any. */
    private readonly kept: string | undefined,
  ) {}

  /**
   * Connects to the admin database at `adminUrl` and starts dropping on Ctrl-C / SIGTERM. When
   * PostgreSQL cannot be reached, says so and how to fix it, and returns undefined (exit code 2).
   */
  static async open(adminUrl: string, kept: string | undefined): Promise<Scratch | undefined> {
    const admin = await openDatabase({ url: adminUrl, migrate: false });
    try {
      await admin.sql.query("SELECT 1");
    } catch (error) {
      await admin.close();
      console.error(
        `PostgreSQL is unreachable at ${shown(adminUrl)}:\n  ${describe(error)}\n` +
          "Start PostgreSQL, or set DATABASE_URL to an admin URL of a running server " +
          "(a role that may CREATE DATABASE).",
      );
      return undefined;
    }
    const scratch = new Scratch(admin, adminUrl, kept);
    // Ctrl-C reaches this process twice (from the terminal, and relayed by tsx): stay subscribed, act once.
    const onSignal = (signal: NodeJS.Signals) => {
      if (interrupted) return;
      interrupted = true;
      const what = scratch.names.length === 1 ? "database" : "databases";
      console.error(`\n${signal}: dropping the benchmark's ${what}…`);
      scratch.cleanUp().finally(() => process.exit(130));
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    return scratch;
  }

  async serverVersion(): Promise<string | undefined> {
    const [row] = await this.admin.sql.query<{ version: string }>(
      "SELECT current_setting('server_version') AS version",
    );
    return row?.version;
  }

  /** The URL of one of the server's databases, e.g. to name the kept one. */
  url(name: string): string {
    return withDatabase(this.adminUrl, name);
  }

  /**
   * Creates a database, migrated — or, from `template`, a file-level copy of it (already migrated)
   * — and opens it. It is recorded before it exists, so a failure half-way still drops it.
   */
  async create(name: string, template?: string): Promise<Database> {
    this.names.push(name);
    await this.admin.sql.exec(
      template
        ? `CREATE DATABASE "${name}" TEMPLATE "${template}" STRATEGY FILE_COPY`
        : `CREATE DATABASE "${name}"`,
    );
    const db = await openDatabase({ url: this.url(name), migrate: !template });
    this.open.add(db);
    return db;
  }

  async close(db: Database) {
    this.open.delete(db);
    await db.close();
  }

  async drop(name: string) {
    await this.admin.sql.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const i = this.names.indexOf(name);
    if (i >= 0) this.names.splice(i, 1);
  }

  /**
   * Drops what was created (all but the kept one), then closes the connections. Dropping first,
   * WITH (FORCE), also ends a statement still running in them (after a failure or Ctrl-C). Runs
   * once: the end of the run and a signal handler may both ask for it.
   */
  cleanUp(): Promise<void> {
    this.cleaning ??= (async () => {
      for (const name of [...this.names]) {
        if (name === this.kept) continue;
        await this.drop(name).catch((error: unknown) => {
          console.error(`could not drop database ${name}: ${describe(error)}`);
        });
      }
      await Promise.allSettled([...this.open].map((db) => db.close()));
      this.open.clear();
      await this.admin.close();
    })();
    return this.cleaning;
  }
}

/**
 * Runs a benchmark's `main` and exits with its code; a UsageError prints as `name: message`, any
 * other error in full (exit 1). After Ctrl-C the signal handler exits: errors of the statements it
 * ended are not reported.
 */
export function run(name: string, main: () => Promise<number>) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (interrupted) return;
      console.error(error instanceof UsageError ? `${name}: ${error.message}` : error);
      process.exit(1);
    },
  );
}
