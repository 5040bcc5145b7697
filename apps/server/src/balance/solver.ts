import { MaxFlowGraph } from "./max-flow.ts";
import {
  type BalanceInstance,
  type BalanceLine,
  type BalanceResult,
  emergencyOrder,
  levelsOfPairs,
  pairKey,
} from "./model.ts";
import { CirculationProblem } from "./network-simplex.ts";

/**
 * The balancer (OPTIMIZATION.md "Balancing"): every giver's plan at once, exact at each level.
 *
 * Levels 1–3 are one minimum-cost circulation. Nodes: s, t, a node per giver and per collection.
 * Arcs: t → s (the plans' total); s → g (capacity U(g)); g → k twice, "keep" (capacity i(g, k),
 * cost −1) and "add" (cost +1), so that the cost of the pair is |x − i| − i; k → t "covered"
 * (capacity N(k), cost −w(k)) and "overflow" (free: a kept intention may exceed the need).
 *
 * The weights make the levels lexicographic. A simple cycle of the residual graph passes t at most
 * once, so it raises one collection's cover and lowers at most one other's, and its keep/add arcs
 * change level 3 by at most 2·min(G, K) per unit. With P = 2·min(G, K) + 1, a monthly collection
 * weighs P and the j-th of m emergencies (by deadline) (m − j + 2)·P: then every cycle's cost has
 * the sign of its change in the order of the levels (1, then 2 by deadline, then 3), so a
 * minimum-cost circulation is the lexicographic optimum of levels 1–3 (the difference of two
 * circulations splits into such cycles). Weights stay below (m + 2)·P, potentials below nodes ×
 * that: exact in float64 for any network this app will hold.
 *
 * Level 4 keeps levels 1–3 as they are: by complementary slackness, the optimal circulations are
 * exactly those that fill the arcs of negative reduced cost, leave those of positive reduced cost
 * empty, and move freely on the rest. Within that face, the highest lowest share of goal covered is
 * found by bisection on the share t; each step asks one maximum flow whether every monthly
 * collection can be raised to the cover that t asks for, while the others give up only what they
 * hold above it. Cover is whole cents, so the share reached is within a cent per collection of the
 * real-valued optimum.
 */
export function solveBalance(instance: BalanceInstance): BalanceResult {
  const { givers, collections, pairs } = instance;
  const G = givers.length;
  const K = collections.length;
  const S = 0;
  const T = 1;
  const giverNode = new Map(givers.map((g, i) => [g.id, 2 + i]));
  const collectionNode = new Map(collections.map((c, j) => [c.id, 2 + G + j]));
  const nodes = 2 + G + K;

  const total = givers.reduce((sum, g) => sum + g.use, 0);
  const P = 2 * Math.min(G, K) + 1;
  const order = emergencyOrder(collections);
  const weight = new Map<number, number>();
  for (const c of collections) weight.set(c.id, P);
  order.forEach((id, j) => {
    weight.set(id, (order.length - j + 1) * P);
  });

  const problem = new CirculationProblem(nodes);
  problem.addArc(T, S, total, 0);
  const useOf = new Map<number, number>();
  for (const g of givers) {
    problem.addArc(S, giverNode.get(g.id) as number, g.use, 0);
    useOf.set(g.id, g.use);
  }
  const keepArc: number[] = [];
  const addArc: number[] = [];
  for (const p of pairs) {
    const u = giverNode.get(p.giverId);
    const v = collectionNode.get(p.collectionId);
    if (u === undefined || v === undefined) {
      throw new Error(
        `balance: pair ${pairKey(p.giverId, p.collectionId)} names no giver/collection`,
      );
    }
    keepArc.push(p.intention > 0 ? problem.addArc(u, v, p.intention, -1) : -1);
    addArc.push(problem.addArc(u, v, useOf.get(p.giverId) as number, 1));
  }
  const coveredArc = new Map<number, number>();
  for (const c of collections) {
    const v = collectionNode.get(c.id) as number;
    if (c.need > 0)
      coveredArc.set(c.id, problem.addArc(v, T, c.need, -(weight.get(c.id) as number)));
    problem.addArc(v, T, total, 0);
  }

  const started = performance.now();
  const solved = problem.solve();
  const flow = Float64Array.from(solved.flow);
  const flowMs = performance.now() - started;
  const steps = raiseLowestShare(
    instance,
    problem,
    solved,
    flow,
    coveredArc,
    collectionNode,
    nodes,
  );
  const shareMs = performance.now() - started - flowMs;

  const amounts = new Float64Array(pairs.length);
  const lines: BalanceLine[] = [];
  pairs.forEach((p, i) => {
    const keep = keepArc[i] as number;
    const x = (keep >= 0 ? (flow[keep] as number) : 0) + (flow[addArc[i] as number] as number);
    amounts[i] = x;
    if (x > 0 || p.intention > 0) {
      lines.push({
        giverId: p.giverId,
        collectionId: p.collectionId,
        intention: p.intention,
        amount: x,
      });
    }
  });
  lines.sort((a, b) => a.giverId - b.giverId || a.collectionId - b.collectionId);
  const { levels, covered } = levelsOfPairs(instance, amounts);
  return { lines, covered, levels, stats: { flowMs, shareMs, arcs: problem.arcCount, steps } };
}

