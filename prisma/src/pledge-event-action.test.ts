import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, readMigrations, type SqlRunner } from "./migrate.ts";

const lite = new PGlite();
const runner: SqlRunner = {
  query: async <T>(sql: string, params?: unknown[]) => (await lite.query<T>(sql, params)).rows,
  exec: async (sql) => {
    await lite.exec(sql);
  },
};
afterAll(() => lite.close());

describe("the migration that types pledge_event.action", () => {
  it("keeps every audit row written before it, each word now one of the enum's", async () => {
    const all = await readMigrations();
    const at = all.findIndex((m) => m.name.endsWith("_pledge_event_action"));
    expect(at).toBeGreaterThan(0);
    await migrate(runner, all.slice(0, at));

    const words = [
      ...["create", "edit", "withdraw", "commit", "fulfil", "confirm", "notReceived", "release"],
      ...["lapse", "end", "cancel", "overdue", "carry", "renew", "leave"],
      ...["askCommit", "askFulfil", "remindConfirm"],
    ];
    await lite.exec(`
      INSERT INTO member (id, telegram_id, first_name, language, updated_at)
        VALUES (1, 1, 'Ann', 'en', now()), (2, 2, 'Bob', 'en', now());
      INSERT INTO collection (id, member_id, kind, goal, updated_at) VALUES (1, 1, 'monthly', 100, now());
      INSERT INTO pledge (id, giver_id, receiver_id, collection_id, amount, state, period)
        VALUES (1, 2, 1, 1, 10, 'intention', '2026-11-01');`);
    for (const word of words) {
      await lite.query(
        `INSERT INTO pledge_event (pledge_id, action, to_state, amount) VALUES (1, $1, 'intention', 10)`,
        [word],
      );
    }

    await migrate(runner, all);
    const rows = await runner.query<{ action: string; type: string }>(
      "SELECT action::text AS action, pg_typeof(action)::text AS type FROM pledge_event ORDER BY id",
    );
    expect(rows.map((r) => r.action)).toEqual(words);
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(['"PledgeEventAction"']));
  });
});
