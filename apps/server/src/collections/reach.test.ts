import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScheduler } from "../cycle/scheduler.ts";
import { suggestionsFor } from "../network/graph.ts";
import { createTestApp, refusal, type TestUser } from "../testing.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;
let nextId = 700_000;
const user = (name: string): TestUser => ({ id: nextId++, first_name: name, language_code: "en" });
const idOf = async (u: TestUser) => (await app.as(u).member.me()).profile.id;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const later = (ms: number) => app.setNow(new Date(app.now().getTime() + ms));

/** How many times a member was told that `needy` needs help (any of their collections). */
async function toldOf(u: TestUser, needy: TestUser) {
  return app.db.prisma.outbox.count({
    where: {
      recipientId: await idOf(u),
      kind: "status.changed",
      payload: { path: ["memberId"], equals: await idOf(needy) },
    },
  });
}
const heard = (needy: TestUser, ...members: TestUser[]) =>
  Promise.all(members.map((u) => toldOf(u, needy)));

/** Two servers' schedulers ticking at the same moment, as replicas do. */
async function tick() {
  const servers = [1, 2].map(() =>
    startScheduler({ prisma: app.db.prisma, clock: app.now, timeZone: "UTC", intervalMs: DAY }),
  );
  await Promise.all(servers.map((s) => s.tick()));
  await Promise.all(servers.map((s) => s.stop()));
}

/** A chain of ties: each member invited by the one before, so the last is n−1 ties from the first. */
async function chain(...names: string[]): Promise<TestUser[]> {
  const users = names.map(user);
  for (let i = 1; i < users.length; i++)
    await app.tie(users[i - 1] as TestUser, users[i] as TestUser);
  return users;
}

async function openMonthly(u: TestUser, goal: number) {
  await app.as(u).member.changeStatus({ action: "openMonthly", goal });
  const { collections } = await app.as(u).books.dashboard();
  return collections.find((c) => c.kind === "monthly")?.id as number;
}

beforeAll(async () => {
  app = await createTestApp();
  app.setNow(new Date("2027-04-05T09:00:00Z"));
});
afterAll(() => app.close());

