/**
 * Complementary cell suppression (Standard 4), as linear algebra.
 *
 * A report is described as tables. A table has *atoms*: the unknown counts a reader
 * would like to learn (e.g. "team A answered q1 with 2"). Every value the report
 * shows reveals linear forms over the atoms:
 * - a count reveals its own form (a sum of atoms);
 * - a rate or a mean N/D reveals D·N_form − N·D_form = 0 (the ratio, nothing more);
 * - a median or a mean of scores reveals nothing linear about counts;
 * - a *known* form is one the reader is assumed to know anyway (a total published in
 *   another report), so it can never be withheld.
 *
 * A primary-suppressed value is protected: its base form (a count: itself; a rate:
 * its denominator) must not lie in the span of what is shown, or the reader could
 * compute it from a total and the other cells. The solver withholds more values
 * until no protected form is determined, preferring other counts in the same row or
 * column (smallest first), then the rates and means.
 *
 * Non-negativity and integrality are not used by this check: in rare tables a
 * reader who reasons with them can still narrow a withheld count to a range.
 */

export type Form = ReadonlyMap<number, number>;

type ItemKind = 'count' | 'ratio' | 'statistic' | 'known';

export interface DisclosureItem {
  /** unique in the report; the same id in several tables is the same value */
  id: string;
  kind: ItemKind;
  /** forms a reader learns while the item is shown */
  reveals: Form[];
  /** what must stay hidden when the item is primary-suppressed */
  base: Form;
  /** size used to prefer complements: a count's value, a rate's denominator */
  weight: number;
}

export interface DisclosureTable {
  name: string;
  atoms: number;
  items: DisclosureItem[];
}

const EPS = 1e-9;

/** A dense working vector that knows which of its entries may not be zero (so clearing and scanning it cost its non-zeros, not its length). */
class Workspace {
  readonly v: Float64Array;
  private readonly mark: Uint8Array;
  /** the entries written since the last clear (every entry not listed is 0) */
  readonly touched: number[] = [];
  constructor(n: number) {
    this.v = new Float64Array(n);
    this.mark = new Uint8Array(n);
  }
  touch(k: number): void {
    if (this.mark[k] === 0) {
      this.mark[k] = 1;
      this.touched.push(k);
    }
  }
  /** v ← form (as dense(form, n) would give it) */
  load(form: Form): void {
    for (const [k, c] of form) {
      this.v[k] = (this.v[k] as number) + c;
      this.touch(k);
    }
  }
  maxAbs(): number {
    let m = 0;
    for (const k of this.touched) m = Math.max(m, Math.abs(this.v[k] as number));
    return m;
  }
  scale(by: number): void {
    for (const k of this.touched) this.v[k] = (this.v[k] as number) / by;
  }
  /**
   * The touched entries that are not zero and their values, in the order they were
   * touched (plain arrays: cheaper to make than typed ones; the order of the entries
   * changes nothing, each is updated on its own).
   */
  sparse(): { at: number[]; val: number[] } {
    const at: number[] = [];
    const val: number[] = [];
    for (const k of this.touched) {
      const x = this.v[k] as number;
      if (x !== 0) {
        at.push(k);
        val.push(x);
      }
    }
    return { at, val };
  }
  clear(): void {
    for (const k of this.touched) {
      this.v[k] = 0;
      this.mark[k] = 0;
    }
    this.touched.length = 0;
  }
}

/**
 * The span of some rows (linear forms over n atoms), kept in row-echelon form with,
 * for every basis row, the combination of the original rows that makes it. Rows that
 * reduce to nothing give the left null space: the ways the rows depend on each other.
 *
 * The rows are sparse: every step touches only the entries that may not be zero (a
 * Workspace), in the same arithmetic as the dense elimination (the same values, bit
 * for bit: an entry never touched is 0 there too).
 */
