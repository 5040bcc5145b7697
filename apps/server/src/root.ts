import { booksRouter } from "./books/router.ts";
import { memberRouter } from "./members/router.ts";
import { pledgeRouter } from "./pledges/router.ts";
import { router } from "./trpc.ts";

/** Every feature's router, merged. The web app imports only this type. */
export const appRouter = router({
  member: memberRouter,
  pledge: pledgeRouter,
  books: booksRouter,
});

export type AppRouter = typeof appRouter;
