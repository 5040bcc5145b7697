import { readFile } from "node:fs/promises";
import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { api, invite, openAsMember, shots } from "../support.ts";

/**
 * A pledge's life in the Mini App, as two development members live it: Anna (en) asks for monthly
 * support; Борис (ru), in her network, pledges (through the API: the pledge form is another screen's),
 * changes the amount, commits and gives on the pledge's page; Anna sees the gift on Home under
 * "Needs your action", confirms it, and her progress shows it confirmed.
 */

const openAs = (page: Page, member: string) => openAsMember(page, member);

/** Switches member with the DevPanel's select, as a developer would (the app starts again). */
async function switchTo(page: Page, member: string, name: string) {
  await page.getByTestId("tab-home").click();
  await page.locator(".dev-panel select").selectOption(member);
  await expect(page.getByTestId("member-name")).toHaveText(name);
}

const mainButton = (page: Page) => page.getByTestId("main-button");

test("a pledge goes from intention to confirmed through Home, the Organizer and its page", async ({
  page,
}, testInfo) => {
  await openAs(page, "anna");
  await expect(page.getByTestId("member-name")).toHaveText("Anna Dev");
  try {
    await pledgeLife(page, testInfo);
  } finally {
    // Back to ✅, as the other specs expect to find her.
    const me = await api<{ profile: { status: string } }>(page, "anna", "member.me", "query");
    if (me.profile.status === "orange") {
      await api(page, "anna", "member.changeStatus", "mutation", { action: "closeMonthly" });
    }
  }
});

