/**
 * Clearing rounds through the database (issue 14: property tests), where solver.property.test.ts
 * checks the solver alone. For a few dozen seeded random small networks, built through the same
 * API calls members make (monthly pledges committed, rolled over to ⌛ by the rollover, committed
 * again in the new month, emergencies opened from 🔆 and committed to), everyone offers everything,
 * the round runs and everyone agrees. The books must then show (DOMAIN.md "Clearing of mutual
 * obligations"):
 * - the round cleared exactly the total of the independent exact solution (exact.ts, HiGHS) of the
 *   obligations as they were offered, or failed with nothing changed when that total is 0;
 * - every member's net position over what remains due (owed to them − owed by them) as before, and
 *   what they no longer owe equal to what they are no longer owed;
 * - no new debtor–creditor pair, no obligation grown, each offered pledge's confirmed part and what
 *   remains of it adding up to its amount;
 * - the round applied exactly once: one `clear` audit row per cleared obligation, one `clearRest`
 *   per one cleared in part, nothing more after a second tap and the scheduler's tick; one
 *   clearing.applied message per member in it, naming their part;
 * - an emergency whose confirmed amount reaches its goal ended as reached (what was still promised
 *   to it cancelled as surplus), any other still open with 🙏 as before.
 * A failure names its seed, and the network is rebuilt from it alone.
 */

import { CLEARING_MESSAGE_LINES } from "@exodus/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollover } from "../cycle/rollover.ts";
import { mulberry32 } from "../seeded-random.ts";
import { createTestApp, type TestUser } from "../testing.ts";
import { exactClearing } from "./exact.ts";
import { clearingJobs, runClearingRound } from "./rounds.ts";
import type { OfferedObligation } from "./solver.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;

const NETWORKS = 24;
const FIRST_SEED = 1;
const ROUND_AT = new Date("2026-11-25T12:00:00Z");

interface PledgeRow {
  id: number;
  giverId: number;
  receiverId: number;
  collectionId: number;
  period: Date;
  amount: number;
  state: string;
  overdue: boolean;
  createdAt: Date;
  clearingOfferedAt: Date | null;
}

/** What the seeds made happen, summed: the generator must reach every case it is meant to. */
const seen = {
  applied: 0,
  failed: 0,
  overdueCleared: 0,
  parallel: 0,
  opposite: 0,
  partial: 0,
  emergencyCleared: 0,
  emergencyReached: 0,
  emergencyOpen: 0,
};

let app: App;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app?.close());

/** A draw of seeded numbers: whole numbers in [lo, hi], and an amount in cents. */
function draws(seed: number) {
  const random = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  // Round amounts mostly (so cycles match), odd cents sometimes.
  const amount = () => (random() < 0.6 ? 5_00 * int(1, 8) : int(1, 40_00));
  return { random, int, amount };
}

async function pledgesNow(): Promise<PledgeRow[]> {
  return app.db.prisma.pledge.findMany({
    orderBy: { id: "asc" },
    select: {
      id: true,
      giverId: true,
      receiverId: true,
      collectionId: true,
      period: true,
      amount: true,
      state: true,
      overdue: true,
      createdAt: true,
      clearingOfferedAt: true,
    },
  });
}

/**
 * One random network, built as members build it: 3–7 members (and the hub who brought them in),
 * each collecting monthly; pledges committed in October (⌛ after the rollover), more in November
 * (parallel to the ⌛ ones, and opposite), up to two emergencies opened from 🔆 and committed to.
 * Everyone offers all they owe.
 */
