/**
 * Periods of the board report in the agency's words: federal fiscal years (October to
 * September, named by the calendar year they end in) and their quarters, or any other
 * run of days. Pure; dates are 'YYYY-MM-DD' calendar dates, no time zone involved.
 */

import { previousPeriodOfSameLength } from '@caseload/metrics';

export interface DatePeriod {
  from: string;
  to: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const MONTHS_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m is 1-based

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

/** The federal fiscal year (ending in September of `fiscalYear`): Oct 1 of the year before to Sep 30. */
export function fiscalYearPeriod(fiscalYear: number): DatePeriod {
  return { from: `${fiscalYear - 1}-10-01`, to: `${fiscalYear}-09-30` };
}

/** Quarter 1..4 of a federal fiscal year: Q1 Oct–Dec of the year before, Q4 Jul–Sep. */
export function fiscalQuarterPeriod(fiscalYear: number, quarter: 1 | 2 | 3 | 4): DatePeriod {
  const startMonth = ((quarter - 1) * 3 + 9) % 12; // 0-based: Q1 → 9 (October)
  const y = quarter === 1 ? fiscalYear - 1 : fiscalYear;
  const endMonth = startMonth + 3; // 1-based month of the quarter's end
  return { from: `${y}-${pad(startMonth + 1)}-01`, to: `${y}-${pad(endMonth)}-${pad(lastDay(y, endMonth))}` };
}

/** The federal fiscal year and quarter a date falls in. */
export function fiscalQuarterOf(date: string): { fiscalYear: number; quarter: 1 | 2 | 3 | 4 } {
  const [y, m] = parts(date);
  const fiscalYear = m >= 10 ? y + 1 : y;
  const quarter = (Math.floor(((m + 2) % 12) / 3) + 1) as 1 | 2 | 3 | 4; // Oct→1, Jan→2, Apr→3, Jul→4
  return { fiscalYear, quarter };
}

/** The last whole fiscal quarter ending on or before `today`. */
export function lastCompleteQuarter(today: string): DatePeriod {
  const { fiscalYear, quarter } = fiscalQuarterOf(today);
  const current = fiscalQuarterPeriod(fiscalYear, quarter);
  if (current.to <= today) return current;
  return quarter === 1 ? fiscalQuarterPeriod(fiscalYear - 1, 4) : fiscalQuarterPeriod(fiscalYear, (quarter - 1) as 1 | 2 | 3);
}

/** 'YYYY-MM-DD' → "Jul 1, 2026" (long: "July 1, 2026"). */
export function formatDay(date: string, long = false): string {
  const [y, m, d] = parts(date);
  return `${(long ? MONTHS_LONG : MONTHS)[m - 1]} ${d}, ${y}`;
}

/** 'YYYY-MM' → "Jul 2026". */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[m - 1]} ${y}`;
}

/** 'YYYY-MM' → "Jul ’26", for axes and tables with many months. */
export function formatMonthShort(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[m - 1]} ’${String(y % 100).padStart(2, '0')}`;
}

/** What kind of period this is, if it is a fiscal year or one of its quarters. */
export function namedPeriod(
  period: DatePeriod,
): { kind: 'quarter'; fiscalYear: number; quarter: 1 | 2 | 3 | 4 } | { kind: 'year'; fiscalYear: number } | null {
  const { fiscalYear, quarter } = fiscalQuarterOf(period.from);
  const q = fiscalQuarterPeriod(fiscalYear, quarter);
  if (q.from === period.from && q.to === period.to) return { kind: 'quarter', fiscalYear, quarter };
  const y = fiscalYearPeriod(fiscalYear);
  if (y.from === period.from && y.to === period.to) return { kind: 'year', fiscalYear };
  return null;
}

/**
 * The period as a reader names it: "FY2026 Q4 (Jul–Sep 2026)", "FY2026 (Oct 2025–Sep 2026)",
 * or "Jan 10, 2026 – Jan 19, 2026" for any other run of days.
 */
export function describePeriod(period: DatePeriod): string {
  const named = namedPeriod(period);
  const [fy, fm] = parts(period.from);
  const [ty, tm] = parts(period.to);
  if (named?.kind === 'quarter') {
    const span = fy === ty ? `${MONTHS[fm - 1]}–${MONTHS[tm - 1]} ${ty}` : `${MONTHS[fm - 1]} ${fy}–${MONTHS[tm - 1]} ${ty}`;
    return `FY${named.fiscalYear} Q${named.quarter} (${span})`;
  }
  if (named?.kind === 'year') return `FY${named.fiscalYear} (${MONTHS[fm - 1]} ${fy}–${MONTHS[tm - 1]} ${ty})`;
  if (period.from === period.to) return formatDay(period.from);
  return `${formatDay(period.from)} – ${formatDay(period.to)}`;
}

/** The period of the same length before `period`: the board report's comparison rule, for the browser. */
export function previousDatePeriod(period: DatePeriod): DatePeriod {
  return previousPeriodOfSameLength(period);
}
