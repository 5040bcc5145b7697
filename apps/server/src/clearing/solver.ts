import { CirculationProblem } from "../balance/network-simplex.ts";
import { stronglyConnected } from "./strongly-connected.ts";
import { maximumCirculation } from "./unit-cost-flow.ts";

/**
 * The clearing solver (DOMAIN.md "Clearing of mutual obligations", OPTIMIZATION.md "Clearing"): the
 * set-off that clears the largest total amount of the offered obligations while every member's net
 * position stays what it was, no obligation grows and no new debtor–creditor pair appears.
 *
 * That is a maximum circulation on the graph of offered obligations (debtor → creditor):
 * - parallel obligations between one pair are one arc, their amounts summed (the solver cannot tell
 *   them apart, and fewer arcs is a smaller problem);
 * - only an arc inside a strongly connected component lies on a cycle, so only those can carry a
 *   circulation: the rest (chains, one-way trees of givers) is pruned before solving, which at scale
 *   removes most members and much of the debt;
 * - what is left is a minimum-cost circulation with cost −1 per unit on every arc and the arc's
 *   amount as its capacity, solved exactly (integral data, integral optimum) by the primal–dual
 *   method on what stays owed (unit-cost-flow.ts), or by network simplex for the tests' cross-check;
 * - each pair's cleared amount is spread back onto its obligations ⌛ first, then the oldest
 *   (createdAt, then id), whole cents.
 *
 * Net positions are unchanged, nothing grows and no pair is new by construction: the answer is a
 * circulation within the offered arcs' amounts. Everything is in integer cents.
 */

/** One offered obligation: the debtor owes the creditor `amount` cents. */
export interface OfferedObligation {
  id: number;
  debtor: number;
  creditor: number;
  amount: number;
  /** In the overdue archive ⌛: cleared before the live ones of the same pair. */
  overdue: boolean;
  /** Milliseconds; among obligations of one pair and one kind, the oldest is cleared first. */
  createdAt: number;
}

/** A member's part of a round, as they are shown it: per counterpart, summed over obligations. */
export interface ClearingPart {
  noLongerOwe: { creditor: number; amount: number }[];
  noLongerOwed: { debtor: number; amount: number }[];
}

export interface ClearingResult {
  /** Cleared cents by obligation id; only obligations with something cleared are present. */
  cleared: Map<number, number>;
  /** Σ cleared, the objective the solver maximized. */
  total: number;
  /** By member id; only members with something cleared are present. Lists by counterpart id. */
  parts: Map<number, ClearingPart>;
}

export function solveClearing(
  obligations: readonly OfferedObligation[],
  method: ClearingMethod = "primal-dual",
): ClearingResult {
  const graph = pairGraph(obligations);
  const onCycle = arcsOnCycles(graph);
  const clearedOfPair = clearedOfPairs(graph, onCycle, method);
  return spreadBack(obligations, graph, clearedOfPair);
}

/** The obligations as a graph of pairs: members numbered 0 … n − 1, one arc per debtor–creditor pair. */
export interface PairGraph {
  memberIds: number[];
  pairCount: number;
  pairDebtor: Int32Array;
  pairCreditor: Int32Array;
  /** Σ of the pair's obligations, cents. */
  pairAmount: Float64Array;
  /** The pair of each obligation, by its index in the input. */
  pairOf: Int32Array;
}

