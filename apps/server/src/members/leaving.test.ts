import { liveStates, nextPeriod, periodOf } from "@exodus/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollover } from "../cycle/rollover.ts";
import { appRouter } from "../root.ts";
import { createTestApp, expectMovesOfTheTable, refusal, type TestUser } from "../testing.ts";
import { createCallerFactory, createContext } from "../trpc.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;
const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

/** A tab of the Mini App: one initData, signed once, sent with every request it makes. */
function tab(raw: string) {
  return createCallerFactory(appRouter)(createContext(app.deps, `tma ${raw}`));
}
const idOf = async (u: TestUser) => (await app.as(u).member.me()).profile.id;
const memberOf = (u: TestUser) =>
  app.db.prisma.member.findUnique({ where: { telegramId: BigInt(u.id) } });
const pledge = (id: number) => app.db.prisma.pledge.findUniqueOrThrow({ where: { id } });
const lastEvent = (pledgeId: number) =>
  app.db.prisma.pledgeEvent.findFirstOrThrow({ where: { pledgeId }, orderBy: { id: "desc" } });

async function collectionOf(u: TestUser, kind: "monthly" | "emergency") {
  const { collections } = await app.as(u).books.dashboard();
  return collections.find((c) => c.kind === kind)?.id as number;
}

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe("a leaver's pledges", () => {
  it("end, go to ⌛ or stay as DOMAIN.md says, each move with its audit row", async () => {
    const [lea, ann, bob, eve, cat, dan, fay, gus] = await app.members(
      ...["Lea", "Ann", "Bob", "Eve", "Cat", "Dan", "Fay", "Gus"],
    );
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    await app.as(bob).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    await app.as(eve).member.changeStatus({ action: "openEmergency", goal: 100_00, days: 10 });
    await app.as(lea).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const [annC, bobC, eveC, leaC] = [
      await collectionOf(ann, "monthly"),
      await collectionOf(bob, "monthly"),
      await collectionOf(eve, "emergency"),
      await collectionOf(lea, "monthly"),
    ];
    // Lea gives: an intention, an obligation, a gift not yet confirmed.
    const leaIntends = await app.as(lea).pledge.create({ collectionId: annC, amount: 1_00 });
    const leaOwes = await app.as(lea).pledge.create({ collectionId: bobC, amount: 2_00 });
    await app.as(lea).pledge.act({ pledgeId: leaOwes.id, action: "commit" });
    const leaGave = await app.as(lea).pledge.create({ collectionId: eveC, amount: 3_00 });
    await app.as(lea).pledge.act({ pledgeId: leaGave.id, action: "fulfil" });
    // Lea receives: an intention, an obligation, a gift to confirm, a confirmed gift.
    const toLeaIntended = await app.as(cat).pledge.create({ collectionId: leaC, amount: 4_00 });
    const toLeaOwed = await app.as(dan).pledge.create({ collectionId: leaC, amount: 5_00 });
    await app.as(dan).pledge.act({ pledgeId: toLeaOwed.id, action: "commit" });
    const toLeaGiven = await app.as(fay).pledge.create({ collectionId: leaC, amount: 6_00 });
    await app.as(fay).pledge.act({ pledgeId: toLeaGiven.id, action: "fulfil" });
    const toLeaConfirmed = await app.as(gus).pledge.create({ collectionId: leaC, amount: 7_00 });
    await app.as(gus).pledge.act({ pledgeId: toLeaConfirmed.id, action: "fulfil" });
    await app.as(lea).pledge.act({ pledgeId: toLeaConfirmed.id, action: "confirm" });
    const mark = (await app.db.prisma.pledgeEvent.findFirstOrThrow({ orderBy: { id: "desc" } })).id;

    await app.as(lea).member.leave({ confirm: true });

    expect(await pledge(leaIntends.id)).toMatchObject({ state: "ended", overdue: false });
    expect(await pledge(leaOwes.id)).toMatchObject({ state: "obligation", overdue: true });
    expect(await pledge(leaGave.id)).toMatchObject({ state: "fulfilled", overdue: false });
    for (const p of [toLeaIntended, toLeaOwed, toLeaGiven]) {
      expect((await pledge(p.id)).state).toBe("ended");
    }
    expect((await pledge(toLeaConfirmed.id)).state).toBe("confirmed");

    const events = await app.db.prisma.pledgeEvent.findMany({
      where: { id: { gt: mark } },
      orderBy: { id: "asc" },
    });
    expectMovesOfTheTable(events);
    expect(events.map((e) => [e.pledgeId, e.action, e.fromState, e.toState, e.actorId])).toEqual(
      expect.arrayContaining([
        [leaIntends.id, "leave", "intention", "ended", null],
        [leaOwes.id, "overdue", "obligation", "obligation", null],
        [toLeaIntended.id, "leave", "intention", "ended", null],
        [toLeaOwed.id, "leave", "obligation", "ended", null],
        [toLeaGiven.id, "leave", "fulfilled", "ended", null],
      ]),
    );
    expect(events).toHaveLength(5);

    // Bob sees the debt in his ⌛ archive and may release it; Eve may still confirm Lea's gift.
    const bobsOverdue = await app.as(bob).books.pledges({ list: "overdue", limit: 10 });
    expect(bobsOverdue.map((p) => [p.id, p.state])).toContainEqual([leaOwes.id, "obligation"]);
    // Nobody is there to ask: Bob is offered no ask, and one sent anyway is refused, clearly.
    const owed = await app.as(bob).pledge.get({ pledgeId: leaOwes.id });
    expect(owed.nudges).toEqual([]);
    expect(owed.actions).toContain("release");
    expect(
      await refusal(app.as(bob).pledge.nudge({ pledgeId: leaOwes.id, kind: "askFulfil" })),
    ).toBe("errors.pledge.otherLeft");
    // Ann's page of Lea's intention says it ended because Lea left.
    const intended = await app.as(ann).pledge.get({ pledgeId: leaIntends.id });
    expect(intended.history.at(-1)?.action).toBe("leave");
    await app.as(bob).pledge.act({ pledgeId: leaOwes.id, action: "release" });
    expect((await pledge(leaOwes.id)).state).toBe("released");
    await app.as(eve).pledge.act({ pledgeId: leaGave.id, action: "confirm" });
    expect((await lastEvent(leaGave.id)).action).toBe("confirm");

    // Out of the trust graph for good: those moves of Lea's pledges wrote no help tie of hers.
    const leaId = leaOwes.giverId;
    expect(
      await app.db.prisma.helpTie.count({
        where: { OR: [{ giverId: leaId }, { receiverId: leaId }] },
      }),
    ).toBe(0);
  });
});

