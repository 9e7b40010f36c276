/**
 * Outcomes (NASW Standard 8): goal attainment (met, partly, not met; withdrawn
 * apart), functional change between assessments, time from referral to service and
 * closures by reason — for the period, and month by month.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import type { Me } from '../../lib/session.ts';
import { CsvButton } from '../../components/CsvButton.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { Tile } from '../../components/Tile.tsx';
import { formatDate, formatPercent } from '../../lib/format.ts';
import { trpc } from '../../trpc.ts';
import { PeriodFilters, type Standard8State, useStandard8Filters } from '../../components/PeriodFilters.tsx';
import { periodLabel } from '../../lib/period.ts';
import { closuresCsv, mapOutcomes, type OutcomesView, outcomesCsv } from './mapOutcomes.ts';
import { OutcomesChart } from './OutcomesChart.tsx';
import { WithheldNote } from '../../components/WithheldNote.tsx';

const cls = (text: string) => (text.startsWith('fewer') ? ' withheld' : '');
const rateValue = (text: string, rate: number | null) => (text.startsWith('fewer') ? text : formatPercent(rate));

export function OutcomesPage({ me }: { me: Me }) {
  const state = useStandard8Filters();
  const report = useQuery({ ...trpc.outcomes.report.queryOptions(state.input), placeholderData: keepPreviousData });
  const view = useMemo(() => (report.data ? mapOutcomes(report.data) : null), [report.data]);
  return (
    <>
      <PageHeader title="Outcomes">
        <p>
          Goals, functional change, time to service and closures {periodLabel(state.period)} (NASW Standard 8)
          {view ? <> · settings version {view.settingsVersion}</> : null}
        </p>
      </PageHeader>
      <PeriodFilters me={me} state={state} updating={report.isFetching && report.isPlaceholderData} />
      {report.isPending ? (
        <Loading label="Loading outcomes…" rows={5} />
      ) : report.isError ? (
        <ErrorState title="Outcomes could not be loaded" error={report.error} onRetry={() => void report.refetch()} />
      ) : view ? (
        <OutcomesBody view={view} filters={state.exportFilters} />
      ) : null}
    </>
  );
}

function OutcomesBody({ view, filters }: { view: OutcomesView; filters: Standard8State['exportFilters'] }) {
  const id = useId();
  const t = view.total;
  return (
    <>
      <WithheldNote withheldCells={view.withheldCells} minCellSize={view.minCellSize} of="clients" />
      <section className="tiles-section" aria-label="Outcomes at a glance">
        <div className="tiles">
          <Tile
            label="Goals met"
            value={rateValue(t.goals.rateText, t.goals.rate)}
            detail={`${t.goals.rateText} — met ÷ met, partly met and not met; ${t.goals.withdrawn} withdrawn shown apart`}
          />
          <Tile
            label="Function maintained or improved"
            value={rateValue(t.functional.rateText, t.functional.rate)}
            detail={`${t.functional.rateText} — ADL deficits at reassessment compared with the one before`}
          />
          <Tile
            label="Service within 30 days"
            value={rateValue(t.timeToService.rateText, t.timeToService.rate)}
            detail={`${t.timeToService.rateText} of services started; median ${t.timeToService.median}`}
          />
          <Tile
            label="Referrals waiting over 30 days"
            value={t.timeToService.pendingOver30}
            detail={`not started as of ${formatDate(view.to)}`}
            tone={t.timeToService.pendingOver30 !== '0' && !t.timeToService.pendingOver30.startsWith('fewer') ? 'alarm' : 'plain'}
          />
        </div>
      </section>
      <section className="card" aria-labelledby={`${id}-title`}>
        <div className="card-header">
          <h2 id={`${id}-title`}>Outcomes month by month</h2>
          <p id={id} className="card-description">
            Goals count in the month they were resolved; functional change in the month of the reassessment; time to service in the month
            the service started. A month with nothing to count has no point.
          </p>
        </div>
        <figure className="chart">
          <OutcomesChart view={view} describedBy={id} />
          <figcaption className="visually-hidden">
            Line chart of outcome rates by month; the same figures are in the table below.
          </figcaption>
        </figure>
        <div className="table-block">
          <div className="table-toolbar">
            <h3 id={`${id}-table`}>Table: outcomes month by month</h3>
            <CsvButton build={() => outcomesCsv(view, filters)} of="outcomes by month" describedBy={`${id}-table`} />
          </div>
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-table`}>
            <table className="data-table outcomes-table" aria-labelledby={`${id}-table`}>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col" className="num">
                    Goals met / partly / not met
                  </th>
                  <th scope="col" className="num">
                    Withdrawn
                  </th>
                  <th scope="col" className="num">
                    Goals met = met ÷ resolved
                  </th>
                  <th scope="col" className="num">
                    Improved / maintained / declined
                  </th>
                  <th scope="col" className="num">
                    Maintained or improved
                  </th>
                  <th scope="col" className="num">
                    Started within 30 days · median
                  </th>
                  <th scope="col" className="num">
                    Waiting over 30 days
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...view.monthly.map((m) => ({ key: m.month, label: m.label, r: m })), { key: 'total', label: 'Whole period', r: t }].map(
                  ({ key, label, r }) => (
                    <tr key={key} className={key === 'total' ? 'row-total' : undefined}>
                      <th scope="row">{label}</th>
                      <td className="num">
                        {r.goals.met} / {r.goals.partiallyMet} / {r.goals.notMet}
                      </td>
                      <td className={`num${cls(r.goals.withdrawn)}`}>{r.goals.withdrawn}</td>
                      <td className={`num${cls(r.goals.rateText)}`}>
                        <strong>{r.goals.rateText}</strong>
                      </td>
                      <td className="num">
                        {r.functional.improved} / {r.functional.maintained} / {r.functional.declined}
                      </td>
                      <td className={`num${cls(r.functional.rateText)}`}>{r.functional.rateText}</td>
                      <td className={`num${cls(r.timeToService.rateText)}`}>
                        {r.timeToService.rateText}
                        <span className="ratio-detail">median {r.timeToService.median}</span>
                      </td>
                      <td className={`num${cls(r.timeToService.pendingOver30)}`}>{r.timeToService.pendingOver30}</td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        </div>
      </section>
      <ClosuresSection view={view} filters={filters} />
    </>
  );
}

function ClosuresSection({ view, filters }: { view: OutcomesView; filters: Standard8State['exportFilters'] }) {
  const id = useId();
  const reasons = [...new Map([...view.total.closures, ...view.monthly.flatMap((m) => m.closures)].map((c) => [c.reason, c.label]))].sort(
    (a, b) => a[1].localeCompare(b[1]),
  );
  const rows = [
    ...view.monthly.map((m) => ({ key: m.month, label: m.label, r: m })),
    { key: 'total', label: 'Whole period', r: view.total },
  ];
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Closures by reason</h2>
        <p className="card-description">Clients whose case closed, by the reason recorded, month by month.</p>
      </div>
      {reasons.length === 0 ? (
        <p className="muted">No cases closed in this period.</p>
      ) : (
        <div className="table-block">
          <div className="table-toolbar">
            <h3 id={`${id}-table`}>Table: closures by reason</h3>
            <CsvButton build={() => closuresCsv(view, filters)} of="closures by reason" describedBy={`${id}-table`} />
          </div>
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-table`}>
            <table className="data-table closures-table" aria-labelledby={`${id}-table`}>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  {reasons.map(([reason, label]) => (
                    <th key={reason} scope="col" className="num">
                      {label}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    All closures
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ key, label, r }) => (
                  <tr key={key}>
                    <th scope="row">{label}</th>
                    {reasons.map(([reason]) => {
                      const c = r.closures.find((x) => x.reason === reason);
                      const text = c ? c.text : '0';
                      return (
                        <td key={reason} className={`num${cls(text)}`}>
                          {text}
                        </td>
                      );
                    })}
                    <td className="num">
                      <strong>{r.closuresTotal}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
