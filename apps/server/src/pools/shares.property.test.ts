import { MAX_AMOUNT } from "@exodus/shared";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CapLeft, type Share, shareClaim } from "./shares.ts";

// ── An independent implementation, for the check: exact rationals, one cent at a time ──────────

/** A fraction n/d with BigInt parts, d > 0. */
type Q = { n: bigint; d: bigint };
const lessThan = (a: Q, b: Q) => a.n * b.d < b.n * a.d;

/**
 * Hamilton's method written the long way: each member's exact quota as a fraction, its whole part,
 * then the leftover cents handed out one by one, each to the member whose quota's fractional part
 * is largest among those not served yet (the lowest id among equals), found by a linear scan.
 */
function oracle(amount: number, members: readonly CapLeft[]): Map<number, number> {
  const takers = members.filter((m) => m.capLeft > 0);
  const sum = takers.reduce((s, m) => s + BigInt(m.capLeft), 0n);
  const out = new Map<number, number>();
  if (sum <= BigInt(amount)) {
    for (const m of takers) out.set(m.memberId, m.capLeft);
    return out;
  }
  const quota = new Map<number, Q>();
  for (const m of takers) quota.set(m.memberId, { n: BigInt(amount) * BigInt(m.capLeft), d: sum });
  let given = 0n;
  for (const m of takers) {
    const q = quota.get(m.memberId) as Q;
    const whole = q.n / q.d;
    out.set(m.memberId, Number(whole));
    given += whole;
  }
  const served = new Set<number>();
  for (let cent = 0n; cent < BigInt(amount) - given; cent++) {
    let best: { id: number; frac: Q } | undefined;
    for (const m of takers) {
      if (served.has(m.memberId)) continue;
      const q = quota.get(m.memberId) as Q;
      const frac = { n: q.n - (q.n / q.d) * q.d, d: q.d };
      if (
        !best ||
        lessThan(best.frac, frac) ||
        (!lessThan(frac, best.frac) && m.memberId < best.id)
      ) {
        best = { id: m.memberId, frac };
      }
    }
    const id = (best as { id: number }).id;
    served.add(id);
    out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

// ── Generators ─────────────────────────────────────────────────────────────────────────────────

/** Caps left: often small and equal (ties), sometimes huge (C × L past 2^53), sometimes 0. */
const capArb = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 100, 5_000),
  fc.integer({ min: 0, max: 10_000 }),
  fc.integer({ min: 0, max: MAX_AMOUNT }),
);
const membersArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 40 })
  .chain((ids) =>
    fc.tuple(...ids.map((id) => capArb.map((capLeft): CapLeft => ({ memberId: id, capLeft })))),
  );
const amountArb = fc.oneof(
  fc.integer({ min: 1, max: 1_000 }),
  fc.integer({ min: 1, max: 1_000_000 }),
  fc.integer({ min: 1, max: MAX_AMOUNT }),
);

const sum = (xs: readonly { amount: number }[]) => xs.reduce((s, x) => s + x.amount, 0);
const sumCaps = (xs: readonly CapLeft[]) => xs.reduce((s, x) => s + x.capLeft, 0);
const asMap = (shares: readonly Share[]) => new Map(shares.map((s) => [s.memberId, s.amount]));

const runs = { numRuns: 500, seed: 20_261_201 };

