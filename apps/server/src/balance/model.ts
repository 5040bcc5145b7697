/**
 * Balancing as data (DOMAIN.md "Balancing: the network's best split"; OPTIMIZATION.md "Balancing"):
 * what the solver reads and what it answers. Amounts are integers in minor units (cents).
 *
 * The loader (load.ts) builds an instance from the books; the solver (solver.ts) answers it; the
 * plans (plans.ts) keep each giver's part; the independent check (exact.ts) answers
 * the same instance with HiGHS, level by level.
 */

export interface BalanceGiver {
  id: number;
  /**
   * U(g): the most the giver's plan may total. max(Σ current intentions to the giver's allowed
   * collections, budget − committed) with a budget, Σ current intentions without one.
   */
  use: number;
}

export interface BalanceCollection {
  id: number;
  kind: "monthly" | "emergency";
  goal: number;
  /**
   * N(k): what the plans may cover, ≥ 0: goal − 🤝 − 👍 (obligations, fulfilled and confirmed of
   * this period), minus the intentions that take no part in balancing (a frozen giver's), never
   * below 0.
   */
  need: number;
  /** An emergency's deadline (epoch ms); null for a monthly collection. */
  deadline: number | null;
}

/** An allowed pair (g, k) ∈ A, with the giver's current intention i(g, k) (0 if none). */
export interface BalancePair {
  giverId: number;
  collectionId: number;
  intention: number;
}

export interface BalanceInstance {
  givers: BalanceGiver[];
  collections: BalanceCollection[];
  /** Every allowed pair; a pair with a current intention is always listed. */
  pairs: BalancePair[];
}

/** x(g, k) for one pair: the plan's amount (a line with 0 means "withdraw" when intention > 0). */
export interface BalanceLine {
  giverId: number;
  collectionId: number;
  intention: number;
  amount: number;
}

export interface BalanceLevels {
  /** Level 1: Σ_k (N(k) − y(k)). */
  uncovered: number;
  /** Level 2: y(e) for the emergencies by deadline, then id (their ids in the same order). */
  emergencyOrder: number[];
  emergencyCovered: number[];
  /** Level 3: Σ |x − i| over all pairs. */
  moved: number;
  /** Level 4: min over collections of (goal − N + y) / goal (1 when there are none). */
  lowestShare: number;
}

export interface BalanceResult {
  /** One line per pair whose intention or amount is > 0, ordered by giver, then collection. */
  lines: BalanceLine[];
  /** y(k) for every collection, by id. */
  covered: Map<number, number>;
  levels: BalanceLevels;
}

/** Emergencies first by deadline, then by id (level 2's order). */
export function emergencyOrder(collections: readonly BalanceCollection[]): number[] {
  return collections
    .filter((c) => c.kind === "emergency")
    .sort((a, b) => (a.deadline ?? 0) - (b.deadline ?? 0) || a.id - b.id)
    .map((c) => c.id);
}

/**
 * The four levels of a plan (any x, not only the solver's): y(k) = min(N(k), Σ_g x(g, k)).
 * Used by the solver for its answer and by the tests on both answers. `amounts` by pair key.
 */
export function levelsOf(
  instance: BalanceInstance,
  amounts: ReadonlyMap<string, number>,
): { levels: BalanceLevels; covered: Map<number, number> } {
  return levelsOfPairs(
    instance,
    instance.pairs.map((p) => amounts.get(pairKey(p.giverId, p.collectionId)) ?? 0),
  );
}

/** levelsOf with x given in the order of instance.pairs (no map: an instance may hold millions). */
export function levelsOfPairs(
  instance: BalanceInstance,
  amounts: ArrayLike<number>,
): { levels: BalanceLevels; covered: Map<number, number> } {
  const into = new Map<number, number>();
  let moved = 0;
  instance.pairs.forEach((p, i) => {
    const x = amounts[i] ?? 0;
    into.set(p.collectionId, (into.get(p.collectionId) ?? 0) + x);
    moved += Math.abs(x - p.intention);
  });
  const covered = new Map<number, number>();
  let uncovered = 0;
  let lowestShare = 1;
  for (const c of instance.collections) {
    const y = Math.min(c.need, into.get(c.id) ?? 0);
    covered.set(c.id, y);
    uncovered += c.need - y;
    if (c.goal > 0) lowestShare = Math.min(lowestShare, (c.goal - c.need + y) / c.goal);
  }
  const order = emergencyOrder(instance.collections);
  return {
    covered,
    levels: {
      uncovered,
      emergencyOrder: order,
      emergencyCovered: order.map((id) => covered.get(id) ?? 0),
      moved,
      lowestShare,
    },
  };
}

export function pairKey(giverId: number, collectionId: number): string {
  return `${giverId}:${collectionId}`;
}
