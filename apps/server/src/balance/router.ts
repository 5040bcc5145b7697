import { planApplySchema, planIdSchema } from "@exodus/shared/schemas";
import { createLogger } from "../log.ts";
import type { PledgeContext } from "../pledges/service.ts";
import { type Context, protectedProcedure, router } from "../trpc.ts";
import { applyPlan, dismissPlan, myPlan } from "./plans.ts";

function planContext(ctx: Context & { member: { id: number } }): PledgeContext {
  return {
    prisma: ctx.db.prisma,
    memberId: ctx.member.id,
    now: ctx.clock(),
    timeZone: ctx.config.networkTimeZone,
  };
}

/** Each giver's plan (PLAN-API.md): read it, apply it (edited first or not), or dismiss it. */
export const planRouter = router({
  mine: protectedProcedure.query(({ ctx }) =>
    myPlan(planContext(ctx), {
      onError: (e) => createLogger().error({ err: e }, "balancing run failed"),
    }),
  ),
  // tRPC reserves "apply" (and "call") as a router key: the contract's plan.apply is plan.accept.
  accept: protectedProcedure
    .input(planApplySchema)
    .mutation(({ ctx, input }) => applyPlan(planContext(ctx), input)),
  dismiss: protectedProcedure
    .input(planIdSchema)
    .mutation(({ ctx, input }) => dismissPlan(planContext(ctx), input)),
});
