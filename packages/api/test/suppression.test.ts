import type { AgencyCaseload, ComplianceCounts, TeamCaseload } from '@caseload/metrics';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  complianceCells,
  isSmallCell,
  suppressAgencyCaseload,
  suppressCompliance,
  suppressFit,
  suppressTeamCaseload,
} from '../src/shaping/suppression.ts';

describe('isSmallCell (minCellSize 11)', () => {
  test.each([
    [0, false], // computed from no one: shown (a count of zero may be shown)
    [1, true],
    [10, true],
    [11, false],
    [250, false],
  ])('%i clients → withheld %s', (clients, withheld) => {
    expect(isSmallCell(clients, 11)).toBe(withheld);
  });
});

const team = (over: Partial<TeamCaseload>): TeamCaseload => ({
  teamId: 't',
  members: 2,
  clients: 12,
  weightedHours: 30,
  otherHours: 0,
  workloadHours: 30,
  capacityHours: 220,
  loadRatio: 30 / 220,
  maxLoadRatio: 0.2,
  minLoadRatio: 0.07,
  overCount: 0,
  cv: 0.5,
  ...over,
});

/** two members holding the team's extreme ratios, each with plenty of clients */
const bigMembers = [
  { clients: 30, loadRatio: 0.2 },
  { clients: 30, loadRatio: 0.07 },
];

describe('caseload rows for the board', () => {
  test('a team of 10 clients: every client-derived cell is null and marked; members and capacity stay', () => {
    const row = suppressTeamCaseload(team({ clients: 10 }), 11, bigMembers);
    expect(row).toEqual({
      teamId: 't',
      members: 2,
      capacityHours: 220,
      otherHours: 0,
      clients: null,
      weightedHours: null,
      workloadHours: null,
      loadRatio: null,
      maxLoadRatio: null,
      minLoadRatio: null,
      overCount: null,
      cv: null,
      suppressed: {
        clients: true,
        weightedHours: true,
        workloadHours: true,
        loadRatio: true,
        maxLoadRatio: true,
        minLoadRatio: true,
        overCount: true,
        cv: true,
      },
    });
  });

  test('a team of 11 clients is shown as it is', () => {
    const row = suppressTeamCaseload(team({ clients: 11 }), 11, bigMembers);
    expect(row).toEqual({ ...team({ clients: 11 }), suppressed: {} });
  });

  test('a team with no clients shows its zeros', () => {
    const row = suppressTeamCaseload(team({ clients: 0, weightedHours: 0, loadRatio: 0, maxLoadRatio: 0, minLoadRatio: 0 }), 11, [
      { clients: 0, loadRatio: 0 },
    ]);
    expect(row.suppressed).toEqual({});
    expect(row.clients).toBe(0);
  });

  test('the agency withholds small unassigned and uncovered counts on their own', () => {
    const { teamId: _team, ...group } = team({ clients: 400 });
    const agency: AgencyCaseload = { ...group, unassigned: 3, uncovered: 0 };
    const row = suppressAgencyCaseload(agency, 11, bigMembers);
    expect(row.unassigned).toBeNull();
    expect(row.uncovered).toBe(0);
    expect(row.clients).toBe(400);
    expect(row.suppressed).toEqual({ unassigned: true });
  });

  test('the threshold is the setting, not a constant', () => {
    expect(suppressTeamCaseload(team({ clients: 14 }), 20, bigMembers).suppressed.clients).toBe(true);
    expect(suppressTeamCaseload(team({ clients: 14 }), 5, bigMembers).suppressed.clients).toBeUndefined();
  });

  test('a max or min ratio is one member’s own: withheld when that member holds fewer than 11 clients', () => {
    const members = [
      { clients: 5, loadRatio: 0.2 }, // the busiest member has 5 clients
      { clients: 30, loadRatio: 0.07 },
    ];
    const row = suppressTeamCaseload(team({ clients: 35 }), 11, members);
    expect(row.maxLoadRatio).toBeNull();
    expect(row.minLoadRatio).toBe(0.07);
    expect(row.suppressed).toEqual({ maxLoadRatio: true });
  });

  test('a max ratio whose member cannot be found (outside the rows at hand) is withheld', () => {
    const row = suppressTeamCaseload(team({ clients: 35 }), 11, [{ clients: 30, loadRatio: 0.07 }]);
    expect(row.suppressed).toEqual({ maxLoadRatio: true });
  });

  test('a tie with a small member withholds; null ratios stay null without a mark', () => {
    const tie = suppressTeamCaseload(team({ clients: 40 }), 11, [
      { clients: 30, loadRatio: 0.2 },
      { clients: 3, loadRatio: 0.2 },
      { clients: 30, loadRatio: 0.07 },
    ]);
    expect(tie.suppressed).toEqual({ maxLoadRatio: true });
    const none = suppressTeamCaseload(team({ clients: 40, loadRatio: null, maxLoadRatio: null, minLoadRatio: null }), 11, []);
    expect(none.suppressed).toEqual({});
    expect(none.maxLoadRatio).toBeNull();
  });
});

