import { characterCount, isStartParam } from "@exodus/shared";
import { validate } from "@telegram-apps/init-data-node";
import { z } from "zod";

/** The Telegram user a valid initData names. */
export interface TelegramUser {
  id: number;
  firstName: string;
  lastName?: string | undefined;
  username?: string | undefined;
  languageCode?: string | undefined;
  photoUrl?: string | undefined;
}

export type AuthFailure = "missing" | "invalid" | "expired";
export type AuthResult =
  | { ok: true; user: TelegramUser; startParam: string | undefined; signedAt: Date }
  | { ok: false; reason: AuthFailure };

export interface AuthOptions {
  /** Tokens whose signature is accepted: the bot's, and in development mode the local one. */
  tokens: readonly string[];
  /** How old (seconds) auth_date may be. */
  maxAge: number;
  now: Date;
}

/**
 * How far (seconds) Telegram's clock may run ahead of ours. An auth_date further in the future was
 * not signed by Telegram now: a leaked token could sign data that would otherwise never expire.
 */
export const CLOCK_SKEW = 60;

/**
 * Checks `Authorization: tma <initDataRaw>` the way Telegram prescribes: an HMAC over the data keyed
 * by the bot token ("WebAppData"), then an auth_date no older than `maxAge` seconds by our own clock
 * and no more than CLOCK_SKEW ahead of it. The signature is checked first, so data from a foreign
 * bot is "invalid" however old it is.
 */
export function authenticate(header: string | undefined, options: AuthOptions): AuthResult {
  const match = header?.match(/^tma (.+)$/);
  if (!match?.[1]) return { ok: false, reason: "missing" };
  const raw = match[1];
  if (!options.tokens.some((token) => hasValidSignature(raw, token))) {
    return { ok: false, reason: "invalid" };
  }
  const data = readInitData(raw);
  if (!data) return { ok: false, reason: "invalid" };
  const age = options.now.getTime() / 1000 - data.authDate;
  if (age < -CLOCK_SKEW) return { ok: false, reason: "invalid" };
  if (age > options.maxAge) return { ok: false, reason: "expired" };
  const user = data.user;
  return {
    ok: true,
    startParam: data.startParam,
    signedAt: new Date(data.authDate * 1000),
    user: {
      id: user.id,
      firstName: user.first_name,
      lastName: user.last_name,
      username: user.username,
      languageCode: user.language_code,
      photoUrl: user.photo_url,
    },
  };
}

/** At most `max` characters as Telegram counts them (code points: an emoji is one). */
const upTo = (max: number) => z.string().refine((text) => characterCount(text) <= max);

/**
 * Telegram's user as Telegram's own limits allow it; anything beyond them was not made by Telegram,
 * and initData carrying it is "invalid". Usernames are 5–32 of A–Z, a–z, 0–9 and _, and 4 for the
 * collectible ones sold on Fragment.
 */
const userSchema = z.object({
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  first_name: upTo(64),
  last_name: upTo(64).optional(),
  username: z
    .string()
    .regex(/^[A-Za-z0-9_]{4,32}$/)
    .optional(),
  language_code: z.string().max(35).optional(),
  photo_url: z
    .string()
    .max(2048)
    .refine((url) => URL.canParse(url) && new URL(url).protocol === "https:")
    .optional(),
});

/** The fields Exodus uses from signed initData, or undefined when they are not all there. */
function readInitData(raw: string) {
  const params = new URLSearchParams(raw);
  const authDate = Number(params.get("auth_date"));
  let user: unknown;
  try {
    user = JSON.parse(params.get("user") ?? "null");
  } catch {
    return undefined;
  }
  const parsed = userSchema.safeParse(user);
  if (!Number.isInteger(authDate) || !parsed.success) return undefined;
  const startParam = params.get("start_param") ?? undefined;
  if (startParam !== undefined && !isStartParam(startParam)) return undefined;
  return { authDate, user: parsed.data, startParam };
}

function hasValidSignature(raw: string, token: string): boolean {
  try {
    validate(raw, token, { expiresIn: 0 });
    return true;
  } catch {
    return false;
  }
}
