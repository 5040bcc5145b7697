/**
 * A giver's plan as the app shows it (DOMAIN.md "Balancing: the network's best split"): where the
 * balancer suggests their intentions go, line by line, each with its reason. The server builds it
 * from the balancer's answer; Home draws it.
 */

export type PlanReason =
  /** An obligation to an emergency: it binds; days left by the server's clock. */
  | { kind: "emergency"; daysLeft: number }
  /** What the collection lacked before the plan: goal − (❤️ + 🤝 + 👍). */
  | { kind: "uncovered"; amount: number }
  /** The collection's surplus before the plan: ❤️ + 🤝 + 👍 − goal. */
  | { kind: "overCovered"; amount: number }
  /** Nothing changes on this line. */
  | { kind: "kept" };

export interface PlanLineView {
  collectionId: number;
  receiverId: number;
  receiverName: string;
  kind: "monthly" | "emergency";
  /** The giver's intention now (0 if none). */
  current: number;
  /** The plan's amount (0: withdraw). */
  planned: number;
  /** An emergency line is an obligation: binding once applied. */
  binds: boolean;
  reason: PlanReason;
}

export type PlanStatus = "open" | "applied" | "dismissed";

export type PlanView =
  /** No budget and no intentions, or nothing the giver may offer. */
  | { status: "none" }
  /** The books changed since the plan was made and the balancer is at work: ask again shortly. */
  | { status: "recomputing" }
  | {
      status: PlanStatus;
      id: number;
      computedAt: string;
      /** The most this plan may total: max(intentions, budget − committed this period). */
      use: number;
      /** Emergencies by deadline first, then added, moved and kept lines. */
      lines: PlanLineView[];
      /** Σ |planned − current|. */
      moved: number;
      /** False when the plan keeps everything as it is. */
      changes: boolean;
    };

/** What a line asks of the giver. */
export type PlanMove = "keep" | "add" | "raise" | "lower" | "withdraw";

export function planMoveOf(line: Pick<PlanLineView, "current" | "planned">): PlanMove {
  if (line.current === line.planned) return "keep";
  if (line.current === 0) return "add";
  if (line.planned === 0) return "withdraw";
  return line.planned > line.current ? "raise" : "lower";
}
