/**
 * `pnpm bench`: the performance benchmark. Not part of `pnpm test`.
 *
 *   BENCH_DATABASE_URL=postgres://user@host:5432/postgres pnpm bench [-- --scales s,m,l] [--keep] [--reuse]
 *
 * For each scale: a database caseload_bench_<scale> on that server (dropped and
 * created), the synthetic agency imported (timed), the server started on an
 * ephemeral port of 127.0.0.1 in a child process, 20 users signed in; then every
 * dashboard request with its default inputs from 20 concurrent users, each
 * procedure's service called in-process, and the SQL baseline beside the product's
 * figures. Prints a table and writes bench/results/<timestamp>.json.
 *
 * With BENCH_DATABASE_READ_URL (a hot standby or pgpool-II of the BENCH_DATABASE_URL
 * server): a second server reads its figures there (DATABASE_READ_URL), and every request
 * is measured on both, one after the other; the table has the standby's p50, p95 and
 * errors beside the single server's.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildMonthEndFigures,
  caseloadReport,
  caseloadTrend,
  complianceReport,
  feedbackReport,
  intakeRanking,
  outcomesReport,
  providersReport,
  qaReport,
  rebalanceReport,
  standard9Settings,
  staffClients,
  staffingForecast,
  surveyComments,
  uncachedStandard9,
  worklist,
} from '@caseload/api';
import * as api from '@caseload/api';
import { clockFromEnv, DEFAULT_TIME_ZONE } from '@caseload/clock';
import { connect, type Database, type DbHandle, listCorrectiveActions, migrateToLatest } from '@caseload/db';
import type { FeedbackReport } from '@caseload/metrics';
import { SCALES_LIST, type Scale } from '@caseload/importer';
import { type Kysely, sql } from 'kysely';
import {
  baselineCompliance,
  baselineFeedback,
  baselineStaffLoad,
  baselineTeamTrend,
  type Figures,
  figuresFromCompliance,
  figuresFromFeedback,
  figuresFromReport,
  figuresFromTrend,
} from './baseline.ts';
import { type BundleSize, initialJs } from './bundle.ts';
import { getJson, runLoad, trpcPath } from './load.ts';
import { allowedRoles, type BenchProcedure, type BenchUser, benchDates, type Dates, PROCEDURES } from './procedures.ts';
import {
  AGENCY_ID,
  createUsers,
  databaseExists,
  databaseUrl,
  dropDatabase,
  type ImportTiming,
  importAgency,
  planUsers,
  recreateDatabase,
  REPO_ROOT,
  serverVersion,
  signIn,
  startServer,
  syntheticFiles,
} from './setup.ts';
import { type Agreement, agrees, compareFigures, type LatencySummary, summarize } from './stats.ts';
import { BUDGETS, count, formatTable, kib, type ProcedureRow, procedureTable, rowVerdict, verdict } from './table.ts';

const USAGE = `usage: BENCH_DATABASE_URL=postgres://user@host:5432/postgres pnpm bench [-- options]
  --scales s,m,l     scales to run (default m,l; or BENCH_SCALES)
  --duration-ms N    measuring time per request kind (default 5000)
  --requests N       or at most N requests per kind (default 500)
  --users N          concurrent signed-in users (default 20)
  --seed N           synthetic agency seed (default 1)
  --reuse            keep an existing caseload_bench_<scale> database instead of re-importing
  --keep             keep the databases afterwards (default: dropped)`;

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

const log = (line: string) => process.stderr.write(`${line}\n`);

interface ScaleResult {
  scale: Scale;
  database: string;
  size: {
    caseloadStaff: number;
    caseManagers: number;
    teams: number;
    activeClients: number;
    clients: number;
    months: number;
    rawRows: Record<string, number>;
  };
  import: ImportTiming | null;
  /** the month-end figures built after the import (derived data, off the request path) */
  monthEnd: { seconds: number; cells: number; months: number; built: boolean } | null;
  /** the trend's computation in-process, cold (no result cache): from the month-end figures and from the rows */
  trendCost: Array<{ label: string; months: number; staff: number; figuresMs: number; rowsMs: number }>;
  generateSeconds: number | null;
  procedures: ProcedureRow[];
  agreement: Array<{ label: string; agreement: Agreement; ok: boolean }>;
  notes: string[];
}

