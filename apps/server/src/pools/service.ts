import type { Prisma } from "@exodus/db";
import {
  canActOnClaim,
  claimAmountError,
  MAX_POOL_MEMBERS,
  statusAfterBacking,
} from "@exodus/shared";
import type { ClaimFileInput, PoolCreateInput } from "@exodus/shared/schemas";
import { refuse } from "../errors.ts";
import { actingMember, holdBooks, lockCollection, lockMember } from "../locks.ts";
import { inNetworkOf } from "../network/graph.ts";
import { notify } from "../notifications/outbox.ts";
import { actionSql } from "../pledges/moves.ts";
import { notFound, type PoolContext, poolOfMember } from "./access.ts";
import { capsLeft, periodOfNow, reshare, settleClaims, shareBackedClaim } from "./life.ts";
import { getClaim, getPool } from "./views.ts";

export type { PoolContext };

/**
 * Pools of mutual intentions 🛟 (DOMAIN.md; shared's pool.ts): a member founds a pool (name,
 * rules, backers a claim needs, answer days, largest claim) with their own monthly cap; members
 * invite others of their own network, who join by stating a cap; a member files a claim, others
 * back it, Exodus shares it (life.ts); each share is committed or declined, a decline leaving the
 * pool and re-sharing the share. Only a pool's members see it (an invitee sees what it is, to
 * decide); being in one pool makes its members visible to each other there only.
 */

type Tx = Prisma.TransactionClient;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The same claim again this soon is the same tap twice: the first claim is the answer. */
export const FILE_REPEAT_MS = 60_000;

type Acting = Omit<PoolContext, "prisma">;

/** Locks the pool's row for the rest of the transaction: joins, claims and shares of one pool queue. */
async function lockPool(tx: Tx, poolId: number) {
  await tx.$queryRaw`SELECT 1 FROM pool WHERE id = ${poolId} FOR NO KEY UPDATE`;
}

/** A member founds a pool with themselves in it, at their cap. */
export async function createPool(ctx: PoolContext, input: PoolCreateInput) {
  const id = await ctx.prisma.$transaction(async (tx) => {
    await actingMember(tx, ctx.memberId);
    await lockMember(tx, ctx.memberId);
    // The same pool founded twice in a minute is one tap twice.
    const same = await tx.pool.findFirst({
      where: {
        foundedById: ctx.memberId,
        name: input.name,
        createdAt: { gt: new Date(ctx.now.getTime() - FILE_REPEAT_MS) },
      },
    });
    if (same) return same.id;
    const pool = await tx.pool.create({
      data: {
        name: input.name,
        rules: input.rules,
        backersNeeded: input.backersNeeded,
        answerDays: input.answerDays,
        largestClaim: input.largestClaim,
        foundedById: ctx.memberId,
        createdAt: ctx.now,
        members: {
          create: {
            memberId: ctx.memberId,
            cap: input.cap,
            capChangedAt: ctx.now,
            joinedAt: ctx.now,
          },
        },
      },
    });
    return pool.id;
  });
  return getPool(ctx, id);
}

/**
 * A member of the pool invites someone of their own network (two ties, as "my network" reads).
 * Asked again: the same invitation. Someone in the pool already: refused.
 */
export async function invitePoolMember(
  ctx: PoolContext,
  input: { poolId: number; memberId: number },
) {
  await ctx.prisma.$transaction(async (tx) => {
    await actingMember(tx, ctx.memberId);
    const pool = await poolOfMember(tx, ctx.memberId, input.poolId);
    if (input.memberId === ctx.memberId) throw refuse("CONFLICT", "errors.pool.already");
    const invitee = await tx.member.findUnique({ where: { id: input.memberId } });
    if (
      !invitee ||
      invitee.deletedAt ||
      !(await inNetworkOf(tx, ctx.memberId, input.memberId, ctx.now, ctx.timeZone))
    ) {
      throw refuse("FORBIDDEN", "errors.pool.notInNetwork");
    }
    await lockPool(tx, pool.id);
    const member = await tx.poolMember.findUnique({
      where: { poolId_memberId: { poolId: pool.id, memberId: input.memberId } },
    });
    if (member && !member.leftAt) throw refuse("CONFLICT", "errors.pool.already");
    const inserted = await tx.$executeRaw`
      INSERT INTO pool_invitation (pool_id, member_id, invited_by_id, invited_at)
      VALUES (${pool.id}, ${input.memberId}, ${ctx.memberId}, ${ctx.now})
      ON CONFLICT (pool_id, member_id) DO NOTHING`;
    if (inserted === 0) return;
    await notify(tx, {
      recipientId: input.memberId,
      senderId: ctx.memberId,
      kind: "pool.invited",
      dedupeKey: `pool.invited:${pool.id}:${input.memberId}:${ctx.now.getTime()}`,
      payload: { poolId: pool.id, memberId: ctx.memberId, name: pool.name },
    });
  });
}

