import { describe, expect, test } from 'vitest';
import {
  addDays,
  computeComplianceReport,
  defaultSettings,
  type AssessmentRow,
  type AssignmentRow,
  type ClientRow,
  type ComplianceInput,
  type ContactMode,
  type ContactRow,
} from '../src/index.ts';
import { assign, client, contact, settingsWith, staff, tierAt } from './fixtures.ts';

const D = '2025-06-30';
const ago = (n: number) => addDays(D, -n);

function report(o: Partial<ComplianceInput>) {
  return computeComplianceReport({
    asOf: D,
    settingsVersion: 3,
    settings: defaultSettings,
    staff: [staff('s1')],
    clients: [],
    assignments: [],
    assessments: [],
    contacts: [],
    ...o,
  });
}

/** One client of s1 at the given tier (assessed 10 days ago, so reassessment is not in play). */
function oneClient(tier: 1 | 2 | 3 | 4 | 'unassessed', enrolledOn: string, contacts: Array<[number, ContactMode]>) {
  const r = report({
    clients: [client('c', { enrolledOn })],
    assignments: [assign('c', 's1', enrolledOn)],
    assessments: tier === 'unassessed' ? [] : [tierAt('c', tier, ago(10) < enrolledOn ? enrolledOn : ago(10))],
    contacts: contacts.map(([n, mode]) => contact('c', ago(n), mode)),
  });
  const s = r.staff[0];
  return { contactDue: s?.contactDue, contactMet: s?.contactMet };
}

describe('contact standards: due when enrolled_on ≤ D − N, met by a contact in (D − N, D]', () => {
  test.each<[string, 1 | 2 | 3 | 4 | 'unassessed', string, Array<[number, ContactMode]>, number, number]>([
    // tier 3: any contact within 30 days, face-to-face within 90
    ['tier 3 enrolled D − 29: nothing due (left out)', 3, ago(29), [], 0, 0],
    ['tier 3 enrolled D − 30: 30-day contact due, none made', 3, ago(30), [], 1, 0],
    ['tier 3 enrolled D − 30, phone on D: met', 3, ago(30), [[0, 'phone']], 1, 1],
    ['tier 3 enrolled D − 30, phone on D − 30: outside the window', 3, ago(30), [[30, 'phone']], 1, 0],
    ['tier 3 enrolled D − 30, phone on D − 29: met', 3, ago(30), [[29, 'phone']], 1, 1],
    ['tier 3 enrolled D − 30, phone on D + 1 does not count', 3, ago(30), [[-1, 'phone']], 1, 0],
    [
      'tier 3, phone D − 1 and home visit D − 89: both met',
      3,
      '2024-01-01',
      [
        [1, 'phone'],
        [89, 'home_visit'],
      ],
      1,
      1,
    ],
    [
      'tier 3, phone D − 1, home visit D − 90: face-to-face missed',
      3,
      '2024-01-01',
      [
        [1, 'phone'],
        [90, 'home_visit'],
      ],
      1,
      0,
    ],
    ['tier 3, home visit D − 10 meets both', 3, '2024-01-01', [[10, 'home_visit']], 1, 1],
    ['tier 3, office visit D − 20 meets both', 3, '2024-01-01', [[20, 'office_visit']], 1, 1],
    [
      'tier 3, video D − 5 + office D − 80',
      3,
      '2024-01-01',
      [
        [5, 'video'],
        [80, 'office_visit'],
      ],
      1,
      1,
    ],
    [
      'tier 3, collateral D − 1 counts for nothing',
      3,
      '2024-01-01',
      [
        [1, 'collateral'],
        [60, 'office_visit'],
      ],
      1,
      0,
    ],
    [
      'tier 3, phone/video are not face-to-face',
      3,
      '2024-01-01',
      [
        [1, 'phone'],
        [2, 'video'],
      ],
      1,
      0,
    ],
    // tier 4: 30 and 30
    [
      'tier 4, phone D − 1, home visit D − 31',
      4,
      '2024-01-01',
      [
        [1, 'phone'],
        [31, 'home_visit'],
      ],
      1,
      0,
    ],
    ['tier 4, home visit D − 29', 4, '2024-01-01', [[29, 'home_visit']], 1, 1],
    // tier 1: 90 and 365
    ['tier 1 enrolled D − 89: nothing due', 1, ago(89), [], 0, 0],
    ['tier 1 enrolled D − 90, phone D − 89: met (face-to-face not yet due)', 1, ago(90), [[89, 'phone']], 1, 1],
    ['tier 1 enrolled D − 365: face-to-face due too', 1, ago(365), [[89, 'phone']], 1, 0],
    [
      'tier 1 enrolled D − 365, home visit D − 364',
      1,
      ago(365),
      [
        [364, 'home_visit'],
        [3, 'phone'],
      ],
      1,
      1,
    ],
    // tier 2 and unassessed: 60 and 180
    ['tier 2 enrolled D − 60, phone D − 60: missed', 2, ago(60), [[60, 'phone']], 1, 0],
    ['tier 2 enrolled D − 60, phone D − 59', 2, ago(60), [[59, 'phone']], 1, 1],
    [
      'unassessed enrolled D − 180, phone D − 1, home D − 179',
      'unassessed',
      ago(180),
      [
        [1, 'phone'],
        [179, 'home_visit'],
      ],
      1,
      1,
    ],
    [
      'unassessed enrolled D − 180, phone D − 1, home D − 180',
      'unassessed',
      ago(180),
      [
        [1, 'phone'],
        [180, 'home_visit'],
      ],
      1,
      0,
    ],
  ])('%s', (_label, tier, enrolledOn, contacts, due, met) => {
    expect(oneClient(tier, enrolledOn, contacts)).toEqual({ contactDue: due, contactMet: met });
  });

  test('a contact by any staff member counts, not only the holder', () => {
    const r = report({
      clients: [client('c')],
      assignments: [assign('c', 's1')],
      assessments: [tierAt('c', 3, ago(10))],
      contacts: [contact('c', ago(1), 'home_visit', 'someone-else')],
    });
    expect(r.staff[0]).toMatchObject({ contactDue: 1, contactMet: 1, contactRate: 1 });
  });
});

