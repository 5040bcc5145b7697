import { resources } from "@exodus/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  expectMovesOfTheTable,
  inputRefusal,
  refusal,
  type TestUser,
} from "../testing.ts";
import { expireInitiatives } from "./life.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;
const DAY_MS = 24 * 60 * 60 * 1000;
const START = new Date("2027-03-10T12:00:00Z");

/** Nobody ties Eve to anyone: she is outside every network of this file. */
let nextOutsider = 710_001;
const outsider = (): TestUser => ({ id: nextOutsider++, first_name: "Eve", language_code: "en" });

beforeAll(async () => {
  app = await createTestApp();
  app.setNow(START);
});
afterAll(() => app.close());

async function memberId(u: TestUser) {
  const m = await app.db.prisma.member.findUniqueOrThrow({ where: { telegramId: BigInt(u.id) } });
  return m.id;
}

/** The messages of `kind` about initiative `id`, as recipient ids (sorted). */
async function told(kind: string, id: number) {
  const rows = await app.db.prisma.outbox.findMany({
    where: { kind, payload: { path: ["collectionId"], equals: id } },
    select: { recipientId: true },
  });
  return rows.map((r) => r.recipientId).sort((a, b) => a - b);
}

const ids = async (...users: TestUser[]) =>
  (await Promise.all(users.map(memberId))).sort((a, b) => a - b);

function propose(user: TestUser, goal: number, days = 30, title = "A bench for the yard") {
  return app.as(user).initiative.propose({
    title,
    story: "Oak, for the old people of the house to sit on in the evenings.",
    goal,
    days,
  });
}

/** A pledge of `giver` to initiative `id`, committed when `commit`. */
async function pledge(giver: TestUser, id: number, amount: number, commit = false) {
  const p = await app.as(giver).pledge.create({ collectionId: id, amount });
  if (!commit) return p;
  return app.as(giver).pledge.act({ pledgeId: p.id, action: "commit" });
}

function translatedEverywhere(key: string) {
  for (const [language, strings] of Object.entries(resources)) {
    const text = key
      .split(".")
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], strings);
    expect(typeof text, `${key} in ${language}`).toBe("string");
  }
}

