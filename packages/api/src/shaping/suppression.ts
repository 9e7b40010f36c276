/**
 * Small-cell suppression (metrics.md, Standard 4). For the board, any value computed
 * from fewer than `minCellSize` clients is withheld: the value becomes null and the
 * row's `suppressed` map marks that cell `true`, so the UI can say "fewer than 11"
 * rather than show a number or a zero.
 *
 * A cell is withheld when it was computed from 1 to minCellSize − 1 clients.
 * Computed from 0 clients it discloses nothing about anyone and is shown as it is
 * (a count of zero; a rate with no denominator is null, as everywhere).
 *
 * - a count of clients (clients, contactDue, reassessDue, unassigned, uncovered)
 *   is itself the number of clients it is computed from;
 * - a count of a subset (contactMet, reassessOverdue, reassessDueSoon) is withheld
 *   when the subset or the set it was drawn from is small, and so is the rate
 *   computed from it (contactRate, reassessRate);
 * - hours, ratios, rates, spreads and counts of members over capacity are withheld
 *   when the clients behind them are few;
 * - maxLoadRatio and minLoadRatio are one member's own ratio, computed from that
 *   member's clients: withheld when a member holding that ratio has few clients (or
 *   when the member cannot be told, e.g. outside a team filter).
 */
import type {
  AgencyCaseload,
  CaseloadReport,
  ComplianceCounts,
  ComplianceReport,
  LoadComplianceFit,
  StaffCaseload,
  TeamCaseload,
} from '@caseload/metrics';

/** true when a value computed from `clients` clients must be withheld */
export function isSmallCell(clients: number, minCellSize: number): boolean {
  return clients > 0 && clients < minCellSize;
}

/**
 * A row whose cells K may be withheld: null value, `suppressed[K] === true`. A withheld
 * cell that is not small itself, withheld only so that a small one cannot be worked
 * out by difference, is also marked in `complementary` (absent when there is none).
 */
export type Suppressible<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null } & {
  suppressed: Partial<Record<K, true>>;
  complementary?: Partial<Record<K, true>>;
};

export type GroupCaseloadCell =
  'clients' | 'weightedHours' | 'workloadHours' | 'loadRatio' | 'maxLoadRatio' | 'minLoadRatio' | 'overCount' | 'cv';
export type AgencyCaseloadCell = GroupCaseloadCell | 'unassigned' | 'uncovered';
export type ComplianceCell = keyof ComplianceCounts;
export type FitCell = 'slope' | 'intercept' | 'r';

export type TeamCaseloadView = Suppressible<TeamCaseload, GroupCaseloadCell>;
export type AgencyCaseloadView = Suppressible<AgencyCaseload, AgencyCaseloadCell>;
export type TeamComplianceView = Suppressible<{ teamId: string } & ComplianceCounts, ComplianceCell>;
export type AgencyComplianceView = Suppressible<ComplianceCounts, ComplianceCell>;
export type LoadComplianceFitView = Suppressible<LoadComplianceFit, FitCell>;
export type StaffCompliance = ComplianceReport['staff'][number];

/** Withholds the listed cells of a row; those also in `complementary` are marked as withheld for another's sake. */
export function withhold<T extends object, K extends keyof T>(
  row: T,
  cells: readonly K[],
  complementary: readonly K[] = [],
): Suppressible<T, K> {
  const out = { ...row, suppressed: {} } as Suppressible<T, K>;
  const suppressed: Partial<Record<K, true>> = {};
  for (const cell of cells) {
    (out as Record<K, unknown>)[cell] = null;
    suppressed[cell] = true;
  }
  out.suppressed = suppressed;
  const marks = complementary.filter((c) => suppressed[c] === true);
  if (marks.length > 0) out.complementary = Object.fromEntries(marks.map((c) => [c, true])) as Partial<Record<K, true>>;
  return out;
}

/** The row unchanged, with an empty `suppressed` map (for roles that see everything). */
export function unsuppressed<T extends object, K extends keyof T>(row: T): Suppressible<T, K> {
  return { ...row, suppressed: {} };
}

