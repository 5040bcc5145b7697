// pnpm db:migrate: applies pending migrations to DATABASE_URL (or to the embedded database in
// DATA_DIR, default .data/db, when DATABASE_URL is not set).
import { join } from "node:path";
import { openDatabase } from "./database.ts";

const url = process.env.DATABASE_URL || undefined;
const dataDir = url
  ? undefined
  : (process.env.DATA_DIR ?? join(import.meta.dirname, "..", "..", ".data", "db"));
const db = await openDatabase({ url, dataDir, migrate: false });
try {
  const ran = await db.migrate();
  const where = url ? "PostgreSQL" : `the embedded database in ${dataDir}`;
  console.log(
    ran.length
      ? `Applied ${ran.length} migration(s) to ${where}: ${ran.join(", ")}`
      : `${where}: up to date.`,
  );
} finally {
  await db.close();
}
