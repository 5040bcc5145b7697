import { Writable } from "node:stream";
import { type Database, openDatabase } from "@exodus/db";
import { createTestDatabase } from "@exodus/db/testing";
import { type Language, type MessageKind, messageKinds, messageLink } from "@exodus/shared";
import { Api } from "grammy";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../log.ts";
import { type FakeBotApi, startFakeBotApi } from "../testing/fake-bot-api.ts";
import { startFakeProcess } from "../testing/fake-process.ts";
import { type Dispatcher, type DispatcherOptions, startDispatcher } from "./dispatcher.ts";
import { createRenderer } from "./render.ts";

const TOKEN = "123456:delivery-test-token";
const MINI_APP = "https://exodus.example/app";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let telegram: FakeBotApi;
const running: Dispatcher[] = [];
const extraDbs: Database[] = [];
/** The member table's owner, as the server is: it hears whom Telegram said blocked the bot. */
const blocked: number[] = [];
const members = {
  async setReachable(telegramId: number, reachable: boolean) {
    if (!reachable) blocked.push(telegramId);
  },
};

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const extra of extraDbs) await extra.close();
  await db.drop();
});
afterEach(async () => {
  for (const d of running.splice(0)) await d.stop();
  blocked.length = 0;
  await telegram?.close();
  await db.prisma.$executeRawUnsafe(
    "TRUNCATE outbox, chat_pace, dispatch_pace, pledge, collection, member RESTART IDENTITY CASCADE",
  );
});

async function dispatch(options: Partial<DispatcherOptions> = {}, prisma = db.prisma) {
  const dispatcher = startDispatcher({
    prisma,
    api: new Api(TOKEN, { apiRoot: telegram.apiRoot }),
    renderer: createRenderer({ miniAppUrl: MINI_APP, currency: "EUR" }),
    members,
    logger: createLogger({ level: "silent" }),
    ratePerSecond: 200,
    idlePollMs: 50,
    retryBaseMs: 50,
    ...options,
  });
  running.push(dispatcher);
  return dispatcher;
}

let telegramIds = 700_000;
async function member(name: string, language: Language = "en") {
  return db.prisma.member.create({
    data: { telegramId: BigInt(telegramIds++), firstName: name, language },
  });
}

async function queue(
  recipientId: number,
  kind: MessageKind,
  payload: Record<string, unknown> = {},
) {
  return db.prisma.outbox.create({
    data: {
      recipientId,
      kind,
      payload: payload as object,
      dedupeKey: `${kind}:${recipientId}:${Math.random()}`,
      link: messageLink(kind, payload),
    },
  });
}

const sends = () => telegram.requests.filter((r) => r.method === "sendMessage");

