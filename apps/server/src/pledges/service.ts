import type { Collection, Pledge, Prisma, PrismaClient } from "@exodus/db";
import {
  type Actor,
  applyTransition,
  availableActions,
  canNudge,
  initiativeAllowsPledgeMove,
  landsInOverdue,
  liveStates,
  MAX_PLEDGES_PER_HOUR,
  type MemberPledgeAction,
  type NudgeKind,
  nudgeKinds,
  nudgeWaitsUntil,
  PLEDGE_WINDOW_MS,
  type PledgeEventAction,
  periodDate,
  periodOf,
  shareAllowsPledgeMove,
  startingState,
  transitions,
} from "@exodus/shared";
import { emergencyReached, endEmergency } from "../collections/service.ts";
import { refuse } from "../errors.ts";
import { settleInitiative } from "../initiatives/life.ts";
import { actingMember, lockCollection, lockMember, lockPledge } from "../locks.ts";
import { defaultPaymentPayload } from "../members/profile.ts";
import { canSee, inNetworkOf } from "../network/graph.ts";
import { notify } from "../notifications/outbox.ts";
import { tellPledgeNews } from "../notifications/pledge-news.ts";

type Tx = Prisma.TransactionClient;

/** What a pledge change needs besides its input: who asks, when, and the network's time zone. */
export interface PledgeContext {
  prisma: PrismaClient;
  memberId: number;
  now: Date;
  timeZone: string;
}

/**
 * A giver pledges to a collection: an intention to a monthly one, an obligation to an emergency
 * (emergencies take obligations only). One live pledge per giver per collection and period; none to
 * oneself, to a ✅ member, to a closed or paused collection. A repeated tap returns the same pledge.
 */
export async function createPledge(
  ctx: PledgeContext,
  input: { collectionId: number; amount: number },
): Promise<Pledge> {
  return ctx.prisma.$transaction((tx) => createPledgeIn(tx, ctx, input));
}

/** Who acts, and when, for a pledge change made inside a transaction someone else opened. */
export type PledgeMove = Omit<PledgeContext, "prisma">;

/**
 * createPledge inside the caller's transaction (a plan applies several in one): the same rules and
 * locks, the same audit row and news.
 */
export async function createPledgeIn(
  tx: Tx,
  ctx: PledgeMove,
  input: { collectionId: number; amount: number },
): Promise<Pledge> {
  const period = periodDate(periodOf(ctx.now, ctx.timeZone));
  await actingMember(tx, ctx.memberId);
  const found = await tx.collection.findUnique({ where: { id: input.collectionId } });
  // A collection of someone one cannot see answers as one that does not exist; an initiative is
  // seen by its initiator's network only (initiatives/service.ts).
  const visible =
    found &&
    (found.kind === "initiative"
      ? found.memberId === ctx.memberId ||
        (await inNetworkOf(tx, ctx.memberId, found.memberId, ctx.now, ctx.timeZone))
      : await canSee(tx, ctx.memberId, found.memberId, ctx.now, ctx.timeZone));
  if (!found || !visible) throw refuse("NOT_FOUND", "errors.collection.notFound");
  await lockMember(tx, found.memberId);
  await lockCollection(tx, found.id);
  const collection = await tx.collection.findUniqueOrThrow({ where: { id: found.id } });
  if (collection.closedAt) throw refuse("NOT_FOUND", "errors.collection.notFound");
  // A claim's shares are Exodus's to offer (pools): no giver pledges to a claim.
  if (collection.kind === "claim") throw refuse("CONFLICT", "errors.pledge.notHere");
  if (collection.memberId === ctx.memberId) throw refuse("CONFLICT", "errors.pledge.self");
  if (collection.paused) throw refuse("CONFLICT", "errors.collection.paused");
  if (collection.kind === "initiative") {
    // Its initiator may be ✅; an open initiative past its deadline waits for the scheduler to end it.
    if (
      collection.deadline &&
      collection.deadline <= ctx.now &&
      collection.initiativeStatus === "open"
    ) {
      throw refuse("CONFLICT", "errors.initiative.notAllowed");
    }
  } else {
    const receiver = await tx.member.findUniqueOrThrow({ where: { id: collection.memberId } });
    if (receiver.status === "green") throw refuse("CONFLICT", "errors.pledge.receiverGreen");
  }

  const live = await tx.pledge.findFirst({
    where: {
      giverId: ctx.memberId,
      collectionId: collection.id,
      state: { in: [...liveStates] },
      overdue: false,
      ...(collection.kind === "monthly" ? { period } : {}),
    },
  });
  if (live) {
    if (live.amount === input.amount) return live;
    throw refuse("CONFLICT", "errors.pledge.alreadyPledged");
  }

  await withinPledgeLimit(tx, ctx, collection.id);

  const state = startingState(collection.kind);
  const pledge = await tx.pledge.create({
    data: {
      giverId: ctx.memberId,
      receiverId: collection.memberId,
      collectionId: collection.id,
      amount: input.amount,
      state,
      period,
      stateChangedAt: ctx.now,
      createdAt: ctx.now,
    },
  });
  const event = await logEvent(tx, pledge, ctx.memberId, "create", null, ctx.now);
  // Pledging, withdrawing and pledging again in a burst tells the receiver once, if at all.
  await tellPledgeNews(tx, {
    senderId: ctx.memberId,
    recipientId: collection.memberId,
    pledge,
    before: null,
    kind: `${state}.created`,
    created: state,
    dedupeKey: `pledge-news:${event.id}`,
  });
  if (collection.kind === "initiative") await settleInitiative(tx, collection.id, ctx.now);
  return pledge;
}

