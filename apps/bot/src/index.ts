export { type BotOptions, createBot, logBotError } from "./bot.ts";
export type { MemberDirectory } from "./commands.ts";
export { configureBot } from "./configure.ts";
export { type Dispatcher, type DispatcherOptions, startDispatcher } from "./delivery/dispatcher.ts";
export { createRenderer } from "./delivery/render.ts";
export { type BotEnv, readBotEnv } from "./env.ts";
export { memberDirectoryFrom, memberLanguageFrom } from "./member-language.ts";
export { type RunningBot, startBot } from "./polling.ts";
export { miniAppLink, startPayload } from "./start-link.ts";
