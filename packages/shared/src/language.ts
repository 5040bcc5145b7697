/** The languages Exodus speaks. The first is the fallback. */
export const languages = ["en", "ru", "uk"] as const;
export type Language = (typeof languages)[number];

/** Picks the member's first language from Telegram's language_code ("ru", "uk-UA", "en-GB", …). */
export function languageFromTelegram(code: string | null | undefined): Language {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  return languages.find((l) => l === base) ?? "en";
}

export function isLanguage(value: unknown): value is Language {
  return languages.includes(value as Language);
}
