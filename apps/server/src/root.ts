import { memberRouter } from "./members/router.ts";
import { router } from "./trpc.ts";

/** Every feature's router, merged. The web app imports only this type. */
export const appRouter = router({
  member: memberRouter,
});

export type AppRouter = typeof appRouter;
