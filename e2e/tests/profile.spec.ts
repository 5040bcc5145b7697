import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { openAsMember } from "../support.ts";

async function openAs(page: Page, member: string, theme: "light" | "dark" = "light") {
  await openAsMember(page, member, { theme, path: "/profile" });
  await expect(page.getByTestId("profile-name")).toBeVisible();
}

async function shoot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path });
}

const about = (page: Page) => page.getByRole("textbox", { name: /^About me|^О себе/ });
const mainButton = (page: Page) => page.getByTestId("main-button");

test("a member writes about themself with a live counter; too long is refused", async ({
  page,
}) => {
  await openAs(page, "anna");
  await expect(page.getByTestId("profile-name")).toHaveText("Anna Dev");
  await expect(page.getByTestId("member-status")).toContainText("✅ Can help");
  await expect(
    page.getByText("Your network sees ✅: nobody is asked to give to you."),
  ).toBeVisible();
  await expect(page.getByTestId("about-counter")).toHaveText("0 / 180");
  // Nothing to save yet: no main button.
  await expect(mainButton(page)).toBeHidden();

  const text =
    "Nurse in Kyiv. Plans: https://example.org/anna, chat t.me/anna_dev; not javascript:alert(1)";
  await about(page).fill(text);
  await expect(page.getByTestId("about-counter")).toHaveText(`${text.length} / 180`);
  const links = page.getByTestId("about-preview").getByRole("link");
  await expect(links).toHaveCount(2);
  await expect(links.nth(0)).toHaveAttribute("href", "https://example.org/anna");
  await expect(links.nth(1)).toHaveAttribute("href", "https://t.me/anna_dev");
  await expect(page.getByTestId("about-preview")).toContainText("javascript:alert(1)");

  // One character over: the counter says so, and saving is refused with the reason.
  await about(page).fill("x".repeat(181));
  await expect(page.getByTestId("about-counter")).toHaveText("1 character too many");
  await expect(mainButton(page)).toHaveText("Save profile");
  await mainButton(page).click();
  await expect(page.getByRole("alert")).toHaveText("About me is at most 180 characters.");
  await page.reload();
  await expect(about(page)).toHaveValue("");

  await about(page).fill(text);
  await page.getByRole("textbox", { name: "Name" }).fill("Anna K.");
  await mainButton(page).click();
  await expect(page.getByRole("status").filter({ hasText: "Profile saved." })).toBeVisible();
  await expect(page.getByTestId("profile-name")).toHaveText("Anna K.");
  await expect(mainButton(page)).toBeHidden();
  await page.reload();
  await expect(about(page)).toHaveValue(text);
  await expect(page.getByTestId("profile-name")).toHaveText("Anna K.");

  // An empty name is refused; the name goes back to the one the other tests know.
  await page.getByRole("textbox", { name: "Name" }).fill(" ");
  await mainButton(page).click();
  await expect(page.getByRole("alert")).toHaveText("A name is 1 to 64 characters.");
  // A name that shows as nothing, or reads unlike it is kept, is refused in the server's words.
  await page.getByRole("textbox", { name: "Name" }).fill("\u200B\u200D\u2060");
  await mainButton(page).click();
  await expect(page.getByRole("alert")).toHaveText(
    "This text has only invisible characters: write something people can see.",
  );
  await page.getByRole("textbox", { name: "Name" }).fill("Anna\u202Egpj.exe");
  await mainButton(page).click();
  await expect(page.getByRole("alert")).toHaveText(
    "This text has characters that change its writing direction (bidi overrides): remove them.",
  );
  await page.reload();
  await expect(page.getByTestId("profile-name")).toHaveText("Anna K.");
  await page.getByRole("textbox", { name: "Name" }).fill("Anna Dev");
  await mainButton(page).click();
  await expect(page.getByTestId("profile-name")).toHaveText("Anna Dev");
});

