/**
 * Notifications (interfaces.md "Telling people"): the caller's digests and alerts — the
 * same counts their email carries, each linking to the page with the list behind it —
 * and their preferences: weekly (Monday 07:00 in the agency's time zone), daily, or off,
 * and whether immediate alerts are emailed.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../components/states.tsx';
import { formatDate } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';
import { errorMessage, queryClient, trpc } from '../../trpc.ts';
import './notifications.css';

const EMAIL_WORDS: Record<string, string> = {
  sent: 'emailed',
  pending: 'email being sent',
  failed: 'email could not be sent',
  off: 'not emailed',
};

const changeText = (n: number) => (n > 0 ? `up ${n}` : n < 0 ? `down ${-n}` : 'no change');

export function NotificationsPage() {
  const list = useQuery(trpc.notifications.list.queryOptions());
  const markAll = useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
      },
    }),
  );
  const unread = list.data?.filter((n) => !n.read).length ?? 0;
  return (
    <>
      <PageHeader title="Notifications">
        <p>Your digests and alerts: counts for your scope, each linking to the page that lists them.</p>
      </PageHeader>
      <Preferences />
      {list.isPending ? (
        <Loading label="Loading your notifications…" rows={3} />
      ) : list.isError ? (
        <ErrorState title="Your notifications could not be loaded" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState title="No notifications yet">
          <p>Your first digest arrives at the next time your schedule names.</p>
        </EmptyState>
      ) : (
        <>
          <div className="s8-actions-row">
            <button
              type="button"
              className="button button-secondary"
              disabled={unread === 0 || markAll.isPending}
              onClick={() => markAll.mutate({})}
            >
              Mark all as read ({unread} unread)
            </button>
          </div>
          <ol className="notice-list" data-testid="notifications">
            {list.data.map((n) => (
              <li key={n.notificationId} className={n.read ? 'card notice-item' : 'card notice-item notice-unread'}>
                <h2>
                  {n.read ? null : <span className="badge">New</span>} {n.title}
                </h2>
                <p className="muted small">
                  {n.kind === 'alert' ? 'Alert' : 'Digest'} for {n.body.scope}, figures on {formatDate(n.body.asOf)} ·{' '}
                  {EMAIL_WORDS[n.email] ?? n.email}
                </p>
                <ul>
                  {n.body.lines.map((l) => (
                    <li key={l.key + l.label}>
                      <Link to={l.path}>{l.label}</Link>: <strong>{l.value}</strong>
                      {l.change === null ? null : <span className="muted"> ({changeText(l.change)} since the digest before)</span>}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}

function Preferences() {
  const prefs = useQuery(trpc.notifications.preferences.queryOptions());
  if (!prefs.data) return null;
  return <PreferencesForm initial={prefs.data} />;
}

function PreferencesForm({ initial }: { initial: { frequency: 'weekly' | 'daily' | 'off'; alerts: boolean } }) {
  const id = useId();
  // the choice shows at once; the server's answer confirms it (or the error says why not)
  const [p, setP] = useState(initial);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation(
    trpc.notifications.setPreferences.mutationOptions({
      onSuccess: async (after) => {
        await queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
        setSaved(
          after.frequency === 'off'
            ? 'Saved: no digests.'
            : `Saved: a ${after.frequency} digest${after.alerts ? ', and alerts by email' : ''}.`,
        );
      },
      onError: () => setP(initial),
    }),
  );
  const choose = (next: typeof p) => {
    setP(next);
    setSaved(null);
    save.mutate(next);
  };
  return (
    <form className="card" aria-labelledby={`${id}-title`} onSubmit={(e) => e.preventDefault()}>
      <div className="card-header">
        <h2 id={`${id}-title`}>How you are told</h2>
      </div>
      <fieldset className="notice-prefs">
        <legend>Digest</legend>
        {(
          [
            ['weekly', 'Weekly, Monday 07:00 (agency time)'],
            ['daily', 'Daily, 07:00 (agency time)'],
            ['off', 'Off'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="field-row">
            <input
              type="radio"
              name={`${id}-frequency`}
              checked={p.frequency === value}
              onChange={() => choose({ ...p, frequency: value })}
            />
            {label}
          </label>
        ))}
        <label className="field-row">
          <input type="checkbox" checked={p.alerts} onChange={(e) => choose({ ...p, alerts: e.target.checked })} />
          Email me immediate alerts (a caseload standard missed, an import that failed)
        </label>
      </fieldset>
      {save.isError ? (
        <p className="form-error" role="alert">
          Not saved. {errorMessage(save.error)}
        </p>
      ) : null}
      {saved ? <Notice>{saved}</Notice> : null}
    </form>
  );
}
