import { describe, expect, it } from 'vitest';
import { entryScripts, staticImports } from '../src/bundle.ts';
import { benchDates } from '../src/procedures.ts';
import { planUsers } from '../src/setup.ts';
import { agrees, compareFigures, percentile, summarize } from '../src/stats.ts';
import { formatTable, type ProcedureRow, procedureCells, procedureTable, rowVerdict } from '../src/table.ts';

describe('percentiles (nearest rank)', () => {
  it('takes the ⌈p·n⌉-th smallest sample', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([1], 0)).toThrow(RangeError);
  });

  it('summarizes unsorted samples', () => {
    const s = summarize([30, 10, 20, 40]);
    expect(s).toMatchObject({ n: 4, p50: 20, p95: 40, p99: 40, max: 40, mean: 25 });
    expect(summarize([])).toMatchObject({ n: 0, p50: null, mean: null });
  });
});

describe('figure agreement', () => {
  it('finds the largest difference and figures present on one side only', () => {
    const a = new Map<string, number | null>([
      ['x', 1],
      ['y', 2],
      ['z', null],
      ['only-a', 1],
    ]);
    const b = new Map<string, number | null>([
      ['x', 1],
      ['y', 2.5],
      ['z', null],
    ]);
    const r = compareFigures(a, b);
    expect(r).toEqual({ compared: 3, mismatchedPresence: 1, maxAbsDiff: 0.5, worst: 'y' });
    expect(agrees(r)).toBe(false);
    expect(agrees(compareFigures(b, new Map(b)))).toBe(true);
    // null against a number is a mismatch, not a difference of 0
    expect(compareFigures(new Map([['k', null]]), new Map([['k', 0]])).mismatchedPresence).toBe(1);
  });
});

