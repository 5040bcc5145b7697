import { characterCount, type TextRule } from "./text.ts";

/**
 * The limits of a profile, as plain numbers: the zod schemas enforce them on the server, the web app
 * shows them (a live counter, a field's maximum) without shipping zod to every phone.
 */
export const MAX_NAME = 64;
export const MAX_ABOUT = 180;
export const MAX_PAYMENT_DETAILS = 10;
export const MAX_PAYMENT_LABEL = 64;
export const MAX_PAYMENT_VALUE = 256;

/**
 * How long a text counts against its limit: what the server keeps, without the edges' spaces, in
 * characters as the server counts them (an emoji is one).
 */
export function textLength(text: string): number {
  return characterCount(text.trim());
}

/** What each profile field accepts (text.ts checks it; the schemas and the web forms share it). */
export const nameText: TextRule = {
  max: MAX_NAME,
  errors: { empty: "errors.profile.name", tooLong: "errors.profile.name" },
};
export const aboutText: TextRule = {
  max: MAX_ABOUT,
  multiline: true,
  allowEmpty: true,
  errors: { tooLong: "errors.profile.about" },
};
export const paymentLabelText: TextRule = {
  max: MAX_PAYMENT_LABEL,
  errors: { empty: "errors.payment.label", tooLong: "errors.payment.label" },
};
export const paymentValueText: TextRule = {
  max: MAX_PAYMENT_VALUE,
  errors: { empty: "errors.payment.value", tooLong: "errors.payment.value" },
};
