/**
 * Limits per member on everything that writes or sends (DOMAIN.md, "Notifications": no member can
 * make the bot send another member more than a few messages an hour). One place for every number,
 * so the server enforces, the web app tells and the README lists the same figures. Windows are
 * rolling (the last N hours, not the calendar day): no burst around midnight, no time zone to agree
 * on.
 */

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * News of a pledge waits this long before it may leave, so that a burst of changes to one pledge
 * (edits, withdraw and pledge again) is one message with the latest state: each change within it
 * rewrites the waiting message instead of queueing another.
 */
export const PLEDGE_NEWS_HOLD_MS = MINUTE_MS;

/**
 * At most this many messages a member's own actions make the bot send one other member in any
 * MESSAGE_WINDOW_MS. What Exodus sends of its own accord (the rollover's summary, reminders,
 * deadlines, how an emergency ended) does not count. Messages beyond it are not dropped: they wait
 * for the window, and news of a pledge waiting there keeps taking in that pledge's later changes.
 */
export const MESSAGES_PER_WINDOW = 5;
export const MESSAGE_WINDOW_MS = HOUR_MS;

/** Invite links of one member that still work (not withdrawn, not expired) at once. */
export const MAX_ACTIVE_INVITES = 20;

/** Collections (monthly or emergency) one member opens in any OPENING_WINDOW_MS: ✅→🔆→✅ toggles. */
export const MAX_OPENINGS_PER_DAY = 12;
export const OPENING_WINDOW_MS = DAY_MS;

/** Pledges one giver makes to one collection in any PLEDGE_WINDOW_MS: pledge/withdraw cycles. */
export const MAX_PLEDGES_PER_HOUR = 10;
export const PLEDGE_WINDOW_MS = HOUR_MS;

/** Updates of one member's needs in any UPDATE_WINDOW_MS (DOMAIN.md, "A need's story"). */
export const MAX_UPDATES_PER_DAY = 3;
export const UPDATE_WINDOW_MS = DAY_MS;

/**
 * The numbers as the refusals' texts name them (`errors.limit.*`, `errors.story.tooManyToday`):
 * translators write "{{maxActiveInvites}}", and a changed limit changes every language at once.
 */
export const limitValues = {
  maxActiveInvites: MAX_ACTIVE_INVITES,
  maxOpeningsPerDay: MAX_OPENINGS_PER_DAY,
  maxPledgesPerHour: MAX_PLEDGES_PER_HOUR,
  maxUpdatesPerDay: MAX_UPDATES_PER_DAY,
} as const;
