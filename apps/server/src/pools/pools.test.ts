import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, inputRefusal, refusal, type TestUser } from "../testing.ts";
import { runPoolDeadlines } from "./life.ts";

/**
 * Pools of mutual intentions 🛟 through the API (DOMAIN.md "Pools of mutual intentions"): found,
 * invite from one's network, join with a cap, file a claim, back it, the shares pro rata to caps
 * left, commit or decline (declining leaves the pool and re-shares), silence standing, settling as
 * covered or partly covered (🙏), the scheduler's deadlines exactly once, and who sees what.
 */

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;
const DAY_MS = 24 * 60 * 60 * 1000;
const START = new Date("2027-03-10T12:00:00Z");

let nextOutsider = 720_001;
const outsider = (): TestUser => ({ id: nextOutsider++, first_name: "Eve", language_code: "en" });

beforeAll(async () => {
  app = await createTestApp();
  app.setNow(START);
});
afterAll(() => app.close());

async function memberId(u: TestUser) {
  const m = await app.db.prisma.member.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } });
  return m.id;
}

async function memberIds<const T extends readonly TestUser[]>(
  ...users: T
): Promise<{ [K in keyof T]: number }> {
  return (await Promise.all(users.map(memberId))) as { [K in keyof T]: number };
}

/** Recipients (sorted ids) of the messages of `kind` about claim or pool `about`. */
async function told(kind: string, about: { collectionId?: number; poolId?: number }) {
  const [key, value] = Object.entries(about)[0] as [string, number];
  const rows = await app.db.prisma.outbox.findMany({
    where: { kind, payload: { path: [key], equals: value } },
    select: { recipientId: true },
  });
  return rows.map((r) => r.recipientId).sort((a, b) => a - b);
}

/** A pool founded by `founder` (cap `caps[0]`) that `others` joined with their caps, in order. */
async function poolOf(
  founder: TestUser,
  others: TestUser[],
  caps: number[],
  rules: { backersNeeded?: number; largestClaim?: number; name?: string } = {},
) {
  const pool = await app.as(founder).pool.create({
    name: rules.name ?? `Roof fund ${founder.id}`,
    rules: "A roof that leaks, a boiler that dies: repairs of the home one lives in.",
    backersNeeded: rules.backersNeeded ?? 2,
    answerDays: 3,
    largestClaim: rules.largestClaim ?? 500_00,
    cap: caps[0] as number,
  });
  for (const [i, u] of others.entries()) {
    await app.as(founder).pool.invite({ poolId: pool.id, memberId: await memberId(u) });
    await app.as(u).pool.join({ poolId: pool.id, cap: caps[i + 1] as number });
  }
  return pool.id;
}

const shareOf = (
  claim: { shares: { memberId: number; amount: number; answer: string; round: number }[] },
  member: number,
) =>
  claim.shares
    .filter((s) => s.memberId === member)
    .map((s) => ({ amount: s.amount, answer: s.answer, round: s.round }));

