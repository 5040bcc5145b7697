import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createDevToken } from "../dev/dev-mode.ts";
import { createTestApp } from "../testing.ts";
import { createHttpServer, type HttpOptions, MAX_WEBHOOK_BYTES } from "./server.ts";

describe("the HTTP server", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function serve(options: HttpOptions) {
    const server = createHttpServer(options);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    cleanup.push(() => new Promise((r) => server.close(r)));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("answers /healthz 200 while the database is up and 503 once it is down", async () => {
    const app = await createTestApp();
    const base = await serve(app.deps);
    const up = await fetch(`${base}/healthz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ status: "ok", database: "up" });

    await app.db.close();
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: "degraded", database: "down" });
    cleanup.push(() => app.db.drop());
  });

  it("keeps the development routes closed when development mode is off", async () => {
    const app = await createTestApp();
    cleanup.push(() => app.close());
    const base = await serve(app.deps);
    expect((await fetch(`${base}/dev/launch?member=anna`)).status).toBe(404);
  });

  it("in development mode, signs a development member in through the real initData check", async () => {
    const app = await createTestApp();
    cleanup.push(() => app.close());
    const devToken = createDevToken();
    const base = await serve({ ...app.deps, authTokens: [devToken], devToken });

    const launch = await fetch(`${base}/dev/launch?member=boris&start=inv_7`);
    const body = (await launch.json()) as { initData: string; members: { key: string }[] };
    expect(body.members.map((m) => m.key)).toEqual(["anna", "boris", "olena", "dan"]);
    expect(new URLSearchParams(body.initData).get("start_param")).toBe("inv_7");

    const me = await fetch(`${base}/trpc/member.me`, {
      headers: { authorization: `tma ${body.initData}` },
    });
    const result = (await me.json()) as {
      result: { data: { profile: { firstName: string; language: string } } };
    };
    expect(result.result.data.profile).toMatchObject({ firstName: "Борис", language: "ru" });

    expect((await fetch(`${base}/dev/launch?member=nobody`)).status).toBe(400);
    expect((await fetch(`${base}/dev/launch?start=${"x".repeat(65)}`)).status).toBe(400);
  });

  it("refuses development members to anything that came through a proxy or tunnel", async () => {
    const app = await createTestApp();
    cleanup.push(() => app.close());
    const devToken = createDevToken();
    const base = await serve({ ...app.deps, authTokens: [devToken], devToken });
    // node:http, because fetch will not let a test set the Host header a proxy would send.
    const launch = (headers: Record<string, string>) =>
      new Promise<number | undefined>((resolve, reject) => {
        request(`${base}/dev/launch?member=anna`, { headers }, (res) => {
          res.resume();
          resolve(res.statusCode);
        })
          .on("error", reject)
          .end();
      });
    expect(await launch({})).toBe(200);
    // What Chromium sends of itself when the Mini App asks for a development member.
    const chromium = {
      accept: "*/*",
      "accept-language": "en-US,en;q=0.9",
      "accept-encoding": "gzip, deflate, br, zstd",
      referer: "http://localhost:3000/",
      "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0.0.0 Safari/537.36",
      "sec-ch-ua": '"Chromium";v="140", "Not=A?Brand";v="24"',
      "sec-ch-ua-mobile": "?0",
      "sec-ch-ua-platform": '"Linux"',
      "sec-fetch-site": "same-origin",
      "sec-fetch-mode": "cors",
      "sec-fetch-dest": "empty",
      priority: "u=1, i",
      "cache-control": "no-cache",
      pragma: "no-cache",
    };
    expect(await launch({ ...chromium, host: "localhost:3000" })).toBe(200);
    // Every header a proxy or tunnel may add, known or not, closes the route.
    for (const header of [
      "x-forwarded-for",
      "x-forwarded-host",
      "x-forwarded-port",
      "forwarded",
      "via",
      "x-real-ip",
      "x-client-ip",
      "x-originating-ip",
      "cf-connecting-ip",
      "true-client-ip",
      "x-cluster-client-ip",
      "fastly-client-ip",
      "x-ngrok-trace",
      "x-anything-new",
    ]) {
      expect(await launch({ ...chromium, [header]: "203.0.113.9" }), header).toBe(404);
    }
    expect(await launch({ host: "exodus.example.org" })).toBe(404);
  });

  it("takes Telegram's webhook posts only with a length, and none longer than an update can be", async () => {
    const app = await createTestApp();
    cleanup.push(() => app.close());
    let handled = 0;
    const base = await serve({
      ...app.deps,
      webhook: {
        handle: async (_req, res) => {
          handled++;
          res.end("ok");
        },
      },
    });
    const post = (body: string | ReadableStream) =>
      fetch(`${base}/telegram/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        duplex: "half",
      } as RequestInit);

    expect((await post(JSON.stringify({ update_id: 1 }))).status).toBe(200);
    expect(handled).toBe(1);
    // Announced too long: answered at once, before the body (which never comes) is read.
    const tooLong = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        `${base}/telegram/webhook`,
        { method: "POST", headers: { "content-length": String(MAX_WEBHOOK_BYTES + 1) } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
          req.destroy();
        },
      ).on("error", reject);
      req.write("{");
    });
    expect(tooLong).toBe(413);
    // Sent in chunks, with no length announced: refused before a byte is read.
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"update_id":2}'));
        controller.close();
      },
    });
    expect((await post(chunked)).status).toBe(411);
    expect(handled).toBe(1);
  });

  it("answers bad input with 400, the field and a translation key, never a 500", async () => {
    const app = await createTestApp();
    cleanup.push(() => app.close());
    const base = await serve(app.deps);
    const res = await fetch(`${base}/trpc/member.changeStatus`, {
      method: "POST",
      headers: {
        authorization: `tma ${app.initData({ id: 4242, first_name: "Eve" })}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ action: "openEmergency", goal: 12.5, days: 40 }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { message: string; data: { issues: { path: string; message: string }[] } };
    };
    expect(body.error.message).toBe("errors.amount.tooManyDecimals");
    expect(body.error.data.issues).toEqual([
      { path: "goal", message: "errors.amount.tooManyDecimals" },
      { path: "days", message: "errors.days.range" },
    ]);
    expect(JSON.stringify(body)).not.toContain("stack");
  });

  it("answers a body it cannot read with 400 and a translated key, not the JSON parser's words", async () => {
    const app = await createTestApp();
    cleanup.push(() => app.close());
    const base = await serve(app.deps);
    const authorization = `tma ${app.initData({ id: 4243, first_name: "Eve" })}`;
    const post = async (path: string, body: string) => {
      const res = await fetch(`${base}/trpc/${path}`, {
        method: "POST",
        headers: { authorization, "content-type": "application/json" },
        body,
      });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    const refused = (message: string) => ({ error: expect.objectContaining({ message }) });

    for (const body of ["{bad json", "", '{"name": "Eve"']) {
      expect(await post("member.updateProfile", body), body).toEqual({
        status: 400,
        body: refused("errors.input.body"),
      });
    }
    // The web app batches its calls: a batch body must be an object of inputs by position.
    for (const body of ["{bad json", "5", '"Eve"', '[{"name": "Eve"}]']) {
      expect(await post("member.updateProfile?batch=1", body), body).toEqual({
        status: 400,
        body: [refused("errors.input.body")],
      });
    }
    // Readable JSON of the wrong shape is bad input, in the member's language all the same.
    expect(await post("member.updateProfile", "5")).toEqual({
      status: 400,
      body: refused("errors.input.invalid"),
    });
    const query = await fetch(`${base}/trpc/books.pledges?input=${encodeURIComponent("{bad")}`, {
      headers: { authorization },
    });
    expect(query.status).toBe(400);
    expect(await query.json()).toEqual(refused("errors.input.body"));

    const me = await fetch(`${base}/trpc/member.me`, { headers: { authorization } });
    const kept = (await me.json()) as { result: { data: { profile: { name: string } } } };
    expect(kept.result.data.profile.name).toBe("Eve");
  });

  it("says the Mini App is not built instead of failing when there is no build", async () => {
    const app = await createTestApp({ WEB_DIST: "/nonexistent/exodus-web-dist" });
    cleanup.push(() => app.close());
    const base = await serve(app.deps);
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: "The Mini App is not built yet: run `pnpm build`." });
  });
});
