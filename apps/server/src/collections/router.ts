import {
  collectionIdSchema,
  collectionStorySchema,
  collectionUpdateSchema,
} from "@exodus/shared/schemas";
import { protectedProcedure, router } from "../trpc.ts";
import { postUpdate, setStory, storyOf } from "./story.ts";

/** A need's story and updates: read by whoever may see its member, written by that member only. */
export const collectionRouter = router({
  /** The story and the latest updates, newest first. */
  story: protectedProcedure
    .input(collectionIdSchema)
    .query(({ ctx, input }) =>
      storyOf(
        ctx.db.prisma,
        ctx.member.id,
        input.collectionId,
        ctx.clock(),
        ctx.config.networkTimeZone,
      ),
    ),

  /** Sets the story of one's own open collection (an empty one clears it). */
  setStory: protectedProcedure
    .input(collectionStorySchema)
    .mutation(({ ctx, input }) =>
      setStory(ctx.db.prisma, ctx.member.id, input, ctx.clock(), ctx.config.networkTimeZone),
    ),

  /** Posts an update to one's own open collection; its circle gets a message. */
  postUpdate: protectedProcedure
    .input(collectionUpdateSchema)
    .mutation(({ ctx, input }) =>
      postUpdate(ctx.db.prisma, ctx.member.id, input, ctx.clock(), ctx.config.networkTimeZone),
    ),
});
