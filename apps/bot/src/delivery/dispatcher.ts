import type { PrismaClient } from "@exodus/db";
import { type Language, wantsNotification } from "@exodus/shared";
import { type Api, GrammyError, HttpError } from "grammy";
import type { MessageFacts, Renderer } from "./render.ts";

/** How the dispatcher paces itself and gives up; every field has a default that suits Telegram. */
export interface DispatcherOptions {
  prisma: PrismaClient;
  api: Api;
  renderer: Renderer;
  /** Messages per second for the whole bot, across every dispatcher process (Telegram: ~30). */
  ratePerSecond?: number;
  /** The least time between two messages to one chat (Telegram: one a second). */
  perChatIntervalMs?: number;
  /** Rows claimed at once; by default half a second's worth at the configured rate. */
  batchSize?: number;
  /** How long to wait before looking again when nothing is due. */
  idlePollMs?: number;
  /** A claimed row is this dispatcher's for this long after its slot; then free again. */
  leaseMs?: number;
  /** Temporary failures (5xx, network) are retried with backoff this many times. */
  maxAttempts?: number;
  /** The first retry's wait; each further one waits twice as long (up to ten minutes). */
  retryBaseMs?: number;
  /** Milliseconds since the epoch; tests may replace it. */
  clock?: () => number;
  onError?(error: unknown): void;
}

export interface Dispatcher {
  /** Resolves once nothing is due and nothing is in flight (for tests and benchmarks). */
  idle(): Promise<void>;
  /** Stops claiming, lets the messages in flight finish, and resolves when it has. */
  stop(): Promise<void>;
}

/**
 * Below the configured rates by this much, so that the jitter of the network between our clock and
 * Telegram's never makes two slots look closer than allowed.
 */
const RATE_MARGIN = 0.96;
const CHAT_MARGIN = 1.05;

interface Claimed {
  id: bigint;
  recipientId: number;
  /** When this row may leave (ms since the epoch). */
  slot: number;
  /** Until when this dispatcher holds the row: the value it wrote, so also its claim ticket. */
  lease: number;
}

interface FactsRow {
  id: bigint;
  kind: string;
  payload: Record<string, unknown>;
  link: string;
  recipient_id: number;
  telegram_id: bigint | null;
  language: Language;
  unreachable_at: Date | null;
  deleted_at: Date | null;
  notifications_muted: string[] | null;
  pledge_amount: number | null;
  giver_name: string | null;
  receiver_name: string | null;
  member_name: string | null;
  member_found: boolean;
}

/**
 * Delivers the outbox through the Bot API (DOMAIN.md, "Notifications"), each row once:
 * - a row is claimed in a short transaction that locks its chat's pace row (`FOR UPDATE SKIP
 *   LOCKED`), so two dispatchers never take one chat (or one row) at once; the claim leases the
 *   row, so a dispatcher that dies frees it after the lease;
 * - every message gets a send slot from one shared pace row: the bot's global rate holds across
 *   processes, and each chat gets at most one message a second;
 * - 429 pauses everyone for `retry_after`; 5xx and network failures are retried with backoff; 403
 *   marks the member unreachable and stops all messages to them; other refusals fail the row.
 * Exactly once, but for one case no protocol can close: a crash after Telegram accepted a message
 * and before the row was marked sent sends it again when the lease ends.
 */
