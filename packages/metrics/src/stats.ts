/**
 * Small statistics used by the metrics. Every function returns null rather than 0 or
 * NaN when the quantity is undefined (empty input, zero denominator, no variance).
 */

/** numerator ÷ denominator; null when the denominator is 0. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** 1 − numerator ÷ denominator (e.g. reassessRate = 1 − overdue ÷ due); null when the denominator is 0. */
export function complementRate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : 1 - numerator / denominator;
}

export function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : sum(values) / values.length;
}

function allEqual(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}

/** Population standard deviation (divides by n); exactly 0 when all values are equal. */
export function populationSd(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null) return null;
  if (allEqual(values)) return 0;
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / values.length);
}

/** Coefficient of variation: population sd ÷ mean; null with fewer than 2 values or a mean of 0. */
export function cv(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values);
  const sd = populationSd(values);
  if (m === null || sd === null || m === 0) return null;
  return sd / m;
}

/** Median; for an even count the mean of the two middle values. null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

export interface LinearFit {
  n: number;
  slope: number | null;
  intercept: number | null;
  /** Pearson r; null also when y has no variance (r is undefined then, the slope is 0) */
  r: number | null;
}

/**
 * Ordinary least squares of y on x with Pearson r. slope, intercept and r are null
 * when n < 3 or the x values have no variance; r alone is null when y has none.
 */
export function ols(points: ReadonlyArray<{ x: number; y: number }>): LinearFit {
  const n = points.length;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  if (n < 3 || allEqual(xs)) return { n, slope: null, intercept: null, r: null };
  const mx = sum(xs) / n;
  const my = sum(ys) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of points) {
    const dx = p.x - mx;
    const dy = p.y - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const r = allEqual(ys) ? null : sxy / Math.sqrt(sxx * syy);
  return { n, slope: allEqual(ys) ? 0 : slope, intercept: allEqual(ys) ? (ys[0] as number) : intercept, r };
}
