/**
 * Agency overview (Standard 9): each team's acuity-weighted load against its
 * capacity, the agency's headline figures and the alarms a supervisor acts on
 * (unassigned and uncovered clients). Team- and agency-level only: no person is
 * named or ranked here, so the board sees the same page with small cells withheld.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import type { Me, PageProps } from '../../lib/session.ts';
import { BandBadge, BandLegend } from '../../components/BandLegend.tsx';
import { CsvButton } from '../../components/CsvButton.tsx';
import { AsOfPicker, SelectFilter } from '../../components/Filters.tsx';
import { PageHeader, Updating } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../components/states.tsx';
import { Tile } from '../../components/Tile.tsx';
import { type GroupCaseloadLike, type LoadBands, loadBand, type WithheldLists, withheldListText } from '../../lib/report.ts';
import { scopeGroup } from '../../lib/scopeGroup.ts';
import { complementaryNote, formatCount, formatDate, formatDecimal, formatPercent, hoursRatioText } from '../../lib/format.ts';
import { type ReportParameters, useReportParameters } from '../../lib/parameters.ts';
import { useSearchParams } from '../../lib/router.tsx';
import { parseFilters } from '../../lib/url.ts';
import { trpc } from '../../trpc.ts';
import { type AgencyLoadTiles, mapTeamLoad, type TeamLoad, type TeamLoadRow, teamLoadCsv } from './mapTeamLoad.ts';
import { TeamComplianceSection } from '../../components/TeamComplianceSection.tsx';
import { TeamLoadChart } from './TeamLoadChart.tsx';
import { Link } from '../../lib/router.tsx';
import { withParams } from '../../lib/url.ts';
import { type TeamCover, teamCover } from '../../lib/mapCapacity.ts';

export function OverviewPage({ me, mayOpen }: PageProps) {
  const [search, setParams] = useSearchParams();
  const { filters, problems } = parseFilters(search);
  const input = { asOf: filters.asOf, programId: filters.programId };
  const directory = useQuery(trpc.meta.directory.queryOptions());
  const report = useQuery({ ...trpc.caseload.report.queryOptions(input), placeholderData: keepPreviousData });
  const parameters = useReportParameters(report.data, me.role);

  const teamNames = useMemo(() => new Map((directory.data?.teams ?? []).map((t) => [t.teamId, t.name])), [directory.data]);
  const load = useMemo(
    () => (report.data ? mapTeamLoad(report.data, teamNames, parameters?.loadBands ?? null) : null),
    [report.data, teamNames, parameters],
  );
  const programs = directory.data?.programs ?? [];

  return (
    <>
      <PageHeader title="Agency overview">
        <p>
          Acuity-weighted caseload against capacity (NASW Standard 9)
          {load ? (
            <>
              {' '}
              as of <strong>{formatDate(load.asOf)}</strong> · settings version {load.settingsVersion}
            </>
          ) : null}
        </p>
      </PageHeader>

      <div className="filters no-print" role="group" aria-label="Filters">
        <AsOfPicker
          value={filters.asOf ?? report.data?.asOf ?? ''}
          fromUrl={filters.asOf !== undefined}
          onChange={(asOf) => setParams({ asOf })}
        />
        {programs.length > 1 || filters.programId ? (
          <SelectFilter
            label="Program"
            value={filters.programId}
            allLabel={me.role === 'program_manager' ? 'All my programs' : 'All programs'}
            options={programs.map((p) => ({ value: p.programId, label: p.name }))}
            onChange={(program) => setParams({ program })}
          />
        ) : null}
        <Updating active={report.isFetching && report.isPlaceholderData} />
      </div>
      {problems.map((p) => (
        <Notice key={p}>{p}</Notice>
      ))}

      {report.isPending ? (
        <Loading label="Loading the caseload report…" rows={5} />
      ) : report.isError ? (
        <ErrorState title="The caseload report could not be loaded" error={report.error} onRetry={() => void report.refetch()} />
      ) : load ? (
        <OverviewBody
          load={load}
          me={me}
          rebalance={mayOpen('/rebalance')}
          bandsKnown={parameters !== null}
          parameters={parameters}
          programId={filters.programId}
          cover={teamCover(report.data?.staff ?? [])}
          mine={me.role === 'supervisor' && report.data ? scopeGroup(report.data.teams, report.data.staff, me.teamIds) : null}
        />
      ) : null}
      {report.isSuccess ? <TeamComplianceSection input={input} teamNames={teamNames} /> : null}
    </>
  );
}

function OverviewBody({
  load,
  me,
  bandsKnown,
  parameters,
  programId,
  cover,
  mine,
  rebalance,
}: {
  load: TeamLoad;
  me: Me;
  /** whether the role may open the rebalance page, so a cover note can offer it */
  rebalance: boolean;
  bandsKnown: boolean;
  parameters: ReportParameters | null;
  programId: string | undefined;
  cover: Map<string, TeamCover>;
  /** a supervisor's own teams together, shown before the agency's figures */
  mine: GroupCaseloadLike | null;
}) {
  const descriptionId = useId();
  return (
    <>
      {mine ? (
        <MyTeamsTiles group={mine} bands={parameters?.loadBands ?? null} scope={me.teamIds.length === 1 ? 'Your team' : 'Your teams'} />
      ) : null}
      {load.agency ? (
        <AgencyTiles
          agency={load.agency}
          minCellSize={load.minCellSize}
          alarms={me.role !== 'board'}
          scope={mine ? 'Agency, for comparison' : 'Agency'}
        />
      ) : null}
      <TeamLoadSection
        load={load}
        parameters={parameters}
        bandsKnown={bandsKnown}
        descriptionId={descriptionId}
        programId={programId}
        cover={cover}
        rebalance={rebalance}
      />
    </>
  );
}