/**
 * A member acts on a pledge: edit, withdraw, commit, fulfil, confirm, "not received", release.
 * The state machine in shared decides; this writes the result, an audit row and a message to the
 * other side, in one transaction holding the collection's and the pledge's locks. The same request
 * twice (a double tap) changes nothing the second time.
 */
export async function actOnPledge(
  ctx: PledgeContext,
  input: { pledgeId: number; action: MemberPledgeAction; amount?: number | undefined },
): Promise<Pledge> {
  return ctx.prisma.$transaction((tx) => actOnPledgeIn(tx, ctx, input));
}

/** actOnPledge inside the caller's transaction: the same rules, locks, audit row and news. */
export async function actOnPledgeIn(
  tx: Tx,
  ctx: PledgeMove,
  input: { pledgeId: number; action: MemberPledgeAction; amount?: number | undefined },
): Promise<Pledge> {
  const { pledge, collection, actor } = await lockOwnPledge(tx, input.pledgeId, ctx.memberId);
  const { action } = input;

  if (action === "edit") {
    if (input.amount === undefined) throw refuse("BAD_REQUEST", "errors.amount.required");
    if (actor !== "giver") throw refuse("FORBIDDEN", "errors.pledge.notYours");
    if (pledge.state === "intention" && pledge.amount === input.amount) return pledge;
  } else if (
    pledge.state === transitions[action].to &&
    (await lastActionWas(tx, pledge, action, ctx.memberId))
  ) {
    return pledge;
  }

  const decision = applyTransition(pledge.state, action, actor, collection.kind);
  if (decision.ok && !(await kindAllows(tx, pledge, collection, action))) {
    throw refuse("CONFLICT", "errors.pledge.notAllowed");
  }
  if (!decision.ok) {
    throw refuse(
      decision.error === "errors.pledge.notYours" ? "FORBIDDEN" : "CONFLICT",
      decision.error,
    );
  }
  const updated = await tx.pledge.update({
    where: { id: pledge.id },
    data: {
      state: decision.to,
      ...(decision.to !== pledge.state ? { stateChangedAt: ctx.now } : {}),
      ...(action === "edit" ? { amount: input.amount } : {}),
      // Given or released, an obligation is no longer offered for clearing: a round it is in
      // takes it out at its next settle (clearing/rounds.ts), never waiting on this move.
      ...(pledge.clearingOfferedAt && decision.to !== "obligation"
        ? { clearingOfferedAt: null }
        : {}),
      ...(landsInOverdue(action, await whatIsOver(tx, pledge, collection))
        ? { overdue: true }
        : {}),
    },
  });
  const event = await logEvent(tx, updated, ctx.memberId, action, pledge.state, ctx.now);
  await tellPledgeNews(tx, {
    senderId: ctx.memberId,
    recipientId: actor === "giver" ? pledge.receiverId : pledge.giverId,
    pledge: updated,
    before: { state: pledge.state, amount: pledge.amount },
    kind: `pledge.${action}`,
    created: startingState(collection.kind),
    dedupeKey: `pledge-news:${event.id}`,
  });

  // An initiative's books changed: it may go ahead, be done, or its givers be asked to commit.
  if (collection.kind === "initiative") await settleInitiative(tx, collection.id, ctx.now);
  if (
    action === "confirm" &&
    collection.kind === "emergency" &&
    !collection.closedAt &&
    (await emergencyReached(tx, collection))
  ) {
    await endEmergency(tx, collection, "reached", ctx.now);
  }
  return updated;
}

