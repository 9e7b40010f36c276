/**
 * Rebalance (Standard 9; Standard 2: transfers are authorized with the client): for
 * one team, the situation in words, why it is loaded (acuity mix, not just head
 * count), the load of each member now and after the proposed moves, the moves with
 * the reason for each, and the proposal as CSV for the system of record. Advice only:
 * this page changes no assignment.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo } from 'react';
import type { Me } from '../../lib/session.ts';
import { BandLegend } from '../../components/BandLegend.tsx';
import { CsvButton } from '../../components/CsvButton.tsx';
import { AsOfPicker, SelectFilter } from '../../components/Filters.tsx';
import { PageHeader, Updating } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../components/states.tsx';
import { Tile } from '../../components/Tile.tsx';
import { formatCount, formatDate, formatDecimal, formatHours, formatPercent } from '../../lib/format.ts';
import { type ReportParameters, useReportParameters } from '../../lib/parameters.ts';
import { tierLabels } from '../../lib/report.ts';
import { Link, navigate, useLocation, useSearchParams } from '../../lib/router.tsx';
import { parseFilters, withParams } from '../../lib/url.ts';
import { type RouterOutputs, trpc } from '../../trpc.ts';
import '../../components/workspace.css';
import { TierLegend } from '../../components/TierLegend.tsx';
import { AcuityMixChart } from './AcuityMixChart.tsx';
import { acuityMix, acuityMixCsv, mapRebalance, mostLoadedTeam, rebalanceCsv, type RebalanceView } from './mapRebalance.ts';
import { beforeColor, RebalanceChart } from './RebalanceChart.tsx';

export function RebalancePage({ me }: { me: Me }) {
  const { pathname } = useLocation();
  const [search, setParams] = useSearchParams();
  const { filters, problems } = parseFilters(search);
  const directory = useQuery(trpc.meta.directory.queryOptions());
  // The team loads (to open on the most loaded team) and each member's tier counts (acuity mix).
  const report = useQuery({
    ...trpc.caseload.report.queryOptions({ asOf: filters.asOf }),
    placeholderData: keepPreviousData,
  });
  const parameters = useReportParameters(report.data, me.role);

  const teamOptions = (directory.data?.teams ?? [])
    .filter((t) => me.role !== 'supervisor' || me.teamIds.includes(t.teamId))
    .map((t) => ({ value: t.teamId, label: t.name }));
  const offered = new Set(teamOptions.map((t) => t.value));
  const defaultTeam = report.data ? mostLoadedTeam(report.data.teams.filter((t) => offered.has(t.teamId))) : null;

  // The supervisor lands on the most loaded of their teams, written into the address.
  useEffect(() => {
    if (!filters.teamId && defaultTeam && !search.has('team')) {
      navigate(withParams(pathname, search, { team: defaultTeam }), { replace: true });
    }
  }, [filters.teamId, defaultTeam, pathname, search]);

  const teamId = filters.teamId;
  const proposal = useQuery({
    ...trpc.rebalance.propose.queryOptions({ teamId: teamId ?? '', asOf: filters.asOf }),
    enabled: teamId !== undefined,
    placeholderData: keepPreviousData,
  });

  const teamNames = useMemo(() => new Map((directory.data?.teams ?? []).map((t) => [t.teamId, t.name])), [directory.data]);
  const staffNames = useMemo(() => new Map((directory.data?.staff ?? []).map((s) => [s.staffId, s.name])), [directory.data]);
  const view = useMemo(
    () =>
      proposal.data
        ? mapRebalance(proposal.data, {
            teamName: teamNames.get(proposal.data.teamId) ?? proposal.data.teamId,
            staffLabel: (id) => staffNames.get(id) ?? id,
            caseHoursPerFte: parameters?.caseHoursPerFte ?? null,
          })
        : null,
    [proposal.data, teamNames, staffNames, parameters],
  );

  return (
    <>
      <PageHeader title="Rebalance">
        <p>
          Proposed client moves within a team so no one is over capacity (NASW Standard 9)
          {view ? (
            <>
              {' '}
              as of <strong>{formatDate(view.asOf)}</strong> · settings version {view.settingsVersion}
            </>
          ) : null}
        </p>
      </PageHeader>

      <div className="filters no-print" role="group" aria-label="Filters">
        <SelectFilter
          label="Team"
          value={teamId}
          allLabel={teamId === undefined ? 'Choose a team' : null}
          options={teamOptions}
          onChange={(team) => setParams({ team })}
        />
        <AsOfPicker
          value={filters.asOf ?? proposal.data?.asOf ?? report.data?.asOf ?? ''}
          fromUrl={filters.asOf !== undefined}
          onChange={(asOf) => setParams({ asOf })}
        />
        <Updating active={proposal.isFetching && proposal.isPlaceholderData} />
      </div>
      {problems.map((p) => (
        <Notice key={p}>{p}</Notice>
      ))}

      {teamId === undefined ? (
        report.isError ? (
          <ErrorState title="The teams could not be loaded" error={report.error} onRetry={() => void report.refetch()} />
        ) : report.isPending || directory.isPending ? (
          <Loading label="Finding the most loaded team…" rows={3} />
        ) : (
          <EmptyState title="Choose a team to see a proposal">
            <p>{teamOptions.length === 0 ? 'You have no teams assigned. Ask an administrator to add them.' : 'Pick a team above.'}</p>
          </EmptyState>
        )
      ) : proposal.isPending ? (
        <Loading label="Working out a proposal…" rows={6} />
      ) : proposal.isError ? (
        <ErrorState title="The proposal could not be made" error={proposal.error} onRetry={() => void proposal.refetch()} />
      ) : view ? (
        <Proposal view={view} parameters={parameters} report={report.data ?? null} search={search} />
      ) : null}
    </>
  );
}

type CaseloadData = RouterOutputs['caseload']['report'];

function Proposal({
  view,
  parameters,
  report,
  search,
}: {
  view: RebalanceView;
  parameters: ReportParameters | null;
  report: CaseloadData | null;
  search: URLSearchParams;
}) {
  const chartId = useId();
  const movesId = useId();
  const mixId = useId();
  const csv = () => rebalanceCsv(view);
  const caseloadsLink = withParams('/caseloads', new URLSearchParams(), {
    team: view.teamId,
    asOf: search.get('asOf'),
  });
  return (
    <>
      <section
        className={`situation ${view.staffingNeeded ? 'situation-staffing' : view.overBefore > 0 ? 'situation-over' : 'situation-ok'}`}
        aria-label="The team's situation"
      >
        <p className="situation-text">{view.headline}</p>
        <p className="situation-detail">
          Team load {view.teamLoadText} (weighted ÷ capacity hours). <Link to={caseloadsLink}>See the team’s caseloads</Link>
        </p>
      </section>

      <div className="tiles">
        <Tile
          label="Team load"
          value={formatPercent(view.teamLoadRatio)}
          detail={`${view.teamHoursText} (weighted ÷ capacity)`}
          tone={view.staffingNeeded ? 'critical' : 'plain'}
        />
        <Tile
          label="Members above 100%"
          value={`${formatCount(view.overBefore)} → ${formatCount(view.overAfter)}`}
          detail={`now → after the moves, of ${formatCount(view.members)} caseload staff`}
          tone={view.overAfter > 0 ? 'over' : 'good'}
        />
        <Tile label="Proposed moves" value={formatCount(view.moves.length)} detail="clients to transfer within the team" />
        <Tile
          label="Highest load after"
          value={formatPercent(view.maxAfter)}
          detail={view.staffingNeeded ? 'the team as a whole is over capacity' : 'where the team’s capacity allows, 100% or below'}
          tone={view.maxAfter !== null && view.maxAfter > 1 ? 'over' : 'good'}
        />
        {view.staffingNeeded ? (
          <Tile
            label="Capacity the team lacks"
            value={view.shortfallFte === null ? '—' : `${formatDecimal(view.shortfallFte)} FTE`}
            detail={`${formatHours(view.overCapacityHours)} a month more weighted hours than capacity${parameters ? ` (${formatCount(parameters.caseHoursPerFte)} h per FTE)` : ''}`}
            tone="critical"
          />
        ) : null}
      </div>

      <AcuitySection view={view} parameters={parameters} report={report} describedBy={mixId} />

      <section className="card" aria-labelledby={`${chartId}-title`}>
        <div className="card-header">
          <h2 id={`${chartId}-title`}>Load now and after the proposed moves</h2>
          <p id={chartId} className="card-description">
            Each person’s weighted hours as a share of their own capacity; the grey bar is now, the coloured bar after the moves (coloured
            by band). The dashed line is capacity.
          </p>
        </div>
        <div className="legends">
          <ul className="legend" aria-label="Bars">
            <li>
              <span className="legend-swatch" style={{ background: beforeColor }} aria-hidden="true" />
              Now
            </li>
            <li>After the proposed moves, coloured by band:</li>
          </ul>
          {parameters ? <BandLegend bands={parameters.loadBands} /> : null}
        </div>
        {view.bars.length === 0 ? (
          <EmptyState title="This team has no caseload staff on this date" />
        ) : (
          <figure className="chart">
            <RebalanceChart view={view} bands={parameters?.loadBands ?? null} describedBy={chartId} />
            <figcaption className="visually-hidden">The same figures are in the moves table below.</figcaption>
          </figure>
        )}
      </section>

      <section className="card" aria-labelledby={`${movesId}-title`}>
        <div className="table-toolbar">
          <h2 id={`${movesId}-title`}>Proposed moves</h2>
          {view.moves.length > 0 ? (
            <CsvButton
              build={csv}
              label="Download proposal (CSV)"
              of={`the proposal for ${view.teamName}`}
              describedBy={`${movesId}-title`}
            />
          ) : null}
        </div>
        <Notice>
          <strong>This is advice, not a change.</strong> Each transfer is discussed and authorized with the client (Standard 2) and then
          recorded in the system of record; nothing is reassigned here. Rules: same team, the new case manager speaks the client’s language
          and serves their region, protected tiers stay.
        </Notice>
        {view.moves.length === 0 ? (
          <EmptyState title="No moves proposed">
            <p>{view.overBefore === 0 ? 'No one on this team is over capacity.' : 'No teammate can take a client within the rules.'}</p>
          </EmptyState>
        ) : (
          <div className="table-scroll" tabIndex={0}>
            <table className="data-table" aria-labelledby={`${movesId}-title`}>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    #
                  </th>
                  <th scope="col">Client</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col">Tier</th>
                  <th scope="col" className="num">
                    Hours a month
                  </th>
                  <th scope="col" className="num">
                    Days with current case manager
                  </th>
                  <th scope="col">Why this move</th>
                </tr>
              </thead>
              <tbody>
                {view.moves.map((m, i) => (
                  <tr key={m.clientId} data-client-id={m.clientId}>
                    <td className="num">{i + 1}</td>
                    <th scope="row" className="nowrap">
                      {m.clientId}
                    </th>
                    <td className="nowrap">{m.fromLabel}</td>
                    <td className="nowrap">{m.toLabel}</td>
                    <td className="nowrap">{tierLabels[m.tier]}</td>
                    <td className="num">{formatHours(m.hours)}</td>
                    <td className="num">{formatCount(m.daysWithHolder)}</td>
                    <td className="reason">{m.reasonText}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {view.unplaced.length > 0 ? (
          <div data-testid="unplaced">
            <h3>Clients who need cover but no teammate may take ({formatCount(view.unplaced.length)})</h3>
            <p className="card-description">
              Their case manager has no capacity on this date (leave or a full reduction). Cover them from another team or by a staffing
              decision.
            </p>
            <ul className="span-list">
              {view.unplaced.map((u) => (
                <li key={u.clientId}>
                  <strong>{u.clientId}</strong> (from {u.fromLabel}): {u.reason}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
    </>
  );
}

function AcuitySection({
  view,
  parameters,
  report,
  describedBy,
}: {
  view: RebalanceView;
  parameters: ReportParameters | null;
  report: CaseloadData | null;
  describedBy: string;
}) {
  if (!parameters || !report) return null;
  const mix = acuityMix(report.staff, view.teamId, parameters.tierHours, report.agency, parameters.caseHoursPerFte);
  const hpc = (v: number | null) => (v === null ? '—' : `${formatDecimal(v)} h`);
  const perFte = (v: number | null) => (v === null ? '—' : formatDecimal(v));
  return (
    <section className="card" aria-labelledby={`${describedBy}-title`}>
      <div className="card-header">
        <h2 id={`${describedBy}-title`}>What loads the team: acuity mix, not just head count</h2>
        <p id={describedBy} className="card-description">
          Each client weighs the hours their tier needs a month (tier 1: {formatHours(parameters.tierHours['1'])} … tier 4:{' '}
          {formatHours(parameters.tierHours['4'])}). Compare how much of the team’s hours the higher tiers take with how many of its clients
          they are.
        </p>
      </div>
      <div className="tiles">
        <Tile
          label="Hours per client"
          value={hpc(mix.teamHoursPerClient)}
          detail={`team ${formatHours(mix.teamWeightedHours)} ÷ ${formatCount(mix.teamClients)} clients · agency ${hpc(mix.agencyHoursPerClient)}`}
          tone={mix.acuityIndex !== null && mix.acuityIndex > 1.05 ? 'over' : 'plain'}
        />
        <Tile
          label="Clients per full-time caseload"
          value={perFte(mix.teamClientsPerFte)}
          detail={`head count per ${formatCount(parameters.caseHoursPerFte)} capacity hours · agency ${perFte(mix.agencyClientsPerFte)}`}
          tone={mix.headCountIndex !== null && mix.headCountIndex > 1.05 ? 'over' : 'plain'}
        />
      </div>
      <p className="situation-text acuity-explanation">{mix.explanation}</p>
      {mix.teamClients > 0 ? (
        <figure className="chart">
          <TierLegend />
          <AcuityMixChart mix={mix} describedBy={describedBy} />
          <figcaption className="visually-hidden">The same figures are in the table below.</figcaption>
        </figure>
      ) : null}
      <div className="table-toolbar">
        <h3 id={`${describedBy}-table`}>Table: the team’s clients and weighted hours by tier</h3>
        <CsvButton
          build={() => acuityMixCsv(mix, { teamId: view.teamId, asOf: report.asOf, settingsVersion: report.settingsVersion })}
          of="the team’s clients and weighted hours by tier"
          describedBy={`${describedBy}-table`}
        />
      </div>
      <div className="table-scroll" tabIndex={0}>
        <table className="data-table compact acuity-mix-table" aria-labelledby={`${describedBy}-table`}>
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col" className="num">
                Clients
              </th>
              <th scope="col" className="num">
                Share of clients
              </th>
              <th scope="col" className="num">
                Weighted hours
              </th>
              <th scope="col" className="num">
                Share of hours
              </th>
            </tr>
          </thead>
          <tbody>
            {mix.rows.map((r) => (
              <tr key={r.tier}>
                <th scope="row">{tierLabels[r.tier]}</th>
                <td className="num">{formatCount(r.teamClients)}</td>
                <td className="num">
                  {formatPercent(r.teamClientShare)}
                  <span className="ratio-detail">
                    {formatCount(r.teamClients)} ÷ {formatCount(mix.teamClients)}
                  </span>
                </td>
                <td className="num">{formatHours(r.teamHours)}</td>
                <td className="num">
                  {formatPercent(r.teamHoursShare)}
                  <span className="ratio-detail">
                    {formatHours(r.teamHours)} ÷ {formatHours(mix.teamWeightedHours)}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
