import { expect, type Page, test } from "@playwright/test";
import { api, go, invite, openAsMember } from "../support.ts";

/**
 * On a narrow phone (360 px) no screen scrolls sideways and no figure spills out of its cell, in
 * any language: Anna (en), Борис (ru) and Олена (uk) each open every screen with real books in
 * dollars with four digits before the point (the widest amounts a member will meet: "1 234,56 USD").
 */

test.use({ viewport: { width: 360, height: 740 } });

interface Seeded {
  ids: Record<string, number>;
  pledges: { borisToAnna: number; olenaToAnna: number; annaToBoris: number; olenaToBoris: number };
  initiative: number;
  pool: number;
}
let seeded: Seeded | undefined;

const openAs = (page: Page, member: string, path = "/") => openAsMember(page, member, { path });

const collectionOf = async (page: Page, member: string, kind: string) => {
  const d = await api<{ collections: { id: number; kind: string }[] }>(
    page,
    member,
    "books.dashboard",
    "query",
  );
  const id = d.collections.find((c) => c.kind === kind)?.id;
  if (id === undefined) throw new Error(`${member} has no ${kind} collection`);
  return id;
};

/**
 * Anna collects monthly, Борис has an emergency, Олена collects monthly; each gives to another, so
 * every screen has figures, rows and a pledge to show.
 */
async function seed(page: Page): Promise<Seeded> {
  await page.goto("/");
  await invite(page, "anna", "boris", "olena");
  const ids: Record<string, number> = {};
  for (const m of ["anna", "boris", "olena"]) {
    const me = await api<{ profile: { id: number; status: string } }>(
      page,
      m,
      "member.me",
      "query",
    );
    ids[m] = me.profile.id;
    // Whatever earlier tests left them with, each starts at ✅ (🆘 returns to 🔆, then ✅).
    let status = me.profile.status;
    if (status === "red") {
      await api(page, m, "member.changeStatus", "mutation", { action: "endEmergency" });
      status = (await api<{ profile: { status: string } }>(page, m, "member.me", "query")).profile
        .status;
    }
    if (status === "orange") {
      await api(page, m, "member.changeStatus", "mutation", { action: "closeMonthly" });
    }
  }
  await api(page, "anna", "member.changeStatus", "mutation", {
    action: "openMonthly",
    goal: 12_345_67,
  });
  await api(page, "olena", "member.changeStatus", "mutation", {
    action: "openMonthly",
    goal: 4_321_00,
  });
  const annaMonthly = await collectionOf(page, "anna", "monthly");
  const create = async (giver: string, collectionId: number, amount: number) =>
    (await api<{ id: number }>(page, giver, "pledge.create", "mutation", { collectionId, amount }))
      .id;
  const borisToAnna = await create("boris", annaMonthly, 1_234_56);
  await api(page, "boris", "pledge.act", "mutation", { pledgeId: borisToAnna, action: "commit" });
  const olenaToAnna = await create("olena", annaMonthly, 2_345_67);
  await create("anna", await collectionOf(page, "olena", "monthly"), 1_111_11);
  await api(page, "boris", "member.changeStatus", "mutation", {
    action: "openEmergency",
    goal: 9_876_54,
    days: 7,
  });
  const borisEmergency = await collectionOf(page, "boris", "emergency");
  const annaToBoris = await create("anna", borisEmergency, 3_456_78);
  await api(page, "anna", "pledge.act", "mutation", { pledgeId: annaToBoris, action: "fulfil" });
  const olenaToBoris = await create("olena", borisEmergency, 1_000_01);
  // Борис's obligation to Anna offered for clearing: the clearing screen has a row to show.
  await api(page, "boris", "clearing.offer", "mutation", { pledgeId: borisToAnna });
  // Anna's initiative, with Борис's intention to it.
  const initiative = (
    await api<{ id: number }>(page, "anna", "initiative.propose", "mutation", {
      title: "Ремонт крыши общественного центра в нашем районе",
      story: "The roof of the community centre leaks; we replace it before winter.",
      goal: 8_765_43,
      days: 30,
    })
  ).id;
  await create("boris", initiative, 1_234_56);
  // Anna's pool with Борис and Олена in it, and her claim shared between them.
  const pool = (
    await api<{ id: number }>(page, "anna", "pool.create", "mutation", {
      name: "Взаимная страховка на случай болезни",
      rules: "A claim up to the largest claim, backed by one member.",
      backersNeeded: 1,
      answerDays: 7,
      largestClaim: 5_000_00,
      cap: 1_234_56,
    })
  ).id;
  for (const [member, cap] of [
    ["boris", 2_345_67],
    ["olena", 1_111_11],
  ] as const) {
    await api(page, "anna", "pool.invite", "mutation", { poolId: pool, memberId: ids[member] });
    await api(page, member, "pool.join", "mutation", { poolId: pool, cap });
  }
  const claim = (
    await api<{ id: number }>(page, "anna", "pool.fileClaim", "mutation", {
      poolId: pool,
      amount: 3_210_98,
      story: "A hospital bill after a fall.",
    })
  ).id;
  await api(page, "boris", "pool.back", "mutation", { collectionId: claim });
  return {
    ids,
    pledges: { borisToAnna, olenaToAnna, annaToBoris, olenaToBoris },
    initiative,
    pool,
  };
}

