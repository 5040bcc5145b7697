import { describe, expect, it } from "vitest";
import { statusChangeSchema } from "./schemas.ts";
import { canChangeStatus, memberStatuses, statusActionFor } from "./status.ts";

describe("status changes", () => {
  it("map each pick of status to the domain action", () => {
    expect(statusActionFor("green", "orange")).toBe("openMonthly");
    expect(statusActionFor("green", "red")).toBe("openEmergency");
    expect(statusActionFor("green", "green")).toBeUndefined();
    expect(statusActionFor("orange", "orange")).toBe("changeGoal");
    expect(statusActionFor("orange", "green")).toBe("closeMonthly");
    expect(statusActionFor("orange", "red")).toBe("openEmergency");
    expect(statusActionFor("red", "green")).toBe("endEmergency");
    expect(statusActionFor("red", "orange")).toBe("endEmergency");
    expect(statusActionFor("red", "red")).toBeUndefined();
  });

  it("only ever propose an action the current status allows", () => {
    for (const from of memberStatuses) {
      for (const to of memberStatuses) {
        const action = statusActionFor(from, to);
        if (action) expect(canChangeStatus(from, action), `${from}→${to}`).toBe(true);
      }
    }
  });

  it("need a goal for collections and 1–30 days for an emergency", () => {
    expect(statusChangeSchema.safeParse({ action: "openMonthly" }).success).toBe(false);
    expect(
      statusChangeSchema.safeParse({ action: "openEmergency", goal: 100, days: 30 }).success,
    ).toBe(true);
    const tooLong = statusChangeSchema.safeParse({ action: "openEmergency", goal: 100, days: 31 });
    expect(tooLong.error?.issues[0]?.message).toBe("errors.days.range");
    const fraction = statusChangeSchema.safeParse({
      action: "openEmergency",
      goal: 100,
      days: 2.5,
    });
    expect(fraction.error?.issues[0]?.message).toBe("errors.days.range");
  });
});
