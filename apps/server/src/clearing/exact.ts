/**
 * The independent check of the clearing solver (tests only): OPTIMIZATION.md "Clearing" as a linear
 * program answered by HiGHS (a general LP solver, nothing shared with solver.ts) — one variable per
 * obligation, not per pair, so the summing of parallel obligations is checked too:
 *
 *     maximize Σ c(o)   subject to   0 ≤ c(o) ≤ amount(o),   Σ_in c − Σ_out c = 0 for every member.
 *
 * The constraint matrix is a network's (totally unimodular), so the optimum is integral; an LP answer
 * further from an integer than a float's slack is a bug. A second, plainer witness for tiny graphs is
 * `bruteForceClearing`: every integral c tried.
 */

import loadHighs from "highs";
import type { OfferedObligation } from "./solver.ts";

const INTEGRAL_TOLERANCE = 1e-6;

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highsOnce: Promise<Highs> | undefined;

/** The largest total that can be cleared, by HiGHS. */
export async function exactClearing(obligations: readonly OfferedObligation[]): Promise<number> {
  if (obligations.length === 0) return 0;
  highsOnce ??= loadHighs();
  const highs = await highsOnce;
  const balance = new Map<number, string[]>();
  const term = (member: number, text: string) => {
    const terms = balance.get(member) ?? [];
    terms.push(text);
    balance.set(member, terms);
  };
  obligations.forEach((o, k) => {
    term(o.creditor, `+ c${k}`);
    term(o.debtor, `- c${k}`);
  });
  const lines = (terms: string[]) => {
    const out: string[] = [];
    for (let i = 0; i < terms.length; i += 20) out.push(terms.slice(i, i + 20).join(" "));
    return out.join("\n   ");
  };
  const text = [
    "Maximize",
    ` obj: ${lines(obligations.map((_, k) => `+ c${k}`))}`,
    "Subject To",
    ...[...balance.values()].map((terms, i) => ` m${i}: ${lines(terms)} = 0`),
    "Bounds",
    ...obligations.map((o, k) => ` 0 <= c${k} <= ${o.amount}`),
    "End",
  ].join("\n");
  const result = highs.solve(text, { output_flag: false });
  if (result.Status !== "Optimal") throw new Error(`HiGHS: ${result.Status}`);
  const value = result.ObjectiveValue;
  const rounded = Math.round(value);
  if (Math.abs(value - rounded) > INTEGRAL_TOLERANCE * Math.max(1, Math.abs(value))) {
    throw new Error(`HiGHS: the optimum ${value} is not integral`);
  }
  return rounded;
}

/**
 * The largest total by trying every integral c with 0 ≤ c ≤ amount (tiny graphs only: the product of
 * (amount + 1) over obligations is the number of tries).
 */
export function bruteForceClearing(obligations: readonly OfferedObligation[]): number {
  const m = obligations.length;
  const c = new Array<number>(m).fill(0);
  const net = new Map<number, number>();
  const move = (o: OfferedObligation, by: number) => {
    net.set(o.debtor, (net.get(o.debtor) ?? 0) - by);
    net.set(o.creditor, (net.get(o.creditor) ?? 0) + by);
  };
  let best = 0;
  const visit = (k: number, total: number) => {
    if (k === m) {
      for (const x of net.values()) if (x !== 0) return;
      if (total > best) best = total;
      return;
    }
    const o = obligations[k] as OfferedObligation;
    for (let x = 0; x <= o.amount; x++) {
      c[k] = x;
      if (x > 0) move(o, 1);
      visit(k + 1, total + x);
    }
    move(o, -o.amount);
    c[k] = 0;
  };
  visit(0, 0);
  return best;
}
