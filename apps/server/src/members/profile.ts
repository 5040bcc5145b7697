import { Prisma, type PrismaClient } from "@exodus/db";
import {
  type Language,
  type NotificationCategory,
  notificationCategories,
  owingStates,
} from "@exodus/shared";
import { recordLeaver } from "../auth/leavers.ts";
import { leftAlready } from "../errors.ts";
import { actingMember, lockLeaver, lockMember } from "../locks.ts";
import { systemMove } from "../pledges/moves.ts";
import { leavePoolsOnLeaving, lockPoolsOfLeaver } from "../pools/service.ts";

// Requests of someone who left hear this wherever they are refused.
export { leftAlready };

/**
 * Name (shown instead of Telegram's once set), about me, language, the monthly giving budget (null
 * clears it): each only when given.
 */
export async function updateProfile(
  prisma: PrismaClient,
  memberId: number,
  input: {
    name?: string | undefined;
    about?: string | undefined;
    language?: Language | undefined;
    budget?: number | null | undefined;
  },
) {
  await prisma.$transaction(async (tx) => {
    await actingMember(tx, memberId);
    await tx.member.update({
      where: { id: memberId },
      data: {
        ...(input.name !== undefined ? { displayName: input.name } : {}),
        ...(input.about !== undefined ? { about: input.about } : {}),
        ...(input.language !== undefined ? { language: input.language } : {}),
        ...(input.budget !== undefined ? { budget: input.budget } : {}),
      },
    });
  });
}

/** Replaces the member's payment details with the given list, in order, in one transaction. */
export async function setPaymentDetails(
  prisma: PrismaClient,
  memberId: number,
  details: { label: string; value: string; isDefault: boolean }[],
) {
  await prisma.$transaction(async (tx) => {
    await actingMember(tx, memberId);
    await lockMember(tx, memberId);
    await tx.paymentDetail.deleteMany({ where: { memberId } });
    await tx.paymentDetail.createMany({
      data: details.map((d, position) => ({ ...d, memberId, position })),
    });
  });
}

/** A member's payment details in their order; empty means "ask in person". */
export function paymentDetailsOf(prisma: PrismaClient, memberId: number) {
  return prisma.paymentDetail.findMany({
    where: { memberId },
    orderBy: { position: "asc" },
    select: { label: true, value: true, isDefault: true },
  });
}

/** Whether `giverId` owes `receiverId` anything: an obligation or an unconfirmed gift, ⌛ or not. */
export async function owes(
  prisma: Pick<PrismaClient, "pledge">,
  giverId: number,
  receiverId: number,
): Promise<boolean> {
  const found = await prisma.pledge.findFirst({
    where: { giverId, receiverId, state: { in: [...owingStates] } },
    select: { id: true },
  });
  return found !== null;
}

/**
 * What an ask to fulfil carries (DOMAIN.md): the receiver's default payment details as message
 * payload fields; none means the message says "ask in person".
 */
export async function defaultPaymentPayload(
  prisma: Pick<PrismaClient, "paymentDetail">,
  memberId: number,
): Promise<{ paymentLabel?: string; paymentValue?: string }> {
  const found = await prisma.paymentDetail.findFirst({
    where: { memberId, isDefault: true },
    select: { label: true, value: true },
  });
  return found ? { paymentLabel: found.label, paymentValue: found.value } : {};
}

/** Replaces the set of notification categories the member muted. */
export async function setMutedNotifications(
  prisma: PrismaClient,
  memberId: number,
  muted: readonly NotificationCategory[],
): Promise<NotificationCategory[]> {
  const member = await prisma.$transaction(async (tx) => {
    await actingMember(tx, memberId);
    return tx.member.update({
      where: { id: memberId },
      // Kept in the shared list's order, so the same choice always reads the same.
      data: { notificationsMuted: notificationCategories.filter((c) => muted.includes(c)) },
      select: { notificationsMuted: true },
    });
  });
  return mutedNotifications(member);
}

/** The categories a member muted, in the shared list's order; an unknown one is ignored. */
export function mutedNotifications(member: {
  notificationsMuted: readonly string[];
}): NotificationCategory[] {
  return notificationCategories.filter((c) => member.notificationsMuted.includes(c));
}

/**
 * Leaving Exodus (DOMAIN.md, "Profile"): personal data is deleted (names, username, photo, about,
 * payment details, the Telegram id, the stories and updates of their needs, the titles of their
 * initiatives, what messages hold of their words or payment details), one's open collections close
 * (an open initiative as cancelled), and the leaver is out of the
 * trust graph: every invite link by or to them stops working. Their pledges move by shared's table:
 * their intentions end, their unfulfilled obligations go to ⌛ (the receivers may release them),
 * and what is still live to them ends by the "leave" move. A keyed hash of the Telegram id is kept
 * with the time the initData that asked to leave was signed, so initData signed no later cannot
 * register the person again (see signedBeforeLeaving). The row stays,
 * nameless, so that counterparties' archives keep their history, shown as "deleted member".
 */
