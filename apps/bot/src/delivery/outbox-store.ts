import type { Prisma, PrismaClient } from "@exodus/db";
import type { Language } from "@exodus/shared";

type Tx = Prisma.TransactionClient;

/** A row this dispatcher holds: when it may leave, and until when it is this dispatcher's. */
export interface Claimed {
  id: bigint;
  recipientId: number;
  /** When this row may leave (ms since the epoch). */
  slot: number;
  /**
   * Until when this dispatcher holds the row: the value it last wrote, so also its claim ticket.
   * Every write about the row says it and is a no-op if the row now holds another.
   */
  lease: number;
}

/** What is known about a claimed row when it is about to leave (read in its claim). */
export interface OutboxRow {
  id: bigint;
  kind: string;
  /** As stored: read through the kind's schema before it is worded. */
  payload: unknown;
  link: string;
  attempts: number;
  recipient: {
    id: number;
    telegramId: bigint | null;
    language: Language;
    unreachable: boolean;
    left: boolean;
    muted: string[];
  };
  /** The pledge the message is about, if any: its amount and the two sides' names as of now. */
  pledge?:
    | {
        amount: number;
        giver: string | null;
        receiver: string | null;
        /** The kind of collection it is to: "this month" is no word for an initiative. */
        collectionKind?: string;
      }
    | undefined;
  /** The member the message is about: their name as of now (null once they left). */
  member?: { name: string | null } | undefined;
  /**
   * The members a message names in lines of its own (a clearing part's counterparts), by id: their
   * names as of now (null once they left).
   */
  names?: Map<number, string | null> | undefined;
}

/** One row's outcome, with when its chat may have its next message. */
export interface Outcome {
  item: Claimed;
  /** When the chat is free again. */
  chatFreeAt: number;
}

/**
 * The outbox as the dispatcher sees it: every statement about its rows and their chats' pace
 * (`chat_pace`), so the loop never writes SQL of its own. A row's outcome and its chat's next free
 * time are one statement, and each holds only while the row's lease is still the one given.
 */
