/**
 * Calendar-date arithmetic on agency-local 'YYYY-MM-DD' strings.
 *
 * A date is turned into a UTC day number (days since 1970-01-01), so differences are
 * whole days with no time zone or daylight-saving shift anywhere. Every function
 * rejects a string that is not a real calendar date (e.g. '2025-02-30') with a
 * RangeError naming the value.
 */
import type { DateString } from './types.ts';

const MS_PER_DAY = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isDateString(value: unknown): value is DateString {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 (negative before). Throws RangeError for a bad date. */
export function dayNumber(date: DateString): number {
  // Read by character codes (this runs for every row of a history: millions of contacts);
  // accepts exactly what isDateString accepts (pinned by a property test).
  if (typeof date !== 'string' || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) {
    throw new RangeError(`"${String(date)}" is not a date (expected YYYY-MM-DD)`);
  }
  const year = digits(date, 0, 4);
  const month = digits(date, 5, 2);
  const day = digits(date, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`"${String(date)}" is not a date (expected YYYY-MM-DD)`);
  }
  return daysFromCivil(year, month, day);
}

/** The number written by `length` ASCII digits at `start`, or −1 when one is not a digit. */
function digits(s: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date of a UTC day number. */
export function fromDayNumber(day: number): DateString {
  if (!Number.isInteger(day)) throw new RangeError(`day number ${day} is not an integer`);
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`day number ${day} is outside years 0000–9999`);
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${mm}-${dd}`;
}

/** date + n days (n may be negative). */
export function addDays(date: DateString, n: number): DateString {
  return fromDayNumber(dayNumber(date) + n);
}

/** Whole days from `from` to `to` (to − from); negative when `to` is earlier. */
export function daysBetween(from: DateString, to: DateString): number {
  return dayNumber(to) - dayNumber(from);
}

/** 'YYYY-MM' of a date. */
export function monthOf(date: DateString): string {
  dayNumber(date);
  return date.slice(0, 7);
}

/**
 * The period of the same length ending the day before `from` (what a report compares
 * with): by calendar months when the period is whole months (a quarter → the previous
 * quarter; a federal fiscal year → the previous one), else by days.
 */
export function previousPeriodOfSameLength(period: { from: DateString; to: DateString }): { from: DateString; to: DateString } {
  const { from, to } = period;
  const prevTo = addDays(from, -1);
  if (from.endsWith('-01') && to === monthEnd(to)) {
    const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + (Number(to.slice(5, 7)) - Number(from.slice(5, 7))) + 1;
    const start = Number(from.slice(0, 4)) * 12 + (Number(from.slice(5, 7)) - 1) - months;
    return { from: `${Math.floor(start / 12)}-${String((start % 12) + 1).padStart(2, '0')}-01`, to: prevTo };
  }
  return { from: addDays(prevTo, -daysBetween(from, to)), to: prevTo };
}

/** The last day of the date's month. */
export function monthEnd(date: DateString): DateString {
  dayNumber(date);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 7)}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
}

export interface MonthPoint {
  /** 'YYYY-MM' */
  month: string;
  /** the month's last day, or `to` for a partial last month */
  asOf: DateString;
}

/**
 * Point-in-time trend dates for [from, to] (metrics.md "Trends"): one per calendar
 * month from from's month to to's month, as of the month's last day, or `to` when the
 * last month is partial. Throws when to < from.
 */
export function monthlyAsOfDates(from: DateString, to: DateString): MonthPoint[] {
  const start = dayNumber(from);
  const end = dayNumber(to);
  if (end < start) throw new RangeError(`the period ends (${to}) before it starts (${from})`);
  const out: MonthPoint[] = [];
  let cursor = from;
  for (;;) {
    const last = monthEnd(cursor);
    const asOf = dayNumber(last) >= end ? to : last;
    out.push({ month: monthOf(cursor), asOf });
    if (asOf === to) return out;
    cursor = addDays(last, 1);
  }
}
