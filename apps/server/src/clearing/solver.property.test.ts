/**
 * The clearing solver against the optimum (DOMAIN.md: "The result must equal the exact optimum of
 * that problem"). For hundreds of seeded random graphs (instances.ts: cycles, chains, opposite and
 * parallel obligations, ⌛ and live mixed) the solver's round must
 * - leave every member's net position as it was, clear nothing on a pair that was not offered, and
 *   clear no obligation beyond its amount (whole cents, > 0 where listed);
 * - spread each pair's cleared amount ⌛ first, then oldest, then by id;
 * - show each member a part that adds up to what was cleared on their obligations;
 * - clear exactly the total of the HiGHS LP (exact.ts), and of network simplex, the second method.
 * On tiny graphs the brute force over every integral set-off is another witness.
 * A failure names its seed: `randomObligations(seed)` rebuilds the graph.
 */

import { describe, expect, it } from "vitest";
import { bruteForceClearing, exactClearing } from "./exact.ts";
import { randomObligations, tinyObligations } from "./instances.ts";
import { type ClearingResult, type OfferedObligation, solveClearing } from "./solver.ts";

const GRAPHS = 1500;
const TINY_GRAPHS = 500;

/** DOMAIN.md's order within a pair, written out here rather than taken from the solver. */
const domainOrder = (a: OfferedObligation, b: OfferedObligation) =>
  (a.overdue === b.overdue ? 0 : a.overdue ? -1 : 1) || a.createdAt - b.createdAt || a.id - b.id;

const pairKey = (debtor: number, creditor: number) => `${debtor}→${creditor}`;

/** Everything a member would check in their part, and the round as a whole, except optimality. */
function expectSound(obligations: OfferedObligation[], result: ClearingResult, where: string) {
  const byId = new Map(obligations.map((o) => [o.id, o]));
  const net = new Map<number, number>();
  const clearedOfPair = new Map<string, number>();
  let sum = 0;
  for (const [id, x] of result.cleared) {
    const o = byId.get(id);
    expect(o, `${where}: obligation ${id} was not offered`).toBeDefined();
    if (!o) continue;
    expect(Number.isInteger(x) && x > 0, `${where}: obligation ${id} cleared ${x}`).toBe(true);
    expect(x, `${where}: obligation ${id} grows`).toBeLessThanOrEqual(o.amount);
    net.set(o.debtor, (net.get(o.debtor) ?? 0) - x);
    net.set(o.creditor, (net.get(o.creditor) ?? 0) + x);
    const key = pairKey(o.debtor, o.creditor);
    clearedOfPair.set(key, (clearedOfPair.get(key) ?? 0) + x);
    sum += x;
  }
  expect(result.total, `${where}: total`).toBe(sum);
  for (const [member, change] of net) {
    expect(change, `${where}: member ${member}'s net position moved`).toBe(0);
  }

  // Within a pair: a prefix in clearing order fully cleared, at most one in part, the rest untouched.
  const ofPair = new Map<string, OfferedObligation[]>();
  for (const o of obligations) {
    const key = pairKey(o.debtor, o.creditor);
    ofPair.set(key, [...(ofPair.get(key) ?? []), o]);
  }
  for (const [key, list] of ofPair) {
    list.sort(domainOrder);
    let open = false;
    for (const o of list) {
      const x = result.cleared.get(o.id) ?? 0;
      if (open) expect(x, `${where}: ${key} clears ${o.id} before an earlier one`).toBe(0);
      if (x < o.amount) open = true;
    }
  }

  // Parts: per counterpart, what was cleared on the pair, seen the same from both ends.
  const owe = new Map<string, number>();
  const owed = new Map<string, number>();
  for (const [member, part] of result.parts) {
    const gone = part.noLongerOwe.reduce((s, l) => s + l.amount, 0);
    const back = part.noLongerOwed.reduce((s, l) => s + l.amount, 0);
    expect(gone, `${where}: member ${member}'s part does not balance`).toBe(back);
    for (const l of part.noLongerOwe) owe.set(pairKey(member, l.creditor), l.amount);
    for (const l of part.noLongerOwed) owed.set(pairKey(l.debtor, member), l.amount);
  }
  expect(new Map([...owe].sort()), `${where}: parts (debtors)`).toEqual(
    new Map([...clearedOfPair].sort()),
  );
  expect(new Map([...owed].sort()), `${where}: parts (creditors)`).toEqual(
    new Map([...clearedOfPair].sort()),
  );
}

