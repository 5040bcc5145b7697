import { needKinds } from "@exodus/shared";
import { booksActionsSchema, collectionIdSchema, pledgeListSchema } from "@exodus/shared/schemas";
import { refuse } from "../errors.ts";
import { canSeeInitiative } from "../initiatives/visibility.ts";
import { canSee } from "../network/graph.ts";
import { protectedProcedure, router } from "../trpc.ts";
import { actionsFor } from "./actions.ts";
import { createExportLink } from "./export.ts";
import { collectionTotals, givingLine, pledgeLines } from "./queries.ts";

/** What the dashboard and the lists read: totals, one's own giving, and the pledge lists. */
export const booksRouter = router({
  /** My open collections with their totals, and my own giving line. */
  dashboard: protectedProcedure.query(async ({ ctx }) => {
    const { prisma } = ctx.db;
    const now = ctx.clock();
    const tz = ctx.config.networkTimeZone;
    const open = await prisma.collection.findMany({
      // Needs only: one's initiatives and claims are listed on their own (initiative.list).
      where: { memberId: ctx.member.id, closedAt: null, kind: { in: [...needKinds] } },
      select: { id: true },
    });
    const totals = await collectionTotals(
      prisma,
      open.map((c) => c.id),
      now,
      tz,
    );
    return {
      status: ctx.member.status,
      collections: [...totals.values()],
      giving: await givingLine(prisma, ctx.member.id, now, tz),
    };
  }),

  /**
   * A collection's totals, for its member and whoever may see its member (the trust graph: a live
   * pledge ties a giver to the receiver); others get the answer a missing collection gets.
   */
  collection: protectedProcedure.input(collectionIdSchema).query(async ({ ctx, input }) => {
    const { prisma } = ctx.db;
    const now = ctx.clock();
    const tz = ctx.config.networkTimeZone;
    const totals = await collectionTotals(prisma, [input.collectionId], now, tz);
    const found = totals.get(input.collectionId);
    // An initiative is its initiator's network's only (initiatives/visibility.ts).
    const initiative = found
      ? await prisma.collection.findFirst({
          where: { id: input.collectionId, kind: "initiative" },
          select: { id: true, memberId: true, initiativeStatus: true },
        })
      : null;
    const visible =
      found &&
      (found.memberId === ctx.member.id ||
        (initiative
          ? await canSeeInitiative(prisma, ctx.member.id, initiative, now, tz)
          : await canSee(prisma, ctx.member.id, found.memberId, now, tz)));
    if (!visible) throw refuse("NOT_FOUND", "errors.collection.notFound");
    return found;
  }),

  /**
   * What needs my action now, the most urgent first: gifts to confirm, a receiver's asks to commit
   * or to give, and my pledges still open while the month ends within three days.
   */
  actions: protectedProcedure
    .input(booksActionsSchema)
    .query(({ ctx, input }) =>
      actionsFor(ctx.db.prisma, ctx.member, ctx.clock(), ctx.config.networkTimeZone, input.limit),
    ),

  /** One page of my circle (👥→👤), the pledges I give (👤→👥), or my archives (⌛, 👍). */
  pledges: protectedProcedure.input(pledgeListSchema).query(({ ctx, input }) =>
    pledgeLines(ctx.db.prisma, ctx.member.id, input.list, ctx.clock(), ctx.config.networkTimeZone, {
      limit: input.limit,
      cursor: input.cursor,
    }),
  ),

  /**
   * A one-time address (minutes) where my books are downloaded as CSV, with the file's name: the
   * Mini App hands it to Telegram's file download, which cannot send our sign-in header.
   */
  exportLink: protectedProcedure.mutation(({ ctx }) =>
    createExportLink(ctx.db.prisma, ctx.member, ctx.clock(), {
      base: ctx.config.publicUrl ?? ctx.origin ?? `http://localhost:${ctx.config.port}`,
      timeZone: ctx.config.networkTimeZone,
    }),
  ),
});
