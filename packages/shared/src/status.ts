import { z } from "zod";
import { amountSchema } from "./money.ts";

/** ✅ green: can help, needs nothing · 🔆 orange: needs monthly support · 🆘 red: emergency. */
export const memberStatuses = ["green", "orange", "red"] as const;
export type MemberStatus = (typeof memberStatuses)[number];

export const statusEmoji: Record<MemberStatus, string> = { green: "✅", orange: "🔆", red: "🆘" };

export const MIN_EMERGENCY_DAYS = 1;
export const MAX_EMERGENCY_DAYS = 30;

export const emergencyDaysSchema = z
  .number({ error: "errors.days.range" })
  .int({ error: "errors.days.range" })
  .min(MIN_EMERGENCY_DAYS, { error: "errors.days.range" })
  .max(MAX_EMERGENCY_DAYS, { error: "errors.days.range" });

/**
 * What a member can do to their own status. Each is a domain event with its own consequences
 * (DOMAIN.md, "Statuses and collections").
 */
export const statusChangeSchema = z.discriminatedUnion("action", [
  /** ✅→🔆: open a monthly collection with a goal per month. */
  z.object({ action: z.literal("openMonthly"), goal: amountSchema }),
  /** 🔆: change the monthly goal. */
  z.object({ action: z.literal("changeGoal"), goal: amountSchema }),
  /** 🔆→✅: close the monthly collection. */
  z.object({ action: z.literal("closeMonthly") }),
  /** ✅/🔆→🆘: open an emergency collection with a goal and a deadline in days. */
  z.object({ action: z.literal("openEmergency"), goal: amountSchema, days: emergencyDaysSchema }),
  /** 🆘→ the status before: the member ends their emergency. */
  z.object({ action: z.literal("endEmergency") }),
]);
export type StatusChange = z.infer<typeof statusChangeSchema>;
export type StatusAction = StatusChange["action"];

/** Which status changes a member in each status may make. The server enforces it; the UI offers it. */
export const statusActions: Record<MemberStatus, readonly StatusAction[]> = {
  green: ["openMonthly", "openEmergency"],
  orange: ["changeGoal", "closeMonthly", "openEmergency"],
  red: ["endEmergency"],
};

export function canChangeStatus(status: MemberStatus, action: StatusAction): boolean {
  return statusActions[status].includes(action);
}

/**
 * The change that takes a member from their status to the one they picked: the UI offers three
 * statuses, the API speaks in domain actions. Undefined when there is nothing to do or no way.
 * From 🆘 the only way is to end the emergency, which returns the status from before it.
 */
export function statusActionFor(
  current: MemberStatus,
  target: MemberStatus,
): StatusAction | undefined {
  if (current === "red") return target === "red" ? undefined : "endEmergency";
  if (target === "red") return "openEmergency";
  if (target === "orange") return current === "orange" ? "changeGoal" : "openMonthly";
  return current === "orange" ? "closeMonthly" : undefined;
}
