import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { announceToSecondRing } from "../collections/reach.ts";
import { createTestApp, inputRefusal, refusal, type TestUser } from "../testing.ts";
import { networkOf, suggestionsFor } from "./graph.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;
let nextId = 300_000;
const user = (name: string): TestUser => ({ id: nextId++, first_name: name, language_code: "en" });
const idOf = async (u: TestUser) => (await app.as(u).member.me()).profile.id;

async function monthly(u: TestUser) {
  await app.as(u).member.changeStatus({ action: "openMonthly", goal: 100_00 });
  return (await app.as(u).books.dashboard()).collections[0]?.id as number;
}

/** Three days pass and the scheduler tells second rings of the needs whose 🙏 is still open: only
 * then are they suggestions three ties away. */
async function threeDaysLater() {
  app.setNow(new Date(app.now().getTime() + 3 * 24 * 3_600_000));
  await announceToSecondRing(app.db.prisma, app.now(), app.deps.config.networkTimeZone);
}

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe("the network: everyone within two ties", () => {
  it("grows by invite links: a friend, a friend's friend, not a friend's friend's friend", async () => {
    const [ann, bob, cat, dan] = [user("Ann"), user("Bob"), user("Cat"), user("Dan")];
    await app.tie(ann, bob);
    await app.tie(bob, cat);
    await app.tie(cat, dan);
    const [a, b, c, d] = await Promise.all([ann, bob, cat, dan].map(idOf));
    const network = await networkOf(app.db.prisma, a as number, app.now(), "UTC");
    expect(Object.fromEntries(network)).toEqual({ [b as number]: 1, [c as number]: 2 });

    expect((await app.as(ann).network.member({ memberId: c as number })).firstName).toBe("Cat");
    expect(await refusal(app.as(ann).network.member({ memberId: d as number }))).toBe(
      "errors.member.notFound",
    );
  });

  it("suggests members three ties away who have an open collection, and lets one see them", async () => {
    const [ann, bob, cat, dan] = [user("Ann"), user("Bob"), user("Cat"), user("Dan")];
    await app.tie(ann, bob);
    await app.tie(bob, cat);
    await app.tie(cat, dan);
    const [a, d] = await Promise.all([idOf(ann), idOf(dan)]);
    expect(await suggestionsFor(app.db.prisma, a, app.now(), "UTC")).toEqual([]);
    const collectionId = await monthly(dan);
    expect(await suggestionsFor(app.db.prisma, a, app.now(), "UTC")).toEqual([]);
    await threeDaysLater();
    expect(await suggestionsFor(app.db.prisma, a, app.now(), "UTC")).toEqual([d]);
    expect((await app.as(ann).network.member({ memberId: d })).status).toBe("orange");
    const pledge = await app.as(ann).pledge.create({ collectionId, amount: 5_00 });
    expect(pledge.state).toBe("intention");
  });

  it("ties a giver and a receiver while a pledge is live or overdue, and unties them after", async () => {
    // Two separate groups; Fay opens an invite to Ann that Ann's friend shared with her.
    const [ann, bob, fay, gus] = [user("Ann"), user("Bob"), user("Fay"), user("Gus")];
    await app.tie(ann, bob);
    await app.tie(gus, fay); // Fay already has her own inviter
    const collectionId = await monthly(ann);
    const { code } = await app.as(bob).network.createInvite({ targetId: await idOf(ann) });
    const opened = await app.as(fay).network.openInvite({ code });
    expect(opened.targetId).toBe(await idOf(ann));
    const fayId = await idOf(fay);
    const fayRow = await app.db.prisma.member.findUniqueOrThrow({ where: { id: fayId } });
    expect(fayRow.invitedById).toBe(await idOf(gus)); // the first referral tie stays

    // Fay may see Ann (the invite's target) but not Bob yet.
    expect(await refusal(app.as(fay).network.member({ memberId: await idOf(bob) }))).toBe(
      "errors.member.notFound",
    );
    const pledge = await app.as(fay).pledge.create({ collectionId, amount: 10_00 });
    // Helping ties Fay to Ann: Ann's friend Bob is now Fay's friend's friend.
    expect((await app.as(fay).network.member({ memberId: await idOf(bob) })).firstName).toBe("Bob");

    await app.as(fay).pledge.act({ pledgeId: pledge.id, action: "withdraw" });
    expect(await refusal(app.as(fay).network.member({ memberId: await idOf(bob) }))).toBe(
      "errors.member.notFound",
    );
  });
});

