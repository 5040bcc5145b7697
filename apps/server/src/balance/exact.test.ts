/**
 * The independent check checked: the sequential LPs (exact.ts) against plans worked out by hand and
 * against trying every integral plan of tiny instances. If these two witnesses agree, the balancer
 * is measured against the optimum itself.
 */

import { describe, expect, it } from "vitest";
import { bruteForceBalance, exactBalance } from "./exact.ts";
import { randomInstance, tinyInstance } from "./instances.ts";
import type { BalanceCollection, BalanceInstance } from "./model.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

function monthly(id: number, goal: number, need = goal): BalanceCollection {
  return { id, kind: "monthly", goal, need, deadline: null };
}
function emergency(id: number, goal: number, days: number, need = goal): BalanceCollection {
  return { id, kind: "emergency", goal, need, deadline: days * DAY_MS };
}

describe("exactBalance on plans worked out by hand", () => {
  it("keeps the intention to an over-covered collection when the budget also covers the rest", async () => {
    // Anna (1) is over-covered, Olena (2) is an emergency, Boris (3) needs 30; the giver's budget is 100.
    const instance: BalanceInstance = {
      givers: [{ id: 7, use: 100 }],
      collections: [monthly(1, 50, 0), emergency(2, 40, 3), monthly(3, 30)],
      pairs: [
        { giverId: 7, collectionId: 1, intention: 30 },
        { giverId: 7, collectionId: 2, intention: 0 },
        { giverId: 7, collectionId: 3, intention: 0 },
      ],
    };
    const { levels } = await exactBalance(instance);
    expect(levels).toEqual({
      uncovered: 0,
      emergencyOrder: [2],
      emergencyCovered: [40],
      moved: 70,
      lowestShare: 1,
    });
  });

  it("moves an intention off an over-covered collection when nothing else can cover the need", async () => {
    const instance: BalanceInstance = {
      givers: [{ id: 7, use: 20 }],
      collections: [monthly(1, 50, 0), monthly(2, 20)],
      pairs: [
        { giverId: 7, collectionId: 1, intention: 20 },
        { giverId: 7, collectionId: 2, intention: 0 },
      ],
    };
    const { levels } = await exactBalance(instance);
    expect(levels).toMatchObject({ uncovered: 0, moved: 40, lowestShare: 1 });
  });

  it("covers the nearest deadline first when not every emergency can be covered", async () => {
    const instance: BalanceInstance = {
      givers: [{ id: 7, use: 50 }],
      collections: [emergency(1, 40, 3), emergency(2, 30, 1)],
      pairs: [
        { giverId: 7, collectionId: 1, intention: 0 },
        { giverId: 7, collectionId: 2, intention: 0 },
      ],
    };
    const { levels } = await exactBalance(instance);
    expect(levels).toMatchObject({
      uncovered: 20,
      emergencyOrder: [2, 1],
      emergencyCovered: [30, 20],
      moved: 50,
    });
  });

  it("keeps what is already given when moving it would cover nothing more", async () => {
    const instance: BalanceInstance = {
      givers: [{ id: 7, use: 30 }],
      collections: [monthly(1, 50), monthly(2, 50)],
      pairs: [
        { giverId: 7, collectionId: 1, intention: 30 },
        { giverId: 7, collectionId: 2, intention: 0 },
      ],
    };
    const { levels } = await exactBalance(instance);
    expect(levels).toMatchObject({ uncovered: 70, moved: 0 });
    expect(levels.lowestShare).toBeCloseTo(0, 12);
  });

  it("spreads a budget so that the least-covered goal is as covered as possible", async () => {
    const instance: BalanceInstance = {
      givers: [{ id: 7, use: 100 }],
      collections: [monthly(1, 100), monthly(2, 300)],
      pairs: [
        { giverId: 7, collectionId: 1, intention: 0 },
        { giverId: 7, collectionId: 2, intention: 0 },
      ],
    };
    const { levels } = await exactBalance(instance);
    expect(levels.uncovered).toBe(300);
    expect(levels.moved).toBe(100);
    expect(levels.lowestShare).toBeCloseTo(0.25, 9);
  });

  it("answers a network with nothing to give or nothing to give to", async () => {
    expect(
      (await exactBalance({ givers: [], collections: [monthly(1, 80, 60)], pairs: [] })).levels,
    ).toEqual({
      uncovered: 60,
      emergencyOrder: [],
      emergencyCovered: [],
      moved: 0,
      lowestShare: 0.25,
    });
    expect(
      (await exactBalance({ givers: [{ id: 7, use: 500 }], collections: [], pairs: [] })).levels,
    ).toEqual({ uncovered: 0, emergencyOrder: [], emergencyCovered: [], moved: 0, lowestShare: 1 });
  });
});

describe("exactBalance against every integral plan of tiny instances", () => {
  it("agrees with the brute force on levels 1–3 and is at least as high on level 4", async () => {
    let compared = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const instance = tinyInstance(seed);
      const brute = bruteForceBalance(instance);
      const { levels } = await exactBalance(instance);
      const where = `seed ${seed}: ${JSON.stringify(instance)}`;
      expect(levels.uncovered, where).toBe(brute.levels.uncovered);
      expect(levels.emergencyOrder, where).toEqual(brute.levels.emergencyOrder);
      expect(levels.emergencyCovered, where).toEqual(brute.levels.emergencyCovered);
      expect(levels.moved, where).toBe(brute.levels.moved);
      expect(levels.lowestShare, where).toBeGreaterThanOrEqual(brute.levels.lowestShare - 1e-9);
      compared++;
    }
    expect(compared).toBe(400);
  });
});

describe("randomInstance", () => {
  it("draws networks within the rules the loader follows, edge cases included", () => {
    const shapes = new Set<string>();
    let overCovered = 0;
    let sameDeadline = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { instance, shape } = randomInstance(seed);
      shapes.add(shape);
      const byId = new Map(instance.collections.map((c) => [c.id, c]));
      const useOf = new Map(instance.givers.map((g) => [g.id, g.use]));
      const intended = new Map<number, number>();
      const into = new Map<number, number>();
      for (const p of instance.pairs) {
        const c = byId.get(p.collectionId);
        expect(c).toBeDefined();
        expect(useOf.has(p.giverId)).toBe(true);
        if (c?.kind === "emergency") expect(p.intention).toBe(0);
        intended.set(p.giverId, (intended.get(p.giverId) ?? 0) + p.intention);
        into.set(p.collectionId, (into.get(p.collectionId) ?? 0) + p.intention);
      }
      for (const g of instance.givers) expect(intended.get(g.id) ?? 0).toBeLessThanOrEqual(g.use);
      for (const c of instance.collections) {
        expect(c.need).toBeGreaterThanOrEqual(0);
        expect(c.need).toBeLessThanOrEqual(c.goal);
        if ((into.get(c.id) ?? 0) > c.need) overCovered++;
      }
      const deadlines = instance.collections.flatMap((c) =>
        c.deadline === null ? [] : [c.deadline],
      );
      if (new Set(deadlines).size < deadlines.length) sameDeadline++;
    }
    expect([...shapes].sort()).toEqual(
      ["dense", "exactUse", "network", "noCollections", "noGivers", "sameDeadline"].sort(),
    );
    expect(overCovered).toBeGreaterThan(20);
    expect(sameDeadline).toBeGreaterThan(20);
  });
});
