/**
 * The caseload and compliance reports computed from counts per holder and tier in SQL
 * (client_load_spans) are the reports the engine computes from every row: on a
 * generated agency over many dates, program and team filters, and on a small agency
 * built around the boundaries (an assignment ending on D, an assessment on D, a staff
 * period ending on D, capacity reductions, a client closing on D), before and after
 * changes that the triggers must follow.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendSettingsVersion, createAgency, type Database, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { generateAgency, importDirectory } from '@caseload/importer';
import { addDays, defaultSettings, WORKLIST_KINDS, type CaseloadReport, type ComplianceReport, type Settings } from '@caseload/metrics';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { uncachedStandard9 } from '../src/services/uncached.ts';

const AS_OF = '2026-11-23';
const AGENCY = 'gen';

/** Every number of a report within 1e-9 of the other's, every other value equal. */
function expectSame(actual: unknown, expected: unknown, path = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Math.abs(actual - expected) > 1e-9) throw new Error(`${path}: ${actual} ≠ ${expected}`);
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', path).toBe(true);
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    expect(Object.keys(a).sort(), path).toEqual(Object.keys(e).sort());
    for (const k of Object.keys(e)) expectSame(a[k], e[k], `${path}.${k}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}

interface Filter {
  asOf: string;
  teamIds?: string[] | null;
  programIds?: string[] | null;
}

async function bothPaths(db: Kysely<Database>, agencyId: string, f: Filter) {
  const [caseload, caseloadRows, compliance, complianceRows] = await Promise.all([
    uncachedStandard9.caseloadReport(db, agencyId, f),
    uncachedStandard9.caseloadReportFromRows(db, agencyId, f),
    uncachedStandard9.complianceReport(db, agencyId, f),
    uncachedStandard9.complianceReportFromRows(db, agencyId, f),
  ]);
  return { caseload, caseloadRows, compliance, complianceRows };
}

async function expectPathsAgree(
  db: Kysely<Database>,
  agencyId: string,
  f: Filter,
): Promise<{ caseload: CaseloadReport; compliance: ComplianceReport }> {
  const r = await bothPaths(db, agencyId, f);
  expectSame(r.caseload, r.caseloadRows, `caseload ${JSON.stringify(f)}`);
  expectSame(r.compliance, r.complianceRows, `compliance ${JSON.stringify(f)}`);
  return r;
}

/** Every work list and each member's drill-down picked in SQL are those from every client's rows; returns how many clients they listed. */
async function expectListsAgree(db: Kysely<Database>, agencyId: string, f: Filter, staffIds: readonly string[]): Promise<number> {
  let listed = 0;
  for (const kind of WORKLIST_KINDS) {
    const [picked, rows] = await Promise.all([
      uncachedStandard9.worklist(db, agencyId, { ...f, kind }),
      uncachedStandard9.worklistFromRows(db, agencyId, { ...f, kind }),
    ]);
    expect(picked, `worklist ${kind} ${JSON.stringify(f)}`).toEqual(rows);
    listed += rows.clients.length;
  }
  for (const staffId of staffIds) {
    const input = { asOf: f.asOf, programIds: f.programIds, staffId };
    const [picked, rows] = await Promise.all([
      uncachedStandard9.staffClients(db, agencyId, input),
      uncachedStandard9.staffClientsFromRows(db, agencyId, input),
    ]);
    expect(picked, `staffClients ${staffId} ${JSON.stringify(f)}`).toEqual(rows);
    listed += rows.clients.length;
  }
  return listed;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseload-counts-'));
  await generateAgency({ scale: 's', seed: 5, asOf: AS_OF }, dir);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(testDrivers())('caseload and compliance from counts on a generated agency, on %s', (driver) => {
  let h: DbHandle;
  let teams: string[] = [];
  let programs: string[] = [];
  let staffIds: string[] = [];
  beforeAll(async () => {
    h = await createTestDb(driver);
    await createAgency(h.db, { agencyId: AGENCY, name: 'Generated', settings: defaultSettings, createdBy: 'test' });
    const result = await importDirectory(h.db, dir, { agencyId: AGENCY, today: AS_OF, actor: { userId: null, label: 'test seed' } });
    if (!result.ok) throw new Error(`import failed:\n${result.errors.slice(0, 20).join('\n')}`);
    teams = (await h.db.selectFrom('teams').select('team_id').where('agency_id', '=', AGENCY).orderBy('team_id').execute()).map(
      (t) => t.team_id,
    );
    programs = (await h.db.selectFrom('programs').select('program_id').where('agency_id', '=', AGENCY).orderBy('program_id').execute()).map(
      (p) => p.program_id,
    );
    // a few members: those who held most and fewest clients over time, and one in between
    const held = await sql<{ staff_id: string }>`
      select staff_id from assignments where agency_id = ${AGENCY} group by staff_id order by count(*) desc, staff_id`.execute(h.db);
    const ids = held.rows.map((r) => r.staff_id);
    staffIds = [ids[0], ids[Math.floor(ids.length / 2)], ids[ids.length - 1]].filter((x): x is string => x !== undefined);
  }, 300_000);
  afterAll(async () => {
    await h?.close();
  });

  test('every 61 days over three years, and the days the data changes on', async () => {
    const days: string[] = [];
    for (let d = addDays(AS_OF, -3 * 365); d <= AS_OF; d = addDays(d, 61)) days.push(d);
    days.push(AS_OF);
    // days something ends or starts on: assignments, assessments, staff periods, reductions, items, closures
    const edges = await sql<{ d: string }>`
      select d from (
        select end_on as d from assignments where agency_id = ${AGENCY} and end_on is not null
        union select assessed_on from assessments where agency_id = ${AGENCY}
        union select end_on from staff_periods where agency_id = ${AGENCY} and end_on is not null
        union select start_on from capacity_reductions where agency_id = ${AGENCY}
        union select end_on from capacity_reductions where agency_id = ${AGENCY} and end_on is not null
        union select start_on from workload_items where agency_id = ${AGENCY}
        union select closed_on from clients where agency_id = ${AGENCY} and closed_on is not null
      ) x where d <= ${AS_OF}::date order by d
    `.execute(h.db);
    const all = edges.rows.map((r) => r.d);
    // an evenly spread sample of them
    for (let i = 0; i < all.length; i += Math.max(1, Math.floor(all.length / 12))) days.push(all[i] as string);
    let withClients = 0;
    let listed = 0;
    for (const [i, asOf] of days.entries()) {
      const r = await expectPathsAgree(h.db, AGENCY, { asOf });
      if (r.caseload.agency.clients > 0) withClients += 1;
      // the lists from every client's rows are slow: every third day
      if (i % 3 === 0) listed += await expectListsAgree(h.db, AGENCY, { asOf }, staffIds);
    }
    expect(withClients).toBeGreaterThan(10);
    expect(listed).toBeGreaterThan(100);
  }, 300_000);

  test('program and team filters, alone and together, today and a year ago', async () => {
    const team = teams[0] as string;
    const program = programs[0] as string;
    for (const asOf of [AS_OF, addDays(AS_OF, -365)]) {
      await expectPathsAgree(h.db, AGENCY, { asOf, programIds: [program] });
      await expectPathsAgree(h.db, AGENCY, { asOf, programIds: programs.slice(1) });
      await expectPathsAgree(h.db, AGENCY, { asOf, teamIds: [team] });
      await expectPathsAgree(h.db, AGENCY, { asOf, teamIds: teams.slice(1, 3), programIds: [program] });
      await expectListsAgree(h.db, AGENCY, { asOf, programIds: [program] }, staffIds);
      await expectListsAgree(h.db, AGENCY, { asOf, teamIds: [team] }, []);
      expect(await expectListsAgree(h.db, AGENCY, { asOf, programIds: [] }, staffIds)).toBe(0);
      const none = await expectPathsAgree(h.db, AGENCY, { asOf, programIds: [] });
      expect(none.caseload.agency.clients).toBe(0);
      const noTeams = await expectPathsAgree(h.db, AGENCY, { asOf, teamIds: [] });
      expect(noTeams.caseload.staff).toEqual([]);
    }
  }, 300_000);

  test('other settings: tier hours that are not whole, other contact rules and reassessment days', async () => {
    const settings: Settings = {
      ...defaultSettings,
      tierHours: { '1': 1.1, '2': 2.3, '3': 3.7, '4': 5.9, unassessed: 0.7 },
      caseHoursPerFte: 37,
      contactRules: {
        '1': { anyDays: 45, faceToFaceDays: 200 },
        '2': { anyDays: 20, faceToFaceDays: 100 },
        '3': { anyDays: 14, faceToFaceDays: 60 },
        '4': { anyDays: 7, faceToFaceDays: 14 },
        unassessed: { anyDays: 10, faceToFaceDays: 40 },
      },
      reassessmentDays: { 1: 200, 2: 150, 3: 90, 4: 60 },
      initialAssessmentDays: 12,
    };
    await appendSettingsVersion(h.db, AGENCY, settings, 'test');
    for (const asOf of [AS_OF, addDays(AS_OF, -200), addDays(AS_OF, -700)]) {
      await expectPathsAgree(h.db, AGENCY, { asOf });
      await expectPathsAgree(h.db, AGENCY, { asOf, programIds: [programs[1] as string], teamIds: [teams[1] as string] });
      await expectListsAgree(h.db, AGENCY, { asOf }, staffIds);
    }
  }, 300_000);
});

/**
 * Agency b: D = 2025-06-30, one team T, programs P and Q, caseHoursPerFte 10.
 *   s1 (FTE 1, no periods); s2 (periods: FTE 1 until D, then FTE 0.5 from D); s3 (period ends on D);
 *   s4 (reduction of 100% from D − 10 to D; 50% from D); s5 (FTE 0)
 *   c1 (P): s1 until D, then s2 from D; tier 4 from 2025-01-01, tier 1 on D
 *   c2 (P): s3 from 2025-01-01, open; unassessed
 *   c3 (Q): s4 from 2025-04-01; tier 3 assessed 2024-06-01; closed on D
 *   c4 (Q): enrolled on D, s1; assessed on D at tier 2
 *   c5 (P): s5; tier 2 assessed 2025-03-01 and a second assessment the same day (id greater) at tier 4
 *   c6 (P): unassigned since D − 40 (held by s1 before)
 * Contacts: c1 phone D − 5, home visit D + 3 (after D); c2 office visit D − 100; c5 video on D.
 */
async function seedBoundaries(db: Kysely<Database>, agencyId: string) {
  const D = '2025-06-30';
  await createAgency(db, { agencyId, name: agencyId, settings: { ...defaultSettings, caseHoursPerFte: 10 } });
  await db
    .insertInto('programs')
    .values([
      { agency_id: agencyId, program_id: 'P', name: 'P' },
      { agency_id: agencyId, program_id: 'Q', name: 'Q' },
    ])
    .execute();
  await db.insertInto('teams').values({ agency_id: agencyId, team_id: 'T', name: 'T' }).execute();
  const staff = (staff_id: string, caseload_fte: number) => ({
    agency_id: agencyId,
    staff_id,
    name: staff_id,
    role: 'case_manager' as const,
    team_id: 'T',
    caseload_fte,
    languages: ['en'],
    region: null,
  });
  await db
    .insertInto('staff')
    .values([staff('s1', 1), staff('s2', 1), staff('s3', 1), staff('s4', 1), staff('s5', 0)])
    .execute();
  await db
    .insertInto('staff_periods')
    .values([
      { agency_id: agencyId, staff_id: 's2', start_on: '2024-01-01', end_on: D, caseload_fte: 1, team_id: 'T' },
      { agency_id: agencyId, staff_id: 's2', start_on: D, end_on: null, caseload_fte: 0.5, team_id: 'T' },
      { agency_id: agencyId, staff_id: 's3', start_on: '2024-01-01', end_on: D, caseload_fte: 1, team_id: 'T' },
    ])
    .execute();
  await db
    .insertInto('capacity_reductions')
    .values([
      { agency_id: agencyId, reduction_id: 'R1', staff_id: 's4', reason: 'leave', start_on: addDays(D, -10), end_on: D, percent: 100 },
      { agency_id: agencyId, reduction_id: 'R2', staff_id: 's4', reason: 'training', start_on: D, end_on: null, percent: 50 },
    ])
    .execute();
  await db
    .insertInto('workload_items')
    .values({
      agency_id: agencyId,
      item_id: 'W1',
      staff_id: 's1',
      kind: 'court',
      start_on: addDays(D, -30),
      end_on: addDays(D, 1),
      hours_per_month: 6,
    })
    .execute();
  await db
    .insertInto('clients')
    .values([
      { agency_id: agencyId, client_id: 'c1', program_id: 'P', enrolled_on: '2024-01-01' },
      { agency_id: agencyId, client_id: 'c2', program_id: 'P', enrolled_on: '2024-01-01' },
      { agency_id: agencyId, client_id: 'c3', program_id: 'Q', enrolled_on: '2024-01-01', closed_on: D },
      { agency_id: agencyId, client_id: 'c4', program_id: 'Q', enrolled_on: D },
      { agency_id: agencyId, client_id: 'c5', program_id: 'P', enrolled_on: '2024-01-01' },
      { agency_id: agencyId, client_id: 'c6', program_id: 'P', enrolled_on: '2024-01-01' },
    ])
    .execute();
  await db
    .insertInto('assignments')
    .values([
      { agency_id: agencyId, client_id: 'c1', staff_id: 's1', start_on: '2024-01-01', end_on: D },
      { agency_id: agencyId, client_id: 'c1', staff_id: 's2', start_on: D, end_on: null },
      { agency_id: agencyId, client_id: 'c2', staff_id: 's3', start_on: '2025-01-01', end_on: null },
      { agency_id: agencyId, client_id: 'c3', staff_id: 's4', start_on: '2025-04-01', end_on: null },
      { agency_id: agencyId, client_id: 'c4', staff_id: 's1', start_on: D, end_on: null },
      { agency_id: agencyId, client_id: 'c5', staff_id: 's5', start_on: '2024-01-01', end_on: null },
      { agency_id: agencyId, client_id: 'c6', staff_id: 's1', start_on: '2024-01-01', end_on: addDays(D, -40) },
    ])
    .execute();
  const assessment = (assessment_id: string, client_id: string, assessed_on: string, acuity_tier: number) => ({
    agency_id: agencyId,
    assessment_id,
    client_id,
    assessed_on,
    kind: 'reassessment' as const,
    acuity_tier,
  });
  await db
    .insertInto('assessments')
    .values([
      assessment('A1', 'c1', '2025-01-01', 4),
      assessment('A2', 'c1', D, 1),
      assessment('A3', 'c3', '2024-06-01', 3),
      assessment('A4', 'c4', D, 2),
      assessment('A5-a', 'c5', '2025-03-01', 2),
      assessment('A5-b', 'c5', '2025-03-01', 4),
    ])
    .execute();
  const contact = (
    contact_id: string,
    client_id: string,
    occurred_on: string,
    mode: 'phone' | 'home_visit' | 'office_visit' | 'video',
  ) => ({
    agency_id: agencyId,
    contact_id,
    client_id,
    staff_id: 's1',
    occurred_on,
    mode,
  });
  await db
    .insertInto('contacts')
    .values([
      contact('K1', 'c1', addDays(D, -5), 'phone'),
      contact('K2', 'c1', addDays(D, 3), 'home_visit'),
      contact('K3', 'c2', addDays(D, -100), 'office_visit'),
      contact('K4', 'c5', D, 'video'),
    ])
    .execute();
}

const MEMBERS = ['s1', 's2', 's3', 's4', 's5'];

describe.each(testDrivers())('caseload and compliance from counts at the boundaries, on %s', (driver) => {
  const D = '2025-06-30';
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedBoundaries(h.db, 'b');
  });
  afterAll(async () => {
    await h?.close();
  });

  const days = () => [
    addDays(D, -91),
    addDays(D, -41),
    addDays(D, -40),
    addDays(D, -11),
    addDays(D, -10),
    addDays(D, -1),
    D,
    addDays(D, 1),
    addDays(D, 3),
    addDays(D, 89),
    addDays(D, 90),
  ];

  test('on the days around every boundary, with and without filters', async () => {
    for (const asOf of days()) {
      await expectPathsAgree(h.db, 'b', { asOf });
      await expectPathsAgree(h.db, 'b', { asOf, programIds: ['Q'] });
      await expectPathsAgree(h.db, 'b', { asOf, teamIds: ['T'], programIds: ['P'] });
      await expectListsAgree(h.db, 'b', { asOf }, MEMBERS);
      await expectListsAgree(h.db, 'b', { asOf, programIds: ['Q'] }, MEMBERS);
    }
  });

  test('hand-counted on D: who holds what, at which tier, and what is due', async () => {
    const { caseload, compliance } = await expectPathsAgree(h.db, 'b', { asOf: D });
    const row = (id: string) => caseload.staff.find((s) => s.staffId === id);
    // c1 moved to s2 on D at tier 1 (assessed on D); c4 enrolled on D with s1 at tier 2; c3 closed on D
    expect(row('s1')?.tierCounts).toEqual({ '1': 0, '2': 1, '3': 0, '4': 0, unassessed: 0 });
    expect(row('s2')?.tierCounts).toEqual({ '1': 1, '2': 0, '3': 0, '4': 0, unassessed: 0 });
    expect(row('s2')?.capacityHours).toBe(5);
    expect(row('s4')?.clients).toBe(0);
    // s3's period ended on D: c2 is held by someone who is not caseload staff; c5 by s5 (FTE 0)
    expect(caseload.agency.uncovered).toBe(2);
    expect(caseload.agency.unassigned).toBe(1);
    // s1 (capacity 10) held c1 (tier 4, 6 h) until D − 1 and c6 (unassessed, 2 h) until D − 41; the 6-hour item runs
    // from D − 30: 8 / 10 until D − 41, 6 / 10 until D − 31, 12 / 10 from D − 30 to D − 1 (30 days), 8 / 10 on D
    expect(row('s1')?.daysOverCapacity90).toBe(30);
    // c5's same-day assessments: the greater id (tier 4) decides; a video on D meets its 30-day rule
    expect(caseload.staff.find((s) => s.staffId === 's5')?.tierCounts['4']).toBe(1);
    expect(compliance.agency.contactDue).toBe(4);
    // the lists name them: c6 unassigned; c2 (s3, period ended on D) and c5 (s5, FTE 0) uncovered
    const list = (kind: 'unassigned' | 'uncovered') => uncachedStandard9.worklist(h.db, 'b', { asOf: D, kind });
    expect((await list('unassigned')).clients.map((c) => c.clientId)).toEqual(['c6']);
    expect((await list('uncovered')).clients.map((c) => c.clientId)).toEqual(['c2', 'c5']);
    const s2 = await uncachedStandard9.staffClients(h.db, 'b', { asOf: D, staffId: 's2' });
    expect(s2.clients.map((c) => [c.clientId, c.tier, c.heldSince])).toEqual([['c1', '1', D]]);
  });

  test('the triggers follow inserts, updates and deletes', async () => {
    await h.db.updateTable('assignments').set({ staff_id: 's4' }).where('agency_id', '=', 'b').where('client_id', '=', 'c2').execute();
    await h.db.updateTable('clients').set({ program_id: 'Q' }).where('agency_id', '=', 'b').where('client_id', '=', 'c5').execute();
    await h.db.deleteFrom('assessments').where('agency_id', '=', 'b').where('assessment_id', '=', 'A2').execute();
    await h.db
      .insertInto('assessments')
      .values({
        agency_id: 'b',
        assessment_id: 'A9',
        client_id: 'c6',
        assessed_on: addDays(D, -60),
        kind: 'initial',
        adl_deficits: 6,
        aps_involvement: true,
      })
      .execute();
    await h.db
      .updateTable('clients')
      .set({ closed_on: addDays(D, 2) })
      .where('agency_id', '=', 'b')
      .where('client_id', '=', 'c1')
      .execute();
    for (const asOf of days()) {
      await expectPathsAgree(h.db, 'b', { asOf });
      await expectPathsAgree(h.db, 'b', { asOf, programIds: ['Q'] });
      await expectListsAgree(h.db, 'b', { asOf }, MEMBERS);
    }
    const { caseload } = await expectPathsAgree(h.db, 'b', { asOf: D });
    // c1 is tier 4 again on D (A2 gone)
    expect(caseload.staff.find((s) => s.staffId === 's2')?.tierCounts['4']).toBe(1);
    await h.db.deleteFrom('assignments').where('agency_id', '=', 'b').execute();
    const after = await expectPathsAgree(h.db, 'b', { asOf: D });
    // active on D: c1 (closes D + 2), c2, c4, c5, c6
    expect(after.caseload.agency.unassigned).toBe(5);
  });
});
