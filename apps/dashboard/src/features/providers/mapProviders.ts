/**
 * Contracted providers (metrics.md "Providers", NASW Standard 8): per provider the
 * referrals made, services started, time to start (median, share within 30 days),
 * referrals waiting over 30 days and q6 ("The services I get meet my needs") top-2
 * from responses naming the provider. One scorecard each, and a comparison table in
 * name order (never a ranking). Pure.
 */
import type { RouterOutputs } from '../../trpc.ts';
import type { CsvCell, CsvTable, ExportFilters } from '../../lib/csv.ts';
import { formatCount } from '../../lib/format.ts';
import { compareNames } from '../../lib/order.ts';
import { defaultMinCellSize, isWithheld, type SuppressionMark, withheldCellText } from '../../lib/report.ts';
import { shareText } from '../../lib/survey.ts';
import { monthLabel } from '../../lib/period.ts';

export type ProvidersViewLike = RouterOutputs['providers']['report'];

type Marked = { suppressed?: SuppressionMark } & object;
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

function count(row: Marked, field: string, value: number | null, m: number): string {
  if (value !== null) return formatCount(value);
  return isWithheld(row, field) ? withheldCellText(row, field, m) : '—';
}

type FiguresLike = {
  referrals: number | null;
  started: number | null;
  medianDaysToStart: number | null;
  within30: number | null;
  within30Rate: number | null;
  pendingOver30: number | null;
} & Marked;

interface ProviderFiguresRow {
  referrals: string;
  started: string;
  median: string;
  within30Rate: number | null;
  within30Text: string;
  pendingOver30: string;
  pendingValue: number | null;
  csv: CsvCell[];
}

function figures(p: FiguresLike, m: number): ProviderFiguresRow {
  const cell = (field: string, v: number | null): CsvCell =>
    v !== null ? v : isWithheld(p, field) ? withheldCellText(p, field, m, false) : null;
  return {
    referrals: count(p, 'referrals', p.referrals, m),
    started: count(p, 'started', p.started, m),
    median:
      p.medianDaysToStart !== null
        ? `${oneDecimal.format(p.medianDaysToStart)} days`
        : isWithheld(p, 'medianDaysToStart')
          ? withheldCellText(p, 'medianDaysToStart', m)
          : '—',
    within30Rate: p.within30Rate,
    within30Text: shareText(p, { field: 'within30Rate', value: p.within30Rate }, p.within30, p.started, m, 'none started'),
    pendingOver30: count(p, 'pendingOver30', p.pendingOver30, m),
    pendingValue: p.pendingOver30,
    csv: [
      cell('referrals', p.referrals),
      cell('started', p.started),
      cell('medianDaysToStart', p.medianDaysToStart),
      cell('within30', p.within30),
      cell('within30Rate', p.within30Rate),
      cell('pendingOver30', p.pendingOver30),
    ],
  };
}

export interface ProviderRowView extends ProviderFiguresRow {
  providerId: string;
  name: string;
  q6Text: string;
  q6Top2: number | null;
  q6Csv: CsvCell[];
  monthly: Array<ProviderFiguresRow & { month: string; label: string; asOf: string }>;
}

export interface ProvidersView {
  from: string;
  to: string;
  settingsVersion: number;
  minCellSize: number;
  withheldCells: number;
  providers: ProviderRowView[];
}

export function mapProviders(report: ProvidersViewLike, names: ReadonlyMap<string, string>): ProvidersView {
  const m = report.suppression?.minCellSize ?? defaultMinCellSize;
  const providers = report.providers
    .map((p) => {
      const q6 = p.q6;
      const top = q6.top2 !== null && q6.n !== null ? Math.round(q6.top2 * q6.n) : null;
      return {
        ...figures(p, m),
        providerId: p.providerId,
        name: names.get(p.providerId) ?? p.providerId,
        q6Top2: q6.top2,
        q6Text: shareText(q6, { field: 'top2', value: q6.top2 }, top, q6.n, m, 'no answers'),
        q6Csv: [
          q6.n !== null ? q6.n : isWithheld(q6, 'n') ? withheldCellText(q6, 'n', m, false) : null,
          q6.top2 !== null ? q6.top2 : isWithheld(q6, 'top2') ? withheldCellText(q6, 'top2', m, false) : null,
        ],
        monthly: p.monthly.map((x) => ({ ...figures(x, m), month: x.month, label: monthLabel(x.month), asOf: x.asOf })),
      };
    })
    .sort((a, b) => compareNames(a.name, b.name) || compareNames(a.providerId, b.providerId));
  return {
    from: report.from,
    to: report.to,
    settingsVersion: report.settingsVersion,
    minCellSize: m,
    withheldCells: report.suppression?.cells ?? 0,
    providers,
  };
}

const figureColumns = ['referrals', 'started', 'median_days_to_start', 'started_within_30', 'within_30_rate', 'pending_over_30'];

export function providersCsv(view: ProvidersView, filters: Pick<ExportFilters, 'team' | 'program'>): CsvTable {
  return {
    name: { table: 'providers', date: { from: view.from, to: view.to }, filters, settingsVersion: view.settingsVersion },
    header: ['from', 'to', 'settings_version', 'provider_id', 'provider_name', ...figureColumns, 'q6_n', 'q6_top2'],
    rows: view.providers.map((p) => [view.from, view.to, view.settingsVersion, p.providerId, p.name, ...p.csv, ...p.q6Csv]),
  };
}

export function providerMonthlyCsv(view: ProvidersView, p: ProviderRowView, filters: Pick<ExportFilters, 'team' | 'program'>): CsvTable {
  return {
    name: {
      table: 'provider-monthly',
      date: { from: view.from, to: view.to },
      filters: { ...filters, provider: p.providerId },
      settingsVersion: view.settingsVersion,
    },
    header: ['month', 'as_of', 'settings_version', 'provider_id', ...figureColumns],
    rows: p.monthly.map((x) => [x.month, x.asOf, view.settingsVersion, p.providerId, ...x.csv]),
  };
}
