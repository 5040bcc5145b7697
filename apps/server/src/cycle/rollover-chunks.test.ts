import { resources } from "@exodus/shared";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestUser } from "../testing.ts";
import { type Chunk, rollover } from "./rollover.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;

const NOVEMBER = new Date("2027-11-10T12:00:00Z");
/** When the scheduler runs December's rollover; resumed runs come later still. */
const TURN = new Date("2027-12-01T00:05:00Z");

/** The members of a seeded November, by name, and the pledges that matter to the tests. */
interface November {
  users: Record<string, TestUser>;
  ids: Record<string, number>;
  pledges: Record<string, number>;
}

/**
 * A November with every kind of pledge the rollover moves, given by members whose ids are far
 * enough apart that chunks of one or two givers split them: intentions, obligations, unconfirmed
 * and confirmed gifts, a giver in an emergency (carried, so her gift is not renewed beside the
 * obligation carried into December), a receiver who is also a giver, a tie that
 * held only by a gift to a collection closed since (deleted), and receivers whose givers fall in
 * different chunks. Seeded through the API, so two databases seeded alike hold the same ids.
 */
async function seedNovember(app: App): Promise<November> {
  app.setNow(NOVEMBER);
  const names = ["Rita", "Rosa", "Ruth", "Gabe", "Gil", "Gus", "Gwen", "Glen", "Gert"] as const;
  const list = await app.members(...names);
  const users = Object.fromEntries(names.map((n, i) => [n, list[i] as TestUser]));
  const ids: Record<string, number> = {};
  for (const n of names) ids[n] = (await app.as(users[n] as TestUser).member.me()).profile.id;
  const as = (n: string) => app.as(users[n] as TestUser);
  const monthly = async (n: string) => {
    await as(n).member.changeStatus({ action: "openMonthly", goal: 500_00 });
    const { collections } = await as(n).books.dashboard();
    return collections.find((c) => c.kind === "monthly")?.id as number;
  };
  const rita = await monthly("Rita");
  const rosa = await monthly("Rosa");
  const ruth = await monthly("Ruth");

  const pledges: Record<string, number> = {};
  const give = async (key: string, giver: string, to: number, amount: number, moves: string[]) => {
    const p = await as(giver).pledge.create({ collectionId: to, amount });
    const receiver = to === rita ? "Rita" : to === rosa ? "Rosa" : "Ruth";
    for (const m of moves) {
      const who = m === "confirm" ? receiver : giver;
      await as(who).pledge.act({ pledgeId: p.id, action: m as "commit" | "fulfil" | "confirm" });
    }
    pledges[key] = p.id;
  };
  await give("gabeToRita", "Gabe", rita, 10_00, []);
  await give("gabeToRosa", "Gabe", rosa, 11_00, ["fulfil", "confirm"]);
  await give("gilToRita", "Gil", rita, 12_00, ["fulfil", "confirm"]);
  await give("gilToRosa", "Gil", rosa, 13_00, ["commit"]);
  await give("gusToRita", "Gus", rita, 14_00, ["fulfil"]);
  await give("gusToRuth", "Gus", ruth, 15_00, ["fulfil", "confirm"]);
  // Gwen gave Rita in November and pledged again: her new obligation is carried, not renewed beside.
  await give("gwenGiftToRita", "Gwen", rita, 9_00, ["fulfil", "confirm"]);
  await give("gwenToRita", "Gwen", rita, 16_00, ["commit"]);
  await give("glenToRosa", "Glen", rosa, 17_00, ["fulfil", "confirm"]);
  await give("glenToRita", "Glen", rita, 18_00, []);
  await give("gertToRosa", "Gert", rosa, 19_00, ["fulfil"]);
  await give("gertToRita", "Gert", rita, 20_00, ["fulfil", "confirm"]);
  await give("ritaToRosa", "Rita", rosa, 21_00, ["fulfil", "confirm"]);
  // Gwen's obligation is frozen by her emergency; Ruth's collection closes after Gus's gift.
  await as("Gwen").member.changeStatus({ action: "openEmergency", goal: 50_00, days: 30 });
  await as("Ruth").member.changeStatus({ action: "closeMonthly" });
  return { users, ids, pledges };
}

