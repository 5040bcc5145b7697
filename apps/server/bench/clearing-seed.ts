/**
 * The offered obligations `pnpm bench:clearing` clears, generated in memory from a seed so that every
 * run on every machine clears the same instance. It mirrors how Exodus members give:
 *
 * - Neighbourhoods. Members 1 … M live in neighbourhoods of 50–400 consecutive ids (a circle of people
 *   who know each other, like the invite trees of network-seed.ts). A giver's obligation goes to a
 *   member of their own neighbourhood 75% of the time, of the two next to it 15% (circles overlap),
 *   and to anyone in the network 10% (a collection shared far and wide).
 * - Receivers, power-law-ish. 70% of members receive (they had a monthly collection or an emergency
 *   at some point); how much each attracts is Pareto-distributed (shape 1.3, capped at 500× the
 *   least): a few popular collections draw many givers, most draw a handful. Within the chosen
 *   neighbourhood the receiver is drawn in proportion to that weight, never the giver themself.
 * - Givers. 85% of members give; how many obligations each makes is Pareto-distributed too (shape
 *   2, so less skewed than receiving). So most members both give and receive — the bench prints how
 *   many — which is what makes cycles, and clearing, possible.
 * - Repeats. 15% of obligations renew one of the giver's earlier pairs (next month's pledge to the
 *   same collection): parallel obligations between one pair, often one ⌛ and one live.
 * - Amounts. 55% round ($5, $10, $20, $25, $50, $100), the rest log-normal around $15 (σ = 1, from $1
 *   to $1,000), in cents.
 * - ⌛ and age. 20% are in the overdue archive ⌛, created 30–120 days ago; the live ones 0–30 days.
 *   Obligation ids follow the order they were generated, not their age.
 */
import type { Database } from "@exodus/db";
import { seededRandom } from "../src/clearing/instances.ts";
import type { OfferedObligation } from "../src/clearing/solver.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
export const NOW = Date.UTC(2026, 11, 23, 12);

const ROUND = [500, 1000, 2000, 2500, 5000, 10000];

/** Prefix sums of weights over members 1 … M (index i holds the sum of members 1 … i). */
function cumulative(weights: Float64Array): Float64Array {
  const sum = new Float64Array(weights.length + 1);
  for (let i = 0; i < weights.length; i++) sum[i + 1] = (sum[i] as number) + (weights[i] as number);
  return sum;
}

