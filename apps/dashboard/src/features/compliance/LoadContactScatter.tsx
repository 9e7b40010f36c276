/**
 * Load ratio (x) against contact rate (y), one dot per case manager, with the
 * least-squares line and r from the API. For supervisors and directors only: it names
 * people, so the board never sees it.
 */
import { CartesianGrid, ReferenceLine, Scatter, ScatterChart, Tooltip, type TooltipContentProps, XAxis, YAxis, ZAxis } from 'recharts';
import { bandColors, gridColor, inkColor } from '../../lib/colors.ts';
import { formatPercent } from '../../lib/format.ts';
import type { Scatter as ScatterData, ScatterPoint } from './mapCompliance.ts';

const pointColor = '#36439a';

function PointTooltip({ active, payload }: TooltipContentProps) {
  const point = payload?.[0]?.payload as ScatterPoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{point.label}</p>
      <p>{point.teamName}</p>
      <p>
        Load <strong>{formatPercent(point.x / 100)}</strong> · contact standard met <strong>{point.contactText}</strong>
      </p>
    </div>
  );
}

export function ScatterLegend({ fitted }: { fitted: boolean }) {
  return (
    <ul className="legend" aria-label="Scatter legend">
      <li>
        <span className="legend-swatch legend-dot" style={{ background: pointColor }} aria-hidden="true" />
        One case manager
      </li>
      {fitted ? (
        <li>
          <span className="legend-line" style={{ background: bandColors.critical }} aria-hidden="true" />
          Fitted line (least squares)
        </li>
      ) : null}
      <li>
        <span className="legend-line legend-dashed" aria-hidden="true" />
        Capacity (100%)
      </li>
    </ul>
  );
}

export function LoadContactScatter({ scatter, describedBy }: { scatter: ScatterData; describedBy: string }) {
  const xTicks = Array.from({ length: (scatter.xMax - scatter.xMin) / 10 + 1 }, (_, i) => scatter.xMin + i * 10);
  const yTicks = Array.from({ length: (100 - scatter.yMin) / 10 + 1 }, (_, i) => scatter.yMin + i * 10);
  return (
    <ScatterChart
      responsive
      style={{ width: '100%', height: 380 }}
      margin={{ top: 24, right: 24, bottom: 34, left: 8 }}
      className="load-contact-scatter"
      title="Load ratio against contact rate, one dot per case manager, with the fitted line"
      desc={`${scatter.fitText}. ${scatter.points.map((p) => `${p.label}: load ${formatPercent(p.x / 100)}, contact ${formatPercent(p.y / 100)}`).join('; ')}`}
      aria-describedby={describedBy}
    >
      <CartesianGrid stroke={gridColor} />
      <XAxis
        type="number"
        dataKey="x"
        name="Load"
        domain={[scatter.xMin, scatter.xMax]}
        ticks={xTicks}
        tickFormatter={(v: number) => `${v}%`}
        tick={{ fill: inkColor, fontSize: 12 }}
        tickMargin={8}
        label={{ value: 'Load (weighted ÷ capacity hours)', position: 'bottom', offset: 14, fill: inkColor, fontSize: 13 }}
        allowDataOverflow
      />
      <YAxis
        type="number"
        dataKey="y"
        name="Contact rate"
        domain={[scatter.yMin, 100]}
        ticks={yTicks}
        allowDataOverflow
        tickFormatter={(v: number) => `${v}%`}
        tick={{ fill: inkColor, fontSize: 12 }}
        width={56}
        label={{ value: 'Contact standard met', angle: -90, position: 'insideLeft', offset: 4, fill: inkColor, fontSize: 13, dy: 70 }}
      />
      <ZAxis range={[70, 70]} />
      <Tooltip content={(props) => <PointTooltip {...props} />} isAnimationActive={false} />
      <ReferenceLine
        x={100}
        stroke={inkColor}
        strokeDasharray="6 4"
        label={{ value: 'Capacity', position: 'top', fill: inkColor, fontSize: 12 }}
      />
      {scatter.line ? <ReferenceLine segment={scatter.line} stroke={bandColors.critical} strokeWidth={2} ifOverflow="hidden" /> : null}
      <Scatter name="Case managers" data={scatter.points} fill={pointColor} isAnimationActive={false} />
    </ScatterChart>
  );
}
