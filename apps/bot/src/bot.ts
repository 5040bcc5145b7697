import type { Language } from "@exodus/shared";
import { Bot, BotError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { commands, type MemberDirectory } from "./commands.ts";
import { welcome } from "./welcome.ts";

/** Everything the bot needs to run; the server and the bot's own process both build one. */
export interface BotOptions {
  /** The token @BotFather gave the bot. */
  token: string;
  /** The https URL of the Mini App that the welcome's button and the menu button open. */
  miniAppUrl: string;
  /** Another Bot API server (a local one, or the fake in tests) instead of api.telegram.org. */
  apiRoot?: string;
  /** The bot's own user, when known, so the bot can work without calling getMe first. */
  botInfo?: UserFromGetMe;
  /** The language a member chose in Exodus, or null for someone who is not a member yet. */
  memberLanguage(telegramId: number): Promise<Language | null>;
  /** Members' language and reachability, for /lang and blocked chats; without it, /start only. */
  members?: MemberDirectory;
  /** Where failures the bot survives are reported; console.error when not given. */
  onError?(error: unknown): void;
}

/**
 * Builds the bot: `/start [code]` answered in the person's language with a button into the Mini
 * App. A failing update is reported and skipped, so one bad message never stops the bot.
 */
export function createBot(options: BotOptions): Bot {
  const onError = options.onError ?? logBotError;
  const bot = new Bot(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    ...(options.apiRoot ? { client: { apiRoot: options.apiRoot } } : {}),
  });
  bot.catch(onError);
  const members = options.members;
  if (members) {
    // Whoever starts the bot can be written to again, even after blocking it once.
    bot.chatType("private").command("start", async (ctx, next) => {
      await members.setReachable(ctx.from.id, true).catch(onError);
      await next();
    });
  }
  bot.use(
    welcome({ miniAppUrl: options.miniAppUrl, memberLanguage: options.memberLanguage, onError }),
  );
  if (members) bot.use(commands({ miniAppUrl: options.miniAppUrl, members, onError }));
  return bot;
}

/** The default report: one line saying which update failed, then the error itself. */
export function logBotError(error: unknown): void {
  if (error instanceof BotError) {
    console.error(`exodus bot: update ${error.ctx.update.update_id} failed:`, error.error);
  } else {
    console.error("exodus bot:", error);
  }
}
