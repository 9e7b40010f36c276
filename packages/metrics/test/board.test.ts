import { describe, expect, test } from 'vitest';
import { boardFigure, describeChange, type FigureKind, figureSentence, formatFigure, teamsOverSentence } from '../src/board/index.ts';

describe('describeChange compares the displayed values', () => {
  test.each<[number | null, number | null, FigureKind, 'up' | 'down' | 'unchanged' | null]>([
    // rates and ratios: whole percentage points
    [0.97, 0.96, 'rate', 'up'],
    [0.96, 0.97, 'rate', 'down'],
    [0.974, 0.966, 'rate', 'unchanged'], // 97% and 97%
    [0.975, 0.974, 'rate', 'up'], // 98% (0.975 → 97.5 → 98) against 97%
    [0.9749, 0.9651, 'rate', 'unchanged'], // 97% and 97%
    [1.04, 0.97, 'ratio', 'up'],
    [1.004, 0.996, 'ratio', 'unchanged'], // 100% and 100%
    [1.006, 0.996, 'ratio', 'up'], // 101% against 100%
    [0, 0, 'rate', 'unchanged'],
    // counts: whole numbers
    [3, 2, 'count', 'up'],
    [2, 3, 'count', 'down'],
    [4, 4, 'count', 'unchanged'],
    // days: one decimal
    [12.5, 12.5, 'days', 'unchanged'],
    [12.5, 12, 'days', 'up'],
    [12.04, 12, 'days', 'unchanged'], // 12.0 and 12.0
    [11.9, 12, 'days', 'down'],
    // missing on either side: no direction
    [null, 0.9, 'rate', null],
    [0.9, null, 'rate', null],
    [null, null, 'count', null],
  ])('%s against %s (%s) → %s', (current, previous, kind, expected) => {
    expect(describeChange(current, previous, { kind })).toBe(expected);
  });
});

describe('formatFigure', () => {
  test.each<[number, FigureKind, string]>([
    [1.04, 'ratio', '104%'],
    [0.974, 'rate', '97%'],
    [0.975, 'rate', '98%'],
    [3, 'count', '3'],
    [12.5, 'days', '12.5 days'],
    [1, 'days', '1 day'],
    [14, 'days', '14 days'],
  ])('%s (%s) → %s', (value, kind, expected) => {
    expect(formatFigure(value, kind)).toBe(expected);
  });
});

const LOAD = { label: 'Weighted caseload', verb: 'averaged', suffix: 'of capacity' };

describe('figureSentence', () => {
  test.each<[string, ReturnType<typeof boardFigure>, string]>([
    ['up', boardFigure('ratio', 1.04, 0.97), 'Weighted caseload averaged 104% of capacity, up from 97%.'],
    ['down', boardFigure('ratio', 0.97, 1.04), 'Weighted caseload averaged 97% of capacity, down from 104%.'],
    [
      'unchanged at the rounding',
      boardFigure('ratio', 1.004, 0.996),
      'Weighted caseload averaged 100% of capacity, unchanged from the previous period.',
    ],
    [
      'no previous data',
      boardFigure('ratio', 1.04, null),
      'Weighted caseload averaged 104% of capacity; there is no figure for the previous period to compare.',
    ],
    ['no current data', boardFigure('ratio', null, 0.97), 'Weighted caseload has no figure for this period: there was nothing to count.'],
  ])('%s', (_name, figure, expected) => {
    expect(figureSentence(figure, LOAD)).toBe(expected);
  });

  test('the default verb is "was"', () => {
    expect(figureSentence(boardFigure('count', 5, 7), { label: 'Corrective actions overdue' })).toBe(
      'Corrective actions overdue was 5, down from 7.',
    );
  });
});

describe('a withheld figure never leaks through a sentence', () => {
  // values whose digits are distinctive, to be searched for in the output
  test.each<[string, number, number, boolean, boolean]>([
    ['current withheld', 0.8765, 0.4321, true, false],
    ['previous withheld', 0.8765, 0.4321, false, true],
    ['both withheld', 0.8765, 0.4321, true, true],
  ])('%s', (_name, current, previous, curS, prevS) => {
    const figure = boardFigure('rate', current, previous, curS, prevS);
    const sentence = figureSentence(figure, { label: 'Contact timeliness' });
    expect(sentence).toMatch(/withheld/);
    // no direction derived from a withheld value
    expect(figure.change).toBeNull();
    expect(sentence).not.toMatch(/\bup\b|\bdown\b|unchanged/);
    if (curS) {
      expect(figure.current).toBeNull();
      expect(sentence).not.toMatch(/\d/);
    }
    if (prevS) {
      expect(figure.previous).toBeNull();
      expect(sentence).not.toContain('43');
    }
    if (!curS) expect(sentence).toContain('88%');
  });

  test('a withheld count carries no digit at all', () => {
    const figure = boardFigure('count', 7, 9, true, false);
    expect(figureSentence(figure, { label: 'Staff over capacity', verb: 'numbered' })).toBe(
      "Staff over capacity: this period's figure is withheld because it rests on numbers too small to show.",
    );
  });
});

describe('teamsOverSentence', () => {
  test.each<[number, number | null, number, string]>([
    [0, 0, 0, 'No team stayed over capacity all period, unchanged from the previous period.'],
    [1, 0, 0, '1 team stayed over capacity all period, up from none.'],
    [3, 1, 0, '3 teams stayed over capacity all period, up from 1 team.'],
    [1, 3, 0, '1 team stayed over capacity all period, down from 3 teams.'],
    [3, null, 0, '3 teams stayed over capacity all period.'],
    [
      2,
      2,
      1,
      '2 teams stayed over capacity all period, unchanged from the previous period; teams whose load is withheld for small numbers in some month are not counted.',
    ],
  ])('%s over (previously %s), %s withheld', (over, previous, withheld, expected) => {
    expect(teamsOverSentence(boardFigure('count', over, previous), withheld)).toBe(expected);
  });
});
