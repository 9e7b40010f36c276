/**
 * Data quality (administrators and directors): what validation cannot catch because
 * every row is valid on its own — each check's count, its change since the previous
 * import, and the ids it found as a CSV (a client-level list: every download is
 * recorded in the audit log).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { formatCount, formatDate, formatPercent } from '../../lib/format.ts';
import { queryClient, trpc } from '../../trpc.ts';
import './admin.css';
import { formatTimestamp } from './shared.tsx';

type Check =
  | 'unheldOver14Days'
  | 'noContact365Days'
  | 'heldByStaffNotEmployed'
  | 'contactsAfterImportDay'
  | 'assessmentsAfterImportDay'
  | 'contactsWithoutMinutes'
  | 'responsesWithoutInvitation'
  | 'staffMissingLanguagesOrRegion';

function changeText(change: number | null): string {
  if (change === null) return 'not known';
  if (change === 0) return 'no change';
  return change > 0 ? `+${formatCount(change)}` : `−${formatCount(-change)}`;
}

function IdsButton({ check, asOf, label }: { check: Check; asOf: string; label: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button-secondary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setProblem(null);
          queryClient
            .fetchQuery({ ...trpc.imports.dataQualityIds.queryOptions({ check, asOf }), staleTime: 0 })
            .then((r) => {
              const text = `${r.subject}_id\r\n${r.ids.map((id) => `${id}\r\n`).join('')}`;
              const url = URL.createObjectURL(new Blob([`\uFEFF${text}`], { type: 'text/csv' }));
              const a = document.createElement('a');
              a.href = url;
              a.download = `data-quality_${check}_${asOf}.csv`;
              a.click();
              URL.revokeObjectURL(url);
            })
            .catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)))
            .finally(() => setBusy(false));
        }}
      >
        Download ids<span className="visually-hidden"> of {label}</span>
      </button>
      {problem ? (
        <span className="form-error" role="alert">
          {problem}
        </span>
      ) : null}
    </>
  );
}

export function DataQualityPage() {
  const q = useQuery(trpc.imports.dataQuality.queryOptions({}));
  if (q.isPending) return <Loading label="Checking the data…" />;
  if (q.isError) return <ErrorState title="The data-quality checks could not be run" error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  return (
    <>
      <PageHeader title="Data quality">
        <p>
          Checks the import cannot make, because each row is valid on its own. As of {formatDate(r.asOf)}; the change is against the counts
          at the import before the latest
          {r.previousImportAt ? ` (${formatTimestamp(r.previousImportAt)})` : ' (there is none yet)'}.
        </p>
      </PageHeader>
      <section className="card">
        <div className="table-scroll" tabIndex={0}>
          <table className="data-table dq-table stack-on-phone" role="table">
            <caption className="visually-hidden">Data-quality checks as of {formatDate(r.asOf)}</caption>
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">
                  Check
                </th>
                <th scope="col" role="columnheader" className="num">
                  Found
                </th>
                <th scope="col" role="columnheader" className="num">
                  Change since the previous import
                </th>
                <th scope="col" role="columnheader">
                  Ids
                </th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {r.checks.map((c) => (
                <tr key={c.check} role="row">
                  <th scope="row" role="rowheader">
                    {c.label}
                  </th>
                  <td role="cell" className="num" data-label="Found">
                    {formatCount(c.count)} {c.subject === 'staff' ? 'staff' : `${c.subject}${c.count === 1 ? '' : 's'}`}
                    {c.check === 'contactsWithoutMinutes' ? (
                      <span className="muted small"> ({c.share === null ? 'no contacts' : `${formatPercent(c.share)} of contacts`})</span>
                    ) : null}
                  </td>
                  <td role="cell" className="num" data-label="Change since the previous import">
                    {changeText(c.changeSincePreviousImport)}
                  </td>
                  <td role="cell" className="dq-ids" data-label="Ids">
                    {c.count > 0 ? <IdsButton check={c.check} asOf={r.asOf} label={c.label} /> : <span className="muted">none</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
