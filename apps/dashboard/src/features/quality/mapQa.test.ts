import { describe, expect, test } from 'vitest';
import { exportFileName } from '../../lib/csv.ts';
import { type CorrectiveActionLike, actionRow, actionsCsv, actionsForPeriod, mapQa, qaMonthlyCsv, type QaViewLike } from './mapQa.ts';

const figures = (n: number, passed: number, mean: number | null, open: number, overdue: number, closed: number, median: number | null) => ({
  reviews: { n, meanScore: mean, passed, passRate: n === 0 ? null : passed / n },
  actions: { open, overdue, closedInPeriod: closed, medianDaysToClose: median },
});

const report = {
  from: '2026-01-01',
  to: '2026-02-28',
  qaPassScore: 85,
  ...figures(10, 8, 86.5, 2, 1, 3, 20.5),
  monthly: [
    { month: '2026-01', asOf: '2026-01-31', ...figures(4, 2, 80, 3, 0, 1, 14) },
    { month: '2026-02', asOf: '2026-02-28', ...figures(0, 0, null, 2, 1, 2, 27) },
  ],
  settingsVersion: 4,
  suppression: null,
} as unknown as QaViewLike;

describe('mapQa', () => {
  const view = mapQa(report);
  test('pass rate with its counts and the pass score; medians in days', () => {
    expect(view.total).toMatchObject({
      reviewsText: '10',
      passRateText: '80% = 8 ÷ 10',
      meanScoreText: '86.5',
      openText: '2',
      overdueText: '1',
      closedText: '3',
      medianDaysToCloseText: '20.5 days',
    });
    expect(view.qaPassScore).toBe(85);
  });
  test('a month without reviews has no pass rate, not 0%', () => {
    expect(view.monthly[1]).toMatchObject({ label: 'Feb 2026', passRateText: '— (no reviews)', passRatePercent: null, meanScoreText: '—' });
    expect(view.monthly[0]?.passRatePercent).toBeCloseTo(50, 12);
  });
  test('CSV: months then the period, named with period and settings version', () => {
    const csv = qaMonthlyCsv(view, { team: 't-1' });
    expect(exportFileName(csv.name)).toBe('quality-reviews-monthly_from-2026-01-01_to-2026-02-28_team-t-1_settings-v4.csv');
    expect(csv.rows[0]).toEqual(['2026-01', '2026-01-31', 4, 85, 4, 2, 0.5, 80, 3, 0, 1, 14]);
    expect(csv.rows[2]).toEqual(['2026-01-01..2026-02-28', '2026-02-28', 4, 85, 10, 8, 0.8, 86.5, 2, 1, 3, 20.5]);
  });
});

test('board: withheld figures say "fewer than 11"', () => {
  const view = mapQa({
    ...report,
    reviews: {
      n: null,
      meanScore: null,
      passed: null,
      passRate: null,
      suppressed: { n: true, meanScore: true, passed: true, passRate: true },
    },
    suppression: { minCellSize: 11, cells: 4 },
  } as unknown as QaViewLike);
  expect(view.total).toMatchObject({ reviewsText: 'fewer than 11', passRateText: 'fewer than 11', meanScoreText: 'fewer than 11' });
  expect(qaMonthlyCsv(view, {}).rows[2]?.slice(4, 8)).toEqual(['fewer than 11', 'fewer than 11', 'fewer than 11', 'fewer than 11']);
});

const action = (over: Partial<CorrectiveActionLike>): CorrectiveActionLike => ({
  reviewId: 'qa-1',
  reviewedOn: '2026-02-10',
  staffId: 'cm-1',
  clientId: 'c-1',
  score: 72,
  findings: 'Contacts missed',
  correctiveAction: 'Retrain',
  actionDueOn: '2026-03-12',
  actionClosedOn: '2026-03-05',
  state: 'closed',
  ageDays: 23,
  daysOverdue: null,
  ...over,
});

describe('actionRow', () => {
  const staff = new Map([['cm-1', 'Ana Case']]);
  test.each<[Partial<CorrectiveActionLike>, string, string]>([
    [{}, 'Closed on time', 'ontime'],
    [{ actionClosedOn: '2026-03-12', ageDays: 30 }, 'Closed on time', 'ontime'],
    [{ actionClosedOn: '2026-03-15', ageDays: 33 }, 'Closed 3 days late', 'late'],
    [{ actionClosedOn: '2026-03-13', ageDays: 31 }, 'Closed 1 day late', 'late'],
    [{ actionClosedOn: null, state: 'overdue', ageDays: 50, daysOverdue: 20 }, 'Overdue by 20 days', 'overdue'],
    [{ actionClosedOn: null, state: 'open', ageDays: 5 }, 'Open', 'open'],
  ])('%j → %s', (over, status, tone) => {
    const row = actionRow(action(over), 85, staff);
    expect(row.status).toBe(status);
    expect(row.tone).toBe(tone);
    expect(row.staffName).toBe('Ana Case');
  });

  test('the history from review to closure', () => {
    expect(actionRow(action({}), 85, staff).steps).toEqual([
      'Reviewed February 10, 2026: score 72 (pass score 85: not passed)',
      'Corrective action due March 12, 2026',
      'Closed March 5, 2026, 23 days after the review',
    ]);
    expect(actionRow(action({ actionClosedOn: null, state: 'overdue', ageDays: 50, daysOverdue: 20 }), 70, staff).steps).toEqual([
      'Reviewed February 10, 2026: score 72 (pass score 70: passed)',
      'Corrective action due March 12, 2026',
      'Still open after 50 days, 20 days past due',
    ]);
  });
});

test('actionsForPeriod: reviews in the period and older ones still open; most overdue first', () => {
  const rows = actionsForPeriod(
    [
      action({ reviewId: 'old-closed', reviewedOn: '2025-11-01' }),
      action({ reviewId: 'old-open', reviewedOn: '2025-11-01', state: 'overdue', actionClosedOn: null, daysOverdue: 40 }),
      action({ reviewId: 'in-a', reviewedOn: '2026-01-05' }),
      action({ reviewId: 'in-b', reviewedOn: '2026-02-05' }),
      action({ reviewId: 'after', reviewedOn: '2026-03-05' }),
    ],
    { from: '2026-01-01', to: '2026-02-28' },
    85,
    new Map(),
  );
  expect(rows.map((r) => r.reviewId)).toEqual(['old-open', 'in-b', 'in-a']);
  expect(exportFileName(actionsCsv(rows, { from: '2026-01-01', to: '2026-02-28', settingsVersion: 4 }, {}).name)).toBe(
    'corrective-actions_from-2026-01-01_to-2026-02-28_settings-v4.csv',
  );
});
