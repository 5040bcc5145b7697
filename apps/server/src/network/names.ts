/** The name a member goes by: the one they chose in Exodus, else Telegram's first and last name. */
export function nameOf(m: {
  firstName: string;
  lastName: string | null;
  displayName: string | null;
}): string {
  return m.displayName ?? [m.firstName, m.lastName].filter(Boolean).join(" ");
}
