import { openDatabase } from "@exodus/db";
import { describe, expect, it } from "vitest";
import { isContention } from "./contention.ts";

/**
 * A pool whose every connection is taken exists on PostgreSQL only (the embedded PGlite is one
 * connection inside this process): CI runs this on PostgreSQL.
 */
describe.runIf(process.env.DATABASE_URL)("a pool with every connection taken", () => {
  it("is contention (the member hears busy, try again), not an error; a bad query is not", async () => {
    const db = await openDatabase({
      url: process.env.DATABASE_URL,
      migrate: false,
      poolSize: 1,
      poolWaitMs: 200,
    });
    try {
      // A long transaction holds the only connection.
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let holding = () => {};
      const held = new Promise<void>((resolve) => {
        holding = resolve;
      });
      const holder = db.prisma.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT 1`;
          holding();
          await released;
        },
        { timeout: 10_000 },
      );
      await held;
      const waited = await db.prisma.$queryRaw`SELECT 1`.catch((error: unknown) => error);
      release();
      await holder;
      expect(waited).toBeInstanceOf(Error);
      expect(isContention(waited)).toBe(true);

      // The connection free again: the same query answers; a wrong one is a bug, not "busy".
      expect(await db.prisma.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
      const wrong = await db.prisma.$queryRaw`SELECT * FROM no_such_table`.catch(
        (error: unknown) => error,
      );
      expect(wrong).toBeInstanceOf(Error);
      expect(isContention(wrong)).toBe(false);
    } finally {
      await db.close();
    }
  });
});