export class Span {
  /** each basis row: where its form and its combination are not zero, and their values there */
  private readonly basis: Array<{ pivot: number; vAt: number[]; vVal: number[]; comboAt: number[]; comboVal: number[] }> = [];
  /** combinations of the rows that sum to zero, sparse until asked for (see nulls) */
  private readonly nullRows: Array<{ at: number[]; val: number[] }> = [];
  private denseNulls: Float64Array[] | null = null;
  private readonly m: number;
  private readonly work: Workspace;

  constructor(
    private readonly n: number,
    rows: readonly Form[],
    /** keep the combinations (for representation() and nulls); off when only contains() is asked */
    private readonly combos = true,
  ) {
    const m = combos ? rows.length : 0;
    this.m = m;
    const work = new Workspace(n);
    this.work = work;
    const comboWork = new Workspace(m);
    const v = work.v;
    const combo = comboWork.v;
    rows.forEach((row, i) => {
      work.load(row);
      const scale = work.maxAbs();
      if (scale === 0) {
        this.nullRows.push(combos ? { at: [i], val: [1] } : { at: [], val: [] });
        work.clear();
        return;
      }
      work.scale(scale);
      if (combos) {
        combo[i] = 1 / scale;
        comboWork.touch(i);
      }
      this.reduce(work, combos ? comboWork : null);
      // the first entry of the largest magnitude
      let pivot = -1;
      let best = 0;
      for (const k of work.touched) {
        const a = Math.abs(v[k] as number);
        if (a > best || (a === best && a > 0 && k < pivot)) {
          best = a;
          pivot = k;
        }
      }
      if (pivot < 0) {
        this.nullRows.push(comboWork.sparse());
        work.clear();
        comboWork.clear();
        return;
      }
      const p = v[pivot] as number;
      work.scale(p);
      comboWork.scale(p);
      const { at: vAt, val: vVal } = work.sparse();
      const { at: comboAt, val: comboVal } = comboWork.sparse();
      this.basis.push({ pivot, vAt, vVal, comboAt, comboVal });
      work.clear();
      comboWork.clear();
    });
  }

  /** combinations of the rows that sum to zero (a basis of the left null space), each over every row */
  get nulls(): Float64Array[] {
    this.denseNulls ??= this.nullRows.map(({ at, val }) => {
      const v = new Float64Array(this.m);
      for (let j = 0; j < at.length; j++) v[at[j] as number] = val[j] as number;
      return v;
    });
    return this.denseNulls;
  }

  /** Subtracts basis rows from the loaded vector (and their combinations from combo). */
  private reduce(work: Workspace, combo: Workspace | Float64Array | null): void {
    const v = work.v;
    const c = combo instanceof Workspace ? combo.v : combo;
    const track = combo instanceof Workspace ? combo : null;
    for (const r of this.basis) {
      const f = v[r.pivot] as number;
      if (f === 0) continue;
      // only where the basis row is not zero: elsewhere v[k] − f·0 is v[k]
      for (let j = 0; j < r.vAt.length; j++) {
        const k = r.vAt[j] as number;
        v[k] = (v[k] as number) - f * (r.vVal[j] as number);
        work.touch(k);
      }
      v[r.pivot] = 0;
      if (c) {
        for (let j = 0; j < r.comboAt.length; j++) {
          const k = r.comboAt[j] as number;
          c[k] = (c[k] as number) - f * (r.comboVal[j] as number);
          track?.touch(k);
        }
      }
    }
    for (const k of work.touched) if (Math.abs(v[k] as number) < EPS) v[k] = 0;
  }

  /**
   * λ with Σ λ_i·row_i = form, or null when the form is not in the span (the value
   * cannot be computed from the rows).
   */
  representation(form: Form, m: number): Float64Array | null {
    if (!this.combos) throw new Error('Span built without combinations');
    const work = this.work;
    try {
      work.load(form);
      const scale = work.maxAbs();
      if (scale === 0) return new Float64Array(m);
      work.scale(scale);
      const combo = new Float64Array(m);
      this.reduce(work, combo);
      if (work.maxAbs() !== 0) return null;
      // reduce() subtracted the combination: the form is −combo·scale of the rows
      for (let k = 0; k < m; k++) combo[k] = -(combo[k] as number) * scale;
      return combo;
    } finally {
      work.clear();
    }
  }

