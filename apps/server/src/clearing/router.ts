import { clearingAnswerSchema, pledgeIdSchema } from "@exodus/shared/schemas";
import type { PledgeContext } from "../pledges/service.ts";
import { type Context, protectedProcedure, router } from "../trpc.ts";
import {
  agreeToRound,
  declineRound,
  myClearing,
  offerAllObligations,
  offerObligation,
  waitingAnswer,
  withdrawOffer,
} from "./rounds.ts";

function clearingContext(ctx: Context & { member: { id: number } }): PledgeContext {
  return {
    prisma: ctx.db.prisma,
    memberId: ctx.member.id,
    now: ctx.clock(),
    timeZone: ctx.config.networkTimeZone,
  };
}

/** Clearing of mutual obligations: offer one's obligations, see one's part, agree or decline. */
export const clearingRouter = router({
  mine: protectedProcedure.query(({ ctx }) => myClearing(clearingContext(ctx))),
  /** Home's card: the caller's part of a round that waits for their answer, or null. */
  waiting: protectedProcedure.query(({ ctx }) => waitingAnswer(clearingContext(ctx))),
  offer: protectedProcedure
    .input(pledgeIdSchema)
    .mutation(({ ctx, input }) => offerObligation(clearingContext(ctx), input)),
  offerAll: protectedProcedure.mutation(({ ctx }) => offerAllObligations(clearingContext(ctx))),
  withdrawOffer: protectedProcedure
    .input(pledgeIdSchema)
    .mutation(({ ctx, input }) => withdrawOffer(clearingContext(ctx), input)),
  agree: protectedProcedure
    .input(clearingAnswerSchema)
    .mutation(({ ctx, input }) => agreeToRound(clearingContext(ctx), input)),
  decline: protectedProcedure
    .input(clearingAnswerSchema)
    .mutation(({ ctx, input }) => declineRound(clearingContext(ctx), input)),
});
