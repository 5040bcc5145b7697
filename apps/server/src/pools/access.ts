import type { Prisma, PrismaClient } from "@exodus/db";
import { refuse } from "../errors.ts";

/** Who asks about pools, and when: what every pool procedure is given. */
export interface PoolContext {
  prisma: PrismaClient;
  memberId: number;
  now: Date;
  timeZone: string;
}
export const notFound = () => refuse("NOT_FOUND", "errors.pool.notFound");

/** The pool, if the caller is in it now; not found (as for one that does not exist) else. */
export async function poolOfMember(
  db: PrismaClient | Prisma.TransactionClient,
  memberId: number,
  poolId: number,
) {
  const membership = await db.poolMember.findUnique({
    where: { poolId_memberId: { poolId, memberId } },
    include: { pool: true },
  });
  if (!membership || membership.leftAt) throw notFound();
  return membership.pool;
}
