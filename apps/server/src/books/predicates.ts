import { Prisma } from "@exodus/db";
import { liveStates, type PledgeState } from "@exodus/shared";

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
