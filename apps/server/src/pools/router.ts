import {
  claimFileSchema,
  collectionIdSchema,
  poolCapSchema,
  poolCreateSchema,
  poolIdSchema,
  poolInviteSchema,
  shareAnswerSchema,
} from "@exodus/shared/schemas";
import { type Context, protectedProcedure, router } from "../trpc.ts";
import type { PoolContext } from "./access.ts";
import {
  answerShare,
  backClaim,
  createPool,
  fileClaim,
  invitePoolMember,
  joinPool,
  leavePool,
  setPoolCap,
  withdrawClaim,
} from "./service.ts";
import { getClaim, getPool, listPools } from "./views.ts";

function poolContext(ctx: Context & { member: { id: number } }): PoolContext {
  return {
    prisma: ctx.db.prisma,
    memberId: ctx.member.id,
    now: ctx.clock(),
    timeZone: ctx.config.networkTimeZone,
  };
}

/**
 * Pools of mutual intentions 🛟: only a pool's members see it (an invitee what it is). Shares are
 * pledges: once committed they live through the pledge procedures (give, confirm).
 */
export const poolRouter = router({
  /** Found a pool, with one's own monthly cap. */
  create: protectedProcedure
    .input(poolCreateSchema)
    .mutation(({ ctx, input }) => createPool(poolContext(ctx), input)),

  /** My pools and the invitations I have. */
  list: protectedProcedure.query(({ ctx }) => listPools(poolContext(ctx))),

  /** One pool: for its members whole, for an invitee what it is. */
  get: protectedProcedure
    .input(poolIdSchema)
    .query(({ ctx, input }) => getPool(poolContext(ctx), input.poolId)),

  /** Invite a member of one's own network. */
  invite: protectedProcedure
    .input(poolInviteSchema)
    .mutation(({ ctx, input }) => invitePoolMember(poolContext(ctx), input)),

  /** Join a pool one is invited to, at one's cap. */
  join: protectedProcedure
    .input(poolCapSchema)
    .mutation(({ ctx, input }) => joinPool(poolContext(ctx), input)),

  /** Change one's monthly cap. */
  setCap: protectedProcedure
    .input(poolCapSchema)
    .mutation(({ ctx, input }) => setPoolCap(poolContext(ctx), input)),

  /** Leave a pool. */
  leave: protectedProcedure
    .input(poolIdSchema)
    .mutation(({ ctx, input }) => leavePool(poolContext(ctx), input)),

  /** File a claim: what happened, the amount. */
  fileClaim: protectedProcedure
    .input(claimFileSchema)
    .mutation(({ ctx, input }) => fileClaim(poolContext(ctx), input)),

  /** One claim. */
  claim: protectedProcedure
    .input(collectionIdSchema)
    .query(({ ctx, input }) => getClaim(poolContext(ctx), input.collectionId)),

  /** Back another member's claim as real. */
  back: protectedProcedure
    .input(collectionIdSchema)
    .mutation(({ ctx, input }) => backClaim(poolContext(ctx), input)),

  /** Take one's own claim back before it is backed. */
  withdrawClaim: protectedProcedure
    .input(collectionIdSchema)
    .mutation(({ ctx, input }) => withdrawClaim(poolContext(ctx), input)),

  /** Commit or decline one's share of a claim. */
  answerShare: protectedProcedure
    .input(shareAnswerSchema)
    .mutation(({ ctx, input }) => answerShare(poolContext(ctx), input)),
});
