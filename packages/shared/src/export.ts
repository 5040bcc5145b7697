/**
 * The books as a spreadsheet: which columns a member's CSV export has and how one pledge reads in
 * it, in the member's language. Pure, so the server only reads rows and hands them to the CSV
 * writer.
 */
import type { CollectionKind } from "./collection-kind.ts";
import { resources } from "./i18n/index.ts";
import type { Language } from "./language.ts";
import { currencyFractionDigits } from "./money.ts";
import { dayOf } from "./period.ts";
import type { PledgeState } from "./pledge.ts";

/** How long a one-time download address works: long enough for Telegram to fetch it, no longer. */
export const EXPORT_LINK_TTL_MS = 5 * 60 * 1000;

export const exportColumns = [
  "pledge",
  "date",
  "direction",
  "counterparty",
  "kind",
  "period",
  "amount",
  "currency",
  "state",
  "overdue",
] as const;

/** One pledge of the member's books, as the export reads it. */
export interface ExportLine {
  id: number;
  /** Whether the member gave it (else received it). */
  given: boolean;
  /** The other side's name; null once they left Exodus. */
  counterparty: string | null;
  kind: CollectionKind;
  /** "YYYY-MM" */
  period: string;
  amount: number;
  state: PledgeState;
  overdue: boolean;
  /** When the pledge reached its state: the date a statement shows. */
  changedAt: Date;
}

/** The header row, in the member's language. */
export function exportHeader(language: Language): string[] {
  const names = resources[language].export.column;
  return exportColumns.map((c) => names[c]);
}

/** One pledge as a row under `exportHeader`. */
export function exportRecord(
  line: ExportLine,
  language: Language,
  currency: string,
  timeZone: string,
): string[] {
  const s = resources[language];
  const record: Record<(typeof exportColumns)[number], string> = {
    pledge: String(line.id),
    date: dayOf(line.changedAt, timeZone),
    direction: s.export.direction[line.given ? "given" : "received"],
    counterparty: spreadsheetText(line.counterparty ?? s.pledge.deletedMember),
    kind: s.export.kind[line.kind],
    period: line.period,
    amount: plainAmount(line.amount, currency),
    currency,
    state: s.pledge.state[line.state],
    overdue: s.export.overdue[line.overdue ? "yes" : "no"],
  };
  return exportColumns.map((c) => record[c]);
}

/**
 * Minor units as a plain decimal a spreadsheet reads as a number in any locale: 123450 USD →
 * "1234.50", 500 JPY → "500". No grouping, a point for the decimals.
 */
export function plainAmount(minor: number, currency: string): string {
  const digits = currencyFractionDigits(currency);
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, "0");
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * A member's own text (a name) as a cell a spreadsheet shows and never runs: one that starts like a
 * formula (= + - @, or a tab or return before one) gets a leading apostrophe, the spreadsheets'
 * mark for "this is text".
 */
export function spreadsheetText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The file's name: the app, the member's word for books, and the day ("exodus-books-2026-11-21.csv"). */
export function exportFileName(language: Language, today: string): string {
  return `${resources[language].export.fileName}-${today}.csv`;
}
