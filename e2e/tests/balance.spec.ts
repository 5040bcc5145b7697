import { type FakeBotApi, startFakeBotApi, testBotInfo } from "@exodus/bot/testing";
import {
  type BrowserContext,
  test as base,
  expect,
  type Page,
  type TestInfo,
} from "@playwright/test";
import { sign } from "@telegram-apps/init-data-node";
import { devThemes } from "../../apps/web/src/dev/themes.ts";
import { withOwnApp } from "../support.ts";

/**
 * Balancing, as a giver lives it (issue 13): Anna has a monthly giving budget of $100 and an
 * intention of $50 to Борис, whose monthly collection is over-covered ($130 of $100, Hal gives $80).
 * Ivan's monthly need of $80 is uncovered and Олена is in 🆘 for $40. Her plan on Home moves $30 of
 * the intention to Борис to where it is needed, adds $40 for Ivan, and offers an obligation of $40 to
 * Олена, saying it binds. She applies it with one tap; the collections show the change and each
 * receiver gets the bot's message.
 *
 * Five people need five Telegram accounts, more than development mode's three members: the app runs
 * as `pnpm start` runs it with a real bot token against a fake Telegram Bot API (as the bot-invite
 * spec does), and every browser carries initData signed with that token.
 */

const port = Number(process.env.E2E_BOT_PORT ?? 3198);
const botToken = "123456:E2E-token-for-the-balance-test";
/** Telegram opens Mini Apps over https only: the browser's requests to it are routed to the app. */
const publicUrl = "https://exodus.test/";
const viewport = { width: 400, height: 760 };

interface TelegramUser {
  id: number;
  first_name: string;
  language_code: string;
}

const anna: TelegramUser = { id: 7_100_001, first_name: "Anna", language_code: "en" };
const boris: TelegramUser = { id: 7_100_002, first_name: "Борис", language_code: "ru" };
const ivan: TelegramUser = { id: 7_100_003, first_name: "Ivan", language_code: "en" };
const olena: TelegramUser = { id: 7_100_004, first_name: "Олена", language_code: "uk" };
const hal: TelegramUser = { id: 7_100_005, first_name: "Hal", language_code: "en" };

interface BotApp {
  fake: FakeBotApi;
  url: string;
}

type Theme = keyof typeof devThemes;

const test = base.extend<{
  app: BotApp;
  openMiniApp: (user: TelegramUser, theme?: Theme) => Promise<Page>;
}>({
  app: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern; it has none.
    async ({}, use, testInfo) => {
      const fake = await startFakeBotApi();
      try {
        await withOwnApp(
          testInfo,
          {
            name: "e2e-balance",
            port,
            host: "127.0.0.1",
            env: {
              BOT_TOKEN: botToken,
              BOT_API_ROOT: fake.apiRoot,
              BOT_USERNAME: testBotInfo.username,
              MINI_APP_NAME: "app",
              PUBLIC_URL: publicUrl,
              DEV_MODE: "",
            },
          },
          (url) => use({ fake, url }),
        );
      } finally {
        await fake.close();
      }
    },
    { timeout: 120_000 },
  ],

  /**
   * The person's Telegram client: its web view reaches the app through the public address, in the
   * given theme; Telegram's popups are recorded and answered with their first button ("ok").
   */
  openMiniApp: async ({ browser, app }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (user, theme = "light") => {
      const context = await browser.newContext({ viewport });
      contexts.push(context);
      await context.addInitScript(() => {
        const w = window as unknown as {
          popups: unknown[];
          Telegram?: { WebView?: { receiveEvent(type: string, data: unknown): void } };
        };
        w.popups = [];
        Object.assign(window, {
          TelegramWebviewProxy: {
            postEvent(type: string, data: string) {
              if (type !== "web_app_open_popup") return;
              w.popups.push(JSON.parse(data));
              setTimeout(() =>
                w.Telegram?.WebView?.receiveEvent("popup_closed", { button_id: "ok" }),
              );
            },
          },
        });
      });
      await context.route(`${new URL(publicUrl).origin}/**`, async (route) => {
        const url = new URL(route.request().url());
        const response = await route.fetch({ url: `${app.url}${url.pathname}${url.search}` });
        await route.fulfill({ response });
      });
      const page = await context.newPage();
      const hash = new URLSearchParams([
        ["tgWebAppData", initDataFor(user)],
        ["tgWebAppVersion", "8.0"],
        ["tgWebAppPlatform", "tdesktop"],
        ["tgWebAppThemeParams", JSON.stringify(devThemes[theme])],
      ]);
      await page.goto(`${publicUrl}#${hash}`);
      return page;
    });
    for (const context of contexts) await context.close();
  },
});

