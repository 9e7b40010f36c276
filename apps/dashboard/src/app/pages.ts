/**
 * Which pages each role may open (interfaces.md, "Roles and what each may see").
 * The server enforces scope on every procedure; this only keeps the navigation
 * honest, so nobody is offered a page that would come back empty or forbidden.
 */
import { USER_ROLES, type UserRole } from '@caseload/values';
export type Role = UserRole;

const roles: readonly Role[] = USER_ROLES;

/** The server types a role loosely (a stored value is checked, never trusted); so does the page. */
export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export type PageKey =
  | 'overview'
  | 'caseloads'
  // supervisor workspace
  | 'drilldown'
  | 'worklists'
  | 'compliance'
  | 'trends'
  | 'rebalance'
  | 'intake'
  // capacity over time
  | 'capacityChanges'
  | 'calibration'
  // staffing forecast and what-if
  | 'forecast'
  // administration
  | 'imports'
  // an agency's own export: the mapping profile (issue 17)
  | 'importMapping'
  | 'dataQuality'
  | 'audit'
  | 'users'
  // Standard 8: evaluation and quality assurance
  | 'feedback'
  | 'outcomes'
  | 'providers'
  | 'quality'
  | 'settings'
  // the board report of Standards 8 and 9
  | 'board'
  // caseload standards and plans of correction
  | 'standards'
  // each user's own digests and alerts (linked from the header, not the navigation)
  | 'notifications';

/** What a page is for: the navigation lists the pages of each group under its heading. */
export type NavGroup = 'caseloads' | 'quality' | 'reports' | 'administration';

const navGroupLabels: Record<NavGroup, string> = {
  caseloads: 'Caseloads (Standard 9)',
  quality: 'Quality (Standard 8)',
  reports: 'Reports',
  administration: 'Administration',
};

export interface PageDef {
  key: PageKey;
  path: string;
  label: string;
  group: NavGroup;
}

const access: Record<PageKey, readonly Role[]> = {
  // team- and agency-level aggregates: everyone but a case manager (who sees only self)
  overview: ['admin', 'director', 'program_manager', 'supervisor', 'board'],
  // staff-level rows: never the board
  caseloads: ['admin', 'director', 'program_manager', 'supervisor', 'case_manager'],
  // client-level lists (ids only): a case manager sees only their own clients
  drilldown: ['admin', 'director', 'program_manager', 'supervisor', 'case_manager'],
  worklists: ['admin', 'director', 'program_manager', 'supervisor', 'case_manager'],
  // the board sees team and agency rates only (no per-person scatter)
  compliance: ['admin', 'director', 'program_manager', 'supervisor', 'case_manager', 'board'],
  trends: ['admin', 'director', 'program_manager', 'supervisor', 'case_manager', 'board'],
  rebalance: ['admin', 'director', 'supervisor'],
  intake: ['admin', 'director', 'program_manager', 'supervisor'],
  // capacity changes ahead: a supervisor's worklist (staff rows of their teams); calibration: directors
  capacityChanges: ['admin', 'director', 'supervisor'],
  calibration: ['admin', 'director'],
  // the staffing forecast: directors for the agency, program managers over their programs
  forecast: ['admin', 'director', 'program_manager'],
  // administration: imports and accounts for administrators; the audit log also for directors
  imports: ['admin'],
  importMapping: ['admin'],
  dataQuality: ['admin', 'director'],
  audit: ['admin', 'director'],
  users: ['admin'],
  // Standard 8 reports: program managers (their programs), supervisors (their teams), the board (suppressed)
  feedback: ['admin', 'director', 'program_manager', 'supervisor', 'board'],
  outcomes: ['admin', 'director', 'program_manager', 'supervisor', 'board'],
  providers: ['admin', 'director', 'program_manager', 'supervisor', 'board'],
  quality: ['admin', 'director', 'program_manager', 'supervisor', 'board'],
  // agency settings are edited by directors and administrators only
  settings: ['admin', 'director'],
  // the board report: agency roles and the board (always suppressed)
  board: ['admin', 'director', 'board'],
  // caseload standards name who is over a limit: directors and administrators (the board reads counts in the board report)
  standards: ['admin', 'director'],
  // everyone's own notifications
  notifications: ['admin', 'director', 'program_manager', 'supervisor', 'case_manager', 'board'],
};

export const roleLabels: Record<Role, string> = {
  admin: 'Administrator',
  director: 'Director',
  program_manager: 'Program manager',
  supervisor: 'Supervisor',
  case_manager: 'Case manager',
  board: 'Board member',
};

