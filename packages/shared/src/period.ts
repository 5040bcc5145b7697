/**
 * A period is one calendar month in the network's time zone, written "YYYY-MM". Everything here is
 * pure arithmetic over instants and IANA time zones, so month ends, leap years and daylight saving
 * are tested without waiting for them.
 */
export type Period = `${number}-${string}`;

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(value: string): value is Period {
  return PERIOD.test(value);
}

function parts(period: string): { year: number; month: number } {
  const match = PERIOD.exec(period);
  if (!match) throw new RangeError(`Not a period: ${period}`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

function format(year: number, month: number): Period {
  return `${year}-${String(month).padStart(2, "0")}` as Period;
}

/**
 * One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one, and
 * every request that tells a period asks for the wall clock.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock date and time of an instant in a time zone. */
function wallClock(instant: Date, timeZone: string) {
  const fields = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string) => Number(fields.find((f) => f.type === type)?.value);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** The period an instant falls in, in the network's time zone. */
export function periodOf(instant: Date, timeZone: string): Period {
  const { year, month } = wallClock(instant, timeZone);
  return format(year, month);
}

export function nextPeriod(period: string): Period {
  const { year, month } = parts(period);
  return month === 12 ? format(year + 1, 1) : format(year, month + 1);
}

export function previousPeriod(period: string): Period {
  const { year, month } = parts(period);
  return month === 1 ? format(year - 1, 12) : format(year, month - 1);
}

/** How far (ms) a time zone's wall clock is ahead of UTC at an instant. */
function offsetAt(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a period begins: the 1st, 00:00, in the network's time zone. */
export function periodStart(period: string, timeZone: string): Date {
  const { year, month } = parts(period);
  const midnightUtc = Date.UTC(year, month - 1, 1);
  // Two passes settle the offset even when the first guess lands across a daylight-saving change.
  let instant = midnightUtc - offsetAt(new Date(midnightUtc), timeZone);
  instant = midnightUtc - offsetAt(new Date(instant), timeZone);
  return new Date(instant);
}

/** The instant a period ends (the next one's start). */
export function periodEnd(period: string, timeZone: string): Date {
  return periodStart(nextPeriod(period), timeZone);
}

/** A period's first day as a UTC date, the form the database keeps it in (a DATE column). */
export function periodDate(period: string): Date {
  const { year, month } = parts(period);
  return new Date(Date.UTC(year, month - 1, 1));
}

/** The period a database DATE (its first day, at UTC midnight) stands for. */
export function periodFromDate(date: Date): Period {
  return format(date.getUTCFullYear(), date.getUTCMonth() + 1);
}

/** The calendar day ("YYYY-MM-DD") an instant falls on in the network's time zone. */
export function dayOf(instant: Date, timeZone: string): string {
  const { year, month, day } = wallClock(instant, timeZone);
  return `${format(year, month)}-${String(day).padStart(2, "0")}`;
}
