import { describe, expect, test } from 'vitest';
import { exportFileName } from '../../lib/csv.ts';
import { divergingSegments, type FeedbackViewLike, groupsCsv, itemsCsv, mapFeedback, monthlyCsv } from './mapFeedback.ts';

const q = (item: string, distribution: Array<number | null>, extra: Record<string, unknown> = {}) => {
  const known = distribution.every((c) => c !== null);
  const n = known ? distribution.reduce((a, b) => a + b, 0) : null;
  const top = known ? (distribution[3] as number) + (distribution[4] as number) : 0;
  const mean = known && n ? distribution.reduce((s, c, k) => s + c * (k + 1), 0) / n : null;
  return { item, n, mean, top2: n ? top / n : null, distribution, ...extra } as FeedbackViewLike['items'][number];
};

function report(overrides: Partial<FeedbackViewLike> = {}): FeedbackViewLike {
  return {
    from: '2025-10-01',
    to: '2026-09-30',
    invitations: 50,
    respondedInvitations: 20,
    responseRate: 0.4,
    responses: 20,
    // q1: 2, 2, 4, 8, 4 of 20 → top2 12/20 = 60%; mean (2+4+12+32+20)/20 = 3.5
    items: [q('q1', [2, 2, 4, 8, 4]), q('q2', [0, 0, 0, 0, 0])],
    byProgram: [
      { programId: 'p-b', responses: 12, items: [q('q1', [0, 2, 2, 4, 4])] },
      { programId: 'p-a', responses: 8, items: [q('q1', [2, 0, 2, 4, 0])] },
    ],
    byTeam: [],
    byStaff: [],
    byProvider: [],
    monthly: [
      // 10 answers, 3 of them 4 or 5
      { month: '2026-01', n: 10, top2: 0.3, responses: 10, invitations: 25, respondedInvitations: 10, responseRate: 0.4 },
      { month: '2026-02', n: 0, top2: null, responses: 0, invitations: 0, respondedInvitations: 0, responseRate: null },
    ],
    settingsVersion: 3,
    suppression: null,
    ...overrides,
  };
}

const names = {
  programs: new Map([
    ['p-a', 'Alpha program'],
    ['p-b', 'Beta program'],
  ]),
  teams: new Map<string, string>(),
  providers: new Map<string, string>(),
};

describe('divergingSegments', () => {
  test.each([
    // counts, n, [neutralLeft, disagree, stronglyDisagree, neutralRight, agree, stronglyAgree]
    [[2, 2, 4, 8, 4], 20, [-10, -10, -10, 10, 40, 20]],
    [[0, 0, 10, 0, 0], 10, [-50, 0, 0, 50, 0, 0]],
    [[1, 0, 0, 0, 3], 4, [0, 0, -25, 0, 0, 75]],
  ])('%j of %d', (counts, n, expected) => {
    const s = divergingSegments(counts, n);
    expect(s).not.toBeNull();
    const got = [s!.neutralLeft, s!.disagree, s!.stronglyDisagree, s!.neutralRight, s!.agree, s!.stronglyAgree];
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
    expect([s!.withheldLeft, s!.withheldRight, s!.withheldAnswers]).toEqual([0, 0, null]);
  });

  test.each([
    // board: answers 1–3 withheld, 4 and 5 shown: 1–3 together = (100 − 30 − 50) ÷ 100, left of zero
    [[null, null, null, 30, 50], 100, { withheldLeft: -20, withheldRight: 0, neutralLeft: 0, agree: 30, withheldAnswers: '1–3' }],
    // answers 1–2 withheld, neutral shown and split: 1–2 together = 100 − 20 − 30 − 40 = 10
    [[null, null, 20, 30, 40], 100, { withheldLeft: -10, neutralLeft: -10, neutralRight: 10, withheldAnswers: '1–2' }],
    // answers 4–5 withheld: right of zero, 200 − 50 − 50 − 40 = 60 of 200 = 30%
    [[50, 50, 40, null, null], 200, { withheldRight: 30, withheldLeft: 0, stronglyDisagree: -25, withheldAnswers: '4–5' }],
  ])('withheld cells drawn together: %j of %d', (counts, n, expected) => {
    const s = divergingSegments(counts, n);
    for (const [key, value] of Object.entries(expected)) {
      const got = s?.[key as keyof typeof s];
      if (typeof value === 'number') expect(got).toBeCloseTo(value, 12);
      else expect(got).toBe(value);
    }
  });

  test.each([
    [[0, 0, 0, 0, 0], 0],
    [[1, null, 3, 4, 5], null],
    [[null, 2, 3, 4, null], 20],
  ])('cannot draw %j of %s', (counts, n) => {
    expect(divergingSegments(counts, n)).toBeNull();
  });
});

