/**
 * Pools of mutual intentions 🛟 (DOMAIN.md "Pools of mutual intentions"): mutual insurance with no
 * money held. The life of a claim and of each of its shares, as tables like the pledge's.
 *
 * A claim (a collection of its own kind; its owner may be ✅):
 *
 *   file (claimant) ─► FILED ── back (another member; the last one needed) ─► BACKED ── share (Exodus) ─► SHARED
 *                        │                                                                                 │
 *                        ├── withdraw (claimant) ─► WITHDRAWN                      settle (Exodus: every share answered)
 *                        └── lapse (Exodus: not backed within the answer days) ─► LAPSED     ├─► COVERED (Σ committed = amount)
 *                                                                                            └─► PARTLY COVERED (🙏 left)
 *
 * Backing and sharing happen in one transaction: the claim is BACKED only for that moment, which the
 * audit keeps (backed_at). Each share (a pledge, kind claim, made by the pledge table's `share`):
 *
 *   share (Exodus) ─► OFFERED ─┬─ commit (its giver) ─► COMMITTED ─► the usual life of an obligation
 *                              ├─ silence past the answer days (Exodus) ─► COMMITTED (the cap was a promise)
 *                              └─ decline (its giver) ─► DECLINED: the pledge withdrawn, the giver leaves
 *                                 the pool, and the share is re-shared among the rest (pool-shares).
 */
import type { PledgeAction } from "./pledge.ts";
import type { TextRule } from "./text.ts";

// ─── Claims ──────────────────────────────────────────────────────────────────────────────────────

export const claimStatuses = [
  "filed",
  "backed",
  "shared",
  "covered",
  "partlyCovered",
  "withdrawn",
  "lapsed",
] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

/** The claim's owner, another member of its pool, or Exodus itself. */
export type ClaimActor = "claimant" | "member" | "system";

export interface ClaimTransition {
  by: ClaimActor;
  from: readonly ClaimStatus[];
  /** Where it leads; several: which one the books decide (`when`). */
  to: ClaimStatus | readonly ClaimStatus[];
  when?: string;
  /** The collection closes (no new shares; shares already made follow their own life). */
  closes?: true;
}

export const claimTransitions = {
  /** A member files what happened and the amount (≤ largest claim, ≤ Σ the others' caps left). */
  file: { by: "claimant", from: [], to: "filed" },
  /**
   * Another member backs it as real (one claim_backer row each; twice is once). The backer whose
   * backing makes the pool's number lands it in BACKED; before that it stays FILED.
   */
  back: {
    by: "member",
    from: ["filed"],
    to: ["filed", "backed"],
    when: "backers ≥ the pool's backers needed",
  },
  /** The claimant takes it back before it is backed. */
  withdraw: { by: "claimant", from: ["filed"], to: "withdrawn", closes: true },
  /** Not backed within the pool's answer days. */
  lapse: { by: "system", from: ["filed"], to: "lapsed", when: "answer days passed", closes: true },
  /** Shared among the other members pro rata to their caps left: a share obligation each. */
  share: { by: "system", from: ["backed"], to: "shared" },
  /**
   * Every share answered (committed, by word or silence, or declined and re-shared as far as caps
   * go): covered when the committed shares make the amount, partly covered otherwise (🙏 shown).
   */
  settle: {
    by: "system",
    from: ["shared"],
    to: ["covered", "partlyCovered"],
    when: "no share offered",
    closes: true,
  },
} as const satisfies Record<string, ClaimTransition>;

export type ClaimAction = keyof typeof claimTransitions;
export const claimActions = Object.keys(claimTransitions) as ClaimAction[];

export type ClaimError = "errors.claim.notYours" | "errors.claim.notAllowed";

/** May `actor` make `action` on a claim in `status`? The refusal's key when not. */
export function canActOnClaim(
  status: ClaimStatus,
  action: ClaimAction,
  actor: ClaimActor,
): { ok: true } | { ok: false; error: ClaimError } {
  const t: ClaimTransition = claimTransitions[action];
  if (t.by !== actor) return { ok: false, error: "errors.claim.notYours" };
  if (!t.from.includes(status)) return { ok: false, error: "errors.claim.notAllowed" };
  return { ok: true };
}