async function pledgeLife(page: Page, testInfo: TestInfo) {
  // Anna asks for monthly support with a goal.
  await page.getByRole("link", { name: "Change status" }).click();
  await page.getByRole("radio", { name: /Needs monthly support/ }).check();
  await page.getByLabel("Goal per month", { exact: true }).fill("200");
  await page.getByRole("button", { name: "Ask for monthly support" }).click();
  await expect(page.getByTestId("member-status")).toContainText("Needs monthly support");
  await expect(page.getByTestId("progress-monthly")).toBeVisible();
  await expect(page.getByTestId("total-goal")).toHaveText("$200.00");
  // Home says it in words: what is promised of the goal, and who helps.
  await expect(page.getByTestId("progress-monthly")).toContainText("$0.00 of $200.00 promised");
  await expect(page.getByTestId("circle-line")).toHaveText("0 members help you");

  // Борис joins Anna's network through her link, and pledges $50 to her collection.
  await invite(page, "anna", "boris");
  const dashboard = await api<{ collections: { id: number; kind: string }[] }>(
    page,
    "anna",
    "books.dashboard",
    "query",
  );
  const collectionId = dashboard.collections.find((c) => c.kind === "monthly")?.id;
  const pledge = await api<{ id: number }>(page, "boris", "pledge.create", "mutation", {
    collectionId,
    amount: 50_00,
  });

  // Anna's Home: an intention, one helper. Her Organizer lists it under "To me".
  await page.reload();
  await expect(page.getByTestId("total-intentions")).toHaveText("$50.00");
  await expect(page.getByTestId("circle-line")).toHaveText("1 member helps you");
  await expect(page.getByTestId("total-missing")).toHaveText("$200.00");
  const bar = page.getByRole("progressbar");
  await expect(bar).toHaveAttribute("aria-valuenow", "0");
  await expect(bar).toHaveAttribute("aria-valuetext", /\$50\.00 intended, \$200\.00 missing/);
  await page.getByTestId("tab-organizer").click();
  await page.getByRole("tab", { name: /To me/ }).click();
  await expect(page.getByTestId("group-intention")).toContainText("From Борис");
  await page.getByTestId("pledge-row").filter({ hasText: "From Борис" }).click();
  await expect(page.getByTestId("pledge-state")).toHaveText("❤️ Intention");
  await expect(mainButton(page)).toHaveText("Ask to commit");

  // Anna asked from another device meanwhile: the server's 24-hour refusal, translated.
  await api(page, "anna", "pledge.nudge", "mutation", { pledgeId: pledge.id, kind: "askCommit" });
  await mainButton(page).click();
  await expect(page.getByTestId("pledge-error")).toHaveText(
    "You already asked in the last 24 hours.",
  );
  await expect(mainButton(page)).toBeHidden();
  await expect(page.getByTestId("nudge-waits")).toContainText("You asked to commit.");

  // Борис sees the ask on Home and opens the pledge from it.
  await switchTo(page, "boris", "Борис Dev");
  const ask = page.getByTestId("action-item");
  await expect(ask).toHaveText(/Anna просит закрепить ваше намерение на 50,00\s\$/);
  await expect(page.getByTestId("giving-line")).toHaveText(
    "В этом месяце вы помогаете 1 участнику",
  );
  await expect(page.getByTestId("giving-intentions")).toHaveText(/^50,00\s\$$/);
  await ask.click();
  await expect(page.getByTestId("pledge-who")).toContainText("Вы → Anna");
  await expect(page.getByTestId("pledge-state")).toHaveText("❤️ Намерение");

  // A bad amount is refused with a clear message and changes nothing; a good one is saved.
  const amount = page.getByLabel("Сумма", { exact: true });
  await amount.fill("12,345");
  await page.getByRole("button", { name: "Изменить сумму" }).click();
  await expect(page.getByRole("alert")).toHaveText(
    "Слишком много знаков после запятой для этой валюты.",
  );
  await expect(page.getByTestId("pledge-amount")).toHaveText(/^50,00\s\$$/);
  await amount.fill("60");
  await page.getByRole("button", { name: "Изменить сумму" }).click();
  await expect(page.getByTestId("pledge-notice")).toHaveText("Сумма изменена.");
  await expect(page.getByTestId("pledge-amount")).toHaveText(/^60,00\s\$$/);

  // Committing binds: it is asked first; cancelling changes nothing.
  await expect(mainButton(page)).toHaveText("Закрепить");
  await mainButton(page).click();
  const popup = page.getByRole("alertdialog", { name: "Закрепить обещание?" });
  await expect(popup).toContainText("Освободить от него может только Anna.");
  await popup.getByRole("button", { name: "Отмена" }).click();
  await expect(popup).toBeHidden();
  await expect(page.getByTestId("pledge-state")).toHaveText("❤️ Намерение");
  await mainButton(page).click();
  await popup.getByRole("button", { name: "Закрепить" }).click();
  await expect(page.getByTestId("pledge-state")).toHaveText("🤝 Обязательство");
  await expect(page.getByTestId("pledge-notice")).toHaveText(
    "Закреплено: теперь это обязательство.",
  );
  // An obligation cannot be withdrawn or edited any more: those steps are gone.
  await expect(page.getByRole("button", { name: "Отозвать" })).toHaveCount(0);
  await expect(page.getByLabel("Сумма", { exact: true })).toHaveCount(0);

  await expect(mainButton(page)).toHaveText("Я передал(а)");
  await mainButton(page).click();
  await expect(page.getByTestId("pledge-state")).toHaveText("✋ Передано, ждёт подтверждения");
  await expect(page.getByTestId("pledge-history").getByRole("listitem")).toHaveCount(5);
  await expect(page.getByTestId("pledge-history")).toContainText("Борис закрепил(а)");
  // What is left to the giver: reminding Anna to confirm.
  await expect(mainButton(page)).toHaveText("Напомнить подтвердить");
  await shots(page, testInfo, "pledge-ru", () =>
    expect(page.getByTestId("pledge-state")).toBeVisible(),
  );

  // The tabs give way to Telegram's main button: back, as in Telegram, leads Home.
  await expect(page.getByTestId("tab-home")).toHaveCount(0);
  await page.getByRole("button", { name: "‹ Назад" }).click();
  await expect(page.getByTestId("actions-none")).toBeVisible();
  await expect(page.getByTestId("giving-obligations")).toHaveText(/^60,00\s\$$/);
  await shots(page, testInfo, "home-ru", () =>
    expect(page.getByTestId("giving-line")).toBeVisible(),
  );
  await page.getByTestId("tab-organizer").click();
  await expect(page.getByTestId("group-fulfilled")).toContainText("Кому: Anna");
  await expect(page.getByTestId("group-fulfilled")).toContainText("Передано, ждёт подтверждения");
  await shots(page, testInfo, "organizer-ru", () =>
    expect(page.getByTestId("pledge-row")).toBeVisible(),
  );

  // Anna sees the gift waiting for her on Home, and confirms it.
  await switchTo(page, "anna", "Anna Dev");
  const gift = page.getByTestId("action-item");
  await expect(gift).toContainText("Борис says they gave you $60.00. Did it arrive?");
  await expect(page.getByTestId("total-obligations")).toHaveText("$60.00");
  await shots(page, testInfo, "home-en-waiting", () => expect(gift).toBeVisible());
  await gift.click();
  await expect(page.getByTestId("pledge-who")).toContainText("Борис → You");
  // The second step stands on Telegram's secondary button, beside the main one.
  await expect(page.getByTestId("secondary-button")).toHaveText("Not received");
  await shots(page, testInfo, "pledge-en", () =>
    expect(mainButton(page)).toHaveText("Confirm received"),
  );
  // While the confirmation is on its way, the main button shows Telegram's loader; the secondary
  // one only waits, without a loader of its own.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(
    "**/trpc/pledge.act*",
    async (route) => {
      await held;
      await route.continue();
    },
    { times: 1 },
  );
  await mainButton(page).click();
  await expect(mainButton(page)).toHaveAttribute("aria-busy", "true");
  await expect(page.getByTestId("secondary-button")).toHaveAttribute("aria-busy", "false");
  await expect(page.getByTestId("secondary-button")).toBeDisabled();
  release();
  await expect(page.getByTestId("pledge-state")).toHaveText("👍 Confirmed");
  await expect(page.getByTestId("pledge-notice")).toHaveText(
    "Confirmed. Thank you for keeping the books!",
  );
  await expect(mainButton(page)).toBeHidden();

  // Home: nothing waits any more, and the progress shows the confirmed amount.
  await page.getByTestId("tab-home").click();
  await expect(page.getByTestId("actions-none")).toBeVisible();
  await expect(page.getByTestId("total-confirmed")).toHaveText("$60.00");
  await expect(page.getByTestId("total-missing")).toHaveText("$140.00");
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "6000");
  await shots(page, testInfo, "home-en", () =>
    expect(page.getByTestId("total-confirmed")).toBeVisible(),
  );
  await page.getByTestId("tab-organizer").click();
  await page.getByRole("tab", { name: /To me/ }).click();
  await expect(page.getByTestId("group-confirmed")).toContainText("From Борис");
  await shots(page, testInfo, "organizer-en", () =>
    expect(page.getByTestId("group-confirmed")).toBeVisible(),
  );
}

