import { expect, type Page } from "@playwright/test";
import { devAppTest, expectFitsNarrowPhone, go, invite, shots } from "../support.ts";

/**
 * A pool of mutual intentions 🛟 (DOMAIN.md; issue 15), as four development members live it in the
 * Mini App: Anna (en) founds “Home fire” (largest claim $100) from her Organizer and invites Борис
 * (ru), Олена (uk) and Dan (en) from her network; they join with caps of $50, $30 and $20. Anna's
 * claim over the largest is refused in words; her claim of $90 is backed by Борис and Олена and
 * shared pro rata to the caps left: $45, $27, $18. Борис commits; Dan declines, asked first, and
 * leaves the pool; his $18 is re-shared up to the caps left ($5 and $3), and the $10 no cap can
 * carry is shown as 🙏.
 *
 * Its members and data are its own, so it runs an app of its own on E2E_POOL_PORT
 * (E2E_STORY_PORT + 3) in .data/e2e-pool, as clearing.spec.ts does.
 */

const storyPort = Number(process.env.E2E_STORY_PORT ?? Number(process.env.E2E_PORT ?? 3199) + 2);
const port = Number(process.env.E2E_POOL_PORT ?? storyPort + 3);

type Member = "anna" | "boris" | "olena" | "dan";

const test = devAppTest<Member>("e2e-pool", port);

/** Amounts as each language writes dollars: "$45.00" (en), "45,00 $" (ru), "45,00 USD" (uk). */
const en = (amount: string) => `$${amount}`;
const ru = (amount: string) => new RegExp(`${amount.replace(".", ",")}\\s\\$`);
const uk = (amount: string) => new RegExp(`${amount.replace(".", ",")}\\sUSD`);

/** Opens the pool's screen afresh from /pools, as a member coming back to it would. */
async function openPool(page: Page, poolId: number) {
  await go(page, "/pools");
  await expect(page.getByTestId("pools-mine")).toBeVisible();
  await go(page, `/pool/${poolId}`);
}

/** The share row of `name` in the claim's round (0: shared, 1: re-shared). */
const shareOf = (page: Page, name: string, round: 0 | 1) =>
  page
    .getByTestId("pool-claim")
    .locator('[data-testid="pool-share"], [data-testid="pool-share-mine"]')
    .filter({ hasText: name })
    .nth(round);

/**
 * Joins the pool at `cap` on Telegram's main button: from the invitation on /pools, or from the
 * bot's message, whose button opens the app with `_pool-<id>` (t.me/<bot>/<app>?startapp=…).
 */
async function join(
  page: Page,
  poolId: number,
  invitedBy: RegExp,
  cap: string,
  via: "list" | "bot",
) {
  if (via === "bot") {
    await page.goto(`/?startapp=_pool-${poolId}`);
  } else {
    await go(page, "/pools");
    const invitation = page.getByTestId("pool-invitation");
    await expect(invitation).toContainText(invitedBy);
    await invitation.click();
  }
  await expect(page).toHaveURL(`/pool/${poolId}`);
  await expect(page.getByTestId("pool-rules")).toHaveText("A fire or a flood at home.");
  await page.locator("#pool-join-cap").fill(cap);
  await page.getByTestId("main-button").click();
  await expect(page.getByTestId("pool-members")).toBeVisible();
}

