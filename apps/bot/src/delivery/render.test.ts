import { describe, expect, it } from "vitest";
import { createRenderer } from "./render.ts";

const renderer = createRenderer({ miniAppUrl: "https://exodus.example/app", currency: "EUR" });
const ask = (payload: Record<string, unknown>) => ({
  kind: "nudge.askFulfil",
  payload: { pledgeId: 5, ...payload },
  recipientId: 2,
  link: "_pledge-5",
  pledge: { amount: 30_00, giver: "Gil", receiver: "Anna" },
});

describe("the ask to fulfil", () => {
  it("says where to give: the receiver's default payment details", () => {
    const { text } = renderer.render(
      ask({ paymentLabel: "Card", paymentValue: "4111 1111" }),
      "en",
    );
    expect(text).toContain("Anna asks you to give");
    expect(text).toContain("Card — 4111 1111");
  });

  it("says to ask in person when the receiver left no details, in the giver's language", () => {
    expect(renderer.render(ask({}), "en").text).toContain("Anna has no payment details");
    expect(renderer.render(ask({}), "ru").text).toContain("спросите лично");
    expect(renderer.render(ask({}), "uk").text).toContain("запитайте особисто");
  });
});

describe("an emergency's last day", () => {
  const missing = (amount: number, hoursLeft = 20) => ({
    kind: "reminder.emergencyMissing",
    payload: { collectionId: 3, amount, hoursLeft },
    recipientId: 1,
    link: "_home",
  });

  it("says how many hours are left at most, never 'tomorrow' for an end hours away", () => {
    const deadline = (hoursLeft: number) => ({
      kind: "reminder.emergencyDeadline",
      payload: { memberId: 1, collectionId: 3, amount: 30_00, hoursLeft },
      recipientId: 2,
      link: "_member-1",
      member: { name: "Anna" },
    });
    expect(renderer.render(deadline(12), "en").text).toBe(
      "⏳ Anna's emergency ends within 12 hours. You committed €30.00: give it and say so in Exodus.",
    );
    expect(renderer.render(deadline(1), "en").text).toContain("ends within 1 hour.");
    expect(renderer.render(missing(45_00, 12), "ru").text).toContain(
      "закончится не позже чем через 12 часов",
    );
    expect(renderer.render(missing(45_00, 2), "ru").text).toContain("через 2 часа");
    expect(renderer.render(missing(0, 21), "uk").text).toContain(
      "закінчиться не пізніше ніж за 21 годину",
    );
    for (const language of ["en", "ru", "uk"] as const) {
      expect(renderer.render(deadline(12), language).text).not.toMatch(/tomorrow|завтра/);
    }
  });

  it("tells the member in need what is still missing", () => {
    expect(renderer.render(missing(45_00), "en").text).toMatch(/Still missing: €45\.00/);
  });

  it("tells them to confirm what arrives when nothing is missing", () => {
    expect(renderer.render(missing(0), "en").text).toContain("Everything is promised");
  });
});

