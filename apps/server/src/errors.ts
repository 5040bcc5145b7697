import { TRPCError } from "@trpc/server";

/**
 * A refusal the member caused: the message is a translation key the Mini App shows in the member's
 * language. Not found and not allowed to see answer alike, so nobody can probe what exists.
 */
export function refuse(
  code: "NOT_FOUND" | "CONFLICT" | "FORBIDDEN" | "BAD_REQUEST" | "TOO_MANY_REQUESTS",
  key: string,
): TRPCError {
  return new TRPCError({ code, message: key });
}

/** What a request of someone who already left hears: they may only start afresh. */
export function leftAlready(): TRPCError {
  return new TRPCError({ code: "UNAUTHORIZED", message: "errors.auth.left" });
}

/**
 * "Busy, try again": the request changed nothing and may simply be sent again after `retryAfter`
 * seconds (429 with a Retry-After header). What a member hears when others' requests hold what theirs
 * needs a moment longer than it may wait.
 */
export class TryAgainLater extends TRPCError {
  constructor(
    key: string,
    readonly retryAfter: number,
    cause?: unknown,
  ) {
    super({ code: "TOO_MANY_REQUESTS", message: key, cause });
  }
}

/** Seconds a member is asked to wait when the server is busy: contention clears in moments. */
export const BUSY_RETRY_AFTER = 1;

export function busy(cause?: unknown): TryAgainLater {
  return new TryAgainLater("errors.busy", BUSY_RETRY_AFTER, cause);
}
