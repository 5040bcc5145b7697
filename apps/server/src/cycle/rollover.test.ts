import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestUser } from "../testing.ts";
import { produceReminders } from "./reminders.ts";
import { rollover } from "./rollover.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;
const pledge = (id: number) => app.db.prisma.pledge.findUniqueOrThrow({ where: { id } });

async function monthlyOf(u: TestUser, goal = 100_00) {
  await app.as(u).member.changeStatus({ action: "openMonthly", goal });
  const { collections } = await app.as(u).books.dashboard();
  return collections.find((c) => c.kind === "monthly")?.id as number;
}

beforeAll(async () => {
  app = await createTestApp();
  app.setNow(new Date("2027-01-20T12:00:00Z"));
});
afterAll(() => app.close());

describe("the monthly rollover", () => {
  it("lapses intentions, renews confirmed pledges, sends obligations and unconfirmed gifts to ⌛", async () => {
    const [ann, ben, cat, dan, eve] = await app.members("Ann", "Ben", "Cat", "Dan", "Eve");
    const collectionId = await monthlyOf(ann, 200_00);
    const intention = await app.as(ben).pledge.create({ collectionId, amount: 10_00 });
    const confirmed = await app.as(cat).pledge.create({ collectionId, amount: 20_00 });
    await app.as(cat).pledge.act({ pledgeId: confirmed.id, action: "fulfil" });
    await app.as(ann).pledge.act({ pledgeId: confirmed.id, action: "confirm" });
    const obligation = await app.as(dan).pledge.create({ collectionId, amount: 30_00 });
    await app.as(dan).pledge.act({ pledgeId: obligation.id, action: "commit" });
    const unconfirmed = await app.as(eve).pledge.create({ collectionId, amount: 40_00 });
    await app.as(eve).pledge.act({ pledgeId: unconfirmed.id, action: "fulfil" });

    app.setNow(new Date("2027-02-01T00:00:00Z"));
    const result = await rollover(app.db.prisma, "2027-02", app.now());
    expect(result).toMatchObject({ ran: true, lapsed: 1, renewed: 1, overdue: 2 });

    expect((await pledge(intention.id)).state).toBe("lapsed");
    expect(await pledge(obligation.id)).toMatchObject({ state: "obligation", overdue: true });
    expect(await pledge(unconfirmed.id)).toMatchObject({ state: "fulfilled", overdue: true });
    const renewed = await app.db.prisma.pledge.findFirstOrThrow({
      where: { renewedFromId: confirmed.id },
    });
    expect(renewed).toMatchObject({ state: "intention", amount: 20_00, collectionId });
    expect(renewed.period.toISOString().slice(0, 10)).toBe("2027-02-01");

    // The goal carries over; the new period starts from the renewed intention alone.
    expect(await app.as(ann).books.collection({ collectionId })).toMatchObject({
      goal: 200_00,
      intentions: 20_00,
      obligations: 0,
      confirmed: 0,
      missing: 200_00,
      helpers: 1,
    });
    // Overdue pledges can still be settled, and then land in 👍.
    await app.as(dan).pledge.act({ pledgeId: obligation.id, action: "fulfil" });
    await app.as(ann).pledge.act({ pledgeId: obligation.id, action: "confirm" });
    const archive = await app.as(dan).books.pledges({ list: "confirmedArchive", limit: 20 });
    expect(archive.map((p) => p.id)).toContain(obligation.id);
    // Every system change left its audit row.
    const audit = await app.db.prisma.pledgeEvent.findMany({
      where: { pledgeId: { in: [intention.id, obligation.id, renewed.id] }, actorId: null },
      select: { pledgeId: true, action: true },
    });
    expect(audit).toEqual(
      expect.arrayContaining([
        { pledgeId: intention.id, action: "lapse" },
        { pledgeId: obligation.id, action: "overdue" },
        { pledgeId: renewed.id, action: "renew" },
      ]),
    );
  });

  it("runs once per period: a second run, even a concurrent one, changes nothing", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await monthlyOf(ann);
    const p = await app.as(ben).pledge.create({ collectionId, amount: 10_00 });
    await app.as(ben).pledge.act({ pledgeId: p.id, action: "fulfil" });
    await app.as(ann).pledge.act({ pledgeId: p.id, action: "confirm" });
    app.setNow(new Date("2027-03-01T00:00:05Z"));
    const before = await app.db.prisma.pledge.count();
    // Two at once share the work (rollover-chunks.test.ts): the books change once.
    const both = await Promise.all([
      rollover(app.db.prisma, "2027-03", app.now()),
      rollover(app.db.prisma, "2027-03", app.now()),
    ]);
    expect(both.some((r) => r.ran)).toBe(true);
    const afterOnce = await app.db.prisma.pledge.count();
    expect((await rollover(app.db.prisma, "2027-03", app.now())).ran).toBe(false);
    expect(await app.db.prisma.pledge.count()).toBe(afterOnce);
    expect(afterOnce).toBe(before + 1); // Ben's renewal
  });

  it("does not renew to a collection closed meanwhile, nor next to a pledge made anew", async () => {
    const [ann, ben, cat, dan] = await app.members("Ann", "Ben", "Cat", "Dan");
    app.setNow(new Date("2027-03-10T12:00:00Z"));
    const closing = await monthlyOf(ann);
    const toClosed = await app.as(ben).pledge.create({ collectionId: closing, amount: 10_00 });
    await app.as(ben).pledge.act({ pledgeId: toClosed.id, action: "fulfil" });
    await app.as(ann).pledge.act({ pledgeId: toClosed.id, action: "confirm" });
    await app.as(ann).member.changeStatus({ action: "closeMonthly" });

    const open = await monthlyOf(cat);
    const old = await app.as(dan).pledge.create({ collectionId: open, amount: 10_00 });
    await app.as(dan).pledge.act({ pledgeId: old.id, action: "fulfil" });
    await app.as(cat).pledge.act({ pledgeId: old.id, action: "confirm" });

    // The rollover is late: Dan pledged for April before it ran.
    app.setNow(new Date("2027-04-01T08:00:00Z"));
    const anew = await app.as(dan).pledge.create({ collectionId: open, amount: 15_00 });
    await rollover(app.db.prisma, "2027-04", app.now());
    expect(
      await app.db.prisma.pledge.count({ where: { renewedFromId: { in: [toClosed.id, old.id] } } }),
    ).toBe(0);
    expect((await pledge(anew.id)).state).toBe("intention");
  });

  it("renews into the member's monthly collection even when it was closed and opened again", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    app.setNow(new Date("2027-09-05T12:00:00Z"));
    const first = await monthlyOf(ann);
    const p = await app.as(ben).pledge.create({ collectionId: first, amount: 12_00 });
    await app.as(ben).pledge.act({ pledgeId: p.id, action: "fulfil" });
    await app.as(ann).pledge.act({ pledgeId: p.id, action: "confirm" });
    await app.as(ann).member.changeStatus({ action: "closeMonthly" });
    const reopened = await monthlyOf(ann, 80_00);
    app.setNow(new Date("2027-10-01T00:00:00Z"));
    await rollover(app.db.prisma, "2027-10", app.now());
    const renewed = await app.db.prisma.pledge.findFirstOrThrow({ where: { renewedFromId: p.id } });
    expect(renewed).toMatchObject({ collectionId: reopened, amount: 12_00, state: "intention" });
  });

  it("crosses the year and leap days by the network's calendar", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    app.setNow(new Date("2027-12-31T23:00:00Z"));
    const collectionId = await monthlyOf(ann);
    const p = await app.as(ben).pledge.create({ collectionId, amount: 7_00 });
    expect(p.period).toBe("2027-12");
    app.setNow(new Date("2028-01-01T00:00:00Z"));
    await rollover(app.db.prisma, "2028-01", app.now());
    expect((await pledge(p.id)).state).toBe("lapsed");

    app.setNow(new Date("2028-02-29T23:59:59Z"));
    const q = await app.as(ben).pledge.create({ collectionId, amount: 8_00 });
    expect(q.period).toBe("2028-02");
  });

  it("keeps an 🆘 giver's obligations due and out of ⌛: frozen, carried into the new period", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    app.setNow(new Date("2028-05-10T12:00:00Z"));
    const collectionId = await monthlyOf(ann);
    const p = await app.as(ben).pledge.create({ collectionId, amount: 10_00 });
    await app.as(ben).pledge.act({ pledgeId: p.id, action: "commit" });
    await app.as(ben).member.changeStatus({ action: "openEmergency", goal: 10_00, days: 30 });
    app.setNow(new Date("2028-06-01T00:00:00Z"));
    await rollover(app.db.prisma, "2028-06", app.now());
    const carried = await pledge(p.id);
    expect(carried).toMatchObject({ state: "obligation", overdue: false });
    expect(carried.period.toISOString().slice(0, 10)).toBe("2028-06-01");
  });
});

