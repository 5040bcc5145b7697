import { MaxFlowGraph } from "./max-flow.ts";
import {
  type BalanceInstance,
  type BalanceLine,
  type BalanceResult,
  emergencyOrder,
  levelsOfPairs,
  pairKey,
} from "./model.ts";
import { ResidualGraph } from "./residual-graph.ts";

/** Node numbers of the network: t, s, the monthly hub M, the sink Z, then givers and collections. */
const T = 0;
const S = 1;
const M = 2;
const Z = 3;

/**
 * The balancer (OPTIMIZATION.md "Balancing"): every giver's plan at once, exact at each level, the
 * levels solved in sequence on one network.
 *
 * Nodes: t, s, a node per giver and per collection, a hub M for the monthly collections' cover and a
 * sink Z. Arcs: t → s (the plans' total); s → g (capacity U(g)); g → k twice, "keep" (capacity
 * i(g, k), cost −1) and "add" (cost +1), so that the cost of the pair is |x − i| − i; k → t
 * "overflow" (free: a kept intention may exceed the need); the "covered" arc k → M for a monthly
 * collection, k → Z for an emergency (capacity N(k)); M → Z.
 *
 * Levels 1–2 are a polymatroid greedy by maximum flows from s to Z (s → g → k → covered, no costs):
 * the covers y that some plan reaches form a polymatroid (f(A), the most the collections of A can
 * have together, is a maximum flow, and submodular), whose lexicographic maximum in the order
 * e₁, e₂, … (level 2) is the greedy y(e_j) = f({e₁ … e_j}) − f({e₁ … e_(j−1)}), and every greedy
 * vector extends to a maximum total (level 1). So: for each emergency by deadline, augment along
 * paths s ⇝ e_j that avoid M and Z — each raises e_j's cover and leaves every other as it is. When
 * none is left, {e₁ … e_j} hold f({e₁ … e_j}): a maximum flow into them, as no augmenting path ends
 * at e_j and none can end at an earlier e_i (it would give {e₁ … e_(j−1)} more than f of them).
 * Then a maximum flow s ⇝ Z on everything: an augmenting path ends at Z and never leaves it, so no
 * cover drops; at its end Σ y is the maximum (level 1), and no emergency has risen, since that
 * would give the emergencies up to it more than f of them.
 *
 * Level 3 then fixes those: the covered arc of emergency e gets capacity y*(e), M → Z the monthly
 * total Y_m (monthly covers may trade among themselves), and a minimum-cost flow sends
 * Y = Σ y*(e) + Y_m from t to Z. It starts from today's intentions kept, routed to overflow, where
 * every residual arc costs ≥ 0 (un-keep +1, add +1, the rest 0), so the primal–dual method applies
 * with π = 0 (residual-graph.ts); with costs in {−1, 0, +1} its phases are few. Z takes exactly Y
 * only with every covered arc of an emergency full and M → Z full, so any flow it finds holds levels
 * 1–2; a covered arc below min(N(k), inflow) while overflow flows would make Σ y exceed its maximum,
 * so the flow's covers are the plan's. Its cost is level 3 minus Σ i; minimum, and π proves it.
 *
 * Level 4 keeps levels 1–3 as they are: by complementary slackness under that π, the optimal flows
 * are exactly those that fill the arcs of negative reduced cost, leave those of positive reduced
 * cost empty, and move freely on the rest, with M → Z and the emergencies' covered arcs as they are.
 * Within that face, the highest lowest share of goal covered is found by bisection on the share t;
 * each step asks one maximum flow whether every monthly collection can be raised to the cover that
 * t asks for, while the others give up only what they hold above it (through M). Cover is whole
 * cents, so the share reached is within a cent per collection of the real-valued optimum.
 *
 * Why not one network simplex with lexicographic weights (as before): exact too, but on a network
 * of 100k givers and 15M pairs its pivots re-hang huge subtrees (over 500 s); these flows are a few
 * passes over the arcs each.
 */
