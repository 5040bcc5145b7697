import { describe, expect, it } from "vitest";
import { z } from "zod";
import { envProblems, envRules, optionalEnv, requiredEnv } from "./env.ts";

const schema = z.object({
  BOT_TOKEN: requiredEnv(envRules.BOT_TOKEN, "the token @BotFather gave the bot"),
  BOT_API_ROOT: optionalEnv(envRules.BOT_API_ROOT),
  LOG_LEVEL: envRules.LOG_LEVEL,
});
const problems = (env: Record<string, string>) => {
  const parsed = schema.safeParse(env);
  return parsed.success ? [] : envProblems(parsed.error);
};

describe("the environment rules both processes build from", () => {
  it("reads a blank optional value as unset, and logs at info unless told", () => {
    expect(schema.parse({ BOT_TOKEN: "1:a", BOT_API_ROOT: "" })).toEqual({
      BOT_TOKEN: "1:a",
      BOT_API_ROOT: undefined,
      LOG_LEVEL: "info",
    });
  });

  it("says what a required value is for, and what is wrong with a bad one, by name", () => {
    expect(problems({ BOT_TOKEN: "", LOG_LEVEL: "loud" })).toEqual([
      { name: "BOT_TOKEN", message: "is required: the token @BotFather gave the bot" },
      {
        name: "LOG_LEVEL",
        message: "must be one of fatal, error, warn, info, debug, trace, silent",
      },
    ]);
    expect(problems({ BOT_TOKEN: "1:a", BOT_API_ROOT: "http://127.0.0.1:8081/" })).toEqual([
      { name: "BOT_API_ROOT", message: "must not end with a slash" },
    ]);
  });
});
