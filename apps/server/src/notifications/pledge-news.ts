import { Prisma } from "@exodus/db";
import {
  type MessageKind,
  messageLink,
  PLEDGE_NEWS_HOLD_MS,
  type PledgeSeen,
  type PledgeState,
  pledgeNews,
} from "@exodus/shared";
import { slotSql } from "./outbox.ts";

type Tx = Prisma.TransactionClient;

/** A move of a member on a pledge, as the other side is to hear of it. */
export interface PledgeMoveNews {
  /** The member who moved; the other side hears. */
  senderId: number;
  recipientId: number;
  /** The pledge after the move. */
  pledge: {
    id: number;
    collectionId: number;
    giverId: number;
    period: Date;
    state: PledgeState;
    amount: number;
  };
  /** The pledge before the move; null when the move made it. */
  before: PledgeSeen | null;
  /** The message of this move alone (intention.created, pledge.edit, …). */
  kind: MessageKind;
  /** The state a new pledge to this collection starts in (an emergency's: an obligation). */
  created: "intention" | "obligation";
  /** Unique to the move (its audit row), so a rerun of it writes nothing twice. */
  dedupeKey: string;
}

/**
 * Tells the other side of a pledge of a member's move (DOMAIN.md, "Notifications": a burst of
 * changes to one pledge is one message with the latest state). News of a giver's pledge to one
 * collection in one period, for one side, waits PLEDGE_NEWS_HOLD_MS (or longer, when its sender is
 * over the cap of messages to that member): while it waits unclaimed, each newer move rewrites it
 * to what that side needs to hear now — shared's pledgeNews, from what they were last told — or
 * deletes it when that is nothing (pledged and withdrawn). News a dispatcher has claimed, or sent,
 * stays as it was, and the move queues news of its own. "Withdraw and pledge again" makes a new
 * pledge, hence the key by giver and collection rather than by pledge.
 *
 * Writers of one pledge's news hold its collection's lock (locks.ts); the pair's lock taken here
 * serialises them with every other message between the two members all the same.
 */
export async function tellPledgeNews(tx: Tx, news: PledgeMoveNews): Promise<void> {
  const { pledge } = news;
  const key = `${pledge.collectionId}:${pledge.giverId}:${pledge.period.toISOString().slice(0, 7)}>${news.recipientId}`;
  await tx.$executeRaw`SELECT outbox_pair_lock(${news.senderId}::int, ${news.recipientId}::int)`;
  // A row a dispatcher is claiming is locked by its claim: this waits for it, then sees the lease.
  const [waiting] = await tx.$queryRaw<{ id: bigint; payload: Record<string, unknown> }[]>`
    SELECT id, payload FROM outbox
    WHERE coalesce_key = ${key} AND sent_at IS NULL AND failed_at IS NULL
      AND (lease_until IS NULL OR lease_until <= now())
    ORDER BY id DESC LIMIT 1
    FOR UPDATE`;
  const told = waiting ? toldIn(waiting.payload) : news.before;
  const now: PledgeSeen = { state: pledge.state, amount: pledge.amount };
  const kind = pledgeNews(told, now, news.kind, news.created);
  const payload = {
    pledgeId: pledge.id,
    amount: pledge.amount,
    state: pledge.state,
    // What the side was last told, for the next move of the burst to compare with.
    toldState: told?.state ?? null,
    toldAmount: told?.amount ?? null,
  };

  if (waiting) {
    if (kind === null) {
      await tx.$executeRaw`DELETE FROM outbox WHERE id = ${waiting.id}`;
    } else {
      await tx.$executeRaw`
        UPDATE outbox SET kind = ${kind}, payload = ${JSON.stringify(payload)}::jsonb,
          link = ${messageLink(kind, payload)}
        WHERE id = ${waiting.id}`;
    }
    return;
  }
  if (kind === null) return;
  const sender = Prisma.sql`${news.senderId}::int`;
  const recipient = Prisma.sql`${news.recipientId}::int`;
  const earliest = Prisma.sql`now() + ${`${PLEDGE_NEWS_HOLD_MS} milliseconds`}::interval`;
  await tx.$executeRaw`
    INSERT INTO outbox (recipient_id, sender_id, kind, payload, dedupe_key, link, coalesce_key,
      next_attempt_at)
    VALUES (${recipient}, ${sender}, ${kind}, ${JSON.stringify(payload)}::jsonb, ${news.dedupeKey},
      ${messageLink(kind, payload)}, ${key}, ${slotSql(sender, recipient, earliest)})
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

/** What a waiting message says its recipient was last told. */
function toldIn(payload: Record<string, unknown>): PledgeSeen | null {
  const { toldState, toldAmount } = payload;
  return typeof toldState === "string" && typeof toldAmount === "number"
    ? { state: toldState as PledgeState, amount: toldAmount }
    : null;
}
