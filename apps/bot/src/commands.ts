import { isLanguage, type Language, languageFromTelegram, languages } from "@exodus/shared";
import { Composer, type Context } from "grammy";
import type { User } from "grammy/types";
import { createTranslator } from "./i18n.ts";
import { miniAppLink } from "./start-link.ts";

/** What the bot may read and change about members (the server's database behind it). */
export interface MemberDirectory {
  /** The language a member chose in Exodus; null for someone who is not a member. */
  language(telegramId: number): Promise<Language | null>;
  /** Saves a member's language; false when the person is not a member yet. */
  setLanguage(telegramId: number, language: Language): Promise<boolean>;
  /** Blocked the bot (false), or started it again (true). */
  setReachable(telegramId: number, reachable: boolean): Promise<void>;
}

const FLAGS: Record<Language, string> = { en: "🇬🇧 English", ru: "🇷🇺 Русский", uk: "🇺🇦 Українська" };

/**
 * The rest of the front door: /help (what Exodus is, with the button), /lang (ru/en/uk, saved for
 * the Mini App and the messages too), a friendly answer to anything else, and Telegram's word that
 * someone blocked or unblocked the bot. Private chats only, as the welcome.
 */
export function commands(options: {
  miniAppUrl: string;
  members: MemberDirectory;
  onError(error: unknown): void;
}): Composer<Context> {
  const t = createTranslator();
  const { members } = options;
  const composer = new Composer<Context>();
  const button = (language: Language) => ({
    inline_keyboard: [
      [{ text: t(language, "open"), web_app: { url: miniAppLink(options.miniAppUrl, null) } }],
    ],
  });
  const languageOf = async (from: User): Promise<Language> => {
    try {
      return (await members.language(from.id)) ?? languageFromTelegram(from.language_code);
    } catch (error) {
      options.onError(error);
      return languageFromTelegram(from.language_code);
    }
  };

  // Blocking the bot (or deleting the chat) and starting it again arrive as my_chat_member.
  composer.on("my_chat_member", async (ctx) => {
    if (ctx.chat.type !== "private") return;
    const status = ctx.myChatMember.new_chat_member.status;
    if (status === "kicked") await members.setReachable(ctx.from.id, false);
    else if (status === "member") await members.setReachable(ctx.from.id, true);
  });

  const chat = composer.chatType("private");
  chat.command("help", async (ctx) => {
    const language = await languageOf(ctx.from);
    await ctx.reply(t(language, "help"), { reply_markup: button(language) });
  });
  chat.command("lang", async (ctx) => {
    const language = await languageOf(ctx.from);
    await ctx.reply(t(language, "langPrompt"), {
      reply_markup: {
        inline_keyboard: [languages.map((l) => ({ text: FLAGS[l], callback_data: `lang:${l}` }))],
      },
    });
  });
  chat.callbackQuery(/^lang:(\w+)$/, async (ctx) => {
    const chosen = ctx.match[1] ?? "";
    if (!isLanguage(chosen)) return ctx.answerCallbackQuery();
    const member = await members.setLanguage(ctx.from.id, chosen);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(t(chosen, member ? "langSaved" : "langNotMember"), {
      reply_markup: button(chosen),
    });
  });
  // Anything else typed to the bot: a short, friendly pointer to where things happen.
  chat.on("message", async (ctx) => {
    const language = await languageOf(ctx.from);
    await ctx.reply(t(language, "unknown"), { reply_markup: button(language) });
  });
  return composer;
}
