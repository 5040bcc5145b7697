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
