/**
 * Workload calibration for directors (metrics.md): the model's tier hours against the
 * contact time recorded per client-month, how much of the evidence has minutes, and
 * suggested hours that keep the agency's total. Adopting them is an ordinary settings
 * change: the button opens the settings editor with them filled in.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import type { Me } from '../../lib/session.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorState, Loading, Notice } from '../../components/states.tsx';
import { Tile } from '../../components/Tile.tsx';
import { formatCount, formatDate, formatDecimal, formatHours, formatPercent } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';
import { trpc } from '../../trpc.ts';
import { PeriodFilters, useStandard8Filters } from '../../components/PeriodFilters.tsx';
import { calibrationRows, calibrationTotals, settingsLink } from '../../lib/mapCapacity.ts';
import '../../components/capacity.css';

/** Calibration reads to the hundredth of an hour: 1.15 h is not 1.2 h. */
const hours2 = (h: number) => `${h.toFixed(2)} h`;
const hoursOrDash = (h: number | null) => (h === null ? '—' : hours2(h));

export function CalibrationPage({ me }: { me: Me }) {
  const state = useStandard8Filters();
  const titleId = useId();
  const input = { from: state.input.from, to: state.input.to, ...(state.input.programId ? { programId: state.input.programId } : {}) };
  const calibration = useQuery({ ...trpc.capacity.calibration.queryOptions(input), placeholderData: keepPreviousData });
  const rows = useMemo(() => (calibration.data ? calibrationRows(calibration.data) : []), [calibration.data]);
  const totals = calibrationTotals(rows);
  const link = settingsLink(rows);
  return (
    <>
      <PageHeader title="Workload calibration">
        <p>
          Tier hours are a model; contact minutes are evidence. For each month end of the period, every client active and held that day is
          one client-month of its tier; its minutes are the minutes of its contacts that calendar month.
        </p>
      </PageHeader>
      <PeriodFilters me={me} state={state} updating={calibration.isFetching && calibration.isPlaceholderData} showTeam={false} />
      {state.problems.map((p) => (
        <Notice key={p}>{p}</Notice>
      ))}
      {calibration.isPending ? (
        <Loading label="Comparing the model with the recorded time…" rows={5} />
      ) : calibration.isError ? (
        <ErrorState title="The calibration could not be computed" error={calibration.error} onRetry={() => void calibration.refetch()} />
      ) : (
        <section className="card" aria-labelledby={titleId}>
          <h2 id={titleId}>
            Model against recorded time, {formatDate(calibration.data.from)} to {formatDate(calibration.data.to)}
          </h2>
          <div className="tiles">
            <Tile
              label="Minutes coverage"
              value={formatPercent(calibration.data.minutesCoverage)}
              detail="of contacts have minutes recorded: how much evidence there is"
            />
            <Tile
              label="Scale"
              value={formatDecimal(calibration.data.scale)}
              detail="model hours per recorded hour, over all client-months"
            />
            <Tile label="Month ends" value={formatCount(calibration.data.monthEnds.length)} detail="in the period" />
          </div>
          <div className="table-scroll" tabIndex={0}>
            <table className="data-table calibration-table" aria-labelledby={titleId}>
              <thead>
                <tr>
                  <th scope="col">Tier</th>
                  <th scope="col" className="num">
                    Client-months
                  </th>
                  <th scope="col" className="num">
                    Contacts
                  </th>
                  <th scope="col" className="num">
                    With minutes
                  </th>
                  <th scope="col" className="num">
                    Recorded h per client-month
                  </th>
                  <th scope="col" className="num">
                    Model h (settings v{calibration.data.settingsVersion})
                  </th>
                  <th scope="col" className="num">
                    Suggested h
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.tier} data-tier={r.tier}>
                    <th scope="row">{r.label}</th>
                    <td className="num">{formatCount(r.clientMonths)}</td>
                    <td className="num">{formatCount(r.contacts)}</td>
                    <td className="num">{formatPercent(r.coverage)}</td>
                    <td className="num">{hoursOrDash(r.observedHours)}</td>
                    <td className="num">{hours2(r.modelHours)}</td>
                    <td className="num">
                      <strong>{r.suggestedSetting === null ? '—' : hours2(r.suggestedSetting)}</strong>
                      {r.suggestedHours !== null ? (
                        <span className="ratio-detail">{r.suggestedHours.toFixed(3)} h before rounding</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="card-description">
            Recorded contact time is not all case time (travel, documentation), so the suggestion keeps the agency’s total weighted hours
            over the period ({formatHours(Math.round(totals.model))} over {formatCount(rows.reduce((n, r) => n + r.clientMonths, 0))}{' '}
            client-months) and only moves weight between tiers: suggested = recorded × scale. Suggestions are rounded to 0.05 h for the
            settings.
          </p>
          <div className="calibration-actions">
            {link ? (
              <Link className="button" to={link} data-testid="adopt-suggested">
                Open the settings with the suggested hours
              </Link>
            ) : (
              <span>No suggestion: no recorded minutes in the period.</span>
            )}
            <span className="ratio-detail">Nothing changes until the settings are saved; the change is audited and versioned.</span>
          </div>
        </section>
      )}
    </>
  );
}
