import { type UserRole, USER_ROLES } from '@caseload/values';
import { type Expression, type SqlBool, sql } from 'kysely';

/**
 * Who is calling: the signed-in user, as the session resolved them. Role is typed
 * loosely on purpose: a value from the database is checked, never trusted.
 */
export interface Caller {
  userId: string;
  email: string;
  role: UserRole | (string & {});
  agencyId: string;
  agencyName: string;
  teamIds: string[];
  programIds: string[];
  staffId: string | null;
}

/**
 * Every procedure declares who may call it. There is no default: a procedure
 * without a rule is denied to everyone (see trpc.ts).
 */
export interface AccessRule {
  /** roles that may call the procedure; any other role (or an unknown one) is refused */
  roles: readonly UserRole[];
  /**
   * 'scoped' (the default): the procedure reads agency data through the caller's
   * scope, so a caller whose scope is empty (a supervisor without teams, a program
   * manager without programs, a case manager without a staff record) is refused.
   * 'account': the procedure reads only the caller's own account (auth.me).
   */
  reads?: 'scoped' | 'account';
}

/**
 * What a caller may see (interfaces.md, "Roles and what each may see"):
 * - agency: admin and director — everything in their agency
 * - board: agency- and team-level aggregates only, with small-cell suppression
 * - programs: a program manager — clients of their programs
 * - teams: a supervisor — their teams' staff and clients, plus agency totals
 * - self: a case manager — their own caseload
 * - none: anything else; sees nothing
 */
export type Scope =
  | { kind: 'agency'; agencyId: string }
  | { kind: 'board'; agencyId: string }
  | { kind: 'programs'; agencyId: string; programIds: string[] }
  | { kind: 'teams'; agencyId: string; teamIds: string[] }
  | { kind: 'self'; agencyId: string; staffId: string }
  | { kind: 'none'; agencyId: string; reason: string };

export const ALL_ROLES: readonly UserRole[] = USER_ROLES;

export function isUserRole(role: string): role is UserRole {
  return (USER_ROLES as readonly string[]).includes(role);
}

export function resolveScope(caller: Caller): Scope {
  const agencyId = caller.agencyId;
  switch (caller.role) {
    case 'admin':
    case 'director':
      return { kind: 'agency', agencyId };
    case 'board':
      return { kind: 'board', agencyId };
    case 'program_manager':
      return caller.programIds.length > 0
        ? { kind: 'programs', agencyId, programIds: [...caller.programIds] }
        : { kind: 'none', agencyId, reason: 'Your account has no programs assigned. Ask an administrator to add them.' };
    case 'supervisor':
      return caller.teamIds.length > 0
        ? { kind: 'teams', agencyId, teamIds: [...caller.teamIds] }
        : { kind: 'none', agencyId, reason: 'Your account has no teams assigned. Ask an administrator to add them.' };
    case 'case_manager':
      return caller.staffId
        ? { kind: 'self', agencyId, staffId: caller.staffId }
        : {
            kind: 'none',
            agencyId,
            reason: 'Your account is not linked to a staff record. Ask an administrator to link it.',
          };
    default:
      return { kind: 'none', agencyId, reason: 'Your account has no role this system recognizes.' };
  }
}

/** Always-false condition: an unknown scope sees nothing, never everything (style.md example 7). */
export const NOTHING: Expression<SqlBool> = sql<SqlBool>`false`;
