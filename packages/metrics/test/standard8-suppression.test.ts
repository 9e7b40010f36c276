/**
 * Small-cell suppression (metrics.md "Small-cell suppression", Standard 4): hand
 * cases for the primary and complementary rules, and properties over random
 * reports — no small value is shown, no withheld value is the only unknown of a sum
 * whose total is shown, and (checked with exact rational arithmetic, independent of
 * the solver's floating point) no protected value lies in the span of what is shown.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  applySuppression,
  complementarySuppression,
  computeFeedbackReport,
  computeOutcomesReport,
  computeProvidersReport,
  computeQaReport,
  type DisclosurePlan,
  type DisclosureTable,
  feedbackDisclosure,
  type FeedbackReport,
  type Form,
  outcomesDisclosure,
  providersDisclosure,
  qaDisclosure,
  suppressFeedbackReport,
  suppressFeedbackSatisfaction,
  suppressOutcomesReport,
  suppressProvidersReport,
  suppressQaReport,
  SURVEY_ITEMS,
  type SurveyResponseRow,
  TableBuilder,
} from '../src/index.ts';

// ---------------------------------------------------------------- exact span check

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

function toBig(form: Form, n: number): bigint[] {
  const v = Array.from({ length: n }, () => 0n);
  for (const [k, c] of form) {
    if (!Number.isInteger(c)) throw new Error(`non-integer coefficient ${c}`);
    v[k] = (v[k] as bigint) + BigInt(c);
  }
  return v;
}

/** Whether `f` is a rational combination of `rows` — fraction-free elimination on BigInt. */
function inSpanExact(rows: readonly Form[], f: Form, n: number): boolean {
  const basis: Array<{ p: number; v: bigint[] }> = [];
  const reduce = (v: bigint[]) => {
    for (const r of basis) {
      const a = v[r.p] as bigint;
      if (a === 0n) continue;
      const b = r.v[r.p] as bigint;
      for (let k = 0; k < n; k++) v[k] = (v[k] as bigint) * b - (r.v[k] as bigint) * a;
      let g = 0n;
      for (const x of v) g = gcd(g, x);
      if (g > 1n) for (let k = 0; k < n; k++) v[k] = (v[k] as bigint) / g;
    }
    return v;
  };
  for (const row of rows) {
    const v = reduce(toBig(row, n));
    const p = v.findIndex((x) => x !== 0n);
    if (p >= 0) basis.push({ p, v });
  }
  return reduce(toBig(f, n)).every((x) => x === 0n);
}

function exactlyDetermined(table: DisclosureTable, suppressed: ReadonlySet<string>, id: string): boolean {
  const item = table.items.find((i) => i.id === id);
  if (!item) return false;
  const shown = table.items.filter((i) => i.kind === 'known' || !suppressed.has(i.id)).flatMap((i) => i.reveals);
  return inSpanExact(shown, item.base, table.atoms);
}

/** Solves a plan and checks every protected value in every table with exact arithmetic. */
function expectPlanSafe(plan: DisclosurePlan): Set<string> {
  const suppressed = complementarySuppression(plan.tables, plan.primary, plan.protect);
  for (const id of plan.primary) expect(suppressed.has(id)).toBe(true);
  for (const t of plan.tables) {
    for (const i of t.items) {
      if (plan.protect.has(i.id)) expect(exactlyDetermined(t, suppressed, i.id), `${i.id} in ${t.name}`).toBe(false);
    }
  }
  return suppressed;
}

// ---------------------------------------------------------------- hand cases: the engine

/** A one-way table of counts c0..cn with a known total, as in "closures by reason". */
function oneWay(values: readonly number[], min: number, knownTotal: boolean) {
  const t = new TableBuilder('one way');
  const primary = new Set<string>();
  values.forEach((v, i) => {
    t.count(`c${i}`, [`a${i}`], v);
    if (v > 0 && v < min) primary.add(`c${i}`);
  });
  if (knownTotal)
    t.known(
      'total',
      values.map((_, i) => `a${i}`),
    );
  return complementarySuppression([t.build()], primary);
}

