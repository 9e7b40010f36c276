/**
 * A board report written by hand for the document tests: two standards' figures with
 * changes up, down and unchanged, withheld figures (with a planted value a careless
 * renderer would show), teams in name order, and a trend with withheld months.
 */
import type { BoardReport } from '@caseload/api';
import { type BoardFigure, boardFigure } from '@caseload/metrics';

/** A withheld figure that still carries a value: the document must not show it. */
export const PLANTED = 0.4242;
const plantedWithheld = (kind: BoardFigure['kind']): BoardFigure => ({
  kind,
  current: PLANTED,
  previous: 0.3737,
  currentSuppressed: true,
  previousSuppressed: true,
  change: null,
});

export function fixtureReport(): BoardReport {
  const headline: BoardReport['headline'] = {
    averageLoadRatio: boardFigure('ratio', 1.04, 0.97),
    loadRatio: boardFigure('ratio', 1.012, 1.008),
    staffOverCapacity: boardFigure('count', 3, 5),
    teamsOverAllPeriod: boardFigure('count', 1, 1),
    contactRate: boardFigure('rate', 0.913, 0.887),
    reassessRate: boardFigure('rate', 0.95, 0.95),
    satisfaction: boardFigure('rate', 0.81, null, false, true),
    responseRate: boardFigure('rate', 0.55, 0.6),
    goalAttainment: boardFigure('rate', null, 0.5),
    timeToServiceMedianDays: boardFigure('days', 12.5, 14),
    serviceWithin30Rate: boardFigure('rate', 0.8, 0.79),
    actionsOpen: plantedWithheld('count'),
    actionsOverdue: plantedWithheld('count'),
  };
  const teams: BoardReport['teams'] = [
    { teamId: 't-z', name: 'Alder Team', loadRatio: 1.11, contactRate: 0.9, reassessRate: 0.97, suppressed: {} },
    {
      teamId: 't-a',
      name: 'Birch Team',
      loadRatio: PLANTED,
      contactRate: 0.3737,
      reassessRate: 0.88,
      suppressed: { loadRatio: true, contactRate: true },
    },
    { teamId: 't-m', name: 'Cedar Team', loadRatio: 0.93, contactRate: 0.86, reassessRate: 0.9, suppressed: {} },
  ];
  const month = (m: string, asOf: string, load: number, birch: number, sat: number | null, n: number | null, withheld = false) => ({
    month: m,
    asOf,
    loadRatio: load,
    teams: [
      { teamId: 't-z', name: 'Alder Team', loadRatio: load + 0.1, suppressed: {} },
      { teamId: 't-a', name: 'Birch Team', loadRatio: birch, suppressed: withheld ? { loadRatio: true as const } : {} },
      { teamId: 't-m', name: 'Cedar Team', loadRatio: load - 0.1, suppressed: {} },
    ],
    satisfaction: sat,
    satisfactionN: n,
    suppressed: withheld ? { satisfaction: true as const, satisfactionN: true as const } : {},
  });
  return {
    from: '2026-07-01',
    to: '2026-09-30',
    previous: { from: '2026-04-01', to: '2026-06-30' },
    settingsVersion: 7,
    minCellSize: 11,
    headline,
    teams,
    loadComplianceFit: { n: 29, slope: -0.29, intercept: 1.23, r: -0.585, suppressed: {} },
    sentences: [
      'Weighted caseload averaged 104% of capacity at month ends, up from 97%.',
      'The survey response rate was 55%, down from 60%.',
      "Corrective actions open at the end of the period: this period's figure is withheld because it rests on numbers too small to show.",
    ],
    trend: [
      month('2026-07', '2026-07-31', 1.02, 0.9, 0.8, 40),
      month('2026-08', '2026-08-31', 1.04, PLANTED, PLANTED, 7, true),
      month('2026-09', '2026-09-30', 1.06, 0.95, 0.83, 35),
    ],
  };
}
