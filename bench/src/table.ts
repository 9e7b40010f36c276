/**
 * The benchmark's result rows, their budgets and the printed table (pure).
 */
import type { LatencySummary } from './stats.ts';

export const BUDGETS = {
  /** each dashboard request, p95 with 20 concurrent users, warm, scale l */
  requestP95Ms: 25,
  /** trends served against the SQL baseline */
  trendSpeedup: 10,
  /** the computation itself (in-process, nothing kept) against the SQL baseline, wherever there is one */
  computedSpeedup: 5,
  /** in-process p50 (no kept answer), by kind of report */
  inProcessMs: {
    caseload: 60,
    compliance: 100,
    /** work lists and the drill-down */
    clientList: 100,
    /** any trend up to 60 months */
    trend: 150,
    board: 1000,
    /** the Standard 8 reports (feedback, outcomes, providers, QA): the budget is for a quarter; the bench holds the default 12 months to it */
    standard8: 100,
    standard8Over60Months: 300,
    /** the staffing forecast with its backtest, from the month-end figures */
    forecast: 1000,
  },
  /** importing scale l */
  importSeconds: 25,
  /** dashboard initial JavaScript, gzip */
  initialJsGzipBytes: 250 * 1024,
} as const;

export interface HttpResult {
  requests: number;
  errors: number;
  /** the first error's status and message, for the report */
  firstError: string | null;
  reqPerSec: number;
  latency: LatencySummary;
}

export interface ProcedureRow {
  scale: string;
  /** 'caseload.trend (60 mo)' */
  label: string;
  procedure: string;
  /** the p95 budget this request is held to (ms) */
  p95BudgetMs: number;
  /** the in-process p50 budget (ms), when this request has one */
  inProcBudgetMs?: number | null;
  http: HttpResult | null;
  /** the first request of this kind, alone (before any warm-up: computed, not served from a cache) */
  firstMs: number | null;
  inProcess: LatencySummary | null;
  /** baseline SQL p50 (ms), when this row has one */
  baselineMs: number | null;
  /** what a user waits for against the baseline: baseline p50 ÷ the served (HTTP, warm) p50 */
  ratio: number | null;
  /** the computation itself against the baseline: baseline p50 ÷ in-process (uncached) p50 */
  computedRatio?: number | null;
  /** the ratio's budget (≥), when it has one */
  ratioBudget: number | null;
  /** the computed ratio's budget (≥), when there is a baseline */
  computedRatioBudget?: number | null;
  /** with BENCH_DATABASE_READ_URL: the same requests to a second server whose figures are read on the standby */
  standby?: HttpResult | null;
  note: string | null;
}

export type Verdict = 'PASS' | 'FAIL' | '—';

/** PASS when every measured budget of the row holds; '—' when nothing was measured. */
export function rowVerdict(row: ProcedureRow): Verdict {
  const checks: boolean[] = [];
  if (row.http) {
    checks.push(row.http.errors === 0);
    if (row.http.latency.p95 !== null) checks.push(row.http.latency.p95 <= row.p95BudgetMs);
  }
  // reads on the standby: no request may fail there either
  if (row.standby) checks.push(row.standby.errors === 0);
  if (row.ratioBudget !== null && row.ratio !== null) checks.push(row.ratio >= row.ratioBudget);
  if (row.inProcBudgetMs != null && row.inProcess?.p50 != null) checks.push(row.inProcess.p50 <= row.inProcBudgetMs);
  if (row.computedRatioBudget != null && row.computedRatio != null) checks.push(row.computedRatio >= row.computedRatioBudget);
  if (checks.length === 0) return '—';
  return checks.every(Boolean) ? 'PASS' : 'FAIL';
}

export function verdict(ok: boolean | null): Verdict {
  return ok === null ? '—' : ok ? 'PASS' : 'FAIL';
}

/** Milliseconds to one decimal below 100, whole above; '—' for null. */
function ms(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x < 100 ? x.toFixed(1) : Math.round(x).toString();
}

export function count(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return Math.round(x).toLocaleString('en-US');
}

function ratio(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${x < 10 ? x.toFixed(1) : Math.round(x).toString()}×`;
}

export function kib(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  return `${(bytes / 1024).toFixed(1)} kB`;
}

/**
 * A plain-text table: a header row, a rule, the rows; the columns listed in
 * `right` are right-aligned (numbers), the others left-aligned.
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  right: ReadonlySet<number> = new Set(),
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [line(headers), rule, ...rows.map((r) => line(headers.map((_, i) => r[i] ?? '')))].join('\n');
}

const PROCEDURE_HEADERS = [
  'scale',
  'procedure',
  'first ms',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'req/s',
  'errors',
  'in-proc p50/p95 ms',
  'baseline ms',
  'ratio served',
  'ratio computed',
  'budget',
] as const;

/** Right-aligned (numeric) columns of PROCEDURE_HEADERS. */
const PROCEDURE_NUMERIC = new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

export function procedureCells(row: ProcedureRow): string[] {
  const h = row.http;
  const v = rowVerdict(row);
  const terms = [`p95≤${row.p95BudgetMs}`];
  if (row.ratioBudget !== null && row.ratio !== null) terms.push(`≥${row.ratioBudget}×`);
  if (row.inProcBudgetMs != null && row.inProcess?.p50 != null) terms.push(`in-proc p50≤${row.inProcBudgetMs}`);
  if (row.computedRatioBudget != null && row.computedRatio != null) terms.push(`computed ≥${row.computedRatioBudget}×`);
  const budget = v === '—' ? '—' : `${v} (${terms.join(', ')}, 0 err)`;
  return [
    row.scale,
    row.label,
    ms(row.firstMs),
    ms(h?.latency.p50),
    ms(h?.latency.p95),
    ms(h?.latency.p99),
    h ? h.reqPerSec.toFixed(1) : '—',
    h ? String(h.errors) : '—',
    row.inProcess ? `${ms(row.inProcess.p50)} / ${ms(row.inProcess.p95)}` : '—',
    ms(row.baselineMs),
    ratio(row.ratio),
    ratio(row.computedRatio ?? null),
    budget,
  ];
}

/** The columns of reads on the standby, put after the single server's errors. */
const STANDBY_HEADERS = ['standby p50 ms', 'standby p95 ms', 'standby errors'] as const;
const STANDBY_AFTER = PROCEDURE_HEADERS.indexOf('errors') + 1;

/** The single server's cells with the standby's beside its p50, p95 and errors. */
function procedureCellsWithStandby(row: ProcedureRow): string[] {
  const cells = procedureCells(row);
  const s = row.standby;
  cells.splice(STANDBY_AFTER, 0, ms(s?.latency.p50), ms(s?.latency.p95), s ? String(s.errors) : '—');
  return cells;
}

export function procedureTable(rows: readonly ProcedureRow[]): string {
  if (!rows.some((r) => r.standby)) return formatTable(PROCEDURE_HEADERS, rows.map(procedureCells), PROCEDURE_NUMERIC);
  const headers: string[] = [...PROCEDURE_HEADERS];
  headers.splice(STANDBY_AFTER, 0, ...STANDBY_HEADERS);
  const numeric = new Set([...PROCEDURE_NUMERIC].map((i) => (i >= STANDBY_AFTER ? i + STANDBY_HEADERS.length : i)));
  for (let i = 0; i < STANDBY_HEADERS.length; i += 1) numeric.add(STANDBY_AFTER + i);
  return formatTable(headers, rows.map(procedureCellsWithStandby), numeric);
}
