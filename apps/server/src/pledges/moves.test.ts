import { PledgeEventAction } from "@exodus/db";
import { pledgeEventActions } from "@exodus/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollover } from "../cycle/rollover.ts";
import { createTestApp, expectMovesOfTheTable, type TestUser } from "../testing.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;

async function collectionOf(u: TestUser, kind: "monthly" | "emergency") {
  const { collections } = await app.as(u).books.dashboard();
  return collections.find((c) => c.kind === kind)?.id as number;
}

/** The audit rows written after `mark`, oldest first. */
async function eventsAfter(mark: bigint) {
  return app.db.prisma.pledgeEvent.findMany({
    where: { id: { gt: mark } },
    orderBy: { id: "asc" },
  });
}
async function lastEventId() {
  const last = await app.db.prisma.pledgeEvent.findFirst({ orderBy: { id: "desc" } });
  return last?.id ?? 0n;
}

beforeAll(async () => {
  app = await createTestApp();
  app.setNow(new Date("2027-03-20T12:00:00Z"));
});
afterAll(() => app.close());

describe("the audit trail", () => {
  it("has the same words in the database as in shared's pledge table", () => {
    expect(Object.values(PledgeEventAction).sort()).toEqual([...pledgeEventActions].sort());
  });

  it("records the rollover's moves as moves of the table, each from the state it left", async () => {
    const [ann, ben, cat, dan, eve, fay] = await app.members(
      "Ann",
      "Ben",
      "Cat",
      "Dan",
      "Eve",
      "Fay",
    );
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 500_00 });
    const collectionId = await collectionOf(ann, "monthly");
    const intention = await app.as(ben).pledge.create({ collectionId, amount: 10_00 });
    const confirmed = await app.as(cat).pledge.create({ collectionId, amount: 20_00 });
    await app.as(cat).pledge.act({ pledgeId: confirmed.id, action: "fulfil" });
    await app.as(ann).pledge.act({ pledgeId: confirmed.id, action: "confirm" });
    const obligation = await app.as(dan).pledge.create({ collectionId, amount: 30_00 });
    await app.as(dan).pledge.act({ pledgeId: obligation.id, action: "commit" });
    const unconfirmed = await app.as(eve).pledge.create({ collectionId, amount: 40_00 });
    await app.as(eve).pledge.act({ pledgeId: unconfirmed.id, action: "fulfil" });
    const frozen = await app.as(fay).pledge.create({ collectionId, amount: 50_00 });
    await app.as(fay).pledge.act({ pledgeId: frozen.id, action: "commit" });
    await app.as(fay).member.changeStatus({ action: "openEmergency", goal: 100_00, days: 20 });

    const mark = await lastEventId();
    app.setNow(new Date("2027-04-01T00:00:00Z"));
    await rollover(app.db.prisma, "2027-04", app.now());
    const events = await eventsAfter(mark);

    expectMovesOfTheTable(events);
    const renewed = await app.db.prisma.pledge.findFirstOrThrow({
      where: { renewedFromId: confirmed.id },
    });
    expect(events.map((e) => [e.pledgeId, e.action, e.fromState, e.toState, e.actorId])).toEqual(
      expect.arrayContaining([
        [intention.id, "lapse", "intention", "lapsed", null],
        [obligation.id, "overdue", "obligation", "obligation", null],
        [unconfirmed.id, "overdue", "fulfilled", "fulfilled", null],
        [frozen.id, "carry", "obligation", "obligation", null],
        [renewed.id, "renew", null, "intention", null],
      ]),
    );
    expect(events).toHaveLength(5);
  });

  it("records an emergency's ends as moves of the table", async () => {
    const [gil, hal, ivy] = await app.members("Gil", "Hal", "Ivy");
    await app.as(gil).member.changeStatus({ action: "openEmergency", goal: 10_00, days: 5 });
    const emergencyId = await collectionOf(gil, "emergency");
    const gift = await app.as(hal).pledge.create({ collectionId: emergencyId, amount: 10_00 });
    const surplus = await app.as(ivy).pledge.create({ collectionId: emergencyId, amount: 5_00 });
    const mark = await lastEventId();
    await app.as(hal).pledge.act({ pledgeId: gift.id, action: "fulfil" });
    await app.as(gil).pledge.act({ pledgeId: gift.id, action: "confirm" });
    const events = await eventsAfter(mark);

    expectMovesOfTheTable(events);
    expect(events.at(-1)).toMatchObject({
      pledgeId: surplus.id,
      action: "cancel",
      fromState: "obligation",
      toState: "cancelled",
      actorId: null,
    });
  });
});
