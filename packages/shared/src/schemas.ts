/**
 * The zod schemas of API input, kept apart from the pure rules so the web app can use those rules
 * without shipping zod to every phone.
 */
import { z } from "zod";
import { MAX_AMOUNT } from "./money.ts";
import { MAX_EMERGENCY_DAYS, MIN_EMERGENCY_DAYS } from "./status.ts";

/** The schema every API input that carries money uses: an integer amount of minor units. */
export const amountSchema = z
  .number({ error: "errors.amount.notANumber" })
  .int({ error: "errors.amount.tooManyDecimals" })
  .positive({ error: "errors.amount.notPositive" })
  .max(MAX_AMOUNT, { error: "errors.amount.tooLarge" });

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
