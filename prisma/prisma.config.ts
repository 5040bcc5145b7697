import { defineConfig } from "prisma/config";

/**
 * Only `prisma generate` uses this file. Migrations are applied by src/migrate.ts, because the Prisma
 * CLI's migrate commands need a native engine these machines cannot download.
 */
export default defineConfig({ schema: "schema.prisma" });
