/**
 * `cli report standards` (interfaces.md) against hand-computed periods for all four
 * kinds, and the same report from the service on both drivers (the rows as the db
 * queries feed them: birth years, teams' supervisors, staff without periods).
 *
 * caseHoursPerFte 10, one hour per client at every tier (so capacity is 10 h per FTE).
 *   T1 (supervisor sup, no caseload FTE): s1 (1.0 FTE), s2 (0.5 FTE). T2 (no supervisor): s3 (1.0).
 *   s1: y1–y3 (P1, born 2021, enrolled 2024-12-01), o1 (P2, born 1950, 2024-01-01)
 *   s2: n1–n2 (P1, no birth year, 2024-01-01)
 *   s3: t1–t4 (P2, 2024-01-01) and z (P2) from 2025-02-20, end 2025-03-05 (held 02-20 … 03-04)
 *
 * Periods: 2025-01 (01-31), 2025-02 (02-28), 2025-03 (03-31); quarter 2025-Q1.
 *   avgP1   average_ratio P1, limit 4: 5 clients ÷ (1 × 3/4 + 0.5 × 2/2 = 1.25) = 4 → never missed.
 *           (On 2024-11-30, before y1–y3: 2 ÷ 0.5 = 4, so nothing earlier is missed either.)
 *   under6  average_ratio age ≤ 5, limit 2: y1–y3 (age 4) ÷ (1 × 3/4) = 4 → missed from 2024-12
 *           (none in scope before: no value): Jan 2 in a row, Feb 3, Mar 4; plan due from Jan.
 *   indiv   individual_max limit 4 for more than 10 days: s3 holds 5 on 02-20 … 03-04:
 *           Feb 9 days (not missed), Mar 9 + 4 = 13 (missed, s3 over). s1 holds 4: not over 4.
 *   load    load_ratio 0.8: agency 10 clients ÷ 25 h = 0.4; Feb 11 ÷ 25 = 0.44; Mar 0.4.
 *   loadT2  load_ratio T2 0.5: 4 ÷ 10 = 0.4; Feb 5 ÷ 10 = 0.5 (exactly the limit: missed); Mar 0.4.
 *   span    supervisor_span 1 (plan after 3): T1 has s1, s2 besides sup → 2 > 1 every month since
 *           the staff have no periods: 12 in a row (the look-back's cap), T1 over.
 *   q6      under6 quarterly: 2024-Q4 (12-31) missed, 2025-Q1 missed: 2 in a row, plan due.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { standardsReport } from '@caseload/api';
import { appendSettingsVersion, connect, createAgency, type Database, migrateToLatest } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { type CaseloadStandard, defaultSettings } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCapturing } from './cli.ts';

let dir: string;

const RULES: CaseloadStandard[] = [
  { id: 'avgP1', label: 'P1 average 1:4', kind: 'average_ratio', limit: 4, period: 'month', programs: ['P1'] },
  { id: 'under6', label: 'Under 6: average 1:2', kind: 'average_ratio', limit: 2, period: 'month', programs: [], ageMax: 5 },
  {
    id: 'indiv',
    label: 'Nobody above 4 for more than 10 days',
    kind: 'individual_max',
    limit: 4,
    maxDays: 10,
    period: 'month',
    programs: [],
  },
  { id: 'load', label: 'Waitlist at 80%', kind: 'load_ratio', limit: 0.8, period: 'month', programs: [] },
  { id: 'loadT2', label: 'T2 at 50%', kind: 'load_ratio', limit: 0.5, period: 'month', programs: [], teamId: 'T2' },
  { id: 'span', label: 'One per supervisor', kind: 'supervisor_span', limit: 1, period: 'month', programs: [], correctionAfter: 3 },
  { id: 'q6', label: 'Under 6 quarterly', kind: 'average_ratio', limit: 2, period: 'quarter', programs: [], ageMax: 5 },
];

const p = (
  period: string,
  end: string,
  value: number | null,
  clients: number | null,
  missed: boolean,
  consecutiveMisses: number,
  correctionDue: boolean,
  over: unknown[] = [],
) => ({
  period,
  end,
  value,
  clients,
  missed,
  consecutiveMisses,
  correctionDue,
  over,
});

const EXPECTED = {
  from: '2025-01-01',
  to: '2025-03-31',
  standards: [
    {
      id: 'avgP1',
      label: 'P1 average 1:4',
      kind: 'average_ratio',
      limit: 4,
      periods: [
        p('2025-01', '2025-01-31', 4, 5, false, 0, false),
        p('2025-02', '2025-02-28', 4, 5, false, 0, false),
        p('2025-03', '2025-03-31', 4, 5, false, 0, false),
      ],
    },
    {
      id: 'under6',
      label: 'Under 6: average 1:2',
      kind: 'average_ratio',
      limit: 2,
      periods: [
        p('2025-01', '2025-01-31', 4, 3, true, 2, true),
        p('2025-02', '2025-02-28', 4, 3, true, 3, true),
        p('2025-03', '2025-03-31', 4, 3, true, 4, true),
      ],
    },
    {
      id: 'indiv',
      label: 'Nobody above 4 for more than 10 days',
      kind: 'individual_max',
      limit: 4,
      periods: [
        p('2025-01', '2025-01-31', 0, null, false, 0, false),
        p('2025-02', '2025-02-28', 9, null, false, 0, false),
        p('2025-03', '2025-03-31', 13, null, true, 1, false, [{ staffId: 's3', value: 13 }]),
      ],
    },
    {
      id: 'load',
      label: 'Waitlist at 80%',
      kind: 'load_ratio',
      limit: 0.8,
      periods: [
        p('2025-01', '2025-01-31', 0.4, 10, false, 0, false),
        p('2025-02', '2025-02-28', 0.44, 11, false, 0, false),
        p('2025-03', '2025-03-31', 0.4, 10, false, 0, false),
      ],
    },
    {
      id: 'loadT2',
      label: 'T2 at 50%',
      kind: 'load_ratio',
      limit: 0.5,
      periods: [
        p('2025-01', '2025-01-31', 0.4, 4, false, 0, false),
        p('2025-02', '2025-02-28', 0.5, 5, true, 1, false),
        p('2025-03', '2025-03-31', 0.4, 4, false, 0, false),
      ],
    },
    {
      id: 'span',
      label: 'One per supervisor',
      kind: 'supervisor_span',
      limit: 1,
      periods: ['2025-01-31', '2025-02-28', '2025-03-31'].map((end) =>
        p(end.slice(0, 7), end, 2, null, true, 12, true, [{ teamId: 'T1', value: 2 }]),
      ),
    },
    {
      id: 'q6',
      label: 'Under 6 quarterly',
      kind: 'average_ratio',
      limit: 2,
      periods: [p('2025-Q1', '2025-03-31', 4, 3, true, 2, true)],
    },
  ],
};

async function seed(db: Kysely<Database>, rules: CaseloadStandard[]) {
  const flat = { '1': 1, '2': 1, '3': 1, '4': 1, unassessed: 1 };
  await createAgency(db, { agencyId: 'ag', name: 'Agency', settings: defaultSettings });
  await appendSettingsVersion(db, 'ag', { ...defaultSettings, caseHoursPerFte: 10, tierHours: flat, caseloadStandards: rules }, 'test');
  await db
    .insertInto('programs')
    .values(['P1', 'P2'].map((program_id) => ({ agency_id: 'ag', program_id, name: program_id })))
    .execute();
  // teams first (staff name them), then T1's supervisor
  await db
    .insertInto('teams')
    .values(['T1', 'T2'].map((team_id) => ({ agency_id: 'ag', team_id, name: team_id, supervisor_staff_id: null })))
    .execute();
  await db
    .insertInto('staff')
    .values(
      (
        [
          ['s1', 'T1', 1],
          ['s2', 'T1', 0.5],
          ['sup', 'T1', 0],
          ['s3', 'T2', 1],
        ] as const
      ).map(([staff_id, team_id, caseload_fte]) => ({
        agency_id: 'ag',
        staff_id,
        name: staff_id,
        role: staff_id === 'sup' ? ('supervisor' as const) : ('case_manager' as const),
        team_id,
        caseload_fte,
        languages: ['en'],
      })),
    )
    .execute();
  await db.updateTable('teams').set({ supervisor_staff_id: 'sup' }).where('agency_id', '=', 'ag').where('team_id', '=', 'T1').execute();
  const clients: Array<[string, string, string, number | null, string, string, string | null]> = [
    ['y1', 's1', 'P1', 2021, '2024-12-01', '2024-12-01', null],
    ['y2', 's1', 'P1', 2021, '2024-12-01', '2024-12-01', null],
    ['y3', 's1', 'P1', 2021, '2024-12-01', '2024-12-01', null],
    ['o1', 's1', 'P2', 1950, '2024-01-01', '2024-01-01', null],
    ['n1', 's2', 'P1', null, '2024-01-01', '2024-01-01', null],
    ['n2', 's2', 'P1', null, '2024-01-01', '2024-01-01', null],
    ['t1', 's3', 'P2', 1960, '2024-01-01', '2024-01-01', null],
    ['t2', 's3', 'P2', 1960, '2024-01-01', '2024-01-01', null],
    ['t3', 's3', 'P2', 1960, '2024-01-01', '2024-01-01', null],
    ['t4', 's3', 'P2', 1960, '2024-01-01', '2024-01-01', null],
    ['z', 's3', 'P2', 1960, '2025-02-20', '2025-02-20', '2025-03-05'],
  ];
  await db
    .insertInto('clients')
    .values(
      clients.map(([client_id, , program_id, birth_year, enrolled_on]) => ({
        agency_id: 'ag',
        client_id,
        program_id,
        birth_year,
        enrolled_on,
      })),
    )
    .execute();
  await db
    .insertInto('assignments')
    .values(clients.map(([client_id, staff_id, , , , start_on, end_on]) => ({ agency_id: 'ag', client_id, staff_id, start_on, end_on })))
    .execute();
}

function cli(...argv: string[]) {
  return runCapturing({ DATA_DIR: dir }, argv);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cm-report-standards-'));
  const h = await connect({ dataDir: dir });
  try {
    await migrateToLatest(h.db);
    await seed(h.db, RULES);
  } finally {
    await h.close();
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli report standards', () => {
  test('all four kinds equal the hand-computed periods', async () => {
    const r = await cli('report', 'standards', '--agency', 'ag', '--from', '2025-01-01', '--to', '2025-03-31', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(EXPECTED);
  });

  test('--standards FILE evaluates other rules; the partial period ends on --to', async () => {
    const file = join(dir, 'rules.json');
    await writeFile(
      file,
      JSON.stringify([{ id: 'x', label: 'T2 at 40%', kind: 'load_ratio', limit: 0.4, period: 'quarter', teamId: 'T2' }]),
    );
    const r = await cli('report', 'standards', '--agency', 'ag', '--from', '2025-02-01', '--to', '2025-02-28', '--standards', file);
    expect(r.code).toBe(0);
    // the quarter holding 2025-02-28, taken on that day: 5 ÷ 10 = 0.5 ≥ 0.4; 2024-Q1 … Q4 (4 ÷ 10 = 0.4)
    // missed too, 2023-Q4 (no clients yet: 0) not: 5 in a row
    expect(JSON.parse(r.stdout).standards[0].periods).toEqual([p('2025-Q1', '2025-02-28', 0.5, 5, true, 5, true)]);
  });

  test('a bad rules file is named with its line and column; a bad rule with its place', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '[\n  {"id": "x",\n   "kind" "load_ratio"}\n]\n');
    const r = await cli('report', 'standards', '--agency', 'ag', '--from', '2025-01-01', '--to', '2025-03-31', '--standards', broken);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: ${broken.replaceAll('.', '\\.')}:3:11: not valid JSON`));
    const wrong = join(dir, 'wrong.json');
    await writeFile(wrong, JSON.stringify([{ id: 'x', label: 'x', kind: 'individual_max', limit: 79, period: 'quarter' }]));
    const w = await cli('report', 'standards', '--agency', 'ag', '--from', '2025-01-01', '--to', '2025-03-31', '--standards', wrong);
    expect(w.code).toBe(1);
    expect(w.stderr).toContain('0.maxDays: Standard x: an individual maximum needs maxDays');
    expect(w.stderr).not.toMatch(/\n\s+at /);
  });

  test('--as-role board: counts of members over a limit, never who', async () => {
    const r = await cli('report', 'standards', '--agency', 'ag', '--from', '2025-03-01', '--to', '2025-03-31', '--as-role', 'board');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const indiv = doc.standards.find((s: { id: string }) => s.id === 'indiv');
    expect(indiv.periods[0]).toMatchObject({ value: 13, missed: true, over: [], overCount: 1 });
    expect(r.stdout).not.toContain('s3');
    // fewer than 11 clients behind a load ratio: withheld, the miss is still told
    const loadT2 = doc.standards.find((s: { id: string }) => s.id === 'load');
    expect(loadT2.periods[0]).toMatchObject({ value: null, valueSuppressed: true, missed: false });
  });
});

describe.each(testDrivers())('standards report from the service (%s)', (driver) => {
  test('the db feed gives the same hand-computed periods', async () => {
    const h = await createTestDb(driver);
    try {
      await seed(h.db, RULES);
      expect(await standardsReport(h.db, 'ag', { from: '2025-01-01', to: '2025-03-31' })).toEqual(EXPECTED);
    } finally {
      await h.close();
    }
  });
});