  contains(form: Form): boolean {
    const work = this.work;
    try {
      work.load(form);
      const scale = work.maxAbs();
      if (scale === 0) return true;
      work.scale(scale);
      this.reduce(work, null);
      return work.maxAbs() === 0;
    } finally {
      work.clear();
    }
  }
}

/** Whether A·x = b has a solution (A given by rows). */
function solvable(a: number[][], b: number[]): boolean {
  const rows = a.map((r, i) => [...r, b[i] as number]);
  const cols = (rows[0]?.length ?? 1) - 1;
  let rank = 0;
  for (let c = 0; c < cols && rank < rows.length; c++) {
    let best = rank;
    for (let r = rank + 1; r < rows.length; r++) if (Math.abs(rows[r]![c]!) > Math.abs(rows[best]![c]!)) best = r;
    if (Math.abs(rows[best]![c]!) < EPS) continue;
    [rows[rank], rows[best]] = [rows[best]!, rows[rank]!];
    const piv = rows[rank]!;
    for (let r = 0; r < rows.length; r++) {
      if (r === rank) continue;
      const f = rows[r]![c]! / piv[c]!;
      if (f === 0) continue;
      for (let k = c; k <= cols; k++) rows[r]![k] = rows[r]![k]! - f * piv[k]!;
    }
    rank += 1;
  }
  for (let r = rank; r < rows.length; r++) if (Math.abs(rows[r]![cols]!) > EPS) return false;
  return true;
}

interface ShownRows {
  items: DisclosureItem[];
  span: Span;
}

function shownRows(table: DisclosureTable, shown: (item: DisclosureItem) => boolean, combos = false): ShownRows {
  const items = table.items.filter((i) => shown(i) && i.reveals.length > 0);
  return {
    items,
    span: new Span(
      table.atoms,
      items.flatMap((i) => i.reveals),
      combos,
    ),
  };
}

/** Whether a withheld value can be computed from what a table shows. */
export function isDetermined(table: DisclosureTable, suppressed: ReadonlySet<string>, id: string): boolean {
  const item = table.items.find((i) => i.id === id);
  if (!item) return false;
  return shownRows(table, (i) => i.kind === 'known' || !suppressed.has(i.id)).span.contains(item.base);
}

const PAIR_CANDIDATES = 10;

/**
 * Starting from the `primary` withheld values, withholds more until no value in
 * `protect` (the small ones among them) can be computed from what is shown in any
 * table; then shows again every complementary value that protects nothing (one a
 * reader could compute anyway). Returns every withheld id (the primary ones
 * included). Deterministic: the same tables and sets give the same answer.
 */
export function complementarySuppression(
  tables: readonly DisclosureTable[],
  primary: ReadonlySet<string>,
  protect: ReadonlySet<string> = primary,
): Set<string> {
  for (const t of tables)
    for (const i of t.items) if (i.reveals.length > 1) throw new Error(`suppression: ${i.id} reveals more than one form`);
  const suppressed = new Set(primary);
  // which of a table's values are withheld: after solveTable, nothing the table protects is
  // exposed in that state, so the table is solved again only once another table's step
  // has withheld one of its values (a shared id)
  const stateOf = (table: DisclosureTable) => table.items.map((i) => (suppressed.has(i.id) ? '1' : '0')).join('');
  const settled = new Map<DisclosureTable, string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const table of tables) {
      if (settled.get(table) === stateOf(table)) continue;
      if (solveTable(table, suppressed, protect)) changed = true;
      settled.set(table, stateOf(table));
    }
  }
  // a complementary value a reader can compute from what is shown protects nothing
  const shownNow = (i: DisclosureItem) => i.kind === 'known' || !suppressed.has(i.id);
  const spans = tables.map((t) => shownRows(t, shownNow).span);
  const computable = new Map<string, boolean>();
  tables.forEach((t, k) => {
    for (const i of t.items) {
      if (!suppressed.has(i.id) || primary.has(i.id) || i.kind === 'known') continue;
      const ok = i.reveals.every((f) => (spans[k] as Span).contains(f));
      computable.set(i.id, (computable.get(i.id) ?? true) && ok);
    }
  });
  for (const [id, ok] of computable) if (ok) suppressed.delete(id);
  return suppressed;
}

