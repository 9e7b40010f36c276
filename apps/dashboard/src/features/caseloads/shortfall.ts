/**
 * When a whole team carries more weighted hours than it has capacity, moving
 * clients between teammates cannot bring everyone under 100% (metrics.md,
 * rebalancing: "the answer then is staffing, not shuffling"). This says by how much.
 */
export interface Shortfall {
  /** weighted hours above capacity, per month */
  hours: number;
  /** the same in caseload FTE at the agency's hours per FTE, when known */
  fte: number | null;
}

export function capacityShortfall(
  group: { weightedHours: number | null; capacityHours: number | null },
  caseHoursPerFte: number | null,
): Shortfall | null {
  const { weightedHours, capacityHours } = group;
  if (weightedHours === null || capacityHours === null || capacityHours <= 0) return null;
  const hours = weightedHours - capacityHours;
  if (hours <= 0) return null;
  return { hours, fte: caseHoursPerFte && caseHoursPerFte > 0 ? hours / caseHoursPerFte : null };
}
