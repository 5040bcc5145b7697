/**
 * The server's logs as an operator reads them: one JSON line per request (id, member, procedures,
 * status, duration), the stack of every internal error beside its request id and member, and never
 * the initData that would let a reader act as the member.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "../log.ts";
import { createTestApp, type TestUser } from "../testing.ts";
import { createHttpServer } from "./server.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;
type Line = Record<string, unknown> & { level: number; msg: string };

let app: App;
let base: string;
let server: ReturnType<typeof createHttpServer>;
const lines: Line[] = [];

beforeAll(async () => {
  app = await createTestApp();
  const logger = createLogger({
    level: "debug",
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Line) },
  });
  server = createHttpServer({ ...app.deps, logger });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await app.close();
});

/**
 * The lines logged while `work` ran, up to its request's own line (written when the response
 * closes, which may come just after the client has read it).
 */
async function logged(work: () => Promise<string | null | undefined>): Promise<Line[]> {
  const from = lines.length;
  const reqId = await work();
  await vi.waitFor(() =>
    expect(lines.slice(from).some((l) => l.msg === "request" && l.reqId === reqId)).toBe(true),
  );
  return lines.slice(from);
}

async function call(user: TestUser, path: string, input?: unknown, requestId?: string) {
  const res = await fetch(`${base}/trpc/${path}`, {
    method: input === undefined ? "GET" : "POST",
    headers: {
      authorization: `tma ${app.initData(user)}`,
      ...(input === undefined ? {} : { "content-type": "application/json" }),
      ...(requestId ? { "x-request-id": requestId } : {}),
    },
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  });
  return { res, body: (await res.json()) as { error?: { message: string } } };
}

const INFO = 30;
const ERROR = 50;

describe("the server's logs", () => {
  it("write one line per API request: id, member, procedure, status, duration — never initData", async () => {
    const [ann] = await app.members("Ann");
    const member = await app.as(ann).member.me();
    let answer: Awaited<ReturnType<typeof call>> | undefined;
    const seen = await logged(async () => {
      answer = await call(ann, "member.me", undefined, "trace-42.a");
      return answer.res.headers.get("x-request-id");
    });
    expect(answer?.res.headers.get("x-request-id")).toBe("trace-42.a");
    const requestLines = seen.filter((l) => l.msg === "request");
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      level: INFO,
      reqId: "trace-42.a",
      memberId: member.profile.id,
      method: "GET",
      procedures: ["member.me"],
      calls: 1,
      status: 200,
    });
    expect(requestLines[0]?.ms).toEqual(expect.any(Number));
    const text = JSON.stringify(seen);
    expect(text).not.toContain(app.initData(ann));
    expect(text).not.toContain("tma ");
    expect(text).not.toContain("hash=");
  });

  it("gives a request an id of its own when the one it brings is not sane", async () => {
    const [ben] = await app.members("Ben");
    for (const given of ["x".repeat(65), "two words", "<script>"]) {
      let id: string | null = null;
      const seen = await logged(async () => {
        id = (await call(ben, "member.me", undefined, given)).res.headers.get("x-request-id");
        return id;
      });
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(seen.find((l) => l.msg === "request")?.reqId).toBe(id);
    }
  });

  it("keeps a download address's token, its only key, out of the logs", async () => {
    const [cleo] = await app.members("Cleo");
    let token = "";
    const seen = await logged(async () => {
      const link = await call(cleo, "books.exportLink", {});
      const url = (link.body as { result?: { data: { url: string } } }).result?.data.url ?? "";
      token = url.split("/export/")[1] ?? "";
      const download = await fetch(url);
      await download.arrayBuffer();
      return download.headers.get("x-request-id");
    });
    expect(token.length).toBeGreaterThan(10);
    expect(seen.find((l) => l.route)).toMatchObject({ route: "/export/…", status: 200 });
    expect(JSON.stringify(seen)).not.toContain(token);
  });

  it("logs an internal error once, with its stack, request id and member id; the member hears errors.unknown", async () => {
    const [rita, gil] = await app.members("Rita", "Gil");
    await app.as(rita).member.changeStatus({ action: "openMonthly", goal: 100_00 });
    const { collections } = await app.as(rita).books.dashboard();
    const collectionId = collections[0]?.id ?? 0;
    const pledge = await app.as(gil).pledge.create({ collectionId, amount: 5_00 });
    const giver = await app.as(gil).member.me();
    // A fault no member can cause: the database refuses every new audit row.
    await app.db.sql.exec(`
      CREATE FUNCTION test_fault() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'the audit table is on fire'; END $$;
      CREATE TRIGGER test_fault BEFORE INSERT ON pledge_event
        FOR EACH ROW EXECUTE FUNCTION test_fault();`);
    let answer: Awaited<ReturnType<typeof call>> | undefined;
    let seen: Line[] = [];
    try {
      seen = await logged(async () => {
        answer = await call(
          gil,
          "pledge.act",
          { pledgeId: pledge.id, action: "edit", amount: 6_00 },
          "fault-1",
        );
        return "fault-1";
      });
    } finally {
      await app.db.sql.exec("DROP TRIGGER test_fault ON pledge_event; DROP FUNCTION test_fault();");
    }

    expect(answer?.res.status).toBe(500);
    expect(answer?.body.error?.message).toBe("errors.unknown");
    expect(JSON.stringify(answer?.body)).not.toContain("on fire");

    const errors = seen.filter((l) => l.level >= ERROR);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      msg: "internal error",
      reqId: "fault-1",
      memberId: giver.profile.id,
      procedure: "pledge.act",
    });
    const err = errors[0]?.err as { stack: string };
    expect(err.stack).toContain("the audit table is on fire");
    expect(err.stack).toMatch(/\n\s+at /);
    expect(seen.find((l) => l.msg === "request")).toMatchObject({ reqId: "fault-1", status: 500 });
    // The edit was rolled back whole.
    expect(
      (await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: pledge.id } })).amount,
    ).toBe(5_00);
  });
});