/** A supervisor's own teams taken together: whose numbers these are is on every tile. */
function MyTeamsTiles({ group, bands, scope }: { group: GroupCaseloadLike; bands: LoadBands | null; scope: string }) {
  const headingId = useId();
  const band = bands ? loadBand(group.loadRatio, bands) : null;
  const workload = group.workloadHours !== undefined ? group.workloadHours : group.weightedHours;
  return (
    <section aria-labelledby={headingId} className="tiles-section" data-testid="my-teams-tiles">
      <h2 id={headingId} className="visually-hidden">
        {scope} at a glance
      </h2>
      <div className="tiles">
        <Tile
          scope={scope}
          label="Load"
          value={formatPercent(group.loadRatio)}
          detail={workload !== null && group.capacityHours !== null ? hoursRatioText(workload, group.capacityHours) : undefined}
          badge={band ? <BandBadge band={band} /> : null}
          tone={band ?? 'plain'}
        />
        <Tile
          scope={scope}
          label="Caseload staff above 100%"
          value={group.overCount === null ? '—' : formatCount(group.overCount)}
          detail={group.members === null ? undefined : `of ${formatCount(group.members)} caseload staff`}
          tone={group.overCount !== null && group.overCount > 0 ? 'over' : 'plain'}
        />
      </div>
    </section>
  );
}

function AgencyTiles({
  agency,
  minCellSize,
  alarms,
  scope,
}: {
  agency: AgencyLoadTiles;
  minCellSize: number;
  alarms: boolean;
  scope: string;
}) {
  const headingId = useId();
  const withheld = (field: string) => agency.withheld.includes(field);
  const count = (value: number | null, field: string) =>
    value === null ? (withheld(field) ? withheldListText(agency, field, minCellSize) : '—') : formatCount(value);
  return (
    <section aria-labelledby={headingId} className="tiles-section">
      <h2 id={headingId} className="visually-hidden">
        {scope} at a glance
      </h2>
      <div className="tiles">
        <Tile
          scope={scope}
          label="Load"
          value={withheld('loadRatio') ? withheldListText(agency, 'loadRatio', minCellSize) : formatPercent(agency.loadRatio)}
          detail={agency.hoursText ?? agency.ratioText}
          badge={agency.band ? <BandBadge band={agency.band} /> : null}
          title={`Agency load: ${agency.ratioText} (weighted hours ÷ capacity hours)`}
          tone={agency.band ?? 'plain'}
        />
        <Tile
          scope={scope}
          label="Caseload staff above 100%"
          value={count(agency.overCount, 'overCount')}
          detail={agency.members === null ? undefined : `of ${formatCount(agency.members)} caseload staff`}
          title={agency.overText}
          tone={agency.overCount !== null && agency.overCount > 0 ? 'over' : 'plain'}
        />
        <Tile
          scope={scope}
          label="Unassigned clients"
          value={count(agency.unassigned, 'unassigned')}
          detail="active clients with no case manager"
          tone={alarms && agency.unassigned !== null && agency.unassigned > 0 ? 'alarm' : 'plain'}
        />
        <Tile
          scope={scope}
          label="Uncovered clients"
          value={count(agency.uncovered, 'uncovered')}
          detail="held by staff who are inactive or have no caseload FTE"
          tone={alarms && agency.uncovered !== null && agency.uncovered > 0 ? 'alarm' : 'plain'}
        />
      </div>
      {agency.complementary.length > 0 ? <p className="muted small">{complementaryNote}</p> : null}
    </section>
  );
}

