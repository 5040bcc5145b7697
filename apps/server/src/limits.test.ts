/**
 * Limits per member on everything that writes or sends (DOMAIN.md, "Notifications"; the numbers in
 * shared's limits.ts): a burst of changes to one pledge is one message with the latest state; no
 * member makes the bot send another more than a few messages an hour; links, openings and pledges a
 * member makes are capped, each refusal a translated 429 that changes nothing.
 */
import type { AddressInfo } from "node:net";
import {
  MAX_ACTIVE_INVITES,
  MAX_OPENINGS_PER_DAY,
  MAX_PLEDGES_PER_HOUR,
  MESSAGE_WINDOW_MS,
  MESSAGES_PER_WINDOW,
  PLEDGE_NEWS_HOLD_MS,
} from "@exodus/shared";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollover } from "./cycle/rollover.ts";
import { createHttpServer } from "./http/server.ts";
import { createTestApp, refusal, type TestUser } from "./testing.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

let nextId = 700_000;
const newcomer = (first_name: string): TestUser => ({
  id: nextId++,
  first_name,
  language_code: "en",
});
const idOf = async (u: TestUser) => (await app.as(u).member.me()).profile.id;
const minutes = (n: number) => n * 60_000;
const later = (ms: number) => app.setNow(new Date(app.now().getTime() + ms));

async function openMonthly(u: TestUser, goal = 100_00) {
  await app.as(u).member.changeStatus({ action: "openMonthly", goal });
  const { collections } = await app.as(u).books.dashboard();
  return collections.find((c) => c.kind === "monthly")?.id as number;
}

/** Every message one member's actions made the bot send another, oldest first, with its time. */
async function messages(from: TestUser, to: TestUser) {
  const [sender, recipient] = [await idOf(from), await idOf(to)];
  const rows = await app.db.prisma.outbox.findMany({
    where: { senderId: sender, recipientId: recipient, failedAt: null },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    kind: r.kind,
    payload: r.payload as Record<string, unknown>,
    sent: r.sentAt !== null,
    /** When it left, or is due to. */
    at: (r.sentAt ?? r.nextAttemptAt).getTime(),
  }));
}

/** Fails if any window of MESSAGE_WINDOW_MS holds more than MESSAGES_PER_WINDOW of the times. */
function expectWithinCap(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  for (let i = 0; i + MESSAGES_PER_WINDOW < sorted.length; i++) {
    const gap = (sorted[i + MESSAGES_PER_WINDOW] as number) - (sorted[i] as number);
    expect(gap, `message ${i + MESSAGES_PER_WINDOW + 1}`).toBeGreaterThanOrEqual(MESSAGE_WINDOW_MS);
  }
}

async function dbNow(): Promise<number> {
  const [row] = await app.db.prisma.$queryRaw<[{ now: Date }]>`SELECT now() AS now`;
  return row.now.getTime();
}

