/**
 * Capacity changes ahead (metrics.md): reductions and workload items that start or
 * end within 30 days after the as-of date, and staff periods that start or end then,
 * with the member's load on the as-of date and on the day the change takes effect.
 * A supervisor's worklist: who will go over, who comes back, who needs cover.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import type { Me } from '../../lib/session.ts';
import { AsOfPicker } from '../../components/Filters.tsx';
import { PageHeader, Updating } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../components/states.tsx';
import { formatDate } from '../../lib/format.ts';
import { Link, useSearchParams } from '../../lib/router.tsx';
import { parseFilters, withParams } from '../../lib/url.ts';
import { trpc } from '../../trpc.ts';
import { changeRows } from '../../lib/mapCapacity.ts';
import '../../components/capacity.css';

export function CapacityChangesPage({ me }: { me: Me }) {
  const [search, setParams] = useSearchParams();
  const { filters, problems } = parseFilters(search);
  const titleId = useId();
  const directory = useQuery(trpc.meta.directory.queryOptions());
  const changes = useQuery({ ...trpc.capacity.changes.queryOptions({ asOf: filters.asOf }), placeholderData: keepPreviousData });
  const staffNames = useMemo(() => new Map((directory.data?.staff ?? []).map((s) => [s.staffId, s.name])), [directory.data]);
  const teamNames = useMemo(() => new Map((directory.data?.teams ?? []).map((t) => [t.teamId, t.name])), [directory.data]);
  const rows = useMemo(
    () => (changes.data ? changeRows(changes.data.changes, (id) => staffNames.get(id) ?? id) : []),
    [changes.data, staffNames],
  );
  return (
    <>
      <PageHeader title="Capacity changes ahead">
        <p>
          Leave, ramp-ups, union time and other reductions, workload items and staff periods that start or end in the next 30 days
          {me.role === 'supervisor' ? ' in your teams' : ''}
          {changes.data ? (
            <>
              {' '}
              — after <strong>{formatDate(changes.data.asOf)}</strong> up to {formatDate(changes.data.until)}
            </>
          ) : null}
          .
        </p>
      </PageHeader>
      <div className="filters no-print" role="group" aria-label="Filters">
        <AsOfPicker
          value={filters.asOf ?? changes.data?.asOf ?? ''}
          fromUrl={filters.asOf !== undefined}
          onChange={(asOf) => setParams({ asOf })}
        />
        <Updating active={changes.isFetching && changes.isPlaceholderData} />
      </div>
      {problems.map((p) => (
        <Notice key={p}>{p}</Notice>
      ))}
      {changes.isPending ? (
        <Loading label="Loading the changes ahead…" rows={4} />
      ) : changes.isError ? (
        <ErrorState title="The changes ahead could not be loaded" error={changes.error} onRetry={() => void changes.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="Nothing changes in the next 30 days" />
      ) : (
        <section className="card" aria-labelledby={titleId}>
          <h2 id={titleId}>
            {rows.length} change{rows.length === 1 ? '' : 's'} in the next 30 days
          </h2>
          <p className="card-description">
            Load before: on the as-of date. Load after: on the first day the change is in force (a reduction’s end date is the first day
            back at full capacity), with everything else known for that day.
          </p>
          <div className="table-scroll" tabIndex={0}>
            <table className="data-table changes-table" aria-labelledby={titleId}>
              <thead>
                <tr>
                  <th scope="col">On</th>
                  <th scope="col">What</th>
                  <th scope="col">Team</th>
                  <th scope="col" className="num">
                    Load before
                  </th>
                  <th scope="col" className="num">
                    Load after
                  </th>
                  <th scope="col">Act</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key} data-staff-id={r.staffId}>
                    <th scope="row" className="nowrap">
                      {formatDate(r.on)}
                    </th>
                    <td>
                      {r.what}
                      <span className="ratio-detail">{r.kindLabel}</span>
                    </td>
                    <td className="nowrap" data-label="Team">
                      {r.teamId ? (teamNames.get(r.teamId) ?? r.teamId) : 'no team'}
                    </td>
                    <td className="num" data-label="Load before">
                      {r.before}
                    </td>
                    <td className={`num ${r.alarm ? 'change-alarm' : r.relief ? 'change-relief' : ''}`} data-label="Load after">
                      {r.after}
                    </td>
                    <td data-label="Act">
                      <Link to={withParams('/caseloads/clients', new URLSearchParams(), { staff: r.staffId, asOf: r.on }) + '#why'}>
                        Why?
                      </Link>
                      {r.alarm && r.teamId ? (
                        <>
                          {' · '}
                          <Link to={withParams('/rebalance', new URLSearchParams(), { team: r.teamId, asOf: r.on })}>Plan cover</Link>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
