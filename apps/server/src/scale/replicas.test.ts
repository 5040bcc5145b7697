/**
 * Several replicas on one PostgreSQL (README, "Scaling out"): two servers, each running the bot by
 * webhook and so each a dispatcher of the outbox, with their schedulers ticking every second, reach
 * PostgreSQL through PgBouncer in transaction pooling mode, while members write through both. The
 * schema is migrated directly on PostgreSQL first, as in production.
 *
 * Without DATABASE_URL the same two replicas share one embedded database in this process (there is
 * no server for PgBouncer to stand in front of), as the other tests fall back to PGlite.
 */

import { type FakeBotApi, startFakeBotApi } from "@exodus/bot/testing";
import type { Database } from "@exodus/db";
import { createTestDatabase } from "@exodus/db/testing";
import { sign } from "@telegram-apps/init-data-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningApp, startApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { TEST_BOT_TOKEN, type TestUser } from "../testing.ts";
import { type PgBouncer, startPgBouncer } from "./pgbouncer.ts";

/** Ten days before May ends, and half a minute into June. */
const IN_MAY = new Date("2027-05-20T12:00:00Z");
const JUNE_BEGUN = new Date("2027-06-01T00:00:30Z");

/** A chain of members, each invited by the one before; each also brings in a newcomer. */
const CHAIN = 8;
const members: TestUser[] = Array.from({ length: CHAIN }, (_, i) => ({
  id: 93_101 + i,
  first_name: `Member ${i + 1}`,
  language_code: "en",
}));
const newcomers: TestUser[] = Array.from({ length: CHAIN }, (_, i) => ({
  id: 93_201 + i,
  first_name: `Newcomer ${i + 1}`,
  language_code: "en",
}));

const where = process.env.DATABASE_URL
  ? "on one PostgreSQL through PgBouncer in transaction mode"
  : "on one embedded database";

