/**
 * Strongly connected components of a directed graph in compressed adjacency (CSR) form, by Tarjan's
 * algorithm written with an explicit stack: the clearing graph's largest component can hold most of
 * 100,000 members, far deeper than the call stack allows for recursion.
 *
 * Clearing needs them because only an arc whose two ends lie in one component is on a cycle, and
 * only arcs on cycles can carry a circulation: everything else is pruned before the solver runs.
 */

/**
 * `start[u] … start[u + 1]` index `head`, the targets of u's arcs. Returns each node's component
 * (numbered 0 … count − 1, in the order Tarjan closes them) and the number of components.
 */
export function stronglyConnected(
  nodeCount: number,
  start: Int32Array,
  head: Int32Array,
): { component: Int32Array; count: number } {
  const n = nodeCount;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  /** Tarjan's stack of visited nodes not yet in a component. */
  const stack = new Int32Array(n);
  let stackTop = 0;
  /** The depth-first path (the calls recursion would make) and where each stands in its arcs. */
  const path = new Int32Array(n);
  const nextArc = new Int32Array(n);
  let counter = 0;
  let count = 0;

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    path[0] = root;
    index[root] = low[root] = counter++;
    nextArc[root] = start[root] as number;
    stack[stackTop++] = root;

    while (depth >= 0) {
      const u = path[depth] as number;
      const arc = nextArc[u] as number;
      if (arc < (start[u + 1] as number)) {
        nextArc[u] = arc + 1;
        const v = head[arc] as number;
        if (index[v] === -1) {
          index[v] = low[v] = counter++;
          nextArc[v] = start[v] as number;
          stack[stackTop++] = v;
          path[++depth] = v;
        } else if (component[v] === -1 && (index[v] as number) < (low[u] as number)) {
          // v is on the stack: an arc back into the current path's component.
          low[u] = index[v] as number;
        }
        continue;
      }
      // u is done: close its component if it is the root of one, then return to its caller.
      if (low[u] === index[u]) {
        let w: number;
        do {
          w = stack[--stackTop] as number;
          component[w] = count;
        } while (w !== u);
        count++;
      }
      depth--;
      if (depth >= 0) {
        const caller = path[depth] as number;
        if ((low[u] as number) < (low[caller] as number)) low[caller] = low[u] as number;
      }
    }
  }
  return { component, count };
}