test("a member adds two payment methods, picks the default, and deletes with a confirmation", async ({
  page,
}) => {
  await openAs(page, "anna");
  await expect(page.getByTestId("payment-none")).toContainText("Ask in person");

  await page.getByRole("button", { name: "+ Add a payment method" }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert").first()).toHaveText(
    "Give each payment method a name of up to 64 characters.",
  );
  await page.getByLabel("Name (Card, PayPal, …)").fill("\u200B");
  await page.getByLabel("Details (number, account, phone)").fill("4000\u00001234");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert").first()).toHaveText(
    "This text has only invisible characters: write something people can see.",
  );
  await expect(page.getByRole("alert").nth(1)).toHaveText(
    "This text has invisible control characters (such as a NUL byte): remove them.",
  );
  await page.getByLabel("Name (Card, PayPal, …)").fill("Card");
  await page.getByLabel("Details (number, account, phone)").fill("4000 1234 5678 9010");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const items = page.getByTestId("payment-item");
  await expect(items).toHaveCount(1);
  // The first one is the default: there is always exactly one.
  await expect(items.nth(0)).toContainText("★ Default");

  await page.getByRole("button", { name: "+ Add a payment method" }).click();
  await page.getByLabel("Name (Card, PayPal, …)").fill("PayPal");
  await page.getByLabel("Details (number, account, phone)").fill("anna@example.org");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(items).toHaveCount(2);
  await expect(items.nth(1)).not.toContainText("Default");

  // Which method is the default is changed in its form, as in Telegram's own settings.
  await page.getByRole("button", { name: "Edit “PayPal”" }).click();
  await page.getByRole("checkbox", { name: "Use as default" }).check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(items.nth(1)).toContainText("★ Default");
  await expect(items.nth(0)).not.toContainText("Default");

  await page.getByRole("button", { name: "Edit “Card”" }).click();
  await expect(page.getByLabel("Details (number, account, phone)")).toHaveValue(
    "4000 1234 5678 9010",
  );
  await page.getByLabel("Details (number, account, phone)").fill("4000 0000 0000 0002");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  // Saved (the list shows it) before the reload asks the server again.
  await expect(items.nth(0)).toContainText("4000 0000 0000 0002");

  await page.reload();
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText("Card");
  await expect(items.nth(0)).toContainText("4000 0000 0000 0002");
  await expect(items.nth(1)).toContainText("PayPal");
  await expect(page.getByTestId("payment-default")).toHaveCount(1);
  await expect(items.nth(1)).toContainText("★ Default");

  // Deleting asks first; "Keep" keeps it.
  await page.getByRole("button", { name: "Edit “PayPal”" }).click();
  await page.getByRole("button", { name: "Delete “PayPal”" }).click();
  const popup = page.getByRole("alertdialog");
  await expect(popup).toContainText("“PayPal” will no longer be shown to your network.");
  await popup.getByRole("button", { name: "Keep" }).click();
  await expect(items).toHaveCount(2);

  await page.getByRole("button", { name: "Edit “PayPal”" }).click();
  await page.getByRole("button", { name: "Delete “PayPal”" }).click();
  await popup.getByRole("button", { name: "Delete" }).click();
  await expect(items).toHaveCount(1);
  // The default went, so the one left takes its place.
  await expect(items.nth(0)).toContainText("★ Default");
});

test("a member states a monthly giving budget, is refused a bad one in words, and clears it", async ({
  page,
}) => {
  await openAs(page, "anna");
  const budget = page.getByRole("textbox", { name: "Budget per month, USD" });
  const section = page.locator("#profile-budget");
  await expect(section).toContainText("Monthly giving budget");
  await expect(section).toContainText("up to this sum a month");
  await expect(budget).toHaveValue("");

  for (const [typed, refusal] of [
    ["12.345", "Too many digits after the decimal point: cents are the smallest unit."],
    ["0", "The amount must be more than zero."],
    ["-5", "The amount must be more than zero."],
    ["20000000", "That amount is too large."],
  ] as const) {
    await budget.fill(typed);
    await mainButton(page).click();
    await expect(section.getByRole("alert")).toHaveText(refusal);
  }
  await page.reload();
  await expect(budget).toHaveValue("");

  await budget.fill("150");
  await expect(mainButton(page)).toHaveText("Save profile");
  await mainButton(page).click();
  await expect(section.getByRole("status")).toHaveText("✓ Profile saved.");
  await expect(mainButton(page)).toBeHidden();
  await page.reload();
  await expect(budget).toHaveValue("150");

  // Emptied, it is cleared.
  await budget.fill("");
  await mainButton(page).click();
  await expect(section.getByRole("status")).toHaveText("✓ Profile saved.");
  await page.reload();
  await expect(budget).toHaveValue("");
});

