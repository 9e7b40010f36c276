import { toCsv } from '@caseload/values';
/**
 * Standard 8 reports for `pnpm --silent cli report NAME --from F --to T …`: the same
 * service functions the dashboard reads, and a CSV rendering of each as one flat
 * table with a single header row. A withheld (suppressed) cell is written
 * `suppressed`; a value that does not exist (a rate with no denominator) is empty.
 */
import type { Database } from '@caseload/db';
import type { Kysely } from 'kysely';
import {
  type FeedbackView,
  feedbackReport,
  type OutcomesView,
  outcomesReport,
  type ProvidersView,
  providersReport,
  type QaView,
  qaReport,
  type Standard8Filter,
} from '@caseload/api';

interface Standard8RunOptions {
  from: string;
  to: string;
  programIds?: string[] | null;
  teamIds?: string[] | null;
  suppress?: boolean;
}

export interface Standard8ReportDefinition<R> {
  needs: 'period';
  run(db: Kysely<Database>, agencyId: string, options: Standard8RunOptions): Promise<R>;
  toCsv(report: R): string;
}

type Cell = string | number | boolean | null | undefined;
type Marked = { suppressed?: Record<string, true> | undefined };

/** The value at `key` ('mean', 'distribution.3', 'closures.moved') of an object, or `suppressed`. */
function cell(obj: (object & Marked) | undefined, key: string): Cell {
  if (!obj) return null;
  let v: unknown = obj;
  for (const seg of key.split('.')) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[seg];
  if ((v === null || v === undefined) && obj.suppressed?.[key]) return 'suppressed';
  return v as Cell;
}

function filterOf(o: Standard8RunOptions): Standard8Filter {
  return { from: o.from, to: o.to, programIds: o.programIds ?? null, teamIds: o.teamIds ?? null, suppress: o.suppress ?? false };
}

// ---------------------------------------------------------------- feedback

const FEEDBACK_HEADER = [
  'level',
  'group_id',
  'month',
  'item',
  'responses',
  'n',
  'mean',
  'top2',
  'answered_1',
  'answered_2',
  'answered_3',
  'answered_4',
  'answered_5',
  'invitations',
  'responded_invitations',
  'response_rate',
  'settings_version',
] as const;

function feedbackCsv(r: FeedbackView): string {
  const rows: Cell[][] = [];
  type ItemRow = FeedbackView['items'][number];
  const itemCells = (it: ItemRow) => [
    it.item,
    null,
    cell(it, 'n'),
    cell(it, 'mean'),
    cell(it, 'top2'),
    ...[0, 1, 2, 3, 4].map((k) => cell(it, `distribution.${k}`)),
  ];
  const withResponses = (cells: Cell[], responses: Cell) => {
    cells[1] = responses;
    return cells;
  };
  for (const it of r.items) {
    rows.push([
      'agency',
      '',
      '',
      ...withResponses(itemCells(it), cell(r, 'responses')),
      cell(r, 'invitations'),
      cell(r, 'respondedInvitations'),
      cell(r, 'responseRate'),
      r.settingsVersion,
    ]);
  }
  const groups: Array<[string, ReadonlyArray<{ responses: number | null; items: ItemRow[] } & Marked>, (g: never) => string]> = [
    ['program', r.byProgram, (g: { programId: string }) => g.programId],
    ['team', r.byTeam, (g: { teamId: string }) => g.teamId],
    ['staff', r.byStaff, (g: { staffId: string }) => g.staffId],
    ['provider', r.byProvider, (g: { providerId: string }) => g.providerId],
  ];
  for (const [level, list, idOf] of groups) {
    for (const g of list) {
      for (const it of g.items) {
        rows.push([
          level,
          idOf(g as never),
          '',
          ...withResponses(itemCells(it), cell(g, 'responses')),
          null,
          null,
          null,
          r.settingsVersion,
        ]);
      }
    }
  }
  for (const m of r.monthly) {
    rows.push([
      'month',
      '',
      m.month,
      'q1',
      cell(m, 'responses'),
      cell(m, 'n'),
      null,
      cell(m, 'top2'),
      null,
      null,
      null,
      null,
      null,
      cell(m, 'invitations'),
      cell(m, 'respondedInvitations'),
      cell(m, 'responseRate'),
      r.settingsVersion,
    ]);
  }
  return toCsv(FEEDBACK_HEADER, rows);
}

// ---------------------------------------------------------------- outcomes

