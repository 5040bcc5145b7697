import { Prisma, type PrismaClient } from "@exodus/db";
import {
  daysLeft,
  messageLink,
  type PlanLineView,
  type PlanReason,
  type PlanView,
  periodDate,
  periodOf,
  uncoveredOf,
} from "@exodus/shared";
import { refuse } from "../errors.ts";
import { actingMember, lockCollection, lockMember } from "../locks.ts";
import { slotSql } from "../notifications/outbox.ts";
import { actOnPledgeIn, createPledgeIn, type PledgeContext } from "../pledges/service.ts";
import { type LoadedInstance, loadInstance } from "./load.ts";
import { type BalanceLine, levelsOfPairs } from "./model.ts";
import { solveBalance } from "./solver.ts";

/**
 * Each giver's plan (DOMAIN.md "Balancing: the network's best split"; PLAN-API.md): the balancer's
 * answer for the whole network, kept per giver with its reasons; read, applied or dismissed by its
 * giver. A plan is stale once the books it was made from changed where it matters to its giver
 * (`staleSql`): it is then recomputed, never applied.
 */

type Tx = Prisma.TransactionClient;
type Db = PrismaClient | Tx;

/** The advisory lock key of a balancing run: one at a time across every server. */
const BALANCE_LOCK = 7_318_003;

/** How long a member's plan.mine waits for a recompute before it answers "recomputing". */
export const PLAN_WAIT_MS = 5_000;

/** A plan that moves less than this in total from the previous one is not news (1.00). */
export const MATERIAL_CHANGE = 100;

/** The most a run may take: the whole network, with room to spare (the goal is ≤ 300 s). */
const RUN_TIMEOUT_MS = 15 * 60_000;

/** A pledge of a giver that bears on their plan: of the period, or live from an earlier one. */
const OWN_PLEDGE = Prisma.sql`(x.period = p.period OR x.state IN ('intention', 'obligation', 'fulfilled'))`;

/**
 * A digest of giver `giver`'s own pledges (SQL, alias p for the plan or a row with period): their
 * ids, states and amounts. Any change of them changes it.
 */
function ownDigestSql(giver: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(md5(string_agg(x.id || ':' || x.state || ':' || x.amount, ','
      ORDER BY x.id)), '')
    FROM pledge x WHERE x.giver_id = ${giver} AND ${OWN_PLEDGE})`;
}

/**
 * A collection's ❤️:🤝:👍 as a plan's line keeps them (alias c for the collection, `period` the
 * plan's): a monthly collection's row of the period, all of an emergency's rows.
 */
function tallySql(period: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT concat_ws(':', COALESCE(SUM(t.intentions), 0),
      COALESCE(SUM(t.obligations), 0), COALESCE(SUM(t.confirmed), 0))
    FROM collection_tally t
    WHERE t.collection_id = c.id AND (c.kind = 'emergency' OR t.period = ${period}))`;
}

/**
 * Whether plan p (alias) is stale: since it was computed, the giver's budget or own pledges
 * changed, or a collection it names closed, paused, changed its goal or any pledge to it. A few
 * index lookups: the plan's lines by its key, each collection and its tally rows by theirs, the
 * giver's pledges by giver.
 */
const staleSql = Prisma.sql`(
  (SELECT m.budget FROM member m WHERE m.id = p.giver_id) IS DISTINCT FROM p.basis_budget
  OR ${ownDigestSql(Prisma.sql`p.giver_id`)} <> p.basis_own
  OR EXISTS (
    SELECT 1 FROM plan_line l JOIN collection c ON c.id = l.collection_id
    WHERE l.plan_id = p.id AND (c.closed_at IS NOT NULL OR c.paused OR c.goal <> l.basis_goal
      OR ${tallySql(Prisma.sql`p.period`)} <> l.basis_tally)))`;

export async function isStale(db: Db, planId: number): Promise<boolean> {
  const [row] = await db.$queryRaw<{ stale: boolean }[]>`
    SELECT ${staleSql} AS stale FROM plan p WHERE p.id = ${planId}`;
  return row?.stale ?? true;
}

