import type { MemberDirectory } from "@exodus/bot";
import type { PrismaClient } from "@exodus/db";

/**
 * The members as the bot may see and change them: what a person chose in the bot's chat (/lang)
 * and Telegram's word that they blocked or started the bot. The member table is this package's
 * to write; the bot, in this process or its own, asks through this directory.
 */
export function memberDirectory(prisma: PrismaClient): MemberDirectory {
  return {
    async language(telegramId) {
      const member = await prisma.member.findUnique({
        where: { telegramId: BigInt(telegramId) },
        select: { language: true },
      });
      return member?.language ?? null;
    },
    async setLanguage(telegramId, language) {
      const { count } = await prisma.member.updateMany({
        where: { telegramId: BigInt(telegramId), deletedAt: null },
        data: { language },
      });
      return count > 0;
    },
    async setReachable(telegramId, reachable) {
      // Only a change is written: a member blocked long ago stays blocked since then.
      await prisma.member.updateMany({
        where: {
          telegramId: BigInt(telegramId),
          unreachableAt: reachable ? { not: null } : null,
        },
        data: { unreachableAt: reachable ? null : new Date() },
      });
    },
  };
}
