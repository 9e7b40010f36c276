/**
 * Latency statistics of the benchmark (pure). Percentiles use the nearest-rank
 * method on the sorted samples (p of n samples: the ⌈p/100 · n⌉-th smallest), as
 * HdrHistogram and autocannon report them, without their bucketing error.
 */

export interface LatencySummary {
  /** samples measured */
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

/** The nearest-rank percentile p (0 < p ≤ 100) of `sorted` (ascending); null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`a percentile is in (0, 100], not ${p}`);
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    n,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: n ? (sorted[n - 1] ?? null) : null,
    mean: n ? sorted.reduce((s, x) => s + x, 0) / n : null,
  };
}

/** Largest absolute difference between two numeric figures (null on either side counts only when both are not null). */
export interface Agreement {
  /** figures compared */
  compared: number;
  /** figures present on one side only, or null on one side and a number on the other */
  mismatchedPresence: number;
  maxAbsDiff: number;
  /** the key of the largest difference */
  worst: string | null;
}

/**
 * Compares two maps of figures keyed alike ('2024-05|team-1|loadRatio' → value).
 * A key missing from one side, or null on one side only, is a presence mismatch.
 */
export function compareFigures(a: ReadonlyMap<string, number | null>, b: ReadonlyMap<string, number | null>): Agreement {
  let compared = 0;
  let mismatchedPresence = 0;
  let maxAbsDiff = 0;
  let worst: string | null = null;
  const keys = new Set([...a.keys(), ...b.keys()]);
  for (const key of keys) {
    const x = a.get(key);
    const y = b.get(key);
    if (x === undefined || y === undefined || (x === null) !== (y === null)) {
      mismatchedPresence += 1;
      if (worst === null) worst = key;
      continue;
    }
    compared += 1;
    if (x === null || y === null) continue;
    const d = Math.abs(x - y);
    if (d > maxAbsDiff) {
      maxAbsDiff = d;
      worst = key;
    }
  }
  return { compared, mismatchedPresence, maxAbsDiff, worst };
}

/** Agreement within `tolerance` (absolute), with nothing present on one side only. */
export function agrees(a: Agreement, tolerance = 1e-9): boolean {
  return a.mismatchedPresence === 0 && a.maxAbsDiff <= tolerance && a.compared > 0;
}
