/**
 * What the evaluation and quality-assurance services (Standard 8: feedback.ts,
 * outcomes.ts, providers.ts, qa.ts, comments.ts) share. Each reads one agency's figures
 * (@caseload/db queries of the same name: feedback, outcomes and providers as tallies the
 * database counts, the quality reviews as rows), runs the pure engine (@caseload/metrics),
 * applies small-cell suppression when asked, and returns the report with the settings
 * version it used. Called by the tRPC routers and by the CLI, so a number is the same wherever
 * it is read.
 *
 * No access control here: the router decides who may call what and passes the
 * caller's scope as programIds/teamIds (null or absent = no restriction, [] =
 * nothing) and `suppress: true` for the roles that see suppressed data (the board).
 * A suppressed report carries no staff rows and no per-provider monthly series.
 *
 * Filters (see @caseload/db queries/evaluationScope.ts): programIds — clients of those
 * programs, responses of those programs; teamIds — clients held by those teams'
 * staff at some time in the period, responses and quality reviews of those teams'
 * staff.
 */
import { currentSettings, type Database, findAgency, type Standard8Scope } from '@caseload/db';
import { defaultSettings, isStandard8Date, type Settings, type Suppressible, type SuppressionInfo } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { ServiceError } from '../errors.ts';

export interface Standard8Filter {
  from: string;
  to: string;
  programIds?: string[] | null;
  teamIds?: string[] | null;
  /** withhold small cells (metrics.md "Small-cell suppression") */
  suppress?: boolean;
}

/**
 * A Standard 8 report as a service returns it: the engine's report (values may be
 * null and marked `suppressed` when suppression applied), the settings version it
 * used, and `suppression` ({minCellSize, cells}) or null when nothing was withheld
 * by design (suppress not asked).
 */
export type Standard8View<R> = Suppressible<R> & { settingsVersion: number; suppression: SuppressionInfo | null };

/** Longest period accepted, in days (ten years of monthly series). */
export const MAX_PERIOD_DAYS = 3660;

export async function settingsFor(db: Kysely<Database>, agencyId: string): Promise<{ settings: Settings; version: number }> {
  const row = await currentSettings<Partial<Settings>>(db, agencyId);
  if (!row) {
    if (!(await findAgency(db, agencyId))) throw new ServiceError('NOT_FOUND', `There is no agency ${agencyId}.`);
    return { settings: defaultSettings, version: 0 };
  }
  return { settings: { ...defaultSettings, ...(row.settings ?? {}) }, version: row.version };
}

export function checkPeriod(from: unknown, to: unknown): void {
  if (!isStandard8Date(from))
    throw new ServiceError('BAD_REQUEST', `"from" must be a date written YYYY-MM-DD, such as 2024-01-01 (got ${JSON.stringify(from)}).`);
  if (!isStandard8Date(to))
    throw new ServiceError('BAD_REQUEST', `"to" must be a date written YYYY-MM-DD, such as 2024-12-31 (got ${JSON.stringify(to)}).`);
  if (from > to) throw new ServiceError('BAD_REQUEST', `The period is empty: "from" (${from}) is after "to" (${to}).`);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days > MAX_PERIOD_DAYS) throw new ServiceError('BAD_REQUEST', `The period is too long: at most ten years (${from} to ${to}).`);
}

export function scopeOf(filter: Standard8Filter): Standard8Scope {
  checkPeriod(filter.from, filter.to);
  return { from: filter.from, to: filter.to, programIds: filter.programIds ?? null, teamIds: filter.teamIds ?? null };
}

export function view<R>(
  report: R,
  settings: { settings: Settings; version: number },
  suppress: boolean | undefined,
  suppressor: (r: R, min: number) => Suppressible<R> & { suppression: SuppressionInfo },
): Standard8View<R> {
  if (suppress) return { ...suppressor(report, settings.settings.minCellSize), settingsVersion: settings.version };
  return { ...(report as Suppressible<R>), settingsVersion: settings.version, suppression: null };
}
