import { Prisma } from "@exodus/db";
import { leftAlready, refuse } from "./errors.ts";

type Tx = Prisma.TransactionClient;

/**
 * Locks for the rest of a transaction, always taken in one order — the books (shared), the member
 * who acts (key share, see actingMember), the member who receives (or whose status changes), then
 * the collection, then the pledge — so two writers can never wait on each other in a circle. FOR NO
 * KEY UPDATE still lets other transactions insert rows that refer to the locked one (a new pledge
 * to a member), which only needs a key-share lock. Every writer starts with actingMember or
 * lockMember, which hold the books lock shared for it.
 */
export async function lockMember(tx: Tx, memberId: number): Promise<boolean> {
  await holdBooks(tx);
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT 1 FROM member WHERE id = ${memberId} FOR NO KEY UPDATE`;
  return rows.length > 0;
}

/**
 * The member a request acts for, checked inside the request's transaction: their row is held FOR
 * KEY SHARE, which only a leave's FOR UPDATE (lockLeaver) conflicts with. So a request waits for a
 * leave under way and then sees it, or keeps the leave waiting until it commits and the leave then
 * sees what it wrote; other writers' member locks never wait on it. The request's member was read
 * before its transaction began; one who has left since is refused (errors.auth.left).
 */
export async function actingMember(tx: Tx, memberId: number): Promise<void> {
  await holdBooks(tx);
  const rows = await tx.$queryRaw<{ left: boolean }[]>`
    SELECT deleted_at IS NOT NULL AS left FROM member WHERE id = ${memberId} FOR KEY SHARE`;
  if (rows[0]?.left !== false) throw leftAlready();
}

/** A member about to leave: FOR UPDATE, so that no request of theirs is half-way meanwhile. */
export async function lockLeaver(tx: Tx, memberId: number): Promise<void> {
  await holdBooks(tx);
  await tx.$queryRaw`SELECT 1 FROM member WHERE id = ${memberId} FOR UPDATE`;
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
 * How long a writer waits for any one lock before it gives up: well inside the transaction's own
 * 5 s, so a crowd behind one popular pledge or member never ends in a transaction timed out
 * mid-query or a pool left without free connections. A writer that finds the books held by a chunk
 * of the rollover (which takes a fraction of this, cycle/rollover.ts) hears "closing the month, try
 * again in a minute"; any other lock wait cut short is "busy, try again" (contention.ts). Both 429.
 */
export const LOCK_WAIT = "2s";

/** Transactions that hold the books already: a second lockMember or actingMember asks nothing. */
const holdingBooks = new WeakSet<Tx>();

/**
 * Every transaction that writes pledges or collections holds the books lock shared: writers never
 * wait on each other for it, but a chunk of the rollover, which holds it exclusively, runs alone.
 * Every writer passes here first, so this is also where its waits for locks are bounded.
 */
export async function holdBooks(tx: Tx): Promise<void> {
  if (holdingBooks.has(tx)) return;
  try {
    // The subquery (OFFSET 0 keeps it one) sets the bound before the lock is asked for.
    await tx.$executeRaw`
      SELECT pg_advisory_xact_lock_shared(${BOOKS_LOCK})
      FROM (SELECT set_config('lock_timeout', ${LOCK_WAIT}, true) OFFSET 0) s`;
  } catch (error) {
    if (sqlState(error) === LOCK_NOT_AVAILABLE) {
      throw refuse("TOO_MANY_REQUESTS", "errors.rollover.busy");
    }
    throw error;
  }
  holdingBooks.add(tx);
}

/**
 * The books for this transaction alone (the rollover's chunks), with `settings` for the rest of
 * the transaction made in the same round trip.
 */
export async function holdBooksExclusively(
  tx: Tx,
  settings: Record<string, string> = {},
): Promise<void> {
  const set = Object.entries(settings).map(
    ([name, value]) => Prisma.sql`, set_config(${name}, ${value}, true)`,
  );
  await tx.$executeRaw`
    SELECT pg_advisory_xact_lock(${BOOKS_LOCK}) ${set.length > 0 ? Prisma.join(set, " ") : Prisma.empty}`;
}

/** PostgreSQL's code for a lock wait cut short by lock_timeout. */
const LOCK_NOT_AVAILABLE = "55P03";

/** The SQLSTATE of a database error as Prisma's driver adapter reports it. */
function sqlState(error: unknown): string | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return undefined;
  const cause = (error.meta?.driverAdapterError as { cause?: { originalCode?: unknown } })?.cause;
  return typeof cause?.originalCode === "string" ? cause.originalCode : undefined;
}
