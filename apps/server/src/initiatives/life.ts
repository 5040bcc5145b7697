import { Prisma, type PrismaClient } from "@exodus/db";
import {
  helpingStates,
  type InitiativeStatus,
  initiativeDue,
  initiativeTransitions,
  type MessageKind,
  messageLink,
  type PledgeEnding,
  type PledgeState,
  promisedStates,
  type SystemMove,
} from "@exodus/shared";
import { figuresSql, stateIn } from "../books/predicates.ts";
import { holdBooks } from "../locks.ts";
import { type MoveScope, systemMovesSql } from "../pledges/moves.ts";

/**
 * The moves Exodus makes on an initiative 🎯 (shared's initiative.ts, DOMAIN.md "Initiatives"): it
 * goes ahead when 🤝 + 👍 reaches the goal, is done when 👍 does, fails at its deadline without
 * that; a cancel by its initiator ends it as a failure does. Each move is guarded by the status it
 * starts from, in the UPDATE itself, so a move made twice (two servers, a rerun) happens once; each
 * writes its messages to the outbox in the same transaction, keyed so a rerun writes none twice.
 */

type Tx = Prisma.TransactionClient;

/** "_initiatives-" of "_initiatives-12" (messageLink's for every initiative's news), set-based. */
const INITIATIVE_LINK_PREFIX = messageLink("initiative.ahead", { collectionId: 0 }).slice(0, -1);

/** How many due initiatives one run of the scheduler ends in one transaction. */
const DEADLINE_BATCH = 500;

type InitiativeNews = Extract<MessageKind, `initiative.${string}`>;

/** An initiative's figures as shared's initiativeDue reads them, with what else a move needs. */
interface Standing {
  id: number;
  goal: number;
  status: InitiativeStatus;
  deadline: Date | null;
  intentions: number;
  obligations: number;
  confirmed: number;
}

async function standingOf(tx: Tx, ids: readonly number[]): Promise<Standing[]> {
  if (ids.length === 0) return [];
  const rows = await tx.$queryRaw<
    {
      id: number;
      goal: number;
      status: InitiativeStatus;
      deadline: Date | null;
      intentions: bigint;
      obligations: bigint;
      confirmed: bigint;
    }[]
  >`
    SELECT c.id, c.goal, c.initiative_status::text AS status, c.deadline,
      f.intentions, f.obligations, f.confirmed
    FROM collection c
    -- An initiative's figures span periods: the period figuresSql takes is not read for it.
    CROSS JOIN LATERAL (${figuresSql("c", new Date(0))}) f
    WHERE c.id IN (${Prisma.join(ids)}) AND c.initiative_status IS NOT NULL
    ORDER BY c.id`;
  return rows.map((r) => ({
    ...r,
    intentions: Number(r.intentions),
    obligations: Number(r.obligations),
    confirmed: Number(r.confirmed),
  }));
}

/**
 * After a change to an initiative's books or goal (a pledge's move, a lower goal), the move Exodus
 * makes, if any — shared's initiativeDue: go ahead, be done, or fail past the deadline — and, while
 * it is still open and what is pledged covers the goal, the ask to commit to each giver whose
 * pledge is still an intention (once per giver). The caller holds the collection's lock.
 */
export async function settleInitiative(tx: Tx, collectionId: number, now: Date): Promise<void> {
  for (let step = 0; step < 2; step++) {
    const [s] = await standingOf(tx, [collectionId]);
    if (!s) return;
    const due = initiativeDue(s.status, s, s.deadline !== null && s.deadline <= now);
    if (due === "goAhead") {
      await goAhead(tx, collectionId, now);
      continue; // already confirmed enough as it goes ahead: done at once
    }
    if (due === "complete") await complete(tx, collectionId, now);
    else if (due === "fail") await endInitiatives(tx, [collectionId], "fail", now);
    else if (s.status === "open" && s.intentions + s.obligations + s.confirmed >= s.goal) {
      await askToCommit(tx, collectionId);
    }
    return;
  }
}

/** open → ahead: givers may give now; the initiator and every giver with a live pledge are told. */
async function goAhead(tx: Tx, id: number, now: Date) {
  const moved = await tx.$executeRaw`
    UPDATE collection SET initiative_status = ${statusSql(initiativeTransitions.goAhead.to)},
      went_ahead_at = ${now}
    WHERE id = ${id} AND initiative_status IN (${statusList(initiativeTransitions.goAhead.from)})`;
  if (moved === 0) return;
  await tell(tx, "initiative.ahead", [id], ["intention", "obligation", "fulfilled"], true);
}

/**
 * ahead → done: 👍 reached the goal. What is only promised is surplus (the table's `complete`
 * endings: intentions end, obligations cancelled); what was given still waits to be confirmed.
 */
async function complete(tx: Tx, id: number, now: Date) {
  const t = initiativeTransitions.complete;
  const moved = await tx.$executeRaw`
    UPDATE collection SET initiative_status = ${statusSql(t.to)}, done_at = ${now},
      closed_at = ${now}
    WHERE id = ${id} AND initiative_status IN (${statusList(t.from)})`;
  if (moved === 0) return;
  await tell(tx, "initiative.done", [id], helpingStates, true);
  await applyEndings(tx, [id], t.pledges, now);
}

/**
 * open → failed (the deadline passed) or cancelled (by its initiator): the collection closes, its
 * intentions end and Exodus releases its obligations (the table's all-or-nothing endings). Every
 * giver with a pledge still promised is told, and, of a failure, the initiator. Only those still
 * open move: a second server, or a cancel racing the deadline, finds nothing left to do. Returns
 * the ids it ended.
 */
