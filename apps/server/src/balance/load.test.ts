import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";
import { loadInstance } from "./load.ts";
import { solveBalance } from "./solver.ts";

/**
 * The instance the balancer reads from the books: who may give how much to whom. One network:
 * Ann and Bob need monthly help, Cid is in an emergency, Dan and Eve give; Ann is over-covered.
 */
describe("the balancing instance from the books", () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it("reads needs, givers' room and the pairs they may offer, and the solver moves surplus to need", async () => {
    const [ann, bob, cid, dan, eve] = await app.members("Ann", "Bob", "Cid", "Dan", "Eve");
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 10_000 });
    await app.as(bob).member.changeStatus({ action: "openMonthly", goal: 20_000 });
    await app.as(cid).member.changeStatus({ action: "openEmergency", goal: 5_000, days: 3 });
    const open = (u: { id: number }, kind: "monthly" | "emergency") =>
      app.db.prisma.collection.findFirst({
        where: { member: { telegramId: BigInt(u.id) }, kind, closedAt: null },
      });
    const annC = await open(ann, "monthly");
    const bobC = await open(bob, "monthly");
    const cidC = await open(cid, "emergency");
    if (!annC || !bobC || !cidC) throw new Error("collections");
    await app.as(dan).pledge.create({ collectionId: annC.id, amount: 8_000 });
    await app.as(eve).pledge.create({ collectionId: annC.id, amount: 6_000 });
    await app.as(eve).pledge.create({ collectionId: cidC.id, amount: 1_000 });
    await app.db.prisma.$executeRaw`UPDATE member SET budget = 15000 WHERE telegram_id = ${eve.id}`;

    const loaded = await loadInstance(app.db.prisma, app.now(), "UTC");
    const ids = await app.db.prisma.member.findMany({
      where: { telegramId: { in: [ann, bob, cid, dan, eve].map((u) => BigInt(u.id)) } },
    });
    const idOf = (u: { id: number }) =>
      ids.find((m) => m.telegramId === BigInt(u.id))?.id as number;

    const byId = new Map(loaded.instance.collections.map((c) => [c.id, c]));
    expect(byId.get(annC.id)?.need).toBe(10_000);
    expect(byId.get(bobC.id)?.need).toBe(20_000);
    expect(byId.get(cidC.id)?.need).toBe(4_000);
    const use = new Map(loaded.instance.givers.map((g) => [g.id, g.use]));
    expect(use.get(idOf(dan))).toBe(8_000);
    // Eve: budget 150 − 10 committed to Cid = 140 ≥ her 60 of intentions.
    expect(use.get(idOf(eve))).toBe(14_000);
    const pairsOf = (g: number) =>
      loaded.instance.pairs
        .filter((p) => p.giverId === g)
        .map((p) => [p.collectionId, p.intention]);
    // Eve has a binding pledge to Cid's emergency already: no second one offered.
    expect(pairsOf(idOf(eve))).toEqual([
      [annC.id, 6_000],
      [bobC.id, 0],
    ]);
    expect(pairsOf(idOf(dan))).toEqual([
      [annC.id, 8_000],
      [bobC.id, 0],
      [cidC.id, 0],
    ]);

    const result = solveBalance(loaded.instance);
    // 140 + 80 = 220 to give: Ann 100, Cid 40, Bob 80 — nothing uncovered but Bob's 120.
    expect(result.levels.uncovered).toBe(12_000);
    expect(result.covered.get(cidC.id)).toBe(4_000);
  });
});
