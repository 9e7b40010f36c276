/**
 * Why one member's load on a date is what it is (metrics.md "Why a load is what it
 * is"): the parts in the order they are computed, adding up to the figure, and one
 * sentence a supervisor can read. Shown on the drill-down; every load ratio links here.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { BandBadge } from './BandLegend.tsx';
import { ErrorState, Loading, Notice } from './states.tsx';
import { formatDate, formatPercent } from '../lib/format.ts';
import { trpc } from '../trpc.ts';
import { explanationLines, partsAddUp } from '../lib/mapCapacity.ts';
import './capacity.css';

export function ExplanationPanel({ staffId, asOf, name }: { staffId: string; asOf: string | undefined; name: string }) {
  const titleId = useId();
  const explain = useQuery(trpc.capacity.explain.queryOptions({ staffId, asOf }));
  const ref = useRef<HTMLElement>(null);
  // opened from a load ratio's "why?": bring the explanation into view once it is there
  const ready = explain.isSuccess;
  useEffect(() => {
    if (ready && window.location.hash === '#why') ref.current?.scrollIntoView({ block: 'start' });
  }, [ready]);
  return (
    <section className="card explanation" id="why" aria-labelledby={titleId} ref={ref}>
      <h2 id={titleId}>
        {explain.data && explain.data.loadRatio === null
          ? `Why ${name} has no capacity on this date`
          : `Why the load of ${name} is ${explain.data ? formatPercent(explain.data.loadRatio) : '…'}`}
        {explain.data?.band ? <BandBadge band={explain.data.band} /> : null}
      </h2>
      {explain.isPending ? (
        <Loading label="Working out the load…" rows={3} />
      ) : explain.isError ? (
        <ErrorState title="The explanation could not be loaded" error={explain.error} onRetry={() => void explain.refetch()} />
      ) : (
        <>
          <p className="explanation-sentence" data-testid="explanation-sentence">
            {explain.data.sentence}
          </p>
          {partsAddUp(explain.data) ? null : <Notice>These parts do not add up to the figure; please report it.</Notice>}
          <table
            className="data-table explanation-table"
            aria-label={`The parts of the load of ${name} on ${formatDate(explain.data.asOf)}`}
          >
            <tbody>
              {explanationLines(explain.data).map((l) => (
                <tr key={l.key} className={`explanation-${l.section}`}>
                  <th scope="row">
                    {l.label}
                    <span className="ratio-detail explanation-detail-narrow">{l.detail}</span>
                  </th>
                  <td className="explanation-detail-wide">{l.detail}</td>
                  <td className="num nowrap">{l.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="card-description">
            As of {formatDate(explain.data.asOf)}, settings version {explain.data.settingsVersion}. Capacity = post × (1 − reductions in
            percent, at most 100%) − reductions in hours, never below 0; workload = case work by tier + other work.
          </p>
        </>
      )}
    </section>
  );
}
