import { DEFAULT_LOG_LEVEL, type LogLevel } from "@exodus/shared";
import { BotError, GrammyError, HttpError } from "grammy";
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * The bot's own JSON logger, for when its host gives none (the server passes its own, so that one
 * process writes one stream). `destination` is for tests that read the lines back.
 */
export function createLogger(
  options: { level?: LogLevel | undefined } = {},
  destination?: DestinationStream,
): Logger {
  const settings = { name: "exodus-bot", level: options.level ?? DEFAULT_LOG_LEVEL };
  return destination ? pino(settings, destination) : pino(settings);
}

/** A bot token wherever it may appear in an address: `/bot123456:AAH…/sendMessage`. */
const TOKEN_IN_TEXT = /bot\d+:[A-Za-z0-9_-]+/g;

/**
 * An error as a log line may carry it: what failed and why, never what was being sent. grammY's
 * errors hold the request's payload (a message's text) and the network error under them may hold
 * the request's address (with the bot's token), so they are described field by field, and any
 * other text has tokens masked.
 */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof GrammyError) {
    return {
      type: "GrammyError",
      method: error.method,
      code: error.error_code,
      description: error.description,
    };
  }
  if (error instanceof HttpError) return { type: "HttpError", message: mask(error.message) };
  if (error instanceof BotError) {
    return {
      type: "BotError",
      updateId: error.ctx.update.update_id,
      error: errorFields(error.error),
    };
  }
  if (error instanceof Error) {
    return {
      type: error.name,
      message: mask(error.message),
      ...(error.stack ? { stack: mask(error.stack) } : {}),
      ...(error.cause === undefined ? {} : { cause: errorFields(error.cause) }),
    };
  }
  return { type: typeof error, message: mask(String(error)) };
}

function mask(text: string): string {
  return text.replace(TOKEN_IN_TEXT, "bot<token>");
}
