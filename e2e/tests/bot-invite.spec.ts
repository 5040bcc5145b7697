import { type FakeBotApi, startFakeBotApi, testBotInfo } from "@exodus/bot/testing";
import { type BrowserContext, test as base, expect, type Page } from "@playwright/test";
import { sign } from "@telegram-apps/init-data-node";
import { withOwnApp } from "../support.ts";

/**
 * An invite link through the bot, end to end: the app runs as `pnpm start` runs it, with a real bot
 * token, its bot polling a fake Telegram Bot API on loopback, and no development mode, so every
 * browser below carries initData signed with the bot's token, as Telegram gives it.
 */

const port = Number(process.env.E2E_BOT_PORT ?? 3198);
const botToken = "123456:E2E-token-for-the-bot-invite-test";
const miniAppName = "app";
/**
 * Telegram opens Mini Apps over https only, and the app refuses to start with a bot and a plain-http
 * PUBLIC_URL. The browser is handed this address and the context routes it to the app's http port,
 * as the TLS proxy in front of the app would.
 */
const publicUrl = "https://exodus.test/";

interface TelegramUser {
  id: number;
  first_name: string;
  last_name?: string;
  language_code: string;
}

const anna: TelegramUser = {
  id: 7_000_001,
  first_name: "Anna",
  last_name: "Lovelace",
  language_code: "en",
};
const boris: TelegramUser = { id: 7_000_002, first_name: "Борис", language_code: "ru" };

interface BotApp {
  fake: FakeBotApi;
  /** Where the app listens (plain http on loopback). */
  url: string;
}

/** Opens a Mini App address in the person's own Telegram client, as Telegram launches it. */
type OpenMiniApp = (address: string, user: TelegramUser) => Promise<Page>;

const test = base.extend<{ app: BotApp; openMiniApp: OpenMiniApp }>({
  app: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern; it has none.
    async ({}, use, testInfo) => {
      const fake = await startFakeBotApi();
      try {
        await withOwnApp(
          testInfo,
          {
            name: "e2e-bot",
            port,
            host: "127.0.0.1",
            env: {
              BOT_TOKEN: botToken,
              BOT_API_ROOT: fake.apiRoot,
              BOT_USERNAME: testBotInfo.username,
              MINI_APP_NAME: miniAppName,
              PUBLIC_URL: publicUrl,
              // Whatever the shell says: development mode stays off, as a real bot makes it.
              DEV_MODE: "",
            },
          },
          (url) => use({ fake, url }),
        );
      } finally {
        await fake.close();
        if (testInfo.status !== testInfo.expectedStatus) {
          const calls = fake.requests
            .filter((r) => r.method !== "getUpdates")
            .map((r) => `${r.method} ${JSON.stringify(r.body)}`);
          await testInfo.attach("Bot API calls", {
            body: calls.join("\n"),
            contentType: "text/plain",
          });
        }
      }
    },
    { timeout: 120_000 },
  ],

  /**
   * Each person gets a browser context of their own (their Telegram client's web view), in which
   * the public https address reaches the app on its loopback http port.
   */
  openMiniApp: async ({ browser, app }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (address, user) => {
      const context = await browser.newContext();
      contexts.push(context);
      // The bridge Telegram's desktop and mobile clients give a Mini App; the SDK posts its events
      // (ready, expand, back button…) to it. Nothing here needs an answer.
      await context.addInitScript(() => {
        Object.assign(window, { TelegramWebviewProxy: { postEvent() {} } });
      });
      await context.route(`${new URL(publicUrl).origin}/**`, async (route) => {
        const url = new URL(route.request().url());
        const response = await route.fetch({ url: `${app.url}${url.pathname}${url.search}` });
        await route.fulfill({ response });
      });
      const page = await context.newPage();
      await page.goto(launchUrl(address, user));
      return page;
    });
    for (const context of contexts) await context.close();
  },
});

