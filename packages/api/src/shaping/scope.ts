/**
 * Scope checks for the procedures that take a staff member, a team or a program by
 * id. Like reportFilter: a request outside the caller's scope is refused with
 * FORBIDDEN (never silently widened or narrowed), an id the agency does not have is
 * a BAD_REQUEST or NOT_FOUND for the roles that may name any.
 */
import type { Database } from '@caseload/db';
import type { Kysely } from 'kysely';
import type { Scope } from '../access.ts';
import { ServiceError } from '../errors.ts';
import { programExists, staffTeam, teamExists } from '../services/directory.ts';
import { requireRecordsBy } from '../services/calendar.ts';
import { scopedFilter } from './reports.ts';

/** What a service is asked for: null = no restriction. */
export interface ScopeFilter {
  teamIds: string[] | null;
  programIds: string[] | null;
}

/**
 * The team and program filters of a period report (Standard 8, trends), inside the
 * caller's scope; the same rules as the point-in-time reports (reportFilter).
 */
export async function periodFilter(
  db: Kysely<Database>,
  scope: Scope,
  input: { teamId?: string | undefined; programId?: string | undefined; to: string },
): Promise<ScopeFilter> {
  // the date plays no part in the scope checks; scopedFilter needs one
  const { teamIds, programIds } = await scopedFilter(db, scope, { teamId: input.teamId, programId: input.programId }, input.to);
  await requireRecordsBy(db, scope.agencyId, input.to, 'ending');
  return { teamIds, programIds };
}

/**
 * May the caller see this staff member's clients? admin/director: anyone in the
 * agency; program manager: anyone, but only clients of their programs (returned as
 * programIds); supervisor: staff of their own teams; case manager: themselves.
 */
export async function staffClientsFilter(
  db: Kysely<Database>,
  scope: Scope,
  staffId: string,
  /** the date the member's team is taken on (metrics.md "Staff on a date") */
  on?: string,
): Promise<{ programIds: string[] | null }> {
  switch (scope.kind) {
    case 'agency':
      return { programIds: null };
    case 'programs':
      return { programIds: [...scope.programIds] };
    case 'teams': {
      const teamId = await staffTeam(db, scope.agencyId, staffId, on);
      if (teamId === null || !scope.teamIds.includes(teamId)) {
        throw new ServiceError('FORBIDDEN', 'You can see only the caseloads of your own teams’ staff.');
      }
      return { programIds: null };
    }
    case 'self':
      if (staffId !== scope.staffId) throw new ServiceError('FORBIDDEN', 'You can see only your own caseload.');
      return { programIds: null };
    default:
      throw new ServiceError('FORBIDDEN', 'You have no access to client lists.');
  }
}

/** A team the caller may act on (rebalancing): any of the agency's for agency roles, their own for a supervisor. */
export async function requireTeamInScope(db: Kysely<Database>, scope: Scope, teamId: string): Promise<void> {
  switch (scope.kind) {
    case 'agency':
      if (!(await teamExists(db, scope.agencyId, teamId))) throw new ServiceError('NOT_FOUND', `There is no team ${teamId}.`);
      return;
    case 'teams':
      if (!scope.teamIds.includes(teamId)) throw new ServiceError('FORBIDDEN', 'You can see only your own teams.');
      return;
    default:
      throw new ServiceError('FORBIDDEN', 'You have no access to this team.');
  }
}

/** A program the caller may name (intake routing): any of the agency's, or a program manager's own. */
export async function requireProgramInScope(db: Kysely<Database>, scope: Scope, programId: string): Promise<void> {
  if (scope.kind === 'programs' && !scope.programIds.includes(programId)) {
    throw new ServiceError('FORBIDDEN', 'You can see only the programs you manage.');
  }
  if (!(await programExists(db, scope.agencyId, programId))) throw new ServiceError('BAD_REQUEST', `There is no program ${programId}.`);
}
