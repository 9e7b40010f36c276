/**
 * Users (administrators): who can sign in, with which role and scope; create a
 * user, disable or enable one, set a new password. Every change is audited by
 * the server.
 */
import { ApiTokens } from './ApiTokens.tsx';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { Me } from '../../lib/session.ts';
import { isRole, type Role, roleLabels } from '../../lib/session.ts';
import { CsvButton } from '../../components/CsvButton.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { errorMessage, queryClient, type RouterOutputs, trpc } from '../../trpc.ts';
import './admin.css';
import { formatTimestamp } from './shared.tsx';
import {
  createInput,
  type DraftField,
  emptyDraft,
  type NewUserDraft,
  PASSWORD_MIN,
  passwordProblem,
  scopeKind,
  validateDraft,
} from './userForm.ts';
import { USER_ROLES } from '@caseload/values';

type User = RouterOutputs['users']['list'][number];
type Directory = RouterOutputs['meta']['directory'];

const ROLE_ORDER: readonly Role[] = USER_ROLES;

/** The scope of a user in words, with names from the directory. */
function scopeText(user: Pick<User, 'role' | 'teamIds' | 'programIds' | 'staffId'>, names: Directory | undefined): string {
  const team = (id: string) => names?.teams.find((t) => t.teamId === id)?.name ?? id;
  const program = (id: string) => names?.programs.find((p) => p.programId === id)?.name ?? id;
  const staff = (id: string) => names?.staff.find((s) => s.staffId === id)?.name ?? id;
  if (user.role === 'supervisor') return user.teamIds.length ? `Teams: ${user.teamIds.map(team).join(', ')}` : 'No teams';
  if (user.role === 'program_manager') {
    return user.programIds.length ? `Programs: ${user.programIds.map(program).join(', ')}` : 'No programs';
  }
  if (user.role === 'case_manager') return user.staffId ? `Own caseload: ${staff(user.staffId)}` : 'No staff record';
  if (user.role === 'board') return 'Agency and team figures only';
  return 'Whole agency';
}

