import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer } from "../http/server.ts";
import { alice, createTestApp } from "../testing.ts";

/** Calls member.me over real HTTP, as the web app does. */
async function me(base: string, authorization?: string) {
  const res = await fetch(`${base}/trpc/member.me`, {
    headers: authorization ? { authorization } : {},
  });
  return { status: res.status, body: (await res.json()) as { error?: { message: string } } };
}

describe("signing in with Telegram's initData", () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  let base: string;
  let server: ReturnType<typeof createHttpServer>;

  beforeAll(async () => {
    app = await createTestApp();
    server = createHttpServer(app.deps);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await app.close();
  });

  it("lets a member in with fresh, correctly signed initData and creates them once", async () => {
    const first = await me(base, `tma ${app.initData(alice)}`);
    const second = await me(base, `tma ${app.initData(alice)}`);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(await app.db.prisma.member.count({ where: { telegramId: 1001n } })).toBe(1);
  });

  it("refuses a request without initData", async () => {
    const res = await me(base);
    expect(res.status).toBe(401);
    expect(res.body.error?.message).toBe("errors.auth.missing");
  });

  it("refuses a header that is not tma", async () => {
    const res = await me(base, `Bearer ${app.initData(alice)}`);
    expect(res.status).toBe(401);
    expect(res.body.error?.message).toBe("errors.auth.missing");
  });

  it("refuses tampered initData", async () => {
    const raw = app.initData(alice).replace("Alice", "Mallory");
    const res = await me(base, `tma ${raw}`);
    expect(res.status).toBe(401);
    expect(res.body.error?.message).toBe("errors.auth.invalid");
  });

  it("refuses initData signed for another bot", async () => {
    const foreign = app.initData(alice, app.now(), "999999:SOMEONE-elses-bot-token-0000000000");
    const res = await me(base, `tma ${foreign}`);
    expect(res.status).toBe(401);
    expect(res.body.error?.message).toBe("errors.auth.invalid");
  });

  it("refuses initData older than the limit (24 h by default)", async () => {
    const dayAndASecondAgo = new Date(app.now().getTime() - (24 * 3600 + 1) * 1000);
    const res = await me(base, `tma ${app.initData(alice, dayAndASecondAgo)}`);
    expect(res.status).toBe(401);
    expect(res.body.error?.message).toBe("errors.auth.expired");

    const almostADayAgo = new Date(app.now().getTime() - (24 * 3600 - 60) * 1000);
    expect((await me(base, `tma ${app.initData(alice, almostADayAgo)}`)).status).toBe(200);
  });

  it("creates nobody when sign-in fails", async () => {
    await me(
      base,
      `tma ${app.initData({ ...alice, id: 5555 }, app.now(), "1:wrong-token-wrong-token-wrong-token")}`,
    );
    expect(await app.db.prisma.member.count({ where: { telegramId: 5555n } })).toBe(0);
  });
});
