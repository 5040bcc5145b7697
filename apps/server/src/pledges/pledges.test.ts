import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, refusal, type TestUser } from "../testing.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;

let app: App;
let nextId = 50_000;
/** A new Telegram user for each test, so tests never share books. */
const user = (name: string, language_code = "en"): TestUser => ({
  id: nextId++,
  first_name: name,
  language_code,
});

async function openMonthly(u: TestUser, goal: number) {
  await app.as(u).member.changeStatus({ action: "openMonthly", goal });
  const { collections } = await app.as(u).books.dashboard();
  const monthly = collections.find((c) => c.kind === "monthly");
  if (!monthly) throw new Error("no monthly collection");
  return monthly.id;
}

async function openEmergency(u: TestUser, goal: number, days = 10) {
  await app.as(u).member.changeStatus({ action: "openEmergency", goal, days });
  const { collections } = await app.as(u).books.dashboard();
  const emergency = collections.find((c) => c.kind === "emergency");
  if (!emergency) throw new Error("no emergency collection");
  return emergency.id;
}

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe("creating a pledge", () => {
  it("promises an intention to a monthly collection and shows in both sides' books", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await openMonthly(ann, 100_00);
    const pledge = await app.as(ben).pledge.create({ collectionId, amount: 30_00 });
    expect(pledge).toMatchObject({ state: "intention", amount: 30_00, period: "2026-11" });

    const totals = await app.as(ann).books.collection({ collectionId });
    expect(totals).toMatchObject({
      intentions: 30_00,
      obligations: 0,
      confirmed: 0,
      missing: 100_00,
      helpers: 1,
    });
    const circle = await app.as(ann).books.pledges({ list: "circle", limit: 20 });
    expect(circle.map((p) => [p.giverName, p.amount, p.state])).toEqual([
      ["Ben", 30_00, "intention"],
    ]);
    const helping = await app.as(ben).books.pledges({ list: "helping", limit: 20 });
    expect(helping.map((p) => [p.receiverName, p.amount])).toEqual([["Ann", 30_00]]);
    expect((await app.as(ben).books.dashboard()).giving).toEqual({
      receivers: 1,
      intentions: 30_00,
      obligations: 0,
      confirmed: 0,
    });
  });

  it("shows a collection's totals within its member's network only", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    const eve = user("Eve");
    const collectionId = await openMonthly(ann, 100_00);
    await app.as(ben).pledge.create({ collectionId, amount: 5_00 });
    expect((await app.as(ben).books.collection({ collectionId })).intentions).toBe(5_00);
    expect(await refusal(app.as(eve).books.collection({ collectionId }))).toBe(
      "errors.collection.notFound",
    );
  });

  it("binds straight away to an emergency: obligations only", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await openEmergency(ann, 500_00);
    const pledge = await app.as(ben).pledge.create({ collectionId, amount: 200_00 });
    expect(pledge.state).toBe("obligation");
    expect(await app.as(ann).books.collection({ collectionId })).toMatchObject({
      intentions: 0,
      obligations: 200_00,
      missing: 300_00,
    });
  });

  it("refuses pledges to oneself, to a ✅ member's closed collection, and a second live one", async () => {
    const [ann, ben, carl] = await app.members("Ann", "Ben", "Carl");
    const collectionId = await openMonthly(ann, 100_00);
    expect(await refusal(app.as(ann).pledge.create({ collectionId, amount: 10_00 }))).toBe(
      "errors.pledge.self",
    );

    await app.as(ben).pledge.create({ collectionId, amount: 10_00 });
    expect(await refusal(app.as(ben).pledge.create({ collectionId, amount: 20_00 }))).toBe(
      "errors.pledge.alreadyPledged",
    );

    await app.as(ann).member.changeStatus({ action: "closeMonthly" });
    expect(await refusal(app.as(carl).pledge.create({ collectionId, amount: 10_00 }))).toBe(
      "errors.collection.notFound",
    );
    expect(
      await refusal(app.as(carl).pledge.create({ collectionId: 999_999, amount: 10_00 })),
    ).toBe("errors.collection.notFound");
  });

  it("refuses bad amounts with a translatable message and writes nothing", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await openMonthly(ann, 100_00);
    for (const [amount, key] of [
      [0, "errors.amount.notPositive"],
      [-5, "errors.amount.notPositive"],
      [12.5, "errors.amount.tooManyDecimals"],
      [2_000_000_000, "errors.amount.tooLarge"],
    ] as const) {
      const error = await app
        .as(ben)
        .pledge.create({ collectionId, amount })
        .catch((e: TRPCError) => e);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect((error as TRPCError).cause?.message).toContain(key);
    }
    expect(await app.db.prisma.pledge.count({ where: { collectionId } })).toBe(0);
  });

  it("a double-tapped create makes one pledge", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await openMonthly(ann, 100_00);
    await app.as(ben).member.me(); // signed in already, so the two taps really race
    const [a, b] = await Promise.all([
      app.as(ben).pledge.create({ collectionId, amount: 15_00 }),
      app.as(ben).pledge.create({ collectionId, amount: 15_00 }),
    ]);
    expect(a.id).toBe(b.id);
    expect(await app.db.prisma.pledge.count({ where: { collectionId } })).toBe(1);
  });

  it("takes no new pledges to a monthly collection paused by an emergency", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    const monthly = await openMonthly(ann, 100_00);
    await openEmergency(ann, 50_00);
    expect(await refusal(app.as(ben).pledge.create({ collectionId: monthly, amount: 5_00 }))).toBe(
      "errors.collection.paused",
    );
  });
});

