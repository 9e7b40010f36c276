/**
 * Outcomes (metrics.md "Outcomes", NASW Standard 8): goal attainment (met, partly
 * met, not met; withdrawn shown apart), functional change, time from referral to
 * service and closures by reason, for the period and month by month. Pure.
 */
import type { RouterOutputs } from '../../trpc.ts';
import type { CsvCell, CsvTable, ExportFilters } from '../../lib/csv.ts';
import { formatCount } from '../../lib/format.ts';
import { compareNames } from '../../lib/order.ts';
import { defaultMinCellSize, isWithheld, type SuppressionMark, withheldCellText, withheldCsvText } from '../../lib/report.ts';
import { shareText } from '../../lib/survey.ts';
import { monthLabel } from '../../lib/period.ts';

export type OutcomesViewLike = RouterOutputs['outcomes']['report'];

type Marked = { suppressed?: SuppressionMark } & object;
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

function count(row: Marked, field: string, value: number | null, m: number): string {
  if (value !== null) return formatCount(value);
  return isWithheld(row, field) ? withheldCellText(row, field, m) : '—';
}

type FiguresLike = Pick<OutcomesViewLike, 'goals' | 'functional' | 'timeToService' | 'closures'> & Marked;

interface OutcomesRow {
  goals: { met: string; partiallyMet: string; notMet: string; withdrawn: string; rate: number | null; rateText: string };
  functional: { improved: string; maintained: string; declined: string; rate: number | null; rateText: string };
  timeToService: { n: string; median: string; rate: number | null; rateText: string; pendingOver30: string };
  closures: Array<{ reason: string; label: string; text: string; value: number | null }>;
  closuresTotal: string;
  /** raw values for the CSV, by column; a withheld one is the words "fewer than 11" */
  csv: CsvCell[];
}

const outcomesCsvColumns = [
  'goals_met',
  'goals_partially_met',
  'goals_not_met',
  'goals_withdrawn',
  'attainment_rate',
  'functional_improved',
  'functional_maintained',
  'functional_declined',
  'maintained_or_improved_rate',
  'services_started',
  'median_days_to_service',
  'started_within_30_days',
  'within_30_rate',
  'pending_over_30_days',
] as const;

const reasonLabel = (reason: string) =>
  reason === 'unknown' ? 'No reason recorded' : reason.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());

function row(f: FiguresLike, m: number): OutcomesRow {
  const g = f.goals;
  const fc = f.functional;
  const t = f.timeToService;
  const resolved = g.met !== null && g.partiallyMet !== null && g.notMet !== null ? g.met + g.partiallyMet + g.notMet : null;
  const changed = fc.improved !== null && fc.maintained !== null && fc.declined !== null ? fc.improved + fc.maintained + fc.declined : null;
  const kept = fc.improved !== null && fc.maintained !== null ? fc.improved + fc.maintained : null;
  // withheld closure counts are marked on the figures object: 'closures.deceased'
  const closuresMap = f.closures as Record<string, number | null>;
  const closures = Object.keys(closuresMap)
    .map((reason) => {
      const value = closuresMap[reason] ?? null;
      const withheld = value === null && isWithheld(f, `closures.${reason}`);
      return {
        reason,
        label: reasonLabel(reason),
        value,
        text: value !== null ? formatCount(value) : withheld ? withheldCellText(f, `closures.${reason}`, m) : '—',
      };
    })
    .sort((a, b) => compareNames(a.label, b.label));
  const closuresKnown = closures.every((c) => c.value !== null);
  const cell = (row2: Marked, field: string, v: number | null): CsvCell =>
    v !== null ? v : isWithheld(row2, field) ? withheldCellText(row2, field, m, false) : null;
  return {
    goals: {
      met: count(g, 'met', g.met, m),
      partiallyMet: count(g, 'partiallyMet', g.partiallyMet, m),
      notMet: count(g, 'notMet', g.notMet, m),
      withdrawn: count(g, 'withdrawn', g.withdrawn, m),
      rate: g.attainmentRate,
      rateText: shareText(g, { field: 'attainmentRate', value: g.attainmentRate }, g.met, resolved, m, 'no goals resolved'),
    },
    functional: {
      improved: count(fc, 'improved', fc.improved, m),
      maintained: count(fc, 'maintained', fc.maintained, m),
      declined: count(fc, 'declined', fc.declined, m),
      rate: fc.maintainedOrImprovedRate,
      rateText: shareText(
        fc,
        { field: 'maintainedOrImprovedRate', value: fc.maintainedOrImprovedRate },
        kept,
        changed,
        m,
        'no reassessments compared',
      ),
    },
    timeToService: {
      n: count(t, 'n', t.n, m),
      median:
        t.medianDays !== null
          ? `${oneDecimal.format(t.medianDays)} days`
          : isWithheld(t, 'medianDays')
            ? withheldCellText(t, 'medianDays', m)
            : '—',
      rate: t.within30Rate,
      rateText: shareText(t, { field: 'within30Rate', value: t.within30Rate }, t.within30, t.n, m, 'no services started'),
      pendingOver30: count(t, 'pendingOver30', t.pendingOver30, m),
    },
    closures,
    // with a reason withheld the total cannot be added up here
    closuresTotal: closuresKnown ? formatCount(closures.reduce((s, c) => s + (c.value ?? 0), 0)) : '—',
    csv: [
      cell(g, 'met', g.met),
      cell(g, 'partiallyMet', g.partiallyMet),
      cell(g, 'notMet', g.notMet),
      cell(g, 'withdrawn', g.withdrawn),
      cell(g, 'attainmentRate', g.attainmentRate),
      cell(fc, 'improved', fc.improved),
      cell(fc, 'maintained', fc.maintained),
      cell(fc, 'declined', fc.declined),
      cell(fc, 'maintainedOrImprovedRate', fc.maintainedOrImprovedRate),
      cell(t, 'n', t.n),
      cell(t, 'medianDays', t.medianDays),
      cell(t, 'within30', t.within30),
      cell(t, 'within30Rate', t.within30Rate),
      cell(t, 'pendingOver30', t.pendingOver30),
    ],
  };
}

