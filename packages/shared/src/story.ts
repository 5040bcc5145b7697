/**
 * A need's story and updates (DOMAIN.md, "A need's story"): the limits as plain numbers, so the web
 * app can count characters without shipping zod.
 */
export const MAX_STORY = 500;
export const MAX_UPDATE = 500;
/**
 * At most this many updates by one member in any 24 hours (a rolling window, not the calendar day:
 * no burst of six around midnight, and no time zone to agree on).
 */
export const MAX_UPDATES_PER_DAY = 3;
export const UPDATE_WINDOW_MS = 24 * 60 * 60 * 1000;
