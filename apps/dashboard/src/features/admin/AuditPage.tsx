/**
 * The audit log (administrators and directors): who did what and when, filtered by
 * action, user and date range (kept in the address), page by page, with a CSV of
 * every entry the filters select.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { Me } from '../../lib/session.ts';
import { SelectFilter } from '../../components/Filters.tsx';
import { PageHeader, Updating } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../components/states.tsx';
import { exportFileName, toCsv } from '../../lib/csv.ts';
import { auditedDownload } from '../../lib/export.ts';
import { parseIsoDate } from '../../lib/format.ts';
import { useSearchParams } from '../../lib/router.tsx';
import { errorMessage, type RouterOutputs, trpc, trpcClient } from '../../trpc.ts';
import './admin.css';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_CSV_HEADER,
  type AuditQuery,
  auditExportName,
  auditCsvRow,
  detailsSummary,
  parseAuditQuery,
} from './auditFilters.ts';
import { formatTimestamp, Pager } from './shared.tsx';

const PAGE_SIZE = 50;
/** the server's largest page */
const EXPORT_PAGE_SIZE = 200;
/** an export stops here; a larger one should be narrowed by date */
const EXPORT_MAX_ENTRIES = 100_000;

type AuditEntry = RouterOutputs['audit']['list']['entries'][number];

