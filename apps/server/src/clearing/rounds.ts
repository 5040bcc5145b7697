import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Prisma, type PrismaClient } from "@exodus/db";
import {
  answerTimeLeft,
  CLEARING_MESSAGE_LINES,
  dayOf,
  messageLink,
  periodDate,
  periodOf,
} from "@exodus/shared";
import { isNeedKindSql } from "../books/predicates.ts";
import { emergencyReached, endEmergency } from "../collections/service.ts";
import { refuse } from "../errors.ts";
import { actingMember, holdBooks } from "../locks.ts";
import { slotSql } from "../notifications/outbox.ts";
import { actionSql } from "../pledges/moves.ts";
import type { PledgeContext } from "../pledges/service.ts";
import { type ClearingPart, type OfferedObligation, solveClearing } from "./solver.ts";

/**
 * Clearing rounds (DOMAIN.md "Clearing of mutual obligations"): debtors offer obligations; on the
 * 25th (members told on the 23rd) a round takes every offered obligation, finds the maximum
 * circulation (solver.ts) and shows each member their part; everyone in it agrees or declines
 * within 48 hours, silence being a decline. A decline, or an offered obligation given, released or
 * withdrawn from the offer meanwhile, takes obligations out and the round is solved again with the
 * same deadline: a member whose part did not change keeps their agreement. Once all agree, the
 * round is applied in one transaction: each cleared amount becomes a confirmed pledge (`clear`),
 * what an obligation keeps after a partial clear is an obligation of its own (`clearRest`).
 *
 * Concurrency: every change of a round (an answer, a rerun, the apply, the scheduler's deadline)
 * holds the round's row lock (FOR UPDATE) first, then, to apply, the receivers, collections and
 * pledges in the order of locks.ts. The pledge service never waits on a round: a move of an offered
 * obligation only clears its offer on the pledge row it already holds, and the next settle of the
 * round sees the obligation gone (`takeOutGone`). The apply re-reads the pledges under their locks
 * and applies only if they are what the round cleared, and turns the round from proposed to
 * applied in the same transaction: it happens once, whoever taps.
 */

type Tx = Prisma.TransactionClient;

/** The day of the month a round runs, in the network's time zone. */
export const CLEARING_DAY = 25;
/** The day members with offered obligations hear that a round comes (two days before). */
export const CLEARING_REMINDER_DAY = 23;
/** How long members have to answer: silence until then is a decline. */
export const CLEARING_ANSWER_MS = 48 * 60 * 60 * 1000;

interface RoundRow {
  id: number;
  period: Date;
  status: "proposed" | "applied" | "failed";
  deadline: Date;
  version: number;
}

const ROUND_COLUMNS = Prisma.sql`id, period, status::text AS status, deadline, version`;

/**
 * The steps of a (re)solve, in order: the offered obligations taken into the round (the first run
 * only), read back, solved, and the answer written — cleared amounts, digests, answers, messages.
 */
export type RoundPhase = "take" | "read" | "solve" | "cleared" | "digests" | "answers" | "messages";
/** Told how long each phase took, in ms (the benchmark's instrument; the app passes none). */
export type OnPhase = (phase: RoundPhase, ms: number) => void;

/**
 * The options of every transaction that may solve a round: at the scale of a whole network (a
 * million offered obligations) a solve takes longer than Prisma's default 5 s.
 */
const ROUND_TX = { timeout: 10 * 60_000, maxWait: 10_000 };

/** A lap timer: each call reports the time since the previous one (or since it was made). */
function lapper(onPhase: OnPhase | undefined): (phase: RoundPhase) => void {
  if (!onPhase) return () => {};
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    onPhase(phase, now - last);
    last = now;
  };
}

// ─── Offering ────────────────────────────────────────────────────────────────────────────────

/** The caller's own obligation, locked: someone else's answers as one that does not exist. */
async function lockOwnObligation(tx: Tx, pledgeId: number, memberId: number) {
  await actingMember(tx, memberId);
  const [pledge] = await tx.$queryRaw<
    { giver_id: number; receiver_id: number; state: string; clearable: boolean }[]
  >`
    SELECT p.giver_id, p.receiver_id, p.state::text AS state, ${isNeedKindSql("c")} AS clearable
    FROM pledge p JOIN collection c ON c.id = p.collection_id
    WHERE p.id = ${pledgeId}
    FOR NO KEY UPDATE OF p`;
  if (!pledge || pledge.giver_id !== memberId) {
    throw refuse("NOT_FOUND", "errors.pledge.notFound");
  }
  if (pledge.state !== "obligation") throw refuse("CONFLICT", "errors.clearing.notObligation");
  // Initiatives and pool claims stand outside clearing (DOMAIN.md): all or nothing, and shares.
  if (!pledge.clearable) throw refuse("CONFLICT", "errors.clearing.notClearable");
}

