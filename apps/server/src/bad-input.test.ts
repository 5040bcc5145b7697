/**
 * What PostgreSQL would refuse is refused first, clearly: every procedure, through real HTTP, answers
 * ids it cannot hold, text with NUL, direction overrides or nothing visible, and pages out of range
 * with a 400 and a translated key, and changes nothing. The table must name every procedure, so a
 * new one cannot arrive without its bad-input cases.
 */
import type { AddressInfo } from "node:net";
import { resources } from "@exodus/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer } from "./http/server.ts";
import { appRouter } from "./root.ts";
import { createTestApp, type TestUser } from "./testing.ts";

/** Puts one bad value where a procedure's input takes it, the rest of the input valid. */
type Slot = (bad: unknown) => unknown;

interface Case {
  /** Every place the input names a member, collection or pledge by id. */
  ids?: Slot[];
  /** Every free text the input carries, and the key its refusals carry when the field has one. */
  texts?: { slot: Slot; key?: string }[];
  /** Every page size or offset. */
  pages?: Slot[];
  /** Every amount of money. */
  amounts?: Slot[];
  /** Anything else the input takes, as whole bad inputs and the key each is refused with. */
  others?: [input: unknown, key: string][];
}

const pledgeId = 1;
const collectionId = 1;
const memberId = 1;
const pool = {
  name: "Roof fund",
  rules: "Roofs.",
  backersNeeded: 2,
  answerDays: 3,
  largestClaim: 100_00,
  cap: 10_00,
};

