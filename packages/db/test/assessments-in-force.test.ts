import { defaultSettings } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAgency, loadAssessmentRows, type DbHandle } from '../src/index.ts';
import { assessmentsInForce } from '../src/queries/assessmentsInForce.ts';
import { createTestDb, testDrivers } from '../src/testing.ts';
import { factories } from './standard9-factories.ts';

describe.each(testDrivers())('the assessments in force over a range, on %s', (driver) => {
  let h: DbHandle;
  const programs: string[] = [];
  const c: Record<string, string> = {};

  beforeAll(async () => {
    h = await createTestDb(driver);
    await createAgency(h.db, { agencyId: 'a1', name: 'One', settings: defaultSettings });
    await createAgency(h.db, { agencyId: 'a2', name: 'Two', settings: defaultSettings });
    const f = factories(h.db, 'a1');
    const pA = await f.program();
    const pB = await f.program();
    programs.push(pA.program_id, pB.program_id);
    c.many = (await f.client({ program_id: pA.program_id, enrolled_on: '2024-01-01' })).client_id;
    c.tie = (await f.client({ program_id: pB.program_id, enrolled_on: '2024-01-01' })).client_id;
    c.closed = (await f.client({ program_id: pA.program_id, enrolled_on: '2024-01-01', closed_on: '2024-06-01' })).client_id;
    c.late = (await f.client({ program_id: pB.program_id, enrolled_on: '2025-03-01' })).client_id;
    await f.assessment({ client_id: c.many, assessed_on: '2024-01-05', assessment_id: 'm1', acuity_tier: 1 });
    await f.assessment({ client_id: c.many, assessed_on: '2024-07-01', assessment_id: 'm2', acuity_tier: 2 });
    await f.assessment({ client_id: c.many, assessed_on: '2025-01-10', assessment_id: 'm3', acuity_tier: 3 });
    await f.assessment({ client_id: c.many, assessed_on: '2025-02-10', assessment_id: 'm4', acuity_tier: 4 });
    // two on one day: 'tb' is after 'tZ' in byte order, so it is the one in force
    await f.assessment({ client_id: c.tie, assessed_on: '2024-09-01', assessment_id: 'tZ', acuity_tier: 1 });
    await f.assessment({ client_id: c.tie, assessed_on: '2024-09-01', assessment_id: 'tb', acuity_tier: 4 });
    await f.assessment({ client_id: c.closed, assessed_on: '2024-02-01', assessment_id: 'c1', acuity_tier: 2 });
    await f.assessment({ client_id: c.late, assessed_on: '2025-03-05', assessment_id: 'l1', acuity_tier: 3 });
    const g = factories(h.db, 'a2');
    const p2 = await g.program();
    const other = await g.client({ program_id: p2.program_id, enrolled_on: '2024-01-01' });
    await g.assessment({ client_id: other.client_id, assessed_on: '2024-02-01', assessment_id: 'o1', acuity_tier: 4 });
  });

  afterAll(async () => {
    await h?.close();
  });

  test('hand-computed: the latest on or before `from` per active client, and every one inside the range', async () => {
    const ids = async (from: string, to: string, programIds: string[] | null = null) =>
      (await assessmentsInForce(h.db, 'a1', { from, to, programIds })).map((r) => r.assessmentId);
    // on 2024-12-31: m2 (latest of many), tb (the later id of the tie); the closed client is not active
    expect(await ids('2024-12-31', '2024-12-31')).toEqual(['m2', 'tb']);
    // over (2024-12-31, 2025-03-31]: m2 in force on the first day, then m3 and m4; the late client's l1
    expect(await ids('2024-12-31', '2025-03-31')).toEqual(['l1', 'm2', 'm3', 'm4', 'tb']);
    expect(await ids('2024-12-31', '2025-03-31', [programs[1] as string])).toEqual(['l1', 'tb']);
    expect(await ids('2024-12-31', '2025-03-31', [])).toEqual([]);
    // the closed client's assessment decides its tier while it is active
    expect(await ids('2024-03-01', '2024-03-01')).toEqual(['c1', 'm1']);
  });

  test('the same rows as the NOT EXISTS loader, over ranges before, across and after the assessments', async () => {
    const ranges = [
      ['2023-12-01', '2023-12-31'],
      ['2024-01-05', '2024-01-05'],
      ['2024-03-01', '2024-09-01'],
      ['2024-09-01', '2024-09-01'],
      ['2024-10-03', '2025-02-10'],
      ['2025-02-10', '2025-12-31'],
    ];
    for (const [from, to] of ranges) {
      for (const programIds of [null, [programs[0] as string], [programs[1] as string], []]) {
        const range = { from: from as string, to: to as string, programIds };
        expect(await assessmentsInForce(h.db, 'a1', range), `${from}..${to}`).toEqual(await loadAssessmentRows(h.db, 'a1', range));
      }
    }
  });
});
