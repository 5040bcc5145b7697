import { describe, expect, it } from "vitest";
import {
  notificationCategories,
  notificationCategoryOf,
  notificationKinds,
  wantsNotification,
} from "./notifications.ts";
import { memberPledgeActions, nudgeKinds, transitions } from "./pledge.ts";
import { notificationSettingsSchema } from "./schemas.ts";

describe("notification categories", () => {
  it("file a pledge's move under the side that hears of it", () => {
    for (const action of memberPledgeActions) {
      // The giver's moves are told to the receiver (pledges to me), the receiver's to the giver.
      expect(notificationCategoryOf(`pledge.${action}`), action).toBe(
        transitions[action].by === "giver" ? "pledgesToMe" : "myPledges",
      );
    }
  });

  it("file every ask and reminder under asks", () => {
    for (const kind of nudgeKinds) expect(notificationCategoryOf(`nudge.${kind}`)).toBe("asks");
    expect(notificationCategoryOf("reminder.periodEnding")).toBe("asks");
  });

  it("leave no category without a kind of message", () => {
    const used = new Set(Object.values(notificationKinds));
    expect(notificationCategories.filter((c) => !used.has(c))).toEqual([]);
  });

  it("mute the kinds of a muted category only, and never a kind nobody filed", () => {
    expect(wantsNotification(["asks"], "nudge.askFulfil")).toBe(false);
    expect(wantsNotification(["asks"], "pledge.confirm")).toBe(true);
    expect(wantsNotification([], "nudge.askFulfil")).toBe(true);
    expect(wantsNotification(["asks", "network"], "something.new")).toBe(true);
  });

  it("accept known categories only", () => {
    expect(notificationSettingsSchema.safeParse({ muted: ["asks", "summaries"] }).success).toBe(
      true,
    );
    expect(notificationSettingsSchema.safeParse({ muted: [] }).success).toBe(true);
    const bad = notificationSettingsSchema.safeParse({ muted: ["marketing"] });
    expect(bad.error?.issues[0]?.message).toBe("errors.notifications.category");
  });
});
