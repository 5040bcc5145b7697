import type { PrismaClient } from "@exodus/db";
import type { Language } from "@exodus/shared";

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
