import { type Collection, Prisma, type PrismaClient } from "@exodus/db";
import {
  canChangeStatus,
  givenStates,
  MAX_OPENINGS_PER_DAY,
  type MemberStatus,
  OPENING_WINDOW_MS,
  type StatusChange,
  transitions,
} from "@exodus/shared";
import { isLiveSql, stateIn } from "../books/predicates.ts";
import { refuse } from "../errors.ts";
import { actingMember, lockCollection, lockMember } from "../locks.ts";
import { notify } from "../notifications/outbox.ts";
import { systemMove, systemMoveReturning } from "../pledges/moves.ts";
import { announceToFirstRing } from "./reach.ts";

type Tx = Prisma.TransactionClient;
const DAY_MS = 24 * 60 * 60 * 1000;

/** How an emergency ends (DOMAIN.md): its goal reached, its deadline passed, or ended by its member. */
export type EmergencyEnd = "reached" | "expired" | "ended";

/**
 * Applies a member's status change in one transaction, with the member's row locked so two taps
 * or two devices cannot interleave. Repeating a change that already holds changes nothing.
 */
export async function changeStatus(
  prisma: PrismaClient,
  memberId: number,
  change: StatusChange,
  now: Date,
  timeZone: string,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await actingMember(tx, memberId);
    await lockMember(tx, memberId);
    const member = await tx.member.findUniqueOrThrow({
      where: { id: memberId },
      include: { collections: { where: { closedAt: null } } },
    });
    const monthly = member.collections.find((c) => c.kind === "monthly");
    const emergency = member.collections.find((c) => c.kind === "emergency");

    if (alreadyHolds(member.status, change, monthly?.goal, emergency?.goal)) return;
    if (!canChangeStatus(member.status, change.action)) throw notAllowed();
    if (change.action === "openMonthly" || change.action === "openEmergency") {
      await withinOpeningLimit(tx, memberId, now);
    }

    switch (change.action) {
      case "openMonthly": {
        const opened = await tx.collection.create({
          data: { memberId, kind: "monthly", goal: change.goal, openedAt: now },
        });
        await setStatus(tx, memberId, "orange");
        await announceToFirstRing(tx, opened, now, timeZone);
        return;
      }
      case "changeGoal":
        if (!monthly) throw notAllowed();
        await tx.collection.update({ where: { id: monthly.id }, data: { goal: change.goal } });
        return;
      case "closeMonthly":
        if (!monthly) throw notAllowed();
        await closeMonthly(tx, monthly, now);
        await setStatus(tx, memberId, "green");
        return;
      case "openEmergency": {
        const opened = await tx.collection.create({
          data: {
            memberId,
            kind: "emergency",
            goal: change.goal,
            deadline: new Date(now.getTime() + change.days * DAY_MS),
            openedAt: now,
          },
        });
        if (monthly) await pauseMonthly(tx, monthly, opened.id);
        await setStatus(tx, memberId, "red");
        await announceToFirstRing(tx, opened, now, timeZone);
        return;
      }
      case "endEmergency":
        if (!emergency) throw notAllowed();
        await endEmergency(tx, emergency, "ended", now);
        return;
    }
  });
}

/**
 * 🔆→✅: the monthly collection closes. Intentions to it end (their givers are told); obligations
 * and fulfilled pledges stay due.
 */
async function closeMonthly(tx: Tx, monthly: Collection, now: Date) {
  await tx.collection.update({
    where: { id: monthly.id },
    data: { closedAt: now, outcome: "closed" },
  });
  const ended = await systemMoveReturning(tx, "end", {
    where: Prisma.sql`p.collection_id = ${monthly.id}`,
    now,
  });
  for (const p of ended) {
    await notify(tx, {
      recipientId: p.giver_id,
      senderId: monthly.memberId,
      kind: "intention.ended",
      dedupeKey: `intention.ended:${p.id}`,
      payload: { collectionId: monthly.id, memberId: monthly.memberId, amount: p.amount },
    });
  }
}

/** ✅/🔆→🆘: a monthly collection is kept but takes no new pledges; its givers are asked to help. */
async function pauseMonthly(tx: Tx, monthly: Collection, emergencyId: number) {
  await tx.collection.update({ where: { id: monthly.id }, data: { paused: true } });
  const givers = await tx.$queryRaw<{ giver_id: number }[]>`
    SELECT DISTINCT giver_id FROM pledge
    WHERE collection_id = ${monthly.id} AND ${isLiveSql()}`;
  for (const g of givers) {
    await notify(tx, {
      recipientId: g.giver_id,
      senderId: monthly.memberId,
      kind: "monthly.paused",
      dedupeKey: `monthly.paused:${monthly.id}:${emergencyId}:${g.giver_id}`,
      payload: { collectionId: monthly.id, memberId: monthly.memberId, emergencyId },
    });
  }
}

/**
 * Ends an emergency in one of its three ways and returns its member to the status from before it.
 * Reached: unfulfilled obligations are surplus and cancelled. Expired or ended by hand: they stay
 * due, in the overdue archive. Either way fulfilled pledges still wait for confirmation, the circle
 * gets a summary and those who gave are thanked. The caller holds the transaction.
 */
