import { type PlanView, wantsNotification } from "@exodus/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, inputRefusal, refusal, type TestUser } from "../testing.ts";
import { balanceNetwork } from "./plans.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const TZ = "UTC";

async function idOf(u: TestUser): Promise<number> {
  const m = await app.db.prisma.member.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } });
  return m.id;
}

async function openMonthly(u: TestUser, goal: number) {
  await app.as(u).member.changeStatus({ action: "openMonthly", goal });
  const { collections } = await app.as(u).books.dashboard();
  const c = collections.find((x) => x.kind === "monthly");
  if (!c) throw new Error("no monthly collection");
  return c.id;
}

async function openEmergency(u: TestUser, goal: number, days: number) {
  await app.as(u).member.changeStatus({ action: "openEmergency", goal, days });
  const { collections } = await app.as(u).books.dashboard();
  const c = collections.find((x) => x.kind === "emergency");
  if (!c) throw new Error("no emergency collection");
  return c.id;
}

async function setBudget(u: TestUser, budget: number | null) {
  await app.db.prisma
    .$executeRaw`UPDATE member SET budget = ${budget}, updated_at = now() WHERE telegram_id = ${BigInt(u.id)}`;
}

function opened(view: PlanView) {
  if (view.status === "none" || view.status === "recomputing") {
    throw new Error(`expected a plan, got ${view.status}`);
  }
  return view;
}

/** What a plan asks, line by line: receiver, current → planned, and why. */
function asked(view: PlanView) {
  return opened(view).lines.map((l) => [l.receiverName, l.current, l.planned, l.reason]);
}

async function eventsOf(u: TestUser) {
  const id = await idOf(u);
  return app.db.prisma.pledgeEvent.findMany({
    where: { actorId: id },
    orderBy: { id: "asc" },
    select: { action: true, amount: true, toState: true },
  });
}

async function outboxFor(u: TestUser) {
  const id = await idOf(u);
  return app.db.prisma.outbox.findMany({ where: { recipientId: id }, orderBy: { id: "asc" } });
}

/**
 * Gil intends 80.00 to Ann, whose monthly goal is 50.00 (over-covered by 30.00); Ben's monthly
 * need of 40.00 has nothing yet. The best split moves 30.00 from Ann to Ben.
 */
async function surplusAndNeed() {
  const [ann, ben, gil, dan] = await app.members("Ann", "Ben", "Gil", "Dan");
  const annC = await openMonthly(ann, 50_00);
  const benC = await openMonthly(ben, 40_00);
  await app.as(gil).pledge.create({ collectionId: annC, amount: 80_00 });
  return { ann, ben, gil, dan, annC, benC };
}