/**
 * What the books hold, comparable across two databases seeded alike: a renewal is named by the
 * pledge it renews (its own id depends on when it was written), audit rows by their pledge.
 */
async function books(app: App) {
  const q = app.db.sql.query;
  const key = `COALESCE('renewal of ' || p.renewed_from_id, p.id::text)`;
  return {
    pledges: await q(`
      SELECT ${key} AS key, giver_id, receiver_id, collection_id, amount, state, period, overdue,
        state_changed_at FROM pledge p ORDER BY key`),
    events: await q(`
      SELECT ${key} AS key, e.action, e.from_state, e.to_state, e.amount, e.at, e.actor_id
      FROM pledge_event e JOIN pledge p ON p.id = e.pledge_id ORDER BY key, e.id`),
    tallies: await q(`SELECT * FROM collection_tally ORDER BY collection_id, period`),
    ties: await q(`SELECT * FROM help_tie ORDER BY giver_id, receiver_id`),
    summaries: await q<{ recipient_id: number; dedupe_key: string }>(`
      SELECT recipient_id, payload, dedupe_key, created_at FROM outbox
      WHERE kind = 'rollover.summary' ORDER BY recipient_id`),
  };
}

/**
 * The books are exact: every stored tally is the sum of its pledges, every help tie counts its
 * pair's live pledges, and no giver has two live pledges to one monthly collection in a period.
 */
async function expectExactBooks(app: App) {
  const q = app.db.sql.query;
  const drift = await q(`
    WITH counted AS (
      SELECT collection_id, period,
        COALESCE(SUM(amount) FILTER (WHERE state = 'intention'), 0) AS intentions,
        COALESCE(SUM(amount) FILTER (WHERE state IN ('obligation', 'fulfilled')), 0) AS obligations,
        COALESCE(SUM(amount) FILTER (WHERE state = 'confirmed'), 0) AS confirmed
      FROM pledge WHERE NOT overdue GROUP BY collection_id, period
    )
    SELECT * FROM counted c FULL JOIN collection_tally t USING (collection_id, period)
    WHERE (c.intentions, c.obligations, c.confirmed) IS DISTINCT FROM (t.intentions, t.obligations, t.confirmed)
      AND (COALESCE(c.intentions, 0), COALESCE(c.obligations, 0), COALESCE(c.confirmed, 0))
        IS DISTINCT FROM (COALESCE(t.intentions, 0), COALESCE(t.obligations, 0), COALESCE(t.confirmed, 0))`);
  expect(drift, "tallies equal their pledges").toEqual([]);
  const ties = await q(`
    WITH counted AS (
      SELECT giver_id, receiver_id, count(*) FILTER (WHERE state IN ('intention', 'obligation', 'fulfilled'))::int AS live
      FROM pledge GROUP BY giver_id, receiver_id
    )
    SELECT * FROM help_tie t JOIN counted c USING (giver_id, receiver_id) WHERE t.live <> c.live`);
  expect(ties, "help ties count the live pledges").toEqual([]);
  const twice = await q(`
    SELECT p.giver_id, p.collection_id, p.period FROM pledge p JOIN collection c ON c.id = p.collection_id
    WHERE c.kind = 'monthly' AND NOT p.overdue AND p.state IN ('intention', 'obligation', 'fulfilled')
    GROUP BY 1, 2, 3 HAVING count(*) > 1`);
  expect(twice, "one live pledge per giver, collection and period").toEqual([]);
}

const run = (app: App) => app.db.prisma.cycleRun.findFirstOrThrow({ where: { job: "rollover" } });

let baseline: App;
let expected: Awaited<ReturnType<typeof books>>;
const apps: App[] = [];
async function seededApp() {
  const app = await createTestApp();
  apps.push(app);
  return { app, seed: await seedNovember(app) };
}

beforeAll(async () => {
  baseline = await createTestApp();
  apps.push(baseline);
  await seedNovember(baseline);
  const result = await rollover(baseline.db.prisma, "2027-12", TURN);
  expect(result).toMatchObject({ ran: true, lapsed: 2, renewed: 5, overdue: 3, carried: 1 });
  expected = await books(baseline);
});
afterAll(async () => {
  for (const app of apps) await app.close();
});

