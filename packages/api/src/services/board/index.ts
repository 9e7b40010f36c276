/**
 * The board report: the headline figures of Standards 8 and 9 for a period and
 * the previous period, each with its change, the teams' figures sorted by team name,
 * the load-versus-compliance fit, and plain-language sentences built from the numbers.
 *
 * It composes the existing services and always applies the board's small-cell
 * suppression (shapeCaseload / shapeCompliance / shapeTrend with the board scope, the
 * Standard 8 reports with `suppress: true`), whoever asks. It names no staff member and
 * no client: only agency and team figures leave this function.
 *
 * The previous period: when the period is whole calendar months (a quarter, a federal
 * fiscal year October–September, any run of months), the same number of calendar months
 * ending the day before `from`; otherwise the same number of days ending the day before.
 */
import type { FeedbackReport, PlanCounts, Suppressible } from '@caseload/metrics';
import { shapeStandards, type StandardsView } from '../../shaping/standards.ts';
import { standardsSummary } from '../standards.ts';
import { type Database, loadFeedbackTallies } from '@caseload/db';
import {
  type BoardFigure,
  boardFigure,
  type FigureKind,
  figureSentence,
  feedbackReportFromTallies,
  isStandard8Date,
  previousPeriodOfSameLength,
  suppressFeedbackSatisfaction,
  type SentenceOptions,
  teamsOverSentence,
} from '@caseload/metrics';
import type { StaffingNeed } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import type { Scope } from '../../access.ts';
import { ServiceError } from '../../errors.ts';
import { type LoadComplianceFitView } from '../../shaping/suppression.ts';
import { shapeCaseload, shapeCompliance } from '../../shaping/reports.ts';
import { shapeTrend, type TrendMonthView, trendWithClients } from '../../shaping/trend.ts';
import { caseloadReport, standard9Settings } from '../caseload.ts';
import { complianceReport } from '../compliance.ts';
import { scopeOf } from '../evaluation.ts';
import { outcomesReport } from '../outcomes.ts';
import { qaReport } from '../qa.ts';
import { cached } from '../cache.ts';

export interface Period {
  from: string;
  to: string;
}

/** The period of the same length before `period` (the comparison of every board figure). */
export function previousPeriod(period: Period): Period {
  return previousPeriodOfSameLength(period);
}

/** The headline figures, in the order the sentences follow. */
export interface BoardHeadline {
  averageLoadRatio: BoardFigure;
  loadRatio: BoardFigure;
  staffOverCapacity: BoardFigure;
  teamsOverAllPeriod: BoardFigure;
  contactRate: BoardFigure;
  reassessRate: BoardFigure;
  satisfaction: BoardFigure;
  responseRate: BoardFigure;
  goalAttainment: BoardFigure;
  timeToServiceMedianDays: BoardFigure;
  serviceWithin30Rate: BoardFigure;
  actionsOpen: BoardFigure;
  actionsOverdue: BoardFigure;
}
export type HeadlineKey = keyof BoardHeadline;

export interface BoardTeam {
  teamId: string;
  name: string;
  loadRatio: number | null;
  contactRate: number | null;
  reassessRate: number | null;
  suppressed: Partial<Record<'loadRatio' | 'contactRate' | 'reassessRate', true>>;
  /** the withheld cells that are not small themselves (withheld so a small one cannot be worked out) */
  complementary?: Partial<Record<'loadRatio' | 'contactRate' | 'reassessRate', true>>;
}

/** One team's load at one month end of the trend (board-suppressed). */
export interface BoardTrendTeam {
  teamId: string;
  name: string;
  loadRatio: number | null;
  suppressed: Partial<Record<'loadRatio', true>>;
  complementary?: Partial<Record<'loadRatio', true>>;
}

/**
 * One month of the trend charts: the agency's weighted load ratio and each team's at the
 * month end (the caseload trend, board-suppressed), and client satisfaction (q1 rated 4
 * or 5) with its n over the month (the feedback report's monthly series, suppressed).
 * A withheld value is null and marked in `suppressed`.
 */
