/**
 * Whether a database failure is contention — the work was fine but had to wait too long for a
 * connection or a lock, or lost a race to a concurrent transaction — rather than a bug. Such a
 * request changed nothing (its transaction rolled back) and can be sent again as it is, so the
 * member hears "busy, try again" instead of an error.
 *
 * What Prisma 7 with the pg driver adapter actually throws (seen on PostgreSQL 15):
 * - P2028 "Unable to start a transaction in the given time" (no pool connection within maxWait) and
 *   "… expired transaction" (the interactive transaction outlived its timeout);
 * - P2024, the engine's pool timeout, kept for other adapters;
 * - P2034 for a serialization failure or deadlock in a model query;
 * - P2010 (raw query) or P2039 (model query) carrying the driver's SQLSTATE in
 *   meta.driverAdapterError.cause: 55P03 lock_not_available (lock_timeout), 40P01 deadlock,
 *   40001 serialization failure, 53300 too many connections, 57014 a statement cancelled by
 *   statement_timeout;
 * - pg's pool, every connection busy for longer than it waits (connectionTimeoutMillis): a plain
 *   Error, unwrapped by the adapter, with pg-pool's words "timeout exceeded when trying to connect".
 */
export function isContention(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "P2028") {
      // P2028 also names a bug (a query on a transaction already committed): only waits count.
      if (/given time|expired/.test(String((e as { message?: unknown }).message))) return true;
      continue;
    }
    if (typeof code === "string" && PRISMA_CONTENTION.has(code)) return true;
    if (typeof code === "string" && SQLSTATE_CONTENTION.has(code)) return true;
    const driver = (e as { meta?: { driverAdapterError?: { cause?: DriverCause } } }).meta
      ?.driverAdapterError?.cause;
    if (driver && isDriverContention(driver)) return true;
    if ((e as { message?: unknown }).message === PG_POOL_TIMEOUT) return true;
  }
  return false;
}

interface DriverCause {
  kind?: unknown;
  code?: unknown;
  originalCode?: unknown;
}

const PRISMA_CONTENTION = new Set(["P2024", "P2034"]);
/** pg-pool's error (8.x) when no connection came free within connectionTimeoutMillis. */
const PG_POOL_TIMEOUT = "timeout exceeded when trying to connect";
const SQLSTATE_CONTENTION = new Set(["55P03", "40P01", "40001", "53300", "57014"]);

function isDriverContention(cause: DriverCause): boolean {
  if (cause.kind === "TransactionWriteConflict") return true;
  return [cause.code, cause.originalCode].some(
    (code) => typeof code === "string" && SQLSTATE_CONTENTION.has(code),
  );
}
