import { expect, type Page } from "@playwright/test";
import {
  api,
  devAppTest,
  expectFitsNarrowPhone,
  go,
  invite,
  type Person,
  shots,
} from "../support.ts";

/**
 * Clearing of mutual obligations (DOMAIN.md; issue 14), as three development members live it in
 * the Mini App: Anna (en) owes Борис (ru) $30, Борис owes Олена (uk) $30, Олена owes Anna $50.
 * Each offers what they owe (Anna on the pledge's page, Борис with "offer all", Олена on the
 * pledge's page after withdrawing and offering again), the development clock moves to the 25th
 * and the round proposes each their part, in words. Two agree, the third's agreement applies it:
 * each sees what was cleared, the pledge's history says so, and $20 of Олена's obligation is still
 * due. In a second round, one declines and everyone sees that the round did not go ahead.
 *
 * The story moves the development clock, so it runs an app of its own (as story.spec.ts does) on
 * E2E_CLEARING_PORT (E2E_STORY_PORT + 1) and in .data/e2e-clearing: it cannot meet the story's
 * app even when the two specs run at once. /clearing is photographed in light and dark, as Anna
 * sees the proposed round and the applied one (e2e/test-results/…, attached to the report).
 */

const storyPort = Number(process.env.E2E_STORY_PORT ?? Number(process.env.E2E_PORT ?? 3199) + 2);
const port = Number(process.env.E2E_CLEARING_PORT ?? storyPort + 1);

type Member = "anna" | "boris" | "olena";

const test = devAppTest<Member>("e2e-clearing", port);

const mainButton = (page: Page) => page.getByTestId("main-button");

/** Opens the app again as Telegram would (fresh initData, signed by the moved clock). */
async function reopen(page: Page, path = "/") {
  await page.evaluate(() => sessionStorage.clear());
  await page.goto(path);
}

/** Amounts as each language writes dollars: "$30.00" (en), "30,00 $" (ru), "30,00 USD" (uk). */
const usd = (amount: string) => new RegExp(`${amount.replace(/[.,]/g, "[.,]")}\\s\\$`);
const usdUk = (amount: string) => new RegExp(`${amount.replace(/[.,]/g, "[.,]")}\\sUSD`);

/**
 * Anna owes Борис $30, Борис owes Олена $30, Олена owes Anna $50: each collects monthly and the
 * others' pledges are committed (through the API: the pledge form is another screen's).
 */
async function cycle(page: Page) {
  await invite(page, "anna", "boris", "olena");
  await invite(page, "boris", "olena");
  const monthly: Record<string, number> = {};
  for (const m of ["anna", "boris", "olena"]) {
    await api(page, m, "member.changeStatus", "mutation", { action: "openMonthly", goal: 100_00 });
    const books = await api<{ collections: { id: number }[] }>(page, m, "books.dashboard", "query");
    monthly[m] = books.collections[0]?.id ?? 0;
  }
  const owes = async (giver: Member, receiver: Member, amount: number) => {
    const { id } = await api<{ id: number }>(page, giver, "pledge.create", "mutation", {
      collectionId: monthly[receiver],
      amount,
    });
    await api(page, giver, "pledge.act", "mutation", { pledgeId: id, action: "commit" });
    return id;
  };
  return {
    annaToBoris: await owes("anna", "boris", 30_00),
    borisToOlena: await owes("boris", "olena", 30_00),
    olenaToAnna: await owes("olena", "anna", 50_00),
  };
}

/**
 * The development clock to noon (UTC) of the next month's 25th: the month rolls over (the
 * obligations stay, ⌛) and the clearing round runs. Each browser's clock follows, and each app
 * starts again: initData signed before the move is too old after it.
 */
async function toThe25th(people: Person[]) {
  const page = people[0]?.page as Page;
  const now = new Date(
    (await page.evaluate(() => fetch("/dev/clock").then((r) => r.json()))).now as string,
  );
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 25, 12));
  const moved = await page.evaluate(
    (iso) =>
      fetch(`/dev/clock?to=${encodeURIComponent(iso)}`, {
        method: "POST",
        headers: { "x-exodus-dev": "1" },
      }).then((r) => r.json()),
    to.toISOString(),
  );
  expect(new Date(moved.now).getTime()).toBeGreaterThanOrEqual(to.getTime());
  for (const person of people) {
    await person.context.clock.setSystemTime(new Date(moved.now));
    await reopen(person.page);
    await expect(person.page.getByTestId("member-name")).toBeVisible();
  }
}

