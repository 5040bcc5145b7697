import type { Language } from "../language.ts";
import { type BotResources, botEn } from "./bot-en.ts";
import { botRu } from "./bot-ru.ts";
import { botUk } from "./bot-uk.ts";
import { type AppResources, en } from "./en.ts";
import { type MoreResources, moreEn } from "./more-en.ts";
import { moreRu } from "./more-ru.ts";
import { moreUk } from "./more-uk.ts";
import { ru } from "./ru.ts";
import { uk } from "./uk.ts";

/**
 * Every string Exodus shows, by language: the Mini App's first screens and the server's error keys
 * (en.ts, …), the screens that load later (more-en.ts, …), and the bot's under `bot` (bot-en.ts,
 * …). The Mini App loads the first two, one language at a time and the second only when a screen
 * needs it (apps/web/src/i18n.ts); the bot never reaches the Mini App.
 */
export type Resources = AppResources & MoreResources & { bot: BotResources };
export const resources: Record<Language, Resources> = {
  en: { ...en, ...moreEn, bot: botEn },
  ru: { ...ru, ...moreRu, bot: botRu },
  uk: { ...uk, ...moreUk, bot: botUk },
};
export type { AppResources, BotResources, MoreResources };
