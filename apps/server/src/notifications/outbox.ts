import type { Prisma } from "@exodus/db";
import {
  type MessageKind,
  type MessagePayload,
  type MessageSubject,
  messageLink,
} from "@exodus/shared";

type Tx = Prisma.TransactionClient;

/**
 * Queues a message in the same transaction as the change it tells about, so it exists exactly when
 * the change does. The dedupe key makes a repeat (a rerun job, a second server) write nothing.
 * The payload is the kind's own (packages/shared/src/message-payloads.ts), the shape the bot reads
 * back when it words the message. Delivery is the bot's job (apps/bot/src/delivery).
 */
export async function notify<K extends MessageKind>(
  tx: Tx,
  message: {
    recipientId: number;
    kind: K;
    dedupeKey: string;
    payload: MessagePayload<K>;
  },
): Promise<void> {
  await tx.outbox.createMany({
    data: [
      {
        recipientId: message.recipientId,
        kind: message.kind,
        dedupeKey: message.dedupeKey,
        payload: message.payload as Prisma.InputJsonValue,
        // Every payload names what its button opens, or nothing (then the kind decides).
        link: messageLink(message.kind, message.payload as MessageSubject),
      },
    ],
    skipDuplicates: true,
  });
}
