import { appendSettingsVersion, createAgency, type Database, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { defaultSettings } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ServiceError } from '../src/errors.ts';
import { caseloadReport, staffClients, standard9Settings } from '../src/services/caseload.ts';
import { complianceReport } from '../src/services/compliance.ts';
import { intakeRanking } from '../src/services/intake.ts';
import { rebalanceReport } from '../src/services/rebalance.ts';
import { caseloadTrend } from '../src/services/trend.ts';
import { worklist } from '../src/services/worklist.ts';

const D = '2025-06-30';

/**
 * Agency x1 (settings version 2: caseHoursPerFte 10), D = 2025-06-30. Clients enrolled
 * and assigned 2024-01-01; tiers by override, assessed 2025-05-01 unless said:
 *   s1 (T1, FTE 1):   c1 tier 4 (6 h, P1), c2 tier 3 (3.5, P1), c3 tier 2 (2, P2)  → 11.5 / 10 = 1.15
 *   s2 (T1, FTE 0.5): c4 tier 1 (1, P1)                                             → 1 / 5 = 0.2
 *   s3 (T2, FTE 1):   c5 unassessed (2, P2)                                         → 2 / 10 = 0.2
 *   z  (T2, FTE 0):   c6 tier 2 (P1): uncovered
 *   c7 (P1, tier 3 assessed 2024-12-01): held by s2 until 2025-06-01, then unassigned
 *   c8 (P2): enrolls 2025-07-01, after D
 * Contacts: c1 home visit 06-20; c2 phone 06-25; c3 office visit 2023-01-05 (old).
 * Agency x2 reuses the same ids for other facts.
 */
async function seed(db: Kysely<Database>, agencyId: string, variant: 'x1' | 'x2') {
  await createAgency(db, { agencyId, name: agencyId, settings: defaultSettings });
  await db
    .insertInto('programs')
    .values(['P1', 'P2'].map((p) => ({ agency_id: agencyId, program_id: p, name: p })))
    .execute();
  await db
    .insertInto('teams')
    .values(['T1', 'T2'].map((t) => ({ agency_id: agencyId, team_id: t, name: t })))
    .execute();
  const staff = (staff_id: string, team_id: string, caseload_fte: number) => ({
    agency_id: agencyId,
    staff_id,
    name: staff_id,
    role: 'case_manager' as const,
    team_id,
    caseload_fte,
    languages: ['en'],
    region: null,
  });
  if (variant === 'x2') {
    await db
      .insertInto('staff')
      .values([staff('s1', 'T2', 0.2)])
      .execute();
    await db.insertInto('clients').values({ agency_id: agencyId, client_id: 'c1', program_id: 'P1', enrolled_on: '2024-01-01' }).execute();
    await db.insertInto('assignments').values({ agency_id: agencyId, client_id: 'c1', staff_id: 's1', start_on: '2024-01-01' }).execute();
    return;
  }
  await appendSettingsVersion(db, agencyId, { ...defaultSettings, caseHoursPerFte: 10 }, 'test');
  await db
    .insertInto('staff')
    .values([staff('s1', 'T1', 1), staff('s2', 'T1', 0.5), staff('s3', 'T2', 1), staff('z', 'T2', 0)])
    .execute();
  const clients: Array<[string, string, string]> = [
    ['c1', 'P1', '2024-01-01'],
    ['c2', 'P1', '2024-01-01'],
    ['c3', 'P2', '2024-01-01'],
    ['c4', 'P1', '2024-01-01'],
    ['c5', 'P2', '2024-01-01'],
    ['c6', 'P1', '2024-01-01'],
    ['c7', 'P1', '2024-01-01'],
    ['c8', 'P2', '2025-07-01'],
  ];
  await db
    .insertInto('clients')
    .values(clients.map(([client_id, program_id, enrolled_on]) => ({ agency_id: agencyId, client_id, program_id, enrolled_on })))
    .execute();
  const holds: Array<[string, string, string | null]> = [
    ['c1', 's1', null],
    ['c2', 's1', null],
    ['c3', 's1', null],
    ['c4', 's2', null],
    ['c5', 's3', null],
    ['c6', 'z', null],
    ['c7', 's2', '2025-06-01'],
  ];
  await db
    .insertInto('assignments')
    .values(holds.map(([client_id, staff_id, end_on]) => ({ agency_id: agencyId, client_id, staff_id, start_on: '2024-01-01', end_on })))
    .execute();
  const tiers: Array<[string, number, string]> = [
    ['c1', 4, '2025-05-01'],
    ['c2', 3, '2025-05-01'],
    ['c3', 2, '2025-05-01'],
    ['c4', 1, '2025-05-01'],
    ['c6', 2, '2025-05-01'],
    ['c7', 3, '2024-12-01'],
  ];
  await db
    .insertInto('assessments')
    .values(
      tiers.map(([client_id, acuity_tier, assessed_on]) => ({
        agency_id: agencyId,
        assessment_id: `A-${client_id}`,
        client_id,
        assessed_on,
        kind: 'reassessment' as const,
        acuity_tier,
      })),
    )
    .execute();
  const contacts: Array<[string, string, 'home_visit' | 'phone' | 'office_visit']> = [
    ['c1', '2025-06-20', 'home_visit'],
    ['c2', '2025-06-25', 'phone'],
    ['c3', '2023-01-05', 'office_visit'],
  ];
  await db
    .insertInto('contacts')
    .values(
      contacts.map(([client_id, occurred_on, mode], i) => ({
        agency_id: agencyId,
        contact_id: `K${i}`,
        client_id,
        staff_id: 's1',
        occurred_on,
        mode,
      })),
    )
    .execute();
}

