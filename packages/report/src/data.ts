/**
 * The board report's figures, named and laid out once: the headline labels the document
 * prints, and the board-data export (every figure, current and previous, its change and
 * whether it was withheld) that funders' templates read as JSON or CSV. Pure.
 */
import type { BoardReport, HeadlineKey } from '@caseload/api';
import { type BoardFigure, displayedValue, type FigureKind, formatFigure, type StandardKind } from '@caseload/metrics';
import { STANDARD_KIND_LABEL, standardRuleText, standardValueText } from './standardsText.ts';

export type Standard = 'Standard 9: caseload' | 'Standard 8: quality';

export interface HeadlineDef {
  key: HeadlineKey;
  label: string;
  standard: Standard;
}

/** The headline figures in the order of the executive summary, by standard. */
export const HEADLINES: readonly HeadlineDef[] = [
  { key: 'averageLoadRatio', label: 'Weighted caseload, average of month ends', standard: 'Standard 9: caseload' },
  { key: 'loadRatio', label: 'Weighted caseload at period end', standard: 'Standard 9: caseload' },
  { key: 'staffOverCapacity', label: 'Case managers over capacity at period end', standard: 'Standard 9: caseload' },
  { key: 'teamsOverAllPeriod', label: 'Teams over capacity at every month end', standard: 'Standard 9: caseload' },
  { key: 'contactRate', label: 'Clients contacted on time', standard: 'Standard 9: caseload' },
  { key: 'reassessRate', label: 'Reassessments on time', standard: 'Standard 9: caseload' },
  { key: 'satisfaction', label: 'Client satisfaction (overall, rated 4 or 5)', standard: 'Standard 8: quality' },
  { key: 'responseRate', label: 'Survey response rate', standard: 'Standard 8: quality' },
  { key: 'goalAttainment', label: 'Care plan goals met', standard: 'Standard 8: quality' },
  { key: 'timeToServiceMedianDays', label: 'Median time from referral to service', standard: 'Standard 8: quality' },
  { key: 'serviceWithin30Rate', label: 'Services started within 30 days of referral', standard: 'Standard 8: quality' },
  { key: 'actionsOpen', label: 'Corrective actions open at period end', standard: 'Standard 8: quality' },
  { key: 'actionsOverdue', label: 'Corrective actions overdue at period end', standard: 'Standard 8: quality' },
];

/** The words shown in place of a withheld value (the dashboard's wording): "fewer than 11". */
export function withheldText(minCellSize: number): string {
  return `fewer than ${minCellSize}`;
}

/**
 * Why a value is withheld: false (it is shown), true (it rests on fewer than
 * minCellSize people: "fewer than 11") or 'complementary' (it is not small itself but
 * withheld so that a small one cannot be worked out from it).
 */
export type Withheld = boolean | 'complementary';

/** The words for a value withheld for another's sake; `short` is the table cell's label, explained by COMPLEMENTARY_NOTE. */
export function complementaryText(short = false): string {
  return short ? 'withheld †' : 'withheld so a small number cannot be worked out';
}

/** The footnote under a table whose cells use the short label. */
export const COMPLEMENTARY_NOTE = '† withheld so a small number cannot be worked out from it: the figure itself is not small.';

/** Why the cell `key` of a row with `suppressed` and `complementary` marks is withheld. */
export function withheldWhy(
  row: { suppressed?: Partial<Record<string, true>>; complementary?: Partial<Record<string, true>> },
  key: string,
): Withheld {
  if (row.suppressed?.[key] !== true) return false;
  return row.complementary?.[key] === true ? 'complementary' : true;
}

/** A headline figure's side as a Withheld. */
export function figureWithheld(f: BoardFigure, side: 'current' | 'previous'): Withheld {
  if (side === 'current') return f.currentSuppressed ? (f.currentComplementary ? 'complementary' : true) : false;
  return f.previousSuppressed ? (f.previousComplementary ? 'complementary' : true) : false;
}

/**
 * A value as shown: "104%", "3", "12.5 days", "fewer than 11" when withheld for its own
 * size, the complementary words when withheld for another's, "—" when there is none.
 */
export function shownValue(value: number | null, kind: FigureKind, withheld: Withheld, minCellSize: number, short = false): string {
  if (withheld === 'complementary') return complementaryText(short);
  if (withheld) return withheldText(minCellSize);
  if (value === null || !Number.isFinite(value)) return '—';
  return formatFigure(value, kind);
}

