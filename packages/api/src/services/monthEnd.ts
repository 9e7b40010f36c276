/**
 * Month-end figures of an agency (@caseload/metrics monthEnd.ts, @caseload/db
 * queries/monthEnd.ts): built once per data and settings version, off the request
 * path (after an import, at server start, after a settings change), so that a trend
 * costs staff × months rows to read instead of a pass over every contact.
 *
 * A build reads the data, its versions and the settings in one repeatable-read
 * snapshot, so the figures are exactly those of the versions they are stored under. A
 * trend uses them only when they are stored under the agency's current versions;
 * otherwise (an import committed a moment ago, the build still running) it is computed
 * from the rows as before: never a stale figure, only a slower one.
 */
import type { Clock } from '@caseload/clock';
import {
  agencyVersions,
  type Database,
  deleteOtherMonthEndBuilds,
  findMonthEndBuild,
  loadStandard9Rows,
  type MonthEndKey,
  saveMonthEndBuild,
  saveMonthEndTransitions,
} from '@caseload/db';
import { addDays, type DateString, monthEnd, monthEndFigures, monthEndTransitions, monthlyAsOfDates } from '@caseload/metrics';
import { type Kysely, sql } from 'kysely';
import { longestContactWindow, readAgencySettings } from './agencySettings.ts';
import { agencyToday } from './calendar.ts';

/** Months before the last complete one that a build covers (a trend covers at most 120). */
export const MONTH_END_HISTORY = 120;

/** The last day ≤ today that ends a month. */
export function lastMonthEndOnOrBefore(today: DateString): DateString {
  return monthEnd(today) === today ? today : addDays(`${today.slice(0, 7)}-01`, -1);
}

export interface MonthEndBuildResult {
  /** false when figures for these versions were already stored */
  built: boolean;
  key: MonthEndKey;
  firstMonthEnd: DateString;
  lastMonthEnd: DateString;
  cells: number;
  ms: number;
}

/**
 * Computes and stores the agency's month-end figures for its current data and settings
 * versions, from its first month with a client (at most MONTH_END_HISTORY months) to
 * the last month end on or before `today`; removes the figures of older versions.
 */
export async function buildMonthEndFigures(db: Kysely<Database>, agencyId: string, today: DateString): Promise<MonthEndBuildResult> {
  const started = performance.now();
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const versions = await agencyVersions(trx, agencyId);
      const key: MonthEndKey = { agencyId, dataVersion: versions.data, settingsVersion: versions.settings };
      const last = lastMonthEndOnOrBefore(today);
      const existing = await findMonthEndBuild(trx, key);
      if (existing) {
        return {
          built: false,
          key,
          firstMonthEnd: existing.firstMonthEnd,
          lastMonthEnd: existing.lastMonthEnd,
          cells: existing.cells,
          ms: performance.now() - started,
        };
      }
      const { settings, version } = await readAgencySettings(trx, agencyId);
      if (version !== versions.settings) throw new Error('month-end figures: the settings version moved within one snapshot');
      const earliest = await sql<{ d: string | null }>`
        select to_char(min(enrolled_on), 'YYYY-MM-DD') as d from clients where agency_id = ${agencyId}
      `.execute(trx);
      const enrolled = earliest.rows[0]?.d ?? null;
      // month points between two month ends are those month ends
      const days = monthlyAsOfDates(enrolled === null || enrolled > last ? last : monthEnd(enrolled), last)
        .map((p) => p.asOf)
        .slice(-MONTH_END_HISTORY);
      const first = days[0] as DateString;
      const rows = await loadStandard9Rows(trx, agencyId, {
        from: first,
        to: last,
        contacts: { windowDays: longestContactWindow(settings) },
      });
      const cells = monthEndFigures({ ...rows, settings }, days);
      const built = await saveMonthEndBuild(trx, key, { firstMonthEnd: first, lastMonthEnd: last }, cells);
      if (built) {
        // the staffing forecast's states, transitions and entries, under the same build
        await saveMonthEndTransitions(trx, key, monthEndTransitions({ ...rows, settings }, days));
        await deleteOtherMonthEndBuilds(trx, key);
      }
      return { built, key, firstMonthEnd: first, lastMonthEnd: last, cells: cells.length, ms: performance.now() - started };
    });
}

/** True when `day` is a month end the build covers. */
export function coveredBy(build: { firstMonthEnd: DateString; lastMonthEnd: DateString }, day: DateString): boolean {
  return day >= build.firstMonthEnd && day <= build.lastMonthEnd && monthEnd(day) === day;
}

interface Builder {
  /** the one clock: each agency's build runs up to today in its own time zone */
  clock: Clock;
  logError: (message: string, error?: unknown) => void;
  /** told of every build started, so that a stopping server waits for it */
  track?: (job: Promise<void>) => void;
  running: Map<string, Promise<void>>;
}

const builders = new WeakMap<object, Builder>();

/**
 * Lets a trend that finds no month-end figures for the current versions (an import
 * from the command line, a settings change) start their build in the background, one
 * per agency at a time. The server enables it on PostgreSQL; on the embedded database
 * a build would hold up requests, so figures are built there only when warming.
 */
export function enableMonthEndBuilds(
  db: Kysely<Database>,
  opts: { clock: Clock; logError: (message: string, error?: unknown) => void; track?: (job: Promise<void>) => void },
): void {
  builders.set(db, { ...opts, running: new Map() });
}

/** Starts a background build for the agency when enabled on `db` and none is running; never throws. */
export function scheduleMonthEndBuild(db: Kysely<Database>, agencyId: string): Promise<void> | null {
  const b = builders.get(db);
  if (!b) return null;
  const running = b.running.get(agencyId);
  if (running) return running;
  const job = (async () => {
    try {
      await buildMonthEndFigures(db, agencyId, await agencyToday(db, agencyId, b.clock));
    } catch (error) {
      b.logError(`building the month-end figures of agency ${agencyId} failed; trends are computed from the rows`, error);
    } finally {
      b.running.delete(agencyId);
    }
  })();
  b.running.set(agencyId, job);
  b.track?.(job);
  return job;
}
