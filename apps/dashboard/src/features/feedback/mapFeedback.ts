/**
 * The feedback report (metrics.md "Client feedback", NASW Standard 8) as the page
 * draws it: each survey item as a distribution of answers 1..5 (diverging stacked
 * bars: disagree left of zero, agree right, neutral split across zero), top-2-box
 * and n per item; the monthly q1 top-2 with its n; comparison rows by program,
 * team and provider in name order. Pure: report in, rows and CSV out.
 *
 * A withheld (small-cell) value is null with a `suppressed` mark; it is written
 * "fewer than 11", never 0. A rate with no denominator is "—".
 */
import type { RouterOutputs } from '../../trpc.ts';
import type { SurveyItem } from '@caseload/metrics';
import type { CsvCell, CsvTable, ExportFilters } from '../../lib/csv.ts';
import { formatCount, formatDecimal, formatPercent } from '../../lib/format.ts';
import { compareNames } from '../../lib/order.ts';
import {
  defaultMinCellSize,
  isComplementary,
  isWithheld,
  type SuppressionMark,
  withheldCellText,
  withheldCsvText,
  withheldListText,
} from '../../lib/report.ts';
import { monthLabel } from '../../lib/period.ts';
import { itemStatements, shareText } from '../../lib/survey.ts';

/** The report as the API sends it (feedback.report): suppressible, with its settings version. */
export type FeedbackViewLike = RouterOutputs['feedback']['report'];

export const answerLabels = ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'] as const;

/** Percent of answers, signed for the diverging chart: negative values are drawn left of zero. */
export interface DivergingSegments {
  /** half of the neutral answers, left of zero (≤ 0) */
  neutralLeft: number;
  /** answers of 2 (≤ 0) */
  disagree: number;
  /** answers of 1 (≤ 0) */
  stronglyDisagree: number;
  /** the other half of the neutral answers, right of zero (≥ 0) */
  neutralRight: number;
  agree: number;
  stronglyAgree: number;
  /**
   * Board views: answers whose separate counts are withheld, drawn together (their
   * sum is n minus the shown counts, so it discloses nothing the table does not):
   * left of zero when they are disagree/neutral answers, right when agree/neutral.
   */
  withheldLeft: number;
  withheldRight: number;
  /** which answers the withheld segment holds, e.g. "1–3"; null when none is withheld */
  withheldAnswers: string | null;
}

export interface ItemRow {
  item: SurveyItem;
  /** "Q1" */
  label: string;
  statement: string;
  n: number | null;
  nText: string;
  top2: number | null;
  /** answers of 4 or 5 (null when any is withheld) */
  top2Count: number | null;
  /** "78% = 156 ÷ 200", "fewer than 11" or "— (no answers)" */
  top2Text: string;
  mean: number | null;
  meanText: string;
  counts: Array<number | null>;
  countTexts: string[];
  /** null when a count is withheld or nobody answered: the bar cannot be drawn truthfully */
  segments: DivergingSegments | null;
}

export interface MonthRow {
  month: string;
  label: string;
  /** q1 answers received in the month */
  n: number | null;
  nText: string;
  top2: number | null;
  /** top-2 of q1 in percent, for the line (null: no point) */
  top2Percent: number | null;
  top2Text: string;
  responses: number | null;
  invitations: number | null;
  respondedInvitations: number | null;
  responseRate: number | null;
  responseRateText: string;
  /** fields withheld by small-cell suppression */
  withheld: string[];
  /** of those, the ones withheld so that a small one cannot be worked out (not small themselves) */
  complementary: string[];
}

export interface GroupRow {
  id: string;
  name: string;
  responses: number | null;
  responsesText: string;
  /** per item: top-2 with its counts */
  items: Array<{ item: SurveyItem; top2: number | null; text: string; detail: string | null }>;
}

export interface FeedbackView {
  from: string;
  to: string;
  settingsVersion: number;
  minCellSize: number;
  /** cells withheld in the whole report (board), 0 when none or not suppressed */
  withheldCells: number;
  responses: number | null;
  responsesText: string;
  responseRate: number | null;
  /** "42% = 210 ÷ 500" (invitations sent in the period that came back ÷ sent) */
  responseRateText: string;
  items: ItemRow[];
  monthly: MonthRow[];
  byProgram: GroupRow[];
  byTeam: GroupRow[];
  byProvider: GroupRow[];
}

type Marked = { suppressed?: SuppressionMark } & object;

function countText(row: Marked, field: string, value: number | null, m: number): string {
  if (value !== null) return formatCount(value);
  return isWithheld(row, field) ? withheldCellText(row, field, m) : '—';
}

/**
 * Signed percentages of n for the diverging bar; null when it cannot be drawn
 * truthfully (nobody answered, n withheld, or withheld answers on both sides of
 * neutral, whose split cannot be known).
 */
