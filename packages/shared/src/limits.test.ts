import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resources } from "./i18n/index.ts";
import {
  limitValues,
  MAX_ACTIVE_INVITES,
  MAX_OPENINGS_PER_DAY,
  MAX_PLEDGES_PER_HOUR,
  MAX_UPDATES_PER_DAY,
  MESSAGES_PER_WINDOW,
} from "./limits.ts";

describe("the limits' refusals", () => {
  it("name their number in every language, from limits.ts", () => {
    const wanted = {
      invites: "maxActiveInvites",
      openings: "maxOpeningsPerDay",
      pledges: "maxPledgesPerHour",
    } as const;
    for (const [language, strings] of Object.entries(resources)) {
      const limit = (strings.errors as unknown as { limit: Record<string, string> }).limit;
      expect(Object.keys(limit).sort(), language).toEqual(Object.keys(wanted).sort());
      for (const [key, variable] of Object.entries(wanted)) {
        const text = limit[key] as string;
        expect(text, `${language} errors.limit.${key}`).toContain(`{{${variable}}}`);
        for (const [, used] of text.matchAll(/\{\{(\w+)\}\}/g)) {
          expect(Object.keys(limitValues), `${language} errors.limit.${key}`).toContain(used);
        }
      }
      // A need's updates: the refusal names its number from limits.ts, never a digit of its own.
      const story = (strings.errors as unknown as { story: { tooManyToday: string } }).story;
      expect(story.tooManyToday, `${language} errors.story.tooManyToday`).toContain(
        "{{maxUpdatesPerDay}}",
      );
      expect(story.tooManyToday.replace("24", ""), language).not.toMatch(/\d/);
    }
  });
});

describe("the README's list of limits", () => {
  it("states the numbers limits.ts holds", () => {
    const readme = readFileSync(join(import.meta.dirname, "../../../README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Limits"), readme.indexOf("## The books"));
    const row = (what: string) => section.split("\n").find((line) => line.includes(what)) ?? "";
    expect(row("messages one member's actions")).toContain(`| ${MESSAGES_PER_WINDOW} an hour`);
    expect(row("invite links working at once")).toContain(`| ${MAX_ACTIVE_INVITES};`);
    expect(row("collections opened")).toContain(`| ${MAX_OPENINGS_PER_DAY} in any 24 hours`);
    expect(row("pledges by one giver")).toContain(`| ${MAX_PLEDGES_PER_HOUR} in any hour`);
    expect(row("updates of a need")).toContain(`| ${MAX_UPDATES_PER_DAY} in any 24 hours`);
  });
});