describe("the life of a pledge", () => {
  async function intention() {
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await openMonthly(ann, 100_00);
    const pledge = await app.as(ben).pledge.create({ collectionId, amount: 40_00 });
    return { ann, ben, collectionId, pledgeId: pledge.id };
  }

  it("goes intention → obligation → fulfilled → confirmed, each step in the totals", async () => {
    const { ann, ben, collectionId, pledgeId } = await intention();
    const totals = () => app.as(ann).books.collection({ collectionId });

    expect((await app.as(ben).pledge.act({ pledgeId, action: "commit" })).state).toBe("obligation");
    expect(await totals()).toMatchObject({ intentions: 0, obligations: 40_00, missing: 60_00 });
    expect((await app.as(ben).pledge.act({ pledgeId, action: "fulfil" })).state).toBe("fulfilled");
    expect(await totals()).toMatchObject({ obligations: 40_00, confirmed: 0, missing: 60_00 });
    expect((await app.as(ann).pledge.act({ pledgeId, action: "confirm" })).state).toBe("confirmed");
    expect(await totals()).toMatchObject({
      obligations: 0,
      confirmed: 40_00,
      missing: 60_00,
      // The gift arrived: Ben stays in Ann's circle until the month ends.
      helpers: 1,
    });

    const events = await app.db.prisma.pledgeEvent.findMany({
      where: { pledgeId },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => [e.action, e.fromState, e.toState, e.amount])).toEqual([
      ["create", null, "intention", 40_00],
      ["commit", "intention", "obligation", 40_00],
      ["fulfil", "obligation", "fulfilled", 40_00],
      ["confirm", "fulfilled", "confirmed", 40_00],
    ]);
  });

  it("can be fulfilled straight from an intention", async () => {
    const { ben, pledgeId } = await intention();
    expect((await app.as(ben).pledge.act({ pledgeId, action: "fulfil" })).state).toBe("fulfilled");
  });

  it("lets the giver edit or withdraw an intention, but not an obligation", async () => {
    const { ann, ben, collectionId, pledgeId } = await intention();
    expect((await app.as(ben).pledge.act({ pledgeId, action: "edit", amount: 55_00 })).amount).toBe(
      55_00,
    );
    expect((await app.as(ann).books.collection({ collectionId })).intentions).toBe(55_00);
    await app.as(ben).pledge.act({ pledgeId, action: "commit" });
    expect(await refusal(app.as(ben).pledge.act({ pledgeId, action: "edit", amount: 1_00 }))).toBe(
      "errors.pledge.notAllowed",
    );
    expect(await refusal(app.as(ben).pledge.act({ pledgeId, action: "withdraw" }))).toBe(
      "errors.pledge.notAllowed",
    );
  });

  it("withdrawn, the giver leaves the circle", async () => {
    const { ann, ben, collectionId, pledgeId } = await intention();
    await app.as(ben).pledge.act({ pledgeId, action: "withdraw" });
    expect(await app.as(ann).books.collection({ collectionId })).toMatchObject({
      intentions: 0,
      helpers: 0,
    });
    expect(await app.as(ann).books.pledges({ list: "circle", limit: 20 })).toEqual([]);
  });

  it("only the receiver confirms, releases or says 'not received'", async () => {
    const { ann, ben, pledgeId } = await intention();
    await app.as(ben).pledge.act({ pledgeId, action: "fulfil" });
    expect(await refusal(app.as(ben).pledge.act({ pledgeId, action: "confirm" }))).toBe(
      "errors.pledge.notYours",
    );
    expect((await app.as(ann).pledge.act({ pledgeId, action: "notReceived" })).state).toBe(
      "obligation",
    );
    expect(await refusal(app.as(ben).pledge.act({ pledgeId, action: "release" }))).toBe(
      "errors.pledge.notYours",
    );
    expect((await app.as(ann).pledge.act({ pledgeId, action: "release" })).state).toBe("released");
  });

  it("shows each side its history and the moves it may make now", async () => {
    const { ann, ben, pledgeId } = await intention();
    await app.deliver();
    await app.as(ben).pledge.act({ pledgeId, action: "commit" });
    const forGiver = await app.as(ben).pledge.get({ pledgeId });
    expect(forGiver).toMatchObject({
      state: "obligation",
      kind: "monthly",
      giverName: "Ben",
      receiverName: "Ann",
      viewer: "giver",
      actions: ["fulfil"],
      nudges: [],
    });
    expect(forGiver.history.map((h) => [h.action, h.by, h.from, h.to])).toEqual([
      ["create", "giver", null, "intention"],
      ["commit", "giver", "intention", "obligation"],
    ]);
    const forReceiver = await app.as(ann).pledge.get({ pledgeId });
    expect(forReceiver).toMatchObject({
      viewer: "receiver",
      actions: ["release"],
      nudges: ["askFulfil"],
    });
    await app.as(ann).pledge.nudge({ pledgeId, kind: "askFulfil" });
    expect((await app.as(ann).pledge.get({ pledgeId })).nudges).toEqual([]);
    expect(await refusal(app.as(user("Eve")).pledge.get({ pledgeId }))).toBe(
      "errors.pledge.notFound",
    );
  });

  it("is invisible to anyone but its two sides", async () => {
    const { pledgeId } = await intention();
    const stranger = user("Stranger");
    expect(await refusal(app.as(stranger).pledge.act({ pledgeId, action: "withdraw" }))).toBe(
      "errors.pledge.notFound",
    );
    expect(
      await refusal(app.as(stranger).pledge.act({ pledgeId: 987_654, action: "withdraw" })),
    ).toBe("errors.pledge.notFound");
  });

  it("applies a double-tapped confirm once", async () => {
    const { ann, ben, pledgeId } = await intention();
    await app.as(ben).pledge.act({ pledgeId, action: "fulfil" });
    const results = await Promise.all([
      app.as(ann).pledge.act({ pledgeId, action: "confirm" }),
      app.as(ann).pledge.act({ pledgeId, action: "confirm" }),
    ]);
    expect(results.map((r) => r.state)).toEqual(["confirmed", "confirmed"]);
    expect(await app.db.prisma.pledgeEvent.count({ where: { pledgeId, action: "confirm" } })).toBe(
      1,
    );
  });

  it("lets exactly one of two concurrent commits through", async () => {
    const { ben, pledgeId } = await intention();
    const results = await Promise.allSettled([
      app.as(ben).pledge.act({ pledgeId, action: "commit" }),
      app.as(ben).pledge.act({ pledgeId, action: "commit" }),
    ]);
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(await app.db.prisma.pledgeEvent.count({ where: { pledgeId, action: "commit" } })).toBe(
      1,
    );
  });

  it("tells the other side of every move through the outbox", async () => {
    const { ann, ben, pledgeId } = await intention();
    await app.deliver();
    await app.as(ben).pledge.act({ pledgeId, action: "commit" });
    const annId = (await app.as(ann).member.me()).profile.id;
    const kinds = await app.db.prisma.outbox.findMany({
      where: { recipientId: annId },
      orderBy: { id: "asc" },
      select: { kind: true },
    });
    expect(kinds.map((k) => k.kind)).toEqual(["intention.created", "pledge.commit"]);
  });
});

