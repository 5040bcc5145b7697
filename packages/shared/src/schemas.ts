/**
 * The zod schemas of API input, kept apart from the pure rules so the web app can use those rules
 * without shipping zod to every phone.
 */
import { z } from "zod";
import { MAX_EMERGENCY_DAYS, MIN_EMERGENCY_DAYS } from "./emergency.ts";
import {
  initiativeStoryText,
  initiativeTitleText,
  MAX_INITIATIVE_DAYS,
  MIN_INITIATIVE_DAYS,
} from "./initiative.ts";
import { START_PARAM_PATTERN } from "./links.ts";
import { MAX_AMOUNT } from "./money.ts";
import { notificationCategories } from "./notifications.ts";
import {
  claimStoryText,
  DEFAULT_ANSWER_DAYS,
  DEFAULT_BACKERS_NEEDED,
  MAX_ANSWER_DAYS,
  MAX_BACKERS_NEEDED,
  MIN_ANSWER_DAYS,
  MIN_BACKERS_NEEDED,
  poolNameText,
  poolRulesText,
} from "./pool.ts";
import {
  aboutText,
  MAX_PAYMENT_DETAILS,
  nameText,
  paymentLabelText,
  paymentValueText,
} from "./profile.ts";
import { storyText, updateText } from "./story.ts";
import { keptText, type TextRule, textError } from "./text.ts";

/**
 * The schema of every free text an API input carries: kept trimmed, refused (with the key text.ts
 * gives, the same one the web shows before sending) when PostgreSQL would refuse it or a reader
 * would be misled by it.
 */
export function textSchema(rule: TextRule) {
  return z
    .string({ error: rule.errors?.empty ?? "errors.input.invalid" })
    .superRefine((text, ctx) => {
      const error = textError(text, rule);
      if (error) ctx.addIssue({ code: "custom", message: error });
    })
    .transform((text) => keptText(text, rule));
}

/** How many rows a page holds: a whole number up to `max`. */
export function pageLimitSchema(max: number) {
  return z
    .number({ error: "errors.input.page" })
    .int({ error: "errors.input.page" })
    .min(1, { error: "errors.input.page" })
    .max(max, { error: "errors.input.page" })
    .default(20);
}

/** How many rows to skip before a page: far enough for any list a member scrolls. */
export const pageOffsetSchema = z
  .number({ error: "errors.input.page" })
  .int({ error: "errors.input.page" })
  .min(0, { error: "errors.input.page" })
  .max(100_000, { error: "errors.input.page" })
  .default(0);

/** The schema every API input that carries money uses: an integer amount of minor units. */
export const amountSchema = z
  .number({ error: "errors.amount.notANumber" })
  // Before .int(), which calls an integer past 2^53 "not an integer": it is too large.
  .max(MAX_AMOUNT, { error: "errors.amount.tooLarge" })
  .int({ error: "errors.amount.tooManyDecimals" })
  .positive({ error: "errors.amount.notPositive" });

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

/** The most lines an edited plan may carry: more than any giver's network offers in practice. */
export const MAX_PLAN_LINES = 500;

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
  limit: pageLimitSchema(100),
  cursor: idSchema.optional(),
});

/** What needs my action now (Home): at most `limit` items, the most urgent first. */
export const booksActionsSchema = z.object({
  limit: pageLimitSchema(50),
});

export const collectionIdSchema = z.object({ collectionId: idSchema });
export const pledgeIdSchema = z.object({ pledgeId: idSchema });

/** An answer to a clearing round; `digest` is the part as shown, so a changed part is not agreed. */
export const clearingAnswerSchema = z.object({
  roundId: idSchema,
  digest: z
    .string({ error: "errors.input.invalid" })
    .max(64, { error: "errors.input.invalid" })
    .optional(),
});

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
  limit: pageLimitSchema(100),
  offset: pageOffsetSchema,
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
    limit: pageLimitSchema(100),
    offset: pageOffsetSchema,
  })
  .refine((v) => v.memberId === undefined || !["needHelp", "suggestions"].includes(v.list), {
    error: "errors.input.list",
    path: ["list"],
  });

export { MAX_ABOUT, MAX_NAME, MAX_PAYMENT_DETAILS } from "./profile.ts";

/** What a member may change about themself; each field optional. */
export const profileUpdateSchema = z.object({
  name: textSchema(nameText).optional(),
  about: textSchema(aboutText).optional(),
  language: z.enum(["en", "ru", "uk"], { error: "errors.profile.language" }).optional(),
  /** The monthly giving budget the balancer plans up to; null clears it. */
  budget: amountSchema.nullable().optional(),
});

