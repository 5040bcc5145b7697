/**
 * The maximum circulation of clearing, at the scale of a whole network, by the primal–dual method for
 * minimum-cost flow (Ahuja, Magnanti & Orlin, "Network Flows", §9.8) on its complement.
 *
 * A circulation c with 0 ≤ c ≤ a is a maximum one exactly when what stays owed, d = a − c, is a
 * cheapest flow that leaves every member's net position as the offered amounts make it: supply
 * b(u) = Σ a out of u − Σ a into u, each unit of d costing 1 (Σ c = Σ a − Σ d). With every cost 1
 * the method's phases are few: each one finds the shortest remaining distance from the members who
 * owe on net to those owed on net (Dijkstra over reduced costs, from a super-source S to a super-sink
 * T) and then sends a maximum flow along the arcs of reduced cost 0 (Dinic's blocking flows), so the
 * distance grows by at least one per phase and never beyond the number of members. Each phase's
 * Dijkstra settles every node as near as T, and the arcs of reduced cost 0 among those are copied
 * into arrays of their own once a phase, with their residual capacities and mates: Dinic's many
 * rounds then scan a third of the residual graph, in order, instead of all of it at random (on the
 * benchmark's million obligations: 16 phases, 416 rounds).
 *
 * Why not network simplex (../balance/network-simplex.ts), as for balancing: it is exact here too,
 * and the tests hold the two to the same optimum, but on graphs of this shape each of its pivots
 * re-hangs a subtree of thousands of members, so it grows quadratically (a 300,000-obligation
 * instance took 20 s, a million would take minutes); this method stays near linear per phase.
 *
 * Integral capacities give an integral answer: every augmentation is a whole number of cents.
 */

/**
 * The cleared amount c on every arc u → v (capacity `amount`, integers, no self-loops) of a maximum
 * circulation. Amounts are kept in float64: exact while Σ amount < 2^53.
 */
