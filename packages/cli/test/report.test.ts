import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendSettingsVersion, connect, createAgency, migrateToLatest } from '@caseload/db';
import { defaultSettings } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCapturing } from './cli.ts';

/**
 * One agency on an on-disk PGlite (the CLI opens it itself), D = 2025-06-30,
 * caseHoursPerFte 10 (settings version 2), tiers assessed 2025-06-01:
 *   s1 (T1, FTE 1): c1 tier 3 (3.5 h), c2 tier 3 (3.5 h), c3 tier 2 (2 h), c4 tier 4 (6 h) → 15 / 10 = 1.5
 *   s2 (T1, FTE 1): nobody → 0
 */
let dir: string;
const D = '2025-06-30';

function cli(...argv: string[]) {
  return cliWith({}, ...argv);
}

function cliWith(env: Record<string, string>, ...argv: string[]) {
  return runCapturing({ DATA_DIR: dir, ...env }, argv);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cm-report-'));
  const h = await connect({ dataDir: dir });
  try {
    await migrateToLatest(h.db);
    await createAgency(h.db, { agencyId: 'ag', name: 'Agency', settings: defaultSettings });
    await appendSettingsVersion(h.db, 'ag', { ...defaultSettings, caseHoursPerFte: 10 }, 'test');
    await h.db.insertInto('programs').values({ agency_id: 'ag', program_id: 'P1', name: 'P1' }).execute();
    await h.db.insertInto('teams').values({ agency_id: 'ag', team_id: 'T1', name: 'T1' }).execute();
    await h.db
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
    const tiers: Array<[string, number]> = [
      ['c1', 3],
      ['c2', 3],
      ['c3', 2],
      ['c4', 4],
    ];
    await h.db
      .insertInto('clients')
      .values(tiers.map(([client_id]) => ({ agency_id: 'ag', client_id, program_id: 'P1', enrolled_on: '2024-01-01' })))
      .execute();
    await h.db
      .insertInto('assignments')
      .values(tiers.map(([client_id]) => ({ agency_id: 'ag', client_id, staff_id: 's1', start_on: '2024-01-01' })))
      .execute();
    await h.db
      .insertInto('assessments')
      .values(
        tiers.map(([client_id, acuity_tier]) => ({
          agency_id: 'ag',
          assessment_id: `A${client_id}`,
          client_id,
          assessed_on: '2025-06-01',
          kind: 'initial' as const,
          acuity_tier,
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

describe('cli report', () => {
  test('caseload as JSON: the interfaces.md keys, as the service computes them', async () => {
    const r = await cli('report', 'caseload', '--agency', 'ag', '--as-of', D, '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['asOf', 'settingsVersion', 'staff', 'teams', 'agency']);
    expect(doc.asOf).toBe(D);
    expect(doc.settingsVersion).toBe(2);
    // s1: 3.5 + 3.5 + 2 + 6 = 15 h over 10; s2: 0
    expect(doc.staff[0]).toEqual({
      staffId: 's1',
      teamId: 'T1',
      clients: 4,
      tierCounts: { '1': 0, '2': 1, '3': 2, '4': 1, unassessed: 0 },
      weightedHours: 15,
      otherHours: 0,
      workloadHours: 15,
      fte: 1,
      baseCapacityHours: 10,
      reductionPercent: 0,
      reductionHours: 0,
      capacityHours: 10,
      loadRatio: 1.5,
      band: 'critical',
      daysOverCapacity90: 30, // assessed 2025-06-01; unassessed before: 8 h
    });
    expect(doc.agency).toEqual({
      members: 2,
      clients: 4,
      weightedHours: 15,
      otherHours: 0,
      workloadHours: 15,
      capacityHours: 20,
      loadRatio: 0.75,
      maxLoadRatio: 1.5,
      minLoadRatio: 0,
      overCount: 1,
      cv: 1,
      unassigned: 0,
      uncovered: 0,
    });
  });

  test('compliance as CSV: one header, one row per staff member, empty cells for null', async () => {
    const r = await cli('report', 'compliance', '--agency', 'ag', '--as-of', D, '--format', 'csv');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'staffId,teamId,contactDue,contactMet,contactRate,reassessDue,reassessOverdue,reassessDueSoon,reassessRate\r\n' +
        's1,T1,4,0,0,4,0,0,1\r\n' +
        's2,T1,0,0,,0,0,0,\r\n',
    );
  });

  test('rebalance: moves as CSV (quoted reasons), JSON with the interfaces.md keys', async () => {
    const json = await cli('report', 'rebalance', '--agency', 'ag', '--team', 'T1', '--as-of', D, '--format', 'json');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    for (const key of ['teamId', 'asOf', 'teamLoadRatio', 'overCapacityHours', 'moves', 'before', 'after']) expect(doc).toHaveProperty(key);
    // s1 at 1.5: c1 (3.5 h) → s1 1.15, s2 0.35; then c2 → s1 0.8, s2 0.7
    expect(doc.moves.map((m: { clientId: string; toStaffId: string; hours: number }) => [m.clientId, m.toStaffId, m.hours])).toEqual([
      ['c1', 's2', 3.5],
      ['c2', 's2', 3.5],
    ]);
    const csv = await cli('report', 'rebalance', '--agency', 'ag', '--team', 'T1', '--as-of', D, '--format', 'csv');
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('clientId,fromStaffId,toStaffId,hours,tier,daysWithHolder,reason');
    expect(lines[1]).toMatch(/^c1,s1,s2,3\.5,3,546,"s1 is over capacity \(load 1\.500 → 1\.150\); /);
  });

  test('--as-role board: aggregates only, cells from fewer than 11 clients withheld', async () => {
    const json = await cli('report', 'caseload', '--agency', 'ag', '--as-of', D, '--as-role', 'board', '--format', 'json');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.staff).toEqual([]);
    expect(doc.agency).toMatchObject({ members: 2, clients: null, loadRatio: null, suppressed: { clients: true, loadRatio: true } });
    const csv = await cli('report', 'caseload', '--agency', 'ag', '--as-of', D, '--as-role', 'board', '--format', 'csv');
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'teamId,members,clients,weightedHours,capacityHours,loadRatio,maxLoadRatio,minLoadRatio,overCount,cv,unassigned,uncovered',
    );
    expect(lines[1]?.startsWith('T1,2,suppressed,')).toBe(true);
    expect(lines[2]?.startsWith('agency,2,suppressed,')).toBe(true);
  });

  test('without --as-of a report is as of today: the date CASELOAD_TODAY pins', async () => {
    const r = await cliWith({ CASELOAD_TODAY: D }, 'report', 'caseload', '--agency', 'ag', '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { asOf: string; staff: Array<{ staffId: string; loadRatio: number | null }> };
    expect(report.asOf).toBe(D);
    expect(report.staff.find((s) => s.staffId === 's1')?.loadRatio).toBeCloseTo(1.5, 12);
  });

  test('a CASELOAD_TODAY that is not a calendar date is refused with a sentence (exit 1)', async () => {
    const r = await cliWith({ CASELOAD_TODAY: '2025-02-30' }, 'report', 'caseload', '--agency', 'ag', '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/CASELOAD_TODAY must be a calendar date written YYYY-MM-DD/);
    expect(r.stdout).toBe('');
  });

  test('a Standard 8 report runs through the same command (--from --to)', async () => {
    const r = await cli('report', 'qa', '--agency', 'ag', '--from', '2025-01-01', '--to', D, '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('reviews');
  });

  test.each([
    [['report', 'rebalance', '--agency', 'ag', '--team', 'T1', '--as-role', 'board'], /has no board view/],
    [['report', 'caseload', '--agency', 'ag', '--as-role', 'director'], /--as-role takes only board/],
    [['report', 'qa', '--agency', 'ag', '--as-of', D], /needs --from and --to/],
    [['report', 'nosuch', '--agency', 'ag'], /unknown report "nosuch"/],
    [['report', 'caseload', '--agency', 'ag', '--as-of', '2025-02-30'], /--as-of must be a date/],
    [['report', 'caseload', '--agency', 'ag', '--from', '2025-01-01', '--to', D], /use --as-of/],
    [['report', 'caseload', '--as-of', D], /--agency is required/],
    [['report', 'caseload', '--agency', 'ag', '--format', 'xml'], /--format is json, csv or pdf/],
    [['report', 'rebalance', '--agency', 'ag', '--as-of', D], /needs exactly one --team/],
  ])('bad usage %j exits 2', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  test.each([
    [['report', 'caseload', '--agency', 'nobody', '--as-of', D], /there is no agency nobody/],
    [['report', 'rebalance', '--agency', 'ag', '--team', 'T9', '--as-of', D], /agency ag has no team T9/],
    [['report', 'caseload', '--agency', 'ag', '--program', 'P9', '--as-of', D], /agency ag has no program P9/],
  ])('unknown agency, team or program %j exits 1', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});