/**
 * Which way a headline figure should move for the standard: up (contacts and
 * reassessments on time, satisfaction, responses, goals met, services within 30 days),
 * down (people and teams over capacity, time to service, overdue actions), 'load' (a
 * weighted caseload: lower is better while it is above capacity, higher is worse once it
 * is above; within capacity either way is neither), or null (open corrective actions:
 * more can mean more problems or more found — no verdict).
 */
export const BETTER_WHEN: Record<HeadlineKey, 'up' | 'down' | 'load' | null> = {
  averageLoadRatio: 'load',
  loadRatio: 'load',
  staffOverCapacity: 'down',
  teamsOverAllPeriod: 'down',
  contactRate: 'up',
  reassessRate: 'up',
  satisfaction: 'up',
  responseRate: 'up',
  goalAttainment: 'up',
  timeToServiceMedianDays: 'down',
  serviceWithin30Rate: 'up',
  actionsOpen: null,
  actionsOverdue: 'down',
};

/**
 * Whether a headline figure's change is better or worse for the standard, in a word
 * (read without colour); null when there is no change, no comparison, or no verdict.
 */
export function changeVerdict(key: HeadlineKey, figure: BoardFigure): 'better' | 'worse' | null {
  const rule = BETTER_WHEN[key];
  if (rule === null || figure.change === null || figure.change === 'unchanged') return null;
  if (rule === 'load') {
    if (figure.current === null || figure.previous === null) return null;
    const over = (v: number) => displayedValue(v, figure.kind) > 100;
    if (figure.change === 'down' && over(figure.previous)) return 'better';
    if (figure.change === 'up' && over(figure.current)) return 'worse';
    return null;
  }
  return figure.change === rule ? 'better' : 'worse';
}

/** The change as shown: "up 7 points", "down 2", "unchanged"; "—" when there is no comparison. */
export function shownChange(figure: BoardFigure): string {
  if (figure.change === null || figure.current === null || figure.previous === null) return '—';
  if (figure.change === 'unchanged') return 'unchanged';
  const { kind } = figure;
  const diff = Math.abs(
    kind === 'rate' || kind === 'ratio'
      ? Math.round(figure.current * 100) - Math.round(figure.previous * 100)
      : kind === 'days'
        ? Math.round(figure.current * 10) / 10 - Math.round(figure.previous * 10) / 10
        : Math.round(figure.current) - Math.round(figure.previous),
  );
  const amount =
    kind === 'rate' || kind === 'ratio'
      ? `${diff} ${diff === 1 ? 'point' : 'points'}`
      : kind === 'days'
        ? `${Math.round(diff * 10) / 10} ${diff === 1 ? 'day' : 'days'}`
        : String(diff);
  return `${figure.change} ${amount}`;
}

/** One figure of the board-data export. */
export interface BoardDataRow {
  /** 'headline', 'team', 'trend', 'loadComplianceFit', 'standard' (a caseload standard's period) or 'plans' (plans of correction) */
  section: 'headline' | 'team' | 'trend' | 'loadComplianceFit' | 'standard' | 'plans';
  /** the figure's name in the API (loadRatio, contactRate, …) */
  figure: string;
  label: string;
  /** the team's name, the month ('YYYY-MM'), or the month and team ("2026-07 North") */
  group: string;
  /**
   * ratio and rate are shares (1.04 = 104%); count; days; coefficient (slope, intercept,
   * r); clients_per_fte (a standard's average); flag (1 yes, 0 no: a standard missed)
   */
  unit: FigureKind | 'coefficient' | 'clients_per_fte' | 'flag';
  current: number | null;
  currentShown: string;
  currentWithheld: boolean;
  /** previous-period values exist for the headline figures only */
  previous: number | null;
  previousShown: string;
  previousWithheld: boolean;
  change: 'up' | 'down' | 'unchanged' | null;
}

export interface BoardData {
  report: 'board';
  agency: string | null;
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  settingsVersion: number;
  minCellSize: number;
  /** every figure of the report */
  figures: BoardDataRow[];
  sentences: string[];
}

const noPrevious = { previous: null, previousShown: '', previousWithheld: false, change: null } as const;

