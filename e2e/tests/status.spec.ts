import { expect, type Page, test } from "@playwright/test";
import { openAsMember } from "../support.ts";

async function openAs(page: Page, member: string, theme: "light" | "dark" = "light") {
  await openAsMember(page, member, { theme });
  // The status lives on the Profile tab; the form's action is Telegram's main button.
  await page.getByTestId("tab-profile").click();
}

/** Telegram's main button, drawn by the DevPanel in development mode, saying what it will do. */
async function pressMain(page: Page, text: string) {
  await expect(page.getByTestId("main-button")).toHaveText(text);
  await page.getByTestId("main-button").click();
}

test("a member changes their status, sees it kept after a reload, in light and dark", async ({
  page,
}, testInfo) => {
  await openAs(page, "anna");
  await expect(page.getByTestId("profile-name")).toHaveText("Anna Dev");
  await expect(page.getByTestId("member-status")).toContainText("Can help");

  await page.getByRole("link", { name: "Change status" }).click();
  await expect(page.getByRole("heading", { name: "Change status" })).toBeVisible();
  await page.getByRole("radio", { name: /Needs monthly support/ }).check();

  // Bad input gets a clear message and changes nothing.
  await page.getByLabel("Goal per month", { exact: true }).fill("12.345");
  await pressMain(page, "Ask for monthly support");
  await expect(page.getByRole("alert")).toHaveText(
    "Too many digits after the decimal point: cents are the smallest unit.",
  );
  await page.getByLabel("Goal per month", { exact: true }).fill("-3");
  await pressMain(page, "Ask for monthly support");
  await expect(page.getByRole("alert")).toHaveText("The amount must be more than zero.");

  await page.getByLabel("Goal per month", { exact: true }).fill("1,250.50");
  await pressMain(page, "Ask for monthly support");
  await expect(page.getByTestId("member-status")).toContainText("Needs monthly support");
  await expect(page.getByTestId("monthly-goal")).toHaveText("Monthly goal: $1,250.50");

  await page.reload();
  await expect(page.getByTestId("member-status")).toContainText("Needs monthly support");
  await expect(page.getByTestId("monthly-goal")).toHaveText("Monthly goal: $1,250.50");
  await page.screenshot({ path: testInfo.outputPath("profile-light.png"), fullPage: true });
  await testInfo.attach("profile-light", { path: testInfo.outputPath("profile-light.png") });
  const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  await page.getByRole("button", { name: "Dark" }).click();
  await expect(page.getByTestId("monthly-goal")).toHaveText("Monthly goal: $1,250.50");
  const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(lightBg).toBe("rgb(244, 244, 245)");
  expect(darkBg).toBe("rgb(15, 15, 15)");
  await page.screenshot({ path: testInfo.outputPath("profile-dark.png"), fullPage: true });
  await testInfo.attach("profile-dark", { path: testInfo.outputPath("profile-dark.png") });
});

test("a Ukrainian member opens an emergency with a goal and a deadline of 1–30 days", async ({
  page,
}) => {
  await openAs(page, "olena");
  await page.getByRole("link", { name: "Змінити статус" }).click();
  await page.getByRole("radio", { name: /Надзвичайна ситуація/ }).check();
  await page.getByLabel("Термінова ціль").fill("500");
  await page.getByLabel("Строк, днів (1–30)").fill("45");
  await pressMain(page, "Відкрити терміновий збір");
  await expect(page.getByRole("alert")).toHaveText("Виберіть від 1 до 30 днів.");

  await page.getByLabel("Строк, днів (1–30)").fill("10");
  await pressMain(page, "Відкрити терміновий збір");
  await expect(page.getByTestId("member-status")).toContainText("Надзвичайна ситуація");
  await expect(page.getByTestId("emergency-goal")).toContainText("залишилося 10 днів");
});

test("a Russian member gets Russian messages for bad input", async ({ page }) => {
  await openAs(page, "boris");
  await expect(page.getByTestId("member-status")).toContainText("Могу помогать");
  await page.getByRole("link", { name: "Изменить статус" }).click();
  await page.getByRole("radio", { name: /Нужна ежемесячная поддержка/ }).check();
  await page.getByLabel("Цель на месяц").fill("десять");
  await pressMain(page, "Попросить ежемесячную поддержку");
  await expect(page.getByRole("alert")).toHaveText("Введите сумму числом, например 25 или 25,50.");
  await page.goto("/profile");
  await expect(page.getByTestId("member-status")).toContainText("Могу помогать");
});

test("Telegram's back button follows navigation", async ({ page }) => {
  await openAs(page, "anna");
  const back = page.getByRole("button", { name: "‹ Back" });
  await expect(back).toBeHidden();
  await page.getByRole("link", { name: "Change status" }).click();
  await expect(back).toBeVisible();
  await back.click();
  await expect(page.getByTestId("profile-name")).toBeVisible();
  await expect(back).toBeHidden();
});

test("an emergency pauses the monthly collection and ending it returns to 🔆", async ({ page }) => {
  await openAs(page, "boris");
  await page.getByRole("link", { name: "Изменить статус" }).click();
  await page.getByRole("radio", { name: /Нужна ежемесячная поддержка/ }).check();
  await page.getByLabel("Цель на месяц", { exact: true }).fill("300");
  await pressMain(page, "Попросить ежемесячную поддержку");
  await expect(page.getByTestId("monthly-goal")).toHaveText(/Цель на месяц: 300,00\s\$/);

  await page.getByRole("link", { name: "Изменить статус" }).click();
  await page.getByRole("radio", { name: /Экстренная ситуация/ }).check();
  // The emergency's goal starts empty, not with the monthly goal.
  await expect(page.getByLabel("Экстренная цель")).toHaveValue("");
  await page.getByLabel("Экстренная цель").fill("1 000,50");
  await pressMain(page, "Открыть экстренный сбор");
  await expect(page.getByTestId("member-status")).toContainText("Экстренная ситуация");
  await expect(page.getByTestId("monthly-goal")).toContainText("приостановлен");
  await expect(page.getByTestId("emergency-goal")).toHaveText(/Экстренная цель: 1\s000,50\s\$/);

  await page.getByRole("link", { name: "Изменить статус" }).click();
  await expect(page.getByTestId("after-emergency")).toContainText("🔆 Нужна ежемесячная поддержка");
  await pressMain(page, "Завершить экстренный сбор");
  // Ending an emergency is asked first, saying what happens to the pledges.
  const popup = page.getByRole("alertdialog");
  await expect(popup).toContainText("Невыполненные обязательства останутся в силе");
  await popup.getByRole("button", { name: "Завершить" }).click();
  await expect(page.getByTestId("member-status")).toContainText("Нужна ежемесячная поддержка");
  await expect(page.getByTestId("emergency-goal")).toHaveCount(0);
  await expect(page.getByTestId("monthly-goal")).not.toContainText("приостановлен");
});
