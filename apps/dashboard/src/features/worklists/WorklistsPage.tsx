/**
 * Worklists (Standard 9): the clients who need action — reassessment overdue or due
 * within 30 days, past their contact window, unassigned, uncovered — as tables with
 * CSV downloads. Client ids only. A case manager sees their own clients ("My due list").
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo } from 'react';
import type { Me } from '../../lib/session.ts';
import { CsvButton } from '../../components/CsvButton.tsx';
import { AsOfFilterBar } from '../../components/Filters.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../components/states.tsx';
import { formatCount, formatDate } from '../../lib/format.ts';
import { Link, navigate, useLocation, useSearchParams } from '../../lib/router.tsx';
import { parseFilters, withParams } from '../../lib/url.ts';
import { trpc } from '../../trpc.ts';
import { ClientTable, type ClientColumn } from '../../components/ClientTable.tsx';
import {
  mapClientRows,
  parseKind,
  type WorklistKind,
  worklistCsv,
  worklistDescriptions,
  worklistKinds,
  worklistLabels,
} from '../../lib/mapWorklist.ts';
import '../../components/workspace.css';

const columns: Record<WorklistKind, readonly ClientColumn[]> = {
  reassessOverdue: ['client', 'tier', 'staff', 'team', 'reassessDueOn', 'daysPastDue', 'lastAssessedOn'],
  reassessDueSoon: ['client', 'tier', 'staff', 'team', 'reassessDueOn', 'daysUntilDue', 'lastAssessedOn'],
  contactOverdue: ['client', 'tier', 'staff', 'team', 'lastContactOn', 'lastFaceToFaceOn'],
  unassigned: ['client', 'tier', 'program', 'staff', 'team', 'enrolledOn', 'reassessDueOn'],
  uncovered: ['client', 'tier', 'program', 'staff', 'team', 'enrolledOn', 'lastContactOn'],
};

export function WorklistsPage({ me }: { me: Me }) {
  const { pathname } = useLocation();
  const [search, setParams] = useSearchParams();
  const { filters, problems } = parseFilters(search);
  const self = me.role === 'case_manager';
  const kind = parseKind(search.get('list'));
  const titleId = useId();

  const defaultTeam = me.role === 'supervisor' && me.teamIds.length === 1 ? me.teamIds[0] : undefined;
  useEffect(() => {
    if (!filters.teamId && defaultTeam && !search.has('team')) {
      navigate(withParams(pathname, search, { team: defaultTeam }), { replace: true });
    }
  }, [filters.teamId, defaultTeam, pathname, search]);

  const directory = useQuery(trpc.meta.directory.queryOptions());
  const input = {
    kind,
    asOf: filters.asOf,
    teamId: self ? undefined : filters.teamId,
    programId: self ? undefined : filters.programId,
  };
  const list = useQuery({ ...trpc.worklist.list.queryOptions(input), placeholderData: keepPreviousData });

  const teamNames = useMemo(() => new Map((directory.data?.teams ?? []).map((t) => [t.teamId, t.name])), [directory.data]);
  const programNames = useMemo(() => new Map((directory.data?.programs ?? []).map((p) => [p.programId, p.name])), [directory.data]);
  const staffNames = useMemo(() => new Map((directory.data?.staff ?? []).map((s) => [s.staffId, s.name])), [directory.data]);
  const rows = useMemo(
    () =>
      list.data
        ? mapClientRows(list.data.clients, list.data.asOf, {
            staffLabel: (id) => staffNames.get(id) ?? id,
            teamNames,
            programNames,
          })
        : null,
    [list.data, staffNames, teamNames, programNames],
  );

  const teamOptions = (directory.data?.teams ?? [])
    .filter((t) => me.role !== 'supervisor' || me.teamIds.includes(t.teamId))
    .map((t) => ({ value: t.teamId, label: t.name }));
  const programs = directory.data?.programs ?? [];
  const shown = list.data && list.data.kind === kind ? list.data : null;

  return (
    <>
      <PageHeader title={self ? 'My due list' : 'Worklists'}>
        <p>
          Clients who need action (NASW Standard 9)
          {shown ? (
            <>
              {' '}
              as of <strong>{formatDate(shown.asOf)}</strong> · settings version {shown.settingsVersion}
            </>
          ) : null}
        </p>
      </PageHeader>

      <AsOfFilterBar
        asOf={filters.asOf}
        reportAsOf={list.data?.asOf}
        self={self}
        role={me.role}
        myTeamCount={me.teamIds.length}
        teamId={filters.teamId}
        programId={filters.programId}
        teamOptions={teamOptions}
        programs={programs}
        updating={list.isFetching && list.isPlaceholderData}
        onChange={setParams}
      />
      {problems.map((p) => (
        <Notice key={p}>{p}</Notice>
      ))}

      <nav aria-label="Worklists">
        <ul className="tabs">
          {worklistKinds.map((k) => (
            <li key={k}>
              <Link
                className="tab"
                to={withParams(pathname, search, { list: k === 'reassessOverdue' ? null : k })}
                aria-current={k === kind ? 'page' : undefined}
              >
                {worklistLabels[k]}
                {k === kind && shown ? <span className="tab-count">{formatCount(shown.clients.length)}</span> : null}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <section className="card" aria-labelledby={titleId}>
        <div className="table-toolbar">
          <h2 id={titleId}>
            {worklistLabels[kind]}
            {shown ? ` · ${formatCount(shown.clients.length)} client${shown.clients.length === 1 ? '' : 's'}` : ''}
          </h2>
          {shown && rows && rows.length > 0 ? (
            <CsvButton
              build={() =>
                worklistCsv(kind, rows, {
                  asOf: shown.asOf,
                  settingsVersion: shown.settingsVersion,
                  filters: self ? { staff: me.staffId } : { team: filters.teamId, program: filters.programId },
                })
              }
              of={worklistLabels[kind].toLowerCase()}
              describedBy={titleId}
            />
          ) : null}
        </div>
        <p className="card-description">{worklistDescriptions[kind]}</p>
        {list.isPending ? (
          <Loading label="Loading the list…" rows={6} />
        ) : list.isError ? (
          <ErrorState title="The list could not be loaded" error={list.error} onRetry={() => void list.refetch()} />
        ) : shown && rows ? (
          rows.length === 0 ? (
            <EmptyState title={`No clients on this list as of ${formatDate(shown.asOf)}`}>
              <p>Nothing to act on here for these filters.</p>
            </EmptyState>
          ) : (
            <ClientTable rows={rows} columns={columns[kind]} labelledBy={titleId} asOf={shown.asOf} />
          )
        ) : (
          <Loading label="Loading the list…" rows={6} />
        )}
      </section>
    </>
  );
}
