import { expect, test } from 'vitest';
import { largestChanges } from './largestChanges.ts';
import type { GroupRow } from './mapFeedback.ts';

const group = (
  id: string,
  name: string,
  top2: number | null,
  text = top2 === null ? 'fewer than 11' : `${Math.round(top2 * 100)}%`,
): GroupRow => ({
  id,
  name,
  responses: 40,
  responsesText: '40',
  items: [{ item: 'q1', top2, text, detail: null }],
});

test('the largest fall first, then smaller falls and rises; a withheld side has no change and goes last', () => {
  const now = [
    group('a', 'Alder', 0.8),
    group('b', 'Birch', 0.45),
    group('c', 'Cedar', 0.9),
    group('d', 'Dogwood', null),
    group('e', 'Elm', 0.7),
  ];
  const before = [
    group('a', 'Alder', 0.81),
    group('b', 'Birch', 0.82),
    group('c', 'Cedar', 0.86),
    group('d', 'Dogwood', 0.8),
    group('e', 'Elm', 0.7),
  ];
  const rows = largestChanges(now, before, 'q1');
  // Birch 82% → 45%: down 37; Alder 81% → 80%: down 1; Elm unchanged; Cedar 86% → 90%: up 4
  expect(rows.map((r) => [r.name, r.points, r.changeText])).toEqual([
    ['Birch', -37, 'down 37 points'],
    ['Alder', -1, 'down 1 point'],
    ['Elm', 0, 'unchanged'],
    ['Cedar', 4, 'up 4 points'],
    ['Dogwood', null, 'no comparison: a figure is missing or withheld'],
  ]);
  expect(rows[0]?.nowText).toBe('45%');
  expect(rows[0]?.beforeText).toBe('82%');
});

test('a group new this period has no previous figure', () => {
  expect(largestChanges([group('n', 'New', 0.5)], [], 'q1')[0]?.points).toBeNull();
});
