/**
 * The independent check of the balancer (tests only): the same four levels as OPTIMIZATION.md
 * "Balancing" states them, answered as a sequence of linear programs by HiGHS (a general LP solver,
 * nothing shared with solver.ts), each level optimized with the ones before it held at their optimum.
 * A second, even plainer witness for tiny instances is `bruteForceBalance`: every integral plan tried.
 *
 * Variables: x(g,k) ≥ 0 on the allowed pairs, 0 ≤ y(k) ≤ N(k), d⁺/d⁻ ≥ 0 with x − d⁺ + d⁻ = i
 * (so |x − i| ≤ d⁺ + d⁻, tight at a minimum), and t ≤ 1, the lowest share.
 */

import loadHighs from "highs";
import {
  type BalanceInstance,
  type BalanceLevels,
  emergencyOrder,
  levelsOf,
  pairKey,
} from "./model.ts";

/**
 * Levels 1–3 are held at their rounded (integral, hence exactly attainable) optimum: no slack, since
 * slack would let level 4 gain a little that no plan can. HiGHS's own feasibility tolerance absorbs
 * the floating point. FLOAT_SLACK is only for reading values back.
 */
const FLOAT_SLACK = 1e-6;
/** Levels 1–3 are integral in exact arithmetic; an LP answer further from an integer is a bug. */
const INTEGRAL_TOLERANCE = 1e-4;

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highsOnce: Promise<Highs> | undefined;

/** One line of an LP's objective or constraint: coefficient × variable name. */
type Term = readonly [number, string];

interface Constraint {
  terms: Term[];
  sense: "<=" | ">=" | "=";
  rhs: number;
}

/**
 * The exact optimum's levels for an instance, by sequential LPs: (1) max Σ y; (2) for each emergency
 * by deadline, max y(e); (3) min Σ |x − i|; (4) max t, t ≤ (goal − N + y) / goal for every collection.
 */
export async function exactBalance(instance: BalanceInstance): Promise<{ levels: BalanceLevels }> {
  highsOnce ??= loadHighs();
  const highs = await highsOnce;
  const order = emergencyOrder(instance.collections);
  if (instance.pairs.length === 0) {
    // Nothing may be given: x = 0 is the only plan, and its levels are the answer.
    return { levels: levelsOf(instance, new Map()).levels };
  }

  const useOf = new Map(instance.givers.map((g) => [g.id, g.use]));
  const collectionIndex = new Map(instance.collections.map((c, j) => [c.id, j]));
  const x = (p: number) => `x${p}`;
  const y = (j: number) => `y${j}`;
  const constraints: Constraint[] = [];

  // Σ_k x(g,k) ≤ U(g).
  const pairsOfGiver = new Map<number, Term[]>();
  // y(k) ≤ Σ_g x(g,k).
  const intoCollection = instance.collections.map((_, j): Term[] => [[1, y(j)]]);
  instance.pairs.forEach((p, n) => {
    const use = useOf.get(p.giverId);
    if (use === undefined) throw new Error(`pair ${pairKey(p.giverId, p.collectionId)}: no giver`);
    const ofGiver = pairsOfGiver.get(p.giverId) ?? [];
    ofGiver.push([1, x(n)]);
    pairsOfGiver.set(p.giverId, ofGiver);
    const j = collectionIndex.get(p.collectionId);
    if (j !== undefined) intoCollection[j]?.push([-1, x(n)]);
    // x − d⁺ + d⁻ = i.
    constraints.push({
      terms: [
        [1, x(n)],
        [-1, `dp${n}`],
        [1, `dm${n}`],
      ],
      sense: "=",
      rhs: p.intention,
    });
  });
  for (const [giverId, terms] of pairsOfGiver) {
    constraints.push({ terms, sense: "<=", rhs: useOf.get(giverId) ?? 0 });
  }
  for (const terms of intoCollection) constraints.push({ terms, sense: "<=", rhs: 0 });
  // goal · t − y(k) ≤ goal − N(k), i.e. t ≤ (goal − N + y) / goal.
  instance.collections.forEach((c, j) => {
    if (c.goal > 0) {
      constraints.push({
        terms: [
          [c.goal, "t"],
          [-1, y(j)],
        ],
        sense: "<=",
        rhs: c.goal - c.need,
      });
    }
  });

  const bounds = [
    ...instance.collections.map((c, j) => `0 <= ${y(j)} <= ${c.need}`),
    "-inf <= t <= 1",
  ];
  const solve = (sense: "Maximize" | "Minimize", objective: Term[]) => {
    const text = [
      sense,
      ` obj: ${linear(objective)}`,
      "Subject To",
      ...constraints.map((c, n) => ` c${n}: ${linear(c.terms)} ${c.sense} ${c.rhs}`),
      "Bounds",
      ...bounds.map((b) => ` ${b}`),
      "End",
    ].join("\n");
    const result = highs.solve(text, { output_flag: false });
    if (result.Status !== "Optimal") throw new Error(`HiGHS: ${result.Status}`);
    const value = (name: string) => result.Columns[name]?.Primal ?? 0;
    return { objective: result.ObjectiveValue, value };
  };

  const allY = instance.collections.map((_, j): Term => [1, y(j)]);
  const totalNeed = instance.collections.reduce((s, c) => s + c.need, 0);

  // Level 1: the most covered (the least uncovered).
  let last = solve("Maximize", allY.length > 0 ? allY : [[0, x(0)]]);
  const covered = integral(last.objective, "level 1");
  constraints.push({ terms: allY, sense: ">=", rhs: covered });

  // Level 2: each emergency in turn, nearest deadline first.
  const emergencyCovered: number[] = [];
  for (const id of order) {
    const j = collectionIndex.get(id) ?? -1;
    const need = instance.collections[j]?.need ?? 0;
    // Already at its need in the last optimum: no plan covers it more, so there is nothing to solve.
    let best = need;
    if (last.value(y(j)) < need - FLOAT_SLACK) {
      last = solve("Maximize", [[1, y(j)]]);
      best = integral(last.objective, `level 2 (collection ${id})`);
    }
    emergencyCovered.push(best);
    constraints.push({ terms: [[1, y(j)]], sense: ">=", rhs: best });
  }

  // Level 3: the least moved.
  const deviations = instance.pairs.flatMap((_, n): Term[] => [
    [1, `dp${n}`],
    [1, `dm${n}`],
  ]);
  last = solve("Minimize", deviations);
  const moved = integral(last.objective, "level 3");
  constraints.push({ terms: deviations, sense: "<=", rhs: moved });

  // Level 4: the highest lowest share of goal.
  last = solve("Maximize", [[1, "t"]]);
  const lowestShare = instance.collections.some((c) => c.goal > 0) ? last.objective : 1;

  return {
    levels: {
      uncovered: totalNeed - covered,
      emergencyOrder: order,
      emergencyCovered,
      moved,
      lowestShare,
    },
  };
}