export function maximumCirculation(
  nodeCount: number,
  from: Int32Array,
  to: Int32Array,
  amount: Float64Array,
): Float64Array {
  const n = nodeCount;
  const m = from.length;
  const cleared = new Float64Array(m);
  if (m === 0) return cleared;

  const supply = new Float64Array(n);
  for (let e = 0; e < m; e++) {
    supply[from[e] as number] = (supply[from[e] as number] as number) + (amount[e] as number);
    supply[to[e] as number] = (supply[to[e] as number] as number) - (amount[e] as number);
  }
  const S = n;
  const T = n + 1;
  const N = n + 2;
  let extra = 0;
  let owedOnNet = 0;
  for (let u = 0; u < n; u++) {
    if (supply[u] !== 0) extra++;
    if ((supply[u] as number) > 0) owedOnNet += supply[u] as number;
  }
  if (owedOnNet === 0) {
    // Every net position is 0: the offered amounts are themselves a circulation, all cleared.
    cleared.set(amount);
    return cleared;
  }

  // The arcs, then S → u (supply) and u → T (demand), cost 1 for the members' arcs and 0 for the rest.
  const E = m + extra;
  const arcTail = new Int32Array(E);
  const arcHead = new Int32Array(E);
  const arcCap = new Float64Array(E);
  arcTail.set(from);
  arcHead.set(to);
  arcCap.set(amount);
  for (let u = 0, e = m; u < n; u++) {
    const b = supply[u] as number;
    if (b > 0) {
      arcTail[e] = S;
      arcHead[e] = u;
      arcCap[e++] = b;
    } else if (b < 0) {
      arcTail[e] = u;
      arcHead[e] = T;
      arcCap[e++] = -b;
    }
  }

  // The residual graph in compressed adjacency: every arc once forward and once backward, each
  // position knowing its reverse's (mate).
  const R = 2 * E;
  const first = new Int32Array(N + 1);
  for (let e = 0; e < E; e++) {
    const u = (arcTail[e] as number) + 1;
    const v = (arcHead[e] as number) + 1;
    first[u] = (first[u] as number) + 1;
    first[v] = (first[v] as number) + 1;
  }
  for (let u = 0; u < N; u++) first[u + 1] = (first[u + 1] as number) + (first[u] as number);
  const fill = first.slice(0, N);
  const head = new Int32Array(R);
  const residual = new Float64Array(R);
  const cost = new Int8Array(R);
  const mate = new Int32Array(R);
  const forwardAt = new Int32Array(m);
  for (let e = 0; e < E; e++) {
    const u = arcTail[e] as number;
    const v = arcHead[e] as number;
    const f = fill[u] as number;
    fill[u] = f + 1;
    const r = fill[v] as number;
    fill[v] = r + 1;
    const c = e < m ? 1 : 0;
    head[f] = v;
    residual[f] = arcCap[e] as number;
    cost[f] = c;
    mate[f] = r;
    head[r] = u;
    residual[r] = 0;
    cost[r] = -c;
    mate[r] = f;
    if (e < m) forwardAt[e] = f;
  }

  const pi = new Float64Array(N);
  const dist = new Float64Array(N);
  const done = new Uint8Array(N);
  const heap = new BinaryHeap(R + N);
  const level = new Int32Array(N);
  const queue = new Int32Array(N);
  const current = new Int32Array(N);
  const admFirst = new Int32Array(N + 1);
  const admArc = new Int32Array(R);
  const admHead = new Int32Array(R);
  const admRes = new Float64Array(R);
  const admMate = new Int32Array(R);
  const admAt = new Int32Array(R);
  const pathNode = new Int32Array(N + 1);
  const pathArc = new Int32Array(N + 1);
  let sent = 0;

  for (;;) {
    // Shortest distances from S over reduced costs (all ≥ 0), up to T's.
    dist.fill(Number.POSITIVE_INFINITY);
    done.fill(0);
    heap.clear();
    dist[S] = 0;
    heap.push(0, S);
    // Every node as near as T is settled (not only T): the admissible graph below is theirs.
    let reached = false;
    while (heap.size > 0) {
      const d = heap.topKey();
      if (reached && d > (dist[T] as number)) break;
      const u = heap.pop();
      if (done[u] || d > (dist[u] as number)) continue;
      done[u] = 1;
      if (u === T) {
        reached = true;
        continue;
      }
      const pu = pi[u] as number;
      for (let p = first[u] as number, end = first[u + 1] as number; p < end; p++) {
        if ((residual[p] as number) <= 0) continue;
        const v = head[p] as number;
        const nd = d + (cost[p] as number) + pu - (pi[v] as number);
        if (nd < (dist[v] as number)) {
          dist[v] = nd;
          heap.push(nd, v);
        }
      }
    }
    if (!reached) break;
    // Potentials: reduced costs stay ≥ 0, and every shortest path to T is made of 0-cost arcs.
    const dT = dist[T] as number;
    for (let u = 0; u < N; u++) {
      const d = dist[u] as number;
      pi[u] = (pi[u] as number) + Math.min(d, dT);
    }

    // The phase's admissible graph: the arcs of reduced cost 0 (both directions: one that is full
    // now may get room back from an augmentation along its mate) between nodes no further from S
    // than T. Built once a phase, with its own copy of the residual capacities and of the mates in
    // its own numbering, so that Dinic's many rounds below read a third of the residual graph, in
    // order, and write the capacities back once at the phase's end.
    let k = 0;
    for (let u = 0; u < N; u++) {
      admFirst[u] = k;
      if (!done[u]) continue;
      const pu = pi[u] as number;
      for (let p = first[u] as number, end = first[u + 1] as number; p < end; p++) {
        const v = head[p] as number;
        if (done[v] && (cost[p] as number) + pu === (pi[v] as number)) {
          admArc[k] = p;
          admAt[p] = k;
          admRes[k] = residual[p] as number;
          admHead[k++] = v;
        }
      }
    }
    admFirst[N] = k;
    // An admissible arc's mate is admissible too (its reduced cost is the negation, 0).
    for (let q = 0; q < k; q++) admMate[q] = admAt[mate[admArc[q] as number] as number] as number;

    // A maximum flow from S to T along the admissible arcs with room left (Dinic).
    for (;;) {
      level.fill(-1);
      level[S] = 0;
      let qHead = 0;
      let qTail = 0;
      queue[qTail++] = S;
      while (qHead < qTail) {
        const u = queue[qHead++] as number;
        if (u === T) break;
        const next = (level[u] as number) + 1;
        for (let q = admFirst[u] as number, end = admFirst[u + 1] as number; q < end; q++) {
          const v = admHead[q] as number;
          if (level[v] === -1 && (admRes[q] as number) > 0) {
            level[v] = next;
            queue[qTail++] = v;
          }
        }
      }
      if (level[T] === -1) break;
      current.set(admFirst.subarray(0, N));
      // Blocking flow: walk forward along level-increasing admissible arcs; at T, augment by the
      // path's bottleneck and back up to its first saturated arc; at a dead end, retreat.
      let depth = 0;
      pathNode[0] = S;
      while (depth >= 0) {
        const u = pathNode[depth] as number;
        if (u === T) {
          let bottleneck = Number.POSITIVE_INFINITY;
          for (let i = 0; i < depth; i++) {
            const r = admRes[pathArc[i] as number] as number;
            if (r < bottleneck) bottleneck = r;
          }
          let back = depth;
          for (let i = 0; i < depth; i++) {
            const q = pathArc[i] as number;
            admRes[q] = (admRes[q] as number) - bottleneck;
            const w = admMate[q] as number;
            admRes[w] = (admRes[w] as number) + bottleneck;
            if (admRes[q] === 0 && back === depth) back = i;
          }
          sent += bottleneck;
          depth = back;
          continue;
        }
        const nextLevel = (level[u] as number) + 1;
        const end = admFirst[u + 1] as number;
        let q = current[u] as number;
        for (; q < end; q++) {
          if (level[admHead[q] as number] === nextLevel && (admRes[q] as number) > 0) break;
        }
        current[u] = q;
        if (q < end) {
          pathArc[depth] = q;
          pathNode[++depth] = admHead[q] as number;
        } else {
          level[u] = -1;
          depth--;
          if (depth >= 0) {
            const caller = pathNode[depth] as number;
            current[caller] = (current[caller] as number) + 1;
          }
        }
      }
    }
    for (let q = 0; q < k; q++) residual[admArc[q] as number] = admRes[q] as number;
  }

  // d = a − c fills every supply exactly (d = a is one such flow, so a maximum flow does too).
  if (sent !== owedOnNet) throw new Error(`clearing: routed ${sent} of ${owedOnNet}`);
  for (let e = 0; e < m; e++) cleared[e] = residual[forwardAt[e] as number] as number;
  return cleared;
}

/** A binary min-heap of (key, node) with lazy deletion: stale entries are skipped by the caller. */
class BinaryHeap {
  private readonly keys: Float64Array;
  private readonly nodes: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.nodes = new Int32Array(capacity);
  }

  clear() {
    this.size = 0;
  }

  topKey(): number {
    return this.keys[0] as number;
  }

  push(key: number, node: number) {
    const keys = this.keys;
    const nodes = this.nodes;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((keys[parent] as number) <= key) break;
      keys[i] = keys[parent] as number;
      nodes[i] = nodes[parent] as number;
      i = parent;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  pop(): number {
    const keys = this.keys;
    const nodes = this.nodes;
    const top = nodes[0] as number;
    const last = --this.size;
    const key = keys[last] as number;
    const node = nodes[last] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && (keys[child + 1] as number) < (keys[child] as number)) child++;
      if ((keys[child] as number) >= key) break;
      keys[i] = keys[child] as number;
      nodes[i] = nodes[child] as number;
      i = child;
    }
    keys[i] = key;
    nodes[i] = node;
    return top;
  }
}
