import type { Prisma, PrismaClient } from "@exodus/db";

type Tx = Prisma.TransactionClient;

/**
 * How late, at most, a message may leave after its slot. A message that would leave later (its
 * process stalled, or Telegram was slow to answer the requests before it) takes a new slot instead
 * of going out in a bunch with messages whose slots are on time.
 */
export const SEND_WINDOW_MS = 25;

/**
 * How much the time a message reaches Telegram may vary beyond that (the network, the request's
 * own building), allowed for in the spacing of slots too.
 */
const ARRIVAL_JITTER_MS = 15;

/**
 * Slots are handed out at least this far ahead of now, and further when the database is slow to
 * answer: a message whose slot had passed before its claim was committed would have to take
 * another at once.
 */
const LEAST_LEAD_MS = 20;

/** Two messages to one chat at least this much further apart than asked, for the same reason. */
const CHAT_MARGIN = 1.05;

export interface PacerOptions {
  prisma: PrismaClient;
  /** Messages per second for the whole bot, across every dispatcher process. */
  ratePerSecond: number;
  /** The least time between two messages to one chat. */
  perChatIntervalMs: number;
  clock: () => number;
}

/** When a message may leave: its slot in the bot's shared pace, and its chat's own pace. */
export interface Pacer {
  /** Milliseconds between two slots. */
  readonly interval: number;
  /** Until when Telegram asked everyone to wait (a 429), as far as this process knows. */
  readonly pausedUntil: number;
  /** The last slot this process holds: claiming more is due when it comes within `lead`. */
  readonly horizon: number;
  /** How far ahead of now slots are given: what a claim lately took to have its messages ready. */
  readonly lead: number;
  /** Slots for `count` messages from the shared pace row, in the claim's transaction. */
  takeSlots(tx: Tx, count: number): Promise<number[]>;
  /** The messages given the last claim's slots are ready to leave (measures `lead`). */
  ready(): void;
  /** A new slot for a message that missed its own. */
  retake(): Promise<number>;
  /** Telegram's 429: no dispatcher sends before `until`. */
  pauseEveryone(until: number): Promise<void>;
  /**
   * Waits for a message's turn: its slot, and room among the requests still unanswered. True when
   * it may leave now (it then counts as unanswered until `answered()`); false when it missed its
   * slot by more than SEND_WINDOW_MS and must take another.
   */
  turn(slot: number): Promise<boolean>;
  /** A request given a turn was answered, or not sent after all. */
  answered(): void;
  /** When a chat may have its next message, one having been sent to it (or let go) just now. */
  chatFreeAt(attempted: boolean): number;
}

/**
 * Telegram's limits, kept across every dispatcher process (DOMAIN.md, "Notifications"): one pace
 * row hands out send slots `interval` apart, in order, to whoever claims; each message leaves no
 * earlier than its slot and no later than SEND_WINDOW_MS after it. The sends within any one second
 * then have slots within 1 s + SEND_WINDOW_MS of each other, so with slots spaced
 * (1 s + SEND_WINDOW_MS + ARRIVAL_JITTER_MS) / rate apart there are fewer than `rate` of them, in
 * every second, whichever processes sent them and however late any of them ran (about 96% of the
 * rate in throughput). Unlike a per-process window, this holds when one process falls behind:
 * its late messages take new slots rather than crowd the seconds of the others.
 */