export function startDispatcher(options: DispatcherOptions): Dispatcher {
  const { prisma, api, renderer } = options;
  const rate = options.ratePerSecond ?? 25;
  const interval = 1000 / (rate * RATE_MARGIN);
  const perChat = (options.perChatIntervalMs ?? 1000) * CHAT_MARGIN;
  const batchSize = options.batchSize ?? Math.max(1, Math.ceil(rate / 2));
  const idlePollMs = options.idlePollMs ?? 500;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 2000;
  const clock = options.clock ?? Date.now;
  const onError = options.onError ?? ((e) => console.error("exodus dispatcher:", e));

  let running = true;
  let pausedUntil = 0;
  const inFlight = new Set<Promise<void>>();
  let idleWaiters: (() => void)[] = [];
  let wake: (() => void) | undefined;

  async function claim(max: number): Promise<Claimed[]> {
    return prisma.$transaction(async (tx) => {
      const now = new Date(clock());
      // Rows of chats that are busy (a message in flight, or one less than a second ago) are
      // passed over here, before the limit, so one chat's backlog cannot hold up everyone else's.
      const due = await tx.$queryRaw<{ id: bigint; recipient_id: number }[]>`
        SELECT o.id, o.recipient_id FROM outbox o
        WHERE o.sent_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= ${now}
          AND (o.lease_until IS NULL OR o.lease_until <= ${now})
          AND NOT EXISTS (
            SELECT 1 FROM chat_pace c WHERE c.member_id = o.recipient_id AND c.next_at > ${now})
        ORDER BY o.id
        LIMIT ${max * 4}`;
      // The oldest due row of each chat.
      const heads = new Map<number, bigint>();
      for (const row of due) if (!heads.has(row.recipient_id)) heads.set(row.recipient_id, row.id);
      if (heads.size === 0) return [];
      const recipients = [...heads.keys()].sort((a, b) => a - b);
      await tx.$executeRaw`
        INSERT INTO chat_pace (member_id, next_at)
        SELECT unnest(${recipients}::int[]), 'epoch' ON CONFLICT DO NOTHING`;
      const free = await tx.$queryRaw<{ member_id: number }[]>`
        SELECT member_id FROM chat_pace
        WHERE member_id = ANY(${recipients}::int[]) AND next_at <= ${now}
        ORDER BY member_id
        FOR UPDATE SKIP LOCKED`;
      const freeSet = new Set(free.map((f) => f.member_id));
      const chosen = [...heads.entries()]
        .filter(([recipientId]) => freeSet.has(recipientId))
        .sort((a, b) => (a[1] < b[1] ? -1 : 1))
        .slice(0, max);
      if (chosen.length === 0) return [];

      await tx.$executeRaw`
        INSERT INTO dispatch_pace (id, next_slot) VALUES (1, 'epoch') ON CONFLICT DO NOTHING`;
      const [pace] = await tx.$queryRaw<{ next_slot: Date }[]>`
        SELECT next_slot FROM dispatch_pace WHERE id = 1 FOR UPDATE`;
      const start = Math.max(pace?.next_slot.getTime() ?? 0, now.getTime());
      const claimed = chosen.map(([recipientId, id], i) => ({
        id,
        recipientId,
        slot: start + i * interval,
        lease: Math.floor(start + i * interval + leaseMs),
      }));
      const iso = (ms: number) => new Date(ms).toISOString();
      // The row's own update decides: one sent or leased meanwhile by another dispatcher stays out.
      const leased = await tx.$queryRaw<{ id: bigint }[]>`
        UPDATE outbox o SET lease_until = v.lease
        FROM unnest(${claimed.map((c) => String(c.id))}::bigint[],
                    ${claimed.map((c) => iso(c.lease))}::timestamptz[]) AS v (id, lease)
        WHERE o.id = v.id AND o.sent_at IS NULL AND o.failed_at IS NULL
          AND (o.lease_until IS NULL OR o.lease_until <= ${now})
        RETURNING o.id`;
      const leasedIds = new Set(leased.map((l) => String(l.id)));
      const mine = claimed.filter((c) => leasedIds.has(String(c.id)));
      // The chat is busy until its message is answered (then `paced` sets the next time), or, if
      // this process dies meanwhile, until the lease ends.
      await tx.$executeRaw`
        UPDATE chat_pace c SET next_at = v.next_at
        FROM unnest(${mine.map((c) => c.recipientId)}::int[],
                    ${mine.map((c) => iso(c.lease))}::timestamptz[]) AS v (member_id, next_at)
        WHERE c.member_id = v.member_id`;
      await tx.$executeRaw`
        UPDATE dispatch_pace SET next_slot = ${new Date(start + claimed.length * interval)}
        WHERE id = 1`;
      return mine;
    });
  }

  async function factsOf(ids: bigint[]): Promise<Map<string, FactsRow>> {
    const rows = await prisma.$queryRaw<FactsRow[]>`
      SELECT o.id, o.kind, o.payload, o.link, o.recipient_id, r.telegram_id, r.language,
        r.unreachable_at, r.deleted_at, r.notifications_muted,
        p.amount AS pledge_amount,
        CASE WHEN g.deleted_at IS NULL THEN COALESCE(g.display_name, g.first_name) END AS giver_name,
        CASE WHEN rc.deleted_at IS NULL THEN COALESCE(rc.display_name, rc.first_name) END AS receiver_name,
        CASE WHEN m.deleted_at IS NULL THEN COALESCE(m.display_name, m.first_name) END AS member_name,
        m.id IS NOT NULL AS member_found
      FROM outbox o
      JOIN member r ON r.id = o.recipient_id
      LEFT JOIN pledge p ON p.id = (o.payload ->> 'pledgeId')::int
      LEFT JOIN member g ON g.id = p.giver_id
      LEFT JOIN member rc ON rc.id = p.receiver_id
      LEFT JOIN member m ON m.id = (o.payload ->> 'memberId')::int
      WHERE o.id = ANY(${ids.map(String)}::bigint[])`;
    return new Map(rows.map((r) => [String(r.id), r]));
  }

  // Each outcome is one statement: the row's new state, and the chat's next free time (a second
  // after Telegram answered: measured from the answer, the gap holds where Telegram receives them
  // too, however late a send went out).
  const sentQueue: {
    item: Claimed;
    at: number;
    free: number;
    resolve: () => void;
    reject: (error: unknown) => void;
  }[] = [];
  let flushScheduled = false;
  function flushSoon() {
    if (flushScheduled) return;
    flushScheduled = true;
    setTimeout(() => {
      flushScheduled = false;
      void flushSent();
    }, 50);
  }
  async function flushSent() {
    const batch = sentQueue.splice(0);
    if (batch.length === 0) return;
    const iso = (ms: number) => new Date(ms).toISOString();
    try {
      await prisma.$executeRaw`
        WITH rows AS (
          UPDATE outbox o SET sent_at = v.at, lease_until = NULL, attempts = o.attempts + 1,
            error = NULL
          FROM unnest(${batch.map((b) => String(b.item.id))}::bigint[],
                      ${batch.map((b) => iso(b.at))}::timestamptz[],
                      ${batch.map((b) => iso(b.item.lease))}::timestamptz[],
                      ${batch.map((b) => iso(b.free))}::timestamptz[]) AS v (id, at, lease, free)
          WHERE o.id = v.id AND o.lease_until = v.lease
          RETURNING o.recipient_id, v.free
        )
        UPDATE chat_pace c SET next_at = rows.free
        FROM rows WHERE c.member_id = rows.recipient_id`;
      for (const b of batch) b.resolve();
    } catch (error) {
      // Sent is sent: keep the batch and record it again shortly, rather than send it twice.
      onError(new Error("Could not record sent messages; retrying", { cause: error }));
      sentQueue.unshift(...batch);
      setTimeout(flushSoon, 1000);
    }
  }

  // A row let go without a message (muted, left, unreachable) leaves its chat free at once.
  const chatFree = (attempted = true) => new Date(clock() + (attempted ? perChat : 0));
  const finish = {
    // The common outcome is recorded for many messages at once (a statement every 50 ms), so that
    // at hundreds of messages a second the sending process stays free to keep the pace.
    sent: (item: Claimed) =>
      new Promise<void>((resolve, reject) => {
        sentQueue.push({ item, at: clock(), free: chatFree().getTime(), resolve, reject });
        flushSoon();
      }),
    // Each only while the row is still this dispatcher's (its lease unchanged).
    failed: (item: Claimed, error: string, attempted: boolean) =>
      prisma.$executeRaw`
        WITH row AS (
          UPDATE outbox SET failed_at = ${new Date(clock())}, lease_until = NULL, error = ${error},
            attempts = attempts + ${attempted ? 1 : 0}
          WHERE id = ${item.id} AND lease_until = ${new Date(item.lease)}
          RETURNING recipient_id
        )
        UPDATE chat_pace SET next_at = ${chatFree(attempted)}
        WHERE member_id IN (SELECT recipient_id FROM row)`,
    later: (item: Claimed, at: number, error: string | null, attempted: boolean) =>
      prisma.$executeRaw`
        WITH row AS (
          UPDATE outbox SET next_attempt_at = ${new Date(at)}, lease_until = NULL, error = ${error},
            attempts = attempts + ${attempted ? 1 : 0}
          WHERE id = ${item.id} AND lease_until = ${new Date(item.lease)}
          RETURNING recipient_id
        )
        UPDATE chat_pace SET next_at = ${chatFree(attempted)}
        WHERE member_id IN (SELECT recipient_id FROM row)`,
  };

  /** The member blocked the bot: nothing more goes to them until they start it again. */
  async function unreachable(memberId: number) {
    const now = new Date(clock());
    await prisma.$transaction([
      prisma.$executeRaw`UPDATE member SET unreachable_at = ${now} WHERE id = ${memberId}`,
      prisma.$executeRaw`
        UPDATE outbox SET failed_at = ${now}, error = 'unreachable', lease_until = NULL
        WHERE recipient_id = ${memberId} AND sent_at IS NULL AND failed_at IS NULL`,
    ]);
  }

  async function pauseEveryone(until: number) {
    pausedUntil = Math.max(pausedUntil, until);
    await prisma.$executeRaw`
      UPDATE dispatch_pace SET next_slot = GREATEST(next_slot, ${new Date(until)}) WHERE id = 1`;
  }

  /**
   * Waits for a message's turn: its slot, room in this process's last second (which never holds
   * more than the rate allows, less the margin), and room among the requests still unanswered.
   * Unlike a fixed gap between messages, a stalled event loop can catch up afterwards, but never
   * with more than a second's worth at once.
   */
  const perWindow = Math.max(1, Math.floor(rate * RATE_MARGIN));
  const fired: number[] = [];
  // Few requests unanswered at once: if Telegram (or the network) stalls, what piles up behind the
  // stall and then arrives in one go stays within the margin under the rate.
  const maxUnanswered = Math.max(4, Math.ceil((rate * (1 - RATE_MARGIN)) / 2));
  let unanswered = 0;
  let answered: (() => void) | undefined;
  let gate: Promise<void> = Promise.resolve();
  function turn(slot: number): Promise<void> {
    const mine = gate.then(async () => {
      await sleep(slot - clock());
      for (;;) {
        while (fired.length > 0 && (fired[0] as number) <= clock() - 1000) fired.shift();
        if (fired.length >= perWindow) {
          await sleep((fired[0] as number) + 1000 - clock() + 1);
        } else if (unanswered >= maxUnanswered) {
          await new Promise<void>((resolve) => {
            answered = resolve;
          });
        } else break;
      }
      fired.push(clock());
      unanswered++;
    });
    gate = mine;
    return mine;
  }
  function answer() {
    unanswered--;
    const wake = answered;
    answered = undefined;
    wake?.();
  }

  /**
   * Everything but the send is done before the message's turn (the checks, the rendering), so that
   * when its turn comes the request leaves at once: what Telegram sees keeps the pace we keep.
   */
  async function deliver(item: Claimed, facts: FactsRow | undefined, attempts: number) {
    if (!facts) {
      // No member behind the row (none is ever deleted today): give it up rather than retry it.
      await finish.failed(item, "no such member", false);
      return;
    }
    if (facts.deleted_at || facts.telegram_id === null) {
      await finish.failed(item, "left", false);
      return;
    }
    if (facts.unreachable_at) {
      await finish.failed(item, "unreachable", false);
      return;
    }
    // Muted when it leaves, not when it was written: a mute applies to what is still waiting.
    if (!wantsNotification(facts.notifications_muted ?? [], facts.kind)) {
      await finish.failed(item, "muted", false);
      return;
    }
    let message: ReturnType<Renderer["render"]>;
    try {
      message = renderer.render(toFacts(facts), facts.language);
    } catch (error) {
      await finish.failed(item, `cannot render: ${String(error)}`, false);
      return;
    }
    await turn(item.slot);
    if (clock() < pausedUntil) {
      answer();
      await finish.later(item, pausedUntil, "paused by Telegram's flood control", false);
      return;
    }
    // A message kept waiting half its lease (Telegram stalled) renews it, or, if another
    // dispatcher took the row meanwhile, leaves it to them.
    if (clock() > item.lease - leaseMs / 2 && !(await renew(item))) {
      answer();
      return;
    }
    try {
      try {
        await api.sendMessage(Number(facts.telegram_id), message.text, {
          reply_markup: message.reply_markup,
        });
      } finally {
        answer();
      }
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 429) {
        const after = clock() + (error.parameters.retry_after ?? 1) * 1000;
        await pauseEveryone(after);
        await finish.later(item, after, error.description, false);
      } else if (error instanceof GrammyError && error.error_code === 403) {
        await unreachable(item.recipientId);
        await finish.failed(item, error.description, true);
      } else if (
        (error instanceof GrammyError && error.error_code >= 500) ||
        error instanceof HttpError
      ) {
        const description = error instanceof GrammyError ? error.description : error.message;
        if (attempts + 1 >= maxAttempts) await finish.failed(item, description, true);
        else {
          const wait = Math.min(retryBaseMs * 2 ** attempts, 10 * 60_000);
          await finish.later(item, clock() + wait, description, true);
        }
      } else {
        const description = error instanceof GrammyError ? error.description : String(error);
        await finish.failed(item, description, true);
      }
      return;
    }
    await finish.sent(item);
  }

  /** Extends this dispatcher's hold on a row (and its chat); false if it is no longer ours. */
  async function renew(item: Claimed): Promise<boolean> {
    const lease = Math.floor(clock() + leaseMs);
    const renewed = await prisma.$queryRaw<{ id: bigint }[]>`
      WITH row AS (
        UPDATE outbox SET lease_until = ${new Date(lease)}
        WHERE id = ${item.id} AND lease_until = ${new Date(item.lease)}
          AND sent_at IS NULL AND failed_at IS NULL
        RETURNING id, recipient_id
      ), chat AS (
        UPDATE chat_pace SET next_at = ${new Date(lease)}
        WHERE member_id IN (SELECT recipient_id FROM row)
      )
      SELECT id FROM row`;
    if (renewed.length === 0) return false;
    item.lease = lease;
    return true;
  }

  async function loop() {
    while (running) {
      try {
        // Claim ahead while earlier messages wait for their slots, so the pace has no gaps; in
        // half batches, so a busy outbox costs a claim every quarter second, not one per message.
        if (inFlight.size > batchSize / 2) {
          await Promise.race(inFlight);
          continue;
        }
        // Idle only if nothing was in flight before the claim either: a send that finished during
        // the claim may have freed its chat for the next row.
        const nothingInFlight = inFlight.size === 0;
        const claimed = await claim(batchSize - inFlight.size);
        if (claimed.length === 0) {
          if (nothingInFlight) {
            for (const resolve of idleWaiters.splice(0)) resolve();
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, inFlight.size > 0 ? Math.min(idlePollMs, 50) : idlePollMs);
          });
          continue;
        }
        const facts = await factsOf(claimed.map((c) => c.id));
        const attempts = await attemptsOf(claimed.map((c) => c.id));
        for (const item of claimed) {
          const task = deliver(item, facts.get(String(item.id)), attempts.get(String(item.id)) ?? 0)
            .catch(onError)
            .finally(() => inFlight.delete(task));
          inFlight.add(task);
        }
      } catch (error) {
        onError(error);
        await sleep(idlePollMs);
      }
    }
    await Promise.all(inFlight);
  }

  async function attemptsOf(ids: bigint[]): Promise<Map<string, number>> {
    const rows = await prisma.$queryRaw<{ id: bigint; attempts: number }[]>`
      SELECT id, attempts FROM outbox WHERE id = ANY(${ids.map(String)}::bigint[])`;
    return new Map(rows.map((r) => [String(r.id), r.attempts]));
  }

  const done = loop();
  return {
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake?.();
      }),
    async stop() {
      running = false;
      wake?.();
      await done;
      for (const resolve of idleWaiters.splice(0)) resolve();
      idleWaiters = [];
    },
  };
}

function toFacts(row: FactsRow): MessageFacts {
  return {
    kind: row.kind,
    payload: row.payload,
    recipientId: row.recipient_id,
    link: row.link,
    pledge:
      row.pledge_amount === null
        ? undefined
        : { amount: row.pledge_amount, giver: row.giver_name, receiver: row.receiver_name },
    member: row.member_found ? { name: row.member_name } : undefined,
  };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
