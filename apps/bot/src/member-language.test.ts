import { type Database, openDatabase } from "@exodus/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberLanguageFrom } from "./member-language.ts";

let db: Database;
beforeAll(async () => {
  db = await openDatabase({});
});
afterAll(async () => {
  await db?.close();
});

describe("memberLanguageFrom", () => {
  it("finds the language a member chose, and nothing for someone who is not a member", async () => {
    await db.prisma.member.create({
      data: { telegramId: 42n, firstName: "Anna", telegramLanguage: "ru", language: "uk" },
    });
    const memberLanguage = memberLanguageFrom(db.prisma);

    expect(await memberLanguage(42)).toBe("uk");
    expect(await memberLanguage(43)).toBeNull();
  });
});