const cases: Record<string, Case | "takes no input"> = {
  "member.me": "takes no input",
  "member.updateProfile": {
    texts: [{ slot: (name) => ({ name }) }, { slot: (about) => ({ about }) }],
    others: [[{ language: "de" }, "errors.profile.language"]],
  },
  "member.setPaymentDetails": {
    texts: [
      { slot: (label) => ({ details: [{ label, value: "IBAN 1", isDefault: true }] }) },
      { slot: (value) => ({ details: [{ label: "Bank", value, isDefault: true }] }) },
    ],
    others: [
      [{ details: [{ label: "Bank", value: "1", isDefault: "yes" }] }, "errors.payment.oneDefault"],
      [{ details: "Bank" }, "errors.input.invalid"],
    ],
  },
  "member.setNotifications": {
    others: [
      [{ muted: "all" }, "errors.notifications.category"],
      [{ muted: ["network\u0000"] }, "errors.notifications.category"],
    ],
  },
  "member.leave": { others: [[{ confirm: "yes" }, "errors.profile.confirmLeave"]] },
  "member.changeStatus": {
    amounts: [
      (goal) => ({ action: "openMonthly", goal }),
      (goal) => ({ action: "openEmergency", goal, days: 7 }),
    ],
    others: [
      [{ action: "openEmergency", goal: 100, days: 2 ** 31 }, "errors.days.range"],
      [{ action: "openEmergency", goal: 100, days: "7" }, "errors.days.range"],
      [{ action: "openEverything" }, "errors.input.invalid"],
    ],
  },
  "pledge.get": { ids: [(pledgeId) => ({ pledgeId })] },
  "pledge.create": {
    ids: [(collectionId) => ({ collectionId, amount: 100 })],
    amounts: [(amount) => ({ collectionId, amount })],
  },
  "pledge.act": {
    ids: [
      (pledgeId) => ({ pledgeId, action: "withdraw" }),
      (pledgeId) => ({ pledgeId, action: "edit", amount: 100 }),
    ],
    amounts: [(amount) => ({ pledgeId, action: "edit", amount })],
    others: [[{ pledgeId, action: "steal" }, "errors.input.invalid"]],
  },
  "pledge.nudge": {
    ids: [(pledgeId) => ({ pledgeId, kind: "askCommit" })],
    others: [[{ pledgeId, kind: "shout" }, "errors.input.action"]],
  },
  "collection.story": { ids: [(collectionId) => ({ collectionId })] },
  "collection.setStory": {
    ids: [(collectionId) => ({ collectionId, story: "Rent" })],
    texts: [{ slot: (story) => ({ collectionId, story }) }],
  },
  "collection.postUpdate": {
    ids: [(collectionId) => ({ collectionId, text: "Paid the rent" })],
    texts: [{ slot: (text) => ({ collectionId, text }) }],
  },
  "initiative.propose": {
    texts: [
      { slot: (title) => ({ title, story: "For the yard.", goal: 100, days: 7 }) },
      { slot: (story) => ({ title: "A bench", story, goal: 100, days: 7 }) },
    ],
    amounts: [(goal) => ({ title: "A bench", story: "For the yard.", goal, days: 7 })],
    others: [
      ...[91, 0, 2.5, "7", 2 ** 31].map((days): [unknown, string] => [
        { title: "A bench", story: "For the yard.", goal: 100, days },
        "errors.initiative.days",
      ]),
      [{ title: "", story: "For the yard.", goal: 100, days: 7 }, "errors.initiative.titleEmpty"],
      [
        { title: "x".repeat(81), story: "For the yard.", goal: 100, days: 7 },
        "errors.initiative.titleTooLong",
      ],
      [{ title: "A bench", story: "", goal: 100, days: 7 }, "errors.initiative.storyEmpty"],
    ],
  },
  "initiative.get": { ids: [(collectionId) => ({ collectionId })] },
  "initiative.list": "takes no input",
  "initiative.lowerGoal": {
    ids: [(collectionId) => ({ collectionId, goal: 100 })],
    amounts: [(goal) => ({ collectionId, goal })],
  },
  "initiative.cancel": { ids: [(collectionId) => ({ collectionId })] },
  "initiative.postUpdate": {
    ids: [(collectionId) => ({ collectionId, text: "Oak bought" })],
    texts: [{ slot: (text) => ({ collectionId, text }) }],
  },
  "pool.create": {
    texts: [{ slot: (name) => ({ ...pool, name }) }, { slot: (rules) => ({ ...pool, rules }) }],
    amounts: [(largestClaim) => ({ ...pool, largestClaim }), (cap) => ({ ...pool, cap })],
    others: [
      [{ ...pool, backersNeeded: 11 }, "errors.pool.backers"],
      [{ ...pool, backersNeeded: 0 }, "errors.pool.backers"],
      [{ ...pool, answerDays: 15 }, "errors.pool.answerDays"],
      [{ ...pool, answerDays: 0 }, "errors.pool.answerDays"],
      [{ ...pool, name: "" }, "errors.pool.nameEmpty"],
      [{ ...pool, name: "x".repeat(65) }, "errors.pool.nameTooLong"],
      [{ ...pool, rules: "" }, "errors.pool.rulesEmpty"],
    ],
  },
  "pool.list": "takes no input",
  "pool.get": { ids: [(poolId) => ({ poolId })] },
  "pool.invite": {
    ids: [(poolId) => ({ poolId, memberId }), (memberId) => ({ poolId: 1, memberId })],
  },
  "pool.join": {
    ids: [(poolId) => ({ poolId, cap: 100 })],
    amounts: [(cap) => ({ poolId: 1, cap })],
  },
  "pool.setCap": {
    ids: [(poolId) => ({ poolId, cap: 100 })],
    amounts: [(cap) => ({ poolId: 1, cap })],
  },
  "pool.leave": { ids: [(poolId) => ({ poolId })] },
  "pool.fileClaim": {
    ids: [(poolId) => ({ poolId, amount: 100, story: "Roof" })],
    texts: [{ slot: (story) => ({ poolId: 1, amount: 100, story }) }],
    amounts: [(amount) => ({ poolId: 1, amount, story: "Roof" })],
    others: [[{ poolId: 1, amount: 100, story: "" }, "errors.claim.storyEmpty"]],
  },
  "pool.claim": { ids: [(collectionId) => ({ collectionId })] },
  "pool.back": { ids: [(collectionId) => ({ collectionId })] },
  "pool.withdrawClaim": { ids: [(collectionId) => ({ collectionId })] },
  "pool.answerShare": {
    ids: [(pledgeId) => ({ pledgeId, answer: "commit" })],
    others: [[{ pledgeId, answer: "maybe" }, "errors.share.answer"]],
  },
  "plan.mine": "takes no input",
  "plan.accept": {
    ids: [
      (planId) => ({ planId }),
      (collectionId) => ({ planId: 1, lines: [{ collectionId, amount: 100 }] }),
    ],
    // A plan's line may be 0 (none): its amounts have refusals of their own.
    others: [
      ...[
        [-1, "errors.amount.negative"],
        [1.5, "errors.amount.tooManyDecimals"],
        [2 ** 53, "errors.amount.tooLarge"],
        ["100", "errors.amount.notANumber"],
      ].map(([amount, key]): [unknown, string] => [
        { planId: 1, lines: [{ collectionId, amount }] },
        key as string,
      ]),
      [{ planId: 1, lines: "all" }, "errors.input.invalid"],
      [
        {
          planId: 1,
          lines: [
            { collectionId, amount: 1 },
            { collectionId, amount: 2 },
          ],
        },
        "errors.plan.lineTwice",
      ],
    ],
  },
  "plan.dismiss": { ids: [(planId) => ({ planId })] },
  "clearing.mine": "takes no input",
  "clearing.waiting": "takes no input",
  "clearing.offer": { ids: [(pledgeId) => ({ pledgeId })] },
  "clearing.offerAll": "takes no input",
  "clearing.withdrawOffer": { ids: [(pledgeId) => ({ pledgeId })] },
  "clearing.agree": {
    ids: [(roundId) => ({ roundId })],
    others: [[{ roundId: 1, digest: "x".repeat(65) }, "errors.input.invalid"]],
  },
  "clearing.decline": { ids: [(roundId) => ({ roundId })] },
  "books.dashboard": "takes no input",
  "books.exportLink": "takes no input",
  "books.collection": { ids: [(collectionId) => ({ collectionId })] },
  "books.actions": { pages: [(limit) => ({ limit })] },
  "books.pledges": {
    ids: [(cursor) => ({ list: "circle", cursor })],
    pages: [(limit) => ({ list: "circle", limit })],
    others: [[{ list: "everyone" }, "errors.input.list"]],
  },
  "network.list": {
    ids: [(memberId) => ({ list: "network", memberId })],
    pages: [(limit) => ({ list: "network", limit }), (offset) => ({ list: "network", offset })],
    others: [[{ list: "needHelp", memberId }, "errors.input.list"]],
  },
  "network.member": { ids: [(memberId) => ({ memberId })] },
  "network.circle": { ids: [(memberId) => ({ memberId })] },
  "network.graph": "takes no input",
  "network.createInvite": { ids: [(targetId) => ({ targetId })] },
  "network.openInvite": { texts: [{ slot: (code) => ({ code }), key: "errors.invite.unknown" }] },
  "network.revokeInvite": { texts: [{ slot: (code) => ({ code }), key: "errors.invite.unknown" }] },
  "network.invites": { pages: [(limit) => ({ limit }), (offset) => ({ offset })] },
  "network.invitees": { pages: [(limit) => ({ limit }), (offset) => ({ offset })] },
};

