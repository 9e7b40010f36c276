/**
 * Standard 8 formulas, against hand-computed tables (metrics.md "Client feedback",
 * "Service effectiveness", "Contracted providers", "Quality reviews and corrective
 * measures", "Trends").
 */
import { describe, expect, test } from 'vitest';
import {
  computeFeedbackReport,
  computeOutcomesReport,
  computeProvidersReport,
  computeQaReport,
  type FeedbackInvitationRow,
  type FunctionalAssessmentRow,
  type GoalRow,
  type QaReviewRow,
  type ReferralRow,
  type SurveyResponseRow,
} from '../src/index.ts';
import { addDays, daysBetween, lastDayOfMonth, monthWindows, monthsOf } from '../src/standard8/dates.ts';
import { median } from '../src/standard8/stats.ts';

const F = '2024-03-01';
const T = '2024-03-31';

function resp(responseId: string, o: Partial<SurveyResponseRow> = {}): SurveyResponseRow {
  return {
    responseId,
    invitationId: null,
    programId: 'P1',
    staffId: null,
    providerId: null,
    receivedOn: '2024-03-10',
    q1: null,
    q2: null,
    q3: null,
    q4: null,
    q5: null,
    q6: null,
    q7: null,
    q8: null,
    ...o,
  };
}

function inv(invitationId: string, sentOn: string, responseReceivedOn: string | null): FeedbackInvitationRow {
  return { invitationId, sentOn, responseReceivedOn };
}

function feedback(invitations: FeedbackInvitationRow[], responses: SurveyResponseRow[], from = F, to = T) {
  return computeFeedbackReport({
    from,
    to,
    invitations,
    responses,
    staffTeams: [
      { staffId: 'S1', teamId: 'TA' },
      { staffId: 'S2', teamId: 'TA' },
      { staffId: 'S3', teamId: 'TB' },
      { staffId: 'S4', teamId: null },
    ],
  });
}

