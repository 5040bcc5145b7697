import type { AppRouter } from "@exodus/server";
import type { InitiativeStatus } from "@exodus/shared";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>["initiative"];
/** One initiative as the list shows it: what it is, who proposed it, where it stands. */
export type InitiativeLine = Outputs["list"][number];
/** One initiative as its page shows it: the line, its story, my pledge, its updates. */
export type InitiativeView = Outputs["get"];

/** Each status has its emoji, always beside its words. */
export const statusIcon: Record<InitiativeStatus, string> = {
  open: "🎯",
  ahead: "🚀",
  done: "✅",
  failed: "✕",
  cancelled: "⏹️",
};

/** Still taking pledges or being given: the list's first part. */
export function underWay(line: Pick<InitiativeLine, "status">): boolean {
  return line.status === "open" || line.status === "ahead";
}
