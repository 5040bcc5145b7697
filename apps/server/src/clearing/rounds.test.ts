import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, expectMovesOfTheTable, refusal, type TestUser } from "../testing.ts";
import { clearingJobs, runClearingRound } from "./rounds.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;

// Each test has a database of its own: a round is one per period for the whole network.
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(() => app.close());

const HOUR = 3_600_000;
const ROUND_AT = new Date("2026-11-25T12:00:00Z");

function tz() {
  return app.deps.config.networkTimeZone;
}

async function idOf(u: TestUser): Promise<number> {
  const m = await app.db.prisma.member.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } });
  return m.id;
}

const monthlyOf = new Map<number, number>();

/** `giver` owes `receiver` `amount`: an intention to their monthly collection, committed. */
async function owes(giver: TestUser, receiver: TestUser, amount: number): Promise<number> {
  let collectionId = monthlyOf.get(receiver.id);
  if (!collectionId) {
    await app.as(receiver).member.changeStatus({ action: "openMonthly", goal: 1_000_00 });
    const { collections } = await app.as(receiver).books.dashboard();
    collectionId = collections.find((c) => c.kind === "monthly")?.id;
    if (!collectionId) throw new Error("no monthly collection");
    monthlyOf.set(receiver.id, collectionId);
  }
  const pledge = await app.as(giver).pledge.create({ collectionId, amount });
  await app.as(giver).pledge.act({ pledgeId: pledge.id, action: "commit" });
  return pledge.id;
}

/** Three members in a cycle, each offering all they owe: A owes B 30, B owes C 20, C owes A 20. */
async function triangle() {
  const [a, b, c] = await app.members("Anna", "Boris", "Clara");
  const ab = await owes(a, b, 30_00);
  const bc = await owes(b, c, 20_00);
  const ca = await owes(c, a, 20_00);
  for (const u of [a, b, c]) await app.as(u).clearing.offerAll();
  return { a, b, c, ab, bc, ca };
}

async function messages(kind: string) {
  const rows = await app.db.prisma.outbox.findMany({
    where: { kind },
    orderBy: { id: "asc" },
    select: { recipientId: true, payload: true },
  });
  return rows;
}

async function pledgesOf(u: TestUser) {
  return app.db.prisma.pledge.findMany({
    where: { giverId: await idOf(u) },
    orderBy: { id: "asc" },
    select: { state: true, amount: true, overdue: true },
  });
}

async function roundId(): Promise<number> {
  const round = await app.db.prisma.clearingRound.findFirstOrThrow();
  return round.id;
}

