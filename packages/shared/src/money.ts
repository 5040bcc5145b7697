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

const SPACES = [" ", "\u00a0", "\u202f"];

function escapeClass(chars: string[]): string {
  return chars.map((c) => c.replace(/[.\\]/g, "\\$&")).join("");
}

/** The grouping mark a locale writes thousands with ("," in en, a no-break space in ru and uk). */
export function groupSeparatorOf(locale: string): string {
  return (
    new Intl.NumberFormat(locale).formatToParts(12_345.6).find((p) => p.type === "group")?.value ??
    ","
  );
}

/**
 * Reads what a person typed ("1 234,50", "1,234.50", "12") as minor units, the way the member's
 * locale writes numbers. Thousands may be grouped by spaces or by the locale's own grouping mark,
 * in groups of three after a first group that does not start with 0. Either "." or "," is read as
 * the decimal separator unless it is the locale's grouping mark, so "12.345" is a decimal with too
 * many digits everywhere, never twelve thousand.
 */
export function parseAmount(input: string, fractionDigits = 2, locale = "en"): ParseResult {
  const text = input.trim();
  if (text === "") return { ok: false, error: "errors.amount.required" };
  if (text.startsWith("-")) return { ok: false, error: "errors.amount.notPositive" };

  const group = groupSeparatorOf(locale);
  const groups = [...new Set([group, ...SPACES])];
  const decimals = [".", ","].filter((c) => c !== group);
  const pattern = new RegExp(
    `^(\\d+|[1-9]\\d{0,2}(?:[${escapeClass(groups)}]\\d{3})+)(?:[${escapeClass(decimals)}](\\d+))?$`,
  );
  const match = pattern.exec(text);
  if (!match) return { ok: false, error: "errors.amount.notANumber" };
  const whole = (match[1] ?? "").replace(/\D/g, "");
  const fraction = match[2] ?? "";
  if (fraction.length > fractionDigits)
    return { ok: false, error: "errors.amount.tooManyDecimals" };
  const value = Number(whole + fraction.padEnd(fractionDigits, "0"));
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
