/**
 * Before/after load per team member: two bars each (now, and after the proposed
 * moves), as a share of the person's own capacity, with the 100% capacity line.
 * The after bar is coloured by band, so what stays over is easy to see.
 */
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, Tooltip, type TooltipContentProps, XAxis, YAxis } from 'recharts';
import { bandColors, gridColor, inkColor, unbandedColor } from '../../lib/colors.ts';
import { formatCount, formatPercent } from '../../lib/format.ts';
import { type LoadBands, loadBand } from '../../lib/report.ts';
import type { RebalanceBar, RebalanceView } from './mapRebalance.ts';

/** the "now" bars: neutral grey (3:1 on white) */
export const beforeColor = '#8a949e';

function afterColor(percent: number | null, bands: LoadBands | null): string {
  if (percent === null || bands === null) return unbandedColor;
  const band = loadBand(percent / 100, bands);
  return band ? bandColors[band] : unbandedColor;
}

function MoveTooltip({ active, payload }: TooltipContentProps) {
  const bar = payload?.[0]?.payload as RebalanceBar | undefined;
  if (!active || !bar) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{bar.label}</p>
      <p>
        Now <strong>{formatPercent(bar.beforePercent === null ? null : bar.beforePercent / 100)}</strong> → after{' '}
        <strong>{formatPercent(bar.afterPercent === null ? null : bar.afterPercent / 100)}</strong>
      </p>
      <p>
        {formatCount(bar.clientsOut)} client{bar.clientsOut === 1 ? '' : 's'} out · {formatCount(bar.clientsIn)} in
      </p>
    </div>
  );
}

export function RebalanceChart({ view, bands, describedBy }: { view: RebalanceView; bands: LoadBands | null; describedBy: string }) {
  const ticks = Array.from({ length: view.axisMaxPercent / 20 + 1 }, (_, i) => i * 20);
  const height = 80 + view.bars.length * 46;
  return (
    <BarChart
      responsive
      layout="vertical"
      data={view.bars}
      className="rebalance-chart"
      style={{ width: '100%', height }}
      margin={{ top: 24, right: 24, bottom: 8, left: 8 }}
      barCategoryGap="20%"
      barGap={2}
      title="Load by team member now and after the proposed moves, as a percentage of each person's capacity"
      desc={view.bars
        .map(
          (b) =>
            `${b.label}: now ${formatPercent(b.beforePercent === null ? null : b.beforePercent / 100)}, after ${formatPercent(b.afterPercent === null ? null : b.afterPercent / 100)}`,
        )
        .join('; ')}
      aria-describedby={describedBy}
    >
      <CartesianGrid horizontal={false} stroke={gridColor} />
      <XAxis
        type="number"
        domain={[0, view.axisMaxPercent]}
        ticks={ticks}
        tickFormatter={(v: number) => `${v}%`}
        tick={{ fill: inkColor, fontSize: 12 }}
        allowDataOverflow
      />
      <YAxis
        type="category"
        dataKey="staffId"
        width={170}
        interval={0}
        tick={{ fill: inkColor, fontSize: 13 }}
        tickFormatter={(id: string) => view.bars.find((b) => b.staffId === id)?.label ?? id}
        tickLine={false}
      />
      <Tooltip content={(props) => <MoveTooltip {...props} />} cursor={{ fill: 'rgba(31, 41, 51, 0.06)' }} isAnimationActive={false} />
      <Bar
        dataKey="beforePercent"
        name="Now"
        fill={beforeColor}
        minPointSize={2}
        isAnimationActive={false}
        label={{
          position: 'right',
          fontSize: 11,
          fill: inkColor,
          formatter: (v: unknown) => (typeof v === 'number' ? `${Math.round(v)}%` : ''),
        }}
      />
      <Bar
        dataKey="afterPercent"
        name="After the proposed moves"
        fill={unbandedColor}
        minPointSize={2}
        isAnimationActive={false}
        label={{
          position: 'right',
          fontSize: 12,
          fontWeight: 700,
          fill: inkColor,
          formatter: (v: unknown) => (typeof v === 'number' ? `${Math.round(v)}%` : ''),
        }}
      >
        {view.bars.map((b) => (
          <Cell key={b.staffId} fill={afterColor(b.afterPercent, bands)} />
        ))}
      </Bar>
      <ReferenceLine
        x={100}
        stroke={inkColor}
        strokeWidth={1.5}
        strokeDasharray="6 4"
        label={{ value: 'Capacity', position: 'top', fill: inkColor, fontSize: 12 }}
      />
    </BarChart>
  );
}
