/**
 * Standard 8 queries on both drivers: which rows each loader selects (the period
 * windows, the program and team filters), the SQL per-item counts against
 * hand-computed values, the tallies the database counts (loadFeedbackTallies,
 * loadOutcomesTallies, loadProvidersTallies) against the pure formulas over the rows, and
 * the survey comments.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createAgency,
  type DbHandle,
  listCorrectiveActions,
  listSurveyComments,
  loadFeedbackRows,
  loadFeedbackTallies,
  loadOutcomesRows,
  loadOutcomesTallies,
  loadProvidersRows,
  loadProvidersTallies,
  loadQaRows,
  type Standard8Scope,
} from '../src/index.ts';
import {
  computeFeedbackReport,
  computeOutcomesReport,
  computeProvidersReport,
  feedbackReportFromTallies,
  outcomesReportFromTallies,
  providersReportFromTallies,
} from '@caseload/metrics';
import { createTestDb, testDrivers } from '../src/testing.ts';
import { feedbackItemCounts } from './sql-twins.ts';

const A = 'a8';
const F = '2024-03-01';
const T = '2024-03-31';

type Answers = Partial<Record<'q1' | 'q2' | 'q3' | 'q4' | 'q5' | 'q6' | 'q7' | 'q8', number>>;

async function seed(h: DbHandle) {
  const db = h.db;
  await createAgency(db, { agencyId: A, name: 'Standard 8 agency', settings: {} });
  // another agency's rows must never show
  await createAgency(db, { agencyId: 'other', name: 'Other', settings: {} });
  await db
    .insertInto('programs')
    .values([
      { agency_id: A, program_id: 'P1', name: 'Title III', funder: null },
      { agency_id: A, program_id: 'P2', name: 'Waiver', funder: null },
      { agency_id: 'other', program_id: 'P1', name: 'Other program', funder: null },
    ])
    .execute();
  await db
    .insertInto('teams')
    .values([
      { agency_id: A, team_id: 'TA', name: 'North', supervisor_staff_id: null },
      { agency_id: A, team_id: 'TB', name: 'South', supervisor_staff_id: null },
    ])
    .execute();
  await db
    .insertInto('staff')
    .values(
      (
        [
          ['S1', 'TA'],
          ['S2', 'TB'],
          ['S3', null],
        ] as const
      ).map(([staff_id, team_id]) => ({
        agency_id: A,
        staff_id,
        name: staff_id,
        role: 'case_manager' as const,
        team_id,
        caseload_fte: 1,
        languages: ['en'],
      })),
    )
    .execute();
  await db
    .insertInto('providers')
    .values([
      { agency_id: A, provider_id: 'V1', name: 'Meals', service_types: [] },
      { agency_id: A, provider_id: 'V2', name: 'Homecare', service_types: [] },
      { agency_id: A, provider_id: 'V3', name: 'Idle', service_types: [] },
    ])
    .execute();
  await db
    .insertInto('clients')
    .values([
      { agency_id: A, client_id: 'c1', program_id: 'P1', enrolled_on: '2023-01-01' },
      { agency_id: A, client_id: 'c2', program_id: 'P1', enrolled_on: '2023-01-01' },
      { agency_id: A, client_id: 'c3', program_id: 'P2', enrolled_on: '2023-01-01' },
      { agency_id: A, client_id: 'c4', program_id: 'P2', enrolled_on: '2023-01-01', closed_on: '2024-03-15', closure_reason: 'moved' },
      { agency_id: A, client_id: 'c5', program_id: 'P1', enrolled_on: '2023-01-01', closed_on: '2024-03-20', closure_reason: null },
      { agency_id: A, client_id: 'c6', program_id: 'P2', enrolled_on: '2023-01-01', closed_on: '2024-04-02', closure_reason: 'deceased' },
      {
        agency_id: 'other',
        client_id: 'c1',
        program_id: 'P1',
        enrolled_on: '2023-01-01',
        closed_on: '2024-03-10',
        closure_reason: 'moved',
      },
    ])
    .execute();
  await db
    .insertInto('assignments')
    .values([
      { agency_id: A, client_id: 'c1', staff_id: 'S1', start_on: '2024-01-01', end_on: null },
      // c2 left TA the day the period starts: not held by TA in the period
      { agency_id: A, client_id: 'c2', staff_id: 'S1', start_on: '2024-01-01', end_on: '2024-03-01' },
      { agency_id: A, client_id: 'c2', staff_id: 'S2', start_on: '2024-03-01', end_on: null },
      { agency_id: A, client_id: 'c3', staff_id: 'S2', start_on: '2024-01-01', end_on: null },
      { agency_id: A, client_id: 'c4', staff_id: 'S1', start_on: '2024-02-01', end_on: '2024-03-15' },
      // c5 is held only after the period
      { agency_id: A, client_id: 'c5', staff_id: 'S2', start_on: '2024-04-01', end_on: null },
      { agency_id: A, client_id: 'c6', staff_id: 'S3', start_on: '2024-01-01', end_on: null },
    ])
    .execute();
  await db
    .insertInto('survey_invitations')
    .values([
      { agency_id: A, invitation_id: 'i1', client_id: 'c3', sent_on: '2024-02-25' },
      { agency_id: A, invitation_id: 'i2', client_id: 'c4', sent_on: '2024-03-20' },
      { agency_id: A, invitation_id: 'i3', client_id: 'c1', sent_on: '2024-03-05' },
      { agency_id: A, invitation_id: 'i4', client_id: 'c2', sent_on: '2024-04-01' },
    ])
    .execute();
  const response = (
    response_id: string,
    received_on: string,
    program_id: string,
    staff_id: string | null,
    provider_id: string | null,
    answers: Answers,
    comment: string | null = null,
    invitation_id: string | null = null,
  ) => ({ agency_id: A, response_id, received_on, program_id, staff_id, provider_id, comment, invitation_id, ...answers });
  await db
    .insertInto('survey_responses')
    .values([
      response('r1', '2024-03-02', 'P1', 'S1', 'V1', { q1: 5, q2: 4, q6: 5 }, 'Very helpful'),
      response('r2', '2024-03-05', 'P1', 'S1', null, { q1: 4, q2: 4, q3: 3 }, 'Reached 100% of goals_ok'),
      response('r3', '2024-03-10', 'P2', 'S2', 'V1', { q1: 2, q6: 2 }),
      response('r4', '2024-03-31', 'P2', 'S3', 'V2', { q1: 3, q2: 1, q6: 4 }, '   '),
      response('r5', '2024-03-15', 'P1', null, null, { q1: 1, q8: 5 }, 'very HELPFUL staff'),
      response('r6', '2024-02-29', 'P1', 'S1', 'V1', { q1: 5 }, 'old'),
      response('r7', '2024-04-01', 'P2', 'S2', null, { q1: 5 }, null, 'i2'),
      response('r8', '2024-03-01', 'P2', 'S2', 'V2', { q1: 4, q2: 5, q6: 3 }, 'On 1st', 'i1'),
    ])
    .execute();
  await db
    .insertInto('survey_responses')
    .values({ agency_id: 'other', response_id: 'r1', received_on: '2024-03-02', program_id: 'P1', q1: 1, comment: 'elsewhere helpful' })
    .execute();
  await db
    .insertInto('goals')
    .values([
      { agency_id: A, goal_id: 'g1', client_id: 'c1', set_on: '2024-01-01', status: 'met', resolved_on: '2024-03-10' },
      { agency_id: A, goal_id: 'g2', client_id: 'c2', set_on: '2024-01-01', status: 'withdrawn', resolved_on: '2024-03-31' },
      { agency_id: A, goal_id: 'g3', client_id: 'c3', set_on: '2024-01-01', status: 'not_met', resolved_on: '2024-02-28' },
      { agency_id: A, goal_id: 'g4', client_id: 'c4', set_on: '2024-01-01', status: 'partially_met', resolved_on: '2024-03-01' },
      { agency_id: A, goal_id: 'g5', client_id: 'c1', set_on: '2024-01-01', status: 'open', resolved_on: null },
    ])
    .execute();
  const assessment = (assessment_id: string, client_id: string, assessed_on: string, adl_deficits: number | null) => ({
    agency_id: A,
    assessment_id,
    client_id,
    assessed_on,
    kind: 'reassessment' as const,
    adl_deficits,
  });
  await db
    .insertInto('assessments')
    .values([
      assessment('a1', 'c1', '2023-12-01', 3),
      assessment('a2', 'c1', '2024-02-01', 4),
      assessment('a2x', 'c1', '2024-02-01', 5),
      assessment('a3', 'c1', '2024-03-10', 2),
      assessment('b1', 'c2', '2024-03-05', 1),
      assessment('b10', 'c2', '2024-03-05', null),
      assessment('x1', 'c3', '2024-01-15', 2),
      assessment('y1', 'c4', '2024-04-02', 2),
    ])
    .execute();
  await db
    .insertInto('referrals')
    .values([
      { agency_id: A, referral_id: 'f1', client_id: 'c1', provider_id: 'V1', referred_on: '2024-01-10', started_on: '2024-03-05' },
      { agency_id: A, referral_id: 'f2', client_id: 'c1', provider_id: 'V1', referred_on: '2024-01-10', started_on: '2024-02-20' },
      { agency_id: A, referral_id: 'f3', client_id: 'c3', provider_id: 'V2', referred_on: '2024-02-01', started_on: null },
      { agency_id: A, referral_id: 'f4', client_id: 'c4', provider_id: 'V2', referred_on: '2024-04-01', started_on: null },
      { agency_id: A, referral_id: 'f5', client_id: 'c2', provider_id: 'V1', referred_on: '2024-03-15', started_on: '2024-04-10' },
    ])
    .execute();
  const review = (
    review_id: string,
    client_id: string,
    staff_id: string,
    reviewed_on: string,
    score: number,
    action: { due: string; closed: string | null } | null = null,
  ) => ({
    agency_id: A,
    review_id,
    client_id,
    staff_id,
    reviewed_on,
    score,
    corrective_action: action ? 'Update the service plan' : null,
    action_due_on: action?.due ?? null,
    action_closed_on: action?.closed ?? null,
  });
  await db
    .insertInto('qa_reviews')
    .values([
      review('q1', 'c1', 'S1', '2024-03-10', 90),
      review('q2', 'c3', 'S2', '2024-02-10', 70.5, { due: '2024-03-01', closed: null }),
      review('q3', 'c3', 'S2', '2024-01-10', 80, { due: '2024-02-01', closed: '2024-02-15' }),
      review('q4', 'c2', 'S1', '2024-02-01', 95),
      review('q5', 'c1', 'S1', '2024-04-01', 60, { due: '2024-04-10', closed: null }),
      review('q6', 'c4', 'S3', '2024-01-20', 75, { due: '2024-02-20', closed: '2024-03-31' }),
    ])
    .execute();
}

describe.each(testDrivers())('standard 8 queries on %s', (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await seed(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  test('feedback rows: invitations sent in the period with their first response whenever it came', async () => {
    const rows = await loadFeedbackRows(h.db, A, { from: F, to: T });
    expect(rows.invitations).toEqual([
      { invitationId: 'i2', sentOn: '2024-03-20', responseReceivedOn: '2024-04-01' },
      { invitationId: 'i3', sentOn: '2024-03-05', responseReceivedOn: null },
    ]);
    expect(rows.responses.map((r) => r.responseId)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r8']);
    expect(rows.responses[0]).toEqual({
      responseId: 'r1',
      invitationId: null,
      programId: 'P1',
      staffId: 'S1',
      providerId: 'V1',
      receivedOn: '2024-03-02',
      q1: 5,
      q2: 4,
      q3: null,
      q4: null,
      q5: null,
      q6: 5,
      q7: null,
      q8: null,
    });
    expect(rows.staffTeams).toEqual([
      { staffId: 'S1', teamId: 'TA' },
      { staffId: 'S2', teamId: 'TB' },
      { staffId: 'S3', teamId: null },
    ]);
  });

  test.each([
    ['program P1', { programIds: ['P1'] }, ['i3'], ['r1', 'r2', 'r5']],
    ['program P2', { programIds: ['P2'] }, ['i2'], ['r3', 'r4', 'r8']],
    ['team TA: clients it held in the period, responses of its staff', { teamIds: ['TA'] }, ['i2', 'i3'], ['r1', 'r2']],
    ['team TB', { teamIds: ['TB'] }, [], ['r3', 'r8']],
    ['program P1 and team TA', { programIds: ['P1'], teamIds: ['TA'] }, ['i3'], ['r1', 'r2']],
    ['no programs: nothing', { programIds: [] }, [], []],
    ['no teams: nothing', { teamIds: [] }, [], []],
  ])('feedback scope: %s', async (_label, filter, invitations, responses) => {
    const rows = await loadFeedbackRows(h.db, A, { from: F, to: T, ...filter });
    expect(rows.invitations.map((i) => i.invitationId)).toEqual(invitations);
    expect(rows.responses.map((r) => r.responseId)).toEqual(responses);
  });

  // hand-computed from r1, r2, r3, r4, r5, r8 (see seed)
  test.each([
    [
      'all',
      {},
      {
        q1: [6, 19, 3, [1, 1, 1, 2, 1]],
        q2: [4, 14, 3, [1, 0, 0, 2, 1]],
        q3: [1, 3, 0, [0, 0, 1, 0, 0]],
        q6: [4, 14, 2, [0, 1, 1, 1, 1]],
        q8: [1, 5, 1, [0, 0, 0, 0, 1]],
      },
    ],
    [
      'program P1',
      { programIds: ['P1'] },
      {
        q1: [3, 10, 2, [1, 0, 0, 1, 1]],
        q2: [2, 8, 2, [0, 0, 0, 2, 0]],
        q3: [1, 3, 0, [0, 0, 1, 0, 0]],
        q6: [1, 5, 1, [0, 0, 0, 0, 1]],
        q8: [1, 5, 1, [0, 0, 0, 0, 1]],
      },
    ],
    [
      'team TA',
      { teamIds: ['TA'] },
      { q1: [2, 9, 2, [0, 0, 0, 1, 1]], q2: [2, 8, 2, [0, 0, 0, 2, 0]], q3: [1, 3, 0, [0, 0, 1, 0, 0]], q6: [1, 5, 1, [0, 0, 0, 0, 1]] },
    ],
    ['team TB', { teamIds: ['TB'] }, { q1: [2, 6, 1, [0, 1, 0, 1, 0]], q2: [1, 5, 1, [0, 0, 0, 0, 1]], q6: [2, 5, 0, [0, 1, 1, 0, 0]] }],
    ['no programs', { programIds: [] }, {}],
  ] as const)('SQL item counts, %s', async (_label, filter, expected) => {
    const counts = await feedbackItemCounts(h.db, A, { from: F, to: T, ...filter });
    expect(counts.map((c) => c.item)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8']);
    for (const c of counts) {
      const e = (expected as Record<string, readonly [number, number, number, readonly number[]]>)[c.item] ?? [0, 0, 0, [0, 0, 0, 0, 0]];
      expect([c.n, c.sum, c.top2Count, c.distribution], c.item).toEqual([e[0], e[1], e[2], e[3]]);
    }
  });

  test('outcomes rows: goals resolved, assessments with their predecessor, referrals that can count, closures', async () => {
    const rows = await loadOutcomesRows(h.db, A, { from: F, to: T });
    expect(rows.goals).toEqual([
      { goalId: 'g1', clientId: 'c1', status: 'met', resolvedOn: '2024-03-10' },
      { goalId: 'g2', clientId: 'c2', status: 'withdrawn', resolvedOn: '2024-03-31' },
      { goalId: 'g4', clientId: 'c4', status: 'partially_met', resolvedOn: '2024-03-01' },
    ]);
    // c1: the latest before the period is a2x (same day as a2, greater id), then a3
    expect(rows.assessments).toEqual([
      { assessmentId: 'a2x', clientId: 'c1', assessedOn: '2024-02-01', adlDeficits: 5 },
      { assessmentId: 'a3', clientId: 'c1', assessedOn: '2024-03-10', adlDeficits: 2 },
      { assessmentId: 'b1', clientId: 'c2', assessedOn: '2024-03-05', adlDeficits: 1 },
      { assessmentId: 'b10', clientId: 'c2', assessedOn: '2024-03-05', adlDeficits: null },
    ]);
    expect(rows.referrals).toEqual([
      { referralId: 'f1', clientId: 'c1', providerId: 'V1', referredOn: '2024-01-10', startedOn: '2024-03-05' },
      { referralId: 'f3', clientId: 'c3', providerId: 'V2', referredOn: '2024-02-01', startedOn: null },
      { referralId: 'f5', clientId: 'c2', providerId: 'V1', referredOn: '2024-03-15', startedOn: '2024-04-10' },
    ]);
    expect(rows.closures).toEqual([
      { clientId: 'c4', closedOn: '2024-03-15', closureReason: 'moved' },
      { clientId: 'c5', closedOn: '2024-03-20', closureReason: null },
    ]);
  });

  test.each([
    ['team TA', { teamIds: ['TA'] }, ['g1', 'g4'], ['a2x', 'a3'], ['f1'], ['c4']],
    ['team TB', { teamIds: ['TB'] }, ['g2'], ['b1', 'b10'], ['f3', 'f5'], []],
    ['program P2', { programIds: ['P2'] }, ['g4'], [], ['f3'], ['c4']],
    ['no teams', { teamIds: [] }, [], [], [], []],
  ])('outcomes scope: %s', async (_label, filter, goals, assessments, referrals, closures) => {
    const rows = await loadOutcomesRows(h.db, A, { from: F, to: T, ...filter });
    expect(rows.goals.map((g) => g.goalId)).toEqual(goals);
    expect(rows.assessments.map((a) => a.assessmentId)).toEqual(assessments);
    expect(rows.referrals.map((r) => r.referralId)).toEqual(referrals);
    expect(rows.closures.map((c) => c.clientId)).toEqual(closures);
  });

  test('provider rows: every provider of the agency, referrals, responses naming a provider', async () => {
    const rows = await loadProvidersRows(h.db, A, { from: F, to: T });
    expect(rows.providerIds).toEqual(['V1', 'V2', 'V3']);
    expect(rows.referrals.map((r) => r.referralId)).toEqual(['f1', 'f3', 'f5']);
    expect(rows.responses.map((r) => [r.responseId, r.providerId, r.q6])).toEqual([
      ['r1', 'V1', 5],
      ['r3', 'V1', 2],
      ['r4', 'V2', 4],
      ['r8', 'V2', 3],
    ]);
  });

  test.each([
    ['all', {}, ['q1', 'q2', 'q6']],
    ['team TA (the reviewed staff member)', { teamIds: ['TA'] }, ['q1']],
    ['program P2 (the client)', { programIds: ['P2'] }, ['q2', 'q6']],
    ['no programs', { programIds: [] }, []],
  ])('quality reviews, %s: in the period or with an action not closed before it', async (_label, filter, ids) => {
    const { reviews } = await loadQaRows(h.db, A, { from: F, to: T, ...filter });
    expect(reviews.map((r) => r.reviewId)).toEqual(ids);
    if (ids.includes('q2')) {
      expect(reviews.find((r) => r.reviewId === 'q2')).toEqual({
        reviewId: 'q2',
        reviewedOn: '2024-02-10',
        score: 70.5,
        hasCorrectiveAction: true,
        actionDueOn: '2024-03-01',
        actionClosedOn: null,
      });
    }
  });

  test.each([
    [
      'newest first, blanks left out, no ids',
      { programIds: null },
      4,
      ['very HELPFUL staff', 'Reached 100% of goals_ok', 'Very helpful', 'On 1st'],
    ],
    ['search ignores case', { programIds: null, search: 'helpful' }, 2, ['very HELPFUL staff', 'Very helpful']],
    ['a % in the search is a percent sign', { programIds: null, search: '%' }, 1, ['Reached 100% of goals_ok']],
    ['an _ in the search is an underscore', { programIds: null, search: 's_' }, 1, ['Reached 100% of goals_ok']],
    ['program P2', { programIds: ['P2'] }, 1, ['On 1st']],
    ['no programs', { programIds: [] }, 0, []],
    ['a page', { programIds: null, limit: 2, offset: 1 }, 4, ['Reached 100% of goals_ok', 'Very helpful']],
  ])('survey comments: %s', async (_label, filter, total, texts) => {
    const r = await listSurveyComments(h.db, A, { from: F, to: T, limit: 50, offset: 0, ...filter });
    expect(r.total).toBe(total);
    expect(r.comments.map((c) => c.comment)).toEqual(texts);
    for (const c of r.comments) expect(Object.keys(c).sort()).toEqual(['comment', 'programId', 'programName', 'receivedOn']);
    if (texts[0] === 'On 1st')
      expect(r.comments[0]).toEqual({ comment: 'On 1st', receivedOn: '2024-03-01', programId: 'P2', programName: 'Waiver' });
  });

  // the services' path (tallies counted in SQL → *ReportFromTallies) against the definition (rows → compute*Report)
  const periods = [
    [F, T],
    ['2024-01-01', '2024-04-30'],
    ['2024-03-10', '2024-03-10'],
    ['2023-12-15', '2024-04-10'],
  ] as const;
  const scopes: Array<[string, Partial<Standard8Scope>]> = [
    ['the agency', {}],
    ['team TA', { teamIds: ['TA'] }],
    ['teams TA and TB', { teamIds: ['TA', 'TB'] }],
    ['program P2', { programIds: ['P2'] }],
    ['program P1 and team TA', { programIds: ['P1'], teamIds: ['TA'] }],
    ['no teams', { teamIds: [] }],
  ];
  test.each(periods.flatMap(([from, to]) => scopes.map(([label, filter]) => [from, to, label, filter] as const)))(
    'SQL tallies give the reports of the rows, %s to %s, %s',
    async (from, to, _label, filter) => {
      const scope = { from, to, ...filter };
      const [fRows, fTallies, oRows, oTallies, pRows, pTallies] = await Promise.all([
        loadFeedbackRows(h.db, A, scope),
        loadFeedbackTallies(h.db, A, scope),
        loadOutcomesRows(h.db, A, scope),
        loadOutcomesTallies(h.db, A, scope),
        loadProvidersRows(h.db, A, scope),
        loadProvidersTallies(h.db, A, scope),
      ]);
      const feedback = feedbackReportFromTallies(from, to, fTallies);
      expect(JSON.stringify(feedback)).toBe(JSON.stringify(computeFeedbackReport({ from, to, ...fRows })));
      const outcomes = outcomesReportFromTallies(from, to, oTallies);
      expect(JSON.stringify(outcomes)).toBe(JSON.stringify(computeOutcomesReport({ from, to, ...oRows })));
      const providers = providersReportFromTallies(from, to, pTallies);
      expect(JSON.stringify(providers)).toBe(JSON.stringify(computeProvidersReport({ from, to, ...pRows })));
    },
  );

  test('SQL tallies, hand-computed: March for the agency', async () => {
    const t = await loadFeedbackTallies(h.db, A, { from: F, to: T });
    // r1, r2, r3, r4, r5, r8 (see seed); q1 answers 1..5: 1, 1, 1, 2, 1
    expect(t.total.responses).toBe(6);
    expect(t.total.answers.slice(0, 5)).toEqual([1, 1, 1, 2, 1]);
    expect(t.invitations).toEqual([{ month: '2024-03', sent: 2, responded: 1 }]);
    const o = await loadOutcomesTallies(h.db, A, { from: F, to: T });
    const byMonth = <X extends { count: number }>(xs: X[], key: (x: X) => string) => Object.fromEntries(xs.map((x) => [key(x), x.count]));
    expect(byMonth(o.goals, (g) => g.status)).toEqual({ met: 1, withdrawn: 1, partially_met: 1 });
    // c1: a2x (5) → a3 (2) improved; c2: b1 has no predecessor, b10 has no deficits
    expect(o.functional).toEqual([{ month: '2024-03', change: 'improved', count: 1 }]);
    expect(byMonth(o.closures, (c) => c.reason)).toEqual({ moved: 1, unknown: 1 });
    // f1: referred 2024-01-10, started 2024-03-05 (55 days); f3 (referred 2024-02-01) pending on 2024-03-31
    expect(o.referrals.started).toEqual([{ month: '2024-03', days: 55, count: 1 }]);
    expect(o.referrals.pending).toEqual([{ providerId: 'V2', month: '2024-03', change: 1 }]);
    // January to April (as of Jan 31, Feb 29, Mar 31, Apr 30): f1 pending on Feb 29 only (started Mar 5);
    // f3 from Mar 31 on; f2 started (Feb 20) and f5 started (Apr 10) before they were 30 days old; f4 is too recent
    const four = await loadOutcomesTallies(h.db, A, { from: '2024-01-01', to: '2024-04-30' });
    const key = (x: { providerId: string; month: string }) => `${x.providerId} ${x.month}`;
    expect([...four.referrals.pending].sort((x, y) => (key(x) < key(y) ? -1 : 1))).toEqual([
      { providerId: 'V1', month: '2024-02', change: 1 },
      { providerId: 'V1', month: '2024-03', change: -1 },
      { providerId: 'V2', month: '2024-03', change: 1 },
    ]);
  });

  test('a reversed period is refused before any query', async () => {
    await expect(loadFeedbackRows(h.db, A, { from: T, to: F })).rejects.toThrow(/from \(2024-03-31\) is after to/);
  });
});

/**
 * Team filters follow the member's team on the day (metrics.md, "Staff on a date"):
 * S4 is on TA until 2024-03-10 and on TB from then (staff.csv says TB, today's team);
 * S5's only period ended on 2024-02-01 (staff.csv says TA). S6 has no periods (TA).
 */