describe("a claim's whole life", () => {
  it("is backed by two, shared pro rata to caps left, re-shared after a decline, and covered", async () => {
    app.setNow(START);
    const [ann, ben, cat, dan] = await app.members("Ann", "Ben", "Cat", "Dan");
    const [annId, benId, catId, danId] = await memberIds(ann, ben, cat, dan);
    const poolId = await poolOf(ann, [ben, cat, dan], [100_00, 100_00, 50_00, 50_00]);
    const pool = await app.as(ben).pool.get({ poolId });
    expect(pool.joined && pool.members.map((m) => [m.name, m.cap, m.capLeft])).toEqual([
      ["Ann", 100_00, 100_00],
      ["Ben", 100_00, 100_00],
      ["Cat", 50_00, 50_00],
      ["Dan", 50_00, 50_00],
    ]);

    const filed = await app.as(ann).pool.fileClaim({
      poolId,
      amount: 120_00,
      story: "The storm took half the roof tiles.",
    });
    expect(filed).toMatchObject({ status: "filed", amount: 120_00, shares: [], uncovered: 0 });
    // Everyone else is asked to back it; the same claim tapped twice is one.
    expect(await told("claim.toBack", { collectionId: filed.id })).toEqual(
      [benId, catId, danId].sort((a, b) => a - b),
    );
    const again = await app.as(ann).pool.fileClaim({
      poolId,
      amount: 120_00,
      story: "The storm took half the roof tiles.",
    });
    expect(again.id).toBe(filed.id);

    // One backer of the two needed: still filed; backing twice is once.
    await app.as(ben).pool.back({ collectionId: filed.id });
    const once = await app.as(ben).pool.back({ collectionId: filed.id });
    expect(once).toMatchObject({ status: "filed", backedByMe: true });
    expect(once.backers.map((b) => b.name)).toEqual(["Ben"]);

    // The second backing shares it: 120 pro rata to caps left 100 : 50 : 50 → 60, 30, 30.
    const shared = await app.as(cat).pool.back({ collectionId: filed.id });
    expect(shared.status).toBe("shared");
    expect(shareOf(shared, benId)).toEqual([{ amount: 60_00, answer: "offered", round: 0 }]);
    expect(shareOf(shared, catId)).toEqual([{ amount: 30_00, answer: "offered", round: 0 }]);
    expect(shareOf(shared, danId)).toEqual([{ amount: 30_00, answer: "offered", round: 0 }]);
    expect(shareOf(shared, annId)).toEqual([]);
    expect(await told("claim.share", { collectionId: filed.id })).toEqual(
      [benId, catId, danId].sort((a, b) => a - b),
    );
    // Each share is an obligation to Ann, on her books as any other.
    const benShare = shared.shares.find((s) => s.memberId === benId)?.pledgeId as number;
    expect(await app.as(ben).pledge.get({ pledgeId: benShare })).toMatchObject({
      state: "obligation",
      amount: 60_00,
    });

    // Dan declines: he leaves the pool and his 30 goes to Ben and Cat up to their caps left
    // (40 and 20 now): 20 and 10.
    await app.as(dan).pool.answerShare({ pledgeId: shareId(shared, danId), answer: "decline" });
    const reshared = await app.as(ann).pool.claim({ collectionId: filed.id });
    expect(shareOf(reshared, danId)).toEqual([{ amount: 30_00, answer: "declined", round: 0 }]);
    expect(shareOf(reshared, benId)).toEqual([
      { amount: 60_00, answer: "offered", round: 0 },
      { amount: 20_00, answer: "offered", round: 1 },
    ]);
    expect(shareOf(reshared, catId)).toEqual([
      { amount: 30_00, answer: "offered", round: 0 },
      { amount: 10_00, answer: "offered", round: 1 },
    ]);
    expect(await refusal(app.as(dan).pool.get({ poolId }))).toBe("errors.pool.notFound");
    expect(await app.as(dan).pledge.get({ pledgeId: shareId(shared, danId) })).toMatchObject({
      state: "withdrawn",
    });

    // Ben commits both; Cat commits one and stays silent on the other, which stands at its
    // deadline; then every share is answered and the claim is covered.
    for (const s of reshared.shares.filter((x) => x.memberId === benId)) {
      await app.as(ben).pool.answerShare({ pledgeId: s.pledgeId, answer: "commit" });
    }
    const catFirst = reshared.shares.find((s) => s.memberId === catId && s.round === 0);
    await app
      .as(cat)
      .pool.answerShare({ pledgeId: catFirst?.pledgeId as number, answer: "commit" });
    expect((await app.as(ann).pool.claim({ collectionId: filed.id })).status).toBe("shared");
    app.setNow(new Date(START.getTime() + 3 * DAY_MS + 1000));
    await runPoolDeadlines(app.db.prisma, app.now());
    const covered = await app.as(ann).pool.claim({ collectionId: filed.id });
    expect(covered).toMatchObject({ status: "covered", committed: 120_00, uncovered: 0 });
    expect(await told("claim.settled", { collectionId: filed.id })).toEqual([annId]);
    // Caps left this month are lower by what each carries.
    const after = await app.as(cat).pool.get({ poolId });
    expect(after.joined && after.members.map((m) => [m.name, m.capLeft])).toEqual([
      ["Ann", 100_00],
      ["Ben", 20_00],
      ["Cat", 10_00],
    ]);
  });

  it("is partly covered when the caps left cannot carry a declined share: the rest is 🙏", async () => {
    app.setNow(START);
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    const [annId, benId, catId] = await memberIds(ann, ben, cat);
    const poolId = await poolOf(ann, [ben, cat], [10_00, 30_00, 30_00], { backersNeeded: 1 });
    const filed = await app.as(ann).pool.fileClaim({ poolId, amount: 60_00, story: "Boiler." });
    const shared = await app.as(ben).pool.back({ collectionId: filed.id });
    expect(shareOf(shared, benId)).toEqual([{ amount: 30_00, answer: "offered", round: 0 }]);
    expect(shareOf(shared, catId)).toEqual([{ amount: 30_00, answer: "offered", round: 0 }]);

    await app.as(cat).pool.answerShare({ pledgeId: shareId(shared, catId), answer: "decline" });
    // Ben's cap left is 0: nothing more can be offered, and 30 stays uncovered.
    const mid = await app.as(ann).pool.claim({ collectionId: filed.id });
    expect(mid).toMatchObject({ status: "shared", offered: 30_00, uncovered: 30_00 });
    await app.as(ben).pool.answerShare({ pledgeId: shareId(shared, benId), answer: "commit" });
    const done = await app.as(ann).pool.claim({ collectionId: filed.id });
    expect(done).toMatchObject({ status: "partlyCovered", committed: 30_00, uncovered: 30_00 });
    const message = await app.db.prisma.outbox.findFirstOrThrow({
      where: { kind: "claim.settled", recipientId: annId },
      orderBy: { id: "desc" },
    });
    expect(message.payload).toMatchObject({ amount: 30_00, uncovered: 30_00 });
  });
});

