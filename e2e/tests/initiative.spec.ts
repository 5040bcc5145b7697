import { expect, type Page } from "@playwright/test";
import { devAppTest, expectFitsNarrowPhone, go, invite, type Person } from "../support.ts";

/**
 * Initiatives 🎯 (DOMAIN.md "Initiatives"; issue 15), as two development members live them in the
 * Mini App: Anna (en) proposes one from her Organizer, Борис (ru, in her network through her invite
 * link) finds it in his and commits the whole goal as an obligation: it goes ahead, and both read
 * so. Then a second one that nobody covers: the development clock passes its deadline, it fails,
 * Борис's obligation to it is released, and both read that it failed (its message's link opens it).
 * Last, Anna lowers a third one's goal, posts an update and cancels it, asked first; Борис's
 * intention to it ends and he reads that it was cancelled.
 *
 * The story moves the development clock, so it runs an app of its own (as clearing.spec.ts does)
 * on E2E_INITIATIVE_PORT (E2E_STORY_PORT + 2) and in .data/e2e-initiative.
 */

const storyPort = Number(process.env.E2E_STORY_PORT ?? Number(process.env.E2E_PORT ?? 3199) + 2);
const port = Number(process.env.E2E_INITIATIVE_PORT ?? storyPort + 2);

type Member = "anna" | "boris";

const test = devAppTest<Member>("e2e-initiative", port);

const mainButton = (page: Page) => page.getByTestId("main-button");

/** From the Organizer to the initiatives, as a member finds them. */
async function openInitiatives(page: Page, name: RegExp) {
  await go(page, "/organizer");
  await page.getByTestId("organizer-initiatives").getByRole("link", { name }).click();
  await expect(page).toHaveURL(/\/initiatives$/);
}

/** Anna proposes an initiative on the form, tapping the main buttons; its page opens. */
async function propose(page: Page, title: string, story: string, goal: string, days: string) {
  await openInitiatives(page, /Initiatives/);
  await expect(mainButton(page)).toHaveText("Propose an initiative");
  await mainButton(page).click();
  await expect(page.getByRole("heading", { name: "New initiative", level: 1 })).toBeVisible();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("What the money is for").fill(story);
  await page.getByLabel("Goal, USD").fill(goal);
  await page.getByLabel("Days until the deadline (1–90)").fill(days);
  await mainButton(page).click();
  await expect(page.getByTestId("initiative-title")).toHaveText(title);
  await expect(page).toHaveURL(/\/initiatives\/\d+$/);
}

/** Борис opens an initiative from his list and pledges on its page as an obligation, asked first. */
async function commit(page: Page, title: string, amount: string) {
  await openInitiatives(page, /Инициативы/);
  await page.getByTestId("initiative-line").filter({ hasText: title }).click();
  await expect(page.getByTestId("initiative-title")).toHaveText(title);
  const form = page.getByTestId("initiative-pledge");
  await form.getByRole("radio", { name: "🤝 Обязательство" }).check();
  await expect(form).toContainText("Обязательство значит, что вы дадите деньги");
  await expectFitsNarrowPhone(page);
  await form.getByLabel("Сумма, USD").fill(amount);
  await mainButton(page).click();
  const ask = page.getByRole("alertdialog", { name: "Взять обязательство?" });
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Взять обязательство" }).click();
  await expect(page.getByTestId("initiative-my-pledge")).toContainText("Обязательство");
}

/** The development clock moves `days` ahead (the scheduler runs); each app starts again. */
async function daysLater(people: Person[], days: number) {
  const page = people[0]?.page as Page;
  const now = new Date(
    (await page.evaluate(() => fetch("/dev/clock").then((r) => r.json()))).now as string,
  );
  const moved = await page.evaluate(
    (iso) =>
      fetch(`/dev/clock?to=${encodeURIComponent(iso)}`, {
        method: "POST",
        headers: { "x-exodus-dev": "1" },
      }).then((r) => r.json()),
    new Date(now.getTime() + days * 24 * 60 * 60 * 1000).toISOString(),
  );
  for (const person of people) {
    await person.context.clock.setSystemTime(new Date(moved.now));
    await person.page.evaluate(() => sessionStorage.clear());
    await person.page.goto("/");
    await expect(person.page.getByTestId("member-name")).toBeVisible();
  }
}

