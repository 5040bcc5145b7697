import type { Prisma, PrismaClient } from "@exodus/db";
import { periodDate, periodOf, settledStatus, transitions } from "@exodus/shared";
import { holdBooks, lockCollection } from "../locks.ts";
import { notify } from "../notifications/outbox.ts";
import { actionSql, stateSql } from "../pledges/moves.ts";
import { type CapLeft, shareClaim } from "./shares.ts";

/**
 * The moves Exodus makes on a pool claim 🛟 (shared's pool.ts; DOMAIN.md "Pools of mutual
 * intentions"): sharing a backed claim among the other members pro rata to their caps left
 * (shares.ts), re-sharing a declined share among those left, letting a share stand when its
 * giver stays silent past the answer days, settling a claim once no share waits for an answer,
 * and letting a claim lapse when it is not backed in time. Each is guarded by the state it starts
 * from, in the statement itself, so a move made twice (two servers, a rerun, a double tap) happens
 * once.
 */

type Tx = Prisma.TransactionClient;
const DAY_MS = 24 * 60 * 60 * 1000;

/** How many due rows one run of the scheduler takes in one transaction. */
const DUE_BATCH = 200;

/** The period's first day (a DATE), as the pledge table keeps it. */
export function periodOfNow(now: Date, timeZone: string): Date {
  return periodDate(periodOf(now, timeZone));
}

/**
 * Caps left of the pool's members who are still in it (and in Exodus), this period: cap − the
 * shares committed or still offered, never below 0 (shared's capLeft). `except`: left out.
 */
export async function capsLeft(
  tx: Tx | PrismaClient,
  poolId: number,
  period: Date,
  except: readonly number[] = [],
): Promise<(CapLeft & { cap: number })[]> {
  const rows = await tx.$queryRaw<{ member_id: number; cap: number; used: bigint }[]>`
    SELECT pm.member_id, pm.cap,
      COALESCE((SELECT SUM(p.amount) FROM pool_share s JOIN pledge p ON p.id = s.pledge_id
        WHERE s.pool_id = pm.pool_id AND s.member_id = pm.member_id
          AND s.answer::text IN ('offered', 'committed') AND p.period = ${period}::date), 0) AS used
    FROM pool_member pm JOIN member m ON m.id = pm.member_id AND m.deleted_at IS NULL
    WHERE pm.pool_id = ${poolId} AND pm.left_at IS NULL
    ORDER BY pm.member_id`;
  return rows
    .filter((r) => !except.includes(r.member_id))
    .map((r) => ({
      memberId: r.member_id,
      cap: r.cap,
      capLeft: Math.max(r.cap - Number(r.used), 0),
    }));
}

interface ClaimFacts {
  collectionId: number;
  poolId: number;
  claimantId: number;
  answerDays: number;
}

/**
 * Offers `amount` of a claim as shares among `takers` (pro rata to their caps left, whole cents by
 * largest remainder): a pledge each (kind claim, an obligation, the pledge table's `share`) with
 * its audit row, a pool_share row (`round`, the cap left it was computed from, its answer
 * deadline), and a message asking its giver to commit or decline. Returns what stays uncovered.
 */
export async function offerShares(
  tx: Tx,
  claim: ClaimFacts,
  amount: number,
  takers: readonly CapLeft[],
  round: number,
  now: Date,
  timeZone: string,
): Promise<number> {
  const { shares, uncovered } = shareClaim(amount, takers);
  if (shares.length === 0) return uncovered;
  const period = periodOfNow(now, timeZone);
  const answerBy = new Date(now.getTime() + claim.answerDays * DAY_MS);
  const capOf = new Map(takers.map((t) => [t.memberId, t.capLeft]));
  const givers = shares.map((s) => s.memberId);
  const amounts = shares.map((s) => s.amount);
  const caps = shares.map((s) => capOf.get(s.memberId) ?? 0);
  const made = await tx.$queryRaw<{ id: number; giver_id: number; amount: number }[]>`
    WITH made AS (
      INSERT INTO pledge (giver_id, receiver_id, collection_id, amount, state, period,
        state_changed_at, created_at)
      SELECT g, ${claim.claimantId}, ${claim.collectionId}, a, ${stateSql(transitions.share.to)},
        ${period}::date, ${now}, ${now}
      FROM unnest(${givers}::int[], ${amounts}::int[]) AS s(g, a)
      RETURNING id, giver_id, amount, state
    ), events AS (
      INSERT INTO pledge_event (pledge_id, actor_id, action, from_state, to_state, amount, at)
      SELECT id, NULL, ${actionSql("share")}, NULL, state, amount, ${now} FROM made
    ), marked AS (
      INSERT INTO pool_share (pledge_id, claim_id, pool_id, member_id, round, cap_left, answer_by)
      SELECT made.id, ${claim.collectionId}, ${claim.poolId}, made.giver_id, ${round}, c.cap,
        ${answerBy}
      FROM made JOIN unnest(${givers}::int[], ${caps}::int[]) AS c(g, cap) ON c.g = made.giver_id
    )
    SELECT id, giver_id, amount FROM made`;
  for (const share of made) {
    await notify(tx, {
      recipientId: share.giver_id,
      senderId: null,
      kind: "claim.share",
      dedupeKey: `claim.share:${share.id}`,
      payload: {
        poolId: claim.poolId,
        collectionId: claim.collectionId,
        memberId: claim.claimantId,
        amount: share.amount,
        answerBy: answerBy.toISOString(),
      },
    });
  }
  return uncovered;
}

