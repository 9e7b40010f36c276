/**
 * Trends page: month by month, load ratio, contact rate and reassessment rate for the
 * agency and one chosen team (a case manager: their own line). Pure: the API's trend
 * in; chart points, table rows (each rate with its counts) and CSV out. A withheld
 * (board) cell is a gap in the line and "fewer than N" in the table, never 0.
 */
import type { CsvCell, CsvTable } from '../../lib/csv.ts';
import { formatCount, formatHours, formatPercent } from '../../lib/format.ts';
import { groupWithheldText, isWithheld, type SuppressionMark, withheldCellText } from '../../lib/report.ts';

export interface TrendFiguresLike {
  loadRatio: number | null;
  weightedHours: number | null;
  capacityHours: number | null;
  contactRate: number | null;
  contactDue: number | null;
  contactMet: number | null;
  reassessRate: number | null;
  reassessDue: number | null;
  reassessOverdue: number | null;
  suppressed?: SuppressionMark;
  complementary?: SuppressionMark;
}

export interface TrendLike {
  from: string;
  to: string;
  settingsVersion: number;
  minCellSize?: number;
  months: readonly {
    month: string;
    asOf: string;
    agency: TrendFiguresLike | null;
    teams: readonly ({ teamId: string } & TrendFiguresLike)[];
    staff: readonly ({ staffId: string } & TrendFiguresLike)[];
  }[];
}

export type TrendMetric = 'loadRatio' | 'contactRate' | 'reassessRate';
export const trendMetrics: readonly TrendMetric[] = ['loadRatio', 'contactRate', 'reassessRate'];
export const metricLabels: Record<TrendMetric, string> = {
  loadRatio: 'Load (weighted ÷ capacity hours)',
  contactRate: 'Contact standard met (met ÷ due)',
  reassessRate: 'Reassessments on time (1 − overdue ÷ due)',
};

interface TrendCell {
  /** percent, or null (no denominator or withheld): a gap in the line */
  percent: number | null;
  /** "104% = 1,245 h ÷ 1,199 h", "92% = 230 ÷ 250", "fewer than 11", "— (none due)" */
  text: string;
}

export type SeriesKey = 'agency' | 'team' | 'self';

export interface TrendPoint {
  month: string;
  /** "Nov 2025" */
  label: string;
  asOf: string;
  agency: Record<TrendMetric, TrendCell> | null;
  team: Record<TrendMetric, TrendCell> | null;
  self: Record<TrendMetric, TrendCell> | null;
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  const name = monthNames[Number(m) - 1];
  return name && y ? `${name} ${y}` : month;
}

function cells(f: TrendFiguresLike, minCellSize: number): Record<TrendMetric, TrendCell> {
  const hidden = (...fields: string[]) => groupWithheldText(f, fields, minCellSize);
  const withheld = (...fields: string[]) => fields.some((x) => isWithheld(f, x));
  const load: TrendCell = withheld('loadRatio', 'weightedHours')
    ? { percent: null, text: hidden('loadRatio', 'weightedHours') }
    : f.loadRatio === null || f.weightedHours === null || f.capacityHours === null
      ? { percent: null, text: f.capacityHours === 0 ? 'no capacity' : '—' }
      : {
          percent: f.loadRatio * 100,
          text: `${formatPercent(f.loadRatio)} = ${formatHours(f.weightedHours)} ÷ ${formatHours(f.capacityHours)}`,
        };
  const contact: TrendCell = withheld('contactRate', 'contactMet', 'contactDue')
    ? { percent: null, text: hidden('contactRate', 'contactMet', 'contactDue') }
    : f.contactDue === 0
      ? { percent: null, text: '— (none due)' }
      : f.contactRate === null || f.contactMet === null || f.contactDue === null
        ? { percent: null, text: '—' }
        : {
            percent: f.contactRate * 100,
            text: `${formatPercent(f.contactRate)} = ${formatCount(f.contactMet)} ÷ ${formatCount(f.contactDue)}`,
          };
  const reassess: TrendCell = withheld('reassessRate', 'reassessOverdue', 'reassessDue')
    ? { percent: null, text: hidden('reassessRate', 'reassessOverdue', 'reassessDue') }
    : f.reassessDue === 0
      ? { percent: null, text: '— (none due)' }
      : f.reassessRate === null || f.reassessOverdue === null || f.reassessDue === null
        ? { percent: null, text: '—' }
        : {
            percent: f.reassessRate * 100,
            text: `${formatPercent(f.reassessRate)} = 1 − ${formatCount(f.reassessOverdue)} ÷ ${formatCount(f.reassessDue)}`,
          };
  return { loadRatio: load, contactRate: contact, reassessRate: reassess };
}

