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
