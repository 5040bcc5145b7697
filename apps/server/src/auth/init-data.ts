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
 * Checks `Authorization: tma <initDataRaw>` the way Telegram prescribes: an HMAC over the data keyed
 * by the bot token ("WebAppData"), then an auth_date no older than `maxAge` seconds by our own clock.
 * The signature is checked first, so data from a foreign bot is "invalid" however old it is.
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

const userSchema = z.object({
  id: z.number().int().positive(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
  photo_url: z.string().optional(),
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
  return { authDate, user: parsed.data, startParam: params.get("start_param") ?? undefined };
}

function hasValidSignature(raw: string, token: string): boolean {
  try {
    validate(raw, token, { expiresIn: 0 });
    return true;
  } catch {
    return false;
  }
}