describe("outsiders see nothing", () => {
  it("answers for a member outside one's network exactly as for one who does not exist", async () => {
    const [ann, eve] = [user("Ann"), user("Eve")];
    const collectionId = await monthly(ann);
    const annId = await idOf(ann);
    const missing = await refusal(app.as(eve).network.member({ memberId: 9_999_999 }));
    expect(await refusal(app.as(eve).network.member({ memberId: annId }))).toBe(missing);

    const noSuchCollection = await refusal(
      app.as(eve).pledge.create({ collectionId: 9_999_999, amount: 1_00 }),
    );
    expect(await refusal(app.as(eve).pledge.create({ collectionId, amount: 1_00 }))).toBe(
      noSuchCollection,
    );
    expect(await refusal(app.as(eve).books.collection({ collectionId }))).toBe(
      "errors.collection.notFound",
    );
    expect(await app.db.prisma.pledge.count({ where: { collectionId } })).toBe(0);
  });
});

describe("invite links", () => {
  it("register a newcomer with a referral tie to the inviter and lead to the target", async () => {
    const [ann, newcomer] = [user("Ann"), user("New")];
    const { code, links } = await app.as(ann).network.createInvite({});
    expect(code).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(code).not.toContain(String(await idOf(ann)));
    expect(links).toEqual({ app: null, bot: null }); // no bot names configured in tests
    const opened = await app.as(newcomer).network.openInvite({ code });
    expect(opened).toMatchObject({ targetId: await idOf(ann), inviterName: "Ann" });
    const row = await app.db.prisma.member.findUniqueOrThrow({
      where: { id: await idOf(newcomer) },
    });
    expect(row.invitedById).toBe(await idOf(ann));
  });

  it("lead only to the inviter or to a member in need in the inviter's network", async () => {
    const [ann, bob, eve] = [user("Ann"), user("Bob"), user("Eve")];
    await app.tie(ann, bob);
    expect(await refusal(app.as(ann).network.createInvite({ targetId: await idOf(bob) }))).toBe(
      "errors.invite.targetNotInNeed",
    );
    await monthly(bob);
    const { targetId } = await app.as(ann).network.createInvite({ targetId: await idOf(bob) });
    expect(targetId).toBe(await idOf(bob));
    await monthly(eve);
    expect(await refusal(app.as(ann).network.createInvite({ targetId: await idOf(eve) }))).toBe(
      "errors.member.notFound",
    );
  });

  it("explain bad, stale, withdrawn and one's own codes, changing nothing", async () => {
    const [ann, bob] = [user("Ann"), user("Bob")];
    const bobId = await idOf(bob);
    expect(await refusal(app.as(bob).network.openInvite({ code: "NoSuchCode123456" }))).toBe(
      "errors.invite.unknown",
    );
    const bad = await app
      .as(bob)
      .network.openInvite({ code: "not a code!" })
      .catch((e: TRPCError) => e);
    expect((bad as TRPCError).cause?.message).toContain("errors.invite.unknown");

    const own = await app.as(ann).network.createInvite({});
    expect(await refusal(app.as(ann).network.openInvite({ code: own.code }))).toBe(
      "errors.invite.self",
    );

    const revoked = await app.as(ann).network.createInvite({});
    await app.as(ann).network.revokeInvite({ code: revoked.code });
    expect(await refusal(app.as(bob).network.openInvite({ code: revoked.code }))).toBe(
      "errors.invite.revoked",
    );

    const stale = await app.as(ann).network.createInvite({});
    app.setNow(new Date(app.now().getTime() + 31 * 24 * 3_600_000));
    expect(await refusal(app.as(bob).network.openInvite({ code: stale.code }))).toBe(
      "errors.invite.expired",
    );
    app.setNow(new Date("2026-11-21T12:00:00Z"));

    expect(
      (await app.db.prisma.member.findUniqueOrThrow({ where: { id: bobId } })).invitedById,
    ).toBeNull();
    expect(await app.db.prisma.inviteOpen.count({ where: { memberId: bobId } })).toBe(0);
  });

  it("cannot be withdrawn by anyone but their inviter", async () => {
    const [ann, bob] = [user("Ann"), user("Bob")];
    const { code } = await app.as(ann).network.createInvite({});
    expect(await refusal(app.as(bob).network.revokeInvite({ code }))).toBe("errors.invite.unknown");
  });
});

