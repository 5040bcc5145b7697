import type { PrismaClient } from "@exodus/db";
import { wantsNotification } from "@exodus/shared";
import type { Api } from "grammy";
import type { MemberDirectory } from "../commands.ts";
import { createLogger, errorFields, type Logger } from "../log.ts";
import { type FailureClass, judgeSendError } from "./error-policy.ts";
import { type Claimed, createOutboxStore, type OutboxRow } from "./outbox-store.ts";
import { createPacer } from "./pacer.ts";
import { BadPayload, type RenderedMessage, type Renderer } from "./render.ts";

/** How the dispatcher paces itself and gives up; every field has a default that suits Telegram. */
export interface DispatcherOptions {
  prisma: PrismaClient;
  api: Api;
  renderer: Renderer;
  /** The member table's owner (the server): told when Telegram says a member blocked the bot. */
  members: Pick<MemberDirectory, "setReachable">;
  /** Messages per second for the whole bot, across every dispatcher process (Telegram: ~30). */
  ratePerSecond?: number;
  /** The least time between two messages to one chat (Telegram: one a second). */
  perChatIntervalMs?: number;
  /** Rows claimed at once; by default half a second's worth at the configured rate. */
  batchSize?: number;
  /** How long to wait before looking again when nothing is due. */
  idlePollMs?: number;
  /**
   * A claimed row is this dispatcher's for this long after its claim, renewed every third of it
   * while the row is in flight (default 10 s); a dispatcher that dies frees its rows within it.
   */
  leaseMs?: number;
  /** Temporary failures (5xx, network) are retried with backoff until this many attempts. */
  maxAttempts?: number;
  /** The first retry's wait; each further one waits twice as long (up to ten minutes). */
  retryBaseMs?: number;
  /** Milliseconds since the epoch; tests may replace it. */
  clock?: () => number;
  /** Where each delivery failure is logged (JSON); the bot's own logger when not given. */
  logger?: Logger;
  /** Failures of the dispatcher itself (the database); logged as errors when not given. */
  onError?(error: unknown): void;
}

export interface Dispatcher {
  /** Resolves once nothing is due and nothing is in flight (for tests and benchmarks). */
  idle(): Promise<void>;
  /** Stops claiming, lets the messages in flight finish, and resolves when it has. */
  stop(): Promise<void>;
  /**
   * Stops at once, as if the process died: from now on it sends nothing and writes nothing, not
   * even what Telegram has just accepted, and its heartbeat stops, so what it held waits for its
   * leases to end. For tests of what a crash leaves behind; call `stop()` afterwards to settle.
   */
  halt(): void;
}

/** How long before its slot a message is checked and worded. */
const PREPARE_MS = 50;

/** A claimed row while this dispatcher holds it. */
interface Held {
  item: Claimed;
  /** Another dispatcher took it over (the heartbeat found its lease changed): hands off. */
  lost: boolean;
  /** Its outcome is being written: the heartbeat leaves its lease alone. */
  finishing: boolean;
}

/**
 * Delivers the outbox through the Bot API (DOMAIN.md, "Notifications"), each row once. The parts:
 * - the outbox store (outbox-store.ts): every statement; a claim leases rows of free chats
 *   (`FOR UPDATE SKIP LOCKED`), so two dispatchers never take one chat or one row at once;
 * - the pacer (pacer.ts): send slots from one pace row shared by every process, each message
 *   within a few milliseconds of its slot, so no second has more than the configured rate;
 * - the error policy (error-policy.ts): what each failure of the Bot API means;
 * - this loop: claims ahead of the pace, keeps the leases of rows in flight alive with a
 *   heartbeat, and writes each outcome the moment Telegram answers.
 * Leases are short (10 s) and renewed while a row is in flight, so a dead dispatcher's rows are
 * free again within seconds, and a slow answer is never mistaken for a death. Exactly once, but
 * for one case no protocol can close: a crash after Telegram accepted a message and before it was
 * marked sent sends it again when the lease ends; marking it at once keeps that window small.
 */
