import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { openAsMember } from "../support.ts";

/**
 * The network screens as two development members use them: Anna asks for monthly support and
 * shares an invite link from the Invite screen; Борис opens it, lands on her page and pledges; Anna
 * then finds him among her helpers and among those who joined through her links.
 */

type Theme = "light" | "dark";

/** Opens the app at `path` as a development member, in a theme, as reopening it in Telegram would. */
const openAs = (page: Page, member: string, theme: Theme, path = "/") =>
  openAsMember(page, member, { theme, path });

async function shot(page: Page, testInfo: TestInfo, name: string) {
  // No placeholder may be left when the picture is taken.
  await expect(page.locator(".skeleton")).toHaveCount(0);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** Calls the API as a development member, the way the Mini App does. */
async function api<T>(page: Page, member: string, procedure: string, input?: unknown): Promise<T> {
  return page.evaluate(
    async ({ member, procedure, input }) => {
      const launch = await fetch(`/dev/launch?member=${member}`).then((r) => r.json());
      const res = await fetch(`/trpc/${procedure}`, {
        method: "POST",
        headers: { authorization: `tma ${launch.initData}`, "content-type": "application/json" },
        body: JSON.stringify(input),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(body.error?.message ?? res.status);
      return body.result.data;
    },
    { member, procedure, input },
  ) as Promise<T>;
}

test("an invite link leads a newcomer to a member in need, who then sees the new helper", async ({
  page,
  context,
}, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");

  // Anna asks for monthly support.
  await openAs(page, "anna", "light");
  await page.getByRole("link", { name: "Change status" }).click();
  await page.getByRole("radio", { name: /Needs monthly support/ }).check();
  await page.getByLabel("Goal per month", { exact: true }).fill("200");
  await page.getByRole("button", { name: "Ask for monthly support" }).click();
  await expect(page.getByTestId("member-status")).toContainText("Needs monthly support");

  // She makes an invite link on the Invite screen, reached from her (empty) list of helpers.
  await page.getByTestId("tab-network").click();
  await page.getByRole("tab", { name: "My helpers" }).click();
  await expect(page.getByTestId("empty-state")).toContainText("Nobody pledges to you yet");
  await expect(page.getByRole("link", { name: "Change my status" })).toBeVisible();
  await page.goto("/invite");
  await expect(page.getByRole("heading", { name: "Invite", exact: true })).toBeVisible();
  await expect(page.getByTestId("main-button")).toHaveText("Create a link");
  await page.getByTestId("main-button").click();
  const shown = page.getByTestId("invite-link");
  await expect(shown).toHaveText(/^https:\/\/t\.me\/exodus_e2e_bot\/app\?startapp=/);
  const link = new URL((await shown.textContent()) ?? "");
  const code = link.searchParams.get("startapp") ?? "";
  expect(code).toMatch(/^[A-Za-z0-9_-]{16}$/);
  await expect(page.getByTestId("main-button")).toHaveText("Share");

  // Copying gives a short message with the link.
  await page.getByTestId("new-invite").getByRole("button", { name: "Copy link" }).click();
  await expect(
    page.getByTestId("new-invite").getByRole("button", { name: "Copied" }),
  ).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    `Join me in Exodus: ${link.href}`,
  );
  // The link is listed among her active ones, leading to her own page.
  await expect(
    page.getByTestId("active-link").filter({ hasText: link.href }).first(),
  ).toContainText("Leads to your page");

  // Her profile tells about her, with links, and how to give (PayPal is her default).
  await api(page, "anna", "member.updateProfile", {
    about: "Ask me at t.me/anna_dev or https://example.org/a. <b>bold?</b> javascript:alert(1)",
  });
  await api(page, "anna", "member.setPaymentDetails", {
    details: [
      { label: "Card", value: "4000 1234", isDefault: false },
      { label: "PayPal", value: "anna@example.org", isDefault: true },
    ],
  });

  // Борис opens the app with the code, as t.me/<bot>/<app>?startapp=<code> opens it.
  await openAs(page, "boris", "light", `/?startapp=${code}`);
  await expect(page.getByTestId("invite-banner")).toHaveText(
    "Вы пришли по ссылке-приглашению от Anna. Добро пожаловать!",
  );
  await expect(page).toHaveURL(/\/member\/\d+$/);
  const annaPage = new URL(page.url()).pathname;
  await expect(page.getByTestId("member-page-name")).toHaveText("Anna Dev");
  await expect(page.getByTestId("member-page-status")).toContainText("Нужна ежемесячная поддержка");
  await expect(page.getByTestId("need-missing")).toHaveText(/^200,00\s\$$/);
  // Only http(s) and t.me links are links; the rest, markup too, is plain text.
  const about = page.locator(".about");
  await expect(about).toContainText("<b>bold?</b> javascript:alert(1)");
  await expect(about.getByRole("link")).toHaveCount(2);
  await expect(about.getByRole("link", { name: "t.me/anna_dev" })).toHaveAttribute(
    "href",
    "https://t.me/anna_dev",
  );
  await expect(about.getByRole("link", { name: "https://example.org/a" })).toHaveAttribute(
    "href",
    "https://example.org/a",
  );
  // Payment details, the default first, each to copy.
  const payment = page.getByTestId("payment-details").getByRole("listitem");
  await expect(payment.first()).toContainText("PayPal · основной");
  await expect(payment.nth(1)).toContainText("Card");
  await page.getByRole("button", { name: "Копировать: PayPal" }).click();
  await expect(payment.first().getByRole("button")).toHaveText("Скопировано");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("anna@example.org");
  await expect(page.getByTestId("circle")).toContainText("Пока никто не помогает");

  // The form says what he promises; the field starts empty (a first pledge: no tap promises
  // what he never chose), and a quick pick offers all that is missing (nobody helps yet).
  const form = page.getByTestId("pledge-form");
  await expect(form).toContainText("намерение ❤️ в ежемесячный сбор");
  const amount = page.getByLabel("Сумма, USD");
  await expect(amount).toHaveValue("");
  await expect(page.getByTestId("pledge-pick-share")).toHaveCount(0);
  await expect(page.getByTestId("pledge-suggestion")).toHaveText(
    "Всё недостающее: вся сумма, которую ещё никто не пообещал.",
  );
  // An empty field: the message stands right under it, in view above the main button.
  await page.getByTestId("main-button").click();
  const amountError = form.getByRole("alert");
  await expect(amountError).toHaveText("Введите сумму.");
  await expect(amount).toBeInViewport();
  await expect(amountError).toBeInViewport();
  // The pick fills the field and pledges nothing by itself.
  await page.getByTestId("pledge-pick-missing").click();
  await expect(page.getByTestId("pledge-pick-missing")).toHaveText(
    /^Всё недостающее · 200,00\s\$$/,
  );
  await expect(amount).toHaveValue("200");
  await expect(amountError).toHaveCount(0);
  await expect(page.getByTestId("my-pledge")).toHaveCount(0);
  // Bad input: a clear message, and nothing is pledged.
  await amount.fill("12,345");
  await page.getByTestId("main-button").click();
  await expect(form.getByRole("alert")).toHaveText(
    "Слишком много знаков после запятой для этой валюты.",
  );
  await amount.fill("25,50");
  await expect(page.getByTestId("main-button")).toHaveText("Пообещать");
  await page.getByTestId("main-button").click();
  await expect(page.getByTestId("my-pledge")).toContainText("Ваше обещание: 25,50");
  await expect(page.getByTestId("my-pledge")).toContainText("❤️ намерение");
  await expect(page.getByTestId("main-button")).toHaveCount(0);
  // He is now in her circle, and as one of its givers he sees his amount there.
  await expect(page.getByTestId("circle")).toContainText("Борис Dev");
  await expect(page.getByTestId("circle")).toContainText(/25,50\s\$/);
  await expect(page.getByRole("link", { name: "Открыть обещание" })).toHaveAttribute(
    "href",
    /^\/pledge\/\d+$/,
  );
  await shot(page, testInfo, "member-ru-light");
  await openAs(page, "boris", "dark", annaPage);
  await expect(page.getByTestId("my-pledge")).toContainText("Ваше обещание: 25,50");
  await shot(page, testInfo, "member-ru-dark");

  // His network shows Anna with her need line; his helpers list is still empty.
  for (const theme of ["light", "dark"] as const) {
    await openAs(page, "boris", theme, "/network");
    const anna = page.getByTestId("member-row").filter({ hasText: "Anna Dev" });
    await expect(anna).toContainText("Нужна ежемесячная поддержка");
    await expect(anna).toContainText("Ваш друг");
    // Her need in words with numbers: the emoji only an accent.
    await expect(anna.getByTestId("need-line")).toHaveText(
      /^🙏 Не хватает 200,00\s\$ из 200,00\s\$ · намерения: 25,50\s\$ · помогает 1 человек$/,
    );
    await shot(page, testInfo, `network-ru-${theme}`);
  }

  // From Anna's page he can make a link for her, to bring in someone else to help.
  await openAs(page, "boris", "light", "/network");
  await page.getByTestId("member-row").filter({ hasText: "Anna Dev" }).click();
  await page.getByTestId("invite-for-member").click();
  await expect(page.getByRole("heading", { name: "Ссылка, чтобы помочь: Anna Dev" })).toBeVisible();
  await expect(page.getByTestId("main-button")).toHaveText("Создать ссылку для Anna Dev");
  await page.getByTestId("main-button").click();
  await expect(page.getByTestId("invite-link")).toHaveText(/startapp=/);
  await expect(page.getByTestId("active-link").first()).toContainText("Ведёт к участнику Anna Dev");
  await shot(page, testInfo, "invite-ru-light");
  await openAs(page, "boris", "dark", "/invite");
  await expect(page.getByTestId("active-link").first()).toContainText("Ведёт к участнику Anna Dev");
  await shot(page, testInfo, "invite-ru-dark");

  // Anna finds Борис among her helpers…
  for (const theme of ["light", "dark"] as const) {
    await openAs(page, "anna", theme, "/network?list=helpers");
    await expect(page.getByRole("tab", { name: "My helpers" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    const boris = page.getByTestId("member-row").filter({ hasText: "Борис Dev" });
    await expect(boris).toContainText("Can help");
    await shot(page, testInfo, `network-en-${theme}`);
  }
  // …and among those who joined through her links.
  for (const theme of ["light", "dark"] as const) {
    await openAs(page, "anna", theme, "/invite");
    const joined = page.getByTestId("invitee-row").filter({ hasText: "Борис Dev" });
    await expect(joined).toContainText("Can help");
    await expect(joined).toContainText("joined");
    await shot(page, testInfo, `invite-en-${theme}`);
  }

  // His page, from her side: he is her friend and helps her.
  await openAs(page, "anna", "light", "/invite");
  await page.getByTestId("invitee-row").filter({ hasText: "Борис Dev" }).click();
  await expect(page.getByTestId("member-page-name")).toHaveText("Борис Dev");
  await page.getByRole("tab", { name: "They help" }).click();
  await expect(page.getByTestId("member-row").filter({ hasText: "Anna Dev" })).toContainText("You");
  await shot(page, testInfo, "member-en-light");
  await openAs(page, "anna", "dark", new URL(page.url()).pathname);
  await expect(page.getByTestId("member-page-name")).toHaveText("Борис Dev");
  await shot(page, testInfo, "member-en-dark");

  // Someone outside her network is "not in your network", as is someone who does not exist.
  await page.goto("/member/999999");
  await expect(page.getByTestId("empty-state")).toContainText("Not in your network");

  // Anna's emergency takes obligations only: the form says so, and asks before he binds himself.
  await api(page, "anna", "member.changeStatus", {
    action: "openEmergency",
    goal: 100_00,
    days: 5,
  });
  await openAs(page, "boris", "light", annaPage);
  await expect(page.getByTestId("need-card")).toContainText("🆘 Экстренная цель: 100,00");
  await expect(page.getByTestId("need-card")).toContainText("осталось 5 дней");
  await expect(form).toContainText("обязательство 🤝 в экстренный сбор");
  // He gave 25,50 to her before (the monthly intention, now paused): the form offers the same.
  await expect(amount).toHaveValue("25,50");
  await expect(page.getByTestId("pledge-suggestion")).toHaveText(
    "Подставлено: столько, сколько вы дали Anna Dev в прошлый раз. Всё недостающее: вся сумма, которую ещё никто не пообещал.",
  );
  await page.getByTestId("main-button").click();
  const popup = page.getByRole("alertdialog");
  await expect(popup).toContainText(
    "Вы обещаете 25,50 $ в экстренный сбор участника Anna Dev. Освободить вас от обещания может только Anna Dev.",
  );
  await popup.getByRole("button", { name: "Отмена" }).click();
  await expect(popup).toHaveCount(0);
  await expect(page.getByTestId("my-pledge")).toHaveCount(0);
  await page.getByTestId("main-button").click();
  await popup.getByRole("button", { name: "Обещаю" }).click();
  await expect(page.getByTestId("my-pledge")).toContainText("🤝 обязательство");
  const obligation = Number(
    /\d+$/.exec(
      (await page.getByRole("link", { name: "Открыть обещание" }).getAttribute("href")) ?? "",
    )?.[0],
  );

  // Anna needs nothing again, so the other specs find the development members as they expect.
  await api(page, "anna", "pledge.act", { pledgeId: obligation, action: "release" });
  await api(page, "anna", "member.changeStatus", { action: "endEmergency" });
  await api(page, "anna", "member.changeStatus", { action: "closeMonthly" });
  await api(page, "anna", "member.updateProfile", { about: "" });
  await api(page, "anna", "member.setPaymentDetails", { details: [] });
});
