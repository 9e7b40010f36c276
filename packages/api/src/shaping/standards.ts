/**
 * What each audience sees of the standards report. Directors and admins: everything,
 * with the members and teams over a limit. The board: counts of members over a limit,
 * never who (no staff ids), and a value computed from fewer than minCellSize clients
 * withheld (a small team's load ratio); whether the period was missed stays, since the
 * board is told when a standard was missed and that names no one.
 */
import type { StandardPeriodResult, StandardResult, StandardsReport } from '@caseload/metrics';
import type { Scope } from '../access.ts';
import { isSmallCell } from './suppression.ts';

export interface StandardPeriodView extends Omit<StandardPeriodResult, 'over'> {
  /** members (staffId) or teams (teamId) over the limit; staff entries are left out for the board */
  over: StandardPeriodResult['over'];
  /** how many members or teams were over the limit */
  overCount: number;
  /** true when the value was withheld (fewer than minCellSize clients behind it) */
  valueSuppressed: boolean;
}

export interface StandardView extends Omit<StandardResult, 'periods'> {
  periods: StandardPeriodView[];
}

export interface StandardsView extends Omit<StandardsReport, 'standards'> {
  audience: 'agency' | 'board';
  minCellSize: number;
  standards: StandardView[];
}

export function shapeStandards(report: StandardsReport, scope: Scope, minCellSize: number): StandardsView {
  const board = scope.kind === 'board';
  return {
    ...report,
    audience: board ? 'board' : 'agency',
    minCellSize,
    standards: report.standards.map((s) => ({
      ...s,
      periods: s.periods.map((p) => {
        const small = board && p.clients !== null && isSmallCell(p.clients, minCellSize);
        return {
          ...p,
          value: small ? null : p.value,
          clients: small ? null : p.clients,
          over: board ? p.over.filter((o) => o.staffId === undefined) : p.over,
          overCount: p.over.length,
          valueSuppressed: small,
        };
      }),
    })),
  };
}
