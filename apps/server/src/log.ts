import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger } from "pino";

/** The levels LOG_LEVEL accepts, quietest last. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Anything that would let a reader of the logs act as a member: Telegram's signed initData travels
 * in the Authorization header. Nothing logs headers today; the rule keeps it so if one ever does.
 */
const SECRETS = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "req.headers.authorization",
  "initData",
  "*.initData",
  'headers["x-telegram-bot-api-secret-token"]',
];

/**
 * The process's logger: one JSON object a line on stdout (or `destination`, which tests read),
 * with an ISO time, so any log collector can index it. Errors logged as `err` keep their stack and
 * the stacks of their causes.
 */
export function createLogger(
  options: { level?: LogLevel; destination?: DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? "info",
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: SECRETS, censor: "[redacted]" },
    },
    options.destination,
  );
}
