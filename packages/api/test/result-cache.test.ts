/**
 * The result cache (services/cache.ts): a figure is kept per (agency, data version,
 * settings version, input) and is never served after the data or the settings it was
 * computed from changed — whatever wrote the change (an import, a settings edit, a
 * manual statement). On both drivers.
 */
import { agencyVersions, appendSettingsVersion, createAgency, type Database, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { defaultSettings } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { attachResultCache, cached, ResultCache, stableJson, withRequestVersions } from '../src/services/cache.ts';
import { caseloadReport } from '../src/services/caseload.ts';
import { complianceReport } from '../src/services/compliance.ts';
import { uncachedStandard9 } from '../src/services/uncached.ts';
import { feedbackReport } from '../src/services/feedback.ts';
import { uncachedStandard8 } from '../src/services/uncached.ts';

describe('ResultCache', () => {
  test('concurrent requests for a missing entry share one computation', async () => {
    const cache = new ResultCache();
    let calls = 0;
    let release!: (v: { n: number }) => void;
    const compute = () => {
      calls += 1;
      return new Promise<{ n: number }>((resolve) => (release = resolve));
    };
    const a = cache.get('k', compute);
    const b = cache.get('k', compute);
    release({ n: 7 });
    expect(await a).toBe(await b);
    expect(calls).toBe(1);
    expect(cache.stats()).toMatchObject({ entries: 1, hits: 1, misses: 1 });
  });

  test('a failed computation is not kept: the next request computes again', async () => {
    const cache = new ResultCache();
    await expect(cache.get('k', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    expect(cache.stats().entries).toBe(0);
    expect(await cache.get('k', () => Promise.resolve(1))).toBe(1);
  });

  test('least recently used entries leave first when the entry limit is reached', async () => {
    const cache = new ResultCache({ maxEntries: 2 });
    await cache.get('a', async () => 'A');
    await cache.get('b', async () => 'B');
    await cache.get('a', async () => 'A2'); // a is now the most recently used
    await cache.get('c', async () => 'C'); // b leaves
    expect(await cache.get('a', async () => 'recomputed')).toBe('A');
    expect(await cache.get('b', async () => 'recomputed')).toBe('recomputed');
  });

  test('entries leave when the byte limit is exceeded', async () => {
    const cache = new ResultCache({ maxBytes: 25 });
    await cache.get('a', async () => 'x'.repeat(10)); // 12 bytes of JSON
    await cache.get('b', async () => 'y'.repeat(10)); // 24 in all
    await cache.get('c', async () => 'z'.repeat(10)); // 36 > 25: a leaves
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 24 });
    expect(await cache.get('a', async () => 'recomputed')).toBe('recomputed');
  });

  test('kept values are frozen: a caller cannot change what the next caller reads', async () => {
    const cache = new ResultCache();
    const value = await cache.get('k', async () => ({ rows: [{ loadRatio: 1.2 }] }));
    expect(() => {
      (value.rows[0] as { loadRatio: number }).loadRatio = 0;
    }).toThrow(TypeError);
    const again = await cache.get('k', async () => ({ rows: [] as Array<{ loadRatio: number }> }));
    expect(again.rows[0]?.loadRatio).toBe(1.2);
  });

  test.each([
    [{ b: 1, a: [2, { d: 1, c: undefined }] }, '{"a":[2,{"d":1}],"b":1}'],
    [{ asOf: '2026-01-31', teamIds: null }, '{"asOf":"2026-01-31","teamIds":null}'],
    [undefined, 'null'],
  ])('stableJson(%j) sorts keys and drops undefined', (input, expected) => {
    expect(stableJson(input)).toBe(expected);
  });
});

for (const driver of testDrivers()) {
  describe(`figures kept per data and settings version (${driver})`, () => {
    let handle: DbHandle;
    let db: Kysely<Database>;
    const asOf = '2025-06-30';

    async function seed(agencyId: string) {
      await createAgency(db, { agencyId, name: agencyId, settings: defaultSettings });
      await db.insertInto('programs').values({ agency_id: agencyId, program_id: 'P1', name: 'P1' }).execute();
      await db.insertInto('teams').values({ agency_id: agencyId, team_id: 'T1', name: 'T1' }).execute();
      await db
        .insertInto('staff')
        .values({
          agency_id: agencyId,
          staff_id: 's1',
          name: 's1',
          role: 'case_manager',
          team_id: 'T1',
          caseload_fte: 1,
          languages: ['en'],
          region: null,
        })
        .execute();
      await db
        .insertInto('clients')
        .values({ agency_id: agencyId, client_id: 'c1', program_id: 'P1', enrolled_on: '2024-01-01' })
        .execute();
      await db.insertInto('assignments').values({ agency_id: agencyId, client_id: 'c1', staff_id: 's1', start_on: '2024-01-01' }).execute();
    }

    beforeAll(async () => {
      handle = await createTestDb(driver);
      db = handle.db;
      await seed('a1');
      await seed('a2');
      attachResultCache(db);
    });
    afterAll(async () => {
      await handle?.close();
    });

    test('the data version moves with every statement that changes an agency’s data, and only that agency’s', async () => {
      const before = await agencyVersions(db, 'a1');
      const other = await agencyVersions(db, 'a2');
      await db.insertInto('clients').values({ agency_id: 'a1', client_id: 'c2', program_id: 'P1', enrolled_on: '2024-02-01' }).execute();
      const afterInsert = await agencyVersions(db, 'a1');
      expect(BigInt(afterInsert.data)).toBe(BigInt(before.data) + 1n);
      await db
        .updateTable('clients')
        .set({ enrolled_on: '2024-02-02' })
        .where('agency_id', '=', 'a1')
        .where('client_id', '=', 'c2')
        .execute();
      const afterUpdate = await agencyVersions(db, 'a1');
      expect(BigInt(afterUpdate.data)).toBe(BigInt(afterInsert.data) + 1n);
      await db.deleteFrom('clients').where('agency_id', '=', 'a1').where('client_id', '=', 'c2').execute();
      const afterDelete = await agencyVersions(db, 'a1');
      expect(BigInt(afterDelete.data)).toBe(BigInt(afterUpdate.data) + 1n);
      // a statement that changes nothing does not move it
      await db
        .updateTable('clients')
        .set({ enrolled_on: '2020-01-01' })
        .where('agency_id', '=', 'a1')
        .where('client_id', '=', 'nobody')
        .execute();
      expect(await agencyVersions(db, 'a1')).toEqual(afterDelete);
      expect(await agencyVersions(db, 'a2')).toEqual(other);
    });

    test('a kept report is served until the data changes, then recomputed from the new data', async () => {
      const first = await caseloadReport(db, 'a1', { asOf });
      expect(await caseloadReport(db, 'a1', { asOf })).toBe(first); // the same object: kept
      expect(first).toEqual(await uncachedStandard9.caseloadReport(db, 'a1', { asOf }));
      expect(first.agency.clients).toBe(1);

      // a second client for s1, written by a plain statement (no import involved)
      await db.insertInto('clients').values({ agency_id: 'a1', client_id: 'c3', program_id: 'P1', enrolled_on: '2024-03-01' }).execute();
      await db.insertInto('assignments').values({ agency_id: 'a1', client_id: 'c3', staff_id: 's1', start_on: '2024-03-01' }).execute();
      const second = await caseloadReport(db, 'a1', { asOf });
      expect(second).not.toBe(first);
      expect(second.agency.clients).toBe(2);
      expect(second).toEqual(await uncachedStandard9.caseloadReport(db, 'a1', { asOf }));
      // the other agency's kept figures were not touched
      const a2 = await caseloadReport(db, 'a2', { asOf });
      expect(await caseloadReport(db, 'a2', { asOf })).toBe(a2);
    });

    test('a settings change is a new key: the figures are recomputed with the new settings', async () => {
      const before = await caseloadReport(db, 'a1', { asOf });
      await appendSettingsVersion(db, 'a1', { ...defaultSettings, caseHoursPerFte: 10 }, 'test');
      const after = await caseloadReport(db, 'a1', { asOf });
      expect(after.settingsVersion).toBe(before.settingsVersion + 1);
      expect(after).toEqual(await uncachedStandard9.caseloadReport(db, 'a1', { asOf }));
      expect(after.agency.capacityHours).not.toBe(before.agency.capacityHours);
    });

    test('different inputs are different entries; equal inputs in another key order are one', async () => {
      const all = await complianceReport(db, 'a1', { asOf, teamIds: null, programIds: null });
      expect(await complianceReport(db, 'a1', { programIds: null, asOf, teamIds: null })).toBe(all);
      const none = await complianceReport(db, 'a1', { asOf, teamIds: [], programIds: null });
      expect(none).not.toBe(all);
      const period = { from: '2025-01-01', to: asOf, programIds: null, teamIds: null, suppress: true };
      const fb = await feedbackReport(db, 'a1', period);
      expect(await feedbackReport(db, 'a1', { ...period })).toBe(fb);
      expect(fb).toEqual(await uncachedStandard8.feedbackReport(db, 'a1', period));
    });

    test('one request reads the versions once: its figures all come from the same reading', async () => {
      const before = await caseloadReport(db, 'a1', { asOf });
      await withRequestVersions(async () => {
        const first = await caseloadReport(db, 'a1', { asOf, programIds: null });
        // data written while the request runs does not split the request's figures across versions
        await db.insertInto('clients').values({ agency_id: 'a1', client_id: 'c9', program_id: 'P1', enrolled_on: '2024-03-01' }).execute();
        await db.insertInto('assignments').values({ agency_id: 'a1', client_id: 'c9', staff_id: 's1', start_on: '2024-03-01' }).execute();
        expect(await caseloadReport(db, 'a1', { asOf, programIds: null })).toBe(first);
        expect(first.agency.clients).toBe(before.agency.clients);
      });
      // the next request reads the versions again and sees the new client
      const after = await withRequestVersions(() => caseloadReport(db, 'a1', { asOf }));
      expect(after.agency.clients).toBe(before.agency.clients + 1);
      expect(after).toEqual(await uncachedStandard9.caseloadReport(db, 'a1', { asOf }));
    });

    test('without a cache on the handle every call computes', async () => {
      const fresh = await createTestDb(driver);
      try {
        await createAgency(fresh.db, { agencyId: 'z', name: 'z', settings: defaultSettings });
        let calls = 0;
        const counted = cached('test.count', async () => ({ n: (calls += 1) }));
        await counted(fresh.db, 'z', {});
        await counted(fresh.db, 'z', {});
        expect(calls).toBe(2);
        attachResultCache(fresh.db);
        await counted(fresh.db, 'z', {});
        await counted(fresh.db, 'z', {});
        expect(calls).toBe(3);
      } finally {
        await fresh.close();
      }
    });
  });
}