describe('reassessment timeliness', () => {
  function status(tier: 1 | 2 | 3 | 4 | 'unassessed', assessedAgo: number | null, enrolledOn = '2024-01-01', extra: AssessmentRow[] = []) {
    const r = report({
      clients: [client('c', { enrolledOn })],
      assignments: [assign('c', 's1', enrolledOn)],
      assessments: [...(tier === 'unassessed' || assessedAgo === null ? [] : [tierAt('c', tier, ago(assessedAgo))]), ...extra],
    });
    const s = r.staff[0];
    return [s?.reassessDue, s?.reassessOverdue, s?.reassessDueSoon];
  }

  test.each<[string, 1 | 2 | 3 | 4 | 'unassessed', number | null, string, [number, number, number]]>([
    ['unassessed, enrolled D − 29: not due', 'unassessed', null, ago(29), [0, 0, 0]],
    ['unassessed, enrolled D − 30: due and overdue', 'unassessed', null, ago(30), [1, 1, 0]],
    ['tier 3 assessed D − 180: overdue', 3, 180, '2024-01-01', [1, 1, 0]],
    ['tier 3 assessed D − 179: due soon (falls due D + 1)', 3, 179, '2024-01-01', [1, 0, 1]],
    ['tier 3 assessed D − 150: due soon (falls due D + 30)', 3, 150, '2024-01-01', [1, 0, 1]],
    ['tier 3 assessed D − 149: not yet (falls due D + 31)', 3, 149, '2024-01-01', [1, 0, 0]],
    ['tier 4 assessed D − 180: overdue', 4, 180, '2024-01-01', [1, 1, 0]],
    ['tier 1 assessed D − 365: overdue', 1, 365, '2023-01-01', [1, 1, 0]],
    ['tier 1 assessed D − 364: due soon', 1, 364, '2023-01-01', [1, 0, 1]],
    ['tier 2 assessed D − 335: due soon (D + 30)', 2, 335, '2024-01-01', [1, 0, 1]],
    ['tier 2 assessed D − 334: not yet', 2, 334, '2024-01-01', [1, 0, 0]],
    ['tier 2 assessed on D', 2, 0, '2024-01-01', [1, 0, 0]],
  ])('%s', (_label, tier, assessedAgo, enrolledOn, want) => {
    expect(status(tier, assessedAgo, enrolledOn)).toEqual(want);
  });

  test('an assessment dated after D does not count: unassessed on D', () => {
    expect(status('unassessed', null, ago(40), [tierAt('c', 1, addDays(D, 1))])).toEqual([1, 1, 0]);
  });

  test('an override tier sets the reassessment interval: tier 4 by override, assessed D − 181, is overdue', () => {
    expect(status(4, 181)).toEqual([1, 1, 0]);
  });
});

