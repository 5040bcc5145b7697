import {
  collectionIdSchema,
  collectionUpdateSchema,
  initiativeLowerGoalSchema,
  initiativeProposeSchema,
} from "@exodus/shared/schemas";
import { type Context, protectedProcedure, router } from "../trpc.ts";
import {
  cancelInitiative,
  getInitiative,
  type InitiativeContext,
  listInitiatives,
  lowerInitiativeGoal,
  postInitiativeUpdate,
  proposeInitiative,
} from "./service.ts";

function initiativeContext(ctx: Context & { member: { id: number } }): InitiativeContext {
  return {
    prisma: ctx.db.prisma,
    memberId: ctx.member.id,
    now: ctx.clock(),
    timeZone: ctx.config.networkTimeZone,
  };
}

/**
 * Initiatives 🎯: proposed by any member to their network, all or nothing by the deadline. Their
 * pledges are the pledge procedures' (pledge.create to the initiative's id, pledge.act).
 */
export const initiativeRouter = router({
  /** Propose one: title, story, goal, a deadline 1–90 days away. */
  propose: protectedProcedure
    .input(initiativeProposeSchema)
    .mutation(({ ctx, input }) => proposeInitiative(initiativeContext(ctx), input)),

  /** One initiative, for its initiator's network (and whoever pledged to it). */
  get: protectedProcedure
    .input(collectionIdSchema)
    .query(({ ctx, input }) => getInitiative(initiativeContext(ctx), input.collectionId)),

  /** The network's initiatives under way, and those over one took part in. */
  list: protectedProcedure.query(({ ctx }) => listInitiatives(initiativeContext(ctx))),

  /** The initiator lowers the goal while it is open (it may go ahead at once). */
  lowerGoal: protectedProcedure
    .input(initiativeLowerGoalSchema)
    .mutation(({ ctx, input }) => lowerInitiativeGoal(initiativeContext(ctx), input)),

  /** The initiator calls it off before it goes ahead. */
  cancel: protectedProcedure
    .input(collectionIdSchema)
    .mutation(({ ctx, input }) => cancelInitiative(initiativeContext(ctx), input)),

  /** The initiator posts an update to those who pledged. */
  postUpdate: protectedProcedure
    .input(collectionUpdateSchema)
    .mutation(({ ctx, input }) => postInitiativeUpdate(initiativeContext(ctx), input)),
});
