// pnpm db:new-migration <name>: writes migrations/<timestamp>_<name>/migration.sql with the SQL that
// takes the committed migrations to schema.prisma. Runs offline, on an in-memory PGlite.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { migrationsDir } from "../src/migrate.ts";
import { diffMigrationsToSchema } from "../src/schema-engine.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: pnpm db:new-migration <name>   (lower case letters, digits and _)");
  process.exit(1);
}
const sql = await diffMigrationsToSchema();
if (sql === "") {
  console.log("schema.prisma and the migrations already agree: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "migration.sql"), sql);
console.log(`Wrote ${join(dir, "migration.sql")}\n\n${sql}`);
