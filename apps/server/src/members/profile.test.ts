import { MAX_AMOUNT } from "@exodus/shared";
import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollover } from "../cycle/rollover.ts";
import { createTestApp, type TestUser } from "../testing.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
let app: App;
let nextId = 600_000;
const user = (name: string, language_code = "en"): TestUser => ({
  id: nextId++,
  first_name: name,
  language_code,
});
const idOf = async (u: TestUser) => (await app.as(u).member.me()).profile.id;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe("a member's profile", () => {
  it("keeps a chosen name, about me and language, and refuses what is too long", async () => {
    const ann = user("Ann");
    const profile = await app
      .as(ann)
      .member.updateProfile({ name: "Anna K.", about: "Nurse, Kyiv", language: "uk" });
    expect(profile).toMatchObject({ name: "Anna K.", about: "Nurse, Kyiv", language: "uk" });
    // Telegram's name changing later does not undo the chosen one.
    const again = await app.as({ ...ann, first_name: "Annie" }).member.me();
    expect(again.profile.name).toBe("Anna K.");

    for (const [input, key] of [
      [{ name: "" }, "errors.profile.name"],
      [{ name: "x".repeat(65) }, "errors.profile.name"],
      [{ about: "x".repeat(181) }, "errors.profile.about"],
      [{ language: "de" }, "errors.profile.language"],
    ] as const) {
      const error = await app
        .as(ann)
        // The point is to send what the schema refuses.
        .member.updateProfile(input as unknown as { name: string })
        .catch((e: TRPCError) => e);
      expect((error as TRPCError).cause?.message).toContain(key);
    }
    expect((await app.as(ann).member.me()).profile).toMatchObject({
      name: "Anna K.",
      about: "Nurse, Kyiv",
    });
  });

  it("keeps a monthly giving budget, clears it, and refuses a bad one changing nothing", async () => {
    const ann = user("Ann");
    expect((await app.as(ann).member.me()).profile.budget).toBeNull();
    expect((await app.as(ann).member.updateProfile({ budget: 150_00 })).budget).toBe(150_00);
    // Another field saved alone leaves the budget as it was.
    await app.as(ann).member.updateProfile({ about: "Teacher" });
    expect((await app.as(ann).member.me()).profile.budget).toBe(150_00);

    for (const [budget, key] of [
      [0, "errors.amount.notPositive"],
      [-5_00, "errors.amount.notPositive"],
      [12.345, "errors.amount.tooManyDecimals"],
      [MAX_AMOUNT + 1, "errors.amount.tooLarge"],
      ["100", "errors.amount.notANumber"],
    ] as const) {
      const error = await app
        .as(ann)
        // The point is to send what the schema refuses.
        .member.updateProfile({ budget: budget as number, about: "Changed" })
        .catch((e: TRPCError) => e);
      expect((error as TRPCError).cause?.message).toContain(key);
    }
    expect((await app.as(ann).member.me()).profile).toMatchObject({
      budget: 150_00,
      about: "Teacher",
    });

    expect((await app.as(ann).member.updateProfile({ budget: null })).budget).toBeNull();
    expect((await app.as(ann).member.me()).profile.budget).toBeNull();
  });

  it("keeps payment details in order with one default, and shows them only to the network when in need", async () => {
    const [ann, bob, cat, eve] = [user("Ann"), user("Bob"), user("Cat"), user("Eve")];
    await app.tie(ann, bob);
    const details = [
      { label: "Card", value: "4000 0000 0000 0002", isDefault: false },
      { label: "PayPal", value: "ann@example.org", isDefault: true },
    ];
    expect(await app.as(ann).member.setPaymentDetails({ details })).toEqual(details);
    const twoDefaults = await app
      .as(ann)
      .member.setPaymentDetails({ details: details.map((d) => ({ ...d, isDefault: true })) })
      .catch((e: TRPCError) => e);
    expect((twoDefaults as TRPCError).cause?.message).toContain("errors.payment.oneDefault");

    const annId = await idOf(ann);
    expect((await app.as(bob).network.member({ memberId: annId })).paymentDetails).toBeNull(); // ✅
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    expect((await app.as(bob).network.member({ memberId: annId })).paymentDetails).toEqual(details);

    // Cat only opened a link to Ann: she may see Ann and pledge, but not Ann's payment details.
    const { code } = await app.as(bob).network.createInvite({ targetId: annId });
    await app.tie(eve, cat);
    await app.as(cat).network.openInvite({ code });
    expect((await app.as(cat).network.member({ memberId: annId })).paymentDetails).toBeNull();

    expect(await app.as(ann).member.setPaymentDetails({ details: [] })).toEqual([]);
    expect((await app.as(bob).network.member({ memberId: annId })).paymentDetails).toEqual([]);
  });
});

describe("notification settings", () => {
  it("keep the muted categories, refuse unknown ones, and are gone with a member who left", async () => {
    const ann = user("Ann");
    expect((await app.as(ann).member.me()).notificationsMuted).toEqual([]);
    const kept = await app
      .as(ann)
      .member.setNotifications({ muted: ["summaries", "asks", "asks"] });
    expect(kept.notificationsMuted).toEqual(["asks", "summaries"]);
    expect((await app.as(ann).member.me()).notificationsMuted).toEqual(["asks", "summaries"]);

    const refused = await app
      .as(ann)
      // The point is to send what the schema refuses.
      .member.setNotifications({ muted: ["marketing"] as unknown as ["asks"] })
      .catch((e: TRPCError) => e);
    expect((refused as TRPCError).cause?.message).toContain("errors.notifications.category");
    expect((await app.as(ann).member.me()).notificationsMuted).toEqual(["asks", "summaries"]);

    expect((await app.as(ann).member.setNotifications({ muted: [] })).notificationsMuted).toEqual(
      [],
    );
    await app.as(ann).member.setNotifications({ muted: ["network"] });
    const annId = await idOf(ann);
    await app.as(ann).member.leave({ confirm: true });
    const row = await app.db.prisma.member.findUniqueOrThrow({ where: { id: annId } });
    expect(row.notificationsMuted).toEqual([]);
  });
});

