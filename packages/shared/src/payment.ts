import { bindingStates } from "./aggregates.ts";
import type { MemberStatus } from "./status.ts";

/**
 * The states in which a giver still owes the receiver: an obligation, and a gift said to be given
 * but not yet confirmed (it may come back as "not received", and the giver may need to check where
 * it went). Overdue ones too: ⌛ is a flag beside the state.
 */
export const owingStates = bindingStates;

/**
 * Who sees a member's payment details (DOMAIN.md, "Network and privacy"): their network while they
 * are in need (🔆/🆘), and always whoever owes them, whatever their status.
 */
export function mayShowPaymentDetails(viewer: {
  ownerStatus: MemberStatus;
  inOwnersNetwork: boolean;
  owesOwner: boolean;
}): boolean {
  return viewer.owesOwner || (viewer.ownerStatus !== "green" && viewer.inOwnersNetwork);
}
