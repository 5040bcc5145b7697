import { z } from "zod";
import { BOT_API_ROOT_PATTERN, BOT_TOKEN_PATTERN } from "./links.ts";

/**
 * The environment variables the server and the bot's own process both read, each rule written
 * once: its check, its default and its message. Each process builds its schema from these,
 * saying which it requires (`requiredEnv`) and which may be left out (`optionalEnv`); the rest of a
 * process's variables stay with that process. A message is worded to follow the variable's name
 * ("CURRENCY must be …"), so a process can print either "CURRENCY must be …" or "CURRENCY: must be …".
 */
const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];
export const DEFAULT_LOG_LEVEL: LogLevel = "info";

export const envRules = {
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection string"),
  BOT_TOKEN: z
    .string()
    .regex(BOT_TOKEN_PATTERN, "does not look like a bot token from @BotFather (digits:letters)"),
  /** Another Bot API server (a local one, or the fake in tests) instead of api.telegram.org. */
  BOT_API_ROOT: z
    .url({
      protocol: /^https?$/,
      error: "must be a URL such as http://127.0.0.1:8081 (a local Bot API)",
    })
    .regex(BOT_API_ROOT_PATTERN, { error: "must not end with a slash" }),
  /** Where Telegram opens the Mini App; a process with a bot wants https (see each process). */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }),
  /** Messages per second for the whole bot, across every dispatcher (Telegram allows about 30). */
  NOTIFY_RATE: z.coerce
    .number({ error: "must be a number of messages per second" })
    .int({ error: "must be a whole number of messages per second" })
    .min(1, { error: "must be at least 1" })
    .max(1000, { error: "must be at most 1000" })
    .default(25),
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: "must be an ISO 4217 code such as USD" })
    .default("USD"),
  /** How much the JSON logs say (pino's levels). */
  LOG_LEVEL: z
    .enum(logLevels, { error: `must be one of ${logLevels.join(", ")}` })
    .default(DEFAULT_LOG_LEVEL),
} as const;

/** A variable that may be left out; set to "" it counts as left out (as a blank line in .env). */
export function optionalEnv<T extends z.ZodType<unknown, string>>(rule: T) {
  return rule.optional().or(z.literal("").transform(() => undefined));
}

/**
 * A variable that must be set, with the reason in the message ("is required: …"): a person
 * reading it learns what the value is for, not only that it is missing.
 */
export function requiredEnv<T extends z.ZodType<unknown, string>>(rule: T, why: string) {
  const error = `is required: ${why}`;
  return z.string({ error }).min(1, { error, abort: true }).pipe(rule);
}

/** Each problem as the variable's name and its message, in the schema's order. */
export function envProblems(error: z.ZodError): { name: string; message: string }[] {
  return error.issues.map((issue) => ({ name: issue.path.join("."), message: issue.message }));
}
