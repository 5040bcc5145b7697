import type { Collection, Prisma, PrismaClient } from "@exodus/db";
import { liveInitiativeStatuses } from "@exodus/shared";
import { inNetworkOf } from "../network/graph.ts";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Whether `viewerId` may see an initiative: its initiator; while it is open or going ahead,
 * anyone in the initiator's network; and, as with a need's story, whoever pledged to it. Nobody
 * sees one whose initiator left.
 */
export async function canSeeInitiative(
  db: Db,
  viewerId: number,
  c: Pick<Collection, "id" | "memberId" | "initiativeStatus">,
  now: Date,
  timeZone: string,
): Promise<boolean> {
  const initiator = await db.member.findUnique({
    where: { id: c.memberId },
    select: { deletedAt: true },
  });
  if (!initiator || initiator.deletedAt) return false;
  if (c.memberId === viewerId) return true;
  const live = (liveInitiativeStatuses as readonly string[]).includes(c.initiativeStatus ?? "");
  if (live && (await inNetworkOf(db, viewerId, c.memberId, now, timeZone))) return true;
  return (await db.pledge.count({ where: { collectionId: c.id, giverId: viewerId } })) > 0;
}
