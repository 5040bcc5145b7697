export { type RunningApp, startApp } from "./app.ts";
export { type Config, ConfigError, loadConfig } from "./config.ts";
export { createLogger, type Logger, type LogLevel } from "./log.ts";
export type { AppRouter } from "./root.ts";
export type { InputIssue } from "./trpc.ts";