describe("a clearing round everyone agrees to", () => {
  it("tells those in it two days before, proposes each part on the 25th and applies it once all agree", async () => {
    monthlyOf.clear();
    const { a, b, c, ab } = await triangle();
    const [ia, ib, ic] = [await idOf(a), await idOf(b), await idOf(c)];

    app.setNow(new Date("2026-11-23T12:00:00Z"));
    await clearingJobs(app.db.prisma, app.now(), tz());
    await clearingJobs(app.db.prisma, app.now(), tz());
    expect((await messages("clearing.upcoming")).map((m) => m.recipientId).sort()).toEqual(
      [ia, ib, ic].sort(),
    );
    expect(await app.db.prisma.clearingRound.count()).toBe(0);

    app.setNow(ROUND_AT);
    await clearingJobs(app.db.prisma, app.now(), tz());
    // Each member's part, by counterpart: whom they would no longer owe, who would no longer owe
    // them (the bot names them when the message leaves).
    const partOf = (owes: number, owed: number) => ({
      noLongerOwe: 20_00,
      noLongerOwed: 20_00,
      owe: [{ memberId: owes, amount: 20_00 }],
      oweMore: 0,
      owed: [{ memberId: owed, amount: 20_00 }],
      owedMore: 0,
    });
    const parts = [
      [ia, { roundId: await roundId(), ...partOf(ib, ic) }],
      [ib, { roundId: await roundId(), ...partOf(ic, ia) }],
      [ic, { roundId: await roundId(), ...partOf(ia, ib) }],
    ].sort((x, y) => Number(x[0]) - Number(y[0]));
    const byRecipient = (rows: { recipientId: number; payload: unknown }[]) =>
      rows.map((m) => [m.recipientId, m.payload]).sort((x, y) => Number(x[0]) - Number(y[0]));
    expect(byRecipient(await messages("clearing.proposed"))).toEqual(parts);

    const mine = await app.as(a).clearing.mine();
    expect(mine.round).toMatchObject({
      status: "proposed",
      answer: "pending",
      deadline: new Date(ROUND_AT.getTime() + 48 * HOUR).toISOString(),
      noLongerOwe: [{ memberId: ib, name: "Boris", amount: 20_00 }],
      noLongerOwed: [{ memberId: ic, name: "Clara", amount: 20_00 }],
    });
    // Nothing moves before everyone agreed.
    await app.as(a).clearing.agree({ roundId: mine.round?.id ?? 0, digest: mine.round?.digest });
    await app.as(b).clearing.agree({ roundId: await roundId() });
    expect(await pledgesOf(a)).toEqual([{ state: "obligation", amount: 30_00, overdue: false }]);

    const last = await app.as(c).clearing.agree({ roundId: await roundId() });
    expect(last.round).toMatchObject({ status: "applied", answer: "agreed" });

    // A's 30 to B: 20 cleared (confirmed), 10 still due; B's and C's cleared in full.
    expect(await pledgesOf(a)).toEqual([
      { state: "confirmed", amount: 20_00, overdue: false },
      { state: "obligation", amount: 10_00, overdue: false },
    ]);
    expect(await pledgesOf(b)).toEqual([{ state: "confirmed", amount: 20_00, overdue: false }]);
    expect(await pledgesOf(c)).toEqual([{ state: "confirmed", amount: 20_00, overdue: false }]);

    const events = await app.db.prisma.pledgeEvent.findMany({ orderBy: { id: "asc" } });
    expectMovesOfTheTable(events);
    expect(
      events.filter((e) => e.action === "clear").map((e) => [e.pledgeId, e.amount, e.actorId]),
    ).toHaveLength(3);
    const rest = events.filter((e) => e.action === "clearRest");
    expect(rest.map((e) => [e.amount, e.toState])).toEqual([[10_00, "obligation"]]);
    expect(events.find((e) => e.action === "clear" && e.pledgeId === ab)?.amount).toBe(20_00);

    // The cleared amount counts toward 👍 of B's collection.
    const { collections } = await app.as(b).books.dashboard();
    expect(collections.find((x) => x.kind === "monthly")).toMatchObject({ confirmed: 20_00 });

    expect(byRecipient(await messages("clearing.applied"))).toEqual(parts);
    // Agreeing again changes nothing.
    await app.as(a).clearing.agree({ roundId: await roundId() });
    expect(await app.db.prisma.pledgeEvent.count({ where: { action: "clear" } })).toBe(3);
    // The remainder is still offered: the debtor's offer stands.
    expect((await app.as(a).clearing.mine()).offered).toMatchObject([{ amount: 10_00 }]);
  });
});