/** What a run did, for the logs and the benchmark. */
export interface BalanceOutcome {
  ran: boolean;
  runId?: number;
  givers?: number;
  plans?: number;
  lines?: number;
  messages?: number;
  uncoveredBefore?: number;
  uncoveredAfter?: number;
  ms?: number;
  /** The run's parts: reading the books, solving, storing the plans and messages. */
  loadMs?: number;
  solveMs?: number;
  storeMs?: number;
}

export interface BalanceOptions {
  /** Skip when no pledge, collection, member or invite changed since the last run began. */
  ifChanged?: boolean;
  /** Give up at once when another server is running (the scheduler); else wait for it. */
  tryOnly?: boolean;
}

const inFlight = new WeakMap<object, Promise<BalanceOutcome>>();

/**
 * Balances the whole network and stores every giver's plan, superseding the period's previous
 * ones; a giver whose plan changed materially hears of it (plan.changed). One run at a time: in
 * this process by a shared promise, across servers by an advisory lock held for the run.
 */
export function balanceNetwork(
  prisma: PrismaClient,
  now: Date,
  timeZone: string,
  options: BalanceOptions = {},
): Promise<BalanceOutcome> {
  const running = inFlight.get(prisma);
  if (running) return running;
  const run = runBalance(prisma, now, timeZone, options).finally(() => inFlight.delete(prisma));
  inFlight.set(prisma, run);
  return run;
}

