/**
 * Calendar dates as whole day numbers (days since 1970-01-01), the way metrics.md
 * counts them: agency-local calendar dates, no times, no time zones.
 */
const MS_PER_DAY = 86_400_000;

/** 'YYYY-MM-DD' → day number, or null when it is not a real calendar date. */
export function parseDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / MS_PER_DAY;
}

function isoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Moves a Saturday or Sunday to the following Monday: case management keeps office days. */
export function workday(day: number): number {
  const w = weekday(day);
  return w === 6 ? day + 2 : w === 0 ? day + 1 : day;
}

export function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** Months since January 1970: a key for calendar months. */
export function monthKey(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The first day of the calendar month `months` after (or before, if negative) the month of `day`. */
export function firstOfMonth(day: number, months = 0): number {
  const d = new Date(day * MS_PER_DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1) / MS_PER_DAY;
}

/** Formats day numbers with a cache over the busy range (contacts reuse a few thousand dates). */
export class DateFormat {
  private readonly cache: string[];
  constructor(
    private readonly from: number,
    to: number,
  ) {
    this.cache = [];
    for (let d = from; d <= to; d++) this.cache.push(isoDay(d));
  }
  iso(day: number): string {
    return this.cache[day - this.from] ?? isoDay(day);
  }
}