describe("pool shares", () => {
  it("sum to min(C, Σ L), and what is left is 🙏", () => {
    fc.assert(
      fc.property(amountArb, membersArb, (c, members) => {
        const { shares, uncovered } = shareClaim(c, members);
        expect(sum(shares)).toBe(Math.min(c, sumCaps(members)));
        expect(uncovered).toBe(c - sum(shares));
      }),
      runs,
    );
  });

  it("never give a member more than their cap left, nor anything to one without", () => {
    fc.assert(
      fc.property(amountArb, membersArb, (c, members) => {
        const caps = new Map(members.map((m) => [m.memberId, m.capLeft]));
        for (const s of shareClaim(c, members).shares) {
          expect(s.amount).toBeGreaterThan(0);
          expect(s.amount).toBeLessThanOrEqual(caps.get(s.memberId) as number);
        }
      }),
      runs,
    );
  });

  it("are each within a cent of the exact proportion when Σ L ≥ C", () => {
    fc.assert(
      fc.property(amountArb, membersArb, (c, members) => {
        const total = BigInt(sumCaps(members));
        fc.pre(total >= BigInt(c));
        const got = asMap(shareClaim(c, members).shares);
        for (const m of members) {
          // |share − C·L/ΣL| < 1  ⇔  |share·ΣL − C·L| < ΣL
          const diff = BigInt(got.get(m.memberId) ?? 0) * total - BigInt(c) * BigInt(m.capLeft);
          expect(diff < 0n ? -diff : diff).toBeLessThan(total);
        }
      }),
      runs,
    );
  });

  it("hand the leftover cents to the largest remainders, ties by member id, as an independent count does", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        membersArb.map((ms) => ms.map((m) => ({ ...m, capLeft: m.capLeft % 100_000 }))),
        (c, members) => {
          expect(asMap(shareClaim(c, members).shares)).toEqual(
            new Map([...oracle(c, members)].filter(([, a]) => a > 0)),
          );
        },
      ),
      runs,
    );
  });

  it("do not depend on the order members are listed in", () => {
    fc.assert(
      fc.property(amountArb, membersArb, (c, members) => {
        expect(shareClaim(c, [...members].reverse())).toEqual(shareClaim(c, members));
      }),
      runs,
    );
  });

  it("keep every invariant as declined shares are re-shared among those left", () => {
    fc.assert(
      fc.property(
        amountArb,
        membersArb,
        fc.array(fc.nat(), { maxLength: 6 }),
        (c, members, declines) => {
          const cap = new Map(members.map((m) => [m.memberId, m.capLeft]));
          const first = shareClaim(c, members);
          // Each member's live shares (several after re-sharing), and who is still in the pool.
          const live = new Map<number, number>(first.shares.map((s) => [s.memberId, s.amount]));
          const inPool = new Set(members.map((m) => m.memberId));
          let uncovered = first.uncovered;
          for (const pick of declines) {
            const holders = [...live.keys()].filter((id) => inPool.has(id));
            if (holders.length === 0) break;
            const decliner = holders[pick % holders.length] as number;
            const declined = live.get(decliner) as number;
            live.delete(decliner);
            inPool.delete(decliner);
            const left = [...inPool].map((id) => ({
              memberId: id,
              capLeft: (cap.get(id) as number) - (live.get(id) ?? 0),
            }));
            const again = shareClaim(declined, left);
            expect(again.shares.every((s) => inPool.has(s.memberId))).toBe(true);
            for (const s of again.shares)
              live.set(s.memberId, (live.get(s.memberId) ?? 0) + s.amount);
            uncovered += again.uncovered;

            const shared = [...live.values()].reduce((s, a) => s + a, 0);
            const capsInPool = [...inPool].reduce((s, id) => s + (cap.get(id) as number), 0);
            expect(shared + uncovered).toBe(c);
            expect(shared).toBe(Math.min(c, capsInPool));
            for (const [id, amount] of live) {
              expect(inPool.has(id)).toBe(true);
              expect(amount).toBeLessThanOrEqual(cap.get(id) as number);
            }
          }
        },
      ),
      runs,
    );
  });
});