/** Calls `fn` repeatedly (one unmeasured warm-up call first): at least 3 and at most `max` times, within about `budgetMs`. */
async function timeInProcess(fn: () => Promise<unknown>, max = 20, budgetMs = 4000): Promise<LatencySummary> {
  const warm = performance.now();
  await fn();
  // a call slower than the whole budget is measured once more, not three times
  const least = performance.now() - warm > budgetMs ? 1 : 3;
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < max && (samples.length < least || performance.now() - started < budgetMs)) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

/** Times a baseline query (at least once, up to 3 times unless slow) and returns its median and its last figures. */
async function timeBaseline(fn: () => Promise<Figures>): Promise<{ p50: number; figures: Figures }> {
  const samples: number[] = [];
  let figures: Figures = new Map();
  const started = performance.now();
  while (samples.length < 3 && (samples.length === 0 || performance.now() - started < 20_000)) {
    const t = performance.now();
    figures = await fn();
    samples.push(performance.now() - t);
  }
  return { p50: summarize(samples).p50 as number, figures };
}

/** The service call behind each labelled request, agency-wide (as a director's router calls it). */
function inProcessCalls(
  handle: DbHandle,
  dates: Dates,
  extra: { teamId: string | null; staffId: string | null; programId: string | null },
): Record<string, (() => Promise<unknown>) | null> {
  const db = handle.db;
  const a = AGENCY_ID;
  const asOf = dates.today;
  const boardReport = (api as Record<string, unknown>).boardReport as
    ((db: DbHandle['db'], agencyId: string, p: { from: string; to: string }) => Promise<unknown>) | undefined;
  return {
    'caseload.report': () => caseloadReport(db, a, { asOf }),
    'compliance.report': () => complianceReport(db, a, { asOf }),
    'worklist.list': () => worklist(db, a, { kind: 'reassessOverdue', asOf }),
    'caseload.staffClients': extra.staffId ? () => staffClients(db, a, { staffId: extra.staffId as string, asOf }) : null,
    'caseload.trend (12 mo)': () => caseloadTrend(db, a, dates.period12),
    'caseload.trend (60 mo)': () => caseloadTrend(db, a, dates.period60),
    'rebalance.propose': extra.teamId ? () => rebalanceReport(db, a, { teamId: extra.teamId as string, asOf }) : null,
    'intake.rank': extra.programId
      ? () => intakeRanking(db, a, { asOf, newClient: { programId: extra.programId, primaryLanguage: null, region: null, tier: '3' } })
      : null,
    'feedback.report': () => feedbackReport(db, a, dates.period12),
    'feedback.comments': () => surveyComments(db, a, { ...dates.period12, programIds: null, limit: 20, offset: 0 }),
    'outcomes.report': () => outcomesReport(db, a, dates.period12),
    'providers.report': () => providersReport(db, a, dates.period12),
    'qa.report': () => qaReport(db, a, dates.period12),
    'qa.actions': () =>
      listCorrectiveActions(db, a, { asOf: dates.period12.to, from: dates.period12.from, status: 'all', programIds: null, teamIds: null }),
    'forecast.report': () => staffingForecast(db, a, { asOf, programIds: null, scenario: null }),
    'board.report': boardReport ? () => boardReport(db, a, dates.period12) : null,
    'feedback.report (60 mo)': () => feedbackReport(db, a, dates.period60),
    'outcomes.report (60 mo)': () => outcomesReport(db, a, dates.period60),
    'providers.report (60 mo)': () => providersReport(db, a, dates.period60),
    'qa.report (60 mo)': () => qaReport(db, a, dates.period60),
  };
}

interface CaseloadView {
  teams?: Array<{ teamId: string; loadRatio: number | null }>;
  staff?: Array<{ staffId: string; clients: number }>;
}

