/**
 * The tie table, property-based: random sequences of what six people may do through the API — join
 * or tie themselves by invite links, open and close collections, pledge and move pledges along
 * their life, leave — interleaved with a clock that crosses month ends with and without the
 * scheduler's tick (the rollover, which deletes expired help_tie rows). After every step:
 * (a) the pairs the tie table ties now are exactly the ties computed from the sources —
 *     member.invited_by_id and the pledges, by shared's `tiesNow` — among members who have not left,
 *     each pair stored both ways alike;
 * (b) its counts are exactly what member and help_tie hold (referrals, help_tie rows and those with
 *     a live pledge, the latest confirmation), and it has no row that ties no one;
 * (c) everyone's network (networkOf) is everyone within two of those computed ties, and whom each
 *     may see (canSee, inNetworkOf) follows from the distances: within two ties, or an invite link
 *     opened, or three ties away with a collection announced to its second ring.
 */

import { periodOf, tiesNow } from "@exodus/shared";
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { announceToSecondRing } from "../collections/reach.ts";
import { expireEmergencies } from "../collections/service.ts";
import { rollover } from "../cycle/rollover.ts";
import { createTestApp, type TestUser } from "../testing.ts";
import { canSee, inNetworkOf, networkOf, tiesSince } from "./graph.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;

const DAY_MS = 24 * 60 * 60 * 1000;
const PEOPLE: TestUser[] = ["Ann", "Bob", "Cat", "Dan", "Eve", "Fay"].map((first_name, i) => ({
  id: 9_100 + i,
  first_name,
  language_code: "en",
}));
const START = "2026-11-24T12:00:00.000Z";

type Op =
  | { kind: "invite"; who: number; by: number }
  | { kind: "need"; who: number; emergency: boolean }
  | { kind: "endNeed"; who: number }
  | { kind: "pledge"; who: number; to: number }
  | { kind: "act"; n: number; action: "forward" | "withdraw" | "notReceived" | "release" }
  | { kind: "leave"; who: number }
  | { kind: "clock"; advance: "monthEnd" | "nextMonth" | number; tick: boolean };

const person = fc.nat({ max: PEOPLE.length - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("invite"), who: person, by: person }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("need"), who: person, emergency: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("endNeed"), who: person }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("pledge"), who: person, to: person }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("act"),
      n: fc.nat(20),
      action: fc.oneof(
        { weight: 6, arbitrary: fc.constant("forward" as const) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            "withdraw" as const,
            "notReceived" as const,
            "release" as const,
          ),
        },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("leave"), who: person }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("clock"),
      advance: fc.oneof(
        fc.constant("monthEnd" as const),
        fc.constant("nextMonth" as const),
        fc.integer({ min: 0, max: 12 }),
      ),
      tick: fc.boolean(),
    }),
  },
) as fc.Arbitrary<Op>;

/** How a run begins: some join by each other's links. */
const invites = fc.array(
  fc.record({ kind: fc.constant("invite" as const), who: person, by: person }),
  { minLength: 2, maxLength: 6 },
);

/** A refusal (a translated TRPCError) is a fine outcome of a random step; anything else is not. */
async function attempt(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (e) {
    if (!(e instanceof TRPCError) || e.code === "INTERNAL_SERVER_ERROR") throw e;
  }
}

const pair = (a: number, b: number) => (a < b ? `${a}–${b}` : `${b}–${a}`);

