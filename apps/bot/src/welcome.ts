import { type Language, languageFromTelegram } from "@exodus/shared";
import { Composer, type Context } from "grammy";
import type { User } from "grammy/types";
import { createTranslator } from "./i18n.ts";
import { miniAppLink, startPayload } from "./start-link.ts";

/** What the welcome needs from the outside world. */
export interface WelcomeOptions {
  /** The https URL of the Mini App the button opens. */
  miniAppUrl: string;
  /** The language a member chose in Exodus, or null for someone who is not a member yet. */
  memberLanguage(telegramId: number): Promise<Language | null>;
  /** Where a failure that the welcome survives is reported. */
  onError(error: unknown): void;
}

/**
 * `/start` and `/start <code>`: greets the person in their language and gives them the one button
 * that matters, the one that opens the Mini App (carrying the invite code when there is one).
 * Private chats only: Telegram refuses web_app buttons anywhere else.
 */
export function welcome(options: WelcomeOptions): Composer<Context> {
  const t = createTranslator();
  const composer = new Composer<Context>();
  composer.chatType("private").command("start", async (ctx) => {
    const payload = startPayload(ctx.match);
    const language = await languageOf(ctx.from, options);
    const text = t(language, payload === null ? "welcome" : "welcomeInvite", {
      name: ctx.from.first_name,
    });
    const url = miniAppLink(options.miniAppUrl, payload);
    await ctx.reply(text, {
      reply_markup: { inline_keyboard: [[{ text: t(language, "open"), web_app: { url } }]] },
    });
  });
  return composer;
}

/**
 * A member's own choice wins over Telegram's language_code, which newcomers fall back on. A failed
 * lookup is reported but still answered: a welcome in Telegram's language beats no welcome.
 */
async function languageOf(from: User, options: WelcomeOptions): Promise<Language> {
  try {
    const stored = await options.memberLanguage(from.id);
    if (stored !== null) return stored;
  } catch (error) {
    options.onError(
      new Error(`Could not read the language of Telegram user ${from.id}`, { cause: error }),
    );
  }
  return languageFromTelegram(from.language_code);
}