describe("the messages of a round", () => {
  it("name the five largest counterparts a side and count the rest; a rerun tells the new part", async () => {
    monthlyOf.clear();
    const [hub, ...others] = await app.members("Hanna", "M1", "M2", "M3", "M4", "M5", "M6", "M7");
    // Hanna and each of seven owe each other: 1.00, 2.00, … 7.00 a pair, all cleared.
    for (const [i, o] of others.entries()) {
      await owes(hub, o, (i + 1) * 1_00);
      await owes(o, hub, (i + 1) * 1_00);
    }
    for (const u of [hub, ...others]) await app.as(u).clearing.offerAll();
    await runClearingRound(app.db.prisma, ROUND_AT, tz());
    const ids = await Promise.all(others.map(idOf));
    const ih = await idOf(hub);
    const largest = [7, 6, 5, 4, 3].map((n) => ({ memberId: ids[n - 1], amount: n * 1_00 }));
    const [toHub] = (await messages("clearing.proposed")).filter((m) => m.recipientId === ih);
    expect(toHub?.payload).toEqual({
      roundId: await roundId(),
      noLongerOwe: 28_00,
      noLongerOwed: 28_00,
      owe: largest,
      oweMore: 2,
      owed: largest,
      owedMore: 2,
    });
    const [toM1] = (await messages("clearing.proposed")).filter((m) => m.recipientId === ids[0]);
    expect(toM1?.payload).toMatchObject({
      owe: [{ memberId: ih, amount: 1_00 }],
      oweMore: 0,
      owed: [{ memberId: ih, amount: 1_00 }],
    });

    // M7 declines: Hanna's part changes and she is told it anew, without M7.
    await app
      .as(others[6] as (typeof others)[number])
      .clearing.decline({ roundId: await roundId() });
    const again = (await messages("clearing.proposed")).filter((m) => m.recipientId === ih);
    expect(again).toHaveLength(2);
    expect(again[1]?.payload).toMatchObject({
      noLongerOwe: 21_00,
      owe: [6, 5, 4, 3, 2].map((n) => ({ memberId: ids[n - 1], amount: n * 1_00 })),
      oweMore: 1,
    });
  });
});

describe("an emergency in a round", () => {
  /**
   * Anna owes Clara 30.00 (Clara's monthly), Clara owes Boris 30.00 (Boris's monthly), then Anna
   * opens an emergency (goal `goal`) and Boris commits `toEmergency` to it: a cycle through it.
   * Dmytro commits 10.00 to the emergency too, not offered.
   */
  async function throughAnEmergency(goal: number, toEmergency: number) {
    monthlyOf.clear();
    const [a, b, c, d] = await app.members("Anna", "Boris", "Clara", "Dmytro");
    await owes(a, c, 30_00);
    await owes(c, b, 30_00);
    await app.as(a).member.changeStatus({ action: "openEmergency", goal, days: 10 });
    const emergencyId =
      (await app.as(a).books.dashboard()).collections.find((x) => x.kind === "emergency")?.id ?? 0;
    const ba = await app.as(b).pledge.create({ collectionId: emergencyId, amount: toEmergency });
    const da = await app.as(d).pledge.create({ collectionId: emergencyId, amount: 10_00 });
    expect([ba.state, da.state]).toEqual(["obligation", "obligation"]);
    for (const u of [a, b, c]) await app.as(u).clearing.offerAll();
    await runClearingRound(app.db.prisma, ROUND_AT, tz());
    const id = await roundId();
    for (const u of [a, b, c]) await app.as(u).clearing.agree({ roundId: id });
    expect((await app.db.prisma.clearingRound.findFirstOrThrow()).status).toBe("applied");
    return { a, b, c, d, emergencyId, ba: ba.id, da: da.id };
  }

  it("ends the emergency as reached when the cleared amount reaches its goal; the circle is told", async () => {
    const { a, b, d, emergencyId, ba, da } = await throughAnEmergency(30_00, 30_00);
    const [ia, ib, id] = [await idOf(a), await idOf(b), await idOf(d)];

    // Boris's obligation was cleared: given and confirmed, it counts toward 👍 and reached the goal.
    expect(await app.as(a).books.collection({ collectionId: emergencyId })).toMatchObject({
      closed: true,
      confirmed: 30_00,
      obligations: 0,
      missing: 0,
    });
    const emergency = await app.db.prisma.collection.findUniqueOrThrow({
      where: { id: emergencyId },
    });
    expect(emergency.outcome).toBe("reached");
    const pledges = await app.db.prisma.pledge.findMany({
      where: { id: { in: [ba, da] } },
      orderBy: { id: "asc" },
      select: { state: true, amount: true },
    });
    // Dmytro's 10.00 was not needed any more: cancelled as surplus.
    expect(pledges).toEqual([
      { state: "confirmed", amount: 30_00 },
      { state: "cancelled", amount: 10_00 },
    ]);
    // Anna is back to green; the emergency's end is told as a reach would be told.
    expect((await app.as(a).books.dashboard()).status).toBe("green");
    const summary = await messages("emergency.summary");
    expect(summary.map((m) => m.recipientId).sort()).toEqual([ia, ib, id].sort());
    expect(summary.every((m) => (m.payload as { outcome: string }).outcome === "reached")).toBe(
      true,
    );
    expect((await messages("emergency.thanks")).map((m) => m.recipientId).sort()).toEqual(
      [ib, id].sort(),
    );
    // Boris's archive shows the cleared gift among the confirmed ones.
    const archive = await app.as(b).books.pledges({ list: "confirmedArchive", limit: 10 });
    expect(JSON.stringify(archive)).toContain(String(ba));
  });

  it("leaves the emergency open when the clearing covers only part of its goal: 🙏 as before", async () => {
    const { a, b, emergencyId, ba } = await throughAnEmergency(100_00, 40_00);
    // 30.00 of Boris's 40.00 cleared (the cycle carries 30.00): 30.00 confirmed, 10.00 still due.
    expect(await app.as(a).books.collection({ collectionId: emergencyId })).toMatchObject({
      closed: false,
      confirmed: 30_00,
      obligations: 20_00,
      missing: 100_00 - 30_00 - 20_00,
    });
    expect(
      (await app.db.prisma.collection.findUniqueOrThrow({ where: { id: emergencyId } })).outcome,
    ).toBeNull();
    expect((await app.as(a).books.dashboard()).status).toBe("red");
    expect(await pledgesOf(b)).toEqual([
      { state: "confirmed", amount: 30_00, overdue: false },
      { state: "obligation", amount: 10_00, overdue: false },
    ]);
    expect((await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: ba } })).state).toBe(
      "confirmed",
    );
    expect(await messages("emergency.summary")).toEqual([]);
  });
});