describe("the rollover in chunks of givers", () => {
  it("resumes a run a crash stopped half-way and ends with the books of an uninterrupted one", async () => {
    const { app } = await seededApp();
    let chunks = 0;
    const crash = rollover(app.db.prisma, "2027-12", TURN, {
      chunkGivers: 2,
      inChunk: () => {
        chunks += 1;
        if (chunks === 4) throw new Error("killed mid-chunk");
      },
    });
    await expect(crash).rejects.toThrow("killed mid-chunk");
    // Three chunks committed and the fourth never happened; nobody has been told anything yet.
    const stopped = await run(app);
    expect(stopped).toMatchObject({ cursor: 6, finishedAt: null });
    expect(await app.db.prisma.outbox.count({ where: { kind: "rollover.summary" } })).toBe(0);

    // Another server resumes later, with chunks of another size.
    const resumed = await rollover(app.db.prisma, "2027-12", new Date("2027-12-01T00:20:00Z"), {
      chunkGivers: 3,
    });
    expect(resumed).toMatchObject({ ran: true, lapsed: 2, renewed: 5, overdue: 3, carried: 1 });
    expect(await books(app)).toEqual(expected);
    await expectExactBooks(app);
    expect((await rollover(app.db.prisma, "2027-12", TURN)).ran).toBe(false);
  });

  it("runs once with several servers at once: each giver rolls over once, each member hears once", async () => {
    const { app } = await seededApp();
    const results = await Promise.all(
      [1, 2, 3].map(() => rollover(app.db.prisma, "2027-12", TURN, { chunkGivers: 1 })),
    );
    expect(results.some((r) => r.ran)).toBe(true);
    for (const r of results) {
      expect(r).toMatchObject({ lapsed: 2, renewed: 5, overdue: 3, carried: 1 });
    }
    expect(await books(app)).toEqual(expected);
    expect((await rollover(app.db.prisma, "2027-12", TURN)).ran).toBe(false);
  });

  it("finishes a run stopped in an earlier period before the next period's", async () => {
    const { app } = await seededApp();
    await expect(
      rollover(app.db.prisma, "2027-12", TURN, {
        chunkGivers: 1,
        inChunk: (c: Chunk) => {
          if (c.after > 0) throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
    const january = await rollover(app.db.prisma, "2028-01", new Date("2028-01-01T00:01:00Z"));
    expect(january.ran).toBe(true);
    const runs = await app.db.prisma.cycleRun.findMany({ orderBy: { period: "asc" } });
    expect(runs.map((r) => [r.period.toISOString().slice(0, 7), r.finishedAt !== null])).toEqual([
      ["2027-12", true],
      ["2028-01", true],
    ]);
    // December's summaries went out, as an uninterrupted December would have sent them.
    const december = (await books(app)).summaries.filter((s) => s.dedupe_key.includes(":2027-12:"));
    expect(december).toEqual(expected.summaries);
  });
});

describe("writes while the rollover runs", () => {
  it("a write between chunks lands before or after its giver's rollover, never half-way", async () => {
    const { app, seed } = await seededApp();
    const { users, ids, pledges } = seed;
    const rosa = (
      await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: pledges.gabeToRosa } })
    ).collectionId;
    // Members roll over in the order they joined: Gus before Glen and Gert. The writes come after
    // Gus's chunk and before theirs.
    expect(ids.Gus).toBeLessThan(ids.Glen as number);
    expect(ids.Glen).toBeLessThan(ids.Gert as number);
    app.setNow(new Date("2027-12-01T00:05:30Z"));
    let wrote = false;
    await rollover(app.db.prisma, "2027-12", TURN, {
      chunkGivers: 1,
      betweenChunks: async (c: Chunk) => {
        if (wrote || c.through < (ids.Gus as number)) return;
        wrote = true;
        // Glen, not rolled over yet, pledges anew for December to Rosa, whom he gave in November.
        await app.as(users.Glen as TestUser).pledge.create({ collectionId: rosa, amount: 30_00 });
        // Rita confirms Gus's November gift after his rollover: it was in ⌛ already.
        await app
          .as(users.Rita as TestUser)
          .pledge.act({ pledgeId: pledges.gusToRita as number, action: "confirm" });
        // Rosa confirms Gert's November gift before his rollover.
        await app
          .as(users.Rosa as TestUser)
          .pledge.act({ pledgeId: pledges.gertToRosa as number, action: "confirm" });
      },
    });
    expect(wrote).toBe(true);
    const pledge = (id: number | undefined) =>
      app.db.prisma.pledge.findUniqueOrThrow({ where: { id: id as number } });
    const renewalOf = (id: number | undefined) =>
      app.db.prisma.pledge.findUnique({ where: { renewedFromId: id as number } });

    // Glen's own pledge stands and his November gift is not renewed beside it.
    expect(await renewalOf(pledges.glenToRosa)).toBeNull();
    const glenInDecember = await app.db.prisma.pledge.findMany({
      where: { giverId: ids.Glen, collectionId: rosa, period: new Date("2027-12-01") },
    });
    expect(glenInDecember).toMatchObject([{ amount: 30_00, state: "intention" }]);
    // Gus's gift went to ⌛ and from there to the 👍 archive: confirmed late, not renewed.
    expect(await pledge(pledges.gusToRita)).toMatchObject({ state: "confirmed", overdue: true });
    expect(await renewalOf(pledges.gusToRita)).toBeNull();
    // Gert's gift was confirmed in time for his rollover: 👍 of November, renewed for December.
    expect(await pledge(pledges.gertToRosa)).toMatchObject({ state: "confirmed", overdue: false });
    expect(await renewalOf(pledges.gertToRosa)).toMatchObject({
      amount: 19_00,
      state: "intention",
    });
    await expectExactBooks(app);

    // Rosa, whose givers were rolled over in many chunks, hears once, of all of them: renewed to
    // her Gabe's, Rita's and now Gert's (not Glen's: he pledged anew); to ⌛ Gil's obligation.
    const summaries = await app.db.prisma.outbox.findMany({
      where: { kind: "rollover.summary", recipientId: ids.Rosa },
    });
    expect(summaries.map((s) => s.payload)).toEqual([
      expect.objectContaining({
        receivedRenewed: 3,
        receivedRenewedAmount: 11_00 + 21_00 + 19_00,
        receivedOverdue: 1,
      }),
    ]);
  });

  it("a write waits for the chunk under way and completes after it", async () => {
    const { app, seed } = await seededApp();
    const { users, pledges } = seed;
    app.setNow(new Date("2027-12-01T00:05:30Z"));
    let write: Promise<unknown> | undefined;
    await rollover(app.db.prisma, "2027-12", TURN, {
      chunkGivers: 100,
      inChunk: async () => {
        if (write) return;
        write = app
          .as(users.Rosa as TestUser)
          .pledge.act({ pledgeId: pledges.gertToRosa as number, action: "confirm" });
        // Until the write is seen waiting for the books, the chunk holds them.
        while ((await booksWaiters(app)) === 0) await new Promise((r) => setTimeout(r, 20));
      },
    });
    await expect(write).resolves.toMatchObject({ state: "confirmed", overdue: true });
    await expectExactBooks(app);
  });

  it("a write that finds the books held longer than it may wait is asked to retry (429)", async () => {
    const { app, seed } = await seededApp();
    const { users, pledges } = seed;
    app.setNow(new Date("2027-12-01T00:05:30Z"));
    let refused: unknown;
    await rollover(app.db.prisma, "2027-12", TURN, {
      chunkGivers: 100,
      inChunk: async () => {
        if (refused) return;
        // The chunk waits for the write: the write can only give up.
        refused = await app
          .as(users.Rosa as TestUser)
          .pledge.act({ pledgeId: pledges.gertToRosa as number, action: "confirm" })
          .catch((e: unknown) => e);
      },
    });
    expect(refused).toBeInstanceOf(TRPCError);
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", message: "errors.rollover.busy" });
    expect(getHTTPStatusCodeFromError(refused as TRPCError)).toBe(429);
    for (const strings of Object.values(resources)) {
      expect(strings.errors.rollover.busy).toMatch(/\S/);
    }
    // It changed nothing: the gift went to ⌛ unconfirmed, and confirming it now works.
    const gift = await app.db.prisma.pledge.findUniqueOrThrow({
      where: { id: pledges.gertToRosa },
    });
    expect(gift).toMatchObject({ state: "fulfilled", overdue: true });
    await app
      .as(users.Rosa as TestUser)
      .pledge.act({ pledgeId: pledges.gertToRosa as number, action: "confirm" });
    await expectExactBooks(app);
    expect(await books(app)).not.toEqual(expected); // the late confirmation is in the books
  });

  it("writes fired throughout a run all complete or are asked to retry, never a 500, and the books stay exact", async () => {
    const { app, seed } = await seededApp();
    const { users, ids, pledges } = seed;
    app.setNow(new Date("2027-12-01T00:05:30Z"));
    const rosa = (
      await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: pledges.gabeToRosa } })
    ).collectionId;
    const anew = await app
      .as(users.Gil as TestUser)
      .pledge.create({ collectionId: rosa, amount: 5_00 });
    let running = true;
    const outcomes: string[] = [];
    const settle = (call: Promise<unknown>) =>
      call.then(
        () => outcomes.push("ok"),
        (e: unknown) =>
          outcomes.push(e instanceof TRPCError ? `${e.code} ${e.message}` : `thrown ${String(e)}`),
      );
    const writers = [
      // Gil edits his December pledge again and again.
      (async () => {
        for (let i = 0; running; i++) {
          await settle(
            app.as(users.Gil as TestUser).pledge.act({
              pledgeId: anew.id,
              action: "edit",
              amount: 5_00 + (i % 7) * 100,
            }),
          );
        }
      })(),
      // Rosa confirms Gert's November gift; Rita confirms Gus's (before or after their rollover).
      (async () => {
        while (running) {
          await settle(
            app
              .as(users.Rosa as TestUser)
              .pledge.act({ pledgeId: pledges.gertToRosa as number, action: "confirm" }),
          );
          await settle(
            app
              .as(users.Rita as TestUser)
              .pledge.act({ pledgeId: pledges.gusToRita as number, action: "confirm" }),
          );
        }
      })(),
      // Gabe pledges to Rosa for December what he gave her in November (a renewal or a new pledge).
      (async () => {
        while (running) {
          await settle(
            app.as(users.Gabe as TestUser).pledge.create({ collectionId: rosa, amount: 11_00 }),
          );
        }
      })(),
    ];
    await rollover(app.db.prisma, "2027-12", TURN, { chunkGivers: 1 });
    running = false;
    await Promise.all(writers);

    expect(outcomes.length).toBeGreaterThan(0);
    expect(
      outcomes.filter((o) => o !== "ok" && o !== "TOO_MANY_REQUESTS errors.rollover.busy"),
    ).toEqual([]);
    await expectExactBooks(app);
    // Each confirmed gift is either renewed (confirmed before its giver's rollover) or in the 👍
    // archive (after it), never both; Gabe has exactly one live pledge to Rosa in December.
    for (const id of [pledges.gertToRosa, pledges.gusToRita]) {
      const gift = await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: id as number } });
      const renewal = await app.db.prisma.pledge.findUnique({
        where: { renewedFromId: id as number },
      });
      expect(gift.state).toBe("confirmed");
      expect(gift.overdue).toBe(renewal === null);
    }
    expect(
      await app.db.prisma.pledge.count({
        where: {
          giverId: ids.Gabe,
          collectionId: rosa,
          period: new Date("2027-12-01"),
          state: "intention",
        },
      }),
    ).toBe(1);
  });
});

/** Transactions of this database waiting for the books (locks.ts's advisory lock) right now. */
async function booksWaiters(app: App): Promise<number> {
  const [row] = await app.db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks
     WHERE locktype = 'advisory' AND NOT granted AND objid = 7318002
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return row?.n ?? 0;
}
