/**
 * Warming: after the server starts and after each import it accepts, the agency-wide
 * views the dashboard opens first are computed once in the background, through the
 * same procedures a director calls (so the kept entries are exactly the ones the
 * pages ask for). The first person to open a page after an import then does not pay
 * for the computation. Warming only fills the result cache: what a request returns is
 * the same with or without it, and a figure is never served from before an import
 * (the cache is keyed by the data version, see @caseload/api services/cache.ts).
 *
 * First it builds the agency's month-end figures for its current data and settings
 * versions (@caseload/api services/monthEnd.ts), from which every trend is
 * then read. Runs one view at a time, so it takes one core at most; a failure is
 * logged and the rest is skipped (the views are then computed when first asked for).
 */
import { agencyToday, buildMonthEndFigures, type Caller, createCaller, createContextInner, withRequestVersions } from '@caseload/api';
import type { Clock } from '@caseload/clock';
import type { Database } from '@caseload/db';
import type { Kysely } from 'kysely';

function iso(y: number, m: number, d: number): string {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.toISOString().slice(0, 10);
}

/**
 * The periods the dashboard opens with on `today` (apps/dashboard trends/mapTrend.ts
 * defaultPeriod and feedback/period.ts defaultPeriod): the twelve months ending with
 * today's month, and the last twelve full months.
 */
export function defaultPeriods(today: string): { trend: { from: string; to: string }; standard8: { from: string; to: string } } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return {
    trend: { from: iso(y, m - 11, 1), to: today },
    standard8: { from: iso(y - 1, m, 1), to: iso(y, m, 0) },
  };
}

/** Warms one agency's default views. Never throws: failures go to logError. */
export async function warmAgency(
  db: Kysely<Database>,
  agencyId: string,
  opts: { clock: Clock; logError?: (message: string, error?: unknown) => void },
): Promise<void> {
  let agency: { name: string } | undefined;
  try {
    agency = await db.selectFrom('agencies').select('name').where('agency_id', '=', agencyId).executeTakeFirst();
  } catch (error) {
    opts.logError?.(`warming agency ${agencyId} failed; its views will be computed when first asked for`, error);
    return;
  }
  if (!agency) return;
  const caller: Caller = {
    userId: 'system:warm',
    email: 'system',
    role: 'director',
    agencyId,
    agencyName: agency.name,
    teamIds: [],
    programIds: [],
    staffId: null,
  };
  const api = createCaller(createContextInner({ db, caller, clock: opts.clock }));
  let today: string;
  try {
    today = await agencyToday(db, agencyId, opts.clock);
  } catch (error) {
    opts.logError?.(`warming agency ${agencyId} failed; its views will be computed when first asked for`, error);
    return;
  }
  // the month-end figures first: the trends below (and every later one) are read from them
  try {
    await buildMonthEndFigures(db, agencyId, today);
  } catch (error) {
    opts.logError?.(`building the month-end figures of agency ${agencyId} failed; trends are computed from the rows`, error);
  }
  const { trend, standard8 } = defaultPeriods(today);
  const views: Array<[string, () => Promise<unknown>]> = [
    ['caseload.report', () => api.caseload.report({})],
    ['compliance.report', () => api.compliance.report({})],
    ['caseload.trend', () => api.caseload.trend(trend)],
    ['feedback.report', () => api.feedback.report(standard8)],
    ['outcomes.report', () => api.outcomes.report(standard8)],
    ['providers.report', () => api.providers.report(standard8)],
    ['qa.report', () => api.qa.report(standard8)],
  ];
  for (const [name, view] of views) {
    try {
      // as a request does: the versions from the primary, the figures from a reader that has caught up with them
      await withRequestVersions(view);
    } catch (error) {
      opts.logError?.(`warming ${name} for agency ${agencyId} failed; it will be computed when first asked for`, error);
      return;
    }
  }
}

/** Warms every agency, one after another. Never throws. */
export async function warmAllAgencies(
  db: Kysely<Database>,
  opts: { clock: Clock; logError?: (message: string, error?: unknown) => void },
): Promise<void> {
  let agencies: Array<{ agency_id: string }>;
  try {
    agencies = await db.selectFrom('agencies').select('agency_id').orderBy('agency_id').execute();
  } catch (error) {
    opts.logError?.('warming failed; views will be computed when first asked for', error);
    return;
  }
  for (const { agency_id } of agencies) await warmAgency(db, agency_id, opts);
}
