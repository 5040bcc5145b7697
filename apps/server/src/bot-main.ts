/**
 * The bot as a process of its own, for when it runs apart from the server (which otherwise starts
 * it in-process when BOT_TOKEN is set): `pnpm --filter @exodus/bot start`. Needs a PostgreSQL the
 * server shares. It lives in the server's package because the members it reads and marks are the
 * server's to write (members/directory.ts); the bot itself (apps/bot) writes no member.
 */
import { createLogger, readBotEnv, startBot } from "@exodus/bot";
import { openDatabase } from "@exodus/db";
import { memberDirectory } from "./members/directory.ts";

let env: ReturnType<typeof readBotEnv>;
try {
  env = readBotEnv(process.env);
} catch (error) {
  console.error(`exodus bot: ${(error as Error).message}`);
  process.exit(1);
}
const logger = createLogger({ level: env.LOG_LEVEL });

const db = await openDatabase({ url: env.DATABASE_URL }).catch((error: unknown) => {
  logger.fatal({ reason: (error as Error).message }, "cannot open the database at DATABASE_URL");
  process.exit(1);
});
const members = memberDirectory(db.prisma);
const running = startBot({
  token: env.BOT_TOKEN,
  miniAppUrl: env.PUBLIC_URL,
  ...(env.BOT_API_ROOT ? { apiRoot: env.BOT_API_ROOT } : {}),
  memberLanguage: members.language,
  members,
  delivery: { prisma: db.prisma, currency: env.CURRENCY, ratePerSecond: env.NOTIFY_RATE },
  logger,
});
logger.info("polling Telegram and delivering messages");

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  // A second signal means "now": someone is waiting on a stop that hangs.
  if (stopping) process.exit(1);
  stopping = true;
  logger.info({ signal }, "stopping");
  await running.stop();
  await db.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
