/**
 * The reporting period of the Standard 8 pages (feedback, outcomes, providers,
 * quality reviews): `from` and `to` in the address bar, so a view can be shared,
 * with the presets an agency reports on: the last full calendar quarter, the last
 * full federal fiscal year (October to September) and the last 12 full months.
 * Pure: today comes in as a 'YYYY-MM-DD' string.
 */
import { parseIsoDate } from './format.ts';

export interface Period {
  from: string;
  to: string;
}

export interface PeriodPreset extends Period {
  key: 'quarter' | 'ffy' | 'months12';
  label: string;
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function iso(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

/** Last day of month m (1..12) of year y; month arithmetic overflows into the next year. */
function monthEnd(y: number, m: number): string {
  return iso(y, m + 1, 0);
}

function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** The presets as of `today` (each a complete period that has ended before today). */
export function periodPresets(today: string): PeriodPreset[] {
  const [y, m] = parts(today);
  // last full quarter: the quarter before the one today is in
  const q = Math.floor((m - 1) / 3); // 0..3, today's quarter
  const qStartMonth = q === 0 ? 10 : (q - 1) * 3 + 1;
  const qYear = q === 0 ? y - 1 : y;
  const quarter = { from: iso(qYear, qStartMonth, 1), to: monthEnd(qYear, qStartMonth + 2) };
  // last full federal fiscal year: FY N runs October N-1 to September N
  const fyEnd = m >= 10 ? y : y - 1;
  const ffy = { from: iso(fyEnd - 1, 10, 1), to: iso(fyEnd, 9, 30) };
  // last 12 full months
  const months12 = { from: iso(y - 1, m, 1), to: iso(y, m, 0) };
  return [
    { key: 'quarter', label: `Last full quarter (Q${(qStartMonth - 1) / 3 + 1} ${qYear})`, ...quarter },
    { key: 'ffy', label: `Federal fiscal year ${fyEnd} (Oct ${fyEnd - 1}–Sep ${fyEnd})`, ...ffy },
    { key: 'months12', label: 'Last 12 full months', ...months12 },
  ];
}

/** The default period: the last 12 full months. */
export function defaultPeriod(today: string): Period {
  const preset = periodPresets(today).find((p) => p.key === 'months12');
  if (!preset) throw new Error('the 12-month preset is always there');
  return { from: preset.from, to: preset.to };
}

export interface ParsedPeriod {
  period: Period;
  /** true when both dates came from the address bar */
  fromUrl: boolean;
  problems: string[];
}

/** Reads `from` and `to`; a missing, malformed or reversed pair falls back to the default, saying why. */
export function parsePeriod(search: URLSearchParams, today: string): ParsedPeriod {
  const fallback = defaultPeriod(today);
  const from = search.get('from');
  const to = search.get('to');
  if ((from === null || from === '') && (to === null || to === '')) {
    return { period: fallback, fromUrl: false, problems: [] };
  }
  const problems: string[] = [];
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value === null || value === '') problems.push(`The period needs both dates; "${name}" is missing.`);
    else if (!parseIsoDate(value)) problems.push(`"${value}" is not a date (YYYY-MM-DD).`);
  }
  if (problems.length === 0 && from !== null && to !== null && from > to) {
    problems.push(`The period starts (${from}) after it ends (${to}).`);
  }
  if (problems.length > 0 || from === null || to === null) {
    return {
      period: fallback,
      fromUrl: false,
      problems: [...problems, `Showing ${periodLabel(fallback)} instead.`],
    };
  }
  return { period: { from, to }, fromUrl: true, problems: [] };
}

/** "Oct 1, 2025 – Sep 30, 2026" */
export function periodLabel(period: Period): string {
  const f = (d: string) => {
    const [y, m, day] = parts(d);
    return `${monthNames[m - 1] ?? ''} ${day}, ${y}`;
  };
  return `${f(period.from)} – ${f(period.to)}`;
}

/** '2026-01' → "Jan 2026" */
export function monthLabel(month: string): string {
  const y = month.slice(0, 4);
  const m = Number(month.slice(5, 7));
  return `${monthNames[m - 1] ?? month} ${y}`;
}
