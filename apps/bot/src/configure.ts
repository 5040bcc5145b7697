import { languages, resources } from "@exodus/shared";
import type { Bot } from "grammy";
import { createTranslator } from "./i18n.ts";

/**
 * Points the chat's menu button at the Mini App, so Exodus is one tap away in every chat with the
 * bot, and describes `/start` in each language Exodus speaks. Safe to repeat on every start-up:
 * Telegram keeps the last setting.
 */
export async function configureBot(bot: Bot, miniAppUrl: string): Promise<void> {
  // The menu button has no per-language text; "Exodus" is the same name in every language.
  await bot.api.setChatMenuButton({
    menu_button: { type: "web_app", text: resources.en.bot.menu, web_app: { url: miniAppUrl } },
  });
  const t = createTranslator();
  for (const language of languages) {
    // The fallback language is the default list, the one anyone without a list of their own sees.
    await bot.api.setMyCommands(
      [
        { command: "start", description: t(language, "startCommand") },
        { command: "help", description: t(language, "helpCommand") },
        { command: "lang", description: t(language, "langCommand") },
      ],
      language === languages[0] ? {} : { language_code: language },
    );
  }
}
