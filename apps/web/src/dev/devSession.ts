/**
 * The one piece of development mode the first bundle carries: telling a development tab from
 * Telegram. Everything else in ./dev and the DevPanel loads only outside Telegram (./devMode.ts).
 */

/** This window's member; it also marks a tab whose Telegram environment is imitated, so a reload is not taken for Telegram. */
export const SESSION_KEY = "exodus.dev.session";

/** Whether this tab runs a development session (its launch parameters are ours, not Telegram's). */
export function isDevSession(): boolean {
  return sessionStorage.getItem(SESSION_KEY) !== null;
}