/** One Likert row with its n, mean and top2. */
function likert(d: readonly number[], min: number) {
  const t = new TableBuilder('likert');
  const primary = new Set<string>();
  const all = d.map((_, k) => `d${k}`);
  d.forEach((v, k) => {
    t.count(`d${k}`, [`d${k}`], v);
    if (v > 0 && v < min) primary.add(`d${k}`);
  });
  const n = d.reduce((s, x) => s + x, 0);
  t.count('n', all, n);
  const sum = d.reduce((s, x, k) => s + x * (k + 1), 0);
  t.ratio(
    'mean',
    all.map((a, k) => [a, k + 1] as const),
    sum,
    all.map((a) => [a, 1] as const),
    n,
  );
  t.ratio(
    'top2',
    [
      ['d3', 1],
      ['d4', 1],
    ],
    (d[3] ?? 0) + (d[4] ?? 0),
    all.map((a) => [a, 1] as const),
    n,
  );
  return [...complementarySuppression([t.build()], primary)].sort();
}

describe('complementary suppression, by hand', () => {
  test.each([
    ['nothing small: nothing withheld', [20, 30, 40], true, []],
    ['one small cell and a known total: the next smallest goes too', [5, 20, 30], true, ['c0', 'c1']],
    ['the complement is a non-zero cell, not a zero', [5, 0, 30, 40], true, ['c0', 'c2']],
    ['two small cells protect each other', [5, 7, 30], true, ['c0', 'c1']],
    ['no total: nothing to recover from', [5, 20, 30], false, ['c0']],
    ['zeros are shown', [0, 0, 30], true, []],
  ] as const)('%s: %j', (_label, values, knownTotal, expected) => {
    expect([...oneWay(values, 11, knownTotal)].sort()).toEqual(expected);
  });

  test.each([
    // d1 is small; with n and mean shown, d1 and d2 together are still solvable, so d3 goes too
    [
      [3, 40, 50, 60, 70],
      ['d0', 'd1', 'd2'],
    ],
    // d4 and d5 small: top2 gives d4 + d5 and the mean splits them, unless d1 and d2 go as well
    [
      [40, 50, 60, 3, 4],
      ['d0', 'd1', 'd3', 'd4'],
    ],
    [[20, 30, 40, 50, 60], []],
    [[0, 0, 0, 30, 40], []],
  ] as const)('a distribution %j with its n, mean and top2 withholds %j', (d, expected) => {
    expect(likert(d, 11)).toEqual(expected);
  });
});

// ---------------------------------------------------------------- random reports

const COUNT_KEYS = new Set([
  'n',
  'responses',
  'invitations',
  'respondedInvitations',
  'met',
  'partiallyMet',
  'notMet',
  'withdrawn',
  'improved',
  'maintained',
  'declined',
  'within30',
  'pendingOver30',
  'referrals',
  'started',
  'passed',
  'open',
  'overdue',
  'closedInPeriod',
]);

/** Walks the original and the suppressed report together; calls back on every number. */
function walk(
  orig: unknown,
  supp: unknown,
  path: string[],
  visit: (path: string[], o: number, s: unknown, holder: Record<string, unknown>) => void,
  holder: Record<string, unknown> = {},
): void {
  if (typeof orig === 'number') {
    visit(path, orig, supp, holder);
    return;
  }
  if (Array.isArray(orig)) {
    orig.forEach((x, i) => walk(x, (supp as unknown[])[i], [...path, String(i)], visit, holder));
    return;
  }
  if (orig && typeof orig === 'object') {
    const here = path[path.length - 1] === 'closures' ? holder : (supp as Record<string, unknown>);
    for (const [k, v] of Object.entries(orig)) walk(v, (supp as Record<string, unknown>)[k], [...path, k], visit, here);
  }
}

/** Every shown count is 0 or ≥ min; every withheld value is null and marked. */
function expectNoSmallShown(orig: unknown, supp: unknown, min: number) {
  walk(orig, supp, [], (path, o, s, holder) => {
    const key = path[path.length - 1] as string;
    const parent = path[path.length - 2];
    const isCount = COUNT_KEYS.has(key) || parent === 'distribution' || parent === 'closures';
    if (s === null) {
      const mark = parent === 'distribution' || parent === 'closures' ? `${parent}.${key}` : key;
      expect((holder.suppressed as Record<string, true> | undefined)?.[mark], path.join('.')).toBe(true);
      // why it is withheld: a count of min or more is never said to be small ("fewer than 11"),
      // and a small count is never said to be withheld for another's sake
      const complementary = (holder.complementary as Record<string, true> | undefined)?.[mark] === true;
      if (isCount && o >= min) expect(complementary, `${path.join('.')} = ${o} withheld but not marked complementary`).toBe(true);
      if (isCount && o > 0 && o < min) expect(complementary, `${path.join('.')} = ${o} is small but marked complementary`).toBe(false);
      return;
    }
    expect(s, path.join('.')).toBe(o);
    if (isCount && o > 0) expect(o, `${path.join('.')} shown though small`).toBeGreaterThanOrEqual(min);
  });
}

