import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  ineligibility,
  proposeRebalance,
  type AssessmentRow,
  type AssignmentRow,
  type ClientRow,
  type RebalanceInput,
  type StaffRow,
} from '../src/index.ts';
import { assign, client, settingsWith, staff, tierAt } from './fixtures.ts';

const D = '2025-06-30';
// capacity 10 hours per 1.0 FTE: tier 1 = 1 h, tier 2 = 2 h, tier 3 = 3.5 h, tier 4 = 6 h
const settings = settingsWith({ caseHoursPerFte: 10 });

/** caseload: [clientId, tier, assigned since, client overrides] */
type Held = [string, 1 | 2 | 3 | 4, string?, Partial<ClientRow>?];

function team(members: Array<[StaffRow, Held[]]>, o: Partial<RebalanceInput> = {}) {
  const clients: ClientRow[] = [];
  const assignments: AssignmentRow[] = [];
  const assessments: AssessmentRow[] = [];
  for (const [s, held] of members) {
    for (const [id, tier, since = '2025-01-01', co = {}] of held) {
      clients.push(client(id, co));
      assignments.push(assign(id, s.staffId, since));
      assessments.push(tierAt(id, tier));
    }
  }
  return proposeRebalance({
    asOf: D,
    settingsVersion: 1,
    settings,
    teamId: 'T1',
    staff: members.map(([s]) => s),
    clients,
    assignments,
    assessments,
    ...o,
  });
}

const moves = (r: ReturnType<typeof proposeRebalance>) => r.moves.map((m) => [m.clientId, m.fromStaffId, m.toStaffId, m.hours]);

