import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeBotApi } from "@exodus/bot/testing";
import { afterAll, describe, expect, it } from "vitest";
import { startApp } from "./app.ts";
import { loadConfig } from "./config.ts";
import { TEST_BOT_TOKEN } from "./testing.ts";

describe("the app as one process", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it("serves the API and health, and runs the bot against the configured Bot API", async () => {
    const telegram = await startFakeBotApi();
    cleanup.push(() => telegram.close());
    const dataDir = mkdtempSync(join(tmpdir(), "exodus-app-"));
    cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const config = loadConfig({
      NODE_ENV: "test",
      PORT: "0",
      DATABASE_URL: "",
      DATA_DIR: dataDir,
      BOT_TOKEN: TEST_BOT_TOKEN,
      PUBLIC_URL: "https://exodus.example/app",
      BOT_API_ROOT: telegram.apiRoot,
    });
    const app = await startApp(config);
    cleanup.push(() => app.close());

    const health = await fetch(new URL("/healthz", app.url));
    expect(await health.json()).toMatchObject({ status: "ok", database: "up" });

    const menu = await telegram.waitFor("setChatMenuButton");
    expect(menu.body).toEqual({
      menu_button: {
        type: "web_app",
        text: "Exodus",
        web_app: { url: "https://exodus.example/app" },
      },
    });

    telegram.queueUpdate({
      message: {
        message_id: 1,
        date: 0,
        chat: { id: 77, type: "private", first_name: "Ivan" },
        from: { id: 77, is_bot: false, first_name: "Ivan", language_code: "ru" },
        text: "/start code42",
        entities: [{ type: "bot_command", offset: 0, length: 6 }],
      },
    });
    const reply = await telegram.waitFor("sendMessage");
    expect(reply.body).toMatchObject({
      chat_id: 77,
      reply_markup: {
        inline_keyboard: [
          [
            {
              text: "Открыть Exodus",
              web_app: { url: "https://exodus.example/app?startapp=code42" },
            },
          ],
        ],
      },
    });
  });
});

describe("development mode's clock", () => {
  it("moves only forward, and a new month's rollover runs at once", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "exodus-clock-"));
    const app = await startApp(
      loadConfig({ NODE_ENV: "test", PORT: "0", DATABASE_URL: "", DATA_DIR: dataDir }),
      () => new Date("2026-11-20T10:00:00Z"),
    );
    try {
      const clock = (to?: string) =>
        fetch(new URL(`/dev/clock${to ? `?to=${to}` : ""}`, app.url), {
          method: to ? "POST" : "GET",
        });
      expect(await (await clock()).json()).toEqual({ now: "2026-11-20T10:00:00.000Z" });
      expect((await clock("2026-12-01T09:00:00Z")).status).toBe(200);
      expect(await (await clock()).json()).toEqual({ now: "2026-12-01T09:00:00.000Z" });
      const runs = await app.db.prisma.cycleRun.findMany({ select: { job: true, period: true } });
      expect(runs.map((r) => `${r.job} ${r.period.toISOString().slice(0, 7)}`)).toContain(
        "rollover 2026-12",
      );
      expect((await clock("2026-11-25T00:00:00Z")).status).toBe(400);
      expect((await clock("soon")).status).toBe(400);
      expect(await (await clock()).json()).toEqual({ now: "2026-12-01T09:00:00.000Z" });
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("does not exist outside development mode", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "exodus-clock-"));
    const app = await startApp(
      loadConfig({
        NODE_ENV: "test",
        PORT: "0",
        DATABASE_URL: "",
        DATA_DIR: dataDir,
        DEV_MODE: "false",
      }),
    );
    try {
      const moved = await fetch(new URL("/dev/clock?to=2030-01-01T00:00:00Z", app.url), {
        method: "POST",
      });
      expect(moved.status).toBe(404);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("configuration", () => {
  it("refuses development mode in production", () => {
    expect(() =>
      loadConfig({
        NODE_ENV: "production",
        DEV_MODE: "true",
        BOT_TOKEN: TEST_BOT_TOKEN,
        PUBLIC_URL: "https://exodus.example",
      }),
    ).toThrow("DEV_MODE: development mode cannot be switched on when NODE_ENV=production");
  });

  it("wants development mode asked for by name once a real bot or public address is configured", () => {
    const withBot = { BOT_TOKEN: TEST_BOT_TOKEN, PUBLIC_URL: "https://exodus.example" };
    expect(loadConfig(withBot).devMode).toBe(false);
    expect(loadConfig({ PUBLIC_URL: "https://exodus.example" }).devMode).toBe(false);
    expect(loadConfig({ ...withBot, DEV_MODE: "true" }).devMode).toBe(true);
  });

  it("keeps development mode off in production and on by default elsewhere", () => {
    const production = loadConfig({
      NODE_ENV: "production",
      BOT_TOKEN: TEST_BOT_TOKEN,
      PUBLIC_URL: "https://exodus.example",
    });
    expect(production.devMode).toBe(false);
    expect(loadConfig({}).devMode).toBe(true);
    expect(loadConfig({ DEV_MODE: "false" }).devMode).toBe(false);
  });

  it("needs a bot token in production and an https address with a bot", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(
      "BOT_TOKEN: required in production",
    );
    expect(() => loadConfig({ BOT_TOKEN: TEST_BOT_TOKEN, PUBLIC_URL: "http://x.example" })).toThrow(
      "PUBLIC_URL: with BOT_TOKEN set",
    );
  });

  it("runs the bot in the server unless it runs as its own process", () => {
    const withBot = { BOT_TOKEN: TEST_BOT_TOKEN, PUBLIC_URL: "https://exodus.example" };
    expect(loadConfig(withBot).runBot).toBe(true);
    expect(loadConfig({ ...withBot, RUN_BOT: "false" }).runBot).toBe(false);
    expect(loadConfig({}).runBot).toBe(false);
  });

  it("names each bad value on its own line", () => {
    expect(() =>
      loadConfig({ PORT: "eighty", CURRENCY: "dollars", NETWORK_TIMEZONE: "Mars/Base" }),
    ).toThrow(
      /PORT: .*\n {2}CURRENCY: must be an ISO 4217 code such as USD\n {2}NETWORK_TIMEZONE: must be an IANA time zone/,
    );
  });
});
