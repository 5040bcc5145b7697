import type { AddressInfo } from "node:net";
import { startBot } from "@exodus/bot";
import { type Database, openDatabase } from "@exodus/db";
import type { Config } from "./config.ts";
import { type Scheduler, startScheduler } from "./cycle/scheduler.ts";
import { createDevClock, createDevToken } from "./dev/dev-mode.ts";
import { createHttpServer, WEBHOOK_PATH, type WebhookSlot } from "./http/server.ts";
import { createLogger, type Logger } from "./log.ts";
import { memberDirectory } from "./members/directory.ts";

export interface RunningApp {
  url: string;
  db: Database;
  close(): Promise<void>;
}

export interface StartAppOptions {
  /**
   * A database already open, shared with other apps in this process and closed by whoever opened
   * it: replicas in one test on one embedded database, which serves one process only.
   */
  database?: Database;
  /** Where the app logs (JSON lines); by default a logger of its own at LOG_LEVEL. */
  logger?: Logger;
}

/**
 * Starts everything one process runs: the database (migrated), the HTTP server (API, health, Mini
 * App) and, when a bot token is configured, the bot.
 */
export async function startApp(
  config: Config,
  clock: () => Date = () => new Date(),
  options: StartAppOptions = {},
): Promise<RunningApp> {
  const db =
    options.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }));
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const devToken = config.devMode ? createDevToken() : undefined;
  const authTokens = [config.botToken, devToken].filter((t): t is string => !!t);
  // Development mode only: a clock that can be moved forward, to live through a month in minutes.
  const devClock = config.devMode ? createDevClock(clock) : undefined;
  if (devClock) clock = devClock.now;
  let scheduler: Scheduler | undefined;
  // Filled once the bot exists (it needs the address the server listens at).
  const webhook: WebhookSlot = {};
  const server = createHttpServer({
    logger,
    webhook,
    db,
    config,
    clock,
    authTokens,
    devToken,
    devClock: devClock && {
      now: devClock.now,
      // The scheduler's jobs (the rollover, deadlines, reminders) run at once for the new time.
      moveTo: async (to: Date) => {
        devClock.moveTo(to);
        await scheduler?.tick();
      },
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost =
    config.host === "0.0.0.0" || config.host === "127.0.0.1" ? "localhost" : config.host;
  const url = `http://${shownHost}:${port}/`;

  const publicUrl = config.publicUrl ?? url;
  const members = memberDirectory(db.prisma);
  const bot =
    config.botToken && config.runBot
      ? startBot({
          token: config.botToken,
          apiRoot: config.botApiRoot,
          miniAppUrl: publicUrl,
          onError: (error: unknown) => logger.error({ err: error }, "bot error"),
          memberLanguage: members.language,
          members,
          delivery: {
            prisma: db.prisma,
            currency: config.currency,
            ratePerSecond: config.notifyRate,
          },
          ...(config.botWebhookSecret
            ? {
                webhook: {
                  url: new URL(WEBHOOK_PATH, publicUrl).toString(),
                  secretToken: config.botWebhookSecret,
                },
              }
            : {}),
        })
      : undefined;
  webhook.handle = bot?.handleWebhook;

  scheduler =
    config.schedulerInterval > 0
      ? startScheduler({
          prisma: db.prisma,
          clock,
          timeZone: config.networkTimeZone,
          intervalMs: config.schedulerInterval * 1000,
          onError: (error) => logger.error({ err: error }, "scheduled job failed"),
        })
      : undefined;

  return {
    url,
    db,
    close: async () => {
      await scheduler?.stop();
      await bot?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      if (!options.database) await db.close();
    },
  };
}
