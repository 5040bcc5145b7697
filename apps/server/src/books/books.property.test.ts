/**
 * The books, property-based: random sequences of what five members may do (open, change, close
 * collections; pledge; move pledges along their life, legal or not) interleaved with a clock that
 * crosses month ends (Dec→Jan, a leap February) and the scheduler's jobs, run side by side against
 * the in-memory model of DOMAIN.md in ./testing/model.ts. After every step:
 * (a) the database holds what the model holds (statuses, collections, pledges, the audit trail), and
 *     the aggregates equal the model's: every collection's ❤️/🤝/👍/🙏/helpers, every member's
 *     giving line and the help ties from the SQL, and through the API the dashboard and the four
 *     pledge lists of the members the step touched (everyone's when the clock moved);
 * (b) no money appears or disappears: the sum of all amounts changes only by what creations, edits and
 *     renewals put in; confirmed pledges and other settled ones never change; only an intention's
 *     amount ever changes; a refused or repeated request changes nothing at all.
 */

import { daysLeft, periodOf } from "@exodus/shared";
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { expireEmergencies } from "../collections/service.ts";
import { rollover } from "../cycle/rollover.ts";
import { tieHoldsSql, tiesSince } from "../network/graph.ts";
import { memberList } from "../network/lists.ts";
import { createTestApp, type TestUser } from "../testing.ts";
import { collectionTotals, givingLine, type Totals } from "./queries.ts";
import {
  BooksModel,
  type Decision,
  isLive,
  isTerminal,
  lifeOf,
  MAX_AMOUNT,
  type MemberAction,
  type MPledge,
  nextMonthStartUtc,
  type State,
  type StatusChange,
} from "./testing/model.ts";

type App = Awaited<ReturnType<typeof createTestApp>>;

const DAY_MS = 24 * 60 * 60 * 1000;
const NAMES = ["Ann", "Bob", "Cat", "Dan", "Eve"] as const;
const USERS: TestUser[] = NAMES.map((first_name, i) => ({
  id: 7_000 + i,
  first_name,
  language_code: "en",
}));
const LISTS = ["circle", "helping", "overdue", "confirmedArchive"] as const;

/** Where each run begins: before a Dec→Jan, before Jan→Feb→Mar of a leap year, in a leap February. */
const STARTS = ["2026-11-21T12:00:00.000Z", "2027-12-24T09:00:00.000Z", "2028-02-20T18:00:00.000Z"];

interface Real {
  app: App;
  ids: number[];
  before: Snapshot;
  /** What happened so far in this run, resolved to ids, for a readable failure. */
  trace: string[];
  lastAct?: { pledgeId: number; actorId: number; action: MemberAction; amount: number | undefined };
}

type Cmd = fc.AsyncCommand<BooksModel, Real>;

// ── What the database holds, in the model's terms ─────────────────────────────────────────────

interface Snapshot {
  statuses: [number, string][];
  collections: {
    id: number;
    memberId: number;
    kind: string;
    goal: number;
    paused: boolean;
    closed: boolean;
    outcome: string | null;
    deadline: number | null;
    openedAt: number;
  }[];
  pledges: {
    id: number;
    giverId: number;
    receiverId: number;
    collectionId: number;
    amount: number;
    state: State;
    period: string;
    overdue: boolean;
    renewedFromId: number | null;
    madeAt: number | null;
  }[];
  last: [number, { action: string; actorId: number | null }][];
  events: number;
}

async function snapshot(app: App): Promise<Snapshot> {
  const { prisma } = app.db;
  const [members, collections, pledges, last, events] = await Promise.all([
    prisma.member.findMany({ orderBy: { id: "asc" } }),
    prisma.collection.findMany({ orderBy: { id: "asc" } }),
    prisma.pledge.findMany({ orderBy: { id: "asc" } }),
    prisma.$queryRaw<{ pledge_id: number; action: string; actor_id: number | null }[]>`
      SELECT DISTINCT ON (pledge_id) pledge_id, action, actor_id
      FROM pledge_event ORDER BY pledge_id, id DESC`,
    prisma.pledgeEvent.count(),
  ]);
  return {
    statuses: members.map((m) => [m.id, m.status]),
    collections: collections.map((c) => ({
      id: c.id,
      memberId: c.memberId,
      kind: c.kind,
      goal: c.goal,
      paused: c.paused,
      closed: c.closedAt !== null,
      outcome: c.outcome,
      deadline: c.deadline?.getTime() ?? null,
      openedAt: c.openedAt.getTime(),
    })),
    pledges: pledges.map((p) => ({
      id: p.id,
      giverId: p.giverId,
      receiverId: p.receiverId,
      collectionId: p.collectionId,
      amount: p.amount,
      state: p.state,
      period: p.period.toISOString().slice(0, 7),
      overdue: p.overdue,
      renewedFromId: p.renewedFromId,
      madeAt: p.renewedFromId === null ? p.createdAt.getTime() : null,
    })),
    last: last.map((e) => [e.pledge_id, { action: e.action, actorId: e.actor_id }]),
    events: events,
  };
}