export function pairGraph(obligations: readonly OfferedObligation[]): PairGraph {
  const m = obligations.length;
  const memberIndex = new Map<number, number>();
  const memberIds: number[] = [];
  const node = (id: number) => {
    let i = memberIndex.get(id);
    if (i === undefined) {
      i = memberIds.length;
      memberIndex.set(id, i);
      memberIds.push(id);
    }
    return i;
  };
  const debtorOf = new Int32Array(m);
  const creditorOf = new Int32Array(m);
  const seen = new Set<number>();
  let sum = 0;
  for (let k = 0; k < m; k++) {
    const o = obligations[k] as OfferedObligation;
    if (o.debtor === o.creditor) throw new Error(`clearing: obligation ${o.id} owes oneself`);
    if (!Number.isSafeInteger(o.amount) || o.amount <= 0) {
      throw new Error(`clearing: obligation ${o.id} has amount ${o.amount}`);
    }
    if (seen.has(o.id)) throw new Error(`clearing: obligation ${o.id} given twice`);
    seen.add(o.id);
    sum += o.amount;
    debtorOf[k] = node(o.debtor);
    creditorOf[k] = node(o.creditor);
  }
  // The network simplex keeps flows in float64: exact while the total stays below 2^53.
  if (!Number.isSafeInteger(sum)) throw new Error("clearing: the offered total is too large");

  // Obligations by debtor (a counting sort), then each debtor's creditors told apart by a stamp:
  // typed arrays throughout, no map of a million pairs.
  const n = memberIds.length;
  const start = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) {
    const u = (debtorOf[k] as number) + 1;
    start[u] = (start[u] as number) + 1;
  }
  for (let u = 0; u < n; u++) start[u + 1] = (start[u + 1] as number) + (start[u] as number);
  const fill = start.slice(0, n);
  const byDebtor = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const u = debtorOf[k] as number;
    byDebtor[fill[u] as number] = k;
    fill[u] = (fill[u] as number) + 1;
  }
  const stamp = new Int32Array(n).fill(-1);
  const slot = new Int32Array(n);
  const pairOf = new Int32Array(m);
  const pairDebtor = new Int32Array(m);
  const pairCreditor = new Int32Array(m);
  const pairAmount = new Float64Array(m);
  let pairCount = 0;
  for (let u = 0; u < n; u++) {
    for (let i = start[u] as number, end = start[u + 1] as number; i < end; i++) {
      const k = byDebtor[i] as number;
      const v = creditorOf[k] as number;
      if (stamp[v] !== u) {
        stamp[v] = u;
        slot[v] = pairCount;
        pairDebtor[pairCount] = u;
        pairCreditor[pairCount++] = v;
      }
      const p = slot[v] as number;
      pairOf[k] = p;
      pairAmount[p] = (pairAmount[p] as number) + (obligations[k] as OfferedObligation).amount;
    }
  }
  return {
    memberIds,
    pairCount,
    pairDebtor: pairDebtor.subarray(0, pairCount),
    pairCreditor: pairCreditor.subarray(0, pairCount),
    pairAmount: pairAmount.subarray(0, pairCount),
    pairOf,
  };
}

/** Which pairs lie on a cycle: both ends in one strongly connected component. */
export function arcsOnCycles(graph: PairGraph): Uint8Array {
  const n = graph.memberIds.length;
  const { pairCount, pairDebtor, pairCreditor } = graph;
  const start = new Int32Array(n + 1);
  for (let p = 0; p < pairCount; p++) {
    const u = (pairDebtor[p] as number) + 1;
    start[u] = (start[u] as number) + 1;
  }
  for (let u = 0; u < n; u++) start[u + 1] = (start[u + 1] as number) + (start[u] as number);
  const fill = start.slice(0, n);
  const head = new Int32Array(pairCount);
  for (let p = 0; p < pairCount; p++) {
    const u = pairDebtor[p] as number;
    head[fill[u] as number] = pairCreditor[p] as number;
    fill[u] = (fill[u] as number) + 1;
  }
  const { component } = stronglyConnected(n, start, head);
  const onCycle = new Uint8Array(pairCount);
  for (let p = 0; p < pairCount; p++) {
    if (component[pairDebtor[p] as number] === component[pairCreditor[p] as number]) onCycle[p] = 1;
  }
  return onCycle;
}

/**
 * How the maximum circulation is found: "primal-dual" (unit-cost-flow.ts), the one that scales, or
 * "network-simplex" (a min-cost circulation with cost −1 per unit on every arc through
 * CirculationProblem), kept as a second exact method for the tests to hold the first to.
 */
export type ClearingMethod = "primal-dual" | "network-simplex";