export interface OutboxStore {
  /**
   * Claims up to `max` rows due now, the oldest row of each free chat, each leased for `leaseMs`,
   * and reads them; their slots come from `slots` (the shared pace row) in the same transaction.
   */
  claim(
    max: number,
    now: number,
    slots: (tx: Tx, count: number) => Promise<number[]>,
  ): Promise<{ claimed: Claimed[]; rows: Map<string, OutboxRow> }>;
  /** Telegram accepted these messages at `at`. */
  markSent(sent: (Outcome & { at: number })[]): Promise<void>;
  /** Given up on: not sent, and never to be (`attempted`: a request was made). */
  markFailed(outcome: Outcome, reason: string, attempted: boolean, at: number): Promise<void>;
  /** To be tried again, not before `retryAt`. */
  markLater(outcome: Outcome, retryAt: number, reason: string, attempted: boolean): Promise<void>;
  /** The member cannot be written to: every row still waiting for them fails with `reason`. */
  failWaitingFor(recipientId: number, reason: string, at: number): Promise<void>;
  /**
   * Extends the leases of rows still in flight (and keeps their chats busy) to at least `until`;
   * returns the new lease of each row still this dispatcher's. A row missing from the answer was
   * taken by another dispatcher meanwhile, or finished.
   */
  renew(items: Claimed[], until: number): Promise<Map<string, number>>;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function createOutboxStore(prisma: PrismaClient, leaseMs: number): OutboxStore {
  return {
    claim(max, now, slots) {
      return prisma.$transaction(async (tx) => {
        const at = new Date(now);
        // Rows of chats that are busy (a message in flight, or one less than a second ago) are
        // passed over here, before the limit, so one chat's backlog cannot hold up everyone else's.
        const due = await tx.$queryRaw<{ id: bigint; recipient_id: number }[]>`
          SELECT o.id, o.recipient_id FROM outbox o
          WHERE o.sent_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= ${at}
            AND (o.lease_until IS NULL OR o.lease_until <= ${at})
            AND NOT EXISTS (
              SELECT 1 FROM chat_pace c WHERE c.member_id = o.recipient_id AND c.next_at > ${at})
          ORDER BY o.id
          LIMIT ${max * 4}`;
        // The oldest due row of each chat.
        const heads = new Map<number, bigint>();
        for (const row of due) {
          if (!heads.has(row.recipient_id)) heads.set(row.recipient_id, row.id);
        }
        if (heads.size === 0) return { claimed: [], rows: new Map() };
        const recipients = [...heads.keys()].sort((a, b) => a - b);
        await tx.$executeRaw`
          INSERT INTO chat_pace (member_id, next_at)
          SELECT unnest(${recipients}::int[]), 'epoch' ON CONFLICT DO NOTHING`;
        // Two dispatchers never take one chat at once: its pace row is locked by the first.
        const free = await tx.$queryRaw<{ member_id: number }[]>`
          SELECT member_id FROM chat_pace
          WHERE member_id = ANY(${recipients}::int[]) AND next_at <= ${at}
          ORDER BY member_id
          FOR UPDATE SKIP LOCKED`;
        const freeSet = new Set(free.map((f) => f.member_id));
        const chosen = [...heads.entries()]
          .filter(([recipientId]) => freeSet.has(recipientId))
          .sort((a, b) => (a[1] < b[1] ? -1 : 1))
          .slice(0, max);
        if (chosen.length === 0) return { claimed: [], rows: new Map() };

        // The row's own update decides: one sent or leased meanwhile by another dispatcher stays
        // out. Its chat is busy until its message is answered (then its outcome sets the next
        // time), or, if this dispatcher dies meanwhile, until the lease ends.
        const lease = Math.floor(now + leaseMs);
        const leased = await tx.$queryRaw<{ id: bigint }[]>`
          WITH rows AS (
            UPDATE outbox o SET lease_until = ${new Date(lease)}
            WHERE o.id = ANY(${chosen.map(([, id]) => String(id))}::bigint[])
              AND o.sent_at IS NULL AND o.failed_at IS NULL
              AND (o.lease_until IS NULL OR o.lease_until <= ${at})
            RETURNING o.id, o.recipient_id
          ), chats AS (
            UPDATE chat_pace c SET next_at = ${new Date(lease)}
            FROM rows WHERE c.member_id = rows.recipient_id
          )
          SELECT id FROM rows`;
        const leasedIds = new Set(leased.map((l) => String(l.id)));
        const mine = chosen.filter(([, id]) => leasedIds.has(String(id)));
        if (mine.length === 0) return { claimed: [], rows: new Map() };
        const rows = await readRows(
          tx,
          mine.map(([, id]) => id),
        );
        // Slots last: the shared pace row is locked only for the end of this transaction, and a
        // slot is given as late as it can be, just before its message is ready to leave.
        const given = await slots(tx, mine.length);
        const claimed = mine.map(([recipientId, id], i) => ({
          id,
          recipientId,
          slot: given[i] as number,
          lease,
        }));
        return { claimed, rows };
      });
    },

    async markSent(sent) {
      if (sent.length === 0) return;
      // Many at once: at hundreds of messages a second one statement per message would cost the
      // sending process the time it needs to keep the pace.
      await prisma.$executeRaw`
        WITH rows AS (
          UPDATE outbox o SET sent_at = v.at, lease_until = NULL, attempts = o.attempts + 1,
            error = NULL
          FROM unnest(${sent.map((s) => String(s.item.id))}::bigint[],
                      ${sent.map((s) => iso(s.at))}::timestamptz[],
                      ${sent.map((s) => iso(s.item.lease))}::timestamptz[],
                      ${sent.map((s) => iso(s.chatFreeAt))}::timestamptz[]) AS v (id, at, lease, free)
          WHERE o.id = v.id AND o.lease_until = v.lease
          RETURNING o.recipient_id, v.free
        )
        UPDATE chat_pace c SET next_at = rows.free
        FROM rows WHERE c.member_id = rows.recipient_id`;
    },

    async markFailed({ item, chatFreeAt }, reason, attempted, at) {
      await prisma.$executeRaw`
        WITH row AS (
          UPDATE outbox SET failed_at = ${new Date(at)}, lease_until = NULL, error = ${reason},
            attempts = attempts + ${attempted ? 1 : 0}
          WHERE id = ${item.id} AND lease_until = ${new Date(item.lease)}
          RETURNING recipient_id
        )
        UPDATE chat_pace SET next_at = ${new Date(chatFreeAt)}
        WHERE member_id IN (SELECT recipient_id FROM row)`;
    },

    async markLater({ item, chatFreeAt }, retryAt, reason, attempted) {
      await prisma.$executeRaw`
        WITH row AS (
          UPDATE outbox SET next_attempt_at = ${new Date(retryAt)}, lease_until = NULL,
            error = ${reason}, attempts = attempts + ${attempted ? 1 : 0}
          WHERE id = ${item.id} AND lease_until = ${new Date(item.lease)}
          RETURNING recipient_id
        )
        UPDATE chat_pace SET next_at = ${new Date(chatFreeAt)}
        WHERE member_id IN (SELECT recipient_id FROM row)`;
    },

    async failWaitingFor(recipientId, reason, at) {
      await prisma.$executeRaw`
        UPDATE outbox SET failed_at = ${new Date(at)}, error = ${reason}, lease_until = NULL
        WHERE recipient_id = ${recipientId} AND sent_at IS NULL AND failed_at IS NULL`;
    },

    async renew(items, until) {
      if (items.length === 0) return new Map();
      const rows = await prisma.$queryRaw<{ id: bigint; lease_until: Date }[]>`
        WITH rows AS (
          UPDATE outbox o SET lease_until = GREATEST(o.lease_until, ${new Date(until)})
          FROM unnest(${items.map((i) => String(i.id))}::bigint[],
                      ${items.map((i) => iso(i.lease))}::timestamptz[]) AS v (id, lease)
          WHERE o.id = v.id AND o.lease_until = v.lease
            AND o.sent_at IS NULL AND o.failed_at IS NULL
          RETURNING o.id, o.recipient_id, o.lease_until
        ), chats AS (
          UPDATE chat_pace c SET next_at = GREATEST(c.next_at, rows.lease_until)
          FROM rows WHERE c.member_id = rows.recipient_id
        )
        SELECT id, lease_until FROM rows`;
      return new Map(rows.map((r) => [String(r.id), r.lease_until.getTime()]));
    },
  };
}

/** The rows' contents, recipients and what they are about, by id (one query per claim). */
async function readRows(db: Tx, ids: bigint[]): Promise<Map<string, OutboxRow>> {
  const rows = await db.$queryRaw<
    {
      id: bigint;
      kind: string;
      payload: unknown;
      link: string;
      attempts: number;
      recipient_id: number;
      telegram_id: bigint | null;
      language: Language;
      unreachable_at: Date | null;
      deleted_at: Date | null;
      notifications_muted: string[] | null;
      pledge_amount: number | null;
      collection_kind: string | null;
      giver_name: string | null;
      receiver_name: string | null;
      member_name: string | null;
      member_found: boolean;
      names: Record<string, string | null> | null;
    }[]
  >`
      SELECT o.id, o.kind, o.payload, o.link, o.attempts, o.recipient_id, r.telegram_id,
        r.language, r.unreachable_at, r.deleted_at, r.notifications_muted,
        p.amount AS pledge_amount, pc.kind::text AS collection_kind,
        CASE WHEN g.deleted_at IS NULL THEN COALESCE(g.display_name, g.first_name) END AS giver_name,
        CASE WHEN rc.deleted_at IS NULL THEN COALESCE(rc.display_name, rc.first_name) END AS receiver_name,
        CASE WHEN m.deleted_at IS NULL THEN COALESCE(m.display_name, m.first_name) END AS member_name,
        m.id IS NOT NULL AS member_found, nm.names
      FROM outbox o
      JOIN member r ON r.id = o.recipient_id
      LEFT JOIN pledge p ON p.id = (CASE WHEN jsonb_typeof(o.payload -> 'pledgeId') = 'number'
                                         THEN (o.payload ->> 'pledgeId')::numeric END)
      LEFT JOIN collection pc ON pc.id = p.collection_id
      LEFT JOIN member g ON g.id = p.giver_id
      LEFT JOIN member rc ON rc.id = p.receiver_id
      LEFT JOIN member m ON m.id = (CASE WHEN jsonb_typeof(o.payload -> 'memberId') = 'number'
                                         THEN (o.payload ->> 'memberId')::numeric END)
      LEFT JOIN LATERAL (
        SELECT jsonb_object_agg(n.id::text, CASE WHEN n.deleted_at IS NULL
                                                 THEN COALESCE(n.display_name, n.first_name) END)
          AS names
        FROM member n
        WHERE n.id IN (
          SELECT (l ->> 'memberId')::numeric
          FROM jsonb_array_elements(
            CASE WHEN jsonb_typeof(o.payload -> 'owe') = 'array' THEN o.payload -> 'owe'
                 ELSE '[]'::jsonb END
            || CASE WHEN jsonb_typeof(o.payload -> 'owed') = 'array' THEN o.payload -> 'owed'
                    ELSE '[]'::jsonb END) AS l
          WHERE jsonb_typeof(l -> 'memberId') = 'number')
      ) nm ON true
      WHERE o.id = ANY(${ids.map(String)}::bigint[])`;
  return new Map(
    rows.map((r) => [
      String(r.id),
      {
        id: r.id,
        kind: r.kind,
        payload: r.payload,
        link: r.link,
        attempts: r.attempts,
        recipient: {
          id: r.recipient_id,
          telegramId: r.telegram_id,
          language: r.language,
          unreachable: r.unreachable_at !== null,
          left: r.deleted_at !== null || r.telegram_id === null,
          muted: r.notifications_muted ?? [],
        },
        pledge:
          r.pledge_amount === null
            ? undefined
            : {
                amount: r.pledge_amount,
                giver: r.giver_name,
                receiver: r.receiver_name,
                ...(r.collection_kind ? { collectionKind: r.collection_kind } : {}),
              },
        member: r.member_found ? { name: r.member_name } : undefined,
        names: r.names
          ? new Map(Object.entries(r.names).map(([id, name]) => [Number(id), name]))
          : undefined,
      },
    ]),
  );
}
