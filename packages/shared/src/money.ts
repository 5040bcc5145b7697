/**
 * Money is an integer count of minor units (cents) everywhere but on screen. The cap keeps sums of
 * many pledges far inside PostgreSQL's integer and JavaScript's safe range.
 */
export const MAX_AMOUNT = 1_000_000_000; // 10,000,000.00 in a currency with two minor digits

export type AmountError =
  | "errors.amount.required"
  | "errors.amount.notANumber"
  | "errors.amount.tooManyDecimals"
  | "errors.amount.notPositive"
  | "errors.amount.tooLarge";

export type ParseResult = { ok: true; value: number } | { ok: false; error: AmountError };

const GROUPING = /[\s\u00a0\u202f']/g;

/**
 * Reads what a person typed ("1 234,50", "1,234.50", "12") as minor units. With both "." and ","
 * the last one is the decimal separator. With one of them once, it is the decimal separator unless
 * it is not the locale's and three digits follow ("1,234" in English is a thousand and more). With
 * one of them several times, it groups thousands.
 */
export function parseAmount(
  input: string,
  fractionDigits = 2,
  decimalSeparator = ".",
): ParseResult {
  const text = input.trim().replace(GROUPING, "");
  if (text === "") return { ok: false, error: "errors.amount.required" };
  if (text.startsWith("-")) return { ok: false, error: "errors.amount.notPositive" };
  if (!/^\d+([.,]\d+)*$/.test(text)) return { ok: false, error: "errors.amount.notANumber" };

  const seps = text.replace(/\d/g, "");
  const last = seps.at(-1);
  let whole = text;
  let fraction = "";
  if (last !== undefined) {
    const at = text.lastIndexOf(last);
    const tail = text.slice(at + 1);
    const onlyOneKind = !seps.includes(last === "." ? "," : ".");
    const grouping =
      onlyOneKind && (seps.length > 1 || (last !== decimalSeparator && tail.length === 3));
    if (!grouping) {
      whole = text.slice(0, at);
      fraction = tail;
    }
    // What stays left of the decimal separator may hold one grouping mark between groups of three.
    const badGrouping = /[.,]/.test(whole) && !/^\d{1,3}([.,])\d{3}(\1\d{3})*$/.test(whole);
    if (badGrouping || (!grouping && whole.includes(last))) {
      return { ok: false, error: "errors.amount.notANumber" };
    }
  }
  if (fraction.length > fractionDigits)
    return { ok: false, error: "errors.amount.tooManyDecimals" };
  const digits = whole.replace(/[.,]/g, "") + fraction.padEnd(fractionDigits, "0");
  const value = Number(digits);
  if (!Number.isSafeInteger(value) || value > MAX_AMOUNT) {
    return { ok: false, error: "errors.amount.tooLarge" };
  }
  if (value <= 0) return { ok: false, error: "errors.amount.notPositive" };
  return { ok: true, value };
}

/** Shows minor units in the member's locale: 123450 → "$1,234.50" (en) or "1 234,50 $" (ru). */
export function formatAmount(minor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** How many minor digits a currency has (USD 2, JPY 0). */
export function currencyFractionDigits(currency: string): number {
  return (
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** The decimal separator a locale writes ("." in en, "," in ru and uk). */
export function decimalSeparatorOf(locale: string): string {
  return (
    new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? "."
  );
}
