import { describe, expect, it } from "vitest";
import { type CountedPledge, collectionFigures, daysLeft, givingFigures } from "./aggregates.ts";

const pledge = (p: Partial<CountedPledge>): CountedPledge => ({
  giverId: 1,
  receiverId: 9,
  state: "intention",
  period: "2026-11",
  overdue: false,
  amount: 10_00,
  ...p,
});

describe("a member who left", () => {
  it("is no circle's helper, while what they gave stays in 🤝 and 👍", () => {
    const figures = collectionFigures(
      { kind: "monthly", goal: 100_00 },
      [
        pledge({ giverId: 1, state: "confirmed", amount: 40_00, giverLeft: true }),
        pledge({ giverId: 2, state: "fulfilled", amount: 30_00, giverLeft: true }),
        pledge({ giverId: 3, state: "intention", amount: 5_00 }),
      ],
      "2026-11",
    );
    expect(figures).toEqual({
      intentions: 5_00,
      obligations: 30_00,
      confirmed: 40_00,
      missing: 30_00,
      helpers: 1,
    });
  });

  it("is not among the receivers of a giving line", () => {
    const monthly = { kind: "monthly" as const, closed: false };
    const figures = givingFigures(
      [
        {
          pledge: pledge({ receiverId: 8, state: "obligation", receiverLeft: true }),
          collection: monthly,
        },
        { pledge: pledge({ receiverId: 9, state: "intention" }), collection: monthly },
      ],
      "2026-11",
      Date.parse("2026-11-01T00:00:00Z"),
    );
    expect(figures).toEqual({ receivers: 1, intentions: 10_00, obligations: 10_00, confirmed: 0 });
  });
});

describe("days left, by the network's calendar", () => {
  const deadline = "2026-12-05T14:00:00Z";
  it("counts whole days to the last day: 0 on that day, before and after the hour", () => {
    expect(daysLeft(deadline, new Date("2026-12-03T20:00:00Z"), "UTC")).toBe(2);
    expect(daysLeft(deadline, new Date("2026-12-04T23:59:00Z"), "UTC")).toBe(1);
    expect(daysLeft(deadline, new Date("2026-12-05T00:01:00Z"), "UTC")).toBe(0);
    expect(daysLeft(deadline, new Date("2026-12-06T09:00:00Z"), "UTC")).toBe(0);
  });

  it("reads the day in the network's time zone", () => {
    // 14:00 UTC is already the 6th in Auckland (UTC+13 in December).
    expect(daysLeft(deadline, new Date("2026-12-05T09:00:00Z"), "Pacific/Auckland")).toBe(1);
    expect(daysLeft(deadline, new Date("2026-12-05T12:00:00Z"), "Pacific/Auckland")).toBe(0);
  });

  it("ends a period on its last day: what ends at midnight ends today", () => {
    const end = "2026-12-01T00:00:00Z";
    expect(daysLeft(end, new Date("2026-11-30T08:00:00Z"), "UTC")).toBe(0);
    expect(daysLeft(end, new Date("2026-11-29T23:00:00Z"), "UTC")).toBe(1);
  });
});