/** An invitee joins at their cap (one who left may come back the same way, invited again). */
export async function joinPool(ctx: PoolContext, input: { poolId: number; cap: number }) {
  await ctx.prisma.$transaction(async (tx) => {
    await actingMember(tx, ctx.memberId);
    await lockPool(tx, input.poolId);
    const member = await tx.poolMember.findUnique({
      where: { poolId_memberId: { poolId: input.poolId, memberId: ctx.memberId } },
    });
    if (member && !member.leftAt) {
      // Joined already: a repeated tap with the same cap does nothing; a new cap is a change of cap.
      if (member.cap !== input.cap) await setCapIn(tx, ctx, input);
      return;
    }
    const invitation = await tx.poolInvitation.findUnique({
      where: { poolId_memberId: { poolId: input.poolId, memberId: ctx.memberId } },
    });
    if (!invitation) throw notFound();
    const count = await tx.poolMember.count({ where: { poolId: input.poolId, leftAt: null } });
    if (count >= MAX_POOL_MEMBERS) throw refuse("CONFLICT", "errors.pool.full");
    await tx.poolMember.upsert({
      where: { poolId_memberId: { poolId: input.poolId, memberId: ctx.memberId } },
      create: {
        poolId: input.poolId,
        memberId: ctx.memberId,
        cap: input.cap,
        capChangedAt: ctx.now,
        invitedById: invitation.invitedById,
        joinedAt: ctx.now,
      },
      update: {
        cap: input.cap,
        capChangedAt: ctx.now,
        invitedById: invitation.invitedById,
        joinedAt: ctx.now,
        leftAt: null,
      },
    });
    await tx.poolInvitation.delete({
      where: { poolId_memberId: { poolId: input.poolId, memberId: ctx.memberId } },
    });
  });
  return getPool(ctx, input.poolId);
}

async function setCapIn(tx: Tx, ctx: Acting, input: { poolId: number; cap: number }) {
  await poolOfMember(tx, ctx.memberId, input.poolId);
  await tx.poolMember.update({
    where: { poolId_memberId: { poolId: input.poolId, memberId: ctx.memberId } },
    data: { cap: input.cap, capChangedAt: ctx.now },
  });
}

/** A member changes their monthly cap; shares already offered keep the amounts they have. */
export async function setPoolCap(ctx: PoolContext, input: { poolId: number; cap: number }) {
  await ctx.prisma.$transaction(async (tx) => {
    await actingMember(tx, ctx.memberId);
    await lockPool(tx, input.poolId);
    await setCapIn(tx, ctx, input);
  });
  return getPool(ctx, input.poolId);
}

/**
 * A member leaves the pool. Shares they already committed stay obligations; a share still offered
 * to them is declined (and re-shared) as if they had declined it; a claim of theirs still waiting
 * for backers is withdrawn. Gone already: nothing happens.
 */
export async function leavePool(ctx: PoolContext, input: { poolId: number }) {
  await ctx.prisma.$transaction(async (tx) => {
    await actingMember(tx, ctx.memberId);
    await lockPool(tx, input.poolId);
    const member = await tx.poolMember.findUnique({
      where: { poolId_memberId: { poolId: input.poolId, memberId: ctx.memberId } },
    });
    if (!member) throw notFound();
    if (member.leftAt) return;
    await leaveIn(tx, ctx, input.poolId);
  });
}