/**
 * Asks or reminds the other side of a pledge (a message, no change of state), at most once per pledge
 * per kind per 24 hours. Frozen pledges (their giver in an emergency) get no reminders.
 */
export async function nudgePledge(
  ctx: PledgeContext,
  input: { pledgeId: number; kind: NudgeKind },
): Promise<void> {
  await ctx.prisma.$transaction(async (tx) => {
    const { pledge, actor } = await lockOwnPledge(tx, input.pledgeId, ctx.memberId);
    const last = await tx.pledgeEvent.findFirst({
      where: { pledgeId: pledge.id, action: input.kind },
      orderBy: { at: "desc" },
    });
    const allowed = canNudge(pledge.state, input.kind, actor, last?.at ?? null, ctx.now);
    if (!allowed.ok) {
      const code =
        allowed.error === "errors.pledge.tooSoon"
          ? "TOO_MANY_REQUESTS"
          : allowed.error === "errors.pledge.notYours"
            ? "FORBIDDEN"
            : "CONFLICT";
      throw refuse(code, allowed.error);
    }
    const other = await tx.member.findUniqueOrThrow({
      where: { id: actor === "giver" ? pledge.receiverId : pledge.giverId },
      select: { deletedAt: true },
    });
    if (other.deletedAt) throw refuse("CONFLICT", "errors.pledge.otherLeft");
    if (input.kind !== "remindConfirm") {
      const giver = await tx.member.findUniqueOrThrow({ where: { id: pledge.giverId } });
      if (giver.status === "red") throw refuse("CONFLICT", "errors.pledge.frozen");
    }
    await logEvent(tx, pledge, ctx.memberId, input.kind, pledge.state, ctx.now);
    await notify(tx, {
      recipientId: actor === "giver" ? pledge.receiverId : pledge.giverId,
      senderId: ctx.memberId,
      kind: `nudge.${input.kind}`,
      dedupeKey: `nudge.${input.kind}:${pledge.id}:${ctx.now.getTime()}`,
      payload: {
        pledgeId: pledge.id,
        amount: pledge.amount,
        ...(input.kind === "askFulfil" ? await defaultPaymentPayload(tx, pledge.receiverId) : {}),
      },
    });
  });
}

/**
 * A pledge for its two sides: its state, its history (the audit rows, oldest first), the moves and
 * nudges the viewer may make now, from the same rules the server acts on, and when each nudge the
 * viewer already sent may be sent again (by the server's clock).
 */
export async function getPledge(ctx: PledgeContext, pledgeId: number) {
  const side = { select: { firstName: true, displayName: true, status: true, deletedAt: true } };
  const pledge = await ctx.prisma.pledge.findUnique({
    where: { id: pledgeId },
    include: {
      events: { orderBy: { id: "asc" } },
      giver: side,
      receiver: side,
      collection: { select: { kind: true, initiativeStatus: true } },
    },
  });
  if (!pledge || (pledge.giverId !== ctx.memberId && pledge.receiverId !== ctx.memberId)) {
    throw refuse("NOT_FOUND", "errors.pledge.notFound");
  }
  const actor: Actor = pledge.giverId === ctx.memberId ? "giver" : "receiver";
  const frozen = pledge.giver.status === "red";
  // Nobody is there to ask or remind once the other side left.
  const otherLeft = (actor === "giver" ? pledge.receiver : pledge.giver).deletedAt !== null;
  const lastNudge = (kind: NudgeKind) =>
    pledge.events.filter((e) => e.action === kind).at(-1)?.at ?? null;
  return {
    pledge,
    actor,
    // An initiative's pledges are given only once it goes ahead (shared's initiative.ts).
    actions: availableActions(pledge.state, actor, pledge.collection.kind).filter(
      (a) =>
        pledge.collection.initiativeStatus === null ||
        initiativeAllowsPledgeMove(pledge.collection.initiativeStatus, a),
    ),
    nudges: nudgeKinds.filter(
      (kind) =>
        !otherLeft &&
        (kind === "remindConfirm" || !frozen) &&
        canNudge(pledge.state, kind, actor, lastNudge(kind), ctx.now).ok,
    ),
    nudgeWaits: nudgeKinds.flatMap((kind) => {
      const until = nudgeWaitsUntil(pledge.state, kind, actor, lastNudge(kind), ctx.now);
      return until ? [{ kind, until: until.toISOString() }] : [];
    }),
  };
}

