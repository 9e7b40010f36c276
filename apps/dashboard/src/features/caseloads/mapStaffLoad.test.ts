import { describe, expect, test } from 'vitest';
import { exportFileName } from '../../lib/csv.ts';
import type { StaffCaseloadLike, TierKey } from '../../lib/report.ts';
import { mapStaffLoad, sortStaffRows, staffLoadCsv } from './mapStaffLoad.ts';

const tierHours: Record<TierKey, number> = { '1': 1, '2': 2, '3': 3.5, '4': 6, unassessed: 2 };
const teamNames = new Map([['t1', 'North']]);

function staff(
  staffId: string,
  counts: [number, number, number, number, number],
  capacityHours: number,
  extra: Partial<StaffCaseloadLike> = {},
): StaffCaseloadLike {
  const [t1, t2, t3, t4, un] = counts;
  const weightedHours = t1 * 1 + t2 * 2 + t3 * 3.5 + t4 * 6 + un * 2;
  const loadRatio = capacityHours === 0 ? null : weightedHours / capacityHours;
  return {
    staffId,
    teamId: 't1',
    clients: t1 + t2 + t3 + t4 + un,
    tierCounts: { '1': t1, '2': t2, '3': t3, '4': t4, unassessed: un },
    weightedHours,
    capacityHours,
    loadRatio,
    band: loadRatio === null ? null : loadRatio > 1 ? 'over' : 'balanced',
    daysOverCapacity90: 0,
    ...extra,
  };
}

const report = (rows: StaffCaseloadLike[]) => ({ asOf: '2026-10-31', settingsVersion: 2, staff: rows });

describe('mapStaffLoad', () => {
  test('tier segments are hours by tier as a share of capacity (hand-computed)', () => {
    // 10×1 + 20×2 + 6×3.5 + 3×6 + 5×2 = 10 + 40 + 21 + 18 + 10 = 99 h of 110 h
    const load = mapStaffLoad(report([staff('cm-1', [10, 20, 6, 3, 5], 110)]), { teamNames, tierHours });
    expect(load.stackBy).toBe('tier');
    const [bar] = load.bars;
    expect(bar?.tier1).toBeCloseTo((10 / 110) * 100, 9);
    expect(bar?.tier2).toBeCloseTo((40 / 110) * 100, 9);
    expect(bar?.tier3).toBeCloseTo((21 / 110) * 100, 9);
    expect(bar?.tier4).toBeCloseTo((18 / 110) * 100, 9);
    expect(bar?.unassessed).toBeCloseTo((10 / 110) * 100, 9);
    expect(bar?.total).toBe(0);
    expect(bar?.totalPercent).toBeCloseTo(90, 9);
    expect(bar?.ratioText).toBe('90% = 99 h ÷ 110 h');
    expect(bar?.tierHours).toEqual({ '1': 10, '2': 40, '3': 21, '4': 18, unassessed: 10 });
  });

  test('a half-time case manager is drawn against their own capacity', () => {
    // 30 tier-1 clients = 30 h of 0.5 × 110 = 55 h → 54.5…%
    const [bar] = mapStaffLoad(report([staff('cm-2', [30, 0, 0, 0, 0], 55)]), { teamNames, tierHours }).bars;
    expect(bar?.totalPercent).toBeCloseTo((30 / 55) * 100, 9);
    expect(bar?.ratioText).toBe('55% = 30 h ÷ 55 h');
  });

  test('when the tier hours do not reproduce weightedHours the bar is one piece', () => {
    const other = { ...tierHours, '4': 8 };
    const load = mapStaffLoad(report([staff('cm-1', [10, 20, 6, 3, 5], 110)]), { teamNames, tierHours: other });
    expect(load.stackBy).toBe('total');
    expect(load.bars[0]?.total).toBeCloseTo(90, 9);
    expect(load.bars[0]?.tier4).toBe(0);
  });

  test('without tier hours the bar is one piece', () => {
    const load = mapStaffLoad(report([staff('cm-1', [1, 0, 0, 0, 0], 110)]), { teamNames, tierHours: null });
    expect(load.stackBy).toBe('total');
    expect(load.bars[0]?.total).toBeCloseTo(100 / 110, 9);
  });

  test('people holding clients without capacity are listed, not drawn', () => {
    const load = mapStaffLoad(report([staff('cm-1', [5, 0, 0, 0, 0], 110), staff('gone', [0, 7, 0, 0, 0], 0)]), {
      teamNames,
      tierHours,
    });
    expect(load.bars.map((b) => b.staffId)).toEqual(['cm-1']);
    expect(load.notCharted.map((r) => [r.staffId, r.ratioText])).toEqual([['gone', 'no capacity (14 h ÷ 0 h)']]);
    expect(load.rows).toHaveLength(2);
  });

  test('rows are in name order (numbers in ids compare as numbers), not by load', () => {
    const load = mapStaffLoad(
      report([staff('cm-10', [90, 0, 0, 0, 0], 110), staff('cm-9', [1, 0, 0, 0, 0], 110), staff('cm-2', [50, 0, 0, 0, 0], 110)]),
      { teamNames, tierHours },
    );
    expect(load.rows.map((r) => r.staffId)).toEqual(['cm-2', 'cm-9', 'cm-10']);
    expect(load.bars.map((b) => b.staffId)).toEqual(['cm-2', 'cm-9', 'cm-10']);
  });

  test('team names come from the directory; a missing team says so', () => {
    const load = mapStaffLoad(
      report([
        staff('a', [1, 0, 0, 0, 0], 110),
        staff('b', [1, 0, 0, 0, 0], 110, { teamId: null }),
        staff('c', [1, 0, 0, 0, 0], 110, { teamId: 't9' }),
      ]),
      { teamNames, tierHours },
    );
    expect(load.rows.map((r) => r.teamName)).toEqual(['North', 'No team', 't9']);
  });

  test('an empty team gives no rows and the 100% line still fits', () => {
    const load = mapStaffLoad(report([]), { teamNames, tierHours });
    expect(load.rows).toEqual([]);
    expect(load.axisMaxPercent).toBe(120);
  });
});