describe("the tie table under random use (fast-check)", () => {
  let app: App;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app?.close());

  /** The member row of a person now (they may not have joined, or may have left and come back). */
  async function idOf(who: number): Promise<number | undefined> {
    const row = await app.db.prisma.member.findFirst({
      where: { telegramId: BigInt(PEOPLE[who]?.id ?? 0) },
      select: { id: true },
    });
    return row?.id;
  }

  async function run(o: Op) {
    const as = (who: number) => app.as(PEOPLE[who] as TestUser);
    switch (o.kind) {
      case "invite":
        // `who` opens `by`'s own link: a newcomer joins by it, a member with no (living) inviter
        // is tied to `by`, anyone may now see and pledge to `by`.
        if (o.who === o.by) return;
        return attempt(async () => {
          const { code } = await as(o.by).network.createInvite({});
          await as(o.who).network.openInvite({ code });
        });
      case "need":
        return attempt(() =>
          as(o.who).member.changeStatus(
            o.emergency
              ? { action: "openEmergency", goal: 1_000, days: 10 }
              : { action: "openMonthly", goal: 2_500 },
          ),
        );
      case "endNeed":
        return attempt(async () => {
          await attempt(() => as(o.who).member.changeStatus({ action: "endEmergency" }));
          await as(o.who).member.changeStatus({ action: "closeMonthly" });
        });
      case "pledge": {
        // `to` asks (opens a monthly collection if they have none open), `who` opens `to`'s own
        // link to see them (a member with an inviter gets no referral by it) and pledges.
        if (o.who === o.to) return;
        await attempt(() => as(o.to).member.changeStatus({ action: "openMonthly", goal: 2_500 }));
        await run({ kind: "invite", who: o.who, by: o.to });
        const receiver = await idOf(o.to);
        const open = receiver
          ? await app.db.prisma.collection.findMany({
              where: { memberId: receiver, closedAt: null, paused: false },
            })
          : [];
        for (const c of open) {
          await attempt(() => as(o.who).pledge.create({ collectionId: c.id, amount: 500 }));
        }
        return;
      }
      case "act": {
        // Mostly a pledge still under way; now and then any, settled ones included.
        const live = await app.db.prisma.pledge.findMany({
          where: o.n % 4 === 0 ? {} : { state: { in: ["intention", "obligation", "fulfilled"] } },
          orderBy: { id: "asc" },
        });
        const p = live[o.n % Math.max(live.length, 1)];
        if (!p) return;
        // Forward: the next step of a pledge's usual life (❤️ → 🤝 → given → 👍).
        const action =
          o.action !== "forward"
            ? o.action
            : p.state === "intention"
              ? "commit"
              : p.state === "obligation"
                ? "fulfil"
                : "confirm";
        const side = action === "confirm" || action === "release" ? p.receiverId : p.giverId;
        const member = await app.db.prisma.member.findUnique({ where: { id: side } });
        const who = PEOPLE.findIndex((u) => BigInt(u.id) === member?.telegramId);
        if (who < 0) return; // that side left
        return attempt(() => as(who).pledge.act({ pledgeId: p.id, action }));
      }
      case "leave":
        if ((await idOf(o.who)) === undefined) return;
        return attempt(() => as(o.who).member.leave({ confirm: true }));
      case "clock": {
        const now = app.now().getTime();
        const d = new Date(now);
        const nextMonth = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
        const to =
          o.advance === "monthEnd"
            ? Math.max(now, nextMonth - 1)
            : o.advance === "nextMonth"
              ? nextMonth
              : now + o.advance * DAY_MS;
        app.setNow(new Date(to));
        if (o.tick) {
          const period = periodOf(app.now(), app.deps.config.networkTimeZone);
          await rollover(app.db.prisma, period, app.now());
          await expireEmergencies(app.db.prisma, app.now());
          await announceToSecondRing(app.db.prisma, app.now(), app.deps.config.networkTimeZone);
        }
        return;
      }
    }
  }

  /** (a), (b) and (c) of the header, against the sources as they are now. */
  async function verify(trace: string[]) {
    const { prisma } = app.db;
    const now = app.now();
    const since = tiesSince(now, app.deps.config.networkTimeZone).getTime();
    const [members, pledges] = await Promise.all([
      prisma.member.findMany({ select: { id: true, invitedById: true, deletedAt: true } }),
      prisma.pledge.findMany({
        select: { giverId: true, receiverId: true, state: true, stateChangedAt: true },
      }),
    ]);
    const present = new Set(members.filter((m) => !m.deletedAt).map((m) => m.id));
    const expected = new Map<string, { referral: boolean; help: boolean }>();
    const add = (a: number, b: number, kind: "referral" | "help") => {
      if (a === b || !present.has(a) || !present.has(b)) return;
      const key = pair(a, b);
      const tie = expected.get(key) ?? { referral: false, help: false };
      tie[kind] = true;
      expected.set(key, tie);
    };
    for (const m of members) if (m.invitedById !== null) add(m.id, m.invitedById, "referral");
    for (const p of pledges) {
      const counted = {
        ...p,
        period: "",
        overdue: false,
        amount: 0,
        confirmedAt: p.state === "confirmed" ? p.stateChangedAt.getTime() : null,
      };
      if (tiesNow(counted, since)) add(p.giverId, p.receiverId, "help");
    }

    const why = `after:\n${trace.join("\n")}`;
    // (a) What the table ties now, both ways alike.
    const rows = await prisma.tie.findMany();
    const byKey = new Map(rows.map((r) => [`${r.memberId}>${r.otherId}`, r]));
    const holding = new Map<string, { referral: boolean; help: boolean }>();
    for (const r of rows) {
      const mirror = byKey.get(`${r.otherId}>${r.memberId}`);
      expect(
        mirror && { ...mirror, memberId: r.memberId, otherId: r.otherId },
        `tie ${r.memberId}>${r.otherId} stored both ways alike, ${why}`,
      ).toEqual(r);
      const help = r.live > 0 || (r.confirmedAt !== null && r.confirmedAt.getTime() >= since);
      if (r.memberId < r.otherId && (r.referral > 0 || help)) {
        holding.set(pair(r.memberId, r.otherId), { referral: r.referral > 0, help });
      }
    }
    expect(new Map([...holding].sort()), `the ties now, ${why}`).toEqual(
      new Map([...expected].sort()),
    );

    // (b) The stored counts: what member and help_tie hold, and no row that ties no one.
    const drift = await prisma.$queryRaw<{ member_id: number; other_id: number }[]>`
      WITH facts AS (
        SELECT m.id AS a, m.invited_by_id AS b, 1 AS referral, 0 AS help, 0 AS live,
          NULL::timestamptz(3) AS confirmed_at
        FROM member m JOIN member i ON i.id = m.invited_by_id
        WHERE m.deleted_at IS NULL AND i.deleted_at IS NULL AND m.id <> i.id
        UNION ALL
        SELECT giver_id, receiver_id, 0, 1, CASE WHEN live > 0 THEN 1 ELSE 0 END, confirmed_at
        FROM help_tie
      ), computed AS (
        SELECT a AS member_id, b AS other_id, SUM(referral)::smallint AS referral,
          SUM(help)::smallint AS help, SUM(live)::smallint AS live, MAX(confirmed_at) AS confirmed_at
        FROM (SELECT a, b, referral, help, live, confirmed_at FROM facts
              UNION ALL SELECT b, a, referral, help, live, confirmed_at FROM facts) both_ways
        GROUP BY a, b
      )
      (SELECT member_id, other_id, referral, help, live, confirmed_at FROM computed
       EXCEPT SELECT member_id, other_id, referral, help, live, confirmed_at FROM tie)
      UNION ALL
      (SELECT member_id, other_id, referral, help, live, confirmed_at FROM tie
       EXCEPT SELECT member_id, other_id, referral, help, live, confirmed_at FROM computed)`;
    expect(drift, `tie rows that differ from member and help_tie, ${why}`).toEqual([]);

    // (c) Everyone's network: within two of the computed ties.
    const near = new Map<number, Set<number>>();
    for (const key of expected.keys()) {
      const [a, b] = key.split("–").map(Number) as [number, number];
      near.set(a, (near.get(a) ?? new Set()).add(b));
      near.set(b, (near.get(b) ?? new Set()).add(a));
    }
    const tz = app.deps.config.networkTimeZone;
    const [opened, suggested] = await Promise.all([
      prisma.$queryRaw<{ viewer: number; target: number }[]>`
        SELECT o.member_id AS viewer, i.target_id AS target
        FROM invite_open o JOIN invite i ON i.id = o.invite_id`,
      prisma.collection.findMany({
        where: { closedAt: null, paused: false, secondRingAt: { not: null } },
        select: { memberId: true },
      }),
    ]);
    const linked = new Set(opened.map((o) => `${o.viewer}>${o.target}`));
    const announced = new Set(suggested.map((c) => c.memberId));
    for (const id of present) {
      // Distances from `id`, up to three ties.
      const far = new Map<number, number>([[id, 0]]);
      let ring = [id];
      for (let d = 1; d <= 3; d++) {
        const next: number[] = [];
        for (const x of ring) {
          for (const y of near.get(x) ?? []) {
            if (!far.has(y)) {
              far.set(y, d);
              next.push(y);
            }
          }
        }
        ring = next;
      }
      const want = new Map<number, 1 | 2>();
      for (const [x, d] of far) if (d === 1 || d === 2) want.set(x, d);
      const got = await networkOf(prisma, id, now, tz);
      expect(new Map([...got].sort()), `the network of member ${id}, ${why}`).toEqual(
        new Map([...want].sort()),
      );
      for (const target of members.map((m) => m.id)) {
        if (target === id) continue;
        const d = far.get(target);
        const sees =
          present.has(target) &&
          ((d !== undefined && d <= 2) ||
            linked.has(`${id}>${target}`) ||
            (d === 3 && announced.has(target)));
        expect(await canSee(prisma, id, target, now, tz), `${id} sees ${target}, ${why}`).toBe(
          sees,
        );
        expect(
          await inNetworkOf(prisma, id, target, now, tz),
          `${target} in the network of ${id}, ${why}`,
        ).toBe(d !== undefined && d <= 2);
      }
    }
  }

  /** A run begins on an emptied database: Ann is in from the start, the others come by links. */
  async function begin(): Promise<string[]> {
    await app.db.prisma.$executeRawUnsafe(
      "TRUNCATE member, leaver, collection, pledge, pledge_event, outbox, cycle_run RESTART IDENTITY CASCADE",
    );
    app.setNow(new Date(START));
    await app.as(PEOPLE[0] as TestUser).member.me();
    return [];
  }

  /** Runs the steps, checking the table after each (`trace`: what the run did so far). */
  async function steps(trace: string[], ops: Op[]) {
    for (const o of ops) {
      await run(o);
      trace.push(`${app.now().toISOString()} ${JSON.stringify(o)}`);
      await verify(trace);
    }
  }

  it("keeps the ties equal to those of the invites and pledges, through leaving and the month's end", async () => {
    await fc.assert(
      fc.asyncProperty(
        invites,
        fc.array(op, { minLength: 5, maxLength: 30 }),
        async (first, then) => steps(await begin(), [...first, ...then]),
      ),
      {
        numRuns: Number(process.env.TIES_PROPERTY_RUNS ?? 15),
        interruptAfterTimeLimit: 120_000,
      },
    );
  }, 180_000);

  it("lets a gift confirmed last month tie no one before the rollover deletes it, nor after", async () => {
    const [ann, bob, cat, dan] = [0, 1, 2, 3];
    const trace = await begin();
    await steps(trace, [
      { kind: "invite", who: bob, by: ann },
      { kind: "invite", who: cat, by: bob },
      { kind: "invite", who: dan, by: ann },
      // Dan gives to Cat (no referral between them): the only tie of the pair is help.
      { kind: "pledge", who: dan, to: cat },
      { kind: "act", n: 0, action: "forward" }, // committed
      { kind: "act", n: 0, action: "forward" }, // given
      { kind: "act", n: 0, action: "forward" }, // confirmed: ties them for the rest of November
      { kind: "endNeed", who: cat }, // nothing renews the gift
      { kind: "clock", advance: "monthEnd", tick: false },
      { kind: "clock", advance: "nextMonth", tick: false }, // December, the rollover not yet run
    ]);
    const { prisma } = app.db;
    const [danId, catId] = [(await idOf(dan)) as number, (await idOf(cat)) as number];
    // The row is still there, and reads as no tie (verify: Dan's network no longer has Cat).
    expect(
      await prisma.tie.findUnique({
        where: { memberId_otherId: { memberId: danId, otherId: catId } },
      }),
    ).toMatchObject({ referral: 0, help: 1, live: 0 });
    await steps(trace, [
      { kind: "clock", advance: 0, tick: true }, // the rollover deletes the pair's help_tie row
      { kind: "leave", who: bob }, // Ann and Cat are tied through no one now
    ]);
    expect(await prisma.helpTie.count()).toBe(0);
    expect(
      await prisma.tie.count({ where: { OR: [{ memberId: danId }, { otherId: danId }] } }),
    ).toBe(2);
    expect(await networkOf(prisma, danId, app.now(), app.deps.config.networkTimeZone)).toEqual(
      new Map([[(await idOf(ann)) as number, 1]]),
    );
  }, 60_000);
});