export function canOpen(role: Role, page: PageKey): boolean {
  return access[page].includes(role);
}

/** The pages in navigation order, labelled for the role. */
export function pagesFor(role: Role): PageDef[] {
  const all: PageDef[] = [
    { key: 'overview', path: '/', label: 'Agency overview', group: 'caseloads' },
    { key: 'caseloads', path: '/caseloads', label: role === 'case_manager' ? 'My caseload' : 'Caseloads', group: 'caseloads' },
    { key: 'worklists', path: '/worklists', label: role === 'case_manager' ? 'My due list' : 'Worklists', group: 'caseloads' },
    { key: 'compliance', path: '/compliance', label: 'Compliance', group: 'caseloads' },
    { key: 'trends', path: '/trends', label: 'Trends', group: 'caseloads' },
    { key: 'rebalance', path: '/rebalance', label: 'Rebalance', group: 'caseloads' },
    { key: 'intake', path: '/intake', label: 'Intake routing', group: 'caseloads' },
    { key: 'capacityChanges', path: '/capacity-changes', label: 'Capacity changes', group: 'caseloads' },
    { key: 'calibration', path: '/calibration', label: 'Workload calibration', group: 'caseloads' },
    { key: 'standards', path: '/standards', label: 'Standards & plans', group: 'caseloads' },
    { key: 'forecast', path: '/forecast', label: 'Staffing forecast', group: 'caseloads' },
    { key: 'feedback', path: '/feedback', label: 'Feedback', group: 'quality' },
    { key: 'outcomes', path: '/outcomes', label: 'Outcomes', group: 'quality' },
    { key: 'providers', path: '/providers', label: 'Providers', group: 'quality' },
    { key: 'quality', path: '/quality', label: 'Quality reviews', group: 'quality' },
    { key: 'board', path: '/board', label: 'Board report', group: 'reports' },
    { key: 'settings', path: '/settings', label: 'Settings', group: 'administration' },
    { key: 'imports', path: '/admin/imports', label: 'Imports', group: 'administration' },
    { key: 'importMapping', path: '/admin/import-mapping', label: 'Import mapping', group: 'administration' },
    { key: 'dataQuality', path: '/admin/data-quality', label: 'Data quality', group: 'administration' },
    { key: 'audit', path: '/admin/audit', label: 'Audit log', group: 'administration' },
    { key: 'users', path: '/admin/users', label: 'Users', group: 'administration' },
  ];
  // the drill-down into one person's clients is reached from a caseload row, not the navigation
  return all.filter((page) => canOpen(role, page.key));
}

/** The navigation for a role: its pages in `pagesFor` order, under the heading of each group that has any. */
export function navFor(role: Role): Array<{ group: NavGroup; label: string; pages: PageDef[] }> {
  const groups: Array<{ group: NavGroup; label: string; pages: PageDef[] }> = [];
  for (const page of pagesFor(role)) {
    const last = groups[groups.length - 1];
    if (last?.group === page.group) last.pages.push(page);
    else groups.push({ group: page.group, label: navGroupLabels[page.group], pages: [page] });
  }
  return groups;
}

/** The page a path names, or null for an unknown path. */
export function pageAt(pathname: string): PageKey | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/') return 'overview';
  if (path === '/caseloads') return 'caseloads';
  if (path === '/caseloads/clients') return 'drilldown';
  if (path === '/worklists') return 'worklists';
  if (path === '/compliance') return 'compliance';
  if (path === '/trends') return 'trends';
  if (path === '/rebalance') return 'rebalance';
  if (path === '/intake') return 'intake';
  if (path === '/capacity-changes') return 'capacityChanges';
  if (path === '/calibration') return 'calibration';
  if (path === '/forecast') return 'forecast';
  if (path === '/feedback') return 'feedback';
  if (path === '/outcomes') return 'outcomes';
  if (path === '/providers') return 'providers';
  if (path === '/quality') return 'quality';
  if (path === '/settings') return 'settings';
  if (path === '/board') return 'board';
  if (path === '/standards') return 'standards';
  if (path === '/notifications') return 'notifications';
  if (path === '/admin/imports') return 'imports';
  if (path === '/admin/import-mapping') return 'importMapping';
  if (path === '/admin/data-quality') return 'dataQuality';
  if (path === '/admin/audit') return 'audit';
  if (path === '/admin/users') return 'users';
  return null;
}

/** Where a role lands when it opens the root or a page it may not use. */
export function homePath(role: Role): string {
  return pagesFor(role)[0]?.path ?? '/';
}
