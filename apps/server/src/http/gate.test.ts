import { afterEach, describe, expect, it, vi } from "vitest";
import { createGate } from "./gate.ts";

describe("the per-member gate", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs a few of one member's calls at once, queues a few more in order, and refuses the rest", async () => {
    const gate = createGate({ running: 2, waiting: 2, maxWaitMs: 60_000 });
    const order: string[] = [];
    const first = await gate.enter("ann");
    const second = await gate.enter("ann");
    const third = gate.enter("ann").then((leave) => {
      order.push("third");
      return leave;
    });
    const fourth = gate.enter("ann").then((leave) => {
      order.push("fourth");
      return leave;
    });
    expect(await gate.enter("ann")).toBeUndefined();

    // Another member's calls do not queue behind Ann's.
    expect(await gate.enter("ben")).toBeTypeOf("function");

    first?.();
    const thirdLeave = await third;
    expect(order).toEqual(["third"]);
    second?.();
    await fourth;
    expect(order).toEqual(["third", "fourth"]);
    // Giving a place back twice frees it once.
    thirdLeave?.();
    thirdLeave?.();
    const again = await gate.enter("ann");
    expect(again).toBeTypeOf("function");
    expect(await Promise.race([gate.enter("ann"), Promise.resolve("queued")])).toBe("queued");
  });

  it("refuses a call that waited its longest for a place", async () => {
    vi.useFakeTimers();
    const gate = createGate({ running: 1, waiting: 5, maxWaitMs: 3000 });
    const holder = await gate.enter("ann");
    const waiting = gate.enter("ann");
    await vi.advanceTimersByTimeAsync(3001);
    expect(await waiting).toBeUndefined();
    // The one that gave up left the queue: the place goes to the next who asks.
    holder?.();
    expect(await gate.enter("ann")).toBeTypeOf("function");
  });
});
