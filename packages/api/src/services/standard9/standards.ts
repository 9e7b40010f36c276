/**
 * Caseload standards (metrics.md "Caseload standards"): load the rows every rule reads
 * (11 periods before the first reported one, and a year more for individual runs), run
 * the pure engine. No access control (the router decides who may ask), no clock (the
 * caller gives the period).
 */
import { loadStandard9Rows, loadTeamSupervisors, type Database } from '@caseload/db';
import {
  computeStandards,
  isDateString,
  standardsFirstDay,
  type CaseloadStandard,
  type StandardsReport,
} from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { ServiceError } from '../../errors.ts';
import { cached } from '../cache.ts';
import { caseloadStandardsSchema } from '../settings.ts';
import { standard9Settings } from './index.ts';

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