describe.each(testDrivers())('standard 9 services on %s', (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await seed(h.db, 'x1', 'x1');
    await seed(h.db, 'x2', 'x2');
    await h.db.insertInto('agencies').values({ agency_id: 'bare', name: 'No settings' }).execute();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('caseload report: the agency current settings, its rows only', async () => {
    const r = await caseloadReport(h.db, 'x1', { asOf: D });
    expect(r.settingsVersion).toBe(2);
    expect(r.staff.map((s) => [s.staffId, s.clients, s.weightedHours, s.capacityHours, s.loadRatio, s.band, s.daysOverCapacity90])).toEqual(
      [
        ['s1', 3, 11.5, 10, 1.15, 'over', 61], // over since the tiers of 2025-05-01: May 1 … Jun 30
        // s2 held c7 (3.5 h) until Jun 1; before May 1 c4 was unassessed (2 h): 5.5 / 5 over Apr 2 … Apr 30
        ['s2', 1, 1, 5, 0.2, 'under', 29],
        ['s3', 1, 2, 10, 0.2, 'under', 0],
        ['z', 1, 2, 0, null, null, 0],
      ],
    );
    expect(r.agency).toMatchObject({ members: 3, clients: 5, weightedHours: 14.5, capacityHours: 25, unassigned: 1, uncovered: 1 });
    expect(r.agency.loadRatio).toBeCloseTo(0.58, 12);
    expect(r.teams.map((t) => [t.teamId, t.members, t.clients, t.weightedHours, t.capacityHours])).toEqual([
      ['T1', 2, 4, 12.5, 15],
      ['T2', 1, 1, 2, 10],
    ]);
  });

  test('filters: programs restrict clients; teams restrict rows but not the agency totals', async () => {
    const p1 = await caseloadReport(h.db, 'x1', { asOf: D, programIds: ['P1'] });
    expect(p1.staff.map((s) => [s.staffId, s.clients, s.weightedHours])).toEqual([
      ['s1', 2, 9.5],
      ['s2', 1, 1],
      ['s3', 0, 0],
      ['z', 1, 2],
    ]);
    expect(p1.agency).toMatchObject({ clients: 3, unassigned: 1, uncovered: 1 });
    const t2 = await caseloadReport(h.db, 'x1', { asOf: D, teamIds: ['T2'] });
    expect(t2.staff.map((s) => s.staffId)).toEqual(['s3', 'z']);
    expect(t2.teams.map((t) => t.teamId)).toEqual(['T2']);
    expect(t2.agency).toEqual((await caseloadReport(h.db, 'x1', { asOf: D })).agency);
    const none = await caseloadReport(h.db, 'x1', { asOf: D, teamIds: [], programIds: [] });
    expect([none.staff, none.teams, none.agency.clients]).toEqual([[], [], 0]);
  });

  test('another agency with the same ids sees only its own rows', async () => {
    const r = await caseloadReport(h.db, 'x2', { asOf: D });
    expect(r.settingsVersion).toBe(1);
    expect(r.staff.map((s) => [s.staffId, s.teamId, s.clients, s.capacityHours])).toEqual([['s1', 'T2', 1, 22]]);
  });

  test('an agency without stored settings uses the defaults as version 0', async () => {
    expect(await standard9Settings(h.db, 'bare')).toEqual({ settings: defaultSettings, version: 0 });
    const r = await caseloadReport(h.db, 'bare', { asOf: D });
    expect(r).toMatchObject({ settingsVersion: 0, staff: [], teams: [], agency: { members: 0, loadRatio: null } });
  });

  test('compliance report', async () => {
    const r = await complianceReport(h.db, 'x1', { asOf: D });
    expect(r.settingsVersion).toBe(2);
    expect(r.staff.map((s) => [s.staffId, s.contactDue, s.contactMet, s.reassessDue, s.reassessOverdue])).toEqual([
      ['s1', 3, 1, 3, 0], // c1 compliant; c2 no face-to-face in 90 days; c3's last contact is 2023
      ['s2', 1, 0, 1, 0],
      ['s3', 1, 0, 1, 1], // c5 unassessed since 2024-01-01
      ['z', 1, 0, 1, 0],
    ]);
    expect(r.agency).toEqual({
      contactDue: 7,
      contactMet: 1,
      contactRate: 1 / 7,
      reassessDue: 7,
      reassessOverdue: 2, // c5, and c7 (tier 3 assessed 2024-12-01 ≤ D − 180)
      reassessDueSoon: 0,
      reassessRate: 1 - 2 / 7,
    });
    // (1.15, 1/3), (0.2, 0), (0.2, 0): the line through (0.2, 0) and (1.15, 1/3), r = 1
    expect(r.loadComplianceFit.n).toBe(3);
    expect(r.loadComplianceFit.slope).toBeCloseTo(1 / 3 / 0.95, 12);
    expect(r.loadComplianceFit.intercept).toBeCloseTo((-0.2 * (1 / 3)) / 0.95, 12);
    expect(r.loadComplianceFit.r).toBeCloseTo(1, 12);
  });

  test('rebalancing: T1 moves c2 from s1 to s2', async () => {
    const r = await rebalanceReport(h.db, 'x1', { teamId: 'T1', asOf: D });
    // c2 (3.5 h): s1 → 0.8, s2 → 4.5 / 5 = 0.9 beats c3 (2 h): s1 → 0.95; c1 is tier 4, protected
    expect(r.moves.map((m) => [m.clientId, m.fromStaffId, m.toStaffId, m.hours])).toEqual([['c2', 's1', 's2', 3.5]]);
    expect(r.after).toEqual([
      { staffId: 's1', loadRatio: 0.8 },
      { staffId: 's2', loadRatio: 0.9 },
    ]);
    expect(r).toMatchObject({ teamId: 'T1', asOf: D, settingsVersion: 2, teamOverCapacity: false, overCapacityHours: 0 });
    await expect(rebalanceReport(h.db, 'x1', { teamId: 'T9', asOf: D })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('intake ranking', async () => {
    const r = await intakeRanking(h.db, 'x1', { asOf: D, newClient: { programId: 'P1', primaryLanguage: null, region: null, tier: '3' } });
    expect(r.ranked.map((c) => [c.staffId, c.loadRatioAfter])).toEqual([
      ['s3', 0.55],
      ['s2', 0.9],
      ['s1', 1.5],
    ]);
  });

  test('monthly trend: as of each month end', async () => {
    const r = await caseloadTrend(h.db, 'x1', { from: '2025-04-15', to: D });
    // Apr 30: all unassessed before May 1 (2 h each) but c7 (3.5 h, with s2 until Jun 1): 6 + 5.5 + 2 = 13.5
    // May 31: 11.5 + (1 + 3.5) + 2 = 18; Jun 30: 11.5 + 1 + 2 = 14.5; capacity 25
    expect(r.months.map((m) => [m.asOf, m.agency.weightedHours, m.agency.capacityHours])).toEqual([
      ['2025-04-30', 13.5, 25],
      ['2025-05-31', 18, 25],
      ['2025-06-30', 14.5, 25],
    ]);
    const june = r.months[2];
    const direct = await complianceReport(h.db, 'x1', { asOf: D });
    expect(june?.agency.contactRate).toBe(direct.agency.contactRate);
    expect(june?.agency.reassessRate).toBe(direct.agency.reassessRate);
    await expect(caseloadTrend(h.db, 'x1', { from: D, to: '2025-06-01' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caseloadTrend(h.db, 'x1', { from: '2000-01-01', to: D })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  test('staff drill-down shows a last contact older than any window', async () => {
    const r = await staffClients(h.db, 'x1', { staffId: 's1', asOf: D });
    expect(r.clients.map((c) => [c.clientId, c.tier, c.lastContactOn, c.lastFaceToFaceOn, c.reassessDueOn])).toEqual([
      ['c1', '4', '2025-06-20', '2025-06-20', '2025-10-28'],
      ['c2', '3', '2025-06-25', null, '2025-10-28'],
      ['c3', '2', '2023-01-05', '2023-01-05', '2026-05-01'],
    ]);
    await expect(staffClients(h.db, 'x1', { staffId: 'nobody', asOf: D })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('work lists', async () => {
    const ids = async (kind: Parameters<typeof worklist>[2]['kind'], teamIds?: string[]) =>
      (await worklist(h.db, 'x1', { kind, asOf: D, teamIds })).clients.map((c) => c.clientId);
    expect(await ids('reassessOverdue')).toEqual(['c5', 'c7']); // due 2024-01-31, then 2025-05-30
    expect(await ids('unassigned')).toEqual(['c7']);
    expect(await ids('unassigned', ['T1'])).toEqual(['c7']); // last held by s2 of T1
    expect(await ids('unassigned', ['T2'])).toEqual([]);
    expect(await ids('uncovered')).toEqual(['c6']);
    expect(await ids('contactOverdue', ['T2'])).toEqual(['c5', 'c6']);
  });

  test('bad input is a ServiceError a person can act on', async () => {
    await expect(caseloadReport(h.db, 'x1', { asOf: '2025-02-30' })).rejects.toBeInstanceOf(ServiceError);
    await expect(complianceReport(h.db, 'x1', { asOf: 'yesterday' })).rejects.toThrow(/asOf must be a date written YYYY-MM-DD/);
    await expect(worklist(h.db, 'x1', { kind: 'everything' as 'unassigned', asOf: D })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
