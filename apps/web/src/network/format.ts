/** Small helpers the network screens share: amounts as a person types them, dates, states. */

/** Minor units as a person would type them in the locale ("12", "12,50"), for a prefilled field. */
export function toInput(minor: number, digits: number, separator: string): string {
  const whole = Math.floor(minor / 10 ** digits);
  const fraction = minor % 10 ** digits;
  return fraction ? `${whole}${separator}${String(fraction).padStart(digits, "0")}` : String(whole);
}

/** A date in the member's language, like "21 Dec 2026". */
export function formatDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium" }).format(new Date(iso));
}

const SHOWN_STATES = ["intention", "obligation", "fulfilled", "confirmed"] as const;

/** The pledge states a member page names (member.state.*): those of a pledge still counted. */
export function isShownState(state: string): state is (typeof SHOWN_STATES)[number] {
  return (SHOWN_STATES as readonly string[]).includes(state);
}