function TeamLoadSection({
  load,
  parameters,
  bandsKnown,
  descriptionId,
  programId,
  cover,
  rebalance,
}: {
  load: TeamLoad;
  parameters: ReportParameters | null;
  bandsKnown: boolean;
  descriptionId: string;
  programId: string | undefined;
  cover: Map<string, TeamCover>;
  rebalance: boolean;
}) {
  return (
    <section className="card" aria-labelledby={`${descriptionId}-title`}>
      <div className="card-header">
        <h2 id={`${descriptionId}-title`}>Load by team</h2>
        <p id={descriptionId} className="card-description">
          Each team's workload — acuity-weighted hours (clients × expected monthly hours for their tier) plus other work such as intake duty
          — as a share of its capacity hours
          {parameters ? ` (caseload FTE × ${formatCount(parameters.caseHoursPerFte)} hours a month, less reductions such as leave)` : ''}.
          Members on leave still count in their team, with no capacity. Teams are in name order.
        </p>
      </div>
      {load.rows.length === 0 ? (
        <EmptyState title={`No teams have caseload staff as of ${formatDate(load.asOf)}`}>
          <p>Teams appear here once staff with a caseload FTE are imported and assigned to them.</p>
        </EmptyState>
      ) : (
        <>
          {parameters ? <BandLegend bands={parameters.loadBands} /> : null}
          <p className="chart-key muted small" data-testid="capacity-key">
            <span className="chart-key-dash" aria-hidden="true" /> dashed line: capacity (100%)
          </p>
          <figure className="chart">
            <TeamLoadChart load={load} describedBy={descriptionId} />
            <figcaption className="visually-hidden">Bar chart of load by team; the same figures are in the table below.</figcaption>
          </figure>
          {!bandsKnown ? <p className="muted small">Bands are shown when the agency's load-band settings are available.</p> : null}
          <TeamLoadTable load={load} programId={programId} cover={cover} rebalance={rebalance} />
        </>
      )}
    </section>
  );
}

/** Members counted in the team with no capacity (leave): their clients need cover, the proposal one click away. */
function CoverNote({ cover, teamId, asOf, rebalance }: { cover: TeamCover | undefined; teamId: string; asOf: string; rebalance: boolean }) {
  if (!cover) return null;
  return (
    <span className="ratio-detail cover-note" data-testid={`cover-${teamId}`}>
      incl. {formatCount(cover.members)} with no capacity (e.g. on leave): {formatCount(cover.clients)} clients need cover
      {rebalance ? (
        <>
          {' · '}
          <Link to={withParams('/rebalance', new URLSearchParams(), { team: teamId, asOf })}>propose cover</Link>
        </>
      ) : null}
    </span>
  );
}

/** A withheld cell: "fewer than 11", or the complementary label (explained under the table). */
function Withheld({ minCellSize, row, field }: { minCellSize: number; row: WithheldLists; field: string }) {
  return <span className="withheld">{withheldListText(row, field, minCellSize)}</span>;
}

function cell(row: TeamLoadRow, field: keyof TeamLoadRow, minCellSize: number, format: (v: number) => string) {
  if (row.withheld.includes(field)) return <Withheld minCellSize={minCellSize} row={row} field={field} />;
  const value = row[field];
  return typeof value === 'number' ? format(value) : '—';
}

function TeamLoadTable({
  load,
  programId,
  cover,
  rebalance,
}: {
  load: TeamLoad;
  programId: string | undefined;
  cover: Map<string, TeamCover>;
  rebalance: boolean;
}) {
  const captionId = useId();
  const m = load.minCellSize;
  const { agency } = load;
  const agencyCount = (value: number | null, field: string) =>
    value === null ? (agency?.withheld.includes(field) ? withheldListText(agency, field, m) : '—') : formatCount(value);
  return (
    <div className="table-block">
      <div className="table-toolbar">
        <h3 id={captionId}>Table: load by team as of {formatDate(load.asOf)}</h3>
        <CsvButton build={() => teamLoadCsv(load, { program: programId })} of="load by team" describedBy={captionId} />
      </div>
      <div className="table-scroll" tabIndex={0}>
        <table className="data-table team-load-table" aria-labelledby={captionId}>
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col" className="num">
                Caseload staff
              </th>
              <th scope="col" className="num">
                Clients
              </th>
              <th scope="col" className="num">
                Load = workload ÷ capacity hours
              </th>
              <th scope="col">Band</th>
              <th scope="col" className="num">
                Staff above 100%
              </th>
              <th scope="col" className="num">
                Highest / lowest
              </th>
              <th scope="col" className="num">
                <abbr title="Coefficient of variation of members' load ratios: 0 is perfectly even">Balance (cv)</abbr>
              </th>
            </tr>
          </thead>
          <tbody>
            {load.rows.map((row) => (
              <tr key={row.teamId} data-team-id={row.teamId}>
                <th scope="row">{row.teamName}</th>
                <td className="num">
                  {cell(row, 'members', m, formatCount)}
                  <CoverNote cover={cover.get(row.teamId)} teamId={row.teamId} asOf={load.asOf} rebalance={rebalance} />
                </td>
                <td className="num">{cell(row, 'clients', m, formatCount)}</td>
                <td className="num" title={row.ratioText}>
                  {row.withheld.includes('loadRatio') ? (
                    <Withheld minCellSize={m} row={row} field="loadRatio" />
                  ) : (
                    <>
                      <strong>{formatPercent(row.loadRatio)}</strong>
                      {row.hoursText ? <span className="ratio-detail">{row.hoursText}</span> : null}
                    </>
                  )}
                </td>
                <td>
                  <BandBadge band={row.band} />
                </td>
                <td className="num">{cell(row, 'overCount', m, formatCount)}</td>
                <td className="num">
                  {cell(row, 'maxLoadRatio', m, (v) => formatPercent(v))} / {cell(row, 'minLoadRatio', m, (v) => formatPercent(v))}
                </td>
                <td className="num">{cell(row, 'cv', m, (v) => formatDecimal(v))}</td>
              </tr>
            ))}
          </tbody>
          {agency ? (
            <tfoot>
              <tr>
                <th scope="row">Agency</th>
                <td className="num">{agencyCount(agency.members, 'members')}</td>
                <td className="num">{agencyCount(agency.clients, 'clients')}</td>
                <td className="num" title={agency.ratioText}>
                  {agency.withheld.includes('loadRatio') ? (
                    <Withheld minCellSize={m} row={agency} field="loadRatio" />
                  ) : (
                    <strong>{formatPercent(agency.loadRatio)}</strong>
                  )}
                  {agency.hoursText ? <span className="ratio-detail">{agency.hoursText}</span> : null}
                </td>
                <td>
                  <BandBadge band={agency.band} />
                </td>
                <td className="num">{agencyCount(agency.overCount, 'overCount')}</td>
                <td className="num" colSpan={2} />
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      {load.rows.some((r) => r.complementary.length > 0) || (agency && agency.complementary.length > 0) ? (
        <p className="muted small">{complementaryNote}</p>
      ) : null}
    </div>
  );
}
