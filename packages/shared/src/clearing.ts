/**
 * What the app says of a clearing round (DOMAIN.md "Clearing of mutual obligations"), in pieces
 * the screens put into words.
 */

const HOUR_MS = 60 * 60 * 1000;

/**
 * The time left to answer a round, in whole days and hours, rounded up to the hour ("2 days" the
 * moment it is proposed, "1 hour" in its last hour); null once the deadline has passed.
 */
export function answerTimeLeft(
  deadline: Date | string,
  now: Date,
): { days: number; hours: number } | null {
  const left = new Date(deadline).getTime() - now.getTime();
  if (!(left > 0)) return null;
  const hours = Math.ceil(left / HOUR_MS);
  return { days: Math.floor(hours / 24), hours: hours % 24 };
}