describe("what the app shows", () => {
  it("Home's waiting part: the totals while unanswered, nothing once answered or over", async () => {
    monthlyOf.clear();
    const [a, b, c] = await app.members("Anna", "Boris", "Clara");
    const ab = await owes(a, b, 30_00);
    await owes(b, c, 30_00);
    await owes(c, a, 50_00);
    expect(await app.as(a).clearing.waiting()).toBeNull();
    // The pledge page says whether an obligation is offered, to both its sides.
    expect((await app.as(a).pledge.get({ pledgeId: ab })).clearingOffered).toBe(false);
    await app.as(a).clearing.offer({ pledgeId: ab });
    expect((await app.as(a).pledge.get({ pledgeId: ab })).clearingOffered).toBe(true);
    expect((await app.as(b).pledge.get({ pledgeId: ab })).clearingOffered).toBe(true);
    for (const u of [b, c]) await app.as(u).clearing.offerAll();

    await runClearingRound(app.db.prisma, ROUND_AT, tz());
    app.setNow(new Date(ROUND_AT.getTime() + HOUR));
    const id = await roundId();
    const deadline = new Date(ROUND_AT.getTime() + 48 * HOUR).toISOString();
    expect(await app.as(a).clearing.waiting()).toEqual({
      roundId: id,
      deadline,
      timeLeft: { days: 1, hours: 23 },
      noLongerOwe: 30_00,
      noLongerOwed: 30_00,
    });
    expect(await app.as(c).clearing.waiting()).toMatchObject({ noLongerOwe: 30_00 });
    // The clearing screen counts the time left by the server's clock too.
    expect((await app.as(c).clearing.mine()).round?.timeLeft).toEqual({ days: 1, hours: 23 });
    await app.as(a).clearing.agree({ roundId: id });
    expect(await app.as(a).clearing.waiting()).toBeNull();
    // Past the deadline nobody is asked any more, answered or not.
    app.setNow(new Date(ROUND_AT.getTime() + 49 * HOUR));
    expect(await app.as(c).clearing.waiting()).toBeNull();
  });
});