describe('rebalancing proposals', () => {
  test('largest movable client first, to the teammate with most room; shortest tenure breaks ties', () => {
    // s1: 3.5 + 2 + 2 + 1 + 6 (tier 4, protected) = 14.5 → 1.45; s2: 1 → 0.1; s3: 0
    const r = team([
      [
        staff('s1'),
        [
          ['c1', 3],
          ['c2', 2, '2024-06-01'],
          ['c3', 2, '2025-05-01'], // shorter time with s1 than c2
          ['c4', 1],
          ['c5', 4],
        ],
      ],
      [staff('s2'), [['d1', 1]]],
      [staff('s3'), []],
    ]);
    // 1: c1 (3.5 h): s1 → 1.10, s3 → 0.35 (s2 would be 0.45: same max, more load)
    // 2: c3 (2 h): s1 → 0.90; c2 and c3 tie on the max, c3 has 60 days with s1 against 394; s2 → 0.3 beats s3 → 0.55
    expect(moves(r)).toEqual([
      ['c1', 's1', 's3', 3.5],
      ['c3', 's1', 's2', 2],
    ]);
    expect(r.before).toEqual([
      { staffId: 's1', loadRatio: 1.45 },
      { staffId: 's2', loadRatio: 0.1 },
      { staffId: 's3', loadRatio: 0 },
    ]);
    expect(r.after).toEqual([
      { staffId: 's1', loadRatio: 0.9 },
      { staffId: 's2', loadRatio: 0.3 },
      { staffId: 's3', loadRatio: 0.35 },
    ]);
    expect(r).toMatchObject({
      teamId: 'T1',
      asOf: D,
      teamOverCapacity: false,
      overCapacityHours: 0,
      teamCapacityHours: 30,
      teamWeightedHours: 15.5,
    });
    expect(r.teamLoadRatio).toBeCloseTo(15.5 / 30, 12);
    expect(r.moves[1]?.daysWithHolder).toBe(60);
    expect(r.moves[0]?.reason).toContain('s1 is over capacity (load 1.450 → 1.100)');
  });

  test('language and region: only a teammate who speaks the language and shares the region may take the client', () => {
    const r = team([
      [
        staff('s1', { region: 'north' }),
        [
          ['c1', 3, undefined, { primaryLanguage: 'es', region: 'north' }],
          ['c2', 4],
        ],
      ],
      [staff('s2', { languages: ['en'], region: null }), []], // no Spanish
      [staff('s3', { languages: ['en', 'es'], region: 'south' }), []], // wrong region
      [staff('s4', { languages: ['es'], region: 'north' }), []],
    ]);
    // s1: 3.5 + 6 = 9.5 → not over. Add load: c3 tier 3 to make s1 1.3
    expect(r.moves).toEqual([]);
    const over = team([
      [
        staff('s1', { region: 'north' }),
        [
          ['c1', 3, undefined, { primaryLanguage: 'es', region: 'north' }],
          ['c2', 4],
          ['c3', 4, undefined, { region: 'north' }],
        ],
      ],
      [staff('s2', { languages: ['en'], region: null }), []],
      [staff('s3', { languages: ['en', 'es'], region: 'south' }), []],
      [staff('s4', { languages: ['ES'], region: 'north' }), [['d1', 2]]],
    ]);
    // s1: 3.5 + 6 + 6 = 15.5 → 1.55; only c1 may move (tier 4 protected), only to s4 (0.2 → 0.55)
    expect(moves(over)).toEqual([['c1', 's1', 's4', 3.5]]);
    expect(over.after.find((a) => a.staffId === 's1')?.loadRatio).toBeCloseTo(1.2, 12);
  });

  test.each([
    ['English', 'en', ['vi'], null],
    ['no language recorded', null, ['vi'], null],
    ['Spanish to a Spanish speaker', 'es', ['en', 'es'], null],
    ['Spanish to an English-only speaker', 'es', ['en'], 'does not speak es'],
  ])('language rule: %s', (_label, lang, languages, want) => {
    expect(ineligibility({ primaryLanguage: lang, region: null }, { languages, region: null })).toBe(want);
  });

  test.each([
    ['both set and equal', 'n', 'n', true],
    ['both set and different', 'n', 's', false],
    ['client region unset', null, 's', true],
    ['staff region unset', 'n', null, true],
  ])('region rule: %s', (_label, clientRegion, staffRegion, ok) => {
    expect(ineligibility({ primaryLanguage: null, region: clientRegion }, { languages: [], region: staffRegion }) === null).toBe(ok);
  });

  test('protected tiers never move; the member stays over capacity', () => {
    const r = team([
      [
        staff('s1'),
        [
          ['c1', 4],
          ['c2', 4],
        ],
      ],
      [staff('s2'), []],
    ]);
    expect(r.moves).toEqual([]);
    expect(r.after).toEqual(r.before);
    const unprotected = team(
      [
        [
          staff('s1'),
          [
            ['c1', 4],
            ['c2', 4],
          ],
        ],
        [staff('s2'), []],
      ],
      { settings: settingsWith({ caseHoursPerFte: 10, protectTiers: [] }) },
    );
    expect(moves(unprotected)).toEqual([['c1', 's1', 's2', 6]]);
  });

  test('a target never ends above 1.00 when the team has room; a source may stop at exactly 1.00', () => {
    // s1: 6 (protected) + 2 + 2 + 2 = 12 → 1.2; s2: 3.5 + 3.5 + 1 + 1 = 9 → 0.9; s3: 3.5 + 1 + 1 = 5.5 → 0.55.
    const r = team([
      [
        staff('s1'),
        [
          ['c1', 4],
          ['c2', 2],
          ['c3', 2],
          ['c4', 2],
        ],
      ],
      [
        staff('s2'),
        [
          ['d1', 3],
          ['d2', 3],
          ['d3', 1],
          ['d4', 1],
        ],
      ],
      [
        staff('s3'),
        [
          ['e1', 3],
          ['e2', 1],
          ['e3', 1],
        ],
      ],
    ]);
    // A 2 h move to s2 would make it 1.10: not allowed; to s3: 0.75. s1 then sits at exactly 1.00: done.
    expect(moves(r)).toEqual([['c2', 's1', 's3', 2]]);
    expect(r.after).toEqual([
      { staffId: 's1', loadRatio: 1 },
      { staffId: 's2', loadRatio: 0.9 },
      { staffId: 's3', loadRatio: 0.75 },
    ]);
  });

  test('a member who cannot be relieved does not stop the relief of the next one', () => {
    // s1: 12 (two tier 4) → 1.2, stuck; s2: 3 × 3.5 + 1 = 11.5 → 1.15; s3: 0
    const r = team([
      [
        staff('s1'),
        [
          ['a1', 4],
          ['a2', 4],
        ],
      ],
      [
        staff('s2'),
        [
          ['b1', 3],
          ['b2', 3],
          ['b3', 3],
          ['b4', 1],
        ],
      ],
      [staff('s3'), []],
    ]);
    expect(moves(r)).toEqual([['b1', 's2', 's3', 3.5]]);
    expect(r.after.map((a) => a.loadRatio)).toEqual([1.2, 0.8, 0.35]);
  });

  test('a team over capacity as a whole: says so, by how many hours, and still lowers the maximum', () => {
    // s1: 4 × 3.5 + 2 × 2 = 18 → 1.8; s2: 6 × 2 = 12 → 1.2. Team 30 / 20 = 1.5, 10 hours over.
    const r = team([
      [
        staff('s1'),
        [
          ['a1', 3],
          ['a2', 3],
          ['a3', 3],
          ['a4', 3],
          ['a5', 2],
          ['a6', 2],
        ],
      ],
      [staff('s2'), ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].map((id) => [id, 2] as Held)],
    ]);
    expect(r).toMatchObject({ teamOverCapacity: true, overCapacityHours: 10, teamLoadRatio: 1.5 });
    // a1 (3.5 h): s1 1.45, s2 1.55 — max 1.55 beats a 2 h move (1.6, 1.4). Then s2 (1.55) could only
    // give back by pushing s1 to 1.65, and s1 by pushing s2 to ≥ 1.75: stop.
    expect(moves(r)).toEqual([['a1', 's1', 's2', 3.5]]);
    expect(r.after).toEqual([
      { staffId: 's1', loadRatio: 1.45 },
      { staffId: 's2', loadRatio: 1.55 },
    ]);
    expect(r.moves[0]?.reason).toContain('the team as a whole is over capacity');
  });

  test('only caseload staff of the same team are targets', () => {
    const r = team([
      [
        staff('s1'),
        [
          ['a1', 3],
          ['a2', 3],
          ['a3', 3],
          ['a4', 3],
        ],
      ], // 14 → 1.4
      [staff('x', { teamId: 'T2' }), []],
      [staff('z', { caseloadFte: 0 }), []],
      [staff('i', { active: false }), []],
    ]);
    expect(r.moves).toEqual([]);
    expect(r.before.map((b) => b.staffId)).toEqual(['s1']);
  });

  test('a team without caseload staff', () => {
    const r = team([[staff('z', { caseloadFte: 0 }), [['a1', 3]]]]);
    expect(r).toMatchObject({ moves: [], before: [], after: [], teamLoadRatio: null, teamOverCapacity: false, overCapacityHours: 0 });
  });
});

