import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";
import { startScheduler } from "./scheduler.ts";

describe("the scheduler", () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it("rolls the books over when the month turns, once, with two servers ticking", async () => {
    const ann = { id: 91_001, first_name: "Ann" };
    const ben = { id: 91_002, first_name: "Ben" };
    app.setNow(new Date("2027-05-31T23:59:00Z"));
    await app.tie(ann, ben);
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const { collections } = await app.as(ann).books.dashboard();
    const collectionId = collections[0]?.id as number;
    const p = await app.as(ben).pledge.create({ collectionId, amount: 10_00 });

    const servers = [1, 2].map(() =>
      startScheduler({
        prisma: app.db.prisma,
        clock: app.now,
        timeZone: "UTC",
        intervalMs: 3_600_000,
      }),
    );
    await Promise.all(servers.map((s) => s.tick()));
    expect((await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: p.id } })).state).toBe(
      "intention",
    );

    app.setNow(new Date("2027-06-01T00:00:30Z"));
    await Promise.all(servers.map((s) => s.tick()));
    await Promise.all(servers.map((s) => s.tick()));
    await Promise.all(servers.map((s) => s.stop()));

    expect((await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: p.id } })).state).toBe(
      "lapsed",
    );
    expect(
      await app.db.prisma.pledgeEvent.count({ where: { pledgeId: p.id, action: "lapse" } }),
    ).toBe(1);
    const runs = await app.db.prisma.cycleRun.findMany({ where: { job: "rollover" } });
    expect(runs.map((r) => r.period.toISOString().slice(0, 7)).sort()).toEqual([
      "2027-05",
      "2027-06",
    ]);
  });

  it("ends overdue emergencies and queues reminders by the network's calendar on each tick", async () => {
    const moscow = await createTestApp({ NETWORK_TIMEZONE: "Europe/Moscow" });
    try {
      const [ann, ben] = await moscow.members("Ann", "Ben");
      moscow.setNow(new Date("2027-07-20T12:00:00Z"));
      await moscow.as(ann).member.changeStatus({ action: "openEmergency", goal: 50_00, days: 1 });
      await moscow.as(ben).member.changeStatus({ action: "openMonthly", goal: 50_00 });
      const monthly = (await moscow.as(ben).books.dashboard()).collections[0]?.id as number;
      await moscow.as(ann).pledge.create({ collectionId: monthly, amount: 5_00 });
      const annId = (await moscow.as(ann).member.me()).profile.id;
      const scheduler = startScheduler({
        prisma: moscow.db.prisma,
        clock: moscow.now,
        timeZone: "Europe/Moscow",
        intervalMs: 3_600_000,
      });
      // July ends at 21:00 UTC on the 31st in Moscow: three days before is 21:00 UTC on the 28th.
      moscow.setNow(new Date("2027-07-28T20:59:00Z"));
      await scheduler.tick();
      expect((await moscow.as(ann).member.me()).profile.status).toBe("green"); // deadline passed
      expect(
        await moscow.db.prisma.outbox.count({
          where: { recipientId: annId, kind: "reminder.periodEnding" },
        }),
      ).toBe(0);
      moscow.setNow(new Date("2027-07-28T21:00:00Z"));
      await scheduler.tick();
      await scheduler.stop();
      expect(
        await moscow.db.prisma.outbox.count({
          where: { recipientId: annId, kind: "reminder.periodEnding" },
        }),
      ).toBe(1);
    } finally {
      await moscow.close();
    }
  });
});
