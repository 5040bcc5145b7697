import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollover } from "../cycle/rollover.ts";
import { createTestApp, refusal, type TestUser } from "../testing.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;
let nextId = 800_000;
const user = (name: string): TestUser => ({ id: nextId++, first_name: name, language_code: "en" });
const idOf = async (u: TestUser) => (await app.as(u).member.me()).profile.id;
/** Whether `viewer` may open `target`'s page. */
const sees = async (viewer: TestUser, target: TestUser) =>
  app
    .as(viewer)
    .network.member({ memberId: await idOf(target) })
    .then(
      () => true,
      async (e: unknown) => {
        expect(await refusal(Promise.reject(e))).toBe("errors.member.notFound");
        return false;
      },
    );
const names = (page: { firstName: string }[]) => page.map((m) => m.firstName).sort();

/** A member with an inviter of their own (so an invite link they open later ties them to no one). */
async function loner(name: string): Promise<TestUser> {
  const u = user(name);
  await app.tie(user(`${name}'s inviter`), u);
  return u;
}

/** `giver` opens `receiver`'s own invite link (no referral tie: the giver has an inviter). */
async function reach(giver: TestUser, receiver: TestUser) {
  const { code } = await app.as(receiver).network.createInvite({});
  await app.as(giver).network.openInvite({ code });
}

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe("help that arrives never makes a count go down", () => {
  it("keeps a giver whose gift was confirmed in the circle, the giving line, the lists and the picture until the month ends", async () => {
    app.setNow(new Date("2026-11-21T12:00:00Z"));
    const [anna, boris, olena] = [await loner("Anna"), await loner("Boris"), await loner("Olena")];
    await app.as(anna).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const collectionId = (await app.as(anna).books.dashboard()).collections[0]?.id as number;
    for (const giver of [boris, olena]) await reach(giver, anna);
    const fromBoris = await app.as(boris).pledge.create({ collectionId, amount: 40_00 });
    const fromOlena = await app.as(olena).pledge.create({ collectionId, amount: 30_00 });
    await app.as(olena).pledge.act({ pledgeId: fromOlena.id, action: "commit" });
    const [annaId, borisId] = [await idOf(anna), await idOf(boris)];
    // Boris and Olena are tied only through Anna: each sees the other.
    expect(await sees(boris, olena)).toBe(true);

    await app.as(boris).pledge.act({ pledgeId: fromBoris.id, action: "fulfil" });
    await app.as(anna).pledge.act({ pledgeId: fromBoris.id, action: "confirm" });

    const [collection] = (await app.as(anna).books.dashboard()).collections;
    expect(collection).toMatchObject({ helpers: 2, obligations: 30_00, confirmed: 40_00 });
    expect((await app.as(olena).network.circle({ memberId: annaId })).helpers).toMatchObject([
      { name: "Boris", amount: 40_00, state: "confirmed" },
      { name: "Olena", amount: 30_00, state: "obligation" },
    ]);
    expect((await app.as(boris).books.dashboard()).giving).toEqual({
      receivers: 1,
      intentions: 0,
      obligations: 0,
      confirmed: 40_00,
    });
    expect(await sees(boris, olena)).toBe(true);
    expect(await sees(olena, boris)).toBe(true);
    expect(names(await app.as(anna).network.list({ list: "helpers" }))).toEqual(["Boris", "Olena"]);
    expect(names(await app.as(boris).network.list({ list: "helped" }))).toEqual(["Anna"]);
    // Anna is in Boris's circle-of-helped: she is not listed as someone he has yet to help.
    expect(names(await app.as(boris).network.list({ list: "needHelp" }))).toEqual([]);
    const picture = await app.as(boris).network.graph();
    expect(picture.edges).toContainEqual({
      kind: "help",
      from: borisId,
      to: annaId,
      state: "confirmed",
    });
    // On another's page, Olena's list of Anna's helpers still names Boris.
    expect(names(await app.as(olena).network.list({ list: "helpers", memberId: annaId }))).toEqual([
      "Boris",
      "Olena",
    ]);

    // Anna closes her collection (nothing renews Boris's gift), and December comes: the tie that
    // only a November confirmation held is gone; Olena's obligation, now ⌛, still ties her.
    await app.as(anna).member.changeStatus({ action: "closeMonthly" });
    app.setNow(new Date("2026-12-01T00:00:10Z"));
    await rollover(app.db.prisma, "2026-12", app.now());
    expect(await sees(boris, olena)).toBe(false);
    expect(await sees(olena, anna)).toBe(true);
    expect((await app.as(boris).books.dashboard()).giving.receivers).toBe(0);
    // Anna collects nothing any more: no circle. As giver, Olena's ⌛ obligation still ties her.
    expect(await app.as(anna).network.list({ list: "helpers" })).toEqual([]);
    expect(names(await app.as(olena).network.list({ list: "helped" }))).toEqual(["Anna"]);
    const tie = await app.db.prisma.helpTie.findUnique({
      where: { giverId_receiverId: { giverId: borisId, receiverId: annaId } },
    });
    expect(tie, "the rollover deletes a pair that ties no one").toBeNull();
  });

  it("keeps the tie of an overdue gift confirmed late for the rest of that month, without counting its amount in it", async () => {
    app.setNow(new Date("2027-03-20T12:00:00Z"));
    const [anna, olena] = [await loner("Anna"), await loner("Olena")];
    const cat = user("Cat");
    await app.tie(anna, cat);
    await app.as(anna).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const collectionId = (await app.as(anna).books.dashboard()).collections[0]?.id as number;
    await reach(olena, anna);
    const pledge = await app.as(olena).pledge.create({ collectionId, amount: 25_00 });
    await app.as(olena).pledge.act({ pledgeId: pledge.id, action: "commit" });

    app.setNow(new Date("2027-04-01T00:00:10Z"));
    await rollover(app.db.prisma, "2027-04", app.now());
    expect((await app.as(olena).books.pledges({ list: "overdue" })).map((p) => p.id)).toEqual([
      pledge.id,
    ]);
    // ⌛ still ties Olena to Anna, and so to Anna's friend Cat.
    expect(await sees(olena, cat)).toBe(true);

    app.setNow(new Date("2027-04-10T12:00:00Z"));
    await app.as(olena).pledge.act({ pledgeId: pledge.id, action: "fulfil" });
    await app.as(anna).pledge.act({ pledgeId: pledge.id, action: "confirm" });
    expect(await sees(olena, cat)).toBe(true);
    expect((await app.as(olena).books.dashboard()).giving).toEqual({
      receivers: 1,
      intentions: 0,
      obligations: 0,
      confirmed: 0,
    });
    // The amount belongs to March's archive: April's figures do not count it.
    expect((await app.as(anna).books.dashboard()).collections[0]).toMatchObject({
      intentions: 0,
      obligations: 0,
      confirmed: 0,
      missing: 100_00,
      helpers: 0,
    });
    expect(
      (await app.as(anna).books.pledges({ list: "confirmedArchive" })).map((p) => p.id),
    ).toEqual([pledge.id]);

    app.setNow(new Date("2027-04-30T23:59:00Z"));
    expect(await sees(olena, cat)).toBe(true);
    // Past the end of April the late confirmation ties no one, before and after the rollover.
    app.setNow(new Date("2027-05-01T00:00:10Z"));
    expect(await sees(olena, cat)).toBe(false);
    await rollover(app.db.prisma, "2027-05", app.now());
    expect(await sees(olena, cat)).toBe(false);
    expect((await app.as(olena).books.dashboard()).giving.receivers).toBe(0);
  });
});