function listInput(query: AuditQuery, page: number, pageSize: number) {
  return {
    page,
    pageSize,
    ...(query.action ? { action: query.action } : {}),
    ...(query.userId ? { userId: query.userId } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  };
}

export function AuditPage({ me }: { me: Me }) {
  const [search, setParams] = useSearchParams();
  const { query, problems } = parseAuditQuery(search);
  const log = useQuery({
    ...trpc.audit.list.queryOptions(listInput(query, query.page, PAGE_SIZE)),
    placeholderData: keepPreviousData,
  });
  // administrators can name users by email; directors filter by clicking an entry's user
  const users = useQuery({ ...trpc.users.list.queryOptions(), enabled: me.role === 'admin' });
  const userOptions = (users.data ?? []).map((u) => ({ value: u.userId, label: u.email }));
  const userLabel = (userId: string) => users.data?.find((u) => u.userId === userId)?.email ?? userId;
  const set = (changes: Record<string, string | null>) => setParams({ ...changes, page: null });

  const actionOptions = Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label: `${label} (${value})` }));

  return (
    <>
      <PageHeader title="Audit log">
        <p>Sign-ins, imports, exports, user and settings changes, newest first. Times are in UTC.</p>
      </PageHeader>

      <div className="filters no-print" role="group" aria-label="Filters">
        <SelectFilter
          label="Action"
          value={query.action}
          allLabel="All actions"
          options={actionOptions}
          onChange={(action) => set({ action })}
        />
        {me.role === 'admin' ? (
          <SelectFilter label="User" value={query.userId} allLabel="All users" options={userOptions} onChange={(user) => set({ user })} />
        ) : query.userId ? (
          <div className="field">
            <span className="field-label">User</span>
            <div className="field-row">
              <span className="file-name">{query.userId}</span>
              <button type="button" className="button button-link" onClick={() => set({ user: null })}>
                All users
              </button>
            </div>
          </div>
        ) : null}
        <DateFilter label="From" value={query.from} onChange={(from) => set({ from })} />
        <DateFilter label="To" value={query.to} onChange={(to) => set({ to })} />
        {query.action || query.userId || query.from || query.to ? (
          <button
            type="button"
            className="button button-link filters-clear"
            onClick={() => set({ action: null, user: null, from: null, to: null })}
          >
            Clear filters
          </button>
        ) : null}
        <Updating active={log.isFetching && log.isPlaceholderData} />
      </div>
      {problems.map((p) => (
        <Notice key={p}>{p}</Notice>
      ))}

      <section className="card" aria-labelledby="audit-title">
        <div className="table-toolbar">
          <h2 id="audit-title">Entries</h2>
          <AuditExport query={query} total={log.data?.total ?? null} />
        </div>
        {log.isPending ? (
          <Loading label="Loading the audit log…" rows={6} />
        ) : log.isError ? (
          <ErrorState title="The audit log could not be loaded" error={log.error} onRetry={() => void log.refetch()} />
        ) : log.data.entries.length === 0 ? (
          <EmptyState title={log.data.total === 0 ? 'No entries match these filters' : 'There are no entries on this page'}>
            <p>{log.data.total === 0 ? 'Try another action, user or date range.' : 'Go back to the first page.'}</p>
          </EmptyState>
        ) : (
          <>
            <div className="table-scroll" tabIndex={0}>
              <table className="data-table audit-table" aria-labelledby="audit-title">
                <thead>
                  <tr>
                    <th scope="col">When (UTC)</th>
                    <th scope="col">Who</th>
                    <th scope="col">Action</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {log.data.entries.map((e) => (
                    <AuditRow key={e.auditId} entry={e} userLabel={userLabel} onUser={(user) => set({ user })} />
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              page={log.data.page}
              pages={log.data.pages}
              total={log.data.total}
              noun="entry"
              nouns="entries"
              onPage={(page) => setParams({ page: page === 1 ? null : String(page) })}
            />
          </>
        )}
      </section>
    </>
  );
}

function AuditRow({
  entry,
  userLabel,
  onUser,
}: {
  entry: AuditEntry;
  userLabel: (userId: string) => string;
  onUser: (userId: string) => void;
}) {
  const label = AUDIT_ACTION_LABELS[entry.action];
  return (
    <tr>
      <td className="nowrap">{formatTimestamp(entry.at)}</td>
      <td>
        {entry.actor}
        {entry.userId ? (
          <>
            {' '}
            <button type="button" className="button button-link small" onClick={() => onUser(entry.userId as string)}>
              only this user<span className="visually-hidden"> ({userLabel(entry.userId)})</span>
            </button>
          </>
        ) : null}
      </td>
      <td>
        {label ?? entry.action}
        {label ? <span className="ratio-detail">{entry.action}</span> : null}
      </td>
      <td className="audit-details">{detailsSummary(entry.action, entry.details)}</td>
    </tr>
  );
}

function DateFilter({ label, value, onChange }: { label: string; value: string | undefined; onChange: (value: string | null) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  const apply = (next: string) => {
    setDraft(next);
    if (next === '') onChange(null);
    // a date input passes through years like 0002 while the year is typed: wait for a whole one
    else if (parseIsoDate(next) && next >= '2000-01-01' && next <= '2100-12-31') onChange(next);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="date" value={draft} min="2000-01-01" max="2100-12-31" onChange={(e) => apply(e.target.value)} />
    </div>
  );
}

/**
 * Downloads every entry the filters select (all pages, not only the one shown),
 * named by its filters; like every export it is recorded in the audit log
 * (audit.recordExport) before the file is handed over.
 */
function AuditExport({ query, total }: { query: AuditQuery; total: number | null }) {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'working'; done: number } | { kind: 'failed'; message: string }>({
    kind: 'idle',
  });
  const exportAll = async () => {
    setState({ kind: 'working', done: 0 });
    try {
      const rows: (string | number | null)[][] = [];
      for (let page = 1; ; page++) {
        const result = await trpcClient.audit.list.query(listInput(query, page, EXPORT_PAGE_SIZE));
        for (const e of result.entries) rows.push(auditCsvRow(e));
        setState({ kind: 'working', done: rows.length });
        if (page >= result.pages || result.entries.length === 0 || rows.length >= EXPORT_MAX_ENTRIES) break;
      }
      await auditedDownload(exportFileName(auditExportName(query)), toCsv(AUDIT_CSV_HEADER, rows), rows.length);
      setState({ kind: 'idle' });
    } catch (error) {
      setState({ kind: 'failed', message: errorMessage(error) });
    }
  };
  const tooMany = total !== null && total > EXPORT_MAX_ENTRIES;
  return (
    <div className="export">
      <button
        type="button"
        className="button button-secondary no-print"
        disabled={state.kind === 'working' || total === 0}
        onClick={() => void exportAll()}
      >
        {state.kind === 'working' ? `Preparing CSV… ${state.done.toLocaleString('en-US')}` : 'Download CSV'}
        <span className="visually-hidden"> of the filtered audit entries</span>
      </button>
      {tooMany ? (
        <span className="muted small">The first {EXPORT_MAX_ENTRIES.toLocaleString('en-US')} entries; narrow the dates for the rest.</span>
      ) : null}
      {state.kind === 'failed' ? (
        <span className="field-error" role="alert">
          The CSV could not be prepared: {state.message}
        </span>
      ) : null}
    </div>
  );
}
