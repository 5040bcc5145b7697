/**
 * The balancer against the optimum (DOMAIN.md: "on instances small enough to solve exactly, every
 * level of it equals an independent exact solution's"). For hundreds of seeded random networks of up
 * to 50 members (instances.ts) the solver's plan must be
 * - a plan at all: whole cents, ≥ 0, only on allowed pairs, no giver above their use, one line per
 *   pair with an intention or an amount, and the levels it reports are those of its own amounts;
 * - optimal: levels 1–3 (uncovered, each emergency's covered by deadline, moved) equal to the
 *   sequential HiGHS LPs' (exact.ts); level 4 (the lowest share of goal) within one cent of the
 *   fractional optimum for the collection that has it, and never above it.
 * On tiny instances the brute force over every integral plan is a second witness.
 * A failure names its seed: `randomInstance(seed)` rebuilds the network.
 */

import { describe, expect, it } from "vitest";
import { bruteForceBalance, exactBalance } from "./exact.ts";
import { randomInstance, tinyInstance } from "./instances.ts";
import {
  type BalanceInstance,
  type BalanceLevels,
  type BalanceResult,
  levelsOf,
  pairKey,
} from "./model.ts";
import { solveBalance } from "./solver.ts";

const INSTANCES = 1000;
const TINY_INSTANCES = 500;

/** The solver's answer is a plan the giver could apply; returns its amounts. */
function expectFeasible(instance: BalanceInstance, result: BalanceResult, where: string) {
  const pairs = new Map(instance.pairs.map((p) => [pairKey(p.giverId, p.collectionId), p]));
  const useOf = new Map(instance.givers.map((g) => [g.id, g.use]));
  const amounts = new Map<string, number>();
  const total = new Map<number, number>();
  let previous: [number, number] = [-Infinity, -Infinity];
  for (const line of result.lines) {
    const key = pairKey(line.giverId, line.collectionId);
    const pair = pairs.get(key);
    expect(pair, `${where}: line ${key} is not an allowed pair`).toBeDefined();
    expect(line.intention, `${where}: line ${key}'s intention`).toBe(pair?.intention);
    expect(
      Number.isInteger(line.amount) && line.amount >= 0,
      `${where}: ${key} = ${line.amount}`,
    ).toBe(true);
    expect(line.intention > 0 || line.amount > 0, `${where}: empty line ${key}`).toBe(true);
    expect(amounts.has(key), `${where}: two lines for ${key}`).toBe(false);
    const order = line.giverId - previous[0] || line.collectionId - previous[1];
    expect(order > 0, `${where}: lines out of order at ${key}`).toBe(true);
    previous = [line.giverId, line.collectionId];
    amounts.set(key, line.amount);
    total.set(line.giverId, (total.get(line.giverId) ?? 0) + line.amount);
  }
  for (const p of instance.pairs) {
    if (p.intention > 0) {
      expect(
        amounts.has(pairKey(p.giverId, p.collectionId)),
        `${where}: no line for an intention`,
      ).toBe(true);
    }
  }
  for (const [giverId, sum] of total) {
    expect(sum, `${where}: giver ${giverId} above their use`).toBeLessThanOrEqual(
      useOf.get(giverId) ?? 0,
    );
  }
  const own = levelsOf(instance, amounts);
  expect(result.levels, `${where}: reported levels`).toEqual(own.levels);
  expect(result.covered, `${where}: reported covered`).toEqual(own.covered);
  return own;
}

/**
 * Level 4 within a cent: the fractional optimum t* can be rounded so that every collection keeps a
 * share ≥ t* − 1/goal, so the plan's least-covered collection k must have share ≥ t* − 1/goal(k).
 */
function expectLowestShareWithinACent(
  instance: BalanceInstance,
  result: BalanceResult,
  optimum: number,
  where: string,
) {
  let tolerance = 0;
  for (const c of instance.collections) {
    if (c.goal <= 0) continue;
    const share = (c.goal - c.need + (result.covered.get(c.id) ?? 0)) / c.goal;
    if (share === result.levels.lowestShare) tolerance = Math.max(tolerance, 1 / c.goal);
  }
  expect(result.levels.lowestShare, `${where}: level 4 below the optimum`).toBeGreaterThanOrEqual(
    optimum - tolerance - 1e-12,
  );
  expect(result.levels.lowestShare, `${where}: level 4 above the optimum`).toBeLessThanOrEqual(
    optimum + 1e-9,
  );
}

function expectLevels1to3(actual: BalanceLevels, optimum: BalanceLevels, where: string) {
  expect(actual.uncovered, `${where}: level 1 (uncovered)`).toBe(optimum.uncovered);
  expect(actual.emergencyOrder, `${where}: level 2's order`).toEqual(optimum.emergencyOrder);
  expect(actual.emergencyCovered, `${where}: level 2 (emergencies covered)`).toEqual(
    optimum.emergencyCovered,
  );
  expect(actual.moved, `${where}: level 3 (moved)`).toBe(optimum.moved);
}

describe("solveBalance is the optimum", () => {
  it(`equals the sequential LPs on ${INSTANCES} random networks of up to 50 members`, async () => {
    const seen = { checked: 0, uncovered: 0, emergencies: 0, moved: 0, lines: 0 };
    for (let seed = 1; seed <= INSTANCES; seed++) {
      const { instance, shape } = randomInstance(seed);
      const where = `seed ${seed} (${shape})`;
      const result = solveBalance(instance);
      const own = expectFeasible(instance, result, where);
      const { levels: optimum } = await exactBalance(instance);
      expectLevels1to3(own.levels, optimum, where);
      expectLowestShareWithinACent(instance, result, optimum.lowestShare, where);
      seen.checked++;
      if (optimum.uncovered > 0) seen.uncovered++;
      if (optimum.emergencyCovered.some((y) => y > 0)) seen.emergencies++;
      if (optimum.moved > 0) seen.moved++;
      seen.lines += result.lines.length;
    }
    // The networks exercised every level, not only empty ones.
    expect(seen.checked).toBe(INSTANCES);
    expect(seen.uncovered).toBeGreaterThan(INSTANCES / 3);
    expect(seen.emergencies).toBeGreaterThan(INSTANCES / 3);
    expect(seen.moved).toBeGreaterThan(INSTANCES / 2);
    expect(seen.lines).toBeGreaterThan(INSTANCES * 5);
  }, 120_000);

  it(`equals the best of every integral plan on ${TINY_INSTANCES} tiny instances`, async () => {
    for (let seed = 1; seed <= TINY_INSTANCES; seed++) {
      const instance = tinyInstance(seed);
      const where = `tiny seed ${seed}: ${JSON.stringify(instance)}`;
      const result = solveBalance(instance);
      const own = expectFeasible(instance, result, where);
      const best = bruteForceBalance(instance);
      expectLevels1to3(own.levels, best.levels, where);
      // No plan in whole cents does better than the best one tried; the LP bounds it from below.
      expect(result.levels.lowestShare, `${where}: level 4`).toBeLessThanOrEqual(
        best.levels.lowestShare + 1e-12,
      );
      const { levels: optimum } = await exactBalance(instance);
      expectLowestShareWithinACent(instance, result, optimum.lowestShare, where);
    }
  });
});
