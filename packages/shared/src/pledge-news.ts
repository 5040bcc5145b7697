import type { MessageKind } from "./messages.ts";
import type { PledgeState } from "./pledge.ts";

/** A giver's pledge to one collection as one side last heard of it, or as it stands now. */
export interface PledgeSeen {
  state: PledgeState;
  amount: number;
}

/**
 * What the other side of a pledge needs to hear after a burst of moves on it (DOMAIN.md,
 * "Notifications": one message with the latest state, not one per tap). `told` is the pledge as
 * they last heard of it (null: there was none), `now` as it stands after the burst, `last` the
 * message of the burst's last move, `created` the state a new pledge to this collection starts in.
 *
 * - Back where they were told it was (an amount edited and edited back; withdrawn and pledged again
 *   alike), or pledged and withdrawn within the burst: nothing, as if nothing happened.
 * - Still an intention, at another amount (edited; withdrawn and pledged again): "changed".
 * - New to them and still as it was made (pledged, then edited): "pledged", at the latest amount.
 * - Otherwise the last move says where it stands: pledged and committed is "commits", committed
 *   and given is "says they gave", not received and released is "released".
 * Amounts in the text are read from the pledge when the message leaves (the bot's renderer).
 */
export function pledgeNews(
  told: PledgeSeen | null,
  now: PledgeSeen,
  last: MessageKind,
  created: "intention" | "obligation",
): MessageKind | null {
  const none = (seen: PledgeSeen | null) => seen === null || seen.state === "withdrawn";
  if (none(told) && none(now)) return null;
  if (told && told.state === now.state && told.amount === now.amount) return null;
  if (told?.state === "intention" && now.state === "intention") return "pledge.edit";
  if (none(told) && now.state === created) return `${created}.created`;
  return last;
}