function modelSnapshot(model: BooksModel): Snapshot {
  const pledges = [...model.pledges].sort((a, b) => a.id - b.id);
  return {
    statuses: model.memberIds.map((id) => [id, model.status(id)]),
    collections: [...model.collections].sort((a, b) => a.id - b.id).map((c) => ({ ...c })),
    pledges: pledges.map(({ last: _, ...p }) => p),
    last: pledges.map((p) => [p.id, p.last]),
    events: model.events,
  };
}

// ── After every step ──────────────────────────────────────────────────────────────────────────

async function verify(
  model: BooksModel,
  real: Real,
  expected: Decision,
  touched: readonly number[] | "all",
) {
  const { app } = real;
  const after = await snapshot(app);
  const before = real.before;

  // DOMAIN.md's invariants, read off the database alone.
  const collections = new Map(after.collections.map((c) => [c.id, c]));
  for (const [memberId, status] of after.statuses) {
    const open = after.collections.filter((c) => c.memberId === memberId && !c.closed);
    const monthly = open.filter((c) => c.kind === "monthly");
    const emergency = open.filter((c) => c.kind === "emergency");
    expect(monthly.length <= 1 && emergency.length <= 1, "one open collection per kind").toBe(true);
    // ✅ needs nothing; 🔆 has its monthly collection open; 🆘 an emergency, the monthly paused.
    expect(
      {
        status,
        monthly: monthly.map((c) => (c.paused ? "paused" : "open")),
        emergency: emergency.length,
      },
      `${name(model, memberId)}'s status and collections`,
    ).toEqual(
      status === "green"
        ? { status, monthly: [], emergency: 0 }
        : status === "orange"
          ? { status, monthly: ["open"], emergency: 0 }
          : { status, monthly: monthly.length ? ["paused"] : [], emergency: 1 },
    );
  }
  for (const p of after.pledges) {
    const c = collections.get(p.collectionId);
    expect(p.receiverId, `pledge ${p.id} goes to its collection's member`).toBe(c?.memberId);
    expect(p.giverId, `pledge ${p.id} to oneself`).not.toBe(p.receiverId);
    if (c?.kind === "emergency") {
      expect(p.state, `emergency pledge ${p.id} is an intention`).not.toBe("intention");
    }
  }
  // One live pledge per giver per collection and period (overdue ones are archived).
  const liveKeys = after.pledges
    .filter((p) => isLive(p.state) && !p.overdue)
    .map((p) => `${p.giverId}→${p.collectionId}@${p.period}`);
  expect(liveKeys.length, `two live pledges at once: ${liveKeys.join(", ")}`).toBe(
    new Set(liveKeys).size,
  );

  // (a) The database holds what the model holds.
  expect(after).toEqual(modelSnapshot(model));
  if (!expected.ok || !expected.change) {
    // A refusal or a repeated request changes nothing at all.
    expect(after).toEqual(before);
  }

  // (b) No money appears or disappears.
  const total = after.pledges.reduce((s, p) => s + p.amount, 0);
  expect(total, "Σ amounts = what creations, edits and renewals put in").toBe(model.minted);
  const was = new Map(before.pledges.map((p) => [p.id, p]));
  for (const p of after.pledges) {
    const old = was.get(p.id);
    if (!old) continue;
    if (isTerminal(old.state)) {
      // Confirmed (and every other settled) pledge stays exactly as it was.
      expect(p, `settled pledge ${p.id} changed`).toEqual(old);
    }
    if (p.amount !== old.amount) {
      expect([old.state, p.state], `amount of pledge ${p.id} changed`).toEqual([
        "intention",
        "intention",
      ]);
    }
  }
  for (const old of before.pledges) {
    expect(
      after.pledges.some((p) => p.id === old.id),
      `pledge ${old.id} vanished`,
    ).toBe(true);
  }
  // (a) The aggregates, as the API serves them.
  const allTotals = await collectionTotals(
    app.db.prisma,
    model.collections.map((c) => c.id),
    app.now(),
    app.deps.config.networkTimeZone,
  );
  for (const c of model.collections) {
    expect(pick(allTotals.get(c.id)), `totals of collection ${c.id}`).toEqual(model.totals(c.id));
  }
  for (const id of model.memberIds) {
    const line = await givingLine(app.db.prisma, id, app.now(), app.deps.config.networkTimeZone);
    expect(line, `giving line of ${name(model, id)}`).toEqual(model.giving(id));
  }
  // The help ties, which the graph reads from help_tie (kept by triggers) instead of the pledges.
  const ties = await app.db.prisma.$queryRaw<{ pair: string }[]>`
    SELECT t.giver_id || '→' || t.receiver_id AS pair FROM help_tie t
    WHERE ${tieHoldsSql("t", tiesSince(app.now(), app.deps.config.networkTimeZone))}`;
  expect(ties.map((t) => t.pair).sort(), "the help ties").toEqual(model.helpTies());
  // The need lines of the member lists, which read the stored tally instead of the pledges.
  for (const viewer of model.memberIds) {
    const lines = await memberList(
      app.db.prisma,
      viewer,
      "network",
      app.now(),
      app.deps.config.networkTimeZone,
      { limit: 50, offset: 0 },
    );
    for (const line of lines) {
      const open = model.collections.filter((c) => c.memberId === line.id && !c.closed);
      const shown = open.find((c) => c.kind === "emergency") ?? open[0];
      const expected =
        shown && model.status(line.id) !== "green"
          ? { kind: shown.kind, ...pickNeed(model.totals(shown.id)) }
          : null;
      expect(
        line.need && { kind: line.need.kind, ...pickNeed(line.need) },
        `${name(model, line.id)}'s need line as ${name(model, viewer)} sees it`,
      ).toEqual(expected);
    }
  }
  // Through the API, the dashboard and lists of those the step touched (everyone's when the clock
  // moved): the others' are the same SQL over the same rows, which the comparisons above cover.
  for (const [i, id] of model.memberIds.entries()) {
    if (touched !== "all" && !touched.includes(id)) continue;
    const user = USERS[i] as TestUser;
    const caller = app.as(user);
    const dashboard = await caller.books.dashboard();
    expect(dashboard.status).toBe(model.status(id));
    expect(
      [...dashboard.collections].sort((a, b) => a.id - b.id),
      `${user.first_name}'s dashboard`,
    ).toEqual(
      model.collections
        .filter((c) => c.memberId === id && !c.closed)
        .map((c) => ({
          id: c.id,
          memberId: c.memberId,
          kind: c.kind,
          goal: c.goal,
          paused: c.paused,
          deadline: c.deadline === null ? null : new Date(c.deadline).toISOString(),
          daysLeft:
            c.deadline === null ? null : daysLeft(new Date(c.deadline), new Date(model.now), "UTC"),
          closed: false,
          ...model.totals(c.id),
        })),
    );
    expect(dashboard.giving, `${user.first_name}'s giving line`).toEqual(model.giving(id));
    for (const list of LISTS) {
      const lines = await caller.books.pledges({ list, limit: 100 });
      expect(
        lines.map((l) => l.id),
        `${user.first_name}'s ${list}`,
      ).toEqual(model.list(id, list));
    }
  }
  real.before = after;
}