export async function endEmergency(tx: Tx, emergency: Collection, how: EmergencyEnd, now: Date) {
  await tx.collection.update({
    where: { id: emergency.id },
    data: { closedAt: now, outcome: how },
  });
  if (how === "reached") {
    await systemMove(tx, "cancel", {
      where: Prisma.sql`p.collection_id = ${emergency.id}`,
      now,
    });
  } else {
    // To ⌛, except givers in an emergency of their own: frozen, their obligation stays due.
    await systemMove(tx, "overdue", {
      join: Prisma.sql`member g`,
      where: Prisma.sql`g.id = p.giver_id AND g.status <> 'red'
        AND p.collection_id = ${emergency.id} AND NOT p.overdue`,
      only: ["obligation"],
      now,
    });
  }
  // The member is no longer frozen: what they still owe to emergencies that ended goes to ⌛ now.
  await systemMove(tx, "overdue", {
    join: Prisma.sql`collection c`,
    where: Prisma.sql`c.id = p.collection_id AND c.kind = 'emergency' AND c.closed_at IS NOT NULL
      AND p.giver_id = ${emergency.memberId} AND NOT p.overdue`,
    only: ["obligation"],
    now,
  });
  const monthly = await tx.collection.findFirst({
    where: { memberId: emergency.memberId, kind: "monthly", closedAt: null },
  });
  if (monthly) await tx.collection.update({ where: { id: monthly.id }, data: { paused: false } });
  await setStatus(tx, emergency.memberId, monthly ? "orange" : "green");

  // Everyone in the circle hears how it ended; those who gave, and those whose promise was not
  // needed any more, are thanked too.
  const circle = await tx.$queryRaw<{ giver_id: number; gave: boolean; surplus: boolean }[]>`
    SELECT giver_id, bool_or(${stateIn(givenStates)}) AS gave,
      bool_or(${stateIn([transitions.cancel.to])}) AS surplus
    FROM pledge WHERE collection_id = ${emergency.id}
    GROUP BY giver_id`;
  const tell = (recipientId: number, kind: "emergency.summary" | "emergency.thanks") =>
    // How an emergency ended is Exodus's own news: it ends once, whoever's move ended it.
    notify(tx, {
      recipientId,
      senderId: null,
      kind,
      dedupeKey: `${kind}:${how}:${emergency.id}:${recipientId}`,
      payload: { collectionId: emergency.id, memberId: emergency.memberId, outcome: how },
    });
  for (const member of circle) {
    await tell(member.giver_id, "emergency.summary");
    if (member.gave || member.surplus) await tell(member.giver_id, "emergency.thanks");
  }
  await tell(emergency.memberId, "emergency.summary");
}

/** An emergency reaches its goal when confirmed amounts cover it. The caller holds its lock. */
export async function emergencyReached(tx: Tx, emergency: Collection): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ confirmed: bigint }[]>`
    SELECT COALESCE(SUM(amount), 0)::bigint AS confirmed FROM pledge
    WHERE collection_id = ${emergency.id} AND ${stateIn([transitions.confirm.to])}`;
  return Number(row?.confirmed ?? 0) >= emergency.goal;
}

/**
 * Ends every emergency whose deadline has passed, each in its own transaction under its lock, so a
 * confirmation racing the deadline settles one way only. Returns how many ended.
 */
export async function expireEmergencies(prisma: PrismaClient, now: Date): Promise<number> {
  const due = await prisma.collection.findMany({
    where: { kind: "emergency", closedAt: null, deadline: { lte: now } },
    select: { id: true },
  });
  let ended = 0;
  for (const { id } of due) {
    await prisma.$transaction(async (tx) => {
      const found = await tx.collection.findUniqueOrThrow({ where: { id } });
      await lockMember(tx, found.memberId);
      await lockCollection(tx, id);
      const emergency = await tx.collection.findUniqueOrThrow({ where: { id } });
      if (emergency.closedAt) return; // a confirmation reached it, or its member ended it, first
      await endEmergency(tx, emergency, "expired", now);
      ended++;
    });
  }
  return ended;
}

/**
 * A member opens at most MAX_OPENINGS_PER_DAY collections in any OPENING_WINDOW_MS: toggling
 * ✅→🔆→✅ over and over is refused (errors.limit.openings), nothing changed. The caller holds the
 * member's lock, so parallel taps are counted one after the other.
 */
async function withinOpeningLimit(tx: Tx, memberId: number, now: Date) {
  const [row] = await tx.$queryRaw<{ opened: number }[]>`
    SELECT COUNT(*)::int AS opened FROM collection
    WHERE member_id = ${memberId} AND opened_at > ${new Date(now.getTime() - OPENING_WINDOW_MS)}`;
  if ((row?.opened ?? 0) >= MAX_OPENINGS_PER_DAY) {
    throw refuse("TOO_MANY_REQUESTS", "errors.limit.openings");
  }
}

async function setStatus(tx: Tx, memberId: number, status: MemberStatus) {
  await tx.member.update({ where: { id: memberId }, data: { status } });
}

/** True when the member is already where the change would take them (a repeated tap). */
function alreadyHolds(
  status: MemberStatus,
  change: StatusChange,
  monthlyGoal: number | undefined,
  emergencyGoal: number | undefined,
): boolean {
  switch (change.action) {
    case "openMonthly":
    case "changeGoal":
      return status === "orange" && monthlyGoal === change.goal;
    case "closeMonthly":
      return status === "green" && monthlyGoal === undefined;
    case "openEmergency":
      return status === "red" && emergencyGoal === change.goal;
    case "endEmergency":
      return status !== "red" && emergencyGoal === undefined;
  }
}

function notAllowed() {
  return refuse("CONFLICT", "errors.status.notAllowed");
}