describe("pool shares, worked by hand", () => {
  it("splits $100 over caps 50, 30, 20 exactly", () => {
    expect(
      shareClaim(100_00, [
        { memberId: 1, capLeft: 50_00 },
        { memberId: 2, capLeft: 30_00 },
        { memberId: 3, capLeft: 20_00 },
      ]),
    ).toEqual({
      shares: [
        { memberId: 1, amount: 50_00 },
        { memberId: 2, amount: 30_00 },
        { memberId: 3, amount: 20_00 },
      ],
      uncovered: 0,
    });
  });

  it("gives the odd cent of $1.00 over three equal caps to the lowest id", () => {
    // 100 × 10 / 30 = 33⅓ each: floors 33 + 33 + 33 = 99, one cent left, all remainders equal.
    expect(
      shareClaim(1_00, [
        { memberId: 9, capLeft: 10_00 },
        { memberId: 4, capLeft: 10_00 },
        { memberId: 7, capLeft: 10_00 },
      ]).shares,
    ).toEqual([
      { memberId: 4, amount: 34 },
      { memberId: 7, amount: 33 },
      { memberId: 9, amount: 33 },
    ]);
  });

  it("gives whole caps when they fall short, and the leftover cents to the largest remainders", () => {
    // C = 10 over caps 1, 2, 4 (Σ 7 < 10): each gives their whole cap, 3 cents stay 🙏.
    expect(
      shareClaim(10, [
        { memberId: 1, capLeft: 1 },
        { memberId: 2, capLeft: 2 },
        { memberId: 3, capLeft: 4 },
      ]),
    ).toEqual({
      shares: [
        { memberId: 1, amount: 1 },
        { memberId: 2, amount: 2 },
        { memberId: 3, amount: 4 },
      ],
      uncovered: 3,
    });
    // C = 6, caps 1, 2, 4 (Σ 7 > 6): quotas 6/7, 12/7, 24/7; floors 0 + 1 + 3 = 4; remainders 6/7,
    // 5/7, 3/7: the two cents go to members 1 and 2.
    expect(
      shareClaim(6, [
        { memberId: 1, capLeft: 1 },
        { memberId: 2, capLeft: 2 },
        { memberId: 3, capLeft: 4 },
      ]).shares,
    ).toEqual([
      { memberId: 1, amount: 1 },
      { memberId: 2, amount: 2 },
      { memberId: 3, amount: 3 },
    ]);
  });

  it("leaves what the caps cannot carry as 🙏, and shares nothing to a cap already used up", () => {
    expect(
      shareClaim(500_00, [
        { memberId: 1, capLeft: 100_00 },
        { memberId: 2, capLeft: 0 },
        { memberId: 3, capLeft: 150_00 },
      ]),
    ).toEqual({
      shares: [
        { memberId: 1, amount: 100_00 },
        { memberId: 3, amount: 150_00 },
      ],
      uncovered: 250_00,
    });
  });

  it("re-shares a declined $30 among those left, up to their caps left", () => {
    // $90 over caps 60, 30, 30 (Σ 120): 45, 22.50, 22.50. Member 1 declines its $45; members 2 and 3
    // have 7.50 left each: they take $15 of it, $30 stays 🙏.
    const first = shareClaim(90_00, [
      { memberId: 1, capLeft: 60_00 },
      { memberId: 2, capLeft: 30_00 },
      { memberId: 3, capLeft: 30_00 },
    ]);
    expect(first.shares.map((s) => s.amount)).toEqual([45_00, 22_50, 22_50]);
    expect(
      shareClaim(45_00, [
        { memberId: 2, capLeft: 7_50 },
        { memberId: 3, capLeft: 7_50 },
      ]),
    ).toEqual({
      shares: [
        { memberId: 2, amount: 7_50 },
        { memberId: 3, amount: 7_50 },
      ],
      uncovered: 30_00,
    });
  });

  it("computes with amounts whose products pass 2^53 exactly", () => {
    // C × L ≈ 10^18, past 2^53. Σ L = 2,123,456,655; floors 470,930,232 + 470,930,228 + 58,139,537
    // leave 2 cents; remainders 818,906,103 · 1,312,732,731 · 2,115,274,476: members 3 and 2.
    const { shares } = shareClaim(999_999_999, [
      { memberId: 1, capLeft: 999_999_937 },
      { memberId: 2, capLeft: 999_999_929 },
      { memberId: 3, capLeft: 123_456_789 },
    ]);
    expect(shares).toEqual([
      { memberId: 1, amount: 470_930_232 },
      { memberId: 2, amount: 470_930_229 },
      { memberId: 3, amount: 58_139_538 },
    ]);
  });

  it("refuses amounts that are not whole cents, and a member listed twice", () => {
    expect(() => shareClaim(1.5, [{ memberId: 1, capLeft: 10 }])).toThrow(RangeError);
    expect(() => shareClaim(10, [{ memberId: 1, capLeft: -1 }])).toThrow(RangeError);
    expect(() =>
      shareClaim(10, [
        { memberId: 1, capLeft: 5 },
        { memberId: 1, capLeft: 5 },
      ]),
    ).toThrow(RangeError);
  });
});
