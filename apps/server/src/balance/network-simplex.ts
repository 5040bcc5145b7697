/**
 * Minimum-cost circulation by the primal network simplex method, on a spanning tree with an
 * artificial root, strongly feasible bases (so degenerate pivots cannot cycle) and block-search
 * pricing — the textbook method (Ahuja, Magnanti & Orlin, "Network Flows", ch. 11), laid out in
 * typed arrays with the thread/successor bookkeeping of Kiraly & Kovacs ("Efficient
 * implementations of minimum-cost flow algorithms", 2012).
 *
 * Every node's supply is 0 (a circulation); arcs have lower bound 0, an integer capacity and an
 * integer cost. With integer data the optimum found is integral. Costs and flows are kept in
 * float64, exact for integers below 2^53: the caller keeps |cost| × nodes and Σ capacities there.
 */

const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
const DIR_UP = 1;
const DIR_DOWN = -1;

export class CirculationProblem {
  readonly from: number[] = [];
  readonly to: number[] = [];
  readonly capacities: number[] = [];
  readonly costs: number[] = [];

  constructor(readonly nodeCount: number) {}

  /** Adds an arc u → v with capacity ≥ 0 and a cost; returns its index. */
  addArc(u: number, v: number, capacity: number, cost: number): number {
    this.from.push(u);
    this.to.push(v);
    this.capacities.push(capacity);
    this.costs.push(cost);
    return this.from.length - 1;
  }

  get arcCount(): number {
    return this.from.length;
  }

  /** Solves; returns the flow on every arc and optimal node potentials (reduced cost ≥ 0 off upper). */
  solve(): CirculationSolution {
    return networkSimplex(this.nodeCount, this.from, this.to, this.capacities, this.costs);
  }
}

export interface CirculationSolution {
  flow: Float64Array;
  /**
   * Potentials π with reduced cost rc(u→v) = cost + π(u) − π(v): an arc with rc < 0 is full, one
   * with rc > 0 is empty, and any circulation that keeps to this (using only rc = 0 arcs freely)
   * is optimal too.
   */
  potential: Float64Array;
  reducedCost(arc: number): number;
}

