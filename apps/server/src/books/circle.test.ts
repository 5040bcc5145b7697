import { type CollectionKind, collectionFigures, periodFromDate, periodOf } from "@exodus/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { produceReminders } from "../cycle/reminders.ts";
import { rollover } from "../cycle/rollover.ts";
import { createTestApp, type TestUser } from "../testing.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const idOf = async (u: TestUser) => (await app.as(u).member.me()).profile.id;
const names = (page: { firstName: string }[]) => page.map((m) => m.firstName).sort();

async function openMonthly(u: TestUser, goal: number): Promise<number> {
  await app.as(u).member.changeStatus({ action: "openMonthly", goal });
  const { collections } = await app.as(u).books.dashboard();
  return collections.find((c) => c.kind === "monthly" && !c.closed)?.id as number;
}

/** A member's need line as someone else in their network sees it in the network list. */
async function needLineOf(viewer: TestUser, member: TestUser) {
  const id = await idOf(member);
  const page = await app.as(viewer).network.list({ list: "network", limit: 100 });
  return page.find((m) => m.id === id)?.need;
}

async function give(giver: TestUser, receiver: TestUser, collectionId: number, amount: number) {
  const { id } = await app.as(giver).pledge.create({ collectionId, amount });
  await app.as(giver).pledge.act({ pledgeId: id, action: "fulfil" });
  await app.as(receiver).pledge.act({ pledgeId: id, action: "confirm" });
  return id;
}

describe("the circle: one rule for the count, the list, the card and the update's recipients", () => {
  it("lists as helpers only the circle the count counts: not ⌛ givers of past months, not givers to a closed collection", async () => {
    app.setNow(new Date("2026-11-10T12:00:00Z"));
    const [anna, boris, olena, dan, cat] = await app.members(
      "Anna",
      "Boris",
      "Olena",
      "Dan",
      "Cat",
    );
    const monthly = await openMonthly(anna, 100_00);
    // Boris gives this month; Olena promises and does not give before the month ends.
    await give(boris, anna, monthly, 40_00);
    const fromOlena = await app.as(olena).pledge.create({ collectionId: monthly, amount: 30_00 });
    await app.as(olena).pledge.act({ pledgeId: fromOlena.id, action: "commit" });
    // Dan promises to Cat, who then closes her collection: his obligation stays due.
    const catMonthly = await openMonthly(cat, 50_00);
    const fromDan = await app.as(dan).pledge.create({ collectionId: catMonthly, amount: 20_00 });
    await app.as(dan).pledge.act({ pledgeId: fromDan.id, action: "commit" });
    await app.as(cat).member.changeStatus({ action: "closeMonthly" });

    app.setNow(new Date("2026-12-01T00:00:00Z"));
    await rollover(app.db.prisma, "2026-12", app.now());
    app.setNow(new Date("2026-12-02T12:00:00Z"));

    // December: Boris's gift was renewed as an intention; Olena's obligation is ⌛.
    const [collection] = (await app.as(anna).books.dashboard()).collections;
    expect(collection).toMatchObject({ helpers: 1, intentions: 40_00, obligations: 0 });
    expect((await needLineOf(dan, anna))?.helpers).toBe(1);
    expect(names(await app.as(anna).network.list({ list: "helpers" }))).toEqual(["Boris"]);
    const annaId = await idOf(anna);
    expect(names(await app.as(dan).network.list({ list: "helpers", memberId: annaId }))).toEqual([
      "Boris",
    ]);
    expect(names((await app.as(dan).network.circle({ memberId: annaId })).helpers)).toEqual([
      "Boris",
    ]);
    const { sentTo } = await app
      .as(anna)
      .collection.postUpdate({ collectionId: monthly, text: "December started" });
    expect(sentTo).toBe(1);
    // Cat collects nothing: no circle, whatever Dan still owes her.
    expect(await app.as(cat).network.list({ list: "helpers" })).toEqual([]);

    // As givers, the ⌛ obligation still ties Olena to Anna and Dan to Cat: M and its list agree.
    for (const [giver, receiver] of [
      [olena, "Anna"],
      [dan, "Cat"],
    ] as const) {
      expect((await app.as(giver).books.dashboard()).giving.receivers).toBe(1);
      expect(names(await app.as(giver).network.list({ list: "helped" }))).toEqual([receiver]);
    }
  });

  it("counts a member who left among no circle's helpers, while what they gave stays in 🤝 and 👍", async () => {
    app.setNow(new Date("2026-11-10T12:00:00Z"));
    const [anna, boris, olena, viewer] = await app.members("Anna", "Boris", "Olena", "Vera");
    const monthly = await openMonthly(anna, 100_00);
    await give(boris, anna, monthly, 40_00);
    const fromOlena = await app.as(olena).pledge.create({ collectionId: monthly, amount: 30_00 });
    await app.as(olena).pledge.act({ pledgeId: fromOlena.id, action: "fulfil" });
    const annaId = await idOf(anna);

    await app.as(boris).member.leave({ confirm: true });
    await app.as(olena).member.leave({ confirm: true });

    const [collection] = (await app.as(anna).books.dashboard()).collections;
    expect(collection).toMatchObject({
      helpers: 0,
      obligations: 30_00,
      confirmed: 40_00,
      missing: 30_00,
    });
    expect(await needLineOf(viewer, anna)).toMatchObject({ helpers: 0, missing: 30_00 });
    expect(await app.as(anna).network.list({ list: "helpers" })).toEqual([]);
    expect(await app.as(viewer).network.list({ list: "helpers", memberId: annaId })).toEqual([]);
    expect((await app.as(anna).network.circle({ memberId: annaId })).helpers).toEqual([]);
    const { sentTo } = await app
      .as(anna)
      .collection.postUpdate({ collectionId: monthly, text: "Thank you both" });
    expect(sentTo).toBe(0);
  });

  it("shows a giver with a gift confirmed and a new intention in the same month once on the card, as the count does", async () => {
    app.setNow(new Date("2026-11-10T12:00:00Z"));
    const [anna, boris, olena] = await app.members("Anna", "Boris", "Olena");
    const monthly = await openMonthly(anna, 100_00);
    await give(boris, anna, monthly, 40_00);
    await app.as(boris).pledge.create({ collectionId: monthly, amount: 20_00 });
    await app.as(olena).pledge.create({ collectionId: monthly, amount: 10_00 });
    const annaId = await idOf(anna);

    const circle = await app.as(anna).network.circle({ memberId: annaId });
    expect(circle.collections[0]?.helpers).toBe(2);
    expect(circle.helpers).toMatchObject([
      { name: "Boris", amount: 60_00, state: "intention" },
      { name: "Olena", amount: 10_00, state: "intention" },
    ]);
    // An outsider of the circle sees the same people, without amounts.
    const [vera] = await app.members("Vera");
    await app.tie(anna, vera);
    expect((await app.as(vera).network.circle({ memberId: annaId })).helpers).toMatchObject([
      { name: "Boris", amount: null, state: null },
      { name: "Olena", amount: null, state: null },
    ]);
  });
});

