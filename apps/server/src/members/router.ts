import {
  leaveSchema,
  notificationSettingsSchema,
  paymentDetailsSchema,
  profileUpdateSchema,
  statusChangeSchema,
} from "@exodus/shared/schemas";
import { telegramIdHash } from "../auth/leavers.ts";
import { changeStatus } from "../collections/service.ts";
import { protectedProcedure, router } from "../trpc.ts";
import {
  leave,
  leftAlready,
  mutedNotifications,
  paymentDetailsOf,
  setMutedNotifications,
  setPaymentDetails,
  updateProfile,
} from "./profile.ts";
import { getProfile } from "./service.ts";

export const memberRouter = router({
  /** The signed-in member's own profile, with their open collections. */
  me: protectedProcedure.query(async ({ ctx }) => ({
    profile: await getProfile(
      ctx.db.prisma,
      ctx.member.id,
      ctx.clock(),
      ctx.config.networkTimeZone,
    ),
    paymentDetails: await paymentDetailsOf(ctx.db.prisma, ctx.member.id),
    notificationsMuted: mutedNotifications(ctx.member),
    currency: ctx.config.currency,
  })),

  /** Name, about me (≤ 180), language, the monthly giving budget (null clears it). */
  updateProfile: protectedProcedure.input(profileUpdateSchema).mutation(async ({ ctx, input }) => {
    await updateProfile(ctx.db.prisma, ctx.member.id, input);
    return getProfile(ctx.db.prisma, ctx.member.id, ctx.clock(), ctx.config.networkTimeZone);
  }),

  /** The whole list of payment details; none means "ask in person". */
  setPaymentDetails: protectedProcedure
    .input(paymentDetailsSchema)
    .mutation(async ({ ctx, input }) => {
      await setPaymentDetails(ctx.db.prisma, ctx.member.id, input.details);
      return paymentDetailsOf(ctx.db.prisma, ctx.member.id);
    }),

  /** The notification categories the member mutes, the whole set at once; returns it as kept. */
  setNotifications: protectedProcedure
    .input(notificationSettingsSchema)
    .mutation(async ({ ctx, input }) => {
      const notificationsMuted = await setMutedNotifications(
        ctx.db.prisma,
        ctx.member.id,
        input.muted,
      );
      return { notificationsMuted };
    }),

  /** Leave Exodus: personal data deleted, archives kept for the others as "deleted member". */
  leave: protectedProcedure.input(leaveSchema).mutation(async ({ ctx }) => {
    // A signed-in member always has their Telegram id: only a leaver's row has none.
    if (ctx.member.telegramId === null) throw leftAlready();
    await leave(
      ctx.db.prisma,
      ctx.member.id,
      ctx.clock(),
      {
        telegramIdHash: telegramIdHash(ctx.authTokens, ctx.member.telegramId),
        signedAt: ctx.auth.signedAt,
      },
      ctx.config.networkTimeZone,
    );
    return { left: true };
  }),

  /** ✅/🔆/🆘: open or close a collection, change a goal; returns the profile as it now is. */
  changeStatus: protectedProcedure.input(statusChangeSchema).mutation(async ({ ctx, input }) => {
    await changeStatus(
      ctx.db.prisma,
      ctx.member.id,
      input,
      ctx.clock(),
      ctx.config.networkTimeZone,
    );
    return getProfile(ctx.db.prisma, ctx.member.id, ctx.clock(), ctx.config.networkTimeZone);
  }),
});
