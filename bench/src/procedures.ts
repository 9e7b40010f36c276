/**
 * The dashboard's requests with the inputs its pages send by default (read from
 * apps/dashboard/src/features/*): every page's filters come from the address bar,
 * so a first visit sends no asOf (today), no program, and the supervisor's only team
 * where the page picks it; Standard 8 pages and trends default to the last 12 full
 * months. Which signed-in users may send each one comes from the router's access rule.
 */
import { appRouter } from '@caseload/api';
import { BUDGETS } from './table.ts';

export interface BenchUser {
  email: string;
  role: 'admin' | 'director' | 'program_manager' | 'supervisor' | 'case_manager' | 'board';
  teamIds: string[];
  programIds: string[];
  cookie: string;
  /** found at setup from the user's own caseload.report: the page's default team for rebalancing */
  mostLoadedTeam: string | null;
  /** a staff member in the user's scope (drill-down) */
  someStaffId: string | null;
  /** the first program in the user's scope */
  firstProgramId: string | null;
}

export interface Dates {
  today: string;
  /** the last 12 full months (the dashboard's default period) */
  period12: { from: string; to: string };
  /** the last 60 full months */
  period60: { from: string; to: string };
}

export interface BenchProcedure {
  label: string;
  procedure: string;
  p95BudgetMs: number;
  /** the in-process p50 budget (ms): the computation with no kept answer */
  inProcBudgetMs?: number;
  /** the input this user's page sends; null: the page does not send it for this user */
  input(user: BenchUser, dates: Dates): unknown | null;
  note?: string;
}

