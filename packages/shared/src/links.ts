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

/**
 * Deep links into the Mini App (from notifications and shared links), carried in the start
 * parameter. They begin with "_", which invite codes never do, so the two cannot be confused:
 * "_pledge-12" opens /pledge/12, "_initiatives-3" opens /initiatives/3, "_pool-4" opens /pool/4,
 * "_organizer" opens /organizer. Anything else is an invite code.
 */
const SCREENS = [
  "organizer",
  "network",
  "profile",
  "invite",
  "picture",
  "clearing",
  "initiatives",
] as const;
const ITEMS = ["pledge", "member", "initiatives", "pool"] as const;
export type Screen = (typeof SCREENS)[number] | "home";

export type StartRoute = { kind: "invite"; code: string } | { kind: "screen"; path: string };

/** The start parameter that opens an in-app path ("/", "/organizer", "/pledge/12", …). */
export function deepLink(path: string): string {
  const parts = path.split("/").filter(Boolean);
  return `_${parts.length ? parts.join("-") : "home"}`;
}

/** Where a start parameter leads: a screen, an invite code to open, or nowhere (null). */
export function routeOfStartParam(param: string | undefined | null): StartRoute | null {
  if (!param || !isStartParam(param)) return null;
  if (!param.startsWith("_")) return { kind: "invite", code: param };
  const [head, id, ...rest] = param.slice(1).split("-");
  if (rest.length) return null;
  if (head === "home" && id === undefined) return { kind: "screen", path: "/" };
  if ((SCREENS as readonly string[]).includes(head ?? "") && id === undefined) {
    return { kind: "screen", path: `/${head}` };
  }
  if ((ITEMS as readonly string[]).includes(head ?? "") && id && /^[1-9]\d{0,9}$/.test(id)) {
    return { kind: "screen", path: `/${head}/${id}` };
  }
  return null;
}

/**
 * The invite code in what a person typed or pasted: the code itself, or a whole link that carries it
 * (t.me/<bot>?start=CODE, t.me/<bot>/<app>?startapp=CODE, with or without https://). Null when there
 * is no invite code in it (a deep link to a screen is not one).
 */
export function inviteCodeOf(typed: string): string | null {
  const text = typed.trim();
  const direct = routeOfStartParam(text);
  if (direct) return direct.kind === "invite" ? direct.code : null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  const param = url.searchParams.get("startapp") ?? url.searchParams.get("start");
  const route = routeOfStartParam(param);
  return route?.kind === "invite" ? route.code : null;
}