describe("an initiative's whole life", () => {
  it("goes from proposal through go-ahead to done, all through the API", async () => {
    app.setNow(START);
    const [ann, ben, cat, dan, fay] = await app.members("Ann", "Ben", "Cat", "Dan", "Fay");
    // Ann is ✅ (no need of her own): any member may propose an initiative.
    expect((await app.as(ann).member.me()).profile.status).toBe("green");
    const proposed = await propose(ann, 300_00);
    const id = proposed.id;
    expect(proposed).toMatchObject({
      title: "A bench for the yard",
      goal: 300_00,
      status: "open",
      mine: true,
      daysLeft: 30,
      intentions: 0,
      missing: 300_00,
    });
    // Her network sees it, and lists it.
    expect((await app.as(ben).initiative.get({ collectionId: id })).mine).toBe(false);
    expect((await app.as(ben).initiative.list()).map((i) => i.id)).toContain(id);

    const benP = await pledge(ben, id, 150_00);
    expect(benP.state).toBe("intention");
    await pledge(cat, id, 100_00);
    expect(await told("initiative.askCommit", id)).toEqual([]);
    // ❤️ reaches the goal: every giver with an intention is asked to commit, once.
    const danP = await pledge(dan, id, 50_00);
    expect(await told("initiative.askCommit", id)).toEqual(await ids(ben, cat, dan));
    await app.as(dan).pledge.act({ pledgeId: danP.id, action: "edit", amount: 60_00 });
    expect(await told("initiative.askCommit", id)).toEqual(await ids(ben, cat, dan));

    // Committed, but it has not gone ahead: giving is refused and nothing moves.
    await app.as(ben).pledge.act({ pledgeId: benP.id, action: "commit" });
    expect(await refusal(app.as(ben).pledge.act({ pledgeId: benP.id, action: "fulfil" }))).toBe(
      "errors.pledge.notAllowed",
    );
    expect((await app.as(ben).pledge.get({ pledgeId: benP.id })).actions).not.toContain("fulfil");
    expect((await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: benP.id } })).state).toBe(
      "obligation",
    );

    const catP = await app.db.prisma.pledge.findFirstOrThrow({
      where: { collectionId: id, giverId: await memberId(cat) },
    });
    await app.as(cat).pledge.act({ pledgeId: catP.id, action: "commit" });
    expect((await app.as(ann).initiative.get({ collectionId: id })).status).toBe("open");
    // 🤝 reaches the goal: it goes ahead; its initiator and its givers are told.
    await app.as(dan).pledge.act({ pledgeId: danP.id, action: "commit" });
    const ahead = await app.as(ann).initiative.get({ collectionId: id });
    expect(ahead).toMatchObject({
      status: "ahead",
      obligations: 310_00,
      missing: 0,
      daysLeft: null,
    });
    expect(await told("initiative.ahead", id)).toEqual(await ids(ann, ben, cat, dan));
    expect((await app.as(ben).pledge.get({ pledgeId: benP.id })).actions).toContain("fulfil");

    // A late intention, then each gift given and confirmed.
    const fayP = await pledge(fay, id, 20_00);
    for (const [giver, p] of [
      [ben, benP],
      [cat, catP],
    ] as const) {
      await app.as(giver).pledge.act({ pledgeId: p.id, action: "fulfil" });
      await app.as(ann).pledge.act({ pledgeId: p.id, action: "confirm" });
    }
    expect((await app.as(ann).initiative.get({ collectionId: id })).status).toBe("ahead");
    await app.as(dan).pledge.act({ pledgeId: danP.id, action: "fulfil" });
    await app.as(ann).pledge.act({ pledgeId: danP.id, action: "confirm" });

    // 👍 ≥ goal: done; Fay's intention was surplus and ended; everyone is told.
    const done = await app.as(ann).initiative.get({ collectionId: id });
    expect(done).toMatchObject({ status: "done", confirmed: 310_00, intentions: 0, missing: 0 });
    expect(done.endedAt).not.toBeNull();
    expect((await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: fayP.id } })).state).toBe(
      "ended",
    );
    expect(await told("initiative.done", id)).toEqual(await ids(ann, ben, cat, dan, fay));
    // Over: no new pledge.
    expect(await refusal(app.as(fay).pledge.create({ collectionId: id, amount: 5_00 }))).toBe(
      "errors.collection.notFound",
    );
    const events = await app.db.prisma.pledgeEvent.findMany({
      where: { pledge: { collectionId: id } },
    });
    expectMovesOfTheTable(events, "initiative");
  });
});

