import { describe, expect, it } from "vitest";
import {
  nextPeriod,
  periodDate,
  periodEnd,
  periodFromDate,
  periodOf,
  periodStart,
  previousPeriod,
} from "./period.ts";

describe("periods are calendar months in the network's time zone", () => {
  it("place an instant in its month, by the network's clock", () => {
    const instant = new Date("2026-11-30T23:30:00Z");
    expect(periodOf(instant, "UTC")).toBe("2026-11");
    expect(periodOf(instant, "Europe/Moscow")).toBe("2026-12"); // 02:30 on the 1st there
    expect(periodOf(instant, "America/New_York")).toBe("2026-11");
  });

  it("step across year ends", () => {
    expect(nextPeriod("2026-12")).toBe("2027-01");
    expect(previousPeriod("2027-01")).toBe("2026-12");
    expect(nextPeriod("2028-02")).toBe("2028-03");
  });

  it("begin on the 1st at 00:00 local time", () => {
    expect(periodStart("2026-12", "UTC").toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(periodStart("2026-12", "Europe/Moscow").toISOString()).toBe("2026-11-30T21:00:00.000Z");
    expect(periodStart("2027-01", "Asia/Kolkata").toISOString()).toBe("2026-12-31T18:30:00.000Z");
  });

  it("follow daylight saving time", () => {
    // Berlin is UTC+1 in winter and UTC+2 in summer.
    expect(periodStart("2027-01", "Europe/Berlin").toISOString()).toBe("2026-12-31T23:00:00.000Z");
    expect(periodStart("2027-07", "Europe/Berlin").toISOString()).toBe("2027-06-30T22:00:00.000Z");
    // New York: EST in March 1st, EDT on November 1st.
    expect(periodStart("2027-03", "America/New_York").toISOString()).toBe(
      "2027-03-01T05:00:00.000Z",
    );
    expect(periodStart("2026-11", "America/New_York").toISOString()).toBe(
      "2026-11-01T04:00:00.000Z",
    );
  });

  it("know February of leap years", () => {
    expect(periodEnd("2028-02", "UTC").toISOString()).toBe("2028-03-01T00:00:00.000Z");
    expect(periodOf(new Date("2028-02-29T12:00:00Z"), "UTC")).toBe("2028-02");
    expect(periodOf(new Date("2027-02-28T23:59:59Z"), "UTC")).toBe("2027-02");
    expect(periodOf(new Date("2027-03-01T00:00:00Z"), "UTC")).toBe("2027-03");
  });

  it("round-trip through the database's DATE form", () => {
    expect(periodDate("2026-11").toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(periodFromDate(periodDate("2030-01"))).toBe("2030-01");
  });
});
