/**
 * Calendar-date helpers for the Standard 8 formulas. Dates are agency-local
 * 'YYYY-MM-DD' strings; arithmetic is done on UTC midnights so no time zone or
 * daylight-saving shift can move a day. Day arithmetic is the Standard 9 engine's
 * (../dates.ts); the period and month-window helpers here are Standard 8's own.
 */
import { addDays, daysBetween, isDateString, monthOf } from '../dates.ts';
import type { DateString } from './types.ts';

export { isDateString };

function fromUtc(t: number): DateString {
  return new Date(t).toISOString().slice(0, 10);
}

/** Last day of the calendar month 'YYYY-MM'. */
export function lastDayOfMonth(month: string): DateString {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return fromUtc(Date.UTC(y, m, 0));
}

/** Every calendar month touched by [from, to], in order ('YYYY-MM'). */
export function monthsOf(from: DateString, to: DateString): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = monthOf(to);
  for (;;) {
    const key = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    if (key > last) break;
    out.push(key);
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * The as-of date of a month in a period's trend: the month's last day, or `to` for
 * a partial last month (metrics.md "Trends").
 */
function monthAsOf(month: string, to: DateString): DateString {
  const end = lastDayOfMonth(month);
  return end < to ? end : to;
}

/** `d` in [from, to], both ends included. Null dates are never in a period. */
export function inPeriod(d: DateString | null, from: DateString, to: DateString): boolean {
  return d !== null && d >= from && d <= to;
}

/** Throws a RangeError a person can act on unless [from, to] is a valid period. */
export function assertPeriod(from: unknown, to: unknown): asserts from is DateString {
  if (!isDateString(from)) throw new RangeError(`from must be a date written YYYY-MM-DD, got ${JSON.stringify(from)}`);
  if (!isDateString(to)) throw new RangeError(`to must be a date written YYYY-MM-DD, got ${JSON.stringify(to)}`);
  if (from > to) throw new RangeError(`the period is empty: from (${from}) is after to (${to})`);
}

/**
 * The calendar months of a period for a flow trend: each month's part of [from, to]
 * (`start`..`asOf`), where `asOf` is the month's last day or `to` for a partial last
 * month — also the as-of date of point-in-time figures for that month.
 */
export function monthWindows(from: DateString, to: DateString): Array<{ month: string; start: DateString; asOf: DateString }> {
  return monthsOf(from, to).map((month) => {
    const first = `${month}-01`;
    return { month, start: first < from ? from : first, asOf: monthAsOf(month, to) };
  });
}

export { addDays, daysBetween, monthOf };