async function buildNetwork(seed: number) {
  const { random, int, amount } = draws(seed);
  const names = Array.from({ length: int(3, 7) }, (_, i) => `S${seed}M${i}`);
  app.setNow(new Date("2026-10-05T10:00:00Z"));
  const users: TestUser[] = await app.members(...names);
  const ids = await Promise.all(
    users.map(async (u) => {
      const m = await app.db.prisma.member.findUniqueOrThrow({
        where: { telegramId: BigInt(u.id) },
      });
      return m.id;
    }),
  );
  // Each member's own moves, side by side (as members act): the pledges below, one at a time.
  const monthly = new Map<number, number>();
  await Promise.all(
    users.map(async (u, i) => {
      await app.as(u).member.changeStatus({ action: "openMonthly", goal: 1_000_00 });
      const { collections } = await app.as(u).books.dashboard();
      monthly.set(i, collections.find((c) => c.kind === "monthly")?.id ?? 0);
    }),
  );
  const n = users.length;
  const pair = () => {
    const u = int(0, n - 1);
    const v = (u + int(1, n - 1)) % n;
    return [u, v] as const;
  };

  /** `count` commitments to monthly collections this month, one per pair at most. */
  const commitMonthly = async (count: number) => {
    const done = new Set<string>();
    for (let k = 0; k < count; k++) {
      const [u, v] = pair();
      if (done.has(`${u}:${v}`)) continue;
      done.add(`${u}:${v}`);
      const giver = users[u] as TestUser;
      const pledge = await app
        .as(giver)
        .pledge.create({ collectionId: monthly.get(v) ?? 0, amount: amount() });
      await app.as(giver).pledge.act({ pledgeId: pledge.id, action: "commit" });
    }
  };

  // October's obligations, unfulfilled when the month ends: ⌛.
  await commitMonthly(int(0, n + 2));
  app.setNow(new Date("2026-11-01T00:30:00Z"));
  await rollover(app.db.prisma, "2026-11", app.now());
  // November's, live.
  app.setNow(new Date("2026-11-10T10:00:00Z"));
  await commitMonthly(int(1, n + 3));
  // Emergencies: from 🔆, so the monthly collection pauses; its obligations stay due.
  app.setNow(new Date("2026-11-20T10:00:00Z"));
  const emergencies: number[] = [];
  for (let e = int(0, 2); e > 0; e--) {
    const owner = int(0, n - 1);
    if (emergencies.some((c) => c === owner)) continue;
    emergencies.push(owner);
    const goal = random() < 0.5 ? int(1, 4) * 5_00 : int(20, 120) * 1_00;
    await app.as(users[owner] as TestUser).member.changeStatus({
      action: "openEmergency",
      goal,
      days: 10,
    });
    const { collections } = await app.as(users[owner] as TestUser).books.dashboard();
    const emergencyId = collections.find((c) => c.kind === "emergency")?.id ?? 0;
    for (let g = 0; g < n; g++) {
      if (g === owner || random() < 0.4) continue;
      const pledge = await app
        .as(users[g] as TestUser)
        .pledge.create({ collectionId: emergencyId, amount: amount() });
      expect(pledge.state, `seed ${seed}`).toBe("obligation");
    }
  }

  app.setNow(ROUND_AT);
  await Promise.all(users.map((u) => app.as(u).clearing.offerAll()));
  return { users, ids, random };
}

/** owed to them − owed by them, by member, over the given pledges. */
function netPositions(rows: readonly Pick<PledgeRow, "giverId" | "receiverId" | "amount">[]) {
  const net = new Map<number, number>();
  for (const p of rows) {
    net.set(p.receiverId, (net.get(p.receiverId) ?? 0) + p.amount);
    net.set(p.giverId, (net.get(p.giverId) ?? 0) - p.amount);
  }
  return net;
}

/** The same pledge kind: a remainder keeps its giver, collection, period and ⌛. */
const kindOf = (p: PledgeRow) =>
  `${p.giverId}:${p.collectionId}:${p.period.toISOString()}:${p.overdue}`;