test("a giver's plan moves a surplus to an uncovered need, binds her to an emergency, and is applied with one tap", async ({
  app,
  openMiniApp,
}, testInfo) => {
  test.setTimeout(200_000);
  const call = <T>(
    user: TelegramUser,
    kind: "query" | "mutation",
    procedure: string,
    input?: unknown,
  ) => api<T>(app.url, user, kind, procedure, input);
  for (const user of [anna, boris, ivan, olena, hal]) await call(user, "query", "member.me");

  // Anna brings in Борис, Ivan and Олена; Hal knows only Борис.
  await invite(app.url, anna, boris, ivan, olena);
  await invite(app.url, boris, hal);

  const borisC = await openCollection(app.url, boris, { action: "openMonthly", goal: 100_00 });
  const ivanC = await openCollection(app.url, ivan, { action: "openMonthly", goal: 80_00 });
  const olenaC = await openCollection(app.url, olena, {
    action: "openEmergency",
    goal: 40_00,
    days: 3,
  });
  await call(hal, "mutation", "pledge.create", { collectionId: borisC, amount: 80_00 });
  await call(anna, "mutation", "pledge.create", { collectionId: borisC, amount: 50_00 });
  await call(anna, "mutation", "member.updateProfile", { budget: 100_00 });

  // ── Anna's Home: her plan, line by line, each with its reason. ──
  const page = await openMiniApp(anna);
  const plan = page.getByTestId("plan");
  const lines = plan.getByTestId("plan-line");
  const expectPlan = async (p: Page) => {
    const shown = p.getByTestId("plan").getByTestId("plan-line");
    await expect(shown).toHaveCount(3);
    await expect(shown.nth(0)).toContainText("Promise $40.00 to Олена");
    await expect(shown.nth(0)).toContainText(/Binds you: 🆘, \d days? left/);
    await expect(shown.nth(1)).toContainText("Add $40.00 to Ivan");
    await expect(shown.nth(1)).toContainText("Uncovered: $80.00");
    await expect(shown.nth(2)).toContainText("Move $30.00 from Борис ($20.00 stays)");
    await expect(shown.nth(2)).toContainText("Over-covered by $30.00");
  };
  await expectPlan(page);
  await expect(plan).toContainText("up to $100.00 this month");
  await shot(page, testInfo, "plan-en-light");
  const dark = await openMiniApp(anna, "dark");
  await expectPlan(dark);
  await shot(dark, testInfo, "plan-en-dark");

  // One tap applies it; the promise to an emergency is asked about first, in Telegram's popup.
  await plan.getByTestId("plan-apply").click();
  await expect(plan.getByTestId("plan-note")).toHaveText(
    "✓Your plan is applied. A new one comes when needs change.",
  );
  const popups = await page.evaluate(() => (window as unknown as { popups: unknown[] }).popups);
  expect(popups).toEqual([
    expect.objectContaining({
      title: "A binding promise",
      message:
        "This plan promises $40.00 to Олена's emergency. Only the receiver can release you from such a promise.",
    }),
  ]);
  await expect(lines).toHaveCount(0);
  // Her giving: $20 to Борис and $40 to Ivan intended, $40 promised to Олена.
  await expect(page.getByTestId("giving-intentions")).toHaveText("$60.00");
  await expect(page.getByTestId("giving-obligations")).toHaveText("$40.00");
  await expect(page.getByTestId("giving-line")).toHaveText("You help 3 members this month");
  await shot(page, testInfo, "plan-applied-en-light");

  // ── The collections show the change. ──
  const ivanPage = await openMiniApp(ivan);
  await expect(ivanPage.getByTestId("progress-monthly").getByTestId("total-intentions")).toHaveText(
    "$40.00",
  );
  const totals = async (user: TelegramUser) => {
    const books = await call<{
      collections: { id: number; intentions: number; obligations: number }[];
    }>(user, "query", "books.dashboard");
    return books.collections.map(({ id, intentions, obligations }) => ({
      id,
      intentions,
      obligations,
    }));
  };
  expect(await totals(boris)).toEqual([{ id: borisC, intentions: 100_00, obligations: 0 }]);
  expect(await totals(ivan)).toEqual([{ id: ivanC, intentions: 40_00, obligations: 0 }]);
  expect(await totals(olena)).toEqual([{ id: olenaC, intentions: 0, obligations: 40_00 }]);

  // ── Each receiver hears of it from the bot, in their language, once the news of a burst of moves
  // is settled (a minute after the last; shared's pledgeNews): Борис was not yet told of Anna's $50,
  // so he hears of her intention as it now stands. ──
  const toChat = (user: TelegramUser) =>
    app.fake.requests
      .filter((r) => r.method === "sendMessage" && r.body.chat_id === user.id)
      .map((r) => String(r.body.text));
  const settled = { timeout: 100_000, intervals: [1000] };
  await expect
    .poll(() => toChat(ivan), settled)
    .toContainEqual("❤️ Anna intends to give you $40.00 this month.");
  await expect
    .poll(() => toChat(olena), settled)
    .toContainEqual(
      expect.stringMatching(
        /^🤝 Anna зобовʼязується дати вам 40,00\sUSD на надзвичайну ситуацію\.$/,
      ),
    );
  await expect
    .poll(() => toChat(boris), settled)
    .toContainEqual(
      expect.stringMatching(/^❤️ Anna намерен\(а\) дать вам 20,00\s\$ в этом месяце\.$/),
    );
  expect(toChat(boris).filter((text) => text.includes("Anna"))).toHaveLength(1);

  // A second tap (another client, the plan as it was) changes nothing twice.
  const again = await call<{ status: string }>(anna, "query", "plan.mine");
  expect(again.status).toBe("applied");
  expect(await totals(ivan)).toEqual([{ id: ivanC, intentions: 40_00, obligations: 0 }]);
});

