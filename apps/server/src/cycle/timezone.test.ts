import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";
import { rollover } from "./rollover.ts";

describe("a network in Moscow's time zone", () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    app = await createTestApp({ NETWORK_TIMEZONE: "Europe/Moscow" });
  });
  afterAll(() => app.close());

  it("starts December at 21:00 UTC on November 30th", async () => {
    const ann = { id: 95_001, first_name: "Анна", language_code: "ru" };
    const ben = { id: 95_002, first_name: "Борис", language_code: "ru" };
    app.setNow(new Date("2026-11-30T20:59:00Z"));
    await app.tie(ann, ben);
    await app.as(ann).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const collectionId = (await app.as(ann).books.dashboard()).collections[0]?.id as number;
    const november = await app.as(ben).pledge.create({ collectionId, amount: 10_00 });
    expect(november.period).toBe("2026-11");

    app.setNow(new Date("2026-11-30T21:00:00Z"));
    await rollover(app.db.prisma, "2026-12", app.now());
    const lapsed = await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: november.id } });
    expect(lapsed.state).toBe("lapsed");
    const december = await app.as(ben).pledge.create({ collectionId, amount: 11_00 });
    expect(december.period).toBe("2026-12");
    expect((await app.as(ann).books.collection({ collectionId })).intentions).toBe(11_00);
  });
});
