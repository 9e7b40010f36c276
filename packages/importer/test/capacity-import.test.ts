/**
 * staff_periods.csv, capacity_reductions.csv and workload_items.csv (domain.md): every
 * rule, all or nothing, errors as file:line: column: message, on both drivers.
 */
import { createAgency, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IMPORT_FILES, importDirectory } from '../src/index.ts';
import { FIXTURE, importDir, removeImportDirs } from './helpers.ts';

/** the import's today (agency-local); fixture dates are all before it */
const TODAY = '2026-06-30';
const PERIODS = 'staff_id,start_on,end_on,caseload_fte,team_id\n';
const REDUCTIONS = 'reduction_id,staff_id,reason,start_on,end_on,percent,hours_per_month,note\n';
const ITEMS = 'item_id,staff_id,kind,start_on,end_on,hours_per_month\n';

const good = {
  'staff_periods.csv': `${PERIODS}S-CM1,2023-01-01,2024-03-01,1,T-NORTH\nS-CM1,2024-03-01,,0.8,T-SOUTH\nS-CM2,2022-06-01,,0.5,T-SOUTH\n`,
  'capacity_reductions.csv': `${REDUCTIONS}RD1,S-CM1,training,2024-01-01,2024-04-01,20,,\nRD2,S-CM2,union,2024-01-01,,,11,"shop steward, Tuesdays"\n`,
  'workload_items.csv': `${ITEMS}WI1,S-CM1,intake,2024-02-01,2024-08-01,8\nWI2,S-CM2,on_call,2024-01-01,,4.5\n`,
};

/** The new files' bad input: [name, files (over the fixture and the good files), exact errors]. */
const badInput: Array<[string, Record<string, string>, string[]]> = [
  [
    'overlapping periods in the file',
    { 'staff_periods.csv': `${PERIODS}S-CM1,2023-01-01,2024-03-01,1,T-NORTH\nS-CM1,2024-02-01,,0.8,T-SOUTH\n` },
    ['staff_periods.csv:3: start_on: overlaps the period of staff member "S-CM1" from 2023-01-01 to 2024-03-01 (line 2)'],
  ],
  [
    'an open period followed by another',
    { 'staff_periods.csv': `${PERIODS}S-CM2,2022-06-01,,0.5,T-SOUTH\nS-CM2,2025-01-01,2025-02-01,1,T-SOUTH\n` },
    ['staff_periods.csv:3: start_on: overlaps the period of staff member "S-CM2" from 2022-06-01 (open-ended) (line 2)'],
  ],
  [
    'end before start, an FTE above 1, unknown staff and team',
    {
      'staff_periods.csv': `${PERIODS}S-CM1,2024-03-01,2024-03-01,1,T-NORTH\nS-CM2,2024-01-01,,1.2,T-NOPE\nS-NOPE,2024-01-01,,1,\n`,
    },
    [
      'staff_periods.csv:2: end_on: 2024-03-01 is not after start_on 2024-03-01',
      'staff_periods.csv:3: caseload_fte: 1.2 is out of range (0–1)',
      'staff_periods.csv:3: team_id: no team "T-NOPE" in teams.csv or the database',
      'staff_periods.csv:4: staff_id: no staff member "S-NOPE" in staff.csv or the database',
    ],
  ],
  [
    'both or neither of percent and hours, out of range, end before start, a long note, an unknown reason',
    {
      'capacity_reductions.csv':
        REDUCTIONS +
        'RD1,S-CM1,leave,2024-01-01,,100,10,\n' +
        'RD2,S-CM1,leave,2024-01-01,,,,\n' +
        'RD3,S-CM1,training,2024-01-01,2023-12-01,0,,\n' +
        'RD4,S-CM1,union,2024-01-01,,100.5,,\n' +
        `RD5,S-CM1,other,2024-01-01,,,200.5,${'x'.repeat(201)}\n` +
        'RD6,S-NOPE,vacation,2024-01-01,,50,,\n',
    },
    [
      'capacity_reductions.csv:2: hours_per_month: give either percent or hours_per_month, not both',
      'capacity_reductions.csv:3: percent: one of percent and hours_per_month is required',
      'capacity_reductions.csv:4: end_on: 2023-12-01 is not after start_on 2024-01-01',
      'capacity_reductions.csv:4: percent: 0 is out of range (greater than 0, at most 100)',
      'capacity_reductions.csv:5: percent: 100.5 is out of range (greater than 0, at most 100)',
      'capacity_reductions.csv:6: hours_per_month: 200.5 is out of range (greater than 0, at most 200)',
      'capacity_reductions.csv:6: note: is 201 characters long; at most 200 are allowed',
      'capacity_reductions.csv:7: staff_id: no staff member "S-NOPE" in staff.csv or the database',
      'capacity_reductions.csv:7: reason: "vacation" is not one of leave, training, new_staff, light_duty, union, special_assignment, other',
    ],
  ],
  [
    'workload items: zero hours, missing hours, unknown kind, end before start, duplicate id',
    {
      'workload_items.csv':
        ITEMS +
        'WI1,S-CM1,intake,2024-02-01,,0\n' +
        'WI2,S-CM1,on_call,2024-02-01,,\n' +
        'WI3,S-CM1,lunch,2024-02-01,2024-01-01,3\n' +
        'WI3,S-CM2,court,2024-02-01,,3\n',
    },
    [
      'workload_items.csv:2: hours_per_month: 0 is out of range (greater than 0, at most 200)',
      'workload_items.csv:3: hours_per_month: is required',
      'workload_items.csv:4: kind: "lunch" is not one of intake, on_call, court, group, training_others, committee, other',
      'workload_items.csv:4: end_on: 2024-01-01 is not after start_on 2024-02-01',
      'workload_items.csv:5: item_id: duplicate item_id "WI3" (first on line 4)',
    ],
  ],
];

