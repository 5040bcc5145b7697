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