/** Where a backing lands: BACKED once the pool's number of backers is reached. */
export function statusAfterBacking(backers: number, backersNeeded: number): "filed" | "backed" {
  return backers >= backersNeeded ? "backed" : "filed";
}

/** How a shared claim ends once no share is left offered. */
export function settledStatus(amount: number, committed: number): "covered" | "partlyCovered" {
  return committed >= amount ? "covered" : "partlyCovered";
}

// ─── Shares ──────────────────────────────────────────────────────────────────────────────────────

export const shareAnswers = ["offered", "committed", "declined"] as const;
export type ShareAnswer = (typeof shareAnswers)[number];

/** How a share's answer changes, and the pledge table's move that records it on its pledge. */
export const shareTransitions = {
  commit: { by: "giver", from: ["offered"], to: "committed", pledge: "commitShare" },
  /** Silence until the answer deadline: the share stands, as the cap promised. */
  stand: { by: "system", from: ["offered"], to: "committed", pledge: "commitShare" },
  decline: { by: "giver", from: ["offered"], to: "declined", pledge: "declineShare" },
} as const satisfies Record<
  string,
  {
    by: "giver" | "system";
    from: readonly ShareAnswer[];
    to: ShareAnswer;
    pledge: PledgeAction;
  }
>;
export type ShareAction = keyof typeof shareTransitions;

/**
 * The usual moves of a share's pledge, by its answer: an offered share is answered first (given
 * only once taken on); a committed one lives as any obligation; a declined one is over.
 */
export const sharePledgeMoves: Record<ShareAnswer, readonly PledgeAction[]> = {
  offered: ["release"],
  committed: ["fulfil", "confirm", "notReceived", "release"],
  declined: [],
};

export function shareAllowsPledgeMove(answer: ShareAnswer, action: PledgeAction): boolean {
  return sharePledgeMoves[answer].includes(action);
}

// ─── Pools and their limits ──────────────────────────────────────────────────────────────────────

export const MAX_POOL_NAME = 64;
export const MAX_POOL_RULES = 2000;
export const MAX_CLAIM_STORY = 1000;
export const DEFAULT_BACKERS_NEEDED = 2;
export const MIN_BACKERS_NEEDED = 1;
/** More backers than this turns a claim into a vote of the whole pool. */
export const MAX_BACKERS_NEEDED = 10;
export const DEFAULT_ANSWER_DAYS = 3;
export const MIN_ANSWER_DAYS = 1;
export const MAX_ANSWER_DAYS = 14;
/** Members one pool holds: shares of a claim stay a readable list, re-sharing stays cheap. */
export const MAX_POOL_MEMBERS = 200;

export const poolNameText: TextRule = {
  max: MAX_POOL_NAME,
  errors: { empty: "errors.pool.nameEmpty", tooLong: "errors.pool.nameTooLong" },
};

/** The rules: what events the pool covers, in the members' own words. */
export const poolRulesText: TextRule = {
  max: MAX_POOL_RULES,
  multiline: true,
  errors: { empty: "errors.pool.rulesEmpty", tooLong: "errors.pool.rulesTooLong" },
};

/** What happened: the claim's story. */
export const claimStoryText: TextRule = {
  max: MAX_CLAIM_STORY,
  multiline: true,
  errors: { empty: "errors.claim.storyEmpty", tooLong: "errors.claim.storyTooLong" },
};

export type ClaimAmountError = "errors.claim.overLargest" | "errors.claim.overCaps";

/**
 * Whether a claim of `amount` may be filed: at most the pool's largest claim, and at most what the
 * other members' caps left can carry this month (Σ L over the others).
 */
export function claimAmountError(
  amount: number,
  pool: { largestClaim: number; othersCapsLeft: number },
): ClaimAmountError | undefined {
  if (amount > pool.largestClaim) return "errors.claim.overLargest";
  if (amount > pool.othersCapsLeft) return "errors.claim.overCaps";
  return undefined;
}

/** Caps left = cap − the shares committed or still offered this month, never below 0. */
export function capLeft(cap: number, sharesThisMonth: number): number {
  return Math.max(cap - sharesThisMonth, 0);
}