export function mapTrend(trend: TrendLike, options: { teamId?: string; staffId?: string | null; minCellSize?: number }): TrendPoint[] {
  const m = options.minCellSize ?? trend.minCellSize ?? 11;
  return trend.months.map((month) => {
    const team = options.teamId ? month.teams.find((t) => t.teamId === options.teamId) : undefined;
    const self = options.staffId ? month.staff.find((s) => s.staffId === options.staffId) : undefined;
    return {
      month: month.month,
      label: monthLabel(month.month),
      asOf: month.asOf,
      agency: month.agency ? cells(month.agency, m) : null,
      team: team ? cells(team, m) : null,
      self: self ? cells(self, m) : null,
    };
  });
}

/** Chart rows for one metric: { label, agency, team, self } in percent (null: gap). */
export function chartRows(points: readonly TrendPoint[], metric: TrendMetric) {
  return points.map((p) => ({
    month: p.month,
    label: p.label,
    agency: p.agency?.[metric].percent ?? null,
    team: p.team?.[metric].percent ?? null,
    self: p.self?.[metric].percent ?? null,
  }));
}

/**
 * The y range of a chart, in percent, zoomed to the values shown (10-point steps, one
 * step of margin, never below 0). Load always shows the 100% capacity line; a rate's
 * range ends at 100%.
 */
export function yRange(values: readonly (number | null)[], metric: TrendMetric): { min: number; max: number; ticks: number[] } {
  const shown = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = Math.min(...shown, 100);
  const hi = Math.max(...shown, 100);
  const min = shown.length ? Math.max(0, Math.floor(lo / 10) * 10 - 10) : 0;
  const max = metric === 'loadRatio' ? Math.ceil(hi / 10) * 10 + 10 : 100;
  const step = max - min > 60 ? 20 : 10;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(t);
  return { min, max, ticks };
}

/** Which series have at least one point. */
export function presentSeries(points: readonly TrendPoint[]): SeriesKey[] {
  return (['agency', 'team', 'self'] as const).filter((k) => points.some((p) => p[k] !== null));
}

/**
 * The default period: the twelve months ending with `today`'s month, from the first
 * day of the month eleven months earlier to `today`.
 */
export function defaultPeriod(today: string): { from: string; to: string } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const total = y * 12 + (m - 1) - 11;
  const fy = Math.floor(total / 12);
  const fm = (total % 12) + 1;
  return { from: `${String(fy).padStart(4, '0')}-${String(fm).padStart(2, '0')}-01`, to: today };
}

const trendCsvFields = [
  ['weightedHours', 'weighted_hours'],
  ['capacityHours', 'capacity_hours'],
  ['loadRatio', 'load_ratio'],
  ['contactDue', 'contact_due'],
  ['contactMet', 'contact_met'],
  ['contactRate', 'contact_rate'],
  ['reassessDue', 'reassess_due'],
  ['reassessOverdue', 'reassess_overdue'],
  ['reassessRate', 'reassess_rate'],
] as const;

/**
 * The month-by-month table as CSV: one row per month, as on the page, with each
 * line's (agency, team, the case manager's own) rates and the counts behind them.
 * `filters` name the team line, the case manager and the program filter in the file
 * name; a withheld cell is written "fewer than N".
 */
export function trendCsv(
  trend: TrendLike,
  meta: { teamId?: string; staffId?: string | null; programId?: string; minCellSize: number },
): CsvTable {
  const hidden = (f: TrendFiguresLike, field: string) => withheldCellText(f, field, meta.minCellSize, false);
  type Month = TrendLike['months'][number];
  const groups: [string, (month: Month) => TrendFiguresLike | null | undefined][] = [['agency', (month) => month.agency]];
  if (meta.teamId) groups.push(['team', (month) => month.teams.find((t) => t.teamId === meta.teamId)]);
  if (meta.staffId) groups.push(['staff', (month) => month.staff.find((t) => t.staffId === meta.staffId)]);
  // only the lines the page shows: those with a figure in at least one month
  const shown = groups.filter(([, of]) => trend.months.some((month) => of(month)));
  const rows: CsvCell[][] = trend.months.map((month) => [
    month.month,
    month.asOf,
    trend.settingsVersion,
    ...shown.flatMap(([, of]) => {
      const f = of(month);
      return trendCsvFields.map(([field]): CsvCell => (!f ? null : isWithheld(f, field) ? hidden(f, field) : f[field]));
    }),
  ]);
  return {
    name: {
      table: 'trend',
      date: { from: trend.from, to: trend.to },
      filters: { team: meta.teamId, program: meta.programId, staff: meta.staffId },
      settingsVersion: trend.settingsVersion,
    },
    header: ['month', 'as_of', 'settings_version', ...shown.flatMap(([g]) => trendCsvFields.map(([, column]) => `${g}_${column}`))],
    rows,
  };
}
