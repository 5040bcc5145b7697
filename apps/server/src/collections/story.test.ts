import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockCollection } from "../locks.ts";
import { createTestApp, inputRefusal, refusal, type TestUser } from "../testing.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;
const HOUR = 60 * 60 * 1000;
const idOf = async (u: TestUser) => (await app.as(u).member.me()).profile.id;

async function monthlyOf(u: TestUser, goal = 100_00) {
  await app.as(u).member.changeStatus({ action: "openMonthly", goal });
  const { collections } = await app.as(u).books.dashboard();
  return collections.find((c) => c.kind === "monthly")?.id as number;
}

const updateMessages = (collectionId: number) =>
  app.db.prisma.outbox.findMany({
    where: { kind: "collection.update", payload: { path: ["collectionId"], equals: collectionId } },
    orderBy: [{ recipientId: "asc" }, { id: "asc" }],
    select: { recipientId: true, payload: true, link: true },
  });

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe("a need's story", () => {
  it("is written by its member and read by their network, and by no outsider", async () => {
    const [ann, ben, cat] = await app.members("Ann", "Ben", "Cat");
    const [stranger] = await app.members("Stranger");
    const collectionId = await monthlyOf(ann);

    await app.as(ann).collection.setStory({ collectionId, story: "  Rent while I retrain.  " });
    expect(await app.as(ben).collection.story({ collectionId })).toMatchObject({
      memberId: await idOf(ann),
      story: "Rent while I retrain.",
      mine: false,
      updates: [],
    });
    expect(await refusal(app.as(stranger).collection.story({ collectionId }))).toBe(
      "errors.collection.notFound",
    );
    // Only its member writes it; a stranger learns nothing, not even that it exists.
    expect(
      await refusal(app.as(ben).collection.setStory({ collectionId, story: "Mine now" })),
    ).toBe("errors.story.notYours");
    expect(await refusal(app.as(stranger).collection.setStory({ collectionId, story: "Hi" }))).toBe(
      "errors.collection.notFound",
    );
    expect(
      await inputRefusal(app.as(ann).collection.setStory({ collectionId, story: "x".repeat(501) })),
    ).toEqual(["errors.story.tooLong"]);
    expect((await app.as(ann).collection.story({ collectionId })).story).toBe(
      "Rent while I retrain.",
    );

    // A closed collection keeps its story for its member and those who pledged to it, and takes
    // no more changes; the rest of the network learns nothing of a past need.
    const cats = await app.as(cat).pledge.create({ collectionId, amount: 10_00 });
    await app.as(cat).pledge.act({ pledgeId: cats.id, action: "withdraw" });
    await app.as(ann).member.changeStatus({ action: "closeMonthly" });
    expect(await refusal(app.as(ann).collection.setStory({ collectionId, story: "Later" }))).toBe(
      "errors.story.closed",
    );
    expect(
      await refusal(app.as(ann).collection.postUpdate({ collectionId, text: "Thanks all" })),
    ).toBe("errors.story.closed");
    for (const reader of [ann, cat]) {
      expect((await app.as(reader).collection.story({ collectionId })).story).toBe(
        "Rent while I retrain.",
      );
    }
    expect(await refusal(app.as(ben).collection.story({ collectionId }))).toBe(
      "errors.collection.notFound",
    );
  });

  it("counts characters as DOMAIN.md does: an emoji is one", async () => {
    const [ann] = await app.members("Ann");
    const collectionId = await monthlyOf(ann);
    const write = (story: string) => app.as(ann).collection.setStory({ collectionId, story });
    await write("🌱".repeat(500));
    expect((await app.as(ann).collection.story({ collectionId })).story).toBe("🌱".repeat(500));
    expect(await inputRefusal(write("🌱".repeat(501)))).toEqual(["errors.story.tooLong"]);
    await write("a".repeat(500));
    expect(await inputRefusal(write("a".repeat(501)))).toEqual(["errors.story.tooLong"]);
    await app.as(ann).member.changeStatus({ action: "closeMonthly" });
  });

  it("lets nobody but its member hold up the collection: another's write is refused at once", async () => {
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await monthlyOf(ann);
    // Ann's own write holds her collection for a moment.
    let release = () => {};
    let locked = () => {};
    const lockTaken = new Promise<void>((r) => {
      locked = r;
    });
    const annsWrite = app.db.prisma.$transaction(
      async (tx) => {
        await lockCollection(tx, collectionId);
        locked();
        await new Promise<void>((r) => {
          release = r;
        });
      },
      { timeout: 20_000 },
    );
    await lockTaken;
    const waited = new Promise<string>((r) => setTimeout(() => r("waited for Ann's lock"), 2_000));
    const bens = await Promise.race([
      refusal(app.as(ben).collection.setStory({ collectionId, story: "Mine now" })),
      waited,
    ]);
    release();
    await annsWrite;
    expect(bens).toBe("errors.story.notYours");
    await app.as(ann).member.changeStatus({ action: "closeMonthly" });
  });
});