describe("a burst of changes to one pledge", () => {
  it("200 edits are one message to the receiver, with the amount it ended on; the books keep every edit", async () => {
    const [ann, bob] = await app.members("Ann", "Bob");
    const collectionId = await openMonthly(ann);
    const before = await dbNow();
    const { id: pledgeId } = await app.as(bob).pledge.create({ collectionId, amount: 10_00 });
    for (let i = 1; i <= 200; i++) {
      await app.as(bob).pledge.act({ pledgeId, action: "edit", amount: 10_00 + i });
    }

    const told = await messages(bob, ann);
    expect(told.map((m) => [m.kind, m.payload.pledgeId, m.payload.amount])).toEqual([
      ["intention.created", pledgeId, 10_00 + 200],
    ]);
    // It waits its quiet moment, so that taps within it make no message of their own.
    expect(told[0]?.at).toBeGreaterThanOrEqual(before + PLEDGE_NEWS_HOLD_MS);
    const pledge = await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } });
    expect(pledge.amount).toBe(10_00 + 200);
    const events = await app.db.prisma.pledgeEvent.findMany({ where: { pledgeId } });
    expect(events).toHaveLength(201);
    expect(events.at(-1)).toMatchObject({ action: "edit", amount: 10_00 + 200 });
  }, 120_000);

  it("200 edits spread over an hour make at most the cap of messages; what is over it waits, at the latest amount", async () => {
    const [ann, bob] = await app.members("Ann", "Bob");
    const collectionId = await openMonthly(ann);
    const { id: pledgeId } = await app.as(bob).pledge.create({ collectionId, amount: 10_00 });
    await app.deliver();
    for (let i = 1; i <= 200; i++) {
      await app.as(bob).pledge.act({ pledgeId, action: "edit", amount: 10_00 + i });
      // Each edit after the bot sent what was due: no burst to fold them into.
      await app.deliver();
    }

    const told = await messages(bob, ann);
    const sent = told.filter((m) => m.sent);
    expect(sent).toHaveLength(MESSAGES_PER_WINDOW);
    expectWithinCap(told.map((m) => m.at));
    // The rest waits for the window, one message that takes in every later edit.
    const waiting = told.filter((m) => !m.sent);
    expect(waiting.map((m) => [m.kind, m.payload.pledgeId])).toEqual([["pledge.edit", pledgeId]]);
    expect(waiting[0]?.at).toBeGreaterThanOrEqual((sent[0]?.at as number) + MESSAGE_WINDOW_MS);
    const pledge = await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } });
    expect(pledge.amount).toBe(10_00 + 200);
    expect(await app.db.prisma.pledgeEvent.count({ where: { pledgeId } })).toBe(201);
  }, 120_000);

  it("100 pledge/withdraw cycles make at most the cap of messages, and none when they end where they began", async () => {
    const [ann, bob, cat] = await app.members("Ann", "Bob", "Cat");
    const collectionId = await openMonthly(ann);
    const cycle = async (u: TestUser, deliver: boolean) => {
      for (let i = 0; i < 100; i++) {
        // Pledging is capped per hour: these cycles take ten hours of the books' time.
        later(minutes(6));
        const { id } = await app.as(u).pledge.create({ collectionId, amount: 5_00 + i });
        if (deliver) await app.deliver();
        await app.as(u).pledge.act({ pledgeId: id, action: "withdraw" });
        if (deliver) await app.deliver();
      }
    };

    // In one burst: pledged and withdrawn is as if nothing happened.
    await cycle(bob, false);
    expect(await messages(bob, ann)).toEqual([]);
    // Each move after the bot sent the one before: the cap, and one message waiting.
    await cycle(cat, true);
    const told = await messages(cat, ann);
    expect(told.filter((m) => m.sent)).toHaveLength(MESSAGES_PER_WINDOW);
    expect(told.length).toBeLessThanOrEqual(MESSAGES_PER_WINDOW + 1);
    expectWithinCap(told.map((m) => m.at));

    // The books are exact: every pledge made and withdrawn, every move in the audit.
    for (const u of [bob, cat]) {
      const pledges = await app.db.prisma.pledge.findMany({
        where: { giverId: await idOf(u), collectionId },
        include: { events: true },
      });
      expect(pledges).toHaveLength(100);
      expect(pledges.every((p) => p.state === "withdrawn")).toBe(true);
      expect(pledges.flatMap((p) => p.events.map((e) => e.action)).sort()).toEqual(
        [...Array(100).fill("create"), ...Array(100).fill("withdraw")].sort(),
      );
    }
    app.setNow(new Date("2026-11-21T12:00:00Z"));
  }, 180_000);

  it("withdrawn and pledged again within the burst tells the new amount as a change", async () => {
    const [ann, bob] = await app.members("Ann", "Bob");
    const collectionId = await openMonthly(ann);
    const first = await app.as(bob).pledge.create({ collectionId, amount: 10_00 });
    await app.deliver();
    await app.as(bob).pledge.act({ pledgeId: first.id, action: "withdraw" });
    const second = await app.as(bob).pledge.create({ collectionId, amount: 25_00 });
    const told = await messages(bob, ann);
    expect(told.map((m) => [m.kind, m.payload.pledgeId, m.sent])).toEqual([
      ["intention.created", first.id, true],
      ["pledge.edit", second.id, false],
    ]);
  });

  it("news a dispatcher already claimed is left as it was; the next change is news of its own", async () => {
    const [ann, bob] = await app.members("Ann", "Bob");
    const collectionId = await openMonthly(ann);
    const { id: pledgeId } = await app.as(bob).pledge.create({ collectionId, amount: 10_00 });
    // A dispatcher holds it (its lease runs), on its way to Telegram.
    await app.db.prisma.$executeRaw`
      UPDATE outbox SET lease_until = now() + interval '1 minute'
      WHERE recipient_id = ${await idOf(ann)} AND sent_at IS NULL`;
    await app.as(bob).pledge.act({ pledgeId, action: "edit", amount: 12_00 });
    const told = await messages(bob, ann);
    expect(told.map((m) => [m.kind, m.payload.amount])).toEqual([
      ["intention.created", 10_00],
      ["pledge.edit", 12_00],
    ]);
  });
});

