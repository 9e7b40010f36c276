/**
 * Caseloads (Standard 9) for supervisors, program managers and directors: per
 * case manager, acuity-weighted hours by tier against capacity, the band, and
 * sustained overload (days above 100% in the last 90). A case manager sees only
 * their own row; the board never reaches this page and the API sends it no rows.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo } from 'react';
import type { Me } from '../../lib/session.ts';
import { BandBadge, BandLegend } from '../../components/BandLegend.tsx';
import { CsvButton } from '../../components/CsvButton.tsx';
import { AsOfFilterBar } from '../../components/Filters.tsx';
import type { ExportFilters } from '../../lib/csv.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../components/states.tsx';
import { Tile } from '../../components/Tile.tsx';
import { scopeGroup } from '../../lib/scopeGroup.ts';
import { formatCount, formatDate, formatDecimal, formatHours, formatPercent, hoursRatioText, loadRatioText } from '../../lib/format.ts';
import { type ReportParameters, useReportParameters } from '../../lib/parameters.ts';
import { loadBand, type GroupCaseloadLike, type TeamCaseloadLike, tierKeys, tierLabels } from '../../lib/report.ts';
import { Link, navigate, useLocation, useSearchParams } from '../../lib/router.tsx';
import { parseFilters, withParams } from '../../lib/url.ts';
import { trpc } from '../../trpc.ts';
import { mapStaffLoad, sortStaffRows, type StaffLoad, type StaffSortKey, staffLoadCsv } from './mapStaffLoad.ts';
import { capacityShortfall } from './shortfall.ts';
import { TierLegend } from '../../components/TierLegend.tsx';
import { StaffLoadChart } from './StaffLoadChart.tsx';

const sortKeys: readonly StaffSortKey[] = ['staff', 'team', 'clients', 'weightedHours', 'capacityHours', 'loadRatio', 'daysOverCapacity90'];

function parseSort(value: string | null): { key: StaffSortKey; direction: 'asc' | 'desc' } {
  const [key, direction] = (value ?? '').split('-');
  const known = sortKeys.find((k) => k === key);
  return known ? { key: known, direction: direction === 'desc' ? 'desc' : 'asc' } : { key: 'staff', direction: 'asc' };
}

export function CaseloadsPage({ me }: { me: Me }) {
  const { pathname } = useLocation();
  const [search, setParams] = useSearchParams();
  const { filters, problems } = parseFilters(search);
  const self = me.role === 'case_manager';

  // A supervisor of one team opens on that team, written into the address so the view can be shared.
  const defaultTeam = me.role === 'supervisor' && me.teamIds.length === 1 ? me.teamIds[0] : undefined;
  useEffect(() => {
    if (!filters.teamId && defaultTeam && !search.has('team')) {
      navigate(withParams(pathname, search, { team: defaultTeam }), { replace: true });
    }
  }, [filters.teamId, defaultTeam, pathname, search]);

  const input = { asOf: filters.asOf, teamId: self ? undefined : filters.teamId, programId: filters.programId };
  const directory = useQuery(trpc.meta.directory.queryOptions());
  const report = useQuery({ ...trpc.caseload.report.queryOptions(input), placeholderData: keepPreviousData });
  const parameters = useReportParameters(report.data, me.role);

  const teamNames = useMemo(() => new Map((directory.data?.teams ?? []).map((t) => [t.teamId, t.name])), [directory.data]);
  const staffNames = useMemo(() => new Map((directory.data?.staff ?? []).map((s) => [s.staffId, s.name])), [directory.data]);
  const staffLabel = useMemo(() => (id: string) => staffNames.get(id) ?? id, [staffNames]);

  const load = useMemo(() => {
    if (!report.data) return null;
    // The server sends a case manager only their own row; the page shows only that row whatever it is sent.
    const staff = self ? report.data.staff.filter((s) => s.staffId === me.staffId) : report.data.staff;
    return mapStaffLoad({ ...report.data, staff }, { teamNames, tierHours: parameters?.tierHours ?? null, staffLabel });
  }, [report.data, self, me.staffId, teamNames, parameters, staffLabel]);

  const teamOptions = (directory.data?.teams ?? [])
    .filter((t) => me.role !== 'supervisor' || me.teamIds.includes(t.teamId))
    .map((t) => ({ value: t.teamId, label: t.name }));
  const programs = directory.data?.programs ?? [];
  const selectedTeam = filters.teamId ? report.data?.teams.find((t) => t.teamId === filters.teamId) : undefined;

  return (
    <>
      <PageHeader title={self ? 'My caseload' : 'Caseloads'}>
        <p>
          Acuity-weighted hours against capacity (NASW Standard 9)
          {load ? (
            <>
              {' '}
              as of <strong>{formatDate(load.asOf)}</strong> · settings version {load.settingsVersion}
            </>
          ) : null}
        </p>
      </PageHeader>

      <AsOfFilterBar
        asOf={filters.asOf}
        reportAsOf={report.data?.asOf}
        self={self}
        role={me.role}
        myTeamCount={me.teamIds.length}
        teamId={filters.teamId}
        programId={filters.programId}
        teamOptions={teamOptions}
        programs={programs}
        updating={report.isFetching && report.isPlaceholderData}
        onChange={setParams}
      />
      {problems.map((p) => (
        <Notice key={p}>{p}</Notice>
      ))}

      {report.isPending ? (
        <Loading label="Loading caseloads…" rows={6} />
      ) : report.isError ? (
        <ErrorState title="Caseloads could not be loaded" error={report.error} onRetry={() => void report.refetch()} />
      ) : load && report.data ? (
        <>
          <CaseloadTiles
            load={load}
            self={self}
            group={
              selectedTeam ??
              (self ? null : me.role === 'supervisor' ? scopeGroup(report.data.teams, report.data.staff, me.teamIds) : report.data.agency)
            }
            scope={
              selectedTeam
                ? (teamNames.get(selectedTeam.teamId) ?? selectedTeam.teamId)
                : me.role === 'supervisor'
                  ? me.teamIds.length === 1
                    ? 'Your team'
                    : 'Your teams'
                  : 'Agency'
            }
            comparison={selectedTeam || me.role === 'supervisor' ? report.data.agency : null}
            parameters={parameters}
            agency={report.data.agency}
          />
          <StaffSection
            load={load}
            parameters={parameters}
            self={self}
            staffLabel={staffLabel}
            exportFilters={self ? { staff: me.staffId } : { team: filters.teamId, program: filters.programId }}
            sortParam={search.get('sort')}
            onSort={(sort) => navigate(withParams(pathname, search, { sort }), { replace: true })}
          />
        </>
      ) : null}
    </>
  );
}

function CaseloadTiles({
  load,
  self,
  group,
  scope,
  agency,
  comparison,
  parameters,
}: {
  load: StaffLoad;
  self: boolean;
  parameters: ReportParameters | null;
  group: (GroupCaseloadLike & Partial<Pick<TeamCaseloadLike, 'teamId'>>) | null;
  /** whose figures the group's tiles are: a team's name, "Your teams", "Agency" */
  scope: string;
  agency: GroupCaseloadLike | null;
  /** the agency, shown beside a team or a supervisor's teams for comparison */
  comparison: GroupCaseloadLike | null;
}) {
  if (self) {
    const row = load.rows[0];
    if (!row) return null;
    return (
      <div className="tiles">
        <Tile
          label="My load"
          value={formatPercent(row.loadRatio)}
          detail={hoursRatioText(row.workloadHours, row.capacityHours)}
          badge={row.band ? <BandBadge band={row.band} /> : null}
          title={row.partsText}
          tone={row.band ?? 'plain'}
        />
        <Tile label="My clients" value={formatCount(row.clients)} detail="active clients on my caseload" />
        <Tile
          label="Days above 100%"
          value={formatCount(row.daysOverCapacity90)}
          detail="of the last 90 days"
          tone={row.daysOverCapacity90 > 0 ? 'over' : 'plain'}
        />
      </div>
    );
  }
  if (!group) return null;
  const workload = group.workloadHours !== undefined ? group.workloadHours : group.weightedHours;
  const hours =
    workload !== null && group.capacityHours !== null ? loadRatioText(workload, group.capacityHours) : formatPercent(group.loadRatio);
  const band = parameters ? loadBand(group.loadRatio, parameters.loadBands) : null;
  const shortfall = group.teamId !== undefined ? capacityShortfall(group, parameters?.caseHoursPerFte ?? null) : null;
  return (
    <>
      <div className="tiles">
        <Tile
          scope={scope}
          label="Load"
          value={formatPercent(group.loadRatio)}
          badge={band ? <BandBadge band={band} /> : null}
          tone={band ?? 'plain'}
          detail={
            group.weightedHours !== null && group.capacityHours !== null
              ? hoursRatioText(group.weightedHours, group.capacityHours)
              : undefined
          }
          title={hours}
        />
        <Tile
          scope={scope}
          label="Caseload staff above 100%"
          value={group.overCount === null ? '—' : formatCount(group.overCount)}
          detail={group.members === null ? undefined : `of ${formatCount(group.members)} caseload staff`}
          tone={group.overCount !== null && group.overCount > 0 ? 'over' : 'plain'}
        />
        <Tile
          scope={scope}
          label="Highest / lowest load"
          value={`${formatPercent(group.maxLoadRatio)} / ${formatPercent(group.minLoadRatio)}`}
          detail="among caseload staff"
        />
        <Tile
          scope={scope}
          label="Balance (cv)"
          value={formatDecimal(group.cv)}
          detail={
            comparison && agency && agency.cv !== null ? `0 is perfectly even · agency ${formatDecimal(agency.cv)}` : '0 is perfectly even'
          }
          title="Coefficient of variation of members' load ratios (standard deviation ÷ mean)"
        />
        {comparison ? (
          <Tile
            scope="Agency, for comparison"
            label="Load"
            value={formatPercent(comparison.loadRatio)}
            detail={
              comparison.overCount !== null && comparison.members !== null
                ? `${formatCount(comparison.overCount)} of ${formatCount(comparison.members)} caseload staff above 100%`
                : undefined
            }
          />
        ) : null}
      </div>
      {shortfall ? (
        <Notice>
          <strong>The team as a whole is over capacity</strong> by {formatHours(shortfall.hours)} a month
          {shortfall.fte !== null ? ` (about ${formatDecimal(shortfall.fte)} caseload FTE)` : ''}. Moving clients between teammates cannot
          bring everyone under 100%: this needs staffing.
        </Notice>
      ) : null}
    </>
  );
}

