import { Prisma } from "@exodus/db";
import { helpingStates, liveStates, needKinds, type PledgeState } from "@exodus/shared";

/**
 * SQL predicates over a pledge's state, spelled from the state lists in packages/shared/src/pledge.ts
 * so that a change of rule is a change of one line there. The states are our own constants, written
 * as literals (not parameters) so the planner matches them against the partial indexes.
 */
export function stateIn(states: readonly PledgeState[], alias?: string): Prisma.Sql {
  const column = alias ? `${alias}.state` : "state";
  return Prisma.raw(`${column} IN (${states.map((s) => `'${s}'`).join(", ")})`);
}

/** A live pledge (promised or given, not yet settled): shared's `liveStates`. */
export function isLiveSql(alias?: string): Prisma.Sql {
  return stateIn(liveStates, alias);
}

/** A pledge in a state that puts its giver in a circle (live or confirmed): shared's `helpingStates`. */
export function isHelpingSql(alias?: string): Prisma.Sql {
  return stateIn(helpingStates, alias);
}

/**
 * Shared's `countsNow`: the pledge (alias) counts in its collection's figures in `period` — not ⌛,
 * and of that period unless its collection (kind: an SQL expression) spans periods (any kind but
 * monthly: an emergency, an initiative, a claim).
 */
export function countsNowSql(alias: string, kind: Prisma.Sql, period: Date): Prisma.Sql {
  const p = Prisma.raw(alias);
  return Prisma.sql`(NOT ${p}.overdue AND (${kind} <> 'monthly' OR ${p}.period = ${period}::date))`;
}

/**
 * Shared's `countsInGiving`: one of my pledges (alias) counts in my giving line's sums — not ⌛,
 * and live, or confirmed to a monthly collection in `period` or to an open collection of another
 * kind (collection alias `c`).
 */
export function countsInGivingSql(alias: string, c: string, period: Date): Prisma.Sql {
  const p = Prisma.raw(alias);
  const col = Prisma.raw(c);
  return Prisma.sql`(NOT ${p}.overdue AND (${isLiveSql(alias)}
    OR (${p}.state = 'confirmed' AND ((${col}.kind = 'monthly' AND ${p}.period = ${period}::date)
                                     OR (${col}.kind <> 'monthly' AND ${col}.closed_at IS NULL)))))`;
}

/**
 * A collection (alias) of the kinds the monthly cycle, balancing, clearing and the rings of reach
 * work on: shared's `needKinds` (monthly, emergency). Initiatives and claims stand outside them.
 */
export function isNeedKindSql(alias: string): Prisma.Sql {
  return Prisma.raw(`${alias}.kind IN (${needKinds.map((k) => `'${k}'`).join(", ")})`);
}

/**
 * A member (alias) who has not left. A leaver is no one's helper and ties no one: their amounts stay
 * in the figures, but they are counted among no circle's people, no giving line's M, no list.
 */
export function hasNotLeftSql(alias: string): Prisma.Sql {
  return Prisma.sql`${Prisma.raw(alias)}.deleted_at IS NULL`;
}

/**
 * The circle of support (DOMAIN.md "Aggregates", shared's collectionFigures) of the collections
 * whose ids `collectionIds` (an SQL set) selects: one row per pledge that puts its giver in a
 * circle now — counted now (countsNowSql), live or confirmed, by a giver who has not left.
 * Columns: collection_id, member_id (the receiver), giver_id, pledge_id, amount, state. The one
 * place the count (N 👥→👤), the helpers list, the circle card and a need's update recipients
 * read "who helps".
 * Spelled for the index pledge_circle (helping, not ⌛): countsNowSql's period test as a range the
 * index can seek (the period itself for a monthly collection, any for other kinds), and "has not
 * left" as no match among the few who left, so counting the helpers of hundreds of collections
 * reads the index alone.
 */
export function circleSql(collectionIds: Prisma.Sql, period: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT p.collection_id, c.member_id, p.giver_id, p.id AS pledge_id, p.amount, p.state
    FROM pledge p
    JOIN collection c ON c.id = p.collection_id
    WHERE p.collection_id IN (${collectionIds}) AND ${isHelpingSql("p")} AND NOT p.overdue
      AND p.period BETWEEN (CASE WHEN c.kind <> 'monthly' THEN '-infinity'::date ELSE ${period}::date END)
                       AND (CASE WHEN c.kind <> 'monthly' THEN 'infinity'::date ELSE ${period}::date END)
      AND NOT EXISTS (SELECT 1 FROM member g WHERE g.id = p.giver_id AND g.deleted_at IS NOT NULL)`;
}

/**
 * A member's open needs (their ids), as circleSql takes them; the member an id or a column. Their
 * initiatives and claims are no part of their circle of support (each has its own page).
 */
export function openCollectionsOf(memberId: number | Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT id FROM collection c
    WHERE c.member_id = ${memberId} AND c.closed_at IS NULL AND ${isNeedKindSql("c")}`;
}

/**
 * ❤️ 🤝 👍 🙏 of the collection (alias `c`) in `period`, one row (intentions, obligations,
 * confirmed, missing), to join LATERAL. Read from the stored tally (collection_tally: per
 * collection and period, the sums of the pledges that are not ⌛, kept by triggers on pledge), the
 * rows that count now as countsNowSql counts pledges; 🙏 is shared's missingOf. The one spelling
 * of 🙏 in SQL, so the books, the lists, the rings of reach and the reminders cannot disagree.
 */
export function figuresSql(c: string, period: Date): Prisma.Sql {
  const col = Prisma.raw(c);
  return Prisma.sql`
    SELECT COALESCE(SUM(t.intentions), 0)::bigint AS intentions,
      COALESCE(SUM(t.obligations), 0)::bigint AS obligations,
      COALESCE(SUM(t.confirmed), 0)::bigint AS confirmed,
      GREATEST(${col}.goal - COALESCE(SUM(t.obligations + t.confirmed), 0), 0)::bigint AS missing
    FROM collection_tally t
    WHERE t.collection_id = ${col}.id AND (${col}.kind <> 'monthly' OR t.period = ${period}::date)`;
}
