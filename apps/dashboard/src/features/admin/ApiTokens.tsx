/**
 * Import tokens for the push API (POST /api/v1/imports), on the users page: an
 * administrator names a token for what will use it, sees it once, and can revoke it.
 * Only a hash is kept, so a lost token is replaced, never shown again.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { trpc } from '../../trpc.ts';
import { formatTimestamp } from './shared.tsx';

export function ApiTokens() {
  const ids = useId();
  const tokens = useQuery(trpc.imports.tokens.queryOptions());
  const [label, setLabel] = useState('');
  const [shown, setShown] = useState<{ label: string; token: string } | null>(null);
  const create = useMutation(
    trpc.imports.createToken.mutationOptions({
      onSuccess: (r) => {
        setShown({ label, token: r.token });
        setLabel('');
        void tokens.refetch();
      },
    }),
  );
  const revoke = useMutation(trpc.imports.revokeToken.mutationOptions({ onSuccess: () => void tokens.refetch() }));

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <div className="card-header">
        <h2 id={`${ids}-title`}>Import tokens (push API)</h2>
        <p className="card-description">
          A program that sends the agency&apos;s export to <code>POST /api/v1/imports</code> signs in with a token instead of a password.
          Each token can only import into this agency. It is shown once, when it is made; revoke it when the program no longer needs it.
        </p>
      </div>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ label });
        }}
      >
        <div className="field">
          <label htmlFor={`${ids}-label`}>What will use it</label>
          <input
            id={`${ids}-label`}
            value={label}
            maxLength={100}
            onChange={(e) => setLabel(e.target.value)}
            placeholder="Nightly export job"
          />
        </div>
        <button type="submit" className="button button-primary" disabled={create.isPending || label.trim() === ''}>
          Make a token
        </button>
      </form>
      {create.isError ? (
        <p className="field-error" role="alert">
          {create.error.message}
        </p>
      ) : null}
      {shown ? (
        <div className="import-success" role="status">
          <p className="state-title">Token for “{shown.label}” — copy it now, it will not be shown again:</p>
          <p>
            <code className="token-once">{shown.token}</code>
          </p>
        </div>
      ) : null}
      {tokens.isPending ? (
        <Loading label="Loading tokens…" />
      ) : tokens.isError ? (
        <ErrorState title="Tokens could not be loaded" error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <EmptyState title="No import tokens yet" />
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table className="data-table stack-on-phone" role="table">
            <caption className="visually-hidden">Import tokens</caption>
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">
                  Used by
                </th>
                <th scope="col" role="columnheader">
                  Made
                </th>
                <th scope="col" role="columnheader">
                  Last used
                </th>
                <th scope="col" role="columnheader">
                  Status
                </th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {tokens.data.map((t) => (
                <tr key={t.tokenId} role="row">
                  <th scope="row" role="rowheader">
                    {t.label}
                  </th>
                  <td role="cell" data-label="Made">
                    {formatTimestamp(t.createdAt)} by {t.createdBy}
                  </td>
                  <td role="cell" data-label="Last used">
                    {t.lastUsedAt ? formatTimestamp(t.lastUsedAt) : 'never'}
                  </td>
                  <td role="cell" data-label="Status">
                    {t.revokedAt ? (
                      `revoked ${formatTimestamp(t.revokedAt)}`
                    ) : (
                      <button
                        type="button"
                        className="button button-secondary"
                        disabled={revoke.isPending}
                        onClick={() => revoke.mutate({ tokenId: t.tokenId })}
                        aria-label={`Revoke the token for ${t.label}`}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