describe('client feedback', () => {
  test('an empty period: zero counts, null rates and means, a month with nothing', () => {
    const r = feedback([], []);
    expect(r).toMatchObject({ from: F, to: T, invitations: 0, respondedInvitations: 0, responseRate: null, responses: 0 });
    expect(r.items).toHaveLength(8);
    for (const it of r.items) expect(it).toMatchObject({ n: 0, mean: null, top2: null, distribution: [0, 0, 0, 0, 0] });
    expect(r.byProgram).toEqual([]);
    expect(r.byTeam).toEqual([]);
    expect(r.byStaff).toEqual([]);
    expect(r.byProvider).toEqual([]);
    expect(r.monthly).toEqual([
      { month: '2024-03', n: 0, top2: null, responses: 0, invitations: 0, respondedInvitations: 0, responseRate: null },
    ]);
  });

  test('items left blank by everyone: n 0, mean null, top2 null — while answered items count', () => {
    const r = feedback([], [resp('r1', { q1: 4 }), resp('r2', { q1: 2 })]);
    expect(r.responses).toBe(2);
    expect(r.items[0]).toEqual({ item: 'q1', n: 2, mean: 3, top2: 0.5, distribution: [0, 1, 0, 1, 0] });
    for (const it of r.items.slice(1)) expect(it).toMatchObject({ n: 0, mean: null, top2: null, distribution: [0, 0, 0, 0, 0] });
  });

  // answers of q3 → n, mean, top2 (share of 4 or 5), distribution of 1..5
  test.each([
    [[5], 1, 5, 1, [0, 0, 0, 0, 1]],
    [[1, 2, 3], 3, 2, 0, [1, 1, 1, 0, 0]],
    [[5, 4, 3, 1, 5], 5, 3.6, 0.6, [1, 0, 1, 1, 2]],
    [[3, 3, 4, 4], 4, 3.5, 0.5, [0, 0, 2, 2, 0]],
    [[4, null, 5, null], 2, 4.5, 1, [0, 0, 0, 1, 1]],
  ] as const)('q3 answers %j → n %i, mean %d, top2 %d, distribution %j', (answers, n, mean, top2, distribution) => {
    const r = feedback(
      [],
      answers.map((a, i) => resp(`r${i}`, { q1: 3, q3: a })),
    );
    expect(r.items[2]).toEqual({ item: 'q3', n, mean, top2, distribution });
  });

  // received_on → counted in the period [2024-03-01, 2024-03-31]?
  test.each([
    ['2024-02-29', false],
    ['2024-03-01', true],
    ['2024-03-31', true],
    ['2024-04-01', false],
  ])('a response received %s is in the period: %s', (receivedOn, counted) => {
    const r = feedback([], [resp('r1', { receivedOn, q1: 5 })]);
    expect(r.responses).toBe(counted ? 1 : 0);
    expect(r.items[0]?.n).toBe(counted ? 1 : 0);
  });

  // invitation (sent_on, linked response received) → in denominator?, responded?
  test.each([
    ['sent in period, answered in period', '2024-03-05', '2024-03-20', 1, 1],
    ['sent in period, answered after the period', '2024-03-25', '2024-04-10', 1, 1],
    ['sent in period, never answered', '2024-03-05', null, 1, 0],
    ['sent on the first day', '2024-03-01', null, 1, 0],
    ['sent on the last day, answered later', '2024-03-31', '2024-04-02', 1, 1],
    ['sent before the period, answered in it', '2024-02-20', '2024-03-02', 0, 0],
    ['sent after the period', '2024-04-01', '2024-04-02', 0, 0],
  ] as const)('%s', (_label, sentOn, receivedOn, invitations, responded) => {
    const r = feedback([inv('i1', sentOn, receivedOn)], []);
    expect(r.invitations).toBe(invitations);
    expect(r.respondedInvitations).toBe(responded);
    expect(r.responseRate).toBe(invitations === 0 ? null : responded / invitations);
  });

  test('response rate over invitations; a response with no invitation still counts as a response', () => {
    const r = feedback(
      [inv('i1', '2024-03-02', '2024-03-09'), inv('i2', '2024-03-03', '2024-04-15'), inv('i3', '2024-03-04', null)],
      [resp('r1', { invitationId: 'i1', receivedOn: '2024-03-09', q1: 5 }), resp('r2', { invitationId: null, q1: 1 })],
    );
    expect(r.invitations).toBe(3);
    expect(r.respondedInvitations).toBe(2);
    expect(r.responseRate).toBeCloseTo(2 / 3, 12);
    expect(r.responses).toBe(2);
    expect(r.items[0]).toMatchObject({ n: 2, mean: 3, top2: 0.5 });
  });

  test('by program, team (via the staff), staff and provider; unattributed responses only leave their grouping', () => {
    const r = feedback(
      [],
      [
        resp('r1', { programId: 'P1', staffId: 'S1', providerId: 'V1', q1: 5 }),
        resp('r2', { programId: 'P1', staffId: 'S2', providerId: null, q1: 4 }),
        resp('r3', { programId: 'P2', staffId: 'S3', providerId: 'V1', q1: 1 }),
        resp('r4', { programId: 'P2', staffId: null, providerId: 'V2', q1: 2 }),
        resp('r5', { programId: 'P2', staffId: 'S4', providerId: null, q1: 3, q6: 5 }),
      ],
    );
    expect(r.byProgram.map((g) => [g.programId, g.responses, g.items[0]?.mean])).toEqual([
      ['P1', 2, 4.5],
      ['P2', 3, 2],
    ]);
    // S4 has no team, r4 has no staff
    expect(r.byTeam.map((g) => [g.teamId, g.responses, g.items[0]?.top2])).toEqual([
      ['TA', 2, 1],
      ['TB', 1, 0],
    ]);
    expect(r.byStaff.map((g) => [g.staffId, g.responses])).toEqual([
      ['S1', 1],
      ['S2', 1],
      ['S3', 1],
      ['S4', 1],
    ]);
    expect(r.byProvider.map((g) => [g.providerId, g.responses, g.items[0]?.distribution])).toEqual([
      ['V1', 2, [1, 0, 0, 0, 1]],
      ['V2', 1, [0, 1, 0, 0, 0]],
    ]);
    expect(r.byStaff.find((g) => g.staffId === 'S4')?.items[5]).toEqual({
      item: 'q6',
      n: 1,
      mean: 5,
      top2: 1,
      distribution: [0, 0, 0, 0, 1],
    });
  });

  test('monthly series by calendar month, partial first and last months', () => {
    const r = feedback(
      [inv('i1', '2024-01-20', '2024-02-01'), inv('i2', '2024-02-10', null), inv('i3', '2024-01-10', null)],
      [
        resp('r1', { receivedOn: '2024-01-15', q1: 5 }),
        resp('r2', { receivedOn: '2024-01-31', q1: 3 }),
        resp('r3', { receivedOn: '2024-03-10', q1: 4 }),
        resp('r4', { receivedOn: '2024-03-10', q2: 4 }),
        resp('r5', { receivedOn: '2024-03-11', q1: 4 }),
      ],
      '2024-01-15',
      '2024-03-10',
    );
    expect(r.monthly).toEqual([
      { month: '2024-01', n: 2, top2: 0.5, responses: 2, invitations: 1, respondedInvitations: 1, responseRate: 1 },
      { month: '2024-02', n: 0, top2: null, responses: 0, invitations: 1, respondedInvitations: 0, responseRate: 0 },
      { month: '2024-03', n: 1, top2: 1, responses: 2, invitations: 0, respondedInvitations: 0, responseRate: null },
    ]);
  });

  test.each([
    [{ q1: 6 }, /q1 must be an integer 1\.\.5/],
    [{ q4: 0 }, /q4 must be an integer 1\.\.5/],
    [{ q2: 2.5 }, /q2 must be an integer 1\.\.5/],
  ])('an impossible answer %j is a clear error', (o, msg) => {
    expect(() => feedback([], [resp('r1', o)])).toThrow(msg);
  });

  test.each([
    ['2024-04-01', '2024-03-01', /from \(2024-04-01\) is after to/],
    ['2024-02-30', '2024-03-01', /from must be a date/],
    ['2024-03-01', '31/03/2024', /to must be a date/],
  ])('period %s..%s is refused', (from, to, msg) => {
    expect(() => feedback([], [], from, to)).toThrow(msg);
  });
});