/** Ids PostgreSQL's integer cannot hold, and what is no id at all. */
const badIds: unknown[] = [2_147_483_648, 2 ** 53, 1e300, -1, 0, 1.5, "1", null, true];

/** Text that would fail in PostgreSQL (NUL), mislead a reader (bidi), or show as nothing. */
const badTexts: [text: unknown, key: string][] = [
  ["An\u0000na", "errors.text.control"],
  ["\u0000", "errors.text.control"],
  ["Anna\u0007", "errors.text.control"],
  ["Anna\u202Egpj.exe", "errors.text.bidi"],
  ["\u2067Anna\u2069", "errors.text.bidi"],
  ["\u200B", "errors.text.invisible"],
  ["\u200C\u200D\u2060 \u200B", "errors.text.invisible"],
  ["\u3164", "errors.text.invisible"],
];

const badPages: unknown[] = [2_147_483_648, 2 ** 53, -1, 1.5, "20", null];

const badAmounts: [amount: unknown, key: string][] = [
  [2_147_483_648, "errors.amount.tooLarge"],
  [2 ** 53, "errors.amount.tooLarge"],
  [-1, "errors.amount.notPositive"],
  [1.5, "errors.amount.tooManyDecimals"],
  ["100", "errors.amount.notANumber"],
];

type Procedure = { _def: { type: string; inputs: unknown[] } };
// At run time tRPC keeps every procedure under its full dotted path (its type nests them).
const procedures = appRouter._def.procedures as unknown as Record<string, Procedure>;

