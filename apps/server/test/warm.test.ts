/**
 * Warming fills the result cache with exactly the entries a director's first page
 * views ask for, and never throws (a closed database is logged, not raised).
 */
import { createClock } from '@caseload/clock';
import { attachResultCache, createCaller, createContextInner, ResultCache } from '@caseload/api';
import { createAgency } from '@caseload/db';
import { createTestDb } from '@caseload/db/testing';
import { defaultSettings } from '@caseload/metrics';
import { describe, expect, test } from 'vitest';
import { defaultPeriods, warmAgency, warmAllAgencies } from '../src/warm.ts';

describe('defaultPeriods: the periods the dashboard opens with', () => {
  test.each([
    // today → the trend's twelve months ending with today's month; the last twelve full months
    ['2026-11-23', { from: '2025-12-01', to: '2026-11-23' }, { from: '2025-11-01', to: '2026-10-31' }],
    ['2026-01-15', { from: '2025-02-01', to: '2026-01-15' }, { from: '2025-01-01', to: '2025-12-31' }],
    ['2024-03-01', { from: '2023-04-01', to: '2024-03-01' }, { from: '2023-03-01', to: '2024-02-29' }],
  ])('on %s', (today, trend, standard8) => {
    expect(defaultPeriods(today)).toEqual({ trend, standard8 });
  });
});

describe('warmAgency', () => {
  const clock = createClock({ now: () => new Date('2026-11-23T12:00:00Z') });

  test('computes the default views once; a director opening them afterwards is served from the cache', async () => {
    const handle = await createTestDb('pglite');
    try {
      await createAgency(handle.db, { agencyId: 'w1', name: 'Warm agency', settings: defaultSettings });
      const cache = attachResultCache(handle.db, new ResultCache());
      const errors: string[] = [];
      await warmAgency(handle.db, 'w1', { clock, logError: (m) => errors.push(m) });
      expect(errors).toEqual([]);
      // the month-end figures of the current versions were built first, up to October's end
      const builds = await handle.db.selectFrom('month_end_builds').select(['last_month_end']).where('agency_id', '=', 'w1').execute();
      expect(builds).toEqual([{ last_month_end: '2026-10-31' }]);
      const warmed = cache.stats();
      expect(warmed.misses).toBeGreaterThanOrEqual(7);
      const api = createCaller(
        createContextInner({
          db: handle.db,
          clock,
          caller: {
            userId: 'u1',
            email: 'd@x',
            role: 'director',
            agencyId: 'w1',
            agencyName: 'Warm agency',
            teamIds: [],
            programIds: [],
            staffId: null,
          },
        }),
      );
      const { trend, standard8 } = defaultPeriods('2026-11-23');
      await api.caseload.report({});
      await api.compliance.report({});
      await api.caseload.trend(trend);
      await api.feedback.report(standard8);
      await api.outcomes.report(standard8);
      await api.providers.report(standard8);
      await api.qa.report(standard8);
      const after = cache.stats();
      expect(after.misses).toBe(warmed.misses);
      expect(after.hits).toBeGreaterThanOrEqual(warmed.hits + 7);
    } finally {
      await handle.close();
    }
  });

  test('a database that is gone is logged, never thrown', async () => {
    const handle = await createTestDb('pglite');
    await createAgency(handle.db, { agencyId: 'w2', name: 'W2', settings: defaultSettings });
    attachResultCache(handle.db);
    await handle.close();
    const errors: string[] = [];
    await expect(warmAgency(handle.db, 'w2', { clock, logError: (m) => errors.push(m) })).resolves.toBeUndefined();
    await expect(warmAllAgencies(handle.db, { clock, logError: (m) => errors.push(m) })).resolves.toBeUndefined();
    expect(errors.length).toBe(2);
  });
});