/** What a need line shows of a collection's totals. */
function pickNeed(v: { helpers: number; intentions: number; missing: number }) {
  return { helpers: v.helpers, intentions: v.intentions, missing: v.missing };
}

/** The five totals of a collection's view. */
function pick(v: Totals | undefined): Totals | undefined {
  if (!v) return v;
  const { intentions, obligations, confirmed, missing, helpers } = v;
  return { intentions, obligations, confirmed, missing, helpers };
}

/** Calls the API and reads a refusal the way the Mini App would: its translation key. */
async function attempt<T>(call: () => Promise<T>) {
  try {
    return { ok: true as const, value: await call() };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const issue = error.cause instanceof ZodError ? error.cause.issues[0]?.message : undefined;
    return { ok: false as const, error: issue ?? error.message };
  }
}

function expectOutcome(expected: Decision, actual: { ok: true } | { ok: false; error: string }) {
  stat(expected.ok ? (expected.change ? "changed" : "no-op") : expected.error);
  if (expected.ok) {
    expect(actual, "the API refused what the model allows").toMatchObject({ ok: true });
  } else {
    expect(actual.ok, `the API allowed what the model refuses (${expected.error})`).toBe(false);
    if (actual.ok) return;
    expect(actual.error.startsWith("errors.")).toBe(true);
    if (expected.error.endsWith(".")) expect(actual.error.startsWith(expected.error)).toBe(true);
    else expect(actual.error).toBe(expected.error);
  }
}

