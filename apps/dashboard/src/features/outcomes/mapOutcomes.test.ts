import { describe, expect, test } from 'vitest';
import { exportFileName } from '../../lib/csv.ts';
import { closuresCsv, mapOutcomes, outcomesCsv, type OutcomesViewLike } from './mapOutcomes.ts';

const figures = (
  goals: [number, number, number, number],
  functional: [number, number, number],
  tts: { n: number; medianDays: number | null; within30: number; pendingOver30: number },
  closures: Record<string, number>,
) => {
  const [met, partiallyMet, notMet, withdrawn] = goals;
  const resolved = met + partiallyMet + notMet;
  const [improved, maintained, declined] = functional;
  const pairs = improved + maintained + declined;
  return {
    goals: { met, partiallyMet, notMet, withdrawn, attainmentRate: resolved === 0 ? null : met / resolved },
    functional: { improved, maintained, declined, maintainedOrImprovedRate: pairs === 0 ? null : (improved + maintained) / pairs },
    timeToService: { ...tts, within30Rate: tts.n === 0 ? null : tts.within30 / tts.n },
    closures,
  };
};

const report = {
  from: '2026-01-01',
  to: '2026-02-28',
  // goals: 6 met, 2 partly, 2 not met → 6 ÷ 10; 3 withdrawn shown apart
  ...figures([6, 2, 2, 3], [3, 4, 1], { n: 8, medianDays: 12.5, within30: 6, pendingOver30: 2 }, { deceased: 2, moved_away: 3 }),
  monthly: [
    {
      month: '2026-01',
      asOf: '2026-01-31',
      ...figures([0, 0, 0, 1], [0, 0, 0], { n: 0, medianDays: null, within30: 0, pendingOver30: 1 }, {}),
    },
  ],
  settingsVersion: 2,
  suppression: null,
} as unknown as OutcomesViewLike;

describe('mapOutcomes', () => {
  const view = mapOutcomes(report);
  test('rates with their counts; withdrawn goals are apart from attainment', () => {
    expect(view.total.goals).toMatchObject({ rateText: '60% = 6 ÷ 10', withdrawn: '3' });
    // (3 improved + 4 maintained) ÷ 8 = 87.5% → 88%
    expect(view.total.functional.rateText).toBe('88% = 7 ÷ 8');
    expect(view.total.timeToService).toMatchObject({ median: '12.5 days', rateText: '75% = 6 ÷ 8', pendingOver30: '2' });
    expect(view.total.closures.map((c) => [c.label, c.text])).toEqual([
      ['Deceased', '2'],
      ['Moved away', '3'],
    ]);
    expect(view.total.closuresTotal).toBe('5');
  });
  test('a month with nothing resolved has no rates, not 0%', () => {
    const [jan] = view.monthly;
    expect(jan?.goals.rateText).toBe('— (no goals resolved)');
    expect(jan?.functional.rateText).toBe('— (no reassessments compared)');
    expect(jan?.timeToService.rateText).toBe('— (no services started)');
    expect(jan?.attainmentPercent).toBeNull();
    expect(jan?.timeToService.median).toBe('—');
  });
  test('CSV', () => {
    const csv = outcomesCsv(view, { program: 'p-1' });
    expect(exportFileName(csv.name)).toBe('outcomes-monthly_from-2026-01-01_to-2026-02-28_program-p-1_settings-v2.csv');
    expect(csv.rows[1]).toEqual(['2026-01-01..2026-02-28', '2026-02-28', 2, 6, 2, 2, 3, 0.6, 3, 4, 1, 0.875, 8, 12.5, 6, 0.75, 2]);
    expect(closuresCsv(view, {}).header).toEqual(['month', 'settings_version', 'deceased', 'moved_away']);
    expect(closuresCsv(view, {}).rows).toEqual([
      ['2026-01', 2, 0, 0],
      ['2026-01-01..2026-02-28', 2, 2, 3],
    ]);
  });
});

test('board: withheld counts and closures say "fewer than 11"', () => {
  const view = mapOutcomes({
    ...report,
    goals: {
      met: null,
      partiallyMet: 12,
      notMet: null,
      withdrawn: 0,
      attainmentRate: null,
      suppressed: { met: true, notMet: true, attainmentRate: true },
    },
    closures: { deceased: null, moved_away: 30 },
    suppressed: { 'closures.deceased': true },
    suppression: { minCellSize: 11, cells: 4 },
  } as unknown as OutcomesViewLike);
  expect(view.total.goals).toMatchObject({ met: 'fewer than 11', rateText: 'fewer than 11', partiallyMet: '12', withdrawn: '0' });
  expect(view.total.closures[0]).toMatchObject({ reason: 'deceased', text: 'fewer than 11' });
  expect(view.total.closuresTotal).toBe('—');
  expect(closuresCsv(view, {}).rows.at(-1)).toEqual(['2026-01-01..2026-02-28', 2, 'fewer than 11', 30]);
  expect(outcomesCsv(view, {}).rows.at(-1)?.slice(3, 8)).toEqual(['fewer than 11', 12, 'fewer than 11', 0, 'fewer than 11']);
});
