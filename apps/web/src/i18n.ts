import {
  type AppResources,
  type Language,
  languageFromTelegram,
  limitValues,
  type MoreResources,
} from "@exodus/shared";
import i18next from "i18next";
import { initReactI18next } from "react-i18next";

/**
 * Each language's strings are a chunk of their own, loaded when first needed: the first screen
 * carries one language, not three.
 */
const loaders: Record<Language, () => Promise<AppResources>> = {
  en: () => import("@exodus/shared/i18n/en").then((m) => m.en),
  ru: () => import("@exodus/shared/i18n/ru").then((m) => m.ru),
  uk: () => import("@exodus/shared/i18n/uk").then((m) => m.uk),
};

/** The words of the screens that load later (clearing, the picture, initiatives, pools). */
const moreLoaders: Record<Language, () => Promise<MoreResources>> = {
  en: () => import("@exodus/shared/i18n/more-en").then((m) => m.moreEn),
  ru: () => import("@exodus/shared/i18n/more-ru").then((m) => m.moreRu),
  uk: () => import("@exodus/shared/i18n/more-uk").then((m) => m.moreUk),
};
/** The languages whose later words are in. */
const moreLoaded = new Set<Language>();
/** A screen wanted the later words: a language switched to from then on loads them too. */
let moreWanted = false;

async function loadMore(language: Language): Promise<void> {
  if (moreLoaded.has(language)) return;
  i18next.addResourceBundle(language, "translation", await moreLoaders[language](), true, true);
  moreLoaded.add(language);
}

async function load(language: Language): Promise<void> {
  if (!i18next.hasResourceBundle(language, "translation")) {
    i18next.addResourceBundle(language, "translation", await loaders[language]());
  }
  if (moreWanted) await loadMore(language);
}

/**
 * A screen that speaks the later words: its code and the words of the language in use, loaded
 * together, so it never draws a key instead of a text.
 */
export function withMoreStrings<T>(screen: () => Promise<T>): () => Promise<T> {
  return async () => {
    moreWanted = true;
    const [loaded] = await Promise.all([
      screen(),
      loadMore(languageFromTelegram(i18next.language)),
    ]);
    return loaded;
  };
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
