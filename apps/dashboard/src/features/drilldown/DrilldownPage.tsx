import { isId } from '@caseload/values';
/**
 * One case manager's clients on a date (reached from a row of Caseloads): client id,
 * tier, last contact, last face-to-face and next reassessment due, so a supervisor can
 * see what sits behind a load ratio. A case manager sees only their own clients.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import type { Me } from '../../lib/session.ts';
import { CsvButton } from '../../components/CsvButton.tsx';
import { AsOfPicker } from '../../components/Filters.tsx';
import { PageHeader, Updating } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../components/states.tsx';
import { Tile } from '../../components/Tile.tsx';
import { formatCount, formatDate, rateText } from '../../lib/format.ts';
import { tierKeys, tierLabels } from '../../lib/report.ts';
import { Link, useSearchParams } from '../../lib/router.tsx';
import { parseFilters, withParams } from '../../lib/url.ts';
import { trpc } from '../../trpc.ts';
import { ClientTable } from '../../components/ClientTable.tsx';
import { byReassessmentDue, mapClientRows, staffClientsCsv } from '../../lib/mapWorklist.ts';
import '../../components/workspace.css';
import { summarizeClients } from './summarizeClients.ts';
import { CapacityTimelineSection } from '../../components/CapacityTimelineSection.tsx';
import { ExplanationPanel } from '../../components/ExplanationPanel.tsx';

export function DrilldownPage({ me }: { me: Me }) {
  const [search, setParams] = useSearchParams();
  const { filters, problems } = parseFilters(search);
  const titleId = useId();
  const asked = search.get('staff');
  const staffId = me.role === 'case_manager' ? (me.staffId ?? null) : asked !== null && isId(asked) ? asked : null;

  const directory = useQuery(trpc.meta.directory.queryOptions());
  const list = useQuery({
    ...trpc.caseload.staffClients.queryOptions({ staffId: staffId ?? '', asOf: filters.asOf }),
    enabled: staffId !== null,
    placeholderData: keepPreviousData,
  });
  const teamNames = useMemo(() => new Map((directory.data?.teams ?? []).map((t) => [t.teamId, t.name])), [directory.data]);
  const programNames = useMemo(() => new Map((directory.data?.programs ?? []).map((p) => [p.programId, p.name])), [directory.data]);
  const staffNames = useMemo(() => new Map((directory.data?.staff ?? []).map((s) => [s.staffId, s.name])), [directory.data]);
  const name = staffId === null ? null : (staffNames.get(staffId) ?? staffId);
  const rows = useMemo(
    () =>
      list.data
        ? byReassessmentDue(
            mapClientRows(list.data.clients, list.data.asOf, {
              staffLabel: (id) => staffNames.get(id) ?? id,
              teamNames,
              programNames,
            }),
          )
        : null,
    [list.data, staffNames, teamNames, programNames],
  );
  const summary = list.data ? summarizeClients(list.data.clients) : null;
  const back = withParams('/caseloads', new URLSearchParams(), {
    team: list.data?.teamId ?? null,
    asOf: filters.asOf ?? null,
    program: filters.programId ?? null,
  });

  return (
    <>
      <PageHeader title={me.role === 'case_manager' ? 'My clients' : `Clients of ${name ?? 'a case manager'}`}>
        <p>
          <Link to={back}>← Back to caseloads</Link>
          {list.data ? (
            <>
              {' '}
              · {list.data.teamId ? (teamNames.get(list.data.teamId) ?? list.data.teamId) : 'no team'} · as of{' '}
              <strong>{formatDate(list.data.asOf)}</strong> · settings version {list.data.settingsVersion}
            </>
          ) : null}
        </p>
      </PageHeader>

      <div className="filters no-print" role="group" aria-label="Filters">
        <AsOfPicker
          value={filters.asOf ?? list.data?.asOf ?? ''}
          fromUrl={filters.asOf !== undefined}
          onChange={(asOf) => setParams({ asOf })}
        />
        <Updating active={list.isFetching && list.isPlaceholderData} />
      </div>
      {problems.map((p) => (
        <Notice key={p}>{p}</Notice>
      ))}

      {staffId === null ? (
        <EmptyState title="No case manager chosen">
          <p>
            Open a case manager from <Link to="/caseloads">Caseloads</Link> to see their clients.
          </p>
        </EmptyState>
      ) : list.isPending ? (
        <Loading label="Loading the clients…" rows={6} />
      ) : list.isError ? (
        <ErrorState title="The clients could not be loaded" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data && rows && summary ? (
        <>
          <div className="tiles">
            <Tile
              label="Clients"
              value={formatCount(summary.clients)}
              detail={tierKeys.map((k) => `${tierLabels[k]}: ${formatCount(summary.tierCounts[k])}`).join(' · ')}
            />
            <Tile
              label="Reassessments overdue"
              value={formatCount(summary.reassessOverdue)}
              detail={`${formatCount(summary.reassessDueSoon)} more due within 30 days`}
              tone={summary.reassessOverdue > 0 ? 'over' : 'plain'}
            />
            <Tile
              label="Contact standard met"
              value={rateText(summary.contactMet, summary.contactDue)}
              detail="clients with a contact requirement due"
              tone={summary.contactDue > summary.contactMet ? 'over' : 'plain'}
            />
          </div>
          <ExplanationPanel staffId={list.data.staffId} asOf={list.data.asOf} name={name ?? list.data.staffId} />
          <CapacityTimelineSection staffId={list.data.staffId} asOf={list.data.asOf} name={name ?? list.data.staffId} />
          <section className="card" aria-labelledby={titleId}>
            <div className="table-toolbar">
              <h2 id={titleId}>
                {formatCount(rows.length)} client{rows.length === 1 ? '' : 's'} of {name}
              </h2>
              {rows.length > 0 ? (
                <CsvButton
                  build={() =>
                    staffClientsCsv(rows, {
                      staffId: list.data.staffId,
                      asOf: list.data.asOf,
                      settingsVersion: list.data.settingsVersion,
                    })
                  }
                  of={`the clients of ${name ?? staffId}`}
                  describedBy={titleId}
                />
              ) : null}
            </div>
            <p className="card-description">
              Client ids only, the next reassessment due first. The next reassessment is due a set number of days after the latest
              assessment (by tier), or 30 days after enrolment for a client not yet assessed.
            </p>
            {rows.length === 0 ? (
              <EmptyState title={`No active clients as of ${formatDate(list.data.asOf)}`} />
            ) : (
              <ClientTable
                rows={rows}
                columns={['client', 'tier', 'program', 'lastContactOn', 'lastFaceToFaceOn', 'reassessDueOn', 'lastAssessedOn']}
                labelledBy={titleId}
                asOf={list.data.asOf}
              />
            )}
          </section>
        </>
      ) : null}
    </>
  );
}
