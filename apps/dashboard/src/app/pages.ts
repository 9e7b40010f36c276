/**
 * The route table: every page of the dashboard is one entry — its address, its label and
 * group in the navigation, the roles that may open it (interfaces.md, "Roles and what
 * each may see"), what a role that may not is told, and the code that draws it. The
 * server enforces scope on every procedure; this only keeps the navigation honest, so
 * nobody is offered a page that would come back empty or forbidden.
 */
import type { ComponentType } from 'react';
import type { PageProps, Role } from '../lib/session.ts';

/** What a page is for: the navigation lists the pages of each group under its heading. */
export type NavGroup = 'caseloads' | 'quality' | 'reports' | 'administration';

const navGroupLabels: Record<NavGroup, string> = {
  caseloads: 'Caseloads (Standard 9)',
  quality: 'Quality (Standard 8)',
  reports: 'Reports',
  administration: 'Administration',
};

interface Route {
  key: string;
  path: string;
  label: string;
  /** the label a case manager sees, for a page that shows them only their own work */
  ownLabel?: string;
  /** the navigation group; null for a page reached from another page or the header */
  group: NavGroup | null;
  roles: readonly Role[];
  /** why a role outside `roles` cannot open the page */
  denied: string;
  load: () => Promise<ComponentType<PageProps>>;
}

const clientLevel =
  'Client-level lists are for supervisors, managers, directors and case managers (their own clients); board members see team and agency figures.';
const quality = 'Feedback, outcomes, providers and quality reviews are for supervisors, managers, directors and the board.';
const capacity =
  'Capacity changes are for supervisors, directors and administrators; workload calibration for directors and administrators.';
const rebalancing =
  'Rebalancing and intake routing are for supervisors, directors and administrators (intake routing also for program managers).';
const accounts = 'Imports and user accounts are managed by administrators.';
const auditing = 'The audit log and the data-quality checks are for administrators and directors.';

