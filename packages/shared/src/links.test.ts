import { describe, expect, it } from "vitest";
import { deepLink, routeOfStartParam } from "./links.ts";

describe("start parameters", () => {
  it("lead a notification's deep link back to the screen it names", () => {
    for (const path of [
      "/",
      "/organizer",
      "/network",
      "/profile",
      "/invite",
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
