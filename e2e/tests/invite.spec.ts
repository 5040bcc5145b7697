import { expect, test } from "@playwright/test";
import { api } from "../support.ts";

test("an invite link opened in the Mini App ties the newcomer to the inviter", async ({ page }) => {
  await page.goto("/");
  const { code } = await api<{ code: string }>(
    page,
    "anna",
    "network.createInvite",
    "mutation",
    {},
  );
  const anna = await api<{ profile: { id: number } }>(page, "anna", "member.me", "query");

  // Whatever the page started as has started: only now may the choice change.
  await page.waitForFunction(
    () => location.protocol === "about:" || sessionStorage.getItem("exodus.dev.session") !== null,
  );
  await page.evaluate(() => {
    localStorage.setItem("exodus.dev.member", "olena");
    sessionStorage.clear();
  });
  // t.me/<bot>/<app>?startapp=<code> — and the bot's /start <code> button — open the app so.
  await page.goto(`/?startapp=${code}`);
  await expect(page.getByTestId("invite-banner")).toHaveText(
    "Ви прийшли за посиланням-запрошенням від Anna. Ласкаво просимо!",
  );
  // She lands on the page of the link's target: Anna herself.
  await expect(page).toHaveURL(`/member/${anna.profile.id}`);
  await expect(page.getByTestId("member-page-name")).toHaveText("Anna Dev");
  const seen = await api<{ firstName: string }>(page, "olena", "network.member", "query", {
    memberId: anna.profile.id,
  });
  expect(seen.firstName).toBe("Anna");

  // Reloading does not open the code again; a bad code gets a friendly word, not an error page.
  await page.reload();
  await expect(page.getByTestId("member-page-name")).toHaveText("Anna Dev");
  await expect(page.getByTestId("invite-banner")).toHaveCount(0);
  await page.goto("/?startapp=NoSuchCode123456");
  await expect(page.getByTestId("invite-banner")).toHaveText(
    "Це посилання-запрошення недійсне. Попросіть нове.",
  );
  await expect(page.getByTestId("member-name")).toBeVisible();
});

test("a link over the limit of working links is refused in the member's language, with the number", async ({
  page,
}) => {
  await page.goto("/");
  const made: string[] = [];
  try {
    // Until the server says no (she may have links already); never more than the limit's 20.
    for (let i = 0; i < 50; i++) {
      const { code } = await api<{ code: string }>(
        page,
        "olena",
        "network.createInvite",
        "mutation",
        {},
      ).catch(() => ({ code: "" }));
      if (!code) break;
      made.push(code);
    }
    expect(made.length).toBeLessThanOrEqual(20);
    // Whatever the page started as has started: only now may the choice change.
    await page.waitForFunction(
      () => location.protocol === "about:" || sessionStorage.getItem("exodus.dev.session") !== null,
    );
    await page.evaluate(() => {
      localStorage.setItem("exodus.dev.member", "olena");
      sessionStorage.clear();
    });
    await page.goto("/invite");
    await expect(page.getByTestId("main-button")).toHaveText("Створити посилання");
    await page.getByTestId("main-button").click();
    await expect(page.getByTestId("new-invite").getByRole("alert")).toHaveText(
      "Досягнуто ліміту чинних посилань-запрошень: 20. Відкличте те, яким більше не ділитеся, і створіть нове.",
    );
  } finally {
    // Her links go again, so that no later test inherits a full list.
    for (const code of made) {
      await api(page, "olena", "network.revokeInvite", "mutation", { code });
    }
  }
});
