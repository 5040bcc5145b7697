import { Prisma } from "@exodus/db";
import {
  MESSAGE_WINDOW_MS,
  MESSAGES_PER_WINDOW,
  type MessageKind,
  type MessagePayload,
  type MessageSubject,
  messageLink,
} from "@exodus/shared";

type Tx = Prisma.TransactionClient;

/**
 * When a message from `senderId` (SQL: a member's id, or NULL when Exodus sends of its own accord)
 * to `recipientId` may leave, `earliest` or later: the cap of messages one member makes the bot send
 * another (shared's limits.ts), kept by the database function outbox_slot under a lock per pair.
 * Times are the database's clock, as the bot's are: the development clock moves the books, not
 * Telegram. For a set-based insert, pass columns; each row takes its own slot.
 */
export function slotSql(
  senderId: Prisma.Sql,
  recipientId: Prisma.Sql,
  earliest: Prisma.Sql = Prisma.sql`now()`,
): Prisma.Sql {
  return Prisma.sql`outbox_slot(${senderId}, ${recipientId}, ${earliest},
    ${MESSAGES_PER_WINDOW}::int, ${`${MESSAGE_WINDOW_MS} milliseconds`}::interval)`;
}

/**
 * Queues a message in the same transaction as the change it tells about, so it exists exactly when
 * the change does. The dedupe key makes a repeat (a rerun job, a second server) write nothing. A
 * message a member's action makes names them as its sender, so that it counts towards their cap
 * and waits when they are over it. The payload is the kind's own
 * (packages/shared/src/message-payloads.ts), the shape the bot reads back when it words the
 * message. Delivery is the bot's job (apps/bot/src/delivery).
 */
export async function notify<K extends MessageKind>(
  tx: Tx,
  message: {
    recipientId: number;
    /** The member whose action this tells of; none for what Exodus sends of its own accord. */
    senderId: number | null;
    kind: K;
    dedupeKey: string;
    payload: MessagePayload<K>;
  },
): Promise<void> {
  const payload = message.payload;
  const sender = Prisma.sql`${message.senderId}::int`;
  const recipient = Prisma.sql`${message.recipientId}::int`;
  // Every payload names what its button opens, or nothing (then the kind decides).
  const link = messageLink(message.kind, payload as MessageSubject);
  await tx.$executeRaw`
    INSERT INTO outbox (recipient_id, sender_id, kind, payload, dedupe_key, link, next_attempt_at)
    VALUES (${recipient}, ${sender}, ${message.kind}, ${JSON.stringify(payload)}::jsonb,
      ${message.dedupeKey}, ${link}, ${slotSql(sender, recipient)})
    ON CONFLICT (dedupe_key) DO NOTHING`;
}