export function startDispatcher(options: DispatcherOptions): Dispatcher {
  const { prisma, api, renderer, members } = options;
  const rate = options.ratePerSecond ?? 25;
  const batchSize = options.batchSize ?? Math.max(1, Math.ceil(rate / 2));
  const idlePollMs = options.idlePollMs ?? 500;
  const leaseMs = options.leaseMs ?? 10_000;
  const retry = { maxAttempts: options.maxAttempts ?? 8, retryBaseMs: options.retryBaseMs ?? 2000 };
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? createLogger();
  const onError =
    options.onError ??
    ((e: unknown) => logger.error({ error: errorFields(e) }, "dispatcher error"));
  const store = createOutboxStore(prisma, leaseMs);
  const pacer = createPacer({
    prisma,
    ratePerSecond: rate,
    perChatIntervalMs: options.perChatIntervalMs ?? 1000,
    clock,
  });

  let running = true;
  let halted = false;
  const held = new Set<Held>();
  const inFlight = new Set<Promise<void>>();
  let idleWaiters: (() => void)[] = [];
  let wake: (() => void) | undefined;

  // The heartbeat: every third of a lease, the leases of the rows in flight are extended.
  let beating: Promise<void> | undefined;
  const heartbeat = setInterval(() => {
    if (!beating) beating = beat().finally(() => (beating = undefined));
  }, leaseMs / 3);
  async function beat() {
    const alive = [...held].filter((h) => !h.lost && !h.finishing);
    if (alive.length === 0 || halted) return;
    try {
      const renewed = await store.renew(
        alive.map((h) => h.item),
        Math.floor(clock() + leaseMs),
      );
      for (const h of alive) {
        const lease = renewed.get(String(h.item.id));
        if (lease === undefined) h.lost = true;
        else h.item.lease = lease;
      }
    } catch (error) {
      // The leases run on; a row whose lease runs low is not sent (see `deliver`).
      onError(new Error("Could not renew the leases of messages in flight", { cause: error }));
    }
  }
  /** Before a write that names a row's lease: the heartbeat may be changing it just now. */
  async function settled(h: Held) {
    h.finishing = true;
    await beating;
  }

  // Sent marks are written as soon as Telegram answers; answers that arrive while one is being
  // written go together in the next statement.
  const sentQueue: { h: Held; at: number; chatFreeAt: number; resolve: () => void }[] = [];
  let flushing = false;
  let flushed: Promise<void> = Promise.resolve();
  function markSent(h: Held): Promise<void> {
    h.finishing = true;
    return new Promise((resolve) => {
      sentQueue.push({ h, at: clock(), chatFreeAt: pacer.chatFreeAt(true), resolve });
      if (!flushing) flushed = flushSent();
    });
  }
  async function flushSent() {
    // Set and cleared with no wait in between and the queue's last look: nothing is left behind.
    flushing = true;
    try {
      while (sentQueue.length > 0) {
        await beating;
        const batch = sentQueue.splice(0);
        if (halted) {
          for (const b of batch) b.resolve();
          continue;
        }
        try {
          await store.markSent(
            batch.map((b) => ({ item: b.h.item, at: b.at, chatFreeAt: b.chatFreeAt })),
          );
          for (const b of batch) b.resolve();
        } catch (error) {
          // Sent is sent: keep the batch and record it again shortly, rather than send it twice.
          onError(new Error("Could not record sent messages; retrying", { cause: error }));
          sentQueue.unshift(...batch);
          await sleep(1000);
        }
      }
    } finally {
      flushing = false;
    }
  }

  async function fail(h: Held, reason: string, attempted: boolean) {
    await settled(h);
    if (halted) return;
    const outcome = { item: h.item, chatFreeAt: pacer.chatFreeAt(attempted) };
    await store.markFailed(outcome, reason, attempted, clock());
  }
  async function later(h: Held, retryAt: number, reason: string, attempted: boolean) {
    await settled(h);
    if (halted) return;
    const outcome = { item: h.item, chatFreeAt: pacer.chatFreeAt(attempted) };
    await store.markLater(outcome, retryAt, reason, attempted);
  }

  /** One line per delivery failure: its class and ids, never the message or a token. */
  function logFailure(row: OutboxRow, failure: FailureClass, reason: string, extra: object = {}) {
    logger.warn(
      {
        class: failure,
        outboxId: String(row.id),
        memberId: row.recipient.id,
        kind: row.kind,
        attempts: row.attempts,
        reason,
        ...extra,
      },
      "delivery failed",
    );
  }

  /**
   * Everything but the send is done before the message's turn (the checks, the wording), so that
   * when its turn comes the request leaves at once: what Telegram sees keeps the pace we keep.
   */
  async function deliver(h: Held, row: OutboxRow | undefined) {
    // Worded shortly before its slot, not with the rest of its claim: wording a whole claim at
    // once would hold this process past the slots of its first messages.
    await sleep(h.item.slot - PREPARE_MS - clock());
    if (h.lost || halted) return;
    if (!row) {
      // No member behind the row (none is ever deleted today): give it up rather than retry it.
      return fail(h, "no such member", false);
    }
    const { recipient } = row;
    // Muted when it leaves, not when it was written: a mute applies to what is still waiting.
    const letGo = recipient.left
      ? "left"
      : recipient.unreachable
        ? "unreachable"
        : wantsNotification(recipient.muted, row.kind)
          ? undefined
          : "muted";
    if (letGo) {
      logger.debug(
        { outboxId: String(row.id), memberId: recipient.id, kind: row.kind, reason: letGo },
        "not sent",
      );
      return fail(h, letGo, false);
    }
    let message: RenderedMessage;
    try {
      message = renderer.render(
        {
          kind: row.kind,
          payload: row.payload,
          recipientId: recipient.id,
          link: row.link,
          pledge: row.pledge,
          member: row.member,
          names: row.names,
        },
        recipient.language,
      );
    } catch (error) {
      const reason =
        error instanceof BadPayload ? error.message : `cannot render: ${String(error)}`;
      logFailure(row, "bad-payload", reason);
      return fail(h, reason, false);
    }

    let slot = h.item.slot;
    for (;;) {
      if (h.lost || halted) return;
      if (await pacer.turn(slot)) break;
      slot = await pacer.retake();
    }
    // From here on nothing waits before the request leaves, so it leaves within its slot's window.
    if (h.lost || halted || h.item.lease - clock() < leaseMs / 2) {
      // Taken over, or the heartbeat has not reached the database for a while: whoever holds the
      // row once its lease ends sends it.
      pacer.answered();
      return;
    }
    if (clock() < pacer.pausedUntil) {
      pacer.answered();
      return later(h, pacer.pausedUntil, "paused by Telegram's flood control", false);
    }
    const telegramId = Number(recipient.telegramId);
    let failure: { error: unknown } | undefined;
    try {
      await api.sendMessage(telegramId, message.text, { reply_markup: message.reply_markup });
    } catch (error) {
      failure = { error };
    } finally {
      pacer.answered();
    }
    // A crash here, after Telegram accepted, is the one way a message goes twice.
    if (halted) return;
    if (!failure) return markSent(h);

    const verdict = judgeSendError(failure.error, row.attempts, clock(), retry);
    const retryAt = "retryAt" in verdict ? verdict.retryAt : undefined;
    logFailure(row, verdict.class, verdict.reason, retryAt === undefined ? {} : { retryAt });
    switch (verdict.class) {
      case "rate-limited":
        await pacer.pauseEveryone(verdict.retryAt);
        return later(h, verdict.retryAt, verdict.reason, false);
      case "temporary":
        return verdict.retryAt === null
          ? fail(h, verdict.reason, true)
          : later(h, verdict.retryAt, verdict.reason, true);
      case "unreachable":
        await fail(h, verdict.reason, true);
        // The member's record is the server's to change; what still waits for them fails here.
        await members.setReachable(telegramId, false);
        return store.failWaitingFor(recipient.id, "unreachable", clock());
      case "refused":
        return fail(h, verdict.reason, true);
    }
  }

  async function loop() {
    while (running) {
      try {
        // Claim ahead while earlier messages wait for their slots, so the pace has no gaps: once
        // the last slot held is nearer than a claim takes to be ready.
        const ahead = pacer.horizon - clock() - pacer.lead;
        if (inFlight.size >= batchSize) {
          await Promise.race(inFlight);
          continue;
        }
        if (inFlight.size > 0 && ahead > 0) {
          await Promise.race([...inFlight, sleep(ahead)]);
          continue;
        }
        // Idle only if nothing was in flight before the claim either: a send that finished during
        // the claim may have freed its chat for the next row.
        const nothingInFlight = inFlight.size === 0;
        const { claimed, rows } = await store.claim(
          batchSize - inFlight.size,
          clock(),
          pacer.takeSlots,
        );
        if (halted) break;
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
        const batch = claimed.map((item) => ({ item, lost: false, finishing: false }));
        for (const h of batch) held.add(h);
        for (const h of batch) {
          const task = deliver(h, rows.get(String(h.item.id)))
            .catch(onError)
            .finally(() => {
              held.delete(h);
              inFlight.delete(task);
            });
          inFlight.add(task);
        }
        // The claim is done and its messages on their way to their slots.
        pacer.ready();
      } catch (error) {
        onError(error);
        await sleep(idlePollMs);
      }
    }
    await Promise.all(inFlight);
    await flushed;
    clearInterval(heartbeat);
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
    halt() {
      halted = true;
      running = false;
      clearInterval(heartbeat);
      wake?.();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
