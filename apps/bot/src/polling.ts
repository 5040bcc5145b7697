import type { Bot } from "grammy";
import { type BotOptions, createBot, logBotError } from "./bot.ts";
import { configureBot } from "./configure.ts";

/** A bot that is long polling, and the way to stop it. */
export interface RunningBot {
  readonly bot: Bot;
  /** Stops polling, confirms the updates already handled, and resolves once polling has ended. */
  stop(): Promise<void>;
}

/**
 * Configures the bot and starts long polling in the background, returning at once: the caller (the
 * server, or the bot's own process) goes on starting up while Telegram is reached. Failures are
 * reported through `onError` and never reject, so the bot going down never takes its host with it.
 */
export function startBot(options: BotOptions): RunningBot {
  const onError = options.onError ?? logBotError;
  const bot = createBot({ ...options, onError });
  let stopping = false;
  const configuring = configureBot(bot, options.miniAppUrl).catch((error: unknown) =>
    onError(new Error("Could not set the bot's menu button and commands", { cause: error })),
  );
  // bot.start() resolves only when polling ends: a bad token (401) or a second poller (409) ends it.
  const polling = bot.start().catch((error: unknown) => {
    if (!stopping) onError(new Error("The bot stopped polling Telegram", { cause: error }));
  });
  return {
    bot,
    async stop() {
      stopping = true;
      try {
        await bot.stop();
      } catch (error) {
        onError(new Error("Could not confirm the last updates to Telegram", { cause: error }));
      }
      await Promise.all([polling, configuring]);
    },
  };
}