/**
 * A claim whose backers reached the pool's number: BACKED and at once SHARED among the other
 * members with caps left (the claimant aside). Guarded by its status: a second call does nothing.
 */
export async function shareBackedClaim(
  tx: Tx,
  collectionId: number,
  now: Date,
  timeZone: string,
): Promise<void> {
  const [claim] = await tx.$queryRaw<
    {
      collection_id: number;
      pool_id: number;
      claimant_id: number;
      answer_days: number;
      goal: number;
    }[]
  >`
    UPDATE claim c SET status = 'shared', backed_at = ${now}, shared_at = ${now}
    FROM pool p, collection k
    WHERE c.collection_id = ${collectionId} AND c.status = 'filed'
      AND p.id = c.pool_id AND k.id = c.collection_id
    RETURNING c.collection_id, c.pool_id, c.claimant_id, p.answer_days, k.goal`;
  if (!claim) return;
  const facts: ClaimFacts = {
    collectionId: claim.collection_id,
    poolId: claim.pool_id,
    claimantId: claim.claimant_id,
    answerDays: claim.answer_days,
  };
  const takers = await capsLeft(tx, facts.poolId, periodOfNow(now, timeZone), [facts.claimantId]);
  await offerShares(tx, facts, claim.goal, takers, 0, now, timeZone);
  await settleClaims(tx, [facts.collectionId], now);
}

/**
 * A declined share's amount among those still in the pool (claimant and decliner aside), up to
 * their caps left (which the shares already offered to them have lowered), as a new round.
 */
export async function reshare(
  tx: Tx,
  collectionId: number,
  amount: number,
  decliner: number,
  now: Date,
  timeZone: string,
): Promise<void> {
  const [claim] = await tx.$queryRaw<
    { pool_id: number; claimant_id: number; answer_days: number; round: number }[]
  >`
    SELECT c.pool_id, c.claimant_id, p.answer_days,
      (SELECT COALESCE(MAX(round), 0) FROM pool_share WHERE claim_id = c.collection_id) AS round
    FROM claim c JOIN pool p ON p.id = c.pool_id WHERE c.collection_id = ${collectionId}`;
  if (!claim) return;
  const takers = await capsLeft(tx, claim.pool_id, periodOfNow(now, timeZone), [
    claim.claimant_id,
    decliner,
  ]);
  await offerShares(
    tx,
    {
      collectionId,
      poolId: claim.pool_id,
      claimantId: claim.claimant_id,
      answerDays: claim.answer_days,
    },
    amount,
    takers,
    claim.round + 1,
    now,
    timeZone,
  );
}

/**
 * Shared claims among `ids` with no share waiting for an answer end: COVERED when the committed
 * shares make the amount, PARTLY COVERED otherwise (🙏 shown); the collection closes; the claimant
 * is told. Guarded by the status, so twice is once.
 */
