import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@exodus/db";
import { MAX_ACTIVE_INVITES, type MemberStatus } from "@exodus/shared";
import { refuse } from "../errors.ts";
import { actingMember, lockMember } from "../locks.ts";
import { notify } from "../notifications/outbox.ts";
import { inNetworkOf } from "./graph.ts";
import { nameOf } from "./names.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long an invite link works: long enough to pass on, short enough that old links fade. */
export const INVITE_LIFETIME_MS = 30 * DAY_MS;

/** Where an invite code can be opened: the Mini App directly, or the bot's chat. */
export interface InviteLinks {
  app: string | null;
  bot: string | null;
}

/** t.me links for a code, when the bot's and the Mini App's names are configured. */
export function inviteLinks(code: string, bot?: string, app?: string): InviteLinks {
  return {
    app: bot && app ? `https://t.me/${bot}/${app}?startapp=${code}` : null,
    bot: bot ? `https://t.me/${bot}?start=${code}` : null,
  };
}

/**
 * A new invite code: opaque (random, 16 characters of Telegram's start-parameter alphabet, no ids),
 * naming its inviter and its target — the inviter themself, or a member in need (🔆/🆘) in the
 * inviter's network. A member has at most MAX_ACTIVE_INVITES working links at once.
 */
export async function createInvite(
  prisma: PrismaClient,
  inviterId: number,
  targetId: number | undefined,
  now: Date,
  timeZone: string,
) {
  const target = targetId ?? inviterId;
  return prisma.$transaction(async (tx) => {
    // A link made while its inviter leaves would outlive the leave's revoking of their links.
    await actingMember(tx, inviterId);
    // Their own row, so that links made in parallel are counted one after the other.
    await lockMember(tx, inviterId);
    const working = await tx.invite.count({
      where: { inviterId, revokedAt: null, expiresAt: { gt: now } },
    });
    // A member who needs more withdraws one they no longer share (the Invite screen lists them):
    // retiring one by itself would break a link someone was already given.
    if (working >= MAX_ACTIVE_INVITES) throw refuse("TOO_MANY_REQUESTS", "errors.limit.invites");
    if (target !== inviterId) {
      if (!(await inNetworkOf(tx, inviterId, target, now, timeZone)))
        throw refuse("NOT_FOUND", "errors.member.notFound");
      const member = await tx.member.findUniqueOrThrow({ where: { id: target } });
      // Someone who left is gone as if they never were: no link leads to them.
      if (member.deletedAt) throw refuse("NOT_FOUND", "errors.member.notFound");
      if (member.status === "green") throw refuse("CONFLICT", "errors.invite.targetNotInNeed");
    }
    return tx.invite.create({
      data: {
        // Never a leading "_": start parameters that begin with it are deep links into the app.
        code: randomBytes(12).toString("base64url").replace(/^_/, "A"),
        inviterId,
        targetId: target,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITE_LIFETIME_MS),
      },
    });
  });
}

/**
 * Opens an invite code for a member (a newcomer registered a moment ago, or an existing member):
 * a member without a referral tie gets one to the inviter; either way the member may now see the
 * target and pledge to them. Bad, stale, revoked or self-targeting codes are refused with a friendly
 * key, changing nothing; so is every code by or to a member who left ("this link no longer works":
 * a leaver ties nobody). A referral tie to someone who left counts as none. Opening the same code
 * again changes nothing more.
 */
export async function openInvite(prisma: PrismaClient, memberId: number, code: string, now: Date) {
  return prisma.$transaction(async (tx) => {
    await actingMember(tx, memberId);
    const invite = await tx.invite.findUnique({
      where: { code },
      include: {
        inviter: { select: { firstName: true, deletedAt: true } },
        target: { select: { deletedAt: true } },
      },
    });
    if (!invite) throw refuse("NOT_FOUND", "errors.invite.unknown");
    if (invite.inviter.deletedAt || invite.target.deletedAt) {
      throw refuse("CONFLICT", "errors.invite.gone");
    }
    if (invite.revokedAt) throw refuse("CONFLICT", "errors.invite.revoked");
    if (invite.expiresAt <= now) throw refuse("CONFLICT", "errors.invite.expired");
    if (invite.targetId === memberId) throw refuse("CONFLICT", "errors.invite.self");

    if (invite.inviterId !== memberId) {
      // Only a member with no referral tie yet gets one; it never changes afterwards (but one to a
      // leaver is no tie: its member may be tied anew).
      const tied = await tx.member.updateMany({
        where: {
          id: memberId,
          OR: [{ invitedById: null }, { invitedBy: { deletedAt: { not: null } } }],
        },
        data: { invitedById: invite.inviterId },
      });
      if (tied.count === 1) {
        await notify(tx, {
          recipientId: invite.inviterId,
          senderId: memberId,
          kind: "invite.joined",
          dedupeKey: `invite.joined:${memberId}:${invite.inviterId}`,
          payload: { memberId },
        });
      }
    }
    await tx.inviteOpen.createMany({
      data: [{ inviteId: invite.id, memberId, openedAt: now }],
      skipDuplicates: true,
    });
    return {
      targetId: invite.targetId,
      inviterId: invite.inviterId,
      inviterName: invite.inviter.firstName,
    };
  });
}