/** The per-user defaults a page picks from data: the most loaded team, a staff member, the first program. */
async function userDefaults(url: string, user: BenchUser): Promise<void> {
  const report = await getJson(url, trpcPath('caseload.report', {}), user.cookie);
  const data = (report.body as { result?: { data?: CaseloadView } }).result?.data;
  let best: { teamId: string; ratio: number } | null = null;
  for (const t of data?.teams ?? []) {
    if (user.role === 'supervisor' && !user.teamIds.includes(t.teamId)) continue;
    if (t.loadRatio !== null && (best === null || t.loadRatio > best.ratio)) best = { teamId: t.teamId, ratio: t.loadRatio };
  }
  user.mostLoadedTeam = best?.teamId ?? null;
  const staff = [...(data?.staff ?? [])].sort((x, y) => y.clients - x.clients);
  user.someStaffId = staff[0]?.staffId ?? null;
  const dir = await getJson(url, trpcPath('meta.directory', undefined), user.cookie);
  const programs = (dir.body as { result?: { data?: { programs?: Array<{ programId: string }> } } }).result?.data?.programs ?? [];
  user.firstProgramId = programs[0]?.programId ?? null;
}

/**
 * VACUUM (ANALYZE) of the whole database, then a wait (bounded) until no autovacuum worker
 * is still busy with it, so the tables are measured as they serve after an import has settled.
 */
