import { Prisma } from "@exodus/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadInstance } from "../balance/load.ts";
import { runClearingRound } from "../clearing/rounds.ts";
import { announceToSecondRing } from "../collections/reach.ts";
import { rollover } from "../cycle/rollover.ts";
import { systemMove } from "../pledges/moves.ts";
import { createTestApp, refusal, type TestUser } from "../testing.ts";

/**
 * Initiatives and pool claims are collections of their own kinds (DOMAIN.md): they stand outside
 * the monthly cycle, balancing and clearing, and are no need announced ring by ring. Until their
 * own procedures exist, their rows are written here as those will write them.
 */
type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;
const tz = () => app.deps.config.networkTimeZone;
const PERIOD = new Date("2027-03-01T00:00:00Z");

let ann: TestUser;
let ben: TestUser;
let cat: TestUser;
const id = new Map<TestUser, number>();
let monthly: number;
let initiative: number;
let claim: number;
/** Ben's obligation to Ann's monthly collection; Ben's to her initiative; Cat's share of her claim. */
let monthlyObligation: number;
let initiativeObligation: number;
let initiativeIntention: number;
let share: number;

async function pledge(giver: TestUser, collectionId: number, state: "intention" | "obligation") {
  const p = await app.db.prisma.pledge.create({
    data: {
      giverId: id.get(giver) as number,
      receiverId: id.get(ann) as number,
      collectionId,
      amount: 40_00,
      state,
      period: PERIOD,
    },
  });
  return p.id;
}

beforeAll(async () => {
  app = await createTestApp();
  app.setNow(new Date("2027-03-10T12:00:00Z"));
  [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
  for (const u of [ann, ben, cat]) {
    const m = await app.db.prisma.member.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } });
    id.set(u, m.id);
  }
  await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
  const { collections } = await app.as(ann).books.dashboard();
  monthly = collections.find((c) => c.kind === "monthly")?.id as number;
  const p = await app.as(ben).pledge.create({ collectionId: monthly, amount: 10_00 });
  await app.as(ben).pledge.act({ pledgeId: p.id, action: "commit" });
  monthlyObligation = p.id;

  const annId = id.get(ann) as number;
  const opened = new Date("2027-03-01T12:00:00Z");
  initiative = (
    await app.db.prisma.collection.create({
      data: {
        memberId: annId,
        kind: "initiative",
        goal: 300_00,
        title: "A bench for the yard",
        initiativeStatus: "open",
        deadline: new Date("2027-05-01T00:00:00Z"),
        openedAt: opened,
      },
    })
  ).id;
  initiativeObligation = await pledge(ben, initiative, "obligation");
  initiativeIntention = await pledge(cat, initiative, "intention");

  const pool = await app.db.prisma.pool.create({
    data: { name: "Car trouble", rules: "Breakdowns.", largestClaim: 500_00, foundedById: annId },
  });
  claim = (
    await app.db.prisma.collection.create({
      data: { memberId: annId, kind: "claim", goal: 40_00, openedAt: opened },
    })
  ).id;
  await app.db.prisma.claim.create({
    data: {
      collectionId: claim,
      poolId: pool.id,
      claimantId: annId,
      status: "shared",
      filedAt: opened,
      backBy: new Date("2027-03-04T12:00:00Z"),
    },
  });
  share = await pledge(cat, claim, "obligation");
  await app.db.prisma.poolShare.create({
    data: {
      pledgeId: share,
      claimId: claim,
      poolId: pool.id,
      memberId: id.get(cat) as number,
      capLeft: 50_00,
      answerBy: new Date("2027-03-13T12:00:00Z"),
    },
  });
});
afterAll(() => app.close());

describe("a member's open initiatives and claims", () => {
  it("stand beside their one open monthly collection", async () => {
    const open = await app.db.prisma.collection.findMany({
      where: { memberId: id.get(ann) as number, closedAt: null },
      orderBy: { id: "asc" },
    });
    expect(open.map((c) => c.kind)).toEqual(["monthly", "initiative", "claim"]);
  });

  it("a claim takes no giver's pledge (its shares are Exodus's to offer)", async () => {
    const before = await app.db.prisma.pledge.count();
    expect(await refusal(app.as(ben).pledge.create({ collectionId: claim, amount: 5_00 }))).toBe(
      "errors.pledge.notHere",
    );
    expect(await app.db.prisma.pledge.count()).toBe(before);
  });
});

