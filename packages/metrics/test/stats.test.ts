import { describe, expect, test } from 'vitest';
import { complementRate, cv, mean, median, ols, populationSd, rate } from '../src/index.ts';

describe('stats', () => {
  test.each([
    [1, 2, 0.5],
    [0, 5, 0],
    [0, 0, null],
    [3, 0, null],
  ])('rate(%i, %i) = %s', (n, d, want) => {
    expect(rate(n, d)).toBe(want);
  });

  test.each([
    [1, 4, 0.75],
    [0, 4, 1],
    [4, 4, 0],
    [0, 0, null],
  ])('complementRate(%i, %i) = %s', (n, d, want) => {
    expect(complementRate(n, d)).toBe(want);
  });

  test.each([
    [[], null, null],
    [[2], 2, 0],
    [[1, 3], 2, 1],
    [[0.1, 0.1, 0.1], 0.1, 0], // equal values: exactly 0, not a rounding residue
    [[2, 4, 4, 4, 5, 5, 7, 9], 5, 2],
  ])('mean and population sd of %j', (xs, m, sd) => {
    if (m === null) expect(mean(xs)).toBeNull();
    else expect(mean(xs)).toBeCloseTo(m, 12);
    expect(populationSd(xs)).toBe(sd);
  });

  test.each([
    [[], null],
    [[1.2], null], // fewer than 2 members
    [[0, 0], null], // mean 0
    [[1, 1], 0],
    [[1.15, 0.8], 0.175 / 0.975],
    [[2, 4, 4, 4, 5, 5, 7, 9], 2 / 5],
  ])('cv(%j) = %s', (xs, want) => {
    const got = cv(xs);
    if (want === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(want, 12);
  });

  test.each([
    [[], null],
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 30], 20],
  ])('median(%j) = %s', (xs, want) => {
    expect(median(xs)).toBe(want);
  });

  test('ols on (1,1), (2,2), (3,4): slope 3/2, intercept −2/3, r = 9/√84', () => {
    const fit = ols([
      { x: 1, y: 1 },
      { x: 2, y: 2 },
      { x: 3, y: 4 },
    ]);
    expect(fit.n).toBe(3);
    expect(fit.slope).toBeCloseTo(1.5, 12);
    expect(fit.intercept).toBeCloseTo(-2 / 3, 12);
    expect(fit.r).toBeCloseTo(9 / Math.sqrt(84), 12);
  });

  test('ols on a perfect decreasing line: r = −1', () => {
    const fit = ols([
      { x: 0.5, y: 1 },
      { x: 1, y: 0.5 },
      { x: 1.5, y: 0 },
    ]);
    expect(fit.slope).toBeCloseTo(-1, 12);
    expect(fit.intercept).toBeCloseTo(1.5, 12);
    expect(fit.r).toBeCloseTo(-1, 12);
  });

  test.each([
    [
      'n < 3',
      [
        { x: 1, y: 1 },
        { x: 2, y: 0 },
      ],
      2,
    ],
    [
      'no variance in x',
      [
        { x: 0.7, y: 1 },
        { x: 0.7, y: 0 },
        { x: 0.7, y: 0.5 },
      ],
      3,
    ],
    ['empty', [], 0],
  ])('ols is null when %s', (_label, points, n) => {
    expect(ols(points)).toEqual({ n, slope: null, intercept: null, r: null });
  });

  test('ols with constant y: slope 0, intercept y, r null (undefined, not NaN)', () => {
    expect(
      ols([
        { x: 0.5, y: 1 },
        { x: 1, y: 1 },
        { x: 2, y: 1 },
      ]),
    ).toEqual({ n: 3, slope: 0, intercept: 1, r: null });
  });
});