describe('mapFeedback', () => {
  const view = mapFeedback(report(), names);

  test('items: statement, n, top-2 with its counts, mean', () => {
    const [q1, q2] = view.items;
    expect(q1).toMatchObject({
      label: 'Q1',
      statement: 'Overall, I am satisfied with the case management I receive.',
      nText: '20',
      top2Count: 12,
      top2Text: '60% = 12 ÷ 20',
      meanText: '3.50',
      countTexts: ['2', '2', '4', '8', '4'],
    });
    expect(q2?.top2Text).toBe('— (no answers)');
    expect(q2?.segments).toBeNull();
  });

  test('response rate with numerator and denominator', () => {
    expect(view.responseRateText).toBe('40% = 20 ÷ 50');
  });

  test('monthly: q1 top-2 with n; an empty month has no rate, not 0', () => {
    expect(view.monthly[0]).toMatchObject({ label: 'Jan 2026', top2Text: '30% = 3 ÷ 10', responseRateText: '40% = 10 ÷ 25' });
    expect(view.monthly[0]?.top2Percent).toBeCloseTo(30, 12);
    expect(view.monthly[1]).toMatchObject({
      top2Percent: null,
      top2Text: '— (no answers)',
      responseRateText: '— (no invitations sent)',
    });
  });

  test('groups in name order, with top-2 and its counts', () => {
    expect(view.byProgram.map((g) => g.name)).toEqual(['Alpha program', 'Beta program']);
    // Alpha: 4 of 8 → 50%; Beta: 8 of 12 → 67%
    expect(view.byProgram[0]?.items[0]).toMatchObject({ text: '50%', detail: '4 ÷ 8' });
    expect(view.byProgram[1]?.items[0]).toMatchObject({ text: '67%', detail: '8 ÷ 12' });
  });

  test('CSV names the period, the filters and the settings version', () => {
    expect(exportFileName(itemsCsv(view, {}).name)).toBe('feedback-items_from-2025-10-01_to-2026-09-30_settings-v3.csv');
    expect(exportFileName(itemsCsv(view, { team: 't-1', program: 'p-a' }).name)).toBe(
      'feedback-items_from-2025-10-01_to-2026-09-30_team-t-1_program-p-a_settings-v3.csv',
    );
    expect(itemsCsv(view, {}).rows[0]).toEqual([
      '2025-10-01',
      '2026-09-30',
      3,
      'q1',
      'Overall, I am satisfied with the case management I receive.',
      20,
      2,
      2,
      4,
      8,
      4,
      12,
      0.6,
      3.5,
    ]);
    expect(monthlyCsv(view, {}).rows[1]).toEqual(['2026-02', 3, 0, null, 0, 0, 0, null]);
    expect(exportFileName(groupsCsv(view, 'program', { program: 'p-a' }).name)).toBe(
      'feedback-by-program_from-2025-10-01_to-2026-09-30_program-p-a_settings-v3.csv',
    );
    expect(groupsCsv(view, 'program', {}).rows[0]?.slice(3)).toEqual(['p-a', 'Alpha program', 8, 0.5]);
  });
});

describe('suppressed (board)', () => {
  const suppressedItem = {
    item: 'q1',
    n: 20,
    mean: null,
    top2: null,
    distribution: [null, null, 4, 8, 4],
    suppressed: { mean: true, top2: true, 'distribution.0': true, 'distribution.1': true },
  } as unknown as FeedbackViewLike['items'][number];
  const view = mapFeedback(
    report({
      items: [suppressedItem],
      monthly: [
        {
          month: '2026-01',
          n: null,
          top2: null,
          responses: null,
          invitations: 25,
          respondedInvitations: null,
          responseRate: null,
          suppressed: { n: true, top2: true, responses: true, respondedInvitations: true, responseRate: true },
        },
      ] as unknown as FeedbackViewLike['monthly'],
      byProgram: [
        {
          programId: 'p-a',
          responses: null,
          items: [
            {
              item: 'q1',
              n: null,
              mean: null,
              top2: null,
              distribution: [null, null, null, null, null],
              suppressed: { n: true, top2: true },
            },
          ],
          suppressed: { responses: true },
        },
      ] as unknown as FeedbackViewLike['byProgram'],
      suppression: { minCellSize: 11, cells: 9 },
    }),
    names,
  );

  test('withheld cells say "fewer than 11", never 0; the bar draws them together', () => {
    const [q1] = view.items;
    expect(q1?.countTexts).toEqual(['fewer than 11', 'fewer than 11', '4', '8', '4']);
    expect(q1?.top2Text).toBe('fewer than 11');
    expect(q1?.meanText).toBe('fewer than 11');
    // 1–2 withheld, 3 to 5 shown: drawn as one segment of 20 − 16 = 4 answers (20%)
    expect(q1?.segments?.withheldLeft).toBeCloseTo(-20, 12);
    expect(q1?.segments?.withheldAnswers).toBe('1–2');
    expect(view.monthly[0]).toMatchObject({
      nText: 'fewer than 11',
      top2Text: 'fewer than 11',
      responseRateText: 'fewer than 11',
      top2Percent: null,
    });
    expect(view.byProgram[0]).toMatchObject({ responsesText: 'fewer than 11' });
    expect(view.byProgram[0]?.items[0]).toMatchObject({ text: 'fewer than 11', detail: null });
    expect(view.withheldCells).toBe(9);
  });

  test('the CSV writes the words too', () => {
    expect(itemsCsv(view, {}).rows[0]?.slice(5)).toEqual([
      20,
      'fewer than 11',
      'fewer than 11',
      4,
      8,
      4,
      null,
      'fewer than 11',
      'fewer than 11',
    ]);
    expect(monthlyCsv(view, {}).rows[0]).toEqual([
      '2026-01',
      3,
      'fewer than 11',
      'fewer than 11',
      'fewer than 11',
      25,
      'fewer than 11',
      'fewer than 11',
    ]);
    expect(groupsCsv(view, 'program', {}).rows[0]?.slice(5)).toEqual(['fewer than 11', 'fewer than 11']);
  });
});
