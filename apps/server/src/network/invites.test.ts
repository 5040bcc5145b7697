import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestUser } from "../testing.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;
let nextId = 310_000;
const user = (name: string, last?: string): TestUser => ({
  id: nextId++,
  first_name: name,
  ...(last ? { last_name: last } : {}),
  language_code: "en",
});
const idOf = async (u: TestUser) => (await app.as(u).member.me()).profile.id;
const DAY_MS = 24 * 3_600_000;
const start = new Date("2026-11-21T12:00:00Z");

beforeAll(async () => {
  app = await createTestApp({ BOT_USERNAME: "exodus_test_bot", MINI_APP_NAME: "app" });
});
afterAll(() => app.close());

describe("my invite links", () => {
  it("lists the links that still work, newest first, with whom they lead to and how often opened", async () => {
    app.setNow(start);
    const [ann, bob, cat] = [user("Ann", "Lee"), user("Bob"), user("Cat")];
    const own = await app.as(ann).network.createInvite({});
    await app.as(bob).network.openInvite({ code: own.code });
    await app.as(bob).member.changeStatus({ action: "openMonthly", goal: 50_00 });
    app.setNow(new Date(start.getTime() + 60_000));
    const forBob = await app.as(ann).network.createInvite({ targetId: await idOf(bob) });
    app.setNow(new Date(start.getTime() + 120_000));
    const withdrawn = await app.as(ann).network.createInvite({});
    await app.as(ann).network.revokeInvite({ code: withdrawn.code });
    await app.as(cat).network.createInvite({}); // someone else's link is not listed

    const lines = await app.as(ann).network.invites({});
    expect(lines.map((l) => [l.code, l.target.name, l.target.status, l.opens])).toEqual([
      [forBob.code, "Bob", "orange", 0],
      [own.code, "Ann Lee", "green", 1],
    ]);
    expect(lines[1]?.links).toEqual({
      app: `https://t.me/exodus_test_bot/app?startapp=${own.code}`,
      bot: `https://t.me/exodus_test_bot?start=${own.code}`,
    });
    expect(lines[1]?.expiresAt).toBe(new Date(start.getTime() + 30 * DAY_MS).toISOString());

    // Pages: one at a time.
    const second = await app.as(ann).network.invites({ limit: 1, offset: 1 });
    expect(second.map((l) => l.code)).toEqual([own.code]);

    // A month later both links have expired and the list is empty.
    app.setNow(new Date(start.getTime() + 31 * DAY_MS));
    expect(await app.as(ann).network.invites({})).toEqual([]);
    app.setNow(start);
  });
});

describe("who joined through my links", () => {
  it("lists those whose referral tie points to me, newest first, with status and when they joined", async () => {
    app.setNow(start);
    const [ann, bob, cat, dan, gus] = ["Ann", "Bob", "Cat", "Dan", "Gus"].map((n) => user(n)) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    const { code } = await app.as(ann).network.createInvite({});
    await app.as(bob).network.openInvite({ code });
    app.setNow(new Date(start.getTime() + DAY_MS));
    await app.as(cat).network.openInvite({ code });
    await app.as(cat).member.changeStatus({ action: "openEmergency", goal: 80_00, days: 5 });
    // Dan came in through Gus first: opening Ann's link later does not make him Ann's invitee.
    await app.tie(gus, dan);
    await app.as(dan).network.openInvite({ code });

    const joined = await app.as(ann).network.invitees({});
    expect(joined.map((m) => [m.name, m.status, m.joinedAt])).toEqual([
      ["Cat", "red", new Date(start.getTime() + DAY_MS).toISOString()],
      ["Bob", "green", start.toISOString()],
    ]);
    expect(
      (await app.as(ann).network.invitees({ limit: 1, offset: 1 })).map((m) => m.name),
    ).toEqual(["Bob"]);
    expect((await app.as(gus).network.invitees({})).map((m) => m.name)).toEqual(["Dan"]);
    expect(await app.as(dan).network.invitees({})).toEqual([]);

    // Someone who left Exodus has nothing left to show and leaves the list.
    await app.as(bob).member.leave({ confirm: true });
    expect((await app.as(ann).network.invitees({})).map((m) => m.name)).toEqual(["Cat"]);
    app.setNow(start);
  });
});
