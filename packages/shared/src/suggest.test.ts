import { describe, expect, it } from "vitest";
import { type CollectionFigures, suggestAmount } from "./suggest.ts";

const monthly = (f: Partial<CollectionFigures>): CollectionFigures => ({
  kind: "monthly",
  goal: 300_00,
  intentions: 0,
  obligations: 0,
  confirmed: 0,
  missing: 300_00,
  helpers: 0,
  ...f,
});

describe("the amount a pledge form suggests", () => {
  it("is all that is missing when nobody helps yet", () => {
    expect(suggestAmount(monthly({}), undefined, 2)).toEqual({
      amount: 300_00,
      reason: "missing",
    });
  });

  it("shares what no promise covers yet equally with those already helping, in whole units", () => {
    // 300 goal − 50 intended − 50 promised = 200 open, shared by 2 helpers and me: 66.67 → 67.
    const c = monthly({ intentions: 50_00, obligations: 50_00, missing: 250_00, helpers: 2 });
    expect(suggestAmount(c, undefined, 2)).toEqual({ amount: 67_00, reason: "share" });
  });

  it("never rounds up past what is open", () => {
    const c = monthly({ goal: 10_50, missing: 10_50 });
    expect(suggestAmount(c, undefined, 2)).toEqual({ amount: 10_50, reason: "missing" });
  });

  it("repeats what I gave last time, but no more than what is open", () => {
    expect(suggestAmount(monthly({ helpers: 3 }), 25_00, 2)).toEqual({
      amount: 25_00,
      reason: "last",
    });
    const almost = monthly({ obligations: 290_00, missing: 10_00, helpers: 3 });
    expect(suggestAmount(almost, 25_00, 2)).toEqual({ amount: 10_00, reason: "last" });
  });

  it("falls back to 🙏 when intentions alone cover the goal, never more than is missing", () => {
    const c = monthly({ intentions: 300_00, missing: 300_00, helpers: 4 });
    expect(suggestAmount(c, undefined, 2)).toEqual({ amount: 60_00, reason: "share" });
  });

  it("reads an emergency's 🙏 alone: it takes no intentions", () => {
    const c: CollectionFigures = { ...monthly({}), kind: "emergency", goal: 90_00, missing: 90_00 };
    expect(suggestAmount(c, undefined, 2)).toEqual({ amount: 90_00, reason: "missing" });
  });

  it("suggests nothing once nothing is missing, unless I gave before", () => {
    const covered = monthly({ confirmed: 300_00, missing: 0, helpers: 1 });
    expect(suggestAmount(covered, undefined, 2)).toEqual({ amount: null, reason: "covered" });
    expect(suggestAmount(covered, 40_00, 2)).toEqual({ amount: 40_00, reason: "last" });
  });
});
