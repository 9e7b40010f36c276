/**
 * Contracted providers (NASW Standard 8): a comparison table in name order and one
 * scorecard per provider — referrals, time from referral to service, referrals
 * waiting over 30 days and what clients say about the services (q6).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, ReferenceLine, Tooltip, type TooltipContentProps, XAxis, YAxis } from 'recharts';
import type { Me } from '../../lib/session.ts';
import { CsvButton } from '../../components/CsvButton.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { Tile } from '../../components/Tile.tsx';
import { gridColor, inkColor } from '../../lib/colors.ts';
import { formatDate, formatPercent, isWithheldText } from '../../lib/format.ts';
import { trpc } from '../../trpc.ts';
import { itemStatements } from '../../lib/survey.ts';
import { PeriodFilters, type Standard8State, useStandard8Filters } from '../../components/PeriodFilters.tsx';
import { periodLabel } from '../../lib/period.ts';
import { mapProviders, providerMonthlyCsv, type ProviderRowView, type ProvidersView, providersCsv } from './mapProviders.ts';
import { wrappedYTick } from '../../components/WrappedTick.tsx';
import { WithheldNote } from '../../components/WithheldNote.tsx';

/** Provider names wrap beside their bars, at most 20 characters a line. */
const providerTick = wrappedYTick(20);

const cls = (text: string) => (isWithheldText(text) ? ' withheld' : '');

export function ProvidersPage({ me }: { me: Me }) {
  const state = useStandard8Filters();
  const report = useQuery({ ...trpc.providers.report.queryOptions(state.input), placeholderData: keepPreviousData });
  const view = useMemo(() => (report.data ? mapProviders(report.data, state.names.providers) : null), [report.data, state.names]);
  return (
    <>
      <PageHeader title="Providers">
        <p>
          Contracted providers' referrals, time to service and client satisfaction {periodLabel(state.period)} (NASW Standard 8)
          {view ? <> · settings version {view.settingsVersion}</> : null}
        </p>
      </PageHeader>
      <PeriodFilters me={me} state={state} updating={report.isFetching && report.isPlaceholderData} />
      {report.isPending ? (
        <Loading label="Loading providers…" rows={5} />
      ) : report.isError ? (
        <ErrorState title="The providers report could not be loaded" error={report.error} onRetry={() => void report.refetch()} />
      ) : view && view.providers.length === 0 ? (
        <EmptyState title={`No referrals to providers ${periodLabel(state.period)}`} />
      ) : view ? (
        <>
          <WithheldNote withheldCells={view.withheldCells} minCellSize={view.minCellSize} of="referrals or answers" />
          <ComparisonSection view={view} filters={state.exportFilters} />
          {view.providers.map((p) => (
            <Scorecard key={p.providerId} view={view} p={p} filters={state.exportFilters} />
          ))}
        </>
      ) : null}
    </>
  );
}

function Within30Tooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as (ProviderRowView & { within30Percent: number | null }) | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{row.name}</p>
      <p>
        Started within 30 days: <strong>{row.within30Text}</strong>
      </p>
      <p>Median days to start: {row.median}</p>
      <p>Waiting over 30 days: {row.pendingOver30}</p>
    </div>
  );
}

