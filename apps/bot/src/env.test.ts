import { describe, expect, it } from "vitest";
import { readBotEnv } from "./env.ts";

const good = {
  BOT_TOKEN: "123456:AAH-abc_DEF",
  DATABASE_URL: "postgres://exodus@localhost/exodus",
  PUBLIC_URL: "https://exodus.example/app",
};

describe("readBotEnv", () => {
  it("accepts a complete configuration, with Telegram's pace and dollars unless told", () => {
    expect(readBotEnv(good)).toEqual({ ...good, CURRENCY: "USD", NOTIFY_RATE: 25 });
    expect(readBotEnv({ ...good, CURRENCY: "EUR", NOTIFY_RATE: "20" })).toMatchObject({
      CURRENCY: "EUR",
      NOTIFY_RATE: 20,
    });
    expect(() => readBotEnv({ ...good, NOTIFY_RATE: "fast" })).toThrow(
      "NOTIFY_RATE must be a number of messages per second",
    );
  });

  it("explains that the bot on its own needs PostgreSQL, not the embedded database", () => {
    expect(() => readBotEnv({ ...good, DATABASE_URL: undefined })).toThrow(
      /^DATABASE_URL is required: .*embedded database serves one process only/,
    );
  });

  it("refuses a Mini App URL that is not https", () => {
    expect(() => readBotEnv({ ...good, PUBLIC_URL: "http://exodus.example/app" })).toThrow(
      "PUBLIC_URL must be an https:// URL: Telegram opens Mini Apps over https only",
    );
  });

  it("names every missing value on one line", () => {
    let message = "";
    try {
      readBotEnv({});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain("\n");
    expect(message).toMatch(
      /^BOT_TOKEN is required: .*; DATABASE_URL is required: .*; PUBLIC_URL is required: /,
    );
  });

  it("takes another Bot API server when given one, without a trailing slash", () => {
    expect(readBotEnv({ ...good, BOT_API_ROOT: "http://127.0.0.1:8081" }).BOT_API_ROOT).toBe(
      "http://127.0.0.1:8081",
    );
    expect(() => readBotEnv({ ...good, BOT_API_ROOT: "http://127.0.0.1:8081/" })).toThrow(
      "BOT_API_ROOT must not end with a slash",
    );
  });

  it("refuses a token that cannot be one from @BotFather", () => {
    expect(() => readBotEnv({ ...good, BOT_TOKEN: "my bot" })).toThrow(
      /^BOT_TOKEN does not look like/,
    );
  });
});