async function leaveIn(tx: Tx, ctx: Acting, poolId: number) {
  await tx.poolMember.update({
    where: { poolId_memberId: { poolId, memberId: ctx.memberId } },
    data: { leftAt: ctx.now },
  });
  await leaveRest(tx, ctx, poolId);
}

/**
 * A member files a claim: what happened and the amount, at most the pool's largest claim and what
 * the other members' caps left can carry this month. One claim in progress per member and pool.
 * The other members are asked to back it.
 */
export async function fileClaim(ctx: PoolContext, input: ClaimFileInput) {
  const id = await ctx.prisma.$transaction(async (tx) => {
    await actingMember(tx, ctx.memberId);
    const pool = await poolOfMember(tx, ctx.memberId, input.poolId);
    await lockMember(tx, ctx.memberId);
    await lockPool(tx, pool.id);
    const same = await tx.collection.findFirst({
      where: {
        memberId: ctx.memberId,
        kind: "claim",
        goal: input.amount,
        story: input.story,
        openedAt: { gt: new Date(ctx.now.getTime() - FILE_REPEAT_MS) },
        claim: { poolId: pool.id },
      },
    });
    if (same) return same.id;
    const open = await tx.claim.count({
      where: {
        poolId: pool.id,
        claimantId: ctx.memberId,
        status: { in: ["filed", "backed", "shared"] },
      },
    });
    if (open > 0) throw refuse("CONFLICT", "errors.claim.oneOpen");
    const others = await capsLeft(tx, pool.id, periodOfNow(ctx.now, ctx.timeZone), [ctx.memberId]);
    const amountError = claimAmountError(input.amount, {
      largestClaim: pool.largestClaim,
      othersCapsLeft: others.reduce((s, m) => s + m.capLeft, 0),
    });
    if (amountError) throw refuse("CONFLICT", amountError);
    const collection = await tx.collection.create({
      data: {
        memberId: ctx.memberId,
        kind: "claim",
        goal: input.amount,
        story: input.story,
        openedAt: ctx.now,
        claim: {
          create: {
            poolId: pool.id,
            claimantId: ctx.memberId,
            filedAt: ctx.now,
            backBy: new Date(ctx.now.getTime() + pool.answerDays * DAY_MS),
          },
        },
      },
    });
    for (const other of others) {
      await notify(tx, {
        recipientId: other.memberId,
        senderId: ctx.memberId,
        kind: "claim.toBack",
        dedupeKey: `claim.toBack:${collection.id}:${other.memberId}`,
        payload: {
          poolId: pool.id,
          collectionId: collection.id,
          memberId: ctx.memberId,
          amount: input.amount,
        },
      });
    }
    return collection.id;
  });
  return getClaim(ctx, id);
}

/** The claim `id` with its pool, locked (the pool, then the collection), if the caller is in it. */
async function lockClaim(tx: Tx, ctx: Acting, collectionId: number) {
  const claim = await tx.claim.findUnique({ where: { collectionId } });
  if (!claim) throw refuse("NOT_FOUND", "errors.claim.notFound");
  const pool = await poolOfMember(tx, ctx.memberId, claim.poolId).catch(() => {
    throw refuse("NOT_FOUND", "errors.claim.notFound");
  });
  await lockPool(tx, pool.id);
  await lockCollection(tx, collectionId);
  return { claim: await tx.claim.findUniqueOrThrow({ where: { collectionId } }), pool };
}

/**
 * Another member of the pool backs a claim as real (twice is once). The backing that reaches the
 * pool's number shares the claim, in the same transaction.
 */