describe.each(testDrivers())('standard 8 team filters on the team of the day, on %s', (driver) => {
  let h: DbHandle;
  const B = 'a8p';
  beforeAll(async () => {
    h = await createTestDb(driver);
    const db = h.db;
    await createAgency(db, { agencyId: B, name: 'Periods agency', settings: {} });
    await db.insertInto('programs').values({ agency_id: B, program_id: 'P1', name: 'Title III', funder: null }).execute();
    await db
      .insertInto('teams')
      .values([
        { agency_id: B, team_id: 'TA', name: 'North', supervisor_staff_id: null },
        { agency_id: B, team_id: 'TB', name: 'South', supervisor_staff_id: null },
      ])
      .execute();
    await db
      .insertInto('staff')
      .values(
        (
          [
            ['S4', 'TB'],
            ['S5', 'TA'],
            ['S6', 'TA'],
          ] as const
        ).map(([staff_id, team_id]) => ({
          agency_id: B,
          staff_id,
          name: staff_id,
          role: 'case_manager' as const,
          team_id,
          caseload_fte: 1,
          languages: ['en'],
        })),
      )
      .execute();
    await db
      .insertInto('staff_periods')
      .values([
        { agency_id: B, staff_id: 'S4', start_on: '2023-01-01', end_on: '2024-03-10', caseload_fte: 1, team_id: 'TA' },
        { agency_id: B, staff_id: 'S4', start_on: '2024-03-10', end_on: null, caseload_fte: 1, team_id: 'TB' },
        { agency_id: B, staff_id: 'S5', start_on: '2023-01-01', end_on: '2024-02-01', caseload_fte: 1, team_id: 'TA' },
      ])
      .execute();
    await db
      .insertInto('clients')
      .values(['c1', 'c2', 'c3'].map((client_id) => ({ agency_id: B, client_id, program_id: 'P1', enrolled_on: '2023-01-01' })))
      .execute();
    await db
      .insertInto('assignments')
      .values([
        { agency_id: B, client_id: 'c1', staff_id: 'S4', start_on: '2024-01-01', end_on: null },
        // held by S5 after S5's last period ended: on no team
        { agency_id: B, client_id: 'c2', staff_id: 'S5', start_on: '2024-02-15', end_on: null },
        { agency_id: B, client_id: 'c3', staff_id: 'S6', start_on: '2024-01-01', end_on: null },
      ])
      .execute();
    await db
      .insertInto('survey_invitations')
      .values([
        { agency_id: B, invitation_id: 'i1', client_id: 'c1', sent_on: '2024-03-20' },
        { agency_id: B, invitation_id: 'i2', client_id: 'c2', sent_on: '2024-03-20' },
        { agency_id: B, invitation_id: 'i3', client_id: 'c3', sent_on: '2024-03-20' },
      ])
      .execute();
    await db
      .insertInto('survey_responses')
      .values(
        (
          [
            ['r1', '2024-03-09', 'S4'],
            ['r2', '2024-03-10', 'S4'],
            ['r3', '2024-03-12', 'S5'],
            ['r4', '2024-03-12', 'S6'],
          ] as const
        ).map(([response_id, received_on, staff_id]) => ({ agency_id: B, response_id, received_on, program_id: 'P1', staff_id, q1: 4 })),
      )
      .execute();
    await db
      .insertInto('qa_reviews')
      .values(
        (
          [
            ['q1', 'c1', 'S4', '2024-03-09'],
            ['q2', 'c1', 'S4', '2024-03-10'],
            ['q3', 'c3', 'S6', '2024-03-10'],
          ] as const
        ).map(([review_id, client_id, staff_id, reviewed_on]) => ({
          agency_id: B,
          review_id,
          client_id,
          staff_id,
          reviewed_on,
          score: 90,
          corrective_action: 'Update the service plan',
          action_due_on: '2024-04-30',
          action_closed_on: null,
        })),
      )
      .execute();
  });
  afterAll(async () => {
    await h?.close();
  });

  test.each([
    // S4 held c1 in March while on TA (1–9) and on TB (10–31); S5 was on no team; S6 has no periods
    ['TA, all of March', '2024-03-01', '2024-03-31', ['TA'], ['i1', 'i3'], ['r1', 'r4'], ['q1', 'q3']],
    ['TB, all of March', '2024-03-01', '2024-03-31', ['TB'], ['i1'], ['r2'], ['q2']],
    // q1 (before the period) still carries an open action, so it is read: TA's, by its review day
    ['TA, from the day S4 moved', '2024-03-10', '2024-03-31', ['TA'], ['i3'], ['r4'], ['q1', 'q3']],
    ['TB, before the day S4 moved', '2024-03-01', '2024-03-09', ['TB'], [], [], []],
    ['TA, the last day on TA', '2024-03-09', '2024-03-09', ['TA'], [], ['r1'], ['q1']],
  ])('%s', async (_label, from, to, teamIds, invitations, responses, reviews) => {
    // invitations are those sent in the period: widen `to` for them only when the period holds 2024-03-20
    const feedback = await loadFeedbackRows(h.db, B, { from, to, teamIds });
    expect(feedback.invitations.map((i) => i.invitationId)).toEqual(to >= '2024-03-20' ? invitations : []);
    expect(feedback.responses.map((r) => r.responseId)).toEqual(responses);
    const qa = await loadQaRows(h.db, B, { from, to, teamIds });
    expect(qa.reviews.map((r) => r.reviewId)).toEqual(reviews);
  });

  test('SQL feedback tallies: a response counts for its staff member’s team on the day it came back', async () => {
    const t = await loadFeedbackTallies(h.db, B, { from: '2024-03-01', to: '2024-03-31' });
    // r1 (S4 on TA), r4 (S6, no periods: TA); r2 (S4 on TB from the 10th); r3 (S5, no period in force: no team)
    const teams = Object.fromEntries(t.byTeam.map((x) => [x.key, x.tally.responses]));
    expect(teams).toEqual({ TA: 2, TB: 1 });
    for (const [from, to] of [
      ['2024-03-01', '2024-03-31'],
      ['2024-03-09', '2024-03-10'],
    ] as const) {
      for (const teamIds of [null, ['TA'], ['TB']]) {
        const scope = { from, to, teamIds };
        const expected = computeFeedbackReport({ from, to, ...(await loadFeedbackRows(h.db, B, scope)) });
        expect(JSON.stringify(feedbackReportFromTallies(from, to, await loadFeedbackTallies(h.db, B, scope)))).toBe(
          JSON.stringify(expected),
        );
      }
    }
  });

  test('corrective actions by team: the reviewed member’s team on the review day', async () => {
    const ta = await listCorrectiveActions(h.db, B, { asOf: '2024-03-31', status: 'open', teamIds: ['TA'] });
    expect(ta.map((a) => a.reviewId)).toEqual(['q1', 'q3']);
    const tb = await listCorrectiveActions(h.db, B, { asOf: '2024-03-31', status: 'open', teamIds: ['TB'] });
    expect(tb.map((a) => a.reviewId)).toEqual(['q2']);
  });
});