describe("a leaver's gift said not received", () => {
  it("goes to ⌛ for the receiver to release, not back to a live obligation", async () => {
    const [lea, ann] = await app.members("Lea", "Ann");
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const annC = await collectionOf(ann, "monthly");
    const gift = await app.as(lea).pledge.create({ collectionId: annC, amount: 8_00 });
    await app.as(lea).pledge.act({ pledgeId: gift.id, action: "fulfil" });
    await app.as(lea).member.leave({ confirm: true });

    await app.as(ann).pledge.act({ pledgeId: gift.id, action: "notReceived" });

    expect(await pledge(gift.id)).toMatchObject({ state: "obligation", overdue: true });
    expect(await app.as(ann).books.collection({ collectionId: annC })).toMatchObject({
      obligations: 0,
    });
    const annsOverdue = await app.as(ann).books.pledges({ list: "overdue", limit: 10 });
    expect(annsOverdue.map((p) => [p.id, p.state])).toContainEqual([gift.id, "obligation"]);
    await app.as(ann).pledge.act({ pledgeId: gift.id, action: "release" });
    expect((await pledge(gift.id)).state).toBe("released");
  });
});

describe("a leaver's words and payment details", () => {
  it("go with them: stories, updates and the messages that carry them", async () => {
    const [lea, ann, bob] = await app.members("Lea", "Ann", "Bob");
    await app.as(lea).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const leaC = await collectionOf(lea, "monthly");
    await app.as(lea).member.setPaymentDetails({
      details: [{ label: "Bank", value: "LEA-IBAN-4242", isDefault: true }],
    });
    await app.as(lea).collection.setStory({ collectionId: leaC, story: "Lea's rent story" });
    await app.as(ann).pledge.create({ collectionId: leaC, amount: 1_00 });
    const bobOwes = await app.as(bob).pledge.create({ collectionId: leaC, amount: 2_00 });
    await app.as(bob).pledge.act({ pledgeId: bobOwes.id, action: "commit" });
    await app.as(lea).collection.postUpdate({ collectionId: leaC, text: "Lea's private news" });
    await app.as(lea).pledge.nudge({ pledgeId: bobOwes.id, kind: "askFulfil" });
    const carrying = () =>
      app.db.prisma.outbox.findMany({
        where: { kind: { in: ["collection.update", "nudge.askFulfil"] } },
      });
    const words = (rows: { payload: unknown }[]) => JSON.stringify(rows.map((r) => r.payload));
    expect(words(await carrying())).toContain("Lea's private news");
    expect(words(await carrying())).toContain("LEA-IBAN-4242");
    // Ann's copy of the update went out already: Telegram has it, we keep no copy of the words.
    const annId = await idOf(ann);
    await app.db.prisma.outbox.updateMany({
      where: { recipientId: annId, kind: "collection.update" },
      data: { sentAt: app.now() },
    });

    await app.as(lea).member.leave({ confirm: true });

    const after = await carrying();
    expect(words(after)).not.toContain("Lea's private news");
    expect(words(after)).not.toContain("LEA-IBAN-4242");
    expect(after.map((r) => [r.kind, r.recipientId])).toEqual([["collection.update", annId]]);
    expect(await app.db.prisma.collection.findUniqueOrThrow({ where: { id: leaC } })).toMatchObject(
      { story: "" },
    );
    expect(await app.db.prisma.collectionUpdate.count({ where: { collectionId: leaC } })).toBe(0);
    expect(await refusal(app.as(ann).collection.story({ collectionId: leaC }))).toBe(
      "errors.collection.notFound",
    );
  });
});