describe("a decline, silence and moves meanwhile", () => {
  it("a decline reruns the round without the decliner's obligations; unchanged parts keep their agreement", async () => {
    monthlyOf.clear();
    const [a, b, c, d] = await app.members("Anna", "Boris", "Clara", "Dmytro");
    await owes(a, b, 10_00);
    await owes(b, c, 10_00);
    await owes(c, a, 10_00);
    const ad = await owes(a, d, 5_00);
    const da = await owes(d, a, 5_00);
    for (const u of [a, b, c, d]) await app.as(u).clearing.offerAll();
    await runClearingRound(app.db.prisma, ROUND_AT, tz());
    app.setNow(new Date(ROUND_AT.getTime() + HOUR));
    const id = await roundId();

    expect((await app.as(a).clearing.mine()).round?.noLongerOwe.map((l) => l.amount)).toEqual([
      10_00, 5_00,
    ]);
    await app.as(a).clearing.agree({ roundId: id });
    await app.as(b).clearing.agree({ roundId: id });
    const declined = await app.as(d).clearing.decline({ roundId: id });
    expect(declined.round).toMatchObject({ answer: "declined", noLongerOwe: [] });

    // A's part changed (D is out): asked again; B's did not: still agreed.
    expect((await app.as(a).clearing.mine()).round).toMatchObject({
      status: "proposed",
      answer: "pending",
      noLongerOwe: [{ name: "Boris", amount: 10_00 }],
    });
    expect((await app.as(b).clearing.mine()).round?.answer).toBe("agreed");
    const proposed = await messages("clearing.proposed");
    const ia = await idOf(a);
    const ib = await idOf(b);
    expect(proposed.filter((m) => m.recipientId === ia)).toHaveLength(2);
    expect(proposed.filter((m) => m.recipientId === ib)).toHaveLength(1);

    await app.as(a).clearing.agree({ roundId: id });
    expect((await app.as(c).clearing.agree({ roundId: id })).round?.status).toBe("applied");
    // D's obligations and A's to D are untouched.
    const left = await app.db.prisma.pledge.findMany({
      where: { id: { in: [ad, da] } },
      select: { state: true, amount: true },
    });
    expect(left).toEqual([
      { state: "obligation", amount: 5_00 },
      { state: "obligation", amount: 5_00 },
    ]);
    expect(await app.db.prisma.pledgeEvent.count({ where: { action: "clear" } })).toBe(3);
  });

  it("silence past 48 hours is a decline: late agreement is refused and the round fails", async () => {
    monthlyOf.clear();
    const { a, b, c } = await triangle();
    await runClearingRound(app.db.prisma, ROUND_AT, tz());
    const id = await roundId();
    await app.as(a).clearing.agree({ roundId: id });
    await app.as(b).clearing.agree({ roundId: id });

    app.setNow(new Date(ROUND_AT.getTime() + 49 * HOUR));
    expect(await refusal(app.as(c).clearing.agree({ roundId: id }))).toBe("errors.clearing.closed");
    // Refused: C's silence stands as a decline, so the round failed; nothing was cleared.
    expect((await app.db.prisma.clearingRound.findFirstOrThrow()).status).toBe("failed");
    await clearingJobs(app.db.prisma, app.now(), tz());
    for (const u of [a, b, c]) {
      expect((await pledgesOf(u)).every((p) => p.state === "obligation")).toBe(true);
    }
    expect(await messages("clearing.failed")).toHaveLength(3);
    expect((await app.as(c).clearing.mine()).round).toMatchObject({
      status: "failed",
      answer: "declined",
    });
  });

  it("an offered obligation given meanwhile leaves the round: nothing is cleared on a broken cycle", async () => {
    monthlyOf.clear();
    const { a, b, c, bc } = await triangle();
    await runClearingRound(app.db.prisma, ROUND_AT, tz());
    const id = await roundId();
    await app.as(a).clearing.agree({ roundId: id });
    await app.as(b).pledge.act({ pledgeId: bc, action: "fulfil" });
    // Nothing is left to clear: the round failed, and agreeing to it is refused.
    expect(await refusal(app.as(c).clearing.agree({ roundId: id }))).toBe("errors.clearing.closed");
    expect((await app.db.prisma.clearingRound.findFirstOrThrow()).status).toBe("failed");
    expect(await app.db.prisma.pledgeEvent.count({ where: { action: "clear" } })).toBe(0);
    expect((await pledgesOf(a))[0]?.state).toBe("obligation");
  });
});