export async function leave(
  prisma: PrismaClient,
  memberId: number,
  now: Date,
  /** Who leaves, as the leaver table keeps them, and when the initData that asked was signed. */
  leaver: { telegramIdHash: string; signedAt: Date },
  /** The network's time zone: the month whose caps left a re-shared pool share counts against. */
  timeZone: string,
) {
  await prisma.$transaction(async (tx) => {
    await lockPoolsOfLeaver(tx, memberId);
    await lockLeaver(tx, memberId);
    // A second tap that waited for the first finds them gone: it changes nothing.
    const member = await tx.member.findUniqueOrThrow({ where: { id: memberId } });
    if (member.deletedAt) throw leftAlready();

    // Their initiatives end with them, taken before any pledge moves (locks.ts's order: the
    // collection, then its pledges): one still open is cancelled, so no deadline is left for the
    // scheduler; the titles, their words, go. Their pledges end by the moves below.
    await tx.$executeRaw`
      UPDATE collection SET title = '',
        initiative_status = CASE WHEN initiative_status = 'open' THEN 'cancelled'::"InitiativeStatus"
                                 ELSE initiative_status END,
        cancelled_at = CASE WHEN initiative_status = 'open' THEN ${now} ELSE cancelled_at END
      WHERE member_id = ${memberId} AND initiative_status IS NOT NULL`;
    // Their pools: offered shares declined and re-shared, claims not yet backed withdrawn.
    await leavePoolsOnLeaving(tx, memberId, now, timeZone);
    // Their intentions end by the move that says why: the giver left.
    await systemMove(tx, "leave", {
      where: Prisma.sql`p.giver_id = ${memberId}`,
      only: ["intention"],
      now,
    });
    await systemMove(tx, "overdue", {
      where: Prisma.sql`p.giver_id = ${memberId} AND NOT p.overdue`,
      only: ["obligation"],
      now,
    });
    await systemMove(tx, "leave", { where: Prisma.sql`p.receiver_id = ${memberId}`, now });
    await tx.collection.updateMany({
      where: { memberId, closedAt: null },
      data: { closedAt: now, outcome: "closed", paused: false },
    });
    await tx.collection.updateMany({ where: { memberId }, data: { story: "" } });
    await tx.collectionUpdate.deleteMany({ where: { memberId } });
    await tx.paymentDetail.deleteMany({ where: { memberId } });
    // Messages that carry their words (a need's update) or payment details (an ask to fulfil):
    // those not sent yet go unsent, those sent keep no copy; nor is anything still sent to them.
    const carrying = Prisma.sql`(
      (o.kind = 'collection.update' AND o.payload->>'memberId' = ${String(memberId)})
      OR (o.kind = 'nudge.askFulfil' AND EXISTS (
        SELECT 1 FROM pledge p
        WHERE p.id = (o.payload->>'pledgeId')::int AND p.receiver_id = ${memberId})))`;
    await tx.$executeRaw`
      DELETE FROM outbox o
      WHERE o.sent_at IS NULL AND o.failed_at IS NULL
        AND (o.recipient_id = ${memberId} OR ${carrying})`;
    await tx.$executeRaw`
      UPDATE outbox o SET payload = o.payload - 'text' - 'paymentLabel' - 'paymentValue'
      WHERE ${carrying}`;
    // News of their initiatives keeps no title (the bot words it without one).
    await tx.$executeRaw`
      UPDATE outbox o SET payload = o.payload - 'title'
      WHERE o.kind LIKE 'initiative.%' AND o.payload->>'memberId' = ${String(memberId)}`;
    await tx.invite.updateMany({
      where: { OR: [{ inviterId: memberId }, { targetId: memberId }], revokedAt: null },
      data: { revokedAt: now },
    });
    await tx.member.update({
      where: { id: memberId },
      data: {
        telegramId: null,
        firstName: "",
        lastName: null,
        username: null,
        photoUrl: null,
        displayName: null,
        about: "",
        budget: null,
        telegramLanguage: null,
        notificationsMuted: [],
        status: "green",
        deletedAt: now,
      },
    });
    // Out of the trust graph: their help ties go (the triggers write none for a leaver again).
    await tx.helpTie.deleteMany({
      where: { OR: [{ giverId: memberId }, { receiverId: memberId }] },
    });
    await recordLeaver(tx, leaver.telegramIdHash, leaver.signedAt);
  });
}