describe("delivering the outbox", () => {
  it("renders every kind in each recipient's language, with a button into the right screen", async () => {
    telegram = await startFakeBotApi();
    const [anna, boris, olena, giver] = [
      await member("Anna", "en"),
      await member("Борис", "ru"),
      await member("Олена", "uk"),
      await member("Gil", "en"),
    ];
    const collection = await db.prisma.collection.create({
      data: { memberId: anna.id, kind: "monthly", goal: 100_00 },
    });
    const pledge = await db.prisma.pledge.create({
      data: {
        giverId: giver.id,
        receiverId: anna.id,
        collectionId: collection.id,
        amount: 25_50,
        state: "obligation",
        period: new Date("2026-11-01"),
      },
    });
    const payloads: Record<MessageKind, Record<string, unknown>> = {
      "status.changed": { memberId: anna.id, status: "red", collectionId: collection.id },
      "intention.created": { pledgeId: pledge.id, amount: 25_50 },
      "obligation.created": { pledgeId: pledge.id, amount: 25_50 },
      "pledge.edit": { pledgeId: pledge.id },
      "pledge.withdraw": { pledgeId: pledge.id },
      "pledge.commit": { pledgeId: pledge.id },
      "pledge.fulfil": { pledgeId: pledge.id },
      "pledge.confirm": { pledgeId: pledge.id },
      "pledge.notReceived": { pledgeId: pledge.id },
      "pledge.release": { pledgeId: pledge.id },
      "nudge.askCommit": { pledgeId: pledge.id },
      "nudge.askFulfil": { pledgeId: pledge.id, paymentLabel: "IBAN", paymentValue: "DE02 1234" },
      "nudge.remindConfirm": { pledgeId: pledge.id },
      "intention.ended": { memberId: anna.id, collectionId: collection.id, amount: 10_00 },
      "monthly.paused": { memberId: anna.id, collectionId: collection.id },
      "emergency.summary": { memberId: anna.id, collectionId: collection.id, outcome: "reached" },
      "emergency.thanks": { memberId: anna.id, collectionId: collection.id, outcome: "reached" },
      "reminder.periodEnding": { period: "2026-11", pledges: 2 },
      "reminder.confirmDue": { pledgeId: pledge.id, amount: 25_50 },
      "rollover.summary": {
        period: "2026-12",
        givenLapsed: 1,
        givenRenewed: 2,
        givenRenewedAmount: 40_00,
        givenOverdue: 5,
        receivedRenewed: 0,
        receivedRenewedAmount: 0,
        receivedOverdue: 1,
      },
      "invite.joined": { memberId: giver.id },
      "reminder.emergencyDeadline": {
        memberId: anna.id,
        collectionId: collection.id,
        amount: 30_00,
        hoursLeft: 12,
      },
      "reminder.emergencyMissing": { collectionId: collection.id, amount: 45_00, hoursLeft: 22 },
      "collection.update": {
        memberId: anna.id,
        collectionId: collection.id,
        updateId: 1,
        text: "The surgery is on Friday.",
      },
      "plan.changed": { planId: 1, moved: 30_00 },
      "clearing.upcoming": { period: "2026-11" },
      "clearing.proposed": {
        roundId: 1,
        noLongerOwe: 30_00,
        noLongerOwed: 30_00,
        owe: [{ memberId: giver.id, amount: 30_00 }],
        owed: [{ memberId: olena.id, amount: 30_00 }],
      },
      "clearing.applied": {
        roundId: 1,
        noLongerOwe: 30_00,
        noLongerOwed: 30_00,
        owe: [{ memberId: giver.id, amount: 30_00 }],
        owed: [{ memberId: olena.id, amount: 30_00 }],
      },
      "clearing.failed": { roundId: 1 },
      "initiative.askCommit": {
        memberId: giver.id,
        collectionId: collection.id,
        title: "A bench for the yard",
        pledgeId: pledge.id,
        amount: 25_50,
      },
      "initiative.ahead": {
        memberId: giver.id,
        collectionId: collection.id,
        title: "A bench for the yard",
        pledgeId: pledge.id,
      },
      // Anna's own: she hears it in words of her own, the others as news of hers.
      "initiative.done": { memberId: anna.id, collectionId: collection.id, title: "A bench" },
      "initiative.failed": { memberId: anna.id, collectionId: collection.id, title: "A bench" },
      // Its initiator left before it was sent: the title went with them.
      "initiative.cancelled": { memberId: giver.id, collectionId: collection.id },
      "pool.invited": { poolId: 3, memberId: giver.id, name: "Roof fund" },
      "claim.toBack": {
        poolId: 3,
        collectionId: collection.id,
        memberId: giver.id,
        amount: 120_00,
      },
      "claim.share": {
        poolId: 3,
        collectionId: collection.id,
        memberId: giver.id,
        amount: 40_00,
        answerBy: "2027-03-13T12:00:00.000Z",
      },
      // Anna's own claim: covered, then one the caps left could not wholly carry.
      "claim.settled": {
        poolId: 3,
        collectionId: collection.id,
        memberId: anna.id,
        amount: 80_00,
        uncovered: 40_00,
      },
      "claim.lapsed": { poolId: 3, collectionId: collection.id, memberId: anna.id },
    };
    for (const recipient of [anna, boris, olena]) {
      for (const kind of messageKinds) await queue(recipient.id, kind, payloads[kind]);
    }
    await (await dispatch({ perChatIntervalMs: 0 })).idle();

    const byChat = new Map<string, unknown[]>();
    for (const r of sends()) {
      const list = byChat.get(String(r.body.chat_id)) ?? [];
      list.push({ text: r.body.text, reply_markup: r.body.reply_markup });
      byChat.set(String(r.body.chat_id), list);
    }
    expect(sends()).toHaveLength(3 * messageKinds.length);
    // The exact messages, in English, Russian and Ukrainian, kept in the snapshot file beside
    // this test: a change of wording or of a button shows up there for review.
    expect(byChat.get(String(anna.telegramId))).toMatchSnapshot("en");
    expect(byChat.get(String(boris.telegramId))).toMatchSnapshot("ru");
    expect(byChat.get(String(olena.telegramId))).toMatchSnapshot("uk");
    expect(await db.prisma.outbox.count({ where: { sentAt: null } })).toBe(0);
  });

  it("names a clearing part's counterparts as they are when it leaves; one who left is a deleted member", async () => {
    telegram = await startFakeBotApi();
    const [anna, boris, clara, dora] = [
      await member("Anna"),
      await member("Boris"),
      await member("Clara"),
      await member("Dora"),
    ];
    await queue(anna.id, "clearing.applied", {
      roundId: 1,
      noLongerOwe: 50_00,
      noLongerOwed: 50_00,
      owe: [
        { memberId: boris.id, amount: 30_00 },
        { memberId: clara.id, amount: 20_00 },
      ],
      owed: [{ memberId: dora.id, amount: 50_00 }],
    });
    // After the row was written: Boris renamed himself, Clara left Exodus.
    await db.prisma.member.update({ where: { id: boris.id }, data: { displayName: "Bob" } });
    await db.prisma.member.update({ where: { id: clara.id }, data: { deletedAt: new Date() } });
    await (await dispatch()).idle();
    expect(sends().map((r) => r.body.text)).toEqual([
      [
        "🔄 The clearing round is applied.",
        "You no longer owe:",
        "• Bob: €30.00",
        "• a deleted member: €20.00",
        "Who no longer owes you:",
        "• Dora: €50.00",
        "These amounts count as given and confirmed.",
      ].join("\n"),
    ]);
  });

  it("waits out a 429's retry_after, then delivers once", async () => {
    telegram = await startFakeBotApi();
    const anna = await member("Anna");
    await queue(anna.id, "invite.joined", { memberId: anna.id });
    let refused = 0;
    telegram.answer("sendMessage", (body) => {
      if (refused++ === 0) {
        return {
          ok: false,
          error_code: 429,
          description: "Too Many Requests: retry after 1",
          parameters: { retry_after: 1 },
        };
      }
      return {
        ok: true,
        result: { message_id: 1, date: 0, chat: { id: Number(body.chat_id), type: "private" } },
      };
    });
    await (await dispatch()).idle();
    await waitUntil(async () => (await db.prisma.outbox.count({ where: { sentAt: null } })) === 0);
    const times = telegram.arrivals.filter(
      (_, i) => telegram.requests[i]?.method === "sendMessage",
    );
    expect(sends()).toHaveLength(2);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it("retries a 5xx and a dropped connection with backoff, then delivers", async () => {
    telegram = await startFakeBotApi();
    const anna = await member("Anna");
    const row = await queue(anna.id, "invite.joined", { memberId: anna.id });
    let calls = 0;
    telegram.answer("sendMessage", (body) =>
      ++calls <= 2
        ? { ok: false, error_code: 502, description: "Bad Gateway" }
        : {
            ok: true,
            result: { message_id: 1, date: 0, chat: { id: Number(body.chat_id), type: "private" } },
          },
    );
    await dispatch();
    await waitUntil(
      async () =>
        (await db.prisma.outbox.findUniqueOrThrow({ where: { id: row.id } })).sentAt !== null,
    );
    expect(sends()).toHaveLength(3);
    expect(await db.prisma.outbox.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      attempts: 3,
      failedAt: null,
    });
  });

  it("marks a member who blocked the bot unreachable and sends them nothing more", async () => {
    telegram = await startFakeBotApi();
    const [anna, bob] = [await member("Anna"), await member("Bob")];
    for (let i = 0; i < 3; i++) await queue(anna.id, "invite.joined", { memberId: bob.id });
    await queue(bob.id, "invite.joined", { memberId: anna.id });
    telegram.answer("sendMessage", (body) =>
      Number(body.chat_id) === Number(anna.telegramId)
        ? { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }
        : {
            ok: true,
            result: { message_id: 1, date: 0, chat: { id: Number(body.chat_id), type: "private" } },
          },
    );
    await (await dispatch()).idle();
    const toAnna = sends().filter((r) => Number(r.body.chat_id) === Number(anna.telegramId));
    expect(toAnna).toHaveLength(1);
    expect(blocked).toEqual([Number(anna.telegramId)]);
    expect(
      await db.prisma.outbox.count({ where: { recipientId: anna.id, failedAt: { not: null } } }),
    ).toBe(3);
    expect(
      await db.prisma.outbox.count({ where: { recipientId: bob.id, sentAt: { not: null } } }),
    ).toBe(1);
  });

  it("sends nothing of a kind the member muted, and everything else", async () => {
    telegram = await startFakeBotApi();
    const anna = await member("Anna");
    await db.prisma.member.update({
      where: { id: anna.id },
      data: { notificationsMuted: ["network"] },
    });
    const muted = await queue(anna.id, "status.changed", { memberId: anna.id, status: "orange" });
    const wanted = await queue(anna.id, "reminder.periodEnding", { period: "2026-11" });
    await (await dispatch()).idle();
    expect(sends().map((r) => r.body.text)).toEqual([
      "November 2026 ends in three days. You still have open intentions or obligations: commit or give what you can.",
    ]);
    expect(await db.prisma.outbox.findUniqueOrThrow({ where: { id: muted.id } })).toMatchObject({
      sentAt: null,
      error: "muted",
    });
    expect(
      (await db.prisma.outbox.findUniqueOrThrow({ where: { id: wanted.id } })).sentAt,
    ).not.toBeNull();
  });

  it("leaves a row to whoever took it over while Telegram stalled, and sends it no more", async () => {
    telegram = await startFakeBotApi();
    const members = [];
    for (let i = 0; i < 5; i++) members.push(await member(`M${i}`));
    const rows = [];
    for (const m of members) rows.push(await queue(m.id, "invite.joined", { memberId: m.id }));
    // Telegram holds its answers back for 0.7 s: four requests wait unanswered (shorter than their
    // lease, as the client's timeout is shorter than the real one), and the fifth message waits
    // behind them for longer than half its lease.
    let release!: () => void;
    const stalled = new Promise<void>((r) => {
      release = r;
    });
    telegram.answer("sendMessage", async (body) => {
      await stalled;
      return {
        ok: true,
        result: { message_id: 1, date: 0, chat: { id: Number(body.chat_id), type: "private" } },
      };
    });
    // At Telegram's pace (25/s) the dispatcher leaves at most four requests unanswered.
    await dispatch({ leaseMs: 1000, ratePerSecond: 25 });
    await waitUntil(async () => sends().length === 4);
    // Meanwhile another dispatcher takes the fifth row (its lease ran out): a new lease of its own.
    const fifth = rows[4] as { id: bigint };
    const taken = new Date(Date.now() + 60_000);
    await db.prisma.outbox.update({ where: { id: fifth.id }, data: { leaseUntil: taken } });
    await new Promise((r) => setTimeout(r, 600));
    release();
    await waitUntil(
      async () => (await db.prisma.outbox.count({ where: { sentAt: { not: null } } })) === 4,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(sends()).toHaveLength(4);
    expect(sends().map((r) => Number(r.body.chat_id))).not.toContain(
      Number(members[4]?.telegramId),
    );
    expect(await db.prisma.outbox.findUniqueOrThrow({ where: { id: fifth.id } })).toMatchObject({
      sentAt: null,
      failedAt: null,
      leaseUntil: taken,
    });
  });

  it("delivers 1,000 rows exactly once with two dispatchers, within the global and per-chat pace", async () => {
    const remote = await telegramElsewhere();
    // 250 chats, four messages each: the per-chat pace (one a second) matters as much as the rate.
    await db.prisma.$executeRaw`
      INSERT INTO member (telegram_id, first_name, language, updated_at)
      SELECT 800000 + g, 'Member ' || g, 'en', now() FROM generate_series(1, 250) g`;
    await db.prisma.$executeRaw`
      INSERT INTO outbox (recipient_id, kind, payload, dedupe_key, link)
      SELECT m.id, 'invite.joined', jsonb_build_object('memberId', m.id, 'n', n),
        'bulk:' || m.id || ':' || n, '_home'
      FROM member m CROSS JOIN generate_series(1, 4) n`;
    // On PostgreSQL the second dispatcher has its own connection pool, as a second process would.
    const rate = 400;
    const a = await dispatch({ ratePerSecond: rate });
    const b = await dispatch({ ratePerSecond: rate }, await anotherProcess());
    await waitUntil(async () => (await unsent()) === 0, 30_000);
    await Promise.all([a.idle(), b.idle()]);

    const seen = await remote.stats(rate);
    expect(seen.sendMessage).toBe(1000);
    expect(Object.keys(seen.perChat)).toHaveLength(250);
    expect(Object.values(seen.perChat).every((n) => n === 4)).toBe(true);
    expect(seen.violations).toMatchObject({ global: 0, perChat: 0 });
  });
});

/**
 * Telegram in a process of its own, so that it times arrivals as Telegram's servers would, not
 * bunched by the pauses of this busy process (three dispatchers, their database work): the pace
 * tests count what it saw. Closed after the test, as `telegram` is.
 */
async function telegramElsewhere(stall?: { after: number; ms: number }) {
  const remote = await startFakeProcess(stall);
  telegram = { apiRoot: remote.apiRoot, close: () => remote.close() } as FakeBotApi;
  return remote;
}

/** A connection pool of its own, as a dispatcher in another process has (shared on PGlite). */
async function anotherProcess() {
  if (!db.url) return db.prisma;
  const other = await openDatabase({ url: db.url });
  extraDbs.push(other);
  return other.prisma;
}

/** Members 1…n (chats), each with `perChat` messages queued. */
async function queueMany(chats: number, perChat = 1) {
  await db.prisma.$executeRaw`
    INSERT INTO member (telegram_id, first_name, language, updated_at)
    SELECT 900000 + g, 'Member ' || g, 'en', now() FROM generate_series(1, ${chats}) g`;
  await db.prisma.$executeRaw`
    INSERT INTO outbox (recipient_id, kind, payload, dedupe_key, link)
    SELECT m.id, 'invite.joined', jsonb_build_object('memberId', m.id), 'many:' || m.id || ':' || n,
      '_home'
    FROM member m CROSS JOIN generate_series(1, ${perChat}) n`;
}

const sendsPerChat = () => {
  const counts = new Map<number, number>();
  for (const r of sends())
    counts.set(Number(r.body.chat_id), (counts.get(Number(r.body.chat_id)) ?? 0) + 1);
  return counts;
};
const unsent = () => db.prisma.outbox.count({ where: { sentAt: null } });
const ok = (body: Record<string, unknown>) => ({
  ok: true as const,
  result: { message_id: 1, date: 0, chat: { id: Number(body.chat_id), type: "private" } },
});

describe("several dispatchers, crashes and a slow Telegram", () => {
  it("never sends more than the rate in any second with three dispatchers, also when one falls behind", async () => {
    // Telegram holds its answers back for a second and a half after the 20th message: every
    // dispatcher falls behind its slots, and catching up must not crowd a second.
    const remote = await telegramElsewhere({ after: 20, ms: 1500 });
    await queueMany(100);
    const rate = 20;
    for (let i = 0; i < 3; i++) await dispatch({ ratePerSecond: rate }, await anotherProcess());
    await waitUntil(async () => (await unsent()) === 0, 30_000);

    // Counted where Telegram would count them: the fake's arrival times, per sliding second.
    const seen = await remote.stats(rate);
    expect(seen.violations.global).toBe(0);
    expect(seen.violations.busiest).toBeLessThanOrEqual(rate);
    // Each of the 100 chats had its one message, once.
    expect(seen.sendMessage).toBe(100);
    expect(Object.values(seen.perChat).every((n) => n === 1)).toBe(true);
    expect(seen.chats).toBe(100);
  });

  it("frees a crashed dispatcher's rows within a lease: another sends them, and sends again only what was unrecorded", async () => {
    telegram = await startFakeBotApi();
    await queueMany(8);
    const leaseMs = 1000;
    // The dispatcher dies just after Telegram accepted its third message, before recording it.
    const api = new Api(TOKEN, { apiRoot: telegram.apiRoot });
    let accepted = 0;
    let crashedChat: number | undefined;
    let dying: Dispatcher | undefined;
    api.config.use(async (prev, method, payload, signal) => {
      const result = await prev(method, payload, signal);
      if (method === "sendMessage" && ++accepted === 3) {
        crashedChat = Number((payload as { chat_id: number }).chat_id);
        dying?.halt();
      }
      return result;
    });
    dying = await dispatch({ api, ratePerSecond: 4, leaseMs });
    await waitUntil(async () => crashedChat !== undefined);
    // What the dead one held is held for no longer than a lease from its last heartbeat.
    const [held] = await db.prisma.$queryRaw<{ until: Date | null }[]>`
      SELECT max(lease_until) AS until FROM outbox WHERE sent_at IS NULL`;
    expect(held?.until?.getTime() ?? 0).toBeLessThanOrEqual(Date.now() + leaseMs);

    await dispatch({ ratePerSecond: 4, leaseMs }, await anotherProcess());
    await waitUntil(async () => (await unsent()) === 0);
    const counts = sendsPerChat();
    expect(counts.size).toBe(8);
    expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([[crashedChat, 2]]);
  });

  it("keeps a slow send its own: the heartbeat renews its lease, so no other dispatcher sends it too", async () => {
    telegram = await startFakeBotApi();
    await queueMany(4);
    const leaseMs = 400;
    // Telegram answers each message after more than three leases.
    telegram.answer("sendMessage", async (body) => {
      await new Promise((r) => setTimeout(r, 4 * leaseMs));
      return ok(body);
    });
    await dispatch({ ratePerSecond: 20, leaseMs });
    await waitUntil(async () => sends().length === 4);
    await dispatch({ ratePerSecond: 20, leaseMs }, await anotherProcess());
    await waitUntil(async () => (await unsent()) === 0);
    // The second dispatcher looked for work all the while the answers took; it found none.
    expect(sends()).toHaveLength(4);
    expect(sendsPerChat().size).toBe(4);
  });

  it("logs each failure with its class, row and member, never the message or the token", async () => {
    telegram = await startFakeBotApi();
    const [anna, bob] = [await member("Anna"), await member("Bob")];
    const toAnna = await queue(anna.id, "invite.joined", { memberId: bob.id });
    const toBob = await queue(bob.id, "invite.joined", { memberId: anna.id });
    let bobsTries = 0;
    telegram.answer("sendMessage", (body) =>
      Number(body.chat_id) === Number(anna.telegramId)
        ? { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }
        : ++bobsTries === 1
          ? { ok: false, error_code: 502, description: "Bad Gateway" }
          : ok(body),
    );
    const lines: Record<string, unknown>[] = [];
    const text: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        text.push(String(chunk));
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    await dispatch({ logger: createLogger({ level: "info" }, stream) });
    // Anna's row fails at once; Bob's is sent on its second try.
    await waitUntil(
      async () =>
        (await db.prisma.outbox.findUniqueOrThrow({ where: { id: toBob.id } })).sentAt !== null,
    );

    const failures = lines.filter((l) => l.msg === "delivery failed");
    expect(failures).toEqual([
      expect.objectContaining({
        class: "unreachable",
        outboxId: String(toAnna.id),
        memberId: anna.id,
        reason: "Forbidden: bot was blocked by the user",
      }),
      expect.objectContaining({
        class: "temporary",
        outboxId: String(toBob.id),
        memberId: bob.id,
        reason: "Bad Gateway",
      }),
    ]);
    expect(failures.every((l) => l.level === 40)).toBe(true);
    const sentText = String(sends()[0]?.body.text);
    expect(text.join("")).not.toContain(sentText);
    expect(text.join("")).not.toContain(TOKEN);
  });

  it("fails a row whose payload does not fit its kind, with the reason, and sends the others", async () => {
    telegram = await startFakeBotApi();
    const anna = await member("Anna");
    // A summary written without its counts (as SQL that drifted from the schema would write it).
    const garbled = await queue(anna.id, "rollover.summary", { period: "2026-12", givenLapsed: 1 });
    const fine = await queue(anna.id, "invite.joined", { memberId: anna.id });
    await (await dispatch()).idle();
    await waitUntil(async () => (await unsent()) === 1);
    expect(await db.prisma.outbox.findUniqueOrThrow({ where: { id: garbled.id } })).toMatchObject({
      sentAt: null,
      failedAt: expect.any(Date),
      error: expect.stringMatching(
        /^bad payload: rollover\.summary payload does not fit: givenRenewed/,
      ),
    });
    expect(
      (await db.prisma.outbox.findUniqueOrThrow({ where: { id: fine.id } })).sentAt,
    ).not.toBeNull();
    expect(sends()).toHaveLength(1);
  });
});

async function waitUntil(check: () => Promise<boolean>, ms = 10_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}