describe("a member who left ties nobody", () => {
  it("no longer bridges their inviter to their invitees, and their page is gone for everyone", async () => {
    app.setNow(new Date("2027-06-10T12:00:00Z"));
    const [ann, bob, cat, dan, eve] = ["Ann", "Bob", "Cat", "Dan", "Eve"].map(user) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    await app.tie(ann, bob);
    await app.tie(bob, cat);
    // Dan, with an inviter of his own, helps Bob and opened Bob's own link.
    await app.tie(eve, dan);
    await app.as(bob).member.changeStatus({ action: "openMonthly", goal: 50_00 });
    const collectionId = (await app.as(bob).books.dashboard()).collections[0]?.id as number;
    await reach(dan, bob);
    await app.as(dan).pledge.create({ collectionId, amount: 10_00 });
    expect(await sees(ann, cat)).toBe(true);
    expect(await sees(dan, ann)).toBe(true);
    const bobId = await idOf(bob);

    await app.as(bob).member.leave({ confirm: true });

    expect(await sees(ann, cat)).toBe(false);
    expect(await sees(cat, ann)).toBe(false);
    expect(await sees(dan, ann)).toBe(false);
    // Bob's page: not in anyone's network, not even through the link Dan opened.
    for (const viewer of [ann, cat, dan]) {
      expect(await refusal(app.as(viewer).network.member({ memberId: bobId }))).toBe(
        "errors.member.notFound",
      );
    }
    expect(names(await app.as(ann).network.list({ list: "network" }))).toEqual([]);
    expect(names(await app.as(dan).network.list({ list: "helped" }))).toEqual([]);
    const picture = await app.as(ann).network.graph();
    expect(picture.nodes).toEqual([]);
    expect(picture.edges).toEqual([]);
  });
});
