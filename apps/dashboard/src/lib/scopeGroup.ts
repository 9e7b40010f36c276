/**
 * The figures of a supervisor's own teams taken together ("Your teams"), from the team
 * rows and the staff rows the server sent for them, so that a tile never shows the
 * agency's figures where a supervisor would read their own. Sums (members, clients,
 * hours, members over capacity) add up the team rows; the load is Σ workload ÷ Σ
 * capacity; the extremes and the balance (cv) are taken over the members' own load
 * ratios with the metrics package's cv, as the server does for a team (a member with no
 * capacity has no ratio and is left out, there as here).
 */
import { cv, rate } from '@caseload/metrics';
import type { GroupCaseloadLike, StaffCaseloadLike, TeamCaseloadLike } from './report.ts';

export function scopeGroup(
  teams: readonly TeamCaseloadLike[],
  staff: readonly Pick<StaffCaseloadLike, 'teamId' | 'loadRatio'>[],
  teamIds: readonly string[],
): GroupCaseloadLike | null {
  const mine = new Set(teamIds);
  const rows = teams.filter((t) => mine.has(t.teamId));
  if (rows.length === 0) return null;
  // a withheld cell in any team row (the board) leaves the total unknown: never the case for a supervisor
  const total = (f: (t: TeamCaseloadLike) => number | null | undefined): number | null => {
    let s = 0;
    for (const t of rows) {
      const v = f(t);
      if (v === null || v === undefined) return null;
      s += v;
    }
    return s;
  };
  const workload = total((t) => (t.workloadHours !== undefined ? t.workloadHours : t.weightedHours));
  const capacity = total((t) => t.capacityHours);
  const ratios = staff.filter((s) => s.teamId !== null && mine.has(s.teamId) && s.loadRatio !== null).map((s) => s.loadRatio as number);
  return {
    members: total((t) => t.members),
    clients: total((t) => t.clients),
    weightedHours: total((t) => t.weightedHours),
    otherHours: total((t) => t.otherHours ?? 0),
    workloadHours: workload,
    capacityHours: capacity,
    loadRatio: workload === null || capacity === null ? null : rate(workload, capacity),
    maxLoadRatio: ratios.length ? Math.max(...ratios) : null,
    minLoadRatio: ratios.length ? Math.min(...ratios) : null,
    overCount: total((t) => t.overCount),
    cv: cv(ratios),
  };
}