describe("a giver's plan", () => {
  it("moves part of an intention from an over-covered friend to an uncovered one, with reasons", async () => {
    const { gil } = await surplusAndNeed();
    const plan = opened(await app.as(gil).plan.mine());
    expect(plan.status).toBe("open");
    expect(asked(plan)).toEqual([
      ["Ben", 0, 30_00, { kind: "uncovered", amount: 40_00 }],
      ["Ann", 80_00, 50_00, { kind: "overCovered", amount: 30_00 }],
    ]);
    expect(plan).toMatchObject({ use: 80_00, moved: 60_00, changes: true });
    expect(plan.lines.every((l) => !l.binds)).toBe(true);
  });

  it("offers an emergency as an obligation that binds, with the days left", async () => {
    const [ivy, hal] = await app.members("Ivy", "Hal");
    await openEmergency(ivy, 20_00, 5);
    await setBudget(hal, 30_00);
    const plan = opened(await app.as(hal).plan.mine());
    expect(plan.use).toBe(30_00);
    expect(plan.lines).toMatchObject([
      {
        receiverName: "Ivy",
        kind: "emergency",
        current: 0,
        planned: 20_00,
        binds: true,
        reason: { kind: "emergency", daysLeft: 5 },
      },
    ]);
    await app.as(hal).plan.accept({ planId: plan.id });
    const helping = await app.as(hal).books.pledges({ list: "helping", limit: 20 });
    expect(helping.map((p) => [p.receiverName, p.amount, p.state])).toEqual([
      ["Ivy", 20_00, "obligation"],
    ]);
  });

  it("applies in one go: pledges changed, audit rows, news to each receiver; a second tap does nothing", async () => {
    const { ann, ben, gil, annC, benC } = await surplusAndNeed();
    const plan = opened(await app.as(gil).plan.mine());
    // Ann heard of Gil's intention before: the change is news of its own.
    await app.deliver();
    const annNewsBefore = (await outboxFor(ann)).length;

    const applied = opened(await app.as(gil).plan.accept({ planId: plan.id }));
    expect(applied).toMatchObject({ status: "applied", id: plan.id });
    expect((await app.as(ann).books.collection({ collectionId: annC })).intentions).toBe(50_00);
    expect((await app.as(ben).books.collection({ collectionId: benC })).intentions).toBe(30_00);
    const events = await eventsOf(gil);
    expect(events.slice(1)).toEqual([
      { action: "edit", amount: 50_00, toState: "intention" },
      { action: "create", amount: 30_00, toState: "intention" },
    ]);
    expect((await outboxFor(ben)).map((m) => m.kind)).toContain("intention.created");
    const annNews = (await outboxFor(ann)).slice(annNewsBefore);
    expect(annNews.map((m) => [m.kind, (m.payload as { amount: number }).amount])).toEqual([
      ["pledge.edit", 50_00],
    ]);

    // Double tap: the applied plan again, nothing written twice.
    const again = opened(await app.as(gil).plan.accept({ planId: plan.id }));
    expect(again.status).toBe("applied");
    expect(await eventsOf(gil)).toEqual(events);
    // It stays applied when Gil looks again.
    expect((await app.as(gil).plan.mine()).status).toBe("applied");
  });

  it("refuses someone else's plan", async () => {
    const { gil, dan } = await surplusAndNeed();
    const plan = opened(await app.as(gil).plan.mine());
    expect(await refusal(app.as(dan).plan.accept({ planId: plan.id }))).toBe(
      "errors.plan.notFound",
    );
    expect(await refusal(app.as(dan).plan.dismiss({ planId: plan.id }))).toBe(
      "errors.plan.notFound",
    );
    expect((await app.as(gil).plan.mine()).status).toBe("open");
  });

  it("refuses a stale plan with nothing written, then shows the recomputed one", async () => {
    const { gil, dan, benC } = await surplusAndNeed();
    const plan = opened(await app.as(gil).plan.mine());
    const before = await eventsOf(gil);
    // Another member pledges to a collection the plan names.
    await app.as(dan).pledge.create({ collectionId: benC, amount: 10_00 });

    expect(await refusal(app.as(gil).plan.accept({ planId: plan.id }))).toBe("errors.plan.stale");
    expect(await eventsOf(gil)).toEqual(before);

    const fresh = opened(await app.as(gil).plan.mine());
    expect(fresh.id).not.toBe(plan.id);
    expect(fresh.status).toBe("open");
    expect(asked(fresh)).toEqual([
      ["Ben", 0, 30_00, { kind: "uncovered", amount: 30_00 }],
      ["Ann", 80_00, 50_00, { kind: "overCovered", amount: 30_00 }],
    ]);
  });

  it("stays dismissed after an identical recompute, and comes back when needs change", async () => {
    const { ben, gil } = await surplusAndNeed();
    const plan = opened(await app.as(gil).plan.mine());
    expect((await app.as(gil).plan.dismiss({ planId: plan.id })).status).toBe("dismissed");
    // Twice is once.
    expect((await app.as(gil).plan.dismiss({ planId: plan.id })).status).toBe("dismissed");

    await balanceNetwork(app.db.prisma, app.now(), TZ);
    const same = opened(await app.as(gil).plan.mine());
    expect(same.status).toBe("dismissed");
    expect(asked(same)).toEqual(asked(plan));

    await app.as(ben).member.changeStatus({ action: "changeGoal", goal: 20_00 });
    const back = opened(await app.as(gil).plan.mine());
    expect(back.status).toBe("open");
    expect(asked(back)).toEqual([
      ["Ben", 0, 20_00, { kind: "uncovered", amount: 20_00 }],
      ["Ann", 80_00, 60_00, { kind: "overCovered", amount: 30_00 }],
    ]);
  });

  it("refuses bad edits before applying, with nothing written", async () => {
    const { gil, annC, benC } = await surplusAndNeed();
    const [, , , , stranger] = await app.members("S1", "S2", "S3", "S4", "Stranger");
    const otherC = await openMonthly(stranger, 10_00);
    const plan = opened(await app.as(gil).plan.mine());
    const before = await eventsOf(gil);
    const apply = (lines: { collectionId: number; amount: number }[]) =>
      app.as(gil).plan.accept({ planId: plan.id, lines });

    expect(await inputRefusal(apply([{ collectionId: benC, amount: -5_00 }]))).toEqual([
      "errors.amount.negative",
    ]);
    expect(await inputRefusal(apply([{ collectionId: benC, amount: 12.345 }]))).toEqual([
      "errors.amount.tooManyDecimals",
    ]);
    expect(await inputRefusal(apply([{ collectionId: benC, amount: 10_000_000_01 }]))).toEqual([
      "errors.amount.tooLarge",
    ]);
    expect(await refusal(apply([{ collectionId: benC, amount: 40_00 }]))).toBe(
      "errors.plan.overUse",
    );
    expect(await refusal(apply([{ collectionId: otherC, amount: 1_00 }]))).toBe(
      "errors.plan.notInPlan",
    );
    expect(
      await inputRefusal(
        apply([
          { collectionId: benC, amount: 1_00 },
          { collectionId: benC, amount: 2_00 },
        ]),
      ),
    ).toEqual(["errors.plan.lineTwice"]);
    expect(await eventsOf(gil)).toEqual(before);
    expect((await app.as(gil).plan.mine()).status).toBe("open");

    // A good edit: keep 70.00 with Ann, give Ben 10.00.
    const applied = opened(
      await apply([
        { collectionId: annC, amount: 70_00 },
        { collectionId: benC, amount: 10_00 },
      ]),
    );
    expect(applied.lines.map((l) => [l.receiverName, l.current, l.planned])).toEqual([
      ["Ben", 0, 10_00],
      ["Ann", 80_00, 70_00],
    ]);
    expect(applied.moved).toBe(20_00);
  });

  it("withdraws an intention when the giver edits its line to 0", async () => {
    const { gil, ann, annC, benC } = await surplusAndNeed();
    const plan = opened(await app.as(gil).plan.mine());
    await app.as(gil).plan.accept({
      planId: plan.id,
      lines: [
        { collectionId: annC, amount: 0 },
        { collectionId: benC, amount: 40_00 },
      ],
    });
    expect((await app.as(ann).books.collection({ collectionId: annC })).intentions).toBe(0);
    expect((await eventsOf(gil)).map((e) => e.action)).toEqual(["create", "withdraw", "create"]);
  });

  it("tells the giver once when their plan changes, in a category they can mute", async () => {
    const { gil } = await surplusAndNeed();
    await app.as(gil).plan.mine();
    const told = (await outboxFor(gil)).filter((m) => m.kind === "plan.changed");
    expect(told).toHaveLength(1);
    expect(told[0]?.link).toBe("_home");

    // Recomputed with nothing changed: no second message.
    await balanceNetwork(app.db.prisma, app.now(), TZ);
    expect((await outboxFor(gil)).filter((m) => m.kind === "plan.changed")).toHaveLength(1);

    const { notificationsMuted } = await app.as(gil).member.setNotifications({ muted: ["plan"] });
    expect(wantsNotification(notificationsMuted, "plan.changed")).toBe(false);
  });

  it("never tells of a plan that keeps everything", async () => {
    const [ann, kim] = await app.members("Ann", "Kim");
    const annC = await openMonthly(ann, 50_00);
    await app.as(kim).pledge.create({ collectionId: annC, amount: 20_00 });
    const plan = opened(await app.as(kim).plan.mine());
    expect(plan.changes).toBe(false);
    expect(asked(plan)).toEqual([["Ann", 20_00, 20_00, { kind: "kept" }]]);
    expect((await outboxFor(kim)).filter((m) => m.kind === "plan.changed")).toHaveLength(0);
  });

  it("says none to a member with no budget and no intentions", async () => {
    const [, lou] = await app.members("Ann", "Lou");
    expect(await app.as(lou).plan.mine()).toEqual({ status: "none" });
  });
});