test("a newcomer who taps an invite link in the bot's chat joins the inviter's network", async ({
  app,
  openMiniApp,
}) => {
  // The premise: with a real bot the app signs no one in by itself.
  expect((await fetch(`${app.url}/dev/launch`)).status).toBe(404);

  // Anna opens Exodus from the menu button the bot set up, and makes an invite link for the bot chat.
  const menu = await app.fake.waitFor("setChatMenuButton");
  const menuUrl = (menu.body.menu_button as { web_app: { url: string } }).web_app.url;
  expect(menuUrl).toBe(publicUrl);
  const annaPage = await openMiniApp(menuUrl, anna);
  await expect(annaPage.getByTestId("member-name")).toHaveText("Anna Lovelace");
  const invite = await api<{ code: string; links: { bot: string | null } }>(
    app.url,
    anna,
    "mutation",
    "network.createInvite",
    {},
  );
  const link = new URL(invite.links.bot ?? "about:blank");
  expect(`${link.origin}${link.pathname}`).toBe(`https://t.me/${testBotInfo.username}`);
  const code = link.searchParams.get("start") ?? "";
  expect(code).toMatch(/^[A-Za-z0-9_-]{16}$/);
  expect(code).toBe(invite.code);
  expect(await networkOf(app.url, anna)).toEqual([]);

  // Boris taps it: Telegram opens the bot's chat and sends `/start <code>` from him.
  const command = "/start";
  app.fake.queueUpdate({
    message: {
      message_id: 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: boris.id, type: "private", first_name: boris.first_name },
      from: { ...boris, is_bot: false },
      text: `${command} ${code}`,
      entities: [{ type: "bot_command", offset: 0, length: command.length }],
    },
  });
  const reply = await app.fake.waitFor("sendMessage", { ms: 10_000 });
  expect(reply.body.chat_id).toBe(boris.id);
  expect(reply.body.text).toBe(
    "Добро пожаловать в Exodus, Борис! Вас пригласил друг: откройте Exodus, чтобы увидеть, кому нужна помощь.",
  );
  const markup = reply.body.reply_markup as {
    inline_keyboard: { text: string; web_app?: { url: string } }[][];
  };
  expect(markup.inline_keyboard).toHaveLength(1);
  const [button] = markup.inline_keyboard[0] ?? [];
  expect(button?.text).toBe("Открыть Exodus");
  const buttonUrl = new URL(button?.web_app?.url ?? "about:blank");
  expect(`${buttonUrl.origin}${buttonUrl.pathname}`).toBe(publicUrl);
  expect(buttonUrl.searchParams.get("startapp")).toBe(code);

  // He taps the button. A web_app button puts no start_param into initData: the code reaches the
  // app only through the button's URL.
  const borisPage = await openMiniApp(buttonUrl.toString(), boris);
  await expect(borisPage.getByTestId("invite-banner")).toHaveText(
    "Вы пришли по ссылке-приглашению от Anna. Добро пожаловать!",
  );
  // He lands on the page of the link's target, Anna, ready to help; his own is a tab away.
  await expect(borisPage.getByTestId("member-page-name")).toHaveText("Anna Lovelace");
  await borisPage.getByTestId("tab-home").click();
  await expect(borisPage.getByTestId("member-name")).toHaveText("Борис");

  // Each now sees the other in their network, one tie away.
  expect(await networkOf(app.url, boris)).toEqual([{ firstName: "Anna", distance: 1 }]);
  expect(await networkOf(app.url, anna)).toEqual([{ firstName: "Борис", distance: 1 }]);
});

/**
 * The address Telegram loads for a Mini App: its URL with the launch parameters in the hash, the
 * initData signed for the user with the bot's token.
 */
function launchUrl(address: string, user: TelegramUser): string {
  const hash = new URLSearchParams([
    ["tgWebAppData", initDataFor(user)],
    ["tgWebAppVersion", "8.0"],
    ["tgWebAppPlatform", "tdesktop"],
    ["tgWebAppThemeParams", JSON.stringify({ bg_color: "#ffffff", text_color: "#000000" })],
  ]);
  return `${address}#${hash}`;
}

/** initData as Telegram signs it for a Mini App opened from a button: the user, no start_param. */
function initDataFor(user: TelegramUser): string {
  return sign({ user, query_id: `AAE-${user.id}` }, botToken, new Date());
}

/** Calls the API as the user, with the Authorization header the Mini App sends. */
async function api<T>(
  appUrl: string,
  user: TelegramUser,
  kind: "query" | "mutation",
  procedure: string,
  input: unknown,
): Promise<T> {
  const headers = { authorization: `tma ${initDataFor(user)}`, "content-type": "application/json" };
  const json = JSON.stringify(input);
  const res =
    kind === "query"
      ? await fetch(`${appUrl}/trpc/${procedure}?input=${encodeURIComponent(json)}`, { headers })
      : await fetch(`${appUrl}/trpc/${procedure}`, { method: "POST", headers, body: json });
  const body = await res.json();
  if (!res.ok) throw new Error(`${procedure}: ${res.status} ${JSON.stringify(body)}`);
  return body.result.data as T;
}

/** The user's network as the API lists it: who, and how many ties away. */
async function networkOf(appUrl: string, user: TelegramUser) {
  const list = { list: "network" };
  const lines = await api<{ firstName: string; distance: number }[]>(
    appUrl,
    user,
    "query",
    "network.list",
    list,
  );
  return lines.map(({ firstName, distance }) => ({ firstName, distance }));
}