/** What the runs reached, printed with BOOKS_STATS=1 to see the generators cover the rules. */
const STATS: Record<string, number> = {};
function stat(key: string) {
  STATS[key] = (STATS[key] ?? 0) + 1;
}

/** Runs one step: the trace grows, and a failure says what happened before it. */
async function step(real: Real, line: string, body: () => Promise<void>) {
  stat("steps");
  real.trace.push(`${real.app.now().toISOString()} ${line}`);
  try {
    await body();
  } catch (error) {
    if (error instanceof Error) {
      error.message = `${error.message}\n\nafter:\n  ${real.trace.join("\n  ")}`;
    }
    throw error;
  }
}

const name = (model: BooksModel, id: number) => NAMES[model.memberIds.indexOf(id)] ?? `#${id}`;

// ── The commands ──────────────────────────────────────────────────────────────────────────────

class StatusCommand implements Cmd {
  constructor(
    readonly who: number,
    readonly change: StatusChange,
  ) {}
  check = () => true;
  async run(model: BooksModel, real: Real) {
    const id = model.memberIds[this.who] as number;
    await step(real, `${NAMES[this.who]} ${JSON.stringify(this.change)}`, async () => {
      const expected = model.decideStatus(id, this.change);
      const actual = await attempt(() =>
        real.app.as(USERS[this.who] as TestUser).member.changeStatus(this.change),
      );
      expectOutcome(expected, actual);
      if (expected.ok && expected.change) {
        const kind = this.change.action === "openMonthly" ? "monthly" : "emergency";
        const opened =
          this.change.action === "openMonthly" || this.change.action === "openEmergency"
            ? await real.app.db.prisma.collection.findFirst({
                where: { memberId: id, kind, closedAt: null },
              })
            : null;
        model.applyStatus(id, this.change, opened?.id);
      }
      await verify(model, real, expected, [id]);
    });
  }
  toString = () => `${NAMES[this.who]}.${JSON.stringify(this.change)}`;
}

class CreateCommand implements Cmd {
  /** `n` picks a collection (an open one if `openOnly` and there is one); `id` names it. */
  constructor(
    readonly giver: number,
    readonly to: { openOnly: boolean; n: number } | { id: number },
    readonly amount: number,
  ) {}
  check = (model: Readonly<BooksModel>) => model.collections.length > 0;
  target(model: BooksModel) {
    if ("id" in this.to) return model.collection(this.to.id);
    const open = model.collections.filter((c) => !c.closed);
    const among = this.to.openOnly && open.length > 0 ? open : model.collections;
    return among[this.to.n % among.length] as (typeof among)[number];
  }
  async run(model: BooksModel, real: Real) {
    const giverId = model.memberIds[this.giver] as number;
    const c = this.target(model);
    const line = `${NAMES[this.giver]} pledges ${this.amount} to ${name(model, c.memberId)}'s ${c.kind} #${c.id}`;
    await step(real, line, async () => {
      const expected = model.decideCreate(giverId, c.id, this.amount);
      const actual = await attempt(() =>
        real.app
          .as(USERS[this.giver] as TestUser)
          .pledge.create({ collectionId: c.id, amount: this.amount }),
      );
      if (!expected.ok) {
        expectOutcome(expected, actual);
        return verify(model, real, expected, [giverId, c.memberId]);
      }
      expectOutcome({ ok: true, change: true }, actual);
      if (!actual.ok) return;
      if (expected.existing) {
        expect(actual.value.id, "a repeated pledge answers with the live one").toBe(
          expected.existing.id,
        );
        return verify(model, real, { ok: true, change: false }, [giverId, c.memberId]);
      }
      const p = model.applyCreate(actual.value.id, giverId, c.id, this.amount);
      expect(actual.value).toMatchObject({ state: p.state, period: p.period, amount: p.amount });
      real.trace[real.trace.length - 1] += ` → pledge #${p.id} (${p.state})`;
      return verify(model, real, { ok: true, change: true }, [giverId, c.memberId]);
    });
  }
  toString = () =>
    `${NAMES[this.giver]}.pledge(${this.amount} → ${"id" in this.to ? `#${this.to.id}` : `${this.to.openOnly ? "open " : ""}collection[${this.to.n}]`})`;
}

/** Who acts: the side the action belongs to, the other side, or someone else. */
type Who = "right" | "wrong" | "stranger";
/**
 * On what: a live pledge moved one step along its life, a pledge the action fits, any pledge, or the
 * same pledge as the last act (a double tap).
 */
