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