/** Level 4, in place on `flow`: see solveBalance. Returns how many maximum flows it asked. */
function raiseLowestShare(
  instance: BalanceInstance,
  problem: CirculationProblem,
  solved: { reducedCost(arc: number): number },
  flow: Float64Array,
  coveredArc: Map<number, number>,
  collectionNode: Map<number, number>,
  nodes: number,
): number {
  const T = 1;
  const monthly = instance.collections.filter(
    (c) => c.kind === "monthly" && c.goal > 0 && coveredArc.has(c.id),
  );
  if (monthly.length === 0) return 0;
  const coverOf = (id: number) => flow[coveredArc.get(id) as number] as number;
  const share = (goal: number, need: number, y: number) => (goal - need + y) / goal;

  let lo = 1;
  let hi = 1;
  for (const c of instance.collections) {
    if (c.goal <= 0) continue;
    const arc = coveredArc.get(c.id);
    const s = share(c.goal, c.need, arc === undefined ? 0 : (flow[arc] as number));
    lo = Math.min(lo, s);
    // Emergencies' cover is fixed by level 2, and a collection without a covered arc cannot move.
    if (c.kind === "emergency" || arc === undefined) hi = Math.min(hi, s);
  }
  if (hi - lo < 1e-12) return 0;

  // The face: arcs of reduced cost 0 move freely (both ways, within their bounds); the monthly
  // covered arcs are replaced by what each step of the bisection allows.
  const SINK = nodes;
  const graph = new MaxFlowGraph(nodes + 1);
  const monthlyCovered = new Set(monthly.map((c) => coveredArc.get(c.id) as number));
  const faceArcs: { arc: number; residual: number }[] = [];
  const arcs = problem.arcCount;
  const endpoints = problem;
  for (let e = 0; e < arcs; e++) {
    if (monthlyCovered.has(e) || solved.reducedCost(e) !== 0) continue;
    const f = flow[e] as number;
    const cap = endpoints.capacities[e] as number;
    if (cap - f === 0 && f === 0) continue;
    faceArcs.push({
      arc: e,
      residual: graph.addEdge(endpoints.from[e] as number, endpoints.to[e] as number, cap - f, f),
    });
  }
  const slots = monthly.map((c) => {
    const v = collectionNode.get(c.id) as number;
    const free = solved.reducedCost(coveredArc.get(c.id) as number) === 0;
    return {
      c,
      free,
      // Raising: k → SINK carries the cover t asks for above today's; k → t any further rise.
      raise: graph.addEdge(v, SINK, 0),
      rise: graph.addEdge(v, T, 0),
      // Lowering: t → k gives up cover held above what t asks for.
      lower: graph.addEdge(T, v, 0),
    };
  });
  graph.reset();

  let steps = 0;
  const attempt = (t: number): boolean => {
    steps++;
    graph.reset();
    let wanted = 0;
    for (const s of slots) {
      const y = coverOf(s.c.id);
      const floor = Math.max(0, Math.ceil(t * s.c.goal - (s.c.goal - s.c.need) - 1e-9));
      const deficit = Math.max(0, floor - y);
      if (deficit > 0 && !s.free) return false;
      graph.capacity[s.raise] = deficit;
      graph.capacity[s.rise] = s.free ? s.c.need - y - deficit : 0;
      graph.capacity[s.lower] = s.free ? Math.max(0, y - floor) : 0;
      wanted += deficit;
    }
    return wanted === 0 || graph.maxFlow(T, SINK, wanted) === wanted;
  };

  // Bisection on the share, down to well below a cent of the largest goal.
  const maxGoal = monthly.reduce((max, c) => Math.max(max, c.goal), 1);
  const precision = 1 / (4 * maxGoal);
  while (hi - lo > precision) {
    const mid = (lo + hi) / 2;
    if (attempt(mid)) lo = mid;
    else hi = mid;
  }
  if (!attempt(lo)) return steps;
  for (const { arc, residual } of faceArcs) {
    flow[arc] = (flow[arc] as number) + graph.flowOn(residual);
  }
  for (const s of slots) {
    const arc = coveredArc.get(s.c.id) as number;
    flow[arc] =
      (flow[arc] as number) + graph.flowOn(s.raise) + graph.flowOn(s.rise) - graph.flowOn(s.lower);
  }
  return steps;
}