/**
 * Finds a pledge the member (who must not have left) is a side of and locks it with its receiver
 * and collection, in the order of locks.ts. A pledge of others answers as one that does not exist.
 */
async function lockOwnPledge(tx: Tx, pledgeId: number, memberId: number) {
  await actingMember(tx, memberId);
  const found = await tx.pledge.findUnique({ where: { id: pledgeId } });
  if (!found || (found.giverId !== memberId && found.receiverId !== memberId)) {
    throw refuse("NOT_FOUND", "errors.pledge.notFound");
  }
  await lockMember(tx, found.receiverId);
  await lockCollection(tx, found.collectionId);
  await lockPledge(tx, pledgeId);
  const pledge = await tx.pledge.findUniqueOrThrow({ where: { id: pledgeId } });
  const collection = await tx.collection.findUniqueOrThrow({ where: { id: pledge.collectionId } });
  const actor: Actor = pledge.giverId === memberId ? "giver" : "receiver";
  return { pledge, collection, actor };
}

/**
 * A giver pledges to one collection at most MAX_PLEDGES_PER_HOUR times in any PLEDGE_WINDOW_MS:
 * pledging and withdrawing over and over is refused (errors.limit.pledges), the books unchanged.
 * What the rollover renewed is not the giver's doing and does not count. Counted under the collection's lock, which every pledge to it takes, so parallel taps queue.
 */
async function withinPledgeLimit(tx: Tx, ctx: PledgeMove, collectionId: number) {
  const [row] = await tx.$queryRaw<{ made: number }[]>`
    SELECT COUNT(*)::int AS made FROM pledge
    WHERE collection_id = ${collectionId} AND giver_id = ${ctx.memberId}
      AND renewed_from_id IS NULL
      AND created_at > ${new Date(ctx.now.getTime() - PLEDGE_WINDOW_MS)}`;
  if ((row?.made ?? 0) >= MAX_PLEDGES_PER_HOUR) {
    throw refuse("TOO_MANY_REQUESTS", "errors.limit.pledges");
  }
}

/**
 * What an initiative or a claim adds to the pledge table: an initiative's pledges are given only
 * once it goes ahead (shared's initiative.ts), a share only once taken on (pool.ts).
 */
async function kindAllows(
  tx: Tx,
  pledge: Pledge,
  collection: Collection,
  action: MemberPledgeAction,
): Promise<boolean> {
  if (collection.kind === "initiative") {
    return (
      collection.initiativeStatus !== null &&
      initiativeAllowsPledgeMove(collection.initiativeStatus, action)
    );
  }
  if (collection.kind === "claim") {
    const share = await tx.poolShare.findUnique({ where: { pledgeId: pledge.id } });
    return share !== null && shareAllowsPledgeMove(share.answer, action);
  }
  return true;
}

/** What shared's table asks of a member's move that may land in ⌛ (landsInOverdue). */
async function whatIsOver(tx: Tx, pledge: Pledge, collection: Collection) {
  const giver = await tx.member.findUniqueOrThrow({
    where: { id: pledge.giverId },
    select: { status: true, deletedAt: true },
  });
  return {
    emergencyEnded: collection.kind === "emergency" && collection.closedAt !== null,
    giverLeft: giver.deletedAt !== null,
    giverFrozen: giver.status === "red",
  };
}

async function lastActionWas(tx: Tx, pledge: Pledge, action: PledgeEventAction, actorId: number) {
  const last = await tx.pledgeEvent.findFirst({
    where: { pledgeId: pledge.id },
    orderBy: { id: "desc" },
  });
  return last?.action === action && last.actorId === actorId;
}

async function logEvent(
  tx: Tx,
  pledge: Pledge,
  actorId: number | null,
  action: PledgeEventAction,
  fromState: Pledge["state"] | null,
  at: Date,
) {
  return tx.pledgeEvent.create({
    data: {
      pledgeId: pledge.id,
      actorId,
      action,
      fromState,
      toState: pledge.state,
      amount: pledge.amount,
      at,
    },
  });
}
