import { expect, test } from 'vitest';
import { exportFileName } from '../../lib/csv.ts';
import { mapProviders, providerMonthlyCsv, providersCsv, type ProvidersViewLike } from './mapProviders.ts';

const fig = (referrals: number, started: number, median: number | null, within30: number, pending: number) => ({
  referrals,
  started,
  medianDaysToStart: median,
  within30,
  within30Rate: started === 0 ? null : within30 / started,
  pendingOver30: pending,
});

const report = {
  from: '2026-01-01',
  to: '2026-03-31',
  providers: [
    {
      providerId: 'pr-02',
      ...fig(20, 16, 41, 4, 6),
      q6: { n: 12, top2: 0.5 },
      monthly: [{ month: '2026-01', asOf: '2026-01-31', ...fig(5, 0, null, 0, 2) }],
    },
    { providerId: 'pr-01', ...fig(30, 25, 9.5, 23, 0), q6: { n: 0, top2: null }, monthly: [] },
  ],
  settingsVersion: 5,
  suppression: null,
} as unknown as ProvidersViewLike;

test('providers in name order, each rate with its counts', () => {
  const view = mapProviders(report, new Map([['pr-02', 'Acme Home Care']]));
  // pr-01 has no name: its id is its name, and "Acme" comes first
  expect(view.providers.map((p) => p.name)).toEqual(['Acme Home Care', 'pr-01']);
  const [acme, pr01] = view.providers;
  expect(acme).toMatchObject({ within30Text: '25% = 4 ÷ 16', median: '41 days', pendingOver30: '6', q6Text: '50% = 6 ÷ 12' });
  expect(pr01).toMatchObject({ within30Text: '92% = 23 ÷ 25', median: '9.5 days', q6Text: '— (no answers)' });
  expect(acme?.monthly[0]).toMatchObject({ label: 'Jan 2026', within30Text: '— (none started)', median: '—' });
  expect(providersCsv(view, {}).rows[0]).toEqual([
    '2026-01-01',
    '2026-03-31',
    5,
    'pr-02',
    'Acme Home Care',
    20,
    16,
    41,
    4,
    0.25,
    6,
    12,
    0.5,
  ]);
  expect(exportFileName(providerMonthlyCsv(view, acme!, { program: 'p-1' }).name)).toBe(
    'provider-monthly_from-2026-01-01_to-2026-03-31_program-p-1_provider-pr-02_settings-v5.csv',
  );
});

test('board: withheld cells say "fewer than 11"', () => {
  const view = mapProviders(
    {
      ...report,
      providers: [
        {
          providerId: 'pr-03',
          referrals: null,
          started: null,
          medianDaysToStart: null,
          within30: null,
          within30Rate: null,
          pendingOver30: 0,
          q6: { n: null, top2: null, suppressed: { n: true, top2: true } },
          monthly: [],
          suppressed: { referrals: true, started: true, medianDaysToStart: true, within30: true, within30Rate: true },
        },
      ],
      suppression: { minCellSize: 11, cells: 7 },
    } as unknown as ProvidersViewLike,
    new Map(),
  );
  expect(view.providers[0]).toMatchObject({
    referrals: 'fewer than 11',
    median: 'fewer than 11',
    within30Text: 'fewer than 11',
    pendingOver30: '0',
    q6Text: 'fewer than 11',
  });
  expect(providersCsv(view, {}).rows[0]?.slice(5)).toEqual([
    'fewer than 11',
    'fewer than 11',
    'fewer than 11',
    'fewer than 11',
    'fewer than 11',
    0,
    'fewer than 11',
    'fewer than 11',
  ]);
});
