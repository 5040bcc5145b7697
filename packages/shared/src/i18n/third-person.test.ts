import { describe, expect, it } from "vitest";
import { resources } from "./index.ts";

/**
 * Labels that speak of another member: their status in lists, on their page and in the picture,
 * what their circle and their lists hold, how far they are, what state a pledge to them is in.
 * None may be in the first person ("Могу помогать" on someone else's row reads as a lie).
 */
const aboutAnother = [
  "theirStatus",
  "network.distance.one",
  "network.distance.two",
  "network.distance.beyond",
  "network.needMissing",
  "network.needIntended",
  "network.needHelpers",
  "member.progress",
  "member.lists",
  "member.state",
  "member.payment.none",
  "member.payment.hidden",
  "member.pledge.notInNeed",
  "member.pledge.paused",
  "picture.state",
  "picture.helps",
  "picture.helpedBy",
  "picture.invited",
  "picture.invitedBy",
  "pledge.state",
];

const firstPerson = {
  ru: [
    "я",
    "могу",
    "мне",
    "меня",
    "мной",
    "мой",
    "моя",
    "моё",
    "мое",
    "мои",
    "моего",
    "моей",
    "моих",
  ],
  uk: ["я", "можу", "мені", "мене", "мною", "мій", "моя", "моє", "мої", "мого", "моєї", "моїх"],
} as const;

/** The strings under a key or a key prefix, by their full key. */
function stringsUnder(value: unknown, prefix = ""): [string, string][] {
  if (typeof value === "string") return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    stringsUnder(v, prefix ? `${prefix}.${k}` : k),
  );
}

function labelsAboutAnother(language: "ru" | "uk"): [string, string][] {
  const all = stringsUnder(resources[language]);
  return aboutAnother.flatMap((key) => {
    const found = all.filter(
      ([k]) => k === key || k.startsWith(`${key}.`) || k.startsWith(`${key}_`),
    );
    expect(found, `no strings under ${key}`).not.toHaveLength(0);
    return found;
  });
}

describe.each(["ru", "uk"] as const)("labels about another member in %s", (language) => {
  it("are never in the first person", () => {
    const words = firstPerson[language].join("|");
    // Whole words only: a letter or an apostrophe on either side makes it part of another word.
    const pattern = new RegExp(`(?<![\\p{L}'ʼ’])(${words})(?![\\p{L}'ʼ’])`, "iu");
    for (const [key, text] of labelsAboutAnother(language)) {
      expect(text, key).not.toMatch(pattern);
    }
  });

  it("name another's status apart from one's own where the first person differs", () => {
    expect(resources[language].theirStatus.green).not.toBe(resources[language].status.green);
  });
});