export function solveBalance(instance: BalanceInstance): BalanceResult {
  const { givers, collections, pairs } = instance;
  const G = givers.length;
  const K = collections.length;
  const giverIndex = new Map(givers.map((g, i) => [g.id, i]));
  const collectionIndex = new Map(collections.map((c, j) => [c.id, j]));
  const giverNode = (i: number) => 4 + i;
  const collectionNode = (j: number) => 4 + G + j;
  const nodes = 4 + G + K;

  let useTotal = 0;
  for (const g of givers) useTotal += g.use;
  let needTotal = 0;
  for (const c of collections) needTotal += c.need;
  const INF = 2 * (useTotal + needTotal) + 1;

  let keeps = 0;
  for (const p of pairs) if (p.intention > 0) keeps++;
  const graph = new ResidualGraph(nodes, 2 + G + pairs.length + keeps + 2 * K);
  const tsArc = graph.addArc(T, S, 0, 0);
  const useArc = new Int32Array(G);
  givers.forEach((g, i) => {
    useArc[i] = graph.addArc(S, giverNode(i), g.use, 0);
  });
  const keepArc = new Int32Array(pairs.length).fill(-1);
  const addArc = new Int32Array(pairs.length);
  const intended = new Float64Array(G);
  const inflow = new Float64Array(K);
  pairs.forEach((p, n) => {
    const i = giverIndex.get(p.giverId);
    const j = collectionIndex.get(p.collectionId);
    if (i === undefined || j === undefined) {
      throw new Error(
        `balance: pair ${pairKey(p.giverId, p.collectionId)} names no giver/collection`,
      );
    }
    if (p.intention > 0) {
      keepArc[n] = graph.addArc(giverNode(i), collectionNode(j), p.intention, -1);
      intended[i] = (intended[i] as number) + p.intention;
      inflow[j] = (inflow[j] as number) + p.intention;
    }
    addArc[n] = graph.addArc(giverNode(i), collectionNode(j), INF, 1);
  });
  const overflowArc = new Int32Array(K);
  const coveredArc = new Int32Array(K);
  collections.forEach((c, j) => {
    overflowArc[j] = graph.addArc(collectionNode(j), T, 0, 0);
    coveredArc[j] = graph.addArc(collectionNode(j), c.kind === "monthly" ? M : Z, c.need, 0);
  });
  const hubArc = graph.addArc(M, Z, INF, 0);
  graph.seal();

  const started = performance.now();
  // Levels 1–2: no costs, no intentions; keep, overflow and t → s closed.
  const { cap, flow } = graph;
  for (let n = 0; n < pairs.length; n++) {
    const keep = keepArc[n] as number;
    if (keep >= 0) cap[keep] = 0;
  }
  const order = emergencyOrder(collections).map((id) => collectionIndex.get(id) as number);
  const scratch = {
    dist: new Int32Array(nodes),
    iter: new Int32Array(nodes),
    stack: new Int32Array(nodes),
    seen: new Int32Array(nodes),
    queue: new Int32Array(nodes),
    dead: new Uint8Array(nodes),
  };
  for (const j of order) {
    raiseEmergency(graph, collectionNode(j), coveredArc[j] as number, useArc, scratch);
  }
  graph.maxFlow(S, Z, INF);
  const covered = new Float64Array(K);
  let coveredTotal = 0;
  for (let j = 0; j < K; j++) {
    covered[j] = flow[coveredArc[j] as number] as number;
    coveredTotal += covered[j] as number;
  }
  const monthlyTotal = flow[hubArc] as number;

  // Level 3: from today's intentions, kept and routed to overflow.
  flow.fill(0);
  cap[tsArc] = INF;
  flow[tsArc] = intended.reduce((a, b) => a + b, 0);
  givers.forEach((g, i) => {
    if ((intended[i] as number) > g.use) {
      throw new Error(`balance: giver ${g.id}'s intentions exceed their use`);
    }
    flow[useArc[i] as number] = intended[i] as number;
  });
  pairs.forEach((p, n) => {
    const keep = keepArc[n] as number;
    if (keep >= 0) {
      cap[keep] = p.intention;
      flow[keep] = p.intention;
    }
  });
  collections.forEach((c, j) => {
    cap[overflowArc[j] as number] = INF;
    flow[overflowArc[j] as number] = inflow[j] as number;
    if (c.kind === "emergency") cap[coveredArc[j] as number] = covered[j] as number;
  });
  cap[hubArc] = monthlyTotal;
  const pi = new Float64Array(nodes);
  if (coveredTotal > 0) graph.minCostFlow(T, Z, coveredTotal, pi);
  const flowMs = performance.now() - started;

  const monthly: number[] = [];
  collections.forEach((c, j) => {
    if (c.kind === "monthly" && c.goal > 0 && c.need > 0) monthly.push(j);
  });
  const steps = raiseLowestShare(
    instance,
    graph,
    pi,
    monthly,
    coveredArc,
    new Set([hubArc, ...order.map((j) => coveredArc[j] as number)]),
    collectionNode,
  );
  const shareMs = performance.now() - started - flowMs;

  const amounts = new Float64Array(pairs.length);
  const lines: BalanceLine[] = [];
  pairs.forEach((p, n) => {
    const keep = keepArc[n] as number;
    const x = (keep >= 0 ? (flow[keep] as number) : 0) + (flow[addArc[n] as number] as number);
    amounts[n] = x;
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
  const { levels, covered: coveredById } = levelsOfPairs(instance, amounts);
  return {
    lines,
    covered: coveredById,
    levels,
    stats: { flowMs, shareMs, arcs: graph.arcCount, steps },
  };
}

/**
 * Level 2's step for one emergency e: augmenting paths s ⇝ e (then its covered arc), found
 * backwards from e by breadth-first search, never through t, M or Z, until none is left or e is
 * covered. First the direct paths s → g → e, which are most of them.
 */
function raiseEmergency(
  graph: ResidualGraph,
  e: number,
  covered: number,
  useArc: Int32Array,
  scratch: {
    dist: Int32Array;
    seen: Int32Array;
    queue: Int32Array;
    dead: Uint8Array;
    iter: Int32Array;
    stack: Int32Array;
  },
): void {
  const { first, adj, cap, flow } = graph;
  let left = (cap[covered] as number) - (flow[covered] as number);
  if (left <= 0) return;
  for (let p = first[e] as number, end = first[e + 1] as number; p < end && left > 0; p++) {
    const c = adj[p] as number;
    if (!(c & 1)) continue;
    const g = graph.target(c);
    if (g === T || g === M || g === Z) continue;
    const use = 2 * (useArc[g - 4] as number);
    const d = Math.min(left, graph.residual(use));
    if (d <= 0) continue;
    graph.push(use, d);
    graph.push(c ^ 1, d);
    graph.push(2 * covered, d);
    left -= d;
  }
  const { dist, seen, queue, dead, iter, stack } = scratch;
  while (left > 0) {
    // Distances to e over the residual arcs, backwards from e, until s has one.
    const stamp = (seen[T] as number) + 1; // t is never searched: it keeps the stamp
    seen[T] = stamp;
    seen[e] = stamp;
    dist[e] = 0;
    let qh = 0;
    let qt = 0;
    queue[qt++] = e;
    let found = false;
    while (qh < qt && !found) {
      const v = queue[qh++] as number;
      for (let p = first[v] as number, end = first[v + 1] as number; p < end; p++) {
        const c = adj[p] as number;
        const w = graph.target(c);
        if (w === T || w === M || w === Z || seen[w] === stamp || dead[w]) continue;
        if (graph.residual(c ^ 1) <= 0) continue;
        seen[w] = stamp;
        dist[w] = (dist[v] as number) + 1;
        iter[w] = first[w] as number;
        if (w === S) {
          found = true;
          break;
        }
        queue[qt++] = w;
      }
    }
    if (!found) {
      // Nothing the search reached can be reached from s, and no later augmentation changes that
      // (its path stays outside, so do the arcs it reverses): later searches skip these nodes.
      for (let i = 0; i < qt; i++) dead[queue[i] as number] = 1;
      return;
    }
    // A blocking flow from s along arcs one step closer to e (Dinic, backwards levels).
    let depth = 0;
    let u = S;
    while (left > 0) {
      if (u === e) {
        let d = left;
        for (let i = 0; i < depth; i++) d = Math.min(d, graph.residual(stack[i] as number));
        for (let i = 0; i < depth; i++) graph.push(stack[i] as number, d);
        graph.push(2 * covered, d);
        left -= d;
        let k = 0;
        while (k < depth && graph.residual(stack[k] as number) > 0) k++;
        depth = k;
        u = depth === 0 ? S : graph.target(stack[depth - 1] as number);
        continue;
      }
      const want = (dist[u] as number) - 1;
      let p = iter[u] as number;
      const end = first[u + 1] as number;
      for (; p < end; p++) {
        const c = adj[p] as number;
        const v = graph.target(c);
        if (seen[v] === stamp && dist[v] === want && graph.residual(c) > 0) break;
      }
      iter[u] = p;
      if (p === end) {
        dist[u] = -1;
        if (depth === 0) break;
        depth--;
        u = graph.target((stack[depth] as number) ^ 1);
        iter[u] = (iter[u] as number) + 1;
        continue;
      }
      const c = adj[p] as number;
      stack[depth++] = c;
      u = graph.target(c);
    }
  }
}

/** Level 4, in place on the graph's flow: see solveBalance. Returns how many maximum flows it asked. */
function raiseLowestShare(
  instance: BalanceInstance,
  graph: ResidualGraph,
  pi: Float64Array,
  monthly: number[],
  coveredArc: Int32Array,
  fixed: Set<number>,
  collectionNode: (j: number) => number,
): number {
  const { collections } = instance;
  if (monthly.length === 0) return 0;
  const { flow, cap, tail, head, cost } = graph;
  const reducedCost = (e: number) =>
    (cost[e] as number) + (pi[tail[e] as number] as number) - (pi[head[e] as number] as number);
  const share = (goal: number, need: number, y: number) => (goal - need + y) / goal;

  let lo = 1;
  let hi = 1;
  const isMonthlySlot = new Uint8Array(collections.length);
  for (const j of monthly) isMonthlySlot[j] = 1;
  collections.forEach((c, j) => {
    if (c.goal <= 0) return;
    const s = share(c.goal, c.need, flow[coveredArc[j] as number] as number);
    lo = Math.min(lo, s);
    // Emergencies' cover is fixed by level 2, and a collection without need cannot move.
    if (!isMonthlySlot[j]) hi = Math.min(hi, s);
  });
  if (hi - lo < 1e-12) return 0;

  // The face: arcs of reduced cost 0 move freely (both ways, within their bounds); the monthly
  // covered arcs are replaced by what each step of the bisection allows.
  const SINK = graph.nodeCount;
  const face = new MaxFlowGraph(graph.nodeCount + 1);
  const monthlyCovered = new Set(monthly.map((j) => coveredArc[j] as number));
  const faceArcs: { arc: number; residual: number }[] = [];
  for (let e = 0; e < graph.arcCount; e++) {
    if (monthlyCovered.has(e) || fixed.has(e) || reducedCost(e) !== 0) continue;
    const f = flow[e] as number;
    const room = (cap[e] as number) - f;
    if (room === 0 && f === 0) continue;
    faceArcs.push({
      arc: e,
      residual: face.addEdge(tail[e] as number, head[e] as number, room, f),
    });
  }
  const slots = monthly.map((j) => ({
    c: collections[j] as (typeof collections)[number],
    arc: coveredArc[j] as number,
    free: reducedCost(coveredArc[j] as number) === 0,
    // Raising: k → SINK carries the cover t asks for above today's.
    raise: face.addEdge(collectionNode(j), SINK, 0),
    // Lowering: M → k gives up cover held above what t asks for.
    lower: face.addEdge(M, collectionNode(j), 0),
  }));
  face.reset();

  let steps = 0;
  const attempt = (t: number): boolean => {
    steps++;
    face.reset();
    let wanted = 0;
    for (const s of slots) {
      const y = flow[s.arc] as number;
      const floor = Math.max(0, Math.ceil(t * s.c.goal - (s.c.goal - s.c.need) - 1e-9));
      const deficit = Math.max(0, floor - y);
      if (deficit > 0 && !s.free) return false;
      face.capacity[s.raise] = deficit;
      face.capacity[s.lower] = s.free ? Math.max(0, y - floor) : 0;
      wanted += deficit;
    }
    return wanted === 0 || face.maxFlow(M, SINK, wanted) === wanted;
  };

  // Bisection on the share, down to well below a cent of the largest goal.
  const maxGoal = slots.reduce((max, s) => Math.max(max, s.c.goal), 1);
  const precision = 1 / (4 * maxGoal);
  while (hi - lo > precision) {
    const mid = (lo + hi) / 2;
    if (attempt(mid)) lo = mid;
    else hi = mid;
  }
  if (!attempt(lo)) return steps;
  for (const { arc, residual } of faceArcs) {
    flow[arc] = (flow[arc] as number) + face.flowOn(residual);
  }
  for (const s of slots) {
    flow[s.arc] = (flow[s.arc] as number) + face.flowOn(s.raise) - face.flowOn(s.lower);
  }
  return steps;
}