// ---------------------------------------------------------------- outcomes

function goal(goalId: string, status: GoalRow['status'], resolvedOn: string | null): GoalRow {
  return { goalId, clientId: 'c1', status, resolvedOn };
}

function asmt(assessmentId: string, clientId: string, assessedOn: string, adlDeficits: number | null): FunctionalAssessmentRow {
  return { assessmentId, clientId, assessedOn, adlDeficits };
}

function ref(referralId: string, referredOn: string, startedOn: string | null, providerId = 'V1'): ReferralRow {
  return { referralId, clientId: 'c1', providerId, referredOn, startedOn };
}

function outcomes(o: {
  goals?: GoalRow[];
  assessments?: FunctionalAssessmentRow[];
  referrals?: ReferralRow[];
  closures?: Array<{ clientId: string; closedOn: string | null; closureReason: string | null }>;
  from?: string;
  to?: string;
}) {
  return computeOutcomesReport({
    from: o.from ?? F,
    to: o.to ?? T,
    goals: o.goals ?? [],
    assessments: o.assessments ?? [],
    referrals: o.referrals ?? [],
    closures: o.closures ?? [],
  });
}

describe('service effectiveness', () => {
  test('an empty period: zeros and nulls', () => {
    const r = outcomes({});
    expect(r.goals).toEqual({ met: 0, partiallyMet: 0, notMet: 0, withdrawn: 0, attainmentRate: null });
    expect(r.functional).toEqual({ improved: 0, maintained: 0, declined: 0, maintainedOrImprovedRate: null });
    expect(r.timeToService).toEqual({ n: 0, medianDays: null, within30: 0, within30Rate: null, pendingOver30: 0 });
    expect(r.closures).toEqual({});
    expect(r.monthly).toHaveLength(1);
  });

  // goals (status, resolved_on) → counts and attainment = met ÷ (met + partially + not)
  test.each([
    [
      'withdrawn goals are counted but left out of the attainment denominator',
      [
        goal('g1', 'met', '2024-03-05'),
        goal('g2', 'met', '2024-03-31'),
        goal('g3', 'partially_met', '2024-03-10'),
        goal('g4', 'not_met', '2024-03-01'),
        goal('g5', 'withdrawn', '2024-03-12'),
        goal('g6', 'withdrawn', '2024-03-13'),
        goal('g7', 'withdrawn', '2024-03-14'),
      ],
      { met: 2, partiallyMet: 1, notMet: 1, withdrawn: 3, attainmentRate: 0.5 },
    ],
    [
      'only withdrawn goals: no attainment rate',
      [goal('g1', 'withdrawn', '2024-03-05')],
      { met: 0, partiallyMet: 0, notMet: 0, withdrawn: 1, attainmentRate: null },
    ],
    [
      'open goals and goals resolved outside the period do not count',
      [goal('g1', 'open', null), goal('g2', 'met', '2024-02-29'), goal('g3', 'met', '2024-04-01'), goal('g4', 'not_met', '2024-03-15')],
      { met: 0, partiallyMet: 0, notMet: 1, withdrawn: 0, attainmentRate: 0 },
    ],
  ])('%s', (_label, goals, expected) => {
    expect(outcomes({ goals }).goals).toEqual(expected);
  });

  // functional change: (improved, maintained, declined)
  test.each([
    ['fewer ADL deficits: improved', [asmt('a1', 'c1', '2024-01-10', 3), asmt('a2', 'c1', '2024-03-10', 2)], [1, 0, 0]],
    ['the same: maintained', [asmt('a1', 'c1', '2024-01-10', 2), asmt('a2', 'c1', '2024-03-10', 2)], [0, 1, 0]],
    ['more: declined', [asmt('a1', 'c1', '2024-01-10', 2), asmt('a2', 'c1', '2024-03-10', 5)], [0, 0, 1]],
    ['no earlier assessment: not counted', [asmt('a2', 'c1', '2024-03-10', 2)], [0, 0, 0]],
    [
      'earlier assessment of another client: not counted',
      [asmt('a1', 'c2', '2024-01-10', 3), asmt('a2', 'c1', '2024-03-10', 2)],
      [0, 0, 0],
    ],
    ['b after the period: not counted', [asmt('a1', 'c1', '2024-03-10', 3), asmt('a2', 'c1', '2024-04-01', 2)], [0, 0, 0]],
    [
      'two in the period: each against its own predecessor',
      [asmt('a1', 'c1', '2024-01-10', 3), asmt('a2', 'c1', '2024-03-05', 2), asmt('a3', 'c1', '2024-03-25', 4)],
      [1, 0, 1],
    ],
    [
      'a is the latest before b, not the first',
      [asmt('a1', 'c1', '2023-06-01', 6), asmt('a2', 'c1', '2024-02-01', 1), asmt('a3', 'c1', '2024-03-10', 1)],
      [0, 1, 0],
    ],
    [
      'same-day assessments are ordered by id: x-1 before x-2',
      [asmt('x-2', 'c1', '2024-03-10', 2), asmt('x-1', 'c1', '2024-03-10', 3)],
      [1, 0, 0],
    ],
    ['same-day assessments, ids swapped: declined', [asmt('x-2', 'c1', '2024-03-10', 3), asmt('x-1', 'c1', '2024-03-10', 2)], [0, 0, 1]],
    ['ids in byte order: a10 comes before a9', [asmt('a9', 'c1', '2024-03-10', 1), asmt('a10', 'c1', '2024-03-10', 4)], [1, 0, 0]],
    ['ids in byte order: upper case before lower case', [asmt('b', 'c1', '2024-03-10', 5), asmt('B', 'c1', '2024-03-10', 1)], [0, 0, 1]],
    ['an earlier day wins over a smaller id', [asmt('z', 'c1', '2024-03-09', 5), asmt('a', 'c1', '2024-03-10', 4)], [1, 0, 0]],
    ['ADL missing on a: left out', [asmt('a1', 'c1', '2024-01-10', null), asmt('a2', 'c1', '2024-03-10', 2)], [0, 0, 0]],
    ['ADL missing on b: left out', [asmt('a1', 'c1', '2024-01-10', 2), asmt('a2', 'c1', '2024-03-10', null)], [0, 0, 0]],
    [
      'ADL missing on a: no reaching back to an older one',
      [asmt('a0', 'c1', '2023-10-10', 4), asmt('a1', 'c1', '2024-01-10', null), asmt('a2', 'c1', '2024-03-10', 2)],
      [0, 0, 0],
    ],
  ] as const)('%s', (_label, assessments, [improved, maintained, declined]) => {
    const f = outcomes({ assessments: [...assessments] }).functional;
    expect([f.improved, f.maintained, f.declined]).toEqual([improved, maintained, declined]);
    const pairs = improved + maintained + declined;
    expect(f.maintainedOrImprovedRate).toBe(pairs === 0 ? null : (improved + maintained) / pairs);
  });

  test('maintainedOrImprovedRate over several clients', () => {
    const f = outcomes({
      assessments: [
        asmt('a1', 'c1', '2024-01-01', 3),
        asmt('a2', 'c1', '2024-03-02', 2),
        asmt('b1', 'c2', '2024-01-01', 3),
        asmt('b2', 'c2', '2024-03-02', 3),
        asmt('c1', 'c3', '2024-01-01', 1),
        asmt('c2', 'c3', '2024-03-02', 2),
        asmt('d1', 'c4', '2024-01-01', 1),
        asmt('d2', 'c4', '2024-03-02', 4),
      ],
    }).functional;
    expect(f).toEqual({ improved: 1, maintained: 1, declined: 2, maintainedOrImprovedRate: 0.5 });
  });

  // referrals started in the period: days from referral → n, median, within30 (≤ 30 days)
  test.each([
    ['day 30 is within 30', [['2024-02-01', '2024-03-02']], 1, 30, 1],
    ['day 31 is not', [['2024-01-31', '2024-03-02']], 1, 31, 0],
    [
      'odd n: the middle value',
      [
        ['2024-03-01', '2024-03-06'],
        ['2024-02-01', '2024-03-02'],
        ['2024-01-31', '2024-03-02'],
      ],
      3,
      30,
      2,
    ],
    [
      'even n: the mean of the two middle values',
      [
        ['2024-03-01', '2024-03-06'],
        ['2024-02-01', '2024-03-02'],
        ['2024-01-31', '2024-03-02'],
        ['2024-01-01', '2024-03-10'],
      ],
      4,
      30.5,
      2,
    ],
    ['the same day: 0 days', [['2024-03-15', '2024-03-15']], 1, 0, 1],
    [
      'started before or after the period: not counted',
      [
        ['2024-01-01', '2024-02-29'],
        ['2024-03-01', '2024-04-01'],
      ],
      0,
      null,
      0,
    ],
  ] as const)('%s', (_label, pairs, n, medianDays, within30) => {
    const t = outcomes({ referrals: pairs.map(([a, b], i) => ref(`r${i}`, a, b)) }).timeToService;
    expect(t.n).toBe(n);
    expect(t.medianDays).toBe(medianDays);
    expect(t.within30).toBe(within30);
    expect(t.within30Rate).toBe(n === 0 ? null : within30 / n);
  });

  // pendingOver30 as of T = 2024-03-31 (T − 30 = 2024-03-01)
  test.each([
    ['referred T−30, not started', '2024-03-01', null, 1],
    ['referred T−29, not started', '2024-03-02', null, 0],
    ['referred long ago, not started', '2023-11-01', null, 1],
    ['referred T−30, started on T', '2024-03-01', '2024-03-31', 0],
    ['referred T−30, started after T', '2024-03-01', '2024-04-01', 1],
    ['started before the period', '2024-01-01', '2024-02-01', 0],
  ] as const)('%s → pendingOver30 %i', (_label, referredOn, startedOn, pending) => {
    expect(outcomes({ referrals: [ref('r1', referredOn, startedOn)] }).timeToService.pendingOver30).toBe(pending);
  });

  test('closures by reason in the period; a missing reason is unknown', () => {
    const r = outcomes({
      closures: [
        { clientId: 'c1', closedOn: '2024-03-01', closureReason: 'deceased' },
        { clientId: 'c2', closedOn: '2024-03-31', closureReason: 'deceased' },
        { clientId: 'c3', closedOn: '2024-03-15', closureReason: null },
        { clientId: 'c4', closedOn: '2024-03-15', closureReason: 'moved' },
        { clientId: 'c5', closedOn: '2024-02-29', closureReason: 'moved' },
        { clientId: 'c6', closedOn: null, closureReason: null },
      ],
    });
    expect(r.closures).toEqual({ deceased: 2, moved: 1, unknown: 1 });
  });

  test('monthly: flows by calendar month, pendingOver30 as of each month end (or T)', () => {
    const r = outcomes({
      from: '2024-01-15',
      to: '2024-03-10',
      goals: [goal('g1', 'met', '2024-01-14'), goal('g2', 'met', '2024-01-15'), goal('g3', 'not_met', '2024-02-29')],
      referrals: [ref('r1', '2023-12-20', '2024-02-10'), ref('r2', '2024-01-05', null), ref('r3', '2024-02-09', null)],
      closures: [{ clientId: 'c1', closedOn: '2024-03-10', closureReason: 'moved' }],
    });
    expect(r.monthly.map((m) => [m.month, m.asOf, m.goals.met, m.goals.notMet, m.timeToService.n, m.timeToService.pendingOver30])).toEqual([
      // 2024-01-31: r1 (referred 12-20 ≤ 01-01, not started) pending; r2 referred 01-05 > 01-01
      ['2024-01', '2024-01-31', 1, 0, 0, 1],
      // 2024-02-29: r1 started 02-10; r2 (01-05 ≤ 01-30) pending; r3 02-09 > 01-30
      ['2024-02', '2024-02-29', 0, 1, 1, 1],
      // 2024-03-10: r2 and r3 (02-09 ≤ 02-09) pending
      ['2024-03', '2024-03-10', 0, 0, 0, 2],
    ]);
    expect(r.monthly[2]?.closures).toEqual({ moved: 1 });
    expect(r.timeToService.pendingOver30).toBe(2);
  });
});

