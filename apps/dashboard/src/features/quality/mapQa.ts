/**
 * Quality reviews (metrics.md "Quality reviews", NASW Standard 8): review scores and
 * the pass rate against the agency's pass score, corrective actions open and overdue
 * with their age, time to close, and each finding's history from review to closure.
 * Pure: report and action list in, rows and CSV out.
 */
import type { RouterOutputs } from '../../trpc.ts';
import type { CsvCell, CsvTable, ExportFilters } from '../../lib/csv.ts';
import { formatCount, formatDate } from '../../lib/format.ts';
import {
  defaultMinCellSize,
  isComplementary,
  isWithheld,
  type SuppressionMark,
  withheldCellText,
  withheldListText,
} from '../../lib/report.ts';
import { shareText } from '../../lib/survey.ts';
import { monthLabel } from '../../lib/period.ts';

export type QaViewLike = RouterOutputs['qa']['report'];

type Marked = { suppressed?: SuppressionMark } & object;

const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
/** 84 → "84", 84.25 → "84.3" */
function formatScore(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : oneDecimal.format(value);
}

function count(row: Marked, field: string, value: number | null, m: number): string {
  if (value !== null) return formatCount(value);
  return isWithheld(row, field) ? withheldCellText(row, field, m) : '—';
}

function days(row: Marked, field: string, value: number | null, m: number): string {
  if (value !== null) return `${oneDecimal.format(value)} days`;
  return isWithheld(row, field) ? withheldCellText(row, field, m) : '—';
}

interface QaFiguresRow {
  reviewsText: string;
  meanScoreText: string;
  meanScore: number | null;
  passRate: number | null;
  /** 0..100 for the chart, null: no point */
  passRatePercent: number | null;
  /** "80% = 8 ÷ 10" (scores at or above the pass score ÷ reviews) */
  passRateText: string;
  openText: string;
  overdueText: string;
  closedText: string;
  medianDaysToCloseText: string;
  values: {
    reviews: number | null;
    passed: number | null;
    passRate: number | null;
    meanScore: number | null;
    open: number | null;
    overdue: number | null;
    closedInPeriod: number | null;
    medianDaysToClose: number | null;
  };
  withheld: string[];
  /** of those, the ones withheld so that a small one cannot be worked out (not small themselves) */
  complementary: string[];
}

type FiguresLike = Pick<QaViewLike, 'reviews' | 'actions'>;

function figures(f: FiguresLike, m: number): QaFiguresRow {
  const r = f.reviews;
  const a = f.actions;
  const withheld = [
    ...(['n', 'passed', 'passRate', 'meanScore'] as const).filter((k) => isWithheld(r, k)).map((k) => `reviews.${k}`),
    ...(['open', 'overdue', 'closedInPeriod', 'medianDaysToClose'] as const).filter((k) => isWithheld(a, k)).map((k) => `actions.${k}`),
  ];
  const complementary = [
    ...(['n', 'passed', 'passRate', 'meanScore'] as const).filter((k) => isComplementary(r, k)).map((k) => `reviews.${k}`),
    ...(['open', 'overdue', 'closedInPeriod', 'medianDaysToClose'] as const)
      .filter((k) => isComplementary(a, k))
      .map((k) => `actions.${k}`),
  ];
  return {
    reviewsText: count(r, 'n', r.n, m),
    meanScore: r.meanScore,
    meanScoreText: isWithheld(r, 'meanScore') ? withheldCellText(r, 'meanScore', m) : formatScore(r.meanScore),
    passRate: r.passRate,
    passRatePercent: r.passRate === null ? null : r.passRate * 100,
    passRateText: shareText(r, { field: 'passRate', value: r.passRate }, r.passed, r.n, m, 'no reviews'),
    openText: count(a, 'open', a.open, m),
    overdueText: count(a, 'overdue', a.overdue, m),
    closedText: count(a, 'closedInPeriod', a.closedInPeriod, m),
    medianDaysToCloseText: days(a, 'medianDaysToClose', a.medianDaysToClose, m),
    values: {
      reviews: r.n,
      passed: r.passed,
      passRate: r.passRate,
      meanScore: r.meanScore,
      open: a.open,
      overdue: a.overdue,
      closedInPeriod: a.closedInPeriod,
      medianDaysToClose: a.medianDaysToClose,
    },
    withheld,
    complementary,
  };
}

export interface QaMonthRow extends QaFiguresRow {
  month: string;
  label: string;
  asOf: string;
}

export interface QaView {
  from: string;
  to: string;
  settingsVersion: number;
  /** the pass score the report used (a setting, never withheld; null only if the API sent none) */
  qaPassScore: number | null;
  minCellSize: number;
  withheldCells: number;
  total: QaFiguresRow;
  monthly: QaMonthRow[];
}

export function mapQa(report: QaViewLike): QaView {
  const m = report.suppression?.minCellSize ?? defaultMinCellSize;
  return {
    from: report.from,
    to: report.to,
    settingsVersion: report.settingsVersion,
    qaPassScore: report.qaPassScore,
    minCellSize: m,
    withheldCells: report.suppression?.cells ?? 0,
    total: figures(report, m),
    monthly: report.monthly.map((x) => ({ ...figures(x, m), month: x.month, label: monthLabel(x.month), asOf: x.asOf })),
  };
}

// ---------------------------------------------------------------- corrective actions

export interface CorrectiveActionLike {
  reviewId: string;
  reviewedOn: string;
  staffId: string;
  clientId: string;
  score: number;
  findings: string | null;
  correctiveAction: string;
  actionDueOn: string | null;
  actionClosedOn: string | null;
  state: 'open' | 'overdue' | 'closed';
  ageDays: number;
  daysOverdue: number | null;
}

