import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineModule from "@prisma/schema-engine-wasm/schema_engine_bg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { historyTable, migrate, readMigrations } from "./migrate.ts";

/** The Prisma schema file, the one source of the database's shape. */
export const schemaPath = join(import.meta.dirname, "..", "schema.prisma");

let loaded = false;

/**
 * Loads Prisma's schema engine compiled to WebAssembly. Its package is built for bundlers, which
 * Node is not, so the module is instantiated by hand here.
 */
function loadEngine(): typeof engineModule.SchemaEngine {
  if (!loaded) {
    const dir = join(import.meta.dirname, "..", "node_modules", "@prisma", "schema-engine-wasm");
    const bytes = readFileSync(join(dir, "schema_engine_bg.wasm"));
    const wasm = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      "./schema_engine_bg.js": engineModule as unknown as WebAssembly.ModuleImports,
    });
    engineModule.__wbg_set_wasm(wasm.exports);
    (wasm.exports.__wbindgen_start as (() => void) | undefined)?.();
    loaded = true;
  }
  return engineModule.SchemaEngine;
}

/**
 * Applies every committed migration to a fresh in-memory PGlite and asks the schema engine what SQL
 * would take that database to schema.prisma. Empty when the migrations and the schema agree.
 */
export async function diffMigrationsToSchema(schema = readFileSync(schemaPath, "utf8")) {
  const SchemaEngine = loadEngine();
  const lite = new PGlite();
  try {
    await migrate(
      {
        query: async <T>(text: string, params?: unknown[]) =>
          (await lite.query<T>(text, params)).rows,
        exec: async (text: string) => {
          await lite.exec(text);
        },
      },
      await readMigrations(),
    );
    const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(lite));
    const files = [{ path: "schema.prisma", content: schema }];
    const engine = await SchemaEngine.new(
      { datamodels: [["schema.prisma", schema]] },
      () => {},
      adapter,
    );
    try {
      const result = await engine.diff({
        from: { tag: "schemaDatasource", files, configDir: "." },
        to: { tag: "schemaDatamodel", files },
        script: true,
        exitCode: null,
        filters: { externalTables: [`public.${historyTable}`], externalEnums: [] },
      });
      const sql = result.stdout ?? "";
      return sql.trim() === "" || /^-- This is an empty migration\.?\s*$/.test(sql.trim())
        ? ""
        : sql;
    } finally {
      engine.free();
    }
  } finally {
    await lite.close();
  }
}
