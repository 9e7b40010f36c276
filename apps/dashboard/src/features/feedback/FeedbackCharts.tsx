/**
 * The feedback charts: each survey item's answers as a diverging stacked bar
 * (disagree left of zero, agree right, neutral split across zero) and the monthly
 * share of q1 answers of 4 or 5, with the number of answers behind each month as
 * bars. The same figures are in the tables beside them.
 */
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  Tooltip,
  type TooltipContentProps,
  XAxis,
  YAxis,
} from 'recharts';
import { gridColor, inkColor } from '../../lib/colors.ts';
import { answerLabels, type FeedbackView, type ItemRow, type MonthRow } from './mapFeedback.ts';

/** 1 and 2 warm, 3 grey, 4 and 5 blue; each ≥ 3:1 on white, with white gaps between segments. */
const answerColors = ['#a3271d', '#d9604c', '#8a939e', '#5b86c5', '#1f4e8c'] as const;

/** answers whose separate counts are withheld (board), drawn together, striped */
const withheldFill = 'url(#s8-withheld-stripes)';

// negative values stack outward from zero in this order, positive ones likewise
const series = [
  { key: 'neutralLeft', fill: answerColors[2], name: `${answerLabels[2]} (half)` },
  { key: 'disagree', fill: answerColors[1], name: answerLabels[1] },
  { key: 'stronglyDisagree', fill: answerColors[0], name: answerLabels[0] },
  { key: 'withheldLeft', fill: withheldFill, name: 'Withheld answers, together' },
  { key: 'neutralRight', fill: answerColors[2], name: `${answerLabels[2]} (half)` },
  { key: 'agree', fill: answerColors[3], name: answerLabels[3] },
  { key: 'stronglyAgree', fill: answerColors[4], name: answerLabels[4] },
  { key: 'withheldRight', fill: withheldFill, name: 'Withheld answers, together' },
] as const;

export function AnswerLegend({ withheld = false, minCellSize }: { withheld?: boolean; minCellSize: number }) {
  return (
    <ul className="s8-legend" aria-label="Answers">
      {answerLabels.map((label, k) => (
        <li key={label}>
          <span className="s8-swatch" style={{ background: answerColors[k] }} aria-hidden="true" />
          {k + 1} {label}
        </li>
      ))}
      {withheld ? (
        <li>
          <span className="s8-swatch s8-swatch-withheld" aria-hidden="true" />
          Answers withheld to protect small groups (under {minCellSize}), drawn together
        </li>
      ) : null}
    </ul>
  );
}

function ItemTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as (ItemRow & { axisLabel: string }) | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">
        {row.label}: {row.statement}
      </p>
      <table className="tooltip-table">
        <tbody>
          {answerLabels.map((label, k) => (
            <tr key={label}>
              <th scope="row">
                {k + 1} {label}
              </th>
              <td>{row.countTexts[k]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {row.segments?.withheldAnswers ? (
        <p>
          Answers {row.segments.withheldAnswers} together: {Math.round(Math.abs(row.segments.withheldLeft + row.segments.withheldRight))}%
          (each withheld)
        </p>
      ) : null}
      <p>
        Agree or strongly agree (top-2): <strong>{row.top2Text}</strong>
      </p>
    </div>
  );
}

export function ItemDistributionChart({ view, describedBy }: { view: FeedbackView; describedBy: string }) {
  const data = view.items.map((r) => ({
    ...r,
    ...(r.segments ?? {}),
    axisLabel: r.label,
    rightLabel: r.segments
      ? `${r.top2Text.split(' = ')[0] ?? ''} top-2 · n ${r.nText}`
      : r.n === 0
        ? 'no answers'
        : 'not drawn: counts withheld',
  }));
  const rightLabels = new Map(data.map((d) => [d.axisLabel, d.rightLabel]));
  return (
    <BarChart
      responsive
      layout="vertical"
      data={data}
      stackOffset="sign"
      className="item-distribution-chart"
      style={{ width: '100%', height: 56 + data.length * 44 }}
      margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
      barCategoryGap="22%"
      title="Answers to each survey item, disagree to the left of zero and agree to the right"
      desc={view.items.map((r) => `${r.label}: top-2 ${r.top2Text}, n ${r.nText}`).join('; ')}
      aria-describedby={describedBy}
    >
      <defs>
        <pattern id="s8-withheld-stripes" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#d5d9de" />
          <rect width="3" height="6" fill="#7b8794" />
        </pattern>
      </defs>
      <CartesianGrid horizontal={false} stroke={gridColor} />
      <XAxis
        type="number"
        domain={[-100, 100]}
        ticks={[-100, -75, -50, -25, 0, 25, 50, 75, 100]}
        tickFormatter={(v: number) => `${Math.abs(v)}%`}
        tick={{ fill: inkColor, fontSize: 12 }}
        allowDataOverflow
      />
      <YAxis
        yAxisId="left"
        type="category"
        dataKey="axisLabel"
        width={40}
        tick={{ fill: inkColor, fontSize: 13, fontWeight: 600 }}
        tickLine={false}
        axisLine={false}
      />
      <YAxis
        yAxisId="right"
        orientation="right"
        type="category"
        dataKey="axisLabel"
        width={170}
        tickFormatter={(v: string) => rightLabels.get(v) ?? ''}
        tick={{ fill: inkColor, fontSize: 12 }}
        tickLine={false}
        axisLine={false}
      />
      <Tooltip content={ItemTooltip} cursor={{ fill: 'rgba(31, 41, 51, 0.06)' }} isAnimationActive={false} />
      <ReferenceLine x={0} yAxisId="left" stroke={inkColor} strokeWidth={1.5} />
      {series.map((s) => (
        <Bar
          key={s.key}
          dataKey={s.key}
          name={s.name}
          yAxisId="left"
          stackId="answers"
          fill={s.fill}
          stroke="#ffffff"
          strokeWidth={1}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}

function MonthTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as MonthRow | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{row.label}</p>
      <p>
        Q1 satisfied (4 or 5): <strong>{row.top2Text}</strong>
      </p>
      <p>Q1 answers (n): {row.nText}</p>
    </div>
  );
}

export function MonthlyTop2Chart({ view, describedBy }: { view: FeedbackView; describedBy: string }) {
  const nMax = Math.max(1, ...view.monthly.map((m) => m.n ?? 0));
  return (
    <ComposedChart
      responsive
      data={view.monthly}
      className="monthly-top2-chart"
      style={{ width: '100%', height: 320 }}
      margin={{ top: 16, right: 8, bottom: 8, left: 8 }}
      title="Share of q1 answers of 4 or 5 by month, with the number of answers"
      desc={view.monthly.map((m) => `${m.label}: ${m.top2Text}`).join('; ')}
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
        yAxisId="rate"
        domain={[0, 100]}
        ticks={[0, 20, 40, 60, 80, 100]}
        tickFormatter={(v: number) => `${v}%`}
        tick={{ fill: inkColor, fontSize: 12 }}
        width={48}
      />
      <YAxis
        yAxisId="n"
        orientation="right"
        domain={[0, Math.ceil(nMax * 1.5)]}
        allowDecimals={false}
        tick={{ fill: inkColor, fontSize: 12 }}
        width={48}
        label={{ value: 'answers (n)', angle: 90, position: 'insideRight', fill: inkColor, fontSize: 12 }}
      />
      <Tooltip content={MonthTooltip} isAnimationActive={false} />
      <Bar yAxisId="n" dataKey="n" name="Q1 answers (n)" fill="#c9d3e0" isAnimationActive={false} maxBarSize={36} />
      <Line
        yAxisId="rate"
        type="linear"
        dataKey="top2Percent"
        name="Q1 top-2"
        stroke="#1d4ed8"
        strokeWidth={2.5}
        dot={{ r: 4, fill: '#1d4ed8' }}
        connectNulls={false}
        isAnimationActive={false}
      />
    </ComposedChart>
  );
}
