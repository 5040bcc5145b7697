/**
 * Pool shares (OPTIMIZATION.md "Pool shares"; DOMAIN.md "Pools of mutual intentions"): a backed
 * claim C is shared among the other members m with caps left L(m) > 0:
 *
 *   share(m) = ⌊C × L(m) / Σ L⌋, and the cents left over go one each to the largest remainders
 *   (C × L(m) mod Σ L), equal remainders by member id, lowest first — never above L(m);
 *   if Σ L ≤ C, each share is L(m) and C − Σ L stays uncovered (🙏).
 *
 * A declined share is re-shared the same way among those left, up to their caps left (which the
 * caller has already lowered by the shares just offered to them): `shareClaim(declined, left)`.
 * Integers only: C × L(m) reaches 10^18 with amounts at MAX_AMOUNT, past 2^53, so the products and
 * remainders are BigInt; every share fits a Number (it is at most L(m)).
 */

export interface CapLeft {
  memberId: number;
  /** L(m): the member's cap less the shares committed or still offered this month, minor units. */
  capLeft: number;
}

export interface Share {
  memberId: number;
  amount: number;
}

export interface Sharing {
  /** One per member with a share above 0, in member id order. */
  shares: Share[];
  /** C − Σ shares: what the caps left cannot carry (🙏). */
  uncovered: number;
}

function wholeAtLeastZero(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a whole amount ≥ 0`);
}

/** Shares `amount` among `members` pro rata to their caps left, in whole cents (see above). */
export function shareClaim(amount: number, members: readonly CapLeft[]): Sharing {
  wholeAtLeastZero(amount, "the amount");
  const seen = new Set<number>();
  for (const m of members) {
    wholeAtLeastZero(m.capLeft, `member ${m.memberId}'s cap left`);
    if (seen.has(m.memberId)) throw new RangeError(`member ${m.memberId} is listed twice`);
    seen.add(m.memberId);
  }
  const takers = members.filter((m) => m.capLeft > 0).sort((a, b) => a.memberId - b.memberId);
  const total = takers.reduce((s, m) => s + BigInt(m.capLeft), 0n);
  const c = BigInt(amount);

  if (total <= c) {
    return {
      shares: takers.map((m) => ({ memberId: m.memberId, amount: m.capLeft })),
      uncovered: Number(c - total),
    };
  }

  // Σ L > C: each exact share C·L/ΣL is below L, so its floor + 1 is at most L.
  const parts = takers.map((m) => {
    const product = c * BigInt(m.capLeft);
    return { memberId: m.memberId, floor: product / total, remainder: product % total };
  });
  let left = c - parts.reduce((s, p) => s + p.floor, 0n);
  const byRemainder = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.memberId - b.memberId : a.remainder > b.remainder ? -1 : 1,
  );
  const extra = new Set<number>();
  for (const p of byRemainder) {
    if (left === 0n) break;
    extra.add(p.memberId);
    left -= 1n;
  }
  return {
    shares: parts
      .map((p) => ({
        memberId: p.memberId,
        amount: Number(p.floor) + (extra.has(p.memberId) ? 1 : 0),
      }))
      .filter((s) => s.amount > 0),
    uncovered: 0,
  };
}
