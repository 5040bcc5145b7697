/**
 * A flow network in flat typed arrays for the balancer's sequential levels (solver.ts): arcs with an
 * integer capacity, a cost in {−1, 0, +1} and a flow, and a compressed adjacency in which each arc
 * appears twice, as a code: 2·arc from its tail (the residual "forward": cap − flow, at +cost) and
 * 2·arc + 1 from its head (the residual "backward": flow, at −cost). Capacities and flows are kept in
 * float64, exact for integers below 2^53.
 *
 * Two algorithms run on it: Dinic's maximum flow (on every residual arc, or only on the arcs of
 * reduced cost 0 under potentials π), and the primal–dual method for minimum-cost flow (Ahuja,
 * Magnanti & Orlin, "Network Flows", §9.8), whose shortest paths use Dial's buckets since every
 * reduced cost is a small integer.
 */
export class ResidualGraph {
  readonly tail: Int32Array;
  readonly head: Int32Array;
  readonly cap: Float64Array;
  readonly flow: Float64Array;
  readonly cost: Int8Array;
  /** Codes leaving node u: adj[first[u] .. first[u + 1]). Built by `seal`. */
  first: Int32Array = new Int32Array(0);
  adj: Int32Array = new Int32Array(0);
  private arcs = 0;

  constructor(
    readonly nodeCount: number,
    arcCapacity: number,
  ) {
    this.tail = new Int32Array(arcCapacity);
    this.head = new Int32Array(arcCapacity);
    this.cap = new Float64Array(arcCapacity);
    this.flow = new Float64Array(arcCapacity);
    this.cost = new Int8Array(arcCapacity);
  }

  get arcCount(): number {
    return this.arcs;
  }

  addArc(u: number, v: number, capacity: number, cost: number): number {
    const e = this.arcs++;
    this.tail[e] = u;
    this.head[e] = v;
    this.cap[e] = capacity;
    this.cost[e] = cost;
    return e;
  }

  /** Builds the adjacency once every arc is in. */
  seal(): void {
    const n = this.nodeCount;
    const m = this.arcs;
    const first = new Int32Array(n + 1);
    const bump = (i: number) => {
      first[i] = (first[i] as number) + 1;
    };
    for (let e = 0; e < m; e++) {
      bump((this.tail[e] as number) + 1);
      bump((this.head[e] as number) + 1);
    }
    for (let u = 0; u < n; u++) first[u + 1] = (first[u + 1] as number) + (first[u] as number);
    const fill = first.slice(0, n);
    const adj = new Int32Array(2 * m);
    const place = (u: number, code: number) => {
      const at = fill[u] as number;
      adj[at] = code;
      fill[u] = at + 1;
    };
    for (let e = 0; e < m; e++) {
      place(this.tail[e] as number, 2 * e);
      place(this.head[e] as number, 2 * e + 1);
    }
    this.first = first;
    this.adj = adj;
  }

  /** Residual capacity of a code. */
  residual(c: number): number {
    const e = c >> 1;
    return c & 1 ? (this.flow[e] as number) : (this.cap[e] as number) - (this.flow[e] as number);
  }

  /** Where a code leads. */
  target(c: number): number {
    return c & 1 ? (this.tail[c >> 1] as number) : (this.head[c >> 1] as number);
  }

  /** Cost of a code (the arc's cost forward, its negation backward). */
  costOf(c: number): number {
    return c & 1 ? -(this.cost[c >> 1] as number) : (this.cost[c >> 1] as number);
  }

  /** Sends d along a code. */
  push(c: number, d: number): void {
    const e = c >> 1;
    this.flow[e] = (this.flow[e] as number) + (c & 1 ? -d : d);
  }

