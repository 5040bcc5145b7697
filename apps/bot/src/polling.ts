import type { PrismaClient } from "@exodus/db";
import { Api, type Bot, webhookCallback } from "grammy";
import { type BotOptions, createBot } from "./bot.ts";
import type { MemberDirectory } from "./commands.ts";
import { configureBot } from "./configure.ts";
import { type Dispatcher, startDispatcher } from "./delivery/dispatcher.ts";
import { createRenderer } from "./delivery/render.ts";
import { createLogger, errorFields, type Logger } from "./log.ts";

/** Delivery of the outbox alongside the bot: the database and how to pace and word the messages. */
export interface DeliveryOptions {
  prisma: PrismaClient;
  currency: string;
  /** Messages per second for the whole bot (default 25). */
  ratePerSecond?: number;
}

/** Delivery marks members who blocked the bot: it needs the member table's owner to do that. */
export type StartOptions = StartBaseOptions &
  ({ delivery?: undefined } | { delivery: DeliveryOptions; members: MemberDirectory });

interface StartBaseOptions extends BotOptions {
  /**
   * Where the bot and its delivery log (JSON): the host's own logger, so one process writes one
   * stream; the bot's own when not given.
   */
  logger?: Logger;
  /**
   * Receive updates by webhook instead of long polling: Telegram posts them to `url` with the
   * secret in a header, and `handleWebhook` (mounted by the host's HTTP server) checks it.
   */
  webhook?: { url: string; secretToken: string };
}

/** A running bot (long polling, or waiting for webhook calls) and its delivery of messages. */
export interface RunningBot {
  readonly bot: Bot;
  /** Present in webhook mode: the node:http handler for Telegram's POSTs. */
  readonly handleWebhook?: (
    req: import("node:http").IncomingMessage,
    res: import("node:http").ServerResponse,
  ) => Promise<void>;
  /** Stops polling and delivery, confirms the updates handled, and resolves once all have ended. */
  stop(): Promise<void>;
}

/**
 * Configures the bot and starts it in the background, returning at once: the caller (the server, or
 * the bot's own process) goes on starting up while Telegram is reached. Failures are reported
 * through `onError` and never reject, so the bot going down never takes its host with it.
 */
export function startBot(options: StartOptions): RunningBot {
  const logger = options.logger ?? createLogger();
  const onError =
    options.onError ??
    ((error: unknown) => logger.error({ error: errorFields(error) }, "bot error"));
  const bot = createBot({ ...options, onError });
  let stopping = false;
  const configuring = configureBot(bot, options.miniAppUrl)
    .then(async () => {
      if (!options.webhook) return;
      await bot.init();
      await bot.api.setWebhook(options.webhook.url, {
        secret_token: options.webhook.secretToken,
        allowed_updates: ["message", "callback_query", "my_chat_member"],
      });
    })
    .catch((error: unknown) =>
      onError(new Error("Could not configure the bot with Telegram", { cause: error })),
    );
  // bot.start() resolves only when polling ends: a bad token (401) or a second poller (409) ends it.
  const polling = options.webhook
    ? Promise.resolve()
    : bot
        .start({ allowed_updates: ["message", "callback_query", "my_chat_member"] })
        .catch((error: unknown) => {
          if (!stopping) onError(new Error("The bot stopped polling Telegram", { cause: error }));
        });
  const dispatcher: Dispatcher | undefined = options.delivery
    ? startDispatcher({
        prisma: options.delivery.prisma,
        members: options.members,
        // Its own client: a send that hangs is given up on (and retried) after 20 s; the row's
        // lease is renewed meanwhile, so no other dispatcher takes it.
        api: new Api(options.token, {
          timeoutSeconds: 20,
          ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
        }),
        renderer: createRenderer({
          miniAppUrl: options.miniAppUrl,
          currency: options.delivery.currency,
        }),
        ...(options.delivery.ratePerSecond
          ? { ratePerSecond: options.delivery.ratePerSecond }
          : {}),
        logger,
        onError,
      })
    : undefined;
  const webhook = options.webhook;
  return {
    bot,
    ...(webhook
      ? {
          handleWebhook: webhookCallback(bot, "http", { secretToken: webhook.secretToken }) as (
            req: import("node:http").IncomingMessage,
            res: import("node:http").ServerResponse,
          ) => Promise<void>,
        }
      : {}),
    async stop() {
      stopping = true;
      await dispatcher?.stop();
      if (!webhook) {
        try {
          await bot.stop();
        } catch (error) {
          onError(new Error("Could not confirm the last updates to Telegram", { cause: error }));
        }
      }
      await Promise.all([polling, configuring]);
    },
  };
}