/** clearing.offer: the giver offers one live or ⌛ obligation for clearing; twice is once. */
export async function offerObligation(ctx: PledgeContext, input: { pledgeId: number }) {
  return ctx.prisma.$transaction(async (tx) => {
    await lockOwnObligation(tx, input.pledgeId, ctx.memberId);
    await tx.$executeRaw`
      UPDATE pledge SET clearing_offered_at = ${ctx.now}
      WHERE id = ${input.pledgeId} AND clearing_offered_at IS NULL`;
    return { pledgeId: input.pledgeId, offered: true };
  });
}

/** clearing.offerAll: every obligation of the caller, live or ⌛, offered at once. */
export async function offerAllObligations(ctx: PledgeContext) {
  return ctx.prisma.$transaction(async (tx) => {
    await actingMember(tx, ctx.memberId);
    const [row] = await tx.$queryRaw<{ offered: number }[]>`
      WITH o AS (
        UPDATE pledge p SET clearing_offered_at = ${ctx.now}
        FROM collection c
        WHERE p.giver_id = ${ctx.memberId} AND p.state = 'obligation'
          AND p.clearing_offered_at IS NULL
          AND c.id = p.collection_id AND ${isNeedKindSql("c")}
        RETURNING p.id)
      SELECT count(*)::int AS offered FROM o`;
    return { offered: row?.offered ?? 0 };
  });
}

/**
 * clearing.withdrawOffer: the obligation no longer takes part; a round proposed with it is solved
 * again without it at its next settle. Withdrawing what is not offered changes nothing.
 */
export async function withdrawOffer(ctx: PledgeContext, input: { pledgeId: number }) {
  return ctx.prisma.$transaction(async (tx) => {
    await lockOwnObligation(tx, input.pledgeId, ctx.memberId);
    await tx.$executeRaw`UPDATE pledge SET clearing_offered_at = NULL WHERE id = ${input.pledgeId}`;
    return { pledgeId: input.pledgeId, offered: false };
  });
}

// ─── The round ───────────────────────────────────────────────────────────────────────────────

export interface RoundOutcome {
  ran: boolean;
  roundId?: number;
  offered?: number;
  members?: number;
  total?: number;
}

/**
 * Proposes the period's round: the offered obligations (both sides still members) taken as they
 * are now, solved, each member's part stored and sent. Once per period whoever runs it: the
 * period is the round's unique key, and a second runner's insert waits for the first and then
 * does nothing.
 */
export async function runClearingRound(
  prisma: PrismaClient,
  now: Date,
  timeZone: string,
  onPhase?: OnPhase,
): Promise<RoundOutcome> {
  const period = periodDate(periodOf(now, timeZone));
  return prisma.$transaction(async (tx) => {
    await holdBooks(tx);
    const lap = lapper(onPhase);
    const [round] = await tx.$queryRaw<RoundRow[]>`
      INSERT INTO clearing_round (period, proposed_at, deadline, solved_at, version)
      VALUES (${period}, ${now}, ${new Date(now.getTime() + CLEARING_ANSWER_MS)}, ${now}, 0)
      ON CONFLICT (period) DO NOTHING
      RETURNING ${ROUND_COLUMNS}`;
    if (!round) return { ran: false };
    const [taken] = await tx.$queryRaw<{ offered: number }[]>`
      WITH t AS (
        INSERT INTO clearing_part (round_id, pledge_id, debtor_id, creditor_id, amount, overdue,
          created_at)
        SELECT ${round.id}, p.id, p.giver_id, p.receiver_id, p.amount, p.overdue, p.created_at
        FROM pledge p
        JOIN member g ON g.id = p.giver_id
        JOIN member r ON r.id = p.receiver_id
        JOIN collection c ON c.id = p.collection_id
        WHERE p.clearing_offered_at IS NOT NULL AND p.state = 'obligation'
          AND g.deleted_at IS NULL AND r.deleted_at IS NULL AND ${isNeedKindSql("c")}
        RETURNING 1)
      SELECT count(*)::int AS offered FROM t`;
    lap("take");
    const solved = await solveRound(tx, round, now, onPhase);
    return {
      ran: true,
      roundId: round.id,
      offered: taken?.offered ?? 0,
      members: solved.members,
      total: solved.total,
    };
  }, ROUND_TX);
}

/** A part as its member is shown it, and what it is checked by: equal parts, equal digests. */
function digestOf(part: ClearingPart): string {
  return createHash("sha256").update(JSON.stringify(part)).digest("hex").slice(0, 32);
}

/** Bytes per part as readParts reads them: five int4, the age in ms as int8, the flags as int2. */
const PART_BYTES = 5 * 4 + 8 + 2;

/**
 * Every part of a round: those still in it as the solver's input, in pledge order (so that a rerun
 * sees them as the first solve did, whatever order updates left the rows in), and each part's
 * cleared amount and whether it was taken out. A million rows come as one bytea of fixed-size
 * records, several times faster than as rows; sorting them here spares the server a sort that
 * would spill to disk.
 */
