import { describe, expect, it } from "vitest";
import { type PledgeSeen, pledgeNews } from "./pledge-news.ts";

const intention = (amount: number): PledgeSeen => ({ state: "intention", amount });
const obligation = (amount: number): PledgeSeen => ({ state: "obligation", amount });
const withdrawn = (amount: number): PledgeSeen => ({ state: "withdrawn", amount });

describe("a burst of moves on one pledge is one message with the latest state", () => {
  it("pledged and edited many times: one 'pledged', at the amount it ended on", () => {
    expect(pledgeNews(null, intention(25_00), "pledge.edit", "intention")).toBe(
      "intention.created",
    );
  });

  it("pledged and withdrawn within the burst: nothing, as if nothing happened", () => {
    expect(pledgeNews(null, withdrawn(10_00), "pledge.withdraw", "intention")).toBeNull();
  });

  it("withdrawn and pledged again: 'changed' at another amount, nothing at the same", () => {
    expect(pledgeNews(intention(10_00), intention(20_00), "intention.created", "intention")).toBe(
      "pledge.edit",
    );
    expect(
      pledgeNews(intention(10_00), intention(10_00), "intention.created", "intention"),
    ).toBeNull();
  });

  it("edited and edited back: nothing; edited and withdrawn: 'withdrew'", () => {
    expect(pledgeNews(intention(10_00), intention(10_00), "pledge.edit", "intention")).toBeNull();
    expect(pledgeNews(intention(10_00), withdrawn(30_00), "pledge.withdraw", "intention")).toBe(
      "pledge.withdraw",
    );
  });

  it("pledged and committed: 'commits', not a monthly pledge dressed as an emergency's", () => {
    expect(pledgeNews(null, obligation(10_00), "pledge.commit", "intention")).toBe("pledge.commit");
    expect(pledgeNews(null, obligation(10_00), "obligation.created", "obligation")).toBe(
      "obligation.created",
    );
  });

  it("the receiver's moves: not received and then released says released", () => {
    const fulfilled: PledgeSeen = { state: "fulfilled", amount: 10_00 };
    expect(
      pledgeNews(fulfilled, { state: "released", amount: 10_00 }, "pledge.release", "intention"),
    ).toBe("pledge.release");
    expect(pledgeNews(fulfilled, obligation(10_00), "pledge.notReceived", "intention")).toBe(
      "pledge.notReceived",
    );
  });
});
