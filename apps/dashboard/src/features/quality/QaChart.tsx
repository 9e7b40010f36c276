/**
 * Quality reviews month by month: the pass rate and the mean score (both 0–100),
 * with the pass score as a reference line and the number of reviews as bars.
 */
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Tooltip, type TooltipContentProps, XAxis, YAxis } from 'recharts';
import { gridColor, inkColor } from '../../lib/colors.ts';
import type { QaMonthRow, QaView } from './mapQa.ts';

function QaTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as QaMonthRow | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{row.label}</p>
      <p>
        Pass rate: <strong>{row.passRateText}</strong>
      </p>
      <p>Mean score: {row.meanScoreText}</p>
      <p>Reviews (n): {row.reviewsText}</p>
      <p>
        Corrective actions open {row.openText}, overdue {row.overdueText} (end of month)
      </p>
    </div>
  );
}

export function QaChart({ view, describedBy }: { view: QaView; describedBy: string }) {
  const data = view.monthly.map((m) => ({ ...m, reviews: m.values.reviews, meanScore: m.values.meanScore }));
  const nMax = Math.max(1, ...data.map((d) => d.reviews ?? 0));
  return (
    <ComposedChart
      responsive
      data={data}
      className="qa-monthly-chart"
      style={{ width: '100%', height: 330 }}
      margin={{ top: 16, right: 8, bottom: 8, left: 8 }}
      title="Quality review pass rate and mean score by month"
      desc={view.monthly.map((m) => `${m.label}: pass rate ${m.passRateText}, mean score ${m.meanScoreText}`).join('; ')}
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
        yAxisId="pct"
        domain={[0, 100]}
        ticks={[0, 20, 40, 60, 80, 100]}
        tick={{ fill: inkColor, fontSize: 12 }}
        width={52}
        label={{ value: 'score · pass rate %', angle: -90, position: 'insideLeft', fill: inkColor, fontSize: 12 }}
      />
      <YAxis
        yAxisId="n"
        orientation="right"
        domain={[0, Math.ceil(nMax * 1.5)]}
        allowDecimals={false}
        tick={{ fill: inkColor, fontSize: 12 }}
        width={44}
        label={{ value: 'reviews (n)', angle: 90, position: 'insideRight', fill: inkColor, fontSize: 12 }}
      />
      <Tooltip content={QaTooltip} isAnimationActive={false} />
      <Legend verticalAlign="top" height={28} formatter={(value: string) => <span style={{ color: inkColor }}>{value}</span>} />
      {view.qaPassScore !== null ? (
        <ReferenceLine
          yAxisId="pct"
          y={view.qaPassScore}
          stroke={inkColor}
          strokeDasharray="6 4"
          label={{ value: `Pass score ${view.qaPassScore}`, position: 'insideBottomLeft', fill: inkColor, fontSize: 12 }}
        />
      ) : null}
      <Bar yAxisId="n" dataKey="reviews" name="Reviews (n)" fill="#c9d3e0" isAnimationActive={false} maxBarSize={36} />
      <Line
        yAxisId="pct"
        dataKey="passRatePercent"
        name="Pass rate (%)"
        stroke="#1d4ed8"
        strokeWidth={2.5}
        dot={{ r: 4, fill: '#1d4ed8' }}
        connectNulls={false}
        isAnimationActive={false}
      />
      <Line
        yAxisId="pct"
        dataKey="meanScore"
        name="Mean score"
        stroke="#b25e09"
        strokeWidth={2}
        strokeDasharray="4 3"
        dot={{ r: 3, fill: '#b25e09' }}
        connectNulls={false}
        isAnimationActive={false}
      />
    </ComposedChart>
  );
}
