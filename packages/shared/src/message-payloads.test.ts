import { describe, expect, it } from "vitest";
import { parseOutboxMessage } from "./message-payloads.ts";

describe("reading an outbox row through its kind's schema", () => {
  it("reads what the rollover's SQL writes (counts as JSON numbers)", () => {
    const row = {
      period: "2027-05",
      givenLapsed: 0,
      givenRenewed: 1,
      givenRenewedAmount: 2000,
      givenOverdue: 0,
      receivedRenewed: 0,
      receivedRenewedAmount: 0,
      receivedOverdue: 1,
    };
    expect(parseOutboxMessage("rollover.summary", row)).toEqual({
      ok: true,
      message: { kind: "rollover.summary", payload: row },
    });
  });

  it("names the fields that do not fit, never their values", () => {
    const result = parseOutboxMessage("collection.update", {
      memberId: 3,
      collectionId: "seven",
      text: "my diagnosis is private",
    });
    expect(result).toEqual({
      ok: false,
      reason:
        "collection.update payload does not fit: collectionId: invalid_type, updateId: invalid_type",
    });
    expect(JSON.stringify(result)).not.toContain("diagnosis");
    expect(JSON.stringify(result)).not.toContain("seven");
  });

  it("refuses a kind nobody defined, and a payload that is no object", () => {
    expect(parseOutboxMessage("pledge.teleport", {})).toEqual({
      ok: false,
      reason: 'unknown message kind "pledge.teleport"',
    });
    expect(parseOutboxMessage("invite.joined", "7")).toMatchObject({ ok: false });
  });

  it("reads an old reminder without its hours as made a day ahead", () => {
    const read = parseOutboxMessage("reminder.emergencyMissing", { collectionId: 1, amount: 500 });
    expect(read).toMatchObject({ ok: true, message: { payload: { hoursLeft: 24 } } });
  });
});