const counts = (over: Partial<ComplianceCounts>): ComplianceCounts => ({
  contactDue: 20,
  contactMet: 15,
  contactRate: 0.75,
  reassessDue: 20,
  reassessOverdue: 12,
  reassessDueSoon: 11,
  reassessRate: 0.4,
  ...over,
});

describe('compliance cells for the board', () => {
  test.each<[string, Partial<ComplianceCounts>, string[]]>([
    ['all large', {}, []],
    [
      'few due a contact: due, met and rate withheld',
      { contactDue: 10, contactMet: 9, contactRate: 0.9 },
      ['contactDue', 'contactRate', 'contactMet'],
    ],
    [
      'a small met count from a large due count: the rate goes with it',
      { contactMet: 3, contactRate: 3 / 20 },
      ['contactMet', 'contactRate'],
    ],
    ['zero met of many due is shown', { contactMet: 0, contactRate: 0 }, []],
    [
      'zero met of few due is withheld with them',
      { contactDue: 4, contactMet: 0, contactRate: 0 },
      ['contactDue', 'contactRate', 'contactMet'],
    ],
    ['no one due: zeros and a null rate are shown', { contactDue: 0, contactMet: 0, contactRate: null }, []],
    [
      'few due a reassessment',
      { reassessDue: 5, reassessOverdue: 2, reassessDueSoon: 0, reassessRate: 0.6 },
      ['reassessDue', 'reassessRate', 'reassessOverdue', 'reassessDueSoon'],
    ],
    [
      'small overdue and due-soon counts of many due: the rate goes with overdue',
      { reassessOverdue: 1, reassessDueSoon: 10, reassessRate: 1 - 1 / 20 },
      ['reassessOverdue', 'reassessRate', 'reassessDueSoon'],
    ],
  ])('%s', (_name, over, withheld) => {
    expect(complianceCells(counts(over), 11).sort()).toEqual([...withheld].sort());
    const row = suppressCompliance(counts(over), 11);
    for (const cell of withheld) {
      expect(row[cell as keyof ComplianceCounts]).toBeNull();
      expect(row.suppressed[cell as keyof ComplianceCounts]).toBe(true);
    }
  });
});

/**
 * The withheld counts a reader could work out from the cells shown in the same row:
 * contactRate = met ÷ due and reassessRate = 1 − overdue ÷ due tie each rate to two
 * counts, so a rate shown with one of them gives the other back.
 */
function recoverableCounts(row: { [K in keyof ComplianceCounts]: ComplianceCounts[K] | null }): string[] {
  const shown = (v: number | null): v is number => v !== null;
  const out: string[] = [];
  if (row.contactMet === null && shown(row.contactRate) && shown(row.contactDue)) out.push('contactMet');
  if (row.contactDue === null && shown(row.contactRate) && row.contactRate > 0 && shown(row.contactMet)) out.push('contactDue');
  if (row.reassessOverdue === null && shown(row.reassessRate) && shown(row.reassessDue)) out.push('reassessOverdue');
  if (row.reassessDue === null && shown(row.reassessRate) && row.reassessRate < 1 && shown(row.reassessOverdue)) out.push('reassessDue');
  return out;
}

describe('no withheld compliance count can be recomputed from the cells shown', () => {
  const rowArb = fc
    .record({
      contactDue: fc.integer({ min: 0, max: 40 }),
      metShare: fc.double({ min: 0, max: 1, noNaN: true }),
      reassessDue: fc.integer({ min: 0, max: 40 }),
      overdueShare: fc.double({ min: 0, max: 1, noNaN: true }),
      soonShare: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ contactDue, metShare, reassessDue, overdueShare, soonShare }): ComplianceCounts => {
      const contactMet = Math.floor(contactDue * metShare);
      const reassessOverdue = Math.floor(reassessDue * overdueShare);
      return {
        contactDue,
        contactMet,
        contactRate: contactDue === 0 ? null : contactMet / contactDue,
        reassessDue,
        reassessOverdue,
        reassessDueSoon: Math.floor((reassessDue - reassessOverdue) * soonShare),
        reassessRate: reassessDue === 0 ? null : 1 - reassessOverdue / reassessDue,
      };
    });

  test('the checker itself finds the leak the rates used to open', () => {
    // 3 met of 20 due, with the rate shown: 0.15 × 20 = 3
    expect(recoverableCounts({ ...counts({ contactMet: 3, contactRate: 0.15 }), contactMet: null })).toEqual(['contactMet']);
  });

  test('for any counts (minCellSize 11 and 5)', () => {
    fc.assert(
      fc.property(rowArb, fc.constantFrom(5, 11), (row, min) => {
        expect(recoverableCounts(suppressCompliance(row, min))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the load-versus-compliance fit for the board', () => {
  const fit = { n: 4, slope: -0.5, intercept: 1.1, r: -0.8 };
  test('computed from 10 clients due a contact: slope, intercept and r withheld, n shown', () => {
    expect(suppressFit(fit, 10, 11)).toEqual({
      n: 4,
      slope: null,
      intercept: null,
      r: null,
      suppressed: { slope: true, intercept: true, r: true },
    });
  });
  test('computed from 11 clients: shown', () => {
    expect(suppressFit(fit, 11, 11)).toEqual({ ...fit, suppressed: {} });
  });
});
