import type { Language } from "../language.ts";
import { en, type Resources } from "./en.ts";
import { ru } from "./ru.ts";
import { uk } from "./uk.ts";

/** Every string Exodus shows, by language: the web app, the bot and the server's error keys. */
export const resources: Record<Language, Resources> = { en, ru, uk };
export type { Resources };
