import { describe, expect, it } from "vitest";
import { resources } from "./i18n/index.ts";
import {
  applyInitiativeTransition,
  type InitiativeStatus,
  initiativeActions,
  initiativeAllowsPledgeMove,
  initiativeDue,
  initiativeStatuses,
  initiativeTransitions,
  lowerGoalError,
} from "./initiative.ts";
import { MAX_AMOUNT } from "./money.ts";
import { transitions } from "./pledge.ts";
import { initiativeProposeSchema } from "./schemas.ts";

/** Every legal move, written out by hand from DOMAIN.md, independent of the table. */
const legal: [InitiativeStatus, string, "initiator" | "system", InitiativeStatus][] = [
  ["open", "lowerGoal", "initiator", "open"],
  ["open", "goAhead", "system", "ahead"],
  ["ahead", "complete", "system", "done"],
  ["open", "fail", "system", "failed"],
  ["open", "cancel", "initiator", "cancelled"],
];

function translated(key: string) {
  for (const [language, strings] of Object.entries(resources)) {
    const text = key
      .split(".")
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], strings);
    expect(typeof text, `${language} ${key}`).toBe("string");
  }
}

describe("the life of an initiative", () => {
  it.each(legal)("from %s, %s by the %s leads to %s", (from, action, actor, to) => {
    expect(
      applyInitiativeTransition(from, action as keyof typeof initiativeTransitions, actor),
    ).toEqual({ ok: true, to });
  });

  it("refuses every other move, and says whose it is", () => {
    for (const status of initiativeStatuses) {
      for (const action of initiativeActions) {
        for (const actor of ["initiator", "system"] as const) {
          if (legal.some(([f, a, b]) => f === status && a === action && b === actor)) continue;
          const result = applyInitiativeTransition(status, action, actor);
          expect(result.ok, `${status} ${action} ${actor}`).toBe(false);
          if (!result.ok) translated(result.error);
        }
      }
    }
    expect(applyInitiativeTransition("open", "cancel", "system")).toEqual({
      ok: false,
      error: "errors.initiative.notYours",
    });
    expect(applyInitiativeTransition("ahead", "cancel", "initiator")).toEqual({
      ok: false,
      error: "errors.initiative.notAllowed",
    });
  });

  it("ends intentions and has Exodus release obligations when it fails or is cancelled", () => {
    for (const action of ["fail", "cancel"] as const) {
      const ending = initiativeTransitions[action].pledges;
      expect(ending).toEqual({ intention: "end", obligation: "callOff" });
      expect(transitions.end).toMatchObject({ by: "system", from: ["intention"], to: "ended" });
      expect(transitions.callOff).toMatchObject({ by: "system", to: "released" });
    }
  });

  it("treats what is only promised once it is done as surplus, as an emergency reached", () => {
    expect(initiativeTransitions.complete.pledges).toEqual({
      intention: "end",
      obligation: "cancel",
    });
  });

  it("lets givers fulfil only after it goes ahead", () => {
    expect(initiativeAllowsPledgeMove("open", "fulfil")).toBe(false);
    expect(initiativeAllowsPledgeMove("open", "commit")).toBe(true);
    expect(initiativeAllowsPledgeMove("open", "create")).toBe(true);
    expect(initiativeAllowsPledgeMove("ahead", "fulfil")).toBe(true);
    for (const s of ["failed", "cancelled"] as const) {
      expect(initiativeAllowsPledgeMove(s, "create")).toBe(false);
      expect(initiativeAllowsPledgeMove(s, "fulfil")).toBe(false);
    }
    expect(initiativeAllowsPledgeMove("done", "create")).toBe(false);
  });
});

describe("what Exodus does after the books change", () => {
  const f = (obligations: number, confirmed: number) => ({ goal: 100_00, obligations, confirmed });
  it("goes ahead once 🤝 + 👍 reach the goal, even at the deadline", () => {
    expect(initiativeDue("open", f(60_00, 40_00), false)).toBe("goAhead");
    expect(initiativeDue("open", f(60_00, 40_00), true)).toBe("goAhead");
    expect(initiativeDue("open", f(60_00, 39_99), false)).toBeUndefined();
  });
  it("fails at the deadline short of the goal, and never once it went ahead", () => {
    expect(initiativeDue("open", f(99_99, 0), true)).toBe("fail");
    expect(initiativeDue("ahead", f(99_99, 0), true)).toBeUndefined();
  });
  it("is done when 👍 reaches the goal", () => {
    expect(initiativeDue("ahead", f(0, 100_00), false)).toBe("complete");
    expect(initiativeDue("ahead", f(50_00, 50_00), false)).toBeUndefined();
  });
  it("takes a lower goal only", () => {
    expect(lowerGoalError(100_00, 99_99)).toBeUndefined();
    expect(lowerGoalError(100_00, 100_00)).toBe("errors.initiative.goalNotLower");
    translated("errors.initiative.goalNotLower");
  });
});

describe("proposing an initiative", () => {
  const ok = { title: "A bench for the yard", story: "Wood and paint.", goal: 150_00, days: 30 };
  const refusal = (input: unknown) => {
    const r = initiativeProposeSchema.safeParse(input);
    return r.success ? undefined : r.error.issues[0]?.message;
  };

  it("takes a title, a story, a goal and a deadline of 1 to 90 days", () => {
    expect(initiativeProposeSchema.parse({ ...ok, title: "  A bench  " }).title).toBe("A bench");
    expect(refusal({ ...ok, days: 1 })).toBeUndefined();
    expect(refusal({ ...ok, days: 90 })).toBeUndefined();
    expect(refusal({ ...ok, goal: MAX_AMOUNT })).toBeUndefined();
  });

  it.each([
    [{ days: 0 }, "errors.initiative.days"],
    [{ days: 91 }, "errors.initiative.days"],
    [{ days: 2.5 }, "errors.initiative.days"],
    [{ goal: 0 }, "errors.amount.notPositive"],
    [{ goal: MAX_AMOUNT + 1 }, "errors.amount.tooLarge"],
    [{ goal: 10.5 }, "errors.amount.tooManyDecimals"],
    [{ title: "   " }, "errors.initiative.titleEmpty"],
    [{ title: "x".repeat(81) }, "errors.initiative.titleTooLong"],
    [{ title: "two\nlines" }, "errors.text.lineBreak"],
    [{ story: "" }, "errors.initiative.storyEmpty"],
    [{ story: "x".repeat(1001) }, "errors.initiative.storyTooLong"],
  ])("refuses %j with %s, in every language", (change, key) => {
    expect(refusal({ ...ok, ...change })).toBe(key);
    translated(key);
  });
});
