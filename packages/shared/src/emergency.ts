/** An emergency 🆘 asks for help by a deadline: this many whole days from when it opens. */
export const MIN_EMERGENCY_DAYS = 1;
export const MAX_EMERGENCY_DAYS = 30;

/** Whether a number of days is a deadline an emergency may have: a whole number from 1 to 30. */
export function isEmergencyDays(days: number): boolean {
  return Number.isInteger(days) && days >= MIN_EMERGENCY_DAYS && days <= MAX_EMERGENCY_DAYS;
}