type Target = "progress" | "fits" | "any" | "again" | { id: number };

/** The action that moves a live pledge along: the drawn one if it fits, else the usual next step. */
function nextStep(p: MPledge, drawn: MemberAction, n: number): MemberAction {
  if (lifeOf(drawn).from.includes(p.state)) return drawn;
  if (p.state === "intention") return n % 2 === 0 ? "commit" : "fulfil";
  if (p.state === "obligation") return "fulfil";
  return n % 5 === 0 ? "notReceived" : "confirm";
}

class ActCommand implements Cmd {
  constructor(
    readonly target: Target,
    readonly n: number,
    readonly who: Who,
    readonly action: MemberAction,
    readonly amount: number,
  ) {}
  check = (model: Readonly<BooksModel>) => model.pledges.length > 0;
  async run(model: BooksModel, real: Real) {
    const last = this.target === "again" ? real.lastAct : undefined;
    const live = model.pledges.filter((q) => isLive(q.state));
    const moving = this.target === "progress" && live.length > 0;
    let p = live[this.n % live.length] as MPledge;
    const action = last?.action ?? (moving ? nextStep(p, this.action, this.n) : this.action);
    const amount = action === "edit" ? (last?.amount ?? this.amount) : undefined;
    const rule = lifeOf(action);
    if (last) p = model.pledge(last.pledgeId) as MPledge;
    else if (typeof this.target === "object") p = model.pledge(this.target.id) as MPledge;
    else if (!moving) {
      const fits = model.pledges.filter((q) => rule.from.includes(q.state));
      const among = this.target === "any" || fits.length === 0 ? model.pledges : fits;
      p = among[this.n % among.length] as MPledge;
    }
    const side = this.who === "wrong" ? (rule.by === "giver" ? "receiver" : "giver") : rule.by;
    const actorId =
      last?.actorId ??
      (this.who === "stranger"
        ? (model.memberIds.find((m) => m !== p.giverId && m !== p.receiverId) as number)
        : side === "giver"
          ? p.giverId
          : p.receiverId);
    real.lastAct = { pledgeId: p.id, actorId, action, amount };
    const actorIndex = model.memberIds.indexOf(actorId);
    const line = `${NAMES[actorIndex]} ${action}${amount === undefined ? "" : ` ${amount}`} pledge #${p.id} (${p.state}${p.overdue ? " ⌛" : ""} ${p.amount} from ${name(model, p.giverId)} to ${name(model, p.receiverId)})`;
    await step(real, line, async () => {
      const expected = model.decideAct(actorId, p.id, action, amount);
      const caller = real.app.as(USERS[actorIndex] as TestUser);
      const actual = await attempt(() =>
        action === "edit"
          ? caller.pledge.act({ pledgeId: p.id, action, amount: amount as number })
          : caller.pledge.act({ pledgeId: p.id, action }),
      );
      expectOutcome(expected, actual);
      stat(`act ${action}: ${expected.ok ? (expected.change ? "ok" : "no-op") : expected.error}`);
      if (expected.ok && expected.change) model.applyAct(actorId, p.id, action, amount);
      if (model.collection(p.collectionId).outcome === "reached") stat("emergency reached");
      await verify(model, real, expected, [p.giverId, p.receiverId]);
    });
  }
  toString = () => {
    const edit = this.action === "edit" ? `(${this.amount})` : "";
    if (this.target === "again") return "again";
    if (typeof this.target === "object")
      return `${this.who}.${this.action}${edit}(#${this.target.id})`;
    if (this.target === "progress")
      return `${this.who}.move(live pledge[${this.n}], ${this.action}${edit} if it fits)`;
    return `${this.who}.${this.action}${edit}(${this.target} pledge[${this.n}])`;
  };
}

type Advance = "monthEnd" | "nextMonth" | { days: number };

/** The scheduler's tick, as it runs on a server: the period's rollover, then expired emergencies. */
async function schedulerTick(model: BooksModel, real: Real) {
  const now = real.app.now();
  const ran = await rollover(
    real.app.db.prisma,
    periodOf(now, real.app.deps.config.networkTimeZone),
    now,
  );
  await expireEmergencies(real.app.db.prisma, now);
  const shouldRun = !model.rolledOver.has(model.period);
  expect(ran.ran, `the rollover into ${model.period} runs once`).toBe(shouldRun);
  const renewed = model.rollover(model.period);
  for (const r of renewed) {
    const found = await real.app.db.prisma.pledge.findUnique({
      where: { renewedFromId: r.renewedFromId as number },
    });
    r.id = found?.id ?? -1;
  }
  const open = model.collections.filter((c) => !c.closed);
  model.expireEmergencies();
  for (const c of open.filter((c) => c.closed)) {
    stat("emergency expired");
    real.trace[real.trace.length - 1] +=
      ` → ${name(model, c.memberId)}'s emergency #${c.id} expired`;
  }
  if (ran.ran) {
    stat(
      `rollover lapsed ${ran.lapsed > 0} renewed ${ran.renewed > 0} overdue ${ran.overdue > 0} carried ${ran.carried > 0}`,
    );
    real.trace[real.trace.length - 1] +=
      ` → rollover ${model.period}: ${ran.lapsed} lapsed, ${ran.renewed} renewed, ${ran.overdue} overdue, ${ran.carried} carried`;
  }
}