function outcomesCsv(r: OutcomesView): string {
  const reasons = [...new Set([r, ...r.monthly].flatMap((f) => Object.keys(f.closures)))].sort();
  const header = [
    'period',
    'as_of',
    'goals_met',
    'goals_partially_met',
    'goals_not_met',
    'goals_withdrawn',
    'attainment_rate',
    'improved',
    'maintained',
    'declined',
    'maintained_or_improved_rate',
    'started',
    'median_days',
    'within30',
    'within30_rate',
    'pending_over30',
    ...reasons.map((x) => `closures_${x}`),
    'settings_version',
  ];
  type Figures = Pick<OutcomesView, 'goals' | 'functional' | 'timeToService' | 'closures'> & Marked;
  const line = (period: string, asOf: string, f: Figures): Cell[] => [
    period,
    asOf,
    cell(f.goals, 'met'),
    cell(f.goals, 'partiallyMet'),
    cell(f.goals, 'notMet'),
    cell(f.goals, 'withdrawn'),
    cell(f.goals, 'attainmentRate'),
    cell(f.functional, 'improved'),
    cell(f.functional, 'maintained'),
    cell(f.functional, 'declined'),
    cell(f.functional, 'maintainedOrImprovedRate'),
    cell(f.timeToService, 'n'),
    cell(f.timeToService, 'medianDays'),
    cell(f.timeToService, 'within30'),
    cell(f.timeToService, 'within30Rate'),
    cell(f.timeToService, 'pendingOver30'),
    ...reasons.map((x) => (x in f.closures ? cell(f, `closures.${x}`) : 0)),
    r.settingsVersion,
  ];
  return toCsv(header, [line(`${r.from}..${r.to}`, r.to, r), ...r.monthly.map((m) => line(m.month, m.asOf, m))]);
}

// ---------------------------------------------------------------- providers

const PROVIDERS_HEADER = [
  'provider_id',
  'month',
  'as_of',
  'referrals',
  'started',
  'median_days_to_start',
  'within30',
  'within30_rate',
  'pending_over30',
  'q6_n',
  'q6_top2',
  'settings_version',
] as const;

function providersCsv(r: ProvidersView): string {
  const rows: Cell[][] = [];
  type Figures = ProvidersView['providers'][number]['monthly'][number] | ProvidersView['providers'][number];
  const figures = (f: Figures) => [
    cell(f, 'referrals'),
    cell(f, 'started'),
    cell(f, 'medianDaysToStart'),
    cell(f, 'within30'),
    cell(f, 'within30Rate'),
    cell(f, 'pendingOver30'),
  ];
  for (const p of r.providers) {
    rows.push([p.providerId, '', r.to, ...figures(p), cell(p.q6, 'n'), cell(p.q6, 'top2'), r.settingsVersion]);
    for (const m of p.monthly) rows.push([p.providerId, m.month, m.asOf, ...figures(m), null, null, r.settingsVersion]);
  }
  return toCsv(PROVIDERS_HEADER, rows);
}

// ---------------------------------------------------------------- quality reviews

const QA_HEADER = [
  'period',
  'as_of',
  'reviews',
  'mean_score',
  'passed',
  'pass_rate',
  'pass_score',
  'actions_open',
  'actions_overdue',
  'actions_closed_in_period',
  'median_days_to_close',
  'settings_version',
] as const;

function qaCsv(r: QaView): string {
  type Figures = Pick<QaView, 'reviews' | 'actions'>;
  const line = (period: string, asOf: string, f: Figures): Cell[] => [
    period,
    asOf,
    cell(f.reviews, 'n'),
    cell(f.reviews, 'meanScore'),
    cell(f.reviews, 'passed'),
    cell(f.reviews, 'passRate'),
    r.qaPassScore,
    cell(f.actions, 'open'),
    cell(f.actions, 'overdue'),
    cell(f.actions, 'closedInPeriod'),
    cell(f.actions, 'medianDaysToClose'),
    r.settingsVersion,
  ];
  return toCsv(QA_HEADER, [line(`${r.from}..${r.to}`, r.to, r), ...r.monthly.map((m) => line(m.month, m.asOf, m))]);
}

// ---------------------------------------------------------------- the record

export const standard8Reports: {
  feedback: Standard8ReportDefinition<FeedbackView>;
  outcomes: Standard8ReportDefinition<OutcomesView>;
  providers: Standard8ReportDefinition<ProvidersView>;
  qa: Standard8ReportDefinition<QaView>;
} = {
  feedback: { needs: 'period', run: (db, agencyId, o) => feedbackReport(db, agencyId, filterOf(o)), toCsv: feedbackCsv },
  outcomes: { needs: 'period', run: (db, agencyId, o) => outcomesReport(db, agencyId, filterOf(o)), toCsv: outcomesCsv },
  providers: { needs: 'period', run: (db, agencyId, o) => providersReport(db, agencyId, filterOf(o)), toCsv: providersCsv },
  qa: { needs: 'period', run: (db, agencyId, o) => qaReport(db, agencyId, filterOf(o)), toCsv: qaCsv },
};