export function divergingSegments(counts: ReadonlyArray<number | null>, n: number | null): DivergingSegments | null {
  if (n === null || n <= 0 || counts.length !== 5) return null;
  const withheld = [0, 1, 2, 3, 4].filter((k) => counts[k] === null || counts[k] === undefined);
  const left = withheld.length > 0 && withheld.every((k) => k <= 2);
  const right = !left && withheld.length > 0 && withheld.every((k) => k >= 2);
  if (withheld.length > 0 && !left && !right) return null;
  const p = (k: number) => ((counts[k] ?? 0) / n) * 100;
  const known = counts.reduce<number>((sum, c) => sum + (c ?? 0), 0);
  const rest = ((n - known) / n) * 100;
  if (rest < 0) return null;
  const neutralShown = !withheld.includes(2);
  const first = withheld[0];
  const last = withheld.at(-1);
  return {
    neutralLeft: neutralShown ? -p(2) / 2 : 0,
    disagree: -p(1),
    stronglyDisagree: -p(0),
    neutralRight: neutralShown ? p(2) / 2 : 0,
    agree: p(3),
    stronglyAgree: p(4),
    withheldLeft: left ? -rest : 0,
    withheldRight: right ? rest : 0,
    withheldAnswers: first === undefined || last === undefined ? null : first === last ? String(first + 1) : `${first + 1}–${last + 1}`,
  };
}

type ItemLike = FeedbackViewLike['items'][number];

function itemRow(it: ItemLike, m: number): ItemRow {
  const counts: Array<number | null> = [0, 1, 2, 3, 4].map((k) => it.distribution[k] ?? null);
  const c4 = counts[3];
  const c5 = counts[4];
  // a withheld rate keeps its numerator withheld too, whatever else was sent
  const top2Count = isWithheld(it, 'top2') || c4 === null || c4 === undefined || c5 === null || c5 === undefined ? null : c4 + c5;
  const label = it.item.toUpperCase();
  return {
    item: it.item,
    label,
    statement: itemStatements[it.item],
    n: it.n,
    nText: countText(it, 'n', it.n, m),
    top2: it.top2,
    top2Count,
    top2Text: shareText(it, { field: 'top2', value: it.top2 }, top2Count, it.n, m, 'no answers'),
    mean: it.mean,
    meanText: isWithheld(it, 'mean') ? withheldCellText(it, 'mean', m) : formatDecimal(it.mean),
    counts,
    countTexts: counts.map((c, k) => countText(it, `distribution.${k}`, c, m)),
    segments: divergingSegments(counts, it.n),
  };
}

type MonthLike = FeedbackViewLike['monthly'][number];

function monthRow(x: MonthLike, m: number): MonthRow {
  const c4c5 = x.top2 !== null && x.n !== null ? Math.round(x.top2 * x.n) : null;
  return {
    month: x.month,
    label: monthLabel(x.month),
    n: x.n,
    nText: countText(x, 'n', x.n, m),
    top2: x.top2,
    top2Percent: x.top2 === null ? null : x.top2 * 100,
    top2Text: shareText(x, { field: 'top2', value: x.top2 }, c4c5, x.n, m, 'no answers'),
    responses: x.responses,
    invitations: x.invitations,
    respondedInvitations: x.respondedInvitations,
    responseRate: x.responseRate,
    withheld: ['n', 'top2', 'responses', 'invitations', 'respondedInvitations', 'responseRate'].filter((f) => isWithheld(x, f)),
    complementary: ['n', 'top2', 'responses', 'invitations', 'respondedInvitations', 'responseRate'].filter((f) => isComplementary(x, f)),
    responseRateText: shareText(
      x,
      { field: 'responseRate', value: x.responseRate },
      x.respondedInvitations,
      x.invitations,
      m,
      'no invitations sent',
    ),
  };
}

type GroupLike = { responses: number | null; items: ItemLike[]; suppressed?: SuppressionMark };

function groupRow(id: string, name: string, g: GroupLike, m: number): GroupRow {
  return {
    id,
    name,
    responses: g.responses,
    responsesText: countText(g, 'responses', g.responses, m),
    items: g.items.map((it) => {
      const r = itemRow(it, m);
      const withheld = isWithheld(it, 'top2');
      return {
        item: it.item,
        top2: it.top2,
        text: withheld ? withheldCellText(it, 'top2', m) : it.n === 0 ? '—' : formatPercent(it.top2),
        detail: withheld || r.top2Count === null || r.n === null || r.n === 0 ? null : `${formatCount(r.top2Count)} ÷ ${formatCount(r.n)}`,
      };
    }),
  };
}

