import { mayShowPaymentDetails } from "@exodus/shared";
import {
  inviteCodeSchema,
  inviteCreateSchema,
  invitePageSchema,
  memberIdSchema,
  memberListSchema,
} from "@exodus/shared/schemas";
import { collectionTotals } from "../books/queries.ts";
import { refuse } from "../errors.ts";
import { owes, paymentDetailsOf } from "../members/profile.ts";
import { protectedProcedure, router } from "../trpc.ts";
import { circleOf, graphEdges } from "./circle.ts";
import { canSee, inNetworkOf } from "./graph.ts";
import {
  activeInvites,
  createInvite,
  inviteesOf,
  inviteLinks,
  openInvite,
  revokeInvite,
} from "./invites.ts";
import { memberList } from "./lists.ts";
import { nameOf } from "./names.ts";

/** Invite links, and other members as far as the trust graph lets one see them. */
export const networkRouter = router({
  /**
   * A page of a member list, by need: mine (network, needHelp, helpers, helped, suggestions), or
   * another member's network, helpers or helped as far as I may see them. Someone I cannot see at
   * all answers as one who does not exist.
   */
  list: protectedProcedure.input(memberListSchema).query(async ({ ctx, input }) => {
    const subjectId = input.memberId ?? ctx.member.id;
    const now = ctx.clock();
    if (!(await canSee(ctx.db.prisma, ctx.member.id, subjectId, now, ctx.config.networkTimeZone))) {
      throw refuse("NOT_FOUND", "errors.member.notFound");
    }
    return memberList(
      ctx.db.prisma,
      ctx.member.id,
      input.list,
      now,
      ctx.config.networkTimeZone,
      { limit: input.limit, offset: input.offset },
      subjectId,
    );
  }),

  /** Another member's page; outside one's network it answers as for a member who does not exist. */
  member: protectedProcedure.input(memberIdSchema).query(async ({ ctx, input }) => {
    const { prisma } = ctx.db;
    const now = ctx.clock();
    const tz = ctx.config.networkTimeZone;
    const target = await prisma.member.findUnique({
      where: { id: input.memberId },
      include: { collections: { where: { closedAt: null }, select: { id: true } } },
    });
    if (!target || !(await canSee(prisma, ctx.member.id, target.id, now, tz))) {
      throw refuse("NOT_FOUND", "errors.member.notFound");
    }
    const totals = await collectionTotals(
      prisma,
      target.collections.map((c) => c.id),
      now,
      tz,
    );
    // Payment details: to whoever owes the member, and to their network (not via suggestion or
    // link) while they are in need.
    const showPayment = mayShowPaymentDetails({
      ownerStatus: target.status,
      owesOwner: await owes(prisma, ctx.member.id, target.id),
      inOwnersNetwork:
        target.status !== "green" && (await inNetworkOf(prisma, ctx.member.id, target.id, now, tz)),
    });
    return {
      id: target.id,
      name: nameOf(target),
      firstName: target.firstName,
      lastName: target.lastName,
      photoUrl: target.photoUrl,
      about: target.about,
      status: target.status,
      collections: [...totals.values()],
      paymentDetails: showPayment ? await paymentDetailsOf(prisma, target.id) : null,
    };
  }),

  /** A member's circle of support: totals and helpers; amounts only for the circle's insiders. */
  circle: protectedProcedure.input(memberIdSchema).query(async ({ ctx, input }) => {
    const now = ctx.clock();
    const tz = ctx.config.networkTimeZone;
    if (!(await canSee(ctx.db.prisma, ctx.member.id, input.memberId, now, tz))) {
      throw refuse("NOT_FOUND", "errors.member.notFound");
    }
    return circleOf(ctx.db.prisma, ctx.member.id, input.memberId, now, tz);
  }),

  /** The viewer's network as nodes and edges, at most 300 nodes, neediest first. */
  graph: protectedProcedure.query(async ({ ctx }) => {
    const now = ctx.clock();
    const tz = ctx.config.networkTimeZone;
    const nodes = await memberList(ctx.db.prisma, ctx.member.id, "network", now, tz, {
      limit: 300,
      offset: 0,
    });
    const ids = [ctx.member.id, ...nodes.map((n) => n.id)];
    return {
      viewer: ctx.member.id,
      nodes,
      edges: await graphEdges(ctx.db.prisma, ids, now, tz),
      truncated: nodes.length === 300,
    };
  }),

  /** A new invite link, to oneself or to a member in need in one's network. */
  createInvite: protectedProcedure.input(inviteCreateSchema).mutation(async ({ ctx, input }) => {
    const invite = await createInvite(
      ctx.db.prisma,
      ctx.member.id,
      input.targetId,
      ctx.clock(),
      ctx.config.networkTimeZone,
    );
    return {
      code: invite.code,
      targetId: invite.targetId,
      expiresAt: invite.expiresAt.toISOString(),
      links: inviteLinks(invite.code, ctx.config.botUsername, ctx.config.miniAppName),
    };
  }),

  /** Opens a code from the Mini App's start parameter (or the bot's /start, which passes it on). */
  openInvite: protectedProcedure
    .input(inviteCodeSchema)
    .mutation(({ ctx, input }) =>
      openInvite(ctx.db.prisma, ctx.member.id, input.code, ctx.clock()),
    ),

  revokeInvite: protectedProcedure.input(inviteCodeSchema).mutation(async ({ ctx, input }) => {
    await revokeInvite(ctx.db.prisma, ctx.member.id, input.code, ctx.clock());
    return { revoked: true };
  }),

  /** My links that still work, newest first, with whom each leads to and how often it was opened. */
  invites: protectedProcedure.input(invitePageSchema).query(({ ctx, input }) =>
    activeInvites(ctx.db.prisma, ctx.member.id, ctx.clock(), input, {
      bot: ctx.config.botUsername,
      app: ctx.config.miniAppName,
    }),
  ),

  /** Who joined through my links (their referral tie points to me), newest first. */
  invitees: protectedProcedure
    .input(invitePageSchema)
    .query(({ ctx, input }) => inviteesOf(ctx.db.prisma, ctx.member.id, input)),
});
