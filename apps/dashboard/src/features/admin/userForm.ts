/** The new-user form: what it holds and what it must satisfy before it is sent. */
import type { Role } from '../../lib/session.ts';

export const PASSWORD_MIN = 12;
const PASSWORD_MAX = 256;

export interface NewUserDraft {
  email: string;
  role: Role | '';
  teamIds: string[];
  programIds: string[];
  staffId: string;
  password: string;
  confirm: string;
}

export const emptyDraft: NewUserDraft = {
  email: '',
  role: '',
  teamIds: [],
  programIds: [],
  staffId: '',
  password: '',
  confirm: '',
};

export type DraftField = 'email' | 'role' | 'teamIds' | 'programIds' | 'staffId' | 'password' | 'confirm';

/** What each role is scoped by (interfaces.md "Roles and what each may see"). */
export function scopeKind(role: Role | ''): 'teams' | 'programs' | 'staff' | 'none' {
  if (role === 'supervisor') return 'teams';
  if (role === 'program_manager') return 'programs';
  if (role === 'case_manager') return 'staff';
  return 'none';
}

export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `A password must be at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `A password must be at most ${PASSWORD_MAX} characters.`;
  if (password.trim().length === 0) return 'A password cannot be only spaces.';
  return null;
}

const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The problems of a draft, by field (empty when it can be sent). */
export function validateDraft(draft: NewUserDraft): Partial<Record<DraftField, string>> {
  const errors: Partial<Record<DraftField, string>> = {};
  const email = draft.email.trim();
  if (email === '') errors.email = 'Enter the email address the person signs in with.';
  else if (!emailShape.test(email) || email.length > 320) errors.email = 'Enter an email address such as name@agency.org.';
  if (draft.role === '') errors.role = 'Choose a role.';
  const kind = scopeKind(draft.role);
  if (kind === 'teams' && draft.teamIds.length === 0) errors.teamIds = 'A supervisor needs at least one team.';
  if (kind === 'programs' && draft.programIds.length === 0) errors.programIds = 'A program manager needs at least one program.';
  if (kind === 'staff' && draft.staffId === '') errors.staffId = 'Choose the staff record of this case manager.';
  const password = passwordProblem(draft.password);
  if (password) errors.password = password;
  else if (draft.confirm !== draft.password) errors.confirm = 'The two passwords are not the same.';
  return errors;
}

/** The input of users.create for a valid draft: only the scope of the chosen role is sent. */
export function createInput(draft: NewUserDraft & { role: Role }) {
  const kind = scopeKind(draft.role);
  return {
    email: draft.email.trim(),
    role: draft.role,
    teamIds: kind === 'teams' ? draft.teamIds : [],
    programIds: kind === 'programs' ? draft.programIds : [],
    staffId: kind === 'staff' ? draft.staffId : null,
    password: draft.password,
  };
}