async function settle(db: Kysely<Database>): Promise<void> {
  const started = performance.now();
  await sql`vacuum (analyze)`.execute(db);
  let waited = 0;
  for (; waited < 120; waited++) {
    const busy = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where backend_type = 'autovacuum worker' and datname = current_database()`.execute(db);
    if ((busy.rows[0]?.n ?? 0) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  log(
    `   vacuumed and analyzed in ${((performance.now() - started) / 1000).toFixed(1)} s${waited ? ` (autovacuum finished ${waited} s later)` : ''}`,
  );
}

async function runScale(scale: Scale, opts: Options, dates: Dates): Promise<ScaleResult> {
  // BENCH_DATABASE_PREFIX: another name for the kept databases (a branch with its own migrations)
  const name = `${process.env.BENCH_DATABASE_PREFIX ?? 'caseload_bench'}_${scale}`;
  const url = databaseUrl(opts.serverUrl, name);
  const notes: string[] = [];
  log(`\n== scale ${scale}: database ${name}`);
  const gen = await syntheticFiles(scale, opts.seed, dates.today);
  log(gen.seconds === null ? `   synthetic files from ${gen.dir}` : `   generated in ${gen.seconds.toFixed(1)} s into ${gen.dir}`);
  const reuse = opts.reuse && (await databaseExists(opts.serverUrl, name));
  if (!reuse) await recreateDatabase(opts.serverUrl, name);
  const handle = await connect({ databaseUrl: url });
  let timing: ImportTiming | null = null;
  try {
    const imported =
      reuse && (await handle.db.selectFrom('clients').select('client_id').where('agency_id', '=', AGENCY_ID).executeTakeFirst());
    if (imported) {
      notes.push('database reused (--reuse): import not timed');
      log('   reusing the imported database');
      // the branch's own migrations, which a database imported by another commit may lack
      await migrateToLatest(handle.db);
    } else {
      log('   importing…');
      timing = await importAgency(handle, gen.dir, dates.today);
      log(`   imported ${timing.rows} rows in ${timing.seconds.toFixed(1)} s (${Math.round(timing.rowsPerSecond)} rows/s)`);
    }
    // the state a database is in minutes after an import, when autovacuum has been through
    // it: fresh statistics for both the product's queries and the baseline's, and the
    // freshly written pages vacuumed (hint bits set, the visibility map that index-only
    // scans read). Measuring before that measures autovacuum's work beside the requests.
    await settle(handle.db);
    // the month-end figures, as the server builds them after an import (warm.ts)
    log('   building the month-end figures…');
    const me = await buildMonthEndFigures(handle.db, AGENCY_ID, dates.today);
    const monthEnd = { seconds: me.ms / 1000, cells: me.cells, months: monthsBetween(me.firstMonthEnd, me.lastMonthEnd), built: me.built };
    log(`   ${me.built ? 'built' : 'found'} ${me.cells} cells over ${monthEnd.months} month ends in ${monthEnd.seconds.toFixed(1)} s`);

    const teams = (
      await handle.db.selectFrom('teams').select('team_id').where('agency_id', '=', AGENCY_ID).orderBy('team_id').execute()
    ).map((t) => t.team_id);
    const programs = (
      await handle.db.selectFrom('programs').select('program_id').where('agency_id', '=', AGENCY_ID).orderBy('program_id').execute()
    ).map((p) => p.program_id);
    const plan = planUsers(opts.users, teams, programs);
    await createUsers(handle, plan);

    const server = await startServer(url, dates.today);
    const standbyServer = opts.readServerUrl ? await startServer(url, dates.today, opts.readServerUrl) : null;
    const rows: ProcedureRow[] = [];
    const trendCost: ScaleResult['trendCost'] = [];
    const agreement: ScaleResult['agreement'] = [];
    try {
      log(`   server at ${server.url}; signing in ${plan.length} users`);
      const users: BenchUser[] = [];
      for (const p of plan) {
        users.push({ ...p, cookie: await signIn(server.url, p.email), mostLoadedTeam: null, someStaffId: null, firstProgramId: null });
      }
      for (const u of users) await userDefaults(server.url, u);
      const director = users.find((u) => u.role === 'director');
      const calls = inProcessCalls(handle, dates, {
        teamId: director?.mostLoadedTeam ?? null,
        staffId: director?.someStaffId ?? null,
        programId: director?.firstProgramId ?? null,
      });

      for (const proc of PROCEDURES) {
        rows.push(await measure(scale, proc, users, server.url, dates, opts, calls[proc.label] ?? null, standbyServer?.url ?? null));
      }

      // the trend's computation itself, side by side: from the figures and from the rows
      // caseload staff today: employed (staff periods) or active, with FTE above 0
      const staffCount = (await uncachedStandard9.caseloadReport(handle.db, AGENCY_ID, { asOf: dates.today })).staff.filter(
        (s) => s.fte > 0,
      ).length;
      for (const [label, period] of [
        ['12 months', dates.period12],
        ['60 months', dates.period60],
      ] as const) {
        log(`   trend computation, ${label}`);
        const figures = await timeInProcess(() => uncachedStandard9.caseloadTrend(handle.db, AGENCY_ID, period), 10, 3000);
        const fromRows = await timeInProcess(() => uncachedStandard9.caseloadTrendFromRows(handle.db, AGENCY_ID, period), 3, 1);
        trendCost.push({
          label,
          months: monthsBetween(period.from, period.to),
          staff: staffCount,
          figuresMs: figures.p50 as number,
          rowsMs: fromRows.p50 as number,
        });
      }

      // the SQL baseline beside the product's figures
      const { settings } = await standard9Settings(handle.db, AGENCY_ID);
      const pairs: Array<{ label: string; product: () => Promise<Figures>; baseline: () => Promise<Figures>; budget: number | null }> = [
        {
          label: 'caseload.report',
          product: async () => figuresFromReport(await caseloadReport(handle.db, AGENCY_ID, { asOf: dates.today })),
          baseline: () => baselineStaffLoad(handle.db, AGENCY_ID, dates.today, settings),
          budget: null,
        },
        {
          label: 'compliance.report',
          product: async () => figuresFromCompliance(await complianceReport(handle.db, AGENCY_ID, { asOf: dates.today })),
          baseline: () => baselineCompliance(handle.db, AGENCY_ID, dates.today, settings),
          budget: null,
        },
        {
          label: 'feedback.report',
          // not suppressed (suppress not asked): every number of the report is there
          product: async () =>
            figuresFromFeedback((await feedbackReport(handle.db, AGENCY_ID, dates.period12)) as unknown as FeedbackReport),
          baseline: () => baselineFeedback(handle.db, AGENCY_ID, dates.period12.from, dates.period12.to),
          budget: null,
        },
        {
          label: 'feedback.report (60 mo)',
          // not suppressed (suppress not asked): every number of the report is there
          product: async () =>
            figuresFromFeedback((await feedbackReport(handle.db, AGENCY_ID, dates.period60)) as unknown as FeedbackReport),
          baseline: () => baselineFeedback(handle.db, AGENCY_ID, dates.period60.from, dates.period60.to),
          budget: null,
        },
        {
          label: 'caseload.trend (12 mo)',
          product: async () => figuresFromTrend(await caseloadTrend(handle.db, AGENCY_ID, dates.period12)),
          baseline: () => baselineTeamTrend(handle.db, AGENCY_ID, dates.period12.from, dates.period12.to, settings),
          budget: BUDGETS.trendSpeedup,
        },
        {
          label: 'caseload.trend (60 mo)',
          product: async () => figuresFromTrend(await caseloadTrend(handle.db, AGENCY_ID, dates.period60)),
          baseline: () => baselineTeamTrend(handle.db, AGENCY_ID, dates.period60.from, dates.period60.to, settings),
          budget: BUDGETS.trendSpeedup,
        },
      ];
      for (const pair of pairs) {
        log(`   baseline ${pair.label}`);
        const base = await timeBaseline(pair.baseline);
        const product = await pair.product();
        const ag = compareFigures(product, base.figures);
        agreement.push({ label: pair.label, agreement: ag, ok: agrees(ag, 1e-9) });
        const row = rows.find((r) => r.label === pair.label);
        if (row) {
          row.baselineMs = base.p50;
          row.ratio = row.http?.latency.p50 ? base.p50 / row.http.latency.p50 : null;
          row.computedRatio = row.inProcess?.p50 ? base.p50 / row.inProcess.p50 : null;
          row.ratioBudget = pair.budget;
          row.computedRatioBudget = BUDGETS.computedSpeedup;
        }
      }
    } finally {
      await server.stop();
      await standbyServer?.stop();
    }

    const s = gen.agency.summary;
    const rawRows = Object.fromEntries(gen.agency.files.map((f) => [f.file.replace(/\.csv$/, ''), f.rows]));
    return {
      scale,
      database: name,
      size: {
        caseloadStaff: s.caseloadStaff,
        caseManagers: s.caseManagers,
        teams: s.teams,
        activeClients: s.activeClients,
        clients: s.clients,
        months: monthsBetween(s.historyFrom, s.asOf),
        rawRows,
      },
      import: timing,
      monthEnd,
      trendCost,
      generateSeconds: gen.seconds,
      procedures: rows,
      agreement,
      notes,
    };
  } finally {
    await handle.close();
    if (!opts.keep) await dropDatabase(opts.serverUrl, name);
  }
}

function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
}

async function measure(
  scale: Scale,
  proc: BenchProcedure,
  users: readonly BenchUser[],
  url: string,
  dates: Dates,
  opts: Options,
  inProcess: (() => Promise<unknown>) | null,
  standbyUrl: string | null,
): Promise<ProcedureRow> {
  const row: ProcedureRow = {
    scale,
    label: proc.label,
    procedure: proc.procedure,
    p95BudgetMs: proc.p95BudgetMs,
    inProcBudgetMs: proc.inProcBudgetMs ?? null,
    http: null,
    firstMs: null,
    inProcess: null,
    baselineMs: null,
    ratio: null,
    ratioBudget: null,
    note: proc.note ?? null,
  };
  const roles = allowedRoles(proc.procedure);
  if (roles === null) {
    row.note = `${proc.procedure} does not exist (yet): skipped`;
    log(`   ${proc.label}: skipped (no such procedure)`);
    return row;
  }
  const eligible = users
    .filter((u) => roles.includes(u.role))
    .map((u) => ({ u, input: proc.input(u, dates) }))
    .filter((x) => x.input !== null);
  if (eligible.length === 0) {
    row.note = 'no signed-in user sends this request: skipped';
    return row;
  }
  // 20 connections, each a signed-in user allowed to send this request (cycled when fewer)
  const requests = Array.from({ length: opts.users }, (_, i) => {
    const { u, input } = eligible[i % eligible.length] as { u: BenchUser; input: unknown };
    return { path: trpcPath(proc.procedure, input), cookie: u.cookie };
  });
  log(`   ${proc.label}: ${eligible.length} users (${[...new Set(eligible.map((e) => e.u.role))].join(', ')})`);
  // one request alone first: the cold cost (computed, nothing kept yet for this input)
  const probe = await runLoad(url, requests.slice(0, 1), { durationMs: 300_000, maxRequests: 1, timeoutMs: 300_000 });
  row.firstMs = probe.latency.p50;
  // warm-up: every user's own first request (each scope is its own input, computed once), then the measurement
  await runLoad(url, requests, { durationMs: 2000, maxRequests: opts.users * 2, timeoutMs: 300_000 });
  row.http = await runLoad(url, requests, { durationMs: opts.durationMs, maxRequests: opts.requests, timeoutMs: 60_000 });
  if (row.http.firstError) log(`     first error: ${row.http.firstError}`);
  if (standbyUrl) {
    // the same requests to the server reading on the standby (its own kept results: warmed the same way)
    await runLoad(standbyUrl, requests, { durationMs: 2000, maxRequests: opts.users * 2, timeoutMs: 300_000 });
    row.standby = await runLoad(standbyUrl, requests, { durationMs: opts.durationMs, maxRequests: opts.requests, timeoutMs: 60_000 });
    if (row.standby.firstError) log(`     first error (reads on the standby): ${row.standby.firstError}`);
  }
  if (inProcess) row.inProcess = await timeInProcess(inProcess);
  return row;
}

interface Options {
  serverUrl: string;
  /** BENCH_DATABASE_READ_URL: a hot standby (or pgpool-II) of serverUrl; a second server reads its figures there */
  readServerUrl: string | null;
  scales: Scale[];
  durationMs: number;
  requests: number;
  users: number;
  seed: number;
  reuse: boolean;
  keep: boolean;
}

function options(): Options {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        scales: { type: 'string' },
        'duration-ms': { type: 'string' },
        requests: { type: 'string' },
        users: { type: 'string' },
        seed: { type: 'string' },
        reuse: { type: 'boolean' },
        keep: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const serverUrl = process.env.BENCH_DATABASE_URL?.trim();
  if (!serverUrl) {
    fail(
      'BENCH_DATABASE_URL is not set. Name a PostgreSQL server the benchmark may create and drop databases on ' +
        '(caseload_bench_<scale>), e.g. BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench',
    );
  }
  if (!/^postgres(ql)?:\/\//.test(serverUrl)) fail('BENCH_DATABASE_URL must be a postgres:// URL.');
  const readServerUrl = process.env.BENCH_DATABASE_READ_URL?.trim() || null;
  if (readServerUrl && !/^postgres(ql)?:\/\//.test(readServerUrl)) fail('BENCH_DATABASE_READ_URL must be a postgres:// URL.');
  const scales = (values.scales ?? process.env.BENCH_SCALES ?? 'm,l')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of scales) if (!SCALES_LIST.includes(s as Scale)) fail(`unknown scale "${s}": use ${SCALES_LIST.join(', ')}`);
  const int = (v: string | undefined, d: number, name: string) => {
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a whole number ≥ 1`);
    return n;
  };
  return {
    serverUrl,
    readServerUrl,
    scales: scales as Scale[],
    durationMs: int(values['duration-ms'], 5000, 'duration-ms'),
    requests: int(values.requests, 500, 'requests'),
    users: int(values.users, 20, 'users'),
    seed: int(values.seed, 1, 'seed'),
    reuse: values.reuse ?? false,
    keep: (values.keep ?? false) || (values.reuse ?? false),
  };
}