const shareId = (claim: { shares: { memberId: number; pledgeId: number }[] }, member: number) =>
  claim.shares.find((s) => s.memberId === member)?.pledgeId as number;

describe("bad input is refused and nothing is stored", () => {
  it("refuses a claim above the largest claim or the caps left, a cap of 0, backing one's own claim and inviting an outsider", async () => {
    app.setNow(START);
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    const poolId = await poolOf(ann, [ben, cat], [50_00, 40_00, 30_00], { largestClaim: 100_00 });
    const claims = () => app.db.prisma.claim.count({ where: { poolId } });

    expect(
      await refusal(app.as(ann).pool.fileClaim({ poolId, amount: 100_01, story: "Too much." })),
    ).toBe("errors.claim.overLargest");
    // Ben and Cat can carry 70 this month.
    expect(
      await refusal(app.as(ann).pool.fileClaim({ poolId, amount: 70_01, story: "Too much." })),
    ).toBe("errors.claim.overCaps");
    expect(await claims()).toBe(0);

    expect(await inputRefusal(app.as(ben).pool.setCap({ poolId, cap: 0 }))).toEqual([
      "errors.amount.notPositive",
    ]);
    expect(
      await inputRefusal(
        app.as(ann).pool.create({
          name: "Two weeks",
          rules: "Anything.",
          answerDays: 15,
          largestClaim: 10_00,
          cap: 10_00,
        }),
      ),
    ).toEqual(["errors.pool.answerDays"]);

    const filed = await app.as(ann).pool.fileClaim({ poolId, amount: 70_00, story: "Roof." });
    expect(await refusal(app.as(ann).pool.back({ collectionId: filed.id }))).toBe(
      "errors.claim.ownClaim",
    );
    expect(await app.db.prisma.claimBacker.count({ where: { claimId: filed.id } })).toBe(0);
    // One claim in progress per member and pool.
    expect(
      await refusal(app.as(ann).pool.fileClaim({ poolId, amount: 10_00, story: "Another." })),
    ).toBe("errors.claim.oneOpen");

    const eve = outsider();
    await app.as(eve).member.me();
    expect(await refusal(app.as(ben).pool.invite({ poolId, memberId: await memberId(eve) }))).toBe(
      "errors.pool.notInNetwork",
    );
    expect(await app.db.prisma.poolInvitation.count({ where: { poolId } })).toBe(0);
    // Nobody outside the pool sees it, claims included; without an invitation nobody joins.
    expect(await refusal(app.as(eve).pool.get({ poolId }))).toBe("errors.pool.notFound");
    expect(await refusal(app.as(eve).pool.claim({ collectionId: filed.id }))).toBe(
      "errors.claim.notFound",
    );
    expect(await refusal(app.as(eve).pool.join({ poolId, cap: 10_00 }))).toBe(
      "errors.pool.notFound",
    );
  });

  it("answers a share once: the same answer twice is one, another answer after it is refused", async () => {
    app.setNow(START);
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    const benId = await memberId(ben);
    const poolId = await poolOf(ann, [ben, cat], [10_00, 40_00, 40_00], { backersNeeded: 1 });
    const filed = await app.as(ann).pool.fileClaim({ poolId, amount: 40_00, story: "Fridge." });
    const shared = await app.as(cat).pool.back({ collectionId: filed.id });
    const mine = shareId(shared, benId);
    await Promise.all([
      app.as(ben).pool.answerShare({ pledgeId: mine, answer: "commit" }),
      app.as(ben).pool.answerShare({ pledgeId: mine, answer: "commit" }),
    ]);
    expect(
      await app.db.prisma.pledgeEvent.count({ where: { pledgeId: mine, action: "commitShare" } }),
    ).toBe(1);
    expect(await refusal(app.as(ben).pool.answerShare({ pledgeId: mine, answer: "decline" }))).toBe(
      "errors.share.answered",
    );
    // Someone else's share is not theirs to answer.
    expect(
      await refusal(
        app.as(ann).pool.answerShare({ pledgeId: shareId(shared, benId), answer: "decline" }),
      ),
    ).toBe("errors.pledge.notFound");
  });
});

