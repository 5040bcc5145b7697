import { describe, expect, it } from "vitest";
import {
  type ExportLine,
  exportFileName,
  exportHeader,
  exportRecord,
  plainAmount,
  spreadsheetText,
} from "./export.ts";
import { dayOf } from "./period.ts";

const line: ExportLine = {
  id: 7,
  given: true,
  counterparty: "Olena",
  kind: "monthly",
  period: "2026-11",
  amount: 4050,
  state: "fulfilled",
  overdue: false,
  changedAt: new Date("2026-11-30T22:30:00Z"),
};

describe("the books' export", () => {
  it("heads its columns in the member's language", () => {
    expect(exportHeader("en")).toEqual([
      "Pledge",
      "Date",
      "Direction",
      "Counterparty",
      "Kind",
      "Period",
      "Amount",
      "Currency",
      "State",
      "Overdue",
    ]);
    expect(exportHeader("ru")[3]).toBe("С кем");
    expect(exportHeader("uk")[8]).toBe("Стан");
  });

  it("reads a pledge as a statement line: the day in the network's time zone, a plain amount", () => {
    expect(exportRecord(line, "en", "USD", "Europe/Kyiv")).toEqual([
      "7",
      "2026-12-01",
      "Given",
      "Olena",
      "Monthly support",
      "2026-11",
      "40.50",
      "USD",
      "Given, awaiting confirmation",
      "No",
    ]);
    expect(
      exportRecord(
        { ...line, given: false, counterparty: null, kind: "emergency", overdue: true },
        "ru",
        "EUR",
        "UTC",
      ),
    ).toEqual([
      "7",
      "2026-11-30",
      "Получил(а)",
      "удалённый участник",
      "Экстренный сбор",
      "2026-11",
      "40.50",
      "EUR",
      "Передано, ждёт подтверждения",
      "Да",
    ]);
  });

  it("names every kind of collection a pledge can go to, initiatives and pool claims too", () => {
    const kinds = ["monthly", "emergency", "initiative", "claim"] as const;
    expect(kinds.map((kind) => exportRecord({ ...line, kind }, "en", "USD", "UTC")[4])).toEqual([
      "Monthly support",
      "Emergency",
      "Initiative",
      "Pool claim",
    ]);
    for (const language of ["ru", "uk"] as const) {
      for (const kind of kinds) {
        expect(exportRecord({ ...line, kind }, language, "USD", "UTC")[4], kind).toMatch(/\S/);
      }
    }
  });

  it("writes amounts with a point and no grouping, as many decimals as the currency has", () => {
    expect(plainAmount(123450, "USD")).toBe("1234.50");
    expect(plainAmount(5, "USD")).toBe("0.05");
    expect(plainAmount(500, "JPY")).toBe("500");
    expect(plainAmount(1234, "BHD")).toBe("1.234");
  });

  it("keeps a name that looks like a formula from running in a spreadsheet", () => {
    expect(spreadsheetText("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(spreadsheetText("-1")).toBe("'-1");
    expect(spreadsheetText("Anna-Maria")).toBe("Anna-Maria");
  });

  it("names the file by the day", () => {
    expect(exportFileName("en", dayOf(new Date("2026-11-21T12:00:00Z"), "UTC"))).toBe(
      "exodus-books-2026-11-21.csv",
    );
  });
});