export async function backClaim(ctx: PoolContext, input: { collectionId: number }) {
  await ctx.prisma.$transaction(async (tx) => {
    await actingMember(tx, ctx.memberId);
    const { claim, pool } = await lockClaim(tx, ctx, input.collectionId);
    if (claim.claimantId === ctx.memberId) throw refuse("FORBIDDEN", "errors.claim.ownClaim");
    const already = await tx.claimBacker.findUnique({
      where: { claimId_memberId: { claimId: claim.collectionId, memberId: ctx.memberId } },
    });
    if (already) return;
    const allowed = canActOnClaim(claim.status, "back", "member");
    if (!allowed.ok) throw refuse("CONFLICT", allowed.error);
    await tx.claimBacker.create({
      data: { claimId: claim.collectionId, memberId: ctx.memberId, backedAt: ctx.now },
    });
    const backers = await tx.claimBacker.count({ where: { claimId: claim.collectionId } });
    if (statusAfterBacking(backers, pool.backersNeeded) === "backed") {
      await shareBackedClaim(tx, claim.collectionId, ctx.now, ctx.timeZone);
    }
  });
  return getClaim(ctx, input.collectionId);
}

async function withdrawIn(tx: Tx, ctx: Acting, collectionId: number) {
  const moved = await tx.$executeRaw`
    UPDATE claim SET status = 'withdrawn', settled_at = ${ctx.now}
    WHERE collection_id = ${collectionId} AND status = 'filed'`;
  if (moved > 0) {
    await tx.$executeRaw`
      UPDATE collection SET closed_at = ${ctx.now} WHERE id = ${collectionId} AND closed_at IS NULL`;
  }
}

/** The claimant takes a claim back before it is backed. Withdrawn already: a repeated tap. */
export async function withdrawClaim(ctx: PoolContext, input: { collectionId: number }) {
  await ctx.prisma.$transaction(async (tx) => {
    await actingMember(tx, ctx.memberId);
    const { claim } = await lockClaim(tx, ctx, input.collectionId);
    if (claim.claimantId !== ctx.memberId) throw refuse("FORBIDDEN", "errors.claim.notYours");
    if (claim.status === "withdrawn") return;
    const allowed = canActOnClaim(claim.status, "withdraw", "claimant");
    if (!allowed.ok) throw refuse("CONFLICT", allowed.error);
    await withdrawIn(tx, ctx, claim.collectionId);
  });
  return getClaim(ctx, input.collectionId);
}

/** Declines an offered share and re-shares it; false when it was no longer offered. */
async function declineIn(tx: Tx, ctx: Acting, pledgeId: number): Promise<boolean> {
  const [share] = await tx.$queryRaw<{ claim_id: number; amount: number }[]>`
    WITH answered AS (
      UPDATE pool_share SET answer = 'declined', answered_at = ${ctx.now}
      WHERE pledge_id = ${pledgeId} AND answer = 'offered'
      RETURNING pledge_id, claim_id
    ), moved AS (
      UPDATE pledge p SET state = 'withdrawn', state_changed_at = ${ctx.now}
      FROM answered a WHERE p.id = a.pledge_id AND p.state = 'obligation'
      RETURNING p.id, p.amount
    ), events AS (
      INSERT INTO pledge_event (pledge_id, actor_id, action, from_state, to_state, amount, at)
      SELECT id, ${ctx.memberId}, ${actionSql("declineShare")}, 'obligation', 'withdrawn', amount,
        ${ctx.now}
      FROM moved
    )
    SELECT a.claim_id, m.amount FROM answered a JOIN moved m ON m.id = a.pledge_id`;
  if (!share) return false;
  await reshare(tx, share.claim_id, share.amount, ctx.memberId, ctx.now, ctx.timeZone);
  await settleClaims(tx, [share.claim_id], ctx.now);
  return true;
}

/**
 * The giver of a share answers: commit (the obligation stands, answered) or decline (the offer is
 * taken back, the giver leaves the pool, and the share is re-shared among the rest up to their
 * caps left). The same answer twice is once; another answer after one was given is refused.
 */