describe("the clearing solver", () => {
  it(`clears the exact optimum of ${GRAPHS} random graphs, and only what may be cleared`, async () => {
    const cleared = new Map<string, number>();
    for (let seed = 1; seed <= GRAPHS; seed++) {
      const { shape, obligations } = randomObligations(seed);
      const where = `seed ${seed} (${shape}, ${obligations.length} obligations)`;
      const result = solveClearing(obligations);
      expectSound(obligations, result, where);
      expect(result.total, `${where}: against HiGHS`).toBe(await exactClearing(obligations));
      expect(result.total, `${where}: against network simplex`).toBe(
        solveClearing(obligations, "network-simplex").total,
      );
      if (shape === "chains") expect(result.total, `${where}: a chain cleared`).toBe(0);
      if (result.total > 0) cleared.set(shape, (cleared.get(shape) ?? 0) + 1);
    }
    // The graphs are not all trivial: every shape with cycles clears something on a quarter of its seeds or more.
    for (const shape of ["cycles", "opposite", "parallel", "dense"]) {
      expect(cleared.get(shape) ?? 0, `${shape} graphs clearing something`).toBeGreaterThan(
        GRAPHS / 20,
      );
    }
  }, 60_000);

  it(`clears what the brute force finds on ${TINY_GRAPHS} tiny graphs`, () => {
    for (let seed = 1; seed <= TINY_GRAPHS; seed++) {
      const obligations = tinyObligations(seed);
      const result = solveClearing(obligations);
      expectSound(obligations, result, `tiny seed ${seed}`);
      expect(result.total, `tiny seed ${seed}`).toBe(bruteForceClearing(obligations));
    }
  });

  it("clears a 30/30/30 triangle and leaves the chain off it; ⌛ first, then the oldest", () => {
    const at = (day: number) => Date.UTC(2026, 11, day);
    const result = solveClearing([
      { id: 1, debtor: 1, creditor: 2, amount: 2000, overdue: false, createdAt: at(1) },
      { id: 2, debtor: 1, creditor: 2, amount: 2500, overdue: false, createdAt: at(3) },
      { id: 3, debtor: 1, creditor: 2, amount: 1500, overdue: true, createdAt: at(5) },
      { id: 4, debtor: 2, creditor: 3, amount: 3000, overdue: false, createdAt: at(1) },
      { id: 5, debtor: 3, creditor: 1, amount: 3000, overdue: false, createdAt: at(1) },
      { id: 6, debtor: 3, creditor: 4, amount: 5000, overdue: false, createdAt: at(1) },
    ]);
    expect(result.total).toBe(9000);
    // Anna (1) owes Boris (2) $60 in three: the ⌛ $15 goes first, then the older live $20 in part.
    expect(result.cleared).toEqual(
      new Map([
        [3, 1500],
        [1, 1500],
        [4, 3000],
        [5, 3000],
      ]),
    );
    expect(result.parts.get(1)).toEqual({
      noLongerOwe: [{ creditor: 2, amount: 3000 }],
      noLongerOwed: [{ debtor: 3, amount: 3000 }],
    });
    expect(result.parts.has(4)).toBe(false);
  });

  it("refuses an obligation owed to oneself or of no positive whole amount", () => {
    const o = { id: 1, debtor: 1, creditor: 2, amount: 100, overdue: false, createdAt: 0 };
    expect(() => solveClearing([{ ...o, creditor: 1 }])).toThrow(/owes oneself/);
    expect(() => solveClearing([{ ...o, amount: 0 }])).toThrow(/amount 0/);
    expect(() => solveClearing([{ ...o, amount: 1.5 }])).toThrow(/amount 1.5/);
    expect(() => solveClearing([o, o])).toThrow(/given twice/);
  });
});
