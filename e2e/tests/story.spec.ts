import {
  type Browser,
  type BrowserContext,
  test as base,
  expect,
  type Page,
} from "@playwright/test";
import { shots, viewport, withOwnApp } from "../support.ts";

/**
 * The whole story of issue 5, as three development members live it in the Mini App, each in a
 * browser of their own, every step by tapping:
 *
 * Anna (A, en) asks for monthly support with a goal and invites Борис (B, ru) through a link. He
 * opens it, which registers him, pledges an intention to her, commits, and gives; she confirms.
 * Олена (C, uk) joins through Борис's link and finds Anna in her network. The month rolls over on
 * the development clock and Борис's confirmed gift comes back as an intention for the new month.
 * Anna then has an emergency; Олена binds herself and gives, twice, until the goal is reached and
 * Anna is back to monthly support.
 *
 * Moving the clock would disturb the other specs' shared server, so the story runs its own app
 * (as `pnpm start` runs it, in development mode, on a fresh embedded database). Every screen is
 * photographed in light and dark in English, as Anna lives the story; Home and one list (the
 * network) also in Russian as Борис and in Ukrainian as Олена. The photographs are the test's
 * output (e2e/test-results/…, attached to the report).
 */

const port = Number(process.env.E2E_STORY_PORT ?? Number(process.env.E2E_PORT ?? 3199) + 2);

interface StoryApp {
  /** Where the story's own app listens; development mode answers a local Host only. */
  url: string;
}

/** A person with their own browser (their own Telegram client), opened as a development member. */
interface Person {
  context: BrowserContext;
  page: Page;
}

type Open = (member: "anna" | "boris" | "olena", path?: string) => Promise<Person>;

const test = base.extend<{ app: StoryApp; open: Open }>({
  app: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern; it has none.
    async ({}, use, testInfo) => {
      await withOwnApp(
        testInfo,
        {
          name: "e2e-story",
          port,
          // Development mode answers a local host name only.
          host: "localhost",
          // No bot token and DEV_MODE unset: development mode, with its members and clock. The
          // bot's and the Mini App's names, so invite links are t.me links.
          env: { BOT_TOKEN: "", BOT_USERNAME: "exodus_e2e_bot", MINI_APP_NAME: "app" },
        },
        (url) => use({ url }),
      );
    },
    { timeout: 120_000 },
  ],

  open: async ({ browser, app }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (member, path = "/") => {
      const person = await openPerson(browser, app.url, member, path);
      contexts.push(person.context);
      return person;
    });
    for (const context of contexts) await context.close();
  },
});

/**
 * A browser of one's own, whose development member is chosen before the app first loads (so the
 * first launch is that member's, through a link if the path carries one). Its clock is Playwright's,
 * so it can follow the server's development clock when the month turns.
 */
async function openPerson(
  browser: Browser,
  baseURL: string,
  member: string,
  path: string,
): Promise<Person> {
  const context = await browser.newContext({ baseURL, viewport });
  await context.clock.install();
  await context.addInitScript((key) => {
    if (localStorage.getItem("exodus.dev.member")) return;
    localStorage.setItem("exodus.dev.member", key);
    localStorage.setItem("exodus.dev.theme", "light");
  }, member);
  const page = await context.newPage();
  await page.goto(path);
  return { context, page };
}

/** Telegram's main button, drawn by the DevPanel in development mode. */
const mainButton = (page: Page) => page.getByTestId("main-button");

/**
 * Opens a tab as a person would: where a page shows Telegram's main button the tabs give way to it,
 * so Telegram's back button (drawn by the DevPanel) leads out first.
 */