export interface BoardTrendMonth {
  /** 'YYYY-MM' */
  month: string;
  /** the month end, or the period's end for a partial last month */
  asOf: string;
  loadRatio: number | null;
  /** every team of the period, sorted by team name (null when the team had no figure that month) */
  teams: BoardTrendTeam[];
  satisfaction: number | null;
  satisfactionN: number | null;
  suppressed: Partial<Record<'loadRatio' | 'satisfaction' | 'satisfactionN', true>>;
  complementary?: Partial<Record<'loadRatio' | 'satisfaction' | 'satisfactionN', true>>;
}

export interface BoardReport {
  from: string;
  to: string;
  previous: Period;
  settingsVersion: number;
  minCellSize: number;
  headline: BoardHeadline;
  /** teams at `to`, sorted by team name */
  teams: BoardTeam[];
  /** the load-versus-compliance fit at `to` (board-suppressed) */
  loadComplianceFit: LoadComplianceFitView;
  /** one sentence per headline figure, in the order of `headline` */
  sentences: string[];
  /** the period's months, for the trend charts */
  trend: BoardTrendMonth[];
  /**
   * Caseload standards (metrics.md): each rule's last four periods up to `to` against its
   * limit, plans of correction open / due soon / overdue on `to`, and a sentence per rule
   * missed two periods running. Counts only: never who is over a limit, never the plans' text.
   */
  standards?: BoardStandardsSection;
  /** the optional "Staffing need" section: a saved forecast scenario as of `to` */
  staffingNeed?: StaffingNeed;
}

export interface BoardStandardsSection {
  asOf: string;
  standards: StandardsView['standards'];
  planCounts: PlanCounts;
  /** rules due a plan of correction with none for their current run of misses */
  needingPlan: number;
  sentences: string[];
}

/** The board report's standards section on `to` (not kept with the report: plans change without an import). */
export async function boardStandardsSection(db: Kysely<Database>, agencyId: string, to: string): Promise<BoardStandardsSection> {
  const [summary, { settings }] = await Promise.all([standardsSummary(db, agencyId, { asOf: to }), standard9Settings(db, agencyId)]);
  const view = shapeStandards(summary.report, { kind: 'board', agencyId }, settings.minCellSize);
  return {
    asOf: to,
    standards: view.standards,
    planCounts: summary.planCounts,
    needingPlan: summary.needingPlan.length,
    sentences: summary.sentences,
  };
}

/** One side of the comparison: every headline value and whether it was withheld. */
type Side = Record<HeadlineKey, Picked>;
interface Picked {
  value: number | null;
  suppressed: boolean;
  /** withheld although not small itself (complementary suppression) */
  complementary?: boolean;
}

const KINDS: Record<HeadlineKey, FigureKind> = {
  averageLoadRatio: 'ratio',
  loadRatio: 'ratio',
  staffOverCapacity: 'count',
  teamsOverAllPeriod: 'count',
  contactRate: 'rate',
  reassessRate: 'rate',
  satisfaction: 'rate',
  responseRate: 'rate',
  goalAttainment: 'rate',
  timeToServiceMedianDays: 'days',
  serviceWithin30Rate: 'rate',
  actionsOpen: 'count',
  actionsOverdue: 'count',
};

/** The words of each headline figure's sentence. */
export const BOARD_SENTENCE_WORDS: Record<Exclude<HeadlineKey, 'teamsOverAllPeriod'>, SentenceOptions> = {
  averageLoadRatio: { label: 'Weighted caseload', verb: 'averaged', suffix: 'of capacity at month ends' },
  loadRatio: { label: 'Weighted caseload at the end of the period', verb: 'stood at', suffix: 'of capacity' },
  staffOverCapacity: { label: 'The number of case managers over capacity at the end of the period', verb: 'was' },
  contactRate: { label: 'Clients contacted on time', verb: 'were', suffix: 'of those due' },
  reassessRate: { label: 'Reassessments on time', verb: 'were', suffix: 'of those due' },
  satisfaction: { label: 'Client satisfaction (overall, rated 4 or 5)', verb: 'was' },
  responseRate: { label: 'The survey response rate', verb: 'was' },
  goalAttainment: { label: 'Care plan goals met', verb: 'were', suffix: 'of goals closed' },
  timeToServiceMedianDays: { label: 'The median time from referral to service', verb: 'was' },
  serviceWithin30Rate: { label: 'Services started within 30 days of referral', verb: 'were' },
  actionsOpen: { label: 'Corrective actions open at the end of the period', verb: 'numbered' },
  actionsOverdue: { label: 'Corrective actions overdue at the end of the period', verb: 'numbered' },
};