class ClockCommand implements Cmd {
  constructor(
    readonly advance: Advance | null,
    readonly runTick: boolean,
  ) {}
  check = () => true;
  async run(model: BooksModel, real: Real) {
    const now = model.now;
    const to =
      this.advance === null
        ? now
        : this.advance === "monthEnd"
          ? Math.max(now, nextMonthStartUtc(now) - 1)
          : this.advance === "nextMonth"
            ? nextMonthStartUtc(now)
            : now + this.advance.days * DAY_MS;
    const line = `clock → ${new Date(to).toISOString()}${this.runTick ? ", tick" : ""}`;
    await step(real, line, async () => {
      model.now = to;
      real.app.setNow(new Date(to));
      if (this.runTick) await schedulerTick(model, real);
      await verify(model, real, { ok: true, change: true }, "all");
    });
  }
  toString = () =>
    `clock(${this.advance === null ? "now" : typeof this.advance === "string" ? this.advance : `+${this.advance.days}d`}${this.runTick ? ", tick" : ""})`;
}

// ── The arbitraries ───────────────────────────────────────────────────────────────────────────

const member = fc.nat({ max: NAMES.length - 1 });
/** Mostly valid amounts, few of them so repeats and reached goals happen; now and then a bad one. */
const amount = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(100, 250, 500, 1_000) },
  { weight: 1, arbitrary: fc.constantFrom(0, -100, 12.5, MAX_AMOUNT + 1) },
);
const goal = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(500, 1_000, 2_500) },
  { weight: 1, arbitrary: fc.constantFrom(0, 99.5) },
);
const days = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(1, 3, 10, 30) },
  { weight: 1, arbitrary: fc.constantFrom(0, 31) },
);
const change: fc.Arbitrary<StatusChange> = fc.oneof(
  { weight: 4, arbitrary: goal.map((g) => ({ action: "openMonthly" as const, goal: g })) },
  { weight: 1, arbitrary: goal.map((g) => ({ action: "changeGoal" as const, goal: g })) },
  { weight: 1, arbitrary: fc.constant({ action: "closeMonthly" as const }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(goal, days)
      .map(([g, d]) => ({ action: "openEmergency" as const, goal: g, days: d })),
  },
  { weight: 1, arbitrary: fc.constant({ action: "endEmergency" as const }) },
);
const action = fc.constantFrom<MemberAction>(
  "edit",
  "withdraw",
  "commit",
  "fulfil",
  "fulfil",
  "confirm",
  "confirm",
  "notReceived",
  "release",
);
const who = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Who>("right") },
  { weight: 1, arbitrary: fc.constant<Who>("wrong") },
  { weight: 1, arbitrary: fc.constant<Who>("stranger") },
);
const target = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Target>("progress") },
  { weight: 4, arbitrary: fc.constant<Target>("fits") },
  { weight: 1, arbitrary: fc.constant<Target>("any") },
  { weight: 1, arbitrary: fc.constant<Target>("again") },
);
const advance: fc.Arbitrary<Advance | null> = fc.oneof(
  fc.constant("monthEnd" as const),
  fc.constant("nextMonth" as const),
  fc.integer({ min: 1, max: 12 }).map((d) => ({ days: d })),
  fc.constant(null),
);

const statusCommand = fc.tuple(member, change).map(([m, c]) => new StatusCommand(m, c));
const createCommand = fc
  .tuple(member, fc.boolean(), fc.nat(20), amount)
  .map(([g, openOnly, n, a]) => new CreateCommand(g, { openOnly, n }, a));
const actCommand = fc
  .tuple(target, fc.nat(30), who, action, amount)
  .map(([t, n, w, a, am]) => new ActCommand(t, n, w, a, am));
const clockCommand = fc
  .tuple(advance, fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false)))
  .map(([a, t]) => new ClockCommand(a, t));

