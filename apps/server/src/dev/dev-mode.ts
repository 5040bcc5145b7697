import { randomBytes } from "node:crypto";
import { sign } from "@telegram-apps/init-data-node";

/**
 * Development mode lets a plain browser on localhost use the Mini App as one of a few development
 * members. The server signs their initData with a token made fresh at every start, so the real
 * validation path runs and no token is ever written down, in the code or in the web build.
 */
export const devMembers = [
  { key: "anna", id: 9_000_001, first_name: "Anna", last_name: "Dev", language_code: "en" },
  { key: "boris", id: 9_000_002, first_name: "Борис", last_name: "Dev", language_code: "ru" },
  { key: "olena", id: 9_000_003, first_name: "Олена", last_name: "Dev", language_code: "uk" },
  { key: "dan", id: 9_000_004, first_name: "Dan", last_name: "Dev", language_code: "en" },
] as const;

export type DevMemberKey = (typeof devMembers)[number]["key"];

/** A bot-token-shaped secret that lives only in this process's memory. */
export function createDevToken(): string {
  return `0:DEV${randomBytes(24).toString("base64url")}`;
}

/** initData for a development member, signed now, optionally with a start parameter. */
export function signDevInitData(
  token: string,
  key: string,
  now: Date,
  startParam?: string,
): string | undefined {
  const member = devMembers.find((m) => m.key === key);
  if (!member) return undefined;
  const { key: _key, ...user } = member;
  return sign(
    {
      user,
      ...(startParam ? { start_param: startParam } : {}),
      chat_type: "sender",
      chat_instance: "1",
    },
    token,
    now,
  );
}

/**
 * Development mode's clock: the real one plus an offset that only grows, so a person (or the
 * end-to-end story) can live through a month's end, a rollover and an emergency's deadline.
 */
export function createDevClock(real: () => Date) {
  let offset = 0;
  return {
    now: () => new Date(real().getTime() + offset),
    /** Moves the clock to `to`; never backwards (the books assume time goes forward). */
    moveTo(to: Date) {
      const ahead = to.getTime() - real().getTime();
      if (ahead > offset) offset = ahead;
    },
  };
}