test("a pool: founded, joined, a claim backed and shared pro rata, a share declined and re-shared, 🙏 left", async ({
  open,
}, testInfo) => {
  test.setTimeout(240_000);
  const { page: anna } = await open("anna");
  const { page: boris } = await open("boris");
  const { page: olena } = await open("olena");
  const { page: dan } = await open("dan");
  await invite(anna, "anna", "boris", "olena", "dan");

  // ── Anna finds pools in her Organizer and founds one, her cap $50. ──
  await go(anna, "/organizer");
  await anna.getByTestId("organizer-pools").getByRole("link", { name: /Pools/ }).click();
  await expect(anna).toHaveURL("/pools");
  await expect(anna.getByTestId("pools-none")).toBeVisible();
  await anna.getByTestId("pool-found").click();
  await anna.locator("#pool-name").fill("Home fire");
  await anna.locator("#pool-rules").fill("A fire or a flood at home.");
  await expect(anna.locator("#pool-backers")).toHaveValue("2");
  await expect(anna.locator("#pool-days")).toHaveValue("3");
  await anna.locator("#pool-largest").fill("100");
  await anna.locator("#pool-cap").fill("50");
  await anna.getByTestId("main-button").click();
  await expect(anna).toHaveURL(/\/pool\/\d+$/);
  const poolId = Number(anna.url().split("/").at(-1));
  await expect(anna.getByTestId("pool-name")).toHaveText("🛟 Home fire");
  const numbers = anna.getByTestId("pool-numbers");
  await expect(numbers).toContainText("A claim needs 2 backers");
  await expect(numbers).toContainText("Members answer within 3 days");
  await expect(numbers).toContainText(`Largest claim: ${en("100.00")}`);
  await expect(numbers).toContainText("1 member");

  // ── She invites three members of her network, picked from its list. ──
  await anna.getByTestId("pool-invite-open").click();
  for (const name of ["Борис", "Олена", "Dan"]) {
    await anna.getByTestId("pool-invite-candidate").filter({ hasText: name }).click();
    await expect(anna.getByTestId("pool-invite-notice")).toHaveText(`${name} Dev is invited.`);
  }

  // ── Each joins from their invitation, with the cap they choose. ──
  await join(boris, poolId, /Приглашает Anna/, "50", "bot");
  await join(olena, poolId, /Запрошує Anna/, "30", "list");
  await join(dan, poolId, /Invited by Anna/, "20", "list");
  await go(anna, "/pools");
  const annaRow = anna.getByTestId("pool-row");
  await expect(annaRow).toContainText("Home fire");
  await expect(annaRow).toContainText("4 members");
  await expect(annaRow).toContainText(`My cap ${en("50.00")} · ${en("50.00")} left this month`);
  await annaRow.click();
  const members = anna.getByTestId("pool-member");
  await expect(members).toHaveCount(4);
  await expect(members.filter({ hasText: "Борис" })).toContainText(
    `Cap ${en("50.00")} · ${en("50.00")} left this month`,
  );

  // ── A claim over the largest is refused in words; $90 is filed. ──
  await anna.getByTestId("pool-file-open").click();
  await anna.locator("#claim-amount").fill("150");
  await anna.locator("#claim-story").fill("The kitchen burned.");
  await anna.getByTestId("pool-file-submit").click();
  await expect(anna.getByTestId("pool-file-error")).toHaveText(
    "That is more than this pool's largest claim.",
  );
  await anna.locator("#claim-amount").fill("90");
  await anna.getByTestId("pool-file-submit").click();
  const annaClaim = anna.getByTestId("pool-claim");
  await expect(annaClaim).toContainText(`My claim · ${en("90.00")}`);
  await expect(annaClaim.getByTestId("pool-claim-story")).toHaveText("The kitchen burned.");
  await expect(annaClaim.getByTestId("pool-claim-status")).toContainText(
    "Filed: waiting for backers",
  );
  await expect(annaClaim.getByTestId("pool-claim-status")).toContainText(
    "No one has backed it yet (2 needed)",
  );
  await expect(annaClaim.getByTestId("pool-claim-withdraw")).toBeVisible();
  await expect(annaClaim.getByTestId("pool-claim-back")).toHaveCount(0);

  // ── Борис and Олена back it: the second backing shares it pro rata to the caps left. ──
  await openPool(boris, poolId);
  await boris.getByTestId("pool-claim-back").click();
  await expect(boris.getByTestId("pool-claim-notice")).toHaveText("Вы подтвердили эту заявку.");
  await expect(boris.getByTestId("pool-claim-status")).toContainText(
    "Подтвердили: Борис Dev (1 из 2 нужных)",
  );
  // Anna's page, open all along, reads the claim again by itself while it waits.
  await expect(annaClaim.getByTestId("pool-claim-status")).toContainText(
    "Backed by: Борис Dev (1 of 2 needed)",
    { timeout: 15_000 },
  );
  await openPool(olena, poolId);
  await olena.getByTestId("pool-claim-back").click();
  await expect(olena.getByTestId("pool-claim-status")).toContainText(
    "Поділена: чекає відповіді на кожну частку",
  );
  await expect(shareOf(olena, "Олена", 0)).toContainText(uk("27.00"));
  await expect(shareOf(olena, "Олена", 0)).toContainText("(ви)");
  await expect(shareOf(olena, "Борис", 0)).toContainText(uk("45.00"));
  await expect(shareOf(olena, "Dan", 0)).toContainText(uk("18.00"));

  await openPool(anna, poolId);
  await expect(shareOf(anna, "Борис", 0)).toContainText(en("45.00"));
  await expect(shareOf(anna, "Олена", 0)).toContainText(en("27.00"));
  await expect(shareOf(anna, "Dan", 0)).toContainText(en("18.00"));
  await expect(shareOf(anna, "Dan", 0)).toContainText("Shared · waiting for an answer");
  await expect(anna.getByTestId("pool-claim-uncovered")).toHaveCount(0);

  // ── Борис commits his share. ──
  await openPool(boris, poolId);
  await expect(shareOf(boris, "Борис", 0)).toContainText(ru("45.00"));
  await boris.getByTestId("pool-share-commit").click();
  await expect(boris.getByTestId("pool-share-notice")).toHaveText(
    "Вы приняли свою долю: теперь это ваше обязательство.",
  );
  await expect(shareOf(boris, "Борис", 0)).toContainText("Разделено · принята");

  // ── Dan declines his, asked first: he leaves the pool. ──
  await openPool(dan, poolId);
  await expect(shareOf(dan, "Dan", 0)).toContainText(en("18.00"));
  await dan.getByTestId("pool-share-decline").click();
  const ask = dan.getByRole("alertdialog", { name: "Decline your share?" });
  await expect(ask).toContainText(`Declining your share of ${en("18.00")} means leaving the pool.`);
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(ask).toBeHidden();
  await expect(shareOf(dan, "Dan", 0)).toContainText("waiting for an answer");
  await dan.getByTestId("pool-share-decline").click();
  await dan.getByRole("alertdialog").getByRole("button", { name: "Decline and leave" }).click();
  await expect(dan).toHaveURL("/pools");
  await expect(dan.getByTestId("pools-left")).toHaveText("You left the pool “Home fire”.");
  await expect(dan.getByTestId("pools-none")).toBeVisible();

  // ── His $18 is re-shared up to the caps left ($5 and $3); $10 stays uncovered 🙏. ──
  await openPool(anna, poolId);
  await expect(members).toHaveCount(3);
  await expect(shareOf(anna, "Dan", 0)).toContainText("declined");
  await expect(shareOf(anna, "Борис", 1)).toContainText(en("5.00"));
  await expect(shareOf(anna, "Борис", 1)).toContainText("Re-shared (1) · waiting for an answer");
  await expect(shareOf(anna, "Олена", 1)).toContainText(en("3.00"));
  const uncovered = anna.getByTestId("pool-claim-uncovered");
  await expect(uncovered).toContainText("🙏");
  await expect(uncovered).toContainText(
    `${en("10.00")} not covered: more than the caps left can carry`,
  );
  await expect(members.filter({ hasText: "Олена" })).toContainText(
    `Cap ${en("30.00")} · ${en("0.00")} left this month`,
  );

  await openPool(olena, poolId);
  await expect(shareOf(olena, "Олена", 1)).toContainText(uk("3.00"));
  await expect(olena.getByTestId("pool-claim-uncovered")).toContainText(uk("10.00"));
  await expect(olena.getByTestId("pool-claim-uncovered")).toContainText("не покрито");
  await expectFitsNarrowPhone(olena);
  await openPool(boris, poolId);
  await expect(shareOf(boris, "Борис", 1)).toContainText(ru("5.00"));
  await expect(boris.getByTestId("pool-claim-uncovered")).toContainText(ru("10.00"));
  await expectFitsNarrowPhone(boris);

  // ── Олена thinks of leaving and is asked first; she stays. ──
  await olena.getByTestId("pool-leave").click();
  const leave = olena.getByRole("alertdialog", { name: "Вийти з цього пулу?" });
  await expect(leave).toContainText("Прийняті частки лишаються вашими зобовʼязаннями.");
  await leave.getByRole("button", { name: "Скасувати" }).click();
  await expect(leave).toBeHidden();
  await expect(olena.getByTestId("pool-members")).toBeVisible();

  // ── Anna raises her cap; her row says so. ──
  await anna.locator("#pool-my-cap").fill("60");
  await anna.getByTestId("pool-cap-save").click();
  await expect(anna.getByTestId("pool-cap-notice")).toHaveText(
    `Your cap is now ${en("60.00")} a month.`,
  );
  await expect(members.filter({ hasText: "Anna" })).toContainText(
    `Cap ${en("60.00")} · ${en("60.00")} left this month`,
  );

  // ── How Anna sees it, light and dark, and on a narrow phone. ──
  await expectFitsNarrowPhone(anna);
  await shots(anna, testInfo, "pool", async () => {
    await expect(anna.getByTestId("pool-claim-uncovered")).toBeVisible();
  });
  await go(anna, "/pools");
  await expectFitsNarrowPhone(anna);
  await shots(anna, testInfo, "pools", async () => {
    await expect(anna.getByTestId("pool-row")).toContainText("3 members");
  });

  // ── Борис files a claim and takes it back, asked first. ──
  await openPool(boris, poolId);
  await boris.getByTestId("pool-file-open").click();
  await boris.locator("#claim-amount").fill("20");
  await boris.locator("#claim-story").fill("Окно разбито.");
  await boris.getByTestId("pool-file-submit").click();
  const borisClaim = boris.getByTestId("pool-claim").filter({ hasText: "Моя заявка" });
  await expect(borisClaim.getByTestId("pool-claim-status")).toContainText("Подана");
  await borisClaim.getByTestId("pool-claim-withdraw").click();
  const withdraw = boris.getByRole("alertdialog", { name: "Отозвать эту заявку?" });
  await expect(withdraw).toContainText("Никого больше не попросят поддержать или разделить");
  await expect(withdraw).toContainText(ru("20.00"));
  await withdraw.getByRole("button", { name: "Отмена" }).click();
  await expect(withdraw).toBeHidden();
  await expect(borisClaim.getByTestId("pool-claim-status")).toContainText("Подана");
  await borisClaim.getByTestId("pool-claim-withdraw").click();
  await boris.getByRole("alertdialog").getByRole("button", { name: "Отозвать" }).click();
  await expect(borisClaim.getByTestId("pool-claim-status")).toContainText("Отозвана заявителем");
  await expect(borisClaim.getByTestId("pool-claim-withdraw")).toHaveCount(0);
  // The others are no longer asked to back it.
  await openPool(anna, poolId);
  const seen = anna.getByTestId("pool-claim").filter({ hasText: "Борис Dev's claim" });
  await expect(seen.getByTestId("pool-claim-status")).toContainText("Withdrawn by the claimant");
  await expect(seen.getByTestId("pool-claim-back")).toHaveCount(0);
});