describe("leaving Exodus", () => {
  it("deletes personal data, ends one's intentions and pledges to oneself, keeps others' archives", async () => {
    const [ann, bob, cat] = [user("Ann"), user("Bob"), user("Cat")];
    await app.tie(ann, bob);
    await app.tie(ann, cat);
    await app.as(ann).member.updateProfile({ about: "Hello" });
    await app
      .as(ann)
      .member.setPaymentDetails({ details: [{ label: "Card", value: "1234", isDefault: true }] });
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const annCollection = (await app.as(ann).books.dashboard()).collections[0]?.id as number;
    await app.as(bob).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const bobCollection = (await app.as(bob).books.dashboard()).collections[0]?.id as number;

    const toAnn = await app.as(cat).pledge.create({ collectionId: annCollection, amount: 10_00 });
    const confirmedToBob = await app
      .as(ann)
      .pledge.create({ collectionId: bobCollection, amount: 5_00 });
    await app.as(ann).pledge.act({ pledgeId: confirmedToBob.id, action: "fulfil" });
    await app.as(bob).pledge.act({ pledgeId: confirmedToBob.id, action: "confirm" });
    const annId = await idOf(ann);

    const refused = await app
      .as(ann)
      .member.leave({ confirm: false as true })
      .catch((e: TRPCError) => e);
    expect((refused as TRPCError).cause?.message).toContain("errors.profile.confirmLeave");

    await app.as(ann).member.leave({ confirm: true });

    const row = await app.db.prisma.member.findUniqueOrThrow({ where: { id: annId } });
    expect(row).toMatchObject({
      telegramId: null,
      firstName: "",
      username: null,
      about: "",
      displayName: null,
    });
    expect(row.deletedAt).not.toBeNull();
    expect(await app.db.prisma.paymentDetail.count({ where: { memberId: annId } })).toBe(0);
    expect((await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: toAnn.id } })).state).toBe(
      "ended",
    );
    expect(
      await app.db.prisma.collection.count({ where: { memberId: annId, closedAt: null } }),
    ).toBe(0);
    // Bob's books keep the confirmed gift; its giver has no name any more.
    const bobsCircle = await app.as(bob).books.pledges({ list: "circle", limit: 10 });
    expect(bobsCircle.map((p) => [p.id, p.state, p.giverName])).toEqual([
      [confirmedToBob.id, "confirmed", ""],
    ]);
    // The same Telegram user coming back, with a fresh sign-in, starts afresh.
    app.setNow(new Date(app.now().getTime() + 60_000));
    const back = await app.as(ann).member.me();
    expect(back.profile.id).not.toBe(annId);
    expect(back.profile.status).toBe("green");
  });
});

describe("where to pay", () => {
  it("shows payment details to whoever owes the member, ⌛ or not, whatever the member's status", async () => {
    const [ann, bob, cat, dan] = [user("Ann"), user("Bob"), user("Cat"), user("Dan")];
    await app.tie(ann, bob);
    await app.tie(ann, dan);
    const details = [{ label: "PayPal", value: "ann@example.org", isDefault: true }];
    await app.as(ann).member.setPaymentDetails({ details });
    const annId = await idOf(ann);
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const { collections } = await app.as(ann).books.dashboard();
    const collectionId = collections[0]?.id as number;
    const pay = async (u: TestUser) =>
      (await app.as(u).network.member({ memberId: annId })).paymentDetails;

    const { code } = await app.as(bob).network.createInvite({ targetId: annId });
    await app.as(cat).network.openInvite({ code });
    const catsPledge = await app.as(cat).pledge.create({ collectionId, amount: 20_00 });
    await app.as(cat).pledge.act({ pledgeId: catsPledge.id, action: "commit" });

    const bobsPledge = await app.as(bob).pledge.create({ collectionId, amount: 30_00 });
    await app.as(bob).pledge.act({ pledgeId: bobsPledge.id, action: "commit" });
    // Ann is back at ✅: her network no longer sees her details, those who owe her still do.
    await app.as(ann).member.changeStatus({ action: "closeMonthly" });
    expect(await pay(dan)).toBeNull();
    expect(await pay(bob)).toEqual(details);

    // A month later Bob's debt is in ⌛: he still sees where to pay, until his gift is confirmed.
    app.setNow(new Date("2026-12-01T00:00:00Z"));
    await rollover(app.db.prisma, "2026-12", app.now());
    const bobs = await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: bobsPledge.id } });
    expect(bobs.overdue).toBe(true);
    expect(await pay(bob)).toEqual(details);
    await app.as(bob).pledge.act({ pledgeId: bobsPledge.id, action: "fulfil" });
    expect(await pay(bob)).toEqual(details);
    await app.as(ann).pledge.act({ pledgeId: bobsPledge.id, action: "confirm" });
    expect(await pay(bob)).toBeNull();

    // The ask to fulfil carries the default details.
    await app.as(ann).pledge.nudge({ pledgeId: catsPledge.id, kind: "askFulfil" });
    const ask = await app.db.prisma.outbox.findFirstOrThrow({
      where: { kind: "nudge.askFulfil", payload: { path: ["pledgeId"], equals: catsPledge.id } },
    });
    expect(ask.payload).toMatchObject({ paymentLabel: "PayPal", paymentValue: "ann@example.org" });
  });
});
