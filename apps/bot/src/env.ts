import { BOT_API_ROOT_PATTERN, BOT_TOKEN_PATTERN } from "@exodus/shared";
import { z } from "zod";

/** A string that must be set; the message says what it is for, not just that it is missing. */
function required(name: string, why: string) {
  const error = `${name} is required: ${why}`;
  return z.string({ error }).min(1, { error, abort: true });
}

const schema = z.object({
  BOT_TOKEN: required("BOT_TOKEN", "the token @BotFather gave the bot").regex(BOT_TOKEN_PATTERN, {
    error: "BOT_TOKEN does not look like a bot token from @BotFather (digits:letters)",
  }),
  DATABASE_URL: required(
    "DATABASE_URL",
    "the bot as its own process must share a PostgreSQL with the server, because the embedded " +
      "database serves one process only (without PostgreSQL, let the server run the bot instead)",
  ),
  PUBLIC_URL: z.url({
    protocol: /^https$/,
    error: (issue) =>
      issue.input === undefined || issue.input === ""
        ? "PUBLIC_URL is required: the https address Telegram opens the Mini App at"
        : "PUBLIC_URL must be an https:// URL: Telegram opens Mini Apps over https only",
  }),
  BOT_API_ROOT: z
    .url({
      protocol: /^https?$/,
      error: "BOT_API_ROOT must be a URL such as http://127.0.0.1:8081 (a local Bot API)",
    })
    .regex(BOT_API_ROOT_PATTERN, { error: "BOT_API_ROOT must not end with a slash" })
    .optional(),
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: "CURRENCY must be an ISO 4217 code such as USD" })
    .default("USD"),
  NOTIFY_RATE: z.coerce
    .number({ error: "NOTIFY_RATE must be a number of messages per second" })
    .int({ error: "NOTIFY_RATE must be a whole number of messages per second" })
    .min(1, { error: "NOTIFY_RATE must be at least 1" })
    .max(1000, { error: "NOTIFY_RATE must be at most 1000" })
    .default(25),
});

/** What the bot's own process is configured with. */
export type BotEnv = z.infer<typeof schema>;

/**
 * Reads the bot's configuration once, at start-up. A missing or bad value is an Error whose message
 * is one line saying what to fix, so the process can print it and stop before touching Telegram.
 */
export function readBotEnv(env: Record<string, string | undefined>): BotEnv {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new Error(result.error.issues.map((issue) => issue.message).join("; "));
}