describe("messages one member makes the bot send another", () => {
  it("a need's updates count towards the cap too, and wait beyond it", async () => {
    const [ann, bob] = await app.members("Ann", "Bob");
    const collectionId = await openMonthly(ann);
    const { id: pledgeId } = await app.as(bob).pledge.create({ collectionId, amount: 10_00 });
    await app.deliver();
    // Ann asks Bob, and posts three updates to her circle (Bob): four of her messages to him.
    await app.as(ann).pledge.nudge({ pledgeId, kind: "askCommit" });
    for (const text of ["Rent paid", "Thank you", "Half way"]) {
      await app.as(ann).collection.postUpdate({ collectionId, text });
      later(minutes(1));
    }
    await app.deliver();
    // Her release of a pledge of his is the fifth; after the cap, the sixth waits for the window.
    await app.as(bob).pledge.act({ pledgeId, action: "commit" });
    await app.as(ann).pledge.act({ pledgeId, action: "release" });
    await app.deliver();
    const second = await app.as(bob).pledge.create({ collectionId, amount: 3_00 });
    await app.as(bob).pledge.act({ pledgeId: second.id, action: "commit" });
    await app.deliver();
    await app.as(ann).pledge.act({ pledgeId: second.id, action: "release" });
    const told = await messages(ann, bob);
    expect(told.map((m) => m.kind)).toEqual([
      "nudge.askCommit",
      "collection.update",
      "collection.update",
      "collection.update",
      "pledge.release",
      "pledge.release",
    ]);
    expect(told.filter((m) => m.sent)).toHaveLength(MESSAGES_PER_WINDOW);
    expectWithinCap(told.map((m) => m.at));
  });
});

