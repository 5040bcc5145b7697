/**
 * Random balancing instances for the tests (test support): a network of up to ~50 members drawn from
 * a seed, so that a failing case is reproduced by its seed alone. The pairs follow the rules the
 * loader applies (DOMAIN.md "What a plan may use"): a giver may give to the open collections of
 * members within two ties or of an invite link's target they opened, never their own; intentions only
 * to monthly collections (emergencies take none), their total within the giver's use.
 */

import { mulberry32 } from "../seeded-random.ts";
import type { BalanceCollection, BalanceGiver, BalanceInstance, BalancePair } from "./model.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 21, 12);

/** The seeded PRNG with the draws the generator uses: the same seed, the same instance. */
export function seededRandom(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    /** An integer in [lo, hi]. */
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
  };
}

type Random = ReturnType<typeof seededRandom>;

/** What kind of network a seed draws; the edge cases come up on their own share of the seeds. */
export type InstanceShape =
  | "network"
  | "dense"
  | "noGivers"
  | "noCollections"
  | "sameDeadline"
  | "exactUse";

export interface RandomInstance {
  seed: number;
  shape: InstanceShape;
  instance: BalanceInstance;
  /** The ties the network was drawn with (for tests that build it in a database). */
  ties: [number, number][];
}

/** An amount in cents: mostly round, sometimes any cents. */
function amount(r: Random, max: number): number {
  if (r.chance(0.7)) return 500 * r.int(1, Math.max(1, Math.floor(max / 500)));
  return r.int(1, max);
}

/** The random instance of a seed: a network of 0–`maxMembers` members, its givers and collections. */
export function randomInstance(seed: number, maxMembers = 50): RandomInstance {
  const r = seededRandom(seed);
  const shapes: InstanceShape[] = ["noGivers", "noCollections", "sameDeadline", "exactUse"];
  const pick = r.next();
  const shape: InstanceShape =
    pick < 0.55 ? "network" : pick < 0.75 ? "dense" : (shapes[r.int(0, 3)] ?? "network");
  const size = r.int(shape === "network" ? 0 : 2, maxMembers);
  const ids = Array.from({ length: size }, (_, n) => 1000 + n);

  // Ties: who invited whom (a forest), and some help ties on top.
  const ties: [number, number][] = [];
  ids.forEach((id, n) => {
    if (n > 0 && r.chance(0.85)) ties.push([ids[r.int(0, n - 1)] ?? id, id]);
  });
  const helpTies = shape === "dense" ? r.int(size, 3 * size) : r.int(0, Math.floor(size / 3));
  for (let n = helpTies; n > 0 && size > 1; n--) {
    const a = ids[r.int(0, size - 1)] ?? 0;
    const b = ids[r.int(0, size - 1)] ?? 0;
    if (a !== b) ties.push([a, b]);
  }
  const near = new Map(ids.map((id) => [id, new Set<number>()]));
  for (const [a, b] of ties) {
    near.get(a)?.add(b);
    near.get(b)?.add(a);
  }

  // Collections: a monthly need, an emergency, both or none; ✅ members have none.
  const collections: BalanceCollection[] = [];
  const owned = new Map<number, BalanceCollection[]>();
  let nextCollection = 1;
  const deadlineDays = shape === "sameDeadline" ? [3] : [1, 2, 3, 5, 7, 14];
  for (const owner of ids) {
    if (shape === "noCollections" || r.chance(0.1)) continue;
    const kinds: BalanceCollection["kind"][] = [];
    if (r.chance(0.4)) kinds.push("monthly");
    if (r.chance(0.2)) kinds.push("emergency");
    for (const kind of kinds) {
      const goal = amount(r, 60_000);
      const pick = r.next();
      const need = pick < 0.3 ? goal : pick < 0.45 ? 0 : r.int(0, goal);
      const c: BalanceCollection = {
        id: nextCollection++,
        kind,
        goal,
        need,
        deadline:
          kind === "emergency"
            ? NOW + DAY_MS * (deadlineDays[r.int(0, deadlineDays.length - 1)] ?? 1)
            : null,
      };
      collections.push(c);
      owned.set(owner, [...(owned.get(owner) ?? []), c]);
    }
  }

  // Givers: each may give to what is within two ties or behind an invite link they opened.
  const givers: BalanceGiver[] = [];
  const pairs: BalancePair[] = [];
  for (const g of ids) {
    if (shape === "noGivers" || !r.chance(0.6)) continue;
    const reach = new Set<number>();
    for (const a of near.get(g) ?? []) {
      reach.add(a);
      for (const b of near.get(a) ?? []) reach.add(b);
    }
    if (size > 1 && r.chance(0.2)) reach.add(ids[r.int(0, size - 1)] ?? g);
    reach.delete(g);
    const allowed = [...reach].flatMap((m) => owned.get(m) ?? []).sort((a, b) => a.id - b.id);
    const mine: BalancePair[] = allowed.map((c) => ({
      giverId: g,
      collectionId: c.id,
      intention: c.kind === "monthly" && r.chance(0.35) ? amount(r, 20_000) : 0,
    }));
    const intended = mine.reduce((s, p) => s + p.intention, 0);
    let use = intended;
    if (shape !== "exactUse" && r.chance(0.5)) {
      const budget = amount(r, 80_000);
      const committed = r.chance(0.4) ? r.int(0, budget) : 0;
      use = Math.max(intended, budget - committed);
    }
    givers.push({ id: g, use });
    pairs.push(...mine);
  }
  return { seed, shape, instance: { givers, collections, pairs }, ties };
}

/**
 * A tiny instance for the brute force: one to three givers, up to three collections, at most
 * `maxPairs` pairs, every amount at most 6.
 */
export function tinyInstance(seed: number, maxPairs = 4): BalanceInstance {
  const r = seededRandom(seed);
  const collections: BalanceCollection[] = Array.from({ length: r.int(1, 3) }, (_, n) => {
    const goal = r.int(1, 8);
    const emergency = r.chance(0.4);
    return {
      id: n + 1,
      kind: emergency ? "emergency" : "monthly",
      goal,
      need: r.chance(0.2) ? 0 : r.int(0, Math.min(goal, 6)),
      deadline: emergency ? NOW + DAY_MS * r.int(1, 2) : null,
    };
  });
  const giverIds = Array.from({ length: r.int(1, 3) }, (_, n) => 100 + n);
  const candidates = giverIds.flatMap((g) => collections.map((c) => ({ g, c })));
  const pairs: BalancePair[] = [];
  for (const { g, c } of candidates) {
    if (pairs.length < maxPairs && r.chance(0.6)) {
      pairs.push({
        giverId: g,
        collectionId: c.id,
        intention: c.kind === "monthly" && r.chance(0.5) ? r.int(1, 4) : 0,
      });
    }
  }
  const givers: BalanceGiver[] = giverIds.map((id) => {
    const intended = pairs.filter((p) => p.giverId === id).reduce((s, p) => s + p.intention, 0);
    return { id, use: Math.min(6, Math.max(intended, r.chance(0.6) ? r.int(0, 6) : 0)) };
  });
  // A giver's intentions never exceed their use: trim the last ones if 6 capped it.
  for (const g of givers) {
    let over = pairs.filter((p) => p.giverId === g.id).reduce((s, p) => s + p.intention, 0) - g.use;
    for (const p of pairs) {
      if (over <= 0) break;
      if (p.giverId !== g.id) continue;
      const cut = Math.min(over, p.intention);
      p.intention -= cut;
      over -= cut;
    }
  }
  return { givers, collections, pairs };
}