async function runBalance(
  prisma: PrismaClient,
  now: Date,
  timeZone: string,
  options: BalanceOptions,
): Promise<BalanceOutcome> {
  const started = Date.now();
  const period = periodDate(periodOf(now, timeZone));
  return prisma.$transaction(
    async (tx) => {
      if (options.tryOnly) {
        const [got] = await tx.$queryRaw<{ ok: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(${BALANCE_LOCK}) AS ok`;
        if (!got?.ok) return { ran: false };
      } else {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BALANCE_LOCK})`;
      }
      if (options.ifChanged && !(await changedSinceLastRun(tx, period))) return { ran: false };

      // What staleness is later checked against, read before the books are loaded: a change in
      // between makes the plans look stale (recomputed once more), never fresh when they are not.
      const [mark] = await tx.$queryRaw<{ events: bigint; at: Date }[]>`
        SELECT COALESCE(MAX(id), 0) AS events, clock_timestamp() AS at FROM pledge_event`;
      const basisCollections = await tx.$queryRaw<{ id: number; goal: number; tally: string }[]>`
        SELECT c.id, c.goal, ${tallySql(Prisma.sql`${period}::date`)} AS tally
        FROM collection c WHERE c.closed_at IS NULL`;
      const basisOwn = await tx.$queryRaw<{ giver_id: number; digest: string }[]>`
        SELECT x.giver_id, md5(string_agg(x.id || ':' || x.state || ':' || x.amount, ','
          ORDER BY x.id)) AS digest
        FROM pledge x, (SELECT ${period}::date AS period) p
        WHERE ${OWN_PLEDGE}
        GROUP BY x.giver_id`;
      const [run] = await tx.$queryRaw<{ id: number }[]>`
        INSERT INTO balance_run (period, started_at, computed_at, events)
        VALUES (${period}, ${mark?.at ?? new Date()}, ${now}, ${mark?.events ?? 0n})
        RETURNING id`;
      if (!run) throw new Error("balance_run not inserted");

      // Read in the run's own transaction: one connection (PGlite has only one) and the basis
      // above read just before.
      const loadStarted = Date.now();
      const loaded = await loadInstance(tx, now, timeZone);
      const solveStarted = Date.now();
      const result = solveBalance(loaded.instance);
      const storeStarted = Date.now();
      const plans = plansOf(loaded, result.lines, {
        collections: new Map(basisCollections.map((c) => [c.id, c])),
        own: new Map(basisOwn.map((o) => [o.giver_id, o.digest])),
      });
      const stored = await storePlans(tx, run.id, period, now, plans);

      const storeMs = Date.now() - storeStarted;
      const before = levelsOfPairs(
        loaded.instance,
        loaded.instance.pairs.map((p) => p.intention),
      ).levels.uncovered;
      const outcome: BalanceOutcome = {
        ran: true,
        runId: run.id,
        givers: loaded.instance.givers.length,
        plans: plans.length,
        lines: plans.reduce((n, p) => n + p.lines.length, 0),
        messages: stored.messages,
        uncoveredBefore: before,
        uncoveredAfter: result.levels.uncovered,
        ms: Date.now() - started,
        loadMs: solveStarted - loadStarted,
        solveMs: storeStarted - solveStarted,
        storeMs,
      };
      await tx.$executeRaw`
        UPDATE balance_run SET finished_at = clock_timestamp(), stats = ${JSON.stringify(outcome)}::jsonb
        WHERE id = ${run.id}`;
      return outcome;
    },
    { timeout: RUN_TIMEOUT_MS, maxWait: 10_000 },
  );
}

/**
 * Whether anything a plan depends on changed since the period's last run began: an audit row
 * (every pledge change writes one), a collection or member updated (goals, statuses, budgets,
 * referrals), an invite opened. Without a run this period (a new month), yes.
 */
async function changedSinceLastRun(db: Db, period: Date): Promise<boolean> {
  const [row] = await db.$queryRaw<{ changed: boolean }[]>`
    WITH r AS (
      SELECT started_at, events FROM balance_run
      WHERE period = ${period} AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1)
    SELECT NOT EXISTS (SELECT 1 FROM r)
      OR EXISTS (SELECT 1 FROM pledge_event e, r WHERE e.id > r.events)
      OR EXISTS (SELECT 1 FROM collection c, r WHERE c.updated_at >= r.started_at)
      OR EXISTS (SELECT 1 FROM member m, r WHERE m.updated_at >= r.started_at)
      OR EXISTS (SELECT 1 FROM invite_open o, r WHERE o.opened_at >= r.started_at) AS changed`;
  return row?.changed ?? true;
}

/**
 * Whether a giver without a current plan may have one now: the period has no run yet, or they
 * changed (their budget, status, a pledge) since the last run began.
 */
async function giverChangedSinceLastRun(db: Db, giverId: number, period: Date): Promise<boolean> {
  const [row] = await db.$queryRaw<{ changed: boolean }[]>`
    WITH r AS (
      SELECT started_at, events FROM balance_run
      WHERE period = ${period} AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1)
    SELECT NOT EXISTS (SELECT 1 FROM r)
      OR EXISTS (SELECT 1 FROM member m, r WHERE m.id = ${giverId} AND m.updated_at >= r.started_at)
      OR EXISTS (
        SELECT 1 FROM pledge x JOIN pledge_event e ON e.pledge_id = x.id, r
        WHERE x.giver_id = ${giverId} AND e.id > r.events) AS changed`;
  return row?.changed ?? true;
}

interface LinePlan {
  collectionId: number;
  receiverId: number;
  kind: "monthly" | "emergency";
  current: number;
  planned: number;
  reason: "emergency" | "uncovered" | "overCovered" | "kept";
  reasonAmount: number;
  basisGoal: number;
  basisTally: string;
  deadline: number;
}

interface GiverPlan {
  giverId: number;
  use: number;
  moved: number;
  signature: string;
  basisBudget: number | null;
  basisOwn: string;
  lines: LinePlan[];
}

/** The lines of the solver's answer grouped by giver, each with its reason and basis. */
function plansOf(
  loaded: LoadedInstance,
  lines: BalanceLine[],
  basis: {
    collections: Map<number, { goal: number; tally: string }>;
    own: Map<number, string>;
  },
): GiverPlan[] {
  const use = new Map(loaded.instance.givers.map((g) => [g.id, g.use]));
  const byGiver = new Map<number, LinePlan[]>();
  for (const l of lines) {
    if (l.intention === 0 && l.amount === 0) continue;
    const c = loaded.collections.get(l.collectionId);
    if (!c) continue;
    const kept = basis.collections.get(l.collectionId);
    const held = c.intentions + c.obligations + c.confirmed;
    const [reason, reasonAmount]: [LinePlan["reason"], number] =
      c.kind === "emergency"
        ? ["emergency", 0]
        : l.amount > l.intention
          ? ["uncovered", uncoveredOf(c.goal, c.intentions, c.obligations, c.confirmed)]
          : l.amount < l.intention
            ? ["overCovered", Math.max(held - c.goal, 0)]
            : ["kept", 0];
    const list = byGiver.get(l.giverId) ?? [];
    list.push({
      collectionId: l.collectionId,
      receiverId: c.receiverId,
      kind: c.kind,
      current: l.intention,
      planned: l.amount,
      reason,
      reasonAmount,
      // A collection opened after the basis was read has none: the plan reads as stale.
      basisGoal: kept?.goal ?? -1,
      basisTally: kept?.tally ?? "",
      deadline: c.deadline?.getTime() ?? 0,
    });
    byGiver.set(l.giverId, list);
  }
  return [...byGiver].map(([giverId, list]) => {
    const ordered = list.sort(
      (a, b) =>
        group(a) - group(b) ||
        (group(a) === 0 ? a.deadline - b.deadline : 0) ||
        a.collectionId - b.collectionId,
    );
    return {
      giverId,
      use: use.get(giverId) ?? 0,
      moved: ordered.reduce((n, l) => n + Math.abs(l.planned - l.current), 0),
      signature: signatureOf(ordered),
      basisBudget: loaded.givers.get(giverId)?.budget ?? null,
      basisOwn: basis.own.get(giverId) ?? "",
      lines: ordered,
    };
  });
}

/** The order a giver reads: emergencies (by deadline), then added, moved and kept lines. */
function group(l: Pick<LinePlan, "kind" | "current" | "planned">): number {
  if (l.kind === "emergency") return 0;
  if (l.current === 0) return 1;
  return l.planned === l.current ? 3 : 2;
}

/** The lines as "collection:current:planned", by collection: equal when a plan asks the same. */
function signatureOf(lines: Pick<LinePlan, "collectionId" | "current" | "planned">[]): string {
  return [...lines]
    .sort((a, b) => a.collectionId - b.collectionId)
    .map((l) => `${l.collectionId}:${l.current}:${l.planned}`)
    .join(",");
}

function parseSignature(signature: string): Map<number, { current: number; planned: number }> {
  const lines = new Map<number, { current: number; planned: number }>();
  for (const part of signature.split(",")) {
    const [k, current, planned] = part.split(":").map(Number);
    if (k !== undefined && current !== undefined && planned !== undefined)
      lines.set(k, { current, planned });
  }
  return lines;
}

/**
 * Whether a new plan is news to its giver: it changes something, and either there was no plan,
 * or it changes other collections than the previous one, or its amounts differ by ≥ 1.00 in total.
 */
export function changedMaterially(previous: string | null, next: GiverPlan): boolean {
  if (next.moved === 0) return false;
  if (previous === null) return true;
  const before = parseSignature(previous);
  const after = parseSignature(next.signature);
  const changing = (m: Map<number, { current: number; planned: number }>) =>
    [...m]
      .filter(([, l]) => l.current !== l.planned)
      .map(([k]) => k)
      .sort((a, b) => a - b)
      .join(",");
  if (changing(before) !== changing(after)) return true;
  let difference = 0;
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    difference += Math.abs((after.get(k)?.planned ?? 0) - (before.get(k)?.planned ?? 0));
  }
  return difference >= MATERIAL_CHANGE;
}

