import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createDevToken } from "../dev/dev-mode.ts";
import { createTestApp } from "../testing.ts";
import { createHttpServer, type HttpOptions } from "./server.ts";

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
    expect(body.members.map((m) => m.key)).toEqual(["anna", "boris", "olena"]);
    expect(new URLSearchParams(body.initData).get("start_param")).toBe("inv_7");

    const me = await fetch(`${base}/trpc/member.me`, {
      headers: { authorization: `tma ${body.initData}` },
    });
    const result = (await me.json()) as {
      result: { data: { profile: { firstName: string; language: string } } };
    };
    expect(result.result.data.profile).toMatchObject({ firstName: "Борис", language: "ru" });

    expect((await fetch(`${base}/dev/launch?member=nobody`)).status).toBe(400);
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
