import type { PledgeState } from "@exodus/shared";
import {
  pledgeActSchema,
  pledgeCreateSchema,
  pledgeIdSchema,
  pledgeNudgeSchema,
} from "@exodus/shared/schemas";
import { type Context, protectedProcedure, router } from "../trpc.ts";
import {
  actOnPledge,
  createPledge,
  getPledge,
  nudgePledge,
  type PledgeContext,
} from "./service.ts";

function pledgeContext(ctx: Context & { member: { id: number } }): PledgeContext {
  return {
    prisma: ctx.db.prisma,
    memberId: ctx.member.id,
    now: ctx.clock(),
    timeZone: ctx.config.networkTimeZone,
  };
}

/** Pledges: create one, move it along its life, ask or remind the other side. */
export const pledgeRouter = router({
  /** One pledge for one of its sides: state, history, and what the viewer may do now. */
  get: protectedProcedure.input(pledgeIdSchema).query(async ({ ctx, input }) => {
    const found = await getPledge(pledgeContext(ctx), input.pledgeId);
    return {
      ...view(found.pledge),
      kind: found.pledge.collection.kind,
      // A member who left has no name: the app shows "deleted member".
      giverName: found.pledge.giver.displayName ?? found.pledge.giver.firstName,
      receiverName: found.pledge.receiver.displayName ?? found.pledge.receiver.firstName,
      stateChangedAt: found.pledge.stateChangedAt.toISOString(),
      viewer: found.actor,
      // Offered for clearing (DOMAIN.md "Clearing"): only an obligation still due takes part.
      clearingOffered:
        found.pledge.state === "obligation" && found.pledge.clearingOfferedAt !== null,
      actions: found.actions,
      nudges: found.nudges,
      nudgeWaits: found.nudgeWaits,
      history: found.pledge.events.map((e) => ({
        action: e.action,
        by:
          e.actorId === null ? "system" : e.actorId === found.pledge.giverId ? "giver" : "receiver",
        from: e.fromState,
        to: e.toState,
        amount: e.amount,
        at: e.at.toISOString(),
      })),
    };
  }),

  create: protectedProcedure
    .input(pledgeCreateSchema)
    .mutation(({ ctx, input }) => createPledge(pledgeContext(ctx), input).then(view)),

  act: protectedProcedure.input(pledgeActSchema).mutation(({ ctx, input }) =>
    actOnPledge(pledgeContext(ctx), {
      pledgeId: input.pledgeId,
      action: input.action,
      amount: input.action === "edit" ? input.amount : undefined,
    }).then(view),
  ),

  nudge: protectedProcedure
    .input(pledgeNudgeSchema)
    .mutation(({ ctx, input }) =>
      nudgePledge(pledgeContext(ctx), input).then(() => ({ sent: true })),
    ),
});

/** A pledge as the API returns it: plain JSON, the period as "YYYY-MM". */
function view(p: {
  id: number;
  collectionId: number;
  giverId: number;
  receiverId: number;
  amount: number;
  state: PledgeState;
  period: Date;
  overdue: boolean;
}) {
  return {
    id: p.id,
    collectionId: p.collectionId,
    giverId: p.giverId,
    receiverId: p.receiverId,
    amount: p.amount,
    state: p.state,
    period: p.period.toISOString().slice(0, 7),
    overdue: p.overdue,
  };
}
