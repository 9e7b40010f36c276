/**
 * The team's clients by tier as two 100% bars: share of clients (head count) and share
 * of weighted hours (acuity). When the darker tiers take more of the hours bar than of
 * the clients bar, acuity — not head count — is what loads the team.
 */
import { Bar, BarChart, Tooltip, XAxis, YAxis } from 'recharts';
import { inkColor, tierColors } from '../../lib/colors.ts';
import { formatPercent } from '../../lib/format.ts';
import { type TierKey, tierKeys, tierLabels } from '../../lib/report.ts';
import type { AcuityMix } from './mapRebalance.ts';

type Row = { label: string } & Record<TierKey, number>;

export function AcuityMixChart({ mix, describedBy }: { mix: AcuityMix; describedBy: string }) {
  const share = (v: number | null) => (v === null ? 0 : v * 100);
  const data: Row[] = [
    {
      label: 'Clients',
      ...(Object.fromEntries(mix.rows.map((r) => [r.tier, share(r.teamClientShare)])) as Record<TierKey, number>),
    },
    {
      label: 'Weighted hours',
      ...(Object.fromEntries(mix.rows.map((r) => [r.tier, share(r.teamHoursShare)])) as Record<TierKey, number>),
    },
  ];
  return (
    <BarChart
      responsive
      layout="vertical"
      data={data}
      style={{ width: '100%', height: 150 }}
      margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
      barCategoryGap="25%"
      title="The team's clients and weighted hours by tier, as shares of the team total"
      desc={mix.rows
        .map(
          (r) =>
            `${tierLabels[r.tier]}: ${formatPercent(r.teamClientShare)} of clients, ${formatPercent(r.teamHoursShare)} of weighted hours`,
        )
        .join('; ')}
      aria-describedby={describedBy}
    >
      <XAxis
        type="number"
        domain={[0, 100]}
        ticks={[0, 25, 50, 75, 100]}
        tickFormatter={(v: number) => `${v}%`}
        tick={{ fill: inkColor, fontSize: 12 }}
      />
      <YAxis type="category" dataKey="label" width={130} tick={{ fill: inkColor, fontSize: 13 }} tickLine={false} />
      <Tooltip
        formatter={(value, name) => [`${Math.round(Number(value))}%`, String(name)]}
        cursor={{ fill: 'rgba(31, 41, 51, 0.06)' }}
        isAnimationActive={false}
      />
      {tierKeys.map((k) => (
        <Bar key={k} dataKey={k} name={tierLabels[k]} stackId="mix" fill={tierColors[k]} stroke="#ffffff" isAnimationActive={false} />
      ))}
    </BarChart>
  );
}
