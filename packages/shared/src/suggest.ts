import { uncoveredOf } from "./aggregates.ts";

/**
 * What the pledge form offers. The field starts empty, so that no tap promises an amount the
 * member never chose, unless they gave this member before; the quick picks below it fill the field
 * (never submit) and the form says what each is.
 */
export interface PledgeSuggestions {
  /** The field's first value: what I gave this member last time, else null (an empty field). */
  start: number | null;
  /** My fair share of what is open, when others already help; null otherwise. */
  share: number | null;
  /** All that is still open; null once nothing is. */
  missing: number | null;
}

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
 * What a pledge form offers. What is open is the goal less every promise (for a monthly
 * collection intentions count too, though 🙏 leaves them out: they are promises already made), or
 * 🙏 when intentions alone cover the goal. Then:
 * - start: if I gave this member before, the same amount again (the monthly cycle renews confirmed
 *   pledges the same way), but no more than what is open; otherwise nothing;
 * - share: what is open shared equally between me and those already helping, rounded up to a
 *   whole unit, offered only when someone helps and it is less than all that is open;
 * - missing: all that is open. With nothing open, no pick: any amount is welcome.
 */
export function suggestPledge(
  c: CollectionFigures,
  lastGiven: number | undefined,
  fractionDigits: number,
): PledgeSuggestions {
  const uncovered =
    c.kind === "monthly"
      ? uncoveredOf(c.goal, c.intentions, c.obligations, c.confirmed)
      : c.missing;
  const open = uncovered > 0 ? uncovered : c.missing;
  const start =
    lastGiven !== undefined && lastGiven > 0
      ? open > 0
        ? Math.min(lastGiven, open)
        : lastGiven
      : null;
  if (open <= 0) return { start, share: null, missing: null };
  const unit = 10 ** fractionDigits;
  const share = Math.ceil(open / (c.helpers + 1) / unit) * unit;
  return { start, share: c.helpers > 0 && share < open ? share : null, missing: open };
}
