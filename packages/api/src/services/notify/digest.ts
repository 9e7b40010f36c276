/**
 * What a digest says (interfaces.md "Telling people"): per user, for their scope, what
 * is due and what changed since their last digest — counts and links only, so the same
 * lines go into email and the notifications page. Never a client id, a comment, or (for
 * the board) a staff name: every line is a count.
 */
import type { Database, Recipient } from '@caseload/db';
import { addDays } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { capacityChanges } from '../capacity.ts';
import { caseloadReport } from '../caseload.ts';
import { complianceReport } from '../compliance.ts';
import { standardsSummary } from '../standards.ts';
import { qaReport } from '../qa.ts';

/** Members over capacity on this many of the last 90 days are listed. */
const LONG_OVER_DAYS = 30;
/** Capacity changes this many days ahead are listed. */
const CHANGES_AHEAD_DAYS = 14;

type DigestKey =
  | 'reassessOverdue'
  | 'contactOverdue'
  | 'unassigned'
  | 'uncovered'
  | 'overCapacity30'
  | 'capacityChanges14'
  | 'standardsMissed'
  | 'plansDue'
  | 'actionsOverdue'
  /** alerts only */
  | 'importFailed';

export interface DigestLine {
  key: DigestKey;
  /** "Reassessments overdue" */
  label: string;
  value: number;
  /** value − the same line in the user's previous digest; null when there was none */
  change: number | null;
  /** the page that shows it (a path of the dashboard) */
  path: string;
}

export interface DigestBody {
  asOf: string;
  /** whose figures: "your teams", "your caseload", "the agency" */
  scope: string;
  lines: DigestLine[];
}

const LABELS: Record<Exclude<DigestKey, 'importFailed'>, { label: string; path: string }> = {
  reassessOverdue: { label: 'Reassessments overdue', path: '/worklists?kind=reassessOverdue' },
  contactOverdue: { label: 'Clients past their contact window', path: '/worklists?kind=contactOverdue' },
  unassigned: { label: 'Clients with no case manager', path: '/worklists?kind=unassigned' },
  uncovered: { label: 'Clients whose case manager has no capacity (need cover)', path: '/worklists?kind=uncovered' },
  overCapacity30: { label: `Staff over capacity on ${LONG_OVER_DAYS} or more of the last 90 days`, path: '/caseloads' },
  capacityChanges14: { label: `Capacity changes in the next ${CHANGES_AHEAD_DAYS} days`, path: '/capacity-changes' },
  standardsMissed: { label: 'Caseload standards missed in their latest period', path: '/standards' },
  plansDue: { label: 'Plans of correction due (none written) or overdue', path: '/standards' },
  actionsOverdue: { label: 'Corrective actions overdue', path: '/quality' },
};

/** The board's lines link to the board report: the pages behind the others are not theirs. */
const BOARD_PATH = '/board';

interface Scope {
  teamIds: string[] | null;
  programIds: string[] | null;
  staffId: string | null;
  words: string;
}

function scopeOf(r: Recipient): Scope | null {
  switch (r.role) {
    case 'admin':
    case 'director':
    case 'board':
      return { teamIds: null, programIds: null, staffId: null, words: 'the agency' };
    case 'supervisor':
      return r.teamIds.length ? { teamIds: r.teamIds, programIds: null, staffId: null, words: 'your teams' } : null;
    case 'program_manager':
      return r.programIds.length ? { teamIds: null, programIds: r.programIds, staffId: null, words: 'your programs' } : null;
    case 'case_manager':
      return r.staffId ? { teamIds: null, programIds: null, staffId: r.staffId, words: 'your caseload' } : null;
    default:
      return null;
  }
}

