import { statusChangeSchema } from "@exodus/shared/schemas";
import { changeStatus } from "../collections/service.ts";
import { protectedProcedure, router } from "../trpc.ts";
import { getProfile } from "./service.ts";

export const memberRouter = router({
  /** The signed-in member's own profile, with their open collections. */
  me: protectedProcedure.query(async ({ ctx }) => ({
    profile: await getProfile(ctx.db.prisma, ctx.member.id, ctx.clock()),
    currency: ctx.config.currency,
  })),

  /** ✅/🔆/🆘: open or close a collection, change a goal; returns the profile as it now is. */
  changeStatus: protectedProcedure.input(statusChangeSchema).mutation(async ({ ctx, input }) => {
    await changeStatus(ctx.db.prisma, ctx.member.id, input, ctx.clock());
    return getProfile(ctx.db.prisma, ctx.member.id, ctx.clock());
  }),
});
