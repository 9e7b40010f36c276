import type { Database } from '@caseload/db';
import type { CaseloadReport, ComplianceReport, StaffCaseload } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import type { Scope } from '../access.ts';
import { ServiceError } from '../errors.ts';
import { requireRecordsBy } from '../services/calendar.ts';
import { programExists, staffTeam, teamExists } from '../services/directory.ts';
import { CLIENTS_FAMILY, CONTACT_FAMILY, complementCells, hoursFamily, OVER_FAMILY, reassessFamily } from './complement.ts';
import {
  type AgencyCaseloadCell,
  type AgencyCaseloadView,
  type ComplianceCell,
  type GroupCaseloadCell,
  type AgencyComplianceView,
  type LoadComplianceFitView,
  type StaffCompliance,
  suppressAgencyCaseload,
  suppressCompliance,
  suppressFit,
  suppressTeamCaseload,
  type TeamCaseloadView,
  type TeamComplianceView,
  unsuppressed,
  withhold,
} from './suppression.ts';

export interface ReportInput {
  asOf?: string | undefined;
  teamId?: string | undefined;
  programId?: string | undefined;
}

/** What the Standard 9 services are asked for. null = no restriction. */
export interface ReportFilter {
  asOf: string;
  teamIds: string[] | null;
  programIds: string[] | null;
}

/**
 * Turns the caller's filters into the service's, inside the caller's scope:
 * a supervisor may narrow to one of their teams but not name another; a program
 * manager likewise with programs; a case manager sees their own caseload. A filter
 * outside the scope is refused (never silently widened or ignored).
 */
export async function reportFilter(db: Kysely<Database>, scope: Scope, input: ReportInput, today: string): Promise<ReportFilter> {
  const asOf = input.asOf ?? today;
  const filter = await scopedFilter(db, scope, input, asOf);
  await requireRecordsBy(db, scope.agencyId, asOf, 'as of');
  return filter;
}

/** reportFilter's scope checks and filters alone, on a given date (no check of the agency's records). */
export async function scopedFilter(
  db: Kysely<Database>,
  scope: Scope,
  input: Pick<ReportInput, 'teamId' | 'programId'>,
  asOf: string,
): Promise<ReportFilter> {
  const { teamId, programId } = input;
  const agencyId = scope.agencyId;

  const requireTeam = async (id: string) => {
    if (!(await teamExists(db, agencyId, id))) throw new ServiceError('BAD_REQUEST', `There is no team ${id}.`);
  };
  const requireProgram = async (id: string) => {
    if (!(await programExists(db, agencyId, id))) throw new ServiceError('BAD_REQUEST', `There is no program ${id}.`);
  };

  switch (scope.kind) {
    case 'agency':
    case 'board': {
      if (teamId) await requireTeam(teamId);
      if (programId) await requireProgram(programId);
      return { asOf, teamIds: teamId ? [teamId] : null, programIds: programId ? [programId] : null };
    }
    case 'programs': {
      if (programId && !scope.programIds.includes(programId)) {
        throw new ServiceError('FORBIDDEN', 'You can see only the programs you manage.');
      }
      if (teamId) await requireTeam(teamId);
      return { asOf, teamIds: teamId ? [teamId] : null, programIds: programId ? [programId] : [...scope.programIds] };
    }
    case 'teams': {
      if (teamId && !scope.teamIds.includes(teamId)) throw new ServiceError('FORBIDDEN', 'You can see only your own teams.');
      if (programId) await requireProgram(programId);
      return { asOf, teamIds: teamId ? [teamId] : [...scope.teamIds], programIds: programId ? [programId] : null };
    }
    case 'self': {
      if (teamId && teamId !== (await staffTeam(db, agencyId, scope.staffId))) {
        throw new ServiceError('FORBIDDEN', 'You can see only your own caseload.');
      }
      if (programId) await requireProgram(programId);
      return { asOf, teamIds: null, programIds: programId ? [programId] : null };
    }
    default:
      throw new ServiceError('FORBIDDEN', 'You have no access to reports.');
  }
}

/** Who the report was shaped for: everything in scope, or the board's aggregates. */
export type Audience = 'full' | 'board';

export interface CaseloadView {
  asOf: string;
  settingsVersion: number;
  audience: Audience;
  /** the smallest number of clients a board cell is shown for */
  minCellSize: number;
  /** staff-level rows; empty for the board */
  staff: StaffCaseload[];
  teams: TeamCaseloadView[];
  /** agency totals; null for a case manager, who sees only their own caseload */
  agency: AgencyCaseloadView | null;
}

export interface ComplianceView {
  asOf: string;
  settingsVersion: number;
  audience: Audience;
  minCellSize: number;
  staff: StaffCompliance[];
  teams: TeamComplianceView[];
  agency: AgencyComplianceView | null;
  /** null for a case manager */
  loadComplianceFit: LoadComplianceFitView | null;
}

