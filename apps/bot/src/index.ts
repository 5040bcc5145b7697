export { type BotOptions, createBot, logBotError } from "./bot.ts";
export { configureBot } from "./configure.ts";
export { type BotEnv, readBotEnv } from "./env.ts";
export { memberLanguageFrom } from "./member-language.ts";
export { type RunningBot, startBot } from "./polling.ts";
export { miniAppLink, startPayload } from "./start-link.ts";
