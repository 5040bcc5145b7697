import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { memberPledgeActions, notificationCategoryOf, nudgeKinds } from "@exodus/shared";
import { describe, expect, it } from "vitest";

/** Every non-test source file of the server. */
async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.includes(".test."))
    .map((e) => join(e.parentPath, e.name));
}

describe("every message the server queues", () => {
  it("belongs to a notification category a member can mute", async () => {
    const kinds = new Set<string>();
    for (const file of await sources(join(import.meta.dirname, ".."))) {
      const text = await readFile(file, "utf8");
      if (!/\bnotify\(|INSERT INTO outbox/.test(text)) continue;
      // Literal kinds: kind: "monthly.paused", tell(…, "emergency.summary"), 'reminder.confirmDue'.
      for (const m of text.matchAll(/["']([a-z]+\.[a-z][A-Za-z]*)["']/g)) kinds.add(m[1] as string);
      // Kinds built from the domain's words: `${state}.created`, `pledge.${action}`, `nudge.${…}`.
      // A pledge is born an intention, or an obligation for an emergency (DOMAIN.md).
      if (/`\$\{state\}\.created`/.test(text)) {
        kinds.add("intention.created").add("obligation.created");
      }
      if (/`pledge\.\$\{action\}`/.test(text))
        for (const a of memberPledgeActions) kinds.add(`pledge.${a}`);
      if (/`nudge\.\$\{input\.kind\}`/.test(text))
        for (const k of nudgeKinds) kinds.add(`nudge.${k}`);
    }
    expect(kinds.size).toBeGreaterThan(10);
    expect([...kinds].filter((k) => notificationCategoryOf(k) === undefined)).toEqual([]);
  });
});
