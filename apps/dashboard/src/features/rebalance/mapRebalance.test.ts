import { describe, expect, test } from 'vitest';
import { exportFileName } from '../../lib/csv.ts';
import { acuityMix, acuityMixCsv, mapRebalance, mostLoadedTeam, type ProposalLike, rebalanceCsv, withNames } from './mapRebalance.ts';

const names: Record<string, string> = { 's-a': 'Ana', 's-b': 'Ben', 's-c': 'Cy' };
const staffLabel = (id: string) => names[id] ?? id;

// Ana 120 h ÷ 100 h, Ben 60 h ÷ 100 h, Cy 90 h ÷ 100 h; team 270 ÷ 300 = 0.9.
// Moving one tier 4 client (6 h) and one tier 3 client (3.5 h)... here: 2 × 10 h from Ana to Ben.
const balanced: ProposalLike = {
  teamId: 'team-01',
  asOf: '2026-11-23',
  settingsVersion: 3,
  teamLoadRatio: 0.9,
  teamWeightedHours: 270,
  teamCapacityHours: 300,
  teamOverCapacity: false,
  overCapacityHours: 0,
  moves: [
    { clientId: 'c-1', fromStaffId: 's-a', toStaffId: 's-b', hours: 6, tier: '4', daysWithHolder: 12, reason: 'r1' },
    { clientId: 'c-2', fromStaffId: 's-a', toStaffId: 's-b', hours: 14, tier: '4', daysWithHolder: 40, reason: 'r2, "quoted"' },
  ],
  before: [
    { staffId: 's-c', loadRatio: 0.9 },
    { staffId: 's-a', loadRatio: 1.2 },
    { staffId: 's-b', loadRatio: 0.6 },
  ],
  after: [
    { staffId: 's-c', loadRatio: 0.9 },
    { staffId: 's-a', loadRatio: 1.0 },
    { staffId: 's-b', loadRatio: 0.8 },
  ],
};

describe('mapRebalance', () => {
  const view = mapRebalance(balanced, { teamName: 'North', staffLabel, caseHoursPerFte: 110 });

  test('the situation in words: load, members over, and what the moves achieve', () => {
    expect(view.headline).toBe('North is at 90% of capacity; 1 of 3 members over. Moving 2 clients brings every member to 100% or below.');
    expect(view.teamLoadText).toBe('90% = 270 h ÷ 300 h');
    expect(view.overBefore).toBe(1);
    expect(view.overAfter).toBe(0);
    expect(view.maxAfter).toBe(1.0);
    expect(view.staffingNeeded).toBe(false);
    expect(view.shortfallFte).toBeNull();
  });

  test('bars in name order with before and after percent and clients in/out', () => {
    expect(view.bars.map((b) => [b.label, b.beforePercent, b.afterPercent, b.clientsOut, b.clientsIn])).toEqual([
      ['Ana', 120, 100, 2, 0],
      ['Ben', 60, 80, 0, 2],
      ['Cy', 90, 90, 0, 0],
    ]);
    expect(view.axisMaxPercent).toBe(120);
  });

  test('a team over capacity as a whole is a staffing question, with the FTE it lacks', () => {
    // 1,254.5 h ÷ 1,170 h; short 84.5 h = 84.5 ÷ 110 = 0.768… FTE
    const over = mapRebalance(
      {
        ...balanced,
        teamLoadRatio: 1254.5 / 1170,
        teamWeightedHours: 1254.5,
        teamCapacityHours: 1170,
        teamOverCapacity: true,
        overCapacityHours: 84.5,
        moves: [],
        before: [
          { staffId: 's-a', loadRatio: 1.3 },
          { staffId: 's-b', loadRatio: 1.01 },
        ],
        after: [
          { staffId: 's-a', loadRatio: 1.3 },
          { staffId: 's-b', loadRatio: 1.01 },
        ],
      },
      { teamName: 'North Waiver Team', staffLabel, caseHoursPerFte: 110 },
    );
    expect(over.shortfallFte).toBeCloseTo(84.5 / 110, 12);
    expect(over.headline).toBe(
      'North Waiver Team is at 107% of capacity; 2 of 2 members over. The team as a whole needs 84.5 h more capacity a month — about 0.77 FTE: this is a staffing question, not a shuffling one.',
    );
    // 130% → next 20% step is 140
    expect(over.axisMaxPercent).toBe(140);
  });

  test.each([
    [
      'nobody over',
      { moves: [], before: [{ staffId: 's-a', loadRatio: 1.0 }], after: [{ staffId: 's-a', loadRatio: 1.0 }] },
      'T is at 90% of capacity; 0 of 1 member over. No member is over 100%, so no moves are proposed.',
    ],
    [
      'over but no allowed move',
      { moves: [], before: [{ staffId: 's-a', loadRatio: 1.1 }], after: [{ staffId: 's-a', loadRatio: 1.1 }] },
      'T is at 90% of capacity; 1 of 1 member over. No move is possible within the rules (same team, the client’s language and region, protected tiers stay).',
    ],
    [
      'partly solved',
      {
        moves: [balanced.moves[0]!],
        before: [
          { staffId: 's-a', loadRatio: 1.1 },
          { staffId: 's-b', loadRatio: 1.2 },
          { staffId: 's-c', loadRatio: 0.5 },
        ],
        after: [
          { staffId: 's-a', loadRatio: 1.0 },
          { staffId: 's-b', loadRatio: 1.2 },
          { staffId: 's-c', loadRatio: 0.6 },
        ],
      },
      'T is at 90% of capacity; 2 of 3 members over. Moving 1 client brings 1 of 2 over-capacity members to 100% or below; 1 stay over because no teammate can take their clients within the rules (language, region, protected tiers).',
    ],
    [
      'no capacity',
      { teamLoadRatio: null, moves: [], before: [], after: [] },
      'T has no caseload capacity on this date, so there is nothing to rebalance.',
    ],
  ])('%s', (_name, change, headline) => {
    const view = mapRebalance(
      { ...balanced, ...change },
      {
        teamName: 'T',
        staffLabel,
        caseHoursPerFte: 110,
      },
    );
    expect(view.headline).toBe(headline);
  });

  test('a ratio exactly 1.00 is not over', () => {
    const v = mapRebalance(
      { ...balanced, before: [{ staffId: 's-a', loadRatio: 1 }], after: [{ staffId: 's-a', loadRatio: 1 }] },
      { teamName: 'T', staffLabel, caseHoursPerFte: null },
    );
    expect(v.overBefore).toBe(0);
  });
});

