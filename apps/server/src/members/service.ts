import type { Member, PrismaClient } from "@exodus/db";
import {
  canChangeStatus,
  languageFromTelegram,
  type MemberStatus,
  type StatusChange,
} from "@exodus/shared";
import { TRPCError } from "@trpc/server";
import type { TelegramUser } from "../auth/init-data.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Finds the member a Telegram user is, creating them on first sight (✅, language from Telegram)
 * and refreshing what Telegram owns (names, username, photo) when it changed. A read otherwise.
 */
export async function ensureMember(prisma: PrismaClient, user: TelegramUser): Promise<Member> {
  const telegramId = BigInt(user.id);
  const fromTelegram = {
    firstName: user.firstName.slice(0, 64),
    lastName: user.lastName ?? null,
    username: user.username ?? null,
    photoUrl: user.photoUrl ?? null,
    telegramLanguage: user.languageCode ?? null,
  };
  const existing = await prisma.member.findUnique({ where: { telegramId } });
  if (!existing) {
    try {
      return await prisma.member.create({
        data: { telegramId, ...fromTelegram, language: languageFromTelegram(user.languageCode) },
      });
    } catch {
      // Two first requests at once: the other one created the member.
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
  language: string;
  status: MemberStatus;
  monthly: { goal: number; paused: boolean } | null;
  emergency: { goal: number; deadline: string; daysLeft: number } | null;
}

export async function getProfile(prisma: PrismaClient, memberId: number, now: Date) {
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
    language: member.language,
    status: member.status,
    monthly: monthly ? { goal: monthly.goal, paused: monthly.paused } : null,
    emergency: emergency?.deadline
      ? {
          goal: emergency.goal,
          deadline: emergency.deadline.toISOString(),
          daysLeft: Math.max(0, Math.ceil((emergency.deadline.getTime() - now.getTime()) / DAY_MS)),
        }
      : null,
  };
  return profile;
}

/**
 * Applies a member's status change in one transaction, with the member's row locked so two taps
 * or two devices cannot interleave. Repeating a change that already holds changes nothing.
 */
export async function changeStatus(
  prisma: PrismaClient,
  memberId: number,
  change: StatusChange,
  now: Date,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM member WHERE id = ${memberId} FOR UPDATE`;
    const member = await tx.member.findUniqueOrThrow({
      where: { id: memberId },
      include: { collections: { where: { closedAt: null } } },
    });
    const monthly = member.collections.find((c) => c.kind === "monthly");
    const emergency = member.collections.find((c) => c.kind === "emergency");

    if (alreadyHolds(member.status, change, monthly?.goal, emergency?.goal)) return;
    if (!canChangeStatus(member.status, change.action)) {
      throw new TRPCError({ code: "CONFLICT", message: "errors.status.notAllowed" });
    }

    const setStatus = (status: MemberStatus) =>
      tx.member.update({ where: { id: memberId }, data: { status } });

    switch (change.action) {
      case "openMonthly":
        await tx.collection.create({ data: { memberId, kind: "monthly", goal: change.goal } });
        await setStatus("orange");
        return;
      case "changeGoal":
        if (!monthly) throw notAllowed();
        await tx.collection.update({ where: { id: monthly.id }, data: { goal: change.goal } });
        return;
      case "closeMonthly":
        if (!monthly) throw notAllowed();
        await tx.collection.update({
          where: { id: monthly.id },
          data: { closedAt: now, outcome: "closed" },
        });
        await setStatus("green");
        return;
      case "openEmergency":
        await tx.collection.create({
          data: {
            memberId,
            kind: "emergency",
            goal: change.goal,
            deadline: new Date(now.getTime() + change.days * DAY_MS),
          },
        });
        if (monthly) {
          await tx.collection.update({ where: { id: monthly.id }, data: { paused: true } });
        }
        await setStatus("red");
        return;
      case "endEmergency":
        if (!emergency) throw notAllowed();
        await tx.collection.update({
          where: { id: emergency.id },
          data: { closedAt: now, outcome: "ended" },
        });
        if (monthly) {
          await tx.collection.update({ where: { id: monthly.id }, data: { paused: false } });
        }
        await setStatus(monthly ? "orange" : "green");
        return;
    }
  });
}

/** True when the member is already where the change would take them (a repeated tap). */
function alreadyHolds(
  status: MemberStatus,
  change: StatusChange,
  monthlyGoal: number | undefined,
  emergencyGoal: number | undefined,
): boolean {
  switch (change.action) {
    case "openMonthly":
    case "changeGoal":
      return status === "orange" && monthlyGoal === change.goal;
    case "closeMonthly":
      return status === "green" && monthlyGoal === undefined;
    case "openEmergency":
      return status === "red" && emergencyGoal === change.goal;
    case "endEmergency":
      return status !== "red" && emergencyGoal === undefined;
  }
}

function notAllowed() {
  return new TRPCError({ code: "CONFLICT", message: "errors.status.notAllowed" });
}