describe("asking and reminding", () => {
  it("the receiver asks to commit, at most once a day per pledge", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await openMonthly(ann, 100_00);
    const { id: pledgeId } = await app.as(ben).pledge.create({ collectionId, amount: 10_00 });
    await app.as(ann).pledge.nudge({ pledgeId, kind: "askCommit" });
    expect(await refusal(app.as(ann).pledge.nudge({ pledgeId, kind: "askCommit" }))).toBe(
      "errors.pledge.tooSoon",
    );
    const benId = (await app.as(ben).member.me()).profile.id;
    expect(
      await app.db.prisma.outbox.count({ where: { recipientId: benId, kind: "nudge.askCommit" } }),
    ).toBe(1);

    app.setNow(new Date(app.now().getTime() + 24 * 3_600_000));
    await app.as(ann).pledge.nudge({ pledgeId, kind: "askCommit" });
    expect(
      await app.db.prisma.outbox.count({ where: { recipientId: benId, kind: "nudge.askCommit" } }),
    ).toBe(2);
    app.setNow(new Date("2026-11-21T12:00:00Z"));
  });

  it("no one asks a giver who is in an emergency: their pledges are frozen", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await openMonthly(ann, 100_00);
    const { id: pledgeId } = await app.as(ben).pledge.create({ collectionId, amount: 10_00 });
    await app.as(ben).member.changeStatus({ action: "openEmergency", goal: 10_00, days: 3 });
    expect(await refusal(app.as(ann).pledge.nudge({ pledgeId, kind: "askCommit" }))).toBe(
      "errors.pledge.frozen",
    );
  });

  it("the giver reminds to confirm, not to commit", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await openMonthly(ann, 100_00);
    const { id: pledgeId } = await app.as(ben).pledge.create({ collectionId, amount: 10_00 });
    expect(await refusal(app.as(ben).pledge.nudge({ pledgeId, kind: "askCommit" }))).toBe(
      "errors.pledge.notYours",
    );
    expect(await refusal(app.as(ben).pledge.nudge({ pledgeId, kind: "remindConfirm" }))).toBe(
      "errors.pledge.notAllowed",
    );
    await app.as(ben).pledge.act({ pledgeId, action: "fulfil" });
    await app.as(ben).pledge.nudge({ pledgeId, kind: "remindConfirm" });
    const annId = (await app.as(ann).member.me()).profile.id;
    expect(
      await app.db.prisma.outbox.count({
        where: { recipientId: annId, kind: "nudge.remindConfirm" },
      }),
    ).toBe(1);
  });
});