describe("leaving while a request of theirs is under way", () => {
  it("leaves no live pledge by the leaver, whichever commits first", async () => {
    for (let round = 0; round < 6; round++) {
      const [lea, ann] = await app.members("Lea", "Ann");
      await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
      const annC = await collectionOf(ann, "monthly");
      const leaId = await idOf(lea);
      const sameTab = tab(app.initData(lea));
      const [left, pledged] = await Promise.allSettled([
        sameTab.member.leave({ confirm: true }),
        sameTab.pledge.create({ collectionId: annC, amount: 5_00 }),
      ]);
      expect(left.status).toBe("fulfilled");
      if (pledged.status === "rejected") {
        expect((pledged.reason as Error).message).toBe("errors.auth.left");
      }
      const live = await app.db.prisma.pledge.count({
        where: { giverId: leaId, state: { in: [...liveStates] }, overdue: false },
      });
      expect(live).toBe(0);
      expect(await app.as(ann).books.collection({ collectionId: annC })).toMatchObject({
        intentions: 0,
      });
    }
  });
});

describe("leaving twice", () => {
  it("with the same initData changes nothing the second time and registers no one", async () => {
    const [lea] = await app.members("Lea");
    const leaId = await idOf(lea);
    const sameTab = tab(app.initData(lea));
    await sameTab.member.leave({ confirm: true });
    const left = await app.db.prisma.member.findUniqueOrThrow({ where: { id: leaId } });
    const members = await app.db.prisma.member.count();

    expect(await refusal(sameTab.member.leave({ confirm: true }))).toBe("errors.auth.left");
    app.setNow(new Date(app.now().getTime() + 10 * MINUTE_MS));
    expect(await refusal(sameTab.member.leave({ confirm: true }))).toBe("errors.auth.left");
    expect(await refusal(sameTab.member.me())).toBe("errors.auth.left");

    expect(await app.db.prisma.member.count()).toBe(members);
    expect(await memberOf(lea)).toBeNull();
    expect(await app.db.prisma.member.findUniqueOrThrow({ where: { id: leaId } })).toEqual(left);
  });

  it("at once, from two taps, leaves once", async () => {
    const [lea] = await app.members("Lea");
    const members = await app.db.prisma.member.count();
    const sameTab = tab(app.initData(lea));
    const results = await Promise.allSettled([
      sameTab.member.leave({ confirm: true }),
      sameTab.member.leave({ confirm: true }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as Error).message).toBe("errors.auth.left");
    expect(await app.db.prisma.member.count()).toBe(members);
    expect(await memberOf(lea)).toBeNull();
  });
});

describe("coming back", () => {
  it("refuses initData signed before leaving; a fresh sign-in registers a new member", async () => {
    const [lea] = await app.members("Lea");
    const leaId = await idOf(lea);
    const signedBefore = app.initData(lea);
    app.setNow(new Date(app.now().getTime() + MINUTE_MS));
    await app.as(lea).member.leave({ confirm: true });
    const members = await app.db.prisma.member.count();

    // Still fresh enough for Telegram's age limit, but signed before (or as) she left.
    expect(await refusal(tab(signedBefore).member.me())).toBe("errors.auth.left");
    expect(await refusal(app.as(lea).member.me())).toBe("errors.auth.left");
    expect(await app.db.prisma.member.count()).toBe(members);
    // What is kept says nothing of who left.
    const kept = await app.db.prisma.leaver.findMany();
    expect(kept.length).toBeGreaterThan(0);
    for (const row of kept) expect(row.telegramIdHash).not.toContain(String(lea.id));

    app.setNow(new Date(app.now().getTime() + MINUTE_MS));
    const back = await app.as(lea).member.me();
    expect(back.profile.id).not.toBe(leaId);
    expect(back.profile).toMatchObject({ name: "Lea", status: "green", about: "" });
    expect(await app.db.prisma.member.count()).toBe(members + 1);
  });
});

describe("the time of leaving", () => {
  it("is when the initData that asked was signed, whatever the server's clock says", async () => {
    const [lea] = await app.members("Lea");
    const leaId = await idOf(lea);
    const signedAt = app.now();
    // The development clock moved half a day ahead of Telegram's.
    app.setNow(new Date(signedAt.getTime() + 12 * HOUR_MS));
    await tab(app.initData(lea, signedAt)).member.leave({ confirm: true });

    expect(await refusal(tab(app.initData(lea, signedAt)).member.me())).toBe("errors.auth.left");
    // Signed a minute after she left by Telegram's clock: a fresh sign-in, a new member.
    const fresh = app.initData(lea, new Date(signedAt.getTime() + MINUTE_MS));
    const back = await tab(fresh).member.me();
    expect(back.profile.id).not.toBe(leaId);
  });
});

describe("invite codes by or to a leaver", () => {
  it("no longer work, for newcomers and members alike, and tie no one", async () => {
    const [lea, ann, pat] = await app.members("Lea", "Ann", "Pat");
    const leaId = await idOf(lea);
    const annId = await idOf(ann);
    await app.as(lea).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const byLea = (await app.as(lea).network.createInvite({})).code;
    const byLeaToAnn = (await app.as(lea).network.createInvite({ targetId: annId })).code;
    const byAnnToLea = (await app.as(ann).network.createInvite({ targetId: leaId })).code;
    const byAnn = (await app.as(ann).network.createInvite({})).code;
    // Before she leaves, her link works and ties a newcomer to her.
    const early: TestUser = { id: 700_001, first_name: "Early", language_code: "en" };
    await app.as(early).network.openInvite({ code: byLea });
    expect((await memberOf(early))?.invitedById).toBe(leaId);

    await app.as(lea).member.leave({ confirm: true });

    const newcomer: TestUser = { id: 700_002, first_name: "Nia", language_code: "uk" };
    const stranger: TestUser = { id: 700_003, first_name: "Sol", language_code: "ru" };
    await app.as(stranger).member.me();
    for (const someone of [newcomer, stranger, pat]) {
      for (const code of [byLea, byLeaToAnn, byAnnToLea]) {
        expect(await refusal(app.as(someone).network.openInvite({ code }))).toBe(
          "errors.invite.gone",
        );
      }
    }
    expect((await memberOf(newcomer))?.invitedById).toBeNull();
    expect((await memberOf(stranger))?.invitedById).toBeNull();
    const patRow = await memberOf(pat);
    expect(patRow?.invitedById).not.toBe(leaId);
    expect(
      await app.db.prisma.inviteOpen.count({
        where: { invite: { code: { in: [byLea, byLeaToAnn, byAnnToLea] } } },
      }),
    ).toBe(1);
    // Ann's link to Lea is gone from her list; her link to herself still works.
    expect((await app.as(ann).network.invites({})).map((i) => i.code)).toEqual([byAnn]);
    expect(await refusal(app.as(ann).network.createInvite({ targetId: leaId }))).toBe(
      "errors.member.notFound",
    );

    // Whoever came in through Lea has no tie left from her, and the next link ties them anew.
    await app.as(early).network.openInvite({ code: byAnn });
    expect((await memberOf(early))?.invitedById).toBe(annId);
  });
});

describe("the rollover after someone left", () => {
  it("renews nothing of theirs", async () => {
    const [lea, ann] = await app.members("Lea", "Ann");
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const annC = await collectionOf(ann, "monthly");
    const gift = await app.as(lea).pledge.create({ collectionId: annC, amount: 9_00 });
    await app.as(lea).pledge.act({ pledgeId: gift.id, action: "fulfil" });
    await app.as(ann).pledge.act({ pledgeId: gift.id, action: "confirm" });
    await app.as(lea).member.leave({ confirm: true });

    const tz = app.deps.config.networkTimeZone;
    const next = nextPeriod(periodOf(app.now(), tz));
    app.setNow(new Date(`${next}-01T12:00:00Z`));
    await rollover(app.db.prisma, next, app.now());

    expect(await app.db.prisma.pledge.count({ where: { renewedFromId: gift.id } })).toBe(0);
    expect(await app.as(ann).books.collection({ collectionId: annC })).toMatchObject({
      intentions: 0,
    });
  });
});
