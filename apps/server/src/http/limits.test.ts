/**
 * The API under abuse and contention, through the real HTTP server: bodies and batches bounded,
 * and a crowd of calls answered with success or "busy, try again" (429, Retry-After) — never a 5xx
 * or errors.unknown — while the books stay exact.
 */
import type { AddressInfo } from "node:net";
import { MAX_BATCH_CALLS, MAX_PAYMENT_DETAILS } from "@exodus/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCK_WAIT } from "../locks.ts";
import { createTestApp, type TestUser } from "../testing.ts";
import { createHttpServer, MAX_BODY_BYTES } from "./server.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;

let app: App;
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

interface CallAnswer {
  result?: { data: { amount?: number } };
  error?: { message: string; data: { httpStatus: number } };
}

/** One POST to /trpc as the web app makes it: a single call, or a batch of inputs by position. */
async function post(user: TestUser, paths: string[], inputs: unknown[] | string) {
  const batch = paths.length > 1;
  const body =
    typeof inputs === "string"
      ? inputs
      : JSON.stringify(batch ? Object.fromEntries(inputs.map((v, i) => [i, v])) : inputs[0]);
  const res = await fetch(`${base}/trpc/${paths.join(",")}${batch ? "?batch=1" : ""}`, {
    method: "POST",
    headers: { authorization: `tma ${app.initData(user)}`, "content-type": "application/json" },
    body,
  });
  const json = (await res.json()) as CallAnswer | CallAnswer[];
  return {
    status: res.status,
    retryAfter: res.headers.get("retry-after"),
    answers: Array.isArray(json) ? json : [json],
  };
}

/** A giver's intention of 1.00 to a receiver's monthly collection. */
async function anIntention() {
  const [receiver, giver] = await app.members("Rita", "Gil");
  await app.as(receiver).member.changeStatus({ action: "openMonthly", goal: 1_000_000_00 });
  const { collections } = await app.as(receiver).books.dashboard();
  const collectionId = collections.find((c) => c.kind === "monthly")?.id ?? 0;
  const pledge = await app.as(giver).pledge.create({ collectionId, amount: 1_00 });
  return { receiver, giver, pledgeId: pledge.id };
}

/** The pledge's amount now and its audit rows, oldest first. */
async function books(pledgeId: number) {
  const pledge = await app.db.prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } });
  const events = await app.db.prisma.pledgeEvent.findMany({
    where: { pledgeId },
    orderBy: { id: "asc" },
  });
  return { amount: pledge.amount, events: events.map((e) => [e.action, e.amount] as const) };
}

const edit = (pledgeId: number, amount: number) => ({ pledgeId, action: "edit", amount });

/** Every answer a success or "busy, try again" (429): never a 5xx, never errors.unknown. */
function expectSuccessOrBusy(answers: CallAnswer[]) {
  const kinds = answers.map((a) =>
    a.result ? "ok" : `${a.error?.data.httpStatus} ${a.error?.message}`,
  );
  expect(kinds.filter((k) => k !== "ok" && k !== "429 errors.busy")).toEqual([]);
}

describe("bounded requests", () => {
  it("refuses a 1 MB body with 413 and a translated key, and changes nothing", async () => {
    const [eve] = await app.members("Eve");
    const huge = JSON.stringify({ about: "x".repeat(1024 * 1024) });
    const single = await post(eve, ["member.updateProfile"], huge);
    expect(single.status).toBe(413);
    expect(single.answers.map((a) => a.error?.message)).toEqual(["errors.input.tooLarge"]);

    const batch = await post(
      eve,
      ["member.updateProfile", "member.updateProfile"],
      `{"0":${huge}}`,
    );
    expect(batch.status).toBe(413);
    expect(batch.answers.map((a) => a.error?.message)).toEqual([
      "errors.input.tooLarge",
      "errors.input.tooLarge",
    ]);
    expect((await app.as(eve).member.me()).profile.about).toBe("");
  });

  it("takes the largest input a member can send: ten payment details of 4-byte characters", async () => {
    const [pat] = await app.members("Pat");
    const details = Array.from({ length: MAX_PAYMENT_DETAILS }, (_, i) => ({
      label: "🏦".repeat(64),
      value: "💳".repeat(256),
      isDefault: i === 0,
    }));
    const body = JSON.stringify({ details });
    // Measured: about 13 kB, a fifth of the limit.
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_BODY_BYTES / 4);
    const saved = await post(pat, ["member.setPaymentDetails"], body);
    expect(saved.status).toBe(200);
  });

  it("refuses a batch of more calls than the cap before any runs, clearly", async () => {
    const { giver, pledgeId } = await anIntention();
    const before = await books(pledgeId);
    const calls = MAX_BATCH_CALLS + 1;
    const refused = await post(
      giver,
      Array(calls).fill("pledge.act"),
      Array.from({ length: calls }, (_, i) => edit(pledgeId, 2_00 + i)),
    );
    expect(refused.status).toBe(400);
    expect(new Set(refused.answers.map((a) => a.error?.message))).toEqual(
      new Set(["errors.input.batchTooLarge"]),
    );
    expect(await books(pledgeId)).toEqual(before);

    // A batch at the cap runs whole.
    const atCap = await post(
      giver,
      Array(MAX_BATCH_CALLS).fill("pledge.act"),
      Array.from({ length: MAX_BATCH_CALLS }, (_, i) => edit(pledgeId, 3_00 + i)),
    );
    expect(atCap.status).toBe(200);
    expect((await books(pledgeId)).events).toHaveLength(1 + MAX_BATCH_CALLS);
  });
});