export async function settleClaims(tx: Tx, ids: readonly number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  const due = await tx.$queryRaw<
    {
      collection_id: number;
      pool_id: number;
      claimant_id: number;
      goal: number;
      committed: bigint;
    }[]
  >`
    SELECT c.collection_id, c.pool_id, c.claimant_id, k.goal,
      COALESCE((SELECT SUM(p.amount) FROM pool_share s JOIN pledge p ON p.id = s.pledge_id
        WHERE s.claim_id = c.collection_id AND s.answer = 'committed'), 0) AS committed
    FROM claim c JOIN collection k ON k.id = c.collection_id
    WHERE c.collection_id = ANY(${[...ids]}::int[]) AND c.status = 'shared'
      AND NOT EXISTS (SELECT 1 FROM pool_share s WHERE s.claim_id = c.collection_id
        AND s.answer = 'offered')`;
  for (const c of due) {
    const committed = Number(c.committed);
    const status = settledStatus(c.goal, committed);
    const moved = await tx.$executeRaw`
      UPDATE claim SET status = ${status}::"ClaimStatus", settled_at = ${now}
      WHERE collection_id = ${c.collection_id} AND status = 'shared'`;
    if (moved === 0) continue;
    await tx.$executeRaw`
      UPDATE collection SET closed_at = ${now} WHERE id = ${c.collection_id} AND closed_at IS NULL`;
    await notify(tx, {
      recipientId: c.claimant_id,
      senderId: null,
      kind: "claim.settled",
      dedupeKey: `claim.settled:${c.collection_id}`,
      payload: {
        poolId: c.pool_id,
        collectionId: c.collection_id,
        memberId: c.claimant_id,
        amount: committed,
        uncovered: Math.max(c.goal - committed, 0),
      },
    });
  }
}

/**
 * The scheduler's work on pools, each step exactly once with several servers: claims not backed by
 * their deadline lapse; shares unanswered past theirs stand (committed: the cap was a promise);
 * shared claims with every share answered settle. Each claim due is taken in the order every
 * writer of a pool takes its locks (the pool, then the claim's collection, then its rows), and
 * each move is guarded by the state it starts from, so a second server finds nothing left to do
 * and none waits on another in a circle.
 */
export async function runPoolDeadlines(prisma: PrismaClient, now: Date): Promise<number> {
  let done = 0;
  for (;;) {
    const due = await prisma.$queryRaw<{ claim_id: number; pool_id: number }[]>`
      SELECT claim_id, pool_id FROM (
        SELECT collection_id AS claim_id, pool_id FROM claim
        WHERE status = 'filed' AND back_by <= ${now}
        UNION
        SELECT claim_id, pool_id FROM pool_share WHERE answer = 'offered' AND answer_by <= ${now}
      ) d
      ORDER BY pool_id, claim_id LIMIT ${DUE_BATCH}`;
    if (due.length === 0) return done;
    await prisma.$transaction(async (tx) => {
      await holdBooks(tx);
      for (const { claim_id: claimId, pool_id: poolId } of due) {
        await tx.$queryRaw`SELECT 1 FROM pool WHERE id = ${poolId} FOR NO KEY UPDATE`;
        await lockCollection(tx, claimId);
        done += await lapse(tx, claimId, now);
        done += await stand(tx, claimId, now);
        await settleClaims(tx, [claimId], now);
      }
    });
    if (due.length < DUE_BATCH) return done;
  }
}

/** A claim still filed past its backing deadline lapses; its claimant is told. */
async function lapse(tx: Tx, claimId: number, now: Date): Promise<number> {
  const [c] = await tx.$queryRaw<{ pool_id: number; claimant_id: number }[]>`
    UPDATE claim SET status = 'lapsed', settled_at = ${now}
    WHERE collection_id = ${claimId} AND status = 'filed' AND back_by <= ${now}
    RETURNING pool_id, claimant_id`;
  if (!c) return 0;
  await tx.$executeRaw`
    UPDATE collection SET closed_at = ${now} WHERE id = ${claimId} AND closed_at IS NULL`;
  await notify(tx, {
    recipientId: c.claimant_id,
    senderId: null,
    kind: "claim.lapsed",
    dedupeKey: `claim.lapsed:${claimId}`,
    payload: { poolId: c.pool_id, collectionId: claimId, memberId: c.claimant_id },
  });
  return 1;
}

/** The claim's shares unanswered past their deadline stand (committed), each with its audit row. */
async function stand(tx: Tx, claimId: number, now: Date): Promise<number> {
  const [row] = await tx.$queryRaw<{ stood: number }[]>`
    WITH answered AS (
      UPDATE pool_share SET answer = 'committed', answered_at = ${now}
      WHERE claim_id = ${claimId} AND answer = 'offered' AND answer_by <= ${now}
      RETURNING pledge_id
    ), events AS (
      INSERT INTO pledge_event (pledge_id, actor_id, action, from_state, to_state, amount, at)
      SELECT p.id, NULL, ${actionSql("commitShare")}, p.state, p.state, p.amount, ${now}
      FROM answered a JOIN pledge p ON p.id = a.pledge_id
    )
    SELECT count(*)::int AS stood FROM answered`;
  return row?.stood ?? 0;
}
