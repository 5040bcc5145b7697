import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestUser } from "../testing.ts";
import { produceReminders } from "./reminders.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;
const HOUR = 60 * 60 * 1000;
const idOf = async (u: TestUser) => (await app.as(u).member.me()).profile.id;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe("a day before an emergency's deadline", () => {
  it("reminds each giver who still owes and tells the member what is missing, once each", async () => {
    const start = new Date("2027-03-10T12:00:00Z");
    app.setNow(start);
    const [ann, ben, cat, dan, eve] = await app.members("Ann", "Ben", "Cat", "Dan", "Eve");
    await app.as(ann).member.changeStatus({ action: "openEmergency", goal: 200_00, days: 3 });
    const { collections } = await app.as(ann).books.dashboard();
    const emergency = collections.find((c) => c.kind === "emergency");
    const collectionId = emergency?.id as number;
    const deadline = new Date(emergency?.deadline as string).getTime();

    await app.as(ben).pledge.create({ collectionId, amount: 30_00 });
    await app.as(cat).pledge.create({ collectionId, amount: 40_00 });
    // Dan gave already and Ann confirmed: nothing to remind him of.
    const dans = await app.as(dan).pledge.create({ collectionId, amount: 50_00 });
    await app.as(dan).pledge.act({ pledgeId: dans.id, action: "fulfil" });
    await app.as(ann).pledge.act({ pledgeId: dans.id, action: "confirm" });
    // Eve has an emergency of her own: her pledges are frozen, no reminders.
    await app.as(eve).pledge.create({ collectionId, amount: 10_00 });
    await app.as(eve).member.changeStatus({ action: "openEmergency", goal: 10_00, days: 30 });

    const reminders = () =>
      app.db.prisma.outbox.findMany({
        where: { kind: { in: ["reminder.emergencyDeadline", "reminder.emergencyMissing"] } },
        orderBy: { recipientId: "asc" },
        select: { recipientId: true, kind: true, payload: true, link: true },
      });

    await produceReminders(app.db.prisma, new Date(deadline - 25 * HOUR), "UTC");
    expect(await reminders()).toEqual([]);

    await produceReminders(app.db.prisma, new Date(deadline - 23 * HOUR), "UTC");
    const [annId, benId, catId] = [await idOf(ann), await idOf(ben), await idOf(cat)];
    const sent = await reminders();
    expect(sent).toEqual([
      {
        recipientId: annId,
        kind: "reminder.emergencyMissing",
        // 🙏 = 200 − (30 + 40 + 10 promised) − 50 confirmed
        payload: { collectionId, amount: 70_00, hoursLeft: 23 },
        link: "_home",
      },
      {
        recipientId: benId,
        kind: "reminder.emergencyDeadline",
        payload: { memberId: annId, collectionId, amount: 30_00, hoursLeft: 23 },
        link: `_member-${annId}`,
      },
      {
        recipientId: catId,
        kind: "reminder.emergencyDeadline",
        payload: { memberId: annId, collectionId, amount: 40_00, hoursLeft: 23 },
        link: `_member-${annId}`,
      },
    ]);

    // Run again, and again an hour later: nothing more.
    await produceReminders(app.db.prisma, new Date(deadline - 23 * HOUR), "UTC");
    await produceReminders(app.db.prisma, new Date(deadline - 22 * HOUR), "UTC");
    expect(await reminders()).toHaveLength(3);
  });

  const emergencyReminders = (collectionId: number) =>
    app.db.prisma.outbox.findMany({
      where: {
        kind: { in: ["reminder.emergencyDeadline", "reminder.emergencyMissing"] },
        payload: { path: ["collectionId"], equals: collectionId },
      },
      orderBy: { id: "asc" },
      select: { recipientId: true, kind: true, payload: true },
    });

  it("reminds a 1-day emergency 12 hours before its end, not at its opening, and givers who commit later too", async () => {
    const opened = new Date("2027-05-10T12:00:00Z");
    app.setNow(opened);
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    await app.as(ann).member.changeStatus({ action: "openEmergency", goal: 100_00, days: 1 });
    const { collections } = await app.as(ann).books.dashboard();
    const collectionId = collections.find((c) => c.kind === "emergency")?.id as number;
    const at = (hours: number) => new Date(opened.getTime() + hours * HOUR);
    const [annId, benId, catId] = [await idOf(ann), await idOf(ben), await idOf(cat)];

    // The scheduler's first ticks after the opening: the deadline is a day away, nothing is due.
    await produceReminders(app.db.prisma, at(0.02), "UTC");
    app.setNow(at(2));
    await app.as(ben).pledge.create({ collectionId, amount: 30_00 });
    await produceReminders(app.db.prisma, at(11.9), "UTC");
    expect(await emergencyReminders(collectionId)).toEqual([]);

    await produceReminders(app.db.prisma, at(12), "UTC");
    expect(await emergencyReminders(collectionId)).toEqual([
      {
        recipientId: benId,
        kind: "reminder.emergencyDeadline",
        payload: { memberId: annId, collectionId, amount: 30_00, hoursLeft: 12 },
      },
      {
        recipientId: annId,
        kind: "reminder.emergencyMissing",
        payload: { collectionId, amount: 70_00, hoursLeft: 12 },
      },
    ]);

    // Cat commits in the last hours: reminded at the next tick; Ben and Ann not again.
    app.setNow(at(13));
    await app.as(cat).pledge.create({ collectionId, amount: 20_00 });
    await produceReminders(app.db.prisma, at(14.5), "UTC");
    const sent = await emergencyReminders(collectionId);
    expect(sent).toHaveLength(3);
    expect(sent[2]).toEqual({
      recipientId: catId,
      kind: "reminder.emergencyDeadline",
      payload: { memberId: annId, collectionId, amount: 20_00, hoursLeft: 10 },
    });
  });

  it("reminds a 7-day emergency a day before its end", async () => {
    const opened = new Date("2027-06-10T12:00:00Z");
    app.setNow(opened);
    const [ann, ben] = await app.members("Ann", "Ben");
    await app.as(ann).member.changeStatus({ action: "openEmergency", goal: 100_00, days: 7 });
    const { collections } = await app.as(ann).books.dashboard();
    const collectionId = collections.find((c) => c.kind === "emergency")?.id as number;
    await app.as(ben).pledge.create({ collectionId, amount: 30_00 });
    const at = (hours: number) => new Date(opened.getTime() + hours * HOUR);

    await produceReminders(app.db.prisma, at(0.02), "UTC");
    await produceReminders(app.db.prisma, at(7 * 24 - 24.1), "UTC");
    expect(await emergencyReminders(collectionId)).toEqual([]);
    await produceReminders(app.db.prisma, at(7 * 24 - 24), "UTC");
    expect((await emergencyReminders(collectionId)).map((r) => [r.recipientId, r.payload])).toEqual(
      [
        [
          await idOf(ben),
          { memberId: await idOf(ann), collectionId, amount: 30_00, hoursLeft: 24 },
        ],
        [await idOf(ann), { collectionId, amount: 70_00, hoursLeft: 24 }],
      ],
    );
  });

  it("reminds nobody of a gift already given, nor after the emergency ended", async () => {
    app.setNow(new Date("2027-04-10T12:00:00Z"));
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    await app.as(ann).member.changeStatus({ action: "openEmergency", goal: 100_00, days: 2 });
    const { collections } = await app.as(ann).books.dashboard();
    const emergency = collections.find((c) => c.kind === "emergency");
    const collectionId = emergency?.id as number;
    const deadline = new Date(emergency?.deadline as string).getTime();
    const bens = await app.as(ben).pledge.create({ collectionId, amount: 30_00 });
    await app.as(ben).pledge.act({ pledgeId: bens.id, action: "fulfil" });

    const count = (recipientId: number) =>
      app.db.prisma.outbox.count({ where: { recipientId, kind: "reminder.emergencyDeadline" } });
    await produceReminders(app.db.prisma, new Date(deadline - 12 * HOUR), "UTC");
    expect(await count(await idOf(ben))).toBe(0);

    // Cat commits after the reminders went out; then Ann ends the emergency: no reminder to Cat.
    await app.as(cat).pledge.create({ collectionId, amount: 20_00 });
    await app.as(ann).member.changeStatus({ action: "endEmergency" });
    await produceReminders(app.db.prisma, new Date(deadline - 6 * HOUR), "UTC");
    expect(await count(await idOf(cat))).toBe(0);
  });
});
