import type { PrismaClient } from "@exodus/db";
import type { Language } from "@exodus/shared";
import type { MemberDirectory } from "./commands.ts";

/**
 * Reads the language a member chose in Exodus, for the bot to answer in; null for someone who has
 * not opened the Mini App yet. The server and the bot's own process pass it to the bot alike.
 */
export function memberLanguageFrom(
  prisma: PrismaClient,
): (telegramId: number) => Promise<Language | null> {
  return async (telegramId) => {
    const member = await prisma.member.findUnique({
      where: { telegramId: BigInt(telegramId) },
      select: { language: true },
    });
    return member?.language ?? null;
  };
}

/** The members' side of the bot, read from and written to the server's database. */
export function memberDirectoryFrom(prisma: PrismaClient): MemberDirectory {
  return {
    language: memberLanguageFrom(prisma),
    async setLanguage(telegramId, language) {
      const { count } = await prisma.member.updateMany({
        where: { telegramId: BigInt(telegramId), deletedAt: null },
        data: { language },
      });
      return count > 0;
    },
    async setReachable(telegramId, reachable) {
      await prisma.member.updateMany({
        where: { telegramId: BigInt(telegramId) },
        data: { unreachableAt: reachable ? null : new Date() },
      });
    },
  };
}