/** Every bad input of one procedure with the key it must be refused with. */
function badInputs(entry: Case): [input: unknown, key: string][] {
  return [
    ...(entry.ids ?? []).flatMap((slot) =>
      badIds.map((id): [unknown, string] => [slot(id), "errors.input.id"]),
    ),
    ...(entry.texts ?? []).flatMap(({ slot, key }) =>
      badTexts.map(([text, textKey]): [unknown, string] => [slot(text), key ?? textKey]),
    ),
    ...(entry.pages ?? []).flatMap((slot) =>
      badPages.map((page): [unknown, string] => [slot(page), "errors.input.page"]),
    ),
    ...(entry.amounts ?? []).flatMap((slot) =>
      badAmounts.map(([amount, key]): [unknown, string] => [slot(amount), key]),
    ),
    ...(entry.others ?? []),
    // An input that is not even an object.
    [5, "errors.input.invalid"],
  ];
}

function translated(key: string) {
  for (const [language, strings] of Object.entries(resources)) {
    const text = key
      .split(".")
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], strings);
    expect(typeof text, `${key} in ${language}`).toBe("string");
  }
}

describe("bad input to any procedure", () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  let base: string;
  let anna: TestUser;
  let close: () => Promise<unknown>;

  beforeAll(async () => {
    app = await createTestApp();
    const server = createHttpServer(app.deps);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    close = () => new Promise((r) => server.close(r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Books with something in them, so a bad input that slipped through would have something to
    // change: Anna in monthly need, Boris's pledge to her, her payment details, a link of hers.
    const [a, boris] = await app.members("Anna", "Boris");
    anna = a;
    await app.as(anna).member.changeStatus({ action: "openMonthly", goal: 10_000 });
    const me = await app.as(anna).member.me();
    const monthly = await app.db.prisma.collection.findFirstOrThrow({
      where: { memberId: me.profile.id },
    });
    await app.as(boris).pledge.create({ collectionId: monthly.id, amount: 2_500 });
    await app
      .as(anna)
      .member.setPaymentDetails({ details: [{ label: "Bank", value: "IBAN 1", isDefault: true }] });
    await app.as(anna).network.createInvite({});
  });
  afterAll(async () => {
    await close();
    await app.close();
  });

  /** Every row of every table, so "nothing changed" means nothing at all. */
  async function everything(): Promise<Record<string, string>> {
    const tables = await app.db.prisma.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
      ORDER BY table_name`;
    const rows: Record<string, string> = {};
    for (const { name } of tables) {
      const [found] = await app.db.prisma.$queryRawUnsafe<{ rows: string }[]>(
        `SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS rows FROM "${name}" t`,
      );
      rows[name] = found?.rows ?? "";
    }
    return rows;
  }

  async function call(path: string, input: unknown) {
    const headers = { authorization: `tma ${app.initData(anna)}` };
    const query = procedures[path]?._def.type === "query";
    const res = query
      ? await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
          headers,
        })
      : await fetch(`${base}/trpc/${path}`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify(input),
        });
    const body = (await res.json()) as { error?: { message: string } };
    return { status: res.status, key: body.error?.message };
  }

  it("has a case for every procedure of the API", () => {
    const missing = Object.keys(procedures).filter((path) => !(path in cases));
    expect(
      missing,
      `procedures without bad-input cases in apps/server/src/bad-input.test.ts: ${missing.join(", ")}`,
    ).toEqual([]);
    const gone = Object.keys(cases).filter((path) => !(path in procedures));
    expect(gone, `cases for procedures that no longer exist: ${gone.join(", ")}`).toEqual([]);
  });

  for (const [path, entry] of Object.entries(cases)) {
    if (entry === "takes no input") {
      it(`${path} takes no input at all`, () => {
        expect(procedures[path]?._def.inputs).toEqual([]);
      });
      continue;
    }
    it(`${path} refuses bad ids, text and numbers with a translated key and changes nothing`, async () => {
      const before = await everything();
      for (const [input, key] of badInputs(entry)) {
        const answer = await call(path, input);
        expect(answer, `${path} ${JSON.stringify(input)}`).toEqual({ status: 400, key });
        translated(key);
      }
      expect(await everything()).toEqual(before);
    });
  }
});
