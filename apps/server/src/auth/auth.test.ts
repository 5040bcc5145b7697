import type { AddressInfo } from "node:net";
import { sign } from "@telegram-apps/init-data-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer } from "../http/server.ts";
import { alice, createTestApp, TEST_BOT_TOKEN, type TestUser } from "../testing.ts";

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

  it("refuses initData signed further in the future than a minute of clock skew", async () => {
    const later = (seconds: number) => new Date(app.now().getTime() + seconds * 1000);
    const ahead = await me(base, `tma ${app.initData(alice, later(61))}`);
    expect(ahead.status).toBe(401);
    expect(ahead.body.error?.message).toBe("errors.auth.invalid");
    // A day later it would still not have expired: a far-future date must never sign anyone in.
    expect((await me(base, `tma ${app.initData(alice, later(365 * 24 * 3600))}`)).status).toBe(401);
    expect((await me(base, `tma ${app.initData(alice, later(59))}`)).status).toBe(200);
  });

  it("refuses Telegram's fields beyond Telegram's own limits, and registers nobody", async () => {
    const person = { id: 7_100_001, first_name: "Zoë", language_code: "en" };
    const signed = (user: TestUser, extra: Record<string, string> = {}) =>
      `tma ${sign({ user, chat_type: "sender", chat_instance: "1", ...extra }, TEST_BOT_TOKEN, app.now())}`;
    const photo = (length: number) => `https://t.me/${"p".repeat(length - "https://t.me/".length)}`;
    const beyond: [string, string][] = [
      ["first name of 65", signed({ ...person, first_name: "a".repeat(65) })],
      ["last name of 65", signed({ ...person, last_name: "б".repeat(65) })],
      ["username of 3", signed({ ...person, username: "abc" })],
      ["username of 33", signed({ ...person, username: "a".repeat(33) })],
      ["username with a dot", signed({ ...person, username: "zoe.k" })],
      ["language of 36", signed({ ...person, language_code: "e".repeat(36) })],
      ["photo over http", signed({ ...person, photo_url: "http://t.me/i/userpic/320/z.jpg" })],
      ["photo of 2049", signed({ ...person, photo_url: photo(2049) })],
      ["start parameter of 65", signed(person, { start_param: "s".repeat(65) })],
      ["start parameter with a space", signed(person, { start_param: "inv 7" })],
    ];
    for (const [what, authorization] of beyond) {
      const res = await me(base, authorization);
      expect({ what, status: res.status, message: res.body.error?.message }).toEqual({
        what,
        status: 401,
        message: "errors.auth.invalid",
      });
    }
    expect(await app.db.prisma.member.count({ where: { telegramId: 7_100_001n } })).toBe(0);

    // At the limits, counted as Telegram counts (an emoji is one character), all is well.
    const atLimits = await me(
      base,
      signed(
        {
          ...person,
          first_name: "🙂".repeat(64),
          last_name: "a".repeat(64),
          username: "z".repeat(32),
          language_code: "e".repeat(35),
          photo_url: photo(2048),
        },
        { start_param: "s".repeat(64) },
      ),
    );
    expect(atLimits.status).toBe(200);
  });

  it("creates nobody when sign-in fails", async () => {
    await me(
      base,
      `tma ${app.initData({ ...alice, id: 5555 }, app.now(), "1:wrong-token-wrong-token-wrong-token")}`,
    );
    expect(await app.db.prisma.member.count({ where: { telegramId: 5555n } })).toBe(0);
  });
});