describe('sortStaffRows', () => {
  const { rows } = mapStaffLoad(
    report([
      staff('b', [60, 0, 0, 0, 0], 110), // 0.545
      staff('a', [0, 0, 0, 20, 0], 110), // 1.09
      staff('c', [0, 1, 0, 0, 0], 0), // no ratio
      staff('d', [0, 30, 0, 0, 0], 110), // 0.545 (tie with b)
    ]),
    { teamNames, tierHours },
  );
  test.each([
    ['loadRatio', 'desc', ['a', 'b', 'd', 'c']],
    ['loadRatio', 'asc', ['b', 'd', 'a', 'c']],
    ['clients', 'desc', ['b', 'd', 'a', 'c']],
    ['staff', 'desc', ['d', 'c', 'b', 'a']],
    ['capacityHours', 'asc', ['c', 'a', 'b', 'd']],
  ] as const)('by %s %s', (key, direction, ids) => {
    expect(sortStaffRows(rows, key, direction).map((r) => r.staffId)).toEqual(ids);
  });
});

test('CSV has every column of the table, unrounded, and names its filters, date and settings', () => {
  const load = mapStaffLoad(report([staff('cm-1', [10, 20, 6, 3, 5], 110, { daysOverCapacity90: 12 })]), { teamNames, tierHours });
  const csv = staffLoadCsv(load, load.rows, { team: 't1', program: undefined });
  expect(exportFileName(csv.name)).toBe('caseloads_as-of-2026-10-31_team-t1_settings-v2.csv');
  // without the capacity terms in the answer: no other work, the post is the capacity
  expect(csv.rows).toEqual([['2026-10-31', 2, 'cm-1', 't1', 44, 10, 20, 6, 3, 5, 99, 110, 0.9, 'balanced', 12, 0, 99, 110, 0, 0]]);
});

test('other work stacks after the tiers; a member on leave is not drawn and needs cover', () => {
  // 99 h case work + 11 h intake duty = 110 h of 88 h (110 h post less 20%) = 125%
  const busy = {
    ...staff('cm-1', [10, 20, 6, 3, 5], 88),
    otherHours: 11,
    workloadHours: 110,
    baseCapacityHours: 110,
    reductionPercent: 20,
    reductionHours: 0,
    loadRatio: 1.25,
  };
  const away = {
    ...staff('cm-2', [0, 10, 0, 0, 0], 0),
    baseCapacityHours: 110,
    reductionPercent: 100,
    reductionHours: 0,
    loadRatio: null,
    band: null,
  };
  const load = mapStaffLoad(report([busy, away]), { teamNames, tierHours });
  const [bar] = load.bars;
  expect(bar?.other).toBeCloseTo(12.5, 9);
  expect(bar?.totalPercent).toBeCloseTo(125, 9);
  expect(load.rows[0]?.partsText).toBe('125% = 110 h (99 h case work + 11 h other work) ÷ 88 h (110 h post − 20%)');
  expect(load.notCharted.map((r) => [r.staffId, r.needsCover])).toEqual([['cm-2', true]]);
});

test('CSV rows follow the order the table shows', () => {
  const load = mapStaffLoad(report([staff('cm-1', [1, 0, 0, 0, 0], 110), staff('cm-2', [9, 9, 9, 9, 0], 110)]), { teamNames, tierHours });
  const shown = sortStaffRows(load.rows, 'loadRatio', 'desc');
  expect(staffLoadCsv(load, shown, {}).rows.map((r) => r[2])).toEqual(shown.map((r) => r.staffId));
  expect(shown.map((r) => r.staffId)).toEqual(['cm-2', 'cm-1']);
});