describe("🙏, one formula from the stored tally", () => {
  /** shared's collectionFigures over the collection's pledges, read from the database. */
  async function figuresFromPledges(collectionId: number) {
    const collection = await app.db.prisma.collection.findUniqueOrThrow({
      where: { id: collectionId },
      include: { pledges: true },
    });
    return collectionFigures(
      { kind: collection.kind as CollectionKind, goal: collection.goal },
      collection.pledges.map((p) => ({ ...p, period: periodFromDate(p.period) })),
      periodOf(app.now(), "UTC"),
    );
  }

  it("agrees with the pledges on a mixed month: the books, the need line and shared's definition", async () => {
    app.setNow(new Date("2026-11-10T12:00:00Z"));
    const [anna, ...givers] = await app.members("Anna", "B", "C", "D", "E", "F", "G", "H");
    const [b, c, d, e, f, g, h] = givers;
    const monthly = await openMonthly(anna, 200_00);
    // Promised in November, still owed in December (⌛), given and confirmed late.
    const late = await app.as(h).pledge.create({ collectionId: monthly, amount: 7_00 });
    await app.as(h).pledge.act({ pledgeId: late.id, action: "commit" });
    app.setNow(new Date("2026-12-01T00:00:00Z"));
    await rollover(app.db.prisma, "2026-12", app.now());
    app.setNow(new Date("2026-12-03T12:00:00Z"));
    await app.as(h).pledge.act({ pledgeId: late.id, action: "fulfil" });
    await app.as(anna).pledge.act({ pledgeId: late.id, action: "confirm" });

    await app.as(b).pledge.create({ collectionId: monthly, amount: 10_00 });
    const ob = await app.as(c).pledge.create({ collectionId: monthly, amount: 20_00 });
    await app.as(c).pledge.act({ pledgeId: ob.id, action: "commit" });
    const fu = await app.as(d).pledge.create({ collectionId: monthly, amount: 15_00 });
    await app.as(d).pledge.act({ pledgeId: fu.id, action: "fulfil" });
    await give(e as TestUser, anna, monthly, 25_00);
    const re = await app.as(f).pledge.create({ collectionId: monthly, amount: 5_00 });
    await app.as(f).pledge.act({ pledgeId: re.id, action: "commit" });
    await app.as(anna).pledge.act({ pledgeId: re.id, action: "release" });
    const wd = await app.as(g).pledge.create({ collectionId: monthly, amount: 9_00 });
    await app.as(g).pledge.act({ pledgeId: wd.id, action: "withdraw" });

    const expected = await figuresFromPledges(monthly);
    expect(expected).toEqual({
      intentions: 10_00,
      obligations: 35_00,
      confirmed: 25_00,
      missing: 140_00,
      helpers: 4,
    });
    const [collection] = (await app.as(anna).books.dashboard()).collections;
    expect(collection).toMatchObject(expected);
    expect(await needLineOf(b as TestUser, anna)).toMatchObject({
      helpers: expected.helpers,
      intentions: expected.intentions,
      missing: expected.missing,
    });
  });

  it("tells the member in an emergency the same 🙏 the books show, a day before its deadline", async () => {
    app.setNow(new Date("2026-11-29T13:00:00Z"));
    const [anna, b, c, d] = await app.members("Anna", "B", "C", "D");
    await app.as(anna).member.changeStatus({ action: "openEmergency", goal: 100_00, days: 14 });
    const { collections } = await app.as(anna).books.dashboard();
    const emergency = collections.find((x) => x.kind === "emergency")?.id as number;
    await app.as(b).pledge.create({ collectionId: emergency, amount: 20_00 });
    await give(c, anna, emergency, 30_00);
    const fu = await app.as(d).pledge.create({ collectionId: emergency, amount: 15_00 });
    await app.as(d).pledge.act({ pledgeId: fu.id, action: "fulfil" });

    // Across the month's end: an emergency counts all of its pledges.
    app.setNow(new Date("2026-12-01T00:00:00Z"));
    await rollover(app.db.prisma, "2026-12", app.now());
    app.setNow(new Date("2026-12-12T13:00:00Z"));
    const [shown] = (await app.as(anna).books.dashboard()).collections;
    expect(shown).toMatchObject(await figuresFromPledges(emergency));
    expect(shown?.missing).toBe(35_00);
    await produceReminders(app.db.prisma, app.now(), "UTC");
    const told = await app.db.prisma.outbox.findFirst({
      where: { kind: "reminder.emergencyMissing", recipientId: await idOf(anna) },
    });
    expect(told?.payload).toMatchObject({ collectionId: emergency, amount: 35_00 });
  });
});