describe('compliance report: staff, teams, agency and rates from summed counts', () => {
  // s1 (T1): c1 compliant, c2 not; s2 (T1): c3 compliant; s3 (T2): nobody due;
  // z (inactive, T1): c4 not compliant; unassigned u1: not compliant, reassess overdue.
  const clients: ClientRow[] = [
    client('c1'),
    client('c2'),
    client('c3'),
    client('c4'),
    client('c5', { enrolledOn: ago(5) }), // s3's: new, nothing due yet, not assessed: not due either
    client('u1'),
    client('x1', { closedOn: D }), // closed on D: not active, not counted
  ];
  const assignments: AssignmentRow[] = [
    assign('c1', 's1'),
    assign('c2', 's1'),
    assign('c3', 's2'),
    assign('c4', 'z'),
    assign('c5', 's3', ago(5)),
    assign('x1', 's1'),
  ];
  const assessments = [
    tierAt('c1', 3, ago(10)),
    tierAt('c2', 3, ago(200)), // overdue (180)
    tierAt('c3', 2, ago(340)), // due soon (D + 25)
    tierAt('c4', 2, ago(10)),
    tierAt('x1', 3, ago(400)),
  ];
  const contacts: ContactRow[] = [
    contact('c1', ago(3), 'home_visit'),
    contact('c2', ago(3), 'phone'), // no face-to-face within 90
    contact('c3', ago(50), 'office_visit'),
  ];
  const r = report({
    staff: [
      staff('s1', { teamId: 'T1' }),
      staff('s2', { teamId: 'T1', caseloadFte: 0.5 }),
      staff('s3', { teamId: 'T2' }),
      staff('z', { teamId: 'T1', active: false }),
    ],
    clients,
    assignments,
    assessments,
    contacts,
    allTeamIds: ['T1', 'T2', 'T9'],
  });

  test('per staff member', () => {
    expect(r.staff).toEqual([
      {
        staffId: 's1',
        teamId: 'T1',
        contactDue: 2,
        contactMet: 1,
        contactRate: 0.5,
        reassessDue: 2,
        reassessOverdue: 1,
        reassessDueSoon: 0,
        reassessRate: 0.5,
      },
      {
        staffId: 's2',
        teamId: 'T1',
        contactDue: 1,
        contactMet: 1,
        contactRate: 1,
        reassessDue: 1,
        reassessOverdue: 0,
        reassessDueSoon: 1,
        reassessRate: 1,
      },
      {
        staffId: 's3',
        teamId: 'T2',
        contactDue: 0,
        contactMet: 0,
        contactRate: null,
        reassessDue: 0,
        reassessOverdue: 0,
        reassessDueSoon: 0,
        reassessRate: null,
      },
      {
        staffId: 'z',
        teamId: 'T1',
        contactDue: 1,
        contactMet: 0,
        contactRate: 0,
        reassessDue: 1,
        reassessOverdue: 0,
        reassessDueSoon: 0,
        reassessRate: 1,
      },
    ]);
  });

  test('teams sum their caseload staff only (not the inactive holder); an empty team has null rates', () => {
    expect(r.teams).toEqual([
      {
        teamId: 'T1',
        contactDue: 3,
        contactMet: 2,
        contactRate: 2 / 3,
        reassessDue: 3,
        reassessOverdue: 1,
        reassessDueSoon: 1,
        reassessRate: 1 - 1 / 3,
      },
      {
        teamId: 'T2',
        contactDue: 0,
        contactMet: 0,
        contactRate: null,
        reassessDue: 0,
        reassessOverdue: 0,
        reassessDueSoon: 0,
        reassessRate: null,
      },
      {
        teamId: 'T9',
        contactDue: 0,
        contactMet: 0,
        contactRate: null,
        reassessDue: 0,
        reassessOverdue: 0,
        reassessDueSoon: 0,
        reassessRate: null,
      },
    ]);
  });

  test('the agency counts every active client, held or not', () => {
    // c1 ✓, c2 ✗, c3 ✓, c4 ✗ (uncovered), u1 ✗ (unassigned, unassessed since 2024: overdue)
    expect(r.agency).toEqual({
      contactDue: 5,
      contactMet: 2,
      contactRate: 2 / 5,
      reassessDue: 5,
      reassessOverdue: 2,
      reassessDueSoon: 1,
      reassessRate: 1 - 2 / 5,
    });
    expect(r).toMatchObject({ asOf: D, settingsVersion: 3 });
  });

  test('load versus compliance needs 3 caseload staff with contacts due', () => {
    // s1 and s2 qualify (s3 has nothing due; z is not caseload staff)
    expect(r.loadComplianceFit).toEqual({ n: 2, slope: null, intercept: null, r: null });
  });
});

