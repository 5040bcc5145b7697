import { describe, expect, it } from "vitest";
import { type CollectionFigures, suggestPledge } from "./suggest.ts";

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

describe("what a pledge form offers", () => {
  it("starts empty for a first pledge, offering all that is missing when nobody helps yet", () => {
    expect(suggestPledge(monthly({}), undefined, 2)).toEqual({
      start: null,
      share: null,
      missing: 300_00,
    });
  });

  it("offers a fair share of what no promise covers yet, in whole units, beside all of it", () => {
    // 300 goal − 50 intended − 50 promised = 200 open, shared by 2 helpers and me: 66.67 → 67.
    const c = monthly({ intentions: 50_00, obligations: 50_00, missing: 250_00, helpers: 2 });
    expect(suggestPledge(c, undefined, 2)).toEqual({ start: null, share: 67_00, missing: 200_00 });
  });

  it("offers no share that would round up to all that is open", () => {
    // 0.50 open, shared by 1 helper and me: 0.25 → 1.00, more than is open.
    const c = monthly({ goal: 50, missing: 50, helpers: 1 });
    expect(suggestPledge(c, undefined, 2)).toEqual({ start: null, share: null, missing: 50 });
  });

  it("starts from what I gave last time, but no more than what is open", () => {
    expect(suggestPledge(monthly({ helpers: 3 }), 25_00, 2)).toEqual({
      start: 25_00,
      share: 75_00,
      missing: 300_00,
    });
    const almost = monthly({ obligations: 290_00, missing: 10_00, helpers: 3 });
    expect(suggestPledge(almost, 25_00, 2)).toMatchObject({ start: 10_00, missing: 10_00 });
  });

  it("falls back to 🙏 when intentions alone cover the goal", () => {
    const c = monthly({ intentions: 300_00, missing: 300_00, helpers: 4 });
    expect(suggestPledge(c, undefined, 2)).toEqual({ start: null, share: 60_00, missing: 300_00 });
  });

  it("reads an emergency's 🙏 alone: it takes no intentions", () => {
    const c: CollectionFigures = { ...monthly({}), kind: "emergency", goal: 90_00, missing: 90_00 };
    expect(suggestPledge(c, undefined, 2)).toEqual({ start: null, share: null, missing: 90_00 });
  });

  it("offers no pick once nothing is missing, and starts from what I gave before", () => {
    const covered = monthly({ confirmed: 300_00, missing: 0, helpers: 1 });
    expect(suggestPledge(covered, undefined, 2)).toEqual({
      start: null,
      share: null,
      missing: null,
    });
    expect(suggestPledge(covered, 40_00, 2)).toEqual({ start: 40_00, share: null, missing: null });
  });
});