function solveTable(table: DisclosureTable, suppressed: Set<string>, protect: ReadonlySet<string>): boolean {
  let changed = false;
  const shownNow = (i: DisclosureItem) => i.kind === 'known' || !suppressed.has(i.id);
  for (;;) {
    // one span for both questions: whether a protected value is exposed (contains() reads
    // only the rows' echelon form, the same with or without the combinations) and how
    const { items, span } = shownRows(table, shownNow, true);
    const exposed = table.items.find((i) => protect.has(i.id) && i.kind !== 'known' && span.contains(i.base));
    if (!exposed) return changed;

    // exposed.base = Σ λ_i·row_i for λ in λ0 + (left null space). Withholding the rows S
    // hides it when no such λ is zero on all of S.
    const lambda0 = span.representation(exposed.base, items.length) as Float64Array;
    const nulls = span.nulls;
    const index = new Map(items.map((it, k) => [it.id, k]));
    const fixes = (hide: readonly DisclosureItem[]) => {
      const rows = hide.map((h) => index.get(h.id) as number);
      return !solvable(
        rows.map((r) => nulls.map((v) => v[r] as number)),
        rows.map((r) => -(lambda0[r] as number)),
      );
    };
    const candidates = rankCandidates(table, exposed, shownNow);
    const counts = candidates.filter((c) => c.kind === 'count');
    const others = candidates.filter((c) => c.kind !== 'count');

    let pick: DisclosureItem[] | undefined;
    // 1. one more count in the same row or column, smallest first
    const single = counts.find((c) => fixes([c]));
    if (single) pick = [single];
    // 2. two more counts
    if (!pick) {
      const few = counts.slice(0, PAIR_CANDIDATES);
      outer: for (let i = 0; i < few.length; i++) {
        for (let j = i + 1; j < few.length; j++) {
          const pair = [few[i] as DisclosureItem, few[j] as DisclosureItem];
          if (fixes(pair)) {
            pick = pair;
            break outer;
          }
        }
      }
    }
    // 3. a rate or a mean that gives the cell away
    if (!pick) {
      const rateFix = others.find((c) => fixes([c]));
      if (rateFix) pick = [rateFix];
    }
    // 4. no single step hides it: withhold the nearest count (or value) and go on
    if (!pick) {
      const next = counts[0] ?? others[0];
      if (!next) {
        throw new Error(`suppression: ${exposed.id} in ${table.name} is given away by values that cannot be withheld`);
      }
      pick = [next];
    }
    for (const p of pick) suppressed.add(p.id);
    changed = true;
  }
}

/** each form's atoms (the keys whose coefficient is not zero), kept: the solver asks again at every step */
const formAtoms = new WeakMap<Form, Set<number>>();
function atomsOfForm(f: Form): Set<number> {
  let s = formAtoms.get(f);
  if (!s) {
    s = new Set<number>();
    for (const [k, c] of f) if (c !== 0) s.add(k);
    formAtoms.set(f, s);
  }
  return s;
}

function atomsOf(forms: readonly Form[]): ReadonlySet<number> {
  if (forms.length === 1) return atomsOfForm(forms[0] as Form);
  const s = new Set<number>();
  for (const f of forms) for (const k of atomsOfForm(f)) s.add(k);
  return s;
}

/**
 * Shown, withholdable items related to the exposed one through a shown form, nearest
 * first: "nearness" is the size of the smallest shown form touching both (its row
 * before its column before the grand total), then non-zero before zero, then the
 * smallest weight, then the id.
 */