describe("lists of members", () => {
  it("show my network sorted by need: 🆘 first, then 🔆 by what is missing, then ✅", async () => {
    const [hub, red, orangeBig, orangeSmall, green] = [
      user("Hub"),
      user("Red"),
      user("OrangeBig"),
      user("OrangeSmall"),
      user("Green"),
    ];
    for (const u of [red, orangeBig, orangeSmall, green]) await app.tie(hub, u);
    await app.as(orangeSmall).member.changeStatus({ action: "openMonthly", goal: 10_00 });
    await app.as(orangeBig).member.changeStatus({ action: "openMonthly", goal: 500_00 });
    await app.as(red).member.changeStatus({ action: "openEmergency", goal: 50_00, days: 3 });
    const bigCollection = (await app.as(orangeBig).books.dashboard()).collections[0]?.id as number;
    await app.as(green).pledge.create({ collectionId: bigCollection, amount: 40_00 });

    const page = await app.as(hub).network.list({ list: "network", limit: 10 });
    expect(page.map((m) => [m.firstName, m.status, m.distance])).toEqual([
      ["Red", "red", 1],
      ["OrangeBig", "orange", 1],
      ["OrangeSmall", "orange", 1],
      ["Green", "green", 1],
    ]);
    expect(page[1]?.need).toMatchObject({
      kind: "monthly",
      helpers: 1,
      intentions: 40_00,
      missing: 500_00,
      goal: 500_00,
    });
    expect(page[0]?.need).toMatchObject({
      kind: "emergency",
      helpers: 0,
      missing: 50_00,
      goal: 50_00,
    });
    expect(page[3]?.need).toBeNull();

    const second = await app.as(hub).network.list({ list: "network", limit: 2, offset: 2 });
    expect(second.map((m) => m.firstName)).toEqual(["OrangeSmall", "Green"]);

    // Green already helps OrangeBig: Green's "in need" list leaves her out. Green sees the others
    // two ties away, through the hub.
    const inNeed = await app.as(green).network.list({ list: "needHelp", limit: 10 });
    expect(inNeed.map((m) => [m.firstName, m.distance])).toEqual([
      ["Red", 2],
      ["OrangeSmall", 2],
    ]);
  });

  it("keep need lines exact while many givers pledge, commit and withdraw at once", async () => {
    const receiver = user("Busy");
    const givers = Array.from({ length: 12 }, (_, i) => user(`Giver${i}`));
    for (const g of givers) await app.tie(receiver, g);
    await app.as(receiver).member.changeStatus({ action: "openMonthly", goal: 1_000_00 });
    const collectionId = (await app.as(receiver).books.dashboard()).collections[0]?.id as number;
    // Each giver pledges, then half commit and a quarter withdraw, all givers at the same time:
    // on PostgreSQL these transactions really overlap on the one collection.
    await Promise.all(
      givers.map(async (g, i) => {
        const { id: pledgeId } = await app.as(g).pledge.create({ collectionId, amount: 10_00 + i });
        if (i % 2 === 0) await app.as(g).pledge.act({ pledgeId, action: "commit" });
        else if (i % 4 === 1) await app.as(g).pledge.act({ pledgeId, action: "withdraw" });
      }),
    );
    const committed = givers.reduce((s, _, i) => (i % 2 === 0 ? s + 10_00 + i : s), 0);
    const intended = givers.reduce((s, _, i) => (i % 4 === 3 ? s + 10_00 + i : s), 0);
    const [line] = await app.as(givers[0] as TestUser).network.list({ list: "network", limit: 1 });
    expect(line?.firstName).toBe("Busy");
    expect(line?.need).toMatchObject({
      helpers: 9,
      intentions: intended,
      missing: 1_000_00 - committed,
      goal: 1_000_00,
    });
    // The same figures as the collection's own totals, which add up the pledges themselves.
    const totals = await app.as(receiver).books.collection({ collectionId });
    expect([totals.helpers, totals.intentions, totals.missing]).toEqual([
      line?.need?.helpers,
      line?.need?.intentions,
      line?.need?.missing,
    ]);
  });

  it("show my helpers and those I help, and another member's lists only as far as I see", async () => {
    const [ann, bob, cat, dan, fay] = ["Ann", "Bob", "Cat", "Dan", "Fay"].map(user) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    await app.tie(ann, bob);
    await app.tie(bob, cat);
    await app.tie(cat, dan);
    await app.tie(dan, fay);
    const catId = await idOf(cat);
    const names = (page: { firstName: string; distance: number }[]) =>
      page.map((m) => [m.firstName, m.distance]);

    // Cat's network is Bob and Dan, Ann and Fay; Ann sees herself and Bob in it, not the two
    // beyond her own network.
    expect(names(await app.as(cat).network.list({ list: "network", limit: 10 })).sort()).toEqual([
      ["Ann", 2],
      ["Bob", 1],
      ["Dan", 1],
      ["Fay", 2],
    ]);
    expect(names(await app.as(ann).network.list({ list: "network", memberId: catId }))).toEqual([
      ["Ann", 0],
      ["Bob", 1],
    ]);

    // Dan opens a collection: three ties from Ann, he becomes a suggestion she may see once his
    // second ring has heard of it.
    const dansCollection = await monthly(dan);
    const catsCollection = await monthly(cat);
    await app.as(bob).pledge.create({ collectionId: catsCollection, amount: 10_00 });
    await app.as(dan).pledge.create({ collectionId: catsCollection, amount: 20_00 });
    await app.as(fay).pledge.create({ collectionId: catsCollection, amount: 30_00 });
    await app.as(cat).pledge.create({ collectionId: dansCollection, amount: 5_00 });
    await threeDaysLater();

    expect(names(await app.as(cat).network.list({ list: "helpers" }))).toEqual([
      ["Dan", 1],
      ["Bob", 1],
      ["Fay", 1],
    ]);
    expect(names(await app.as(cat).network.list({ list: "helped" }))).toEqual([["Dan", 1]]);
    expect(names(await app.as(fay).network.list({ list: "helped" }))).toEqual([["Cat", 1]]);
    // Ann sees Cat's helpers but Fay, who is beyond her view; and whom Cat helps.
    expect(names(await app.as(ann).network.list({ list: "helpers", memberId: catId }))).toEqual([
      ["Dan", 3],
      ["Bob", 1],
    ]);
    expect(names(await app.as(ann).network.list({ list: "helped", memberId: catId }))).toEqual([
      ["Dan", 3],
    ]);

    // Someone Ann cannot see has no lists for her; "in need" and suggestions are one's own only.
    expect(
      await refusal(app.as(ann).network.list({ list: "helpers", memberId: await idOf(fay) })),
    ).toBe("errors.member.notFound");
    expect(
      await inputRefusal(app.as(ann).network.list({ list: "needHelp", memberId: catId })),
    ).toEqual(["errors.input.list"]);
  });

  it("suggest circles three ties away", async () => {
    const [ann, bob, cat, dan] = [user("Ann"), user("Bob"), user("Cat"), user("Dan")];
    await app.tie(ann, bob);
    await app.tie(bob, cat);
    await app.tie(cat, dan);
    await app.as(dan).member.changeStatus({ action: "openMonthly", goal: 30_00 });
    await threeDaysLater();
    const suggestions = await app.as(ann).network.list({ list: "suggestions", limit: 10 });
    expect(suggestions.map((m) => [m.firstName, m.distance, m.need?.missing])).toEqual([
      ["Dan", 3, 30_00],
    ]);
  });
});

