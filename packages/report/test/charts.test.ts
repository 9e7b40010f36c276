/** The chart geometry, checked against coordinates worked out by hand. */
import { describe, expect, test } from 'vitest';
import { type Box, fitSegment, linearScale, mapLineChart, mapShareBars, monthXs, ratioDomain, tickStep, ticks } from '../src/charts.ts';

// plot area: x 40..340 (300 wide), y 10..110 (100 high)
const BOX: Box = { width: 360, height: 130, margin: { top: 10, right: 20, bottom: 20, left: 40 } };

describe('linearScale', () => {
  test.each([
    [[0, 10], [0, 100], 2.5, 25],
    [[0.8, 1.2], [110, 10], 1, 60],
    [[0.8, 1.2], [110, 10], 0.8, 110],
    [[0.8, 1.2], [110, 10], 1.2, 10],
    [[5, 5], [0, 100], 7, 50],
  ] as const)('%j → %j maps %d to %d', (domain, range, v, want) => {
    expect(linearScale(domain, range)(v)).toBeCloseTo(want, 10);
  });
});

describe('ratioDomain', () => {
  test.each([
    ['no values: at least 80%–120%', [], [0.8, 1.2]],
    ['values inside stay at 80%–120%', [0.95, 1.04, null], [0.8, 1.2]],
    ['a high value rounds up to the next 10 points', [0.9, 1.31], [0.8, 1.4]],
    ['a low value rounds down', [0.62, 1.0], [0.6, 1.2]],
    ['a value on a step stays on it', [1.3], [0.8, 1.3]],
  ] as const)('%s', (_name, values, want) => {
    const [lo, hi] = ratioDomain(values);
    expect(lo).toBeCloseTo(want[0], 10);
    expect(hi).toBeCloseTo(want[1], 10);
  });
});

test('ticks and tick steps have no float drift', () => {
  expect(ticks([0.8, 1.2], 0.1)).toEqual([0.8, 0.9, 1, 1.1, 1.2]);
  expect(ticks([0, 1], 0.25)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  expect(tickStep([0.8, 1.2])).toBe(0.1);
  expect(tickStep([0.6, 1.4])).toBe(0.2);
  expect(tickStep([0, 2])).toBe(0.5);
});

test('months are spread evenly across the plot; one month sits in the middle', () => {
  expect(monthXs(3, BOX)).toEqual([40, 190, 340]);
  expect(monthXs(4, BOX)).toEqual([40, 140, 240, 340]);
  expect(monthXs(1, BOX)).toEqual([190]);
  // an inset keeps the end points off the axes: the plot runs 50..330
  expect(monthXs(3, BOX, 10)).toEqual([50, 190, 330]);
  expect(mapLineChart([[0.9, 1.0]], BOX, { inset: 10 }).series[0]?.paths).toEqual(['M50 85 L330 60']);
});

describe('mapLineChart', () => {
  test('points, the path and the 100% line on the 80%–120% domain', () => {
    // y = 110 − (v − 0.8) / 0.4 × 100
    const chart = mapLineChart([[0.9, 1.0, 1.1]], BOX, { reference: 1 });
    expect(chart.domain).toEqual([0.8, 1.2]);
    expect(chart.series[0]?.points.map((p) => [p.x, p.y])).toEqual([
      [40, 85],
      [190, 60],
      [340, 35],
    ]);
    expect(chart.series[0]?.paths).toEqual(['M40 85 L190 60 L340 35']);
    expect(chart.referenceY).toBe(60);
    expect(chart.yTicks.map((t) => [t.value, t.y])).toEqual([
      [0.8, 110],
      [0.9, 85],
      [1, 60],
      [1.1, 35],
      [1.2, 10],
    ]);
  });

  test('a withheld (null) month breaks the line and draws no point', () => {
    const chart = mapLineChart([[0.9, null, 1.1, 1.0]], BOX, { domain: [0.8, 1.2] });
    expect(chart.series[0]?.points.map((p) => p.i)).toEqual([0, 2, 3]);
    expect(chart.series[0]?.paths).toEqual(['M40 85', 'M240 35 L340 60']);
  });

  test('a reference outside the domain is not drawn', () => {
    expect(mapLineChart([[0.2, 0.3]], BOX, { domain: [0, 0.5], reference: 1 }).referenceY).toBeNull();
  });
});

test('share bars: equal slots, bars 60% of the slot, heights from 0 to 100%', () => {
  // 3 slots of 100 from x = 40; y = 110 − v × 100
  const { slots, bars, baseY } = mapShareBars([0.5, null, 1], BOX);
  expect(slots.map((s) => s.center)).toEqual([90, 190, 290]);
  expect(baseY).toBe(110);
  expect(bars).toEqual([
    { i: 0, x: 60, width: 60, y: 60, height: 50, value: 0.5 },
    { i: 2, x: 260, width: 60, y: 10, height: 100, value: 1 },
  ]);
});

describe('fitSegment', () => {
  test('a line inside the rates is drawn end to end', () => {
    // rate = 0.9 − 0.1 × load: 0.85 at 0.5, 0.75 at 1.5
    const seg = fitSegment({ slope: -0.1, intercept: 0.9 }, 0.5, 1.5);
    expect(seg?.from.x).toBe(0.5);
    expect(seg?.from.y).toBeCloseTo(0.85, 10);
    expect(seg?.to.x).toBe(1.5);
    expect(seg?.to.y).toBeCloseTo(0.75, 10);
  });
  test('clipped where the rate would pass 100% or 0%', () => {
    // 1.2 − 0.3x = 1 at x = 2/3; = 0.75 at 1.5
    const seg = fitSegment({ slope: -0.3, intercept: 1.2 }, 0.5, 1.5);
    expect(seg?.from.x).toBeCloseTo(2 / 3, 10);
    expect(seg?.from.y).toBeCloseTo(1, 10);
    expect(seg?.to.y).toBeCloseTo(0.75, 10);
    const steep = fitSegment({ slope: -2, intercept: 2.5 }, 0.5, 1.5);
    // 2.5 − 2x = 1 → x = 0.75; = 0 → x = 1.25
    expect(steep?.from.x).toBeCloseTo(0.75, 10);
    expect(steep?.from.y).toBeCloseTo(1, 10);
    expect(steep?.to.x).toBeCloseTo(1.25, 10);
    expect(steep?.to.y).toBeCloseTo(0, 10);
  });
  test('no fit, or a flat line outside the rates: nothing to draw', () => {
    expect(fitSegment({ slope: null, intercept: null }, 0.5, 1.5)).toBeNull();
    expect(fitSegment({ slope: 0, intercept: 1.3 }, 0.5, 1.5)).toBeNull();
    expect(fitSegment({ slope: 0, intercept: 0.9 }, 0.5, 1.5)).toEqual({ from: { x: 0.5, y: 0.9 }, to: { x: 1.5, y: 0.9 } });
  });
});