/**
 * Stores a run's plans set-based: the period's plans before it superseded (those of the run before
 * deleted), the new plans and their lines inserted from arrays, a plan.changed message for each
 * giver whose plan changed materially. A plan equal to a dismissed one stays dismissed; a plan
 * that keeps everything after an applied one stays applied.
 */
async function storePlans(
  tx: Tx,
  runId: number,
  period: Date,
  now: Date,
  plans: GiverPlan[],
): Promise<{ messages: number }> {
  await tx.$executeRaw`DELETE FROM plan WHERE status = 'superseded' OR period < ${period}`;
  const previous = await tx.$queryRaw<
    {
      giver_id: number;
      status: string;
      signature: string;
      applied_at: Date | null;
      dismissed_at: Date | null;
    }[]
  >`
    SELECT DISTINCT ON (giver_id) giver_id, status::text AS status, signature, applied_at,
      dismissed_at
    FROM plan WHERE period = ${period} ORDER BY giver_id, id DESC`;
  const before = new Map(previous.map((p) => [p.giver_id, p]));

  const status: string[] = [];
  const appliedAt: (Date | null)[] = [];
  const dismissedAt: (Date | null)[] = [];
  const news: boolean[] = [];
  for (const plan of plans) {
    const prev = before.get(plan.giverId);
    if (prev?.status === "dismissed" && prev.signature === plan.signature) {
      status.push("dismissed");
      appliedAt.push(null);
      dismissedAt.push(prev.dismissed_at);
      news.push(false);
    } else if (prev?.status === "applied" && plan.moved === 0) {
      status.push("applied");
      appliedAt.push(prev.applied_at);
      dismissedAt.push(null);
      news.push(false);
    } else {
      status.push("open");
      appliedAt.push(null);
      dismissedAt.push(null);
      news.push(changedMaterially(prev?.signature ?? null, plan));
    }
  }

  // Every plan of the period made before this run gives way, except an applied one of a giver
  // who has no new plan (it stays what they see).
  await tx.$executeRaw`
    UPDATE plan SET status = 'superseded'
    WHERE period = ${period} AND run_id <> ${runId} AND status <> 'superseded'
      AND (status <> 'applied' OR giver_id = ANY(${plans.map((p) => p.giverId)}::int[]))`;

  const inserted = await tx.$queryRaw<{ id: number; giver_id: number }[]>`
    INSERT INTO plan (giver_id, run_id, period, status, use, moved, computed_at, applied_at,
      dismissed_at, signature, basis_budget, basis_own)
    SELECT g, ${runId}, ${period}, s::"PlanStatus", u, m, ${now}, a, d, sig, b, o
    FROM unnest(${plans.map((p) => p.giverId)}::int[], ${status}::text[],
      ${plans.map((p) => p.use)}::int[], ${plans.map((p) => p.moved)}::int[],
      ${appliedAt}::timestamptz[], ${dismissedAt}::timestamptz[],
      ${plans.map((p) => p.signature)}::text[], ${plans.map((p) => p.basisBudget)}::int[],
      ${plans.map((p) => p.basisOwn)}::text[]) AS x(g, s, u, m, a, d, sig, b, o)
    RETURNING id, giver_id`;
  const planOf = new Map(inserted.map((r) => [r.giver_id, r.id]));

  const flat = plans.flatMap((p) =>
    p.lines.map((l, position) => ({ planId: planOf.get(p.giverId) ?? 0, position, ...l })),
  );
  const col = <T>(f: (l: (typeof flat)[number]) => T) => flat.map(f);
  await tx.$executeRaw`
    INSERT INTO plan_line (plan_id, collection_id, receiver_id, kind, position, current, planned,
      reason, reason_amount, basis_goal, basis_tally)
    SELECT p, k, r, kd::"CollectionKind", pos, cur, pl, rs::"PlanReasonKind", ra, bg, bt
    FROM unnest(${col((l) => l.planId)}::int[], ${col((l) => l.collectionId)}::int[],
      ${col((l) => l.receiverId)}::int[], ${col((l) => l.kind)}::text[],
      ${col((l) => l.position)}::int[], ${col((l) => l.current)}::int[],
      ${col((l) => l.planned)}::int[], ${col((l) => l.reason)}::text[],
      ${col((l) => l.reasonAmount)}::int[], ${col((l) => l.basisGoal)}::int[],
      ${col((l) => l.basisTally)}::text[]) AS x(p, k, r, kd, pos, cur, pl, rs, ra, bg, bt)`;

  const told = plans.filter((_, i) => news[i]);
  if (told.length > 0) {
    const link = messageLink("plan.changed", {});
    const sender = Prisma.sql`NULL::int`;
    await tx.$executeRaw`
      INSERT INTO outbox (recipient_id, sender_id, kind, payload, dedupe_key, link, next_attempt_at)
      SELECT g, NULL, 'plan.changed', jsonb_build_object('planId', p, 'moved', m),
        'plan.changed:' || p, ${link}, ${slotSql(sender, Prisma.sql`g`)}
      FROM unnest(${told.map((t) => t.giverId)}::int[],
        ${told.map((t) => planOf.get(t.giverId) ?? 0)}::int[],
        ${told.map((t) => t.moved)}::int[]) AS x(g, p, m)
      ON CONFLICT (dedupe_key) DO NOTHING`;
  }
  return { messages: told.length };
}