/** fc.commands draws its kinds of command evenly: listing one kind n times weighs it n. */
const commands = fc.commands(
  [
    ...Array<fc.Arbitrary<Cmd>>(2).fill(statusCommand),
    ...Array<fc.Arbitrary<Cmd>>(3).fill(createCommand),
    ...Array<fc.Arbitrary<Cmd>>(6).fill(actCommand),
    ...Array<fc.Arbitrary<Cmd>>(2).fill(clockCommand),
  ],
  { maxCommands: Number(process.env.BOOKS_PROPERTY_COMMANDS ?? 25), size: "max" },
);

/** Who is in need when a run begins, so pledging starts at once. */
const prelude = fc.array(
  fc
    .tuple(
      member,
      fc.oneof(
        {
          weight: 3,
          arbitrary: fc
            .constantFrom(500, 1_000, 2_500)
            .map((g) => ({ action: "openMonthly" as const, goal: g })),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.constantFrom(500, 1_000, 2_500), fc.constantFrom(3, 10, 30))
            .map(([g, d]) => ({ action: "openEmergency" as const, goal: g, days: d })),
        },
      ),
    )
    .map(([m, c]) => new StatusCommand(m, c)),
  { minLength: 1, maxLength: 3 },
);

/** How long the property may generate: under a loaded machine it stops early rather than time out. */
const TIME_LIMIT = Number(process.env.BOOKS_PROPERTY_TIME_LIMIT ?? 150_000);

// ── The property ──────────────────────────────────────────────────────────────────────────────

