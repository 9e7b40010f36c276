/** Outcome rates month by month: goal attainment, functional maintained or improved, service within 30 days. */
import { CartesianGrid, Legend, Line, LineChart, Tooltip, type TooltipContentProps, XAxis, YAxis } from 'recharts';
import { gridColor, inkColor } from '../../lib/colors.ts';
import type { OutcomesMonthRow, OutcomesView } from './mapOutcomes.ts';

const outcomeLines = [
  { key: 'attainmentPercent', name: 'Goals met (of resolved)', color: '#1d4ed8', dash: undefined },
  { key: 'functionalPercent', name: 'Function maintained or improved', color: '#2f7d4a', dash: '6 3' },
  { key: 'within30Percent', name: 'Service started within 30 days', color: '#b25e09', dash: '2 3' },
] as const;

function OutcomesTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as OutcomesMonthRow | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{row.label}</p>
      <p>Goals met: {row.goals.rateText}</p>
      <p>Function maintained or improved: {row.functional.rateText}</p>
      <p>Service within 30 days: {row.timeToService.rateText}</p>
    </div>
  );
}

export function OutcomesChart({ view, describedBy }: { view: OutcomesView; describedBy: string }) {
  return (
    <LineChart
      responsive
      data={view.monthly}
      className="outcomes-chart"
      style={{ width: '100%', height: 320 }}
      margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
      title="Outcome rates by month"
      desc={view.monthly
        .map(
          (m) => `${m.label}: goals met ${m.goals.rateText}; function ${m.functional.rateText}; within 30 days ${m.timeToService.rateText}`,
        )
        .join('; ')}
      aria-describedby={describedBy}
    >
      <CartesianGrid vertical={false} stroke={gridColor} />
      <XAxis
        dataKey="label"
        tick={{ fill: inkColor, fontSize: 12 }}
        tickLine={false}
        interval="preserveStartEnd"
        tickMargin={8}
        padding={{ left: 24, right: 8 }}
      />
      <YAxis
        domain={[0, 100]}
        ticks={[0, 20, 40, 60, 80, 100]}
        tickFormatter={(v: number) => `${v}%`}
        tick={{ fill: inkColor, fontSize: 12 }}
        width={48}
      />
      <Tooltip content={OutcomesTooltip} isAnimationActive={false} />
      <Legend verticalAlign="top" height={28} formatter={(value: string) => <span style={{ color: inkColor }}>{value}</span>} />
      {outcomeLines.map((l) => (
        <Line
          key={l.key}
          dataKey={l.key}
          name={l.name}
          stroke={l.color}
          strokeWidth={2.2}
          strokeDasharray={l.dash}
          dot={{ r: 3, fill: l.color }}
          connectNulls={false}
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  );
}