describe("the deadline", () => {
  it("fails an initiative without 🤝 ≥ goal exactly once, under two runs at once", async () => {
    app.setNow(START);
    const [ann, ben, cat, dee] = await app.members("Ann", "Ben", "Cat", "Dee");
    const eve = outsider();
    const { id } = await propose(ann, 100_00, 3);
    const benP = await pledge(ben, id, 60_00);
    const catP = await pledge(cat, id, 30_00, true);

    // A minute before the deadline nothing happens.
    const deadline = new Date(START.getTime() + 3 * DAY_MS);
    expect(await expireInitiatives(app.db.prisma, new Date(deadline.getTime() - 60_000))).toBe(0);
    expect((await app.as(ann).initiative.get({ collectionId: id })).status).toBe("open");

    app.setNow(new Date(deadline.getTime() + 60_000));
    // Pledging to it between its deadline and the scheduler's run is refused.
    expect(await refusal(app.as(cat).pledge.create({ collectionId: id, amount: 1_00 }))).toBe(
      "errors.initiative.notAllowed",
    );
    const runs = await Promise.all([
      expireInitiatives(app.db.prisma, app.now()),
      expireInitiatives(app.db.prisma, app.now()),
    ]);
    // Other files' initiatives of this database are not due; this one failed once.
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await expireInitiatives(app.db.prisma, app.now())).toBe(0);

    const failed = await app.as(ann).initiative.get({ collectionId: id });
    expect(failed).toMatchObject({ status: "failed", intentions: 0, obligations: 0 });
    const rows = await app.db.prisma.pledge.findMany({
      where: { id: { in: [benP.id, catP.id] } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((p) => p.state)).toEqual(["ended", "released"]);
    // Released by Exodus, once each, by the table's moves.
    const endings = await app.db.prisma.pledgeEvent.findMany({
      where: { pledgeId: { in: [benP.id, catP.id] }, actorId: null },
      orderBy: { pledgeId: "asc" },
    });
    expect(endings.map((e) => e.action)).toEqual(["end", "callOff"]);
    expectMovesOfTheTable(endings, "initiative");
    expect(await told("initiative.failed", id)).toEqual(await ids(ann, ben, cat));
    // The givers can still read what became of it; a new pledge is refused.
    expect((await app.as(ben).initiative.get({ collectionId: id })).status).toBe("failed");
    // So can Dee, of Ann's network, who only read it (the message that proposed it opens it);
    // someone outside still finds nothing.
    expect((await app.as(dee).initiative.get({ collectionId: id })).status).toBe("failed");
    expect(await refusal(app.as(eve).initiative.get({ collectionId: id }))).toBe(
      "errors.collection.notFound",
    );
    expect(await refusal(app.as(ben).pledge.create({ collectionId: id, amount: 1_00 }))).toBe(
      "errors.collection.notFound",
    );
  });

  it("lets one that is committed in full go ahead rather than fail", async () => {
    app.setNow(START);
    const [ann, ben] = await app.members("Ann", "Ben");
    const { id } = await propose(ann, 50_00, 1);
    await pledge(ben, id, 50_00);
    // The commit lands the moment the deadline passes, before any run.
    const p = await app.db.prisma.pledge.findFirstOrThrow({ where: { collectionId: id } });
    app.setNow(new Date(START.getTime() + DAY_MS + 1_000));
    await app.as(ben).pledge.act({ pledgeId: p.id, action: "commit" });
    expect(await expireInitiatives(app.db.prisma, app.now())).toBe(0);
    expect((await app.as(ann).initiative.get({ collectionId: id })).status).toBe("ahead");
  });
});

describe("cancelling", () => {
  it("is the initiator's, ends it as a failure does, and twice is once", async () => {
    app.setNow(START);
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    const eve = outsider();
    const { id } = await propose(ann, 100_00);
    const benP = await pledge(ben, id, 40_00);
    const catP = await pledge(cat, id, 30_00, true);

    const before = await app.db.prisma.pledgeEvent.count();
    expect(await refusal(app.as(ben).initiative.cancel({ collectionId: id }))).toBe(
      "errors.initiative.notYours",
    );
    expect(await refusal(app.as(eve).initiative.cancel({ collectionId: id }))).toBe(
      "errors.collection.notFound",
    );
    expect(await app.db.prisma.pledgeEvent.count()).toBe(before);
    expect((await app.as(ann).initiative.get({ collectionId: id })).status).toBe("open");

    const [first, second] = await Promise.all([
      app.as(ann).initiative.cancel({ collectionId: id }),
      app.as(ann).initiative.cancel({ collectionId: id }),
    ]);
    expect([first.status, second.status]).toEqual(["cancelled", "cancelled"]);
    await app.as(ann).initiative.cancel({ collectionId: id });
    const rows = await app.db.prisma.pledge.findMany({
      where: { id: { in: [benP.id, catP.id] } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((p) => p.state)).toEqual(["ended", "released"]);
    expect(await app.db.prisma.pledgeEvent.count()).toBe(before + 2);
    // The givers hear it; the initiator, who did it, does not.
    expect(await told("initiative.cancelled", id)).toEqual(await ids(ben, cat));
    expect(await refusal(app.as(ann).initiative.lowerGoal({ collectionId: id, goal: 10_00 }))).toBe(
      "errors.initiative.notAllowed",
    );
  });
});

describe("lowering the goal", () => {
  it("to what is committed makes it go ahead; then it can be neither lowered nor cancelled", async () => {
    app.setNow(START);
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    const { id } = await propose(ann, 200_00);
    await pledge(ben, id, 80_00, true);
    await pledge(cat, id, 70_00, true);
    expect(
      await refusal(app.as(ann).initiative.lowerGoal({ collectionId: id, goal: 250_00 })),
    ).toBe("errors.initiative.goalNotLower");
    expect(
      await refusal(app.as(ben).initiative.lowerGoal({ collectionId: id, goal: 100_00 })),
    ).toBe("errors.initiative.notYours");
    expect((await app.as(ann).initiative.get({ collectionId: id })).goal).toBe(200_00);

    const lowered = await app.as(ann).initiative.lowerGoal({ collectionId: id, goal: 150_00 });
    expect(lowered).toMatchObject({ goal: 150_00, status: "ahead", missing: 0 });
    expect(await told("initiative.ahead", id)).toEqual(await ids(ann, ben, cat));
    // The same goal again is the same tap.
    expect((await app.as(ann).initiative.lowerGoal({ collectionId: id, goal: 150_00 })).goal).toBe(
      150_00,
    );
    expect(
      await refusal(app.as(ann).initiative.lowerGoal({ collectionId: id, goal: 100_00 })),
    ).toBe("errors.initiative.notAllowed");
    expect(await refusal(app.as(ann).initiative.cancel({ collectionId: id }))).toBe(
      "errors.initiative.notAllowed",
    );
    expect((await app.as(ann).initiative.get({ collectionId: id })).status).toBe("ahead");
  });

  it("above what is committed keeps it open", async () => {
    app.setNow(START);
    const [ann, ben] = await app.members("Ann", "Ben");
    const { id } = await propose(ann, 200_00);
    await pledge(ben, id, 80_00, true);
    const lowered = await app.as(ann).initiative.lowerGoal({ collectionId: id, goal: 120_00 });
    expect(lowered).toMatchObject({ goal: 120_00, status: "open", missing: 40_00 });
    expect(await told("initiative.ahead", id)).toEqual([]);
  });
});

describe("privacy", () => {
  it("shows an initiative to its initiator's network only; an outsider finds nothing", async () => {
    app.setNow(START);
    const [ann, ben] = await app.members("Ann", "Ben");
    const eve = outsider();
    const { id } = await propose(ann, 100_00);
    await pledge(ben, id, 10_00);
    const before = await app.db.prisma.pledge.count();
    const calls: (() => Promise<unknown>)[] = [
      () => app.as(eve).initiative.get({ collectionId: id }),
      () => app.as(eve).pledge.create({ collectionId: id, amount: 10_00 }),
      () => app.as(eve).collection.story({ collectionId: id }),
      () => app.as(eve).books.collection({ collectionId: id }),
      () => app.as(eve).initiative.postUpdate({ collectionId: id, text: "Hello" }),
      () => app.as(eve).initiative.lowerGoal({ collectionId: id, goal: 1_00 }),
    ];
    for (const call of calls) expect(await refusal(call())).toBe("errors.collection.notFound");
    expect((await app.as(eve).initiative.list()).map((i) => i.id)).not.toContain(id);
    expect(await app.db.prisma.pledge.count()).toBe(before);
  });

  it("refuses the initiator's own pledge and tells nobody outside of anything", async () => {
    app.setNow(START);
    const [ann] = await app.members("Ann");
    const { id } = await propose(ann, 100_00);
    expect(await refusal(app.as(ann).pledge.create({ collectionId: id, amount: 10_00 }))).toBe(
      "errors.pledge.self",
    );
  });
});

describe("an initiative beside a member's needs", () => {
  it("stays out of their home's collections and their circle of support", async () => {
    app.setNow(START);
    const [ann, ben] = await app.members("Ann", "Ben");
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 50_00 });
    const { id } = await propose(ann, 100_00);
    await pledge(ben, id, 10_00);
    const kinds = (await app.as(ann).books.dashboard()).collections.map((c) => c.kind);
    expect(kinds).toEqual(["monthly"]);
    const annId = await memberId(ann);
    const circle = await app.as(ben).network.circle({ memberId: annId });
    expect(circle.collections.map((c) => c.kind)).toEqual(["monthly"]);
    // Ben helps her initiative, not her monthly need: he is in no circle of hers.
    expect(circle.helpers).toEqual([]);
    // Its figures are the initiative's own.
    expect((await app.as(ben).books.collection({ collectionId: id })).intentions).toBe(10_00);
  });
});

describe("updates", () => {
  it("reach those who pledged, are the initiator's to post, and stop once it is over", async () => {
    app.setNow(START);
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    const { id } = await propose(ann, 100_00);
    await pledge(ben, id, 10_00);
    const posted = await app
      .as(ann)
      .initiative.postUpdate({ collectionId: id, text: "Oak bought" });
    expect(posted.sentTo).toBe(1);
    const got = await app.db.prisma.outbox.findMany({
      where: { kind: "collection.update", payload: { path: ["collectionId"], equals: id } },
    });
    expect(got.map((o) => o.recipientId)).toEqual(await ids(ben));
    expect(
      (await app.as(cat).initiative.get({ collectionId: id })).updates.map((u) => u.text),
    ).toEqual(["Oak bought"]);
    expect(
      await refusal(app.as(ben).initiative.postUpdate({ collectionId: id, text: "Mine" })),
    ).toBe("errors.initiative.notYours");
    await app.as(ann).initiative.cancel({ collectionId: id });
    expect(
      await refusal(app.as(ann).initiative.postUpdate({ collectionId: id, text: "Again" })),
    ).toBe("errors.story.closed");
  });
});

describe("bad input", () => {
  it("is refused with a translated key, and nothing is stored", async () => {
    app.setNow(START);
    const [ann] = await app.members("Ann");
    const before = await app.db.prisma.collection.count();
    const ok = { title: "A bench", story: "For the yard.", goal: 100_00, days: 30 };
    const cases: [input: unknown, key: string][] = [
      [{ ...ok, days: 91 }, "errors.initiative.days"],
      [{ ...ok, days: 0 }, "errors.initiative.days"],
      [{ ...ok, days: 2.5 }, "errors.initiative.days"],
      [{ ...ok, goal: 0 }, "errors.amount.notPositive"],
      [{ ...ok, title: "" }, "errors.initiative.titleEmpty"],
      [{ ...ok, title: "   " }, "errors.initiative.titleEmpty"],
      [{ ...ok, title: "x".repeat(81) }, "errors.initiative.titleTooLong"],
      [{ ...ok, story: "" }, "errors.initiative.storyEmpty"],
      [{ ...ok, story: "x".repeat(1001) }, "errors.initiative.storyTooLong"],
    ];
    for (const [input, key] of cases) {
      const call = app.as(ann).initiative.propose(input as typeof ok);
      expect(await inputRefusal(call), JSON.stringify(input)).toEqual([key]);
      translatedEverywhere(key);
    }
    expect(await app.db.prisma.collection.count()).toBe(before);

    // At most five under way at once; the same proposal twice is one.
    const first = await app.as(ann).initiative.propose(ok);
    expect((await app.as(ann).initiative.propose(ok)).id).toBe(first.id);
    for (let i = 2; i <= 5; i++) await app.as(ann).initiative.propose({ ...ok, title: `No. ${i}` });
    expect(await refusal(app.as(ann).initiative.propose({ ...ok, title: "No. 6" }))).toBe(
      "errors.initiative.tooMany",
    );
    translatedEverywhere("errors.initiative.tooMany");
    expect(await app.db.prisma.collection.count()).toBe(before + 5);
  });
});

describe("an initiator who leaves", () => {
  it("takes their open initiative and its title with them; the deadline later finds nothing", async () => {
    app.setNow(START);
    const [ann, ben] = await app.members("Ann", "Ben");
    const { id } = await propose(ann, 100_00, 2);
    const p = await pledge(ben, id, 10_00);
    await app.as(ann).member.leave({ confirm: true });
    const row = await app.db.prisma.collection.findUniqueOrThrow({ where: { id } });
    expect([row.initiativeStatus, row.title, row.closedAt !== null]).toEqual([
      "cancelled",
      "",
      true,
    ]);
    expect((await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: p.id } })).state).toBe(
      "ended",
    );
    expect(await refusal(app.as(ben).initiative.get({ collectionId: id }))).toBe(
      "errors.collection.notFound",
    );
    expect(await expireInitiatives(app.db.prisma, new Date(START.getTime() + 3 * DAY_MS))).toBe(0);
  });
});