interface PlanRow {
  id: number;
  giver_id: number;
  period: Date;
  status: "open" | "applied" | "dismissed" | "superseded";
  use: number;
  moved: number;
  computed_at: Date;
}

const PLAN_COLUMNS = Prisma.sql`id, giver_id, period, status::text AS status, use, moved, computed_at`;

/** The giver's latest plan of the period: one index range (plan's giver_id, period, id). */
async function latestPlan(db: Db, giverId: number, period: Date): Promise<PlanRow | undefined> {
  const [row] = await db.$queryRaw<PlanRow[]>`
    SELECT ${PLAN_COLUMNS} FROM plan
    WHERE giver_id = ${giverId} AND period = ${period}
    ORDER BY id DESC LIMIT 1`;
  return row;
}

/** A plan as its giver sees it: its lines with names and reasons, days left by our clock. */
async function viewOf(db: Db, plan: PlanRow, now: Date, timeZone: string): Promise<PlanView> {
  if (plan.status === "superseded") return { status: "none" };
  const lines = await db.$queryRaw<
    {
      collection_id: number;
      receiver_id: number;
      kind: "monthly" | "emergency";
      current: number;
      planned: number;
      reason: PlanReason["kind"];
      reason_amount: number;
      name: string;
      deadline: Date | null;
    }[]
  >`
    SELECT l.collection_id, l.receiver_id, l.kind::text AS kind, l.current, l.planned,
      l.reason::text AS reason, l.reason_amount, COALESCE(m.display_name, m.first_name) AS name,
      c.deadline
    FROM plan_line l
    JOIN member m ON m.id = l.receiver_id
    JOIN collection c ON c.id = l.collection_id
    WHERE l.plan_id = ${plan.id}
    ORDER BY l.position`;
  const view: PlanLineView[] = lines.map((l) => ({
    collectionId: l.collection_id,
    receiverId: l.receiver_id,
    receiverName: l.name,
    kind: l.kind,
    current: l.current,
    planned: l.planned,
    binds: l.kind === "emergency",
    reason: reasonOf(l.reason, l.reason_amount, l.deadline, now, timeZone),
  }));
  return {
    status: plan.status,
    id: plan.id,
    computedAt: plan.computed_at.toISOString(),
    use: plan.use,
    lines: view,
    moved: plan.moved,
    changes: plan.moved > 0,
  };
}