/** The figures of one user's digest on `asOf`, or null when the user has no scope to report on. */
export async function digestFor(
  db: Kysely<Database>,
  agencyId: string,
  recipient: Recipient,
  asOf: string,
  previous: DigestBody | null,
): Promise<DigestBody | null> {
  const scope = scopeOf(recipient);
  if (!scope) return null;
  const filter = { asOf, teamIds: scope.teamIds, programIds: scope.programIds };
  const [caseload, compliance] = await Promise.all([caseloadReport(db, agencyId, filter), complianceReport(db, agencyId, filter)]);
  const values: Partial<Record<DigestKey, number>> = {};

  // compliance: the caller's staff row, their teams' rows, or the (program-filtered) agency
  const counts = scope.staffId
    ? compliance.staff.filter((s) => s.staffId === scope.staffId)
    : scope.teamIds
      ? compliance.teams.filter((t) => scope.teamIds?.includes(t.teamId))
      : [compliance.agency];
  values.reassessOverdue = counts.reduce((n, c) => n + c.reassessOverdue, 0);
  values.contactOverdue = counts.reduce((n, c) => n + (c.contactDue - c.contactMet), 0);

  const staff = scope.staffId ? caseload.staff.filter((s) => s.staffId === scope.staffId) : caseload.staff;
  if (!scope.staffId) {
    if (!scope.teamIds) {
      values.unassigned = caseload.agency.unassigned;
      values.uncovered = caseload.agency.uncovered;
    }
    values.overCapacity30 = staff.filter((s) => s.daysOverCapacity90 >= LONG_OVER_DAYS).length;
  } else {
    values.overCapacity30 = staff.filter((s) => s.daysOverCapacity90 >= LONG_OVER_DAYS).length;
  }

  if (recipient.role !== 'board' && !scope.programIds) {
    const ahead = await capacityChanges(db, agencyId, { asOf, teamIds: scope.teamIds });
    const until = addDays(asOf, CHANGES_AHEAD_DAYS);
    values.capacityChanges14 = ahead.changes.filter((c) => c.on <= until && (scope.staffId === null || c.staffId === scope.staffId)).length;
  }

  if (recipient.role === 'admin' || recipient.role === 'director' || recipient.role === 'board') {
    const standards = await standardsSummary(db, agencyId, { asOf });
    if (standards.rules.length > 0) {
      values.standardsMissed = standards.report.standards.filter((s) => s.periods.at(-1)?.missed).length;
      values.plansDue = standards.needingPlan.length + standards.planCounts.overdue;
    }
  }

  if (recipient.role !== 'case_manager') {
    const qa = await qaReport(db, agencyId, { from: addDays(asOf, -364), to: asOf, programIds: scope.programIds, teamIds: scope.teamIds });
    const overdue = (qa.actions as { overdue: number | null }).overdue;
    if (overdue !== null) values.actionsOverdue = overdue;
  }

  const before = new Map((previous?.lines ?? []).map((l) => [l.key, l.value]));
  const lines: DigestLine[] = (Object.keys(LABELS) as Array<keyof typeof LABELS>)
    .filter((k) => values[k] !== undefined)
    .map((k) => {
      const value = values[k] as number;
      const was = before.get(k);
      return {
        key: k,
        label: LABELS[k].label,
        value,
        change: was === undefined ? null : value - was,
        path: recipient.role === 'board' ? BOARD_PATH : LABELS[k].path,
      };
    });
  return { asOf, scope: scope.words, lines };
}

const signed = (n: number) => (n > 0 ? `up ${n}` : n < 0 ? `down ${-n}` : 'no change');

/** The digest as plain text (the email's body; links made absolute with baseUrl). */
export function digestText(body: DigestBody, o: { title: string; baseUrl: string; preferencesPath: string }): string {
  const out = [o.title, '', `Figures for ${body.scope} on ${body.asOf}.`, ''];
  for (const l of body.lines) {
    out.push(`- ${l.label}: ${l.value}${l.change === null ? '' : ` (${signed(l.change)} since your last digest)`}`);
    out.push(`  ${o.baseUrl}${l.path}`);
  }
  out.push('', 'The lists behind these counts are in the product, on the pages linked above and on your notifications page.');
  out.push(`Change how often you get this, or turn it off: ${o.baseUrl}${o.preferencesPath}`);
  return `${out.join('\n')}\n`;
}
