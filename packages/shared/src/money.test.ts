import { describe, expect, it } from "vitest";
import { formatAmount, MAX_AMOUNT, parseAmount } from "./money.ts";
import { amountSchema } from "./schemas.ts";

const ok = (value: number) => ({ ok: true, value });
const err = (error: string) => ({ ok: false, error });

describe("parseAmount reads what a person types", () => {
  it("reads whole amounts and decimals in minor units", () => {
    expect(parseAmount("12")).toEqual(ok(1200));
    expect(parseAmount("12.5")).toEqual(ok(1250));
    expect(parseAmount("12.05")).toEqual(ok(1205));
    expect(parseAmount(" 0.01 ")).toEqual(ok(1));
  });

  it("reads the Russian and Ukrainian way: decimal comma, grouping spaces", () => {
    expect(parseAmount("1 234,50", 2, "ru")).toEqual(ok(123450));
    expect(parseAmount("1\u00a0234,5", 2, "uk")).toEqual(ok(123450));
    expect(parseAmount("12,5", 2, "ru")).toEqual(ok(1250));
    expect(parseAmount("12.5", 2, "ru")).toEqual(ok(1250));
  });

  it("reads the English way: grouping commas or spaces, decimal point", () => {
    expect(parseAmount("1,234.50")).toEqual(ok(123450));
    expect(parseAmount("1,234")).toEqual(ok(123400));
    expect(parseAmount("1,234,567")).toEqual(ok(123456700));
    expect(parseAmount("1 234.50")).toEqual(ok(123450));
  });

  it("refuses more decimals than the currency has, in every language", () => {
    expect(parseAmount("12.345")).toEqual(err("errors.amount.tooManyDecimals"));
    expect(parseAmount("12.345", 2, "ru")).toEqual(err("errors.amount.tooManyDecimals"));
    expect(parseAmount("12,345", 2, "uk")).toEqual(err("errors.amount.tooManyDecimals"));
    expect(parseAmount("0.001", 2, "ru")).toEqual(err("errors.amount.tooManyDecimals"));
    expect(parseAmount("12.5", 0)).toEqual(err("errors.amount.tooManyDecimals"));
  });

  it("refuses numbers that are not written the member's way", () => {
    expect(parseAmount("1,234", 2, "ru")).toEqual(err("errors.amount.tooManyDecimals"));
    expect(parseAmount("0,050")).toEqual(err("errors.amount.notANumber"));
    expect(parseAmount("1 2 3")).toEqual(err("errors.amount.notANumber"));
    expect(parseAmount("1,23,4.5")).toEqual(err("errors.amount.notANumber"));
    expect(parseAmount("1,234.567,5")).toEqual(err("errors.amount.notANumber"));
  });

  it("refuses text, empty input, zero and negatives", () => {
    expect(parseAmount("")).toEqual(err("errors.amount.required"));
    expect(parseAmount("   ")).toEqual(err("errors.amount.required"));
    expect(parseAmount("ten")).toEqual(err("errors.amount.notANumber"));
    expect(parseAmount("12abc")).toEqual(err("errors.amount.notANumber"));
    expect(parseAmount("1e5")).toEqual(err("errors.amount.notANumber"));
    expect(parseAmount("12.")).toEqual(err("errors.amount.notANumber"));
    expect(parseAmount("0")).toEqual(err("errors.amount.notPositive"));
    expect(parseAmount("0.00")).toEqual(err("errors.amount.notPositive"));
    expect(parseAmount("-5")).toEqual(err("errors.amount.notPositive"));
  });

  it("refuses amounts above the cap", () => {
    expect(parseAmount("10000000")).toEqual(ok(MAX_AMOUNT));
    expect(parseAmount("10,000,000.01")).toEqual(err("errors.amount.tooLarge"));
    expect(parseAmount("99999999999999999999")).toEqual(err("errors.amount.tooLarge"));
  });
});

describe("amountSchema guards the API", () => {
  it("accepts integer minor units in range", () => {
    expect(amountSchema.parse(1)).toBe(1);
    expect(amountSchema.parse(MAX_AMOUNT)).toBe(MAX_AMOUNT);
  });

  it("refuses fractions, zero, negatives, too much and text with a message key", () => {
    const message = (v: unknown) => amountSchema.safeParse(v).error?.issues[0]?.message;
    expect(message(1.5)).toBe("errors.amount.tooManyDecimals");
    expect(message(0)).toBe("errors.amount.notPositive");
    expect(message(-100)).toBe("errors.amount.notPositive");
    expect(message(MAX_AMOUNT + 1)).toBe("errors.amount.tooLarge");
    expect(message("100")).toBe("errors.amount.notANumber");
  });
});

describe("formatAmount", () => {
  it("shows minor units in the member's locale", () => {
    expect(formatAmount(123450, "USD", "en")).toBe("$1,234.50");
    expect(formatAmount(123450, "USD", "ru").replace(/\s/g, " ")).toBe("1 234,50 $");
  });
});
