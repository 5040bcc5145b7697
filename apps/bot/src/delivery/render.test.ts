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
  const missing = (amount: number) => ({
    kind: "reminder.emergencyMissing",
    payload: { collectionId: 3, amount },
    recipientId: 1,
    link: "_home",
  });

  it("tells the member in need what is still missing", () => {
    expect(renderer.render(missing(45_00), "en").text).toMatch(/Still missing: €45\.00/);
  });

  it("tells them to confirm what arrives when nothing is missing", () => {
    expect(renderer.render(missing(0), "en").text).toContain("Everything is promised");
  });
});