describe("an initiative's pledges", () => {
  it("are given only once it goes ahead", async () => {
    expect(
      await refusal(app.as(ben).pledge.act({ pledgeId: initiativeObligation, action: "fulfil" })),
    ).toBe("errors.pledge.notAllowed");
    await app.db.prisma.collection.update({
      where: { id: initiative },
      data: { initiativeStatus: "ahead", wentAheadAt: app.now() },
    });
    const given = await app
      .as(ben)
      .pledge.act({ pledgeId: initiativeObligation, action: "fulfil" });
    expect(given.state).toBe("fulfilled");
    await app.as(ann).pledge.act({ pledgeId: initiativeObligation, action: "notReceived" });
    await app.db.prisma.collection.update({
      where: { id: initiative },
      data: { initiativeStatus: "open", wentAheadAt: null },
    });
  });
});

describe("a claim's share", () => {
  it("is given only once taken on", async () => {
    expect(await refusal(app.as(cat).pledge.act({ pledgeId: share, action: "fulfil" }))).toBe(
      "errors.pledge.notAllowed",
    );
    await app.db.prisma.poolShare.update({
      where: { pledgeId: share },
      data: { answer: "committed", answeredAt: app.now() },
    });
    const given = await app.as(cat).pledge.act({ pledgeId: share, action: "fulfil" });
    expect(given.state).toBe("fulfilled");
    await app.as(ann).pledge.act({ pledgeId: share, action: "notReceived" });
  });
});

describe("balancing", () => {
  it("plans for monthly and emergency collections only, and no giver for an initiative alone", async () => {
    const loaded = await loadInstance(app.db.prisma, app.now(), tz());
    expect(loaded.instance.collections.map((c) => c.id)).toEqual([monthly]);
    expect(loaded.instance.givers.map((g) => g.id)).not.toContain(id.get(cat));
  });
});

describe("clearing", () => {
  it("takes no obligation to an initiative or a claim, one by one or all at once", async () => {
    expect(await refusal(app.as(ben).clearing.offer({ pledgeId: initiativeObligation }))).toBe(
      "errors.clearing.notClearable",
    );
    expect(await refusal(app.as(cat).clearing.offer({ pledgeId: share }))).toBe(
      "errors.clearing.notClearable",
    );
    expect(await app.as(ben).clearing.offerAll()).toEqual({ offered: 1 });
    expect(await app.as(cat).clearing.offerAll()).toEqual({ offered: 0 });
    const offered = await app.db.prisma.pledge.findMany({
      where: { clearingOfferedAt: { not: null } },
    });
    expect(offered.map((p) => p.id)).toEqual([monthlyObligation]);
  });

  it("loads no such obligation into a round even if one was offered before", async () => {
    await app.db.prisma.pledge.update({
      where: { id: initiativeObligation },
      data: { clearingOfferedAt: app.now() },
    });
    await runClearingRound(app.db.prisma, new Date("2027-03-25T12:00:00Z"), tz());
    const parts = await app.db.prisma.clearingPart.findMany();
    expect(parts.map((p) => p.pledgeId)).toEqual([monthlyObligation]);
    await app.db.prisma.pledge.update({
      where: { id: initiativeObligation },
      data: { clearingOfferedAt: null },
    });
  });
});

describe("the rings of reach", () => {
  it("announce no initiative or claim to the second ring, however long it waits", async () => {
    expect(await announceToSecondRing(app.db.prisma, app.now(), tz())).toBe(0);
    const rows = await app.db.prisma.collection.findMany({
      where: { id: { in: [initiative, claim] } },
    });
    expect(rows.map((c) => c.secondRingAt)).toEqual([null, null]);
  });
});

describe("the monthly cycle", () => {
  it("lapses no intention to an initiative, and moves no obligation of one or a share to ⌛", async () => {
    app.setNow(new Date("2027-04-01T00:00:00Z"));
    await rollover(app.db.prisma, "2027-04", app.now());
    const rows = await app.db.prisma.pledge.findMany({
      where: { id: { in: [monthlyObligation, initiativeObligation, initiativeIntention, share] } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((p) => [p.id, p.state, p.overdue])).toEqual([
      [monthlyObligation, "obligation", true],
      [initiativeObligation, "obligation", false],
      [initiativeIntention, "intention", false],
      [share, "obligation", false],
    ]);
  });
});

describe("an initiative that did not go ahead", () => {
  it("has its obligations released by Exodus's callOff, which never touches another kind's", async () => {
    const moved = await app.db.prisma.$transaction((tx) =>
      systemMove(tx, "callOff", { where: Prisma.sql`TRUE`, now: app.now() }),
    );
    expect(moved).toBe(1);
    const rows = await app.db.prisma.pledge.findMany({
      where: { id: { in: [monthlyObligation, initiativeObligation, share] } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((p) => p.state)).toEqual(["obligation", "released", "obligation"]);
    const event = await app.db.prisma.pledgeEvent.findFirstOrThrow({
      where: { pledgeId: initiativeObligation },
      orderBy: { id: "desc" },
    });
    expect([event.action, event.fromState, event.toState, event.actorId]).toEqual([
      "callOff",
      "obligation",
      "released",
      null,
    ]);
  });
});