function rankCandidates(table: DisclosureTable, exposed: DisclosureItem, shown: (i: DisclosureItem) => boolean): DisclosureItem[] {
  const target = atomsOf([exposed.base]);
  const nearness = new Map<number, number>();
  for (const item of table.items) {
    if (!shown(item)) continue;
    for (const f of item.reveals) {
      const atoms = atomsOfForm(f);
      let touches = false;
      for (const a of atoms)
        if (target.has(a)) {
          touches = true;
          break;
        }
      if (!touches) continue;
      for (const a of atoms) nearness.set(a, Math.min(nearness.get(a) ?? Infinity, atoms.size));
    }
  }
  const ranked: Array<{ item: DisclosureItem; near: number }> = [];
  for (const item of table.items) {
    if (item.kind === 'known' || !shown(item) || item.reveals.length === 0) continue;
    let near = Infinity;
    for (const a of atomsOf(item.reveals)) near = Math.min(near, nearness.get(a) ?? Infinity);
    if (near === Infinity) continue;
    ranked.push({ item, near });
  }
  ranked.sort(
    (x, y) =>
      x.near - y.near ||
      Number(x.item.weight === 0) - Number(y.item.weight === 0) ||
      x.item.weight - y.item.weight ||
      (x.item.id < y.item.id ? -1 : x.item.id > y.item.id ? 1 : 0),
  );
  return ranked.map((r) => r.item);
}

// ---------------------------------------------------------------- building tables

/** Builds one table: atoms by key, items by report path. */
export class TableBuilder {
  private readonly atomIndex = new Map<string, number>();
  readonly items: DisclosureItem[] = [];
  constructor(readonly name: string) {}

  atom(key: string): number {
    let i = this.atomIndex.get(key);
    if (i === undefined) {
      i = this.atomIndex.size;
      this.atomIndex.set(key, i);
    }
    return i;
  }

  form(terms: Iterable<readonly [string, number]>): Map<number, number> {
    const f = new Map<number, number>();
    for (const [key, c] of terms) {
      if (c === 0) continue;
      const a = this.atom(key);
      f.set(a, (f.get(a) ?? 0) + c);
    }
    return f;
  }

  /** A count shown in the report: the sum of `atoms`. */
  count(id: string, atoms: readonly string[], value: number): void {
    const f = this.form(atoms.map((a) => [a, 1] as const));
    this.items.push({ id, kind: 'count', reveals: [f], base: f, weight: value });
  }

  /**
   * A rate or mean num/den shown in the report, where num and den are weighted sums of
   * atoms with the given values. When den is 0 the value is null and reveals nothing.
   */
  ratio(
    id: string,
    num: ReadonlyArray<readonly [string, number]>,
    numValue: number,
    den: ReadonlyArray<readonly [string, number]>,
    denValue: number,
  ): void {
    const d = this.form(den);
    const n = this.form(num);
    const reveals: Form[] = [];
    if (denValue !== 0) {
      const h = new Map<number, number>();
      for (const [k, c] of n) h.set(k, (h.get(k) ?? 0) + denValue * c);
      for (const [k, c] of d) h.set(k, (h.get(k) ?? 0) - numValue * c);
      reveals.push(h);
    }
    this.items.push({ id, kind: 'ratio', reveals, base: d, weight: denValue });
  }

  /** A median or a mean of scores computed from the units in `base`. */
  statistic(id: string, base: readonly string[], baseValue: number): void {
    this.items.push({ id, kind: 'statistic', reveals: [], base: this.form(base.map((a) => [a, 1] as const)), weight: baseValue });
  }

  /** A sum the reader is assumed to know from elsewhere. */
  known(name: string, atoms: readonly string[]): void {
    const f = this.form(atoms.map((a) => [a, 1] as const));
    this.items.push({ id: `known:${this.name}:${name}`, kind: 'known', reveals: [f], base: f, weight: 0 });
  }

  build(): DisclosureTable {
    return { name: this.name, atoms: this.atomIndex.size, items: this.items };
  }
}
