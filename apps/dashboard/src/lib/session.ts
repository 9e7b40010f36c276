/**
 * Who is signed in, as every page sees it: the session (`Me`) and the roles this
 * dashboard knows. The shell checks the role once; features read the typed session.
 */
import { USER_ROLES, type UserRole } from '@caseload/values';
import type { RouterOutputs } from '../trpc.ts';

export type Role = UserRole;

const roles: readonly Role[] = USER_ROLES;

/** The server types a role loosely (a stored value is checked, never trusted); so does the page. */
export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export const roleLabels: Record<Role, string> = {
  admin: 'Administrator',
  director: 'Director',
  program_manager: 'Program manager',
  supervisor: 'Supervisor',
  case_manager: 'Case manager',
  board: 'Board member',
};

type MeOutput = RouterOutputs['auth']['me'];
/** The signed-in user, with a role this dashboard knows. */
export type Me = Omit<MeOutput, 'role'> & { role: Role };

/**
 * What the shell hands every page: the session, and whether the role may open another
 * page (by its path), so a page offers a link only where it would lead somewhere.
 */
export interface PageProps {
  me: Me;
  mayOpen: (path: string) => boolean;
}