function reasonOf(
  kind: PlanReason["kind"],
  amount: number,
  deadline: Date | null,
  now: Date,
  timeZone: string,
): PlanReason {
  switch (kind) {
    case "emergency":
      return { kind, daysLeft: deadline ? daysLeft(deadline, now, timeZone) : 0 };
    case "uncovered":
    case "overCovered":
      return { kind, amount };
    default:
      return { kind: "kept" };
  }
}

/** Whether `work` settles within `ms`: it goes on either way. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * plan.mine: the caller's plan of the period. A stale one (or none, when they changed since the
 * last run) is recomputed first — the whole network, one run at a time — waiting up to
 * PLAN_WAIT_MS; a run that takes longer goes on, and the caller hears "recomputing".
 */
export async function myPlan(
  ctx: PledgeContext,
  options: { waitMs?: number; onError?: (e: unknown) => void } = {},
): Promise<PlanView> {
  const { prisma, memberId, now, timeZone } = ctx;
  const period = periodDate(periodOf(now, timeZone));
  const latest = await latestPlan(prisma, memberId, period);
  const current = latest && latest.status !== "superseded" ? latest : undefined;
  if (
    current
      ? !(await isStale(prisma, current.id))
      : !(await giverChangedSinceLastRun(prisma, memberId, period))
  ) {
    return current ? viewOf(prisma, current, now, timeZone) : { status: "none" };
  }
  const run = balanceNetwork(prisma, now, timeZone);
  run.catch(options.onError ?? (() => {}));
  if (!(await within(run, options.waitMs ?? PLAN_WAIT_MS))) return { status: "recomputing" };
  const fresh = await latestPlan(prisma, memberId, period);
  return fresh ? viewOf(prisma, fresh, now, timeZone) : { status: "none" };
}

