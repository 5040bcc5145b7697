import { Prisma, type PrismaClient } from "@exodus/db";
import {
  MAX_UPDATES_PER_DAY,
  messageLink,
  periodDate,
  periodOf,
  UPDATE_REPEAT_MS,
  UPDATE_WINDOW_MS,
} from "@exodus/shared";
import { circleSql } from "../books/predicates.ts";
import { refuse } from "../errors.ts";
import { canSeeInitiative } from "../initiatives/visibility.ts";
import { lockCollection, lockMember } from "../locks.ts";
import { canSee } from "../network/graph.ts";
import { slotSql } from "../notifications/outbox.ts";

type Tx = Prisma.TransactionClient;

/** How many of a collection's updates its page lists, newest first. */
export const UPDATES_LISTED = 50;

/**
 * The circle of support of one collection (DOMAIN.md, "Aggregates"): its distinct givers, as
 * predicates.ts's circleSql has them. The one place a need's update finds whom to reach.
 */
export function circleGivers(collectionId: number, period: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT giver_id FROM (${circleSql(Prisma.sql`${collectionId}::int`, period)}) circle`;
}

/**
 * A need's story and its latest updates: an open collection's for whoever may see its member; a
 * closed one's only for its member and those who pledged to it, whom its updates were written for
 * (anyone else in the network learns nothing of a past need, not even that it was).
 */
export async function storyOf(
  prisma: PrismaClient,
  viewerId: number,
  collectionId: number,
  now: Date,
  timeZone: string,
) {
  const collection = await prisma.collection.findUnique({
    where: { id: collectionId },
    select: {
      id: true,
      memberId: true,
      story: true,
      closedAt: true,
      kind: true,
      initiativeStatus: true,
      member: { select: { deletedAt: true } },
    },
  });
  // A closed need stays readable to its member and to whoever pledged to it — unless its member
  // left: then it is gone as if it never was. An initiative is its initiator's network's only.
  const readable =
    collection &&
    (collection.kind === "initiative"
      ? await canSeeInitiative(prisma, viewerId, collection, now, timeZone)
      : collection.closedAt === null
        ? await canSee(prisma, viewerId, collection.memberId, now, timeZone)
        : collection.memberId === viewerId ||
          (collection.member.deletedAt === null &&
            (await prisma.pledge.count({ where: { collectionId, giverId: viewerId } })) > 0));
  if (!collection || !readable) throw refuse("NOT_FOUND", "errors.collection.notFound");
  const updates = await prisma.collectionUpdate.findMany({
    where: { collectionId },
    orderBy: { id: "desc" },
    take: UPDATES_LISTED,
    select: { id: true, text: true, createdAt: true },
  });
  return {
    collectionId: collection.id,
    memberId: collection.memberId,
    story: collection.story,
    closed: collection.closedAt !== null,
    mine: collection.memberId === viewerId,
    updates: updates.map((u) => ({ id: u.id, text: u.text, at: u.createdAt.toISOString() })),
  };
}

/** Sets the story of one's own open collection. */
export async function setStory(
  prisma: PrismaClient,
  memberId: number,
  input: { collectionId: number; story: string },
  now: Date,
  timeZone: string,
) {
  return prisma.$transaction(async (tx) => {
    await ownOpenCollection(tx, memberId, input.collectionId, now, timeZone);
    await tx.collection.update({ where: { id: input.collectionId }, data: { story: input.story } });
    return { collectionId: input.collectionId, story: input.story };
  });
}

/**
 * Posts an update to one's own open collection and, in the same transaction, queues one message
 * to each member of its circle. At most MAX_UPDATES_PER_DAY in any 24 hours; the same text as the
 * collection's latest update within UPDATE_REPEAT_MS is the same post (a double tap), not a second
 * one. Answers how many of the circle the post was sent to, so the member hears what happened.
 */
export async function postUpdate(
  prisma: PrismaClient,
  memberId: number,
  input: { collectionId: number; text: string },
  now: Date,
  timeZone: string,
) {
  return prisma.$transaction(async (tx) => {
    await ownOpenCollection(tx, memberId, input.collectionId, now, timeZone);
    const latest = await tx.collectionUpdate.findFirst({
      where: { collectionId: input.collectionId },
      orderBy: { id: "desc" },
    });
    if (
      latest?.text === input.text &&
      now.getTime() - latest.createdAt.getTime() < UPDATE_REPEAT_MS
    ) {
      const [told] = await tx.$queryRaw<[{ count: number }]>`
        SELECT COUNT(*)::int AS count FROM outbox
        WHERE dedupe_key LIKE ${`collection.update:${latest.id}:%`}`;
      return { id: latest.id, sentTo: told.count };
    }
    const recent = await tx.collectionUpdate.count({
      where: { memberId, createdAt: { gt: new Date(now.getTime() - UPDATE_WINDOW_MS) } },
    });
    if (recent >= MAX_UPDATES_PER_DAY)
      throw refuse("TOO_MANY_REQUESTS", "errors.story.tooManyToday");
    const update = await tx.collectionUpdate.create({
      data: { collectionId: input.collectionId, memberId, text: input.text, createdAt: now },
    });
    const period = periodDate(periodOf(now, timeZone));
    const sender = Prisma.sql`${memberId}::int`;
    const sentTo = await tx.$executeRaw`
      INSERT INTO outbox (recipient_id, sender_id, kind, payload, dedupe_key, link, created_at,
        next_attempt_at)
      SELECT circle.giver_id, ${sender}, 'collection.update',
        jsonb_build_object('memberId', ${memberId}::int, 'collectionId', ${input.collectionId}::int,
          'updateId', ${update.id}::int, 'text', ${input.text}::text),
        'collection.update:' || ${update.id}::int || ':' || circle.giver_id,
        ${messageLink("collection.update", { memberId })}, ${now},
        ${slotSql(sender, Prisma.sql`circle.giver_id`)}
      FROM (${circleGivers(input.collectionId, period)}) AS circle
      ON CONFLICT (dedupe_key) DO NOTHING`;
    return { id: update.id, sentTo };
  });
}

/**
 * Checks the collection is the member's own and open, then locks the member and the collection
 * (locks.ts's order) and checks again under the locks: nobody locks a collection that is not
 * theirs. A collection one may not see answers as one that does not exist.
 */
async function ownOpenCollection(
  tx: Tx,
  memberId: number,
  collectionId: number,
  now: Date,
  timeZone: string,
) {
  const read = () =>
    tx.collection.findUnique({
      where: { id: collectionId },
      select: { memberId: true, closedAt: true },
    });
  const collection = await read();
  if (!collection || collection.memberId !== memberId) {
    const visible = collection && (await canSee(tx, memberId, collection.memberId, now, timeZone));
    throw visible
      ? refuse("FORBIDDEN", "errors.story.notYours")
      : refuse("NOT_FOUND", "errors.collection.notFound");
  }
  if (collection.closedAt !== null) throw refuse("CONFLICT", "errors.story.closed");
  await lockMember(tx, memberId);
  await lockCollection(tx, collectionId);
  // Closed meanwhile (the member closed it from another device): a collection never changes hands.
  if ((await read())?.closedAt !== null) throw refuse("CONFLICT", "errors.story.closed");
}