async function openTab(page: Page, tab: "home" | "organizer" | "network" | "profile") {
  const target = page.getByTestId(`tab-${tab}`);
  const back = page.locator(".dev-panel").getByRole("button", { name: /^‹/ });
  await expect(target.or(back).first()).toBeVisible();
  // A root shows the tabs; a page with a main button of its own shows the back button again. While
  // a lazy page loads, the last page's back button may still show and then go: a click that finds
  // it gone is tried again, and so is one that led to another page with a back button.
  await expect(async () => {
    if (await target.isVisible()) return;
    await back.click({ timeout: 2_000 });
    await expect(target).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await target.click();
}

async function pressMain(page: Page, text: string | RegExp) {
  await expect(mainButton(page)).toHaveText(text);
  await mainButton(page).click();
}

/** Opens the app again as Telegram would (fresh initData): what the DevPanel does on a switch. */
async function reopen(page: Page, path = "/") {
  await page.evaluate(() => sessionStorage.clear());
  await page.goto(path);
}

/** The server's development clock, as the DevPanel shows it. */
async function serverNow(page: Page): Promise<Date> {
  const body = await page.evaluate(() => fetch("/dev/clock").then((r) => r.json()));
  return new Date((body as { now: string }).now);
}

/** Takes the invite code out of the t.me link the Invite screen shows. */
async function inviteCode(page: Page): Promise<string> {
  const shown = page.getByTestId("invite-link");
  await expect(shown).toHaveText(/^https:\/\/t\.me\/exodus_e2e_bot\/app\?startapp=/);
  const code = new URL((await shown.textContent()) ?? "").searchParams.get("startapp") ?? "";
  expect(code).toMatch(/^[A-Za-z0-9_-]{16}$/);
  return code;
}

const usd = (amount: string) => new RegExp(`${amount.replace(/[.,]/g, "[.,]")}\\s\\$`);

test("the story: monthly support, an invite, a pledge's life, a new month and an emergency reached", async ({
  open,
}, testInfo) => {
  test.setTimeout(180_000);

  // ── A: Anna opens Exodus for the first time and asks for monthly support with a goal. ──
  const anna = await open("anna");
  const a = anna.page;
  await expect(a.getByTestId("member-name")).toHaveText("Anna Dev");
  await expect(a.getByTestId("welcome")).toContainText("Welcome to Exodus!");
  await shots(a, testInfo, "home-en-welcome", () =>
    expect(a.getByTestId("welcome")).toContainText("Welcome to Exodus!"),
  );
  await a.getByRole("link", { name: /Set your status/ }).click();
  await expect(a.getByRole("heading", { name: "Change status" })).toBeVisible();
  const fillMonthly = async () => {
    await a.getByRole("radio", { name: /Needs monthly support/ }).check();
    await a.getByLabel("Goal per month", { exact: true }).fill("200");
    await expect(a.getByTestId("status-consequence")).toContainText(
      "Your network is told you need monthly support",
    );
  };
  await fillMonthly();
  await shots(a, testInfo, "status-en", fillMonthly);
  await pressMain(a, "Ask for monthly support");
  await expect(a.getByTestId("member-status")).toContainText("🔆 Needs monthly support");
  await expect(a.getByTestId("monthly-goal")).toHaveText("Monthly goal: $200.00");
  const annaProgress = a.getByTestId("progress-monthly");
  await expect(annaProgress.getByTestId("total-goal")).toHaveText("$200.00");
  await expect(annaProgress).toContainText("$0.00 of $200.00 promised");
  await expect(annaProgress.getByTestId("circle-line")).toHaveText("0 members help you");

  // ── A invites B: the empty circle suggests it; the Invite screen makes a t.me link. ──
  await annaProgress.getByRole("link", { name: "Invite friends" }).click();
  await expect(a.getByRole("heading", { name: "Invite", exact: true })).toBeVisible();
  await pressMain(a, "Create a link");
  const annaCode = await inviteCode(a);
  await expect(mainButton(a)).toHaveText("Share");
  await expect(a.getByTestId("active-link").first()).toContainText("Leads to your page");

  // ── B: Борис opens Anna's link; that first launch registers him, on her page. ──
  const boris = await open("boris", `/?startapp=${annaCode}`);
  const b = boris.page;
  await expect(b.getByTestId("invite-banner")).toHaveText(
    "Вы пришли по ссылке-приглашению от Anna. Добро пожаловать!",
  );
  await expect(b).toHaveURL(/\/member\/\d+$/);
  const annaPath = new URL(b.url()).pathname;
  await expect(b.getByTestId("member-page-name")).toHaveText("Anna Dev");
  await expect(b.getByTestId("member-page-status")).toContainText("🔆 Нужна ежемесячная поддержка");
  await expect(b.getByTestId("need-missing")).toHaveText(usd("200,00"));
  await expect(b.getByTestId("circle")).toContainText("Пока никто не помогает");

  // He pledges an intention of 50 (the field starts empty; a pick offers the 200 still missing).
  const amount = b.getByLabel("Сумма, USD");
  await expect(amount).toHaveValue("");
  await expect(b.getByTestId("pledge-pick-missing")).toHaveText(/^Всё недостающее · 200,00\s\$$/);
  await expect(b.getByTestId("pledge-form")).toContainText("намерение ❤️ в ежемесячный сбор");
  await amount.fill("50");
  await pressMain(b, "Пообещать");
  await expect(b.getByTestId("my-pledge")).toContainText("Ваше обещание: 50,00");
  await expect(b.getByTestId("my-pledge")).toContainText("❤️ намерение");
  await expect(b.getByTestId("circle")).toContainText("Борис Dev");

  // He commits (asked first: it binds) and gives, on the pledge's page.
  await b.getByRole("link", { name: "Открыть обещание" }).click();
  await expect(b.getByTestId("pledge-who")).toHaveText("Вы → Anna");
  await expect(b.getByTestId("pledge-state")).toHaveText("❤️ Намерение");
  await pressMain(b, "Закрепить");
  const commitPopup = b.getByRole("alertdialog", { name: "Закрепить обещание?" });
  await expect(commitPopup).toContainText("Освободить от него может только Anna.");
  await commitPopup.getByRole("button", { name: "Закрепить" }).click();
  await expect(b.getByTestId("pledge-state")).toHaveText("🤝 Обязательство");
  await pressMain(b, "Я передал(а)");
  await expect(b.getByTestId("pledge-state")).toHaveText("✋ Передано, ждёт подтверждения");
  await expect(mainButton(b)).toHaveText("Напомнить подтвердить");

  // His Organizer: given, waiting for Anna. His Home: his giving line.
  await openTab(b, "organizer");
  const borisGiven = b.getByTestId("group-fulfilled");
  await expect(borisGiven).toContainText("Кому: Anna");
  await expect(borisGiven).toContainText(usd("50,00"));
  await openTab(b, "home");
  await expect(b.getByTestId("member-status")).toContainText("✅ Могу помогать");
  await expect(b.getByTestId("giving-line")).toHaveText("В этом месяце вы помогаете 1 участнику");
  await expect(b.getByTestId("giving-intentions")).toHaveText(usd("0,00"));
  await expect(b.getByTestId("giving-obligations")).toHaveText(usd("50,00"));
  await expect(b.getByTestId("giving-confirmed")).toHaveText(usd("0,00"));
  await shots(b, testInfo, "home-ru", () => expect(b.getByTestId("giving-line")).toBeVisible());

  // ── A confirms: Home says what waits for her; the pledge's page takes the step. ──
  await openTab(a, "home");
  const gift = a.getByTestId("action-item");
  await expect(gift).toHaveText(/Борис says they gave you \$50\.00\. Did it arrive\?/);
  await expect(a.getByTestId("total-obligations")).toHaveText("$50.00");
  await gift.click();
  await expect(a.getByTestId("pledge-who")).toHaveText("Борис → You");
  await expect(a.getByTestId("pledge-state")).toHaveText("✋ Given, awaiting confirmation");
  await shots(a, testInfo, "pledge-en", () => expect(mainButton(a)).toHaveText("Confirm received"));
  await pressMain(a, "Confirm received");
  await expect(a.getByTestId("pledge-state")).toHaveText("👍 Confirmed");
  await expect(a.getByTestId("pledge-notice")).toHaveText(
    "Confirmed. Thank you for keeping the books!",
  );
  await openTab(a, "home");
  await expect(a.getByTestId("actions-none")).toBeVisible();
  await expect(a.getByTestId("total-confirmed")).toHaveText("$50.00");
  await expect(a.getByTestId("total-missing")).toHaveText("$150.00");
  await expect(a.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "5000");
  await openTab(a, "organizer");
  await a.getByRole("tab", { name: /To me/ }).click();
  await expect(a.getByTestId("group-confirmed")).toContainText("From Борис");
  await shots(a, testInfo, "organizer-en", () =>
    expect(a.getByTestId("group-confirmed")).toContainText("From Борис"),
  );

  // ── C: Олена joins through Борис's link and sees Anna in her network. ──
  await openTab(b, "network");
  await b.getByTestId("invite-screen-link").click();
  await expect(b.getByRole("heading", { name: "Приглашение", exact: true })).toBeVisible();
  await pressMain(b, "Создать ссылку");
  const borisCode = await inviteCode(b);

  const olena = await open("olena", `/?startapp=${borisCode}`);
  const c = olena.page;
  await expect(c.getByTestId("invite-banner")).toHaveText(
    "Ви прийшли за посиланням-запрошенням від Борис. Ласкаво просимо!",
  );
  await expect(c.getByTestId("member-page-name")).toHaveText("Борис Dev");
  await openTab(c, "network");
  const annaForOlena = c.getByTestId("member-row").filter({ hasText: "Anna Dev" });
  await expect(annaForOlena).toContainText("Потрібна щомісячна підтримка");
  await expect(annaForOlena).toContainText("Друг вашого друга");
  // Борис's gift arrived this month: he is still in Anna's circle.
  await expect(annaForOlena.getByTestId("need-line")).toContainText(
    /^🙏 Бракує 150,00\sUSD з 200,00\sUSD · допомагає 1 людина$/,
  );
  await expect(c.getByTestId("member-row").filter({ hasText: "Борис Dev" })).toContainText(
    "Ваш друг",
  );

  // When Борис next opens Exodus, his Network and Invite screens show Олена; so do Anna's, and
  // both their pictures.
  await reopen(b, "/network");
  await expect(b.getByTestId("member-row").filter({ hasText: "Олена Dev" })).toContainText(
    "Ваш друг",
  );
  await shots(b, testInfo, "network-ru", () =>
    expect(b.getByTestId("member-row").filter({ hasText: "Anna Dev" })).toBeVisible(),
  );
  await b.getByTestId("invite-screen-link").click();
  const joinedBoris = b.getByTestId("invitee-row").filter({ hasText: "Олена Dev" });
  await expect(joinedBoris).toBeVisible();
  await openTab(b, "network");
  await b.getByTestId("picture-link").click();
  const canvas = b.getByTestId("picture-canvas");
  await expect(canvas).toHaveAttribute("data-drawn", "3");

  await openTab(a, "network");
  await expect(a.getByTestId("member-row").filter({ hasText: "Олена Dev" })).toContainText(
    "Friend of a friend",
  );
  await shots(a, testInfo, "network-en", () =>
    expect(a.getByTestId("member-row").filter({ hasText: "Борис Dev" })).toBeVisible(),
  );
  await a.getByTestId("picture-link").click();
  await expect(a.getByTestId("picture-canvas")).toHaveAttribute("data-drawn", "3");
  await shots(a, testInfo, "picture-en", () =>
    expect(a.getByTestId("picture-canvas")).toHaveAttribute("data-drawn", "3"),
  );
  await openTab(a, "network");
  await a.getByTestId("invite-screen-link").click();
  const joinedAnna = a.getByTestId("invitee-row").filter({ hasText: "Борис Dev" });
  await expect(joinedAnna).toBeVisible();
  await shots(a, testInfo, "invite-en", () => expect(joinedAnna).toBeVisible());

  // ── The month rolls over: Anna moves the development clock to the next month. ──
  const before = await serverNow(a);
  await openTab(a, "home");
  // The app starts again afterwards (initData ages with the clock).
  const restarted = a.waitForEvent("load");
  await a.getByTestId("dev-clock").getByRole("button", { name: "Next month" }).click();
  await restarted;
  const now = await serverNow(a);
  expect(now.getUTCMonth()).toBe((before.getUTCMonth() + 1) % 12);
  expect(now.getUTCDate()).toBe(1);
  await expect(a.getByTestId("dev-clock")).toContainText(`Clock ${now.toLocaleDateString("en")}`);
  // Everyone's phone lives in the same time; Борис and Олена open Exodus again.
  for (const person of [anna, boris, olena]) await person.context.clock.setSystemTime(now);
  await reopen(a);
  await reopen(b, "/organizer");
  await reopen(c);
  const month = (locale: string) =>
    now.toLocaleDateString(locale, { month: "long", year: "numeric", timeZone: "UTC" });

  // Борис's confirmed gift is renewed as an intention for the new month.
  const renewed = b.getByTestId("group-intention");
  await expect(renewed).toContainText("Кому: Anna");
  await expect(renewed).toContainText(usd("50,00"));
  await expect(renewed).toContainText(month("ru"));
  await renewed.getByTestId("pledge-row").click();
  await expect(b.getByTestId("pledge-state")).toHaveText("❤️ Намерение");
  await expect(b.getByTestId("pledge-history")).toContainText("продлено с прошлого месяца");
  await openTab(b, "organizer");
  await b.getByRole("tab", { name: /Архив/ }).click();
  await expect(b.getByTestId("archive-confirmedArchive")).toContainText("Кому: Anna");

  // Anna's circle: Борис's intention again, the goal whole for the new month.
  const annaMonthly = a.getByTestId("progress-monthly");
  await expect(annaMonthly.getByTestId("total-intentions")).toHaveText("$50.00");
  await expect(annaMonthly.getByTestId("total-confirmed")).toHaveText("$0.00");
  await expect(annaMonthly.getByTestId("circle-line")).toHaveText("1 member helps you");
  await expect(annaMonthly.getByTestId("total-missing")).toHaveText("$200.00");
  await shots(a, testInfo, "home-en", () =>
    expect(a.getByTestId("total-intentions")).toHaveText("$50.00"),
  );
  await openTab(a, "organizer");
  await a.getByRole("tab", { name: /To me/ }).click();
  const renewedToAnna = a.getByTestId("group-intention");
  await expect(renewedToAnna).toContainText("From Борис");
  await expect(renewedToAnna).toContainText(month("en"));

  // Борис's page, as Anna sees it: he needs nothing, and he helps her.
  await openTab(a, "network");
  await a.getByTestId("member-row").filter({ hasText: "Борис Dev" }).click();
  await expect(a.getByTestId("member-page-name")).toHaveText("Борис Dev");
  await expect(a.getByTestId("member-page-status")).toContainText("✅ Can help");
  await expect(a.getByText("Борис Dev needs nothing right now.")).toBeVisible();
  await a.getByRole("tab", { name: "They help" }).click();
  await expect(a.getByTestId("member-row").filter({ hasText: "Anna Dev" })).toContainText("You");
  await shots(a, testInfo, "member-en", () =>
    expect(a.getByTestId("member-row").filter({ hasText: "Anna Dev" })).toBeVisible(),
  );

  // Борис's Profile, and the status form where he could ask for support himself (he does not).
  await openTab(b, "profile");
  await expect(b.getByTestId("profile-name")).toHaveText("Борис Dev");
  await expect(b.getByTestId("member-status")).toContainText("✅ Могу помогать");
  await b.getByRole("link", { name: "Изменить статус" }).click();
  const borisConsidersMonthly = async () => {
    await b.getByRole("radio", { name: /Нужна ежемесячная поддержка/ }).check();
    await b.getByLabel("Цель на месяц", { exact: true }).fill("300");
    await expect(mainButton(b)).toHaveText("Попросить ежемесячную поддержку");
  };
  await borisConsidersMonthly();
  await openTab(b, "home");
  await expect(b.getByTestId("member-status")).toContainText("✅ Могу помогать");

  // ── A switches to 🆘 from Profile: a goal of 100 in 7 days. ──
  await openTab(a, "profile");
  await expect(a.getByTestId("member-status")).toContainText("🔆 Needs monthly support");
  await a.getByRole("link", { name: "Change status" }).click();
  const fillEmergency = async () => {
    await a.getByRole("radio", { name: /Emergency/ }).check();
    await a.getByLabel("Emergency goal").fill("100");
    await a.getByLabel("Deadline, days (1–30)").fill("7");
  };
  await fillEmergency();
  await expect(a.getByTestId("status-consequence")).toContainText(
    "Emergencies take obligations only",
  );
  await shots(a, testInfo, "status-en-emergency", fillEmergency);
  await pressMain(a, "Open an emergency");
  await expect(a.getByTestId("member-status")).toContainText("🆘 Emergency");
  await expect(a.getByTestId("emergency-goal")).toHaveText("Emergency goal: $100.00 · 7 days left");
  await expect(a.getByTestId("monthly-goal")).toContainText("paused");
  await shots(a, testInfo, "profile-en", () =>
    expect(a.getByTestId("emergency-goal")).toBeVisible(),
  );

  // ── C helps the emergency until its goal is reached: 60 first, then the 40 still missing. ──
  // Her Home, opened again, shows Anna first among the friends who need help, her emergency said
  // in words.
  await reopen(c);
  const friendInNeed = c.getByTestId("friend-in-need").first();
  await expect(friendInNeed).toContainText("Anna Dev");
  await expect(friendInNeed).toContainText(
    /🆘 Терміновий збір: бракує 100,00\sUSD, залишилося 7 днів/,
  );
  await shots(c, testInfo, "home-uk", () =>
    expect(c.getByTestId("friend-in-need").first()).toContainText("Anna Dev"),
  );
  await openTab(c, "network");
  await c.getByRole("tab", { name: "Потрібна допомога" }).click();
  const annaInNeed = c.getByTestId("member-row").first();
  await expect(annaInNeed).toContainText("Anna Dev");
  await expect(annaInNeed).toContainText("🆘");
  await shots(c, testInfo, "network-uk", () => expect(annaInNeed).toContainText("🆘"));
  await annaInNeed.click();
  const need = c.getByTestId("need-card");
  await expect(need).toContainText("🆘 Термінова ціль: 100,00");
  await expect(need).toContainText("залишилося 7 днів");
  await expect(need).toContainText("Щомісячний збір призупинено");
  await expect(c.getByTestId("pledge-form")).toContainText("зобов'язання 🤝");
  await shots(c, testInfo, "member-uk-emergency", () => expect(need).toBeVisible());
  const olenaAmount = c.getByLabel("Сума, USD");
  await olenaAmount.fill("60");
  await pressMain(c, "Пообіцяти");
  const bind = c.getByRole("alertdialog");
  await expect(bind).toContainText("Anna Dev");
  await bind.getByRole("button", { name: "Обіцяю" }).click();
  await expect(c.getByTestId("my-pledge")).toContainText("🤝 зобов'язання");
  await c.getByRole("link", { name: "Відкрити обіцянку" }).click();
  await pressMain(c, "Я передав(ла)");
  await expect(c.getByTestId("pledge-state")).toContainText("✋");

  // Anna confirms the 60: the emergency is 60 of 100, and Олена, whose gift arrived, stays in its
  // circle.
  await reopen(a);
  await a.getByTestId("action-item").filter({ hasText: "Олена" }).click();
  await pressMain(a, "Confirm received");
  await expect(a.getByTestId("pledge-state")).toHaveText("👍 Confirmed");
  await openTab(a, "home");
  const annaEmergency = a.getByTestId("progress-emergency");
  await expect(annaEmergency.getByTestId("total-confirmed")).toHaveText("$60.00");
  await expect(annaEmergency.getByTestId("total-missing")).toHaveText("$40.00");
  await expect(annaEmergency).toContainText("$60.00 of $100.00 promised");
  await expect(annaEmergency.getByTestId("emergency-goal")).toHaveText(
    "Emergency goal: $100.00 · 7 days left",
  );
  await expect(annaEmergency.getByTestId("circle-line")).toHaveText(
    "1 member helps you · $40.00 still missing",
  );
  await expect(annaEmergency.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "6000");
  await shots(a, testInfo, "home-en-emergency", () => expect(annaEmergency).toBeVisible());

  // Олена pledges again: the form starts from the 60 she gave, cut to the 40 still missing.
  await reopen(c, annaPath);
  await expect(olenaAmount).toHaveValue("40");
  await pressMain(c, "Пообіцяти");
  await bind.getByRole("button", { name: "Обіцяю" }).click();
  await c.getByRole("link", { name: "Відкрити обіцянку" }).click();
  await pressMain(c, "Я передав(ла)");
  await expect(c.getByTestId("pledge-state")).toContainText("✋");

  // Anna confirms the 40: the goal is reached, the emergency ends, and she is back to 🔆.
  await reopen(a);
  await a.getByTestId("action-item").filter({ hasText: "Олена" }).click();
  await pressMain(a, "Confirm received");
  await expect(a.getByTestId("pledge-state")).toHaveText("👍 Confirmed");
  await openTab(a, "home");
  await expect(a.getByTestId("member-status")).toContainText("🔆 Needs monthly support");
  await expect(a.getByTestId("progress-emergency")).toHaveCount(0);
  await expect(a.getByTestId("emergency-goal")).toHaveCount(0);
  await expect(a.getByTestId("monthly-goal")).toHaveText("Monthly goal: $200.00");
  await expect(a.getByTestId("progress-monthly").getByTestId("total-intentions")).toHaveText(
    "$50.00",
  );
  await shots(a, testInfo, "home-en-reached", () =>
    expect(a.getByTestId("member-status")).toContainText("🔆 Needs monthly support"),
  );
  // Her archive keeps what was given, with dates: Борис's last month, Олена's two gifts.
  await openTab(a, "organizer");
  await a.getByRole("tab", { name: /Archive/ }).click();
  const confirmedArchive = a.getByTestId("archive-confirmedArchive").getByTestId("pledge-row");
  await expect(confirmedArchive).toHaveCount(3);
  await expect(confirmedArchive.filter({ hasText: "From Олена" })).toHaveCount(2);
  await expect(confirmedArchive.filter({ hasText: "From Олена" }).first()).toContainText(
    "🆘 Emergency",
  );
  await expect(confirmedArchive.filter({ hasText: "From Борис" })).toContainText("Confirmed on");
  await shots(a, testInfo, "organizer-en-archive", () =>
    expect(a.getByTestId("archive-confirmedArchive")).toBeVisible(),
  );

  // Олена finds Anna back to monthly support, her emergency closed.
  await reopen(c, annaPath);
  await expect(c.getByTestId("member-page-status")).toContainText(
    "🔆 Потрібна щомісячна підтримка",
  );
  await expect(c.getByTestId("need-card")).toContainText("🔆");
});
