import type { Database } from '@caseload/db';
import type { ExpressionBuilder, Kysely } from 'kysely';
import { NOTHING, type Scope } from '../access.ts';

export interface Directory {
  teams: Array<{ teamId: string; name: string }>;
  programs: Array<{ programId: string; name: string }>;
  /** names for staff-level rows; empty for the board, who sees no staff */
  staff: Array<{ staffId: string; name: string; teamId: string | null }>;
  /** contracted providers (organizations, not people or clients): every role with a scope */
  providers: Array<{ providerId: string; name: string }>;
}

/** Which providers a scope may name: any scope that sees reports. Unknown scope: none. */
function providersInScope(eb: ExpressionBuilder<Database, 'providers'>, scope: Scope) {
  switch (scope.kind) {
    case 'agency':
    case 'board':
    case 'programs':
    case 'teams':
    case 'self':
      return eb.val(true);
    default:
      return NOTHING;
  }
}

/** Which teams a scope may name. Unknown scope: none. */
function teamsInScope(eb: ExpressionBuilder<Database, 'teams'>, scope: Scope) {
  switch (scope.kind) {
    case 'agency':
    case 'board':
    case 'programs':
      return eb.val(true);
    case 'teams':
      return eb('teams.team_id', 'in', scope.teamIds);
    case 'self':
      return eb(
        'teams.team_id',
        'in',
        eb
          .selectFrom('staff')
          .select('staff.team_id')
          .where('staff.agency_id', '=', scope.agencyId)
          .where('staff.staff_id', '=', scope.staffId),
      );
    default:
      return NOTHING;
  }
}

/** Which programs a scope may name. Unknown scope: none. */
function programsInScope(eb: ExpressionBuilder<Database, 'programs'>, scope: Scope) {
  switch (scope.kind) {
    case 'agency':
    case 'board':
    case 'teams':
    case 'self':
      return eb.val(true);
    case 'programs':
      return eb('programs.program_id', 'in', scope.programIds);
    default:
      return NOTHING;
  }
}

/** Whose names a scope may read. The board reads none. */
function staffInScope(eb: ExpressionBuilder<Database, 'staff'>, scope: Scope) {
  switch (scope.kind) {
    case 'agency':
    case 'programs':
      return eb.val(true);
    case 'teams':
      return eb('staff.team_id', 'in', scope.teamIds);
    case 'self':
      return eb('staff.staff_id', '=', scope.staffId);
    default:
      return NOTHING;
  }
}

/**
 * Names for the filters and tables of the dashboard, limited to the caller's scope:
 * a supervisor's teams, a program manager's programs, a case manager's own team.
 * Program names are service lines, not client data, so roles scoped by team see all
 * of them (to narrow their view by program).
 */
export async function directory(db: Kysely<Database>, scope: Scope): Promise<Directory> {
  const [teams, programs, staff, providers] = await Promise.all([
    db
      .selectFrom('teams')
      .select(['team_id', 'name'])
      .where('teams.agency_id', '=', scope.agencyId)
      .where((eb) => teamsInScope(eb, scope))
      .orderBy('name')
      .orderBy('team_id')
      .execute(),
    db
      .selectFrom('programs')
      .select(['program_id', 'name'])
      .where('programs.agency_id', '=', scope.agencyId)
      .where((eb) => programsInScope(eb, scope))
      .orderBy('name')
      .orderBy('program_id')
      .execute(),
    db
      .selectFrom('staff')
      .select(['staff_id', 'name', 'team_id'])
      .where('staff.agency_id', '=', scope.agencyId)
      .where((eb) => staffInScope(eb, scope))
      .orderBy('name')
      .orderBy('staff_id')
      .execute(),
    db
      .selectFrom('providers')
      .select(['provider_id', 'name'])
      .where('providers.agency_id', '=', scope.agencyId)
      .where((eb) => providersInScope(eb, scope))
      .orderBy('name')
      .orderBy('provider_id')
      .execute(),
  ]);
  return {
    teams: teams.map((t) => ({ teamId: t.team_id, name: t.name })),
    programs: programs.map((p) => ({ programId: p.program_id, name: p.name })),
    staff: staff.map((s) => ({ staffId: s.staff_id, name: s.name, teamId: s.team_id })),
    providers: providers.map((p) => ({ providerId: p.provider_id, name: p.name })),
  };
}

/** The team of a staff record in the agency (null when none or unknown). */
/**
 * team(s, D): with `on`, the team of the member's staff period in force that day when
 * the member has periods (null on a day none covers); otherwise staff.csv's team_id.
 */
export async function staffTeam(db: Kysely<Database>, agencyId: string, staffId: string, on?: string): Promise<string | null> {
  if (on !== undefined) {
    const periods = await db
      .selectFrom('staff_periods')
      .select(['start_on', 'end_on', 'team_id'])
      .where('agency_id', '=', agencyId)
      .where('staff_id', '=', staffId)
      .execute();
    if (periods.length > 0) return periods.find((p) => p.start_on <= on && (p.end_on === null || p.end_on > on))?.team_id ?? null;
  }
  const row = await db
    .selectFrom('staff')
    .select('team_id')
    .where('agency_id', '=', agencyId)
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  return row?.team_id ?? null;
}

export async function teamExists(db: Kysely<Database>, agencyId: string, teamId: string): Promise<boolean> {
  const row = await db
    .selectFrom('teams')
    .select('team_id')
    .where('agency_id', '=', agencyId)
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function programExists(db: Kysely<Database>, agencyId: string, programId: string): Promise<boolean> {
  const row = await db
    .selectFrom('programs')
    .select('program_id')
    .where('agency_id', '=', agencyId)
    .where('program_id', '=', programId)
    .executeTakeFirst();
  return row !== undefined;
}
