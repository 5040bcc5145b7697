/**
 * Maximum flow by Dinic's algorithm (BFS levels, then blocking flows by DFS with current-arc
 * pointers), on a residual graph in flat typed arrays: arc 2i and 2i + 1 are each other's reverse.
 * Capacities are integers kept in float64.
 */
export class MaxFlowGraph {
  private heads: Int32Array;
  private readonly to: number[] = [];
  private readonly next: number[] = [];
  /** Residual capacity per arc; `reset` restores what `addEdge` gave. */
  capacity: Float64Array = new Float64Array(0);
  private initial: number[] = [];
  private sealed = false;

  constructor(readonly nodeCount: number) {
    this.heads = new Int32Array(nodeCount).fill(-1);
  }

  /** An edge u → v with capacity `forward` (and `backward` the other way); returns its arc. */
  addEdge(u: number, v: number, forward: number, backward = 0): number {
    if (this.sealed) throw new Error("max flow: edges are added before the first run");
    const a = this.to.length;
    this.to.push(v, u);
    this.next.push(this.heads[u] as number, this.heads[v] as number);
    this.heads[u] = a;
    this.heads[v] = a + 1;
    this.initial.push(forward, backward);
    return a;
  }

  /** Capacities back to how they were built (with `set` overrides applied after). */
  reset(): void {
    if (!this.sealed) {
      this.sealed = true;
      this.capacity = new Float64Array(this.initial);
      this.toArr = Int32Array.from(this.to);
      this.nextArr = Int32Array.from(this.next);
      this.level = new Int32Array(this.nodeCount);
      this.iter = new Int32Array(this.nodeCount);
      this.queue = new Int32Array(this.nodeCount);
    } else {
      this.capacity.set(this.initial);
    }
  }

  /** Flow sent on arc a so far (its reverse's residual gain since the reset). */
  flowOn(a: number): number {
    return (this.capacity[a ^ 1] as number) - (this.initial[a ^ 1] as number);
  }

  private toArr = new Int32Array(0);
  private nextArr = new Int32Array(0);
  private level = new Int32Array(0);
  private iter = new Int32Array(0);
  private queue = new Int32Array(0);

  /** The maximum flow from s to t (at most `limit`), leaving the residual capacities behind. */
  maxFlow(s: number, t: number, limit = Number.POSITIVE_INFINITY): number {
    if (!this.sealed) this.reset();
    let total = 0;
    while (total < limit && this.bfs(s, t)) {
      this.iter.set(this.heads);
      for (;;) {
        const pushed = this.dfs(s, t, limit - total);
        if (pushed === 0) break;
        total += pushed;
        if (total >= limit) break;
      }
    }
    return total;
  }

  private bfs(s: number, t: number): boolean {
    const { level, queue, capacity, toArr, nextArr, heads } = this;
    level.fill(-1);
    level[s] = 0;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const u = queue[head++] as number;
      for (let a = heads[u] as number; a !== -1; a = nextArr[a] as number) {
        const v = toArr[a] as number;
        if ((capacity[a] as number) > 0 && level[v] === -1) {
          level[v] = (level[u] as number) + 1;
          queue[tail++] = v;
        }
      }
    }
    return level[t] !== -1;
  }

  /** One augmenting path in the level graph, iteratively (paths may be long). */
  private dfs(s: number, t: number, want: number): number {
    const { level, iter, capacity, toArr, nextArr } = this;
    const pathArcs: number[] = [];
    let u = s;
    for (;;) {
      if (u === t) {
        let push = want;
        for (const a of pathArcs) push = Math.min(push, capacity[a] as number);
        for (const a of pathArcs) {
          capacity[a] = (capacity[a] as number) - push;
          capacity[a ^ 1] = (capacity[a ^ 1] as number) + push;
        }
        return push;
      }
      let a = iter[u] as number;
      for (; a !== -1; a = nextArr[a] as number) {
        const v = toArr[a] as number;
        if ((capacity[a] as number) > 0 && level[v] === (level[u] as number) + 1) break;
      }
      iter[u] = a;
      if (a === -1) {
        // A dead end: leave it out of this phase and step back.
        level[u] = -1;
        const back = pathArcs.pop();
        if (back === undefined) return 0;
        u = toArr[back ^ 1] as number;
        iter[u] = nextArr[iter[u] as number] as number;
        continue;
      }
      pathArcs.push(a);
      u = toArr[a] as number;
    }
  }
}
