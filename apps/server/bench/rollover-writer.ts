/**
 * The member who writes while the rollover runs, for `pnpm bench:rollover`: pledge edits one after
 * another, through the code path of the API's `pledge.act` (pledges/service.ts: the books lock held
 * shared, the pledge's locks, the change, its audit row and message, one transaction), each timed
 * from the call to its answer — how long that member waited.
 */
import { performance } from "node:perf_hooks";
import type { Database } from "@exodus/db";
import { TRPCError } from "@trpc/server";
import { actOnPledge } from "../src/pledges/service.ts";
import { describe } from "./scratch.ts";

export interface Writes {
  count: number;
  /** Milliseconds, sorted. */
  waits: number[];
  /** Asked to retry (the books were held longer than a writer waits). */
  refused: number;
  /** Anything else that went wrong, one line each: none is the goal. */
  failures: string[];
}

/** A pause between writes, so the writer is a busy member, not a second rollover. */
const PAUSE_MS = 20;

/**
 * Starts editing, in turn, up to 100 of the intentions givers have already made for the new period
 * (each visit a different amount, so every edit writes). `stop` ends the loop after the write under
 * way and returns what each write waited.
 */
export async function startWriting(
  db: Database,
  period: string,
  now: Date,
): Promise<{ stop(): Promise<Writes> }> {
  const targets = await db.sql.query<{ id: number; giver_id: number; amount: number }>(
    `SELECT id, giver_id, amount FROM pledge
     WHERE period = $1 AND state = 'intention' AND renewed_from_id IS NULL ORDER BY id LIMIT 100`,
    [period],
  );
  if (targets.length === 0) throw new Error("no intention in the new period to edit");
  const writes: Writes = { count: 0, waits: [], refused: 0, failures: [] };
  let stopping = false;
  const loop = (async () => {
    for (let i = 0; !stopping; i++) {
      const target = targets[i % targets.length] as (typeof targets)[number];
      const round = Math.floor(i / targets.length);
      const began = performance.now();
      try {
        await actOnPledge(
          { prisma: db.prisma, memberId: target.giver_id, now, timeZone: "UTC" },
          { pledgeId: target.id, action: "edit", amount: target.amount + 1 + (round % 2) },
        );
      } catch (error) {
        if (error instanceof TRPCError && error.code === "TOO_MANY_REQUESTS") writes.refused += 1;
        else writes.failures.push(describe(error));
      }
      writes.waits.push(performance.now() - began);
      writes.count += 1;
      await new Promise((r) => setTimeout(r, PAUSE_MS));
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      writes.waits.sort((a, b) => a - b);
      return writes;
    },
  };
}

/** The q-quantile of sorted values (0 when there are none). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}
