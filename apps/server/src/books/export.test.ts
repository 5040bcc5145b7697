import type { AddressInfo } from "node:net";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollover } from "../cycle/rollover.ts";
import { createHttpServer } from "../http/server.ts";
import { createTestApp, type TestUser } from "../testing.ts";
import { exportLines } from "./export.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;

let app: App;
let base: string;

beforeAll(async () => {
  app = await createTestApp();
  const server = createHttpServer(app.deps);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return async () => {
    await new Promise((r) => server.close(r));
  };
});
afterAll(() => app.close());

/** Asks for a download link over HTTP, signed in as `u`, as the Mini App does. */
async function exportLink(u: TestUser | undefined) {
  const res = await fetch(`${base}/trpc/books.exportLink`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(u ? { authorization: `tma ${app.initData(u)}` } : {}),
    },
    body: "{}",
  });
  const body = (await res.json()) as {
    result?: { data: { url: string; fileName: string; expiresAt: string } };
  };
  return { status: res.status, link: body.result?.data };
}

/** Downloads a link as Telegram would: no sign-in header, just the address. */
async function download(url: string) {
  const res = await fetch(url);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  return { res, bytes, text };
}

function rowsOf(text: string): string[][] {
  return parse(text, { bom: true }) as string[][];
}

async function openMonthly(u: TestUser, goal: number) {
  await app.as(u).member.changeStatus({ action: "openMonthly", goal });
  const { collections } = await app.as(u).books.dashboard();
  return collections.find((c) => c.kind === "monthly")?.id as number;
}