function linear(terms: readonly Term[]): string {
  // Short lines: the LP format's readers are happier with them.
  const parts = terms.map(
    ([a, v], n) => `${n > 0 && a >= 0 ? "+ " : ""}${a < 0 ? "- " : ""}${Math.abs(a)} ${v}`,
  );
  const lines: string[] = [];
  for (let n = 0; n < parts.length; n += 20) lines.push(parts.slice(n, n + 20).join(" "));
  return lines.join("\n   ");
}

function integral(value: number, level: string): number {
  const rounded = Math.round(value);
  if (Math.abs(value - rounded) > INTEGRAL_TOLERANCE) {
    throw new Error(`${level}: the LP optimum ${value} is not integral`);
  }
  return rounded;
}

/** Is plan a better than plan b, level by level (levels 1–4, nothing else)? */
export function compareLevels(a: BalanceLevels, b: BalanceLevels): number {
  if (a.uncovered !== b.uncovered) return b.uncovered - a.uncovered;
  for (let n = 0; n < a.emergencyCovered.length; n++) {
    const d = (a.emergencyCovered[n] ?? 0) - (b.emergencyCovered[n] ?? 0);
    if (d !== 0) return d;
  }
  if (a.moved !== b.moved) return b.moved - a.moved;
  return a.lowestShare - b.lowestShare;
}

/**
 * The best integral plan of a tiny instance by trying every one: each pair's amount from 0 to its
 * giver's use, within every giver's use. Exponential in the pairs — a handful at most.
 */
export function bruteForceBalance(instance: BalanceInstance): {
  levels: BalanceLevels;
  amounts: Map<string, number>;
} {
  const useOf = new Map(instance.givers.map((g) => [g.id, g.use]));
  const { pairs } = instance;
  const amounts = new Map<string, number>();
  const left = new Map(useOf);
  let best: { levels: BalanceLevels; amounts: Map<string, number> } | undefined;
  const visit = (n: number) => {
    if (n === pairs.length) {
      const { levels } = levelsOf(instance, amounts);
      if (best === undefined || compareLevels(levels, best.levels) > 0) {
        best = { levels, amounts: new Map(amounts) };
      }
      return;
    }
    const p = pairs[n];
    if (p === undefined) return;
    const room = left.get(p.giverId) ?? 0;
    for (let a = 0; a <= room; a++) {
      amounts.set(pairKey(p.giverId, p.collectionId), a);
      left.set(p.giverId, room - a);
      visit(n + 1);
    }
    left.set(p.giverId, room);
    amounts.delete(pairKey(p.giverId, p.collectionId));
  };
  visit(0);
  if (best === undefined) throw new Error("no plan at all");
  return best;
}