/**
 * The whole screen as a phone as tall as the page would show it (the tab bar at its foot), as the
 * story's photographs are taken, attached to the report.
 */
async function shot(page: Page, testInfo: TestInfo, name: string) {
  await expect(page.locator(".skeleton")).toHaveCount(0);
  const path = testInfo.outputPath(`${name}.png`);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ ...viewport, height: Math.max(viewport.height, height) });
  await page.screenshot({ path });
  await page.setViewportSize(viewport);
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** initData as Telegram signs it for a Mini App opened from the menu button. */
function initDataFor(user: TelegramUser): string {
  return sign({ user, query_id: `AAE-${user.id}` }, botToken, new Date());
}

/** Calls the API as the user, with the Authorization header the Mini App sends. */
async function api<T>(
  appUrl: string,
  user: TelegramUser,
  kind: "query" | "mutation",
  procedure: string,
  input?: unknown,
): Promise<T> {
  const headers = { authorization: `tma ${initDataFor(user)}`, "content-type": "application/json" };
  const json = JSON.stringify(input);
  const query = input === undefined ? "" : `?input=${encodeURIComponent(json)}`;
  const res =
    kind === "query"
      ? await fetch(`${appUrl}/trpc/${procedure}${query}`, { headers })
      : await fetch(`${appUrl}/trpc/${procedure}`, { method: "POST", headers, body: json });
  const body = await res.json();
  if (!res.ok) throw new Error(`${procedure}: ${res.status} ${JSON.stringify(body)}`);
  return body.result.data as T;
}

/** `invitees` open a fresh invite link of `inviter`'s: a tie each. */
async function invite(appUrl: string, inviter: TelegramUser, ...invitees: TelegramUser[]) {
  const { code } = await api<{ code: string }>(
    appUrl,
    inviter,
    "mutation",
    "network.createInvite",
    {},
  );
  for (const user of invitees) {
    await api(appUrl, user, "mutation", "network.openInvite", { code });
  }
}

/** Opens the user's collection by a status change; returns its id. */
async function openCollection(appUrl: string, user: TelegramUser, change: object): Promise<number> {
  await api(appUrl, user, "mutation", "member.changeStatus", change);
  const books = await api<{ collections: { id: number }[] }>(
    appUrl,
    user,
    "query",
    "books.dashboard",
  );
  const id = books.collections[0]?.id;
  if (id === undefined) throw new Error("no collection opened");
  return id;
}