/** The caller's plan, locked for a change; someone else's answers as one that does not exist. */
async function lockOwnPlan(tx: Tx, planId: number, memberId: number): Promise<PlanRow> {
  await actingMember(tx, memberId);
  const [plan] = await tx.$queryRaw<PlanRow[]>`
    SELECT ${PLAN_COLUMNS} FROM plan WHERE id = ${planId} FOR UPDATE`;
  if (!plan || plan.giver_id !== memberId) throw refuse("NOT_FOUND", "errors.plan.notFound");
  return plan;
}

/**
 * plan.apply: the plan's lines, edited first if the giver changed amounts, in one transaction:
 * intentions created, edited, withdrawn, obligations created (emergency lines) through the pledge
 * service's own moves (rules, audit rows, news to each receiver). Receivers, then collections are
 * locked in id order before anything is read, so two applies never wait on each other in a
 * circle. A stale plan is refused with nothing written; an applied one is returned as it is.
 */
export async function applyPlan(
  ctx: PledgeContext,
  input: { planId: number; lines?: { collectionId: number; amount: number }[] | undefined },
): Promise<PlanView> {
  const { memberId, now, timeZone } = ctx;
  return ctx.prisma.$transaction(async (tx) => {
    const plan = await lockOwnPlan(tx, input.planId, memberId);
    if (plan.status === "applied") return viewOf(tx, plan, now, timeZone);
    if (
      plan.status === "superseded" ||
      plan.period.getTime() !== periodDate(periodOf(now, timeZone)).getTime()
    ) {
      throw refuse("CONFLICT", "errors.plan.stale");
    }
    const lines = await tx.$queryRaw<
      { collection_id: number; receiver_id: number; current: number; planned: number }[]
    >`
      SELECT collection_id, receiver_id, current, planned FROM plan_line
      WHERE plan_id = ${plan.id} ORDER BY collection_id`;
    const planned = new Map(lines.map((l) => [l.collection_id, l.planned]));
    for (const edit of input.lines ?? []) {
      if (!planned.has(edit.collectionId)) throw refuse("BAD_REQUEST", "errors.plan.notInPlan");
      planned.set(edit.collectionId, edit.amount);
    }
    const total = [...planned.values()].reduce((n, a) => n + a, 0);
    if (total > plan.use) throw refuse("BAD_REQUEST", "errors.plan.overUse");

    const moves = lines.filter((l) => (planned.get(l.collection_id) ?? 0) !== l.current);
    for (const r of [...new Set(moves.map((l) => l.receiver_id))].sort((a, b) => a - b)) {
      await lockMember(tx, r);
    }
    for (const l of moves) await lockCollection(tx, l.collection_id);
    if (await isStale(tx, plan.id)) throw refuse("CONFLICT", "errors.plan.stale");

    const move = { memberId, now, timeZone };
    for (const l of moves) {
      const amount = planned.get(l.collection_id) ?? 0;
      if (l.current === 0) {
        await createPledgeIn(tx, move, { collectionId: l.collection_id, amount });
        continue;
      }
      const [intention] = await tx.$queryRaw<{ id: number }[]>`
        SELECT id FROM pledge
        WHERE giver_id = ${memberId} AND collection_id = ${l.collection_id}
          AND period = ${plan.period} AND state = 'intention' AND NOT overdue
        LIMIT 1`;
      if (!intention) throw refuse("CONFLICT", "errors.plan.stale");
      await actOnPledgeIn(
        tx,
        move,
        amount === 0
          ? { pledgeId: intention.id, action: "withdraw" }
          : { pledgeId: intention.id, action: "edit", amount },
      );
    }

    // The plan as applied (edits included), and its basis as the books are now: it stays what
    // the giver sees until something else changes.
    const signature = signatureOf(
      lines.map((l) => ({
        ...l,
        collectionId: l.collection_id,
        planned: planned.get(l.collection_id) ?? 0,
      })),
    );
    const moved = lines.reduce(
      (n, l) => n + Math.abs((planned.get(l.collection_id) ?? 0) - l.current),
      0,
    );
    await tx.$executeRaw`
      UPDATE plan_line l SET planned = x.planned
      FROM unnest(${[...planned.keys()]}::int[], ${[...planned.values()]}::int[]) AS x(k, planned)
      WHERE l.plan_id = ${plan.id} AND l.collection_id = x.k`;
    await tx.$executeRaw`
      UPDATE plan_line l SET basis_goal = c.goal, basis_tally = ${tallySql(Prisma.sql`${plan.period}::date`)}
      FROM collection c WHERE c.id = l.collection_id AND l.plan_id = ${plan.id}`;
    const [applied] = await tx.$queryRaw<PlanRow[]>`
      UPDATE plan p SET status = 'applied', applied_at = ${now}, moved = ${moved},
        signature = ${signature}, basis_own = ${ownDigestSql(Prisma.sql`p.giver_id`)}
      WHERE p.id = ${plan.id}
      RETURNING ${PLAN_COLUMNS}`;
    if (!applied) throw new Error("plan vanished under its lock");
    return viewOf(tx, applied, now, timeZone);
  });
}

