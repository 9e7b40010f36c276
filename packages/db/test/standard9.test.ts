import { addDays, computeCaseloadReport, computeComplianceReport, defaultSettings, type ContactMode } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAgency, loadAssessmentRows, loadStandard9Rows, type DbHandle, type Standard9InputRows } from '../src/index.ts';
import { createTestDb, testDrivers } from '../src/testing.ts';
import { factories } from './standard9-factories.ts';
import { caseloadByStaffSql } from './sql-twins.ts';

/** A small deterministic generator (LCG), so the fixture is the same on every run and driver. */
function prng(seed: number) {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  return {
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    chance: (p: number) => next() < p,
  };
}

const D = '2025-06-30';
const AS_OF = [D, '2025-04-01', '2024-12-31'];

/** Every row of the agency, unfiltered: the reference the windowed loaders must agree with. */
async function everyRow(db: DbHandle['db'], agencyId: string): Promise<Standard9InputRows> {
  return loadStandard9Rows(db, agencyId, {
    from: '1900-01-01',
    to: '2999-12-31',
    contacts: { windowDays: 0 },
    assignmentHistory: true,
  });
}

describe.each(testDrivers())('standard 9 queries on %s', (driver) => {
  let h: DbHandle;
  const programs: string[] = [];

  beforeAll(async () => {
    h = await createTestDb(driver);
    const db = h.db;
    await createAgency(db, { agencyId: 'a1', name: 'Agency One', settings: defaultSettings });
    await createAgency(db, { agencyId: 'a2', name: 'Agency Two', settings: defaultSettings });
    const f = factories(db, 'a1');
    const rnd = prng(20251123);

    const pA = await f.program();
    const pB = await f.program();
    programs.push(pA.program_id, pB.program_id);
    const tA = await f.team();
    const tB = await f.team();
    await f.team(); // a team with no caseload staff
    const caseload = [
      await f.staff({ team_id: tA.team_id, caseload_fte: 1, languages: ['en', 'es'], region: 'north' }),
      await f.staff({ team_id: tA.team_id, caseload_fte: 0.5 }),
      await f.staff({ team_id: tA.team_id, caseload_fte: 0.8, region: 'south' }),
      await f.staff({ team_id: tB.team_id, caseload_fte: 1 }),
      await f.staff({ team_id: tB.team_id, caseload_fte: 0.6, languages: ['vi'] }),
      await f.staff({ team_id: null, caseload_fte: 0.3 }),
    ];
    const zeroFte = await f.staff({ team_id: tB.team_id, caseload_fte: 0, role: 'supervisor' });
    const inactive = await f.staff({ team_id: tA.team_id, active: false });
    const holders = [...caseload, ...caseload, zeroFte, inactive].map((s) => s.staff_id);
    const modes: ContactMode[] = ['home_visit', 'office_visit', 'phone', 'video', 'collateral'];

    for (let i = 0; i < 70; i++) {
      const enrolledOn = addDays('2023-01-01', rnd.int(0, 900));
      const closedOn = i === 0 ? D : rnd.chance(0.2) ? addDays(enrolledOn, rnd.int(1, 700)) : null;
      const c = await f.client({
        program_id: rnd.pick(programs),
        enrolled_on: enrolledOn,
        closed_on: closedOn,
        primary_language: rnd.pick([null, 'en', 'es', 'vi']),
        region: rnd.pick([null, 'north', 'south']),
      });
      // Assignments: none (unassigned), one, or a transfer; some end exactly on D.
      const n = rnd.int(0, 3) === 0 ? 0 : rnd.int(1, 2);
      let start = enrolledOn;
      for (let k = 0; k < n; k++) {
        const last = k === n - 1;
        const end = last
          ? rnd.chance(0.15) && start < D
            ? D
            : rnd.chance(0.2)
              ? addDays(start, rnd.int(30, 400))
              : null
          : addDays(start, rnd.int(20, 500));
        await f.assignment({ client_id: c.client_id, staff_id: rnd.pick(holders), start_on: start, end_on: end });
        if (end === null) break;
        start = end;
      }
      // Assessments: computed scores, overrides, APS, and same-day ties whose byte order differs from a locale's.
      const count = rnd.int(0, 3);
      let on = addDays(enrolledOn, rnd.int(0, 60));
      for (let k = 0; k < count; k++) {
        await f.assessment({
          client_id: c.client_id,
          assessed_on: on,
          adl_deficits: rnd.chance(0.8) ? rnd.int(0, 6) : null,
          iadl_deficits: rnd.chance(0.8) ? rnd.int(0, 8) : null,
          cognitive_impairment: rnd.pick([null, true, false]),
          lives_alone: rnd.pick([null, true, false]),
          recent_hospitalization: rnd.pick([null, true, false]),
          aps_involvement: rnd.chance(0.15),
          behavioral_health: rnd.pick([null, true, false]),
          acuity_tier: rnd.chance(0.15) ? rnd.int(1, 4) : null,
        });
        on = addDays(on, rnd.int(60, 300));
      }
      if (i % 9 === 0) {
        // 'tieB…' < 'tiea…' in byte order (COLLATE "C"); a locale collation says the opposite.
        const tieOn = addDays(enrolledOn, 5);
        await f.assessment({ client_id: c.client_id, assessed_on: tieOn, assessment_id: `tiea-${c.client_id}`, acuity_tier: 1 });
        await f.assessment({ client_id: c.client_id, assessed_on: tieOn, assessment_id: `tieB-${c.client_id}`, acuity_tier: 4 });
      }
      for (let k = rnd.int(0, 6); k > 0; k--) {
        await f.contact({
          client_id: c.client_id,
          staff_id: rnd.pick(holders),
          occurred_on: addDays(enrolledOn, rnd.int(0, 950)),
          mode: rnd.pick(modes),
        });
      }
    }

    // Agency two reuses agency one's ids for different facts: nothing of it may leak into a1.
    const g = factories(db, 'a2');
    await g.program({ program_id: pA.program_id });
    await g.team({ team_id: tA.team_id });
    const other = await g.staff({ staff_id: caseload[0]!.staff_id, team_id: tA.team_id, caseload_fte: 0.1 });
    for (let i = 0; i < 5; i++) {
      const c = await g.client({ program_id: pA.program_id, enrolled_on: '2024-01-01' });
      await g.assignment({ client_id: c.client_id, staff_id: other.staff_id, start_on: '2024-01-01', end_on: null });
      await g.assessment({ client_id: c.client_id, assessed_on: '2024-02-01', acuity_tier: 4 });
      await g.contact({ client_id: c.client_id, staff_id: other.staff_id, occurred_on: '2025-06-01', mode: 'home_visit' });
    }
  });

  afterAll(async () => {
    await h?.close();
  });

  const programFilters = () => [null, [programs[0] as string], [] as string[]];

  test.each(AS_OF)('SQL per-staff caseload figures equal the pure engine on %s', async (asOf) => {
    for (const programIds of programFilters()) {
      const rows = await loadStandard9Rows(h.db, 'a1', { from: addDays(asOf, -89), to: asOf, programIds, contacts: 'none' });
      const pure = computeCaseloadReport({ asOf, settingsVersion: 1, settings: defaultSettings, ...rows });
      const fromSql = await caseloadByStaffSql(h.db, 'a1', { asOf, programIds, settings: defaultSettings });
      expect(fromSql.map((s) => [s.staffId, s.clients])).toEqual(pure.staff.map((s) => [s.staffId, s.clients]));
      for (const [i, s] of fromSql.entries()) {
        const p = pure.staff[i]!;
        expect({ ...s, weightedHours: 0, workloadHours: 0, loadRatio: 0 }).toEqual({
          staffId: p.staffId,
          teamId: p.teamId,
          clients: p.clients,
          tierCounts: p.tierCounts,
          weightedHours: 0,
          otherHours: p.otherHours,
          workloadHours: 0,
          fte: p.fte,
          baseCapacityHours: p.baseCapacityHours,
          reductionPercent: p.reductionPercent,
          reductionHours: p.reductionHours,
          capacityHours: p.capacityHours,
          loadRatio: 0,
        });
        expect(s.weightedHours).toBeCloseTo(p.weightedHours, 9);
        expect(s.workloadHours).toBeCloseTo(p.workloadHours, 9);
        if (p.loadRatio === null) expect(s.loadRatio).toBeNull();
        else expect(s.loadRatio).toBeCloseTo(p.loadRatio, 9);
      }
    }
  });

  test('the fixture is not trivial: holders of every kind, several tiers, unassigned and uncovered clients', async () => {
    const rows = await loadStandard9Rows(h.db, 'a1', { from: addDays(D, -89), to: D, contacts: 'latest' });
    const r = computeCaseloadReport({ asOf: D, settingsVersion: 1, settings: defaultSettings, ...rows });
    const tiers = r.staff.reduce((acc, s) => acc.map((n, i) => n + Object.values(s.tierCounts)[i]!), [0, 0, 0, 0, 0]);
    expect(tiers.filter((n) => n > 0).length).toBeGreaterThanOrEqual(4);
    expect(r.agency.unassigned).toBeGreaterThan(0);
    expect(r.agency.uncovered).toBeGreaterThan(0);
    expect(r.agency.clients).toBeGreaterThan(15);
    expect(r.staff.some((s) => s.loadRatio === null && s.clients > 0)).toBe(true);
  });

  test.each(AS_OF)('the windowed loaders give the same reports as every row of the agency on %s', async (asOf) => {
    const all = await everyRow(h.db, 'a1');
    for (const programIds of programFilters()) {
      const clients = programIds ? all.clients.filter((c) => programIds.includes(c.programId)) : all.clients;
      const reference = { ...all, clients, asOf, settingsVersion: 1, settings: defaultSettings, allTeamIds: all.allTeamIds };
      const refWithContacts = { ...reference, contacts: all.contacts };

      const windowed = await loadStandard9Rows(h.db, 'a1', { from: addDays(asOf, -89), to: asOf, programIds, contacts: 'latest' });
      const input = { asOf, settingsVersion: 1, settings: defaultSettings, ...windowed };
      expect(computeCaseloadReport(input)).toEqual(computeCaseloadReport(reference));
      expect(computeComplianceReport(input)).toEqual(computeComplianceReport(refWithContacts));

      const byWindow = await loadStandard9Rows(h.db, 'a1', { from: asOf, to: asOf, programIds, contacts: { windowDays: 365 } });
      expect(computeComplianceReport({ ...input, ...byWindow })).toEqual(computeComplianceReport(refWithContacts));
    }
  });

  test('the loaders read only the given agency', async () => {
    const a1 = await everyRow(h.db, 'a1');
    const a2 = await everyRow(h.db, 'a2');
    expect(a2.clients).toHaveLength(5);
    expect(a2.staff).toHaveLength(1);
    expect(a2.staff[0]?.caseloadFte).toBe(0.1);
    const a1Clients = new Set(a1.clients.map((c) => c.clientId));
    expect(a2.clients.some((c) => a1Clients.has(c.clientId))).toBe(false);
    expect(a1.staff.find((s) => s.staffId === a2.staff[0]?.staffId)?.caseloadFte).toBe(1);
    const sqlA2 = await caseloadByStaffSql(h.db, 'a2', { asOf: D, settings: defaultSettings });
    expect(sqlA2).toEqual([
      {
        staffId: a2.staff[0]?.staffId,
        teamId: a2.staff[0]?.teamId,
        clients: 5,
        tierCounts: { '1': 0, '2': 0, '3': 0, '4': 5, unassessed: 0 },
        weightedHours: 30,
        otherHours: 0,
        workloadHours: 30,
        fte: 0.1,
        baseCapacityHours: 11,
        reductionPercent: 0,
        reductionHours: 0,
        capacityHours: 11,
        loadRatio: 30 / 11,
      },
    ]);
    expect(await caseloadByStaffSql(h.db, 'nobody', { asOf: D, settings: defaultSettings })).toEqual([]);
  });

  test('a program filter of [] selects nothing; caseload staff are still listed by SQL, with no clients', async () => {
    const rows = await loadStandard9Rows(h.db, 'a1', { from: D, to: D, programIds: [], contacts: 'latest' });
    expect([rows.clients, rows.assignments, rows.assessments, rows.contacts]).toEqual([[], [], [], []]);
    const fromSql = await caseloadByStaffSql(h.db, 'a1', { asOf: D, programIds: [], settings: defaultSettings });
    expect(fromSql.length).toBe(6);
    expect(fromSql.every((s) => s.clients === 0 && s.weightedHours === 0)).toBe(true);
  });

  test('assessments: the one in force on `from` and those after it, same-day ties by byte order', async () => {
    const f = factories(h.db, 'a1');
    const p = await f.program();
    const c = await f.client({ program_id: p.program_id, enrolled_on: '2020-01-01' });
    for (const [id, on] of [
      ['x-old', '2024-01-01'],
      ['x-B', '2024-06-01'],
      ['x-a', '2024-06-01'],
      ['x-mid', '2024-09-01'],
      ['x-late', '2025-07-01'],
    ] as const) {
      await f.assessment({ client_id: c.client_id, assessment_id: id, assessed_on: on });
    }
    const ids = async (from: string, to: string) =>
      (await loadAssessmentRows(h.db, 'a1', { from, to, programIds: [p.program_id] })).map((a) => a.assessmentId);
    // in force on 2024-07-01 is x-a ('a' > 'B'); then x-mid; x-late is after `to`
    expect(await ids('2024-07-01', '2025-06-30')).toEqual(['x-a', 'x-mid']);
    expect(await ids('2024-06-01', '2024-06-01')).toEqual(['x-a']);
    expect(await ids('2024-05-31', '2024-06-01')).toEqual(['x-B', 'x-a', 'x-old']);
  });
});