export interface OutcomesMonthRow extends OutcomesRow {
  month: string;
  label: string;
  asOf: string;
  /** rates in percent for the trend chart (null: no point) */
  attainmentPercent: number | null;
  functionalPercent: number | null;
  within30Percent: number | null;
}

export interface OutcomesView {
  from: string;
  to: string;
  settingsVersion: number;
  minCellSize: number;
  withheldCells: number;
  total: OutcomesRow;
  monthly: OutcomesMonthRow[];
}

const pct = (v: number | null) => (v === null ? null : v * 100);

export function mapOutcomes(report: OutcomesViewLike): OutcomesView {
  const m = report.suppression?.minCellSize ?? defaultMinCellSize;
  return {
    from: report.from,
    to: report.to,
    settingsVersion: report.settingsVersion,
    minCellSize: m,
    withheldCells: report.suppression?.cells ?? 0,
    total: row(report, m),
    monthly: report.monthly.map((x) => {
      const r = row(x, m);
      return {
        ...r,
        month: x.month,
        label: monthLabel(x.month),
        asOf: x.asOf,
        attainmentPercent: pct(r.goals.rate),
        functionalPercent: pct(r.functional.rate),
        within30Percent: pct(r.timeToService.rate),
      };
    }),
  };
}

export function outcomesCsv(view: OutcomesView, filters: Pick<ExportFilters, 'team' | 'program'>): CsvTable {
  return {
    name: { table: 'outcomes-monthly', date: { from: view.from, to: view.to }, filters, settingsVersion: view.settingsVersion },
    header: ['month', 'as_of', 'settings_version', ...outcomesCsvColumns],
    rows: [
      ...view.monthly.map((r) => [r.month, r.asOf, view.settingsVersion, ...r.csv]),
      [`${view.from}..${view.to}`, view.to, view.settingsVersion, ...view.total.csv],
    ],
  };
}

export function closuresCsv(view: OutcomesView, filters: Pick<ExportFilters, 'team' | 'program'>): CsvTable {
  const reasons = [...new Set([...view.total.closures, ...view.monthly.flatMap((x) => x.closures)].map((c) => c.reason))].sort();
  const value = (r: OutcomesRow, reason: string): CsvCell => {
    const c = r.closures.find((x) => x.reason === reason);
    if (!c) return 0;
    return c.value !== null ? c.value : withheldCsvText(c.text, view.minCellSize);
  };
  return {
    name: { table: 'closures-by-reason', date: { from: view.from, to: view.to }, filters, settingsVersion: view.settingsVersion },
    header: ['month', 'settings_version', ...reasons],
    rows: [
      ...view.monthly.map((r) => [r.month, view.settingsVersion, ...reasons.map((x) => value(r, x))]),
      [`${view.from}..${view.to}`, view.settingsVersion, ...reasons.map((x) => value(view.total, x))],
    ],
  };
}
