import { expect, test } from 'vitest';
import type { TeamCaseloadLike } from './report.ts';
import { scopeGroup } from './scopeGroup.ts';

const team = (
  teamId: string,
  members: number,
  clients: number,
  weightedHours: number,
  capacityHours: number,
  overCount: number,
): TeamCaseloadLike => ({
  teamId,
  members,
  clients,
  weightedHours,
  otherHours: 0,
  workloadHours: weightedHours,
  capacityHours,
  loadRatio: weightedHours / capacityHours,
  maxLoadRatio: null,
  minLoadRatio: null,
  overCount,
  cv: null,
});

test("a supervisor's two teams together, without the third team of the agency", () => {
  const teams = [team('t1', 3, 20, 100, 120, 1), team('t2', 1, 10, 60, 40, 1), team('t3', 9, 99, 999, 10, 9)];
  const staff = [
    { teamId: 't1', loadRatio: 0.5 },
    { teamId: 't1', loadRatio: 1.0 },
    { teamId: 't1', loadRatio: null }, // on leave: no capacity, no ratio
    { teamId: 't2', loadRatio: 1.5 },
    { teamId: 't3', loadRatio: 3 },
  ];
  const g = scopeGroup(teams, staff, ['t1', 't2']);
  // 160 h ÷ 160 h; ratios 0.5, 1.0, 1.5: mean 1, population sd √(0.5 ÷ 3)
  expect(g).toMatchObject({
    members: 4,
    clients: 30,
    weightedHours: 160,
    capacityHours: 160,
    overCount: 2,
    maxLoadRatio: 1.5,
    minLoadRatio: 0.5,
  });
  expect(g?.loadRatio).toBeCloseTo(1, 12);
  expect(g?.cv).toBeCloseTo(Math.sqrt(0.5 / 3), 12);
});

test('no team of mine in the report: no figures (never the agency instead)', () => {
  expect(scopeGroup([team('t3', 1, 1, 1, 1, 0)], [], ['t1'])).toBeNull();
});