// workloadHours = weightedHours + otherHours (shown): it would give the case hours back
const CLIENT_DERIVED: readonly GroupCaseloadCell[] = [
  'weightedHours',
  'workloadHours',
  'loadRatio',
  'maxLoadRatio',
  'minLoadRatio',
  'overCount',
  'cv',
];

/** A member of a team or of the agency, as far as suppression needs to know. */
export interface MemberLoad {
  clients: number;
  loadRatio: number | null;
}

const sameRatio = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

/** An extreme (max or min) ratio is one member's: withheld when that member has few clients. */
function extremeIsSmall(value: number | null, members: readonly MemberLoad[], minCellSize: number): boolean {
  if (value === null) return false;
  const holders = members.filter((m) => m.loadRatio !== null && sameRatio(m.loadRatio, value));
  if (holders.length === 0) return true; // cannot tell whose it is: withhold
  return holders.some((m) => isSmallCell(m.clients, minCellSize));
}

function caseloadCells(
  row: { clients: number; maxLoadRatio: number | null; minLoadRatio: number | null },
  members: readonly MemberLoad[],
  minCellSize: number,
): GroupCaseloadCell[] {
  if (isSmallCell(row.clients, minCellSize)) return ['clients', ...CLIENT_DERIVED];
  const cells: GroupCaseloadCell[] = [];
  if (extremeIsSmall(row.maxLoadRatio, members, minCellSize)) cells.push('maxLoadRatio');
  if (extremeIsSmall(row.minLoadRatio, members, minCellSize)) cells.push('minLoadRatio');
  return cells;
}

/** `members`: the team's caseload staff rows (from the full report). */
export function suppressTeamCaseload(row: TeamCaseload, minCellSize: number, members: readonly MemberLoad[]): TeamCaseloadView {
  return withhold(row, caseloadCells(row, members, minCellSize));
}

/** `members`: every caseload staff row of the report. */
export function suppressAgencyCaseload(row: AgencyCaseload, minCellSize: number, members: readonly MemberLoad[]): AgencyCaseloadView {
  const cells: AgencyCaseloadCell[] = caseloadCells(row, members, minCellSize);
  if (isSmallCell(row.unassigned, minCellSize)) cells.push('unassigned');
  if (isSmallCell(row.uncovered, minCellSize)) cells.push('uncovered');
  return withhold(row, cells);
}

/**
 * A rate is withheld with its numerator: contactRate = met ÷ due and reassessRate =
 * 1 − overdue ÷ due would give a withheld met or overdue count back from the due count
 * shown beside it.
 */
export function complianceCells(row: ComplianceCounts, minCellSize: number): ComplianceCell[] {
  const cells = new Set<ComplianceCell>();
  const small = (n: number) => isSmallCell(n, minCellSize);
  if (small(row.contactDue)) cells.add('contactDue').add('contactRate');
  if (small(row.contactDue) || small(row.contactMet)) cells.add('contactMet').add('contactRate');
  if (small(row.reassessDue)) cells.add('reassessDue').add('reassessRate');
  if (small(row.reassessDue) || small(row.reassessOverdue)) cells.add('reassessOverdue').add('reassessRate');
  if (small(row.reassessDue) || small(row.reassessDueSoon)) cells.add('reassessDueSoon');
  return [...cells];
}

export function suppressCompliance<T extends ComplianceCounts>(row: T, minCellSize: number): Suppressible<T, ComplianceCell> {
  return withhold<T, ComplianceCell>(row, complianceCells(row, minCellSize));
}

/**
 * The load-versus-compliance fit is computed from the clients due a contact of the
 * staff it fits; withheld (slope, intercept, r) when those are few.
 */
export function suppressFit(fit: LoadComplianceFit, clientsBehind: number, minCellSize: number): LoadComplianceFitView {
  return withhold(fit, isSmallCell(clientsBehind, minCellSize) ? (['slope', 'intercept', 'r'] as const) : []);
}

export type { CaseloadReport, ComplianceReport, StaffCaseload };