async function readParts(tx: Tx, roundId: number) {
  const [row] = await tx.$queryRaw<{ parts: Uint8Array | null }[]>`
    SELECT string_agg(int4send(pledge_id) || int4send(debtor_id) || int4send(creditor_id)
        || int4send(amount) || int4send(cleared)
        || int8send((extract(epoch FROM created_at) * 1000)::bigint)
        || int2send((overdue::int + 2 * (excluded_at IS NOT NULL)::int)::int2),
      ''::bytea) AS parts
    FROM clearing_part WHERE round_id = ${roundId}`;
  const bytes = row?.parts ?? new Uint8Array(0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes.byteLength / PART_BYTES;
  const ids = new Int32Array(count);
  const cleared = new Int32Array(count);
  const excluded = new Uint8Array(count);
  const obligations: OfferedObligation[] = [];
  for (let i = 0, at = 0; i < count; i++, at += PART_BYTES) {
    const flags = view.getInt16(at + 28);
    ids[i] = view.getInt32(at);
    cleared[i] = view.getInt32(at + 16);
    excluded[i] = flags >> 1;
    if (flags & 2) continue;
    obligations.push({
      id: ids[i] as number,
      debtor: view.getInt32(at + 4),
      creditor: view.getInt32(at + 8),
      amount: view.getInt32(at + 12),
      overdue: (flags & 1) === 1,
      createdAt: Number(view.getBigInt64(at + 20)),
    });
  }
  // Nearly sorted already (the heap mostly keeps insertion order): about linear.
  obligations.sort((a, b) => a.id - b.id);
  return { obligations, ids, cleared, excluded };
}

/**
 * Solves the round on what is still in it and stores the answer: every part's cleared amount, each
 * member's digest (an unchanged one keeps its agreement, a changed or new one is asked again with
 * clearing.proposed), members no longer in it kept with an empty digest. Nothing left to clear:
 * the round failed, and everyone who was in it hears so. The caller holds the round's lock.
 */
async function solveRound(
  tx: Tx,
  round: RoundRow,
  now: Date,
  onPhase?: OnPhase,
): Promise<{ members: number; total: number }> {
  const lap = lapper(onPhase);
  const parts = await readParts(tx, round.id);
  lap("read");
  const result = solveClearing(parts.obligations);
  lap("solve");
  const version = round.version + 1;

  // Only the parts whose cleared amount changes are written (a rerun changes few of a million);
  // one taken out keeps nothing cleared.
  const changedIds: number[] = [];
  const changedTo: number[] = [];
  for (let i = 0; i < parts.ids.length; i++) {
    const id = parts.ids[i] as number;
    const to = parts.excluded[i] ? 0 : (result.cleared.get(id) ?? 0);
    if (to !== parts.cleared[i]) {
      changedIds.push(id);
      changedTo.push(to);
    }
  }
  if (changedIds.length > 0) {
    await tx.$executeRaw`
      UPDATE clearing_part cp SET cleared = x.c
      FROM unnest(${changedIds}::int[], ${changedTo}::int[]) AS x(id, c)
      WHERE cp.round_id = ${round.id} AND cp.pledge_id = x.id`;
  }
  lap("cleared");

  const before = new Map(
    (
      await tx.$queryRaw<{ member_id: number; digest: string; declined: boolean }[]>`
        SELECT member_id, digest, declined_at IS NOT NULL AS declined FROM clearing_answer
        WHERE round_id = ${round.id}`
    ).map((a) => [a.member_id, a]),
  );
  const members = [...result.parts.keys()];
  const asked: number[] = [];
  const askedDigests: string[] = [];
  for (const m of members) {
    const digest = digestOf(result.parts.get(m) as ClearingPart);
    if (before.get(m)?.digest !== digest) {
      asked.push(m);
      askedDigests.push(digest);
    }
  }
  // Out of it now: an empty digest (a decliner keeps theirs, with the decline).
  const out = [...before.values()]
    .filter((a) => !a.declined && a.digest !== "" && !result.parts.has(a.member_id))
    .map((a) => a.member_id);
  lap("digests");

  if (out.length > 0) {
    await tx.$executeRaw`
      UPDATE clearing_answer SET digest = '', agreed_at = NULL
      WHERE round_id = ${round.id} AND member_id = ANY(${out}::int[])`;
  }
  // In it with a new or changed part: asked (again); an unchanged one keeps its answer untouched.
  if (asked.length > 0) {
    await tx.$executeRaw`
      INSERT INTO clearing_answer (round_id, member_id, digest)
      SELECT ${round.id}, m, d FROM unnest(${asked}::int[], ${askedDigests}::text[]) AS x(m, d)
      ON CONFLICT (round_id, member_id) DO UPDATE SET digest = EXCLUDED.digest, agreed_at = NULL`;
  }
  await tx.$executeRaw`
    UPDATE clearing_round SET version = ${version}, solved_at = ${now}, total = ${result.total}
    WHERE id = ${round.id}`;
  round.version = version;
  lap("answers");

  if (result.total === 0) {
    await tx.$executeRaw`
      UPDATE clearing_round SET status = 'failed', failed_at = ${now}
      WHERE id = ${round.id} AND status = 'proposed'`;
    round.status = "failed";
    await tell(tx, round.id, "clearing.failed", [...before.keys()], "");
    lap("messages");
    return { members: 0, total: 0 };
  }
  await tell(tx, round.id, "clearing.proposed", asked, `:${version}`);
  lap("messages");
  return { members: members.length, total: result.total };
}

/**
 * A message of a round to each of `members`, set-based; the dedupe key makes a repeat a no-op.
 * A proposed or applied one carries the member's part as the round's parts now stand: the totals,
 * and by counterpart (the largest first, at most CLEARING_MESSAGE_LINES a side, the rest counted)
 * whom they no longer owe and who no longer owes them; the bot names them when the message leaves.
 */
async function tell(
  tx: Tx,
  roundId: number,
  kind: "clearing.proposed" | "clearing.applied" | "clearing.failed",
  members: number[],
  keySuffix: string,
) {
  if (members.length === 0) return;
  const payload =
    kind === "clearing.failed"
      ? Prisma.sql`jsonb_build_object('roundId', ${roundId}::int)`
      : Prisma.sql`jsonb_build_object('roundId', ${roundId}::int,
          'noLongerOwe', COALESCE(o.total, 0), 'noLongerOwed', COALESCE(d.total, 0),
          'owe', COALESCE(o.shown, '[]'::jsonb), 'oweMore', COALESCE(o.more, 0),
          'owed', COALESCE(d.shown, '[]'::jsonb), 'owedMore', COALESCE(d.more, 0))`;
  await tx.$executeRaw`
    WITH lines AS (
      SELECT s.m, s.owe, s.other, SUM(s.cleared)::int AS amount FROM (
        SELECT debtor_id AS m, true AS owe, creditor_id AS other, cleared FROM clearing_part
        WHERE round_id = ${roundId} AND excluded_at IS NULL AND cleared > 0
        UNION ALL
        SELECT creditor_id, false, debtor_id, cleared FROM clearing_part
        WHERE round_id = ${roundId} AND excluded_at IS NULL AND cleared > 0) s
      WHERE s.m = ANY(${members}::int[])
      GROUP BY s.m, s.owe, s.other),
    ranked AS (
      SELECT l.*, row_number() OVER (PARTITION BY l.m, l.owe ORDER BY l.amount DESC, l.other) AS n
      FROM lines l),
    sides AS (
      SELECT m, owe, SUM(amount)::int AS total,
        jsonb_agg(jsonb_build_object('memberId', other, 'amount', amount) ORDER BY n)
          FILTER (WHERE n <= ${CLEARING_MESSAGE_LINES}::int) AS shown,
        (count(*) FILTER (WHERE n > ${CLEARING_MESSAGE_LINES}::int))::int AS more
      FROM ranked GROUP BY m, owe)
    INSERT INTO outbox (recipient_id, sender_id, kind, payload, dedupe_key, link, next_attempt_at)
    SELECT x.m, NULL, ${kind}, ${payload},
      ${`${kind}:${roundId}`} || ${keySuffix} || ':' || x.m, ${messageLink(kind, {})},
      ${slotSql(Prisma.sql`NULL::int`, Prisma.sql`x.m`)}
    FROM unnest(${members}::int[]) AS x(m)
    LEFT JOIN sides o ON o.m = x.m AND o.owe
    LEFT JOIN sides d ON d.m = x.m AND NOT d.owe
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

/** The round, locked for a change (every change of a round begins here). */
async function lockRound(tx: Tx, roundId: number): Promise<RoundRow | undefined> {
  await holdBooks(tx);
  const [round] = await tx.$queryRaw<RoundRow[]>`
    SELECT ${ROUND_COLUMNS} FROM clearing_round WHERE id = ${roundId} FOR UPDATE`;
  return round;
}

/**
 * Takes out of the round every obligation that is no longer what was offered: given, released,
 * cancelled, ended, its offer withdrawn. Returns whether one of them had something cleared (then
 * the round must be solved again; one with nothing cleared leaves the solution optimal).
 */
async function takeOutGone(tx: Tx, roundId: number, now: Date): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ rerun: boolean }[]>`
    WITH gone AS (
      UPDATE clearing_part cp SET excluded_at = ${now}
      FROM pledge p
      WHERE cp.round_id = ${roundId} AND cp.excluded_at IS NULL AND p.id = cp.pledge_id
        AND (p.state <> 'obligation' OR p.amount <> cp.amount OR p.clearing_offered_at IS NULL)
      RETURNING cp.cleared)
    SELECT COALESCE(bool_or(cleared > 0), false) AS rerun FROM gone`;
  return row?.rerun ?? false;
}

/** Takes out every obligation a member owes or is owed in the round (their decline or silence). */
async function takeOutMembers(tx: Tx, roundId: number, members: number[], now: Date) {
  await tx.$executeRaw`
    UPDATE clearing_part SET excluded_at = ${now}
    WHERE round_id = ${roundId} AND excluded_at IS NULL
      AND (debtor_id = ANY(${members}::int[]) OR creditor_id = ANY(${members}::int[]))`;
}

/**
 * Brings a proposed round up to date, under its lock: obligations gone are taken out and the round
 * solved again; past the deadline, whoever has not agreed has declined (their obligations out,
 * solved again, until everyone left agreed or nobody is left); when everyone in it agreed, it is
 * applied. Safe to call any number of times, from anywhere holding the lock.
 */
async function settle(tx: Tx, round: RoundRow, now: Date, onPhase?: OnPhase): Promise<void> {
  for (let guard = 0; round.status === "proposed" && guard < 10_000; guard++) {
    if (await takeOutGone(tx, round.id, now)) {
      await solveRound(tx, round, now, onPhase);
      continue;
    }
    const [state] = await tx.$queryRaw<{ waiting: number; rerun: boolean }[]>`
      SELECT
        (SELECT count(*)::int FROM clearing_answer
         WHERE round_id = ${round.id} AND digest <> '' AND agreed_at IS NULL
           AND declined_at IS NULL) AS waiting,
        EXISTS (SELECT 1 FROM clearing_part WHERE round_id = ${round.id}
          AND excluded_at IS NOT NULL AND cleared > 0) AS rerun`;
    if (state?.rerun) {
      await solveRound(tx, round, now, onPhase);
      continue;
    }
    if (state?.waiting === 0) {
      if (await applyRound(tx, round, now)) return;
      continue;
    }
    if (now.getTime() < round.deadline.getTime()) return;
    // Silence past the deadline is a decline.
    const silent = await tx.$queryRaw<{ member_id: number }[]>`
      UPDATE clearing_answer SET declined_at = ${round.deadline}
      WHERE round_id = ${round.id} AND digest <> '' AND agreed_at IS NULL AND declined_at IS NULL
      RETURNING member_id`;
    await takeOutMembers(
      tx,
      round.id,
      silent.map((s) => s.member_id),
      now,
    );
  }
}

/**
 * Applies a round everyone in it agreed to, in the caller's transaction: receivers, collections,
 * then pledges locked in id order; the pledges read again under their locks, and the round applied
 * only if every cleared one is still the obligation the round took (else those are taken out and
 * false is returned, for a rerun). Each cleared obligation becomes a confirmed pledge of the
 * cleared amount (`clear`); a remainder is a new obligation (`clearRest`) of the same giver,
 * collection, period, ⌛ and age, still offered. Audit rows, messages to everyone in it, and an
 * emergency that the cleared amounts made reach its goal ends as reached.
 */
async function applyRound(tx: Tx, round: RoundRow, now: Date): Promise<boolean> {
  const parts = await tx.$queryRaw<
    { pledge_id: number; creditor_id: number; amount: number; cleared: number }[]
  >`
    SELECT pledge_id, creditor_id, amount, cleared FROM clearing_part
    WHERE round_id = ${round.id} AND excluded_at IS NULL AND cleared > 0
    ORDER BY pledge_id`;
  const ids = parts.map((p) => p.pledge_id);
  await tx.$queryRaw`
    SELECT 1 FROM member WHERE id = ANY(${[...new Set(parts.map((p) => p.creditor_id))]}::int[])
    ORDER BY id FOR NO KEY UPDATE`;
  await tx.$queryRaw`
    SELECT 1 FROM collection
    WHERE id IN (SELECT collection_id FROM pledge WHERE id = ANY(${ids}::int[]))
    ORDER BY id FOR NO KEY UPDATE`;
  const locked = await tx.$queryRaw<
    { id: number; state: string; amount: number; offered: boolean }[]
  >`
    SELECT id, state::text AS state, amount, clearing_offered_at IS NOT NULL AS offered
    FROM pledge WHERE id = ANY(${ids}::int[]) ORDER BY id FOR NO KEY UPDATE`;
  const current = new Map(locked.map((p) => [p.id, p]));
  const changed = parts.filter((p) => {
    const c = current.get(p.pledge_id);
    return c?.state !== "obligation" || c.amount !== p.amount || !c.offered;
  });
  if (changed.length > 0) {
    await tx.$executeRaw`
      UPDATE clearing_part SET excluded_at = ${now}
      WHERE round_id = ${round.id} AND pledge_id = ANY(${changed.map((p) => p.pledge_id)}::int[])`;
    return false;
  }

  const [applied] = await tx.$queryRaw<{ id: number }[]>`
    UPDATE clearing_round SET status = 'applied', applied_at = ${now}
    WHERE id = ${round.id} AND status = 'proposed' RETURNING id`;
  if (!applied) return true;
  round.status = "applied";

  // What stays due after a partial clear: an obligation of its own, as old and as offered.
  await tx.$executeRaw`
    WITH rest AS (
      INSERT INTO pledge (giver_id, receiver_id, collection_id, amount, state, period, overdue,
        state_changed_at, created_at, clearing_offered_at)
      SELECT p.giver_id, p.receiver_id, p.collection_id, cp.amount - cp.cleared, 'obligation',
        p.period, p.overdue, ${now}, p.created_at, p.clearing_offered_at
      FROM clearing_part cp JOIN pledge p ON p.id = cp.pledge_id
      WHERE cp.round_id = ${round.id} AND cp.excluded_at IS NULL AND cp.cleared > 0
        AND cp.cleared < cp.amount
      RETURNING id, amount)
    INSERT INTO pledge_event (pledge_id, action, from_state, to_state, amount, at)
    SELECT id, ${actionSql("clearRest")}, NULL, 'obligation', amount, ${now} FROM rest`;
  // The cleared amount counts as given and confirmed.
  await tx.$executeRaw`
    WITH cleared AS (
      UPDATE pledge p SET state = 'confirmed', amount = cp.cleared, state_changed_at = ${now},
        clearing_offered_at = NULL
      FROM clearing_part cp
      WHERE cp.round_id = ${round.id} AND cp.excluded_at IS NULL AND cp.cleared > 0
        AND p.id = cp.pledge_id AND p.state = 'obligation'
      RETURNING p.id, p.amount)
    INSERT INTO pledge_event (pledge_id, action, from_state, to_state, amount, at)
    SELECT id, ${actionSql("clear")}, 'obligation', 'confirmed', amount, ${now} FROM cleared`;

  const inIt = await tx.$queryRaw<{ member_id: number }[]>`
    SELECT debtor_id AS member_id FROM clearing_part
    WHERE round_id = ${round.id} AND excluded_at IS NULL AND cleared > 0
    UNION
    SELECT creditor_id FROM clearing_part
    WHERE round_id = ${round.id} AND excluded_at IS NULL AND cleared > 0`;
  await tell(
    tx,
    round.id,
    "clearing.applied",
    inIt.map((s) => s.member_id),
    "",
  );

  // Confirmed amounts may have reached an emergency's goal.
  const emergencies = await tx.collection.findMany({
    where: {
      kind: "emergency",
      closedAt: null,
      pledges: { some: { id: { in: ids } } },
    },
    orderBy: { id: "asc" },
  });
  for (const emergency of emergencies) {
    if (await emergencyReached(tx, emergency)) await endEmergency(tx, emergency, "reached", now);
  }
  return true;
}

// ─── Members' answers ────────────────────────────────────────────────────────────────────────

/** A member's view of their latest round: their part by counterpart, deadline, their answer. */
export interface ClearingView {
  offered: {
    pledgeId: number;
    receiverId: number;
    receiverName: string;
    amount: number;
    overdue: boolean;
  }[];
  round: {
    id: number;
    status: "proposed" | "applied" | "failed";
    deadline: string;
    /** Time left to answer by the server's clock, while the round is proposed and not past it. */
    timeLeft: { days: number; hours: number } | null;
    /** Whom the member would no longer owe (or no longer owes, once applied), and how much. */
    noLongerOwe: { memberId: number; name: string; amount: number }[];
    /** Who would no longer owe the member, and how much. */
    noLongerOwed: { memberId: number; name: string; amount: number }[];
    answer: "pending" | "agreed" | "declined" | "out";
    /** The part as shown: agree with it to be sure it is the one agreed to. */
    digest: string;
  } | null;
}

async function viewOf(db: Tx | PrismaClient, memberId: number, now: Date): Promise<ClearingView> {
  const offered = await db.$queryRaw<
    { id: number; receiver_id: number; name: string; amount: number; overdue: boolean }[]
  >`
    SELECT p.id, p.receiver_id, COALESCE(m.display_name, m.first_name) AS name, p.amount, p.overdue
    FROM pledge p JOIN member m ON m.id = p.receiver_id
    WHERE p.giver_id = ${memberId} AND p.clearing_offered_at IS NOT NULL AND p.state = 'obligation'
    ORDER BY p.id`;
  const [answer] = await db.$queryRaw<
    (RoundRow & { digest: string; agreed: boolean; declined: boolean })[]
  >`
    SELECT r.id, r.period, r.status::text AS status, r.deadline, r.version, a.digest,
      a.agreed_at IS NOT NULL AS agreed, a.declined_at IS NOT NULL AS declined
    FROM clearing_answer a JOIN clearing_round r ON r.id = a.round_id
    WHERE a.member_id = ${memberId} ORDER BY a.round_id DESC LIMIT 1`;
  const view: ClearingView = {
    offered: offered.map((o) => ({
      pledgeId: o.id,
      receiverId: o.receiver_id,
      receiverName: o.name,
      amount: o.amount,
      overdue: o.overdue,
    })),
    round: null,
  };
  if (!answer) return view;
  const lines =
    answer.status === "failed"
      ? []
      : await db.$queryRaw<{ owe: boolean; other: number; name: string; amount: number }[]>`
          SELECT cp.debtor_id = ${memberId} AS owe, o.id AS other,
            COALESCE(o.display_name, o.first_name) AS name, SUM(cp.cleared)::int AS amount
          FROM clearing_part cp
          JOIN member o ON o.id = CASE WHEN cp.debtor_id = ${memberId}
            THEN cp.creditor_id ELSE cp.debtor_id END
          WHERE cp.round_id = ${answer.id} AND cp.excluded_at IS NULL AND cp.cleared > 0
            AND (cp.debtor_id = ${memberId} OR cp.creditor_id = ${memberId})
          GROUP BY 1, 2, 3 ORDER BY 2`;
  const line = (l: (typeof lines)[number]) => ({
    memberId: l.other,
    name: l.name,
    amount: l.amount,
  });
  view.round = {
    id: answer.id,
    status: answer.status,
    deadline: answer.deadline.toISOString(),
    timeLeft: answer.status === "proposed" ? answerTimeLeft(answer.deadline, now) : null,
    noLongerOwe: lines.filter((l) => l.owe).map(line),
    noLongerOwed: lines.filter((l) => !l.owe).map(line),
    answer: answer.declined
      ? "declined"
      : answer.digest === ""
        ? "out"
        : answer.agreed
          ? "agreed"
          : "pending",
    digest: answer.digest,
  };
  return view;
}

/** clearing.mine: the caller's offered obligations and their latest round, brought up to date. */
export async function myClearing(ctx: PledgeContext): Promise<ClearingView> {
  const [latest] = await ctx.prisma.$queryRaw<{ round_id: number; status: string }[]>`
    SELECT a.round_id, r.status::text AS status FROM clearing_answer a
    JOIN clearing_round r ON r.id = a.round_id
    WHERE a.member_id = ${ctx.memberId} ORDER BY a.round_id DESC LIMIT 1`;
  if (latest?.status === "proposed") await settleRound(ctx.prisma, latest.round_id, ctx.now);
  return viewOf(ctx.prisma, ctx.memberId, ctx.now);
}

/** What Home says of a round waiting for the member's answer: their totals and the deadline. */
export interface ClearingWaiting {
  roundId: number;
  deadline: string;
  /** Time left to answer by the server's clock. */
  timeLeft: { days: number; hours: number } | null;
  noLongerOwe: number;
  noLongerOwed: number;
}

/**
 * clearing.waiting: the caller's part of a proposed round they have not answered yet, before its
 * deadline, or null. Read as the last settle left it, without taking the round's lock: Home asks
 * it on every open, and the clearing screen (clearing.mine) brings the round up to date.
 */
export async function waitingAnswer(ctx: PledgeContext): Promise<ClearingWaiting | null> {
  const [row] = await ctx.prisma.$queryRaw<
    { id: number; deadline: Date; owe: number; owed: number }[]
  >`
    SELECT r.id, r.deadline,
      COALESCE(SUM(cp.cleared) FILTER (WHERE cp.debtor_id = ${ctx.memberId}), 0)::int AS owe,
      COALESCE(SUM(cp.cleared) FILTER (WHERE cp.creditor_id = ${ctx.memberId}), 0)::int AS owed
    FROM clearing_answer a
    JOIN clearing_round r ON r.id = a.round_id
    LEFT JOIN clearing_part cp ON cp.round_id = r.id AND cp.excluded_at IS NULL
      AND cp.cleared > 0 AND (cp.debtor_id = ${ctx.memberId} OR cp.creditor_id = ${ctx.memberId})
    WHERE a.member_id = ${ctx.memberId} AND a.digest <> '' AND a.agreed_at IS NULL
      AND a.declined_at IS NULL AND r.status = 'proposed' AND r.deadline > ${ctx.now}
    GROUP BY r.id, r.deadline ORDER BY r.id DESC LIMIT 1`;
  if (!row) return null;
  return {
    roundId: row.id,
    deadline: row.deadline.toISOString(),
    timeLeft: answerTimeLeft(row.deadline, ctx.now),
    noLongerOwe: row.owe,
    noLongerOwed: row.owed,
  };
}

/** The round and the caller's answer row, after bringing the round up to date. */
async function answerFor(tx: Tx, roundId: number, memberId: number, now: Date) {
  await actingMember(tx, memberId);
  const round = await lockRound(tx, roundId);
  if (!round) throw refuse("NOT_FOUND", "errors.clearing.notFound");
  await settle(tx, round, now);
  const [answer] = await tx.$queryRaw<{ digest: string; agreed: boolean; declined: boolean }[]>`
    SELECT digest, agreed_at IS NOT NULL AS agreed, declined_at IS NOT NULL AS declined
    FROM clearing_answer WHERE round_id = ${roundId} AND member_id = ${memberId}`;
  // A round one was never in answers as one that does not exist.
  if (!answer) throw refuse("NOT_FOUND", "errors.clearing.notFound");
  return { round, answer };
}

/**
 * clearing.agree: the caller agrees to their part (the one with `digest`, when given). Twice is
 * once; after the deadline, or in a round over, refused. The last agreement applies the round.
 */
export async function agreeToRound(
  ctx: PledgeContext,
  input: { roundId: number; digest?: string | undefined },
): Promise<ClearingView> {
  // Brought up to date in a transaction of its own first, so that a refusal below (the round
  // failed meanwhile, the deadline passed) does not undo what the books already decided.
  await settleRound(ctx.prisma, input.roundId, ctx.now);
  return ctx.prisma.$transaction(async (tx) => {
    const { round, answer } = await answerFor(tx, input.roundId, ctx.memberId, ctx.now);
    if (answer.agreed && round.status === "applied") return viewOf(tx, ctx.memberId, ctx.now);
    if (round.status !== "proposed" || answer.declined || answer.digest === "") {
      throw refuse("CONFLICT", "errors.clearing.closed");
    }
    if (ctx.now.getTime() >= round.deadline.getTime()) {
      throw refuse("CONFLICT", "errors.clearing.closed");
    }
    if (input.digest !== undefined && input.digest !== answer.digest) {
      throw refuse("CONFLICT", "errors.clearing.changed");
    }
    if (!answer.agreed) {
      await tx.$executeRaw`
        UPDATE clearing_answer SET agreed_at = ${ctx.now}
        WHERE round_id = ${round.id} AND member_id = ${ctx.memberId}`;
      await settle(tx, round, ctx.now);
    }
    return viewOf(tx, ctx.memberId, ctx.now);
  }, ROUND_TX);
}

/**
 * clearing.decline: every offered obligation the caller owes or is owed leaves the round, which is
 * solved again without them (same deadline). Twice is once; in a round over, refused.
 */
export async function declineRound(
  ctx: PledgeContext,
  input: { roundId: number },
  onPhase?: OnPhase,
): Promise<ClearingView> {
  // Brought up to date in a transaction of its own first, so that a refusal below (the round
  // failed meanwhile, the deadline passed) does not undo what the books already decided.
  await settleRound(ctx.prisma, input.roundId, ctx.now, onPhase);
  return ctx.prisma.$transaction(async (tx) => {
    const { round, answer } = await answerFor(tx, input.roundId, ctx.memberId, ctx.now);
    if (answer.declined) return viewOf(tx, ctx.memberId, ctx.now);
    if (round.status !== "proposed" || ctx.now.getTime() >= round.deadline.getTime()) {
      throw refuse("CONFLICT", "errors.clearing.closed");
    }
    await tx.$executeRaw`
      UPDATE clearing_answer SET declined_at = ${ctx.now}, agreed_at = NULL
      WHERE round_id = ${round.id} AND member_id = ${ctx.memberId}`;
    await takeOutMembers(tx, round.id, [ctx.memberId], ctx.now);
    await settle(tx, round, ctx.now, onPhase);
    return viewOf(tx, ctx.memberId, ctx.now);
  }, ROUND_TX);
}

/** One round brought up to date in a transaction of its own (reruns, the deadline, the apply). */
export async function settleRound(
  prisma: PrismaClient,
  roundId: number,
  now: Date,
  onPhase?: OnPhase,
) {
  await prisma.$transaction(async (tx) => {
    const round = await lockRound(tx, roundId);
    if (round?.status === "proposed") await settle(tx, round, now, onPhase);
  }, ROUND_TX);
}

// ─── The scheduler's job ─────────────────────────────────────────────────────────────────────

/**
 * The clearing's clockwork, every tick: on the 23rd and 24th, members with offered obligations
 * (both sides) hear that a round comes (once per period); from the 25th, the period's round is
 * proposed (once per period, whoever runs it); every proposed round is brought up to date (reruns,
 * silence past the deadline, the apply).
 */
export async function clearingJobs(prisma: PrismaClient, now: Date, timeZone: string) {
  const day = Number(dayOf(now, timeZone).slice(8, 10));
  const period = periodOf(now, timeZone);
  if (day >= CLEARING_REMINDER_DAY && day < CLEARING_DAY) {
    await prisma.$executeRaw`
      INSERT INTO outbox (recipient_id, sender_id, kind, payload, dedupe_key, link, next_attempt_at)
      SELECT m, NULL, 'clearing.upcoming', jsonb_build_object('period', ${period}::text),
        'clearing.upcoming:' || ${period}::text || ':' || m, ${messageLink("clearing.upcoming", {})},
        ${slotSql(Prisma.sql`NULL::int`, Prisma.sql`m`)}
      FROM (
        SELECT p.giver_id AS m FROM pledge p
        WHERE p.clearing_offered_at IS NOT NULL AND p.state = 'obligation'
        UNION
        SELECT p.receiver_id FROM pledge p
        WHERE p.clearing_offered_at IS NOT NULL AND p.state = 'obligation') s
      JOIN member x ON x.id = s.m AND x.deleted_at IS NULL
      WHERE NOT EXISTS (SELECT 1 FROM clearing_round r WHERE r.period = ${periodDate(period)})
      ON CONFLICT (dedupe_key) DO NOTHING`;
  }
  if (day >= CLEARING_DAY) await runClearingRound(prisma, now, timeZone);
  const open = await prisma.$queryRaw<{ id: number }[]>`
    SELECT id FROM clearing_round WHERE status = 'proposed' ORDER BY id`;
  for (const { id } of open) await settleRound(prisma, id, now);
}
