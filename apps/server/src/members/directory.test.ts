import { Api, createLogger, createRenderer, startDispatcher } from "@exodus/bot";
import { startFakeBotApi } from "@exodus/bot/testing";
import { type Database, openDatabase } from "@exodus/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberDirectory } from "./directory.ts";

let db: Database;
beforeAll(async () => {
  db = await openDatabase({});
});
afterAll(async () => {
  await db?.close();
});

describe("the members as the bot sees them", () => {
  it("finds the language a member chose, and nothing for someone who is not a member", async () => {
    await db.prisma.member.create({
      data: { telegramId: 42n, firstName: "Anna", telegramLanguage: "ru", language: "uk" },
    });
    const members = memberDirectory(db.prisma);

    expect(await members.language(42)).toBe("uk");
    expect(await members.language(43)).toBeNull();
  });

  it("saves a member's language and reachability, and changes nobody else", async () => {
    await db.prisma.member.create({
      data: { telegramId: 77n, firstName: "Olena", language: "en" },
    });
    const members = memberDirectory(db.prisma);

    expect(await members.setLanguage(77, "uk")).toBe(true);
    expect(await members.setLanguage(78, "uk")).toBe(false);
    expect(await members.language(77)).toBe("uk");

    await members.setReachable(77, false);
    const blocked = await db.prisma.member.findUniqueOrThrow({ where: { telegramId: 77n } });
    expect(blocked.unreachableAt).not.toBeNull();
    // Told again later (another message refused), the member stays blocked since the first time.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await members.setReachable(77, false);
    expect(
      (await db.prisma.member.findUniqueOrThrow({ where: { telegramId: 77n } })).unreachableAt,
    ).toEqual(blocked.unreachableAt);
    await members.setReachable(77, true);
    const back = await db.prisma.member.findUniqueOrThrow({ where: { telegramId: 77n } });
    expect(back.unreachableAt).toBeNull();
    expect(await db.prisma.member.count({ where: { telegramId: 78n } })).toBe(0);
  });
});

describe("a member who blocked the bot", () => {
  it("is marked by the delivery through this directory, and gets nothing more", async () => {
    const telegram = await startFakeBotApi();
    const anna = await db.prisma.member.create({
      data: { telegramId: 501n, firstName: "Anna", language: "en" },
    });
    for (const n of [1, 2]) {
      await db.prisma.outbox.create({
        data: {
          recipientId: anna.id,
          kind: "invite.joined",
          payload: { memberId: anna.id },
          dedupeKey: `blocked:${n}`,
        },
      });
    }
    telegram.answer("sendMessage", () => ({
      ok: false,
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    }));
    const dispatcher = startDispatcher({
      prisma: db.prisma,
      api: new Api("123456:directory-test", { apiRoot: telegram.apiRoot }),
      renderer: createRenderer({ miniAppUrl: "https://exodus.example/app", currency: "EUR" }),
      members: memberDirectory(db.prisma),
      logger: createLogger({ level: "silent" }),
    });
    try {
      await dispatcher.idle();
      expect(
        (await db.prisma.member.findUniqueOrThrow({ where: { id: anna.id } })).unreachableAt,
      ).not.toBeNull();
      expect(
        await db.prisma.outbox.count({ where: { recipientId: anna.id, failedAt: { not: null } } }),
      ).toBe(2);
      expect(telegram.requests.filter((r) => r.method === "sendMessage")).toHaveLength(1);
    } finally {
      await dispatcher.stop();
      await telegram.close();
    }
  });
});
