import { expect, type Page, type Route, test } from "@playwright/test";
import { api, invite, openAsMember } from "../support.ts";

/**
 * The app's shell: a screen that fails to load is a translated card with a retry, not a blank app;
 * each browser window is its own development member; an invite code can be typed or pasted; and
 * Telegram's settings button opens Profile.
 */

const openAs = (page: Page, member: string, path = "/") => openAsMember(page, member, { path });

// The Organizer's code, as Vite names it in the build (OrganizerPage-<hash>.js).
const ORGANIZER_CHUNK = /\/assets\/OrganizerPage-[^/]+\.js$/;

test("a screen whose code fails to load says so in the member's language, and retry brings it", async ({
  page,
}) => {
  await openAs(page, "boris");
  await expect(page.getByTestId("member-name")).toHaveText("Борис Dev");

  // As after a deploy that replaced the files, or a connection lost: the screen's code never comes.
  await page.route(ORGANIZER_CHUNK, (route) => route.abort());
  await page.getByTestId("tab-organizer").click();
  const failed = page.getByTestId("screen-failed");
  await expect(failed.getByRole("heading")).toHaveText("Что-то пошло не так");
  await expect(failed).toContainText("Не удалось загрузить этот экран");
  // The shell stays: the tabs still work.
  await expect(page.getByTestId("tab-home")).toBeVisible();

  await page.unroute(ORGANIZER_CHUNK);
  await failed.getByRole("button", { name: "Попробовать снова" }).click();
  await expect(page.getByRole("heading", { name: "Органайзер" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Я даю" })).toBeVisible();
  await expect(failed).toHaveCount(0);
  await expect(page).toHaveURL("/organizer");
});

test("a screen that breaks while drawing shows a translated error; retry draws it afresh", async ({
  page,
}) => {
  await openAs(page, "anna");
  await expect(page.getByTestId("member-name")).toHaveText("Anna Dev");

  // The server answers the Organizer's list with a row the screen cannot draw (as after a deploy
  // that changed the answer's shape): the screen throws while rendering.
  const lists = /\/trpc\/[^?]*books\.pledges/;
  const broken = async (route: Route) => {
    const response = await route.fetch();
    const procedures = new URL(route.request().url()).pathname.slice("/trpc/".length).split(",");
    const answers = (await response.json()) as unknown[];
    await route.fulfill({
      json: answers.map((answer, i) =>
        procedures[i] === "books.pledges" ? { result: { data: [null] } } : answer,
      ),
    });
  };
  await page.route(lists, broken);
  await page.getByTestId("tab-organizer").click();
  const failed = page.getByTestId("screen-failed");
  await expect(failed.getByRole("heading")).toHaveText("Something went wrong");
  await expect(failed).toContainText("This screen stopped working");

  // Retry forgets what it could not draw and asks again.
  await page.unroute(lists, broken);
  await failed.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("tab", { name: "I give" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Organizer" })).toBeVisible();
  await expect(failed).toHaveCount(0);
});

test("each browser window keeps its own development member; a new window starts with the last choice", async ({
  context,
}) => {
  const first = await context.newPage();
  await openAs(first, "anna");
  await expect(first.getByTestId("member-name")).toHaveText("Anna Dev");

  const second = await context.newPage();
  await second.goto("/");
  await expect(second.getByTestId("member-name")).toHaveText("Anna Dev");
  await second.locator(".dev-panel select").selectOption("boris");
  await expect(second.getByTestId("member-name")).toHaveText("Борис Dev");

  // The first window is still Anna, after a reload and after a theme tap (which starts it again).
  await first.reload();
  await expect(first.getByTestId("member-name")).toHaveText("Anna Dev");
  await first.getByTestId("dev-theme").getByRole("button", { name: "Dark" }).click();
  await expect(
    first.getByTestId("dev-theme").getByRole("button", { name: "Dark" }),
  ).toHaveAttribute("aria-pressed", "true");
  await expect(first.getByTestId("member-name")).toHaveText("Anna Dev");
  // …and the second window, reloaded, is still Борис in the light theme.
  await second.reload();
  await expect(second.getByTestId("member-name")).toHaveText("Борис Dev");
  await expect(
    second.getByTestId("dev-theme").getByRole("button", { name: "Светлая" }),
  ).toHaveAttribute("aria-pressed", "true");

  // A window opened now starts as the last member chosen in this browser.
  const third = await context.newPage();
  await third.goto("/");
  await expect(third.getByTestId("member-name")).toHaveText("Борис Dev");
});

test("an invite code typed or a whole link pasted opens like the link; a bad one is refused beside the field", async ({
  page,
}) => {
  await page.goto("/");
  const anna = await api<{ profile: { id: number } }>(page, "anna", "member.me", "query");
  const made: string[] = [];
  const newCode = async () => {
    const { code } = await api<{ code: string }>(
      page,
      "anna",
      "network.createInvite",
      "mutation",
      {},
    );
    made.push(code);
    return code;
  };
  try {
    const [typed, pasted, withdrawn] = [await newCode(), await newCode(), await newCode()];
    await api(page, "anna", "network.revokeInvite", "mutation", { code: withdrawn });

    await openAs(page, "olena", "/network");
    const form = page.getByTestId("invite-code");
    await form.getByText("Маєте код запрошення?").click();
    const field = form.getByLabel("Код або посилання-запрошення");
    const open = form.getByRole("button", { name: "Відкрити" });

    // Nothing typed, words that hold no code, a withdrawn code: each said next to the field.
    await open.click();
    await expect(form.getByRole("alert")).toHaveText("Введіть код або вставте посилання.");
    await field.fill("код від друга");
    await open.click();
    await expect(form.getByRole("alert")).toHaveText(
      "Це посилання-запрошення недійсне. Попросіть нове.",
    );
    await field.fill(withdrawn);
    await open.click();
    await expect(form.getByRole("alert")).toHaveText(
      "Це посилання-запрошення відкликав той, хто ним поділився.",
    );
    await expect(page).toHaveURL("/network");

    // The code itself leads to the link's target, Anna.
    await field.fill(`  ${typed} `);
    await open.click();
    await expect(page).toHaveURL(`/member/${anna.profile.id}`);
    await expect(page.getByTestId("member-page-name")).toHaveText("Anna Dev");

    // So does a whole link pasted as it was sent.
    await page.getByTestId("tab-network").click();
    await form.getByText("Маєте код запрошення?").click();
    await field.fill(`https://t.me/exodus_e2e_bot/app?startapp=${pasted}`);
    await open.click();
    await expect(page).toHaveURL(`/member/${anna.profile.id}`);
    const opened = await api<{ code: string; opens: number }[]>(
      page,
      "anna",
      "network.invites",
      "query",
      {},
    );
    expect(opened.find((i) => i.code === pasted)?.opens).toBe(1);
  } finally {
    for (const code of made) {
      await api(page, "anna", "network.revokeInvite", "mutation", { code }).catch(() => {});
    }
  }
});

test("members without a photo have avatars of distinct colours, the same on every screen", async ({
  page,
}) => {
  await page.goto("/");
  await invite(page, "anna", "boris", "olena");
  await openAs(page, "anna", "/network");
  const rows = page.getByTestId("member-row");
  await expect(rows.filter({ hasText: "Борис" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Олена" })).toHaveCount(1);
  const colour = (avatar: ReturnType<Page["locator"]>) =>
    avatar.evaluate((el) => getComputedStyle(el).backgroundColor);
  const boris = await colour(rows.filter({ hasText: "Борис" }).locator(".avatar"));
  const olena = await colour(rows.filter({ hasText: "Олена" }).locator(".avatar"));
  expect(boris).not.toBe(olena);

  // Борис's page shows him in his own colour again.
  await rows.filter({ hasText: "Борис" }).click();
  await expect(page.getByTestId("member-page-name")).toHaveText("Борис Dev");
  expect(await colour(page.locator(".avatar").first())).toBe(boris);
});

test("Telegram's settings button opens Profile", async ({ page }) => {
  await openAs(page, "anna", "/network");
  await expect(page.getByRole("heading", { name: "Network" })).toBeVisible();
  // What Telegram sends when the member taps "Settings" in the Mini App's menu.
  await page.evaluate(() =>
    window.postMessage(JSON.stringify({ eventType: "settings_button_pressed" }), "*"),
  );
  await expect(page).toHaveURL("/profile");
  await expect(page.getByTestId("profile-name")).toHaveText("Anna Dev");
});

test("the tabs give way to Telegram's main button on a page that shows it, and come back after", async ({
  page,
}) => {
  await openAs(page, "anna");
  await expect(page.getByTestId("member-name")).toHaveText("Anna Dev");
  const tabs = page.getByRole("navigation", { name: "Sections" });
  await expect(tabs).toBeVisible();
  await expect(page.getByTestId("main-button")).toHaveCount(0);

  // Invite's one action is on the main button: where the tabs were, only that button stands.
  await page.getByTestId("tab-network").click();
  await page.getByTestId("invite-screen-link").click();
  await expect(page.getByTestId("main-button")).toHaveText("Create a link");
  await expect(tabs).toHaveCount(0);
  // The page's end scrolls clear of the button.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const last = await page.locator("main > :last-child").boundingBox();
  const button = await page.getByTestId("main-button").boundingBox();
  expect(last && button && last.y + last.height <= button.y).toBe(true);

  // Back to Network: the button goes, the tabs are there again.
  await page.locator(".dev-panel").getByRole("button", { name: "Back" }).click();
  await expect(page.getByRole("heading", { name: "Network" })).toBeVisible();
  await expect(page.getByTestId("main-button")).toHaveCount(0);
  await expect(tabs).toBeVisible();

  // On a tab's own screen too (Profile, an unsaved text about herself): the tabs give way, and
  // Telegram's back button leads Home, unsaved text left behind, so no screen is a dead end.
  await page.getByTestId("tab-profile").click();
  const back = page.locator(".dev-panel").getByRole("button", { name: "Back" });
  await expect(back).toBeHidden();
  await page.getByRole("textbox", { name: /^About me/ }).fill("Nurse in Kyiv");
  await expect(page.getByTestId("main-button")).toBeVisible();
  await expect(tabs).toHaveCount(0);
  await back.click();
  await expect(page.getByTestId("member-name")).toHaveText("Anna Dev");
  await expect(tabs).toBeVisible();
  await expect(back).toBeHidden();
});

test("on a phone with a notch in fullscreen, Home keeps clear of the notch, Telegram's controls and the home indicator", async ({
  page,
}) => {
  await openAs(page, "anna");
  await expect(page.getByTestId("member-name")).toHaveText("Anna Dev");
  // The page's first thing (development mode's bar, then Home) starts at the top edge.
  const top = page.locator(".dev-panel");
  await expect.poll(async () => (await top.boundingBox())?.y).toBe(0);
  // Development mode imitates what Telegram reports there: the device's safe area (47 px at the
  // top, 34 px for the home indicator) and Telegram's close and menu buttons (46 px more at the top).
  await page.locator(".dev-panel").getByRole("button", { name: "Phone with a notch" }).click();
  await expect(page.getByTestId("member-name")).toHaveText("Anna Dev");
  await expect(
    page.locator(".dev-panel").getByRole("button", { name: "Phone with a notch" }),
  ).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => (await top.boundingBox())?.y ?? 0).toBeGreaterThanOrEqual(47 + 46);
  const height = page.viewportSize()?.height ?? 0;
  // The tabs stand above the home indicator; their bar reaches the bottom edge behind it.
  const tabs = page.getByRole("navigation", { name: "Sections" });
  const lastTab = await page.getByTestId("tab-profile").boundingBox();
  expect((lastTab?.y ?? height) + (lastTab?.height ?? 0)).toBeLessThanOrEqual(height - 34);
  const bar = await tabs.boundingBox();
  expect(Math.round((bar?.y ?? 0) + (bar?.height ?? 0))).toBe(height);
  // The page's end scrolls clear of the tabs.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const last = await page.locator("main > :last-child").boundingBox();
  expect((last?.y ?? height) + (last?.height ?? 0)).toBeLessThanOrEqual(bar?.y ?? 0);

  // Back to a plain window: no insets.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator(".dev-panel").getByRole("button", { name: "Phone with a notch" }).click();
  await expect(page.getByTestId("member-name")).toHaveText("Anna Dev");
  await expect.poll(async () => (await top.boundingBox())?.y).toBe(0);
});

test("Telegram's haptics: a switch ticks, a refused amount is felt as an error, a saved one as success", async ({
  page,
}) => {
  await openAs(page, "anna", "/profile");
  const felt = page.getByTestId("dev-haptic");
  const budget = page.getByRole("textbox", { name: "Budget per month, USD" });
  const section = page.locator("#profile-budget");
  await expect(budget).toHaveValue("");
  await expect(felt).toHaveCount(0);

  await budget.fill("0");
  await page.getByTestId("main-button").click();
  await expect(section.getByRole("alert")).toHaveText("The amount must be more than zero.");
  await expect(felt).toHaveText("📳 felt: error");

  await budget.fill("150");
  await page.getByTestId("main-button").click();
  await expect(section.getByRole("status")).toHaveText("✓ Profile saved.");
  await expect(felt).toHaveText("📳 felt: error · success");

  // A switch ticks as it moves; its change, once kept, is a success.
  const asks = page.getByRole("switch", { name: /Asks and reminders/ });
  const saved = () => page.waitForResponse((r) => r.url().includes("member.setNotifications"));
  await Promise.all([saved(), asks.uncheck()]);
  await expect(felt).toHaveText("📳 felt: success · selection · success");
  await expect(felt).toHaveAttribute("data-count", "4");
  await Promise.all([saved(), asks.check()]);
  // The same again is felt again.
  await expect(felt).toHaveAttribute("data-count", "6");
  await expect(felt).toHaveText("📳 felt: success · selection · success");

  // As it was: no budget.
  await budget.fill("");
  await page.getByTestId("main-button").click();
  await expect(section.getByRole("status")).toHaveText("✓ Profile saved.");
});

test("tapping the tab of the screen shown reads it afresh: Home shows a change made elsewhere", async ({
  page,
}) => {
  await openAs(page, "dan");
  const status = page.getByTestId("member-status");
  await expect(status).toContainText("Can help");
  // Dan opens a monthly collection from another device: this Home still shows what it read.
  await api(page, "dan", "member.changeStatus", "mutation", { action: "openMonthly", goal: 50_00 });
  await expect(status).toContainText("Can help");
  await page.getByTestId("tab-home").click();
  await expect(status).toContainText("Needs monthly support");
  await expect(page.getByTestId("progress-monthly")).toContainText("$50.00");
  await api(page, "dan", "member.changeStatus", "mutation", { action: "closeMonthly" });
});
