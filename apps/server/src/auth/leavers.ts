import { createHmac } from "node:crypto";
import type { Prisma, PrismaClient } from "@exodus/db";

/**
 * A leaver's Telegram id as the leaver table keeps it: an HMAC under a key derived from the first
 * token that signs initData (the bot's; in development the local one), so the table alone does not
 * say who left. initData signed with another token would not pass the signature check anyway.
 */
export function telegramIdHash(tokens: readonly string[], telegramId: bigint | number): string {
  const key = createHmac("sha256", tokens[0] ?? "")
    .update("exodus leaver")
    .digest();
  return createHmac("sha256", key).update(String(telegramId)).digest("base64url");
}

/** Records that the person left at `at` (a later leave, after coming back, moves the time on). */
export async function recordLeaver(tx: Prisma.TransactionClient, hash: string, at: Date) {
  await tx.leaver.upsert({
    where: { telegramIdHash: hash },
    create: { telegramIdHash: hash, leftAt: at },
    update: { leftAt: at },
  });
}

/**
 * Whether initData signed at `signedAt` predates the person's leaving: it must not register them
 * again (a repeated request of the member who left, a tab left open). Signed later, it is a fresh
 * sign-in.
 */
export async function signedBeforeLeaving(
  prisma: PrismaClient,
  hash: string,
  signedAt: Date,
): Promise<boolean> {
  const leaver = await prisma.leaver.findUnique({ where: { telegramIdHash: hash } });
  return !!leaver && signedAt.getTime() <= leaver.leftAt.getTime();
}
