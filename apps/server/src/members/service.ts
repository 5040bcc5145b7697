import { type Member, Prisma, type PrismaClient } from "@exodus/db";
import {
  daysLeft,
  languageFromTelegram,
  MAX_NAME,
  type MemberStatus,
  telegramName,
} from "@exodus/shared";
import type { TelegramUser } from "../auth/init-data.ts";
import { signedBeforeLeaving, telegramIdHash } from "../auth/leavers.ts";
import { leftAlready } from "./profile.ts";

/**
 * Finds the member a Telegram user is, creating them on first sight (✅, language from Telegram)
 * and refreshing what Telegram owns (names, username, photo) when it changed. A read otherwise.
 * initData signed before the person left Exodus registers no one: only a fresh sign-in does.
 */
export async function ensureMember(
  prisma: PrismaClient,
  user: TelegramUser,
  signed: { signedAt: Date; tokens: readonly string[] },
): Promise<Member> {
  const telegramId = BigInt(user.id);
  const fromTelegram = {
    // Telegram's names obey none of our text rule: cleaned, never a reason to refuse a sign-in.
    ...telegramName(user, MAX_NAME),
    username: user.username ?? null,
    photoUrl: user.photoUrl ?? null,
    telegramLanguage: user.languageCode ?? null,
  };
  const existing = await prisma.member.findUnique({ where: { telegramId } });
  if (!existing) {
    const hash = telegramIdHash(signed.tokens, telegramId);
    if (await signedBeforeLeaving(prisma, hash, signed.signedAt)) throw leftAlready();
    try {
      return await prisma.member.create({
        data: { telegramId, ...fromTelegram, language: languageFromTelegram(user.languageCode) },
      });
    } catch (error) {
      // Two first requests at once: the other one created the member. Anything else is real.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002"))
        throw error;
      return prisma.member.findUniqueOrThrow({ where: { telegramId } });
    }
  }
  const changed = (Object.keys(fromTelegram) as (keyof typeof fromTelegram)[]).some(
    (k) => existing[k] !== fromTelegram[k],
  );
  return changed
    ? prisma.member.update({ where: { id: existing.id }, data: fromTelegram })
    : existing;
}

/** A member as their own profile screen shows them. */
export interface Profile {
  id: number;
  firstName: string;
  lastName: string | null;
  username: string | null;
  photoUrl: string | null;
  /** The name the member chose, else Telegram's. */
  name: string;
  about: string;
  language: string;
  status: MemberStatus;
  monthly: { goal: number; paused: boolean } | null;
  emergency: { goal: number; deadline: string; daysLeft: number } | null;
  /** The monthly giving budget (minor units), if the member stated one. */
  budget: number | null;
}

export async function getProfile(
  prisma: PrismaClient,
  memberId: number,
  now: Date,
  timeZone: string,
) {
  const member = await prisma.member.findUniqueOrThrow({
    where: { id: memberId },
    include: { collections: { where: { closedAt: null } } },
  });
  const monthly = member.collections.find((c) => c.kind === "monthly");
  const emergency = member.collections.find((c) => c.kind === "emergency");
  const profile: Profile = {
    id: member.id,
    firstName: member.firstName,
    lastName: member.lastName,
    username: member.username,
    photoUrl: member.photoUrl,
    name: member.displayName ?? [member.firstName, member.lastName].filter(Boolean).join(" "),
    about: member.about,
    language: member.language,
    status: member.status,
    monthly: monthly ? { goal: monthly.goal, paused: monthly.paused } : null,
    emergency: emergency?.deadline
      ? {
          goal: emergency.goal,
          deadline: emergency.deadline.toISOString(),
          daysLeft: daysLeft(emergency.deadline, now, timeZone),
        }
      : null,
    budget: member.budget,
  };
  return profile;
}
