import type { PrismaClient } from "@exodus/db";
import { refuse } from "../errors.ts";
import { nameOf } from "../network/names.ts";
import { notFound, type PoolContext, poolOfMember } from "./access.ts";
import { capsLeft, periodOfNow } from "./life.ts";

/**
 * What pools look like to a member (router `pool`'s queries): their pools and invitations, one
 * pool whole for its members (what it is for an invitee), and claims with backers and shares.
 */

/** My pools: name, how many members, my cap and cap left this month; then the invitations I have. */
export async function listPools(ctx: PoolContext) {
  const mine = await ctx.prisma.poolMember.findMany({
    where: { memberId: ctx.memberId, leftAt: null },
    include: {
      pool: { include: { _count: { select: { members: { where: { leftAt: null } } } } } },
    },
    orderBy: { poolId: "desc" },
  });
  const period = periodOfNow(ctx.now, ctx.timeZone);
  const pools = [];
  for (const m of mine) {
    const me = (await capsLeft(ctx.prisma, m.poolId, period)).find(
      (c) => c.memberId === ctx.memberId,
    );
    pools.push({
      id: m.poolId,
      name: m.pool.name,
      members: m.pool._count.members,
      cap: m.cap,
      capLeft: me?.capLeft ?? 0,
    });
  }
  const invitations = await ctx.prisma.poolInvitation.findMany({
    where: { memberId: ctx.memberId },
    include: {
      pool: true,
      invitedBy: { select: { firstName: true, lastName: true, displayName: true } },
    },
    orderBy: { invitedAt: "desc" },
  });
  return {
    pools,
    invitations: invitations.map((i) => ({
      poolId: i.poolId,
      name: i.pool.name,
      invitedBy: nameOf(i.invitedBy),
    })),
  };
}

/**
 * One pool as its members see it: rules, members with caps and caps left, claims with their
 * backers and shares. An invitee sees what the pool is (name, rules, numbers) to decide on
 * joining; anyone else: not found.
 */
export async function getPool(ctx: PoolContext, poolId: number) {
  const pool = await ctx.prisma.pool.findUnique({ where: { id: poolId } });
  if (!pool) throw notFound();
  const member = await ctx.prisma.poolMember.findUnique({
    where: { poolId_memberId: { poolId, memberId: ctx.memberId } },
  });
  const about = {
    id: pool.id,
    name: pool.name,
    rules: pool.rules,
    backersNeeded: pool.backersNeeded,
    answerDays: pool.answerDays,
    largestClaim: pool.largestClaim,
  };
  if (!member || member.leftAt) {
    const invited = await ctx.prisma.poolInvitation.findUnique({
      where: { poolId_memberId: { poolId, memberId: ctx.memberId } },
    });
    if (!invited) throw notFound();
    const count = await ctx.prisma.poolMember.count({ where: { poolId, leftAt: null } });
    return { ...about, joined: false as const, memberCount: count };
  }
  const period = periodOfNow(ctx.now, ctx.timeZone);
  const caps = new Map((await capsLeft(ctx.prisma, poolId, period)).map((c) => [c.memberId, c]));
  const members = await ctx.prisma.poolMember.findMany({
    where: { poolId, leftAt: null, member: { deletedAt: null } },
    include: { member: { select: { firstName: true, lastName: true, displayName: true } } },
    orderBy: { joinedAt: "asc" },
  });
  const claims = await claimViews(ctx.prisma, ctx.memberId, { poolId });
  return {
    ...about,
    joined: true as const,
    memberCount: members.length,
    members: members.map((m) => ({
      id: m.memberId,
      name: nameOf(m.member),
      me: m.memberId === ctx.memberId,
      cap: m.cap,
      capLeft: caps.get(m.memberId)?.capLeft ?? 0,
    })),
    claims,
  };
}

/** One claim, for the members of its pool. */
export async function getClaim(ctx: PoolContext, collectionId: number) {
  const claim = await ctx.prisma.claim.findUnique({ where: { collectionId } });
  if (!claim) throw refuse("NOT_FOUND", "errors.claim.notFound");
  await poolOfMember(ctx.prisma, ctx.memberId, claim.poolId).catch(() => {
    throw refuse("NOT_FOUND", "errors.claim.notFound");
  });
  const [view] = await claimViews(ctx.prisma, ctx.memberId, { collectionId });
  if (!view) throw refuse("NOT_FOUND", "errors.claim.notFound");
  return view;
}

/** Claims (newest first) with backers and shares: who, how much, their answer; 🙏 what is left. */
async function claimViews(
  prisma: PrismaClient,
  viewerId: number,
  where: { poolId: number } | { collectionId: number },
) {
  const claims = await prisma.claim.findMany({
    where,
    orderBy: { collectionId: "desc" },
    take: 50,
    include: {
      collection: { select: { goal: true, story: true } },
      claimant: { select: { firstName: true, lastName: true, displayName: true } },
      backers: {
        include: { member: { select: { firstName: true, lastName: true, displayName: true } } },
        orderBy: { backedAt: "asc" },
      },
      shares: {
        include: {
          pledge: { select: { amount: true, state: true } },
          member: { select: { firstName: true, lastName: true, displayName: true } },
        },
        orderBy: [{ round: "asc" }, { memberId: "asc" }],
      },
    },
  });
  return claims.map((c) => {
    const committed = c.shares
      .filter((s) => s.answer === "committed")
      .reduce((sum, s) => sum + s.pledge.amount, 0);
    const offered = c.shares
      .filter((s) => s.answer === "offered")
      .reduce((sum, s) => sum + s.pledge.amount, 0);
    const shared = ["shared", "covered", "partlyCovered"].includes(c.status);
    return {
      id: c.collectionId,
      poolId: c.poolId,
      claimantId: c.claimantId,
      claimantName: nameOf(c.claimant),
      mine: c.claimantId === viewerId,
      amount: c.collection.goal,
      story: c.collection.story,
      status: c.status,
      filedAt: c.filedAt.toISOString(),
      backBy: c.backBy.toISOString(),
      backers: c.backers.map((b) => ({ id: b.memberId, name: nameOf(b.member) })),
      backedByMe: c.backers.some((b) => b.memberId === viewerId),
      shares: c.shares.map((s) => ({
        pledgeId: s.pledgeId,
        memberId: s.memberId,
        name: nameOf(s.member),
        me: s.memberId === viewerId,
        amount: s.pledge.amount,
        round: s.round,
        answer: s.answer,
        answerBy: s.answerBy.toISOString(),
      })),
      committed,
      offered,
      // 🙏: what neither committed nor still offered shares carry, once the claim is shared.
      uncovered: shared ? Math.max(c.collection.goal - committed - offered, 0) : 0,
    };
  });
}