export function UsersPage({ me }: { me: Me }) {
  const users = useQuery(trpc.users.list.queryOptions());
  const directory = useQuery(trpc.meta.directory.queryOptions());
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });

  return (
    <>
      <PageHeader title="Users">
        <p>Who can sign in to caseload analytics, with which role and what they see.</p>
      </PageHeader>
      <div role="status" aria-live="polite" className="users-notice">
        {notice ? <p className="import-success">{notice}</p> : null}
      </div>

      <section className="card" aria-labelledby="users-title">
        <div className="card-header">
          <h2 id="users-title">Accounts</h2>
          <p className="card-description">Disabling an account signs the person out everywhere at once; a new password does too.</p>
          {users.data && users.data.length > 0 ? (
            <CsvButton
              of="the accounts"
              build={() => ({
                name: { table: 'accounts', date: null, filters: {}, settingsVersion: null },
                header: ['email', 'role', 'scope', 'team_ids', 'program_ids', 'staff_id', 'status', 'created_at'],
                rows: users.data.map((u) => [
                  u.email,
                  u.role,
                  scopeText(u, directory.data),
                  u.teamIds.join(' '),
                  u.programIds.join(' '),
                  u.staffId ?? '',
                  u.disabled ? 'disabled' : 'active',
                  u.createdAt,
                ]),
              })}
            />
          ) : null}
        </div>
        {users.isPending ? (
          <Loading label="Loading users…" rows={6} />
        ) : users.isError ? (
          <ErrorState title="Users could not be loaded" error={users.error} onRetry={() => void users.refetch()} />
        ) : users.data.length === 0 ? (
          <EmptyState title="No users yet" />
        ) : (
          <div className="table-scroll" tabIndex={0}>
            <table className="data-table users-table stack-on-phone" role="table" aria-labelledby="users-title">
              <thead role="rowgroup">
                <tr role="row">
                  <th scope="col" role="columnheader">
                    Email
                  </th>
                  <th scope="col" role="columnheader">
                    Role
                  </th>
                  <th scope="col" role="columnheader">
                    Scope
                  </th>
                  <th scope="col" role="columnheader">
                    Status
                  </th>
                  <th scope="col" role="columnheader">
                    Created
                  </th>
                  <th scope="col" role="columnheader">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                {users.data.map((u) => (
                  <UserRow
                    key={u.userId}
                    user={u}
                    self={u.userId === me.userId}
                    names={directory.data}
                    onDone={(message) => {
                      setNotice(message);
                      void refresh();
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <CreateUser
        names={directory.data}
        onCreated={(email) => {
          setNotice(`${email} can now sign in.`);
          void refresh();
        }}
      />

      <ApiTokens />
    </>
  );
}

function UserRow({
  user,
  self,
  names,
  onDone,
}: {
  user: User;
  self: boolean;
  names: Directory | undefined;
  onDone: (message: string) => void;
}) {
  const [resetting, setResetting] = useState(false);
  const toggle = useMutation(
    trpc.users.setDisabled.mutationOptions({
      onSuccess: (after) => onDone(`${after.email} is ${after.disabled ? 'disabled and signed out' : 'enabled again'}.`),
    }),
  );
  return (
    <>
      <tr className={user.disabled ? 'user-disabled' : undefined} role="row">
        <th scope="row" role="rowheader">
          {user.email}
          {self ? <span className="ratio-detail">you</span> : null}
        </th>
        <td role="cell" data-label="Role">
          {isRole(user.role) ? roleLabels[user.role] : user.role}
        </td>
        <td role="cell" data-label="Scope">
          {scopeText(user, names)}
        </td>
        <td role="cell" data-label="Status">
          {user.disabled ? <span className="badge badge-critical">Disabled</span> : 'Active'}
        </td>
        <td role="cell" data-label="Created">
          {formatTimestamp(user.createdAt)}
        </td>
        <td role="cell">
          <div className="row-actions">
            <button
              type="button"
              className="button button-secondary"
              disabled={toggle.isPending || (self && !user.disabled)}
              title={self && !user.disabled ? 'You cannot disable your own account.' : undefined}
              onClick={() => toggle.mutate({ userId: user.userId, disabled: !user.disabled })}
              aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.email}`}
            >
              {user.disabled ? 'Enable' : 'Disable'}
            </button>
            <button
              type="button"
              className="button button-secondary"
              aria-expanded={resetting}
              onClick={() => setResetting((r) => !r)}
              aria-label={`New password for ${user.email}`}
            >
              New password
            </button>
          </div>
          {toggle.isError ? (
            <p className="field-error" role="alert">
              {errorMessage(toggle.error)}
            </p>
          ) : null}
        </td>
      </tr>
      {resetting ? (
        <tr className="reset-row" role="row">
          <td colSpan={6} role="cell">
            <ResetPassword
              user={user}
              onDone={(message) => {
                setResetting(false);
                onDone(message);
              }}
              onCancel={() => setResetting(false)}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function ResetPassword({ user, onDone, onCancel }: { user: User; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const reset = useMutation(
    trpc.users.resetPassword.mutationOptions({
      onSuccess: (r) =>
        onDone(
          `${user.email} has a new password${r.sessionsEnded > 0 ? ` and was signed out of ${r.sessionsEnded} session${r.sessionsEnded === 1 ? '' : 's'}` : ''}. Give it to them in person or by phone.`,
        ),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = passwordProblem(password);
    setProblem(p);
    if (!p) reset.mutate({ userId: user.userId, password });
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={id}>Password to set for {user.email}</label>
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ''}`}
        />
        <span id={`${id}-hint`} className="muted small">
          At least {PASSWORD_MIN} characters.
        </span>
        {problem ? (
          <p className="field-error" id={`${id}-error`}>
            {problem}
          </p>
        ) : null}
      </div>
      <div className="field-row">
        <button type="submit" className="button" disabled={reset.isPending}>
          {reset.isPending ? 'Saving…' : 'Set password'}
        </button>
        <button type="button" className="button button-link" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {reset.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(reset.error)}
        </p>
      ) : null}
    </form>
  );
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p className="field-error" id={id}>
      {message}
    </p>
  ) : null;
}

function CreateUser({ names, onCreated }: { names: Directory | undefined; onCreated: (email: string) => void }) {
  const id = useId();
  const [draft, setDraft] = useState<NewUserDraft>(emptyDraft);
  const [errors, setErrors] = useState<Partial<Record<DraftField, string>>>({});
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: (user) => {
        setDraft(emptyDraft);
        setErrors({});
        onCreated(user.email);
      },
    }),
  );
  const kind = scopeKind(draft.role);
  const update = (changes: Partial<NewUserDraft>) => setDraft((d) => ({ ...d, ...changes }));
  const describedBy = (field: DraftField, extra?: string) =>
    [extra, errors[field] ? `${id}-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateDraft(draft);
    setErrors(found);
    if (Object.keys(found).length > 0 || draft.role === '') {
      const first = Object.keys(found)[0];
      if (first) document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    create.mutate(createInput({ ...draft, role: draft.role }));
  };

  const toggleIn = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Add a user</h2>
        <p className="card-description">
          Supervisors see their teams, program managers their programs, case managers their own caseload; directors and administrators see
          the whole agency, board members agency and team figures only.
        </p>
      </div>
      <form className="user-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email address</label>
          <input
            id={`${id}-email`}
            type="email"
            autoComplete="off"
            value={draft.email}
            onChange={(e) => update({ email: e.target.value })}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={describedBy('email')}
          />
          <FieldError id={`${id}-email-error`} message={errors.email} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select
            id={`${id}-role`}
            value={draft.role}
            onChange={(e) => update({ role: isRole(e.target.value) ? e.target.value : '' })}
            aria-invalid={errors.role ? true : undefined}
            aria-describedby={describedBy('role')}
          >
            <option value="">Choose a role…</option>
            {ROLE_ORDER.map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-role-error`} message={errors.role} />
        </div>

        {kind === 'teams' ? (
          <fieldset className="choice-list" id={`${id}-teamIds`} tabIndex={-1} aria-describedby={describedBy('teamIds')}>
            <legend>Teams this supervisor sees</legend>
            {(names?.teams ?? []).map((t) => (
              <label key={t.teamId} className="choice">
                <input
                  type="checkbox"
                  checked={draft.teamIds.includes(t.teamId)}
                  onChange={(e) => update({ teamIds: toggleIn(draft.teamIds, t.teamId, e.target.checked) })}
                />{' '}
                {t.name} <span className="muted">({t.teamId})</span>
              </label>
            ))}
            <FieldError id={`${id}-teamIds-error`} message={errors.teamIds} />
          </fieldset>
        ) : null}
        {kind === 'programs' ? (
          <fieldset className="choice-list" id={`${id}-programIds`} tabIndex={-1} aria-describedby={describedBy('programIds')}>
            <legend>Programs this program manager sees</legend>
            {(names?.programs ?? []).map((p) => (
              <label key={p.programId} className="choice">
                <input
                  type="checkbox"
                  checked={draft.programIds.includes(p.programId)}
                  onChange={(e) => update({ programIds: toggleIn(draft.programIds, p.programId, e.target.checked) })}
                />{' '}
                {p.name} <span className="muted">({p.programId})</span>
              </label>
            ))}
            <FieldError id={`${id}-programIds-error`} message={errors.programIds} />
          </fieldset>
        ) : null}
        {kind === 'staff' ? (
          <div className="field">
            <label htmlFor={`${id}-staffId`}>Staff record</label>
            <select
              id={`${id}-staffId`}
              value={draft.staffId}
              onChange={(e) => update({ staffId: e.target.value })}
              aria-invalid={errors.staffId ? true : undefined}
              aria-describedby={describedBy('staffId')}
            >
              <option value="">Choose the person…</option>
              {(names?.staff ?? []).map((s) => (
                <option key={s.staffId} value={s.staffId}>
                  {s.name} ({s.staffId})
                </option>
              ))}
            </select>
            <FieldError id={`${id}-staffId-error`} message={errors.staffId} />
          </div>
        ) : null}

        <div className="field">
          <label htmlFor={`${id}-password`}>Initial password</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="new-password"
            value={draft.password}
            onChange={(e) => update({ password: e.target.value })}
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={describedBy('password', `${id}-password-hint`)}
          />
          <span id={`${id}-password-hint`} className="muted small">
            At least {PASSWORD_MIN} characters. Give it to the person in person or by phone.
          </span>
          <FieldError id={`${id}-password-error`} message={errors.password} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-confirm`}>Password again</label>
          <input
            id={`${id}-confirm`}
            type="password"
            autoComplete="new-password"
            value={draft.confirm}
            onChange={(e) => update({ confirm: e.target.value })}
            aria-invalid={errors.confirm ? true : undefined}
            aria-describedby={describedBy('confirm')}
          />
          <FieldError id={`${id}-confirm-error`} message={errors.confirm} />
        </div>
        <div>
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add user'}
          </button>
        </div>
        {create.isError ? (
          <div className="form-error" role="alert">
            {errorMessage(create.error)}
          </div>
        ) : null}
      </form>
    </section>
  );
}