/** A member's own codes stop working when they say so. */
export async function revokeInvite(
  prisma: PrismaClient,
  memberId: number,
  code: string,
  now: Date,
) {
  const { count } = await prisma.invite.updateMany({
    where: { code, inviterId: memberId, revokedAt: null },
    data: { revokedAt: now },
  });
  if (count === 0) {
    const mine = await prisma.invite.count({ where: { code, inviterId: memberId } });
    if (!mine) throw refuse("NOT_FOUND", "errors.invite.unknown");
  }
}

/** One of a member's own working links, as the Invite screen lists it. */
export interface InviteLine {
  code: string;
  links: InviteLinks;
  /** Whom the link leads to: the inviter themself or a member in need. */
  target: { id: number; name: string; status: MemberStatus };
  createdAt: string;
  expiresAt: string;
  /** How many members opened it so far. */
  opens: number;
}

/**
 * A member's links that still work (not withdrawn, not expired), newest first, so they can share
 * one again or withdraw it.
 */
export async function activeInvites(
  prisma: PrismaClient,
  memberId: number,
  now: Date,
  page: { limit: number; offset: number },
  names: { bot?: string | undefined; app?: string | undefined },
): Promise<InviteLine[]> {
  const invites = await prisma.invite.findMany({
    where: { inviterId: memberId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: page.offset,
    take: page.limit,
    include: {
      target: {
        select: { id: true, firstName: true, lastName: true, displayName: true, status: true },
      },
      _count: { select: { opens: true } },
    },
  });
  return invites.map((i) => ({
    code: i.code,
    links: inviteLinks(i.code, names.bot, names.app),
    target: { id: i.target.id, name: nameOf(i.target), status: i.target.status },
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    opens: i._count.opens,
  }));
}

/** Someone whose referral tie points to the member: they came in through one of the member's links. */
export interface Invitee {
  id: number;
  name: string;
  photoUrl: string | null;
  status: MemberStatus;
  /** When they first opened one of the member's links (their registration, for older rows). */
  joinedAt: string;
}

/**
 * Who joined through a member's links (member.invited_by_id = the member), newest first. Those who
 * have since left Exodus are not listed: nothing of them is left to show.
 */
export async function inviteesOf(
  prisma: PrismaClient,
  memberId: number,
  page: { limit: number; offset: number },
): Promise<Invitee[]> {
  const rows = await prisma.$queryRaw<
    {
      id: number;
      first_name: string;
      last_name: string | null;
      display_name: string | null;
      photo_url: string | null;
      status: MemberStatus;
      joined_at: Date;
    }[]
  >`
    SELECT m.id, m.first_name, m.last_name, m.display_name, m.photo_url, m.status,
      COALESCE((SELECT MIN(o.opened_at) FROM invite_open o JOIN invite i ON i.id = o.invite_id
                WHERE i.inviter_id = ${memberId} AND o.member_id = m.id), m.created_at) AS joined_at
    FROM member m
    WHERE m.invited_by_id = ${memberId} AND m.deleted_at IS NULL
    ORDER BY joined_at DESC, m.id DESC
    LIMIT ${page.limit} OFFSET ${page.offset}`;
  return rows.map((r) => ({
    id: r.id,
    name: nameOf({ firstName: r.first_name, lastName: r.last_name, displayName: r.display_name }),
    photoUrl: r.photo_url,
    status: r.status,
    joinedAt: r.joined_at.toISOString(),
  }));
}
