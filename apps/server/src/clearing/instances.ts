/**
 * Random graphs of offered obligations for the clearing tests (test support), drawn from a seed so
 * that a failing case is rebuilt by its seed alone. Each seed draws one shape, so the edge cases come
 * up on their own share of seeds: planted cycles with noise around them, chains only (nothing can be
 * cleared), many opposite pairs, few pairs with many parallel obligations, and dense random graphs.
 * ⌛ and live obligations are mixed everywhere, creation times often tie (so the id decides), and no
 * obligation is ever owed to oneself.
 */

import { mulberry32 as seededRandom } from "../seeded-random.ts";
import type { OfferedObligation } from "./solver.ts";

export { mulberry32 as seededRandom } from "../seeded-random.ts";

export type GraphShape = "cycles" | "chains" | "opposite" | "parallel" | "dense";
const SHAPES: GraphShape[] = ["cycles", "chains", "opposite", "parallel", "dense"];

export function randomObligations(seed: number): {
  shape: GraphShape;
  obligations: OfferedObligation[];
} {
  const random = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const shape = SHAPES[seed % SHAPES.length] as GraphShape;
  const members = int(2, 40);
  // Member ids are sparse and not in order, as in the database after deletions.
  const ids = Array.from({ length: members }, (_, i) => 1000 + i * 7);
  for (let i = members - 1; i > 0; i--) {
    const j = int(0, i);
    [ids[i], ids[j]] = [ids[j] as number, ids[i] as number];
  }
  const obligations: OfferedObligation[] = [];
  const add = (u: number, v: number) => {
    if (u === v) return;
    const overdue = random() < 0.35;
    obligations.push({
      id: 1 + obligations.length * 3,
      debtor: ids[u] as number,
      creditor: ids[v] as number,
      amount: random() < 0.6 ? 500 * int(1, 20) : int(1, 20000),
      overdue,
      // Few distinct days, so ties in creation time are common; a ⌛ one may be newer than a live
      // one (renewed late), so ⌛-first and oldest-first differ.
      createdAt: int(0, 10),
    });
  };
  const anyone = () => int(0, members - 1);
  const count = int(0, 120);
  switch (shape) {
    case "cycles":
      for (let c = int(1, 8); c > 0; c--) {
        const length = int(2, Math.min(members, 8));
        const cycle = Array.from({ length }, anyone);
        for (let i = 0; i < length; i++) add(cycle[i] as number, cycle[(i + 1) % length] as number);
      }
      for (let k = int(0, 30); k > 0; k--) add(anyone(), anyone());
      break;
    case "chains":
      // Only from a lower index to a higher one: a DAG, nothing is on a cycle.
      for (let k = 0; k < count; k++) {
        const u = anyone();
        const v = anyone();
        add(Math.min(u, v), Math.max(u, v));
      }
      break;
    case "opposite":
      for (let k = 0; k < count / 2; k++) {
        const u = anyone();
        const v = anyone();
        add(u, v);
        if (random() < 0.8) add(v, u);
      }
      break;
    case "parallel": {
      // Among a few members, so that the pairs close cycles.
      const few = () => int(0, Math.min(members, 4) - 1);
      const pairs = Array.from({ length: int(1, 10) }, () => [few(), few()] as const);
      for (let k = 0; k < count; k++) {
        const [u, v] = pairs[int(0, pairs.length - 1)] as readonly [number, number];
        add(u, v);
      }
      break;
    }
    case "dense":
      for (let k = 0; k < count; k++) add(anyone(), anyone());
      break;
  }
  // Not in id order, as a query may return them.
  for (let i = obligations.length - 1; i > 0; i--) {
    const j = int(0, i);
    [obligations[i], obligations[j]] = [
      obligations[j] as OfferedObligation,
      obligations[i] as OfferedObligation,
    ];
  }
  return { shape, obligations };
}

/** A tiny graph for the brute force: ≤ 4 members, ≤ 6 obligations of 1–3 cents. */
export function tinyObligations(seed: number): OfferedObligation[] {
  const random = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const members = int(2, 4);
  const obligations: OfferedObligation[] = [];
  for (let k = int(1, 6); k > 0; k--) {
    const u = int(1, members);
    const v = int(1, members);
    if (u === v) continue;
    obligations.push({
      id: obligations.length + 1,
      debtor: u,
      creditor: v,
      amount: int(1, 3),
      overdue: random() < 0.5,
      createdAt: int(0, 2),
    });
  }
  return obligations;
}
