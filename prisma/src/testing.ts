import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "./database.ts";

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server named by
 * DATABASE_URL (dropped afterwards), or an in-memory PGlite when DATABASE_URL is not set.
 */
export async function createTestDatabase(): Promise<
  Database & { drop(): Promise<void>; url: string | undefined }
> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const db = await openDatabase({});
    return { ...db, url: undefined, drop: () => db.close() };
  }
  const name = `exodus_test_${randomBytes(6).toString("hex")}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString() });
  return {
    ...db,
    url: url.toString(),
    drop: async () => {
      await db.close();
      await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function withAdmin(url: string, work: (client: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
