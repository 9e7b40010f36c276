/**
 * The board report's period picker, as data: the federal fiscal quarters and years a
 * board reports on (complete ones, newest first), the period in the address bar
 * (`from`, `to`), and which choice a period is. Pure: today comes in as 'YYYY-MM-DD'.
 */
import { describePeriod, fiscalQuarterOf, fiscalQuarterPeriod, fiscalYearPeriod, lastCompleteQuarter } from '@caseload/report';
import { parseIsoDate } from '../../lib/format.ts';

export interface BoardPeriod {
  from: string;
  to: string;
}

export interface BoardPeriodOption extends BoardPeriod {
  /** 'q-2026-4', 'fy-2026' */
  key: string;
  kind: 'quarter' | 'year';
  label: string;
}

/** The last `quarters` complete fiscal quarters and `years` complete fiscal years before `today`, newest first. */
export function boardPeriodOptions(today: string, quarters = 8, years = 3): BoardPeriodOption[] {
  const out: BoardPeriodOption[] = [];
  let { fiscalYear, quarter } = fiscalQuarterOf(lastCompleteQuarter(today).from);
  for (let i = 0; i < quarters; i += 1) {
    const p = fiscalQuarterPeriod(fiscalYear, quarter);
    out.push({ key: `q-${fiscalYear}-${quarter}`, kind: 'quarter', label: describePeriod(p), ...p });
    if (quarter === 1) {
      fiscalYear -= 1;
      quarter = 4;
    } else quarter = (quarter - 1) as 1 | 2 | 3;
  }
  // the last complete fiscal year ends on or before today
  const lastYear =
    today >= fiscalYearPeriod(fiscalQuarterOf(today).fiscalYear).to
      ? fiscalQuarterOf(today).fiscalYear
      : fiscalQuarterOf(today).fiscalYear - 1;
  for (let y = lastYear; y > lastYear - years; y -= 1) {
    const p = fiscalYearPeriod(y);
    out.push({ key: `fy-${y}`, kind: 'year', label: `Federal fiscal year ${describePeriod(p)}`, ...p });
  }
  return out;
}

const usable = (d: string | null): d is string => d !== null && parseIsoDate(d) !== null && d >= '2000-01-01' && d <= '2100-12-31';

/**
 * The period in the address (`from`, `to`), or the last complete fiscal quarter when
 * there is none; an unusable one is reported and replaced by the default.
 */
export function parseBoardPeriod(search: URLSearchParams, today: string): { period: BoardPeriod; fromUrl: boolean; problems: string[] } {
  const fallback = lastCompleteQuarter(today);
  const from = search.get('from');
  const to = search.get('to');
  if (from === null && to === null) return { period: fallback, fromUrl: false, problems: [] };
  if (!usable(from) || !usable(to)) {
    return {
      period: fallback,
      fromUrl: false,
      problems: [`The period in the address is not two dates (YYYY-MM-DD); showing ${describePeriod(fallback)} instead.`],
    };
  }
  if (from > to) {
    return {
      period: fallback,
      fromUrl: false,
      problems: [`The period in the address ends before it starts; showing ${describePeriod(fallback)} instead.`],
    };
  }
  return { period: { from, to }, fromUrl: true, problems: [] };
}

/** The option a period is, or 'custom'. */
export function choiceOf(period: BoardPeriod, options: readonly BoardPeriodOption[]): string {
  return options.find((o) => o.from === period.from && o.to === period.to)?.key ?? 'custom';
}
