import { describe, expect, it } from "vitest";
import { deepLink, inviteCodeOf, routeOfStartParam } from "./links.ts";
import { messageLink } from "./messages.ts";

describe("start parameters", () => {
  it("lead a notification's deep link back to the screen it names", () => {
    for (const path of [
      "/",
      "/organizer",
      "/network",
      "/profile",
      "/invite",
      "/clearing",
      "/pledge/12",
      "/member/7",
    ]) {
      expect(routeOfStartParam(deepLink(path)), path).toEqual({ kind: "screen", path });
    }
  });

  it("take everything else of Telegram's alphabet for an invite code", () => {
    expect(routeOfStartParam("Ab3-_x9QzLmN0pRs")).toEqual({
      kind: "invite",
      code: "Ab3-_x9QzLmN0pRs",
    });
  });

  it("lead nowhere for a broken or unknown deep link, or no parameter", () => {
    for (const param of [
      "_pledge-0",
      "_pledge-x",
      "_pledge",
      "_nowhere",
      "_home-1",
      "_member-1-2",
      "a b",
      "",
      undefined,
    ]) {
      expect(routeOfStartParam(param), String(param)).toBeNull();
    }
  });
});

describe("a message's button", () => {
  it("opens the clearing screen for every message of a clearing round", () => {
    for (const kind of [
      "clearing.upcoming",
      "clearing.proposed",
      "clearing.applied",
      "clearing.failed",
    ] as const) {
      expect(routeOfStartParam(messageLink(kind, {})), kind).toEqual({
        kind: "screen",
        path: "/clearing",
      });
    }
    // What a message names still comes first; other news without a subject opens Home.
    expect(
      routeOfStartParam(messageLink("initiative.failed", { collectionId: 7, pledgeId: 4 })),
    ).toEqual({ kind: "screen", path: "/initiatives/7" });
    expect(
      routeOfStartParam(messageLink("initiative.ahead", { collectionId: 7, memberId: 2 })),
    ).toEqual({ kind: "screen", path: "/initiatives/7" });
    expect(routeOfStartParam("_initiatives")).toEqual({ kind: "screen", path: "/initiatives" });
    expect(messageLink("pledge.fulfil", { pledgeId: 4 })).toBe("_pledge-4");
    expect(messageLink("plan.changed", {})).toBe("_home");
  });
});

describe("a typed invite code", () => {
  it("is the code itself, trimmed", () => {
    expect(inviteCodeOf("  Ab3-_x9QzLmN0pRs \n")).toBe("Ab3-_x9QzLmN0pRs");
  });

  it("is read out of a pasted link, the bot's or the Mini App's, with or without https://", () => {
    for (const link of [
      "https://t.me/exodus_bot?start=Ab3-_x9QzLmN0pRs",
      "t.me/exodus_bot/app?startapp=Ab3-_x9QzLmN0pRs",
      "http://t.me/exodus_bot/app?startapp=Ab3-_x9QzLmN0pRs&mode=compact",
    ]) {
      expect(inviteCodeOf(link), link).toBe("Ab3-_x9QzLmN0pRs");
    }
  });

  it("is nothing in a screen's deep link, a link without a code, or words", () => {
    for (const text of [
      "",
      "_organizer",
      "https://t.me/exodus_bot/app?startapp=_pledge-12",
      "https://t.me/exodus_bot",
      "my friend's code",
      "https://t.me/exodus_bot?start=bad code",
    ]) {
      expect(inviteCodeOf(text), text).toBeNull();
    }
  });
});