describe("reach grows in rings", () => {
  it("a new need is told to direct ties at once, to the second ring once after 3 days of 🙏 open, then suggested", async () => {
    const [ann, bob, cat, dan] = (await chain("Ann", "Bob", "Cat", "Dan")) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    const eve = user("Eve"); // two ties away too, but wants no news of her network
    await app.tie(bob, eve);
    await app.as(eve).member.setNotifications({ muted: ["network"] });
    const collectionId = await openMonthly(ann, 100_00);
    const annId = await idOf(ann);
    expect(await heard(ann, bob, cat, dan, eve)).toEqual([1, 0, 0, 0]);

    // Three ties away, Dan does not see Ann yet: not in his suggestions, no page, no pledge.
    later(3 * DAY - HOUR);
    await tick();
    expect(await heard(ann, bob, cat, dan, eve)).toEqual([1, 0, 0, 0]);
    expect(await suggestionsFor(app.db.prisma, await idOf(dan), app.now(), "UTC")).toEqual([]);
    expect(await refusal(app.as(dan).network.member({ memberId: annId }))).toBe(
      "errors.member.notFound",
    );
    expect(await refusal(app.as(dan).pledge.create({ collectionId, amount: 10_00 }))).toBe(
      "errors.collection.notFound",
    );

    // Three days on, 🙏 still open: the second ring hears, once, whoever runs the step how often.
    later(HOUR);
    await tick();
    await tick();
    expect(await heard(ann, bob, cat, dan, eve)).toEqual([1, 1, 0, 0]);
    later(DAY);
    await tick();
    expect(await heard(ann, bob, cat, dan, eve)).toEqual([1, 1, 0, 0]);

    // Now Dan finds her among his suggestions, may open her page and join her circle.
    expect(await suggestionsFor(app.db.prisma, await idOf(dan), app.now(), "UTC")).toEqual([annId]);
    const suggested = await app.as(dan).network.list({ list: "suggestions", limit: 10 });
    expect(suggested.map((m) => [m.firstName, m.distance, m.need?.missing])).toEqual([
      ["Ann", 3, 100_00],
    ]);
    expect((await app.as(dan).network.member({ memberId: annId })).status).toBe("orange");
    expect((await app.as(dan).pledge.create({ collectionId, amount: 10_00 })).state).toBe(
      "intention",
    );
  });

  it("an emergency reaches its second ring after one day", async () => {
    const [ann, bob, cat] = (await chain("Ann", "Bob", "Cat")) as [TestUser, TestUser, TestUser];
    await app.as(ann).member.changeStatus({ action: "openEmergency", goal: 300_00, days: 10 });
    expect(await heard(ann, bob, cat)).toEqual([1, 0]);
    later(DAY - HOUR);
    await tick();
    expect(await heard(ann, bob, cat)).toEqual([1, 0]);
    later(HOUR);
    await tick();
    expect(await heard(ann, bob, cat)).toEqual([1, 1]);
  });

  it("a need whose 🙏 was covered meanwhile never reaches the second ring nor the suggestions", async () => {
    const [ann, bob, cat, dan] = (await chain("Ann", "Bob", "Cat", "Dan")) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    const collectionId = await openMonthly(ann, 100_00);
    later(DAY);
    // An intention leaves 🙏 open; Bob's obligation of the whole goal covers it.
    const { id: pledgeId } = await app.as(bob).pledge.create({ collectionId, amount: 100_00 });
    await app.as(bob).pledge.act({ pledgeId, action: "commit" });
    for (const days of [2, 1, 3]) {
      later(days * DAY);
      await tick();
      expect(await heard(ann, bob, cat, dan)).toEqual([1, 0, 0]);
      expect(await suggestionsFor(app.db.prisma, await idOf(dan), app.now(), "UTC")).toEqual([]);
    }
    const reached = await app.db.prisma.collection.findUniqueOrThrow({
      where: { id: collectionId },
    });
    expect(reached.secondRingAt).toBeNull();
  });

  it("tells each member of a collection once, though they are in both rings", async () => {
    // Cat is Ann's direct tie and also two ties away through Bob; Gus only two ties away.
    const [ann, bob, cat, gus] = [user("Ann"), user("Bob"), user("Cat"), user("Gus")];
    await app.tie(ann, bob);
    await app.tie(ann, cat);
    await app.tie(bob, gus);
    const { code } = await app.as(bob).network.createInvite({});
    await app.as(cat).network.openInvite({ code }); // Cat already has her inviter: a second tie
    await openMonthly(ann, 50_00);
    expect(await heard(ann, bob, cat, gus)).toEqual([1, 1, 0]);
    // Fay becomes a direct tie after the opening: she hears with the second ring.
    const fay = user("Fay");
    await app.tie(ann, fay);
    later(3 * DAY);
    await tick();
    expect(await heard(ann, bob, cat, gus, fay)).toEqual([1, 1, 1, 1]);
  });

  it("a paused monthly collection is not announced further until its emergency ends", async () => {
    const [ann, bob, cat, dan] = (await chain("Ann", "Bob", "Cat", "Dan")) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    await openMonthly(ann, 100_00);
    later(HOUR);
    await app.as(ann).member.changeStatus({ action: "openEmergency", goal: 40_00, days: 10 });
    const statuses = async (u: TestUser) =>
      (
        await app.db.prisma.outbox.findMany({
          where: { recipientId: await idOf(u), kind: "status.changed" },
          orderBy: { id: "asc" },
        })
      ).map((m) => (m.payload as { status: string }).status);
    expect(await statuses(bob)).toEqual(["orange", "red"]);

    later(3 * DAY);
    await tick();
    // The emergency reached Cat; the paused monthly collection did not.
    expect(await statuses(cat)).toEqual(["red"]);
    expect(await suggestionsFor(app.db.prisma, await idOf(dan), app.now(), "UTC")).toEqual([
      await idOf(ann),
    ]);

    later(DAY);
    await app.as(ann).member.changeStatus({ action: "endEmergency" });
    expect(await suggestionsFor(app.db.prisma, await idOf(dan), app.now(), "UTC")).toEqual([]);
    await tick();
    expect(await statuses(cat)).toEqual(["red", "orange"]);
    expect(await statuses(bob)).toEqual(["orange", "red"]);
    expect(await suggestionsFor(app.db.prisma, await idOf(dan), app.now(), "UTC")).toEqual([
      await idOf(ann),
    ]);
  });
});