describe("a member's part of a clearing round", () => {
  const names = new Map<number, string | null>([
    [11, "Boris"],
    [12, "Anna"],
    [13, null],
  ]);
  const part = (kind: "clearing.proposed" | "clearing.applied", payload: object) => ({
    kind,
    payload: { roundId: 4, ...payload },
    recipientId: 2,
    link: "_clearing",
    names,
  });
  /** The text with the locale's no-break spaces (in "30,00 €") as plain ones. */
  const textOf = (facts: ReturnType<typeof part>, language: "en" | "ru" | "uk") =>
    renderer.render(facts, language).text.replace(/\u00a0/g, " ");

  it("names whom one would no longer owe and who would no longer owe one, with the amounts", () => {
    const proposed = part("clearing.proposed", {
      noLongerOwe: 30_00,
      noLongerOwed: 30_00,
      owe: [{ memberId: 11, amount: 30_00 }],
      owed: [{ memberId: 12, amount: 30_00 }],
    });
    expect(renderer.render(proposed, "en").text).toBe(
      [
        "🔄 A clearing round is proposed. Your part:",
        "You would no longer owe:",
        "• Boris: €30.00",
        "Who would no longer owe you:",
        "• Anna: €30.00",
        "Open Exodus to agree or decline within 48 hours: silence counts as a decline.",
      ].join("\n"),
    );
    expect(textOf(proposed, "ru")).toContain(
      "Вы больше не будете должны:\n• Boris — 30,00 €\nВам больше не будут должны:\n• Anna — 30,00 €",
    );
    expect(textOf(proposed, "uk")).toContain("Ви більше не будете винні:\n• Boris — 30,00 EUR");
  });

  it("says once applied that the amounts count as given, and a member who left is a deleted member", () => {
    const applied = part("clearing.applied", {
      noLongerOwe: 25_00,
      noLongerOwed: 25_00,
      owe: [
        { memberId: 13, amount: 15_00 },
        { memberId: 14, amount: 10_00 },
      ],
      owed: [{ memberId: 11, amount: 25_00 }],
    });
    expect(renderer.render(applied, "en").text).toBe(
      [
        "🔄 The clearing round is applied.",
        "You no longer owe:",
        "• a deleted member: €15.00",
        "• a deleted member: €10.00",
        "Who no longer owes you:",
        "• Boris: €25.00",
        "These amounts count as given and confirmed.",
      ].join("\n"),
    );
    expect(textOf(applied, "ru")).toContain("• удалённый участник — 15,00 €");
  });

  it("names five counterparts a side at most and counts the rest, with their amount", () => {
    const many = (more: number) =>
      part("clearing.proposed", {
        noLongerOwe: 5 * 10_00 + more * 1_00,
        noLongerOwed: 12_00,
        owe: [11, 12, 15, 16, 17].map((memberId) => ({ memberId, amount: 10_00 })),
        oweMore: more,
        owed: [{ memberId: 12, amount: 12_00 }],
        owedMore: 0,
      });
    expect(renderer.render(many(1), "en").text).toContain(
      "• a deleted member: €10.00\n• and 1 more member: €1.00\nWho would",
    );
    expect(renderer.render(many(3), "en").text).toContain("• and 3 more members: €3.00\n");
    expect(textOf(many(2), "ru")).toContain("• и ещё 2 участника — 2,00 €\n");
    expect(textOf(many(5), "ru")).toContain("• и ещё 5 участников — 5,00 €\n");
    expect(textOf(many(21), "uk")).toContain("• і ще 21 учасник — 21,00 EUR\n");
    expect(textOf(many(22), "uk")).toContain("• і ще 22 учасники — 22,00 EUR\n");
    const text = renderer.render(many(3), "en").text;
    expect(text.match(/^• /gm)).toHaveLength(7);
  });

  it("still words a message written before parts were named: the totals", () => {
    const old = part("clearing.applied", { noLongerOwe: 30_00, noLongerOwed: 20_00 });
    expect(renderer.render(old, "en").text).toBe(
      "🔄 The clearing round is applied: you no longer owe €30.00, and are owed €20.00 less. These amounts count as given and confirmed.",
    );
  });

  it("refuses a part naming more than five a side rather than send it garbled", () => {
    const tooMany = part("clearing.proposed", {
      noLongerOwe: 60_00,
      noLongerOwed: 0,
      owe: [1, 2, 3, 4, 5, 6].map((memberId) => ({ memberId, amount: 10_00 })),
    });
    expect(() => renderer.render(tooMany, "en")).toThrow(/owe/);
  });
});

describe("an intention's news", () => {
  const created = (collectionKind: string) => ({
    kind: "intention.created",
    payload: { pledgeId: 8, amount: 25_00 },
    recipientId: 2,
    link: "_pledge-8",
    pledge: { amount: 25_00, giver: "Gil", receiver: "Anna", collectionKind },
  });

  it("says 'this month' of a monthly collection only, never of an initiative", () => {
    expect(renderer.render(created("monthly"), "en").text).toBe(
      "❤️ Gil intends to give you €25.00 this month.",
    );
    expect(renderer.render(created("initiative"), "en").text).toBe(
      "❤️ Gil intends to give €25.00 to your initiative.",
    );
    expect(renderer.render(created("initiative"), "ru").text).toContain("на вашу инициативу");
    expect(renderer.render(created("initiative"), "uk").text).toContain("на вашу ініціативу");
  });
});