describe("a circle of support", () => {
  it("shows each giver's amount to the receiver and the circle's givers, only names to the rest", async () => {
    const [ann, bob, cat, dan] = [user("Ann"), user("Bob"), user("Cat"), user("Dan")];
    for (const u of [bob, cat, dan]) await app.tie(ann, u);
    const collectionId = await monthly(ann);
    await app.as(bob).pledge.create({ collectionId, amount: 10_00 });
    await app.as(cat).pledge.create({ collectionId, amount: 20_00 });
    const annId = await idOf(ann);

    for (const insider of [ann, bob]) {
      const circle = await app.as(insider).network.circle({ memberId: annId });
      expect(circle.helpers.map((h) => [h.firstName, h.amount])).toEqual([
        ["Bob", 10_00],
        ["Cat", 20_00],
      ]);
    }
    const outside = await app.as(dan).network.circle({ memberId: annId });
    expect(outside.helpers.map((h) => [h.firstName, h.amount, h.state])).toEqual([
      ["Bob", null, null],
      ["Cat", null, null],
    ]);
    expect(outside.collections[0]).toMatchObject({ intentions: 30_00, helpers: 2 });
    expect(await refusal(app.as(user("Eve")).network.circle({ memberId: annId }))).toBe(
      "errors.member.notFound",
    );
  });
});

describe("the network as a picture", () => {
  it("gives nodes with status and the referral and help ties between them", async () => {
    const [ann, bob, cat] = [user("Ann"), user("Bob"), user("Cat")];
    await app.tie(ann, bob);
    await app.tie(bob, cat);
    const collectionId = await monthly(bob);
    const pledge = await app.as(cat).pledge.create({ collectionId, amount: 5_00 });
    await app.as(cat).pledge.act({ pledgeId: pledge.id, action: "commit" });
    const [a, b, c] = await Promise.all([ann, bob, cat].map(idOf));

    const graph = await app.as(ann).network.graph();
    expect(graph.viewer).toBe(a);
    expect(graph.nodes.map((n) => [n.id, n.status, n.distance])).toEqual([
      [b, "orange", 1],
      [c, "green", 2],
    ]);
    expect(graph.edges).toEqual([
      { kind: "help", from: c, to: b, state: "obligation" },
      { kind: "referral", from: a, to: b, state: null },
      { kind: "referral", from: b, to: c, state: null },
    ]);
    expect(graph.truncated).toBe(false);
  });
});
