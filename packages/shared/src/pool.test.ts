import { describe, expect, it } from "vitest";
import { resources } from "./i18n/index.ts";
import { MAX_AMOUNT } from "./money.ts";
import { transitions } from "./pledge.ts";
import {
  type ClaimStatus,
  canActOnClaim,
  capLeft,
  claimActions,
  claimAmountError,
  claimStatuses,
  settledStatus,
  shareAllowsPledgeMove,
  shareTransitions,
  statusAfterBacking,
} from "./pool.ts";
import { claimFileSchema, poolCapSchema, poolCreateSchema } from "./schemas.ts";

function translated(key: string) {
  for (const [language, strings] of Object.entries(resources)) {
    const text = key
      .split(".")
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], strings);
    expect(typeof text, `${language} ${key}`).toBe("string");
  }
}

function refusal(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }) {
  return (input: unknown) => {
    const r = schema.safeParse(input) as
      | { success: true }
      | { success: false; error: { issues: { message: string }[] } };
    return r.success ? undefined : r.error.issues[0]?.message;
  };
}

describe("the life of a claim", () => {
  const legal: [ClaimStatus, string, string][] = [
    ["filed", "back", "member"],
    ["filed", "withdraw", "claimant"],
    ["filed", "lapse", "system"],
    ["backed", "share", "system"],
    ["shared", "settle", "system"],
  ];

  it("takes only the moves DOMAIN.md names, each by its own actor", () => {
    for (const status of claimStatuses) {
      for (const action of claimActions) {
        for (const actor of ["claimant", "member", "system"] as const) {
          const ok = legal.some(([s, a, b]) => s === status && a === action && b === actor);
          const result = canActOnClaim(status, action, actor);
          expect(result.ok, `${status} ${action} ${actor}`).toBe(ok);
          if (!result.ok) translated(result.error);
        }
      }
    }
  });

  it("is backed once enough other members back it", () => {
    expect(statusAfterBacking(1, 2)).toBe("filed");
    expect(statusAfterBacking(2, 2)).toBe("backed");
    expect(statusAfterBacking(1, 1)).toBe("backed");
  });

  it("ends covered when committed shares make the amount, partly covered otherwise", () => {
    expect(settledStatus(300_00, 300_00)).toBe("covered");
    expect(settledStatus(300_00, 299_99)).toBe("partlyCovered");
  });
});

describe("a share", () => {
  it("is committed or declined by its giver, and stands when they stay silent", () => {
    expect(shareTransitions.commit).toMatchObject({ by: "giver", to: "committed" });
    expect(shareTransitions.decline).toMatchObject({ by: "giver", to: "declined" });
    expect(shareTransitions.stand).toMatchObject({ by: "system", to: "committed" });
    expect(transitions[shareTransitions.decline.pledge].to).toBe("withdrawn");
    expect(transitions[shareTransitions.commit.pledge].to).toBe("obligation");
  });

  it("is given only once taken on", () => {
    expect(shareAllowsPledgeMove("offered", "fulfil")).toBe(false);
    expect(shareAllowsPledgeMove("committed", "fulfil")).toBe(true);
    expect(shareAllowsPledgeMove("declined", "fulfil")).toBe(false);
  });
});

describe("a claim's amount", () => {
  const pool = { largestClaim: 500_00, othersCapsLeft: 400_00 };
  it("is at most the pool's largest claim and what the others' caps left carry", () => {
    expect(claimAmountError(400_00, pool)).toBeUndefined();
    expect(claimAmountError(500_01, pool)).toBe("errors.claim.overLargest");
    expect(claimAmountError(400_01, pool)).toBe("errors.claim.overCaps");
    translated("errors.claim.overLargest");
    translated("errors.claim.overCaps");
  });

  it("leaves caps left never below zero", () => {
    expect(capLeft(100_00, 30_00)).toBe(70_00);
    expect(capLeft(100_00, 130_00)).toBe(0);
  });
});

describe("creating a pool", () => {
  const ok = {
    name: "Car trouble",
    rules: "Breakdowns on the way to work.",
    largestClaim: 500_00,
    cap: 50_00,
  };
  const refuse = refusal(poolCreateSchema);

  it("defaults to 2 backers and 3 days to answer", () => {
    expect(poolCreateSchema.parse(ok)).toMatchObject({ backersNeeded: 2, answerDays: 3 });
    expect(refuse({ ...ok, backersNeeded: 1, answerDays: 14 })).toBeUndefined();
  });

  it.each([
    [{ backersNeeded: 0 }, "errors.pool.backers"],
    [{ backersNeeded: 11 }, "errors.pool.backers"],
    [{ answerDays: 0 }, "errors.pool.answerDays"],
    [{ answerDays: 15 }, "errors.pool.answerDays"],
    [{ largestClaim: 0 }, "errors.amount.notPositive"],
    [{ largestClaim: MAX_AMOUNT + 1 }, "errors.amount.tooLarge"],
    [{ cap: 0 }, "errors.amount.notPositive"],
    [{ name: "" }, "errors.pool.nameEmpty"],
    [{ name: "x".repeat(65) }, "errors.pool.nameTooLong"],
    [{ rules: " " }, "errors.pool.rulesEmpty"],
    [{ rules: "x".repeat(2001) }, "errors.pool.rulesTooLong"],
  ])("refuses %j with %s, in every language", (change, key) => {
    expect(refuse({ ...ok, ...change })).toBe(key);
    translated(key);
  });

  it("takes a cap of one cent, and refuses 0 and fractions of a cent", () => {
    const cap = refusal(poolCapSchema);
    expect(cap({ poolId: 1, cap: 1 })).toBeUndefined();
    expect(cap({ poolId: 1, cap: 0 })).toBe("errors.amount.notPositive");
    expect(cap({ poolId: 1, cap: 0.5 })).toBe("errors.amount.tooManyDecimals");
  });

  it("files a claim with what happened and a positive amount", () => {
    const claim = refusal(claimFileSchema);
    expect(claim({ poolId: 1, amount: 100_00, story: "The car broke down." })).toBeUndefined();
    expect(claim({ poolId: 1, amount: 0, story: "x" })).toBe("errors.amount.notPositive");
    expect(claim({ poolId: 1, amount: 100, story: "" })).toBe("errors.claim.storyEmpty");
    translated("errors.claim.storyEmpty");
  });
});
