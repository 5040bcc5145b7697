/**
 * The server side of `pnpm bench:api` (api.ts), a process of its own so that the load generator
 * does not share its event loop: the app as production starts it (startApp: the HTTP server, the
 * tRPC handler, initData checks, Prisma over one pg pool of 10), and in the same process the floor —
 * a second HTTP server whose one tRPC procedure answers `SELECT 1` through that same Prisma client
 * and pool, behind the same tRPC handler and context (initData checked), minus the member look-up
 * and the procedure's own work. It reports both addresses to its parent over IPC and stops when the
 * parent goes away.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { startApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { createContext, publicProcedure, router } from "../src/trpc.ts";

/** What the parent sends in BENCH_SERVER (JSON). */
export interface ServerOrder {
  databaseUrl: string;
  botToken: string;
}

/** What this process answers once both servers listen. */
export interface ServerReady {
  app: string;
  floor: string;
}

const order = JSON.parse(process.env.BENCH_SERVER ?? "{}") as ServerOrder;
const config = loadConfig({
  NODE_ENV: "production",
  HOST: "127.0.0.1",
  PORT: "0",
  DATABASE_URL: order.databaseUrl,
  BOT_TOKEN: order.botToken,
  PUBLIC_URL: "https://exodus.example/app",
  // Neither the bot nor the scheduled jobs: only the API is measured.
  RUN_BOT: "false",
  SCHEDULER_INTERVAL: "0",
});
const clock = () => new Date();
const app = await startApp(config, clock);

const floorRouter = router({
  floor: publicProcedure.query(async ({ ctx }) => {
    await ctx.db.prisma.$queryRaw`SELECT 1`;
    return { ok: true };
  }),
});
const deps = { db: app.db, config, clock, authTokens: [order.botToken] };
const floorHandler = createHTTPHandler({
  router: floorRouter,
  basePath: "/trpc/",
  createContext: ({ req }) => createContext(deps, req.headers.authorization),
});
const floor = createServer((req, res) => void floorHandler(req, res));
await new Promise<void>((resolve) => floor.listen(0, "127.0.0.1", resolve));

const ready: ServerReady = {
  // startApp shows 127.0.0.1 as localhost; the load generator connects to the address itself.
  app: app.url.replace("//localhost:", "//127.0.0.1:"),
  floor: `http://127.0.0.1:${(floor.address() as AddressInfo).port}/`,
};
process.send?.(ready);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  floor.closeAllConnections();
  floor.close();
  await app.close();
  process.exit(0);
}
process.on("disconnect", () => void stop());
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
