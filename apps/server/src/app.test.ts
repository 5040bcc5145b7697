import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeBotApi } from "@exodus/bot/testing";
import { sign } from "@telegram-apps/init-data-node";
import { afterAll, describe, expect, it, vi } from "vitest";
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

describe("the bot by webhook, and its messages", () => {
  it("takes updates only with Telegram's secret, and delivers what a change tells", async () => {
    const telegram = await startFakeBotApi();
    const dataDir = mkdtempSync(join(tmpdir(), "exodus-webhook-"));
    const secret = "webhook-secret-0123456789";
    const app = await startApp(
      loadConfig({
        NODE_ENV: "test",
        PORT: "0",
        DATABASE_URL: "",
        DATA_DIR: dataDir,
        BOT_TOKEN: TEST_BOT_TOKEN,
        PUBLIC_URL: "https://exodus.example/app",
        BOT_API_ROOT: telegram.apiRoot,
        BOT_WEBHOOK_SECRET: secret,
      }),
    );
    try {
      const hook = await telegram.waitFor("setWebhook");
      expect(hook.body).toMatchObject({
        url: "https://exodus.example/telegram/webhook",
        secret_token: secret,
      });
      const start = (n: number, from: number, token?: string) =>
        fetch(new URL("/telegram/webhook", app.url), {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(token ? { "x-telegram-bot-api-secret-token": token } : {}),
          },
          body: JSON.stringify({
            update_id: n,
            message: {
              message_id: n,
              date: 0,
              chat: { id: from, type: "private", first_name: "Ivan" },
              from: { id: from, is_bot: false, first_name: "Ivan", language_code: "en" },
              text: "/help",
              entities: [{ type: "bot_command", offset: 0, length: 5 }],
            },
          }),
        });
      expect((await start(1, 77, "wrong-secret-0123456789")).status).toBe(401);
      expect((await start(2, 78)).status).toBe(401);
      expect((await start(3, 79, secret)).status).toBe(200);
      const reply = await telegram.waitFor("sendMessage");
      expect(reply.body).toMatchObject({ chat_id: 79 });
      expect(telegram.requests.filter((r) => r.method === "sendMessage")).toHaveLength(1);

      // A member in the network of one who opens an emergency hears of it, through the bot.
      const signIn = (id: number, first_name: string, language_code: string) =>
        `tma ${sign({ user: { id, first_name, language_code } }, TEST_BOT_TOKEN, new Date())}`;
      const call = (auth: string, path: string, input: unknown) =>
        fetch(new URL(`/trpc/${path}`, app.url), {
          method: "POST",
          headers: { authorization: auth, "content-type": "application/json" },
          body: JSON.stringify(input),
        }).then((r) => r.json() as Promise<{ result: { data: Record<string, unknown> } }>);
      const anna = signIn(501, "Anna", "en");
      const boris = signIn(502, "Борис", "ru");
      const invite = await call(anna, "network.createInvite", {});
      await call(boris, "network.openInvite", { code: invite.result.data.code });
      await call(anna, "member.changeStatus", { action: "openEmergency", goal: 5000, days: 5 });
      await telegram.waitFor("sendMessage", { count: 3, ms: 10_000 });
      const sent = (chat: number) =>
        telegram.requests.find((r) => r.method === "sendMessage" && r.body.chat_id === chat);
      await vi.waitFor(() => expect(sent(501) && sent(502)).toBeTruthy(), { timeout: 10_000 });
      const toAnna = sent(501);
      const toBoris = sent(502) as { body: Record<string, unknown> };
      expect(toAnna?.body.text).toBe("Борис joined Exodus through your invite link.");
      expect(toBoris.body).toMatchObject({
        chat_id: 502,
        text: "🆘 У Anna экстренная ситуация, нужна срочная помощь.",
      });
      const button = (
        toBoris.body.reply_markup as { inline_keyboard: { web_app: { url: string } }[][] }
      ).inline_keyboard[0]?.[0]?.web_app.url;
      expect(button).toMatch(/^https:\/\/exodus\.example\/app\?startapp=_member-\d+$/);
    } finally {
      await app.close();
      await telegram.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
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
      const clock = (to?: string, headers: Record<string, string> = { "x-exodus-dev": "1" }) =>
        fetch(new URL(`/dev/clock${to ? `?to=${to}` : ""}`, app.url), {
          method: to ? "POST" : "GET",
          headers,
        });
      // Without the header (what a form or a no-preflight request from another site sends): no.
      expect((await clock("2026-12-01T09:00:00Z", {})).status).toBe(403);
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
        headers: { "x-exodus-dev": "1" },
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
