/** A piece of "about me" text: plain, or a link that may be made clickable. */
export type TextPart = { text: string } | { text: string; href: string };

const URL_LIKE = /\b(?:https?:\/\/|t\.me\/)[^\s<>"']+/gi;

/**
 * Splits text into plain parts and links, for safe rendering: only http(s) links and t.me links
 * become links (a bare "t.me/…" gets https://); everything else — javascript:, data:, tg:, other
 * schemes — stays plain text. Trailing punctuation is left outside the link.
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_LIKE)) {
    let raw = match[0];
    const trailing = /[.,;:!?)\]]+$/.exec(raw)?.[0] ?? "";
    raw = raw.slice(0, raw.length - trailing.length);
    const start = match.index ?? 0;
    const href = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
    let valid = false;
    try {
      const url = new URL(href);
      valid = url.protocol === "https:" || url.protocol === "http:";
    } catch {
      valid = false;
    }
    if (!valid) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/**
 * Why a piece of text a member typed cannot be kept. PostgreSQL refuses NUL in text; the others
 * would be kept but mislead whoever reads them: control characters, direction overrides that make
 * text read differently from how it is stored, and "names" made only of invisible characters.
 */
export type TextProblem =
  | "empty"
  | "tooLong"
  | "broken"
  | "control"
  | "lineBreak"
  | "bidi"
  | "invisible";

/** What one field accepts, and the keys of the refusals the field words in its own way. */
export interface TextRule {
  max: number;
  /** Line breaks allowed (about me); a single-line field refuses them. */
  multiline?: boolean;
  /** Nothing at all is a value (about me); text of only invisible characters never is. */
  allowEmpty?: boolean;
  /** Field-specific keys, e.g. "A name is 1 to 64 characters." for both empty and too long. */
  errors?: Partial<Record<TextProblem, string>>;
}

/** An unpaired UTF-16 surrogate: no character at all, and not storable as UTF-8. */
const BROKEN = /\p{Surrogate}/u;
const LINE_BREAK = /[\n\r\u2028\u2029]/;
/**
 * Embeddings, overrides and isolates: they reorder what follows, so the text shown differs from the
 * text kept. The marks (U+200E, U+200F, U+061C) only nudge neutral characters and are needed in
 * mixed right-to-left text, so they are kept (they count as invisible below).
 */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
/**
 * Any character someone can see: not white space, not a default-ignorable code point (zero-width
 * space and joiners, word joiner, BOM, bidi marks, Hangul fillers, variation selectors, tags…) and
 * not the braille blank, the usual tricks for a name that shows as nothing.
 */
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]/u;

function hasControl(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const control = code <= 0x1f || (code >= 0x7f && code <= 0x9f);
    // Line breaks are judged apart: kept in multi-line text, refused in their own words elsewhere.
    if (control && !LINE_BREAK.test(char)) return true;
  }
  return false;
}

/**
 * How many characters a text has, as DOMAIN.md's limits count them: code points, so an emoji is one
 * character (JavaScript's `length` counts UTF-16 units, two for an emoji).
 */
export function characterCount(text: string): number {
  return [...text].length;
}

/** The text as it is kept: without the spaces at its edges, a multi-line text's breaks as "\n". */
export function keptText(text: string, rule: TextRule): string {
  return (rule.multiline ? text.replace(/\r\n?/g, "\n") : text).trim();
}

/** Why `text` (as typed) cannot be kept under `rule`, or undefined when it can. */
export function textProblem(text: string, rule: TextRule): TextProblem | undefined {
  const kept = keptText(text, rule);
  if (BROKEN.test(kept)) return "broken";
  if (hasControl(kept)) return "control";
  if (!rule.multiline && LINE_BREAK.test(kept)) return "lineBreak";
  if (BIDI.test(kept)) return "bidi";
  if (kept === "") return rule.allowEmpty ? undefined : "empty";
  if (!VISIBLE.test(kept)) return "invisible";
  if (characterCount(kept) > rule.max) return "tooLong";
  return undefined;
}

/** The translation key of the refusal of `text` under `rule`, or undefined when it can be kept. */
export function textError(text: string, rule: TextRule): string | undefined {
  const problem = textProblem(text, rule);
  return problem && (rule.errors?.[problem] ?? `errors.text.${problem}`);
}

/**
 * Text that comes from elsewhere (Telegram's names), made keepable under a one-line field's rule
 * instead of refused: what the rule would refuse is left out — control characters (a tab or a line
 * break becomes a space), direction overrides and isolates, lone surrogate halves —, then the text
 * is cut to `max` characters on a character's boundary. "" when nothing visible is left.
 */
export function cleanText(text: string, max: number): string {
  let clean = "";
  // Iterating by code point yields a lone surrogate half as a "character" of its own.
  for (const char of text) {
    if (BROKEN.test(char) || BIDI.test(char)) continue;
    if (char === "\t" || LINE_BREAK.test(char)) clean += " ";
    else if (!hasControl(char)) clean += char;
  }
  const cut = [...clean.trim()].slice(0, max).join("").trim();
  return VISIBLE.test(cut) ? cut : "";
}

/**
 * What a member is called until they choose a name: Telegram's first and last name, cleaned, the
 * two together within `max` characters (the name's limit), never refused, since a sign-in must not
 * fail over a name. With nothing visible in either, the username; without one, 👤 (the domain's
 * sign for a member, the same in every language: an empty name means a member who left).
 */
export function telegramName(
  user: { firstName: string; lastName?: string | undefined; username?: string | undefined },
  max: number,
): { firstName: string; lastName: string | null } {
  const first = cleanText(user.firstName, max);
  const room = first ? max - characterCount(first) - 1 : max;
  const last = room > 0 ? cleanText(user.lastName ?? "", room) : "";
  if (first) return { firstName: first, lastName: last || null };
  if (last) return { firstName: last, lastName: null };
  return { firstName: cleanText(user.username ?? "", max) || "👤", lastName: null };
}
