/**
 * Caseload standards (metrics.md "Caseload standards"): load the rows every rule reads
 * (11 periods before the first reported one, and a year more for individual runs), run
 * the pure engine. No access control (the router decides who may ask), no clock (the
 * caller gives the period).
 */
import { listPlans, loadStandard9Rows, loadTeamSupervisors, type Database, type PlanOfCorrection } from '@caseload/db';
import {
  computeStandards,
  isDateString,
  missedRunningSentences,
  periodOf,
  planCounts,
  previousPeriod,
  rulesNeedingPlan,
  standardsFirstDay,
  type PlanCounts,
  type CaseloadStandard,
  type StandardsReport,
} from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { ServiceError } from '../errors.ts';
import { cached } from './cache.ts';
import { caseloadStandardsSchema } from './settings.ts';
import { standard9Settings } from './caseload.ts';

/** Longest period a standards report covers: 10 years. */
export const MAX_STANDARDS_DAYS = 3660;

function requireDate(value: string, name: string): string {
  if (!isDateString(value)) throw new ServiceError('BAD_REQUEST', `${name} must be a date written YYYY-MM-DD (got "${value}").`);
  return value;
}

/** Rules given in place of the setting (`report standards --standards FILE`), checked as the setting is. */
export function parseStandards(value: unknown): CaseloadStandard[] {
  const parsed = caseloadStandardsSchema.safeParse(value);
  if (!parsed.success) {
    throw new ServiceError(
      'BAD_REQUEST',
      parsed.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join(' '),
    );
  }
  return parsed.data;
}

export interface StandardsInput {
  from: string;
  to: string;
  /** evaluate these rules in place of the agency's setting */
  rules?: CaseloadStandard[] | null;
}

async function standardsReportUncached(db: Kysely<Database>, agencyId: string, input: StandardsInput): Promise<StandardsReport> {
  const from = requireDate(input.from, 'from');
  const to = requireDate(input.to, 'to');
  if (to < from) throw new ServiceError('BAD_REQUEST', `The period ends (${to}) before it starts (${from}).`);
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_STANDARDS_DAYS) {
    throw new ServiceError('BAD_REQUEST', 'A standards report covers at most 10 years.');
  }
  const { settings } = await standard9Settings(db, agencyId);
  const rules = input.rules ? parseStandards(input.rules) : settings.caseloadStandards;
  const [rows, teams] = await Promise.all([
    loadStandard9Rows(db, agencyId, { from: standardsFirstDay(rules, from, to), to, contacts: 'none' }),
    loadTeamSupervisors(db, agencyId),
  ]);
  const { allTeamIds: _all, ...engine } = rows;
  return computeStandards({ ...engine, settings, rules, teams, from, to });
}

/** The standards report (interfaces.md `standards`). */
export const standardsReport = cached('standard9.standardsReport', standardsReportUncached);

/** How many of each rule's latest periods the standards page and the board report show. */
export const SUMMARY_PERIODS = 4;

export interface StandardsSummary {
  asOf: string;
  rules: CaseloadStandard[];
  /** each rule's last four periods up to asOf (the last one partial unless asOf ends it) */
  report: StandardsReport;
  plans: PlanOfCorrection[];
  planCounts: PlanCounts;
  /** rules due a plan of correction with none for the current run of misses */
  needingPlan: Array<{ ruleId: string; period: string; consecutiveMisses: number }>;
  /** one per rule missed two or more periods running */
  sentences: string[];
}

/** The plans as they stood on `asOf`: opened by then, and open unless closed by then. */
function plansOn(plans: readonly PlanOfCorrection[], asOf: string): PlanOfCorrection[] {
  return plans
    .filter((p) => p.openedOn <= asOf)
    .map((p) => (p.status === 'closed' && p.closedOn !== null && p.closedOn > asOf ? { ...p, status: 'open' as const } : p));
}

/** The standards page and the board section: rules, last periods against the limit, plans. */
export async function standardsSummary(db: Kysely<Database>, agencyId: string, input: { asOf: string }): Promise<StandardsSummary> {
  const asOf = requireDate(input.asOf, 'asOf');
  // the first day of the quarter three quarters back: four periods of every rule, monthly or quarterly
  const q = periodOf(asOf, 'quarter');
  let first = q;
  for (let i = 0; i < SUMMARY_PERIODS - 1; i++) first = previousPeriod(first, 'quarter');
  const [{ settings }, full, plans] = await Promise.all([
    standard9Settings(db, agencyId),
    standardsReport(db, agencyId, { from: first.start, to: asOf }),
    listPlans(db, agencyId),
  ]);
  const report: StandardsReport = { ...full, standards: full.standards.map((s) => ({ ...s, periods: s.periods.slice(-SUMMARY_PERIODS) })) };
  return {
    asOf,
    rules: settings.caseloadStandards,
    report,
    plans,
    planCounts: planCounts(plansOn(plans, asOf), asOf),
    needingPlan: rulesNeedingPlan(full, plans),
    sentences: missedRunningSentences(full, settings.caseloadStandards),
  };
}