type ActionTone = 'ontime' | 'late' | 'open' | 'overdue';

export interface ActionRow extends CorrectiveActionLike {
  staffName: string;
  /** "Closed on time", "Closed 3 days late", "Overdue by 12 days", "Open" */
  status: string;
  tone: ActionTone;
  /** the finding from review to closure, one step each */
  steps: string[];
  passed: boolean;
}

function dayDiff(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

export function actionRow(a: CorrectiveActionLike, qaPassScore: number | null, staffNames: ReadonlyMap<string, string>): ActionRow {
  let status: string;
  let tone: ActionTone;
  if (a.state === 'closed' && a.actionClosedOn !== null) {
    const late = a.actionDueOn === null ? 0 : dayDiff(a.actionDueOn, a.actionClosedOn);
    status = late > 0 ? `Closed ${plural(late, 'day')} late` : 'Closed on time';
    tone = late > 0 ? 'late' : 'ontime';
  } else if (a.state === 'overdue') {
    status = `Overdue by ${plural(a.daysOverdue ?? 0, 'day')}`;
    tone = 'overdue';
  } else {
    status = 'Open';
    tone = 'open';
  }
  const passed = qaPassScore !== null && a.score >= qaPassScore;
  const steps = [
    `Reviewed ${formatDate(a.reviewedOn)}: score ${formatScore(a.score)}${qaPassScore === null ? '' : ` (pass score ${formatScore(qaPassScore)}: ${passed ? 'passed' : 'not passed'})`}`,
    a.actionDueOn === null ? 'Corrective action set, no due date' : `Corrective action due ${formatDate(a.actionDueOn)}`,
    a.state === 'closed' && a.actionClosedOn !== null
      ? `Closed ${formatDate(a.actionClosedOn)}, ${plural(a.ageDays, 'day')} after the review`
      : `Still open after ${plural(a.ageDays, 'day')}${a.state === 'overdue' ? `, ${plural(a.daysOverdue ?? 0, 'day')} past due` : ''}`,
  ];
  return { ...a, staffName: staffNames.get(a.staffId) ?? a.staffId, status, tone, steps, passed };
}

/**
 * The actions that belong to a period: those from reviews in the period, and older
 * ones still open at its end. Most overdue first, then by review date (newest first).
 */
export function actionsForPeriod(
  actions: readonly CorrectiveActionLike[],
  period: { from: string; to: string },
  qaPassScore: number | null,
  staffNames: ReadonlyMap<string, string>,
): ActionRow[] {
  return actions
    .filter((a) => a.reviewedOn <= period.to && (a.reviewedOn >= period.from || a.state !== 'closed'))
    .map((a) => actionRow(a, qaPassScore, staffNames))
    .sort(
      (x, y) =>
        (y.daysOverdue ?? -1) - (x.daysOverdue ?? -1) ||
        (x.reviewedOn < y.reviewedOn ? 1 : x.reviewedOn > y.reviewedOn ? -1 : 0) ||
        (x.reviewId < y.reviewId ? -1 : x.reviewId > y.reviewId ? 1 : 0),
    );
}

// ---------------------------------------------------------------- CSV

const figureFields = [
  ['reviews.n', 'reviews', 'reviews'],
  ['reviews.passed', 'passed', 'passed'],
  ['reviews.passRate', 'passRate', 'pass_rate'],
  ['reviews.meanScore', 'meanScore', 'mean_score'],
  ['actions.open', 'open', 'actions_open'],
  ['actions.overdue', 'overdue', 'actions_overdue'],
  ['actions.closedInPeriod', 'closedInPeriod', 'actions_closed'],
  ['actions.medianDaysToClose', 'medianDaysToClose', 'median_days_to_close'],
] as const;

function figureCells(r: QaFiguresRow, m: number): CsvCell[] {
  return figureFields.map(([mark, key]) => {
    const v = r.values[key];
    return v !== null ? v : r.withheld.includes(mark) ? withheldListText(r, mark, m, false) : null;
  });
}

export function qaMonthlyCsv(view: QaView, filters: Pick<ExportFilters, 'team' | 'program'>): CsvTable {
  return {
    name: { table: 'quality-reviews-monthly', date: { from: view.from, to: view.to }, filters, settingsVersion: view.settingsVersion },
    header: ['month', 'as_of', 'settings_version', 'qa_pass_score', ...figureFields.map((f) => f[2])],
    rows: [
      ...view.monthly.map((r) => [r.month, r.asOf, view.settingsVersion, view.qaPassScore, ...figureCells(r, view.minCellSize)]),
      [`${view.from}..${view.to}`, view.to, view.settingsVersion, view.qaPassScore, ...figureCells(view.total, view.minCellSize)],
    ],
  };
}

export function actionsCsv(
  rows: readonly ActionRow[],
  view: { from: string; to: string; settingsVersion: number },
  filters: Pick<ExportFilters, 'team' | 'program'>,
): CsvTable {
  return {
    name: { table: 'corrective-actions', date: { from: view.from, to: view.to }, filters, settingsVersion: view.settingsVersion },
    header: [
      'review_id',
      'reviewed_on',
      'staff_id',
      'staff_name',
      'score',
      'findings',
      'corrective_action',
      'action_due_on',
      'action_closed_on',
      'state',
      'status',
      'age_days',
      'days_overdue',
    ],
    rows: rows.map((r) => [
      r.reviewId,
      r.reviewedOn,
      r.staffId,
      r.staffName,
      r.score,
      r.findings,
      r.correctiveAction,
      r.actionDueOn,
      r.actionClosedOn,
      r.state,
      r.status,
      r.ageDays,
      r.daysOverdue,
    ]),
  };
}