test("a new member is told what to do first, and the Organizer's lists say what they would hold", async ({
  page,
}, testInfo) => {
  await openAs(page, "olena");
  await expect(page.getByTestId("welcome")).toContainText("Ласкаво просимо до Exodus!");
  await shots(page, testInfo, "home-uk-welcome", () =>
    expect(page.getByTestId("welcome")).toBeVisible(),
  );
  await expect(page.getByRole("link", { name: /Вкажіть статус/ })).toHaveAttribute(
    "href",
    "/status",
  );
  await page.getByTestId("tab-organizer").click();
  await expect(page.getByTestId("empty-state")).toContainText("У вас поки немає обіцянок");
  await page.getByRole("tab", { name: /Архів/ }).click();
  await expect(page.getByTestId("archive-overdue")).toContainText("Прострочених немає");
  await expect(page.getByTestId("archive-confirmedArchive")).toContainText("Архів поки порожній");
  await shots(page, testInfo, "organizer-uk-empty", () =>
    expect(page.getByTestId("archive-overdue")).toBeVisible(),
  );
});

test("the Organizer exports my books as CSV through Telegram's file download", async ({ page }) => {
  await openAs(page, "boris");
  await expect(page.getByTestId("member-name")).toHaveText("Борис Dev");
  await page.getByTestId("tab-organizer").click();
  // Development mode imitates Telegram's download: the browser fetches the one-time address.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Выгрузить мои записи (CSV)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^exodus-zapisi-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = (await readFile(await download.path())).toString("utf8");
  const [header] = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  expect(header).toBe(
    "Обещание,Дата,Направление,С кем,Вид,Период,Сумма,Валюта,Состояние,Просрочено",
  );
  await expect(page.getByRole("status")).toHaveText("Ваши записи скачиваются.");
});

