import { expect, test } from 'vitest';
import { exportFileName } from '../../lib/csv.ts';
import { intakeCsv, type IntakeRankingLike, mapIntake } from './mapIntake.ts';

const names = {
  staffLabel: (id: string) => ({ a: 'Ana', b: 'Ben', c: 'Cy' })[id] ?? id,
  teamNames: new Map([['t1', 'North']]),
};
const base: IntakeRankingLike = {
  asOf: '2026-11-23',
  settingsVersion: 1,
  newClient: { programId: 'p', primaryLanguage: null, region: null, tier: '3' },
  hours: 3.5,
  ranked: [
    {
      rank: 1,
      staffId: 'b',
      teamId: 't1',
      clients: 30,
      loadRatioBefore: 0.9,
      loadRatioAfter: 0.95,
      bandAfter: 'balanced',
      overAfter: false,
    },
    { rank: 2, staffId: 'a', teamId: 't1', clients: 40, loadRatioBefore: 1.0, loadRatioAfter: 1.05, bandAfter: 'over', overAfter: true },
  ],
  ineligible: [{ staffId: 'c', teamId: null, reason: 'does not speak es' }],
};

test('the best fit is the first who stays at or under capacity, in words', () => {
  const view = mapIntake(base, names);
  expect(view.summary).toBe('The client adds 3.5 h a month. Best fit: Ben, North (90% → 95%).');
  expect(view.rows.map((r) => [r.rank, r.label, r.changeText])).toEqual([
    [1, 'Ben', '90% → 95%'],
    [2, 'Ana', '100% → 105%'],
  ]);
  expect(view.ineligible).toEqual([{ staffId: 'c', label: 'Cy', teamName: '—', reason: 'does not speak es' }]);
});

test('everyone would go over: says so and names the least loaded', () => {
  const view = mapIntake({ ...base, ranked: [base.ranked[1]!] }, names);
  expect(view.suggestion).toBeNull();
  expect(view.summary).toBe('The client adds 3.5 h a month. Everyone eligible would go over 100%; the least loaded is Ana (100% → 105%).');
});

test('nobody eligible', () => {
  expect(mapIntake({ ...base, ranked: [] }, names).summary).toBe(
    'The client adds 3.5 h a month. No caseload staff in this view can take the client (see the reasons below).',
  );
});

test('CSV: file name says program, tier, date and settings version; a row per candidate', () => {
  const csv = intakeCsv(mapIntake(base, names), { program: 'oaa-iii-b', tier: '3', language: 'Spanish', region: undefined });
  expect(exportFileName(csv.name)).toBe('intake-routing_as-of-2026-11-23_program-oaa-iii-b_tier-3_language-Spanish_settings-v1.csv');
  expect(csv.rows).toEqual([
    [1, 'b', 'Ben', 'North', 30, 0.9, 0.95, 'balanced', 'no'],
    [2, 'a', 'Ana', 'North', 40, 1.0, 1.05, 'over', 'yes'],
  ]);
});
