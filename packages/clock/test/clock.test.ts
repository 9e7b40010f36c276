import { describe, expect, test } from 'vitest';
import {
  canonicalTimeZone,
  ClockError,
  clockFromEnv,
  createClock,
  DEFAULT_TIME_ZONE,
  dateInTimeZone,
  isCalendarDate,
} from '../src/index.ts';

describe('dateInTimeZone: the calendar date of an instant where the agency is', () => {
  test.each([
    // a server in UTC at 03:00 on Dec 7 is still Dec 6 in New York (EST, UTC−5)
    ['2026-12-07T03:00:00Z', 'America/New_York', '2026-12-06'],
    ['2026-12-07T04:59:59Z', 'America/New_York', '2026-12-06'],
    ['2026-12-07T05:00:00Z', 'America/New_York', '2026-12-07'],
    ['2026-12-07T03:00:00Z', 'UTC', '2026-12-07'],
    // daylight time (EDT, UTC−4) in July
    ['2026-07-01T03:59:59Z', 'America/New_York', '2026-06-30'],
    ['2026-07-01T04:00:00Z', 'America/New_York', '2026-07-01'],
    // the year turns in New York five hours after it turns in UTC
    ['2031-01-01T04:59:59Z', 'America/New_York', '2030-12-31'],
    ['2031-01-01T05:00:00Z', 'America/New_York', '2031-01-01'],
    // Honolulu (UTC−10, no daylight time), Los Angeles, and a zone ahead of UTC
    ['2028-03-01T09:59:59Z', 'Pacific/Honolulu', '2028-02-29'],
    ['2028-03-01T07:59:59Z', 'America/Los_Angeles', '2028-02-29'],
    ['2026-12-07T10:00:00Z', 'Pacific/Kiritimati', '2026-12-08'],
  ])('%s in %s is %s', (instant, zone, date) => {
    expect(dateInTimeZone(new Date(instant), zone)).toBe(date);
  });

  test('an unknown zone is refused, not read as UTC', () => {
    expect(() => dateInTimeZone(new Date('2026-12-07T00:00:00Z'), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('canonicalTimeZone', () => {
  test.each([
    ['America/New_York', 'America/New_York'],
    ['america/new_york', 'America/New_York'],
    ['UTC', 'UTC'],
    ['America/Chicago', 'America/Chicago'],
  ])('%s → %s', (name, canonical) => {
    expect(canonicalTimeZone(name)).toBe(canonical);
  });

  test.each(['', ' America/New_York', 'Mars/Olympus_Mons', 'EST5EDT,M3.2.0,M11.1.0', 'New York'])('"%s" is not a time zone', (name) => {
    expect(canonicalTimeZone(name)).toBeNull();
  });
});

describe('isCalendarDate', () => {
  test.each(['2028-02-29', '2031-01-31', '2000-02-29', '2026-12-31', '0001-01-01'])('%s is a date', (s) => {
    expect(isCalendarDate(s)).toBe(true);
  });
  test.each(['2027-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-01', '20260101', '2026-01-01T00:00', ''])(
    '"%s" is not',
    (s) => {
      expect(isCalendarDate(s)).toBe(false);
    },
  );
});

describe('createClock', () => {
  const instant = new Date('2026-12-07T03:00:00Z');

  test('unpinned: today follows the time zone it is asked for, now is the instant', () => {
    const clock = createClock({ now: () => instant });
    expect(clock.pinnedToday).toBeNull();
    expect(clock.today('America/New_York')).toBe('2026-12-06');
    expect(clock.today('UTC')).toBe('2026-12-07');
    expect(clock.now()).toBe(instant);
  });

  test('pinned: today is the pinned date in every zone; now stays real', () => {
    const clock = createClock({ today: '2031-01-31', now: () => instant });
    expect(clock.pinnedToday).toBe('2031-01-31');
    expect(clock.today('America/New_York')).toBe('2031-01-31');
    expect(clock.today('Pacific/Kiritimati')).toBe('2031-01-31');
    expect(clock.now()).toBe(instant);
  });

  test('a pin that is not a calendar date is refused', () => {
    expect(() => createClock({ today: '2031-02-30' })).toThrow(ClockError);
  });
});

describe('clockFromEnv: CASELOAD_TODAY', () => {
  test('set: pinned', () => {
    expect(clockFromEnv({ CASELOAD_TODAY: '2028-03-01' }).today(DEFAULT_TIME_ZONE)).toBe('2028-03-01');
    expect(clockFromEnv({ CASELOAD_TODAY: ' 2028-03-01 ' }).pinnedToday).toBe('2028-03-01');
  });

  test('unset or empty: the real clock', () => {
    expect(clockFromEnv({}).pinnedToday).toBeNull();
    expect(clockFromEnv({ CASELOAD_TODAY: '' }).pinnedToday).toBeNull();
  });

  test.each(['2028-3-1', 'tomorrow', '2028-02-30', '03/01/2028'])('"%s" is refused with a sentence naming the variable', (raw) => {
    expect(() => clockFromEnv({ CASELOAD_TODAY: raw })).toThrow(/^CASELOAD_TODAY must be a calendar date written YYYY-MM-DD/);
  });
});