function iso(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

/** today, the last 12 and the last 60 full months (apps/dashboard features/feedback/period.ts defaultPeriod). */
export function benchDates(today: string): Dates {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const to = iso(y, m, 0);
  return { today, period12: { from: iso(y - 1, m, 1), to }, period60: { from: iso(y - 5, m, 1), to } };
}

/** The supervisor's only team, which the Caseloads, Compliance and Worklists pages select by default. */
function onlyTeam(u: BenchUser): { teamId?: string } {
  return u.role === 'supervisor' && u.teamIds.length === 1 ? { teamId: u.teamIds[0] } : {};
}

const P = BUDGETS.requestP95Ms;
const I = BUDGETS.inProcessMs;

export const PROCEDURES: BenchProcedure[] = [
  { label: 'auth.me', procedure: 'auth.me', p95BudgetMs: P, input: () => undefined },
  { label: 'meta.directory', procedure: 'meta.directory', p95BudgetMs: P, input: () => undefined },
  // Overview (asOf, programId), Caseloads and Compliance (asOf, teamId, programId), Rebalance (asOf)
  {
    label: 'caseload.report',
    procedure: 'caseload.report',
    p95BudgetMs: P,
    inProcBudgetMs: I.caseload,
    input: (u) => ({ ...onlyTeam(u) }),
  },
  {
    label: 'compliance.report',
    procedure: 'compliance.report',
    p95BudgetMs: P,
    inProcBudgetMs: I.compliance,
    input: (u) => ({ ...onlyTeam(u) }),
  },
  {
    label: 'worklist.list',
    procedure: 'worklist.list',
    p95BudgetMs: P,
    inProcBudgetMs: I.clientList,
    input: (u) => ({ kind: 'reassessOverdue', ...onlyTeam(u) }),
  },
  {
    label: 'caseload.staffClients',
    procedure: 'caseload.staffClients',
    p95BudgetMs: P,
    inProcBudgetMs: I.clientList,
    input: (u) => (u.someStaffId ? { staffId: u.someStaffId } : null),
    note: 'drill-down of one staff member in scope',
  },
  // Trends: the agency line needs every team, so no team is sent
  {
    label: 'caseload.trend (12 mo)',
    procedure: 'caseload.trend',
    p95BudgetMs: P,
    inProcBudgetMs: I.trend,
    input: (_u, d) => ({ ...d.period12 }),
  },
  {
    label: 'caseload.trend (60 mo)',
    procedure: 'caseload.trend',
    p95BudgetMs: P,
    inProcBudgetMs: I.trend,
    input: (_u, d) => ({ ...d.period60 }),
  },
  {
    label: 'rebalance.propose',
    procedure: 'rebalance.propose',
    p95BudgetMs: P,
    input: (u) => (u.mostLoadedTeam ? { teamId: u.mostLoadedTeam } : null),
    note: 'the most loaded team in scope, as the page picks',
  },
  {
    label: 'intake.rank',
    procedure: 'intake.rank',
    p95BudgetMs: P,
    input: (u) => (u.firstProgramId ? { programId: u.firstProgramId, expectedTier: 3 } : null),
    note: 'a tier-3 client of the first program in scope',
  },
  {
    label: 'feedback.report',
    procedure: 'feedback.report',
    p95BudgetMs: P,
    inProcBudgetMs: I.standard8,
    input: (_u, d) => ({ ...d.period12 }),
  },
  {
    label: 'feedback.comments',
    procedure: 'feedback.comments',
    p95BudgetMs: P,
    input: (_u, d) => ({ ...d.period12, limit: 20, offset: 0 }),
  },
  {
    label: 'outcomes.report',
    procedure: 'outcomes.report',
    p95BudgetMs: P,
    inProcBudgetMs: I.standard8,
    input: (_u, d) => ({ ...d.period12 }),
  },
  {
    label: 'providers.report',
    procedure: 'providers.report',
    p95BudgetMs: P,
    inProcBudgetMs: I.standard8,
    input: (_u, d) => ({ ...d.period12 }),
  },
  { label: 'qa.report', procedure: 'qa.report', p95BudgetMs: P, inProcBudgetMs: I.standard8, input: (_u, d) => ({ ...d.period12 }) },
  {
    label: 'qa.actions',
    procedure: 'qa.actions',
    p95BudgetMs: P,
    input: (_u, d) => ({ asOf: d.period12.to < d.today ? d.period12.to : d.today, from: d.period12.from, status: 'all' }),
  },
  // Staffing forecast: the page's first view (today, every program in scope, no scenario)
  { label: 'forecast.report', procedure: 'forecast.report', p95BudgetMs: P, inProcBudgetMs: I.forecast, input: () => ({}) },
  { label: 'board.report', procedure: 'board.report', p95BudgetMs: P, inProcBudgetMs: I.board, input: (_u, d) => ({ ...d.period12 }) },
  // the other monthly series over 60 months
  {
    label: 'feedback.report (60 mo)',
    procedure: 'feedback.report',
    p95BudgetMs: P,
    inProcBudgetMs: I.standard8Over60Months,
    input: (_u, d) => ({ ...d.period60 }),
  },
  {
    label: 'outcomes.report (60 mo)',
    procedure: 'outcomes.report',
    p95BudgetMs: P,
    inProcBudgetMs: I.standard8Over60Months,
    input: (_u, d) => ({ ...d.period60 }),
  },
  {
    label: 'providers.report (60 mo)',
    procedure: 'providers.report',
    p95BudgetMs: P,
    inProcBudgetMs: I.standard8Over60Months,
    input: (_u, d) => ({ ...d.period60 }),
  },
  {
    label: 'qa.report (60 mo)',
    procedure: 'qa.report',
    p95BudgetMs: P,
    inProcBudgetMs: I.standard8Over60Months,
    input: (_u, d) => ({ ...d.period60 }),
  },
];

interface ProcedureDef {
  _def: { meta?: { access?: { roles?: readonly string[] } } };
}

/** The roles the router lets call `procedure`; null when the procedure does not exist (yet). */
export function allowedRoles(procedure: string): readonly string[] | null {
  const procs = appRouter._def.procedures as unknown as Record<string, ProcedureDef | undefined>;
  const p = procs[procedure];
  if (!p) return null;
  return p._def.meta?.access?.roles ?? [];
}
