/**
 * The suppression solver's span (disclosure.ts) works on sparse rows: every step touches
 * only the entries that may not be zero. It must give, bit for bit, what the dense
 * elimination it replaced gave (kept below verbatim as the reference): the same left
 * null space, the same representations and the same answers to "is this form
 * determined", so complementarySuppression withholds exactly the same cells.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Form, Span } from '../src/standard8/disclosure.ts';

// ---------------------------------------------------------------- the dense reference (as it was)
const EPS = 1e-9;

function dense(form: Form, n: number): Float64Array {
  const v = new Float64Array(n);
  for (const [k, c] of form) v[k] = (v[k] ?? 0) + c;
  return v;
}

/** The indices of the entries of v that are not zero, ascending. */
function nonZeroAt(v: Float64Array): Int32Array {
  let n = 0;
  for (let k = 0; k < v.length; k++) if (v[k] !== 0) n++;
  const at = new Int32Array(n);
  n = 0;
  for (let k = 0; k < v.length; k++) if (v[k] !== 0) at[n++] = k;
  return at;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i] as number));
  return m;
}

/**
 * The span of some rows (linear forms over n atoms), kept in row-echelon form with,
 * for every basis row, the combination of the original rows that makes it. Rows that
 * reduce to nothing give the left null space: the ways the rows depend on each other.
 */
class DenseSpan {
  /** each basis row with the indices where its form and its combination are not zero (the rows are sparse) */
  private readonly basis: Array<{ pivot: number; v: Float64Array; combo: Float64Array; vAt: Int32Array; comboAt: Int32Array }> = [];
  /** combinations of the rows that sum to zero (a basis of the left null space) */
  readonly nulls: Float64Array[] = [];

  constructor(
    private readonly n: number,
    rows: readonly Form[],
    /** keep the combinations (for representation() and nulls); off when only contains() is asked */
    private readonly combos = true,
  ) {
    const m = combos ? rows.length : 0;
    rows.forEach((row, i) => {
      const v = dense(row, n);
      const combo = new Float64Array(m);
      const scale = maxAbs(v);
      if (scale === 0) {
        if (combos) combo[i] = 1;
        this.nulls.push(combo);
        return;
      }
      for (let k = 0; k < n; k++) v[k] = (v[k] as number) / scale;
      if (combos) combo[i] = 1 / scale;
      this.reduce(v, combos ? combo : null);
      let pivot = -1;
      let best = 0;
      for (let k = 0; k < n; k++) {
        const a = Math.abs(v[k] as number);
        if (a > best) {
          best = a;
          pivot = k;
        }
      }
      if (pivot < 0) {
        this.nulls.push(combo);
        return;
      }
      const p = v[pivot] as number;
      for (let k = 0; k < n; k++) v[k] = (v[k] as number) / p;
      for (let k = 0; k < m; k++) combo[k] = (combo[k] as number) / p;
      this.basis.push({ pivot, v, combo, vAt: nonZeroAt(v), comboAt: nonZeroAt(combo) });
    });
  }

  /** Subtracts basis rows from v (and their combinations from combo); returns the coefficients. */
  private reduce(v: Float64Array, combo: Float64Array | null): void {
    for (const r of this.basis) {
      const f = v[r.pivot] as number;
      if (f === 0) continue;
      // only where the basis row is not zero: elsewhere v[k] − f·0 is v[k]
      for (let j = 0; j < r.vAt.length; j++) {
        const k = r.vAt[j] as number;
        v[k] = (v[k] as number) - f * (r.v[k] as number);
      }
      v[r.pivot] = 0;
      if (combo) {
        for (let j = 0; j < r.comboAt.length; j++) {
          const k = r.comboAt[j] as number;
          combo[k] = (combo[k] as number) - f * (r.combo[k] as number);
        }
      }
    }
    for (let k = 0; k < v.length; k++) if (Math.abs(v[k] as number) < EPS) v[k] = 0;
  }

  /**
   * λ with Σ λ_i·row_i = form, or null when the form is not in the span (the value
   * cannot be computed from the rows).
   */
  representation(form: Form, m: number): Float64Array | null {
    if (!this.combos) throw new Error('DenseSpan built without combinations');
    const v = dense(form, this.n);
    const scale = maxAbs(v);
    if (scale === 0) return new Float64Array(m);
    for (let k = 0; k < v.length; k++) v[k] = (v[k] as number) / scale;
    const combo = new Float64Array(m);
    this.reduce(v, combo);
    if (maxAbs(v) !== 0) return null;
    // reduce() subtracted the combination: the form is −combo·scale of the rows
    for (let k = 0; k < m; k++) combo[k] = -(combo[k] as number) * scale;
    return combo;
  }

  contains(form: Form): boolean {
    const v = dense(form, this.n);
    const scale = maxAbs(v);
    if (scale === 0) return true;
    for (let k = 0; k < v.length; k++) v[k] = (v[k] as number) / scale;
    this.reduce(v, null);
    return maxAbs(v) === 0;
  }
}

// ---------------------------------------------------------------- the comparison

const bits = (v: Float64Array | null) => (v === null ? null : Array.from(v, (x) => (Object.is(x, -0) ? '-0' : String(x))));

/** forms like the report's: counts (sums of atoms), ratio forms D·num − N·den, zero and repeated rows */
const formArb = (n: number): fc.Arbitrary<Form> =>
  fc.oneof(
    fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }).map((ks) => new Map(ks.map((k) => [k, 1]))),
    fc
      .tuple(
        fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }),
        fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
      )
      .map(([num, den, nv, dv]) => {
        const f = new Map<number, number>();
        for (const k of num) f.set(k, (f.get(k) ?? 0) + dv);
        for (const k of den) f.set(k, (f.get(k) ?? 0) - nv);
        return f;
      }),
    fc
      .dictionary(fc.integer({ min: 0, max: n - 1 }).map(String), fc.double({ min: -5, max: 5, noNaN: true }))
      .map((d) => new Map(Object.entries(d).map(([k, c]) => [Number(k), c]))),
  );

const caseArb = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    rows: fc.array(formArb(n), { maxLength: 24 }).chain((rows) =>
      // repeat some rows (dependent rows give the null space)
      fc
        .array(fc.nat(), { maxLength: 4 })
        .map((picks) => (rows.length === 0 ? rows : [...rows, ...picks.map((p) => rows[p % rows.length] as Form)])),
    ),
    queries: fc.array(formArb(n), { maxLength: 8 }),
  }),
);

describe('the sparse span equals the dense one', () => {
  test('null space, representations and containment, bit for bit', () => {
    fc.assert(
      fc.property(caseArb, ({ n, rows, queries }) => {
        const sparse = new Span(n, rows, true);
        const dense = new DenseSpan(n, rows, true);
        expect(sparse.nulls.map(bits)).toEqual(dense.nulls.map(bits));
        const asked = [...rows, ...queries];
        for (const q of asked) {
          expect(sparse.contains(q)).toBe(dense.contains(q));
          expect(bits(sparse.representation(q, rows.length))).toEqual(bits(dense.representation(q, rows.length)));
        }
        const quickSparse = new Span(n, rows, false);
        const quickDense = new DenseSpan(n, rows, false);
        expect(quickSparse.nulls.map(bits)).toEqual(quickDense.nulls.map(bits));
        for (const q of asked) expect(quickSparse.contains(q)).toBe(quickDense.contains(q));
      }),
      { numRuns: 400, seed: 20261207 },
    );
  });
});