describe("who sees a pool", () => {
  it("shows an invitee what the pool is, and its members nothing of each other outside it", async () => {
    app.setNow(START);
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    const catId = await memberId(cat);
    const poolId = await poolOf(ann, [ben], [20_00, 20_00], { backersNeeded: 1 });
    await app.as(ben).pool.invite({ poolId, memberId: catId });
    expect(await told("pool.invited", { poolId })).toContain(catId);
    const seen = await app.as(cat).pool.get({ poolId });
    expect(seen).toMatchObject({ joined: false, memberCount: 2, backersNeeded: 1 });
    expect("members" in seen).toBe(false);
    expect((await app.as(cat).pool.list()).invitations).toEqual([
      { poolId, name: `Roof fund ${ann.id}`, invitedBy: "Ben" },
    ]);

    // A share is a pledge to the claimant, but it ties nobody: no help tie from Ben to Ann.
    const filed = await app.as(ann).pool.fileClaim({ poolId, amount: 20_00, story: "Glasses." });
    await app.as(ben).pool.back({ collectionId: filed.id });
    const [annId, benId] = await memberIds(ann, ben);
    expect(
      await app.db.prisma.helpTie.count({ where: { giverId: benId, receiverId: annId } }),
    ).toBe(0);
  });
});

describe("a giver's answer meeting the scheduler", () => {
  it("is one or the other: a decline as the share stands lands or is refused as answered, never both", async () => {
    app.setNow(START);
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    const [benId] = await memberIds(ben);
    const poolId = await poolOf(ann, [ben, cat], [10_00, 40_00, 40_00], { backersNeeded: 1 });
    const filed = await app.as(ann).pool.fileClaim({ poolId, amount: 40_00, story: "Roof." });
    const shared = await app.as(cat).pool.back({ collectionId: filed.id });
    app.setNow(new Date(START.getTime() + 3 * DAY_MS + 1000));
    const [answer] = await Promise.allSettled([
      app.as(ben).pool.answerShare({ pledgeId: shareId(shared, benId), answer: "decline" }),
      runPoolDeadlines(app.db.prisma, app.now()),
      runPoolDeadlines(app.db.prisma, app.now()),
    ]);
    await runPoolDeadlines(app.db.prisma, app.now());
    const claim = await app.as(ann).pool.claim({ collectionId: filed.id });
    const ben0 = shareOf(claim, benId)[0];
    if (answer.status === "fulfilled") {
      // The decline came first: Ben left, and his 20 went to Cat as a new share with days to answer.
      expect(ben0?.answer).toBe("declined");
      expect(await refusal(app.as(ben).pool.get({ poolId }))).toBe("errors.pool.notFound");
      expect(claim.status).toBe("shared");
      expect(claim.shares.filter((s) => s.answer === "offered").map((s) => s.round)).toEqual([1]);
    } else {
      // The share stood first: the decline is refused and Ben stays; the claim is covered.
      expect((answer.reason as Error).message).toBe("errors.share.answered");
      expect(ben0?.answer).toBe("committed");
      expect(claim).toMatchObject({ status: "covered", committed: 40_00, uncovered: 0 });
    }
    const events = await app.db.prisma.pledgeEvent.count({
      where: { pledgeId: shareId(shared, benId), action: { in: ["commitShare", "declineShare"] } },
    });
    expect(events).toBe(1);
  });
});

