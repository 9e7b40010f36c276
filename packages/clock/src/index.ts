/**
 * The one clock. Every "today" in the product — the server's default as-of date, the
 * command line's, the demo agency's as-of date, warming, the dashboard's default
 * periods (which the server hands it) — comes from here, and nothing else reads the
 * wall clock for a calendar purpose (test/wall-clock.test.ts keeps it so).
 *
 * "Today" is a calendar date in the agency's time zone (a setting, IANA name, default
 * America/New_York), never the server process's: a server in UTC must not turn the
 * page to tomorrow at 7 pm in New York. `CASELOAD_TODAY=YYYY-MM-DD` pins it for tests,
 * demos and reproducible reports.
 *
 * The instant (`now()`) is never pinned: sessions, audit entries and log lines carry
 * real times.
 */

import { isCalendarDate } from '@caseload/values';

/** An agency-local calendar date, 'YYYY-MM-DD'. */
export type DateString = string;

/** The time zone of an agency that has not set one (interfaces.md, "Agency time zone"). */
export const DEFAULT_TIME_ZONE = 'America/New_York';

/** The environment variable that pins today. */
export const PIN_VARIABLE = 'CASELOAD_TODAY';

export class ClockError extends Error {}

// The calendar-date rule is a wire-level value rule (@caseload/values); the clock re-exports
// it because every caller that asks for today also checks a pinned or given date.
export { isCalendarDate };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // throws a RangeError for a name the time-zone database does not know
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The canonical IANA name of a time zone (`america/new_york` → `America/New_York`),
 * or null when the time-zone database does not know it.
 */
export function canonicalTimeZone(name: string): string | null {
  if (typeof name !== 'string' || name.trim() === '' || name !== name.trim()) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The calendar date of an instant in a time zone. Pure. */
export function dateInTimeZone(at: Date, timeZone: string): DateString {
  let year = '';
  let month = '';
  let day = '';
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year.padStart(4, '0')}-${month}-${day}`;
}

export interface Clock {
  /** The instant, for timestamps (sessions, audit entries). Never pinned. */
  now(): Date;
  /** Today in the given time zone, or the pinned date when one is set. */
  today(timeZone: string): DateString;
  /** The date CASELOAD_TODAY pins, or null. */
  readonly pinnedToday: DateString | null;
}

export interface ClockOptions {
  /** pins today (a YYYY-MM-DD calendar date) */
  today?: DateString | null | undefined;
  /** the source of instants; tests pass a fixed one */
  now?: (() => Date) | undefined;
}

/** A clock; with no options, the machine's real clock, unpinned. */
export function createClock(options: ClockOptions = {}): Clock {
  const pinned = options.today ?? null;
  if (pinned !== null && !isCalendarDate(pinned)) {
    throw new ClockError(`A pinned today must be a calendar date written YYYY-MM-DD, not "${pinned}".`);
  }
  const now = options.now ?? (() => new Date());
  return {
    now,
    today: (timeZone) => pinned ?? dateInTimeZone(now(), timeZone),
    pinnedToday: pinned,
  };
}

/**
 * The clock an environment asks for: pinned by CASELOAD_TODAY when it is set (to a
 * calendar date; anything else is refused with a sentence saying so), else real.
 */
export function clockFromEnv(env: Readonly<Record<string, string | undefined>>): Clock {
  const raw = env[PIN_VARIABLE]?.trim();
  if (!raw) return createClock();
  if (!isCalendarDate(raw)) {
    throw new ClockError(`${PIN_VARIABLE} must be a calendar date written YYYY-MM-DD (for example 2028-03-01), not "${raw}".`);
  }
  return createClock({ today: raw });
}