/**
 * In a sum whose total is shown, a withheld addend is never the only unknown — unless
 * it is a zero withheld with its small group (the shown total already says it is 0
 * for everyone, so nothing about the group is learnt).
 */
function expectNotLoneUnknown(label: string, total: unknown, addends: readonly unknown[], original: readonly (number | undefined)[]) {
  if (total === null) return;
  const withheld = addends.flatMap((a, i) => (a === null ? [original[i]] : []));
  if (withheld.length === 1 && withheld[0] === 0) return;
  expect(withheld.length, `${label}: one withheld addend of a shown total`).not.toBe(1);
}

const small = (v: number | undefined, min: number) => v !== undefined && v > 0 && v < min;

const responseArb = (months: string[], programs: string[], staff: string[], providers: string[]): fc.Arbitrary<ResponseSpec> =>
  fc.record({
    programId: fc.constantFrom(...programs),
    staffId: fc.option(fc.constantFrom(...staff), { freq: 6 }),
    providerId: fc.option(fc.constantFrom(...providers), { freq: 2 }),
    month: fc.constantFrom(...months),
    day: fc.integer({ min: 1, max: 28 }),
    answers: fc.array(fc.option(fc.integer({ min: 1, max: 5 }), { freq: 8 }), { minLength: 8, maxLength: 8 }),
  });

interface ResponseSpec {
  programId: string;
  staffId: string | null;
  providerId: string | null;
  month: string;
  day: number;
  answers: Array<number | null>;
}

function feedbackFrom(rows: readonly ResponseSpec[], invites: ReadonlyArray<{ day: number; answered: boolean }>): FeedbackReport {
  const responses: SurveyResponseRow[] = rows.map((r, i) => {
    const q = Object.fromEntries(SURVEY_ITEMS.map((item, k) => [item, r.answers[k] ?? null])) as Record<
      (typeof SURVEY_ITEMS)[number],
      number | null
    >;
    return {
      responseId: `r${i}`,
      invitationId: null,
      programId: r.programId,
      staffId: r.staffId,
      providerId: r.providerId,
      receivedOn: `${r.month}-${String(r.day).padStart(2, '0')}`,
      ...q,
    };
  });
  return computeFeedbackReport({
    from: '2024-01-01',
    to: '2024-03-31',
    invitations: invites.map((x, i) => ({
      invitationId: `i${i}`,
      sentOn: `2024-0${1 + (x.day % 3)}-${String(1 + (x.day % 28)).padStart(2, '0')}`,
      responseReceivedOn: x.answered ? '2024-04-02' : null,
    })),
    responses,
    staffTeams: [
      { staffId: 'S1', teamId: 'TA' },
      { staffId: 'S2', teamId: 'TA' },
      { staffId: 'S3', teamId: 'TB' },
      { staffId: 'S4', teamId: 'TC' },
    ],
  });
}

describe('why a value is withheld', () => {
  test('applySuppression marks the values outside the small set as complementary, in the object holding them', () => {
    const report = { total: { n: 40, top2: 0.5 }, groups: [{ n: 4 }, { n: 36 }] };
    const out = applySuppression(report, new Set(['groups.0|n', 'groups.1|n', 'total|top2']), 11, new Set(['groups.0|n']));
    expect(out.groups[0]).toEqual({ n: null, suppressed: { n: true } });
    expect(out.groups[1]).toEqual({ n: null, suppressed: { n: true }, complementary: { n: true } });
    expect(out.total).toEqual({ n: 40, top2: null, suppressed: { top2: true }, complementary: { top2: true } });
    expect(out.suppression).toEqual({ minCellSize: 11, cells: 3 });
  });
});

