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

/**
 * Records that the person left with initData signed at `signedAt` (a later leave, after coming
 * back, moves the time on).
 */
export async function recordLeaver(tx: Prisma.TransactionClient, hash: string, signedAt: Date) {
  await tx.leaver.upsert({
    where: { telegramIdHash: hash },
    create: { telegramIdHash: hash, leftAt: signedAt },
    update: { leftAt: signedAt },
  });
}

/**
 * Whether initData signed at `signedAt` predates the person's leaving: it must not register them
 * again (a repeated request of the member who left, a tab left open). Signed later, it is a fresh
 * sign-in. Both times are auth_dates, read from the same signer's clock (Telegram's, or the
 * development launcher's): the server's clock, which development mode moves forward and which may
 * drift from Telegram's, is compared with neither. The leave is recorded with the auth_date of the
 * initData that asked for it, so that initData and everything signed before it are refused.
 */
export async function signedBeforeLeaving(
  prisma: PrismaClient,
  hash: string,
  signedAt: Date,
): Promise<boolean> {
  const leaver = await prisma.leaver.findUnique({ where: { telegramIdHash: hash } });
  return !!leaver && signedAt.getTime() <= leaver.leftAt.getTime();
}