/** Every screen is wider than nothing and holds its figures: names what sticks out if not. */
async function expectNoSidewaysScroll(page: Page, screen: string) {
  await expect(page.locator("main").first()).toBeVisible();
  // The app has started and the screen has its data: no "Loading…", no grey placeholders.
  await expect(page.getByText(/^(Loading…|Загрузка…|Завантаження…)$/)).toHaveCount(0);
  await expect(page.locator(".skeleton")).toHaveCount(0);
  await expect(page.locator("[aria-busy='true']")).toHaveCount(0);
  const found = await page.evaluate(() => {
    const width = window.innerWidth;
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(" ").join(".")}` : ""} "${(el.textContent ?? "").trim().slice(0, 40)}"`;
    const wider = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .slice(0, 3)
      .map(describe);
    // A figure wider than its cell overlaps the next one: a collision, though nothing scrolls.
    const spilled = [...document.querySelectorAll("dd")]
      .filter((el) => el.scrollWidth > el.clientWidth + 0.5)
      .map(describe);
    return { scrollWidth: document.documentElement.scrollWidth, width, wider, spilled };
  });
  expect(
    found.scrollWidth,
    `${screen} scrolls sideways: ${found.wider.join(", ")}`,
  ).toBeLessThanOrEqual(found.width);
  expect(found.spilled, `${screen}: figures spill out of their cells`).toEqual([]);
}

const members = [
  { member: "anna", language: "en", other: "boris", pledge: "annaToBoris" },
  { member: "boris", language: "ru", other: "anna", pledge: "borisToAnna" },
  { member: "olena", language: "uk", other: "boris", pledge: "olenaToBoris" },
] as const;

for (const { member, language, other, pledge } of members) {
  test(`no screen scrolls sideways at 360 px in ${language}`, async ({ page }) => {
    seeded ??= await seed(page);
    const { ids, pledges, initiative, pool } = seeded;
    await openAs(page, member);
    await expect(page.locator("html")).toHaveAttribute("lang", language);
    if (member === "boris") {
      // His emergency takes no intentions: its card shows no "Intentions 0,00" cell.
      const card = page.getByTestId("progress-emergency");
      await expect(card).toContainText("Обещано", { useInnerText: true });
      await expect(card).not.toContainText("Намерения", { useInnerText: true });
    }
    const screens: [string, string][] = [
      ["Home", "/"],
      ["Organizer", "/organizer"],
      ["Organizer, to me", "/organizer?tab=circle"],
      ["Organizer, archive", "/organizer?tab=archive"],
      ["Network", "/network"],
      ["Network, need help", "/network?list=needHelp"],
      ["Picture", "/picture"],
      ["Profile", "/profile"],
      ["Status", "/status"],
      ["Invite", "/invite"],
      ["a member's page", `/member/${ids[other]}`],
      ["a pledge's page", `/pledge/${pledges[pledge]}`],
      ["Clearing", "/clearing"],
      ["Initiatives", "/initiatives"],
      ["a new initiative", "/initiatives/new"],
      ["an initiative's page", `/initiatives/${initiative}`],
      ["Pools", "/pools"],
      ["a pool's page", `/pool/${pool}`],
    ];
    for (const [screen, path] of screens) {
      await go(page, path);
      await expectNoSidewaysScroll(page, `${screen} (${language})`);
      await page.screenshot({ path: test.info().outputPath(`${language}-${screen}.png`) });
    }
    // The figures' cells, three to a row on a wider phone, where "USD" ran into the next cell.
    for (const width of [400, 430]) {
      await page.setViewportSize({ width, height: 740 });
      for (const [screen, path] of screens.filter(([s]) => s === "Home" || s.includes("member"))) {
        await go(page, path);
        await expectNoSidewaysScroll(page, `${screen} (${language}, ${width} px)`);
      }
    }
  });
}

/** The development members need nothing again and owe nothing, as the other specs expect. */
test.afterAll(async ({ browser }) => {
  if (!seeded) return;
  const page = await browser.newPage();
  await page.goto("/");
  const { pledges, initiative, pool } = seeded;
  const act = (member: string, pledgeId: number, action: string) =>
    api(page, member, "pledge.act", "mutation", { pledgeId, action });
  // Leaving declines a share still offered (Борис's, Олена's) and leaves the pool empty at last.
  for (const member of ["boris", "olena", "anna"]) {
    await api(page, member, "pool.leave", "mutation", { poolId: pool });
  }
  await api(page, "anna", "initiative.cancel", "mutation", { collectionId: initiative });
  await act("boris", pledges.annaToBoris, "notReceived");
  await act("boris", pledges.annaToBoris, "release");
  await act("boris", pledges.olenaToBoris, "release");
  await api(page, "boris", "member.changeStatus", "mutation", { action: "endEmergency" });
  await act("anna", pledges.borisToAnna, "release");
  await act("olena", pledges.olenaToAnna, "withdraw");
  await api(page, "anna", "member.changeStatus", "mutation", { action: "closeMonthly" });
  await api(page, "olena", "member.changeStatus", "mutation", { action: "closeMonthly" });
  await page.close();
});
