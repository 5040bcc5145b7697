import { describe, expect, it } from "vitest";
import { resources } from "./i18n/index.ts";
import {
  type Actor,
  appliesToKind,
  applyTransition,
  availableActions,
  canNudge,
  createdState,
  landsInOverdue,
  memberPledgeActions,
  type PledgeAction,
  type PledgeState,
  pledgeEventActions,
  pledgeStates,
  startingState,
  systemMoves,
  transitions,
} from "./pledge.ts";

const actors: Actor[] = ["giver", "receiver", "system"];

/** Every legal move, written out by hand from DOMAIN.md's diagram, independent of the table. */
const legal: [PledgeState, PledgeAction, Actor, PledgeState][] = [
  ["intention", "edit", "giver", "intention"],
  ["intention", "withdraw", "giver", "withdrawn"],
  ["intention", "commit", "giver", "obligation"],
  ["intention", "fulfil", "giver", "fulfilled"],
  ["obligation", "fulfil", "giver", "fulfilled"],
  ["fulfilled", "confirm", "receiver", "confirmed"],
  ["fulfilled", "notReceived", "receiver", "obligation"],
  ["obligation", "release", "receiver", "released"],
  ["intention", "lapse", "system", "lapsed"],
  ["intention", "end", "system", "ended"],
  ["obligation", "cancel", "system", "cancelled"],
  // ⌛ and the carry into the next period keep the state: only the pledge's place in time changes.
  ["obligation", "overdue", "system", "obligation"],
  ["fulfilled", "overdue", "system", "fulfilled"],
  ["obligation", "carry", "system", "obligation"],
  ["fulfilled", "carry", "system", "fulfilled"],
  // Its receiver left: whatever was still live to them ends.
  ["intention", "leave", "system", "ended"],
  ["obligation", "leave", "system", "ended"],
  ["fulfilled", "leave", "system", "ended"],
  // A clearing round applied: the cleared amount counts as given and confirmed.
  ["obligation", "clear", "system", "confirmed"],
];

describe("the life of a pledge", () => {
  it.each(legal)("from %s, %s by the %s leads to %s", (from, action, actor, to) => {
    expect(applyTransition(from, action, actor)).toEqual({ ok: true, to });
  });

  it("refuses every other combination of state, action and actor", () => {
    let refused = 0;
    for (const state of pledgeStates) {
      for (const action of Object.keys(transitions) as PledgeAction[]) {
        for (const actor of actors) {
          if (legal.some(([f, a, b]) => f === state && a === action && b === actor)) continue;
          const result = applyTransition(state, action, actor);
          expect(result.ok, `${state} ${action} ${actor}`).toBe(false);
          refused++;
        }
      }
    }
    expect(refused).toBe(pledgeStates.length * Object.keys(transitions).length * 3 - legal.length);
  });

  it("tells whose move it is apart from a move that is impossible", () => {
    expect(applyTransition("fulfilled", "confirm", "giver")).toEqual({
      ok: false,
      error: "errors.pledge.notYours",
    });
    expect(applyTransition("confirmed", "confirm", "receiver")).toEqual({
      ok: false,
      error: "errors.pledge.notAllowed",
    });
  });

  it("settled pledges take no member action at all", () => {
    for (const state of [
      "confirmed",
      "released",
      "withdrawn",
      "lapsed",
      "cancelled",
      "ended",
    ] as const) {
      expect(availableActions(state, "giver")).toEqual([]);
      expect(availableActions(state, "receiver")).toEqual([]);
    }
  });

  it("offers the buttons each side should see", () => {
    expect(availableActions("intention", "giver")).toEqual([
      "edit",
      "withdraw",
      "commit",
      "fulfil",
    ]);
    expect(availableActions("obligation", "receiver")).toEqual(["release"]);
    expect(availableActions("fulfilled", "receiver")).toEqual(["confirm", "notReceived"]);
  });
});

describe("Exodus's own moves", () => {
  it("are the monthly cycle's, an emergency's end's and a leaver's, each from where DOMAIN.md says", () => {
    expect(
      Object.fromEntries(systemMoves.map((a) => [a, [transitions[a].from, transitions[a].to]])),
    ).toEqual({
      lapse: [["intention"], "lapsed"],
      end: [["intention"], "ended"],
      cancel: [["obligation"], "cancelled"],
      overdue: [["obligation", "fulfilled"], "same"],
      carry: [["obligation", "fulfilled"], "same"],
      leave: [["intention", "obligation", "fulfilled"], "ended"],
      clear: [["obligation"], "confirmed"],
      callOff: [["obligation"], "released"],
    });
    expect(transitions.overdue).toMatchObject({ intoOverdue: true });
    expect(transitions.carry).toMatchObject({ intoNewPeriod: true });
  });

  it("never release a giver — only the receiver does that — but for an initiative that did not go ahead", () => {
    expect(systemMoves.filter((a) => transitions[a].to === "released")).toEqual(["callOff"]);
    expect(applyTransition("obligation", "callOff", "system", "initiative")).toEqual({
      ok: true,
      to: "released",
    });
    for (const kind of ["monthly", "emergency", "claim"] as const) {
      expect(applyTransition("obligation", "callOff", "system", kind).ok, kind).toBe(false);
    }
  });

  it("never touch what is settled", () => {
    for (const a of systemMoves) {
      for (const state of ["confirmed", "released", "withdrawn", "lapsed", "cancelled", "ended"]) {
        expect(applyTransition(state as PledgeState, a, "system").ok, `${a} ${state}`).toBe(false);
      }
    }
  });
});

