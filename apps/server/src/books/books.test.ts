import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestUser } from "../testing.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;

let app: App;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

async function openMonthly(u: TestUser, goal: number) {
  await app.as(u).member.changeStatus({ action: "openMonthly", goal });
  const { collections } = await app.as(u).books.dashboard();
  return collections.find((c) => c.kind === "monthly")?.id as number;
}

/** What Home's "needs my action" shows a member, as [reason, other side, amount, state]. */
async function actionsOf(u: TestUser, limit = 20) {
  const { items } = await app.as(u).books.actions({ limit });
  return items.map((i) => [i.reason, i.counterpartName, i.amount, i.state]);
}

describe("what needs my action now", () => {
  it("asks the receiver to confirm a gift, says when the giver reminded, and forgets it once confirmed", async () => {
    app.setNow(new Date("2026-11-10T09:00:00Z"));
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await openMonthly(ann, 100_00);
    const { id: pledgeId } = await app.as(ben).pledge.create({ collectionId, amount: 30_00 });
    expect(await actionsOf(ann)).toEqual([]);

    app.setNow(new Date("2026-11-11T09:00:00Z"));
    await app.as(ben).pledge.act({ pledgeId, action: "fulfil" });
    const [item] = (await app.as(ann).books.actions({})).items;
    expect(item).toMatchObject({
      pledgeId,
      reason: "confirm",
      role: "receiver",
      counterpartName: "Ben",
      amount: 30_00,
      state: "fulfilled",
      kind: "monthly",
      period: "2026-11",
      since: "2026-11-11T09:00:00.000Z",
      remindedAt: null,
    });
    // The giver has nothing to do but wait.
    expect(await actionsOf(ben)).toEqual([]);

    app.setNow(new Date("2026-11-12T10:00:00Z"));
    await app.as(ben).pledge.nudge({ pledgeId, kind: "remindConfirm" });
    expect((await app.as(ann).books.actions({})).items[0]?.remindedAt).toBe(
      "2026-11-12T10:00:00.000Z",
    );

    await app.as(ann).pledge.act({ pledgeId, action: "confirm" });
    expect(await actionsOf(ann)).toEqual([]);
  });

  it("shows the giver the receiver's asks until they commit or give, not an ask from before", async () => {
    app.setNow(new Date("2026-11-10T09:00:00Z"));
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await openMonthly(ann, 100_00);
    const { id: pledgeId } = await app.as(ben).pledge.create({ collectionId, amount: 25_00 });

    await app.as(ann).pledge.nudge({ pledgeId, kind: "askCommit" });
    expect(await actionsOf(ben)).toEqual([["askCommit", "Ann", 25_00, "intention"]]);

    app.setNow(new Date("2026-11-10T10:00:00Z"));
    await app.as(ben).pledge.act({ pledgeId, action: "commit" });
    expect(await actionsOf(ben)).toEqual([]);

    await app.as(ann).pledge.nudge({ pledgeId, kind: "askFulfil" });
    expect(await actionsOf(ben)).toEqual([["askFulfil", "Ann", 25_00, "obligation"]]);

    app.setNow(new Date("2026-11-10T11:00:00Z"));
    await app.as(ben).pledge.act({ pledgeId, action: "fulfil" });
    expect(await actionsOf(ben)).toEqual([]);
    expect(await actionsOf(ann)).toEqual([["confirm", "Ben", 25_00, "fulfilled"]]);

    // "Not received" makes it an obligation again; the ask from before the gift is not repeated.
    app.setNow(new Date("2026-11-10T12:00:00Z"));
    await app.as(ann).pledge.act({ pledgeId, action: "notReceived" });
    expect(await actionsOf(ben)).toEqual([]);
    expect(await actionsOf(ann)).toEqual([]);
  });

  it("presses the giver's open monthly pledges in the month's last three days, each pledge once", async () => {
    app.setNow(new Date("2026-11-20T09:00:00Z"));
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    const annMonthly = await openMonthly(ann, 100_00);
    const catMonthly = await openMonthly(cat, 100_00);
    const toAnn = await app.as(ben).pledge.create({ collectionId: annMonthly, amount: 10_00 });
    const toCat = await app.as(ben).pledge.create({ collectionId: catMonthly, amount: 20_00 });
    await app.as(ben).pledge.act({ pledgeId: toCat.id, action: "commit" });
    await app.as(ann).pledge.nudge({ pledgeId: toAnn.id, kind: "askCommit" });

    const early = await app.as(ben).books.actions({});
    expect(early.periodEnding).toBeNull();
    expect(early.items.map((i) => [i.reason, i.pledgeId])).toEqual([["askCommit", toAnn.id]]);

    // Three days before December (the network's time zone is UTC here).
    app.setNow(new Date("2026-11-28T00:00:00Z"));
    const late = await app.as(ben).books.actions({});
    // November's last day is the 30th, the day after tomorrow: two whole days left.
    expect(late.periodEnding).toEqual({ endsAt: "2026-12-01T00:00:00.000Z", daysLeft: 2 });
    expect(late.items.map((i) => [i.reason, i.counterpartName, i.state])).toEqual([
      ["askCommit", "Ann", "intention"],
      ["periodEnding", "Cat", "obligation"],
    ]);
    // The receivers have nothing of Ben's to act on.
    expect(await actionsOf(ann)).toEqual([]);

    // A member in an emergency is frozen as a giver: the month's end does not press them.
    await app.as(ben).member.changeStatus({ action: "openEmergency", goal: 50_00, days: 5 });
    const frozen = await app.as(ben).books.actions({});
    expect(frozen.periodEnding).toBeNull();
    expect(frozen.items.map((i) => i.reason)).toEqual(["askCommit"]);
  });

  it("puts gifts to confirm first and stops at the limit, saying there is more", async () => {
    app.setNow(new Date("2026-11-10T09:00:00Z"));
    const [ann, ben, cat, dan] = await app.members("Ann", "Ben", "Cat", "Dan");
    const annMonthly = await openMonthly(ann, 100_00);
    const benMonthly = await openMonthly(ben, 100_00);
    // Ann gives to Ben and Ben asks her to commit; Cat and Dan give to Ann.
    const annToBen = await app.as(ann).pledge.create({ collectionId: benMonthly, amount: 5_00 });
    await app.as(ben).pledge.nudge({ pledgeId: annToBen.id, kind: "askCommit" });
    for (const [giver, amount] of [
      [cat, 7_00],
      [dan, 9_00],
    ] as const) {
      const { id } = await app.as(giver).pledge.create({ collectionId: annMonthly, amount });
      app.setNow(new Date(app.now().getTime() + 60_000));
      await app.as(giver).pledge.act({ pledgeId: id, action: "fulfil" });
    }

    expect(await actionsOf(ann)).toEqual([
      ["confirm", "Dan", 9_00, "fulfilled"],
      ["confirm", "Cat", 7_00, "fulfilled"],
      ["askCommit", "Ben", 5_00, "intention"],
    ]);
    const page = await app.as(ann).books.actions({ limit: 2 });
    expect(page.items.map((i) => i.counterpartName)).toEqual(["Dan", "Cat"]);
    expect(page.more).toBe(true);
    expect((await app.as(ann).books.actions({ limit: 3 })).more).toBe(false);
  });
});

describe("the lists", () => {
  it("date each pledge by its last change, so the 👍 archive says when a gift was confirmed", async () => {
    app.setNow(new Date("2026-10-05T09:00:00Z"));
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await openMonthly(ann, 100_00);
    const { id: pledgeId } = await app.as(ben).pledge.create({ collectionId, amount: 15_00 });
    app.setNow(new Date("2026-10-07T09:00:00Z"));
    await app.as(ben).pledge.act({ pledgeId, action: "fulfil" });
    app.setNow(new Date("2026-10-09T18:30:00Z"));
    await app.as(ann).pledge.act({ pledgeId, action: "confirm" });

    app.setNow(new Date("2026-11-02T09:00:00Z"));
    for (const u of [ann, ben]) {
      const archive = await app.as(u).books.pledges({ list: "confirmedArchive", limit: 20 });
      expect(archive.map((p) => [p.id, p.period, p.changedAt])).toEqual([
        [pledgeId, "2026-10", "2026-10-09T18:30:00.000Z"],
      ]);
    }
  });
});