/** true when the value at `path` under `root` is marked in any enclosing `suppressed` (or `complementary`) map. */
function marked(root: unknown, path: readonly string[], map: 'suppressed' | 'complementary' = 'suppressed'): boolean {
  let container: unknown = root;
  for (let i = 0; i < path.length; i += 1) {
    if (container === null || typeof container !== 'object') return false;
    const marks = (container as Record<string, Record<string, true> | undefined>)[map];
    if (marks?.[path.slice(i).join('.')]) return true;
    container = (container as Record<string, unknown>)[path[i] as string];
  }
  return false;
}

function pick(root: unknown, path: readonly string[]): Picked {
  let v: unknown = root;
  for (const seg of path) v = v === null || typeof v !== 'object' ? undefined : (v as Record<string, unknown>)[seg];
  const suppressed = marked(root, path);
  const out: Picked = { value: suppressed || typeof v !== 'number' ? null : v, suppressed };
  if (suppressed && marked(root, path, 'complementary')) out.complementary = true;
  return out;
}

/**
 * The feedback figures the board reads (satisfaction, its monthly series, the response
 * rate), withheld exactly as the board's feedback report withholds them
 * (suppressFeedbackSatisfaction: the report kept to q1, which no other item's values
 * can give away).
 */
async function boardFeedback(db: Kysely<Database>, agencyId: string, period: Period, minCellSize: number) {
  const scope = scopeOf(period);
  const report = feedbackReportFromTallies(scope.from, scope.to, await loadFeedbackTallies(db, agencyId, scope));
  return suppressFeedbackSatisfaction(report, minCellSize);
}

async function side(db: Kysely<Database>, agencyId: string, period: Period, minCellSize: number) {
  const scope: Scope = { kind: 'board', agencyId };
  const [caseload, compliance, { trend, clients }, feedback, outcomes, qa] = await Promise.all([
    caseloadReport(db, agencyId, { asOf: period.to }),
    complianceReport(db, agencyId, { asOf: period.to }),
    // the trend and the client counts its suppression needs, from one read of the month-end figures
    trendWithClients(db, agencyId, { ...period, teamIds: null, programIds: null }),
    boardFeedback(db, agencyId, period, minCellSize),
    outcomesReport(db, agencyId, { ...period, suppress: true }),
    qaReport(db, agencyId, { ...period, suppress: true }),
  ]);
  const load = shapeCaseload(caseload, scope, minCellSize);
  const comp = shapeCompliance(compliance, scope, minCellSize);
  const months = shapeTrend(trend, scope, minCellSize, clients).months;

  // average of the month-end agency load ratios; withheld if any month's is withheld
  const monthRatios = months.map((m) => m.agency);
  const avgSuppressed = monthRatios.some((a) => a === null || a.suppressed.loadRatio === true);
  // the average is small-withheld when any month's ratio is; complementary when every withheld month's is
  const avgComplementary =
    avgSuppressed && monthRatios.every((a) => a !== null && (a.suppressed.loadRatio !== true || a.complementary?.loadRatio === true));
  const ratios = monthRatios.map((a) => a?.loadRatio ?? null).filter((r): r is number => r !== null);
  const averageLoadRatio = avgSuppressed || ratios.length === 0 ? null : ratios.reduce((s, r) => s + r, 0) / ratios.length;

  // teams over capacity (load ratio > 1.00) at every month end; a team withheld in any month is not counted
  let teamsOver = 0;
  let teamsWithheld = 0;
  for (const teamId of new Set(months.flatMap((m) => m.teams.map((t) => t.teamId)))) {
    const rows = months.map((m) => m.teams.find((t) => t.teamId === teamId));
    if (rows.some((t) => !t || t.suppressed.loadRatio === true)) {
      teamsWithheld += 1;
      continue;
    }
    if (rows.every((t) => t !== undefined && t.loadRatio !== null && t.loadRatio > 1)) teamsOver += 1;
  }

  const q1 = feedback.items.findIndex((i) => i.item === 'q1');
  const values: Side = {
    averageLoadRatio: { value: averageLoadRatio, suppressed: avgSuppressed, complementary: avgComplementary },
    loadRatio: pick(load.agency, ['loadRatio']),
    staffOverCapacity: pick(load.agency, ['overCount']),
    teamsOverAllPeriod: { value: teamsOver, suppressed: false },
    contactRate: pick(comp.agency, ['contactRate']),
    reassessRate: pick(comp.agency, ['reassessRate']),
    satisfaction: q1 < 0 ? { value: null, suppressed: false } : pick(feedback, ['items', String(q1), 'top2']),
    responseRate: pick(feedback, ['responseRate']),
    goalAttainment: pick(outcomes, ['goals', 'attainmentRate']),
    timeToServiceMedianDays: pick(outcomes, ['timeToService', 'medianDays']),
    serviceWithin30Rate: pick(outcomes, ['timeToService', 'within30Rate']),
    actionsOpen: pick(qa, ['actions', 'open']),
    actionsOverdue: pick(qa, ['actions', 'overdue']),
  };
  return { values, load, comp, teamsWithheld, months, feedback };
}

