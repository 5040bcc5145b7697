import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alice, boris, createTestApp } from "../testing.ts";

describe("a member's profile and status", () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it("starts ✅ green, in the language Telegram reports", async () => {
    const { profile } = await app.as(boris).member.me();
    expect(profile).toMatchObject({ firstName: "Борис", status: "green", language: "ru" });
    expect(profile.monthly).toBeNull();
  });

  it("keeps names in step with Telegram", async () => {
    await app.as(alice).member.me();
    const { profile } = await app
      .as({ ...alice, first_name: "Alicia", username: "alicia" })
      .member.me();
    expect(profile).toMatchObject({ firstName: "Alicia", username: "alicia" });
  });

  it("signs in whatever Telegram's names hold, keeping only what the text rule allows", async () => {
    // As long as Telegram allows (64 characters each; longer is not Telegram's, see auth.test.ts).
    const odd = {
      id: 1003,
      first_name: `Ev\u0000e\u202E${"😀".repeat(59)}`,
      last_name: "x".repeat(64),
      language_code: "en",
    };
    const { profile } = await app.as(odd).member.me();
    expect(profile.firstName).toBe(`Eve${"😀".repeat(59)}`);
    // The two names together fit the name's 64 characters.
    expect(profile.lastName).toBe("x");
    expect(profile.name).toBe(`Eve${"😀".repeat(59)} x`);

    const invisible = { id: 1004, first_name: "\u200B\u2066", username: "dana_k" };
    expect((await app.as(invisible).member.me()).profile.name).toBe("dana_k");
    const nothing = { id: 1005, first_name: "\u3164" };
    expect((await app.as(nothing).member.me()).profile.name).toBe("👤");
  });

  it("opens a monthly collection: ✅→🔆 with the goal kept", async () => {
    const profile = await app
      .as(alice)
      .member.changeStatus({ action: "openMonthly", goal: 50_000 });
    expect(profile.status).toBe("orange");
    expect(profile.monthly).toEqual({ goal: 50_000, paused: false });
    const again = await app.as(alice).member.me();
    expect(again.profile.monthly?.goal).toBe(50_000);
  });

  it("does nothing twice when the same change is sent twice", async () => {
    await app.as(alice).member.changeStatus({ action: "openMonthly", goal: 50_000 });
    const open = await app.db.prisma.collection.count({
      where: { member: { telegramId: 1001n }, closedAt: null },
    });
    expect(open).toBe(1);
  });

  it("changes the monthly goal", async () => {
    const profile = await app.as(alice).member.changeStatus({ action: "changeGoal", goal: 75_000 });
    expect(profile.monthly?.goal).toBe(75_000);
  });

  it("opens an emergency: 🔆→🆘 pauses the monthly collection, deadline in days", async () => {
    const profile = await app
      .as(alice)
      .member.changeStatus({ action: "openEmergency", goal: 200_000, days: 10 });
    expect(profile.status).toBe("red");
    expect(profile.monthly).toEqual({ goal: 75_000, paused: true });
    expect(profile.emergency).toEqual({
      goal: 200_000,
      deadline: "2026-12-01T12:00:00.000Z",
      daysLeft: 10,
    });
  });

  it("counts the days left by the clock", async () => {
    app.setNow(new Date("2026-11-28T13:00:00Z"));
    const { profile } = await app.as(alice).member.me();
    expect(profile.emergency?.daysLeft).toBe(3);
    app.setNow(new Date("2026-11-21T12:00:00Z"));
  });

  it("ends the emergency by hand and returns to 🔆 with the monthly collection running", async () => {
    const profile = await app.as(alice).member.changeStatus({ action: "endEmergency" });
    expect(profile.status).toBe("orange");
    expect(profile.monthly).toEqual({ goal: 75_000, paused: false });
    expect(profile.emergency).toBeNull();
  });

  it("closes the monthly collection: 🔆→✅", async () => {
    const profile = await app.as(alice).member.changeStatus({ action: "closeMonthly" });
    expect(profile.status).toBe("green");
    expect(profile.monthly).toBeNull();
  });

  it("from ✅, an emergency ends back at ✅", async () => {
    await app.as(alice).member.changeStatus({ action: "openEmergency", goal: 1_000, days: 1 });
    const profile = await app.as(alice).member.changeStatus({ action: "endEmergency" });
    expect(profile.status).toBe("green");
  });

  it("refuses a change the current status does not allow, changing nothing", async () => {
    await expect(
      app.as(alice).member.changeStatus({ action: "changeGoal", goal: 1_000 }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: "errors.status.notAllowed" });
    expect((await app.as(alice).member.me()).profile.status).toBe("green");
  });

  it("refuses bad amounts and days with a translatable message, changing nothing", async () => {
    const cases = [
      [{ action: "openMonthly", goal: 12.345 }, "errors.amount.tooManyDecimals"],
      [{ action: "openMonthly", goal: 0 }, "errors.amount.notPositive"],
      [{ action: "openMonthly", goal: -5 }, "errors.amount.notPositive"],
      [{ action: "openMonthly", goal: "100" }, "errors.amount.notANumber"],
      [{ action: "openMonthly", goal: 1_000_000_001 }, "errors.amount.tooLarge"],
      [{ action: "openEmergency", goal: 100, days: 31 }, "errors.days.range"],
      [{ action: "openEmergency", goal: 100, days: 0 }, "errors.days.range"],
    ] as const;
    for (const [input, message] of cases) {
      const error = await app
        .as(alice)
        // biome-ignore lint/suspicious/noExplicitAny: the point is to send what the schema refuses
        .member.changeStatus(input as any)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect((error as TRPCError).cause?.message).toContain(message);
    }
    expect((await app.as(alice).member.me()).profile.status).toBe("green");
  });

  it("opens one monthly collection when two devices ask at once", async () => {
    // A race shows only sometimes, so it is run for many members; each must end with one collection.
    for (let i = 0; i < 20; i++) {
      const member = { id: 70_000 + i, first_name: `Racer ${i}`, language_code: "en" };
      await app.as(member).member.me();
      const results = await Promise.allSettled([
        app.as(member).member.changeStatus({ action: "openMonthly", goal: 10_000 }),
        app.as(member).member.changeStatus({ action: "openMonthly", goal: 20_000 }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r) => r.status === "rejected");
      expect(refused?.reason).toMatchObject({ message: "errors.status.notAllowed" });
      const open = await app.db.prisma.collection.count({
        where: { member: { telegramId: BigInt(member.id) }, closedAt: null },
      });
      expect(open).toBe(1);
    }
  });
});