// ---- properties ----

const LANGS = ['en', 'es', 'vi'];
const REGIONS = [null, 'n', 's'];

const arbInput = fc
  .record({
    members: fc.array(
      fc.record({
        fte: fc.constantFrom(0.25, 0.5, 0.75, 1),
        languages: fc.subarray(LANGS),
        region: fc.constantFrom(...REGIONS),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    clients: fc.array(
      fc.record({
        holder: fc.nat(),
        tier: fc.constantFrom<0 | 1 | 2 | 3 | 4>(0, 1, 2, 3, 4),
        lang: fc.constantFrom(null, ...LANGS),
        region: fc.constantFrom(...REGIONS),
        sinceDaysAgo: fc.integer({ min: 0, max: 800 }),
      }),
      { maxLength: 30 },
    ),
    caseHoursPerFte: fc.constantFrom(4, 8, 10, 20),
    protectTiers: fc.subarray([1, 2, 3, 4] as const),
  })
  .map(({ members, clients, caseHoursPerFte, protectTiers }): RebalanceInput => {
    const staffRows: StaffRow[] = members.map((m, i) => staff(`m${i}`, { caseloadFte: m.fte, languages: m.languages, region: m.region }));
    // Not targets: another team, zero FTE, inactive.
    staffRows.push(staff('other', { teamId: 'T2' }), staff('zero', { caseloadFte: 0 }), staff('gone', { active: false }));
    const clientRows: ClientRow[] = [];
    const assignments: AssignmentRow[] = [];
    const assessments: AssessmentRow[] = [];
    clients.forEach((c, i) => {
      const id = `c${String(i).padStart(2, '0')}`;
      const holder = staffRows[c.holder % staffRows.length] as StaffRow;
      clientRows.push(client(id, { primaryLanguage: c.lang, region: c.region }));
      const since = new Date(Date.UTC(2025, 5, 30 - c.sinceDaysAgo)).toISOString().slice(0, 10);
      assignments.push(assign(id, holder.staffId, since));
      if (c.tier !== 0) assessments.push(tierAt(id, c.tier, '2025-06-01'));
    });
    return {
      asOf: D,
      settingsVersion: 1,
      settings: settingsWith({ caseHoursPerFte, protectTiers: [...protectTiers] }),
      teamId: 'T1',
      staff: staffRows,
      clients: clientRows,
      assignments,
      assessments,
    };
  });

function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('rebalancing properties', () => {
  test('every move obeys the constraints; after = before with the moves applied', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = proposeRebalance(input);
        const staffById = new Map(input.staff.map((s) => [s.staffId, s]));
        const clientById = new Map(input.clients.map((c) => [c.clientId, c]));
        const holder = new Map(input.assignments.map((a) => [a.clientId, a.staffId]));
        const tier = new Map(input.assessments.map((a) => [a.clientId, a.acuityTier]));
        const seen = new Set<string>();
        const weighted = new Map(
          r.before.map((b) => [
            b.staffId,
            (b.loadRatio as number) * staffById.get(b.staffId)!.caseloadFte * input.settings.caseHoursPerFte,
          ]),
        );
        for (const m of r.moves) {
          const target = staffById.get(m.toStaffId)!;
          const c = clientById.get(m.clientId)!;
          expect(seen.has(m.clientId)).toBe(false);
          seen.add(m.clientId);
          expect(holder.get(m.clientId)).toBe(m.fromStaffId);
          expect(m.toStaffId).not.toBe(m.fromStaffId);
          expect(target.teamId).toBe('T1');
          expect(target.active && target.caseloadFte > 0).toBe(true);
          expect(staffById.get(m.fromStaffId)!.teamId).toBe('T1');
          if (c.primaryLanguage && c.primaryLanguage !== 'en') expect(target.languages).toContain(c.primaryLanguage);
          if (c.region && target.region) expect(target.region).toBe(c.region);
          const t = tier.get(m.clientId);
          if (t !== undefined && t !== null) expect(input.settings.protectTiers).not.toContain(t);
          expect(m.hours).toBe(input.settings.tierHours[t ? (String(t) as '1') : 'unassessed']);
          // the source is over capacity when it gives; the target ends below the source's ratio before
          const cap = (id: string) => staffById.get(id)!.caseloadFte * input.settings.caseHoursPerFte;
          const sourceBefore = weighted.get(m.fromStaffId)! / cap(m.fromStaffId);
          expect(sourceBefore).toBeGreaterThan(1);
          weighted.set(m.fromStaffId, weighted.get(m.fromStaffId)! - m.hours);
          weighted.set(m.toStaffId, weighted.get(m.toStaffId)! + m.hours);
          expect(weighted.get(m.toStaffId)! / cap(m.toStaffId)).toBeLessThan(sourceBefore + 1e-12);
        }
        for (const a of r.after) {
          const cap = staffById.get(a.staffId)!.caseloadFte * input.settings.caseHoursPerFte;
          expect(Math.abs((a.loadRatio as number) - weighted.get(a.staffId)! / cap)).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('the team maximum never rises; no target ends above 1.00 unless the team is over capacity', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = proposeRebalance(input);
        const maxBefore = Math.max(...r.before.map((b) => b.loadRatio as number));
        const maxAfter = Math.max(...r.after.map((b) => b.loadRatio as number));
        expect(maxAfter).toBeLessThanOrEqual(maxBefore + 1e-12);
        expect(r.teamOverCapacity).toBe(r.teamWeightedHours > r.teamCapacityHours);
        expect(r.overCapacityHours).toBeCloseTo(r.teamOverCapacity ? r.teamWeightedHours - r.teamCapacityHours : 0, 9);
        if (!r.teamOverCapacity) {
          const after = new Map(r.after.map((a) => [a.staffId, a.loadRatio as number]));
          for (const m of r.moves) expect(after.get(m.toStaffId)!).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('the same input gives the same proposal, whatever the order of the rows', () => {
    fc.assert(
      fc.property(arbInput, fc.integer({ min: 1, max: 1_000_000 }), (input, seed) => {
        const a = proposeRebalance(input);
        const b = proposeRebalance(input);
        const c = proposeRebalance({
          ...input,
          staff: shuffled(input.staff, seed),
          clients: shuffled(input.clients, seed + 1),
          assignments: shuffled(input.assignments, seed + 2),
          assessments: shuffled(input.assessments, seed + 3),
        });
        expect(b).toEqual(a);
        expect(c).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });
});
