/**
 * A member's capacity over the last 12 months and the next 3: capacity against
 * workload at each month end (and the as-of date), with the periods, reductions and
 * workload items behind it.
 */
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { ErrorState, Loading } from './states.tsx';
import { gridColor, inkColor } from '../lib/colors.ts';
import { formatHours, formatPercent } from '../lib/format.ts';
import { trpc } from '../trpc.ts';
import { timelineRows, timelineSpans } from '../lib/mapCapacity.ts';

export function CapacityTimelineSection({ staffId, asOf, name }: { staffId: string; asOf: string | undefined; name: string }) {
  const titleId = useId();
  const timeline = useQuery(trpc.capacity.timeline.queryOptions({ staffId, asOf }));
  const directory = useQuery(trpc.meta.directory.queryOptions());
  const teamName = (id: string | null) => (id === null ? 'no team' : (directory.data?.teams.find((t) => t.teamId === id)?.name ?? id));
  const rows = timeline.data ? timelineRows(timeline.data) : [];
  const spans = timeline.data ? timelineSpans(timeline.data, teamName) : [];
  const asOfRow = rows.find((r) => r.isAsOf);
  return (
    <section className="card" aria-labelledby={titleId} data-testid="capacity-timeline">
      <h2 id={titleId}>Capacity over time: {name}</h2>
      <p className="card-description">
        Capacity (the post less reductions) against workload (case work and other work), at each month end of the last 12 months, the as-of
        date and the next 3 month ends. Months ahead use what is known today.
      </p>
      {timeline.isPending ? (
        <Loading label="Loading the capacity timeline…" rows={3} />
      ) : timeline.isError ? (
        <ErrorState title="The capacity timeline could not be loaded" error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : (
        <>
          <LineChart
            responsive
            data={rows}
            style={{ width: '100%', height: 260 }}
            margin={{ top: 16, right: 24, bottom: 8, left: 8 }}
            title={`Capacity and workload of ${name} by month`}
            desc={rows
              .map((r) => `${r.label}: capacity ${formatHours(r.capacityHours)}, workload ${formatHours(r.workloadHours)}`)
              .join('; ')}
          >
            <CartesianGrid stroke={gridColor} vertical={false} />
            <XAxis
              dataKey="label"
              tick={{ fill: inkColor, fontSize: 11 }}
              interval="preserveStartEnd"
              tickMargin={8}
              padding={{ left: 24, right: 8 }}
            />
            <YAxis tickFormatter={(v: number) => `${v} h`} tick={{ fill: inkColor, fontSize: 12 }} width={56} />
            {asOfRow ? (
              <ReferenceLine
                x={asOfRow.label}
                stroke={inkColor}
                strokeDasharray="4 4"
                label={{ value: 'as of', fill: inkColor, fontSize: 11, position: 'top' }}
              />
            ) : null}
            <Tooltip isAnimationActive={false} formatter={(value, label) => [formatHours(Number(value)), String(label)]} />
            <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 13, color: inkColor }} />
            <Line
              type="stepAfter"
              dataKey="capacityHours"
              name="Capacity"
              stroke="#1d4ed8"
              strokeWidth={2.5}
              dot={{ r: 3 }}
              isAnimationActive={false}
            />
            <Line
              type="linear"
              dataKey="workloadHours"
              name="Workload"
              stroke="#b25e09"
              strokeWidth={2}
              dot={{ r: 3 }}
              isAnimationActive={false}
            />
          </LineChart>
          <div className="table-scroll" tabIndex={0}>
            <table className="data-table timeline-table" aria-label={`Capacity of ${name} by month`}>
              <thead>
                <tr>
                  <th scope="col">Month end</th>
                  <th scope="col">Team</th>
                  <th scope="col" className="num">
                    FTE
                  </th>
                  <th scope="col" className="num">
                    Post
                  </th>
                  <th scope="col" className="num">
                    Reductions
                  </th>
                  <th scope="col" className="num">
                    Capacity
                  </th>
                  <th scope="col" className="num">
                    Other work
                  </th>
                  <th scope="col" className="num">
                    Workload
                  </th>
                  <th scope="col" className="num">
                    Load
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.on} className={r.ahead ? 'timeline-ahead' : r.isAsOf ? 'timeline-asof' : undefined}>
                    <th scope="row">
                      {r.label}
                      {r.ahead ? <span className="ratio-detail">ahead</span> : null}
                    </th>
                    <td>{r.employed ? teamName(r.teamId) : 'not employed'}</td>
                    <td className="num">{r.fte.toFixed(2)}</td>
                    <td className="num">{formatHours(r.baseCapacityHours)}</td>
                    <td className="num">{r.reductionText}</td>
                    <td className="num">{formatHours(r.capacityHours)}</td>
                    <td className="num">{formatHours(r.otherHours)}</td>
                    <td className="num">{formatHours(r.workloadHours)}</td>
                    <td className="num">
                      <strong>{r.loadRatio === null ? 'no capacity' : formatPercent(r.loadRatio)}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {spans.length > 0 ? (
            <>
              <h3>Periods, reductions and workload items</h3>
              <ul className="span-list">
                {spans.map((s) => (
                  <li key={s.key}>
                    <strong>{s.what}</strong> — {s.from} to {s.to}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="card-description">No staff periods, reductions or workload items: the post is staff.csv’s FTE on every date.</p>
          )}
        </>
      )}
    </section>
  );
}