/** Every figure of the report, current and previous, with its change and withheld marks. */
export function boardData(report: BoardReport, agencyName: string | null = null): BoardData {
  const m = report.minCellSize;
  const figures: BoardDataRow[] = [];
  for (const h of HEADLINES) {
    const f = report.headline[h.key];
    figures.push({
      section: 'headline',
      figure: h.key,
      label: h.label,
      group: '',
      unit: f.kind,
      current: f.currentSuppressed ? null : f.current,
      currentShown: shownValue(f.current, f.kind, figureWithheld(f, 'current'), m),
      currentWithheld: f.currentSuppressed,
      previous: f.previousSuppressed ? null : f.previous,
      previousShown: shownValue(f.previous, f.kind, figureWithheld(f, 'previous'), m),
      previousWithheld: f.previousSuppressed,
      change: f.change,
    });
  }
  const teamFigures = [
    ['loadRatio', 'Weighted caseload (% of capacity)', 'ratio'],
    ['contactRate', 'Clients contacted on time', 'rate'],
    ['reassessRate', 'Reassessments on time', 'rate'],
  ] as const;
  for (const t of report.teams) {
    for (const [figure, label, unit] of teamFigures) {
      const why = withheldWhy(t, figure);
      const withheld = why !== false;
      figures.push({
        section: 'team',
        figure,
        label: `${label} at ${report.to}`,
        group: t.name,
        unit,
        current: withheld ? null : t[figure],
        currentShown: shownValue(t[figure], unit, why, m),
        currentWithheld: withheld,
        ...noPrevious,
      });
    }
  }
  for (const month of report.trend) {
    const row = (
      figure: string,
      label: string,
      group: string,
      unit: FigureKind,
      value: number | null,
      withheld: Withheld,
    ): BoardDataRow => ({
      section: 'trend',
      figure,
      label,
      group,
      unit,
      current: withheld ? null : value,
      currentShown: shownValue(value, unit, withheld, m),
      currentWithheld: withheld !== false,
      ...noPrevious,
    });
    figures.push(
      row(
        'loadRatio',
        `Agency weighted caseload at ${month.asOf} (% of capacity)`,
        month.month,
        'ratio',
        month.loadRatio,
        withheldWhy(month, 'loadRatio'),
      ),
    );
    for (const t of month.teams) {
      figures.push(
        row(
          'teamLoadRatio',
          `Team weighted caseload at ${month.asOf} (% of capacity)`,
          `${month.month} ${t.name}`,
          'ratio',
          t.loadRatio,
          withheldWhy(t, 'loadRatio'),
        ),
      );
    }
    figures.push(
      row(
        'satisfaction',
        'Client satisfaction in the month (rated 4 or 5)',
        month.month,
        'rate',
        month.satisfaction,
        withheldWhy(month, 'satisfaction'),
      ),
    );
    figures.push(
      row(
        'satisfactionN',
        'Satisfaction answers in the month',
        month.month,
        'count',
        month.satisfactionN,
        withheldWhy(month, 'satisfactionN'),
      ),
    );
  }
  const fit = report.loadComplianceFit;
  for (const key of ['n', 'slope', 'intercept', 'r'] as const) {
    const withheld = key !== 'n' && fit.suppressed[key] === true;
    const value = fit[key];
    figures.push({
      section: 'loadComplianceFit',
      figure: key,
      label: key === 'n' ? `Case managers in the fit at ${report.to}` : `Load versus contacts on time: ${key}`,
      group: '',
      unit: key === 'n' ? 'count' : 'coefficient',
      current: withheld ? null : value,
      currentShown: withheld
        ? withheldText(m)
        : value === null
          ? '—'
          : key === 'n'
            ? String(value)
            : String(Math.round(value * 1000) / 1000),
      currentWithheld: withheld,
      ...noPrevious,
    });
  }
  figures.push(...standardsFigures(report));
  return {
    report: 'board',
    agency: agencyName,
    from: report.from,
    to: report.to,
    previousFrom: report.previous.from,
    previousTo: report.previous.to,
    settingsVersion: report.settingsVersion,
    minCellSize: m,
    figures,
    // the standards section's sentences follow the headline's, as in the document
    sentences: [...report.sentences, ...(report.standards?.sentences ?? [])],
  };
}

const STANDARD_UNIT: Record<StandardKind, BoardDataRow['unit']> = {
  average_ratio: 'clients_per_fte',
  individual_max: 'days',
  load_ratio: 'ratio',
  supervisor_span: 'count',
};