test('the CSV has one row per move, names beside ids, and says team, date and settings version', () => {
  const csv = rebalanceCsv(mapRebalance(balanced, { teamName: 'North', staffLabel, caseHoursPerFte: 110 }));
  expect(exportFileName(csv.name)).toBe('rebalance-proposal_as-of-2026-11-23_team-team-01_settings-v3.csv');
  expect(csv.header[0]).toBe('client_id');
  expect(csv.rows).toEqual([
    ['c-1', 's-a', 'Ana', 's-b', 'Ben', '4', 6, 12, 'r1'],
    ['c-2', 's-a', 'Ana', 's-b', 'Ben', '4', 14, 40, 'r2, "quoted"'],
  ]);
});

test.each([
  [
    [
      { teamId: 'a', loadRatio: 0.9 },
      { teamId: 'b', loadRatio: 1.13 },
      { teamId: 'c', loadRatio: null },
    ],
    'b',
  ],
  [
    [
      { teamId: 'a', loadRatio: 1.1 },
      { teamId: 'b', loadRatio: 1.1 },
    ],
    'a',
  ],
  [[{ teamId: 'a', loadRatio: null }], null],
  [[], null],
])('mostLoadedTeam(%j) = %j', (teams, expected) => {
  expect(mostLoadedTeam(teams)).toBe(expected);
});