function networkSimplex(
  nodeCount: number,
  from: readonly number[],
  to: readonly number[],
  capacities: readonly number[],
  costs: readonly number[],
): CirculationSolution {
  const n = nodeCount;
  const m = from.length;
  const all = m + n;
  const root = n;

  const source = new Int32Array(all);
  const target = new Int32Array(all);
  const cap = new Float64Array(all);
  const cost = new Float64Array(all);
  const flow = new Float64Array(all);
  const state = new Int8Array(all);

  let maxCost = 0;
  let capSum = 0;
  for (let e = 0; e < m; e++) {
    source[e] = from[e] as number;
    target[e] = to[e] as number;
    cap[e] = capacities[e] as number;
    cost[e] = costs[e] as number;
    state[e] = STATE_LOWER;
    maxCost = Math.max(maxCost, Math.abs(cost[e] as number));
    capSum += cap[e] as number;
  }
  const INF = capSum + 1;

  const parent = new Int32Array(n + 1);
  const pred = new Int32Array(n + 1);
  const thread = new Int32Array(n + 1);
  const revThread = new Int32Array(n + 1);
  const succNum = new Int32Array(n + 1);
  const lastSucc = new Int32Array(n + 1);
  const predDir = new Int8Array(n + 1);
  const pi = new Float64Array(n + 1);

  // The starting tree: every node hangs from the root by an artificial arc u → root with no flow
  // (all supplies are 0), so every potential is 0.
  parent[root] = -1;
  pred[root] = -1;
  thread[root] = 0;
  revThread[0] = root;
  succNum[root] = n + 1;
  lastSucc[root] = root - 1;
  pi[root] = 0;
  for (let u = 0, e = m; u < n; u++, e++) {
    parent[u] = root;
    pred[u] = e;
    thread[u] = u + 1;
    revThread[u + 1] = u;
    succNum[u] = 1;
    lastSucc[u] = u;
    cap[e] = INF;
    state[e] = STATE_TREE;
    predDir[u] = DIR_UP;
    pi[u] = 0;
    source[e] = u;
    target[e] = root;
    flow[e] = 0;
    cost[e] = 0;
  }
  if (n === 0) {
    return solution(flow.subarray(0, m), pi.subarray(0, n));
  }

  const blockSize = Math.max(Math.ceil(Math.sqrt(m)), 10);
  let nextArc = 0;
  let inArc = -1;
  let join = 0;
  let uIn = 0;
  let vIn = 0;
  let uOut = 0;
  let delta = 0;

  const findEnteringArc = (): boolean => {
    let min = 0;
    let count = blockSize;
    let e = nextArc;
    for (; e < m; e++) {
      const c =
        (state[e] as number) *
        ((cost[e] as number) +
          (pi[source[e] as number] as number) -
          (pi[target[e] as number] as number));
      if (c < min) {
        min = c;
        inArc = e;
      }
      if (--count === 0) {
        if (min < 0) {
          nextArc = e + 1 === m ? 0 : e + 1;
          return true;
        }
        count = blockSize;
      }
    }
    for (e = 0; e < nextArc; e++) {
      const c =
        (state[e] as number) *
        ((cost[e] as number) +
          (pi[source[e] as number] as number) -
          (pi[target[e] as number] as number));
      if (c < min) {
        min = c;
        inArc = e;
      }
      if (--count === 0) {
        if (min < 0) {
          nextArc = e + 1;
          return true;
        }
        count = blockSize;
      }
    }
    if (min >= 0) return false;
    nextArc = e === m ? 0 : e;
    return true;
  };

  const findJoinNode = () => {
    let u = source[inArc] as number;
    let v = target[inArc] as number;
    while (u !== v) {
      if ((succNum[u] as number) < (succNum[v] as number)) u = parent[u] as number;
      else v = parent[v] as number;
    }
    join = u;
  };

  /** The leaving arc: the first blocking arc of the cycle (strongly feasible bases). */
  const findLeavingArc = (): boolean => {
    let first: number;
    let second: number;
    if (state[inArc] === STATE_LOWER) {
      first = source[inArc] as number;
      second = target[inArc] as number;
    } else {
      first = target[inArc] as number;
      second = source[inArc] as number;
    }
    delta = cap[inArc] as number;
    let result = 0;
    for (let u = first; u !== join; u = parent[u] as number) {
      const e = pred[u] as number;
      const c =
        predDir[u] === DIR_UP
          ? (flow[e] as number)
          : (cap[e] as number) >= INF
            ? INF
            : (cap[e] as number) - (flow[e] as number);
      if (c < delta) {
        delta = c;
        uOut = u;
        result = 1;
      }
    }
    for (let u = second; u !== join; u = parent[u] as number) {
      const e = pred[u] as number;
      const c =
        predDir[u] === DIR_UP
          ? (cap[e] as number) >= INF
            ? INF
            : (cap[e] as number) - (flow[e] as number)
          : (flow[e] as number);
      if (c <= delta) {
        delta = c;
        uOut = u;
        result = 2;
      }
    }
    if (result === 1) {
      uIn = first;
      vIn = second;
    } else {
      uIn = second;
      vIn = first;
    }
    return result !== 0;
  };

  const changeFlow = (change: boolean) => {
    if (delta > 0) {
      const val = (state[inArc] as number) * delta;
      flow[inArc] = (flow[inArc] as number) + val;
      for (let u = source[inArc] as number; u !== join; u = parent[u] as number) {
        const e = pred[u] as number;
        flow[e] = (flow[e] as number) - (predDir[u] as number) * val;
      }
      for (let u = target[inArc] as number; u !== join; u = parent[u] as number) {
        const e = pred[u] as number;
        flow[e] = (flow[e] as number) + (predDir[u] as number) * val;
      }
    }
    if (change) {
      state[inArc] = STATE_TREE;
      const out = pred[uOut] as number;
      state[out] = flow[out] === 0 ? STATE_LOWER : STATE_UPPER;
    } else {
      state[inArc] = -(state[inArc] as number);
    }
  };

  const dirtyRevs: number[] = [];
  const updateTreeStructure = () => {
    const oldRevThread = revThread[uOut] as number;
    const oldSuccNum = succNum[uOut] as number;
    const oldLastSucc = lastSucc[uOut] as number;
    const vOut = parent[uOut] as number;

    if (uIn === uOut) {
      parent[uIn] = vIn;
      pred[uIn] = inArc;
      predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
      if (thread[vIn] !== uOut) {
        let after = thread[oldLastSucc] as number;
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
        after = thread[vIn] as number;
        thread[vIn] = uOut;
        revThread[uOut] = vIn;
        thread[oldLastSucc] = after;
        revThread[after] = oldLastSucc;
      }
    } else {
      const threadContinue =
        oldRevThread === vIn ? (thread[oldLastSucc] as number) : (thread[vIn] as number);
      let stem = uIn;
      let parStem = vIn;
      let last = lastSucc[uIn] as number;
      let after = thread[last] as number;
      thread[vIn] = uIn;
      dirtyRevs.length = 0;
      dirtyRevs.push(vIn);
      while (stem !== uOut) {
        const nextStem = parent[stem] as number;
        thread[last] = nextStem;
        dirtyRevs.push(last);
        const before = revThread[stem] as number;
        thread[before] = after;
        revThread[after] = before;
        parent[stem] = parStem;
        parStem = stem;
        stem = nextStem;
        last =
          lastSucc[stem] === lastSucc[parStem]
            ? (revThread[parStem] as number)
            : (lastSucc[stem] as number);
        after = thread[last] as number;
      }
      parent[uOut] = parStem;
      thread[last] = threadContinue;
      revThread[threadContinue] = last;
      lastSucc[uOut] = last;
      if (oldRevThread !== vIn) {
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
      }
      for (const u of dirtyRevs) revThread[thread[u] as number] = u;

      let tmpSc = 0;
      const tmpLs = lastSucc[uOut] as number;
      for (let u = uOut, p = parent[u] as number; u !== uIn; u = p, p = parent[u] as number) {
        pred[u] = pred[p] as number;
        predDir[u] = -(predDir[p] as number);
        tmpSc += (succNum[u] as number) - (succNum[p] as number);
        succNum[u] = tmpSc;
        lastSucc[p] = tmpLs;
      }
      pred[uIn] = inArc;
      predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
      succNum[uIn] = oldSuccNum;
    }

    const upLimitOut = lastSucc[join] === vIn ? join : -1;
    const lastSuccOut = lastSucc[uOut] as number;
    for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u] as number) {
      lastSucc[u] = lastSuccOut;
    }
    if (join !== oldRevThread && vIn !== oldRevThread) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u] as number) {
        lastSucc[u] = oldRevThread;
      }
    } else if (lastSuccOut !== oldLastSucc) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u] as number) {
        lastSucc[u] = lastSuccOut;
      }
    }
    for (let u = vIn; u !== join; u = parent[u] as number) {
      succNum[u] = (succNum[u] as number) + oldSuccNum;
    }
    for (let u = vOut; u !== join; u = parent[u] as number) {
      succNum[u] = (succNum[u] as number) - oldSuccNum;
    }
  };

  const updatePotential = () => {
    const sigma =
      (pi[vIn] as number) -
      (pi[uIn] as number) -
      (predDir[uIn] as number) * (cost[inArc] as number);
    const end = thread[lastSucc[uIn] as number] as number;
    for (let u = uIn; u !== end; u = thread[u] as number) {
      pi[u] = (pi[u] as number) + sigma;
    }
  };

  while (findEnteringArc()) {
    findJoinNode();
    const change = findLeavingArc();
    if (delta >= INF)
      throw new Error("network simplex: unbounded (a negative cycle without capacity)");
    changeFlow(change);
    if (change) {
      updateTreeStructure();
      updatePotential();
    }
  }
  for (let e = m; e < all; e++) {
    if (flow[e] !== 0) throw new Error("network simplex: an artificial arc carries flow");
  }
  void maxCost;
  return solution(flow.subarray(0, m), pi.subarray(0, n));

  function solution(f: Float64Array, p: Float64Array): CirculationSolution {
    return {
      flow: f,
      potential: p,
      reducedCost: (arc) =>
        (costs[arc] as number) +
        (p[from[arc] as number] as number) -
        (p[to[arc] as number] as number),
    };
  }
}
