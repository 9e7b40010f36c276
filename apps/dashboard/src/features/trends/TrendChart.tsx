/** One metric by month: the agency line and the chosen team's (or a case manager's own) line. */
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { gridColor, inkColor } from '../../lib/colors.ts';
import { chartRows, yRange, metricLabels, type SeriesKey, type TrendMetric, type TrendPoint } from './mapTrend.ts';

const seriesColors: Record<SeriesKey, string> = { agency: '#52606d', team: '#1d4ed8', self: '#b25e09' };

export function TrendChart({
  points,
  metric,
  series,
  names,
  describedBy,
}: {
  points: readonly TrendPoint[];
  metric: TrendMetric;
  series: readonly SeriesKey[];
  names: Record<SeriesKey, string>;
  describedBy: string;
}) {
  const data = chartRows(points, metric);
  const range = yRange(
    data.flatMap((d) => series.map((k) => d[k])),
    metric,
  );
  const byMonth = new Map(points.map((p) => [p.month, p]));
  return (
    <LineChart
      responsive
      data={data}
      style={{ width: '100%', height: 280 }}
      margin={{ top: 16, right: 64, bottom: 8, left: 8 }}
      className={`trend-chart trend-${metric}`}
      title={`${metricLabels[metric]} by month`}
      desc={data
        .map((d) => `${d.label}: ${series.map((k) => `${names[k]} ${byMonth.get(d.month)?.[k]?.[metric].text ?? '—'}`).join(', ')}`)
        .join('; ')}
      aria-describedby={describedBy}
    >
      <CartesianGrid stroke={gridColor} vertical={false} />
      {/* the first month's name is kept clear of the lowest percent label beside it */}
      <XAxis
        dataKey="label"
        tick={{ fill: inkColor, fontSize: 12 }}
        interval="preserveStartEnd"
        tickMargin={8}
        padding={{ left: 24, right: 8 }}
      />
      <YAxis
        domain={[range.min, range.max]}
        ticks={range.ticks}
        tickFormatter={(v: number) => `${v}%`}
        tick={{ fill: inkColor, fontSize: 12 }}
        width={52}
        allowDataOverflow
      />
      {metric === 'loadRatio' ? (
        <ReferenceLine
          y={100}
          stroke={inkColor}
          strokeDasharray="6 4"
          label={{ value: 'Capacity', position: 'right', fill: inkColor, fontSize: 12 }}
        />
      ) : null}
      <Tooltip
        isAnimationActive={false}
        formatter={(_value, name, item) => {
          const key = (item as { dataKey?: unknown }).dataKey as SeriesKey;
          const month = (item as { payload?: { month?: string } }).payload?.month;
          const point = month ? byMonth.get(month) : undefined;
          return [point?.[key]?.[metric].text ?? '—', String(name)];
        }}
      />
      <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 13, color: inkColor }} />
      {series.map((k) => (
        <Line
          key={k}
          type="linear"
          dataKey={k}
          name={names[k]}
          stroke={seriesColors[k]}
          strokeWidth={k === 'agency' ? 2 : 2.5}
          dot={{ r: 3 }}
          connectNulls={false}
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  );
}
