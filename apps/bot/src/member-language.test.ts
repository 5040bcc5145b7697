import { type Database, openDatabase } from "@exodus/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberDirectoryFrom, memberLanguageFrom } from "./member-language.ts";

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

describe("memberDirectoryFrom", () => {
  it("saves a member's language and reachability, and changes nobody else", async () => {
    await db.prisma.member.create({
      data: { telegramId: 77n, firstName: "Olena", language: "en" },
    });
    const members = memberDirectoryFrom(db.prisma);

    expect(await members.setLanguage(77, "uk")).toBe(true);
    expect(await members.setLanguage(78, "uk")).toBe(false);
    expect(await members.language(77)).toBe("uk");

    await members.setReachable(77, false);
    const blocked = await db.prisma.member.findUniqueOrThrow({ where: { telegramId: 77n } });
    expect(blocked.unreachableAt).not.toBeNull();
    await members.setReachable(77, true);
    const back = await db.prisma.member.findUniqueOrThrow({ where: { telegramId: 77n } });
    expect(back.unreachableAt).toBeNull();
    expect(await db.prisma.member.count({ where: { telegramId: 78n } })).toBe(0);
  });
});
