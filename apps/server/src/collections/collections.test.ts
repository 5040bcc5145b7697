import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestUser } from "../testing.ts";
import { expireEmergencies } from "./service.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;

async function collectionOf(u: TestUser, kind: "monthly" | "emergency") {
  const { collections } = await app.as(u).books.dashboard();
  const found = collections.find((c) => c.kind === kind);
  if (!found) throw new Error(`no ${kind} collection`);
  return found.id;
}
const idOf = async (u: TestUser) => (await app.as(u).member.me()).profile.id;
const stateOf = async (pledgeId: number) =>
  (await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } })).state;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe("🔆→✅ closing a monthly collection", () => {
  it("ends intentions (givers told) and keeps obligations and fulfilled pledges due", async () => {
    const [ann, ben, cat, dan] = await app.members("Ann", "Ben", "Cat", "Dan");
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const collectionId = await collectionOf(ann, "monthly");
    const intention = await app.as(ben).pledge.create({ collectionId, amount: 10_00 });
    const obligation = await app.as(cat).pledge.create({ collectionId, amount: 20_00 });
    await app.as(cat).pledge.act({ pledgeId: obligation.id, action: "commit" });
    const fulfilled = await app.as(dan).pledge.create({ collectionId, amount: 30_00 });
    await app.as(dan).pledge.act({ pledgeId: fulfilled.id, action: "fulfil" });

    await app.as(ann).member.changeStatus({ action: "closeMonthly" });

    expect(await stateOf(intention.id)).toBe("ended");
    expect(await stateOf(obligation.id)).toBe("obligation");
    expect(await stateOf(fulfilled.id)).toBe("fulfilled");
    const told = await app.db.prisma.outbox.findMany({
      where: { kind: "intention.ended" },
      select: { recipientId: true },
    });
    expect(told.map((o) => o.recipientId)).toContain(await idOf(ben));
    // What is still due can still be settled.
    expect(
      (await app.as(ann).pledge.act({ pledgeId: fulfilled.id, action: "confirm" })).state,
    ).toBe("confirmed");
  });
});