test("a clearing round: each offers, each sees their part in words, all agree, it is applied", async ({
  open,
}, testInfo) => {
  test.setTimeout(240_000);
  const anna = await open("anna");
  const boris = await open("boris");
  const olena = await open("olena");
  const [a, b, o] = [anna.page, boris.page, olena.page];
  const pledges = await cycle(a);

  // ── Anna offers her obligation to Борис on its page: a secondary step, not the main one. ──
  await go(a, `/pledge/${pledges.annaToBoris}`);
  const annaOffer = a.getByTestId("pledge-clearing");
  await expect(annaOffer).toContainText(
    "A clearing round on the 25th may clear it against what others owe you",
  );
  await annaOffer.getByTestId("pledge-clearing-offer").click();
  await expect(a.getByTestId("pledge-notice")).toHaveText(
    "Offered for clearing: it takes part in the next round.",
  );
  await expect(annaOffer.getByTestId("pledge-clearing-offered")).toHaveText(/Offered for clearing/);
  await expect(annaOffer.getByTestId("pledge-clearing-withdraw")).toHaveText(
    "Withdraw from clearing",
  );

  // ── Борис finds the clearing screen in his Organizer and offers all he owes, asked first. ──
  await go(b, "/organizer");
  await b
    .getByTestId("organizer-clearing")
    .getByRole("link", { name: /Взаимозачёт/ })
    .click();
  await expect(b).toHaveURL(/\/clearing$/);
  await expect(b.getByRole("heading", { name: "Взаимозачёт", level: 1 })).toBeVisible();
  await expect(b.getByTestId("clearing-offered-none")).toHaveText(
    "Вы пока ничего не предложили для взаимозачёта.",
  );
  await expect(b.getByTestId("clearing-round")).toHaveCount(0);
  await b.getByTestId("clearing-offer-all").click();
  const offerAll = b.getByRole("alertdialog", { name: "Предложить все для взаимозачёта?" });
  await expect(offerAll).toContainText("Ничего не зачитывается, пока все участники раунда");
  await offerAll.getByRole("button", { name: "Отмена" }).click();
  await expect(offerAll).toBeHidden();
  await expect(b.getByTestId("clearing-offered-none")).toBeVisible();
  await b.getByTestId("clearing-offer-all").click();
  await b.getByRole("alertdialog").getByRole("button", { name: "Предложить все" }).click();
  await expect(b.getByTestId("offer-notice")).toHaveText("Предложено 1 обязательство.");
  const borisOffered = b.getByTestId("clearing-offered-line");
  await expect(borisOffered).toHaveCount(1);
  await expect(borisOffered).toContainText("Кому: Олена");
  await expect(borisOffered).toContainText(usd("30,00"));
  // Offering all again offers nothing twice.
  await b.getByTestId("clearing-offer-all").click();
  await b.getByRole("alertdialog").getByRole("button", { name: "Предложить все" }).click();
  await expect(b.getByTestId("offer-notice")).toHaveText(
    "Нечего предлагать: все ваши обязательства уже предложены.",
  );
  await expect(borisOffered).toHaveCount(1);

  // ── Олена offers hers to Anna on its page, withdraws it on the clearing screen, offers again. ──
  await go(o, `/pledge/${pledges.olenaToAnna}`);
  await o.getByTestId("pledge-clearing-offer").click();
  await expect(o.getByTestId("pledge-clearing-offered")).toHaveText(
    /Запропоновано для взаємозаліку/,
  );
  await o.getByTestId("pledge-clearing-offered").click();
  await expect(o).toHaveURL(/\/clearing$/);
  const olenaOffered = o.getByTestId("clearing-offered-line");
  await expect(olenaOffered).toContainText("Кому: Anna");
  await expect(olenaOffered).toContainText(usdUk("50,00"));
  await olenaOffered.getByTestId("clearing-withdraw").click();
  await expect(o.getByTestId("offer-notice")).toHaveText(
    /^Пропозицію відкликано: 50,00\sUSD \(кому: Anna\) більше не бере участі\.$/,
  );
  await expect(o.getByTestId("clearing-offered-none")).toBeVisible();
  await go(o, `/pledge/${pledges.olenaToAnna}`);
  await o.getByTestId("pledge-clearing-offer").click();
  await expect(o.getByTestId("pledge-clearing-withdraw")).toBeVisible();

  // ── The 25th: the round proposes each their part. ──
  await toThe25th([anna, boris, olena]);

  // Anna's Home puts it first: what it would clear and the time left; it leads to the screen.
  const card = a.getByTestId("home-clearing");
  await expect(card).toContainText("A clearing round needs your answer");
  await expect(card).toContainText(
    "You would no longer owe $30.00, and be owed $30.00 less. Time to answer: 2 days",
  );
  await card.getByRole("link").click();
  await expect(a).toHaveURL(/\/clearing$/);
  const annaRound = a.getByTestId("clearing-round");
  const expectAnnaProposed = async () => {
    await expect(annaRound.getByTestId("clearing-line")).toHaveText([
      "↗️You would no longer owe Борис $30.00",
      "↘️Олена would no longer owe you $30.00",
    ]);
    await expect(annaRound.getByTestId("clearing-deadline")).toContainText(
      "Time to answer: 2 days (until",
    );
    await expect(annaRound.getByTestId("clearing-answer")).toHaveText("Waiting for your answer.");
    await expect(mainButton(a)).toHaveText("Agree");
  };
  await expectAnnaProposed();
  // Her offered obligation takes part, now ⌛ (the month turned).
  await expect(a.getByTestId("clearing-offered-line")).toContainText("⌛");
  await shots(a, testInfo, "clearing-proposed-en", expectAnnaProposed);

  // Борис sees his part in Russian; it fits a narrow phone.
  await go(b, "/clearing");
  const borisRound = b.getByTestId("clearing-round");
  await expect(borisRound.getByTestId("clearing-line")).toHaveText([
    /^↗️Олена: ваш долг 30,00\s\$ будет зачтён$/,
    /^↘️Anna: долг вам 30,00\s\$ будет зачтён$/,
  ]);
  await expect(borisRound.getByTestId("clearing-deadline")).toContainText(
    "Время на ответ: 2 дня (до",
  );
  await expectFitsNarrowPhone(b);

  // ── Anna agrees (the main button): the round waits for the others. ──
  await mainButton(a).click();
  await expect(annaRound.getByTestId("round-notice")).toHaveText("You agreed to your part.");
  await expect(annaRound.getByTestId("clearing-answer")).toHaveText(
    "You agreed. The round is applied once everyone in it agrees.",
  );
  await expect(mainButton(a)).toBeHidden();
  // Nothing is cleared before everyone agreed.
  await go(a, `/pledge/${pledges.annaToBoris}`);
  await expect(a.getByTestId("pledge-state")).toContainText("Obligation");
  await expect(a.getByTestId("pledge-history")).not.toContainText("cleared");

  // ── Борис agrees, from his Home's card. ──
  await go(b, "/");
  await expect(b.getByTestId("home-clearing")).toContainText(
    "Раунд взаимозачёта ждёт вашего ответа",
  );
  await b.getByTestId("home-clearing").getByRole("link").click();
  await expect(b).toHaveURL(/\/clearing$/);
  await expect(mainButton(b)).toHaveText("Согласиться");
  await mainButton(b).click();
  await expect(borisRound.getByTestId("clearing-answer")).toHaveText(
    "Вы согласились. Раунд проводится, когда согласятся все его участники.",
  );
  await go(b, "/");
  await expect(b.getByTestId("member-name")).toBeVisible();
  await expect(b.getByTestId("home-clearing")).toHaveCount(0);

  // ── Олена's agreement applies the round. ──
  await go(o, "/clearing");
  const olenaRound = o.getByTestId("clearing-round");
  await expect(olenaRound.getByTestId("clearing-line")).toHaveText([
    /^↗️Anna: ваш борг 30,00\sUSD буде зараховано$/,
    /^↘️Борис: борг вам 30,00\sUSD буде зараховано$/,
  ]);
  await expect(mainButton(o)).toHaveText("Погодитися");
  await mainButton(o).click();
  await expect(olenaRound.getByTestId("clearing-status")).toHaveText(
    /Проведено: ці суми вважаються переданими й підтвердженими\./,
  );
  await expect(olenaRound.getByTestId("clearing-line")).toHaveText([
    /^↗️Anna: ваш борг 30,00\sUSD зараховано$/,
    /^↘️Борис: борг вам 30,00\sUSD зараховано$/,
  ]);
  // What stays of her $50 after $30 cleared: $20, still due and still offered.
  await expect(o.getByTestId("clearing-offered-line")).toHaveCount(1);
  await expect(o.getByTestId("clearing-offered-line")).toContainText(usdUk("20,00"));

  // ── Each sees the applied result, in the past. ──
  await reopen(a, "/clearing");
  const expectAnnaApplied = async () => {
    await expect(annaRound.getByTestId("clearing-status")).toHaveText(
      /Applied: these amounts count as given and confirmed\./,
    );
    await expect(annaRound.getByTestId("clearing-line")).toHaveText([
      "↗️You no longer owe Борис $30.00: it was cleared",
      "↘️Олена no longer owes you $30.00: it was cleared",
    ]);
    await expect(a.getByTestId("clearing-offered-none")).toBeVisible();
  };
  await expectAnnaApplied();
  await expect(mainButton(a)).toBeHidden();
  await expect(annaRound.getByTestId("clearing-decline")).toHaveCount(0);
  await shots(a, testInfo, "clearing-applied-en", expectAnnaApplied);
  await reopen(b, "/clearing");
  await expect(borisRound.getByTestId("clearing-line")).toHaveText([
    /^↗️Олена: ваш долг 30,00\s\$ зачтён$/,
    /^↘️Anna: долг вам 30,00\s\$ зачтён$/,
  ]);

  // ── The pledge's history says it was cleared; $20 of Олена's obligation to Anna remains. ──
  await go(a, `/pledge/${pledges.olenaToAnna}`);
  await expect(a.getByTestId("pledge-state")).toContainText("Confirmed");
  await expect(a.getByTestId("pledge-amount")).toHaveText("$30.00");
  const cleared = a
    .getByTestId("pledge-history")
    .getByRole("listitem")
    .filter({ hasText: "Exodus cleared in a clearing round: counts as given and confirmed" });
  await expect(cleared).toHaveCount(1);
  await expect(cleared).toContainText("$30.00");
  const rest = await api<{ offered: { pledgeId: number; amount: number }[] }>(
    a,
    "olena",
    "clearing.mine",
    "query",
  );
  expect(rest.offered.map((x) => x.amount)).toEqual([20_00]);
  await go(a, `/pledge/${rest.offered[0]?.pledgeId}`);
  await expect(a.getByTestId("pledge-amount")).toHaveText("$20.00");
  await expect(a.getByTestId("pledge-state")).toContainText("Obligation");
  await expect(a.getByTestId("pledge-history")).toContainText(
    "Exodus kept what a clearing round did not clear: still due",
  );
});

