import { envProblems, envRules, optionalEnv, requiredEnv } from "@exodus/shared";
import { z } from "zod";

/** The bot's own process: the shared rules (packages/shared/src/env.ts), with what it must have. */
const schema = z.object({
  BOT_TOKEN: requiredEnv(envRules.BOT_TOKEN, "the token @BotFather gave the bot"),
  DATABASE_URL: requiredEnv(
    envRules.DATABASE_URL,
    "the bot as its own process must share a PostgreSQL with the server, because the embedded " +
      "database serves one process only (without PostgreSQL, let the server run the bot instead)",
  ),
  // Telegram opens Mini Apps over https only; the server, which may run without a bot, allows http.
  PUBLIC_URL: requiredEnv(
    envRules.PUBLIC_URL.refine((url) => url.startsWith("https://"), {
      error: "must be an https:// URL: Telegram opens Mini Apps over https only",
    }),
    "the https address Telegram opens the Mini App at",
  ),
  BOT_API_ROOT: optionalEnv(envRules.BOT_API_ROOT),
  CURRENCY: envRules.CURRENCY,
  NOTIFY_RATE: envRules.NOTIFY_RATE,
  // Left out when unset, so the process's logger takes the shared default.
  LOG_LEVEL: optionalEnv(envRules.LOG_LEVEL.unwrap()),
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
  throw new Error(
    envProblems(result.error)
      .map((p) => `${p.name} ${p.message}`)
      .join("; "),
  );
}