describe("exactly once", () => {
  it("concurrent agree taps (double taps too) apply the round once", async () => {
    monthlyOf.clear();
    const { a, b, c } = await triangle();
    await runClearingRound(app.db.prisma, ROUND_AT, tz());
    const id = await roundId();
    const taps = [a, b, c, a, b, c].map((u) => app.as(u).clearing.agree({ roundId: id }));
    const results = await Promise.allSettled(taps);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect((await app.db.prisma.clearingRound.findFirstOrThrow()).status).toBe("applied");
    expect(await app.db.prisma.pledgeEvent.count({ where: { action: "clear" } })).toBe(3);
    expect(await app.db.prisma.pledgeEvent.count({ where: { action: "clearRest" } })).toBe(1);
    expect(await app.db.prisma.pledge.count({ where: { state: "confirmed" } })).toBe(3);
    expect(await messages("clearing.applied")).toHaveLength(3);
  });

  it("two runners at once make one round", async () => {
    monthlyOf.clear();
    await triangle();
    const outcomes = await Promise.all([
      runClearingRound(app.db.prisma, ROUND_AT, tz()),
      runClearingRound(app.db.prisma, ROUND_AT, tz()),
      clearingJobs(app.db.prisma, ROUND_AT, tz()).then(() => ({ ran: false })),
    ]);
    expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
    expect(await app.db.prisma.clearingRound.count()).toBe(1);
    expect(await app.db.prisma.clearingPart.count()).toBe(3);
    expect(await messages("clearing.proposed")).toHaveLength(3);
  });
});

describe("bad input", () => {
  it("refuses clearly and changes nothing", async () => {
    monthlyOf.clear();
    const [a, b, c, d] = await app.members("Anna", "Boris", "Clara", "Dmytro");
    const ab = await owes(a, b, 30_00);
    const bc = await owes(b, c, 20_00);
    await owes(c, a, 20_00);

    // Someone else's obligation: not found, to the receiver and to a stranger alike.
    expect(await refusal(app.as(b).clearing.offer({ pledgeId: ab }))).toBe(
      "errors.pledge.notFound",
    );
    expect(await refusal(app.as(d).clearing.offer({ pledgeId: ab }))).toBe(
      "errors.pledge.notFound",
    );
    // Not an obligation: an intention, or a gift already given.
    const { collections } = await app.as(b).books.dashboard();
    const monthly = collections.find((x) => x.kind === "monthly")?.id ?? 0;
    const intention = await app.as(d).pledge.create({ collectionId: monthly, amount: 5_00 });
    expect(await refusal(app.as(d).clearing.offer({ pledgeId: intention.id }))).toBe(
      "errors.clearing.notObligation",
    );
    expect(await app.db.prisma.pledge.count({ where: { clearingOfferedAt: { not: null } } })).toBe(
      0,
    );

    await app.as(a).clearing.offer({ pledgeId: ab });
    await app.as(a).clearing.offer({ pledgeId: ab });
    await app.as(b).clearing.offer({ pledgeId: bc });
    await app.as(c).clearing.offerAll();
    await runClearingRound(app.db.prisma, ROUND_AT, tz());
    const id = await roundId();

    // A round one is not in.
    expect(await refusal(app.as(d).clearing.agree({ roundId: id }))).toBe(
      "errors.clearing.notFound",
    );
    expect(await refusal(app.as(d).clearing.agree({ roundId: id + 100 }))).toBe(
      "errors.clearing.notFound",
    );
    // A part that changed since it was shown.
    expect(await refusal(app.as(a).clearing.agree({ roundId: id, digest: "stale" }))).toBe(
      "errors.clearing.changed",
    );
    expect((await app.as(a).clearing.mine()).round?.answer).toBe("pending");
    // Agreeing twice is once.
    await app.as(a).clearing.agree({ roundId: id });
    const agreedAt = await app.db.prisma.clearingAnswer.findFirstOrThrow({
      where: { roundId: id, memberId: await idOf(a) },
    });
    app.setNow(new Date(ROUND_AT.getTime() + HOUR));
    await app.as(a).clearing.agree({ roundId: id });
    expect(
      (
        await app.db.prisma.clearingAnswer.findFirstOrThrow({
          where: { roundId: id, memberId: await idOf(a) },
        })
      ).agreedAt,
    ).toEqual(agreedAt.agreedAt);

    for (const lang of ["en", "ru", "uk"] as const) {
      const { resources } = await import("@exodus/shared");
      const errors = resources[lang].errors as unknown as { clearing: Record<string, string> };
      for (const key of ["notFound", "notObligation", "closed", "changed"]) {
        expect(errors.clearing[key], `${lang} ${key}`).toBeTruthy();
      }
    }
  });
});

