/**
 * The demo agency's calendar, for the browser tests. The server under test generates
 * the demo agency as of its today — the date CASELOAD_TODAY pins (playwright.config.ts
 * pins it to today in the agency's time zone when it is not set) — and every story sits
 * at a fixed distance from that date (README, "The demo agency"). The tests name no
 * calendar month: they compute each from the as-of date here, so they pass on any day.
 *
 * Written independently of the product's date code, so a test checks it rather than
 * repeating it.
 */

/** The demo agency's as-of date: the server's today. */
export const DEMO_AS_OF: string = (() => {
  const pinned = process.env.CASELOAD_TODAY;
  if (!pinned || !/^\d{4}-\d{2}-\d{2}$/.test(pinned))
    throw new Error('playwright.config.ts sets CASELOAD_TODAY for the server and the tests');
  return pinned;
})();

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const ymd = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const parts = (date: string): [number, number, number] => [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];

/** Days in month m (1-12) of year y. */
function daysIn(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** [year, month] of the month `k` months after the as-of date's month (k < 0: before). */
function monthAt(k: number, from = DEMO_AS_OF): [number, number] {
  const [y, m] = parts(from);
  const index = y * 12 + (m - 1) + k;
  return [Math.floor(index / 12), (index % 12) + 1];
}

/** 'YYYY-MM' of the month k months from the as-of date's month. */
export function monthKey(k: number): string {
  const [y, m] = monthAt(k);
  return `${pad(y, 4)}-${pad(m)}`;
}

/** The first day of the month k months from the as-of date's month. */
export function monthStart(k: number): string {
  const [y, m] = monthAt(k);
  return ymd(y, m, 1);
}

/** The last day of the month k months from the as-of date's month. */
export function monthEnd(k: number): string {
  const [y, m] = monthAt(k);
  return ymd(y, m, daysIn(y, m));
}

/** `date` moved by `days` days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

const monthNames = [
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
];
const shortMonths = monthNames.map((n) => n.slice(0, 3));

/** '2026-03-16' → "March 16, 2026" (as the pages write a date). */
export function longDate(date: string): string {
  const [y, m, d] = parts(date);
  return `${monthNames[m - 1]} ${d}, ${y}`;
}

/** '2026-08-15' → "Aug 15, 2026". */
export function shortDate(date: string): string {
  const [y, m, d] = parts(date);
  return `${shortMonths[m - 1]} ${d}, ${y}`;
}

/**
 * A US federal fiscal quarter (the fiscal year N runs October N−1 to September N;
 * Q1 = Oct–Dec, Q2 = Jan–Mar, Q3 = Apr–Jun, Q4 = Jul–Sep).
 */
export interface FiscalQuarter {
  fiscalYear: number;
  quarter: 1 | 2 | 3 | 4;
  from: string;
  to: string;
  /** "FY2026 Q4 (Jul–Sep 2026)" */
  label: string;
  /** the board page's option value, "q-2026-4" */
  option: string;
}

function fiscalQuarter(fiscalYear: number, quarter: 1 | 2 | 3 | 4): FiscalQuarter {
  const y = quarter === 1 ? fiscalYear - 1 : fiscalYear;
  const first = ((quarter + 2) % 4) * 3 + 1; // Q1 → 10, Q2 → 1, Q3 → 4, Q4 → 7
  const last = first + 2;
  return {
    fiscalYear,
    quarter,
    from: ymd(y, first, 1),
    to: ymd(y, last, daysIn(y, last)),
    label: `FY${fiscalYear} Q${quarter} (${shortMonths[first - 1]}–${shortMonths[last - 1]} ${y})`,
    option: `q-${fiscalYear}-${quarter}`,
  };
}

/** The quarter before `q`. */
export function previousQuarter(q: FiscalQuarter): FiscalQuarter {
  return q.quarter === 1 ? fiscalQuarter(q.fiscalYear - 1, 4) : fiscalQuarter(q.fiscalYear, (q.quarter - 1) as 1 | 2 | 3);
}

/** The last fiscal quarter that has ended on or before the as-of date. */
export function lastCompleteQuarter(asOf = DEMO_AS_OF): FiscalQuarter {
  const [y, m] = parts(asOf);
  const fiscalYear = m >= 10 ? y + 1 : y;
  const quarter = (Math.floor(((m + 2) % 12) / 3) + 1) as 1 | 2 | 3 | 4; // Oct → 1, Jan → 2, Apr → 3, Jul → 4
  const current = fiscalQuarter(fiscalYear, quarter);
  return current.to <= asOf ? current : previousQuarter(current);
}

/** A federal fiscal year. */
export interface FiscalYear {
  fiscalYear: number;
  from: string;
  to: string;
  /** "FY2026 (Oct 2025–Sep 2026)" */
  label: string;
  /** "fy-2026" */
  option: string;
}

export function fiscalYear(n: number): FiscalYear {
  return { fiscalYear: n, from: ymd(n - 1, 10, 1), to: ymd(n, 9, 30), label: `FY${n} (Oct ${n - 1}–Sep ${n})`, option: `fy-${n}` };
}

/** The last fiscal year that has ended on or before the as-of date. */
export function lastCompleteFiscalYear(asOf = DEMO_AS_OF): FiscalYear {
  const [y] = parts(asOf);
  return asOf >= ymd(y, 9, 30) ? fiscalYear(y) : fiscalYear(y - 1);
}

/**
 * The demo's stories, where they sit (packages/importer/src/synthetic/simulate.ts):
 * team-02's satisfaction dip runs over the three months from ten months before the
 * as-of month (a quality review with a corrective action follows in the last of them);
 * two of its case managers left just before it, so at the end of its first month the
 * team was over capacity; team-01 is chronically overloaded; st-0038 of team-04 went on
 * leave 38 days before the as-of date.
 */
export const stories = {
  dip: {
    teamId: 'team-02',
    programId: 'oaa-iii-b',
    /** the months of the dip, 'YYYY-MM' */
    months: [monthKey(-10), monthKey(-9), monthKey(-8)],
    from: monthStart(-10),
    to: monthEnd(-8),
    /** the three months before it and the three after it */
    before: [monthKey(-13), monthKey(-12), monthKey(-11)],
    after: [monthKey(-7), monthKey(-6), monthKey(-5)],
    /** the end of the dip's first month: the team short two case managers */
    shortStaffedOn: monthEnd(-10),
  },
  overloadedTeamId: 'team-01',
  onLeave: { staffId: 'st-0038', teamId: 'team-04', since: addDays(DEMO_AS_OF, -38) },
} as const;

/** The Standard 8 pages' period in these tests: the twelve months around the dip (three before it, six after). */
export const STANDARD8_PERIOD = { from: monthStart(-13), to: monthEnd(-2) };
export const standard8Query = `from=${STANDARD8_PERIOD.from}&to=${STANDARD8_PERIOD.to}`;
