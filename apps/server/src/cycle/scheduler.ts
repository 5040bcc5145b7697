import type { PrismaClient } from "@exodus/db";
import { periodOf } from "@exodus/shared";
import { balanceIfDue } from "../balance/plans.ts";
import { clearingJobs } from "../clearing/rounds.ts";
import { announceToSecondRing } from "../collections/reach.ts";
import { expireEmergencies } from "../collections/service.ts";
import { expireInitiatives } from "../initiatives/life.ts";
import { createLogger } from "../log.ts";
import { runPoolDeadlines } from "../pools/life.ts";
import { produceReminders } from "./reminders.ts";
import { rollover } from "./rollover.ts";

export interface Scheduler {
  /** Runs every due job once, now (also what each tick does). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The clockwork of the books: every `intervalMs`, the rollover when a new period has begun, the
 * emergencies and the initiatives whose deadline passed, the reminders that are due, the needs whose second ring
 * is due to hear of them, and the givers' plans (hourly, and at once after the rollover: a new
 * period has no run yet; skipped when the books did not change), and the clearing rounds (the
 * reminder on the 23rd, the round on the 25th, answers' deadlines and reruns). Each job is safe to run on
 * several servers at once (claimed periods, row locks, deduplicated messages), so every replica
 * may run a scheduler.
 */
export function startScheduler(options: {
  prisma: PrismaClient;
  clock: () => Date;
  timeZone: string;
  intervalMs: number;
  onError?: (error: unknown) => void;
}): Scheduler {
  const { prisma, clock, timeZone } = options;
  const onError =
    options.onError ?? ((e) => createLogger().error({ err: e }, "scheduled job failed"));
  let running: Promise<void> = Promise.resolve();

  // Each job on its own: one failing must not stop the others (deadlines, reminders) from running.
  async function tick() {
    const now = clock();
    for (const job of [
      () => rollover(prisma, periodOf(now, timeZone), now),
      () => expireEmergencies(prisma, now),
      () => expireInitiatives(prisma, now),
      () => runPoolDeadlines(prisma, now),
      () => produceReminders(prisma, now, timeZone),
      () => announceToSecondRing(prisma, now, timeZone),
      () => balanceIfDue(prisma, now, timeZone),
      () => clearingJobs(prisma, now, timeZone),
    ]) {
      await job().catch(onError);
    }
  }
  const run = () => {
    running = running.then(tick);
    return running;
  };
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  void run();
  return {
    tick: run,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