describe('load versus compliance fit', () => {
  // capacity 4 hours; tier-2 clients weigh 2 h: a holds 1 (0.5), b 2 (1.0), c 3 (1.5).
  const settings = settingsWith({ caseHoursPerFte: 4 });
  function build(holders: Record<string, number>, compliantOf: Record<string, number>) {
    const clients: ClientRow[] = [];
    const assignments: AssignmentRow[] = [];
    const assessments: AssessmentRow[] = [];
    const contacts: ContactRow[] = [];
    for (const [s, n] of Object.entries(holders)) {
      for (let i = 0; i < n; i++) {
        const id = `${s}-${i}`;
        clients.push(client(id));
        assignments.push(assign(id, s));
        assessments.push(tierAt(id, 2, ago(10)));
        if (i < (compliantOf[s] ?? 0)) contacts.push(contact(id, ago(1), 'home_visit'));
      }
    }
    return report({
      settings,
      staff: Object.keys(holders).map((s) => staff(s)),
      clients,
      assignments,
      assessments,
      contacts,
    }).loadComplianceFit;
  }

  test('rates 1, 0.5, 0 at ratios 0.5, 1.0, 1.5: slope −1, intercept 1.5, r −1', () => {
    const fit = build({ a: 1, b: 2, c: 3 }, { a: 1, b: 1, c: 0 });
    expect(fit.n).toBe(3);
    expect(fit.slope).toBeCloseTo(-1, 12);
    expect(fit.intercept).toBeCloseTo(1.5, 12);
    expect(fit.r).toBeCloseTo(-1, 12);
  });

  test('no variance in the ratios: null fit with n = 3', () => {
    expect(build({ a: 2, b: 2, c: 2 }, { a: 2, b: 1, c: 0 })).toEqual({ n: 3, slope: null, intercept: null, r: null });
  });

  test('staff with no contact due are left out of n', () => {
    const fit = build({ a: 1, b: 2, c: 3, d: 0 }, { a: 1, b: 1, c: 0 });
    expect(fit.n).toBe(3);
  });
});