function StaffSection({
  load,
  parameters,
  self,
  staffLabel,
  exportFilters,
  sortParam,
  onSort,
}: {
  load: StaffLoad;
  parameters: ReportParameters | null;
  self: boolean;
  staffLabel: (id: string) => string;
  exportFilters: Pick<ExportFilters, 'team' | 'program' | 'staff'>;
  sortParam: string | null;
  onSort: (sort: string) => void;
}) {
  const descriptionId = useId();
  const captionId = useId();
  const sort = parseSort(sortParam);
  const rows = sortStaffRows(load.rows, sort.key, sort.direction, staffLabel);

  const header = (key: StaffSortKey, label: string, numeric = true) => {
    const active = sort.key === key;
    const next = active && sort.direction === 'asc' ? 'desc' : 'asc';
    return (
      <th
        scope="col"
        className={numeric ? 'num' : undefined}
        aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
      >
        <button type="button" className="sort-button" onClick={() => onSort(`${key}-${next}`)}>
          {label}
          <span className="sort-indicator" aria-hidden="true">
            {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  return (
    <section className="card" aria-labelledby={`${descriptionId}-title`}>
      <div className="card-header">
        <h2 id={`${descriptionId}-title`}>
          {self ? (load.stackBy === 'tier' ? 'My weighted hours by tier' : 'My weighted hours') : 'Load by case manager'}
        </h2>
        <p id={descriptionId} className="card-description">
          Weighted hours (clients × expected monthly hours for their tier) as a share of {self ? 'your' : "each person's"} capacity
          {parameters ? ` (caseload FTE × ${formatCount(parameters.caseHoursPerFte)} hours a month)` : ''}. The dashed line is capacity
          {self ? '' : '; people are in name order'}. Select a name in the table to see {self ? 'your' : 'that person’s'} clients.
        </p>
      </div>
      {load.rows.length === 0 ? (
        <EmptyState title={`No caseloads to show as of ${formatDate(load.asOf)}`}>
          <p>
            {self
              ? 'No active clients are assigned to you on this date.'
              : 'No one in this view holds clients or has a caseload FTE on this date. Try another team or date.'}
          </p>
        </EmptyState>
      ) : (
        <>
          {load.stackBy === 'tier' || parameters ? (
            <div className="legends">
              {load.stackBy === 'tier' ? <TierLegend /> : null}
              {parameters ? <BandLegend bands={parameters.loadBands} /> : null}
            </div>
          ) : null}
          {load.stackBy === 'total' ? (
            <p className="muted small">
              Each bar is the whole weighted load, coloured by band: the hours per tier used for this report are not available here. The
              table gives the number of clients in each tier.
            </p>
          ) : null}
          {load.bars.length > 0 ? (
            <figure className="chart">
              <StaffLoadChart load={load} bands={parameters?.loadBands ?? null} describedBy={descriptionId} />
              <figcaption className="visually-hidden">Bar chart of load by person; the same figures are in the table below.</figcaption>
            </figure>
          ) : null}
          {load.notCharted.length > 0 ? (
            <Notice>
              Not drawn, because they have no capacity on this date — their clients count as uncovered and need cover:{' '}
              {load.notCharted
                .map(
                  (r) =>
                    `${staffLabel(r.staffId)} (${r.needsCover ? 'fully reduced, e.g. on leave' : 'not employed or no caseload FTE'}; ${formatCount(r.clients)} clients, ${formatHours(r.weightedHours)})`,
                )
                .join('; ')}
              .
            </Notice>
          ) : null}

          <div className="table-block">
            <div className="table-toolbar">
              <h3 id={captionId}>
                Table: {self ? 'my caseload' : 'caseloads'} as of {formatDate(load.asOf)}
              </h3>
              <CsvButton build={() => staffLoadCsv(load, rows, exportFilters)} of="caseloads" describedBy={captionId} />
            </div>
            <div className="table-scroll" tabIndex={0}>
              <table className="data-table staff-load-table" aria-labelledby={captionId}>
                <thead>
                  <tr>
                    {header('staff', 'Case manager', false)}
                    {self ? null : header('team', 'Team', false)}
                    {header('clients', 'Clients')}
                    {tierKeys.map((k) => (
                      <th key={k} scope="col" className="num">
                        {tierLabels[k]}
                      </th>
                    ))}
                    {header('loadRatio', 'Load = workload ÷ capacity hours')}
                    <th scope="col">Band</th>
                    {header('daysOverCapacity90', 'Days above 100% (last 90)')}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.staffId} data-staff-id={r.staffId}>
                      <th scope="row">
                        <Link
                          to={withParams('/caseloads/clients', new URLSearchParams(), { staff: r.staffId, asOf: load.asOf })}
                          title={`Open the clients of ${staffLabel(r.staffId)}`}
                        >
                          {staffLabel(r.staffId)}
                        </Link>
                        {staffLabel(r.staffId) !== r.staffId ? <span className="ratio-detail">{r.staffId}</span> : null}
                      </th>
                      {self ? null : <td className="team-cell">{r.teamName}</td>}
                      <td className="num">{formatCount(r.clients)}</td>
                      {tierKeys.map((k) => (
                        <td key={k} className="num">
                          {formatCount(r.tierCounts[k])}
                        </td>
                      ))}
                      <td className="num" title={r.partsText}>
                        <strong>{formatPercent(r.loadRatio)}</strong>
                        <span className="ratio-detail">{hoursRatioText(r.workloadHours, r.capacityHours)}</span>
                        <Link
                          className="ratio-why"
                          to={withParams('/caseloads/clients', new URLSearchParams(), { staff: r.staffId, asOf: load.asOf }) + '#why'}
                          aria-label={`Why is the load of ${staffLabel(r.staffId)} ${formatPercent(r.loadRatio)}?`}
                        >
                          why?
                        </Link>
                      </td>
                      <td>
                        <BandBadge band={r.band} />
                      </td>
                      <td className="num">{formatCount(r.daysOverCapacity90)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
