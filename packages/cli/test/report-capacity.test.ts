/**
 * `cli report explain | capacity-changes | calibration` and the caseload's capacity
 * keys (interfaces.md), hand-computed, on an on-disk PGlite the CLI opens itself.
 *
 * D = 2025-06-30, caseHoursPerFte 100 (settings version 2):
 *   s1 (T1): period 2024-01-01 … open at FTE 0.8; training 25% 2025-06-01 … 2025-07-15;
 *            intake duty 6 h 2025-06-01 … 2025-07-01; holds c1, c2 (tier 4: 6 h each) and
 *            c3 (tier 2: 2 h) → 14 h + 6 h = 20 h ÷ (80 × 0.75 = 60 h) = 1/3
 *   s2 (T1): no periods, FTE 1; leave 100% from 2025-07-10 (ahead); holds c4 (tier 1)
 * Contacts for calibration (June–July 2025): c1 60 + 30 min in June, c3 a contact without
 * minutes in June, c1 120 min in July, c4 10 min in July.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendSettingsVersion, connect, createAgency, migrateToLatest } from '@caseload/db';
import { defaultSettings } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCapturing } from './cli.ts';

let dir: string;
const D = '2025-06-30';

function cli(...argv: string[]) {
  return runCapturing({ DATA_DIR: dir }, argv);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cm-report-capacity-'));
  const h = await connect({ dataDir: dir });
  try {
    const db = h.db;
    await migrateToLatest(db);
    await createAgency(db, { agencyId: 'ag', name: 'Agency', settings: defaultSettings });
    await appendSettingsVersion(db, 'ag', { ...defaultSettings, caseHoursPerFte: 100 }, 'test');
    await db.insertInto('programs').values({ agency_id: 'ag', program_id: 'P1', name: 'P1' }).execute();
    await db.insertInto('teams').values({ agency_id: 'ag', team_id: 'T1', name: 'T1' }).execute();
    await db
      .insertInto('staff')
      .values(
        ['s1', 's2'].map((staff_id) => ({
          agency_id: 'ag',
          staff_id,
          name: staff_id,
          role: 'case_manager' as const,
          team_id: 'T1',
          caseload_fte: 1,
          languages: ['en'],
        })),
      )
      .execute();
    await db
      .insertInto('staff_periods')
      .values({ agency_id: 'ag', staff_id: 's1', start_on: '2024-01-01', end_on: null, caseload_fte: 0.8, team_id: 'T1' })
      .execute();
    await db
      .insertInto('capacity_reductions')
      .values([
        {
          agency_id: 'ag',
          reduction_id: 'R1',
          staff_id: 's1',
          reason: 'training',
          start_on: '2025-06-01',
          end_on: '2025-07-15',
          percent: 25,
          hours_per_month: null,
          note: 'new assessment tool',
        },
        {
          agency_id: 'ag',
          reduction_id: 'L1',
          staff_id: 's2',
          reason: 'leave',
          start_on: '2025-07-10',
          end_on: null,
          percent: 100,
          hours_per_month: null,
          note: null,
        },
      ])
      .execute();
    await db
      .insertInto('workload_items')
      .values({
        agency_id: 'ag',
        item_id: 'I1',
        staff_id: 's1',
        kind: 'intake',
        start_on: '2025-06-01',
        end_on: '2025-07-01',
        hours_per_month: 6,
      })
      .execute();
    const clients: Array<[string, string, number]> = [
      ['c1', 's1', 4],
      ['c2', 's1', 4],
      ['c3', 's1', 2],
      ['c4', 's2', 1],
    ];
    await db
      .insertInto('clients')
      .values(clients.map(([client_id]) => ({ agency_id: 'ag', client_id, program_id: 'P1', enrolled_on: '2024-01-01' })))
      .execute();
    await db
      .insertInto('assignments')
      .values(clients.map(([client_id, staff_id]) => ({ agency_id: 'ag', client_id, staff_id, start_on: '2024-01-01' })))
      .execute();
    await db
      .insertInto('assessments')
      .values(
        clients.map(([client_id, , acuity_tier]) => ({
          agency_id: 'ag',
          assessment_id: `A${client_id}`,
          client_id,
          assessed_on: '2024-01-02',
          kind: 'initial' as const,
          acuity_tier,
        })),
      )
      .execute();
    const contacts: Array<[string, string, string, number | null]> = [
      ['k1', 'c1', '2025-06-05', 60],
      ['k2', 'c1', '2025-06-20', 30],
      ['k3', 'c3', '2025-06-11', null],
      ['k4', 'c1', '2025-07-03', 120],
      ['k5', 'c4', '2025-07-04', 10],
    ];
    await db
      .insertInto('contacts')
      .values(
        contacts.map(([contact_id, client_id, occurred_on, minutes]) => ({
          agency_id: 'ag',
          contact_id,
          client_id,
          staff_id: 's1',
          occurred_on,
          mode: 'phone' as const,
          minutes,
        })),
      )
      .execute();
  } finally {
    await h.close();
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli report: capacity over time', () => {
  test('caseload carries otherHours, workloadHours, fte, baseCapacityHours, reductionPercent, reductionHours', async () => {
    const r = await cli('report', 'caseload', '--agency', 'ag', '--as-of', D, '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.staff[0]).toMatchObject({
      staffId: 's1',
      weightedHours: 14,
      otherHours: 6,
      workloadHours: 20,
      fte: 0.8,
      baseCapacityHours: 80,
      reductionPercent: 25,
      reductionHours: 0,
      capacityHours: 60,
      band: 'under',
    });
    expect(doc.staff[0].loadRatio).toBeCloseTo(1 / 3, 12);
    expect(doc.teams[0]).toMatchObject({
      teamId: 'T1',
      members: 2,
      clients: 4,
      weightedHours: 15,
      otherHours: 6,
      workloadHours: 21,
      capacityHours: 160,
    });
    expect(doc.agency).toMatchObject({ otherHours: 6, workloadHours: 21, uncovered: 0 });
  });

  test('explain: the keys of interfaces.md, the parts adding up, and the sentence', async () => {
    const r = await cli('report', 'explain', '--agency', 'ag', '--staff', 's1', '--as-of', D, '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    for (const key of [
      'staffId',
      'asOf',
      'tiers',
      'items',
      'weightedHours',
      'otherHours',
      'workloadHours',
      'fte',
      'baseCapacityHours',
      'reductions',
      'capacityHours',
      'loadRatio',
      'band',
      'daysOverCapacity90',
      'sentence',
    ]) {
      expect(e, key).toHaveProperty(key);
    }
    expect(e.tiers).toEqual([
      { tier: '1', clients: 0, hoursPerClient: 1, hours: 0 },
      { tier: '2', clients: 1, hoursPerClient: 2, hours: 2 },
      { tier: '3', clients: 0, hoursPerClient: 3.5, hours: 0 },
      { tier: '4', clients: 2, hoursPerClient: 6, hours: 12 },
      { tier: 'unassessed', clients: 0, hoursPerClient: 2, hours: 0 },
    ]);
    expect(e.items).toEqual([{ itemId: 'I1', kind: 'intake', hoursPerMonth: 6, startOn: '2025-06-01', endOn: '2025-07-01' }]);
    expect(e.reductions).toEqual([
      { reductionId: 'R1', reason: 'training', percent: 25, hoursPerMonth: null, startOn: '2025-06-01', endOn: '2025-07-15' },
    ]);
    expect(e).toMatchObject({
      weightedHours: 14,
      otherHours: 6,
      workloadHours: 20,
      fte: 0.8,
      baseCapacityHours: 80,
      capacityHours: 60,
      band: 'under',
      daysOverCapacity90: 0,
    });
    expect(e.sentence).toBe(
      '33% of capacity: 3 clients need 14 h a month, intake duty adds 6 h; a 0.8 FTE post is 80 h, less 25% for training = 60 h.',
    );
    // the note of a reduction is never in the output
    expect(r.stdout).not.toContain('new assessment tool');
    expect((await cli('report', 'explain', '--agency', 'ag', '--as-of', D, '--format', 'json')).code).toBe(2);
    expect((await cli('report', 'explain', '--agency', 'ag', '--staff', 'nobody', '--as-of', D, '--format', 'json')).code).toBe(1);
  });

  test('capacity-changes: starts and ends in (D, D + 30], with the ratio on D and on the day of the change', async () => {
    const r = await cli('report', 'capacity-changes', '--agency', 'ag', '--as-of', D, '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.asOf).toBe(D);
    // 07-01: intake ends → 14 / 60; 07-10: s2's leave starts → no capacity; 07-15: training ends → 14 / 80
    expect(doc.changes.map((c: Record<string, unknown>) => [c.staffId, c.teamId, c.kind, c.id, c.change, c.on])).toEqual([
      ['s1', 'T1', 'item', 'I1', 'ends', '2025-07-01'],
      ['s2', 'T1', 'reduction', 'L1', 'starts', '2025-07-10'],
      ['s1', 'T1', 'reduction', 'R1', 'ends', '2025-07-15'],
    ]);
    const ratios = doc.changes.map((c: { loadRatioBefore: number | null; loadRatioAfter: number | null }) => [
      c.loadRatioBefore,
      c.loadRatioAfter,
    ]);
    expect(ratios[0][0]).toBeCloseTo(20 / 60, 12);
    expect(ratios[0][1]).toBeCloseTo(14 / 60, 12);
    expect(ratios[1]).toEqual([0.01, null]);
    expect(ratios[2][1]).toBeCloseTo(14 / 80, 12);
  });

  test('calibration: client-months, minutes, observed and suggested hours, scale and coverage', async () => {
    const r = await cli('report', 'calibration', '--agency', 'ag', '--from', '2025-06-01', '--to', '2025-07-31', '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['from', 'to', 'tiers', 'scale', 'minutesCoverage']));
    const t = Object.fromEntries(doc.tiers.map((x: { tier: string }) => [x.tier, x]));
    // month ends 06-30 and 07-31: c1, c2 tier 4 (4 client-months; 210 min) · c3 tier 2 (2; 0 min, one contact) · c4 tier 1 (2; 10 min)
    expect(t['4']).toMatchObject({ clientMonths: 4, contacts: 3, contactsWithMinutes: 3, contactMinutes: 210, modelHours: 6 });
    expect(t['4'].observedHours).toBeCloseTo(210 / 60 / 4, 12);
    expect(t['2']).toMatchObject({ clientMonths: 2, contacts: 1, contactsWithMinutes: 0, contactMinutes: 0, observedHours: 0 });
    expect(t['1']).toMatchObject({ clientMonths: 2, contacts: 1, contactMinutes: 10 });
    expect(t['3']).toMatchObject({ clientMonths: 0, observedHours: null, suggestedHours: null });
    // scale = (4 × 6 + 2 × 2 + 2 × 1) ÷ (4 × 0.875 + 2 × 0 + 2 × 1/12) = 30 ÷ (3.5 + 1/6)
    const scale = 30 / (3.5 + 1 / 6);
    expect(doc.scale).toBeCloseTo(scale, 12);
    expect(t['4'].suggestedHours).toBeCloseTo(0.875 * scale, 12);
    expect(doc.minutesCoverage).toBeCloseTo(4 / 5, 12);
    const csv = await cli('report', 'calibration', '--agency', 'ag', '--from', '2025-06-01', '--to', '2025-07-31', '--format', 'csv');
    expect(csv.stdout.split('\r\n')[0]).toBe(
      'tier,clientMonths,contacts,contactsWithMinutes,contactMinutes,observedHours,modelHours,suggestedHours',
    );
  });
});
