import { GrammyError, HttpError } from "grammy";

/**
 * Why a message did not leave, as the logs name it: Telegram asked us to slow down, a failure that
 * may pass, the member blocked the bot, Telegram refused this message for good, or the row itself
 * cannot be worded (its payload does not fit its kind).
 */
export type FailureClass = "rate-limited" | "temporary" | "unreachable" | "refused" | "bad-payload";

/** What a failed send means for its row, and for everyone else's. */
export type Verdict =
  /** 429: nobody sends before `retryAt`; this message goes again then (not counted an attempt). */
  | { class: "rate-limited"; retryAt: number; reason: string }
  /** 5xx or the network: again at `retryAt`, later each time; null once the attempts are spent. */
  | { class: "temporary"; retryAt: number | null; reason: string }
  /** 403: the member blocked the bot (or is gone): nothing more is sent to them. */
  | { class: "unreachable"; reason: string }
  /** Any other refusal (400 and the like): this message can never go. */
  | { class: "refused"; reason: string };

export interface RetryPolicy {
  /** Temporary failures are retried until a row has had this many attempts. */
  maxAttempts: number;
  /** The first retry's wait; each further one waits twice as long, up to ten minutes. */
  retryBaseMs: number;
}

const LONGEST_BACKOFF_MS = 10 * 60_000;

/**
 * Judges a failed `sendMessage` (DOMAIN.md, "Notifications": respect Telegram's limits, retry what
 * may pass, mark unreachable who blocked the bot). `attempts` is the row's count before this one.
 * The reason is Telegram's description or the network's message, never the request itself.
 */
export function judgeSendError(
  error: unknown,
  attempts: number,
  now: number,
  policy: RetryPolicy,
): Verdict {
  if (error instanceof GrammyError) {
    const reason = error.description;
    if (error.error_code === 429) {
      return {
        class: "rate-limited",
        retryAt: now + (error.parameters.retry_after ?? 1) * 1000,
        reason,
      };
    }
    if (error.error_code === 403) return { class: "unreachable", reason };
    if (error.error_code >= 500) return temporary(reason, attempts, now, policy);
    return { class: "refused", reason };
  }
  if (error instanceof HttpError) return temporary(error.message, attempts, now, policy);
  return { class: "refused", reason: String(error) };
}

function temporary(reason: string, attempts: number, now: number, policy: RetryPolicy): Verdict {
  if (attempts + 1 >= policy.maxAttempts) return { class: "temporary", retryAt: null, reason };
  const wait = Math.min(policy.retryBaseMs * 2 ** attempts, LONGEST_BACKOFF_MS);
  return { class: "temporary", retryAt: now + wait, reason };
}
