/**
 * The limits of a profile, as plain numbers: the zod schemas enforce them on the server, the web app
 * shows them (a live counter, a field's maximum) without shipping zod to every phone.
 */
export const MAX_NAME = 64;
export const MAX_ABOUT = 180;
export const MAX_PAYMENT_DETAILS = 10;
export const MAX_PAYMENT_LABEL = 64;
export const MAX_PAYMENT_VALUE = 256;

/** How long a text counts against its limit: what the server keeps, without the edges' spaces. */
export function textLength(text: string): number {
  return text.trim().length;
}