export async function answerShare(
  ctx: PoolContext,
  input: { pledgeId: number; answer: "commit" | "decline" },
) {
  await ctx.prisma.$transaction(async (tx) => {
    await actingMember(tx, ctx.memberId);
    const found = await tx.poolShare.findUnique({ where: { pledgeId: input.pledgeId } });
    if (!found || found.memberId !== ctx.memberId) {
      throw refuse("NOT_FOUND", "errors.pledge.notFound");
    }
    await lockPool(tx, found.poolId);
    await lockCollection(tx, found.claimId);
    const share = await tx.poolShare.findUniqueOrThrow({ where: { pledgeId: input.pledgeId } });
    const wanted = input.answer === "commit" ? "committed" : "declined";
    if (share.answer === wanted) return;
    if (share.answer !== "offered") throw refuse("CONFLICT", "errors.share.answered");
    if (input.answer === "commit") {
      await tx.$executeRaw`
        WITH answered AS (
          UPDATE pool_share SET answer = 'committed', answered_at = ${ctx.now}
          WHERE pledge_id = ${share.pledgeId} AND answer = 'offered' RETURNING pledge_id
        )
        INSERT INTO pledge_event (pledge_id, actor_id, action, from_state, to_state, amount, at)
        SELECT p.id, ${ctx.memberId}, ${actionSql("commitShare")}, p.state, p.state, p.amount,
          ${ctx.now}
        FROM answered a JOIN pledge p ON p.id = a.pledge_id`;
      await settleClaims(tx, [share.claimId], ctx.now);
      return;
    }
    // The scheduler may have let it stand meanwhile (it takes the share's row, not the pool's).
    if (!(await declineIn(tx, ctx, share.pledgeId))) {
      throw refuse("CONFLICT", "errors.share.answered");
    }
    // Declining leaves the pool, and leaving takes back what else waited on them in it (other
    // offered shares, a claim not yet backed), as leaving by their own choice does.
    await leaveIn(tx, ctx, share.poolId);
  });
}

async function leaveRest(tx: Tx, ctx: Acting, poolId: number) {
  const offered = await tx.poolShare.findMany({
    where: { poolId, memberId: ctx.memberId, answer: "offered" },
    select: { pledgeId: true },
  });
  for (const s of offered) await declineIn(tx, ctx, s.pledgeId);
  const filed = await tx.claim.findMany({
    where: { poolId, claimantId: ctx.memberId, status: "filed" },
    select: { collectionId: true },
  });
  for (const c of filed) await withdrawIn(tx, ctx, c.collectionId);
}

/**
 * The pools a member about to leave is in, locked before their member row is (locks.ts's order
 * for pools: the pool, then the members its shares name), so a sharing under way in one of them
 * finishes first rather than wait on the leaver in a circle.
 */
export async function lockPoolsOfLeaver(tx: Tx, memberId: number): Promise<void> {
  await holdBooks(tx);
  const pools = await tx.poolMember.findMany({
    where: { memberId, leftAt: null },
    select: { poolId: true },
    orderBy: { poolId: "asc" },
  });
  for (const { poolId } of pools) await lockPool(tx, poolId);
}

/**
 * A member leaving Exodus leaves their pools first (members/profile.ts, before their pledges
 * move): shares still offered to them are declined and re-shared, claims of theirs not yet backed
 * are withdrawn, and a shared claim of theirs asks nothing more of anyone (its offered shares are
 * declined without re-sharing, and it settles on what was committed). Invitations by or to them go.
 */
export async function leavePoolsOnLeaving(
  tx: Tx,
  memberId: number,
  now: Date,
  timeZone: string,
): Promise<void> {
  const ctx: Acting = { memberId, now, timeZone };
  const pools = await tx.poolMember.findMany({
    where: { memberId, leftAt: null },
    select: { poolId: true },
    orderBy: { poolId: "asc" },
  });
  for (const { poolId } of pools) {
    await lockPool(tx, poolId);
    await leaveIn(tx, ctx, poolId);
  }
  const shared = await tx.claim.findMany({
    where: { claimantId: memberId, status: "shared" },
    select: { collectionId: true },
  });
  const ids = shared.map((c) => c.collectionId);
  await tx.$executeRaw`
    UPDATE pool_share SET answer = 'declined', answered_at = ${now}
    WHERE claim_id = ANY(${ids}::int[]) AND answer = 'offered'`;
  await settleClaims(tx, ids, now);
  await tx.poolInvitation.deleteMany({
    where: { OR: [{ memberId }, { invitedById: memberId }] },
  });
}
