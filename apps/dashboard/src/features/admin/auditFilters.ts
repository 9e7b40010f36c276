/** The audit page's filters, kept in the address bar (action, user, from, to, page). */
import type { ExportName } from '../../lib/csv.ts';
import { parseIsoDate } from '../../lib/format.ts';

/** Actions the server writes (packages/db AUDIT_ACTIONS, plus the failed import of the upload page). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'login.success': 'Signed in',
  'login.failure': 'Sign-in failed',
  'login.throttled': 'Sign-in throttled',
  logout: 'Signed out',
  'user.create': 'User created',
  'user.disable': 'User disabled',
  'user.enable': 'User enabled',
  'user.reset_password': 'Password reset',
  'user.update': 'User changed',
  'settings.update': 'Settings changed',
  import: 'Import',
  'import.failed': 'Import refused',
  export: 'Export',
  'client_list.view': 'Client list viewed',
  'import_profile.save': 'Import mapping saved',
  'api_token.create': 'Import token made',
  'api_token.revoke': 'Import token revoked',
  'plan.open': 'Plan of correction opened',
  'plan.update': 'Plan of correction changed',
  'plan.close': 'Plan of correction closed',
};

export interface AuditQuery {
  action?: string;
  userId?: string;
  from?: string;
  to?: string;
  page: number;
}

export interface ParsedAuditQuery {
  query: AuditQuery;
  /** parameters in the URL that were not usable, and why */
  problems: string[];
}

const actionPattern = /^[a-z][a-z0-9._-]{0,99}$/;
const userPattern = /^[A-Za-z0-9._:@-]{1,100}$/;

export function parseAuditQuery(search: URLSearchParams): ParsedAuditQuery {
  const query: AuditQuery = { page: 1 };
  const problems: string[] = [];
  const action = search.get('action');
  if (action) {
    if (actionPattern.test(action)) query.action = action;
    else problems.push(`"${action}" is not an action name; showing all actions.`);
  }
  const user = search.get('user');
  if (user) {
    if (userPattern.test(user)) query.userId = user;
    else problems.push(`"${user}" is not a user id; showing all users.`);
  }
  for (const key of ['from', 'to'] as const) {
    const value = search.get(key);
    if (!value) continue;
    if (parseIsoDate(value)) query[key] = value;
    else problems.push(`"${value}" is not a date (YYYY-MM-DD); the ${key === 'from' ? 'start' : 'end'} of the range is left open.`);
  }
  if (query.from && query.to && query.from > query.to) {
    problems.push(`The range starts (${query.from}) after it ends (${query.to}); the end is left open.`);
    delete query.to;
  }
  const page = search.get('page');
  if (page) {
    if (/^[1-9]\d{0,5}$/.test(page)) query.page = Number(page);
    else problems.push(`"${page}" is not a page number; showing the first page.`);
  }
  return { query, problems };
}

/**
 * The name of an audit export (exportFileName makes the file name of it): the date
 * range when one is set (an open end is 'start' or 'now'), the action and user
 * filters. No settings version: no agency setting changes the audit log.
 */
export function auditExportName(query: AuditQuery): ExportName {
  return {
    table: 'audit-log',
    date: query.from || query.to ? { from: query.from ?? 'start', to: query.to ?? 'now' } : null,
    filters: { action: query.action, user: query.userId },
    settingsVersion: null,
  };
}

export const AUDIT_CSV_HEADER = ['audit_id', 'at_utc', 'actor', 'user_id', 'action', 'details'] as const;

export function auditCsvRow(e: {
  auditId: number;
  at: string;
  actor: string;
  userId: string | null;
  action: string;
  details: Record<string, unknown>;
}): (string | number | null)[] {
  return [e.auditId, e.at, e.actor, e.userId, e.action, JSON.stringify(e.details)];
}

/** A one-line reading of an entry's details for the table (the CSV has them whole). */
export function detailsSummary(action: string, details: Record<string, unknown>): string {
  const files = Array.isArray(details.files) ? details.files : [];
  if (action === 'import') {
    const names = files
      .map((f) => (f && typeof f === 'object' && 'file' in f && typeof f.file === 'string' ? f.file : null))
      .filter((f): f is string => f !== null);
    const rows = typeof details.totalRows === 'number' ? details.totalRows : null;
    return `${names.join(', ')}${rows !== null ? ` — ${rows.toLocaleString('en-US')} rows` : ''}`;
  }
  if (action === 'import.failed') {
    const names = files.filter((f): f is string => typeof f === 'string');
    const what =
      typeof details.errorCount === 'number'
        ? `${details.errorCount.toLocaleString('en-US')} error${details.errorCount === 1 ? '' : 's'}`
        : typeof details.reason === 'string'
          ? details.reason
          : 'refused';
    return names.length ? `${names.join(', ')} — ${what}` : what;
  }
  if (action === 'plan.update') {
    // a plan's owner, actions or due date, old → new
    const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {});
    const [before, after] = [record(details.old), record(details.new)];
    const fields = [
      ['owner', 'owner'],
      ['actions', 'actions'],
      ['dueOn', 'due'],
    ] as const;
    const changes = fields
      .filter(([k]) => before[k] !== after[k])
      .map(([k, name]) => `${name}: ${String(before[k] ?? '—')} → ${String(after[k] ?? '—')}`);
    return `plan ${String(details.planId ?? '?')}${changes.length ? `: ${changes.join('; ')}` : ''}`;
  }
  const email = typeof details.email === 'string' ? details.email : null;
  if (action.startsWith('user.') && email) return email;
  const entries = Object.entries(details).filter(([, v]) => v !== null && typeof v !== 'object');
  return entries
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}
