import { type Language, languageFromTelegram, limitValues, type Resources } from "@exodus/shared";
import i18next from "i18next";
import { initReactI18next } from "react-i18next";

/**
 * Each language's strings are a chunk of their own, loaded when first needed: the first screen
 * carries one language, not three.
 */
const loaders: Record<Language, () => Promise<Resources>> = {
  en: () => import("@exodus/shared/i18n/en").then((m) => m.en),
  ru: () => import("@exodus/shared/i18n/ru").then((m) => m.ru),
  uk: () => import("@exodus/shared/i18n/uk").then((m) => m.uk),
};

async function load(language: Language): Promise<void> {
  if (i18next.hasResourceBundle(language, "translation")) return;
  i18next.addResourceBundle(language, "translation", await loaders[language]());
}

/** Starts translations in the language Telegram reports; the member's saved choice follows. */
export async function initI18n(telegramLanguage: string | undefined) {
  const language = languageFromTelegram(telegramLanguage);
  await i18next.use(initReactI18next).init({
    resources: { [language]: { translation: await loaders[language]() } },
    lng: language,
    // Every language has every key (a test checks): nothing to fall back to.
    fallbackLng: false,
    // The limits' refusals name their numbers ({{maxActiveInvites}}) from shared's limits.ts.
    interpolation: { escapeValue: false, defaultVariables: limitValues },
  });
  document.documentElement.lang = language;
}

/** Switches the app's language, loading its strings first if this is their first use. */
export function setLanguage(requested: Language | string) {
  const language = languageFromTelegram(requested);
  if (i18next.language === language) return;
  document.documentElement.lang = language;
  void load(language).then(() => i18next.changeLanguage(language));
}
