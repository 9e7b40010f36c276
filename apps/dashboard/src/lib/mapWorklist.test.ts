import { expect, test } from 'vitest';
import { exportFileName } from './csv.ts';
import { byReassessmentDue, type ClientStatusLike, daysBetween, mapClientRows, parseKind, worklistCsv } from './mapWorklist.ts';

const base: ClientStatusLike = {
  clientId: 'c-0001',
  programId: 'oaa-iii-b',
  staffId: 's-01',
  teamId: 'team-01',
  lastStaffId: null,
  heldSince: '2025-01-01',
  tier: '3',
  enrolledOn: '2024-06-01',
  lastAssessedOn: '2026-03-01',
  reassessDueOn: '2026-08-28',
  reassessOverdue: true,
  lastContactOn: '2026-10-24',
  lastFaceToFaceOn: null,
  contactDue: true,
  contactMet: false,
};
const names = {
  staffLabel: (id: string) => (id === 's-01' ? 'Ana Diaz' : id),
  teamNames: new Map([['team-01', 'North Waiver Team']]),
  programNames: new Map([['oaa-iii-b', 'OAA Title III-B']]),
};

test.each([
  ['2026-08-28', '2026-11-23', 87], // 3 + 30 + 31 + 23
  ['2026-11-23', '2026-11-23', 0],
  ['2026-12-01', '2026-11-23', -8],
  ['2024-02-28', '2024-03-01', 2], // leap year
  ['2026-02-30', '2026-03-01', null],
])('daysBetween(%s, %s) = %s', (from, to, days) => {
  expect(daysBetween(from, to)).toBe(days);
});

test('a held client: holder, team and program by name; days past due and since contact from the as-of date', () => {
  const [row] = mapClientRows([base], '2026-11-23', names);
  expect(row).toMatchObject({
    staffLabel: 'Ana Diaz',
    formerHolder: false,
    teamName: 'North Waiver Team',
    programName: 'OAA Title III-B',
    daysPastDue: 87,
    daysSinceContact: 30,
    daysSinceFaceToFace: null,
    contactStatus: 'not met',
  });
});

test('an unassigned client shows the last case manager, marked as former', () => {
  const [row] = mapClientRows([{ ...base, staffId: null, lastStaffId: 's-09', teamId: null }], '2026-11-23', names);
  expect(row).toMatchObject({ staffId: 's-09', staffLabel: 's-09', formerHolder: true, teamName: '—' });
  const [never] = mapClientRows([{ ...base, staffId: null, lastStaffId: null }], '2026-11-23', names);
  expect(never).toMatchObject({ staffId: null, staffLabel: '—', formerHolder: false });
});

test.each([
  [{ contactDue: false, contactMet: false }, 'none due'],
  [{ contactDue: true, contactMet: true }, 'met'],
  [{ contactDue: true, contactMet: false }, 'not met'],
])('contact requirement %j → %s', (change, status) => {
  expect(mapClientRows([{ ...base, ...change }], '2026-11-23', names)[0]?.contactStatus).toBe(status);
});

test('worklist CSV: file name says list, scope, date and settings version; one row per client', () => {
  const rows = mapClientRows([base, { ...base, clientId: 'c-0002' }], '2026-11-23', names);
  const csv = worklistCsv('reassessOverdue', rows, {
    asOf: '2026-11-23',
    settingsVersion: 2,
    filters: { team: 'team-01', program: 'oaa-iii-b' },
  });
  expect(exportFileName(csv.name)).toBe('worklist-reassessOverdue_as-of-2026-11-23_team-team-01_program-oaa-iii-b_settings-v2.csv');
  expect(csv.rows).toHaveLength(2);
  expect(csv.rows[0]).toEqual([
    'c-0001',
    '3',
    'oaa-iii-b',
    's-01',
    'Ana Diaz',
    'no',
    'North Waiver Team',
    '2024-06-01',
    '2026-03-01',
    '2026-08-28',
    87,
    '2026-10-24',
    null,
    'not met',
  ]);
});

test('with no filters the file names only the list, date and settings version', () => {
  const csv = worklistCsv('unassigned', [], { asOf: '2026-11-23', settingsVersion: 1, filters: { team: undefined, program: undefined } });
  expect(exportFileName(csv.name)).toBe('worklist-unassigned_as-of-2026-11-23_settings-v1.csv');
});

test.each([
  ['contactOverdue', 'contactOverdue'],
  ['nonsense', 'reassessOverdue'],
  [null, 'reassessOverdue'],
])('parseKind(%j) = %s', (value, kind) => {
  expect(parseKind(value)).toBe(kind);
});

test('byReassessmentDue: earliest due date first, ties by client id', () => {
  const rows = mapClientRows(
    [
      { ...base, clientId: 'c-3', reassessDueOn: '2027-01-01' },
      { ...base, clientId: 'c-2', reassessDueOn: '2026-09-01' },
      { ...base, clientId: 'c-1', reassessDueOn: '2026-09-01' },
    ],
    '2026-11-23',
    names,
  );
  expect(byReassessmentDue(rows).map((r) => r.clientId)).toEqual(['c-1', 'c-2', 'c-3']);
});