describe("the books under random use (fast-check, against a model of DOMAIN.md)", () => {
  let app: App;
  beforeAll(async () => {
    app = await createTestApp();
    // The model's calendar is UTC's.
    expect(app.deps.config.networkTimeZone).toBe("UTC");
  });
  afterAll(() => {
    if (process.env.BOOKS_STATS) console.log(STATS);
    return app?.close();
  });

  /** A run on an emptied database (ids restart at 1), five green members, the clock at `start`. */
  function setupAt(start: string, needs: readonly Cmd[] = []) {
    return async () => {
      await app.db.prisma.$executeRawUnsafe(
        "TRUNCATE member, collection, pledge, pledge_event, outbox, cycle_run RESTART IDENTITY CASCADE",
      );
      app.setNow(new Date(start));
      const ids: number[] = [];
      for (const user of USERS) ids.push((await app.as(user).member.me()).profile.id);
      // All brought in by the first member: everyone within two ties, so everyone sees everyone.
      await app.db.prisma.member.updateMany({
        where: { id: { in: ids.slice(1) } },
        data: { invitedById: ids[0] as number },
      });
      const model = new BooksModel(ids, Date.parse(start));
      const real: Real = { app, ids, before: await snapshot(app), trace: [] };
      for (const need of needs) await need.run(model, real);
      current = real;
      return { model, real };
    };
  }
  let current: Real | undefined;

  /** A fixed sequence, with the same checks after every step (BOOKS_TRACE=1 prints what it did). */
  async function scenario(start: string, cmds: Cmd[]) {
    await fc.asyncModelRun(setupAt(start), cmds);
    if (process.env.BOOKS_TRACE) console.log(current?.trace.join("\n"));
  }

  it(
    "keep aggregates equal to the model's and lose or make no money, step after step",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...STARTS),
          prelude,
          commands,
          async (start, needs, cmds) => {
            await fc.asyncModelRun(setupAt(start, needs), cmds);
          },
        ),
        {
          numRuns: Number(process.env.BOOKS_PROPERTY_RUNS ?? 25),
          // A failure prints its seed: BOOKS_PROPERTY_SEED runs the same cases again.
          ...(process.env.BOOKS_PROPERTY_SEED
            ? { seed: Number(process.env.BOOKS_PROPERTY_SEED) }
            : {}),
          interruptAfterTimeLimit: TIME_LIMIT,
        },
      );
    },
    TIME_LIMIT + 30_000,
  );

  // Paths random runs reach only now and then, walked on purpose with the same checks.
  const [ann, bob, cat, dan] = [0, 1, 2, 3];
  const need = (who: number, change: StatusChange) => new StatusCommand(who, change);
  const pledge = (giver: number, collectionId: number, sum: number) =>
    new CreateCommand(giver, { id: collectionId }, sum);
  const act = (pledgeId: number, action: MemberAction, sum = 0) =>
    new ActCommand({ id: pledgeId }, 0, "right", action, sum);
  const clock = (advance: Advance, runTick = true) => new ClockCommand(advance, runTick);
  const tick = () => new ClockCommand(null, true);

  it("renews what was confirmed month after month: Dec→Jan, a late tick, a leap February", async () => {
    await scenario("2027-12-24T09:00:00.000Z", [
      need(ann, { action: "openMonthly", goal: 2_500 }), // collection 1
      pledge(bob, 1, 500), // 1
      act(1, "fulfil"),
      act(1, "confirm"),
      pledge(cat, 1, 250), // 2
      act(2, "commit"),
      pledge(dan, 1, 100), // 3: lapses
      clock("monthEnd"),
      pledge(bob, 1, 100), // Bob's intention of December was confirmed: he pledges again (4)
      clock("nextMonth"), // 2028-01: 1 renewed as 5 (500), 2 overdue, 3 and 4 lapse
      act(5, "edit", 1_000),
      act(5, "fulfil"),
      act(5, "confirm"),
      act(2, "fulfil"), // from the overdue archive
      act(2, "confirm"),
      clock("nextMonth", false), // February begins, the scheduler has not ticked yet
      pledge(bob, 1, 250), // 6, already in February
      tick(), // the late tick: no renewal for Bob, who pledged anew
      act(6, "fulfil"),
      act(6, "confirm"),
      clock("monthEnd"), // 2028-02-29T23:59:59.999Z, still February
      pledge(cat, 1, 100), // 7, of February
      clock("nextMonth"), // March: 6 renewed as 8, 7 lapses
      need(ann, { action: "closeMonthly" }), // 8 ends
      clock("nextMonth"), // nothing renews into a closed collection
    ]);
  }, 60_000);

  it("an emergency: paused monthly, reached with surplus cancelled, another ended by hand", async () => {
    await scenario("2026-11-21T12:00:00.000Z", [
      need(ann, { action: "openMonthly", goal: 1_000 }), // collection 1
      pledge(bob, 1, 500), // 1
      need(ann, { action: "openEmergency", goal: 1_000, days: 10 }), // collection 2, 1 paused
      pledge(cat, 1, 250), // refused: paused
      pledge(cat, 2, 1_000), // 2
      pledge(dan, 2, 500), // 3
      pledge(bob, 2, 250), // 4
      act(4, "fulfil"),
      act(2, "fulfil"),
      act(2, "notReceived"),
      act(2, "fulfil"),
      act(2, "confirm"), // reached: 3 cancelled, 4 still waits; Ann back to 🔆
      act(4, "confirm"),
      act(1, "commit"),
      need(ann, { action: "openEmergency", goal: 2_500, days: 3 }), // collection 3
      pledge(dan, 3, 1_000), // 5
      pledge(cat, 3, 500), // 6
      act(6, "fulfil"),
      need(ann, { action: "endEmergency" }), // 5 overdue, 6 still waits
      need(cat, { action: "openEmergency", goal: 500, days: 3 }), // collection 4
      pledge(bob, 4, 500), // 7
      clock({ days: 4 }), // Cat's deadline passes: 7 overdue
      clock("nextMonth"), // 1 (Bob's obligation to the monthly) overdue
    ]);
  }, 60_000);

  it("a 🆘 giver's obligations move into the new month, and stay their one live pledge there", async () => {
    await scenario("2026-11-21T12:00:00.000Z", [
      need(ann, { action: "openMonthly", goal: 2_500 }), // collection 1
      pledge(bob, 1, 500), // 1
      act(1, "fulfil"),
      act(1, "confirm"),
      pledge(bob, 1, 1_000), // 2
      act(2, "commit"),
      need(bob, { action: "openEmergency", goal: 1_000, days: 30 }), // collection 2: Bob 🆘
      clock("nextMonth"), // December: 2 moves along (not overdue); 1 is not renewed beside it
    ]);
  }, 60_000);

  it("a 🆘 giver who pledged anew before their rollover keeps that one; the old gift goes to ⌛", async () => {
    // Found by a random run (seed 73249447): the frozen gift was carried beside the new pledge.
    await scenario("2026-11-21T12:00:00.000Z", [
      need(ann, { action: "openMonthly", goal: 500 }), // collection 1
      need(dan, { action: "openEmergency", goal: 500, days: 3 }), // collection 2: Dan 🆘
      pledge(dan, 1, 500), // 1, of November
      clock("nextMonth", false), // December begins, the scheduler has not ticked yet
      pledge(dan, 1, 500), // 2, already in December
      act(1, "fulfil"),
      act(2, "fulfil"),
      tick(), // Dan's emergency expired; 1 goes to ⌛, not along beside 2
    ]);
  }, 60_000);
});