describe("the scheduler", () => {
  it("waits for its deadline on its own: a round nobody answers fails once 48 hours pass", async () => {
    monthlyOf.clear();
    await triangle();
    await clearingJobs(app.db.prisma, ROUND_AT, tz());
    await clearingJobs(app.db.prisma, new Date(ROUND_AT.getTime() + 47 * HOUR), tz());
    expect((await app.db.prisma.clearingRound.findFirstOrThrow()).status).toBe("proposed");
    await clearingJobs(app.db.prisma, new Date(ROUND_AT.getTime() + 48 * HOUR), tz());
    expect((await app.db.prisma.clearingRound.findFirstOrThrow()).status).toBe("failed");
    expect(await app.db.prisma.clearingRound.count()).toBe(1);
  });
});

describe("a crash in the middle of the apply", () => {
  it("leaves nothing half-applied; the next tap applies it whole", async () => {
    monthlyOf.clear();
    const { a, b, c } = await triangle();
    await runClearingRound(app.db.prisma, ROUND_AT, tz());
    const id = await roundId();
    await app.as(a).clearing.agree({ roundId: id });
    await app.as(b).clearing.agree({ roundId: id });
    // The database fails once the remainder and its audit row are written, before the rest.
    await app.db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION crash_on_clear() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'crash in the middle'; END $$`);
    await app.db.prisma.$executeRawUnsafe(`
      CREATE TRIGGER crash_on_clear BEFORE INSERT ON pledge_event FOR EACH ROW
      WHEN (NEW.action = 'clear') EXECUTE FUNCTION crash_on_clear()`);
    await expect(app.as(c).clearing.agree({ roundId: id })).rejects.toThrow();
    expect((await app.db.prisma.clearingRound.findFirstOrThrow()).status).toBe("proposed");
    expect(await app.db.prisma.pledge.count()).toBe(3);
    expect(await app.db.prisma.pledge.count({ where: { state: "confirmed" } })).toBe(0);
    expect(await app.db.prisma.pledgeEvent.count({ where: { action: "clearRest" } })).toBe(0);
    expect((await app.as(c).clearing.mine()).round?.answer).toBe("pending");

    await app.db.prisma.$executeRawUnsafe("DROP TRIGGER crash_on_clear ON pledge_event");
    expect((await app.as(c).clearing.agree({ roundId: id })).round?.status).toBe("applied");
    expect(await app.db.prisma.pledge.count({ where: { state: "confirmed" } })).toBe(3);
  });
});
