import { type Collection, Prisma, type PrismaClient } from "@exodus/db";
import {
  applyInitiativeTransition,
  type InitiativeStatus,
  liveInitiativeStatuses,
  lowerGoalError,
  MAX_OPEN_INITIATIVES,
} from "@exodus/shared";
import type { InitiativeProposeInput } from "@exodus/shared/schemas";
import { collectionTotals } from "../books/queries.ts";
import { postUpdate, UPDATES_LISTED } from "../collections/story.ts";
import { refuse } from "../errors.ts";
import { actingMember, lockCollection, lockMember } from "../locks.ts";
import { networkCtes } from "../network/graph.ts";
import { nameOf } from "../network/names.ts";
import { endInitiatives, settleInitiative } from "./life.ts";
import { canSeeInitiative } from "./visibility.ts";

/**
 * Initiatives 🎯 (DOMAIN.md "Initiatives (social design)"; shared's initiative.ts): a member, ✅
 * included, proposes one to their network — a title, a story, a goal, a deadline of 1–90 days —
 * and only their network sees it (two ties, as "my network" reads; no suggestions, no invite
 * links). Its pledges are made and moved by the pledge procedures; the moves Exodus then makes are
 * life.ts's.
 */

type Tx = Prisma.TransactionClient;
type Db = PrismaClient | Tx;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The same proposal again this soon is the same tap twice: the first initiative is the answer. */
export const PROPOSE_REPEAT_MS = 60_000;

/** How many initiatives initiative.list returns. */
export const INITIATIVES_LISTED = 100;

export interface InitiativeContext {
  prisma: PrismaClient;
  memberId: number;
  now: Date;
  timeZone: string;
}

/** The initiative `id` if the viewer may see it; not found (as for one that does not exist) else. */
async function visibleInitiative(db: Db, ctx: Omit<InitiativeContext, "prisma">, id: number) {
  const found = await db.collection.findUnique({ where: { id } });
  if (
    found?.kind !== "initiative" ||
    !(await canSeeInitiative(db, ctx.memberId, found, ctx.now, ctx.timeZone))
  ) {
    throw refuse("NOT_FOUND", "errors.collection.notFound");
  }
  return found;
}

/**
 * The caller's own initiative, locked (the initiator, then the collection: locks.ts's order) and
 * read again under the locks. Someone else's: not theirs to change if they may see it, not found if
 * they may not.
 */
async function lockOwnInitiative(tx: Tx, ctx: Omit<InitiativeContext, "prisma">, id: number) {
  await actingMember(tx, ctx.memberId);
  const found = await visibleInitiative(tx, ctx, id);
  if (found.memberId !== ctx.memberId) throw refuse("FORBIDDEN", "errors.initiative.notYours");
  await lockMember(tx, ctx.memberId);
  await lockCollection(tx, id);
  return tx.collection.findUniqueOrThrow({ where: { id } });
}

/**
 * A member proposes an initiative to their network. At most MAX_OPEN_INITIATIVES open or going
 * ahead at once; the same proposal twice within PROPOSE_REPEAT_MS is one. Returns its view.
 */
export async function proposeInitiative(ctx: InitiativeContext, input: InitiativeProposeInput) {
  const id = await ctx.prisma.$transaction(async (tx) => {
    await actingMember(tx, ctx.memberId);
    await lockMember(tx, ctx.memberId);
    const same = await tx.collection.findFirst({
      where: {
        memberId: ctx.memberId,
        kind: "initiative",
        title: input.title,
        story: input.story,
        goal: input.goal,
        openedAt: { gt: new Date(ctx.now.getTime() - PROPOSE_REPEAT_MS) },
      },
      orderBy: { id: "desc" },
    });
    if (same) return same.id;
    const open = await tx.collection.count({
      where: {
        memberId: ctx.memberId,
        kind: "initiative",
        initiativeStatus: { in: [...liveInitiativeStatuses] },
      },
    });
    if (open >= MAX_OPEN_INITIATIVES) throw refuse("CONFLICT", "errors.initiative.tooMany");
    const created = await tx.collection.create({
      data: {
        memberId: ctx.memberId,
        kind: "initiative",
        goal: input.goal,
        title: input.title,
        story: input.story,
        initiativeStatus: "open",
        deadline: new Date(ctx.now.getTime() + input.days * DAY_MS),
        openedAt: ctx.now,
      },
    });
    return created.id;
  });
  return getInitiative(ctx, id);
}

/**
 * The initiator lowers the goal while it is open; if what is committed already covers the lower
 * goal, it goes ahead in the same transaction. The goal it already has is a repeated tap.
 */
export async function lowerInitiativeGoal(
  ctx: InitiativeContext,
  input: { collectionId: number; goal: number },
) {
  await ctx.prisma.$transaction(async (tx) => {
    const c = await lockOwnInitiative(tx, ctx, input.collectionId);
    if (c.goal === input.goal) return;
    const move = applyInitiativeTransition(statusOf(c), "lowerGoal", "initiator");
    if (!move.ok) throw refuse("CONFLICT", move.error);
    const lower = lowerGoalError(c.goal, input.goal);
    if (lower) throw refuse("CONFLICT", lower);
    await tx.collection.update({ where: { id: c.id }, data: { goal: input.goal } });
    await settleInitiative(tx, c.id, ctx.now);
  });
  return getInitiative(ctx, input.collectionId);
}

