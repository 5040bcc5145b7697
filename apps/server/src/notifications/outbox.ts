import type { Prisma } from "@exodus/db";
import { type MessageKind, messageLink } from "@exodus/shared";

type Tx = Prisma.TransactionClient;

/** What a message carries for its text; the ids also choose the screen its button opens. */
export type MessagePayload = {
  pledgeId?: number;
  memberId?: number;
  collectionId?: number;
} & Record<string, string | number | boolean | null | undefined>;

/**
 * Queues a message in the same transaction as the change it tells about, so it exists exactly when
 * the change does. The dedupe key makes a repeat (a rerun job, a second server) write nothing.
 * Delivery is the bot's job (apps/bot/src/delivery).
 */
export async function notify(
  tx: Tx,
  message: {
    recipientId: number;
    kind: MessageKind;
    dedupeKey: string;
    payload?: MessagePayload;
  },
): Promise<void> {
  const payload = message.payload ?? {};
  await tx.outbox.createMany({
    data: [
      {
        recipientId: message.recipientId,
        kind: message.kind,
        dedupeKey: message.dedupeKey,
        payload: payload as Prisma.InputJsonValue,
        link: messageLink(message.kind, payload),
      },
    ],
    skipDuplicates: true,
  });
}