export async function endInitiatives(
  tx: Tx,
  ids: readonly number[],
  how: "fail" | "cancel",
  now: Date,
): Promise<number[]> {
  if (ids.length === 0) return [];
  const t = initiativeTransitions[how];
  const at = how === "fail" ? Prisma.raw("failed_at") : Prisma.raw("cancelled_at");
  const ended = await tx.$queryRaw<{ id: number }[]>`
    UPDATE collection SET initiative_status = ${statusSql(t.to)}, ${at} = ${now}, closed_at = ${now}
    WHERE id IN (${Prisma.join(ids)}) AND initiative_status IN (${statusList(t.from)})
    RETURNING id`;
  const endedIds = ended.map((r) => r.id);
  if (endedIds.length === 0) return [];
  // Told before the moves, while their pledges still say who had promised what.
  await tell(
    tx,
    how === "fail" ? "initiative.failed" : "initiative.cancelled",
    endedIds,
    promisedStates,
    how === "fail",
  );
  await applyEndings(tx, endedIds, t.pledges, now);
  return endedIds;
}

/** An ending of the table (a system move per pledge state), as one statement over the initiatives. */
async function applyEndings(tx: Tx, ids: number[], ending: PledgeEnding, now: Date) {
  const moves = Object.entries(ending).map(([state, action]): [SystemMove, MoveScope] => [
    action as SystemMove,
    {
      where: Prisma.sql`p.collection_id IN (${Prisma.join(ids)})`,
      only: [state as PledgeState],
      now,
    },
  ]);
  if (moves.length === 0) return;
  const { ctes } = systemMovesSql(moves);
  await tx.$executeRaw`WITH ${ctes} SELECT 1`;
}

/** Each giver whose pledge is still an intention, once its pledges cover the goal: commit it. */
async function askToCommit(tx: Tx, id: number) {
  await tell(tx, "initiative.askCommit", [id], ["intention"], false);
}

/**
 * Messages of an initiative's news, set-based: to each giver with a pledge to it in `states` (the
 * latest such), and to its initiator too when `initiator`; the button opens the initiative.
 * Exodus's own news (no sender); the key (kind, initiative, recipient) makes it once per recipient.
 */
async function tell(
  tx: Tx,
  kind: InitiativeNews,
  ids: number[],
  states: readonly PledgeState[],
  initiator: boolean,
) {
  const idList = Prisma.join(ids);
  const initiators = initiator
    ? Prisma.sql`UNION ALL
        SELECT c.id, c.member_id, NULL::int, NULL::int FROM collection c WHERE c.id IN (${idList})`
    : Prisma.empty;
  await tx.$executeRaw`
    INSERT INTO outbox (recipient_id, sender_id, kind, payload, dedupe_key, link, next_attempt_at)
    SELECT r.recipient_id, NULL, ${kind},
      jsonb_strip_nulls(jsonb_build_object('memberId', c.member_id, 'collectionId', c.id,
        'title', c.title, 'pledgeId', r.pledge_id, 'amount', r.amount)),
      ${kind} || ':' || c.id || ':' || r.recipient_id,
      ${INITIATIVE_LINK_PREFIX} || c.id,
      now()
    FROM (
      SELECT * FROM (
        SELECT DISTINCT ON (p.collection_id, p.giver_id)
          p.collection_id, p.giver_id AS recipient_id, p.id AS pledge_id, p.amount
        FROM pledge p
        WHERE p.collection_id IN (${idList}) AND ${stateIn(states, "p")}
        ORDER BY p.collection_id, p.giver_id, p.id DESC
      ) givers
      ${initiators}
    ) r (collection_id, recipient_id, pledge_id, amount)
    JOIN collection c ON c.id = r.collection_id
    JOIN member m ON m.id = r.recipient_id AND m.deleted_at IS NULL
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

/**
 * The scheduler's run (DOMAIN.md: "at the deadline without 🤝 ≥ goal, its intentions end and the
 * system releases its obligations; everyone is told"): every open initiative whose deadline passed,
 * in one transaction a batch. Their rows are locked as they are picked (SKIP LOCKED: one a member
 * is moving now is left for the next run, and a second server picks none that the first holds);
 * under the locks each goes ahead if 🤝 + 👍 covers its goal (shared's initiativeDue: going ahead
 * wins), else fails. The status guard in endInitiatives makes a rerun a no-op. Returns how many
 * failed.
 */
export async function expireInitiatives(prisma: PrismaClient, now: Date): Promise<number> {
  let failed = 0;
  for (;;) {
    const { picked, ended } = await prisma.$transaction(async (tx) => {
      await holdBooks(tx);
      const due = await tx.$queryRaw<{ id: number }[]>`
        SELECT id FROM collection
        WHERE initiative_status = ${statusSql("open")} AND deadline <= ${now}
        ORDER BY id
        LIMIT ${DEADLINE_BATCH}
        FOR NO KEY UPDATE SKIP LOCKED`;
      const standing = await standingOf(
        tx,
        due.map((d) => d.id),
      );
      const failing: number[] = [];
      for (const s of standing) {
        const move = initiativeDue(s.status, s, true);
        if (move === "goAhead") await settleInitiative(tx, s.id, now);
        else if (move === "fail") failing.push(s.id);
      }
      const ended = await endInitiatives(tx, failing, "fail", now);
      return { picked: due.length, ended: ended.length };
    });
    failed += ended;
    if (picked < DEADLINE_BATCH) return failed;
  }
}

/** A status as a typed SQL literal (our own constant, never input). */
function statusSql(status: InitiativeStatus): Prisma.Sql {
  return Prisma.raw(`'${status}'::"InitiativeStatus"`);
}

function statusList(statuses: readonly InitiativeStatus[]): Prisma.Sql {
  return Prisma.join(statuses.map(statusSql));
}