/** The whole list of payment details at once: label + value pairs, exactly one default if any. */
export const paymentDetailsSchema = z.object({
  details: z
    .array(
      z.object({
        label: textSchema(paymentLabelText),
        value: textSchema(paymentValueText),
        isDefault: z.boolean({ error: "errors.payment.oneDefault" }),
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
  muted: z.array(z.enum(notificationCategories, { error: "errors.notifications.category" }), {
    error: "errors.notifications.category",
  }),
});

/** A need's story: what it is for; an empty one clears it. */
export const collectionStorySchema = z.object({
  collectionId: idSchema,
  story: textSchema(storyText),
});

/** A need's update, sent to its circle. */
export const collectionUpdateSchema = z.object({
  collectionId: idSchema,
  text: textSchema(updateText),
});

/** An amount a plan's line may take: as any amount, or 0 for "none". */
export const planAmountSchema = z
  .number({ error: "errors.amount.notANumber" })
  .max(MAX_AMOUNT, { error: "errors.amount.tooLarge" })
  .int({ error: "errors.amount.tooManyDecimals" })
  .nonnegative({ error: "errors.amount.negative" });

/** A giver's plan, named by its id. */
export const planIdSchema = z.object({ planId: idSchema });

/**
 * Applying a plan, maybe edited first: `lines` are the amounts the giver changed, each to a
 * collection of the plan, at most once (the server checks the rest: the plan's, the total).
 */
export const planApplySchema = z.object({
  planId: idSchema,
  lines: z
    .array(z.object({ collectionId: idSchema, amount: planAmountSchema }), {
      error: "errors.input.invalid",
    })
    .max(MAX_PLAN_LINES, { error: "errors.input.invalid" })
    .refine((lines) => new Set(lines.map((l) => l.collectionId)).size === lines.length, {
      error: "errors.plan.lineTwice",
    })
    .optional(),
});
export type PlanApplyInput = z.infer<typeof planApplySchema>;

/** A whole number of days from `min` to `max`, refused with `error` otherwise. */
function daysSchema(min: number, max: number, error: string) {
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** An initiative 🎯 proposed to one's network (DOMAIN.md "Initiatives"): all or nothing by the deadline. */
export const initiativeProposeSchema = z.object({
  title: textSchema(initiativeTitleText),
  story: textSchema(initiativeStoryText),
  goal: amountSchema,
  days: daysSchema(MIN_INITIATIVE_DAYS, MAX_INITIATIVE_DAYS, "errors.initiative.days"),
});
export type InitiativeProposeInput = z.infer<typeof initiativeProposeSchema>;

/** The initiator lowers the goal (the server checks it is lower and the initiative still open). */
export const initiativeLowerGoalSchema = z.object({ collectionId: idSchema, goal: amountSchema });

/** A pool 🛟: its name and rules, how many backers a claim needs, the answer days, the largest claim. */
export const poolCreateSchema = z.object({
  name: textSchema(poolNameText),
  rules: textSchema(poolRulesText),
  backersNeeded: z
    .number({ error: "errors.pool.backers" })
    .int({ error: "errors.pool.backers" })
    .min(MIN_BACKERS_NEEDED, { error: "errors.pool.backers" })
    .max(MAX_BACKERS_NEEDED, { error: "errors.pool.backers" })
    .default(DEFAULT_BACKERS_NEEDED),
  answerDays: daysSchema(MIN_ANSWER_DAYS, MAX_ANSWER_DAYS, "errors.pool.answerDays").default(
    DEFAULT_ANSWER_DAYS,
  ),
  largestClaim: amountSchema,
  /** The founder's own monthly cap: a pool starts with its founder in it. */
  cap: amountSchema,
});
export type PoolCreateInput = z.infer<typeof poolCreateSchema>;

/** A member's monthly cap in a pool: at least one minor unit (0 is leaving, its own move). */
export const poolCapSchema = z.object({ poolId: idSchema, cap: amountSchema });

/** A claim: what happened and the amount (checked against the pool by pool.ts's claimAmountError). */
export const claimFileSchema = z.object({
  poolId: idSchema,
  amount: amountSchema,
  story: textSchema(claimStoryText),
});
export type ClaimFileInput = z.infer<typeof claimFileSchema>;

export const poolIdSchema = z.object({ poolId: idSchema });

/** A member of the pool invites a member of their own network. */
export const poolInviteSchema = z.object({ poolId: idSchema, memberId: idSchema });

/** The giver of a share answers it. */
export const shareAnswerSchema = z.object({
  pledgeId: idSchema,
  answer: z.enum(["commit", "decline"], { error: "errors.share.answer" }),
});