describe('suppression properties', () => {
  test('one-way tables: small cells never shown, never a lone withheld cell, nothing recoverable', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 7 }), fc.integer({ min: 2, max: 15 }), (values, min) => {
        const t = new TableBuilder('one way');
        const primary = new Set<string>();
        values.forEach((v, i) => {
          t.count(`c${i}`, [`a${i}`], v);
          if (v > 0 && v < min) primary.add(`c${i}`);
        });
        const total = values.reduce((s, x) => s + x, 0);
        if (total >= min)
          t.known(
            'total',
            values.map((_, i) => `a${i}`),
          );
        const plan = { tables: [t.build()], primary, protect: primary };
        const out = expectPlanSafe(plan);
        values.forEach((v, i) => {
          if (!out.has(`c${i}`)) expect(v === 0 || v >= min).toBe(true);
        });
        if (total >= min) expect(values.filter((_, i) => out.has(`c${i}`)).length).not.toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  test('feedback: small values withheld, groups under the cell size withheld whole, sums never give one away', () => {
    const arb = fc.record({
      rows: fc.array(responseArb(['2024-01', '2024-02', '2024-03'], ['P1', 'P2', 'P3'], ['S1', 'S2', 'S3', 'S4'], ['V1', 'V2']), {
        maxLength: 90,
      }),
      invites: fc.array(fc.record({ day: fc.nat({ max: 200 }), answered: fc.boolean() }), { maxLength: 40 }),
      min: fc.integer({ min: 3, max: 12 }),
    });
    fc.assert(
      fc.property(arb, ({ rows, invites, min }) => {
        const report = feedbackFrom(rows, invites);
        const s = suppressFeedbackReport(report, min);
        expect(s.byStaff).toEqual([]);
        const base = { ...report, byStaff: [] };
        expectNoSmallShown(base, { ...s, suppression: undefined }, min);

        // every distribution: n = Σ cells
        s.items.forEach((it, j) => expectNotLoneUnknown('items', it.n, it.distribution, base.items[j]?.distribution ?? []));
        for (const g of ['byProgram', 'byTeam', 'byProvider'] as const) {
          for (const grp of s[g]) {
            const o = base[g].find((x) => Object.values(x)[0] === Object.values(grp)[0]);
            grp.items.forEach((it, j) => expectNotLoneUnknown(`${g} item`, it.n, it.distribution, o?.items[j]?.distribution ?? []));
            // a group under the cell size shows nothing at all
            if (o && o.responses < min) {
              expect(grp.responses).toBeNull();
              for (const it of grp.items) {
                expect([it.n, it.mean, it.top2, ...it.distribution].every((v) => v === null)).toBe(true);
              }
            }
          }
        }
        // programs partition the responses: columns add up to the agency's
        expectNotLoneUnknown(
          'responses by program',
          s.responses,
          s.byProgram.map((g) => g.responses),
          base.byProgram.map((g) => g.responses),
        );
        SURVEY_ITEMS.forEach((_, j) => {
          for (let k = 0; k < 5; k++) {
            expectNotLoneUnknown(
              `item ${j} answer ${k + 1} by program`,
              s.items[j]?.distribution[k],
              s.byProgram.map((g) => g.items[j]?.distribution[k]),
              base.byProgram.map((g) => g.items[j]?.distribution[k]),
            );
          }
          expectNotLoneUnknown(
            `item ${j} n by program`,
            s.items[j]?.n,
            s.byProgram.map((g) => g.items[j]?.n),
            base.byProgram.map((g) => g.items[j]?.n),
          );
        });
        // months partition the period
        const months = <K extends 'responses' | 'n' | 'invitations' | 'respondedInvitations'>(k: K) =>
          [s.monthly.map((m) => m[k]), base.monthly.map((m) => m[k])] as const;
        expectNotLoneUnknown('responses by month', s.responses, ...months('responses'));
        expectNotLoneUnknown('q1 n by month', s.items[0]?.n, ...months('n'));
        expectNotLoneUnknown('invitations by month', s.invitations, ...months('invitations'));
        expectNotLoneUnknown('responded by month', s.respondedInvitations, ...months('respondedInvitations'));
        // a rate whose numerator is small is withheld
        if (small(base.respondedInvitations, min)) expect(s.responseRate).toBeNull();
        // means and shares only from enough answers
        for (const it of s.items) if (it.mean !== null) expect(report.items.find((x) => x.item === it.item)?.n).toBeGreaterThanOrEqual(min);

        const plan = feedbackDisclosure(base, min);
        expectPlanSafe(plan);
      }),
      { numRuns: 60 },
    );
  });

  test('the board’s satisfaction figures: q1, its months, the responses and the response rate withheld exactly as in the whole report', () => {
    const arb = fc.record({
      rows: fc.array(responseArb(['2024-01', '2024-02', '2024-03'], ['P1', 'P2', 'P3'], ['S1', 'S2', 'S3', 'S4'], ['V1', 'V2']), {
        maxLength: 90,
      }),
      invites: fc.array(fc.record({ day: fc.nat({ max: 200 }), answered: fc.boolean() }), { maxLength: 40 }),
      min: fc.integer({ min: 3, max: 12 }),
    });
    fc.assert(
      fc.property(arb, ({ rows, invites, min }) => {
        const report = feedbackFrom(rows, invites);
        const whole = suppressFeedbackReport(report, min);
        const q1 = suppressFeedbackSatisfaction(report, min);
        const keep = (r: typeof whole) => {
          const group = (g: { responses: unknown; items: typeof whole.items; suppressed?: unknown; complementary?: unknown }) => ({
            responses: g.responses,
            items: g.items.filter((i) => i.item === 'q1'),
            suppressed: g.suppressed,
            complementary: g.complementary,
          });
          return {
            ...group(r),
            invitations: r.invitations,
            respondedInvitations: r.respondedInvitations,
            responseRate: r.responseRate,
            monthly: r.monthly,
            byProgram: r.byProgram.map(group),
            byTeam: r.byTeam.map(group),
            byProvider: r.byProvider.map(group),
          };
        };
        expect(JSON.stringify(keep(q1))).toBe(JSON.stringify(keep(whole)));
        expect(q1.items.map((i) => i.item)).toEqual(report.items.length > 0 ? ['q1'] : []);
      }),
      { numRuns: 60 },
    );
  });

  test('outcomes: small counts withheld, rates with a withheld numerator withheld, nothing recoverable', () => {
    const goalArb = fc.record({
      status: fc.constantFrom('met', 'partially_met', 'not_met', 'withdrawn', 'open'),
      month: fc.constantFrom('01', '02', '03'),
      day: fc.integer({ min: 1, max: 28 }),
    });
    const refArb = fc.record({ referred: fc.integer({ min: 0, max: 120 }), wait: fc.option(fc.integer({ min: 0, max: 70 }), { freq: 4 }) });
    const closureArb = fc.record({
      reason: fc.option(fc.constantFrom('moved', 'deceased', 'goals_met'), { freq: 4 }),
      month: fc.constantFrom('01', '02', '03'),
    });
    fc.assert(
      fc.property(
        fc.array(goalArb, { maxLength: 60 }),
        fc.array(refArb, { maxLength: 60 }),
        fc.array(
          fc.record({
            client: fc.integer({ min: 0, max: 15 }),
            month: fc.constantFrom('2023-12', '2024-01', '2024-02', '2024-03'),
            adl: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 6 }),
          }),
          { maxLength: 60 },
        ),
        fc.array(closureArb, { maxLength: 40 }),
        fc.integer({ min: 3, max: 12 }),
        (goals, refs, assessments, closures, min) => {
          const day = (n: number) => new Date(Date.UTC(2023, 11, 1 + n)).toISOString().slice(0, 10);
          const report = computeOutcomesReport({
            from: '2024-01-01',
            to: '2024-03-31',
            goals: goals.map((g, i) => ({
              goalId: `g${i}`,
              clientId: 'c',
              status: g.status,
              resolvedOn: g.status === 'open' ? null : `2024-${g.month}-${String(g.day).padStart(2, '0')}`,
            })),
            assessments: assessments.map((a, i) => ({
              assessmentId: `a${String(i).padStart(3, '0')}`,
              clientId: `c${a.client}`,
              assessedOn: `${a.month}-15`,
              adlDeficits: a.adl,
            })),
            referrals: refs.map((r, i) => ({
              referralId: `r${i}`,
              clientId: 'c',
              providerId: 'V',
              referredOn: day(r.referred),
              startedOn: r.wait === null ? null : day(r.referred + r.wait),
            })),
            closures: closures.map((c, i) => ({ clientId: `k${i}`, closedOn: `2024-${c.month}-10`, closureReason: c.reason })),
          });
          const s = suppressOutcomesReport(report, min);
          expectNoSmallShown(report, { ...s, suppression: undefined }, min);
          [s, ...s.monthly].forEach((f, i) => {
            const o = i === 0 ? report : report.monthly[i - 1];
            if (small(o?.goals.met, min)) expect(f.goals.attainmentRate).toBeNull();
            if (small(o?.timeToService.within30, min)) expect(f.timeToService.within30Rate).toBeNull();
          });
          for (const key of ['met', 'partiallyMet', 'notMet', 'withdrawn'] as const) {
            expectNotLoneUnknown(
              `goals ${key} by month`,
              s.goals[key],
              s.monthly.map((m) => m.goals[key]),
              report.monthly.map((m) => m.goals[key]),
            );
          }
          expectNotLoneUnknown(
            'started by month',
            s.timeToService.n,
            s.monthly.map((m) => m.timeToService.n),
            report.monthly.map((m) => m.timeToService.n),
          );
          expectPlanSafe(outcomesDisclosure(report, min));
        },
      ),
      { numRuns: 60 },
    );
  });

  test('providers and quality reviews: nothing small shown, nothing recoverable', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            v: fc.integer({ min: 0, max: 5 }),
            referred: fc.integer({ min: 0, max: 100 }),
            wait: fc.option(fc.integer({ min: 0, max: 60 }), { freq: 3 }),
          }),
          { maxLength: 80 },
        ),
        fc.array(
          fc.record({
            day: fc.integer({ min: 0, max: 100 }),
            score: fc.integer({ min: 50, max: 100 }),
            action: fc.boolean(),
            due: fc.integer({ min: 0, max: 60 }),
            close: fc.option(fc.integer({ min: 0, max: 60 })),
          }),
          { maxLength: 60 },
        ),
        fc.integer({ min: 3, max: 12 }),
        (refs, reviews, min) => {
          const day = (n: number) => new Date(Date.UTC(2023, 11, 1 + n)).toISOString().slice(0, 10);
          const providers = computeProvidersReport({
            from: '2024-01-01',
            to: '2024-03-31',
            referrals: refs.map((r, i) => ({
              referralId: `r${i}`,
              clientId: 'c',
              providerId: `V${r.v}`,
              referredOn: day(r.referred),
              startedOn: r.wait === null ? null : day(r.referred + r.wait),
            })),
            responses: [],
          });
          const sp = suppressProvidersReport(providers, min);
          const pb = { ...providers, providers: providers.providers.map((p) => ({ ...p, monthly: [] })) };
          expectNoSmallShown(pb, { ...sp, suppression: undefined }, min);
          sp.providers.forEach((p, i) => {
            expect(p.monthly).toEqual([]);
            if (small(providers.providers[i]?.within30, min)) expect(p.within30Rate).toBeNull();
          });
          expectPlanSafe(providersDisclosure(pb, min));

          const qa = computeQaReport({
            from: '2024-01-01',
            to: '2024-03-31',
            qaPassScore: 85,
            reviews: reviews.map((r, i) => ({
              reviewId: `q${i}`,
              reviewedOn: day(r.day),
              score: r.score,
              hasCorrectiveAction: r.action,
              actionDueOn: r.action ? day(r.day + r.due) : null,
              actionClosedOn: r.action && r.close !== null ? day(r.day + r.close) : null,
            })),
          });
          const sq = suppressQaReport(qa, min);
          expectNoSmallShown(qa, { ...sq, suppression: undefined }, min);
          if (small(qa.reviews.passed, min)) expect(sq.reviews.passRate).toBeNull();
          expectNotLoneUnknown(
            'reviews by month',
            sq.reviews.n,
            sq.monthly.map((m) => m.reviews.n),
            qa.monthly.map((m) => m.reviews.n),
          );
          expectPlanSafe(qaDisclosure(qa, min));
        },
      ),
      { numRuns: 60 },
    );
  });

  test('the same report gives the same suppression', () => {
    const report = feedbackFrom(
      Array.from({ length: 40 }, (_, i) => ({
        programId: ['P1', 'P2'][i % 2] as string,
        staffId: ['S1', 'S3', null][i % 3] ?? null,
        providerId: null,
        month: ['2024-01', '2024-02'][i % 2] as string,
        day: 1 + (i % 27),
        answers: [1 + (i % 5), 1 + ((i * 3) % 5), null, 4, 5, 3, 2, 1],
      })),
      [],
    );
    expect(suppressFeedbackReport(report, 11)).toEqual(suppressFeedbackReport(report, 11));
  });

  test.each([0, -1, 2.5, Number.NaN])('minCellSize %d is refused', (min) => {
    const report = feedbackFrom([], []);
    expect(() => suppressFeedbackReport(report, min)).toThrow(/minCellSize must be a whole number/);
  });
});
