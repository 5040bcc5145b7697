import type { MemberStatus, PrismaClient } from "@exodus/db";
import {
  daysLeft,
  type PledgeState,
  periodDate,
  periodEnd,
  periodOf,
  promisedStates,
} from "@exodus/shared";
import { REMIND_BEFORE_PERIOD_END_MS } from "../cycle/reminders.ts";
import { stateIn } from "./predicates.ts";

/**
 * Why a pledge waits for me, most urgent first:
 * confirm: given to me, waiting for my confirmation (the giver may have reminded me);
 * askFulfil / askCommit: the receiver asked me to give or to commit, and I have not yet;
 * periodEnding: the month ends within three days and my pledge to a monthly collection is still
 * an intention (to commit) or an obligation (to give) — after the 1st it lapses or goes to ⌛.
 */
export type ActionReason = "confirm" | "askFulfil" | "askCommit" | "periodEnding";

/** One thing on Home's "needs my action" list, with what the row shows. */
export interface ActionItem {
  pledgeId: number;
  reason: ActionReason;
  /** My side of the pledge: the receiver confirms, the giver does the rest. */
  role: "giver" | "receiver";
  counterpartId: number;
  /** The other side's name; empty for a member who left. */
  counterpartName: string;
  amount: number;
  state: PledgeState;
  kind: "monthly" | "emergency";
  overdue: boolean;
  period: string;
  /** When it became my turn: the gift, the ask, or (period ending) the pledge's last change. */
  since: string;
  /** confirm only: when the giver last reminded me, if after the gift. */
  remindedAt: string | null;
}

export interface Actions {
  items: ActionItem[];
  /** More items wait beyond `limit`. */
  more: boolean;
  /** Set while the period ends within three days (and my own pledges are not frozen); daysLeft as
   * shared's daysLeft counts them (0: it ends today). */
  periodEnding: { endsAt: string; daysLeft: number } | null;
}

interface ActionRow {
  pledge_id: number;
  reason: ActionReason;
  counterpart_id: number;
  counterpart_name: string;
  amount: number;
  state: PledgeState;
  kind: "monthly" | "emergency";
  overdue: boolean;
  period: Date;
  since: Date;
  reminded_at: Date | null;
}

/**
 * What needs the member's action now, in one set-based query bounded by `limit`: each pledge once,
 * under its most urgent reason. A member in an emergency is frozen as a giver, so the period's end
 * does not press them.
 */
export async function actionsFor(
  prisma: PrismaClient,
  member: { id: number; status: MemberStatus },
  now: Date,
  timeZone: string,
  limit: number,
): Promise<Actions> {
  const period = periodOf(now, timeZone);
  const start = periodDate(period);
  const left = periodEnd(period, timeZone).getTime() - now.getTime();
  const ending = member.status !== "red" && left <= REMIND_BEFORE_PERIOD_END_MS;
  const me = member.id;
  const rows = await prisma.$queryRaw<ActionRow[]>`
    WITH reasons AS (
      SELECT p.id AS pledge_id, 'confirm' AS reason, 0 AS rank, p.state_changed_at AS since,
        (SELECT max(e.at) FROM pledge_event e
          WHERE e.pledge_id = p.id AND e.action = 'remindConfirm' AND e.at >= p.state_changed_at
        ) AS reminded_at
      FROM pledge p
      WHERE p.receiver_id = ${me} AND p.state = 'fulfilled'
      UNION ALL
      SELECT p.id, ask.action::text, CASE ask.action WHEN 'askFulfil' THEN 1 ELSE 2 END, ask.at, NULL
      FROM pledge p
      CROSS JOIN LATERAL (
        SELECT e.action, e.at FROM pledge_event e
        WHERE e.pledge_id = p.id AND e.at >= p.state_changed_at
          AND e.action = (CASE p.state WHEN 'intention' THEN 'askCommit' ELSE 'askFulfil' END)::"PledgeEventAction"
        ORDER BY e.at DESC LIMIT 1
      ) ask
      WHERE p.giver_id = ${me} AND ${stateIn(promisedStates, "p")}
      UNION ALL
      SELECT p.id, 'periodEnding', 3, p.state_changed_at, NULL
      FROM pledge p JOIN collection c ON c.id = p.collection_id
      WHERE ${ending} AND p.giver_id = ${me} AND c.kind = 'monthly' AND p.period = ${start}::date
        AND NOT p.overdue AND ${stateIn(promisedStates, "p")}
    ),
    firsts AS (
      SELECT DISTINCT ON (pledge_id) * FROM reasons ORDER BY pledge_id, rank
    )
    SELECT f.pledge_id, f.reason, f.since, f.reminded_at,
      CASE WHEN p.giver_id = ${me} THEN p.receiver_id ELSE p.giver_id END AS counterpart_id,
      COALESCE(o.display_name, o.first_name) AS counterpart_name,
      p.amount, p.state, c.kind, p.overdue, p.period
    FROM firsts f
    JOIN pledge p ON p.id = f.pledge_id
    JOIN collection c ON c.id = p.collection_id
    JOIN member o ON o.id = CASE WHEN p.giver_id = ${me} THEN p.receiver_id ELSE p.giver_id END
    ORDER BY f.rank, f.since DESC, f.pledge_id DESC
    LIMIT ${limit + 1}`;
  return {
    items: rows.slice(0, limit).map((r) => ({
      pledgeId: r.pledge_id,
      reason: r.reason,
      role: r.reason === "confirm" ? "receiver" : "giver",
      counterpartId: r.counterpart_id,
      counterpartName: r.counterpart_name,
      amount: r.amount,
      state: r.state,
      kind: r.kind,
      overdue: r.overdue,
      period: r.period.toISOString().slice(0, 7),
      since: r.since.toISOString(),
      remindedAt: r.reminded_at?.toISOString() ?? null,
    })),
    more: rows.length > limit,
    periodEnding: ending
      ? {
          endsAt: new Date(now.getTime() + left).toISOString(),
          daysLeft: daysLeft(periodEnd(period, timeZone), now, timeZone),
        }
      : null,
  };
}
