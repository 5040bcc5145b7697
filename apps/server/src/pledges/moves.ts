import { Prisma } from "@exodus/db";
import {
  type PledgeEventAction,
  type PledgeState,
  type SystemMove,
  type Transition,
  transitions,
} from "@exodus/shared";
import { stateIn } from "../books/predicates.ts";

type Tx = Prisma.TransactionClient;

/** Which pledges a move of Exodus's own takes, besides the states the table lets it start from. */
export interface MoveScope {
  /** A condition on the pledge `p` (and on the tables of `join`). */
  where: Prisma.Sql;
  /** Tables the condition reads, as an UPDATE's FROM list names them ("collection c, member g"). */
  join?: Prisma.Sql;
  now: Date;
  /** Some of the table's from-states only, when the occasion moves fewer (an emergency's end). */
  only?: readonly PledgeState[];
  /** The first day of the new period, for a move into it (carry). */
  period?: Date;
}

/** A pledge a move took, as it was before. */
export interface MovedPledge {
  id: number;
  giver_id: number;
  receiver_id: number;
  collection_id: number;
  amount: number;
  from_state: PledgeState;
}

/**
 * Moves every pledge in scope by one of Exodus's own moves and writes each one's audit row, in one
 * statement: `UPDATE pledge … WHERE <state in the move's from> AND <scope>` with what the move sets
 * read from shared's table (`transitions[action]`), so a change of rule is a change of one line
 * there. Returns how many moved.
 */
export async function systemMove(tx: Tx, action: SystemMove, scope: MoveScope): Promise<number> {
  const [row] = await tx.$queryRaw<{ moved: number }[]>`
    WITH ${moveCtes(action, scope)} SELECT count(*)::int AS moved FROM m_moved`;
  return row?.moved ?? 0;
}

/**
 * Several of Exodus's own moves, each over its own scope, as CTEs of one statement, for bulk work
 * that makes them together (the rollover): the tally and tie triggers then run once for all of
 * them, not once per move. The scopes must not overlap (a statement may not change a row twice);
 * all of them read the books as they were before the statement. `moved` names, for each move, the
 * CTE of the pledges it took (id, giver_id, receiver_id, collection_id, amount, from_state).
 */
export function systemMovesSql(moves: readonly (readonly [SystemMove, MoveScope])[]): {
  ctes: Prisma.Sql;
  moved: Prisma.Sql[];
} {
  const names = moves.map((_, i) => `m${i}`);
  return {
    ctes: Prisma.join(
      moves.map(([action, scope], i) => moveCtes(action, scope, names[i])),
      ", ",
    ),
    moved: names.map((n) => Prisma.raw(`${n}_moved`)),
  };
}

/** As `systemMove`, returning the pledges moved, for the messages that tell their sides. */
export function systemMoveReturning(
  tx: Tx,
  action: SystemMove,
  scope: MoveScope,
): Promise<MovedPledge[]> {
  return tx.$queryRaw<MovedPledge[]>`
    WITH ${moveCtes(action, scope)}
    SELECT id, giver_id, receiver_id, collection_id, amount, from_state::text AS from_state
    FROM m_moved ORDER BY id`;
}

/** An action's word as the audit column's type takes it. */
export function actionSql(action: PledgeEventAction): Prisma.Sql {
  return Prisma.raw(`'${action}'::"PledgeEventAction"`);
}

/** A state as a typed SQL literal (our own constant, never input). */
export function stateSql(state: PledgeState): Prisma.Sql {
  return Prisma.raw(`'${state}'::"PledgeState"`);
}

/** The CTEs of one move: `<name>_moved` (the pledges it took, as they were), then their audit rows. */
function moveCtes(action: SystemMove, scope: MoveScope, name = "m"): Prisma.Sql {
  const moved = Prisma.raw(`${name}_moved`);
  const before = Prisma.raw(`${name}_before`);
  const logged = Prisma.raw(`${name}_logged`);
  const t: Transition = transitions[action];
  const from = scope.only ?? t.from;
  const outside = from.filter((s) => !t.from.includes(s));
  if (from.length === 0 || outside.length > 0) {
    throw new Error(`"${action}" does not start from ${outside.join(", ") || "nothing"}`);
  }
  const sets: Prisma.Sql[] = [];
  // Exodus's own moves start from states, so they lead to a state or keep it (never by kind).
  if (typeof t.to === "string" && t.to !== "same") {
    sets.push(Prisma.sql`state = ${stateSql(t.to)}, state_changed_at = ${scope.now}`);
  }
  if (t.intoOverdue) sets.push(Prisma.sql`overdue = true`);
  if (t.intoNewPeriod) {
    if (!scope.period) throw new Error(`"${action}" needs the new period`);
    sets.push(Prisma.sql`period = ${scope.period}::date`);
  }
  const set = Prisma.join(sets, ", ");
  const join = scope.join ? Prisma.sql`, ${scope.join}` : Prisma.empty;
  // A move kept for some kinds of collection (an initiative's callOff) never takes another's pledge.
  const states = t.kinds
    ? Prisma.sql`${stateIn(from, "p")} AND p.collection_id IN (
        SELECT k.id FROM collection k
        WHERE k.kind::text IN (${Prisma.join(t.kinds.map((kind) => Prisma.sql`${kind}`))}))`
    : stateIn(from, "p");

  let cte: Prisma.Sql;
  if (t.to === "same" || from.length === 1) {
    // The state each pledge left is known without reading it: the one it starts from, or its own.
    const left = t.to === "same" ? Prisma.sql`p.state` : stateSql(from[0] as PledgeState);
    cte = Prisma.sql`${moved} AS (
      UPDATE pledge p SET ${set}
      ${scope.join ? Prisma.sql`FROM ${scope.join}` : Prisma.empty}
      WHERE ${states} AND (${scope.where})
      RETURNING p.id, p.giver_id, p.receiver_id, p.collection_id, p.amount,
        ${left} AS from_state, p.state AS to_state
    )`;
  } else {
    // Several states lead to one: each pledge's own is read under its row lock first.
    cte = Prisma.sql`${before} AS (
      SELECT p.id, p.state FROM pledge p ${join}
      WHERE ${states} AND (${scope.where})
      FOR UPDATE OF p
    ), ${moved} AS (
      UPDATE pledge p SET ${set}
      FROM ${before} b
      WHERE b.id = p.id AND ${states}
      RETURNING p.id, p.giver_id, p.receiver_id, p.collection_id, p.amount,
        b.state AS from_state, p.state AS to_state
    )`;
  }
  return Prisma.sql`${cte}, ${logged} AS (
    INSERT INTO pledge_event (pledge_id, action, from_state, to_state, amount, at)
    SELECT id, ${actionSql(action)}, from_state, to_state, amount, ${scope.now} FROM ${moved}
  )`;
}
