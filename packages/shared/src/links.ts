/**
 * The characters Telegram allows in a start parameter (`?start=` and `?startapp=`), at most 64.
 * Anything else cannot have come from one of our links.
 */
export const START_PARAM_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isStartParam(value: string): boolean {
  return START_PARAM_PATTERN.test(value);
}

/** A bot token as @BotFather gives it: the bot's id, a colon, then letters, digits, _ and -. */
export const BOT_TOKEN_PATTERN = /^\d+:[A-Za-z0-9_-]+$/;

/** Another Bot API server's root: http(s), no trailing slash (grammY appends /bot<token>/…). */
export const BOT_API_ROOT_PATTERN = /^https?:\/\/[^\s]+[^/]$/;
