import type { StatusChange } from "./schemas.ts";

export type { StatusChange };

/** ✅ green: can help, needs nothing · 🔆 orange: needs monthly support · 🆘 red: emergency. */
export const memberStatuses = ["green", "orange", "red"] as const;
export type MemberStatus = (typeof memberStatuses)[number];

export const statusEmoji: Record<MemberStatus, string> = { green: "✅", orange: "🔆", red: "🆘" };

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