/** plan.dismiss: the giver sets the plan aside for the period; twice is once. */
export async function dismissPlan(
  ctx: PledgeContext,
  input: { planId: number },
): Promise<PlanView> {
  const { memberId, now, timeZone } = ctx;
  return ctx.prisma.$transaction(async (tx) => {
    const plan = await lockOwnPlan(tx, input.planId, memberId);
    if (plan.status === "dismissed" || plan.status === "applied") {
      return viewOf(tx, plan, now, timeZone);
    }
    if (plan.status === "superseded") throw refuse("CONFLICT", "errors.plan.stale");
    const [dismissed] = await tx.$queryRaw<PlanRow[]>`
      UPDATE plan SET status = 'dismissed', dismissed_at = ${now} WHERE id = ${plan.id}
      RETURNING ${PLAN_COLUMNS}`;
    if (!dismissed) throw new Error("plan vanished under its lock");
    return viewOf(tx, dismissed, now, timeZone);
  });
}

/**
 * The scheduler's job: a run when the period's last one began an hour ago or more (or there is
 * none: a new month), and only if the books changed since; never waiting for another server's.
 */
export async function balanceIfDue(
  prisma: PrismaClient,
  now: Date,
  timeZone: string,
): Promise<BalanceOutcome> {
  const period = periodDate(periodOf(now, timeZone));
  const [last] = await prisma.$queryRaw<{ recent: boolean }[]>`
    SELECT started_at > now() - interval '1 hour' AS recent FROM balance_run
    WHERE period = ${period} AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`;
  if (last?.recent) return { ran: false };
  return balanceNetwork(prisma, now, timeZone, { ifChanged: true, tryOnly: true });
}