test("on a phone 360 px wide, withdrawing is the pledge page's last step, in red, and asked first", async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await openAs(page, "anna");
  const me = await api<{ profile: { status: string } }>(page, "anna", "member.me", "query");
  if (me.profile.status === "green") {
    await api(page, "anna", "member.changeStatus", "mutation", {
      action: "openMonthly",
      goal: 120_00,
    });
  }
  try {
    await invite(page, "anna", "boris");
    const dashboard = await api<{ collections: { id: number; kind: string }[] }>(
      page,
      "anna",
      "books.dashboard",
      "query",
    );
    const collectionId = dashboard.collections.find((c) => c.kind === "monthly")?.id;
    const pledge = await api<{ id: number }>(page, "boris", "pledge.create", "mutation", {
      collectionId,
      amount: 30_00,
    });
    await openAs(page, "boris");
    await page.goto(`/pledge/${pledge.id}`);
    await expect(page.getByTestId("pledge-state")).toHaveText("❤️ Намерение");
    // Committing is the main action, giving at once the second one beside it; withdrawing is
    // neither, but the page's last button.
    await expect(mainButton(page)).toHaveText("Закрепить");
    await expect(page.getByTestId("secondary-button")).toHaveText("Я передал(а)");
    const pageButtons = page.locator("main").getByRole("button");
    await expect(pageButtons.last()).toHaveText("Отозвать");
    await shots(page, testInfo, "pledge-intention-ru-360", () =>
      expect(page.getByTestId("pledge-history")).toBeVisible(),
    );
    // Nothing is cut off or scrolls sideways on a narrow phone.
    expect(
      await page.evaluate(
        () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
      ),
    ).toBe(true);

    await pageButtons.last().click();
    const popup = page.getByRole("alertdialog", { name: "Отозвать намерение?" });
    await expect(popup).toContainText("Ваше намерение на 30,00 $ для Anna завершится");
    await popup.getByRole("button", { name: "Отмена" }).click();
    await expect(page.getByTestId("pledge-state")).toHaveText("❤️ Намерение");
    await pageButtons.last().click();
    await popup.getByRole("button", { name: "Отозвать" }).click();
    await expect(page.getByTestId("pledge-state")).toHaveText("↩️ Отозвано");
    await expect(page.getByTestId("pledge-notice")).toHaveText("Намерение отозвано.");
    await expect(page.getByRole("button", { name: "Отозвать" })).toHaveCount(0);
    await expect(mainButton(page)).toHaveCount(0);
    await expect(page.getByTestId("secondary-button")).toHaveCount(0);
  } finally {
    const after = await api<{ profile: { status: string } }>(page, "anna", "member.me", "query");
    if (after.profile.status === "orange") {
      await api(page, "anna", "member.changeStatus", "mutation", { action: "closeMonthly" });
    }
  }
});