function ComparisonSection({ view, filters }: { view: ProvidersView; filters: Standard8State['exportFilters'] }) {
  const id = useId();
  const data = view.providers.map((p) => ({ ...p, within30Percent: p.within30Rate === null ? null : p.within30Rate * 100 }));
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Providers compared</h2>
        <p id={id} className="card-description">
          Share of services that started within 30 days of the referral (services started in the period), providers in name order. Q6: “
          {itemStatements.q6}” — answers of 4 or 5 ÷ answers, from responses naming the provider.
        </p>
      </div>
      <figure className="chart">
        {/* horizontal bars: a provider's full name beside its bar, legible at any width */}
        <BarChart
          responsive
          layout="vertical"
          data={data}
          className="providers-chart"
          style={{ width: '100%', height: 44 * data.length + 48 }}
          margin={{ top: 8, right: 48, bottom: 8, left: 8 }}
          title="Services started within 30 days, by provider"
          desc={view.providers.map((p) => `${p.name}: ${p.within30Text}`).join('; ')}
          aria-describedby={id}
        >
          <CartesianGrid horizontal={false} stroke={gridColor} />
          <YAxis type="category" dataKey="name" interval={0} tick={providerTick} tickLine={false} width={150} />
          <XAxis
            type="number"
            domain={[0, 100]}
            ticks={[0, 25, 50, 75, 100]}
            tickFormatter={(v: number) => `${v}%`}
            tick={{ fill: inkColor, fontSize: 12 }}
          />
          <Tooltip content={Within30Tooltip} cursor={{ fill: 'rgba(31, 41, 51, 0.06)' }} isAnimationActive={false} />
          <ReferenceLine x={100} stroke={gridColor} />
          <Bar dataKey="within30Percent" name="Started within 30 days" fill="#3b6ea5" isAnimationActive={false} maxBarSize={28}>
            <LabelList
              dataKey="within30Percent"
              position="right"
              fill={inkColor}
              fontSize={12}
              formatter={(v: unknown) => (typeof v === 'number' ? formatPercent(v / 100) : '')}
            />
          </Bar>
        </BarChart>
        <figcaption className="visually-hidden">
          Bar chart of services started within 30 days by provider; the same figures are in the table below.
        </figcaption>
      </figure>
      <div className="table-block">
        <div className="table-toolbar">
          <h3 id={`${id}-table`}>Table: providers compared</h3>
          <CsvButton build={() => providersCsv(view, filters)} of="providers compared" describedBy={`${id}-table`} />
        </div>
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-table`}>
          <table className="data-table providers-table" aria-labelledby={`${id}-table`}>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col" className="num">
                  Referrals made
                </th>
                <th scope="col" className="num">
                  Services started
                </th>
                <th scope="col" className="num">
                  Median days to start
                </th>
                <th scope="col" className="num">
                  Within 30 days = within ÷ started
                </th>
                <th scope="col" className="num">
                  Waiting over 30 days on {formatDate(view.to)}
                </th>
                <th scope="col" className="num">
                  Q6 top-2 = (4 + 5) ÷ n
                </th>
              </tr>
            </thead>
            <tbody>
              {view.providers.map((p) => (
                <tr key={p.providerId} data-provider-id={p.providerId}>
                  <th scope="row">{p.name}</th>
                  <td className={`num${cls(p.referrals)}`}>{p.referrals}</td>
                  <td className={`num${cls(p.started)}`}>{p.started}</td>
                  <td className={`num${cls(p.median)}`}>{p.median}</td>
                  <td className={`num${cls(p.within30Text)}`}>
                    <strong>{p.within30Text}</strong>
                  </td>
                  <td className={`num${cls(p.pendingOver30)}`}>{p.pendingOver30}</td>
                  <td className={`num${cls(p.q6Text)}`}>{p.q6Text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

function Scorecard({ view, p, filters }: { view: ProvidersView; p: ProviderRowView; filters: Standard8State['exportFilters'] }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-scorecard={p.providerId}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Scorecard: {p.name}</h2>
      </div>
      <div className="tiles">
        <Tile label="Referrals made" value={p.referrals} detail={`${p.started} services started`} />
        <Tile
          label="Started within 30 days"
          value={isWithheldText(p.within30Text) ? p.within30Text : formatPercent(p.within30Rate)}
          detail={`${p.within30Text}; median ${p.median}`}
        />
        <Tile
          label="Waiting over 30 days"
          value={p.pendingOver30}
          detail={`referrals not started on ${formatDate(view.to)}`}
          tone={p.pendingValue !== null && p.pendingValue > 0 ? 'alarm' : 'plain'}
        />
        <Tile label="Services meet needs (Q6)" value={isWithheldText(p.q6Text) ? p.q6Text : formatPercent(p.q6Top2)} detail={p.q6Text} />
      </div>
      {p.monthly.length > 0 ? (
        <details>
          <summary>Month by month</summary>
          <div className="table-block">
            <div className="table-toolbar">
              <h3 id={`${id}-table`}>Table: {p.name} month by month</h3>
              <CsvButton build={() => providerMonthlyCsv(view, p, filters)} of={`${p.name} month by month`} describedBy={`${id}-table`} />
            </div>
            <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-table`}>
              <table className="data-table" aria-labelledby={`${id}-table`}>
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <th scope="col" className="num">
                      Referrals
                    </th>
                    <th scope="col" className="num">
                      Started
                    </th>
                    <th scope="col" className="num">
                      Within 30 days
                    </th>
                    <th scope="col" className="num">
                      Median days
                    </th>
                    <th scope="col" className="num">
                      Waiting over 30 days at month end
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {p.monthly.map((x) => (
                    <tr key={x.month}>
                      <th scope="row">{x.label}</th>
                      <td className="num">{x.referrals}</td>
                      <td className="num">{x.started}</td>
                      <td className="num">{x.within30Text}</td>
                      <td className="num">{x.median}</td>
                      <td className="num">{x.pendingOver30}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </details>
      ) : null}
    </section>
  );
}