describe("reminders", () => {
  it("three days before the period ends, each giver with an open pledge is reminded once", async () => {
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    app.setNow(new Date("2028-07-10T12:00:00Z"));
    const collectionId = await monthlyOf(ann);
    await app.as(ben).pledge.create({ collectionId, amount: 10_00 });
    const frozen = await app.as(cat).pledge.create({ collectionId, amount: 10_00 });
    await app.as(cat).pledge.act({ pledgeId: frozen.id, action: "commit" });
    await app.as(cat).member.changeStatus({ action: "openEmergency", goal: 5_00, days: 30 });
    const benId = (await app.as(ben).member.me()).profile.id;
    const catId = (await app.as(cat).member.me()).profile.id;
    const count = (recipientId: number) =>
      app.db.prisma.outbox.count({ where: { recipientId, kind: "reminder.periodEnding" } });

    await produceReminders(app.db.prisma, new Date("2028-07-28T23:59:00Z"), "UTC");
    expect(await count(benId)).toBe(0);
    await produceReminders(app.db.prisma, new Date("2028-07-29T00:00:00Z"), "UTC");
    await produceReminders(app.db.prisma, new Date("2028-07-30T10:00:00Z"), "UTC");
    expect(await count(benId)).toBe(1);
    expect(await count(catId)).toBe(0); // frozen: in an emergency
  });

  it("a gift unconfirmed for three days reminds its receiver once", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    app.setNow(new Date("2028-08-01T12:00:00Z"));
    const collectionId = await monthlyOf(ann);
    const p = await app.as(ben).pledge.create({ collectionId, amount: 10_00 });
    await app.as(ben).pledge.act({ pledgeId: p.id, action: "fulfil" });
    const annId = (await app.as(ann).member.me()).profile.id;
    const count = () =>
      app.db.prisma.outbox.count({ where: { recipientId: annId, kind: "reminder.confirmDue" } });
    await produceReminders(app.db.prisma, new Date("2028-08-04T11:59:00Z"), "UTC");
    expect(await count()).toBe(0);
    await produceReminders(app.db.prisma, new Date("2028-08-04T12:00:00Z"), "UTC");
    await produceReminders(app.db.prisma, new Date("2028-08-05T12:00:00Z"), "UTC");
    expect(await count()).toBe(1);
  });
});