describe("a need's updates", () => {
  it("reach the circle, one message each, and nobody outside it", async () => {
    app.setNow(new Date("2026-11-21T12:00:00Z"));
    const [ann, ben, cat, dan, eve] = await app.members("Ann", "Ben", "Cat", "Dan", "Eve");
    const collectionId = await monthlyOf(ann);
    await app.as(ben).pledge.create({ collectionId, amount: 10_00 }); // ❤️ live
    const cats = await app.as(cat).pledge.create({ collectionId, amount: 20_00 });
    await app.as(cat).pledge.act({ pledgeId: cats.id, action: "fulfil" });
    await app.as(ann).pledge.act({ pledgeId: cats.id, action: "confirm" }); // 👍 this period
    const dans = await app.as(dan).pledge.create({ collectionId, amount: 30_00 });
    await app.as(dan).pledge.act({ pledgeId: dans.id, action: "withdraw" }); // left the circle
    // Eve is in Ann's network but gives nothing.

    const first = await app.as(ann).collection.postUpdate({ collectionId, text: "Got the job!" });
    await app.as(ann).collection.postUpdate({ collectionId, text: "Starting Monday." });
    expect(first.sentTo).toBe(2);

    const annId = await idOf(ann);
    const [benId, catId] = [await idOf(ben), await idOf(cat)];
    const sent = await updateMessages(collectionId);
    expect(sent.map((m) => [m.recipientId, (m.payload as { text: string }).text])).toEqual([
      [benId, "Got the job!"],
      [benId, "Starting Monday."],
      [catId, "Got the job!"],
      [catId, "Starting Monday."],
    ]);
    expect(sent.every((m) => m.link === `_member-${annId}`)).toBe(true);
    const others = [await idOf(dan), await idOf(eve)];
    expect(sent.filter((m) => others.includes(m.recipientId))).toEqual([]);

    // Listed under the collection, newest first, for anyone who may see Ann.
    const story = await app.as(eve).collection.story({ collectionId });
    expect(story.updates.map((u) => u.text)).toEqual(["Starting Monday.", "Got the job!"]);
  });

  it("say what happened: how many of the circle were told, a double tap once, the same news later again", async () => {
    const start = new Date("2026-11-24T09:00:00Z");
    app.setNow(start);
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await monthlyOf(ann);
    const post = (text: string) => app.as(ann).collection.postUpdate({ collectionId, text });

    // Nobody helps yet: posted, listed, and sent to no one.
    expect((await post("Looking for work")).sentTo).toBe(0);

    await app.as(ben).pledge.create({ collectionId, amount: 10_00 });
    const first = await post("Interview on Monday");
    expect(first.sentTo).toBe(1);
    // A second tap a moment later is the same post, and says so.
    app.setNow(new Date(start.getTime() + 60_000));
    expect(await post("Interview on Monday")).toEqual(first);
    expect((await updateMessages(collectionId)).length).toBe(1);

    // The same words hours later are news again: posted and sent.
    app.setNow(new Date(start.getTime() + 3 * HOUR));
    const again = await post("Interview on Monday");
    expect(again.id).not.toBe(first.id);
    expect(again.sentTo).toBe(1);
    expect((await updateMessages(collectionId)).length).toBe(2);
  });

  it("are at most three in 24 hours; a double tap is one post; empty or too long is refused", async () => {
    const start = new Date("2026-11-22T09:00:00Z");
    app.setNow(start);
    const [ann, ben] = await app.members("Ann", "Ben");
    const collectionId = await monthlyOf(ann);
    await app.as(ben).pledge.create({ collectionId, amount: 10_00 });

    const one = await app.as(ann).collection.postUpdate({ collectionId, text: "One" });
    const again = await app.as(ann).collection.postUpdate({ collectionId, text: "One" });
    expect(again.id).toBe(one.id);
    app.setNow(new Date(start.getTime() + 2 * HOUR));
    await app.as(ann).collection.postUpdate({ collectionId, text: "Two" });
    app.setNow(new Date(start.getTime() + 20 * HOUR));
    await app.as(ann).collection.postUpdate({ collectionId, text: "Three" });
    expect(await refusal(app.as(ann).collection.postUpdate({ collectionId, text: "Four" }))).toBe(
      "errors.story.tooManyToday",
    );
    for (const [text, key] of [
      ["   ", "errors.story.updateEmpty"],
      ["x".repeat(501), "errors.story.updateTooLong"],
    ] as const) {
      expect(await inputRefusal(app.as(ann).collection.postUpdate({ collectionId, text }))).toEqual(
        [key],
      );
    }
    expect((await updateMessages(collectionId)).length).toBe(3);

    // A day after the first, there is room again.
    app.setNow(new Date(start.getTime() + 24 * HOUR + 1));
    await app.as(ann).collection.postUpdate({ collectionId, text: "Four" });
    const listed = (await app.as(ben).collection.story({ collectionId })).updates;
    expect(listed.map((u) => u.text)).toEqual(["Four", "Three", "Two", "One"]);
  });
});