/**
 * The initiator calls it off before it goes ahead: its intentions end, Exodus releases its
 * obligations, its givers are told. Cancelled already: a repeated tap, nothing more happens.
 */
export async function cancelInitiative(ctx: InitiativeContext, input: { collectionId: number }) {
  await ctx.prisma.$transaction(async (tx) => {
    const c = await lockOwnInitiative(tx, ctx, input.collectionId);
    if (c.initiativeStatus === "cancelled") return;
    const move = applyInitiativeTransition(statusOf(c), "cancel", "initiator");
    if (!move.ok) throw refuse("CONFLICT", move.error);
    await endInitiatives(tx, [c.id], "cancel", ctx.now);
  });
  return getInitiative(ctx, input.collectionId);
}

/**
 * The initiator posts an update, as a need's story update (collections/story.ts): to everyone who
 * helps, once, while it is not over.
 */
export async function postInitiativeUpdate(
  ctx: InitiativeContext,
  input: { collectionId: number; text: string },
) {
  const c = await visibleInitiative(ctx.prisma, ctx, input.collectionId);
  if (c.memberId !== ctx.memberId) throw refuse("FORBIDDEN", "errors.initiative.notYours");
  return postUpdate(ctx.prisma, ctx.memberId, input, ctx.now, ctx.timeZone);
}

/** One initiative as its page shows it: what it is, where it stands, the viewer's own pledge. */
export async function getInitiative(ctx: InitiativeContext, id: number) {
  const c = await visibleInitiative(ctx.prisma, ctx, id);
  const [view] = await views(ctx, [c.id]);
  const updates = await ctx.prisma.collectionUpdate.findMany({
    where: { collectionId: c.id },
    orderBy: { id: "desc" },
    take: UPDATES_LISTED,
    select: { id: true, text: true, createdAt: true },
  });
  const mine = await ctx.prisma.pledge.findFirst({
    where: { collectionId: c.id, giverId: ctx.memberId },
    orderBy: { id: "desc" },
    select: { id: true, state: true, amount: true },
  });
  if (!view) throw refuse("NOT_FOUND", "errors.collection.notFound");
  return {
    ...view,
    story: c.story,
    myPledge: mine,
    updates: updates.map((u) => ({ id: u.id, text: u.text, at: u.createdAt.toISOString() })),
  };
}

/**
 * The initiatives the viewer sees: those under way (open or going ahead) of their network and
 * their own, then those over that they proposed or pledged to; under way first, the nearest
 * deadline first.
 */
export async function listInitiatives(ctx: InitiativeContext) {
  const live = Prisma.join(liveInitiativeStatuses.map((s) => Prisma.raw(`'${s}'`)));
  const rows = await ctx.prisma.$queryRaw<{ id: number }[]>`
    WITH ${networkCtes(ctx.memberId, ctx.now, ctx.timeZone)}
    SELECT c.id FROM collection c
    JOIN member m ON m.id = c.member_id AND m.deleted_at IS NULL
    WHERE c.kind::text = 'initiative' AND (
      c.member_id = ${ctx.memberId}
      OR (c.initiative_status::text IN (${live}) AND c.member_id IN (SELECT id FROM net))
      OR EXISTS (SELECT 1 FROM pledge p WHERE p.collection_id = c.id AND p.giver_id = ${ctx.memberId}))
    ORDER BY (c.closed_at IS NOT NULL), (CASE WHEN c.closed_at IS NULL THEN c.deadline END),
      c.closed_at DESC, c.id DESC
    LIMIT ${INITIATIVES_LISTED}`;
  return views(
    ctx,
    rows.map((r) => r.id),
  );
}

/** The figures and facts of initiatives, in the order of `ids`, in three queries. */
async function views(ctx: InitiativeContext, ids: number[]) {
  if (ids.length === 0) return [];
  const totals = await collectionTotals(ctx.prisma, ids, ctx.now, ctx.timeZone);
  const rows = await ctx.prisma.collection.findMany({
    where: { id: { in: ids } },
    include: { member: { select: { firstName: true, lastName: true, displayName: true } } },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const c = byId.get(id);
    const t = totals.get(id);
    if (!c || !t) return [];
    const status = statusOf(c);
    const underWay = status === "open";
    return [
      {
        id: c.id,
        initiatorId: c.memberId,
        initiatorName: nameOf(c.member),
        mine: c.memberId === ctx.memberId,
        title: c.title ?? "",
        goal: c.goal,
        status,
        openedAt: c.openedAt.toISOString(),
        // The deadline counts only until it goes ahead (an initiative gone ahead has none left).
        deadline: c.deadline?.toISOString() ?? null,
        daysLeft: underWay ? t.daysLeft : null,
        wentAheadAt: c.wentAheadAt?.toISOString() ?? null,
        endedAt: (c.doneAt ?? c.failedAt ?? c.cancelledAt)?.toISOString() ?? null,
        intentions: t.intentions,
        obligations: t.obligations,
        confirmed: t.confirmed,
        missing: t.missing,
        helpers: t.helpers,
      },
    ];
  });
}

function statusOf(c: Pick<Collection, "initiativeStatus">): InitiativeStatus {
  if (!c.initiativeStatus) throw new Error("an initiative without a status");
  return c.initiativeStatus;
}