describe('table', () => {
  it('aligns columns, numbers to the right', () => {
    const text = formatTable(
      ['name', 'ms'],
      [
        ['a', '5.0'],
        ['longer', '123'],
      ],
      new Set([1]),
    );
    expect(text.split('\n')).toEqual(['name   |  ms', '-------|----', 'a      | 5.0', 'longer | 123']);
  });

  const row = (p95: number, errors: number, ratio: number | null = null): ProcedureRow => ({
    scale: 'l',
    label: 'caseload.trend (60 mo)',
    procedure: 'caseload.trend',
    p95BudgetMs: 150,
    http: { requests: 100, errors, firstError: null, reqPerSec: 50, latency: { n: 100, p50: 10, p95, p99: p95, max: p95, mean: 10 } },
    firstMs: null,
    inProcess: null,
    baselineMs: ratio === null ? null : 1000,
    ratio,
    ratioBudget: ratio === null ? null : 10,
    note: null,
  });

  it('marks a row PASS only when latency, errors and the baseline ratio all meet their budgets', () => {
    expect(rowVerdict(row(150, 0))).toBe('PASS');
    expect(rowVerdict(row(151, 0))).toBe('FAIL');
    expect(rowVerdict(row(20, 1))).toBe('FAIL');
    expect(rowVerdict(row(20, 0, 12))).toBe('PASS');
    expect(rowVerdict(row(20, 0, 9.9))).toBe('FAIL');
    expect(rowVerdict({ ...row(20, 0), http: null })).toBe('—');
    expect(procedureCells(row(20, 0, 12)).slice(-3)).toEqual(['12×', '—', 'PASS (p95≤150, ≥10×, 0 err)']);
    // the computed ratio is shown beside the served one; only the served one has a budget
    expect(procedureCells({ ...row(20, 0, 12), computedRatio: 0.25 }).slice(-3)).toEqual(['12×', '0.3×', 'PASS (p95≤150, ≥10×, 0 err)']);
  });

  it('prints the reads on the standby beside the single server, in the same table, when a row has them', () => {
    const standby = {
      requests: 80,
      errors: 0,
      firstError: null,
      reqPerSec: 40,
      latency: { n: 80, p50: 8, p95: 30, p99: 31, max: 32, mean: 9 },
    };
    const single = procedureTable([row(20, 0)]).split('\n');
    expect(single[0]).not.toContain('standby');
    const both = procedureTable([
      { ...row(20, 0), standby },
      { ...row(25, 0), scale: 'm', standby: null },
    ]).split('\n');
    const headers = (both[0] as string).split('|').map((h) => h.trim());
    expect(headers.slice(3, 11)).toEqual([
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'req/s',
      'errors',
      'standby p50 ms',
      'standby p95 ms',
      'standby errors',
    ]);
    expect(
      (both[2] as string)
        .split('|')
        .map((c) => c.trim())
        .slice(3, 11),
    ).toEqual(['10.0', '20.0', '20.0', '50.0', '0', '8.0', '30.0', '0']);
    expect(
      (both[3] as string)
        .split('|')
        .map((c) => c.trim())
        .slice(8, 11),
    ).toEqual(['—', '—', '—']);
    // a request that failed on the standby fails the row
    expect(rowVerdict({ ...row(20, 0), standby })).toBe('PASS');
    expect(rowVerdict({ ...row(20, 0), standby: { ...standby, errors: 1 } })).toBe('FAIL');
  });

  it('holds the in-process p50 and the computed ratio to their budgets when the row has them', () => {
    const inProcess = (p50: number) => ({ n: 5, p50, p95: p50 + 5, p99: p50 + 5, max: p50 + 5, mean: p50 });
    const withBudgets = (p50: number, computedRatio: number): ProcedureRow => ({
      ...row(20, 0, 12),
      inProcess: inProcess(p50),
      inProcBudgetMs: 150,
      computedRatio,
      computedRatioBudget: 5,
    });
    expect(rowVerdict(withBudgets(150, 5))).toBe('PASS');
    expect(rowVerdict(withBudgets(150.1, 5))).toBe('FAIL');
    expect(rowVerdict(withBudgets(40, 4.9))).toBe('FAIL');
    expect(procedureCells(withBudgets(40, 25)).slice(-1)).toEqual(['PASS (p95≤150, ≥10×, in-proc p50≤150, computed ≥5×, 0 err)']);
    // an in-process budget alone decides a row with no HTTP measurement
    expect(rowVerdict({ ...withBudgets(200, 25), http: null })).toBe('FAIL');
  });
});

describe('dashboard bundle parsing', () => {
  it('follows static imports, never dynamic ones', () => {
    const code =
      'import{a as b}from"./vendor-1.js";import"./side.js";export*from"./re.js";const p=()=>import(`./Page-2.js`);import("./Lazy.js")';
    expect(staticImports(code).sort()).toEqual(['./re.js', './side.js', './vendor-1.js']);
    expect(entryScripts('<script type="module" crossorigin src="/assets/index-x.js"></script><script src="/legacy.js"></script>')).toEqual([
      '/assets/index-x.js',
    ]);
  });
});

describe('setup plans', () => {
  it('the dashboard default periods: last 12 and 60 full months', () => {
    expect(benchDates('2026-11-23')).toEqual({
      today: '2026-11-23',
      period12: { from: '2025-11-01', to: '2026-10-31' },
      period60: { from: '2021-11-01', to: '2026-10-31' },
    });
    expect(benchDates('2026-01-05').period12).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('20 users of every dashboard role, supervisors with teams, program managers with programs', () => {
    const plan = planUsers(20, ['t1', 't2', 't3'], ['p1', 'p2']);
    expect(plan).toHaveLength(20);
    expect(new Set(plan.map((u) => u.email)).size).toBe(20);
    const roles = new Set(plan.map((u) => u.role));
    for (const r of ['admin', 'director', 'program_manager', 'supervisor', 'board']) expect(roles).toContain(r);
    for (const u of plan) {
      expect(u.teamIds.length > 0).toBe(u.role === 'supervisor');
      expect(u.programIds.length > 0).toBe(u.role === 'program_manager');
    }
    expect(plan.some((u) => u.teamIds.length === 2)).toBe(true);
  });
});
