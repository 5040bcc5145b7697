import { uncoveredOf } from "./aggregates.ts";

/** What the pledge form starts with, and why: the form says the reason under the field. */
export type Suggestion =
  | { amount: number; reason: "last" | "share" | "missing" }
  | { amount: null; reason: "covered" };

export interface CollectionFigures {
  kind: "monthly" | "emergency";
  goal: number;
  intentions: number;
  obligations: number;
  confirmed: number;
  missing: number;
  helpers: number;
}

/**
 * The amount a pledge form is prefilled with. What is still open is the goal less every promise
 * (for a monthly collection intentions count too, though 🙏 leaves them out: they are promises
 * already made), or 🙏 when intentions alone cover the goal. Then:
 * 1. if I gave this member before, the same amount again (the monthly cycle renews confirmed
 *    pledges the same way), but no more than what is open;
 * 2. otherwise what is open shared equally between me and those already helping, rounded up to a
 *    whole unit, never more than what is open (with nobody helping yet, all of it);
 * 3. with nothing missing, no suggestion: any amount is welcome, the member chooses.
 */
export function suggestAmount(
  c: CollectionFigures,
  lastGiven: number | undefined,
  fractionDigits: number,
): Suggestion {
  const uncovered =
    c.kind === "monthly"
      ? uncoveredOf(c.goal, c.intentions, c.obligations, c.confirmed)
      : c.missing;
  const open = uncovered > 0 ? uncovered : c.missing;
  if (lastGiven !== undefined && lastGiven > 0) {
    return { amount: open > 0 ? Math.min(lastGiven, open) : lastGiven, reason: "last" };
  }
  if (open <= 0) return { amount: null, reason: "covered" };
  const unit = 10 ** fractionDigits;
  const share = Math.ceil(open / (c.helpers + 1) / unit) * unit;
  return { amount: Math.min(share, open), reason: c.helpers > 0 ? "share" : "missing" };
}
