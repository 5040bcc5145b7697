import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** The folder of committed migrations: one sub-folder per migration, each with a migration.sql. */
export const migrationsDir = join(import.meta.dirname, "..", "migrations");

/** The table that remembers which migrations ran. The schema engine is told to leave it alone. */
export const historyTable = "_exodus_migrations";

/** A key for pg_advisory_xact_lock, so replicas starting together migrate one at a time. */
const migrationLockKey = 7_318_001;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The smallest surface both node-postgres and PGlite offer: parameterised queries and scripts. */
export interface SqlRunner {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
}

/** Reads the committed migrations in the order they were made (their folder names sort by time). */
export async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/**
 * Applies the migrations that have not run yet, all in one transaction under an advisory lock, and
 * returns their names. A migration edited after it ran stops start-up: the database and the code
 * would disagree about the shape of the data.
 */
export async function migrate(runner: SqlRunner, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  await runner.exec("BEGIN");
  try {
    await runner.query("SELECT pg_advisory_xact_lock($1)", [migrationLockKey]);
    await runner.exec(
      `CREATE TABLE IF NOT EXISTS "${historyTable}" (
        name text PRIMARY KEY,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const rows = await runner.query<{ name: string; checksum: string }>(
      `SELECT name, checksum FROM "${historyTable}"`,
    );
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    const ran: string[] = [];
    for (const m of all) {
      const checksum = applied.get(m.name);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) {
          throw new Error(
            `Migration ${m.name} was changed after it was applied. Add a new migration instead.`,
          );
        }
        continue;
      }
      await runner.exec(m.sql);
      await runner.query(`INSERT INTO "${historyTable}" (name, checksum) VALUES ($1, $2)`, [
        m.name,
        m.checksum,
      ]);
      ran.push(m.name);
    }
    await runner.exec("COMMIT");
    return ran;
  } catch (error) {
    await runner.exec("ROLLBACK");
    throw error;
  }
}
