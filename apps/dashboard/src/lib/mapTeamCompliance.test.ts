import { expect, test } from 'vitest';
import { exportFileName } from './csv.ts';
import { type ComplianceCountsLike, mapTeamCompliance, teamComplianceCsv } from './mapTeamCompliance.ts';

const counts = (contactMet: number, contactDue: number, overdue: number, due: number, soon = 0): ComplianceCountsLike => ({
  contactDue,
  contactMet,
  contactRate: contactDue === 0 ? null : contactMet / contactDue,
  reassessDue: due,
  reassessOverdue: overdue,
  reassessDueSoon: soon,
  reassessRate: due === 0 ? null : 1 - overdue / due,
  suppressed: {},
});

const names = new Map([
  ['t1', 'North'],
  ['t2', 'East'],
]);

test('rates carry their counts; teams are in name order', () => {
  const data = mapTeamCompliance(
    {
      asOf: '2026-10-31',
      settingsVersion: 1,
      minCellSize: 11,
      teams: [
        { teamId: 't1', ...counts(230, 250, 12, 200, 9) },
        { teamId: 't2', ...counts(0, 0, 0, 0) },
      ],
      agency: counts(230, 250, 15, 210, 9),
    },
    names,
  );
  expect(data.rows.map((r) => [r.name, r.contactText, r.reassessText, r.reassessDueSoon])).toEqual([
    ['East', '— (none due)', 'none due', '0'],
    ['North', '92% = 230 ÷ 250', '12 overdue of 200 due', '9'],
  ]);
  expect(data.agency?.reassessText).toBe('15 overdue of 210 due');
  expect(data.rows.map((r) => r.contactCounts)).toEqual(['0 ÷ 0', '230 ÷ 250']);
});

test('withheld board cells say "fewer than N" in the table and the CSV', () => {
  const small: ComplianceCountsLike = {
    contactDue: null,
    contactMet: null,
    contactRate: null,
    reassessDue: 40,
    reassessOverdue: null,
    reassessDueSoon: 12,
    reassessRate: 0.9,
    suppressed: { contactDue: true, contactMet: true, contactRate: true, reassessOverdue: true },
  };
  const data = mapTeamCompliance(
    { asOf: '2026-10-31', settingsVersion: 4, minCellSize: 11, teams: [{ teamId: 't1', ...small }], agency: null },
    names,
  );
  const [r] = data.rows;
  expect(r?.contactText).toBe('fewer than 11');
  expect(r?.reassessText).toBe('fewer than 11');
  expect(r?.reassessDueSoon).toBe('12');
  expect(r?.contactCounts).toBeNull();
  const csv = teamComplianceCsv(data, { program: 'p-1' });
  expect(exportFileName(csv.name)).toBe('team-compliance_as-of-2026-10-31_program-p-1_settings-v4.csv');
  expect(csv.header).toEqual([
    'as_of',
    'settings_version',
    'team_id',
    'team_name',
    'contact_due',
    'contact_met',
    'contact_rate',
    'reassess_due',
    'reassess_overdue',
    'reassess_due_soon',
    'reassess_rate',
  ]);
  expect(csv.rows).toEqual([
    // reassess_rate goes with the withheld overdue count
    ['2026-10-31', 4, 't1', 'North', 'fewer than 11', 'fewer than 11', 'fewer than 11', 40, 'fewer than 11', 12, 'fewer than 11'],
  ]);
});

test('a rate is withheld with a withheld count it is made of, so the count cannot be worked back', () => {
  // 3 overdue of 241 due: the API withholds the 3; 1 − rate = 3/241 would give it back
  const row: ComplianceCountsLike = {
    ...counts(217, 234, 3, 241, 11),
    reassessOverdue: null,
    suppressed: { reassessOverdue: true },
  };
  const data = mapTeamCompliance(
    { asOf: '2026-11-23', settingsVersion: 1, minCellSize: 11, teams: [{ teamId: 't1', ...row }], agency: null },
    names,
  );
  expect(data.rows[0]?.withheld).toEqual(['reassessOverdue', 'reassessRate']);
  const csvRow = teamComplianceCsv(data, {}).rows[0];
  expect(csvRow?.[8]).toBe('fewer than 11'); // reassess_overdue
  expect(csvRow?.[10]).toBe('fewer than 11'); // reassess_rate
  expect(csvRow?.[7]).toBe(241); // reassess_due is shown
});

test('a withheld cell says why: "fewer than 11" when small, the complementary label when not (North In-Home, 214 ÷ 225)', () => {
  const north = {
    ...counts(214, 225, 20, 200, 9),
    contactMet: null,
    contactRate: null,
    suppressed: { contactMet: true, contactRate: true },
    complementary: { contactMet: true, contactRate: true },
  } as ComplianceCountsLike;
  const east = {
    ...counts(4, 9, 1, 30, 2),
    contactDue: null,
    contactMet: null,
    contactRate: null,
    suppressed: { contactDue: true, contactMet: true, contactRate: true },
  } as ComplianceCountsLike;
  const data = mapTeamCompliance(
    {
      asOf: '2026-10-31',
      settingsVersion: 1,
      minCellSize: 11,
      teams: [
        { teamId: 't1', ...north },
        { teamId: 't2', ...east },
      ],
      agency: null,
    },
    names,
  );
  const [eastRow, northRow] = data.rows;
  expect(northRow?.contactText).toBe('withheld †');
  expect(northRow?.complementary).toEqual(['contactMet', 'contactRate']);
  expect(eastRow?.contactText).toBe('fewer than 11');
  expect(eastRow?.complementary).toEqual([]);
  const csv = teamComplianceCsv(data, {});
  const header = csv.header;
  const northCsv = csv.rows.find((r) => r[2] === 't1') ?? [];
  expect(northCsv[header.indexOf('contact_met')]).toBe('withheld so a small number cannot be worked out');
  expect(northCsv[header.indexOf('contact_due')]).toBe(225);
  const eastCsv = csv.rows.find((r) => r[2] === 't2') ?? [];
  expect(eastCsv[header.indexOf('contact_met')]).toBe('fewer than 11');
});
