import type { Prisma } from "@exodus/db";

type Tx = Prisma.TransactionClient;

/**
 * Row locks for the rest of a transaction, always taken in one order — the member who receives (or
 * whose status changes), then the collection, then the pledge — so two writers can never wait on
 * each other in a circle. FOR NO KEY UPDATE still lets other transactions insert rows that refer to
 * the locked one (a new pledge to a member), which only needs a key-share lock.
 */
export async function lockMember(tx: Tx, memberId: number): Promise<boolean> {
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT 1 FROM member WHERE id = ${memberId} FOR NO KEY UPDATE`;
  return rows.length > 0;
}

export async function lockCollection(tx: Tx, collectionId: number): Promise<boolean> {
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT 1 FROM collection WHERE id = ${collectionId} FOR NO KEY UPDATE`;
  return rows.length > 0;
}

export async function lockPledge(tx: Tx, pledgeId: number): Promise<boolean> {
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT 1 FROM pledge WHERE id = ${pledgeId} FOR NO KEY UPDATE`;
  return rows.length > 0;
}
