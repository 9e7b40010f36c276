/**
 * Each team's acuity-weighted load as a share of its capacity, with the 100%
 * capacity line. One bar per team, in team-name order; the band is the bar's
 * colour and is also written in the tooltip and the table.
 */
import {
  Bar,
  BarChart,
  type BarShapeProps,
  CartesianGrid,
  LabelList,
  ReferenceLine,
  Tooltip,
  type TooltipContentProps,
  XAxis,
  YAxis,
} from 'recharts';
import { wrapLabel, wrappedXTick } from '../../components/WrappedTick.tsx';
import { bandColors, gridColor, inkColor, unbandedColor } from '../../lib/colors.ts';
import { formatCount, formatPercent } from '../../lib/format.ts';
import { bandLabels } from '../../lib/report.ts';
import type { TeamLoad, TeamLoadRow } from './mapTeamLoad.ts';

function TeamBar(props: BarShapeProps) {
  const row = props.payload as TeamLoadRow | undefined;
  if (!row || row.loadPercent === null || props.height <= 0) return <g />;
  const fill = row.band ? bandColors[row.band] : unbandedColor;
  return (
    <g className="team-bar" data-team-id={row.teamId}>
      <title>{`${row.teamName}: ${row.ratioText}${row.band ? ` (${bandLabels[row.band]})` : ''}`}</title>
      <rect x={props.x} y={props.y} width={props.width} height={props.height} fill={fill} rx={2} />
    </g>
  );
}

function TeamTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as TeamLoadRow | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{row.teamName}</p>
      <p>
        Load: <strong>{row.ratioText}</strong>
      </p>
      {row.band ? <p>Band: {bandLabels[row.band]}</p> : null}
      {row.members !== null ? (
        <p>
          {formatCount(row.members)} caseload staff
          {row.overCount !== null ? `, ${formatCount(row.overCount)} above 100%` : ''}
        </p>
      ) : null}
      {row.clients !== null ? <p>{formatCount(row.clients)} clients</p> : null}
    </div>
  );
}

/** Team names wrap under their bars (at most 9 characters a line) so narrow bars keep legible names. */
const teamTick = wrappedXTick(9);

export function TeamLoadChart({ load, describedBy }: { load: TeamLoad; describedBy: string }) {
  const ticks = Array.from({ length: load.axisMaxPercent / 20 + 1 }, (_, i) => i * 20);
  return (
    <BarChart
      responsive
      data={load.rows}
      className="team-load-chart"
      style={{ width: '100%', height: 340 }}
      margin={{ top: 28, right: 24, bottom: 8, left: 8 }}
      barCategoryGap="28%"
      title="Acuity-weighted load by team, as a percentage of capacity"
      desc={load.rows.map((r) => `${r.teamName}: ${r.ratioText}`).join('; ')}
      aria-describedby={describedBy}
    >
      <CartesianGrid vertical={false} stroke={gridColor} />
      <XAxis
        dataKey="teamName"
        interval={0}
        tick={teamTick}
        tickLine={false}
        height={Math.max(30, 16 * Math.max(...load.rows.map((r) => wrapLabel(r.teamName, 9).length), 1) + 12)}
      />
      <YAxis
        domain={[0, load.axisMaxPercent]}
        ticks={ticks}
        tickFormatter={(v: number) => `${v}%`}
        tick={{ fill: inkColor, fontSize: 12 }}
        width={56}
        allowDataOverflow
      />
      <Tooltip content={TeamTooltip} cursor={{ fill: 'rgba(31, 41, 51, 0.06)' }} isAnimationActive={false} />
      <ReferenceLine y={100} stroke={inkColor} strokeWidth={1.5} strokeDasharray="6 4" />
      <Bar dataKey="loadPercent" name="Load" shape={TeamBar} isAnimationActive={false} maxBarSize={96}>
        <LabelList
          dataKey="loadPercent"
          position="top"
          fill={inkColor}
          fontSize={13}
          formatter={(v: unknown) => (typeof v === 'number' ? formatPercent(v / 100) : '')}
        />
      </Bar>
    </BarChart>
  );
}
