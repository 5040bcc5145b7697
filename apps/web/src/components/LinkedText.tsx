import { linkify } from "@exodus/shared";

/**
 * A member's own text (about me, a need's story or update) with http(s) and t.me links clickable
 * and everything else plain text: never HTML, never another scheme.
 */
export function LinkedText({ text }: { text: string }) {
  return linkify(text).map((part, i) =>
    "href" in part ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed text, in order.
      <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
        {part.text}
      </a>
    ) : (
      // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed text, in order.
      <span key={i}>{part.text}</span>
    ),
  );
}
