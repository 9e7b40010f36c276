/**
 * Worklists and a case manager's client list: clients who need action, as rows with
 * the dates a supervisor checks (ids only: the system holds no client names). Pure:
 * the API's list in; table rows and CSV out.
 */
import type { CsvCell, CsvTable, ExportFilters } from './csv.ts';
import { parseIsoDate } from './format.ts';
import type { TierKey } from './report.ts';

export type WorklistKind = 'reassessOverdue' | 'reassessDueSoon' | 'contactOverdue' | 'unassigned' | 'uncovered';
export const worklistKinds: readonly WorklistKind[] = ['reassessOverdue', 'reassessDueSoon', 'contactOverdue', 'unassigned', 'uncovered'];

export const worklistLabels: Record<WorklistKind, string> = {
  reassessOverdue: 'Reassessment overdue',
  reassessDueSoon: 'Reassessment due within 30 days',
  contactOverdue: 'Past the contact window',
  unassigned: 'Unassigned',
  uncovered: 'Uncovered',
};

export const worklistDescriptions: Record<WorklistKind, string> = {
  reassessOverdue:
    'Active clients whose reassessment date has passed (or, never assessed, enrolled more than 30 days ago). Oldest due date first.',
  reassessDueSoon: 'Active clients whose next reassessment falls within the next 30 days. Soonest first.',
  contactOverdue:
    'Active clients with a contact requirement due for their tier that no contact in the window meets. Longest without contact first.',
  unassigned: 'Active clients with no case manager. The team shown is that of the last case manager. Longest waiting first.',
  uncovered: 'Active clients held by someone without caseload capacity (inactive, or no caseload FTE). Longest enrolled first.',
};

export interface ClientStatusLike {
  clientId: string;
  programId: string;
  staffId: string | null;
  teamId: string | null;
  lastStaffId: string | null;
  heldSince: string | null;
  tier: TierKey;
  enrolledOn: string;
  lastAssessedOn: string | null;
  reassessDueOn: string;
  reassessOverdue: boolean;
  lastContactOn: string | null;
  lastFaceToFaceOn: string | null;
  contactDue: boolean;
  contactMet: boolean;
}

export interface WorklistRow {
  clientId: string;
  tier: TierKey;
  programId: string;
  programName: string;
  /** the holder, or for an unassigned client the last holder */
  staffId: string | null;
  staffLabel: string;
  /** true when staffId is the last holder, not the current one */
  formerHolder: boolean;
  teamName: string;
  enrolledOn: string;
  lastAssessedOn: string | null;
  reassessDueOn: string;
  /** asOf − reassessDueOn: positive when overdue, negative when still ahead */
  daysPastDue: number;
  lastContactOn: string | null;
  /** asOf − lastContactOn; null when never contacted */
  daysSinceContact: number | null;
  lastFaceToFaceOn: string | null;
  daysSinceFaceToFace: number | null;
  contactStatus: 'met' | 'not met' | 'none due';
}

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'); null when either is not a date. */
export function daysBetween(from: string, to: string): number | null {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  if (!a || !b) return null;
  return Math.round((b.getTime() - a.getTime()) / 86_400_000);
}

export function mapClientRows(
  clients: readonly ClientStatusLike[],
  asOf: string,
  names: {
    staffLabel: (id: string) => string;
    teamNames: ReadonlyMap<string, string>;
    programNames: ReadonlyMap<string, string>;
  },
): WorklistRow[] {
  return clients.map((c) => {
    const staffId = c.staffId ?? c.lastStaffId;
    return {
      clientId: c.clientId,
      tier: c.tier,
      programId: c.programId,
      programName: names.programNames.get(c.programId) ?? c.programId,
      staffId,
      staffLabel: staffId === null ? '—' : names.staffLabel(staffId),
      formerHolder: c.staffId === null && c.lastStaffId !== null,
      teamName: c.teamId === null ? '—' : (names.teamNames.get(c.teamId) ?? c.teamId),
      enrolledOn: c.enrolledOn,
      lastAssessedOn: c.lastAssessedOn,
      reassessDueOn: c.reassessDueOn,
      daysPastDue: daysBetween(c.reassessDueOn, asOf) ?? 0,
      lastContactOn: c.lastContactOn,
      daysSinceContact: c.lastContactOn === null ? null : daysBetween(c.lastContactOn, asOf),
      lastFaceToFaceOn: c.lastFaceToFaceOn,
      daysSinceFaceToFace: c.lastFaceToFaceOn === null ? null : daysBetween(c.lastFaceToFaceOn, asOf),
      contactStatus: !c.contactDue ? 'none due' : c.contactMet ? 'met' : 'not met',
    };
  });
}

const csvHeader = [
  'client_id',
  'tier',
  'program_id',
  'staff_id',
  'staff_name',
  'staff_is_former_holder',
  'team',
  'enrolled_on',
  'last_assessed_on',
  'reassessment_due_on',
  'days_past_due',
  'last_contact_on',
  'last_face_to_face_on',
  'contact_requirement',
] as const;

function csvRows(rows: readonly WorklistRow[]): CsvCell[][] {
  return rows.map((r) => [
    r.clientId,
    r.tier,
    r.programId,
    r.staffId,
    r.staffId === null ? null : r.staffLabel,
    r.formerHolder ? 'yes' : 'no',
    r.teamName,
    r.enrolledOn,
    r.lastAssessedOn,
    r.reassessDueOn,
    r.daysPastDue,
    r.lastContactOn,
    r.lastFaceToFaceOn,
    r.contactStatus,
  ]);
}

/**
 * One worklist as CSV, rows in the order shown. `filters`: the team and program
 * filters of the page, or the case manager's own staff id.
 */
export function worklistCsv(
  kind: WorklistKind,
  rows: readonly WorklistRow[],
  meta: { asOf: string; settingsVersion: number; filters: Pick<ExportFilters, 'team' | 'program' | 'staff'> },
): CsvTable {
  return {
    name: { table: `worklist-${kind}`, date: { asOf: meta.asOf }, filters: meta.filters, settingsVersion: meta.settingsVersion },
    header: csvHeader,
    rows: csvRows(rows),
  };
}

/** One case manager's clients (the drill-down) as CSV, rows in the order shown. */
export function staffClientsCsv(rows: readonly WorklistRow[], meta: { staffId: string; asOf: string; settingsVersion: number }): CsvTable {
  return {
    name: { table: 'clients', date: { asOf: meta.asOf }, filters: { staff: meta.staffId }, settingsVersion: meta.settingsVersion },
    header: csvHeader,
    rows: csvRows(rows),
  };
}

export function parseKind(value: string | null): WorklistKind {
  return worklistKinds.find((k) => k === value) ?? 'reassessOverdue';
}

/** Most urgent first: the earliest reassessment due date, then client id. */
export function byReassessmentDue(rows: readonly WorklistRow[]): WorklistRow[] {
  return [...rows].sort(
    (a, b) =>
      (a.reassessDueOn < b.reassessDueOn ? -1 : a.reassessDueOn > b.reassessDueOn ? 1 : 0) ||
      (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0),
  );
}
