import { describe, expect, it } from "vitest";
import { linkify } from "./text.ts";

describe("linkify makes only http(s) and t.me links clickable", () => {
  it("links http(s) and t.me, leaving punctuation outside", () => {
    expect(linkify("See https://example.org/a?b=1, or t.me/exodus_bot.")).toEqual([
      { text: "See " },
      { text: "https://example.org/a?b=1", href: "https://example.org/a?b=1" },
      { text: ", or " },
      { text: "t.me/exodus_bot", href: "https://t.me/exodus_bot" },
      { text: "." },
    ]);
  });

  it("keeps every other scheme as plain text", () => {
    for (const text of [
      "javascript:alert(1)",
      "data:text/html,<b>x</b>",
      "tg://resolve?domain=x",
      "ftp://x.org",
    ]) {
      expect(linkify(text)).toEqual([{ text }]);
    }
  });

  it("returns plain text unchanged", () => {
    expect(linkify("Teacher, Kyiv")).toEqual([{ text: "Teacher, Kyiv" }]);
    expect(linkify("")).toEqual([]);
  });
});