/** In navigation order. */
const routes = [
  {
    key: 'overview',
    path: '/',
    label: 'Agency overview',
    group: 'caseloads',
    // team- and agency-level aggregates: everyone but a case manager (who sees only self)
    roles: ['admin', 'director', 'program_manager', 'supervisor', 'board'],
    denied: 'The agency overview is for supervisors, managers, directors and the board. Your own caseload is on “My caseload”.',
    load: () => import('../features/overview/OverviewPage.tsx').then((m) => m.OverviewPage),
  },
  {
    key: 'caseloads',
    path: '/caseloads',
    label: 'Caseloads',
    ownLabel: 'My caseload',
    group: 'caseloads',
    // staff-level rows: never the board
    roles: ['admin', 'director', 'program_manager', 'supervisor', 'case_manager'],
    denied:
      'Caseloads by person are shown to supervisors, managers and directors. Board members see team and agency figures on the agency overview.',
    load: () => import('../features/caseloads/CaseloadsPage.tsx').then((m) => m.CaseloadsPage),
  },
  {
    key: 'drilldown',
    path: '/caseloads/clients',
    label: 'Clients',
    // one person's clients are reached from a caseload row, not the navigation
    group: null,
    // client-level lists (ids only): a case manager sees only their own clients
    roles: ['admin', 'director', 'program_manager', 'supervisor', 'case_manager'],
    denied: clientLevel,
    load: () => import('../features/drilldown/DrilldownPage.tsx').then((m) => m.DrilldownPage),
  },
  {
    key: 'worklists',
    path: '/worklists',
    label: 'Worklists',
    ownLabel: 'My due list',
    group: 'caseloads',
    roles: ['admin', 'director', 'program_manager', 'supervisor', 'case_manager'],
    denied: clientLevel,
    load: () => import('../features/worklists/WorklistsPage.tsx').then((m) => m.WorklistsPage),
  },
  {
    key: 'compliance',
    path: '/compliance',
    label: 'Compliance',
    group: 'caseloads',
    // the board sees team and agency rates only (no per-person scatter)
    roles: ['admin', 'director', 'program_manager', 'supervisor', 'case_manager', 'board'],
    denied: clientLevel,
    load: () => import('../features/compliance/CompliancePage.tsx').then((m) => m.CompliancePage),
  },
  {
    key: 'trends',
    path: '/trends',
    label: 'Trends',
    group: 'caseloads',
    roles: ['admin', 'director', 'program_manager', 'supervisor', 'case_manager', 'board'],
    denied: clientLevel,
    load: () => import('../features/trends/TrendsPage.tsx').then((m) => m.TrendsPage),
  },
  {
    key: 'rebalance',
    path: '/rebalance',
    label: 'Rebalance',
    group: 'caseloads',
    roles: ['admin', 'director', 'supervisor'],
    denied: rebalancing,
    load: () => import('../features/rebalance/RebalancePage.tsx').then((m) => m.RebalancePage),
  },
  {
    key: 'intake',
    path: '/intake',
    label: 'Intake routing',
    group: 'caseloads',
    roles: ['admin', 'director', 'program_manager', 'supervisor'],
    denied: rebalancing,
    load: () => import('../features/rebalance/IntakePage.tsx').then((m) => m.IntakePage),
  },
  {
    key: 'capacityChanges',
    path: '/capacity-changes',
    label: 'Capacity changes',
    group: 'caseloads',
    // capacity changes ahead: a supervisor's worklist (staff rows of their teams)
    roles: ['admin', 'director', 'supervisor'],
    denied: capacity,
    load: () => import('../features/capacity/CapacityChangesPage.tsx').then((m) => m.CapacityChangesPage),
  },
  {
    key: 'calibration',
    path: '/calibration',
    label: 'Workload calibration',
    group: 'caseloads',
    roles: ['admin', 'director'],
    denied: capacity,
    load: () => import('../features/capacity/CalibrationPage.tsx').then((m) => m.CalibrationPage),
  },
  {
    key: 'standards',
    path: '/standards',
    label: 'Standards & plans',
    group: 'caseloads',
    // caseload standards name who is over a limit: directors and administrators (the board reads counts in the board report)
    roles: ['admin', 'director'],
    denied:
      'Caseload standards and plans of correction are for directors and administrators; the board report shows the board their counts.',
    load: () => import('../features/standards/StandardsPage.tsx').then((m) => m.StandardsPage),
  },
  {
    key: 'forecast',
    path: '/forecast',
    label: 'Staffing forecast',
    group: 'caseloads',
    // the staffing forecast: directors for the agency, program managers over their programs
    roles: ['admin', 'director', 'program_manager'],
    denied: 'The staffing forecast is for directors, administrators and program managers.',
    load: () => import('../features/forecast/ForecastPage.tsx').then((m) => m.ForecastPage),
  },
  // Standard 8 reports: program managers (their programs), supervisors (their teams), the board (suppressed)
  {
    key: 'feedback',
    path: '/feedback',
    label: 'Feedback',
    group: 'quality',
    roles: ['admin', 'director', 'program_manager', 'supervisor', 'board'],
    denied: quality,
    load: () => import('../features/feedback/FeedbackPage.tsx').then((m) => m.FeedbackPage),
  },
  {
    key: 'outcomes',
    path: '/outcomes',
    label: 'Outcomes',
    group: 'quality',
    roles: ['admin', 'director', 'program_manager', 'supervisor', 'board'],
    denied: quality,
    load: () => import('../features/outcomes/OutcomesPage.tsx').then((m) => m.OutcomesPage),
  },
  {
    key: 'providers',
    path: '/providers',
    label: 'Providers',
    group: 'quality',
    roles: ['admin', 'director', 'program_manager', 'supervisor', 'board'],
    denied: quality,
    load: () => import('../features/providers/ProvidersPage.tsx').then((m) => m.ProvidersPage),
  },
  {
    key: 'quality',
    path: '/quality',
    label: 'Quality reviews',
    group: 'quality',
    roles: ['admin', 'director', 'program_manager', 'supervisor', 'board'],
    denied: quality,
    load: () => import('../features/quality/QualityPage.tsx').then((m) => m.QualityPage),
  },
  {
    key: 'board',
    path: '/board',
    label: 'Board report',
    group: 'reports',
    // the board report: agency roles and the board (always suppressed)
    roles: ['admin', 'director', 'board'],
    denied: 'The board report is for directors, administrators and the board.',
    load: () => import('../features/board/BoardPage.tsx').then((m) => m.BoardPage),
  },
  {
    key: 'settings',
    path: '/settings',
    label: 'Settings',
    group: 'administration',
    // agency settings are edited by directors and administrators only
    roles: ['admin', 'director'],
    denied: 'Agency settings are changed by directors and administrators.',
    load: () => import('../features/settings/SettingsPage.tsx').then((m) => m.SettingsPage),
  },
  {
    key: 'imports',
    path: '/admin/imports',
    label: 'Imports',
    group: 'administration',
    roles: ['admin'],
    denied: accounts,
    load: () => import('../features/admin/ImportsPage.tsx').then((m) => m.ImportsPage),
  },
  {
    key: 'importMapping',
    path: '/admin/import-mapping',
    label: 'Import mapping',
    group: 'administration',
    // an agency's own export: the mapping profile
    roles: ['admin'],
    denied: accounts,
    load: () => import('../features/admin/MappingPage.tsx').then((m) => m.MappingPage),
  },
  {
    key: 'dataQuality',
    path: '/admin/data-quality',
    label: 'Data quality',
    group: 'administration',
    roles: ['admin', 'director'],
    denied: auditing,
    load: () => import('../features/admin/DataQualityPage.tsx').then((m) => m.DataQualityPage),
  },
  {
    key: 'audit',
    path: '/admin/audit',
    label: 'Audit log',
    group: 'administration',
    roles: ['admin', 'director'],
    denied: auditing,
    load: () => import('../features/admin/AuditPage.tsx').then((m) => m.AuditPage),
  },
  {
    key: 'users',
    path: '/admin/users',
    label: 'Users',
    group: 'administration',
    roles: ['admin'],
    denied: accounts,
    load: () => import('../features/admin/UsersPage.tsx').then((m) => m.UsersPage),
  },
  {
    key: 'notifications',
    path: '/notifications',
    label: 'Notifications',
    // each user's own digests and alerts: linked from the header, not the navigation
    group: null,
    roles: ['admin', 'director', 'program_manager', 'supervisor', 'case_manager', 'board'],
    denied: clientLevel,
    load: () => import('../features/notifications/NotificationsPage.tsx').then((m) => m.NotificationsPage),
  },
] as const satisfies readonly Route[];

