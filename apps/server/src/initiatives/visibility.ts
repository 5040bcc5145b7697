import type { Collection, Prisma, PrismaClient } from "@exodus/db";
import { inNetworkOf } from "../network/graph.ts";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Whether `viewerId` may see an initiative: its initiator; anyone in the initiator's network,
 * also once it is over (the message that proposed it still opens it, to its outcome); and, as
 * with a need's story, whoever pledged to it. Nobody sees one whose initiator left.
 */
export async function canSeeInitiative(
  db: Db,
  viewerId: number,
  c: Pick<Collection, "id" | "memberId">,
  now: Date,
  timeZone: string,
): Promise<boolean> {
  const initiator = await db.member.findUnique({
    where: { id: c.memberId },
    select: { deletedAt: true },
  });
  if (!initiator || initiator.deletedAt) return false;
  if (c.memberId === viewerId) return true;
  if (await inNetworkOf(db, viewerId, c.memberId, now, timeZone)) return true;
  return (await db.pledge.count({ where: { collectionId: c.id, giverId: viewerId } })) > 0;
}