/** The caseload report as the caller's role may see it (interfaces.md, roles table). */
export function shapeCaseload(report: CaseloadReport, scope: Scope, minCellSize: number): CaseloadView {
  const base = { asOf: report.asOf, settingsVersion: report.settingsVersion, minCellSize };
  switch (scope.kind) {
    case 'agency':
    case 'programs':
      return {
        ...base,
        audience: 'full',
        staff: report.staff,
        teams: report.teams.map((t) => unsuppressed(t)),
        agency: unsuppressed(report.agency),
      };
    case 'teams': {
      const mine = new Set(scope.teamIds);
      return {
        ...base,
        audience: 'full',
        staff: report.staff.filter((s) => s.teamId !== null && mine.has(s.teamId)),
        teams: report.teams.filter((t) => mine.has(t.teamId)).map((t) => unsuppressed(t)),
        agency: unsuppressed(report.agency),
      };
    }
    case 'self':
      return {
        ...base,
        audience: 'full',
        staff: report.staff.filter((s) => s.staffId === scope.staffId),
        teams: [],
        agency: null,
      };
    case 'board': {
      // members (caseload staff: capacity > 0) decide whether a max or min ratio, which is
      // one member's own, may be shown; their rows themselves are never sent
      const members = report.staff.filter((s) => s.capacityHours > 0);
      const teams = report.teams.map((t) =>
        suppressTeamCaseload(
          t,
          minCellSize,
          members.filter((s) => s.teamId === t.teamId),
        ),
      );
      const agency = suppressAgencyCaseload(report.agency, minCellSize, members);
      // then the cells that would give a withheld one back by difference (complement.ts)
      const cells = complementCells(
        { raw: report.agency, suppressed: agency.suppressed },
        report.teams.map((t, i) => ({ id: t.teamId, raw: t, suppressed: (teams[i] as TeamCaseloadView).suppressed })),
        [CLIENTS_FAMILY, hoursFamily((v) => v.clients ?? 0), OVER_FAMILY],
        minCellSize,
      );
      return {
        ...base,
        audience: 'board',
        staff: [],
        teams: report.teams.map((t, i) =>
          withhold(t, (cells.teams[i] ?? []) as GroupCaseloadCell[], (cells.teamsComplementary[i] ?? []) as GroupCaseloadCell[]),
        ),
        agency: withhold(report.agency, cells.agency as AgencyCaseloadCell[], cells.agencyComplementary as AgencyCaseloadCell[]),
      };
    }
    default:
      throw new ServiceError('FORBIDDEN', 'You have no access to reports.');
  }
}

/** The compliance report as the caller's role may see it. */
export function shapeCompliance(report: ComplianceReport, scope: Scope, minCellSize: number): ComplianceView {
  const base = { asOf: report.asOf, settingsVersion: report.settingsVersion, minCellSize };
  switch (scope.kind) {
    case 'agency':
    case 'programs':
      return {
        ...base,
        audience: 'full',
        staff: report.staff,
        teams: report.teams.map((t) => unsuppressed(t)),
        agency: unsuppressed(report.agency),
        loadComplianceFit: unsuppressed(report.loadComplianceFit),
      };
    case 'teams': {
      const mine = new Set(scope.teamIds);
      return {
        ...base,
        audience: 'full',
        staff: report.staff.filter((s) => s.teamId !== null && mine.has(s.teamId)),
        teams: report.teams.filter((t) => mine.has(t.teamId)).map((t) => unsuppressed(t)),
        agency: unsuppressed(report.agency),
        loadComplianceFit: unsuppressed(report.loadComplianceFit),
      };
    }
    case 'self':
      return {
        ...base,
        audience: 'full',
        staff: report.staff.filter((s) => s.staffId === scope.staffId),
        teams: [],
        agency: null,
        loadComplianceFit: null,
      };
    case 'board': {
      const clientsBehindFit = report.staff.filter((s) => s.contactDue >= 1).reduce((sum, s) => sum + s.contactDue, 0);
      const cells = complementCells(
        { raw: report.agency, suppressed: suppressCompliance(report.agency, minCellSize).suppressed },
        report.teams.map((t) => ({ id: t.teamId, raw: t, suppressed: suppressCompliance(t, minCellSize).suppressed })),
        [CONTACT_FAMILY, reassessFamily(true)],
        minCellSize,
      );
      return {
        ...base,
        audience: 'board',
        staff: [],
        teams: report.teams.map((t, i) =>
          withhold(t, (cells.teams[i] ?? []) as ComplianceCell[], (cells.teamsComplementary[i] ?? []) as ComplianceCell[]),
        ),
        agency: withhold(report.agency, cells.agency as ComplianceCell[], cells.agencyComplementary as ComplianceCell[]),
        loadComplianceFit: suppressFit(report.loadComplianceFit, clientsBehindFit, minCellSize),
      };
    }
    default:
      throw new ServiceError('FORBIDDEN', 'You have no access to reports.');
  }
}