describe("🆘 emergencies", () => {
  it("pause the monthly collection and tell its givers", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const monthly = await collectionOf(ann, "monthly");
    await app.as(ben).pledge.create({ collectionId: monthly, amount: 10_00 });
    await app.as(ann).member.changeStatus({ action: "openEmergency", goal: 50_00, days: 5 });
    expect(
      await app.db.prisma.outbox.count({
        where: { recipientId: await idOf(ben), kind: "monthly.paused" },
      }),
    ).toBe(1);
    expect((await app.as(ann).member.me()).profile.monthly?.paused).toBe(true);
  });

  it("reached: confirmed ≥ goal ends it, cancels unfulfilled obligations, keeps fulfilled ones waiting", async () => {
    const [ann, ben, cat, dan] = await app.members("Ann", "Ben", "Cat", "Dan");
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    await app.as(ann).member.changeStatus({ action: "openEmergency", goal: 50_00, days: 5 });
    const emergency = await collectionOf(ann, "emergency");
    const big = await app.as(ben).pledge.create({ collectionId: emergency, amount: 50_00 });
    const surplus = await app.as(cat).pledge.create({ collectionId: emergency, amount: 20_00 });
    const waiting = await app.as(dan).pledge.create({ collectionId: emergency, amount: 5_00 });
    await app.as(dan).pledge.act({ pledgeId: waiting.id, action: "fulfil" });
    await app.as(ben).pledge.act({ pledgeId: big.id, action: "fulfil" });

    await app.as(ann).pledge.act({ pledgeId: big.id, action: "confirm" });

    const closed = await app.db.prisma.collection.findUniqueOrThrow({ where: { id: emergency } });
    expect(closed.outcome).toBe("reached");
    expect(await stateOf(surplus.id)).toBe("cancelled");
    expect(await stateOf(waiting.id)).toBe("fulfilled");
    const me = await app.as(ann).member.me();
    expect(me.profile.status).toBe("orange");
    expect(me.profile.monthly?.paused).toBe(false);
    const messages = await app.db.prisma.outbox.findMany({
      where: {
        payload: { path: ["collectionId"], equals: emergency },
        kind: { startsWith: "emergency." },
      },
      select: { recipientId: true, kind: true },
    });
    const told = (u: TestUser) =>
      idOf(u).then((id) =>
        messages
          .filter((m) => m.recipientId === id)
          .map((m) => m.kind)
          .sort(),
      );
    // Everyone in the circle gets the summary; those who gave and the surplus givers are thanked.
    expect(await told(ben)).toEqual(["emergency.summary", "emergency.thanks"]);
    expect(await told(cat)).toEqual(["emergency.summary", "emergency.thanks"]);
    expect(await told(dan)).toEqual(["emergency.summary", "emergency.thanks"]);
    expect(await told(ann)).toEqual(["emergency.summary"]);
    // The gift still waiting can be confirmed after the end — or, not received, it goes to ⌛.
    const back = await app.as(ann).pledge.act({ pledgeId: waiting.id, action: "notReceived" });
    expect(back).toMatchObject({ state: "obligation", overdue: true });
    expect(
      await app
        .as(ben)
        .pledge.act({ pledgeId: big.id, action: "fulfil" })
        .catch((e) => e.message),
    ).toBe("errors.pledge.notAllowed");
  });

  it("ended by hand: partial result, unfulfilled obligations stay due in ⌛, back to ✅", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    await app.as(ann).member.changeStatus({ action: "openEmergency", goal: 50_00, days: 5 });
    const emergency = await collectionOf(ann, "emergency");
    const due = await app.as(ben).pledge.create({ collectionId: emergency, amount: 20_00 });
    await app.as(ann).member.changeStatus({ action: "endEmergency" });
    const pledge = await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: due.id } });
    expect(pledge).toMatchObject({ state: "obligation", overdue: true });
    expect((await app.as(ann).member.me()).profile.status).toBe("green");
    const overdue = await app.as(ben).books.pledges({ list: "overdue", limit: 20 });
    expect(overdue.map((p) => p.id)).toEqual([due.id]);
    // Overdue, it can still be fulfilled and confirmed; then it lands in the 👍 archive.
    await app.as(ben).pledge.act({ pledgeId: due.id, action: "fulfil" });
    await app.as(ann).pledge.act({ pledgeId: due.id, action: "confirm" });
    const archive = await app.as(ann).books.pledges({ list: "confirmedArchive", limit: 20 });
    expect(archive.map((p) => [p.id, p.state])).toEqual([[due.id, "confirmed"]]);
  });

  it("a giver in an emergency of their own is frozen: their obligation waits, and goes to ⌛ after", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    await app.as(ann).member.changeStatus({ action: "openEmergency", goal: 50_00, days: 5 });
    const emergency = await collectionOf(ann, "emergency");
    const owed = await app.as(ben).pledge.create({ collectionId: emergency, amount: 20_00 });
    await app.as(ben).member.changeStatus({ action: "openEmergency", goal: 10_00, days: 5 });

    await app.as(ann).member.changeStatus({ action: "endEmergency" });
    expect(await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: owed.id } })).toMatchObject({
      state: "obligation",
      overdue: false,
    });
    await app.as(ben).member.changeStatus({ action: "endEmergency" });
    expect(await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: owed.id } })).toMatchObject({
      state: "obligation",
      overdue: true,
    });
  });

  it("deadline passed: the scheduler ends it as expired, exactly once", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    await app.as(ann).member.changeStatus({ action: "openEmergency", goal: 50_00, days: 2 });
    const emergency = await collectionOf(ann, "emergency");
    const due = await app.as(ben).pledge.create({ collectionId: emergency, amount: 20_00 });

    expect(
      await expireEmergencies(app.db.prisma, new Date(app.now().getTime() + 47 * 3_600_000)),
    ).toBe(0);
    const later = new Date(app.now().getTime() + 48 * 3_600_000);
    const [first, second] = await Promise.all([
      expireEmergencies(app.db.prisma, later),
      expireEmergencies(app.db.prisma, later),
    ]);
    expect(first + second).toBe(1);
    const closed = await app.db.prisma.collection.findUniqueOrThrow({ where: { id: emergency } });
    expect(closed.outcome).toBe("expired");
    expect((await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: due.id } })).overdue).toBe(
      true,
    );
    expect((await app.as(ann).member.me()).profile.status).toBe("green");
  });

  it("settles a confirmation racing its member's end of the emergency one way, without errors", async () => {
    for (let i = 0; i < 10; i++) {
      const [ann, ben] = await app.members("Ann", "Ben");
      await app.as(ann).member.changeStatus({ action: "openEmergency", goal: 10_00, days: 5 });
      const emergency = await collectionOf(ann, "emergency");
      const p = await app.as(ben).pledge.create({ collectionId: emergency, amount: 10_00 });
      await app.as(ben).pledge.act({ pledgeId: p.id, action: "fulfil" });
      const results = await Promise.allSettled([
        app.as(ann).pledge.act({ pledgeId: p.id, action: "confirm" }),
        app.as(ann).member.changeStatus({ action: "endEmergency" }),
      ]);
      for (const r of results) {
        if (r.status === "rejected")
          expect(String(r.reason.message)).toMatch(/^errors\.(status|pledge)\./);
      }
      const closed = await app.db.prisma.collection.findUniqueOrThrow({ where: { id: emergency } });
      expect(["reached", "ended"]).toContain(closed.outcome);
      expect((await app.as(ann).member.me()).profile.status).toBe("green");
    }
  });

  it("takes no intentions: a pledge to an emergency is an obligation at once", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    await app.as(ann).member.changeStatus({ action: "openEmergency", goal: 50_00, days: 5 });
    const emergency = await collectionOf(ann, "emergency");
    const pledge = await app.as(ben).pledge.create({ collectionId: emergency, amount: 5_00 });
    expect(pledge.state).toBe("obligation");
  });
});