describe("what one member makes", () => {
  it(`invite links: at most ${MAX_ACTIVE_INVITES} working at once; a withdrawn or expired one makes room`, async () => {
    const [ann] = await app.members("Ann");
    const made: string[] = [];
    for (let i = 0; i < MAX_ACTIVE_INVITES; i++) {
      made.push((await app.as(ann).network.createInvite({})).code);
    }
    const count = async () => app.db.prisma.invite.count({ where: { inviterId: await idOf(ann) } });
    expect(await refusal(app.as(ann).network.createInvite({}))).toBe("errors.limit.invites");
    expect(await count()).toBe(MAX_ACTIVE_INVITES);

    await app.as(ann).network.revokeInvite({ code: made[0] as string });
    await app.as(ann).network.createInvite({});
    expect(await refusal(app.as(ann).network.createInvite({}))).toBe("errors.limit.invites");
    later(31 * 24 * 60 * minutes(1));
    await app.as(ann).network.createInvite({});
    app.setNow(new Date("2026-11-21T12:00:00Z"));
  });

  it("invite links made in parallel cannot pass the cap", async () => {
    const [ann] = await app.members("Ann");
    const results = await Promise.allSettled(
      Array.from({ length: MAX_ACTIVE_INVITES + 10 }, () => app.as(ann).network.createInvite({})),
    );
    const refused = results.filter((r) => r.status === "rejected");
    expect(results.length - refused.length).toBe(MAX_ACTIVE_INVITES);
    for (const r of refused) {
      expect((r.reason as TRPCError).message).toBe("errors.limit.invites");
    }
    expect(await app.db.prisma.invite.count({ where: { inviterId: await idOf(ann) } })).toBe(
      MAX_ACTIVE_INVITES,
    );
  });

  it(`collections: at most ${MAX_OPENINGS_PER_DAY} opened in any 24 hours, ✅→🔆→✅ toggles included`, async () => {
    // Bob's one tie is to Ann, so he is of her first ring.
    const [ann, bob] = [newcomer("Ann"), newcomer("Bob")];
    await app.tie(ann, bob);
    for (let i = 0; i < MAX_OPENINGS_PER_DAY; i++) {
      await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 + i });
      await app.as(ann).member.changeStatus({ action: "closeMonthly" });
      later(minutes(1));
    }
    const annId = await idOf(ann);
    const opened = () => app.db.prisma.collection.count({ where: { memberId: annId } });
    expect(
      await refusal(app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 })),
    ).toBe("errors.limit.openings");
    expect(
      await refusal(
        app.as(ann).member.changeStatus({ action: "openEmergency", goal: 100_00, days: 3 }),
      ),
    ).toBe("errors.limit.openings");
    expect(await opened()).toBe(MAX_OPENINGS_PER_DAY);
    expect((await app.as(ann).member.me()).profile.status).toBe("green");
    // Bob heard of her need once for all the toggles.
    expect(
      await app.db.prisma.outbox.count({
        where: { recipientId: await idOf(bob), kind: "status.changed" },
      }),
    ).toBe(1);

    later(24 * 60 * minutes(1));
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    expect(await opened()).toBe(MAX_OPENINGS_PER_DAY + 1);
    app.setNow(new Date("2026-11-21T12:00:00Z"));
  });

  it(`pledges: at most ${MAX_PLEDGES_PER_HOUR} to one collection in any hour; another collection is not held up`, async () => {
    const [ann, bob, cat] = await app.members("Ann", "Bob", "Cat");
    const annsId = await openMonthly(ann);
    const catsId = await openMonthly(cat);
    for (let i = 0; i < MAX_PLEDGES_PER_HOUR; i++) {
      const { id } = await app.as(bob).pledge.create({ collectionId: annsId, amount: 10_00 });
      await app.as(bob).pledge.act({ pledgeId: id, action: "withdraw" });
    }
    const bobId = await idOf(bob);
    expect(await refusal(app.as(bob).pledge.create({ collectionId: annsId, amount: 10_00 }))).toBe(
      "errors.limit.pledges",
    );
    expect(await app.db.prisma.pledge.count({ where: { giverId: bobId } })).toBe(
      MAX_PLEDGES_PER_HOUR,
    );
    await app.as(bob).pledge.create({ collectionId: catsId, amount: 10_00 });
    later(minutes(61));
    await app.as(bob).pledge.create({ collectionId: annsId, amount: 10_00 });
    app.setNow(new Date("2026-11-21T12:00:00Z"));
  });

  it("a refusal over a limit is a 429 with a translated key, through HTTP", async () => {
    const [ann] = await app.members("Ann");
    for (let i = 0; i < MAX_ACTIVE_INVITES; i++) await app.as(ann).network.createInvite({});
    const server = createHttpServer(app.deps);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/trpc/network.createInvite`, {
        method: "POST",
        headers: { authorization: `tma ${app.initData(ann)}`, "content-type": "application/json" },
        body: "{}",
      });
      expect(res.status).toBe(429);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
        "errors.limit.invites",
      );
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

it("refusals are TRPCErrors of code TOO_MANY_REQUESTS", async () => {
  const [ann] = await app.members("Ann");
  for (let i = 0; i < MAX_ACTIVE_INVITES; i++) await app.as(ann).network.createInvite({});
  const error = await app
    .as(ann)
    .network.createInvite({})
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe("TOO_MANY_REQUESTS");
});

// Last in the file: the month turns for everyone in it.
it("the cap is per pair: others' news and Exodus's own leave at once", async () => {
  const [ann, bob, cat] = await app.members("Ann", "Bob", "Cat");
  const collectionId = await openMonthly(ann);
  const { id: pledgeId } = await app.as(bob).pledge.create({ collectionId, amount: 10_00 });
  await app.deliver();
  for (let i = 1; i <= MESSAGES_PER_WINDOW; i++) {
    await app.as(bob).pledge.act({ pledgeId, action: "edit", amount: 10_00 + i });
    await app.deliver();
  }
  const start = await dbNow();
  const bobs = await messages(bob, ann);
  expect(bobs.filter((m) => !m.sent).map((m) => m.at >= start + minutes(30))).toEqual([true]);

  // Cat's news to Ann waits only its quiet moment; Ann's ask to Bob leaves at once.
  const cats = await app.as(cat).pledge.create({ collectionId, amount: 7_00 });
  const [catsNews] = await messages(cat, ann);
  expect(catsNews?.at).toBeLessThan(start + minutes(5));
  await app.as(ann).pledge.nudge({ pledgeId, kind: "askCommit" });
  const [ask] = await messages(ann, bob);
  expect(ask?.kind).toBe("nudge.askCommit");
  expect(ask?.at).toBeLessThan(start + minutes(1));

  // The month's summary is Exodus's own (Cat's obligation went to ⌛): no member's cap holds it.
  await app.as(cat).pledge.act({ pledgeId: cats.id, action: "commit" });
  app.setNow(new Date("2026-12-01T00:05:00Z"));
  await rollover(app.db.prisma, "2026-12", app.now());
  const summary = await app.db.prisma.outbox.findFirstOrThrow({
    where: { recipientId: await idOf(ann), kind: "rollover.summary" },
  });
  expect(summary.senderId).toBeNull();
  expect(summary.nextAttemptAt.getTime()).toBeLessThan(start + minutes(1));
});
