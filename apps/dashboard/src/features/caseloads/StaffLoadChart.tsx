/**
 * One horizontal bar per case manager: acuity-weighted hours as a share of their
 * own capacity, split by tier, with the 100% capacity line and the over and
 * critical zones shaded. People are listed in name order.
 */
import { Bar, BarChart, CartesianGrid, ReferenceArea, ReferenceLine, Tooltip, type TooltipContentProps, XAxis, YAxis } from 'recharts';
import { bandColors, gridColor, inkColor, otherWorkColor, tierColors, unbandedColor } from '../../lib/colors.ts';
import { formatCount, formatHours, formatPercent } from '../../lib/format.ts';
import { bandLabels, type LoadBands, type TierKey, tierKeys, tierLabels } from '../../lib/report.ts';
import type { StaffLoad, StaffLoadBar, StaffLoadRow } from './mapStaffLoad.ts';

const tierDataKey: Record<TierKey, keyof StaffLoadBar> = {
  '1': 'tier1',
  '2': 'tier2',
  '3': 'tier3',
  '4': 'tier4',
  unassessed: 'unassessed',
};

function StaffTooltip({
  active,
  payload,
  rowsById,
  tierHoursKnown,
}: TooltipContentProps & { rowsById: Map<string, StaffLoadRow>; tierHoursKnown: boolean }) {
  const bar = payload?.[0]?.payload as StaffLoadBar | undefined;
  const row = bar ? rowsById.get(bar.staffId) : undefined;
  if (!active || !bar || !row) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{bar.label}</p>
      <p>
        Load: <strong>{bar.ratioText}</strong>
        {bar.band ? ` · ${bandLabels[bar.band]}` : ''}
      </p>
      <table className="tooltip-table">
        <tbody>
          {tierKeys.map((k) => (
            <tr key={k}>
              <th scope="row">
                <span className="legend-swatch" style={{ background: tierColors[k] }} aria-hidden="true" />
                {tierLabels[k]}
              </th>
              <td>{formatCount(row.tierCounts[k])} clients</td>
              {tierHoursKnown ? <td>{formatHours(bar.tierHours[k])}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
      {row.otherHours > 0 ? <p>Other work (intake duty, on-call, …): {formatHours(row.otherHours)}</p> : null}
      <p>{row.partsText}</p>
      <p>{formatCount(row.daysOverCapacity90)} of the last 90 days above 100%</p>
    </div>
  );
}

/** The load at the end of each row, coloured by band (a right-hand category axis, one tick per person). */
function endTick(barsById: Map<string, StaffLoadBar>) {
  return function EndTick(props: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
    const bar = typeof props.payload?.value === 'string' ? barsById.get(props.payload.value) : undefined;
    if (!bar) return <g />;
    const alarm = bar.band === 'over' || bar.band === 'critical';
    return (
      <text
        x={Number(props.x) + 4}
        y={Number(props.y)}
        dominantBaseline="central"
        fontSize={12}
        fontWeight={alarm ? 700 : 500}
        fill={bar.band ? bandColors[bar.band] : inkColor}
      >
        {formatPercent(bar.totalPercent / 100)}
        {alarm ? ` ${bar.band}` : ''}
      </text>
    );
  };
}

export function StaffLoadChart({ load, bands, describedBy }: { load: StaffLoad; bands: LoadBands | null; describedBy: string }) {
  const rowsById = new Map(load.rows.map((r) => [r.staffId, r]));
  const ticks = Array.from({ length: load.axisMaxPercent / 20 + 1 }, (_, i) => i * 20);
  const height = 56 + load.bars.length * 34;
  const barsById = new Map(load.bars.map((b) => [b.staffId, b]));
  const over = bands ? Math.min(bands.overTo * 100, load.axisMaxPercent) : null;
  return (
    <BarChart
      responsive
      layout="vertical"
      data={load.bars}
      className="staff-load-chart"
      style={{ width: '100%', height }}
      margin={{ top: 24, right: 8, bottom: 8, left: 8 }}
      barCategoryGap="22%"
      title="Acuity-weighted load by case manager, as a percentage of each person's capacity"
      desc={load.bars.map((b) => `${b.label}: ${b.ratioText}`).join('; ')}
      aria-describedby={describedBy}
    >
      <CartesianGrid horizontal={false} stroke={gridColor} />
      {bands && over !== null ? (
        <>
          <ReferenceArea x1={bands.balancedTo * 100} x2={over} fill={bandColors.over} fillOpacity={0.08} ifOverflow="hidden" />
          <ReferenceArea x1={over} x2={load.axisMaxPercent} fill={bandColors.critical} fillOpacity={0.08} ifOverflow="hidden" />
        </>
      ) : null}
      <XAxis
        type="number"
        domain={[0, load.axisMaxPercent]}
        ticks={ticks}
        tickFormatter={(v: number) => `${v}%`}
        tick={{ fill: inkColor, fontSize: 12 }}
        allowDataOverflow
      />
      {/* people are told apart by id (two people may share a name), labelled by name */}
      <YAxis
        type="category"
        dataKey="staffId"
        width={170}
        interval={0}
        tick={{ fill: inkColor, fontSize: 13 }}
        tickFormatter={(id: string) => barsById.get(id)?.label ?? id}
        tickLine={false}
      />
      <YAxis
        yAxisId="end"
        orientation="right"
        type="category"
        dataKey="staffId"
        width={100}
        interval={0}
        tick={endTick(barsById)}
        tickLine={false}
        axisLine={false}
      />
      <Tooltip
        content={(props) => <StaffTooltip {...props} rowsById={rowsById} tierHoursKnown={load.stackBy === 'tier'} />}
        cursor={{ fill: 'rgba(31, 41, 51, 0.06)' }}
        isAnimationActive={false}
      />
      {load.stackBy === 'tier' ? (
        tierKeys
          .map((k) => (
            <Bar
              key={k}
              dataKey={tierDataKey[k]}
              name={tierLabels[k]}
              stackId="load"
              fill={tierColors[k]}
              stroke="#ffffff"
              strokeWidth={1}
              isAnimationActive={false}
            />
          ))
          .concat(
            load.rows.some((r) => r.otherHours > 0) ? (
              <Bar
                key="other"
                dataKey="other"
                name="Other work"
                stackId="load"
                fill={otherWorkColor}
                stroke="#ffffff"
                strokeWidth={1}
                isAnimationActive={false}
              />
            ) : (
              []
            ),
          )
      ) : (
        <Bar
          dataKey="total"
          name="Weighted hours"
          isAnimationActive={false}
          shape={(props) => {
            const bar = props.payload as StaffLoadBar | undefined;
            return (
              <rect
                x={props.x}
                y={props.y}
                width={Math.max(0, props.width)}
                height={props.height}
                fill={bar?.band ? bandColors[bar.band] : unbandedColor}
              />
            );
          }}
        />
      )}
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