function groups<K extends string>(
  list: ReadonlyArray<GroupLike & Record<K, string>>,
  key: K,
  names: ReadonlyMap<string, string>,
  m: number,
): GroupRow[] {
  return list
    .map((g) => groupRow(g[key], names.get(g[key]) ?? g[key], g, m))
    .sort((a, b) => compareNames(a.name, b.name) || compareNames(a.id, b.id));
}

export interface DirectoryNames {
  programs: ReadonlyMap<string, string>;
  teams: ReadonlyMap<string, string>;
  providers: ReadonlyMap<string, string>;
}

export function mapFeedback(report: FeedbackViewLike, names: DirectoryNames): FeedbackView {
  const m = report.suppression?.minCellSize ?? defaultMinCellSize;
  return {
    from: report.from,
    to: report.to,
    settingsVersion: report.settingsVersion,
    minCellSize: m,
    withheldCells: report.suppression?.cells ?? 0,
    responses: report.responses,
    responsesText: countText(report, 'responses', report.responses, m),
    responseRate: report.responseRate,
    responseRateText: shareText(
      report,
      { field: 'responseRate', value: report.responseRate },
      report.respondedInvitations,
      report.invitations,
      m,
      'no invitations sent',
    ),
    items: report.items.map((it) => itemRow(it, m)),
    monthly: report.monthly.map((x) => monthRow(x, m)),
    byProgram: groups(report.byProgram, 'programId', names.programs, m),
    byTeam: groups(report.byTeam, 'teamId', names.teams, m),
    byProvider: groups(report.byProvider, 'providerId', names.providers, m),
  };
}

// ---------------------------------------------------------------- CSV

/** The period, the page's team and program filters and the settings version of a Standard 8 table. */
function exportName(table: string, view: FeedbackView, filters: Pick<ExportFilters, 'team' | 'program'>): CsvTable['name'] {
  return { table, date: { from: view.from, to: view.to }, filters, settingsVersion: view.settingsVersion };
}

/** A withheld cell is written "fewer than 11" in the file too, never left to look like 0. */
function cellOf(value: number | null, text: string, m: number): CsvCell {
  if (value !== null) return value;
  return withheldCsvText(text, m);
}

export function itemsCsv(view: FeedbackView, filters: Pick<ExportFilters, 'team' | 'program'>): CsvTable {
  const m = view.minCellSize;
  return {
    name: exportName('feedback-items', view, filters),
    header: [
      'from',
      'to',
      'settings_version',
      'item',
      'statement',
      'n',
      'answered_1',
      'answered_2',
      'answered_3',
      'answered_4',
      'answered_5',
      'top2_count',
      'top2',
      'mean',
    ],
    rows: view.items.map((r) => [
      view.from,
      view.to,
      view.settingsVersion,
      r.item,
      r.statement,
      cellOf(r.n, r.nText, m),
      ...r.counts.map((c, k) => cellOf(c, r.countTexts[k] ?? '', m)),
      r.top2Count,
      cellOf(r.top2, r.top2Text, m),
      cellOf(r.mean, r.meanText, m),
    ]),
  };
}

export function monthlyCsv(view: FeedbackView, filters: Pick<ExportFilters, 'team' | 'program'>): CsvTable {
  const m = view.minCellSize;
  const value = (r: MonthRow, field: string, v: number | null): CsvCell =>
    v !== null ? v : r.withheld.includes(field) ? withheldListText(r, field, m, false) : null;
  return {
    name: exportName('feedback-monthly', view, filters),
    header: ['month', 'settings_version', 'q1_n', 'q1_top2', 'responses', 'invitations_sent', 'invitations_responded', 'response_rate'],
    rows: view.monthly.map((r) => [
      r.month,
      view.settingsVersion,
      value(r, 'n', r.n),
      value(r, 'top2', r.top2),
      value(r, 'responses', r.responses),
      value(r, 'invitations', r.invitations),
      value(r, 'respondedInvitations', r.respondedInvitations),
      value(r, 'responseRate', r.responseRate),
    ]),
  };
}

export function groupsCsv(
  view: FeedbackView,
  by: 'program' | 'team' | 'provider',
  filters: Pick<ExportFilters, 'team' | 'program'>,
): CsvTable {
  const rows = by === 'program' ? view.byProgram : by === 'team' ? view.byTeam : view.byProvider;
  const m = view.minCellSize;
  const items = view.items.map((i) => i.item);
  return {
    name: exportName(`feedback-by-${by}`, view, filters),
    header: ['from', 'to', 'settings_version', `${by}_id`, `${by}_name`, 'responses', ...items.map((i) => `${i}_top2`)],
    rows: rows.map((r) => [
      view.from,
      view.to,
      view.settingsVersion,
      r.id,
      r.name,
      cellOf(r.responses, r.responsesText, m),
      ...r.items.map((it) => (it.top2 !== null ? it.top2 : withheldCsvText(it.text, m))),
    ]),
  };
}
