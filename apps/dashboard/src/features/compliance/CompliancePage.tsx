/**
 * Compliance (Standard 9): contact and reassessment rates by team and agency (every
 * role; the board with small cells withheld), by case manager (supervisors, managers,
 * directors; a case manager their own row), and load against contact rate as a scatter
 * with the fitted line and r — the evidence that as caseload grows, time for
 * monitoring shrinks. People are never shown to the board.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo } from 'react';
import type { Me } from '../../lib/session.ts';
import { CsvButton } from '../../components/CsvButton.tsx';
import { AsOfFilterBar } from '../../components/Filters.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../components/states.tsx';
import { formatDate, formatPercent } from '../../lib/format.ts';
import { Link, navigate, useLocation, useSearchParams } from '../../lib/router.tsx';
import { parseFilters, withParams } from '../../lib/url.ts';
import { trpc } from '../../trpc.ts';
import { TeamComplianceSection } from '../../components/TeamComplianceSection.tsx';
import '../../components/workspace.css';
import { LoadContactScatter, ScatterLegend } from './LoadContactScatter.tsx';
import { mapScatter, mapStaffCompliance, type StaffComplianceRow, staffComplianceCsv } from './mapCompliance.ts';

export function CompliancePage({ me }: { me: Me }) {
  const { pathname } = useLocation();
  const [search, setParams] = useSearchParams();
  const { filters, problems } = parseFilters(search);
  const board = me.role === 'board';
  const self = me.role === 'case_manager';
  const people = !board;

  const defaultTeam = me.role === 'supervisor' && me.teamIds.length === 1 ? me.teamIds[0] : undefined;
  useEffect(() => {
    if (!filters.teamId && defaultTeam && !search.has('team')) {
      navigate(withParams(pathname, search, { team: defaultTeam }), { replace: true });
    }
  }, [filters.teamId, defaultTeam, pathname, search]);

  const input = { asOf: filters.asOf, teamId: self ? undefined : filters.teamId, programId: filters.programId };
  const directory = useQuery(trpc.meta.directory.queryOptions());
  const compliance = useQuery({ ...trpc.compliance.report.queryOptions(input), placeholderData: keepPreviousData });
  const caseload = useQuery({
    ...trpc.caseload.report.queryOptions(input),
    enabled: people,
    placeholderData: keepPreviousData,
  });

  const teamNames = useMemo(() => new Map((directory.data?.teams ?? []).map((t) => [t.teamId, t.name])), [directory.data]);
  const staffNames = useMemo(() => new Map((directory.data?.staff ?? []).map((s) => [s.staffId, s.name])), [directory.data]);
  const rows = useMemo(
    () =>
      people && compliance.data && caseload.data
        ? mapStaffCompliance(
            self ? compliance.data.staff.filter((s) => s.staffId === me.staffId) : compliance.data.staff,
            caseload.data.staff,
            { staffLabel: (id) => staffNames.get(id) ?? id, teamNames },
          )
        : null,
    [people, self, me.staffId, compliance.data, caseload.data, staffNames, teamNames],
  );
  const scatter = useMemo(
    () => (rows && compliance.data && !self ? mapScatter(rows, compliance.data.loadComplianceFit) : null),
    [rows, compliance.data, self],
  );

  const teamOptions = (directory.data?.teams ?? [])
    .filter((t) => me.role !== 'supervisor' || me.teamIds.includes(t.teamId))
    .map((t) => ({ value: t.teamId, label: t.name }));
  const programs = directory.data?.programs ?? [];

  return (
    <>
      <PageHeader title="Compliance">
        <p>
          Contact and reassessment timeliness (NASW Standard 9)
          {compliance.data ? (
            <>
              {' '}
              as of <strong>{formatDate(compliance.data.asOf)}</strong> · settings version {compliance.data.settingsVersion}
            </>
          ) : null}
        </p>
      </PageHeader>

      <AsOfFilterBar
        asOf={filters.asOf}
        reportAsOf={compliance.data?.asOf}
        self={self}
        role={me.role}
        myTeamCount={me.teamIds.length}
        teamId={filters.teamId}
        programId={filters.programId}
        teamOptions={teamOptions}
        programs={programs}
        updating={compliance.isFetching && compliance.isPlaceholderData}
        onChange={setParams}
      />
      {problems.map((p) => (
        <Notice key={p}>{p}</Notice>
      ))}

      {!self ? <TeamComplianceSection input={input} teamNames={teamNames} /> : null}

      {people ? (
        compliance.isPending || caseload.isPending ? (
          <Loading label="Loading compliance by case manager…" rows={6} />
        ) : compliance.isError || caseload.isError ? (
          <ErrorState
            title="Compliance by case manager could not be loaded"
            error={compliance.error ?? caseload.error}
            onRetry={() => {
              void compliance.refetch();
              void caseload.refetch();
            }}
          />
        ) : rows && compliance.data ? (
          <>
            {scatter ? <ScatterSection scatter={scatter} /> : null}
            <StaffTable
              rows={rows}
              self={self}
              meta={{
                asOf: compliance.data.asOf,
                settingsVersion: compliance.data.settingsVersion,
                filters: self ? { staff: me.staffId } : { team: filters.teamId, program: filters.programId },
              }}
              search={search}
            />
          </>
        ) : null
      ) : (
        <p className="muted small">
          Figures by person are shown to supervisors, managers and directors; board members see team and agency rates.
        </p>
      )}
    </>
  );
}

function ScatterSection({ scatter }: { scatter: NonNullable<ReturnType<typeof mapScatter>> }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Does load crowd out contact?</h2>
        <p id={id} className="card-description">
          Each dot is a case manager with at least one client whose contact is due: load (weighted ÷ capacity hours) across, share of those
          clients whose contact standard is met up. The red line is the least-squares fit; r near −1 means heavier caseloads go with fewer
          timely contacts. Not a ranking: the people behind the dots are in the table below, in name order.
        </p>
      </div>
      <p className="fit-summary">
        <strong>{scatter.fitText}</strong>
      </p>
      {scatter.points.length === 0 ? (
        <EmptyState title="No one in this view has a contact due" />
      ) : (
        <figure className="chart">
          <ScatterLegend fitted={scatter.line !== null} />
          <LoadContactScatter scatter={scatter} describedBy={id} />
          <figcaption className="visually-hidden">The same figures are in the table below.</figcaption>
        </figure>
      )}
    </section>
  );
}

function StaffTable({
  rows,
  self,
  meta,
  search,
}: {
  rows: StaffComplianceRow[];
  self: boolean;
  meta: Parameters<typeof staffComplianceCsv>[1];
  search: URLSearchParams;
}) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <div className="table-toolbar">
        <h2 id={id}>{self ? 'My contact and reassessment' : 'By case manager'}</h2>
        {rows.length > 0 ? (
          <CsvButton build={() => staffComplianceCsv(rows, meta)} of="compliance by case manager" describedBy={id} />
        ) : null}
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No caseload staff in this view" />
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table className="data-table" aria-labelledby={id}>
            <thead>
              <tr>
                <th scope="col">Case manager</th>
                {self ? null : <th scope="col">Team</th>}
                <th scope="col" className="num">
                  Load
                </th>
                <th scope="col" className="num">
                  Contact standard met = met ÷ due
                </th>
                <th scope="col" className="num">
                  Reassessments on time = 1 − overdue ÷ due
                </th>
                <th scope="col" className="num">
                  Due within 30 days
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.staffId}>
                  <th scope="row">
                    <Link to={withParams('/caseloads/clients', new URLSearchParams(), { staff: r.staffId, asOf: search.get('asOf') })}>
                      {r.label}
                    </Link>
                  </th>
                  {self ? null : <td className="nowrap">{r.teamName}</td>}
                  <td className="num">{formatPercent(r.loadRatio)}</td>
                  <td className="num">{r.contactText}</td>
                  <td className="num">{r.reassessText}</td>
                  <td className="num">{r.reassessDueSoon}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