export type PageKey = (typeof routes)[number]['key'];

export interface PageDef {
  key: PageKey;
  path: string;
  label: string;
  group: NavGroup;
}

const byKey = new Map<PageKey, Route>(routes.map((route) => [route.key, route]));
const byPath = new Map<string, PageKey>(routes.map((route) => [route.path, route.key]));

function routeOf(page: PageKey): Route {
  return byKey.get(page)!;
}

export function canOpen(role: Role, page: PageKey): boolean {
  return routeOf(page).roles.includes(role);
}

/** Whether the role may open the page at a path (false for an unknown path). */
export function canOpenPath(role: Role, path: string): boolean {
  const page = pageAt(path);
  return page !== null && canOpen(role, page);
}

/** What a role that may not open the page is told. */
export function deniedText(page: PageKey): string {
  return routeOf(page).denied;
}

/** The code of a page, loaded on demand (the shell draws it; the navigation preloads it). */
export function pageLoader(page: PageKey): () => Promise<ComponentType<PageProps>> {
  return routeOf(page).load;
}

/** Every page's key, for the shell to prepare a lazy component for each. */
export const pageKeys: readonly PageKey[] = routes.map((route) => route.key);

/** The pages in navigation order, labelled for the role. */
export function pagesFor(role: Role): PageDef[] {
  const pages: PageDef[] = [];
  for (const route of routes as readonly Route[]) {
    if (route.group === null || !route.roles.includes(role)) continue;
    const label = role === 'case_manager' && route.ownLabel ? route.ownLabel : route.label;
    pages.push({ key: route.key as PageKey, path: route.path, label, group: route.group });
  }
  return pages;
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
  return byPath.get(path) ?? null;
}

/** Where a role lands when it opens the root or a page it may not use. */
export function homePath(role: Role): string {
  return pagesFor(role)[0]?.path ?? '/';
}