/** The member (1-based) whose slice of `sum` holds x: sum[i − 1] ≤ x < sum[i]. */
function pick(sum: Float64Array, x: number): number {
  let lo = 1;
  let hi = sum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sum[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function generateObligations(
  members: number,
  count: number,
  seed = 14,
): OfferedObligation[] {
  const random = seededRandom(seed);
  const pareto = (shape: number, cap: number) => Math.min(cap, (1 - random()) ** (-1 / shape));

  // Neighbourhoods: consecutive id ranges; bounds[h] … bounds[h + 1] − 1 are neighbourhood h.
  const bounds = [1];
  while ((bounds.at(-1) as number) <= members) {
    bounds.push(Math.min(members + 1, (bounds.at(-1) as number) + 50 + Math.floor(random() * 351)));
  }
  const hoods = bounds.length - 1;
  const hoodOf = new Int32Array(members + 1);
  for (let h = 0; h < hoods; h++) {
    for (let u = bounds[h] as number; u < (bounds[h + 1] as number); u++) hoodOf[u] = h;
  }

  const receiving = new Float64Array(members);
  const giving = new Float64Array(members);
  for (let i = 0; i < members; i++) {
    receiving[i] = random() < 0.7 ? pareto(1.3, 500) : 0;
    giving[i] = random() < 0.85 ? pareto(2, 100) : 0;
  }
  const receiveSum = cumulative(receiving);
  const giveSum = cumulative(giving);
  const totalGiving = giveSum[members] as number;

  /** A receiver among members lo … hi − 1 by weight, not `giver`; 0 when there is none. */
  const receiverIn = (lo: number, hi: number, giver: number): number => {
    const from = receiveSum[lo - 1] as number;
    const span = (receiveSum[hi - 1] as number) - from;
    if (span <= 0) return 0;
    for (let attempt = 0; attempt < 8; attempt++) {
      const r = pick(receiveSum, from + random() * span);
      if (r !== giver) return r;
    }
    return 0;
  };

  const obligations: OfferedObligation[] = [];
  const lastPairOf = new Map<number, number>();
  while (obligations.length < count) {
    const giver = pick(giveSum, random() * totalGiving);
    let receiver = 0;
    const earlier = lastPairOf.get(giver);
    if (earlier !== undefined && random() < 0.15) {
      receiver = earlier;
    } else {
      const h = hoodOf[giver] as number;
      const roll = random();
      if (roll < 0.75) {
        receiver = receiverIn(bounds[h] as number, bounds[h + 1] as number, giver);
      } else if (roll < 0.9) {
        receiver = receiverIn(
          bounds[Math.max(0, h - 1)] as number,
          bounds[Math.min(hoods, h + 2)] as number,
          giver,
        );
      } else {
        receiver = receiverIn(1, members + 1, giver);
      }
    }
    if (receiver === 0) continue;
    lastPairOf.set(giver, receiver);
    const amount =
      random() < 0.55
        ? (ROUND[Math.floor(random() * ROUND.length)] as number)
        : Math.round(Math.min(100000, Math.max(100, 1500 * Math.exp(gaussian(random)))));
    const overdue = random() < 0.2;
    const age = overdue ? 30 + random() * 90 : random() * 30;
    obligations.push({
      id: obligations.length + 1,
      debtor: giver,
      creditor: receiver,
      amount,
      overdue,
      createdAt: Math.round(NOW - age * DAY_MS),
    });
  }
  return obligations;
}

/** A standard normal draw (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Writes the generated network into a fresh, migrated database, set-based, as the app's tables hold
 * it: members 1 … M, each 🔆 with an open monthly collection (collection id = member id), and every
 * obligation as a pledge of the same id to its creditor's collection, in state 'obligation', ⌛ as
 * generated, of the period it was made in, offered for clearing a day before `offeredAt`. The
 * pledges go in chunks of unnest arrays (one statement each, so the statement-level tally and tie
 * triggers run once per chunk).
 */
export async function writeOffered(
  db: Database,
  members: number,
  obligations: OfferedObligation[],
  offeredAt: Date,
) {
  const { sql } = db;
  await sql.exec(`
    INSERT INTO member (id, telegram_id, first_name, telegram_language, language, status,
      created_at, updated_at)
    SELECT i, 1000000000 + i, 'Member ' || i, (ARRAY['en', 'ru', 'uk'])[1 + i % 3],
      (ARRAY['en', 'ru', 'uk']::"Language"[])[1 + i % 3], 'orange', now(), now()
    FROM generate_series(1, ${members}) i;
    SELECT setval(pg_get_serial_sequence('member', 'id'), ${members});
    INSERT INTO collection (id, member_id, kind, goal, paused, opened_at, updated_at)
    SELECT i, i, 'monthly', 1000000, false, now() - interval '200 days', now()
    FROM generate_series(1, ${members}) i;
    SELECT setval(pg_get_serial_sequence('collection', 'id'), ${members});`);
  const CHUNK = 200_000;
  for (let from = 0; from < obligations.length; from += CHUNK) {
    const chunk = obligations.slice(from, from + CHUNK);
    await sql.query(
      `INSERT INTO pledge (id, giver_id, receiver_id, collection_id, amount, state, period, overdue,
         state_changed_at, created_at, clearing_offered_at)
       SELECT id, d, c, c, a, 'obligation',
         date_trunc('month', to_timestamp(t / 1000.0) AT TIME ZONE 'UTC')::date, o,
         to_timestamp(t / 1000.0), to_timestamp(t / 1000.0), $7
       FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::bool[], $6::float8[])
         AS x(id, d, c, a, o, t)`,
      [
        chunk.map((o) => o.id),
        chunk.map((o) => o.debtor),
        chunk.map((o) => o.creditor),
        chunk.map((o) => o.amount),
        chunk.map((o) => o.overdue),
        chunk.map((o) => o.createdAt),
        new Date(offeredAt.getTime() - DAY_MS),
      ],
    );
  }
  await sql.exec(`SELECT setval(pg_get_serial_sequence('pledge', 'id'), ${obligations.length});`);
}