  /**
   * Dinic's maximum flow from s to t (at most `limit`) on top of the current flow; with potentials,
   * only along residual arcs of reduced cost cost + π(u) − π(v) = 0. Returns the flow sent.
   */
  maxFlow(s: number, t: number, limit: number, pi: Float64Array | null = null): number {
    const n = this.nodeCount;
    const { first, adj, tail, head, cap, flow, cost } = this;
    const level = new Int32Array(n);
    const iter = new Int32Array(n);
    const queue = new Int32Array(n);
    const stack = new Int32Array(n);
    let total = 0;
    while (total < limit) {
      level.fill(-1);
      level[s] = 0;
      let qh = 0;
      let qt = 0;
      queue[qt++] = s;
      while (qh < qt) {
        const u = queue[qh++] as number;
        if (u === t) break;
        const lu = (level[u] as number) + 1;
        const pu = pi === null ? 0 : (pi[u] as number);
        for (let p = first[u] as number, end = first[u + 1] as number; p < end; p++) {
          const c = adj[p] as number;
          const e = c >> 1;
          let v: number;
          if (c & 1) {
            if ((flow[e] as number) <= 0) continue;
            v = tail[e] as number;
            if (level[v] !== -1) continue;
            if (pi !== null && -(cost[e] as number) + pu !== (pi[v] as number)) continue;
          } else {
            if ((cap[e] as number) - (flow[e] as number) <= 0) continue;
            v = head[e] as number;
            if (level[v] !== -1) continue;
            if (pi !== null && (cost[e] as number) + pu !== (pi[v] as number)) continue;
          }
          level[v] = lu;
          queue[qt++] = v;
        }
      }
      if (level[t] === -1) break;
      for (let u = 0; u < n; u++) iter[u] = first[u] as number;
      let depth = 0;
      let u = s;
      for (;;) {
        if (u === t) {
          let d = limit - total;
          for (let i = 0; i < depth; i++) d = Math.min(d, this.residual(stack[i] as number));
          for (let i = 0; i < depth; i++) this.push(stack[i] as number, d);
          total += d;
          if (total >= limit) break;
          let k = 0;
          while (k < depth && this.residual(stack[k] as number) > 0) k++;
          depth = k;
          u = depth === 0 ? s : this.target(stack[depth - 1] as number);
          continue;
        }
        const want = (level[u] as number) + 1;
        const pu = pi === null ? 0 : (pi[u] as number);
        let p = iter[u] as number;
        const end = first[u + 1] as number;
        for (; p < end; p++) {
          const c = adj[p] as number;
          const e = c >> 1;
          if (c & 1) {
            if ((flow[e] as number) <= 0) continue;
            const v = tail[e] as number;
            if (level[v] !== want) continue;
            if (pi !== null && -(cost[e] as number) + pu !== (pi[v] as number)) continue;
          } else {
            if ((cap[e] as number) - (flow[e] as number) <= 0) continue;
            const v = head[e] as number;
            if (level[v] !== want) continue;
            if (pi !== null && (cost[e] as number) + pu !== (pi[v] as number)) continue;
          }
          break;
        }
        iter[u] = p;
        if (p === end) {
          // A dead end for this phase: step back and skip the arc that led here.
          level[u] = -1;
          if (depth === 0) break;
          depth--;
          u = this.target((stack[depth] as number) ^ 1);
          iter[u] = (iter[u] as number) + 1;
          continue;
        }
        const c = adj[p] as number;
        stack[depth++] = c;
        u = this.target(c);
      }
    }
    return total;
  }

  /**
   * The primal–dual method: sends `amount` from s to t at least cost, on top of a current flow whose
   * residual arcs all have reduced cost ≥ 0 under π (updated in place, so that they still do at the
   * end: π proves the flow optimal). Each phase finds the shortest reduced distance to t and sends a
   * maximum flow along the arcs of reduced cost 0. Returns the number of phases; throws if t cannot
   * take the amount.
   */
  minCostFlow(s: number, t: number, amount: number, pi: Float64Array): number {
    const n = this.nodeCount;
    const { first, adj, tail, head, cap, flow, cost } = this;
    const dist = new Float64Array(n);
    const done = new Uint8Array(n);
    let buckets: Int32Array[] = [];
    let bucketSize: Int32Array = new Int32Array(0);
    const bucketPush = (d: number, v: number) => {
      if (d >= buckets.length) {
        const grown = Math.max(2 * buckets.length, d + 1, 16);
        const size = new Int32Array(grown);
        size.set(bucketSize);
        bucketSize = size;
        for (let i = buckets.length; i < grown; i++) buckets.push(new Int32Array(16));
      }
      let b = buckets[d] as Int32Array;
      const k = bucketSize[d] as number;
      if (k === b.length) {
        const bigger = new Int32Array(2 * b.length);
        bigger.set(b);
        buckets[d] = bigger;
        b = bigger;
      }
      b[k] = v;
      bucketSize[d] = k + 1;
    };
    let sent = 0;
    let phases = 0;
    while (sent < amount) {
      phases++;
      // Shortest reduced distances from s, up to t's (Dial: buckets by distance).
      dist.fill(Number.POSITIVE_INFINITY);
      done.fill(0);
      buckets = [];
      bucketSize = new Int32Array(0);
      dist[s] = 0;
      bucketPush(0, s);
      let dT = -1;
      for (let d = 0; d < buckets.length && dT < 0; d++) {
        for (let i = 0; i < (bucketSize[d] as number); i++) {
          const u = (buckets[d] as Int32Array)[i] as number;
          if (done[u] || (dist[u] as number) !== d) continue;
          done[u] = 1;
          if (u === t) {
            dT = d;
            break;
          }
          const pu = pi[u] as number;
          for (let p = first[u] as number, end = first[u + 1] as number; p < end; p++) {
            const c = adj[p] as number;
            const e = c >> 1;
            let v: number;
            let rc: number;
            if (c & 1) {
              if ((flow[e] as number) <= 0) continue;
              v = tail[e] as number;
              rc = -(cost[e] as number) + pu - (pi[v] as number);
            } else {
              if ((cap[e] as number) - (flow[e] as number) <= 0) continue;
              v = head[e] as number;
              rc = (cost[e] as number) + pu - (pi[v] as number);
            }
            const nd = d + rc;
            if (nd < (dist[v] as number)) {
              dist[v] = nd;
              bucketPush(nd, v);
            }
          }
        }
      }
      if (dT < 0) throw new Error("min-cost flow: the sink cannot take the amount");
      // π += min(distance, t's distance): reduced costs stay ≥ 0, shortest paths' arcs become 0.
      for (let u = 0; u < n; u++) {
        pi[u] = (pi[u] as number) + (done[u] ? (dist[u] as number) : dT);
      }
      const pushed = this.maxFlow(s, t, amount - sent, pi);
      if (pushed === 0) throw new Error("min-cost flow: a phase sent nothing");
      sent += pushed;
    }
    return phases;
  }
}