describe("a member who leaves Exodus", () => {
  it("leaves their pools: a share offered to them is re-shared, and nothing waits on them", async () => {
    app.setNow(START);
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    const [benId, catId] = await memberIds(ben, cat);
    const poolId = await poolOf(ann, [ben, cat], [10_00, 40_00, 40_00], { backersNeeded: 1 });
    const filed = await app.as(ann).pool.fileClaim({ poolId, amount: 40_00, story: "Stove." });
    const shared = await app.as(ben).pool.back({ collectionId: filed.id });
    expect(shareOf(shared, catId)).toEqual([{ amount: 20_00, answer: "offered", round: 0 }]);

    await app.as(cat).member.leave({ confirm: true });
    const after = await app.as(ann).pool.claim({ collectionId: filed.id });
    expect(shareOf(after, catId)).toEqual([{ amount: 20_00, answer: "declined", round: 0 }]);
    // Ben's cap left (20 after his first share) carries Cat's 20 in a new round.
    expect(shareOf(after, benId)).toEqual([
      { amount: 20_00, answer: "offered", round: 0 },
      { amount: 20_00, answer: "offered", round: 1 },
    ]);
    const pool = await app.as(ann).pool.get({ poolId });
    expect(pool.joined && pool.members.map((m) => m.name)).toEqual(["Ann", "Ben"]);
  });
});

describe("the scheduler's deadlines", () => {
  it("lets an unbacked claim lapse once, with two servers ticking at once", async () => {
    app.setNow(START);
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    const annId = await memberId(ann);
    const poolId = await poolOf(ann, [ben, cat], [10_00, 40_00, 40_00]);
    const filed = await app.as(ann).pool.fileClaim({ poolId, amount: 40_00, story: "Bike." });
    await app.as(ben).pool.back({ collectionId: filed.id });
    app.setNow(new Date(START.getTime() + 3 * DAY_MS + 1000));
    await Promise.all([
      runPoolDeadlines(app.db.prisma, app.now()),
      runPoolDeadlines(app.db.prisma, app.now()),
    ]);
    expect(await app.as(ann).pool.claim({ collectionId: filed.id })).toMatchObject({
      status: "lapsed",
      shares: [],
    });
    expect(await told("claim.lapsed", { collectionId: filed.id })).toEqual([annId]);
    // Too late to back it now.
    expect(await refusal(app.as(cat).pool.back({ collectionId: filed.id }))).toBe(
      "errors.claim.notAllowed",
    );
  });
});