/**
 * The caseload standards section as figures, as the document prints it: per rule and
 * period its value (withheld as the document withholds it), whether it was missed and
 * how many in a row, and for the kinds that count staff or teams how many were over the
 * limit — counts only, never who; then the plans of correction open, due soon, overdue
 * and the standards due a plan with none.
 */
function standardsFigures(report: BoardReport): BoardDataRow[] {
  const s = report.standards;
  if (!s) return [];
  const m = report.minCellSize;
  const out: BoardDataRow[] = [];
  const row = (r: Omit<BoardDataRow, 'currentWithheld' | keyof typeof noPrevious> & { currentWithheld?: boolean }): BoardDataRow => ({
    currentWithheld: false,
    ...r,
    ...noPrevious,
  });
  for (const rule of s.standards) {
    const about = `${rule.label} (${STANDARD_KIND_LABEL[rule.kind]}; ${standardRuleText({ kind: rule.kind, limit: rule.limit })})`;
    for (const p of rule.periods) {
      out.push(
        row({
          section: 'standard',
          figure: 'value',
          label: `${about}: value`,
          group: `${p.period} ${rule.id}`,
          unit: STANDARD_UNIT[rule.kind],
          current: p.valueSuppressed ? null : p.value,
          currentShown: p.valueSuppressed ? withheldText(m) : standardValueText(rule.kind, p.value),
          currentWithheld: p.valueSuppressed,
        }),
        row({
          section: 'standard',
          figure: 'missed',
          label: `${about}: missed`,
          group: `${p.period} ${rule.id}`,
          unit: 'flag',
          current: p.missed ? 1 : 0,
          currentShown: p.missed ? 'Missed' : 'Met',
        }),
        row({
          section: 'standard',
          figure: 'consecutiveMisses',
          label: `${about}: periods missed in a row`,
          group: `${p.period} ${rule.id}`,
          unit: 'count',
          current: p.consecutiveMisses,
          currentShown: String(p.consecutiveMisses),
        }),
      );
      if (rule.kind === 'individual_max' || rule.kind === 'supervisor_span') {
        out.push(
          row({
            section: 'standard',
            figure: 'overCount',
            label: `${about}: ${rule.kind === 'individual_max' ? 'staff' : 'teams'} over the limit`,
            group: `${p.period} ${rule.id}`,
            unit: 'count',
            current: p.overCount,
            currentShown: String(p.overCount),
          }),
        );
      }
    }
  }
  const c = s.planCounts;
  const plans = [
    ['open', 'Plans of correction open', c.open],
    ['dueSoon', 'Plans of correction due within 30 days', c.dueSoon],
    ['overdue', 'Plans of correction overdue', c.overdue],
    ['needingPlan', 'Standards due a plan of correction with none written', s.needingPlan],
  ] as const;
  for (const [figure, label, value] of plans) {
    out.push(
      row({
        section: 'plans',
        figure,
        label: `${label} on ${s.asOf}`,
        group: '',
        unit: 'count',
        current: value,
        currentShown: String(value),
      }),
    );
  }
  return out;
}

/**
 * The export's file name without extension, in the dashboard's export naming (table,
 * period, settings version): board-data_from-2026-07-01_to-2026-09-30_settings-v3.
 */
export function boardDataFileStem(report: Pick<BoardReport, 'from' | 'to' | 'settingsVersion'>): string {
  return `board-data_from-${report.from}_to-${report.to}_settings-v${report.settingsVersion}`;
}

export const BOARD_DATA_CSV_HEADER = [
  'section',
  'figure',
  'label',
  'team_or_month',
  'unit',
  'current',
  'current_shown',
  'current_withheld',
  'previous',
  'previous_shown',
  'previous_withheld',
  'change',
  'period_from',
  'period_to',
  'previous_from',
  'previous_to',
  'settings_version',
] as const;

/** The board-data CSV's rows (cells: string, number or null for empty), in BOARD_DATA_CSV_HEADER order. */
export function boardDataCsvRows(data: BoardData): Array<Array<string | number | null>> {
  return data.figures.map((f) => [
    f.section,
    f.figure,
    f.label,
    f.group,
    f.unit,
    f.current,
    f.currentShown,
    f.currentWithheld ? 'yes' : 'no',
    f.previous,
    f.previousShown,
    f.section === 'headline' ? (f.previousWithheld ? 'yes' : 'no') : '',
    f.change ?? '',
    data.from,
    data.to,
    data.previousFrom,
    data.previousTo,
    data.settingsVersion,
  ]);
}