describe("exporting my books", () => {
  it("hands over every pledge I gave or received, once, as CSV with headers in my language", async () => {
    app.setNow(new Date("2026-10-05T09:00:00Z"));
    const [ann, borisEn, cat, dan, eve] = await app.members("Ann", "Борис", "Cat", "Dan", "Eve");
    const boris = borisEn;
    await app.as(boris).member.updateProfile({ language: "ru" });

    // October: Boris commits to Cat and never gives; the month's end carries it to ⌛.
    const catMonthly = await openMonthly(cat, 100_00);
    const toCat = await app.as(boris).pledge.create({ collectionId: catMonthly, amount: 20_00 });
    await app.as(boris).pledge.act({ pledgeId: toCat.id, action: "commit" });
    app.setNow(new Date("2026-11-01T00:00:00Z"));
    await rollover(app.db.prisma, "2026-11", app.now());

    // November: a gift to Ann, confirmed.
    app.setNow(new Date("2026-11-03T10:00:00Z"));
    const annMonthly = await openMonthly(ann, 100_00);
    const toAnn = await app.as(boris).pledge.create({ collectionId: annMonthly, amount: 30_00 });
    await app.as(boris).pledge.act({ pledgeId: toAnn.id, action: "fulfil" });
    await app.as(ann).pledge.act({ pledgeId: toAnn.id, action: "confirm" });

    // A gift to Eve, confirmed; then Eve leaves Exodus.
    const eveMonthly = await openMonthly(eve, 50_00);
    const toEve = await app.as(boris).pledge.create({ collectionId: eveMonthly, amount: 10_05 });
    await app.as(boris).pledge.act({ pledgeId: toEve.id, action: "fulfil" });
    await app.as(eve).pledge.act({ pledgeId: toEve.id, action: "confirm" });

    // Boris needs support himself: Dan intends, Cat says she gave.
    app.setNow(new Date("2026-11-04T10:00:00Z"));
    const borisMonthly = await openMonthly(boris, 80_00);
    const fromDan = await app.as(dan).pledge.create({ collectionId: borisMonthly, amount: 15_00 });
    const fromCat = await app.as(cat).pledge.create({ collectionId: borisMonthly, amount: 25_00 });
    await app.as(cat).pledge.act({ pledgeId: fromCat.id, action: "fulfil" });

    app.setNow(new Date("2026-11-05T10:00:00Z"));
    await app.as(eve).member.leave({ confirm: true });

    app.setNow(new Date("2026-11-21T12:00:00Z"));
    const { status, link } = await exportLink(boris);
    expect(status).toBe(200);
    expect(link?.url).toMatch(new RegExp(`^${base}/export/[A-Za-z0-9_-]{43}$`));
    expect(link?.fileName).toBe("exodus-zapisi-2026-11-21.csv");
    expect(link?.expiresAt).toBe("2026-11-21T12:05:00.000Z");
    const url = link?.url as string;

    const { res, bytes, text } = await download(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="exodus-zapisi-2026-11-21.csv"',
    );
    // The byte-order mark Excel needs to read Cyrillic as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(rowsOf(text)).toEqual([
      [
        "Обещание",
        "Дата",
        "Направление",
        "С кем",
        "Вид",
        "Период",
        "Сумма",
        "Валюта",
        "Состояние",
        "Просрочено",
      ],
      [
        `${toCat.id}`,
        "2026-10-05",
        "Дал(а)",
        "Cat",
        "Ежемесячная поддержка",
        "2026-10",
        "20.00",
        "USD",
        "Обязательство",
        "Да",
      ],
      [
        `${toAnn.id}`,
        "2026-11-03",
        "Дал(а)",
        "Ann",
        "Ежемесячная поддержка",
        "2026-11",
        "30.00",
        "USD",
        "Подтверждено",
        "Нет",
      ],
      [
        `${toEve.id}`,
        "2026-11-03",
        "Дал(а)",
        "удалённый участник",
        "Ежемесячная поддержка",
        "2026-11",
        "10.05",
        "USD",
        "Подтверждено",
        "Нет",
      ],
      [
        `${fromDan.id}`,
        "2026-11-04",
        "Получил(а)",
        "Dan",
        "Ежемесячная поддержка",
        "2026-11",
        "15.00",
        "USD",
        "Намерение",
        "Нет",
      ],
      [
        `${fromCat.id}`,
        "2026-11-04",
        "Получил(а)",
        "Cat",
        "Ежемесячная поддержка",
        "2026-11",
        "25.00",
        "USD",
        "Передано, ждёт подтверждения",
        "Нет",
      ],
    ]);

    // Once only: a second download, even by Telegram retrying, is gone.
    const again = await download(url);
    expect(again.res.status).toBe(410);
    expect(again.text).toContain("устарела или уже использована");

    // Ann's books are hers: the same gift from her side, headed in English; nothing of Boris's.
    const annLink = await exportLink(ann);
    const annRows = rowsOf((await download(annLink.link?.url as string)).text);
    expect(annRows).toEqual([
      [
        "Pledge",
        "Date",
        "Direction",
        "Counterparty",
        "Kind",
        "Period",
        "Amount",
        "Currency",
        "State",
        "Overdue",
      ],
      [
        `${toAnn.id}`,
        "2026-11-03",
        "Received",
        "Борис",
        "Monthly support",
        "2026-11",
        "30.00",
        "USD",
        "Confirmed",
        "No",
      ],
    ]);
  });

  it("lets a link expire within minutes", async () => {
    app.setNow(new Date("2026-11-21T12:00:00Z"));
    const [ann] = await app.members("Ann");
    const early = await exportLink(ann);
    const late = await exportLink(ann);

    app.setNow(new Date("2026-11-21T12:04:59Z"));
    expect((await download(early.link?.url as string)).res.status).toBe(200);
    app.setNow(new Date("2026-11-21T12:05:00Z"));
    const expired = await download(late.link?.url as string);
    expect(expired.res.status).toBe(410);
    expect(expired.text).toBe(
      "This download link has expired or was already used. Export your books again in Exodus.\n",
    );
  });

  it("gives nobody else my books: no link without signing in, no file for a guessed or a leaver's link", async () => {
    app.setNow(new Date("2026-11-21T12:00:00Z"));
    const [ann] = await app.members("Ann");
    expect((await exportLink(undefined)).status).toBe(401);

    const guessed = await download(`${base}/export/${"A".repeat(43)}`);
    expect(guessed.res.status).toBe(410);
    expect((await download(`${base}/export/%zz`)).res.status).toBe(410);

    const { link } = await exportLink(ann);
    await app.as(ann).member.leave({ confirm: true });
    expect((await download(link?.url as string)).res.status).toBe(410);
  });

  it("lets Telegram check a link without using it up", async () => {
    app.setNow(new Date("2026-11-21T12:00:00Z"));
    const [ann] = await app.members("Ann");
    const { link } = await exportLink(ann);
    const url = link?.url as string;
    const head = await fetch(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-disposition")).toBe(
      'attachment; filename="exodus-books-2026-11-21.csv"',
    );
    expect((await download(url)).res.status).toBe(200);
    expect((await fetch(url, { method: "HEAD" })).status).toBe(410);
  });

  it("shows a chat's link preview what the link is, and keeps the one download for the person", async () => {
    app.setNow(new Date("2026-11-21T12:00:00Z"));
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await openMonthly(ben, 100_00);
    await app.as(ann).pledge.create({ collectionId, amount: 12_00 });
    const { link } = await exportLink(ann);
    const url = link?.url as string;

    for (const crawler of [
      "TelegramBot (like TwitterBot)",
      "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
      "Mozilla/5.0 (compatible; Twitterbot/1.0)",
      "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
      "WhatsApp/2.23.20.0",
      "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    ]) {
      const preview = await fetch(url, { headers: { "user-agent": crawler } });
      const page = await preview.text();
      expect(preview.status, crawler).toBe(200);
      expect(preview.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(page).toContain("A one-time download of someone&#39;s books.");
      expect(page).not.toMatch(/Ben|12\.00|Pledge/);
    }

    const file = await download(url);
    expect(file.res.status).toBe(200);
    expect(file.text).toContain("Ben");
    expect((await download(url)).res.status).toBe(410);
  });

  it("serves a link to exactly one of two downloads at once", async () => {
    app.setNow(new Date("2026-11-21T12:00:00Z"));
    const [ann] = await app.members("Ann");
    const { link } = await exportLink(ann);
    const both = await Promise.all([download(link?.url as string), download(link?.url as string)]);
    expect(both.map((d) => d.res.status).sort()).toEqual([200, 410]);
  });

  it("reads large books a page at a time, each pledge once, and keeps odd names intact", async () => {
    app.setNow(new Date("2026-11-21T12:00:00Z"));
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    await app.as(ben).member.updateProfile({ name: 'Ben "Benny", Jr.' });
    await app.as(cat).member.updateProfile({ name: "=1+1" });
    const given = [];
    for (const receiver of [ben, cat]) {
      const collectionId = await openMonthly(receiver, 100_00);
      given.push((await app.as(ann).pledge.create({ collectionId, amount: 1_00 })).id);
    }
    const annMonthly = await openMonthly(ann, 100_00);
    for (const giver of [ben, cat]) {
      given.push(
        (await app.as(giver).pledge.create({ collectionId: annMonthly, amount: 2_00 })).id,
      );
    }

    const annId = (await app.as(ann).member.me()).profile.id;
    const paged = [];
    for await (const line of exportLines(app.db.prisma, annId, 3)) paged.push(line.id);
    expect(paged).toEqual(given);

    const { link } = await exportLink(ann);
    const rows = rowsOf((await download(link?.url as string)).text).slice(1);
    expect(rows.map((r) => [r[2], r[3]])).toEqual([
      ["Given", 'Ben "Benny", Jr.'],
      ["Given", "'=1+1"],
      ["Received", 'Ben "Benny", Jr.'],
      ["Received", "'=1+1"],
    ]);
  });
});
