import { describe, expect, test } from 'vitest';
import { rankIntake, type IntakeInput, type NewClient } from '../src/index.ts';
import { assign, client, settingsWith, staff, tierAt } from './fixtures.ts';

const D = '2025-06-30';
// capacity 10 h per FTE
const settings = settingsWith({ caseHoursPerFte: 10 });

function rank(newClient: Partial<NewClient>, o: Partial<IntakeInput> = {}) {
  return rankIntake({
    asOf: D,
    settingsVersion: 2,
    settings,
    staff: [
      staff('a', { teamId: 'T1' }), // 3.5 + 1 = 4.5 h → 0.45
      staff('b', { teamId: 'T1', caseloadFte: 0.5, languages: ['en', 'es'] }), // 1 h / 5 → 0.2
      staff('c', { teamId: 'T2', region: 'south' }), // 0
      staff('d', { teamId: 'T1' }), // 3.5 + 3.5 + 2 = 9 h → 0.9
      staff('z', { teamId: 'T1', caseloadFte: 0 }), // not caseload staff: never listed
    ],
    clients: ['a1', 'a2', 'b1', 'd1', 'd2', 'd3'].map((id) => client(id)),
    assignments: [assign('a1', 'a'), assign('a2', 'a'), assign('b1', 'b'), assign('d1', 'd'), assign('d2', 'd'), assign('d3', 'd')],
    assessments: [tierAt('a1', 3), tierAt('a2', 1), tierAt('b1', 1), tierAt('d1', 3), tierAt('d2', 3), tierAt('d3', 2)],
    newClient: { programId: 'P1', primaryLanguage: null, region: null, tier: '3', ...newClient },
    ...o,
  });
}

describe('intake routing', () => {
  test('ranks by load ratio after taking the client (tier 3: 3.5 h)', () => {
    const r = rank({});
    expect(r.hours).toBe(3.5);
    expect(r.ranked.map((c) => [c.rank, c.staffId, c.loadRatioBefore, c.loadRatioAfter, c.bandAfter, c.overAfter])).toEqual([
      [1, 'c', 0, 0.35, 'under', false],
      [2, 'a', 0.45, 0.8, 'under', false], // 8 / 10
      [3, 'b', 0.2, 0.9, 'balanced', false], // 4.5 / 5
      [4, 'd', 0.9, 1.25, 'critical', true], // 12.5 / 10
    ]);
    expect(r.ineligible).toEqual([]);
  });

  test('language and region rules of moves decide eligibility', () => {
    const r = rank({ primaryLanguage: 'es', region: 'north', tier: '1' });
    expect(r.ranked.map((c) => c.staffId)).toEqual(['b']);
    expect(r.ineligible).toEqual([
      { staffId: 'a', teamId: 'T1', reason: 'does not speak es' },
      { staffId: 'c', teamId: 'T2', reason: 'does not speak es' },
      { staffId: 'd', teamId: 'T1', reason: 'does not speak es' },
    ]);
    const north = rank({ region: 'north', tier: '1' });
    expect(north.ineligible).toEqual([{ staffId: 'c', teamId: 'T2', reason: "region south is not the client's region north" }]);
  });

  test('ties on the ratio after intake go to the lower ratio before, then staff_id', () => {
    const r = rank(
      { tier: 'unassessed' },
      { settings: settingsWith({ caseHoursPerFte: 10, tierHours: { '1': 1, '2': 2, '3': 3.5, '4': 6, unassessed: 0 } }) },
    );
    // an expected tier weighing 0 h: after = before: c 0, b 0.2, a 0.45, d 0.9
    expect(r.ranked.map((c) => c.staffId)).toEqual(['c', 'b', 'a', 'd']);
  });

  test('a team filter ranks only those teams', () => {
    expect(rank({}, { teamIds: ['T2'] }).ranked.map((c) => c.staffId)).toEqual(['c']);
    expect(rank({}, { teamIds: [] }).ranked).toEqual([]);
  });
});
