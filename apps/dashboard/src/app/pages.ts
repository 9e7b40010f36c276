/**
 * Which pages each role may open (interfaces.md, "Roles and what each may see").
 * The server enforces scope on every procedure; this only keeps the navigation
 * honest, so nobody is offered a page that would come back empty or forbidden.
 */
export type Role = 'admin' | 'director' | 'program_manager' | 'supervisor' | 'case_manager' | 'board';

const roles: readonly Role[] = ['admin', 'director', 'program_manager', 'supervisor', 'case_manager', 'board'];

/** The server types a role loosely (a stored value is checked, never trusted); so does the page. */
export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export type PageKey = 'overview' | 'caseloads';

export interface PageDef {
  key: PageKey;
  path: string;
  label: string;
}

const access: Record<PageKey, readonly Role[]> = {
  // team- and agency-level aggregates: everyone but a case manager (who sees only self)
  overview: ['admin', 'director', 'program_manager', 'supervisor', 'board'],
  // staff-level rows: never the board
  caseloads: ['admin', 'director', 'program_manager', 'supervisor', 'case_manager'],
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
    { key: 'overview', path: '/', label: 'Agency overview' },
    { key: 'caseloads', path: '/caseloads', label: role === 'case_manager' ? 'My caseload' : 'Caseloads' },
  ];
  return all.filter((page) => canOpen(role, page.key));
}

/** The page a path names, or null for an unknown path. */
export function pageAt(pathname: string): PageKey | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/') return 'overview';
  if (path === '/caseloads') return 'caseloads';
  return null;
}

/** Where a role lands when it opens the root or a page it may not use. */
export function homePath(role: Role): string {
  return pagesFor(role)[0]?.path ?? '/';
}