describe(`two server replicas with a dispatcher each, ${where}`, () => {
  let db: Database & { drop(): Promise<void>; url: string | undefined };
  let bouncer: PgBouncer | undefined;
  /** One fake Telegram per replica, so each dispatcher's sends can be told apart. */
  let telegrams: FakeBotApi[] = [];
  let replicas: RunningApp[] = [];
  let now = IN_MAY;
  /** How often each replica read the clock: each scheduler tick reads it once. */
  const clockReads = [0, 0];
  /** Every HTTP status the replicas answered the members with. */
  const statuses: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    if (db.url) bouncer = await startPgBouncer({ target: db.url, poolSize: 6 });
    telegrams = await Promise.all([startFakeBotApi(), startFakeBotApi()]);
    const configFor = (telegram: FakeBotApi) =>
      loadConfig({
        NODE_ENV: "test",
        HOST: "127.0.0.1",
        PORT: "0",
        DATABASE_URL: bouncer?.url ?? "",
        BOT_TOKEN: TEST_BOT_TOKEN,
        PUBLIC_URL: "https://exodus.example/app",
        BOT_API_ROOT: telegram.apiRoot,
        // By webhook every replica may run the bot (long polling allows one poller in all).
        BOT_WEBHOOK_SECRET: "replicas-test-webhook-secret",
        RUN_BOT: "true",
        SCHEDULER_INTERVAL: "1",
        NOTIFY_RATE: "100",
      });
    replicas = await Promise.all(
      [0, 1].map((i) =>
        startApp(
          configFor(telegrams[i] as FakeBotApi),
          () => {
            clockReads[i] = (clockReads[i] ?? 0) + 1;
            return now;
          },
          bouncer ? {} : { database: db },
        ),
      ),
    );
    // The embedded database starts slowly on a busy machine.
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await Promise.all(telegrams.map((t) => t.close()));
    await bouncer?.close();
    await db?.drop();
  });

  /**
   * A member's call through one replica, as the Mini App makes it, signed at the servers' time. A
   * 429 ("busy", "closing the month") is retried after its Retry-After, as the Mini App does.
   */
  async function call<T>(
    replica: number,
    user: TestUser,
    path: string,
    input?: unknown,
  ): Promise<T> {
    const app = replicas[replica % replicas.length] as RunningApp;
    const query = path === "books.dashboard";
    for (let attempt = 1; ; attempt++) {
      const initData = sign({ user, chat_type: "sender", chat_instance: "1" }, TEST_BOT_TOKEN, now);
      const response = await fetch(new URL(`/trpc/${path}`, app.url), {
        method: query ? "GET" : "POST",
        headers: { authorization: `tma ${initData}`, "content-type": "application/json" },
        ...(query ? {} : { body: JSON.stringify(input ?? {}) }),
      });
      statuses.push(response.status);
      const body = (await response.json()) as { result?: { data: T } };
      if (response.status === 429 && attempt < 30) {
        const wait = Number(response.headers.get("retry-after") ?? 1);
        await new Promise((r) => setTimeout(r, Math.min(wait, 2) * 1000));
        continue;
      }
      if (!response.ok || !body.result) {
        throw new Error(`${path} answered ${response.status}: ${JSON.stringify(body)}`);
      }
      return body.result.data;
    }
  }

  const sendsOf = (telegram: FakeBotApi) =>
    telegram.requests.filter((r) => r.method === "sendMessage");
  const sends = () => telegrams.flatMap(sendsOf);

  it("roll the month over once and send every message once, while members write through both", async () => {
    // May: a chain of members, each invited by the one before, through alternating replicas; each
    // member's invite also brings in a newcomer.
    const codes: string[] = [];
    for (const [i, member] of members.entries()) {
      if (i > 0) await call(i, member, "network.openInvite", { code: codes[i - 1] });
      codes.push((await call<{ code: string }>(i + 1, member, "network.createInvite", {})).code);
    }
    await Promise.all(
      newcomers.map((n, i) => call(i, n, "network.openInvite", { code: codes[i] })),
    );
    const collectionOf = new Map<number, number>();
    await Promise.all(
      members.map(async (m, i) => {
        await call(i, m, "member.changeStatus", { action: "openMonthly", goal: 100_00 });
        const books = await call<{ collections: { id: number }[] }>(i + 1, m, "books.dashboard");
        collectionOf.set(m.id, books.collections[0]?.id as number);
      }),
    );

    // Each member gives to the next one in the chain (confirmed: renewed in June) and promises the
    // one after (an intention: lapses), all at once through both replicas.
    const confirmed: number[] = [];
    const intentions: number[] = [];
    await Promise.all(
      members.map(async (giver, i) => {
        const next = members[i + 1];
        const afterNext = members[i + 2];
        if (next) {
          const { id } = await call<{ id: number }>(i, giver, "pledge.create", {
            collectionId: collectionOf.get(next.id),
            amount: 10_00 + i,
          });
          await call(i + 1, giver, "pledge.act", { pledgeId: id, action: "commit" });
          await call(i, giver, "pledge.act", { pledgeId: id, action: "fulfil" });
          await call(i + 1, next, "pledge.act", { pledgeId: id, action: "confirm" });
          confirmed.push(id);
        }
        if (afterNext) {
          const { id } = await call<{ id: number }>(i + 1, giver, "pledge.create", {
            collectionId: collectionOf.get(afterNext.id),
            amount: 5_00,
          });
          intentions.push(id);
        }
      }),
    );

    // June begins: both schedulers see it within a second, while each newcomer pledges to the
    // member who invited them and changes the amount back and forth, through both replicas.
    now = JUNE_BEGUN;
    const newcomerPledges = await Promise.all(
      newcomers.map(async (n, i) => {
        const collectionId = collectionOf.get((members[i] as TestUser).id);
        const { id } = await call<{ id: number }>(i, n, "pledge.create", {
          collectionId,
          amount: 20_00,
        });
        for (const [k, amount] of [25_00, 20_00, 30_00].entries()) {
          await call(i + k + 1, n, "pledge.act", { pledgeId: id, action: "edit", amount });
        }
        return id;
      }),
    );

    const juneRun = () =>
      db.prisma.cycleRun.findMany({ where: { job: "rollover", period: new Date("2027-06-01") } });
    const unsent = () => db.prisma.outbox.count({ where: { sentAt: null, failedAt: null } });
    const renewals = () =>
      db.prisma.pledge.findMany({
        where: { renewedFromId: { not: null } },
        select: { renewedFromId: true, state: true },
      });
    const summaries = () => db.prisma.outbox.findMany({ where: { kind: "rollover.summary" } });
    await vi.waitFor(
      async () => {
        expect(await renewals()).toHaveLength(confirmed.length);
        expect(await summaries()).toHaveLength(CHAIN);
        expect(await unsent()).toBe(0);
      },
      { timeout: 90_000, interval: 200 },
    );
    // Both schedulers tick twice more after that (each tick tries the rollover again), and what
    // those ticks queue is delivered too.
    const seen = [...clockReads];
    await vi.waitFor(
      async () => {
        expect(clockReads.every((n, i) => n >= (seen[i] ?? 0) + 2)).toBe(true);
        expect(await unsent()).toBe(0);
      },
      { timeout: 30_000, interval: 200 },
    );
    const through = await bouncer?.stats();
    const pooled = await bouncer?.servers();
    await Promise.all(replicas.map((r) => r.close()));

    expect(statuses.filter((s) => s >= 500)).toEqual([]);

    // The rollover ran once: one run, each confirmed pledge renewed once, each intention lapsed once.
    expect(await juneRun()).toHaveLength(1);
    const renewed = await renewals();
    expect(renewed.map((r) => r.renewedFromId).sort(byNumber)).toEqual(confirmed.sort(byNumber));
    expect(renewed.every((r) => r.state === "intention")).toBe(true);
    expect(await db.prisma.pledgeEvent.count({ where: { action: "renew" } })).toBe(
      confirmed.length,
    );
    const lapsed = await db.prisma.pledge.findMany({ where: { id: { in: intentions } } });
    expect(lapsed.map((p) => p.state)).toEqual(intentions.map(() => "lapsed"));
    expect(
      await db.prisma.pledgeEvent.count({
        where: { action: "lapse", pledgeId: { in: intentions } },
      }),
    ).toBe(intentions.length);

    // The newcomers' June pledges stand as they last left them, untouched by the rollover.
    const theirs = await db.prisma.pledge.findMany({ where: { id: { in: newcomerPledges } } });
    expect(theirs.map((p) => [p.state, p.amount])).toEqual(
      newcomerPledges.map(() => ["intention", 30_00]),
    );

    // One summary per member of the chain, none for the newcomers (June changed nothing of theirs).
    const telegramId = new Map(
      (await db.prisma.member.findMany({ select: { id: true, telegramId: true } })).map((m) => [
        m.id,
        Number(m.telegramId),
      ]),
    );
    expect((await summaries()).map((s) => telegramId.get(s.recipientId)).sort(byNumber)).toEqual(
      members.map((m) => m.id),
    );
    for (const m of members) {
      const summary = sends().filter(
        (r) => r.body.chat_id === m.id && String(r.body.text).includes("has begun"),
      );
      expect(summary, m.first_name).toHaveLength(1);
    }

    // Every message of the outbox reached Telegram exactly once: each chat got as many messages as
    // the outbox holds for its member, and none was refused or left behind.
    const rows = await db.prisma.outbox.findMany();
    expect(rows.filter((r) => r.sentAt === null || r.failedAt !== null)).toEqual([]);
    const count = (ids: number[]) =>
      ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<number, number>());
    expect(count(sends().map((r) => Number(r.body.chat_id)))).toEqual(
      count(rows.map((r) => telegramId.get(r.recipientId) as number)),
    );
    expect(rows.length).toBeGreaterThan(3 * CHAIN);
    // Both dispatchers took their share.
    for (const telegram of telegrams) expect(sendsOf(telegram).length).toBeGreaterThan(0);

    if (bouncer && through && pooled) {
      // All of it went through PgBouncer, on no more server connections than its pool.
      expect(through.transactions).toBeGreaterThan(statuses.length);
      expect(pooled.active + pooled.idle).toBeLessThanOrEqual(bouncer.poolSize);
    }
  }, 240_000);
});

const byNumber = (a: number | null | undefined, b: number | null | undefined) =>
  (a ?? 0) - (b ?? 0);
