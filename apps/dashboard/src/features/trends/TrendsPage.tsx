/**
 * Trends (Standard 9): month by month, load, contact standard met and reassessments on
 * time for the agency and a chosen team (a case manager: their own line against
 * nothing else). The board sees agency and team lines with small cells withheld.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import type { Me } from '../../lib/session.ts';
import { CsvButton } from '../../components/CsvButton.tsx';
import { TeamProgramFilters } from '../../components/Filters.tsx';
import { PageHeader, Updating } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../components/states.tsx';
import { complementaryNote, complementaryText, formatDate, parseIsoDate } from '../../lib/format.ts';
import { navigate, useLocation, useSearchParams } from '../../lib/router.tsx';
import { parseFilters, withParams } from '../../lib/url.ts';
import { trpc } from '../../trpc.ts';
import '../../components/workspace.css';
import {
  defaultPeriod,
  mapTrend,
  metricLabels,
  presentSeries,
  type SeriesKey,
  trendCsv,
  trendMetrics,
  type TrendPoint,
} from './mapTrend.ts';
import { TrendChart } from './TrendChart.tsx';
import { useToday } from '../../lib/today.ts';

function DateField({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value || parseIsoDate(draft) === null || draft < '2000-01-01') return;
    const timer = setTimeout(() => onChange(draft), 400);
    return () => clearTimeout(timer);
  }, [draft, value, onChange]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="date" value={draft} min="2000-01-01" max="2100-12-31" onChange={(e) => setDraft(e.target.value)} />
    </div>
  );
}

export function TrendsPage({ me }: { me: Me }) {
  const { pathname } = useLocation();
  const [search, setParams] = useSearchParams();
  const { filters, problems } = parseFilters(search);
  const self = me.role === 'case_manager';
  const fallback = defaultPeriod(useToday());
  const fromParam = search.get('from');
  const toParam = search.get('to');
  const from = fromParam && parseIsoDate(fromParam) ? fromParam : fallback.from;
  const to = toParam && parseIsoDate(toParam) ? toParam : fallback.to;
  const periodProblem =
    (fromParam && !parseIsoDate(fromParam)) || (toParam && !parseIsoDate(toParam))
      ? 'A period date in the address is not a date (YYYY-MM-DD); showing the last twelve months instead.'
      : from > to
        ? `The period ends (${to}) before it starts (${from}). Pick another start or end.`
        : null;

  const defaultTeam = me.role === 'supervisor' ? me.teamIds[0] : undefined;
  useEffect(() => {
    if (!filters.teamId && defaultTeam && !search.has('team')) {
      navigate(withParams(pathname, search, { team: defaultTeam }), { replace: true });
    }
  }, [filters.teamId, defaultTeam, pathname, search]);

  const directory = useQuery(trpc.meta.directory.queryOptions());
  // The agency line needs every team: the team is chosen on the page, not sent as a filter.
  const input = { from, to, programId: self ? undefined : filters.programId };
  const trend = useQuery({
    ...trpc.caseload.trend.queryOptions(input),
    enabled: from <= to,
    placeholderData: keepPreviousData,
  });
  const teamNames = useMemo(() => new Map((directory.data?.teams ?? []).map((t) => [t.teamId, t.name])), [directory.data]);
  const teamId = self ? undefined : filters.teamId;
  const points = useMemo(
    () => (trend.data ? mapTrend(trend.data, { teamId, staffId: self ? me.staffId : null }) : null),
    [trend.data, teamId, self, me.staffId],
  );
  const series = points ? presentSeries(points) : [];
  const names: Record<SeriesKey, string> = {
    agency: 'Agency',
    team: teamId ? (teamNames.get(teamId) ?? teamId) : 'Team',
    self: 'Me',
  };
  const teamOptions = (directory.data?.teams ?? [])
    .filter((t) => me.role !== 'supervisor' || me.teamIds.includes(t.teamId))
    .map((t) => ({ value: t.teamId, label: t.name }));
  const programs = directory.data?.programs ?? [];
  const onFrom = useMemo(() => (v: string) => setParams({ from: v }), [setParams]);
  const onTo = useMemo(() => (v: string) => setParams({ to: v }), [setParams]);

  return (
    <>
      <PageHeader title="Trends">
        <p>
          Monthly load, contact and reassessment (NASW Standard 9), each month measured on its last day
          {trend.data ? (
            <>
              {' '}
              · <strong>{formatDate(trend.data.from)}</strong> to <strong>{formatDate(trend.data.to)}</strong> · settings version{' '}
              {trend.data.settingsVersion}
            </>
          ) : null}
        </p>
      </PageHeader>

      <div className="filters no-print" role="group" aria-label="Filters">
        <DateField label="From" value={from} onChange={onFrom} />
        <DateField label="To" value={to} onChange={onTo} />
        {!self ? (
          <TeamProgramFilters
            role={me.role}
            myTeamCount={me.teamIds.length}
            teamId={filters.teamId}
            programId={filters.programId}
            teamOptions={teamOptions}
            programs={programs}
            onChange={setParams}
            teamLabel="Team line"
            teamAllLabel="No team (agency only)"
          />
        ) : null}
        <Updating active={trend.isFetching && trend.isPlaceholderData} />
      </div>
      {[...problems, ...(periodProblem ? [periodProblem] : [])].map((p) => (
        <Notice key={p}>{p}</Notice>
      ))}

      {from > to ? null : trend.isPending ? (
        <Loading label="Loading the monthly figures…" rows={6} />
      ) : trend.isError ? (
        <ErrorState title="The trend could not be loaded" error={trend.error} onRetry={() => void trend.refetch()} />
      ) : points && trend.data ? (
        points.length === 0 || series.length === 0 ? (
          <EmptyState title="No months to show for this period" />
        ) : (
          <>
            {trendMetrics.map((metric) => (
              <MetricCard key={metric} metric={metric} points={points} series={series} names={names} />
            ))}
            <TrendTable
              points={points}
              series={series}
              names={names}
              csv={() =>
                trendCsv(trend.data, {
                  teamId,
                  staffId: self ? me.staffId : null,
                  programId: filters.programId,
                  minCellSize: trend.data.minCellSize,
                })
              }
            />
          </>
        )
      ) : null}
    </>
  );
}

function MetricCard({
  metric,
  points,
  series,
  names,
}: {
  metric: (typeof trendMetrics)[number];
  points: TrendPoint[];
  series: SeriesKey[];
  names: Record<SeriesKey, string>;
}) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>{metricLabels[metric]}</h2>
        <p id={id} className="card-description">
          {metric === 'loadRatio'
            ? `Acuity-weighted hours as a share of capacity hours${series.includes('self') ? '' : ', summed over caseload staff'}. Above the dashed line is over capacity.`
            : metric === 'contactRate'
              ? 'Of clients with a contact requirement due, the share whose due contacts happened within their tier’s window.'
              : 'Of clients due a (re)assessment, the share not overdue.'}{' '}
          {series.includes('agency') ? 'The grey line is the agency. ' : ''}A gap is a month with no denominator or a withheld figure. The
          scale starts where the figures are, not at 0.
        </p>
      </div>
      <figure className="chart">
        <TrendChart points={points} metric={metric} series={series} names={names} describedBy={id} />
        <figcaption className="visually-hidden">The same figures are in the table at the end of the page.</figcaption>
      </figure>
    </section>
  );
}

function TrendTable({
  points,
  series,
  names,
  csv,
}: {
  points: TrendPoint[];
  series: SeriesKey[];
  names: Record<SeriesKey, string>;
  csv: () => ReturnType<typeof trendCsv>;
}) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <div className="table-toolbar">
        <h2 id={id}>Table: month by month</h2>
        <CsvButton build={csv} of="the monthly figures" describedBy={id} />
      </div>
      <div className="table-scroll" tabIndex={0}>
        <table className="data-table" aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">Month</th>
              {series.flatMap((k) =>
                trendMetrics.map((m) => (
                  <th key={`${k}-${m}`} scope="col" className="num">
                    {names[k]}: {m === 'loadRatio' ? 'load' : m === 'contactRate' ? 'contact met' : 'reassessed on time'}
                  </th>
                )),
              )}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.month}>
                <th scope="row" className="nowrap">
                  {p.label}
                </th>
                {series.flatMap((k) =>
                  trendMetrics.map((m) => (
                    <td key={`${k}-${m}`} className="num">
                      {p[k]?.[m].text ?? '—'}
                    </td>
                  )),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {points.some((p) => series.some((k) => trendMetrics.some((m) => p[k]?.[m].text === complementaryText()))) ? (
        <p className="muted small">{complementaryNote}</p>
      ) : null}
    </section>
  );
}