test("a round one member declines does not go ahead, and everyone in it sees so", async ({
  open,
}) => {
  test.setTimeout(180_000);
  const anna = await open("anna");
  const boris = await open("boris");
  const olena = await open("olena");
  const [a, b, o] = [anna.page, boris.page, olena.page];
  const pledges = await cycle(a);
  for (const m of ["anna", "boris", "olena"]) {
    await api(a, m, "clearing.offerAll", "mutation");
  }
  await toThe25th([anna, boris, olena]);

  // Anna agrees; then Борис declines, told first what declining does.
  await go(a, "/clearing");
  await expect(mainButton(a)).toHaveText("Agree");
  await mainButton(a).click();
  await expect(a.getByTestId("clearing-answer")).toHaveText(
    "You agreed. The round is applied once everyone in it agrees.",
  );

  await go(b, "/clearing");
  await expect(b.getByTestId("clearing-line")).toHaveCount(2);
  await b.getByTestId("clearing-decline").click();
  const ask = b.getByRole("alertdialog", { name: "Отказаться от раунда?" });
  await expect(ask).toContainText(
    "Отказ исключает из раунда все ваши предложенные обязательства — и ваши долги, и долги вам.",
  );
  await ask.getByRole("button", { name: "Отказаться" }).click();
  // Without his obligations nothing goes round: the round fails, for everyone in it.
  const failedRu =
    "Этот раунд взаимозачёта не состоялся: не все согласились или зачитывать стало нечего. Ничего не изменилось.";
  await expect(b.getByTestId("clearing-status")).toHaveText(`✕${failedRu}`);
  await expect(b.getByTestId("clearing-line")).toHaveCount(0);
  await expect(mainButton(b)).toBeHidden();

  await reopen(a, "/clearing");
  await expect(a.getByTestId("clearing-status")).toHaveText(
    "✕This clearing round did not go ahead: not everyone agreed, or nothing was left to clear. Nothing changed.",
  );
  await expect(a.getByTestId("clearing-decline")).toHaveCount(0);
  // Her offer stands for the next round.
  await expect(a.getByTestId("clearing-offered-line")).toContainText("To Борис");
  await go(o, "/clearing");
  await expect(o.getByTestId("clearing-status")).toContainText(
    "Цей раунд взаємозаліку не відбувся",
  );
  await go(o, "/");
  await expect(o.getByTestId("member-name")).toBeVisible();
  await expect(o.getByTestId("home-clearing")).toHaveCount(0);

  // Nothing moved: Anna still owes Борис $30.
  await go(a, `/pledge/${pledges.annaToBoris}`);
  await expect(a.getByTestId("pledge-amount")).toHaveText("$30.00");
  await expect(a.getByTestId("pledge-state")).toContainText("Obligation");
  await expect(a.getByTestId("pledge-history")).not.toContainText("clearing round");
});
