import { describe, expect, test } from 'vitest';
import { notPreviewed, type PreviewLike, previewInput, previewText } from './settingsPreview.ts';

const figures = (loadRatio: number | null, band: PreviewLike['agency']['before']['band'], over = 0) => ({
  loadRatio,
  band,
  overCount: over,
  contactRate: 0.5,
  reassessRate: 0.9,
  reassessOverdue: 2,
});

const names = {
  teams: new Map([['north', 'North Team']]),
  staff: new Map([
    ['m1', 'Avery Quill'],
    ['m2', 'Brook Marl'],
  ]),
};

describe('previewText', () => {
  const preview: PreviewLike = {
    asOf: '2026-12-07',
    agency: { members: 31, before: figures(0.98, 'balanced', 18), after: figures(1.08, 'over', 30) },
    teams: [
      { teamId: 'north', before: figures(0.98, 'balanced'), after: figures(1.084, 'over') },
      { teamId: 'south', before: figures(1.2, 'critical'), after: figures(1.3, 'critical') },
    ],
    staffBandChanges: [
      { staffId: 'm1', teamId: 'north', before: { loadRatio: 0.95, band: 'balanced' }, after: { loadRatio: 1.16, band: 'critical' } },
      { staffId: 'm2', teamId: 'north', before: { loadRatio: 1.05, band: 'over' }, after: { loadRatio: 0.99, band: 'balanced' } },
      { staffId: 'x9', teamId: null, before: { loadRatio: 0.5, band: 'under' }, after: { loadRatio: 0.9, band: 'balanced' } },
    ],
  };

  test('the agency load in words (98 % → 108 %), members over capacity; rates that do not move are left out', () => {
    const t = previewText(preview, names);
    expect(t.agency).toEqual([
      { label: 'Agency load', before: '98% (balanced)', after: '108% (over capacity)', moves: true },
      { label: 'Members over capacity', before: '18 of 31', after: '30 of 31', moves: true },
    ]);
  });

  test('only teams changing band are listed, by name (a team staying critical is not)', () => {
    expect(previewText(preview, names).teams).toEqual([
      { label: 'North Team', before: '98% (balanced)', after: '108% (over capacity)', moves: true },
    ]);
  });

  test('members: newly over, no longer over, other moves; an unknown id shows as itself', () => {
    const t = previewText(preview, names);
    expect(t.newlyOver).toEqual([{ name: 'Avery Quill', team: 'North Team', before: '95% (balanced)', after: '116% (critical)' }]);
    expect(t.noLongerOver.map((p) => p.name)).toEqual(['Brook Marl']);
    expect(t.otherMoves).toEqual([{ name: 'x9', team: null, before: '50% (under capacity)', after: '90% (balanced)' }]);
  });

  test('the agency load is shown even when it does not move; no capacity reads as such', () => {
    const same: PreviewLike = { ...preview, agency: { members: 0, before: figures(null, null), after: figures(null, null) } };
    expect(previewText(same, names).agency).toEqual([
      { label: 'Agency load', before: '— (no capacity)', after: '— (no capacity)', moves: false },
    ]);
  });
});

describe('notPreviewed', () => {
  test('names what a change moves outside the previewed figures, once each; load and compliance settings are previewed', () => {
    expect(notPreviewed(['tierHours.1', 'contactRules.1.anyDays', 'reassessmentDays.3', 'qaPassScore', 'minCellSize', 'timeZone'])).toEqual(
      ['the quality review pass rate (Quality reviews page)', 'which board figures are withheld', 'what “today” is and when months end'],
    );
  });
});

test('previewInput leaves the caseload standards out and keeps everything else', () => {
  expect(previewInput({ a: 1, caseloadStandards: [{ id: 'x' }] })).toEqual({ a: 1 });
});
