import { parseOutboxMessage, routeOfStartParam } from "@exodus/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { announceToSecondRing } from "../collections/reach.ts";
import { rollover } from "../cycle/rollover.ts";
import { createTestApp, type TestUser } from "../testing.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;
let nextId = 600_000;
const user = (name: string): TestUser => ({ id: nextId++, first_name: name, language_code: "en" });
const idOf = async (u: TestUser) => (await app.as(u).member.me()).profile.id;

/** The messages queued for a member since `after`: kind and the screen their button opens. */
async function inbox(u: TestUser, after = 0n) {
  const rows = await app.db.prisma.outbox.findMany({
    where: { recipientId: await idOf(u), id: { gt: after } },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => {
    const route = routeOfStartParam(r.link);
    return `${r.kind} → ${route?.kind === "screen" ? route.path : "nowhere"}`;
  });
}
const lastId = async () =>
  (await app.db.prisma.outbox.findFirst({ orderBy: { id: "desc" } }))?.id ?? 0n;

beforeAll(async () => {
  app = await createTestApp();
  app.setNow(new Date("2027-03-10T12:00:00Z"));
});
afterAll(() => app.close());

describe("what each change tells, and to whom", () => {
  it("a new need is announced to direct ties at once, to the second ring later, no further", async () => {
    const [ann, bob, cat, dan] = [user("Ann"), user("Bob"), user("Cat"), user("Dan")];
    await app.tie(ann, bob);
    await app.tie(bob, cat);
    await app.tie(cat, dan);
    const mark = await lastId();
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const annPage = `/member/${await idOf(ann)}`;
    expect(await inbox(bob, mark)).toEqual([`status.changed → ${annPage}`]);
    expect(await inbox(cat, mark)).toEqual([]);
    expect(await inbox(ann, mark)).toEqual([]);
    // The same need announced again (a repeated tap, or ✅→🔆 over and over) tells no one twice a
    // day.
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    await app.as(ann).member.changeStatus({ action: "closeMonthly" });
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    expect(await inbox(bob, mark)).toHaveLength(1);
    // Three days on with 🙏 open, the second ring hears; three ties away, no one.
    app.setNow(new Date(app.now().getTime() + 3 * 24 * 3_600_000));
    await announceToSecondRing(app.db.prisma, app.now(), "UTC");
    expect(await inbox(cat, mark)).toEqual([`status.changed → ${annPage}`]);
    expect(await inbox(bob, mark)).toHaveLength(1);
    expect(await inbox(dan, mark)).toEqual([]);
    // A new need a day later is news again; a member who muted news of their network hears nothing.
    await app.as(bob).member.setNotifications({ muted: ["network"] });
    app.setNow(new Date(app.now().getTime() + 25 * 3_600_000));
    await app.as(ann).member.changeStatus({ action: "closeMonthly" });
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    app.setNow(new Date(app.now().getTime() + 3 * 24 * 3_600_000));
    await announceToSecondRing(app.db.prisma, app.now(), "UTC");
    expect(await inbox(bob, mark)).toHaveLength(1);
    expect(await inbox(cat, mark)).toHaveLength(2);
  });

  it("a pledge's life tells the other side at every step, each opening the pledge", async () => {
    const [ann, bob] = [user("Ann"), user("Bob")];
    await app.tie(ann, bob);
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const collectionId = (await app.as(ann).books.dashboard()).collections[0]?.id as number;
    const mark = await lastId();
    // Each step a while after the one before (the bot sent what was due meanwhile): news of its own.
    const step = async (move: Promise<unknown>) => {
      await move;
      await app.deliver();
    };
    const { id: pledgeId } = await app.as(bob).pledge.create({ collectionId, amount: 10_00 });
    await app.deliver();
    await step(app.as(bob).pledge.act({ pledgeId, action: "edit", amount: 15_00 }));
    await step(app.as(ann).pledge.nudge({ pledgeId, kind: "askCommit" }));
    await step(app.as(bob).pledge.act({ pledgeId, action: "commit" }));
    app.setNow(new Date(app.now().getTime() + 25 * 3_600_000));
    await step(app.as(ann).pledge.nudge({ pledgeId, kind: "askFulfil" }));
    await step(app.as(bob).pledge.act({ pledgeId, action: "fulfil" }));
    await step(app.as(bob).pledge.nudge({ pledgeId, kind: "remindConfirm" }));
    await step(app.as(ann).pledge.act({ pledgeId, action: "notReceived" }));
    app.setNow(new Date(app.now().getTime() + 60_000));
    await step(app.as(bob).pledge.act({ pledgeId, action: "fulfil" }));
    await step(app.as(ann).pledge.act({ pledgeId, action: "confirm" }));
    const page = `/pledge/${pledgeId}`;
    expect(await inbox(ann, mark)).toEqual([
      `intention.created → ${page}`,
      `pledge.edit → ${page}`,
      `pledge.commit → ${page}`,
      `pledge.fulfil → ${page}`,
      `nudge.remindConfirm → ${page}`,
      `pledge.fulfil → ${page}`,
    ]);
    expect(await inbox(bob, mark)).toEqual([
      `nudge.askCommit → ${page}`,
      `nudge.askFulfil → ${page}`,
      `pledge.notReceived → ${page}`,
      `pledge.confirm → ${page}`,
    ]);
  });

  it("a withdrawal, a release and an emergency's end are told too", async () => {
    const [ann, bob, cat] = [user("Ann"), user("Bob"), user("Cat")];
    await app.tie(ann, bob);
    await app.tie(ann, cat);
    await app.as(ann).member.changeStatus({ action: "openEmergency", goal: 30_00, days: 5 });
    const emergencyId = (await app.as(ann).books.dashboard()).collections.find(
      (c) => c.kind === "emergency",
    )?.id as number;
    const mark = await lastId();
    const bobs = await app.as(bob).pledge.create({ collectionId: emergencyId, amount: 10_00 });
    await app.deliver();
    await app.as(ann).pledge.act({ pledgeId: bobs.id, action: "release" });
    const cats = await app.as(cat).pledge.create({ collectionId: emergencyId, amount: 30_00 });
    await app.deliver();
    await app.as(cat).pledge.act({ pledgeId: cats.id, action: "fulfil" });
    await app.deliver();
    await app.as(ann).pledge.act({ pledgeId: cats.id, action: "confirm" });
    const annPage = `/member/${await idOf(ann)}`;
    expect(await inbox(ann, mark)).toEqual([
      `obligation.created → /pledge/${bobs.id}`,
      `obligation.created → /pledge/${cats.id}`,
      `pledge.fulfil → /pledge/${cats.id}`,
      `emergency.summary → ${annPage}`,
    ]);
    expect(await inbox(bob, mark)).toEqual([
      `pledge.release → /pledge/${bobs.id}`,
      `emergency.summary → ${annPage}`,
    ]);
    expect(await inbox(cat, mark)).toEqual([
      `pledge.confirm → /pledge/${cats.id}`,
      `emergency.summary → ${annPage}`,
      `emergency.thanks → ${annPage}`,
    ]);
  });

  it("an intention withdrawn is told to its receiver", async () => {
    const [ann, bob] = [user("Ann"), user("Bob")];
    await app.tie(ann, bob);
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const collectionId = (await app.as(ann).books.dashboard()).collections[0]?.id as number;
    const mark = await lastId();
    const { id: pledgeId } = await app.as(bob).pledge.create({ collectionId, amount: 10_00 });
    await app.deliver();
    await app.as(bob).pledge.act({ pledgeId, action: "withdraw" });
    expect(await inbox(ann, mark)).toEqual([
      `intention.created → /pledge/${pledgeId}`,
      `pledge.withdraw → /pledge/${pledgeId}`,
    ]);
  });

  it("an intention pledged and withdrawn before its news left is not told at all", async () => {
    const [ann, bob] = [user("Ann"), user("Bob")];
    await app.tie(ann, bob);
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const collectionId = (await app.as(ann).books.dashboard()).collections[0]?.id as number;
    const mark = await lastId();
    const { id: pledgeId } = await app.as(bob).pledge.create({ collectionId, amount: 10_00 });
    await app.as(bob).pledge.act({ pledgeId, action: "withdraw" });
    expect(await inbox(ann, mark)).toEqual([]);
    // The audit keeps both moves: only the message is spared.
    const events = await app.db.prisma.pledgeEvent.findMany({ where: { pledgeId } });
    expect(events.map((e) => e.action)).toEqual(["create", "withdraw"]);
  });

  it("someone joining through my link is told to me, once", async () => {
    const [ann, bob] = [user("Ann"), user("Bob")];
    const mark = await lastId();
    await app.tie(ann, bob);
    const { code } = await app.as(ann).network.createInvite({});
    await app.as(bob).network.openInvite({ code });
    expect(await inbox(ann, mark)).toEqual([`invite.joined → /member/${await idOf(bob)}`]);
  });

  it("the rollover sums up each member's month once, whatever reruns", async () => {
    const [ann, bob, cat] = [user("Ann"), user("Bob"), user("Cat")];
    await app.tie(ann, bob);
    await app.tie(ann, cat);
    app.setNow(new Date("2027-04-10T12:00:00Z"));
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const collectionId = (await app.as(ann).books.dashboard()).collections[0]?.id as number;
    const given = await app.as(bob).pledge.create({ collectionId, amount: 20_00 });
    await app.as(bob).pledge.act({ pledgeId: given.id, action: "fulfil" });
    await app.as(ann).pledge.act({ pledgeId: given.id, action: "confirm" });
    const owed = await app.as(cat).pledge.create({ collectionId, amount: 7_00 });
    await app.as(cat).pledge.act({ pledgeId: owed.id, action: "commit" });
    const mark = await lastId();

    app.setNow(new Date("2027-05-01T00:05:00Z"));
    await rollover(app.db.prisma, "2027-05", app.now());
    await rollover(app.db.prisma, "2027-05", app.now());
    const ids = [await idOf(ann), await idOf(bob), await idOf(cat)];
    const summaries = await app.db.prisma.outbox.findMany({
      where: { kind: "rollover.summary", id: { gt: mark }, recipientId: { in: ids } },
    });
    expect(summaries).toHaveLength(3);
    const byMember = new Map(summaries.map((s) => [s.recipientId, s.payload]));
    expect(byMember.get(await idOf(ann))).toMatchObject({
      period: "2027-05",
      receivedRenewed: 1,
      receivedRenewedAmount: 20_00,
      receivedOverdue: 1,
    });
    expect(byMember.get(await idOf(bob))).toMatchObject({
      givenRenewed: 1,
      givenRenewedAmount: 20_00,
      givenOverdue: 0,
    });
    expect(byMember.get(await idOf(cat))).toMatchObject({ givenOverdue: 1, givenRenewed: 0 });
    // The SQL's jsonb_build_object writes what the bot reads: the shared schema of the kind.
    for (const s of summaries) {
      expect(parseOutboxMessage(s.kind, s.payload)).toMatchObject({ ok: true });
    }
    expect(await inbox(cat, mark)).toEqual(["rollover.summary → /organizer"]);
  });
});

describe("every message queued", () => {
  it("reads back through its kind's schema, as the bot will read it", async () => {
    // The rows the changes above queued (in this file's order), whoever wrote them: services
    // through notify(), and set-based SQL (the rings' announcements, the rollover).
    const rows = await app.db.prisma.outbox.findMany({ select: { kind: true, payload: true } });
    expect(new Set(rows.map((r) => r.kind)).size).toBeGreaterThan(10);
    const misfits = rows
      .map((r) => ({ kind: r.kind, read: parseOutboxMessage(r.kind, r.payload) }))
      .filter((r) => !r.read.ok);
    expect(misfits).toEqual([]);
  });
});

describe("a change and its message", () => {
  it("commit together or not at all", async () => {
    const [ann, bob] = [user("Ann"), user("Bob")];
    await app.tie(ann, bob);
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const collectionId = (await app.as(ann).books.dashboard()).collections[0]?.id as number;
    const { id: pledgeId } = await app.as(bob).pledge.create({ collectionId, amount: 10_00 });
    await app.deliver();
    const mark = await lastId();
    // Writing the message fails (as a full disk would): the change it tells about fails with it.
    await app.db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_message() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the disk is full'; END $$`);
    await app.db.prisma.$executeRawUnsafe(`
      CREATE TRIGGER refuse_message BEFORE INSERT ON outbox
      FOR EACH ROW EXECUTE FUNCTION refuse_message()`);
    try {
      await expect(app.as(bob).pledge.act({ pledgeId, action: "commit" })).rejects.toThrow();
    } finally {
      await app.db.prisma.$executeRawUnsafe("DROP TRIGGER refuse_message ON outbox");
      await app.db.prisma.$executeRawUnsafe("DROP FUNCTION refuse_message()");
    }
    expect((await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } })).state).toBe(
      "intention",
    );
    expect(await inbox(ann, mark)).toEqual([]);

    await app.as(bob).pledge.act({ pledgeId, action: "commit" });
    expect(await inbox(ann, mark)).toEqual([`pledge.commit → /pledge/${pledgeId}`]);
  });
});
