import { createTestDatabase } from "@exodus/db/testing";
import {
  type CollectionKind,
  landing,
  PLEDGE_NEWS_HOLD_MS,
  type PledgeAction,
  type PledgeState,
  transitions,
} from "@exodus/shared";
import { sign } from "@telegram-apps/init-data-node";
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { ZodError } from "zod";
import { type Config, loadConfig } from "./config.ts";
import { appRouter } from "./root.ts";
import { type AppDeps, createCallerFactory, createContext } from "./trpc.ts";

let nextTestId = 500_000;

export const TEST_BOT_TOKEN = "123456:TEST-token-for-tests-only-000000000";

/** A fresh database and the app's dependencies around it, with a clock the test moves. */
export async function createTestApp(env: NodeJS.ProcessEnv = {}) {
  const db = await createTestDatabase();
  let now = new Date("2026-11-21T12:00:00Z");
  const config: Config = loadConfig({ NODE_ENV: "test", ...env });
  const deps: AppDeps = { db, config, clock: () => now, authTokens: [TEST_BOT_TOKEN] };
  const callerFor = createCallerFactory(appRouter);
  return {
    db,
    deps,
    setNow(date: Date) {
      now = date;
    },
    now: () => now,
    /** initData Telegram would give this user, signed by our test bot at `authDate`. */
    initData(user: TestUser, authDate: Date = now, token = TEST_BOT_TOKEN) {
      return sign({ user, chat_type: "sender", chat_instance: "1" }, token, authDate);
    },
    /** A tRPC caller signed in as the user, exactly as an HTTP request with their initData. */
    as(user: TestUser) {
      return callerFor(createContext(deps, `tma ${this.initData(user)}`));
    },
    /**
     * New members for one test, all brought in by one hub member, so each is within two ties of
     * the others (and of no one else's test).
     */
    async members<const N extends readonly string[]>(
      ...names: N
    ): Promise<{ [K in keyof N]: TestUser }> {
      const hub: TestUser = { id: nextTestId++, first_name: "Hub", language_code: "en" };
      const { code } = await this.as(hub).network.createInvite({});
      const users = names.map((first_name) => ({
        id: nextTestId++,
        first_name,
        language_code: "en",
      }));
      for (const u of users) await this.as(u).network.openInvite({ code });
      return users as { [K in keyof N]: TestUser };
    },
    /** Ties two members as an opened invite link does: `invitee` opens `inviter`'s code. */
    async tie(inviter: TestUser, invitee: TestUser) {
      const { code } = await this.as(inviter).network.createInvite({});
      await this.as(invitee).network.openInvite({ code });
    },
    /**
     * What the bot will have sent once pledge news has waited its quiet moment: every message due
     * by then, marked sent at its time (messages held by the cap per member wait on). Tests call it
     * between moves a person makes apart, so that each is news of its own rather than one burst.
     */
    async deliver() {
      await db.prisma.$executeRaw`
        UPDATE outbox SET sent_at = next_attempt_at
        WHERE sent_at IS NULL AND failed_at IS NULL
          AND next_attempt_at <= now() + ${`${PLEDGE_NEWS_HOLD_MS} milliseconds`}::interval`;
    },
    close: () => db.drop(),
  };
}

export interface TestUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  photo_url?: string;
}

export const alice: TestUser = { id: 1001, first_name: "Alice", language_code: "en" };
export const boris: TestUser = { id: 1002, first_name: "Борис", language_code: "ru" };

/**
 * The translation key an API refusal carries: `call` must reject with a TRPCError. Here so the
 * router tests that check refusals share one definition.
 */
export async function refusal(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).message;
}

/** The translation keys of the input issues that made the API refuse `call` before running it. */
export async function inputRefusal(call: Promise<unknown>): Promise<string[]> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe("BAD_REQUEST");
  const cause = (error as TRPCError).cause;
  expect(cause).toBeInstanceOf(ZodError);
  return (cause as ZodError).issues.map((i) => i.message);
}

/**
 * Fails unless every audit row is a move of shared's pledge table: from a state the move starts
 * from, to where the table says it leads (a move that makes a pledge names no from-state). `kind`:
 * the collection's, for the moves kept to some kinds (an initiative's callOff).
 */
export function expectMovesOfTheTable(
  events: { action: string; fromState: PledgeState | null; toState: PledgeState }[],
  kind?: CollectionKind,
) {
  for (const e of events) {
    const action = e.action as PledgeAction;
    const move: { from: readonly PledgeState[]; to: unknown } | undefined = transitions[action];
    expect(move, `${e.action} is a move of the table`).toBeDefined();
    if (!move) continue;
    if (move.from.length === 0) {
      expect(e.fromState, e.action).toBeNull();
      const targets = typeof move.to === "string" ? [move.to] : Object.values(move.to as object);
      expect(targets, e.action).toContain(e.toState);
    } else {
      expect(e.fromState, `${e.action} names its from-state`).not.toBeNull();
      expect(
        landing(action, e.fromState as PledgeState, kind),
        `${e.action} from ${e.fromState}`,
      ).toBe(e.toState);
    }
  }
}