async function emergencyTotals(ids: number[]) {
  const totals = new Map<number, { missing: number; closed: boolean; outcome: string | null }>();
  for (const id of ids) {
    const c = await app.db.prisma.collection.findUniqueOrThrow({ where: { id } });
    const owner = await app.db.prisma.member.findUniqueOrThrow({ where: { id: c.memberId } });
    const shown = await app
      .as({ id: Number(owner.telegramId), first_name: owner.firstName })
      .books.collection({ collectionId: id });
    totals.set(id, { missing: shown.missing, closed: shown.closed, outcome: c.outcome });
  }
  return totals;
}

describe("clearing rounds on random small networks, through the database", () => {
  const seeds = Array.from({ length: NETWORKS }, (_, i) => FIRST_SEED + i);

  it.each(seeds)(
    "seed %i: everyone agrees, and the books show the exact clearing",
    async (seed) => {
      await app.db.prisma.$executeRawUnsafe(
        `TRUNCATE member, collection, pledge, pledge_event, outbox, cycle_run, clearing_round, clearing_part
       RESTART IDENTITY CASCADE`,
      );
      const where = `seed ${seed}`;
      const { users, random } = await buildNetwork(seed);

      const before = await pledgesNow();
      const offered = before.filter((p) => p.state === "obligation" && p.clearingOfferedAt);
      // Everyone offered all they owe.
      expect(offered.length, where).toBe(before.filter((p) => p.state === "obligation").length);
      const pairs = new Set(offered.map((p) => `${p.giverId}→${p.receiverId}`));
      if (pairs.size < offered.length) seen.parallel++;
      if ([...pairs].some((k) => pairs.has(k.split("→").reverse().join("→")))) seen.opposite++;
      const exact = await exactClearing(
        offered.map(
          (p): OfferedObligation => ({
            id: p.id,
            debtor: p.giverId,
            creditor: p.receiverId,
            amount: p.amount,
            overdue: p.overdue,
            createdAt: p.createdAt.getTime(),
          }),
        ),
      );
      const emergencyIds = (
        await app.db.prisma.collection.findMany({
          where: { kind: "emergency" },
          select: { id: true },
        })
      ).map((c) => c.id);
      const emergenciesBefore = await emergencyTotals(emergencyIds);
      const goals = new Map(
        (
          await app.db.prisma.collection.findMany({
            where: { id: { in: emergencyIds } },
            select: { id: true, goal: true },
          })
        ).map((c) => [c.id, c.goal]),
      );

      const outcome = await runClearingRound(
        app.db.prisma,
        ROUND_AT,
        app.deps.config.networkTimeZone,
      );
      expect(outcome.total, `${where}: the round's total against HiGHS`).toBe(exact);
      const round = await app.db.prisma.clearingRound.findFirstOrThrow();

      if (exact === 0) {
        // Nothing on a cycle: the round failed at once, and nothing moved.
        seen.failed++;
        expect(round.status, where).toBe("failed");
        expect(await pledgesNow(), where).toEqual(before);
        expect(await app.db.prisma.pledgeEvent.count({ where: { action: "clear" } }), where).toBe(
          0,
        );
        return;
      }

      // Everyone in the round agrees, at once, one of them twice.
      const inRound = await app.db.prisma.clearingAnswer.findMany({
        where: { roundId: round.id, digest: { not: "" } },
        select: { memberId: true },
      });
      const memberIds = new Set(inRound.map((a) => a.memberId));
      const byId = new Map<number, TestUser>();
      for (const u of users) {
        const m = await app.db.prisma.member.findUniqueOrThrow({
          where: { telegramId: BigInt(u.id) },
        });
        byId.set(m.id, u);
      }
      const agreeing = [...memberIds].map((m) => byId.get(m) as TestUser);
      const twice = agreeing[Math.floor(random() * agreeing.length)] as TestUser;
      const taps = await Promise.allSettled(
        [...agreeing, twice].map((u) => app.as(u).clearing.agree({ roundId: round.id })),
      );
      expect(
        taps.filter((t) => t.status === "rejected"),
        where,
      ).toEqual([]);
      expect((await app.db.prisma.clearingRound.findFirstOrThrow()).status, where).toBe("applied");
      seen.applied++;

      // The scheduler's tick and a late tap change nothing more.
      await clearingJobs(app.db.prisma, app.now(), app.deps.config.networkTimeZone);
      await app.as(twice).clearing.agree({ roundId: round.id });

      const after = await pledgesNow();
      const afterById = new Map(after.map((p) => [p.id, p]));
      const parts = await app.db.prisma.clearingPart.findMany({
        where: { roundId: round.id, excludedAt: null, cleared: { gt: 0 } },
      });
      const clearedOf = new Map(parts.map((p) => [p.pledgeId, p.cleared]));
      const events = await app.db.prisma.pledgeEvent.findMany({
        where: { action: { in: ["clear", "clearRest", "cancel"] }, at: { gte: ROUND_AT } },
        orderBy: { id: "asc" },
      });
      const clears = events.filter((e) => e.action === "clear");
      const rests = events.filter((e) => e.action === "clearRest");

      // Exactly once: an audit row per cleared obligation, one per remainder; HiGHS's total.
      expect(clears.length, `${where}: clear rows`).toBe(parts.length);
      expect(new Set(clears.map((e) => e.pledgeId)), where).toEqual(new Set(clearedOf.keys()));
      expect(
        clears.reduce((s, e) => s + e.amount, 0),
        `${where}: cleared total against HiGHS`,
      ).toBe(exact);
      const partial = parts.filter((p) => p.cleared < p.amount);
      expect(rests.length, `${where}: clearRest rows`).toBe(partial.length);
      if (partial.length > 0) seen.partial++;

      // Each offered pledge: its cleared part confirmed, the rest a new obligation of its kind (or,
      // for an emergency that reached its goal, cancelled as surplus); nothing grew.
      const created = after.filter((p) => p.id > (before.at(-1)?.id ?? 0));
      expect(
        created.map((p) => p.id).sort(),
        `${where}: the only new pledges are remainders`,
      ).toEqual(rests.map((e) => e.pledgeId).sort());
      const restsOfKind = new Map<string, PledgeRow[]>();
      for (const p of created)
        restsOfKind.set(kindOf(p), [...(restsOfKind.get(kindOf(p)) ?? []), p]);
      for (const p of offered) {
        const now = afterById.get(p.id) as PledgeRow;
        const cleared = clearedOf.get(p.id) ?? 0;
        if (cleared === 0) {
          expect(now.amount, `${where}: pledge ${p.id} untouched`).toBe(p.amount);
          expect(["obligation", "cancelled"], `${where}: pledge ${p.id}`).toContain(now.state);
          continue;
        }
        if (p.overdue) seen.overdueCleared++;
        expect(now, `${where}: pledge ${p.id} cleared`).toMatchObject({
          state: "confirmed",
          amount: cleared,
          clearingOfferedAt: null,
        });
        const rest = restsOfKind.get(kindOf(p)) ?? [];
        expect(rest.length, `${where}: remainders of pledge ${p.id}`).toBe(
          cleared < p.amount ? 1 : 0,
        );
        const remaining = rest[0]?.amount ?? 0;
        expect(cleared + remaining, `${where}: pledge ${p.id} adds up`).toBe(p.amount);
        expect(remaining, `${where}: pledge ${p.id} grew`).toBeLessThan(p.amount);
        if (rest[0]) {
          expect(rest[0], `${where}: remainder of ${p.id}`).toMatchObject({
            receiverId: p.receiverId,
            createdAt: p.createdAt,
          });
          expect(["obligation", "cancelled"]).toContain(rest[0].state);
        }
      }

      // What was cancelled at the apply: surplus of an emergency that reached its goal, nothing else.
      const cancelled = new Set(events.filter((e) => e.action === "cancel").map((e) => e.pledgeId));
      for (const id of cancelled) {
        const p = afterById.get(id) as PledgeRow;
        const c = await app.db.prisma.collection.findUniqueOrThrow({
          where: { id: p.collectionId },
        });
        expect(c, `${where}: pledge ${id} cancelled`).toMatchObject({
          kind: "emergency",
          outcome: "reached",
        });
      }

      // What remains due (cancelled surplus counted as still due, to see the clearing alone): every
      // member's net position as before, and no pair that was not there.
      const due = after.filter((p) => p.state === "obligation" || cancelled.has(p.id));
      const netBefore = netPositions(offered);
      const netAfter = netPositions(due);
      for (const [member, net] of netBefore) {
        expect(netAfter.get(member) ?? 0, `${where}: member ${member}'s net position`).toBe(net);
      }
      for (const p of due) {
        expect(pairs.has(`${p.giverId}→${p.receiverId}`), `${where}: new pair in ${p.id}`).toBe(
          true,
        );
      }
      // What each member no longer owes equals what they are no longer owed.
      const confirmedByClear = after.filter((p) => clearedOf.has(p.id));
      for (const [member, net] of netPositions(confirmedByClear)) {
        expect(net, `${where}: member ${member} cleared unevenly`).toBe(0);
      }

      // One clearing.applied message per member in it, naming their part.
      const applied = await app.db.prisma.outbox.findMany({ where: { kind: "clearing.applied" } });
      expect(applied.map((m) => m.recipientId).sort(), where).toEqual([...memberIds].sort());
      for (const m of applied) {
        const payload = m.payload as {
          noLongerOwe: number;
          noLongerOwed: number;
          owe: { memberId: number; amount: number }[];
          oweMore: number;
          owed: { memberId: number; amount: number }[];
          owedMore: number;
        };
        const out = confirmedByClear.filter((p) => p.giverId === m.recipientId);
        const into = confirmedByClear.filter((p) => p.receiverId === m.recipientId);
        expect(payload.noLongerOwe, where).toBe(out.reduce((s, p) => s + p.amount, 0));
        expect(payload.noLongerOwed, where).toBe(into.reduce((s, p) => s + p.amount, 0));
        expect(payload.owe.length + payload.oweMore, where).toBe(
          new Set(out.map((p) => p.receiverId)).size,
        );
        expect(payload.owed.length + payload.owedMore, where).toBe(
          new Set(into.map((p) => p.giverId)).size,
        );
        expect(payload.owe.length, where).toBeLessThanOrEqual(CLEARING_MESSAGE_LINES);
      }

      // Emergencies: reached iff what is confirmed covers the goal; otherwise 🙏 as before.
      const emergenciesAfter = await emergencyTotals(emergencyIds);
      for (const id of emergencyIds) {
        const confirmed = confirmedByClear
          .filter((p) => p.collectionId === id)
          .reduce((s, p) => s + p.amount, 0);
        if (confirmed > 0) seen.emergencyCleared++;
        const shown = emergenciesAfter.get(id);
        if (confirmed >= (goals.get(id) ?? 0)) {
          seen.emergencyReached++;
          expect(shown, `${where}: emergency ${id}`).toMatchObject({
            closed: true,
            outcome: "reached",
            missing: 0,
          });
          expect(
            after.filter((p) => p.collectionId === id && p.state === "obligation"),
            `${where}: emergency ${id} still owed`,
          ).toEqual([]);
        } else {
          seen.emergencyOpen++;
          expect(shown, `${where}: emergency ${id}`).toEqual(emergenciesBefore.get(id));
        }
      }
    },
  );

  it("the seeds reach every case the generator is for", () => {
    // Run after the seeds (a change of the generator that loses a case fails here).
    expect(seen.applied + seen.failed).toBe(NETWORKS);
    for (const [key, count] of Object.entries(seen)) {
      expect(count, `no seed made a case of "${key}"`).toBeGreaterThan(0);
    }
  });
});
