/**
 * The zod schemas of API input, kept apart from the pure rules so the web app can use those rules
 * without shipping zod to every phone.
 */
import { z } from "zod";
import { START_PARAM_PATTERN } from "./links.ts";
import { MAX_AMOUNT } from "./money.ts";
import { notificationCategories } from "./notifications.ts";
import {
  MAX_ABOUT,
  MAX_NAME,
  MAX_PAYMENT_DETAILS,
  MAX_PAYMENT_LABEL,
  MAX_PAYMENT_VALUE,
} from "./profile.ts";
import { MAX_EMERGENCY_DAYS, MIN_EMERGENCY_DAYS } from "./status.ts";
import { MAX_STORY, MAX_UPDATE } from "./story.ts";

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

/** The largest id PostgreSQL's `integer` holds: a larger one names nothing and is refused as such. */
export const MAX_ID = 2_147_483_647;

/** Every id an API input names: a positive integer PostgreSQL can hold. */
export const idSchema = z
  .number({ error: "errors.input.id" })
  .int({ error: "errors.input.id" })
  .positive({ error: "errors.input.id" })
  .max(MAX_ID, { error: "errors.input.id" });

/** Pledge to a collection: an intention to a monthly one, an obligation to an emergency. */
export const pledgeCreateSchema = z.object({ collectionId: idSchema, amount: amountSchema });

/** A member's move on a pledge; `amount` only with "edit". */
export const pledgeActSchema = z.discriminatedUnion("action", [
  z.object({ pledgeId: idSchema, action: z.literal("edit"), amount: amountSchema }),
  z.object({
    pledgeId: idSchema,
    action: z.enum(["withdraw", "commit", "fulfil", "confirm", "notReceived", "release"], {
      error: "errors.input.action",
    }),
  }),
]);
export type PledgeActInput = z.infer<typeof pledgeActSchema>;

export const pledgeNudgeSchema = z.object({
  pledgeId: idSchema,
  kind: z.enum(["askCommit", "askFulfil", "remindConfirm"], { error: "errors.input.action" }),
});

/** One page of a list, newest first; `cursor` is the last id of the previous page. */
export const pledgeListSchema = z.object({
  list: z.enum(["circle", "helping", "overdue", "confirmedArchive"], {
    error: "errors.input.list",
  }),
  limit: z.number().int().min(1).max(100).default(20),
  cursor: idSchema.optional(),
});

/** What needs my action now (Home): at most `limit` items, the most urgent first. */
export const booksActionsSchema = z.object({
  limit: z.number().int().min(1).max(50).default(20),
});

export const collectionIdSchema = z.object({ collectionId: idSchema });
export const pledgeIdSchema = z.object({ pledgeId: idSchema });

export const memberIdSchema = z.object({ memberId: idSchema });

/** An invite for oneself (no target) or for a member in need in one's network. */
export const inviteCreateSchema = z.object({ targetId: idSchema.optional() });

/** A code as it arrives from a start parameter: anything outside Telegram's alphabet is unknown. */
export const inviteCodeSchema = z.object({
  code: z.string({ error: "errors.invite.unknown" }).regex(START_PARAM_PATTERN, {
    error: "errors.invite.unknown",
  }),
});

/** One page of one's own invite links or of who joined through them, newest first. */
export const invitePageSchema = z.object({
  limit: z.number().int().min(1).max(100).default(20),
  offset: z.number().int().min(0).max(100_000).default(0),
});

/**
 * One page of members: my network, those in need I do not help yet, my helpers (👥→👤), those I
 * help (👤→👥), or suggestions. With memberId: another member's network, helpers or helped, as far
 * as I can see them.
 */
export const memberListSchema = z
  .object({
    list: z.enum(["network", "needHelp", "helpers", "helped", "suggestions"], {
      error: "errors.input.list",
    }),
    memberId: idSchema.optional(),
    limit: z.number().int().min(1).max(100).default(20),
    offset: z.number().int().min(0).max(100_000).default(0),
  })
  .refine((v) => v.memberId === undefined || !["needHelp", "suggestions"].includes(v.list), {
    error: "errors.input.list",
    path: ["list"],
  });

export { MAX_ABOUT, MAX_NAME, MAX_PAYMENT_DETAILS } from "./profile.ts";

/** What a member may change about themself; each field optional. */
export const profileUpdateSchema = z.object({
  name: z
    .string({ error: "errors.profile.name" })
    .trim()
    .min(1, { error: "errors.profile.name" })
    .max(MAX_NAME, { error: "errors.profile.name" })
    .optional(),
  about: z
    .string({ error: "errors.profile.about" })
    .trim()
    .max(MAX_ABOUT, { error: "errors.profile.about" })
    .optional(),
  language: z.enum(["en", "ru", "uk"], { error: "errors.profile.language" }).optional(),
});

/** The whole list of payment details at once: label + value pairs, exactly one default if any. */
export const paymentDetailsSchema = z.object({
  details: z
    .array(
      z.object({
        label: z
          .string()
          .trim()
          .min(1, { error: "errors.payment.label" })
          .max(MAX_PAYMENT_LABEL, { error: "errors.payment.label" }),
        value: z
          .string()
          .trim()
          .min(1, { error: "errors.payment.value" })
          .max(MAX_PAYMENT_VALUE, { error: "errors.payment.value" }),
        isDefault: z.boolean(),
      }),
    )
    .max(MAX_PAYMENT_DETAILS, { error: "errors.payment.tooMany" })
    .refine((d) => d.length === 0 || d.filter((x) => x.isDefault).length === 1, {
      error: "errors.payment.oneDefault",
    }),
});

/** Leaving Exodus is asked for twice: the member must send `confirm: true`. */
export const leaveSchema = z.object({
  confirm: z.literal(true, { error: "errors.profile.confirmLeave" }),
});

/** The whole set of notification categories the member mutes; an empty list hears everything. */
export const notificationSettingsSchema = z.object({
  muted: z.array(z.enum(notificationCategories, { error: "errors.notifications.category" })),
});

/** A need's story: what it is for; an empty one clears it. */
export const collectionStorySchema = z.object({
  collectionId: idSchema,
  story: z
    .string({ error: "errors.story.tooLong" })
    .trim()
    .max(MAX_STORY, { error: "errors.story.tooLong" }),
});

/** A need's update, sent to its circle. */
export const collectionUpdateSchema = z.object({
  collectionId: idSchema,
  text: z
    .string({ error: "errors.story.updateEmpty" })
    .trim()
    .min(1, { error: "errors.story.updateEmpty" })
    .max(MAX_UPDATE, { error: "errors.story.updateTooLong" }),
});
