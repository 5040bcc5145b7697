import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { judgeSendError } from "./error-policy.ts";

const policy = { maxAttempts: 3, retryBaseMs: 1000 };
const now = 1_000_000;
const telegramSays = (error_code: number, description: string, retry_after?: number) =>
  new GrammyError(
    "Call to 'sendMessage' failed!",
    { ok: false, error_code, description, ...(retry_after ? { parameters: { retry_after } } : {}) },
    "sendMessage",
    { chat_id: 1, text: "a member's words" },
  );

describe("what a failed send means", () => {
  it("waits out Telegram's flood control for everyone, without counting it an attempt", () => {
    expect(judgeSendError(telegramSays(429, "Too Many Requests", 7), 0, now, policy)).toEqual({
      class: "rate-limited",
      retryAt: now + 7000,
      reason: "Too Many Requests",
    });
  });

  it("retries a server error or a dropped connection later each time, then gives up", () => {
    const bad = telegramSays(502, "Bad Gateway");
    expect(judgeSendError(bad, 0, now, policy)).toMatchObject({
      class: "temporary",
      retryAt: now + 1000,
    });
    expect(judgeSendError(bad, 1, now, policy)).toMatchObject({
      class: "temporary",
      retryAt: now + 2000,
    });
    expect(judgeSendError(bad, 2, now, policy)).toMatchObject({
      class: "temporary",
      retryAt: null,
    });
    const dropped = new HttpError("Network request for 'sendMessage' failed!", new Error("reset"));
    expect(judgeSendError(dropped, 0, now, policy)).toEqual({
      class: "temporary",
      retryAt: now + 1000,
      reason: "Network request for 'sendMessage' failed!",
    });
  });

  it("takes a 403 as a member who blocked the bot, and any other refusal as final", () => {
    expect(
      judgeSendError(telegramSays(403, "Forbidden: bot was blocked by the user"), 0, now, policy),
    ).toEqual({
      class: "unreachable",
      reason: "Forbidden: bot was blocked by the user",
    });
    expect(
      judgeSendError(telegramSays(400, "Bad Request: message is too long"), 0, now, policy),
    ).toEqual({
      class: "refused",
      reason: "Bad Request: message is too long",
    });
  });
});