const byName = (a: { name: string; teamId: string }, b: { name: string; teamId: string }) =>
  a.name.localeCompare(b.name, 'en') || (a.teamId < b.teamId ? -1 : a.teamId > b.teamId ? 1 : 0);

/** The trend charts' months from the board-shaped caseload trend and the suppressed feedback report. */
function boardTrend(months: TrendMonthView[], feedback: Suppressible<FeedbackReport>, nameOf: Map<string, string>): BoardTrendMonth[] {
  const teamIds = [...new Set(months.flatMap((m) => m.teams.map((t) => t.teamId)))];
  const teams = teamIds.map((teamId) => ({ teamId, name: nameOf.get(teamId) ?? teamId })).sort(byName);
  return months.map((m) => {
    const i = feedback.monthly.findIndex((x) => x.month === m.month);
    const top2 = i < 0 ? { value: null, suppressed: false } : pick(feedback, ['monthly', String(i), 'top2']);
    const n = i < 0 ? { value: null, suppressed: false } : pick(feedback, ['monthly', String(i), 'n']);
    const agency = m.agency ? pick(m.agency, ['loadRatio']) : { value: null, suppressed: false };
    const suppressed: BoardTrendMonth['suppressed'] = {};
    const complementary: NonNullable<BoardTrendMonth['complementary']> = {};
    if (agency.suppressed) suppressed.loadRatio = true;
    if (top2.suppressed) suppressed.satisfaction = true;
    if (n.suppressed) suppressed.satisfactionN = true;
    if (agency.complementary) complementary.loadRatio = true;
    if (top2.complementary) complementary.satisfaction = true;
    if (n.complementary) complementary.satisfactionN = true;
    return {
      month: m.month,
      asOf: m.asOf,
      loadRatio: agency.value,
      teams: teams.map(({ teamId, name }) => {
        const row = m.teams.find((t) => t.teamId === teamId);
        const load = row ? pick(row, ['loadRatio']) : { value: null, suppressed: false };
        return {
          teamId,
          name,
          loadRatio: load.value,
          suppressed: load.suppressed ? { loadRatio: true as const } : {},
          ...(load.complementary ? { complementary: { loadRatio: true as const } } : {}),
        };
      }),
      satisfaction: top2.value,
      satisfactionN: n.value,
      suppressed,
      ...(Object.keys(complementary).length > 0 ? { complementary } : {}),
    };
  });
}

