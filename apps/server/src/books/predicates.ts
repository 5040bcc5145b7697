import { Prisma } from "@exodus/db";
import { helpingStates, liveStates, type PledgeState } from "@exodus/shared";

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
 * and of that period unless its collection (kind: an SQL expression) is an emergency.
 */
export function countsNowSql(alias: string, kind: Prisma.Sql, period: Date): Prisma.Sql {
  const p = Prisma.raw(alias);
  return Prisma.sql`(NOT ${p}.overdue AND (${kind} = 'emergency' OR ${p}.period = ${period}::date))`;
}

/**
 * Shared's `countsInGiving`: one of my pledges (alias) counts in my giving line's sums — not ⌛,
 * and live, or confirmed to a monthly collection in `period` or to an open emergency (collection
 * alias `c`).
 */
export function countsInGivingSql(alias: string, c: string, period: Date): Prisma.Sql {
  const p = Prisma.raw(alias);
  const col = Prisma.raw(c);
  return Prisma.sql`(NOT ${p}.overdue AND (${isLiveSql(alias)}
    OR (${p}.state = 'confirmed' AND ((${col}.kind = 'monthly' AND ${p}.period = ${period}::date)
                                     OR (${col}.kind = 'emergency' AND ${col}.closed_at IS NULL)))))`;
}