// ---------------------------------------------------------------- providers

describe('contracted providers', () => {
  test('per provider: made, started, median, within 30, pending, and q6 from responses naming it', () => {
    const r = computeProvidersReport({
      from: F,
      to: T,
      providerIds: ['V0', 'V1', 'V2'],
      referrals: [
        ref('r1', '2024-03-02', '2024-03-12', 'V1'), // made and started: 10 days
        ref('r2', '2024-02-01', '2024-03-05', 'V1'), // started: 33 days
        ref('r3', '2024-03-20', null, 'V1'), // made, not pending (T−30 = 03-01)
        ref('r4', '2024-01-15', null, 'V1'), // pending
        ref('r5', '2024-02-15', '2024-04-02', 'V2'), // pending as of T
        ref('r6', '2024-03-31', '2024-03-31', 'V2'), // made and started: 0 days
      ],
      responses: [
        resp('s1', { providerId: 'V1', q6: 5 }),
        resp('s2', { providerId: 'V1', q6: 3 }),
        resp('s3', { providerId: 'V1', q6: null, q1: 4 }),
        resp('s4', { providerId: 'V1', q6: 4, receivedOn: '2024-04-01' }),
        resp('s5', { providerId: 'V3', q6: 4 }),
      ],
    });
    expect(r.providers.map(({ monthly: _m, ...p }) => p)).toEqual([
      {
        providerId: 'V0',
        referrals: 0,
        started: 0,
        medianDaysToStart: null,
        within30: 0,
        within30Rate: null,
        pendingOver30: 0,
        q6: { n: 0, top2: null },
      },
      {
        providerId: 'V1',
        referrals: 2,
        started: 2,
        medianDaysToStart: 21.5,
        within30: 1,
        within30Rate: 0.5,
        pendingOver30: 1,
        q6: { n: 2, top2: 0.5 },
      },
      {
        providerId: 'V2',
        referrals: 1,
        started: 1,
        medianDaysToStart: 0,
        within30: 1,
        within30Rate: 1,
        pendingOver30: 1,
        q6: { n: 0, top2: null },
      },
      {
        providerId: 'V3',
        referrals: 0,
        started: 0,
        medianDaysToStart: null,
        within30: 0,
        within30Rate: null,
        pendingOver30: 0,
        q6: { n: 1, top2: 1 },
      },
    ]);
  });

  test('monthly per provider, pending as of each month end', () => {
    const r = computeProvidersReport({
      from: '2024-02-01',
      to: '2024-03-15',
      referrals: [ref('r1', '2024-01-10', '2024-03-01', 'V1'), ref('r2', '2024-02-20', null, 'V1')],
      responses: [],
    });
    expect(r.providers[0]?.monthly).toEqual([
      {
        month: '2024-02',
        asOf: '2024-02-29',
        referrals: 1,
        started: 0,
        medianDaysToStart: null,
        within30: 0,
        within30Rate: null,
        pendingOver30: 1,
      },
      {
        month: '2024-03',
        asOf: '2024-03-15',
        referrals: 0,
        started: 1,
        medianDaysToStart: 51,
        within30: 0,
        within30Rate: 0,
        pendingOver30: 0,
      },
    ]);
  });
});