/** The board report for [from, to] and the previous period; board suppression always applies. */
async function boardReportUncached(db: Kysely<Database>, agencyId: string, period: Period): Promise<BoardReport> {
  const { from, to } = period;
  if (!isStandard8Date(from))
    throw new ServiceError('BAD_REQUEST', `"from" must be a date written YYYY-MM-DD (got ${JSON.stringify(from)}).`);
  if (!isStandard8Date(to)) throw new ServiceError('BAD_REQUEST', `"to" must be a date written YYYY-MM-DD (got ${JSON.stringify(to)}).`);
  if (to < from) throw new ServiceError('BAD_REQUEST', `The period ends (${to}) before it starts (${from}).`);
  const previous = previousPeriod({ from, to });
  const { settings, version } = await standard9Settings(db, agencyId);
  const minCellSize = settings.minCellSize;
  // the two periods share nothing: the database answers one side's queries while the other's figures are computed
  const [now, before] = await Promise.all([side(db, agencyId, { from, to }, minCellSize), side(db, agencyId, previous, minCellSize)]);

  const keys = Object.keys(KINDS) as HeadlineKey[];
  const headline = Object.fromEntries(
    keys.map((k) => [
      k,
      boardFigure(KINDS[k], now.values[k].value, before.values[k].value, now.values[k].suppressed, before.values[k].suppressed, {
        current: now.values[k].complementary === true,
        previous: before.values[k].complementary === true,
      }),
    ]),
  ) as unknown as BoardHeadline;
  const sentences = keys.map((k) =>
    k === 'teamsOverAllPeriod'
      ? teamsOverSentence(headline.teamsOverAllPeriod, now.teamsWithheld)
      : figureSentence(headline[k], BOARD_SENTENCE_WORDS[k]),
  );

  const names = await db.selectFrom('teams').select(['team_id', 'name']).where('agency_id', '=', agencyId).execute();
  const nameOf = new Map(names.map((t) => [t.team_id, t.name]));
  const teams: BoardTeam[] = now.load.teams
    .map((t) => {
      const c = now.comp.teams.find((x) => x.teamId === t.teamId);
      const suppressed: BoardTeam['suppressed'] = {};
      if (t.suppressed.loadRatio) suppressed.loadRatio = true;
      if (!c || c.suppressed.contactRate) suppressed.contactRate = true;
      if (!c || c.suppressed.reassessRate) suppressed.reassessRate = true;
      const complementary: NonNullable<BoardTeam['complementary']> = {};
      if (t.complementary?.loadRatio) complementary.loadRatio = true;
      if (c?.complementary?.contactRate) complementary.contactRate = true;
      if (c?.complementary?.reassessRate) complementary.reassessRate = true;
      return {
        teamId: t.teamId,
        name: nameOf.get(t.teamId) ?? t.teamId,
        loadRatio: suppressed.loadRatio ? null : t.loadRatio,
        contactRate: suppressed.contactRate ? null : (c?.contactRate ?? null),
        reassessRate: suppressed.reassessRate ? null : (c?.reassessRate ?? null),
        suppressed,
        ...(Object.keys(complementary).length > 0 ? { complementary } : {}),
      };
    })
    .sort(byName);

  if (!now.comp.loadComplianceFit) throw new Error('boardReport: the board view has a load-compliance fit');
  return {
    from,
    to,
    previous,
    settingsVersion: version,
    minCellSize,
    headline,
    teams,
    loadComplianceFit: now.comp.loadComplianceFit,
    sentences,
    trend: boardTrend(now.months, now.feedback, nameOf),
  };
}

/**
 * The board report for [from, to] and the previous period; board suppression always
 * applies. Kept per data and settings version when the handle has a result cache.
 */
export const boardReport = cached('board.boardReport', boardReportUncached);

/** The board report with its caseload standards section (what the board page, the PDF and the CLI show). */
export async function boardReportWithStandards(db: Kysely<Database>, agencyId: string, period: Period): Promise<BoardReport> {
  const [report, standards] = await Promise.all([boardReport(db, agencyId, period), boardStandardsSection(db, agencyId, period.to)]);
  return { ...report, standards };
}
