import { join } from "node:path";
import { envProblems, envRules, optionalEnv } from "@exodus/shared";
import { z } from "zod";
import { LOG_LEVELS, type LogLevel } from "./log.ts";

/** The repository's root, where `.data/` and `apps/web/dist` live by default. */
export const repoRoot = join(import.meta.dirname, "..", "..", "..");

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .transform((v) => v === "true" || v === "1")
  .optional();

/** The server's variables: the ones it shares with the bot's process come from shared's rules. */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: optionalEnv(envRules.DATABASE_URL),
  DATA_DIR: z
    .string()
    .min(1)
    .default(join(repoRoot, ".data", "db")),
  BOT_TOKEN: optionalEnv(envRules.BOT_TOKEN),
  PUBLIC_URL: optionalEnv(envRules.PUBLIC_URL),
  RUN_BOT: flag,
  SCHEDULER_INTERVAL: z.coerce.number().int().min(0).default(60),
  BOT_API_ROOT: optionalEnv(envRules.BOT_API_ROOT),
  BOT_USERNAME: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, "must be the bot's username without @")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  MINI_APP_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_]{3,30}$/, "must be the Mini App's short name from @BotFather")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  INIT_DATA_MAX_AGE: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60),
  DEV_MODE: flag,
  NOTIFY_RATE: envRules.NOTIFY_RATE,
  BOT_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16–256 of A–Z, a–z, 0–9, _ and - (Telegram's rule)")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  CURRENCY: envRules.CURRENCY,
  NETWORK_TIMEZONE: z
    .string()
    .refine(isTimeZone, "must be an IANA time zone such as Europe/Berlin")
    .default("UTC"),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  WEB_DIST: z
    .string()
    .min(1)
    .default(join(repoRoot, "apps", "web", "dist")),
});

export interface Config {
  production: boolean;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  botToken: string | undefined;
  /** Seconds between runs of the scheduled jobs (rollover, deadlines, reminders); 0 turns them off. */
  schedulerInterval: number;
  /** Whether this process polls Telegram for the bot (off when apps/bot runs on its own). */
  runBot: boolean;
  /** Another Bot API server (a local one, or a fake in tests) instead of Telegram's. */
  botApiRoot: string | undefined;
  /** For invite links: t.me/<botUsername>?start=… and t.me/<botUsername>/<miniAppName>?startapp=… */
  botUsername: string | undefined;
  miniAppName: string | undefined;
  /** Where Telegram opens the Mini App (https in production). */
  publicUrl: string | undefined;
  /** How old (seconds) Telegram's initData may be before it is refused. */
  initDataMaxAge: number;
  /** Development mode: a plain browser on localhost signs in as a development member. */
  devMode: boolean;
  /** Messages per second the bot sends, across all processes (Telegram allows about 30). */
  notifyRate: number;
  /** Set: Telegram posts updates to PUBLIC_URL's /telegram/webhook with this secret; else polling. */
  botWebhookSecret: string | undefined;
  currency: string;
  networkTimeZone: string;
  webDist: string;
  /** How much the server logs (JSON lines on stdout); tests are silent unless LOG_LEVEL asks. */
  logLevel: LogLevel;
}

/** A configuration mistake: start-up stops with its message, one line a problem. */
export class ConfigError extends Error {}

/**
 * Reads and checks the environment once. Development mode is on by default on a bare local set-up
 * (no bot token, no public address), must be asked for with DEV_MODE=true otherwise, and can never be
 * on in production: asking for it there stops start-up.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = envProblems(parsed.error).map((p) => `${p.name}: ${p.message}`);
    throw new ConfigError(`Bad configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  if (production && e.DEV_MODE === true) {
    throw new ConfigError(
      "Bad configuration:\n  DEV_MODE: development mode cannot be switched on when NODE_ENV=production",
    );
  }
  if (production && !e.BOT_TOKEN) {
    throw new ConfigError(
      "Bad configuration:\n  BOT_TOKEN: required in production, to check who opens the Mini App",
    );
  }
  if (e.BOT_TOKEN && !e.PUBLIC_URL?.startsWith("https://")) {
    throw new ConfigError(
      "Bad configuration:\n  PUBLIC_URL: with BOT_TOKEN set, give the https:// address Telegram opens the Mini App at",
    );
  }
  return {
    production,
    port: e.PORT,
    host: e.HOST ?? (production ? "0.0.0.0" : "127.0.0.1"),
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    botToken: e.BOT_TOKEN,
    schedulerInterval: e.SCHEDULER_INTERVAL,
    runBot: !!e.BOT_TOKEN && e.RUN_BOT !== false,
    botApiRoot: e.BOT_API_ROOT,
    publicUrl: e.PUBLIC_URL,
    botUsername: e.BOT_USERNAME,
    miniAppName: e.MINI_APP_NAME,
    initDataMaxAge: e.INIT_DATA_MAX_AGE,
    // With a real bot or a public address the app may be reachable from outside: development mode
    // then has to be asked for by name.
    devMode:
      !production &&
      (e.DEV_MODE === true || (e.DEV_MODE === undefined && !e.BOT_TOKEN && !e.PUBLIC_URL)),
    notifyRate: e.NOTIFY_RATE,
    botWebhookSecret: e.BOT_WEBHOOK_SECRET,
    currency: e.CURRENCY,
    networkTimeZone: e.NETWORK_TIMEZONE,
    webDist: e.WEB_DIST,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === "test" ? "silent" : "info"),
  };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