describe('acuityMix', () => {
  const tierHours = { '1': 1, '2': 2, '3': 3.5, '4': 6, unassessed: 2 };
  const zero = { '1': 0, '2': 0, '3': 0, '4': 0, unassessed: 0 };
  const staff = [
    { teamId: 't', tierCounts: { ...zero, '1': 10, '4': 10 }, capacityHours: 110 },
    { teamId: 't', tierCounts: { ...zero, '3': 20 }, capacityHours: 55 },
    // no capacity: not caseload staff, left out like the team figures
    { teamId: 't', tierCounts: { ...zero, '4': 5 }, capacityHours: 0 },
    { teamId: 'other', tierCounts: { ...zero, '1': 100 }, capacityHours: 110 },
  ];
  const mix = acuityMix(staff, 't', tierHours, { clients: 140, weightedHours: 240, capacityHours: 275 }, 110);

  test('team tier counts and hours: 10×1 + 10×6 + 20×3.5 = 140 h over 40 clients', () => {
    expect(mix.teamClients).toBe(40);
    expect(mix.teamWeightedHours).toBe(140);
    expect(mix.teamHoursPerClient).toBe(3.5);
    expect(mix.rows.find((r) => r.tier === '4')).toEqual({
      tier: '4',
      teamClients: 10,
      teamClientShare: 0.25,
      teamHours: 60,
      teamHoursShare: 60 / 140,
    });
  });

  test("the CSV has the table's rows (one per tier) with the counts behind each share, named by team, date and settings", () => {
    const csv = acuityMixCsv(mix, { teamId: 't', asOf: '2026-11-23', settingsVersion: 3 });
    expect(exportFileName(csv.name)).toBe('acuity-mix_as-of-2026-11-23_team-t_settings-v3.csv');
    expect(csv.rows.map((r) => r[3])).toEqual(mix.rows.map((r) => r.tier));
    const column = (name: string) => csv.header.indexOf(name);
    const tier4 = csv.rows.find((r) => r[3] === '4');
    expect(tier4?.[column('clients')]).toBe(10);
    expect(tier4?.[column('team_clients')]).toBe(40);
    expect(tier4?.[column('client_share')]).toBe(0.25);
    expect(tier4?.[column('weighted_hours')]).toBe(60);
    expect(tier4?.[column('hours_share')]).toBe(60 / 140);
  });

  test('agency per-client hours and head count per full-time caseload', () => {
    expect(mix.agencyHoursPerClient).toBe(240 / 140);
    // team: 40 clients ÷ 165 h × 110 = 26.67; agency 140 ÷ 275 × 110 = 56
    expect(mix.teamClientsPerFte).toBeCloseTo((40 / 165) * 110, 12);
    expect(mix.agencyClientsPerFte).toBeCloseTo(56, 12);
  });

  test('no clients: shares and per-client hours have no denominator', () => {
    const empty = acuityMix([], 't', tierHours, null, 110);
    expect(empty.teamHoursPerClient).toBeNull();
    expect(empty.rows[0]?.teamClientShare).toBeNull();
    expect(empty.agencyHoursPerClient).toBeNull();
    expect(empty.teamClientsPerFte).toBeNull();
  });
});

describe('withNames', () => {
  test.each([
    ['st-0016 is over capacity; st-0012 is less loaded', 'Ana is over capacity; Ben is less loaded'],
    // a longer id that starts with a short one is left alone
    ['st-00161 and st-0016.', 'st-00161 and Ana.'],
    ['nothing to replace', 'nothing to replace'],
  ])('%s', (text, expected) => {
    const label = (id: string) => ({ 'st-0016': 'Ana', 'st-0012': 'Ben' })[id] ?? id;
    expect(withNames(text, ['st-0016', 'st-0012'], label)).toBe(expected);
  });

  test('the moves table shows names, the CSV keeps the reason as sent', () => {
    const view = mapRebalance(
      { ...balanced, moves: [{ ...balanced.moves[0]!, reason: 's-a is over capacity; s-b is less loaded' }] },
      { teamName: 'North', staffLabel, caseHoursPerFte: 110 },
    );
    expect(view.moves[0]?.reasonText).toBe('Ana is over capacity; Ben is less loaded');
    expect(rebalanceCsv(view).rows[0]?.[8]).toBe('s-a is over capacity; s-b is less loaded');
  });
});

describe('what drives the load', () => {
  const tierHours = { '1': 1, '2': 2, '3': 3.5, '4': 6, unassessed: 2 };
  const zero = { '1': 0, '2': 0, '3': 0, '4': 0, unassessed: 0 };
  // team: 10 tier-4 clients on 110 h → 6 h per client, 10 clients per FTE
  const team = [{ teamId: 't', tierCounts: { ...zero, '4': 10 }, capacityHours: 110 }];
  test.each([
    // agency 3 h per client (index 2.0), 10 clients per FTE (1.0)
    [
      { clients: 20, weightedHours: 60, capacityHours: 220 },
      'Compared with the agency, its clients need 100% more hours each than the agency’s, and it carries about as many clients per full-time caseload. The load comes from acuity, not head count.',
    ],
    // agency 6 h per client, 5 clients per FTE (team index 2.0)
    [
      { clients: 10, weightedHours: 60, capacityHours: 220 },
      'Compared with the agency, its clients need about as many hours each as the agency’s, and it carries 100% more clients per full-time caseload. The load comes from head count, not acuity.',
    ],
    // agency 5.8 h per client (index 1.034: within 5%), 12.5 clients per FTE (index 0.8)
    [
      { clients: 25, weightedHours: 145, capacityHours: 220 },
      'Compared with the agency, its clients need about as many hours each as the agency’s, and it carries 20% fewer clients per full-time caseload. Neither acuity nor head count is out of line with the agency.',
    ],
    // agency 3 h per client, 5 clients per FTE: both
    [
      { clients: 10, weightedHours: 30, capacityHours: 220 },
      'Compared with the agency, its clients need 100% more hours each than the agency’s, and it carries 100% more clients per full-time caseload. Both acuity and head count add to the load.',
    ],
    [null, 'The agency figures to compare with are not available.'],
  ])('agency %j', (agency, text) => {
    expect(acuityMix(team, 't', tierHours, agency, 110).explanation).toBe(text);
  });
});