function dashboardBundle(): { size: BundleSize | null; note: string | null } {
  const dist = path.join(REPO_ROOT, 'apps', 'dashboard', 'dist');
  let size = initialJs(dist);
  if (size) return { size, note: null };
  log('building the dashboard (apps/dashboard/dist is missing)…');
  const r = spawnSync('pnpm', ['--filter', '@caseload/dashboard', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  size = r.status === 0 ? initialJs(dist) : null;
  return { size, note: size ? null : 'the dashboard build failed: initial JS not measured' };
}

function report(env: Record<string, string | number>, results: ScaleResult[], bundle: ReturnType<typeof dashboardBundle>): string {
  const out: string[] = [];
  out.push(`Caseload analytics benchmark — ${env.date}`);
  out.push(`machine: ${env.cores} cores (${env.cpuModel}), ${env.memoryGiB} GiB; node ${env.node}; PostgreSQL ${env.postgres}`);
  out.push('');
  out.push('Data and import (cost should follow staff × months, not raw events):');
  out.push(
    formatTable(
      [
        'scale',
        'caseload staff',
        'teams',
        'active clients',
        'months',
        'contacts',
        'assessments',
        'assignments',
        'all rows',
        'import s',
        'rows/s',
        'month-end s',
        'cells',
        'budget',
      ],
      results.map((r) => {
        const all = Object.values(r.size.rawRows).reduce((s, x) => s + x, 0);
        const importOk = r.import ? (r.scale === 'l' ? r.import.seconds <= BUDGETS.importSeconds : null) : null;
        return [
          r.scale,
          count(r.size.caseloadStaff),
          count(r.size.teams),
          count(r.size.activeClients),
          count(r.size.months),
          count(r.size.rawRows.contacts),
          count(r.size.rawRows.assessments),
          count(r.size.rawRows.assignments),
          count(all),
          r.import ? r.import.seconds.toFixed(1) : '—',
          r.import ? count(r.import.rowsPerSecond) : '—',
          r.monthEnd ? r.monthEnd.seconds.toFixed(1) : '—',
          r.monthEnd ? count(r.monthEnd.cells) : '—',
          importOk === null
            ? r.scale === 'l'
              ? '—'
              : `(l: ≤${BUDGETS.importSeconds} s)`
            : `${verdict(importOk)} (≤${BUDGETS.importSeconds} s)`,
        ];
      }),
      new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    ),
  );
  out.push(
    '  month-end s: the month-end figures built after the import (off the request path, in the background on the server); cells: (month end, program, holder) rows.',
  );
  out.push('');
  out.push(
    'Trend computation, cold and in-process (no result cache): from the month-end figures vs from the rows. Figures cost follows staff × months; rows cost follows raw events:',
  );
  out.push(
    formatTable(
      ['scale', 'trend', 'caseload staff', 'staff × months', 'contacts', 'from figures ms', 'from rows ms', 'rows ÷ figures'],
      results.flatMap((r) =>
        r.trendCost.map((t) => [
          r.scale,
          t.label,
          count(t.staff),
          count(t.staff * t.months),
          count(r.size.rawRows.contacts),
          t.figuresMs.toFixed(0),
          t.rowsMs.toFixed(0),
          `${(t.rowsMs / t.figuresMs).toFixed(0)}×`,
        ]),
      ),
      new Set([2, 3, 4, 5, 6, 7]),
    ),
  );
  out.push('');
  out.push(
    `Requests: ${env.users} concurrent signed-in users over HTTP, warm, ${env.durationMs} ms or ${env.requests} requests each; first: the first request alone, before any warm-up; in-process: the service function called directly on a handle without the server's result cache (computed every time); baseline: plain SQL on the raw tables; ratio served = baseline p50 ÷ HTTP p50 (what a user waits for; the budget), ratio computed = baseline p50 ÷ in-process p50 (the computation itself, without the kept results).`,
  );
  // scales side by side: procedures grouped
  const labels = [...new Set(results.flatMap((r) => r.procedures.map((p) => p.label)))];
  const ordered: ProcedureRow[] = [];
  for (const label of labels)
    for (const r of results) {
      const row = r.procedures.find((p) => p.label === label);
      if (row) ordered.push(row);
    }
  if (ordered.some((r) => r.standby)) {
    out.push(
      'standby p50 / p95 / errors: the same requests, right after, to a second server over the same primary whose figures are read on BENCH_DATABASE_READ_URL when it has caught up (DATABASE_READ_URL); the other columns are the single server (primary only).',
    );
  }
  out.push(procedureTable(ordered));
  const notes = ordered.filter((r) => r.note).map((r) => `  ${r.scale} ${r.label}: ${r.note}`);
  const errors = ordered.filter((r) => r.http?.firstError).map((r) => `  ${r.scale} ${r.label}: first error ${r.http?.firstError}`);
  if (notes.length) out.push('', 'Notes:', ...new Set(notes));
  if (errors.length) out.push('', 'Errors:', ...errors);
  out.push('', 'Baseline agreement (product vs SQL baseline, same inputs):');
  for (const r of results) {
    for (const a of r.agreement) {
      out.push(
        `  ${r.scale} ${a.label}: ${a.agreement.compared} figures, max |difference| ${a.agreement.maxAbsDiff.toExponential(2)}, ` +
          `${a.agreement.mismatchedPresence} present on one side only${a.agreement.worst ? ` (worst: ${a.agreement.worst})` : ''} → ${a.ok ? 'AGREE' : 'DIFFER'}`,
      );
    }
    for (const n of r.notes) out.push(`  ${r.scale}: ${n}`);
  }
  out.push('');
  if (bundle.size) {
    out.push(
      `Dashboard initial JS (entry + static imports, gzip): ${kib(bundle.size.gzipBytes)} in ${bundle.size.files.length} files ` +
        `(${kib(bundle.size.bytes)} raw) — ${verdict(bundle.size.gzipBytes <= BUDGETS.initialJsGzipBytes)} (≤ ${kib(BUDGETS.initialJsGzipBytes)})`,
    );
  } else {
    out.push(`Dashboard initial JS: not measured (${bundle.note})`);
  }
  const all = results
    .flatMap((r) => r.procedures)
    .map(rowVerdict)
    .filter((v) => v !== '—');
  const failed = all.filter((v) => v === 'FAIL').length;
  out.push(
    `Request budgets: ${all.length - failed} PASS, ${failed} FAIL (p95 ≤ ${BUDGETS.requestP95Ms} ms, 0 errors, trends served ≥ ${BUDGETS.trendSpeedup}× baseline, in-process p50 within its budget, computed ≥ ${BUDGETS.computedSpeedup}× baseline)`,
  );
  return out.join('\n');
}

async function main(): Promise<void> {
  const opts = options();
  // the bench's today: CASELOAD_TODAY when set, else today in the default agency time zone
  const dates = benchDates(clockFromEnv(process.env).today(DEFAULT_TIME_ZONE));
  let pgVersion: string;
  try {
    pgVersion = await serverVersion(opts.serverUrl);
  } catch (err) {
    fail(`cannot reach the PostgreSQL server in BENCH_DATABASE_URL: ${err instanceof Error ? err.message : String(err)}`);
  }
  const cpus = os.cpus();
  const env = {
    date: new Date().toISOString(), // wall-clock: when the bench ran
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: pgVersion,
    users: opts.users,
    durationMs: opts.durationMs,
    requests: opts.requests,
    seed: opts.seed,
  };
  log(`benchmark: scales ${opts.scales.join(', ')}; ${env.cores} cores; node ${env.node}; PostgreSQL ${pgVersion}`);
  const bundle = dashboardBundle();
  const results: ScaleResult[] = [];
  for (const scale of opts.scales) results.push(await runScale(scale, opts, dates));
  const text = report(env, results, bundle);
  process.stdout.write(`\n${text}\n`);
  const dir = path.join(REPO_ROOT, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${env.date.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify({ env, dates, budgets: BUDGETS, bundle: bundle.size, results }, null, 2)}\n`);
  process.stdout.write(`\nresults: ${path.relative(process.cwd(), file)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`error: the benchmark stopped: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.BENCH_DEBUG) console.error(err);
  process.exit(1);
});
