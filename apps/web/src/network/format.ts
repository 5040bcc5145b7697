/** Small helpers the network screens share: dates, states. */

/** A date in the member's language, like "21 Dec 2026". */
export function formatDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium" }).format(new Date(iso));
}

const SHOWN_STATES = ["intention", "obligation", "fulfilled", "confirmed"] as const;

/** The pledge states a member page names (member.state.*): those of a pledge still counted. */
export function isShownState(state: string): state is (typeof SHOWN_STATES)[number] {
  return (SHOWN_STATES as readonly string[]).includes(state);
}