// ---------------------------------------------------------------- quality reviews

function review(reviewId: string, o: Partial<QaReviewRow> = {}): QaReviewRow {
  return {
    reviewId,
    reviewedOn: '2024-03-10',
    score: 90,
    hasCorrectiveAction: false,
    actionDueOn: null,
    actionClosedOn: null,
    ...o,
  };
}

function qa(reviews: QaReviewRow[], qaPassScore = 85, from = F, to = T) {
  return computeQaReport({ from, to, reviews, qaPassScore });
}

describe('quality reviews and corrective measures', () => {
  test('an empty period', () => {
    const r = qa([]);
    expect(r.reviews).toEqual({ n: 0, meanScore: null, passed: 0, passRate: null });
    expect(r.actions).toEqual({ open: 0, overdue: 0, closedInPeriod: 0, medianDaysToClose: null });
  });

  test.each([
    ['score exactly the pass score passes', [85, 84.9, 100], 85, 2, (85 + 84.9 + 100) / 3],
    ['a higher pass score', [85, 84.9, 100], 90, 1, (85 + 84.9 + 100) / 3],
    ['one review', [0], 85, 0, 0],
  ] as const)('%s', (_label, scores, pass, passed, meanScore) => {
    const r = qa(
      scores.map((score, i) => review(`v${i}`, { score })),
      pass,
    );
    expect(r.reviews.n).toBe(scores.length);
    expect(r.reviews.passed).toBe(passed);
    expect(r.reviews.passRate).toBe(passed / scores.length);
    expect(r.reviews.meanScore).toBeCloseTo(meanScore, 12);
  });

  test('reviews outside the period are not counted', () => {
    const r = qa([review('a', { reviewedOn: '2024-02-29' }), review('b', { reviewedOn: '2024-04-01' }), review('c', { reviewedOn: T })]);
    expect(r.reviews.n).toBe(1);
  });

  // one corrective action, as of T = 2024-03-31 → open, overdue, closedInPeriod, days to close
  test.each([
    ['open, due before T: overdue', { actionDueOn: '2024-03-30' }, 1, 1, 0, null],
    ['open, due exactly T: not overdue', { actionDueOn: T }, 1, 0, 0, null],
    ['open, due after T', { actionDueOn: '2024-04-15' }, 1, 0, 0, null],
    [
      'closed after the period: still open as of T, not closed in the period',
      { actionDueOn: '2024-03-20', actionClosedOn: '2024-04-05' },
      1,
      1,
      0,
      null,
    ],
    ['closed on T: closed, closed in the period', { actionDueOn: '2024-03-20', actionClosedOn: T }, 0, 0, 1, 21],
    ['closed on F', { actionDueOn: '2024-03-20', actionClosedOn: F, reviewedOn: '2024-02-20' }, 0, 0, 1, 10],
    ['closed before the period', { actionDueOn: '2024-02-20', actionClosedOn: '2024-02-29', reviewedOn: '2024-02-01' }, 0, 0, 0, null],
    ['reviewed before the period, still open', { reviewedOn: '2023-12-01', actionDueOn: '2024-01-01' }, 1, 1, 0, null],
    ['reviewed after T: not yet', { reviewedOn: '2024-04-01', actionDueOn: '2024-04-10' }, 0, 0, 0, null],
  ] as const)('%s', (_label, o, open, overdue, closedInPeriod, medianDaysToClose) => {
    const r = qa([review('v1', { hasCorrectiveAction: true, ...o })]);
    expect(r.actions).toEqual({ open, overdue, closedInPeriod, medianDaysToClose });
  });

  test('a review without a corrective action has no action to track', () => {
    expect(qa([review('v1', { actionDueOn: '2024-03-01' })]).actions).toEqual({
      open: 0,
      overdue: 0,
      closedInPeriod: 0,
      medianDaysToClose: null,
    });
  });

  test.each([
    [[5, 9, 20], 9],
    [[5, 9, 20, 30], 14.5],
  ])('median days to close of %j is %d', (days, median) => {
    const reviews = days.map((d, i) => {
      const closed = new Date(Date.UTC(2024, 2, 1 + d)).toISOString().slice(0, 10);
      return review(`v${i}`, { reviewedOn: '2024-03-01', hasCorrectiveAction: true, actionDueOn: '2024-05-01', actionClosedOn: closed });
    });
    expect(qa(reviews, 85, '2024-03-01', '2024-04-30').actions.medianDaysToClose).toBe(median);
  });

  test('monthly: reviews by month, open and overdue as of each month end', () => {
    const r = qa(
      [
        review('v1', {
          reviewedOn: '2024-01-20',
          score: 80,
          hasCorrectiveAction: true,
          actionDueOn: '2024-01-31',
          actionClosedOn: '2024-02-10',
        }),
        review('v2', { reviewedOn: '2024-02-05', score: 95 }),
        review('v3', { reviewedOn: '2024-02-06', score: 70, hasCorrectiveAction: true, actionDueOn: '2024-02-29' }),
      ],
      85,
      '2024-01-01',
      '2024-03-15',
    );
    expect(r.monthly).toEqual([
      {
        month: '2024-01',
        asOf: '2024-01-31',
        reviews: { n: 1, meanScore: 80, passed: 0, passRate: 0 },
        actions: { open: 1, overdue: 0, closedInPeriod: 0, medianDaysToClose: null },
      },
      {
        month: '2024-02',
        asOf: '2024-02-29',
        reviews: { n: 2, meanScore: 82.5, passed: 1, passRate: 0.5 },
        actions: { open: 1, overdue: 0, closedInPeriod: 1, medianDaysToClose: 21 },
      },
      {
        month: '2024-03',
        asOf: '2024-03-15',
        reviews: { n: 0, meanScore: null, passed: 0, passRate: null },
        actions: { open: 1, overdue: 1, closedInPeriod: 0, medianDaysToClose: null },
      },
    ]);
  });
});