test("switching the language to Russian changes the app at once and is kept", async ({ page }) => {
  await openAs(page, "anna");
  await page.getByRole("radio", { name: "Русский" }).check();
  await expect(page.getByRole("heading", { name: "О себе" })).toBeVisible();
  await expect(page.getByTestId("tab-profile")).toContainText("Профиль");
  await expect(page.getByTestId("member-status")).toContainText("Могу помогать");
  await page.reload();
  await expect(page.getByRole("heading", { name: "Реквизиты" })).toBeVisible();
  await expect(page.getByRole("radio", { name: "Русский" })).toBeChecked();

  await page.getByRole("radio", { name: "English" }).check();
  await expect(page.getByRole("heading", { name: "Payment details" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("tab-profile")).toContainText("Profile");
});

test("a member mutes a kind of notification and finds it muted after a reload", async ({
  page,
}) => {
  await openAs(page, "anna");
  const asks = page.getByRole("switch", { name: /Asks and reminders/ });
  await expect(asks).toBeChecked();
  // Kept once the server has it (the switch itself moves at the tap).
  const saved = () => page.waitForResponse((r) => r.url().includes("member.setNotifications"));
  await Promise.all([saved(), asks.uncheck()]);
  await expect(asks).not.toBeChecked();
  await page.reload();
  await expect(asks).not.toBeChecked();
  await expect(page.getByRole("switch", { name: /Pledges to me/ })).toBeChecked();

  // Telegram asks whether the bot may write; development mode answers "Allow".
  await page.getByRole("button", { name: "Allow the bot to message me" }).click();
  await expect(page.getByTestId("write-access")).toHaveText("Done: the bot can write to you.");

  await Promise.all([saved(), asks.check()]);
  await page.reload();
  await expect(asks).toBeChecked();
});

test("closing a monthly collection asks first and says what happens to pledges", async ({
  page,
}) => {
  await openAs(page, "anna");
  await page.getByRole("link", { name: "Change status" }).click();
  await page.getByRole("radio", { name: /Needs monthly support/ }).check();
  await expect(page.getByTestId("status-consequence")).toContainText("Your network is told");
  await page.getByLabel("Goal per month", { exact: true }).fill("200");
  await mainButton(page).click();
  await expect(page.getByTestId("monthly-goal")).toHaveText("Monthly goal: $200.00");

  await page.getByRole("link", { name: "Change status" }).click();
  await page.getByRole("radio", { name: /Can help/ }).check();
  await expect(page.getByTestId("status-consequence")).toContainText("Intentions to you end");
  await expect(mainButton(page)).toHaveText("I need nothing now");
  await mainButton(page).click();
  const popup = page.getByRole("alertdialog");
  await expect(popup).toContainText("Obligations and gifts awaiting your confirmation stay due.");
  await popup.getByRole("button", { name: "Keep it" }).click();
  await page.goto("/profile");
  await expect(page.getByTestId("member-status")).toContainText("Needs monthly support");

  await page.getByRole("link", { name: "Change status" }).click();
  await page.getByRole("radio", { name: /Can help/ }).check();
  await mainButton(page).click();
  await popup.getByRole("button", { name: "Close it" }).click();
  await expect(page.getByTestId("member-status")).toContainText("Can help");
  await expect(page.getByTestId("monthly-goal")).toHaveCount(0);
});

test("screenshots of the profile in light and dark, in English and Russian", async ({
  page,
}, testInfo) => {
  await openAs(page, "anna");
  await shoot(page, testInfo, "profile-en-light");
  await page.getByRole("link", { name: "Change status" }).click();
  await page.getByRole("radio", { name: /Emergency/ }).check();
  await shoot(page, testInfo, "status-en-light");
  await openAs(page, "anna", "dark");
  await shoot(page, testInfo, "profile-en-dark");
  await openAs(page, "boris");
  await expect(page.getByRole("heading", { name: "Реквизиты" })).toBeVisible();
  await shoot(page, testInfo, "profile-ru-light");
  await openAs(page, "boris", "dark");
  await shoot(page, testInfo, "profile-ru-dark");
  await page.getByRole("link", { name: "Изменить статус" }).click();
  await page.getByRole("radio", { name: /Нужна ежемесячная поддержка/ }).check();
  await shoot(page, testInfo, "status-ru-dark");
});

test("leaving asks first; cancelling keeps everything", async ({ page }) => {
  await openAs(page, "anna");
  await expect(about(page)).not.toHaveValue("");
  const kept = await about(page).inputValue();
  await page.getByRole("button", { name: "Leave Exodus" }).click();
  const popup = page.getByRole("alertdialog");
  await expect(popup).toContainText("Your name, about me and payment details are deleted");
  await expect(popup).toContainText("“deleted member”");
  await popup.getByRole("button", { name: "Stay" }).click();
  await expect(popup).toBeHidden();
  await page.reload();
  await expect(page.getByTestId("profile-name")).toHaveText("Anna Dev");
  await expect(about(page)).toHaveValue(kept);
  await expect(page.getByTestId("payment-item")).toHaveCount(1);

  // Anna ends as she began, for the other tests: no payment details ("ask in person"), no about.
  await page.getByRole("button", { name: "Edit “Card”" }).click();
  await page.getByRole("button", { name: "Delete “Card”" }).click();
  await popup.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("payment-none")).toContainText("Ask in person");
  await about(page).fill("");
  await mainButton(page).click();
  await expect(mainButton(page)).toBeHidden();
  await page.reload();
  await expect(about(page)).toHaveValue("");
  await expect(page.getByTestId("payment-none")).toBeVisible();
});

test("a member who leaves sees a goodbye, and coming back starts afresh", async ({
  page,
}, testInfo) => {
  await openAs(page, "olena");
  await page.getByRole("textbox", { name: "Про себе" }).fill("Вчителька з Харкова");
  await mainButton(page).click();
  await expect(page.getByRole("status").filter({ hasText: "Профіль збережено." })).toBeVisible();

  await page.getByRole("button", { name: "Покинути Exodus" }).click();
  const popup = page.getByRole("alertdialog");
  await expect(popup).toContainText("«видалений учасник»");
  await popup.getByRole("button", { name: "Покинути" }).click();
  const goodbye = page.getByTestId("goodbye");
  await expect(goodbye.getByRole("heading")).toHaveText("До побачення, Олена Dev");
  await expect(goodbye).toContainText("ваші особисті дані видалено");
  // The goodbye covers the app: a tap where the tabs are lands on it.
  const tabCovered = await page.evaluate(() => {
    const box = document.querySelector('[data-testid="tab-home"]')?.getBoundingClientRect();
    if (!box) return false;
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return !!hit?.closest('[data-testid="goodbye"]');
  });
  expect(tabCovered).toBe(true);
  await shoot(page, testInfo, "goodbye-uk-light");
  // Nothing asks the server again, even when the app comes back into view: a signed request
  // would register the person anew behind the goodbye.
  // (After the cache's 10 s of freshness, when a focus would refetch what is on screen.)
  await page.waitForTimeout(10_500);
  const asked: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/trpc/")) asked.push(request.url());
  });
  await page.evaluate(() => {
    window.dispatchEvent(new Event("offline"));
    window.dispatchEvent(new Event("online"));
    window.dispatchEvent(new Event("visibilitychange"));
  });
  await page.waitForTimeout(1000);
  expect(asked).toEqual([]);

  // Opening Exodus again is a new beginning: nothing of what was written is there.
  await page.reload();
  await expect(page.getByTestId("profile-name")).toHaveText("Олена Dev");
  await expect(page.getByRole("textbox", { name: "Про себе" })).toHaveValue("");
  await expect(page.getByTestId("member-status")).toContainText("Можу допомагати");
  await expect(page.getByTestId("payment-none")).toBeVisible();
});
