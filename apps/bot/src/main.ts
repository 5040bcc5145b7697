/**
 * The bot as a process of its own, for when it runs apart from the server (which otherwise starts
 * it in-process when BOT_TOKEN is set). Needs a PostgreSQL the server shares: `pnpm start`.
 */
import { openDatabase } from "@exodus/db";
import { readBotEnv } from "./env.ts";
import { memberDirectoryFrom, memberLanguageFrom } from "./member-language.ts";
import { startBot } from "./polling.ts";

let env: ReturnType<typeof readBotEnv>;
try {
  env = readBotEnv(process.env);
} catch (error) {
  console.error(`exodus bot: ${(error as Error).message}`);
  process.exit(1);
}

const db = await openDatabase({ url: env.DATABASE_URL }).catch((error: unknown) => {
  console.error(
    `exodus bot: cannot open the database at DATABASE_URL: ${(error as Error).message}`,
  );
  process.exit(1);
});
const running = startBot({
  token: env.BOT_TOKEN,
  miniAppUrl: env.PUBLIC_URL,
  ...(env.BOT_API_ROOT ? { apiRoot: env.BOT_API_ROOT } : {}),
  memberLanguage: memberLanguageFrom(db.prisma),
  members: memberDirectoryFrom(db.prisma),
  delivery: { prisma: db.prisma, currency: env.CURRENCY, ratePerSecond: env.NOTIFY_RATE },
});
console.log("exodus bot: polling Telegram and delivering messages");

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  // A second signal means "now": someone is waiting on a stop that hangs.
  if (stopping) process.exit(1);
  stopping = true;
  console.log(`exodus bot: ${signal}, stopping`);
  await running.stop();
  await db.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
