import { describe, expect, it } from "vitest";
import { aboutText, MAX_NAME, nameText, textLength } from "./profile.ts";
import { updateText } from "./story.ts";
import { keptText, linkify, telegramName, textError, textProblem } from "./text.ts";

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

describe("a member's text is refused before PostgreSQL or a reader is misled by it", () => {
  const line = { max: 10 };

  it("keeps ordinary text in any script, emoji joined by zero-width joiners, and bidi marks", () => {
    for (const text of [
      "Anna",
      "Олена К.",
      "שרה 2",
      "👨‍👩‍👧 family",
      "\u200Fעברית 5",
      " padded ",
    ]) {
      expect(textProblem(text, { max: 20 }), text).toBeUndefined();
    }
    expect(keptText("  Anna \t", line)).toBe("Anna");
  });

  it("refuses NUL and every other control character, whatever the field", () => {
    for (const text of [
      "An\u0000na",
      "\u0000",
      "a\u0007b",
      "a\tb",
      "a\u007Fb",
      "a\u0085b",
      "a\u009Bb",
    ]) {
      expect(textProblem(text, line), JSON.stringify(text)).toBe("control");
      expect(textProblem(text, aboutText), JSON.stringify(text)).toBe("control");
    }
  });

  it("keeps line breaks in about me (Windows' as plain ones) and refuses them in a one-line field", () => {
    expect(textProblem("one\ntwo", aboutText)).toBeUndefined();
    expect(keptText("one\r\ntwo\rthree\n", aboutText)).toBe("one\ntwo\nthree");
    for (const text of ["one\ntwo", "one\r\ntwo", "one\u2028two"]) {
      expect(textProblem(text, line), JSON.stringify(text)).toBe("lineBreak");
    }
  });

  it("refuses direction overrides, embeddings and isolates, which make text read unlike it is kept", () => {
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      const text = `Anna${String.fromCodePoint(code)}gpj.exe`;
      expect(textProblem(text, { max: 20 }), code.toString(16)).toBe("bidi");
      expect(textProblem(text, aboutText), code.toString(16)).toBe("bidi");
    }
  });

  it("refuses text of only spaces or invisible characters, even where empty is allowed", () => {
    for (const text of [
      "\u200B",
      "\u200C\u200D",
      "\u2060",
      "\uFEFF\u200B",
      "\u3164",
      "\u2800",
      "\u00AD",
      "\u200E \u200F",
    ]) {
      expect(textProblem(text, line), JSON.stringify(text)).toBe("invisible");
      expect(textProblem(text, aboutText), JSON.stringify(text)).toBe("invisible");
    }
    expect(textProblem("   ", line)).toBe("empty");
    expect(textProblem("   ", aboutText)).toBeUndefined();
    expect(textProblem("", aboutText)).toBeUndefined();
  });

  it("refuses a lone half of a surrogate pair, which is no character at all", () => {
    expect(textProblem("An\uD800na", line)).toBe("broken");
    expect(textProblem("😀", line)).toBeUndefined();
  });

  it("counts the length without the edges' spaces", () => {
    expect(textProblem(` ${"a".repeat(10)} `, line)).toBeUndefined();
    expect(textProblem("a".repeat(11), line)).toBe("tooLong");
  });

  it("counts characters, not UTF-16 units: an emoji is one character, as the web's counter says", () => {
    expect(textProblem("😀".repeat(500), updateText)).toBeUndefined();
    expect(textProblem("😀".repeat(501), updateText)).toBe("tooLong");
    expect(textProblem("a".repeat(500), updateText)).toBeUndefined();
    expect(textProblem("a".repeat(501), updateText)).toBe("tooLong");
    expect(textLength(" 😀😀 ")).toBe(2);
    expect(textLength("Олена 👨‍👩‍👧")).toBe(11);
  });

  it("words each refusal with the field's own key where it has one, the general one otherwise", () => {
    expect(textError("", nameText)).toBe("errors.profile.name");
    expect(textError("a".repeat(65), nameText)).toBe("errors.profile.name");
    expect(textError("An\u0000na", nameText)).toBe("errors.text.control");
    expect(textError("\u200B", nameText)).toBe("errors.text.invisible");
    expect(textError("x".repeat(181), aboutText)).toBe("errors.profile.about");
    expect(textError("Anna", nameText)).toBeUndefined();
  });
});

describe("a name from Telegram is kept clean, never refused", () => {
  const named = (firstName: string, lastName?: string, username?: string) =>
    telegramName({ firstName, lastName, username }, MAX_NAME);

  it("leaves out what the text rule refuses, and keeps the rest as it was", () => {
    expect(named("An\u0000na", "K\u202Eexe.gpj")).toEqual({
      firstName: "Anna",
      lastName: "Kexe.gpj",
    });
    expect(named("Anna\tMaria", "Line\nBreak")).toEqual({
      firstName: "Anna Maria",
      lastName: "Line Break",
    });
    expect(named("Bo\uD800ris", "\u2066Dev\u2069")).toEqual({
      firstName: "Boris",
      lastName: "Dev",
    });
    expect(named("Олена 👨‍👩‍👧", "\u200Fשרה")).toEqual({
      firstName: "Олена 👨‍👩‍👧",
      lastName: "\u200Fשרה",
    });
    for (const name of Object.values(named("\u0007Gil\u009B", " "))) {
      if (name !== null) expect(textProblem(name, nameText), name).toBeUndefined();
    }
  });

  it("cuts first and last name together to the name's limit, between characters", () => {
    const emoji = named("😀".repeat(70), "Smith");
    expect(emoji).toEqual({ firstName: "😀".repeat(MAX_NAME), lastName: null });
    expect(textProblem(emoji.firstName, nameText)).toBeUndefined();
    const long = named("Anna", "x".repeat(100));
    expect(`${long.firstName} ${long.lastName}`).toBe(`Anna ${"x".repeat(MAX_NAME - 5)}`);
    expect(textProblem(`${long.firstName} ${long.lastName}`, nameText)).toBeUndefined();
    // A cut that would leave half of a pair leaves the whole pair out instead.
    expect(named(`${"a".repeat(63)}😀`).firstName).toBe(`${"a".repeat(63)}😀`);
    expect(named(`${"a".repeat(64)}😀`).firstName).toBe("a".repeat(64));
  });

  it("falls back to the last name, the username, then 👤 when nothing visible is left", () => {
    expect(named("\u200B", "Smith", "smith")).toEqual({ firstName: "Smith", lastName: null });
    expect(named("\u202E\u0000", "\u3164", "anna_k")).toEqual({
      firstName: "anna_k",
      lastName: null,
    });
    expect(named("\u2800", undefined, undefined)).toEqual({ firstName: "👤", lastName: null });
  });
});
