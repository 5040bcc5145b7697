import { describe, expect, it } from "vitest";
import { languageFromTelegram } from "../language.ts";
import { resources } from "./index.ts";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value === "string") return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    keys(v, prefix ? `${prefix}.${k}` : k),
  );
}
const base = (key: string) => key.replace(/_(one|few|many|other)$/, "");

describe("translations", () => {
  it("give every language a string for every English key", () => {
    const english = new Set(keys(resources.en).map(base));
    for (const strings of [resources.ru, resources.uk]) {
      expect(new Set(keys(strings).map(base))).toEqual(english);
    }
  });

  it("never leave a string empty", () => {
    for (const strings of Object.values(resources)) {
      for (const key of keys(strings)) {
        const value = key
          .split(".")
          .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], strings);
        expect(value, key).not.toBe("");
      }
    }
  });
});

describe("languageFromTelegram", () => {
  it("picks the member's language from Telegram's code and falls back to English", () => {
    expect(languageFromTelegram("ru")).toBe("ru");
    expect(languageFromTelegram("uk-UA")).toBe("uk");
    expect(languageFromTelegram("en-GB")).toBe("en");
    expect(languageFromTelegram("de")).toBe("en");
    expect(languageFromTelegram(undefined)).toBe("en");
  });
});
