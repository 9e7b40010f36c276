/**
 * Small statistics for the Standard 8 formulas. A rate with a zero denominator is
 * null; the mean and the median of nothing are null — never 0, never NaN.
 */

export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Median; for an even count the mean of the two middle values. */
export function median(values: readonly number[]): number | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const hi = sorted[n >> 1] as number;
  if (n % 2 === 1) return hi;
  const lo = sorted[(n >> 1) - 1] as number;
  return (lo + hi) / 2;
}

/** Byte-order comparison of ASCII ids (the same order as COLLATE "C"). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
