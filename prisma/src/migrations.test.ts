import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "./database.ts";
import { diffMigrationsToSchema } from "./schema-engine.ts";
import { createTestDatabase } from "./testing.ts";

describe("migrations", () => {
  it("take a fresh database exactly to schema.prisma", async () => {
    expect(await diffMigrationsToSchema()).toBe("");
  });

  it("notice when schema.prisma has moved on without a migration", async () => {
    const schema = `${await import("node:fs").then((fs) => fs.readFileSync(new URL("../schema.prisma", import.meta.url), "utf8"))}
model Forgotten {
  id Int @id
}`;
    expect(await diffMigrationsToSchema(schema)).toContain('CREATE TABLE "Forgotten"');
  });
});

describe("a database opened by the app", () => {
  let db: Database & { drop(): Promise<void> };
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it("is migrated once, and a second start applies nothing", async () => {
    expect(await db.migrate()).toEqual([]);
    const rows = await db.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM _exodus_migrations",
    );
    expect(rows[0]?.n).toBeGreaterThan(0);
  });

  it("keeps members through Prisma", async () => {
    const m = await db.prisma.member.create({
      data: { telegramId: 42n, firstName: "Ada", language: "en" },
    });
    expect(m.status).toBe("green");
    expect(await db.ping()).toBe(true);
  });
});

describe("the embedded database", () => {
  it("refuses a second process on the same data folder, and takes over a dead one's lock", async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dataDir = join(mkdtempSync(join(tmpdir(), "exodus-lock-")), "db");
    try {
      // A live process (this test runner's parent) holds the folder.
      writeFileSync(`${dataDir}.lock`, String(process.ppid));
      await expect(openDatabase({ dataDir })).rejects.toThrow(
        `The embedded database in ${dataDir} is in use by process ${process.ppid}`,
      );
      // A process that no longer runs left its lock behind.
      writeFileSync(`${dataDir}.lock`, "999999999");
      const db = await openDatabase({ dataDir });
      await db.close();
    } finally {
      rmSync(join(dataDir, ".."), { recursive: true, force: true });
    }
  });

  it("survives a restart in its data folder", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dataDir = mkdtempSync(join(tmpdir(), "exodus-pglite-"));
    try {
      const first: Database = await openDatabase({ dataDir });
      await first.prisma.member.create({
        data: { telegramId: 7n, firstName: "Kept", language: "ru" },
      });
      await first.close();
      const second = await openDatabase({ dataDir });
      const kept = await second.prisma.member.findUnique({ where: { telegramId: 7n } });
      await second.close();
      expect(kept?.firstName).toBe("Kept");
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
