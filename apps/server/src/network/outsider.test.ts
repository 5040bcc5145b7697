import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../root.ts";
import { createTestApp, type TestUser } from "../testing.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
type Caller = ReturnType<App["as"]>;

/**
 * Every protected procedure, called by someone outside the network of the member it names. A
 * procedure that names no one else (it reads or changes only the caller's own books) says so here;
 * a new procedure fails this suite until it is listed, so none can be added without an outsider test.
 */
describe("an outsider", () => {
  let app: App;
  const ann: TestUser = { id: 400_001, first_name: "Ann" };
  const bob: TestUser = { id: 400_002, first_name: "Bob" };
  const eve: TestUser = { id: 400_003, first_name: "Eve" };
  let annId = 0;
  let collectionId = 0;
  let pledgeId = 0;
  let code = "";
  let planId = 0;
  let initiativeId = 0;
  let poolId = 0;
  let claimId = 0;
  let shareId = 0;

  beforeAll(async () => {
    app = await createTestApp();
    await app.tie(ann, bob);
    annId = (await app.as(ann).member.me()).profile.id;
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    collectionId = (await app.as(ann).books.dashboard()).collections[0]?.id as number;
    pledgeId = (await app.as(bob).pledge.create({ collectionId, amount: 10_00 })).id;
    code = (await app.as(ann).network.createInvite({})).code;
    initiativeId = (
      await app
        .as(ann)
        .initiative.propose({ title: "A bench", story: "Oak.", goal: 90_00, days: 9 })
    ).id;
    const plan = await app.as(bob).plan.mine();
    if (!("id" in plan)) throw new Error("Bob has no plan");
    planId = plan.id;
    // A pool of Ann and Bob; Ann's claim, backed by Bob, shared to him.
    poolId = (
      await app.as(ann).pool.create({
        name: "Roof fund",
        rules: "Roofs.",
        backersNeeded: 1,
        answerDays: 3,
        largestClaim: 50_00,
        cap: 10_00,
      })
    ).id;
    const bobId = (await app.as(bob).member.me()).profile.id;
    await app.as(ann).pool.invite({ poolId, memberId: bobId });
    await app.as(bob).pool.join({ poolId, cap: 20_00 });
    claimId = (await app.as(ann).pool.fileClaim({ poolId, amount: 20_00, story: "Tiles." })).id;
    shareId = (await app.as(bob).pool.back({ collectionId: claimId })).shares[0]
      ?.pledgeId as number;
  });
  afterAll(() => app.close());

  /** What each procedure answers Eve, who is tied to no one. */
  const outsiderCalls: Record<string, ((eve: Caller) => Promise<unknown>) | "own books only"> = {
    "member.me": "own books only",
    "member.changeStatus": "own books only",
    "member.updateProfile": "own books only",
    "member.setPaymentDetails": "own books only",
    "member.setNotifications": "own books only",
    "member.leave": "own books only",
    "books.dashboard": "own books only",
    "books.actions": "own books only",
    "books.pledges": "own books only",
    "books.exportLink": "own books only",
    "network.graph": "own books only",
    "network.openInvite": "own books only", // an invite link is the one way in, by design
    "network.invites": "own books only",
    "network.invitees": "own books only",
    "plan.mine": "own books only",
    "pledge.create": (c) => c.pledge.create({ collectionId, amount: 1_00 }),
    "pledge.act": (c) => c.pledge.act({ pledgeId, action: "withdraw" }),
    "pledge.nudge": (c) => c.pledge.nudge({ pledgeId, kind: "askCommit" }),
    "pledge.get": (c) => c.pledge.get({ pledgeId }),
    "books.collection": (c) => c.books.collection({ collectionId }),
    "network.member": (c) => c.network.member({ memberId: annId }),
    "network.list": (c) => c.network.list({ list: "helpers", memberId: annId }),
    "network.circle": (c) => c.network.circle({ memberId: annId }),
    "network.createInvite": (c) => c.network.createInvite({ targetId: annId }),
    "network.revokeInvite": (c) => c.network.revokeInvite({ code }),
    "collection.story": (c) => c.collection.story({ collectionId }),
    "collection.setStory": (c) => c.collection.setStory({ collectionId, story: "Mine" }),
    "collection.postUpdate": (c) => c.collection.postUpdate({ collectionId, text: "Hi" }),
    "plan.accept": (c) => c.plan.accept({ planId }),
    "plan.dismiss": (c) => c.plan.dismiss({ planId }),
    "initiative.propose": "own books only",
    "initiative.list": "own books only", // lists what the caller may see (initiatives.test.ts)
    "initiative.get": (c) => c.initiative.get({ collectionId: initiativeId }),
    "initiative.lowerGoal": (c) => c.initiative.lowerGoal({ collectionId: initiativeId, goal: 1 }),
    "initiative.cancel": (c) => c.initiative.cancel({ collectionId: initiativeId }),
    "initiative.postUpdate": (c) =>
      c.initiative.postUpdate({ collectionId: initiativeId, text: "Hi" }),
    "pool.create": "own books only",
    "pool.list": "own books only", // lists one's own pools and invitations (pools.test.ts)
    "pool.get": (c) => c.pool.get({ poolId }),
    "pool.invite": (c) => c.pool.invite({ poolId, memberId: annId }),
    "pool.join": (c) => c.pool.join({ poolId, cap: 1_00 }),
    "pool.setCap": (c) => c.pool.setCap({ poolId, cap: 1_00 }),
    "pool.leave": (c) => c.pool.leave({ poolId }),
    "pool.fileClaim": (c) => c.pool.fileClaim({ poolId, amount: 1_00, story: "Mine" }),
    "pool.claim": (c) => c.pool.claim({ collectionId: claimId }),
    "pool.back": (c) => c.pool.back({ collectionId: claimId }),
    "pool.withdrawClaim": (c) => c.pool.withdrawClaim({ collectionId: claimId }),
    "pool.answerShare": (c) => c.pool.answerShare({ pledgeId: shareId, answer: "decline" }),
    "clearing.mine": "own books only",
    "clearing.waiting": "own books only",
    "clearing.offerAll": "own books only",
    "clearing.offer": (c) => c.clearing.offer({ pledgeId }),
    "clearing.withdrawOffer": (c) => c.clearing.withdrawOffer({ pledgeId }),
    // A round one is not in answers as one that does not exist (clearing/rounds.test.ts has one).
    "clearing.agree": (c) => c.clearing.agree({ roundId: 1 }),
    "clearing.decline": (c) => c.clearing.decline({ roundId: 1 }),
  };

  it("is covered for every procedure there is", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(
      Object.keys(outsiderCalls).sort(),
    );
  });

  for (const [procedure, call] of Object.entries(outsiderCalls)) {
    if (call === "own books only") continue;
    it(`is refused by ${procedure} as if nothing were there, and changes nothing`, async () => {
      const before = await app.db.prisma.pledgeEvent.count();
      const error = await call(app.as(eve)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("NOT_FOUND");
      expect((error as TRPCError).message).toMatch(
        /^errors\.(member|pledge|collection|invite|plan|clearing|pool|claim)\.(notFound|unknown)$/,
      );
      expect(await app.db.prisma.pledgeEvent.count()).toBe(before);
    });
  }

  it("cannot pledge to an initiative outside their network, and does not see it listed", async () => {
    const before = await app.db.prisma.pledge.count();
    const error = await app
      .as(eve)
      .pledge.create({ collectionId: initiativeId, amount: 1_00 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((error as TRPCError).message).toBe("errors.collection.notFound");
    expect(await app.db.prisma.pledge.count()).toBe(before);
    expect((await app.as(eve).initiative.list()).map((i) => i.id)).not.toContain(initiativeId);
    expect((await app.as(bob).initiative.list()).map((i) => i.id)).toContain(initiativeId);
  });

  it("still sees their own books", async () => {
    expect((await app.as(eve).books.dashboard()).collections).toEqual([]);
    expect((await app.as(eve).books.actions({})).items).toEqual([]);
    expect(await app.as(eve).network.list({ list: "network", limit: 5 })).toEqual([]);
  });
});
