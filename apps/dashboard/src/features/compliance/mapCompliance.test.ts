import { expect, test } from 'vitest';
import { exportFileName } from '../../lib/csv.ts';
import { mapScatter, mapStaffCompliance, reassessText, type StaffComplianceLike, staffComplianceCsv } from './mapCompliance.ts';

const s = (staffId: string, contactMet: number, contactDue: number, over = 0, due = 10): StaffComplianceLike => ({
  staffId,
  teamId: 'team-01',
  contactDue,
  contactMet,
  contactRate: contactDue === 0 ? null : contactMet / contactDue,
  reassessDue: due,
  reassessOverdue: over,
  reassessDueSoon: 0,
  reassessRate: due === 0 ? null : 1 - over / due,
});
const load = (staffId: string, loadRatio: number | null) => ({
  staffId,
  loadRatio,
  weightedHours: 0,
  capacityHours: loadRatio === null ? 0 : 100,
});
const names = {
  staffLabel: (id: string) => ({ a: 'Ana', b: 'Ben', c: 'Cy', d: 'Dee' })[id] ?? id,
  teamNames: new Map([['team-01', 'North']]),
};

const rows = mapStaffCompliance(
  [s('c', 6, 10), s('a', 9, 10, 1), s('b', 8, 10), s('d', 0, 0)],
  [load('a', 0.8), load('b', 1.0), load('c', 1.2), load('d', 0.5)],
  names,
);

test('rows in name order with load, and rates with their counts', () => {
  expect(rows.map((r) => [r.label, r.loadRatio, r.contactText, r.reassessText])).toEqual([
    ['Ana', 0.8, '90% = 9 ÷ 10', '90% = 1 − 1 overdue ÷ 10 due'],
    ['Ben', 1.0, '80% = 8 ÷ 10', '100% = 1 − 0 overdue ÷ 10 due'],
    ['Cy', 1.2, '60% = 6 ÷ 10', '100% = 1 − 0 overdue ÷ 10 due'],
    ['Dee', 0.5, '— (none due)', '100% = 1 − 0 overdue ÷ 10 due'],
  ]);
});

test('scatter: only people with a contact due and a load ratio; fitted line at the ends of the load range', () => {
  // y = 1.2 − 0.5·x (as ratios) → at 80%: 120 − 40 = 80; at 120%: 120 − 60 = 60
  const scatter = mapScatter(rows, { n: 3, slope: -0.5, intercept: 1.2, r: -0.62 });
  expect(scatter.points.map((p) => [p.label, p.x, p.y])).toEqual([
    ['Ana', 80, 90],
    ['Ben', 100, 80],
    ['Cy', 120, 60],
  ]);
  expect(scatter.line?.[0].x).toBeCloseTo(80, 9);
  expect(scatter.line?.[0].y).toBeCloseTo(80, 9);
  expect(scatter.line?.[1].x).toBeCloseTo(120, 9);
  expect(scatter.line?.[1].y).toBeCloseTo(60, 9);
  expect(scatter.fitText).toBe('r = −0.62 · n = 3 · each 10 points more load: −5.00 points of contact rate');
  // x: 80…120 → 70…130; y: 60…90 → 50…100
  expect([scatter.xMin, scatter.xMax, scatter.yMin]).toEqual([70, 130, 50]);
});

test('no fit (fewer than 3 people or no spread): no line, and says why', () => {
  const scatter = mapScatter(rows.slice(0, 2), { n: 2, slope: null, intercept: null, r: null });
  expect(scatter.line).toBeNull();
  expect(scatter.r).toBeNull();
  expect(scatter.fitText).toBe('No fitted line: it needs at least 3 people with a contact due and some spread in load (n = 2).');
});

test('a person without capacity is not plotted', () => {
  const noCapacity = mapStaffCompliance([s('a', 5, 10)], [load('a', null)], names);
  const scatter = mapScatter(noCapacity, null);
  expect(scatter.points).toEqual([]);
  expect([scatter.xMin, scatter.xMax, scatter.yMin]).toEqual([0, 120, 0]);
});

test('the x range always includes the capacity line; a low contact rate widens y', () => {
  const low = mapStaffCompliance([s('a', 1, 10), s('b', 5, 10)], [load('a', 0.42), load('b', 0.61)], names);
  const scatter = mapScatter(low, null);
  // x: 42…61, and 100 → 30…110; y: 10…50 → 0…100
  expect([scatter.xMin, scatter.xMax, scatter.yMin]).toEqual([30, 110, 0]);
});

test.each([
  [0, 0, '— (none due)'],
  [3, 12, '75% = 1 − 3 overdue ÷ 12 due'],
  [12, 12, '0% = 1 − 12 overdue ÷ 12 due'],
])('reassessText(%i, %i) = %s', (over, due, text) => {
  expect(reassessText(over, due)).toBe(text);
});

test('CSV: one row per person with numerators and denominators', () => {
  const csv = staffComplianceCsv(rows, { asOf: '2026-11-23', settingsVersion: 4, filters: { team: 'team-01', program: 'p-1' } });
  expect(exportFileName(csv.name)).toBe('compliance-by-case-manager_as-of-2026-11-23_team-team-01_program-p-1_settings-v4.csv');
  expect(csv.rows[0]).toEqual(['a', 'Ana', 'North', 0.8, 10, 9, 0.9, 10, 1, 0, 0.9]);
  expect(csv.rows).toHaveLength(4);
});