describe("a gift said not received", () => {
  const over = { emergencyEnded: false, giverLeft: false, giverFrozen: false };
  it("is a current obligation again while what it was for goes on", () => {
    expect(landsInOverdue("notReceived", over)).toBe(false);
  });
  it("goes to ⌛ once its emergency ended or its giver left, unless the giver is frozen", () => {
    expect(landsInOverdue("notReceived", { ...over, emergencyEnded: true })).toBe(true);
    expect(landsInOverdue("notReceived", { ...over, giverLeft: true })).toBe(true);
    expect(
      landsInOverdue("notReceived", { ...over, emergencyEnded: true, giverFrozen: true }),
    ).toBe(false);
  });
  it("is the only member's move that lands in ⌛", () => {
    const all = { emergencyEnded: true, giverLeft: true, giverFrozen: false };
    expect(memberPledgeActions.filter((a) => landsInOverdue(a, all))).toEqual(["notReceived"]);
  });
});

describe("a new pledge", () => {
  it("is an intention to a monthly collection or an initiative and an obligation to an emergency", () => {
    expect(createdState("monthly")).toBe("intention");
    expect(createdState("emergency")).toBe("obligation");
    expect(createdState("initiative")).toBe("intention");
    expect(transitions.create.by).toBe("giver");
  });

  it("is renewed by the monthly cycle as an intention", () => {
    expect(transitions.renew).toEqual({ by: "system", from: [], to: "intention" });
  });

  it("is not a move on a pledge that exists: members' buttons never offer it", () => {
    expect(memberPledgeActions).toEqual([
      "edit",
      "withdraw",
      "commit",
      "fulfil",
      "confirm",
      "notReceived",
      "release",
    ]);
    for (const state of pledgeStates) {
      expect(availableActions(state, "giver")).not.toContain("create");
    }
  });
});

describe("the audit trail's words", () => {
  it("are every move and every ask or reminder, each once", () => {
    expect([...pledgeEventActions].sort()).toEqual(
      [
        ...["create", "edit", "withdraw", "commit", "fulfil", "confirm", "notReceived", "release"],
        ...["lapse", "end", "cancel", "overdue", "carry", "renew", "leave"],
        ...["clear", "clearRest"],
        ...["callOff", "share", "commitShare", "declineShare"],
        ...["askCommit", "askFulfil", "remindConfirm"],
      ].sort(),
    );
  });

  it("each read in a pledge's history, in every language", () => {
    for (const [language, strings] of Object.entries(resources)) {
      const labels = (strings.pledge as { event: Record<string, string> }).event;
      for (const action of pledgeEventActions)
        expect(labels[action], `${language} ${action}`).toBeTruthy();
    }
  });
});

describe("asking and reminding", () => {
  const now = new Date("2026-11-21T12:00:00Z");
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

  it("lets the receiver ask to commit an intention and to fulfil an obligation", () => {
    expect(canNudge("intention", "askCommit", "receiver", null, now)).toEqual({ ok: true });
    expect(canNudge("obligation", "askFulfil", "receiver", null, now)).toEqual({ ok: true });
    expect(canNudge("obligation", "askCommit", "receiver", null, now).ok).toBe(false);
  });

  it("lets the giver remind the receiver to confirm", () => {
    expect(canNudge("fulfilled", "remindConfirm", "giver", null, now)).toEqual({ ok: true });
    expect(canNudge("fulfilled", "remindConfirm", "receiver", null, now)).toEqual({
      ok: false,
      error: "errors.pledge.notYours",
    });
  });

  it("allows one of each per pledge per 24 hours", () => {
    expect(canNudge("intention", "askCommit", "receiver", hoursAgo(23.9), now)).toEqual({
      ok: false,
      error: "errors.pledge.tooSoon",
    });
    expect(canNudge("intention", "askCommit", "receiver", hoursAgo(24), now)).toEqual({ ok: true });
  });
});

describe("the moves of initiatives and pool claims", () => {
  it("offer a claim's share as an obligation, made by Exodus only", () => {
    expect(transitions.share).toMatchObject({ by: "system", from: [], to: "obligation" });
    expect(startingState("claim")).toBe("obligation");
    expect(startingState("initiative")).toBe("intention");
  });

  it("let the giver take on or decline a share, and nothing else of any other kind", () => {
    expect(applyTransition("obligation", "commitShare", "giver", "claim")).toEqual({
      ok: true,
      to: "obligation",
    });
    expect(applyTransition("obligation", "declineShare", "giver", "claim")).toEqual({
      ok: true,
      to: "withdrawn",
    });
    expect(applyTransition("obligation", "declineShare", "receiver", "claim").ok).toBe(false);
    expect(applyTransition("obligation", "declineShare", "giver", "monthly").ok).toBe(false);
    expect(applyTransition("obligation", "declineShare", "giver").ok).toBe(false);
    expect(applyTransition("fulfilled", "declineShare", "giver", "claim").ok).toBe(false);
  });

  it("show a share's answers only on a claim's pledge, and never among the generic pledge moves", () => {
    expect(availableActions("obligation", "giver", "claim")).toEqual([
      "fulfil",
      "commitShare",
      "declineShare",
    ]);
    expect(availableActions("obligation", "giver", "emergency")).toEqual(["fulfil"]);
    expect(availableActions("obligation", "giver")).toEqual(["fulfil"]);
    expect(memberPledgeActions).not.toContain("commitShare");
    expect(memberPledgeActions).not.toContain("declineShare");
  });

  it("refuse a giver's own pledge to a claim: its pledges are Exodus's shares", () => {
    expect(appliesToKind("create", "claim")).toBe(false);
    expect(appliesToKind("create", "initiative")).toBe(true);
  });
});
