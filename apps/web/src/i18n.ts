import { type Language, languageFromTelegram, resources } from "@exodus/shared";
import i18next from "i18next";
import { initReactI18next } from "react-i18next";

/** Starts translations in the language Telegram reports; the member's saved choice follows. */
export async function initI18n(telegramLanguage: string | undefined) {
  await i18next.use(initReactI18next).init({
    resources: Object.fromEntries(
      Object.entries(resources).map(([lang, strings]) => [lang, { translation: strings }]),
    ),
    lng: languageFromTelegram(telegramLanguage),
    fallbackLng: "en",
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = i18next.language;
}

export function setLanguage(language: Language | string) {
  if (i18next.language !== language) {
    void i18next.changeLanguage(language);
    document.documentElement.lang = language;
  }
}