export function createPacer(options: PacerOptions): Pacer {
  const { prisma, clock } = options;
  const rate = options.ratePerSecond;
  const interval = (1000 + SEND_WINDOW_MS + ARRIVAL_JITTER_MS) / rate;
  const perChat = options.perChatIntervalMs * CHAT_MARGIN;
  // Few requests unanswered at once (a twentieth of a second's worth, at least four): if Telegram
  // (or the network) stalls, what was sent into the stall cannot reach it later as one burst.
  const maxUnanswered = Math.max(4, Math.ceil(rate * 0.05));
  let pausedUntil = 0;
  let horizon = 0;

  // Slots are given no earlier than twice the time lately taken (a moving average) from getting
  // them to having their messages ready, and never less than LEAST_LEAD_MS from now.
  const average = (before: number, ms: number) => (before === 0 ? ms : 0.8 * before + 0.2 * ms);
  let takenAt = 0;
  let claimReadyMs = 0;
  let retakeMs = 0;
  const claimLead = () => Math.max(LEAST_LEAD_MS, 2 * claimReadyMs);
  const retakeLead = () => Math.max(LEAST_LEAD_MS, 2 * retakeMs);

  /**
   * `count` slots from the shared row (made by whichever dispatcher comes first): one statement,
   * so its lock is held only while it runs, and on the connection of the caller's transaction (a
   * second connection would wait for that transaction on a database that has one, as the
   * embedded one).
   */
  async function take(db: Tx | PrismaClient, count: number, lead: number): Promise<number[]> {
    // The column keeps milliseconds: the row's next slot is rounded up, never bringing two
    // slots closer than `interval`.
    const span = Math.ceil(count * interval);
    const earliest = new Date(clock() + lead);
    const [row] = await db.$queryRaw<{ start: Date }[]>`
      INSERT INTO dispatch_pace AS p (id, next_slot)
      VALUES (1, ${earliest}::timestamptz + ${span}::int * interval '1 millisecond')
      ON CONFLICT (id) DO UPDATE
      SET next_slot = GREATEST(p.next_slot, ${earliest}) + ${span}::int * interval '1 millisecond'
      RETURNING p.next_slot - ${span}::int * interval '1 millisecond' AS start`;
    if (!row) throw new Error("The shared pace row is missing");
    const start = row.start.getTime();
    horizon = Math.max(horizon, start + (count - 1) * interval);
    return Array.from({ length: count }, (_, i) => start + i * interval);
  }

  // Messages that missed their slots take new ones together: one statement for all who ask
  // while one is running, so a stall that makes many late does not queue as many statements.
  let retakers: { resolve(slot: number): void; reject(error: unknown): void }[] = [];
  let retaking = false;
  async function retakeAll() {
    retaking = true;
    while (retakers.length > 0) {
      const batch = retakers;
      retakers = [];
      const started = clock();
      try {
        const slots = await take(prisma, batch.length, retakeLead());
        retakeMs = average(retakeMs, clock() - started);
        for (const [i, r] of batch.entries()) r.resolve(slots[i] as number);
      } catch (error) {
        for (const r of batch) r.reject(error);
      }
    }
    retaking = false;
  }

  // Turns are given in the order of their slots, whatever the order they were asked for in.
  const waiting: { slot: number; resolve(go: boolean): void }[] = [];
  let unanswered = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  function giveTurns() {
    if (timer) clearTimeout(timer);
    timer = undefined;
    for (;;) {
      const now = clock();
      const next = waiting[0];
      if (!next) return;
      if (now > next.slot + SEND_WINDOW_MS) {
        waiting.shift();
        next.resolve(false);
      } else if (now < next.slot) {
        // Timers may fire a little early by the wall clock: never before the slot.
        timer = setTimeout(giveTurns, Math.max(1, Math.ceil(next.slot - now)));
        return;
      } else if (unanswered >= maxUnanswered) {
        // `answered()` looks again; a turn that waits past its window is then given up.
        timer = setTimeout(giveTurns, Math.max(1, Math.ceil(next.slot + SEND_WINDOW_MS - now)));
        return;
      } else {
        waiting.shift();
        unanswered++;
        next.resolve(true);
      }
    }
  }

  return {
    interval,
    get pausedUntil() {
      return pausedUntil;
    },
    get horizon() {
      return horizon;
    },
    get lead() {
      return claimLead();
    },
    async takeSlots(tx, count) {
      const slots = await take(tx, count, claimLead());
      takenAt = clock();
      return slots;
    },
    ready() {
      claimReadyMs = average(claimReadyMs, clock() - takenAt);
    },
    retake() {
      return new Promise((resolve, reject) => {
        retakers.push({ resolve, reject });
        if (!retaking) void retakeAll();
      });
    },
    async pauseEveryone(until) {
      pausedUntil = Math.max(pausedUntil, until);
      await prisma.$executeRaw`
        INSERT INTO dispatch_pace AS p (id, next_slot) VALUES (1, ${new Date(until)})
        ON CONFLICT (id) DO UPDATE SET next_slot = GREATEST(p.next_slot, ${new Date(until)})`;
    },
    turn(slot) {
      return new Promise((resolve) => {
        let i = waiting.length;
        while (i > 0 && (waiting[i - 1] as { slot: number }).slot > slot) i--;
        waiting.splice(i, 0, { slot, resolve });
        giveTurns();
      });
    },
    answered() {
      unanswered--;
      giveTurns();
    },
    chatFreeAt(attempted) {
      return clock() + (attempted ? perChat : 0);
    },
  };
}
