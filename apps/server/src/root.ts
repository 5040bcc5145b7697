import { planRouter } from "./balance/router.ts";
import { booksRouter } from "./books/router.ts";
import { clearingRouter } from "./clearing/router.ts";
import { collectionRouter } from "./collections/router.ts";
import { initiativeRouter } from "./initiatives/router.ts";
import { memberRouter } from "./members/router.ts";
import { networkRouter } from "./network/router.ts";
import { pledgeRouter } from "./pledges/router.ts";
import { poolRouter } from "./pools/router.ts";
import { router } from "./trpc.ts";

/** Every feature's router, merged. The web app imports only this type. */
export const appRouter = router({
  member: memberRouter,
  pledge: pledgeRouter,
  books: booksRouter,
  network: networkRouter,
  collection: collectionRouter,
  plan: planRouter,
  clearing: clearingRouter,
  initiative: initiativeRouter,
  pool: poolRouter,
});

export type AppRouter = typeof appRouter;
