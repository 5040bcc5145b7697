import { describe, expect, it } from "vitest";
import { answerTimeLeft } from "./clearing.ts";

const DEADLINE = new Date("2026-12-27T12:00:00Z");
const before = (ms: number) => new Date(DEADLINE.getTime() - ms);
const HOUR = 3_600_000;

describe("the time left to answer a clearing round", () => {
  it("is two days as the round is proposed, then days and hours, rounded up to the hour", () => {
    expect(answerTimeLeft(DEADLINE, before(48 * HOUR))).toEqual({ days: 2, hours: 0 });
    expect(answerTimeLeft(DEADLINE, before(47 * HOUR + 1))).toEqual({ days: 2, hours: 0 });
    expect(answerTimeLeft(DEADLINE, before(47 * HOUR))).toEqual({ days: 1, hours: 23 });
    expect(answerTimeLeft(DEADLINE.toISOString(), before(25 * HOUR))).toEqual({
      days: 1,
      hours: 1,
    });
    expect(answerTimeLeft(DEADLINE, before(5 * HOUR))).toEqual({ days: 0, hours: 5 });
    expect(answerTimeLeft(DEADLINE, before(60_000))).toEqual({ days: 0, hours: 1 });
  });

  it("is nothing once the deadline has passed", () => {
    expect(answerTimeLeft(DEADLINE, DEADLINE)).toBeNull();
    expect(answerTimeLeft(DEADLINE, new Date(DEADLINE.getTime() + HOUR))).toBeNull();
    expect(answerTimeLeft("not a date", DEADLINE)).toBeNull();
  });
});