// ---------------------------------------------------------------- calendar helpers

describe('standard 8 calendar and statistics helpers', () => {
  test.each([
    ['2024-02-01', '2024-03-01', 29],
    ['2023-02-01', '2023-03-01', 28],
    ['2023-12-31', '2024-01-01', 1],
    ['2024-03-10', '2024-03-31', 21],
    ['2024-03-31', '2024-03-10', -21],
    ['2024-03-09', '2024-11-04', 240],
  ])('daysBetween(%s, %s) = %i', (a, b, n) => {
    expect(daysBetween(a, b)).toBe(n);
    expect(addDays(a, n)).toBe(b);
  });

  test.each([
    ['2024-02', '2024-02-29'],
    ['2023-02', '2023-02-28'],
    ['2024-12', '2024-12-31'],
    ['2024-04', '2024-04-30'],
  ])('the last day of %s is %s', (m, d) => {
    expect(lastDayOfMonth(m)).toBe(d);
  });

  test('months of a period across a year end, with partial first and last months', () => {
    expect(monthsOf('2023-11-15', '2024-02-01')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(monthWindows('2023-12-15', '2024-02-10')).toEqual([
      { month: '2023-12', start: '2023-12-15', asOf: '2023-12-31' },
      { month: '2024-01', start: '2024-01-01', asOf: '2024-01-31' },
      { month: '2024-02', start: '2024-02-01', asOf: '2024-02-10' },
    ]);
    expect(monthWindows('2024-03-05', '2024-03-05')).toEqual([{ month: '2024-03', start: '2024-03-05', asOf: '2024-03-05' }]);
  });

  test.each([
    [[], null],
    [[7], 7],
    [[3, 1], 2],
    [[9, 1, 5], 5],
    [[4, 1, 3, 2], 2.5],
    [[0, 0, 31, 30], 15],
  ])('median of %j is %j', (values, m) => {
    expect(median(values)).toBe(m);
  });

  test('a response with every item blank counts as a response and in no item', () => {
    const r = feedback([], [resp('r1', {})]);
    expect(r.responses).toBe(1);
    expect(r.items.every((it) => it.n === 0 && it.mean === null && it.top2 === null)).toBe(true);
  });
});
