import { isStartParam } from "@exodus/shared";

/**
 * The invite code a `/start <payload>` carries, or null when there is none worth passing on: a
 * payload outside Telegram's start-parameter alphabet cannot have come from one of our links.
 */
export function startPayload(match: string): string | null {
  const payload = match.trim();
  return isStartParam(payload) ? payload : null;
}

/**
 * The Mini App URL a welcome's button opens. A web_app button puts no start_param into initData
 * (only a t.me/<bot>/<app>?startapp= link does), so the code rides in the URL under the same name.
 * URL's searchParams keeps whatever query the Mini App URL already has.
 */
export function miniAppLink(miniAppUrl: string, payload: string | null): string {
  if (payload === null) return miniAppUrl;
  const url = new URL(miniAppUrl);
  url.searchParams.set("startapp", payload);
  return url.toString();
}
