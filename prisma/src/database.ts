import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/client.ts";
import { migrate, type SqlRunner } from "./migrate.ts";

/** An open database: the Prisma client over it, and what start-up and /healthz need. */
export interface Database {
  prisma: PrismaClient;
  kind: "postgres" | "pglite";
  /** Raw SQL for set-based work and checks, on the same connection(s) as Prisma. */
  sql: SqlRunner;
  /** Applies pending migrations; returns the names it applied. */
  migrate(): Promise<string[]>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A PostgreSQL connection string. Without it, an embedded PGlite is used. */
  url?: string | undefined;
  /** Where PGlite keeps its files; without it PGlite lives in memory (tests). */
  dataDir?: string | undefined;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** PostgreSQL only: connections in the pool (default 10). */
  poolSize?: number;
  /** PostgreSQL only: how long a query waits for a free connection (default POOL_WAIT_MS). */
  poolWaitMs?: number;
}

/** Opens PostgreSQL when given a URL, else the embedded PGlite, and brings its schema up to date. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const db = options.url
    ? openPostgres(options.url, options.poolSize ?? 10, options.poolWaitMs ?? POOL_WAIT_MS)
    : await openPglite(options.dataDir);
  if (options.migrate !== false) {
    try {
      await db.migrate();
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}

/** How long a query waits for a free connection of the pool (milliseconds). */
export const POOL_WAIT_MS = 10_000;

function openPostgres(url: string, max: number, wait: number): Database {
  // A query waits at most POOL_WAIT_MS (by default) for a free connection: then pg's pool gives up ("timeout
  // exceeded when trying to connect"), which the server tells the member as "busy, try again"
  // (apps/server/src/contention.ts) instead of letting the request hang. As long as the longest
  // maxWait of an interactive transaction (balancing's and clearing's 10 s).
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: wait });
  // An idle client losing its connection must not take the process down; the next query reports it.
  pool.on("error", () => {});
  const sql: SqlRunner = {
    async query<T>(text: string, params?: unknown[]) {
      return (await pool.query(text, params)).rows as T[];
    },
    async exec(text: string) {
      await pool.query(text);
    },
  };
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    kind: "postgres",
    sql,
    // BEGIN … COMMIT must run on one connection, so migrations take a client of their own.
    migrate: async () => {
      const client = await pool.connect();
      try {
        return await migrate({
          query: async <T>(text: string, params?: unknown[]) =>
            (await client.query(text, params)).rows as T[],
          exec: async (text: string) => {
            await client.query(text);
          },
        });
      } finally {
        client.release();
      }
    },
    ping: () => ping(sql),
    close: once(async () => {
      await prisma.$disconnect();
      await pool.end();
    }),
  };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  const unlock = dataDir ? lockDataDir(dataDir) : () => {};
  const lite = new PGlite(dataDir);
  await lite.waitReady;
  const sql: SqlRunner = {
    async query<T>(text: string, params?: unknown[]) {
      return (await lite.query<T>(text, params)).rows;
    },
    async exec(text: string) {
      await lite.exec(text);
    },
  };
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite) });
  return {
    prisma,
    kind: "pglite",
    sql,
    migrate: () => migrate(sql),
    ping: () => ping(sql),
    close: once(async () => {
      await prisma.$disconnect();
      await lite.close();
      unlock();
    }),
  };
}

/** Whether the database answers at all (for /healthz). */
function ping(sql: SqlRunner): Promise<boolean> {
  return sql.query("SELECT 1").then(
    () => true,
    () => false,
  );
}

/** Closing twice (a test's clean-up after a shutdown) closes once. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= close();
    return closing;
  };
}

/**
 * The embedded database is one process's: two processes on one data folder would overwrite each
 * other's writes. A lock file beside the folder names the process that has it; a second process is
 * refused with a clear message, and a lock left by a process that died is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = `${dataDir.replace(/[/\\]+$/, "")}.lock`;
  try {
    writeFileSync(lockFile, String(process.pid), { flag: "wx" });
  } catch {
    const holder = Number(readFileSync(lockFile, "utf8"));
    if (holder !== process.pid && isRunning(holder)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${holder}. Stop it first, or set DATABASE_URL so several processes share a PostgreSQL.`,
      );
    }
    writeFileSync(lockFile, String(process.pid));
  }
  return () => rmSync(lockFile, { force: true });
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
