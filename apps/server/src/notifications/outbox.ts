import type { Prisma } from "@exodus/db";

type Tx = Prisma.TransactionClient;

/**
 * Queues a message in the same transaction as the change it tells about, so it exists exactly when
 * the change does. The dedupe key makes a repeat (a rerun job, a second server) write nothing.
 * Delivery is the bot's job.
 */
export async function notify(
  tx: Tx,
  message: {
    recipientId: number;
    kind: string;
    dedupeKey: string;
    payload?: Prisma.InputJsonValue;
  },
): Promise<void> {
  await tx.outbox.createMany({
    data: [{ ...message, payload: message.payload ?? {} }],
    skipDuplicates: true,
  });
}