describe("days left and the next ask, by the server's clock", () => {
  it("says an emergency ends today on its deadline's day, alike on the profile, Home's figures and the need line", async () => {
    app.setNow(new Date("2026-11-10T12:00:00Z"));
    const [anna, ben] = await app.members("Anna", "Ben");
    await app.as(anna).member.changeStatus({ action: "openEmergency", goal: 100_00, days: 3 });
    const shown = async () => [
      (await app.as(anna).member.me()).profile.emergency?.daysLeft,
      (await app.as(anna).books.dashboard()).collections[0]?.daysLeft,
      (await needLineOf(ben, anna))?.daysLeft,
    ];
    expect(await shown()).toEqual([3, 3, 3]);
    app.setNow(new Date("2026-11-12T20:00:00Z"));
    expect(await shown()).toEqual([1, 1, 1]);
    // The deadline is today at 12:00.
    app.setNow(new Date("2026-11-13T08:00:00Z"));
    expect(await shown()).toEqual([0, 0, 0]);
  });

  it("says the month ends today on its last day", async () => {
    app.setNow(new Date("2026-11-20T12:00:00Z"));
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await openMonthly(ann, 100_00);
    await app.as(ben).pledge.create({ collectionId, amount: 10_00 });
    app.setNow(new Date("2026-11-29T08:00:00Z"));
    expect((await app.as(ben).books.actions({})).periodEnding?.daysLeft).toBe(1);
    app.setNow(new Date("2026-11-30T08:00:00Z"));
    expect((await app.as(ben).books.actions({})).periodEnding?.daysLeft).toBe(0);
  });

  it("tells the one who asked when they may ask again", async () => {
    app.setNow(new Date("2026-11-10T12:00:00Z"));
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await openMonthly(ann, 100_00);
    const { id: pledgeId } = await app.as(ben).pledge.create({ collectionId, amount: 10_00 });
    await app.as(ann).pledge.nudge({ pledgeId, kind: "askCommit" });

    app.setNow(new Date("2026-11-10T15:00:00Z"));
    expect((await app.as(ann).pledge.get({ pledgeId })).nudgeWaits).toEqual([
      { kind: "askCommit", until: "2026-11-11T12:00:00.000Z" },
    ]);
    expect((await app.as(ben).pledge.get({ pledgeId })).nudgeWaits).toEqual([]);
    app.setNow(new Date("2026-11-11T12:00:00Z"));
    expect((await app.as(ann).pledge.get({ pledgeId })).nudgeWaits).toEqual([]);
  });
});
