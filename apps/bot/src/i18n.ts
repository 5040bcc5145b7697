import { type Language, languages, resources } from "@exodus/shared";
import { createInstance } from "i18next";

/** A bot string by its key in shared's `bot` section, e.g. "welcome" or "open". */
export type BotStringKey = keyof (typeof resources)["en"]["bot"];

/** Renders one bot string in one language, with values for its `{{placeholders}}`. */
export type Translate = (
  language: Language,
  key: BotStringKey,
  values?: Record<string, string>,
) => string;

/**
 * Builds the bot's translator over the same strings the web app shows, so a welcome and the screen
 * it opens speak with one voice. i18next does the interpolation (and would do plurals) instead of
 * string replacement by hand.
 */
export function createTranslator(): Translate {
  const i18n = createInstance();
  void i18n.init({
    resources: Object.fromEntries(
      languages.map((language) => [language, { translation: resources[language] }]),
    ),
    lng: languages[0],
    fallbackLng: languages[0],
    // The resources are in memory, so init finishes before it returns and `t` is ready at once.
    initAsync: false,
    // Telegram shows plain text: HTML-escaping a name would show "O&#39;Brien" to O'Brien.
    interpolation: { escapeValue: false },
  });
  return (language, key, values) => i18n.t(`bot.${key}`, { ...values, lng: language });
}