test('the new files are imported after staff.csv and before clients.csv', () => {
  const at = (f: string) => IMPORT_FILES.indexOf(f);
  expect(at('staff.csv')).toBeLessThan(at('staff_periods.csv'));
  expect(at('staff_periods.csv')).toBeLessThan(at('capacity_reductions.csv'));
  expect(at('capacity_reductions.csv')).toBeLessThan(at('workload_items.csv'));
  expect(at('workload_items.csv')).toBeLessThan(at('clients.csv'));
});

describe.each(testDrivers())('capacity files on %s', (driver) => {
  let h: DbHandle;
  const count = async (table: string, agencyId: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where agency_id = ${agencyId}`.execute(h.db)).rows[0]?.n;

  beforeAll(async () => {
    h = await createTestDb(driver);
    await createAgency(h.db, { agencyId: 'c1', name: 'c1', settings: {} });
    await createAgency(h.db, { agencyId: 'c2', name: 'c2', settings: {} });
  });
  afterAll(async () => {
    await h?.close();
    removeImportDirs();
  });

  test('with the fixture they load, and importing them again changes nothing', async () => {
    const first = await importDirectory(h.db, importDir(good), { agencyId: 'c1', today: TODAY });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const byFile = Object.fromEntries(first.files.map((f) => [f.file, f.inserted]));
    expect(byFile).toMatchObject({ 'staff_periods.csv': 3, 'capacity_reductions.csv': 2, 'workload_items.csv': 2 });
    const again = await importDirectory(h.db, importDir(good), { agencyId: 'c1', today: TODAY });
    expect(again.ok && again.files.every((f) => f.unchanged === f.rows)).toBe(true);
    const rows = await h.db
      .selectFrom('capacity_reductions')
      .select(['reduction_id', 'percent', 'hours_per_month', 'note', 'end_on'])
      .where('agency_id', '=', 'c1')
      .orderBy('reduction_id')
      .execute();
    expect(rows).toEqual([
      { reduction_id: 'RD1', percent: 20, hours_per_month: null, note: null, end_on: '2024-04-01' },
      { reduction_id: 'RD2', percent: null, hours_per_month: 11, note: 'shop steward, Tuesdays', end_on: null },
    ]);
  });

  test('a period overlapping one already in the database is refused; a re-imported period replaces its row', async () => {
    const only = (text: string) => importDir({ 'staff_periods.csv': text }, false);
    const overlap = await importDirectory(h.db, only(`${PERIODS}S-CM2,2024-01-01,2024-02-01,1,T-SOUTH\n`), {
      agencyId: 'c1',
      today: TODAY,
    });
    expect(overlap).toEqual({
      ok: false,
      errors: [
        'staff_periods.csv:2: start_on: overlaps the period of staff member "S-CM2" from 2022-06-01 (open-ended) (already in the database)',
      ],
      errorCount: 1,
    });
    const replace = await importDirectory(h.db, only(`${PERIODS}S-CM2,2022-06-01,2024-06-01,0.5,T-SOUTH\nS-CM2,2024-06-01,,1,T-NORTH\n`), {
      agencyId: 'c1',
      today: TODAY,
    });
    expect(replace).toMatchObject({ ok: true, files: [{ file: 'staff_periods.csv', rows: 2, inserted: 1, updated: 1 }] });
  });

  describe('bad input: exact errors, and nothing is written', () => {
    test.each(badInput)('%s', async (_name, files, errors) => {
      const result = await importDirectory(h.db, importDir({ ...good, ...files }), { agencyId: 'c2', today: TODAY });
      expect(result).toEqual({ ok: false, errors, errorCount: errors.length });
      for (const t of ['staff', 'staff_periods', 'capacity_reductions', 'workload_items']) expect(await count(t, 'c2')).toBe(0);
    });
  });

  test('the fixture alone still imports (the new files are optional)', async () => {
    expect((await importDirectory(h.db, FIXTURE, { agencyId: 'c2', today: TODAY })).ok).toBe(true);
  });
});