test("an initiative covered by an obligation goes ahead, one left short fails at its deadline, one is cancelled by its initiator", async ({
  open,
}) => {
  test.setTimeout(240_000);
  const anna = await open("anna");
  const boris = await open("boris");
  const [a, b] = [anna.page, boris.page];
  await invite(a, "anna", "boris");

  // ── A refusal is said in words and proposes nothing. ──
  await openInitiatives(a, /Initiatives/);
  await expect(a.getByTestId("empty-state")).toContainText("No initiatives in your network yet");
  await mainButton(a).click();
  await a.getByLabel("Title").fill("A bench for the yard");
  await a.getByLabel("What the money is for").fill("Wood and paint.");
  await a.getByLabel("Goal, USD").fill("60");
  await a.getByLabel("Days until the deadline (1–90)").fill("120");
  await mainButton(a).click();
  await expect(a.getByText("Choose a deadline between 1 and 90 days.")).toBeVisible();
  await expect(a).toHaveURL(/\/initiatives\/new$/);
  await expectFitsNarrowPhone(a);

  // ── Story A: Anna proposes; Борис commits the whole goal; it goes ahead. ──
  await propose(a, "A bench for the yard", "Wood and paint for a bench by the door.", "60", "14");
  await expect(a.getByTestId("initiative-status")).toHaveText("🎯 Gathering pledges");
  await expect(a.getByTestId("initiative-progress")).toContainText("$0.00 of $60.00 committed");
  await expect(a.getByTestId("initiative-time-left")).toContainText("14 days left");
  await expect(a.getByTestId("initiative-pledge")).toContainText(
    "This is your initiative: your network pledges to it.",
  );

  await commit(b, "A bench for the yard", "60");
  await expect(b.getByTestId("initiative-status")).toHaveText("🚀 Состоится");
  await expect(b.getByTestId("initiative-story")).toContainText("Wood and paint for a bench");

  await openInitiatives(a, /Initiatives/);
  const annaLine = a.getByTestId("initiative-line").filter({ hasText: "A bench for the yard" });
  await expect(annaLine).toContainText("Going ahead");
  await annaLine.click();
  await expect(a.getByTestId("initiative-title")).toHaveText("A bench for the yard");
  await expect(a.getByTestId("initiative-status")).toHaveText("🚀 Going ahead");
  await expect(a.getByTestId("initiative-progress")).toContainText("$60.00 of $60.00 committed");
  await expect(a.getByTestId("initiative-initiator")).toHaveCount(0);

  // ── Story B: another one, left short; its deadline passes; it fails. ──
  await propose(a, "Lamps for the stairs", "Two lamps for the dark stairs.", "100", "3");
  await commit(b, "Lamps for the stairs", "20");
  await expect(b.getByTestId("initiative-status")).toHaveText("🎯 Идёт сбор обещаний");
  await expect(b.getByTestId("initiative-progress")).toContainText("Обещано 20,00 $ из 100,00 $");

  await daysLater([anna, boris], 4);

  await openInitiatives(b, /Инициативы/);
  const borisOver = b.getByTestId("initiatives-over");
  await expect(borisOver.getByTestId("initiative-line").filter({ hasText: "Lamps" })).toContainText(
    "Не состоялась: к сроку обещано недостаточно",
  );
  await borisOver.getByTestId("initiative-line").filter({ hasText: "Lamps" }).click();
  await expect(b.getByTestId("initiative-title")).toHaveText("Lamps for the stairs");
  await expect(b.getByTestId("initiative-status")).toHaveText(
    "✕ Не состоялась: к сроку обещано недостаточно",
  );
  await expect(b.getByTestId("initiative-my-pledge")).toContainText("Вы пообещали 20,00 $");
  await expect(b.getByTestId("initiative-my-pledge")).toContainText("Освобождено");
  await expect(mainButton(b)).toBeHidden();
  const lamps = new URL(b.url()).pathname.split("/").pop();

  await openInitiatives(a, /Initiatives/);
  const annaOver = a.getByTestId("initiatives-over");
  await expect(annaOver.getByTestId("initiative-line").filter({ hasText: "Lamps" })).toContainText(
    "Failed: not enough was committed in time",
  );
  // The one that went ahead is still under way, with no deadline left to count.
  const live = a.getByTestId("initiatives-live").getByTestId("initiative-line");
  await expect(live).toHaveCount(1);
  await expect(live).toContainText("Going ahead");
  await expectFitsNarrowPhone(a);

  // The message of its failure opens it: its button's link (messageLink) leads to its page.
  await a.goto(`/?startapp=_initiatives-${lamps}`);
  await expect(a.getByTestId("initiative-title")).toHaveText("Lamps for the stairs");
  await expect(a.getByTestId("initiative-status")).toHaveText(
    "✕ Failed: not enough was committed in time",
  );
  await expect(a.getByTestId("initiative-initiator")).toHaveCount(0);

  // ── The initiator's own steps: lower the goal (a higher one is refused), post an update, cancel. ──
  await propose(a, "Seeds for the garden", "Seeds for the shared garden.", "50", "10");
  await openInitiatives(b, /Инициативы/);
  await b.getByTestId("initiative-line").filter({ hasText: "Seeds" }).click();
  await expect(b.getByTestId("initiative-title")).toHaveText("Seeds for the garden");
  await b.getByTestId("initiative-pledge").getByLabel("Сумма, USD").fill("10");
  await mainButton(b).click();
  await expect(b.getByTestId("initiative-my-pledge")).toContainText("Вы пообещали 10,00 $");
  await expect(b.getByTestId("initiative-my-pledge")).toContainText("Намерение");

  const own = a.getByTestId("initiative-initiator");
  await own.getByLabel("A lower goal, USD").fill("80");
  await own.getByTestId("initiative-lower-goal").click();
  await expect(a.getByTestId("initiator-error")).toHaveText(
    "The new goal must be lower than the current one.",
  );
  await own.getByLabel("A lower goal, USD").fill("40");
  await own.getByTestId("initiative-lower-goal").click();
  await expect(a.getByTestId("initiator-notice")).toHaveText("The goal is now $40.00.");
  await expect(a.getByTestId("initiative-progress")).toContainText("$0.00 of $40.00 committed");

  await a.getByLabel("A new update").fill("The seeds are chosen: tomatoes and beans.");
  await a.getByTestId("initiative-post").click();
  await expect(a.getByText("Posted: everyone who pledged is told.")).toBeVisible();
  await expect(a.getByTestId("initiative-update-list")).toContainText("tomatoes and beans");

  await own.getByTestId("initiative-cancel").click();
  const ask = a.getByRole("alertdialog", { name: "Cancel the initiative?" });
  await expect(ask).toContainText("its obligations are released");
  await ask.getByRole("button", { name: "Keep it" }).click();
  await expect(a.getByTestId("initiative-status")).toHaveText("🎯 Gathering pledges");
  await own.getByTestId("initiative-cancel").click();
  await a.getByRole("alertdialog").getByRole("button", { name: "Cancel it" }).click();
  await expect(a.getByTestId("initiative-status")).toHaveText("⏹️ Cancelled by its initiator");
  await expect(a.getByTestId("initiator-notice")).toHaveText("The initiative is cancelled.");

  await b.reload();
  await expect(b.getByTestId("initiative-status")).toHaveText("⏹️ Отменена автором");
  await expect(b.getByTestId("initiative-my-pledge")).toContainText("Завершено");
  await expect(b.getByTestId("initiative-update-list")).toContainText("tomatoes and beans");
});
