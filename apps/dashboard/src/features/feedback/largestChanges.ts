/**
 * Where client satisfaction moved most: each team's (or program's) top-2 share for one
 * survey item this period against the previous period of the same length, the largest
 * falls first, so a program manager finds a team's dip without opening teams one by one.
 * Pure. A group with a withheld or missing figure on either side has no change and is
 * listed after the others, saying why.
 */
import { formatPercent } from '../../lib/format.ts';
import type { GroupRow } from './mapFeedback.ts';

export interface ChangeRow {
  id: string;
  name: string;
  /** this period's and the previous period's share as shown ("72% = 36 ÷ 50", "fewer than 11", "—") */
  nowText: string;
  beforeText: string;
  /** the change in whole percentage points (as displayed); null when either side is missing */
  points: number | null;
  /** "down 23 points", "up 4 points", "unchanged", or why there is none */
  changeText: string;
}

const pct = (v: number) => Math.round(v * 100);

export function largestChanges(now: readonly GroupRow[], before: readonly GroupRow[], item: string): ChangeRow[] {
  const prev = new Map(before.map((g) => [g.id, g]));
  const rows = now.map((g): ChangeRow => {
    const a = g.items.find((i) => i.item === item);
    const b = prev.get(g.id)?.items.find((i) => i.item === item);
    const nowText = a?.text ?? '—';
    const beforeText = b?.text ?? '—';
    if (!a || !b || a.top2 === null || b.top2 === null) {
      return { id: g.id, name: g.name, nowText, beforeText, points: null, changeText: 'no comparison: a figure is missing or withheld' };
    }
    const points = pct(a.top2) - pct(b.top2);
    const unit = Math.abs(points) === 1 ? 'point' : 'points';
    const changeText = points === 0 ? 'unchanged' : points < 0 ? `down ${-points} ${unit}` : `up ${points} ${unit}`;
    return {
      id: g.id,
      name: g.name,
      nowText: nowText || formatPercent(a.top2),
      beforeText: beforeText || formatPercent(b.top2),
      points,
      changeText,
    };
  });
  // falls first, then rises; the same change in name order; groups with no comparison last
  return rows.sort((x, y) => {
    if (x.points === null || y.points === null) return x.points === null ? (y.points === null ? x.name.localeCompare(y.name) : 1) : -1;
    return x.points - y.points || x.name.localeCompare(y.name);
  });
}