/** The cleared amount of every pair: a maximum circulation on the pairs on cycles. */
function clearedOfPairs(
  graph: PairGraph,
  onCycle: Uint8Array,
  method: ClearingMethod,
): Float64Array {
  const { pairCount, pairDebtor, pairCreditor, pairAmount } = graph;
  const cleared = new Float64Array(pairCount);
  // Only members with an arc on a cycle become nodes: the others could take no part.
  const nodeOf = new Int32Array(graph.memberIds.length).fill(-1);
  let nodes = 0;
  let arcs = 0;
  for (let p = 0; p < pairCount; p++) {
    if (!onCycle[p]) continue;
    arcs++;
    const u = pairDebtor[p] as number;
    const v = pairCreditor[p] as number;
    if (nodeOf[u] === -1) nodeOf[u] = nodes++;
    if (nodeOf[v] === -1) nodeOf[v] = nodes++;
  }
  if (arcs === 0) return cleared;
  const arcPair = new Int32Array(arcs);
  const from = new Int32Array(arcs);
  const to = new Int32Array(arcs);
  const amount = new Float64Array(arcs);
  for (let p = 0, a = 0; p < pairCount; p++) {
    if (!onCycle[p]) continue;
    arcPair[a] = p;
    from[a] = nodeOf[pairDebtor[p] as number] as number;
    to[a] = nodeOf[pairCreditor[p] as number] as number;
    amount[a++] = pairAmount[p] as number;
  }
  let flow: Float64Array;
  if (method === "primal-dual") {
    flow = maximumCirculation(nodes, from, to, amount);
  } else {
    const problem = new CirculationProblem(nodes);
    for (let a = 0; a < arcs; a++) {
      problem.addArc(from[a] as number, to[a] as number, amount[a] as number, -1);
    }
    flow = problem.solve().flow;
  }
  for (let a = 0; a < arcs; a++) {
    const x = flow[a] as number;
    if (!Number.isInteger(x) || x < 0 || x > (amount[a] as number)) {
      throw new Error(`clearing: ${method} cleared ${x} of ${amount[a]}`);
    }
    cleared[arcPair[a] as number] = x;
  }
  return cleared;
}

/** Each pair's cleared amount onto its obligations (⌛ first, then oldest), and everyone's part. */
function spreadBack(
  obligations: readonly OfferedObligation[],
  graph: PairGraph,
  clearedOfPair: Float64Array,
): ClearingResult {
  const { pairCount, pairDebtor, pairCreditor, pairOf, memberIds } = graph;
  // The obligations of the pairs with something cleared, grouped by pair (a counting sort).
  const groupStart = new Int32Array(pairCount + 1);
  for (let k = 0; k < obligations.length; k++) {
    const p = pairOf[k] as number;
    if ((clearedOfPair[p] as number) > 0) groupStart[p + 1] = (groupStart[p + 1] as number) + 1;
  }
  for (let p = 0; p < pairCount; p++) {
    groupStart[p + 1] = (groupStart[p + 1] as number) + (groupStart[p] as number);
  }
  const fill = groupStart.slice(0, pairCount);
  const grouped = new Int32Array(groupStart[pairCount] as number);
  for (let k = 0; k < obligations.length; k++) {
    const p = pairOf[k] as number;
    if ((clearedOfPair[p] as number) === 0) continue;
    grouped[fill[p] as number] = k;
    fill[p] = (fill[p] as number) + 1;
  }

  const cleared = new Map<number, number>();
  const parts = new Map<number, ClearingPart>();
  const partOf = (member: number) => {
    let part = parts.get(member);
    if (!part) {
      part = { noLongerOwe: [], noLongerOwed: [] };
      parts.set(member, part);
    }
    return part;
  };
  let total = 0;
  for (let p = 0; p < pairCount; p++) {
    const amount = clearedOfPair[p] as number;
    if (amount === 0) continue;
    total += amount;
    let left = amount;
    const group: OfferedObligation[] = [];
    for (let i = groupStart[p] as number, end = groupStart[p + 1] as number; i < end; i++) {
      group.push(obligations[grouped[i] as number] as OfferedObligation);
    }
    if (group.length > 1) group.sort(clearingOrder);
    for (const o of group) {
      if (left === 0) break;
      const take = Math.min(left, o.amount);
      cleared.set(o.id, take);
      left -= take;
    }
    const debtor = memberIds[pairDebtor[p] as number] as number;
    const creditor = memberIds[pairCreditor[p] as number] as number;
    partOf(debtor).noLongerOwe.push({ creditor, amount });
    partOf(creditor).noLongerOwed.push({ debtor, amount });
  }
  for (const part of parts.values()) {
    part.noLongerOwe.sort((a, b) => a.creditor - b.creditor);
    part.noLongerOwed.sort((a, b) => a.debtor - b.debtor);
  }
  return { cleared, total, parts };
}

/** Within one pair: ⌛ first, then the oldest, then the lowest id. */
export function clearingOrder(a: OfferedObligation, b: OfferedObligation): number {
  return Number(b.overdue) - Number(a.overdue) || a.createdAt - b.createdAt || a.id - b.id;
}