describe("contention", () => {
  it("answers 50 parallel different edits of one pledge with success or 429, and keeps the last", async () => {
    const { giver, pledgeId } = await anIntention();
    const amounts = Array.from({ length: 50 }, (_, i) => 10_00 + i);
    const answers = await Promise.all(
      amounts.map((amount) => post(giver, ["pledge.act"], [edit(pledgeId, amount)])),
    );
    for (const a of answers) {
      expect([200, 429]).toContain(a.status);
      if (a.status === 429) expect(a.retryAfter).toBe("1");
    }
    const flat = answers.flatMap((a) => a.answers);
    expectSuccessOrBusy(flat);
    const saved = flat.flatMap((a) => (a.result ? [a.result.data.amount] : []));
    expect(saved.length).toBeGreaterThan(0);

    const after = await books(pledgeId);
    const edits = after.events.filter(([action]) => action === "edit").map(([, amount]) => amount);
    // Each edit that answered success wrote one audit row, the others none; the pledge holds the
    // amount of the edit that came last.
    expect(edits.toSorted()).toEqual(saved.toSorted());
    expect(after.amount).toBe(edits.at(-1));
  });
});

/**
 * A pool of connections and locks other sessions hold exist on PostgreSQL only: the embedded PGlite
 * is one connection inside this very process, where calls run one at a time and a lock held
 * elsewhere would stop everything (CI runs these on PostgreSQL).
 */
describe.runIf(process.env.DATABASE_URL)("contention on PostgreSQL", () => {
  it("takes 1,000 calls sent at once in batches at the cap without a 5xx, the books exact, and serves others meanwhile", async () => {
    const { giver, pledgeId } = await anIntention();
    const [olga] = await app.members("Olga");
    const batches = Array.from({ length: 1000 / MAX_BATCH_CALLS }, (_, b) =>
      Array.from({ length: MAX_BATCH_CALLS }, (_, i) => edit(pledgeId, 20_00 + b * 100 + i)),
    );
    const flood = Promise.all(
      batches.map((inputs) => post(giver, Array(inputs.length).fill("pledge.act"), inputs)),
    );
    // Someone else, during the flood, is served as usual.
    const other = await post(olga, ["member.updateProfile"], [{ about: "still here" }]);
    const answers = await flood;

    expect(other.status).toBe(200);
    for (const a of answers) expect([200, 207, 429]).toContain(a.status);
    const flat = answers.flatMap((a) => a.answers);
    expect(flat).toHaveLength(1000);
    expectSuccessOrBusy(flat);
    expect(answers.filter((a) => a.answers.some((x) => x.error)).map((a) => a.retryAfter)).toEqual(
      answers.filter((a) => a.answers.some((x) => x.error)).map(() => "1"),
    );
    const saved = flat.flatMap((a) => (a.result ? [a.result.data.amount] : []));
    expect(saved.length).toBeGreaterThan(0);

    const after = await books(pledgeId);
    const edits = after.events.filter(([action]) => action === "edit").map(([, amount]) => amount);
    expect(edits.toSorted()).toEqual(saved.toSorted());
    expect(after.amount).toBe(edits.at(-1));
  });

  it(`tells a write that waits on a lock longer than ${LOCK_WAIT} "busy" with Retry-After, and changes nothing`, async () => {
    const { giver, pledgeId } = await anIntention();
    const before = await books(pledgeId);
    // Another transaction (a long one) holds the pledge's row.
    let release = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    let holding = () => {};
    const held = new Promise<void>((r) => {
      holding = r;
    });
    const holder = app.db.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM pledge WHERE id = ${pledgeId} FOR UPDATE`;
        holding();
        await released;
      },
      { timeout: 30_000 },
    );
    await held;
    try {
      const waited = await post(giver, ["pledge.act"], [edit(pledgeId, 7_00)]);
      expect(waited.status).toBe(429);
      expect(waited.retryAfter).toBe("1");
      expect(waited.answers[0]?.error?.message).toBe("errors.busy");
    } finally {
      release();
      await holder;
    }
    expect(await books(pledgeId)).toEqual(before);
    // Once the lock is free, the same edit goes through.
    expect((await post(giver, ["pledge.act"], [edit(pledgeId, 7_00)])).status).toBe(200);
  });
});
