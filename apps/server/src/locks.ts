import type { Prisma } from "@exodus/db";

type Tx = Prisma.TransactionClient;

/**
 * Locks for the rest of a transaction, always taken in one order — the books (shared), the member
 * who receives (or whose status changes), then the collection, then the pledge — so two writers can
 * never wait on each other in a circle. FOR NO KEY UPDATE still lets other transactions insert rows
 * that refer to the locked one (a new pledge to a member), which only needs a key-share lock.
 * Every writer starts with lockMember, which holds the books lock shared for it.
 */
export async function lockMember(tx: Tx, memberId: number): Promise<boolean> {
  await holdBooks(tx);
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

/** The advisory lock key the monthly rollover and every writer of the books share. */
const BOOKS_LOCK = 7_318_002;

/**
 * Every transaction that writes pledges or collections holds the books lock shared: writers never
 * wait on each other for it, but the rollover, which holds it exclusively, runs alone.
 */
export async function holdBooks(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${BOOKS_LOCK})`;
}

export async function holdBooksExclusively(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOKS_LOCK})`;
}
