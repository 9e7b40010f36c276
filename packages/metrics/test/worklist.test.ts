import { describe, expect, test } from 'vitest';
import { addDays, computeStaffClients, computeWorklist, defaultSettings, type WorklistKind } from '../src/index.ts';
import { assign, client, contact, staff, tierAt } from './fixtures.ts';

const D = '2025-06-30';
const ago = (n: number) => addDays(D, -n);

const rows = {
  settings: defaultSettings,
  staff: [staff('s1', { teamId: 'T1' }), staff('s2', { teamId: 'T2' }), staff('z', { teamId: 'T2', active: false })],
  clients: [
    client('c1'), // s1, tier 3 assessed D − 200: overdue (due D − 20); home visit D − 5: contact ok
    client('c2'), // s1, tier 2 assessed D − 340: due soon (D + 25); no contact: contact overdue
    client('c3'), // s2, tier 3 assessed D − 190: overdue (due D − 10); phone D − 100: contact overdue
    client('c4', { enrolledOn: ago(10) }), // s2, new: nothing due
    client('u1', { enrolledOn: '2024-03-01' }), // unassigned (last held by s1)
    client('u2', { enrolledOn: '2024-02-01' }), // never assigned
    client('z1'), // held by inactive z: uncovered
  ],
  assignments: [
    assign('c1', 's1', '2024-05-01'),
    assign('c2', 's1'),
    assign('c3', 's2'),
    assign('c4', 's2', ago(10)),
    assign('u1', 's1', '2024-03-01', ago(3)),
    assign('z1', 'z'),
  ],
  assessments: [tierAt('c1', 3, ago(200)), tierAt('c2', 2, ago(340)), tierAt('c3', 3, ago(190)), tierAt('z1', 1, ago(30))],
  contacts: [contact('c1', ago(5), 'home_visit'), contact('c3', ago(100), 'phone'), contact('z1', ago(20), 'home_visit')],
};

function list(kind: WorklistKind, teamIds?: string[] | null) {
  return computeWorklist({ ...rows, asOf: D, settingsVersion: 1, kind, teamIds }).clients.map((c) => c.clientId);
}

describe('work lists', () => {
  test.each<[WorklistKind, string[]]>([
    // by reassessDueOn: c1 D − 20, then c3 D − 10, then unassessed enrolled 2024: u2 (2024-03-02), u1 (2024-03-31)
    ['reassessOverdue', ['u2', 'u1', 'c1', 'c3']],
    ['reassessDueSoon', ['c2']],
    // never contacted first (c2, u1, u2 by id), then c3 (last contact D − 100)
    ['contactOverdue', ['c2', 'u1', 'u2', 'c3']],
    ['unassigned', ['u2', 'u1']],
    ['uncovered', ['z1']],
  ])('%s', (kind, want) => {
    expect(list(kind)).toEqual(want);
  });

  test('a team filter keeps clients whose holder (or last holder) is in the team', () => {
    expect(list('reassessOverdue', ['T1'])).toEqual(['u1', 'c1']);
    expect(list('unassigned', ['T1'])).toEqual(['u1']);
    expect(list('uncovered', ['T2'])).toEqual(['z1']);
    expect(list('contactOverdue', [])).toEqual([]);
  });

  test('a row says what a supervisor needs to act on', () => {
    const [u1] = computeWorklist({ ...rows, asOf: D, settingsVersion: 1, kind: 'unassigned', teamIds: ['T1'] }).clients;
    expect(u1).toEqual({
      clientId: 'u1',
      programId: 'P1',
      staffId: null,
      teamId: 'T1',
      lastStaffId: 's1',
      heldSince: null,
      covered: false,
      tier: 'unassessed',
      enrolledOn: '2024-03-01',
      lastAssessedOn: null,
      reassessDue: true,
      reassessOverdue: true,
      reassessDueSoon: false,
      reassessDueOn: '2024-03-31',
      lastContactOn: null,
      lastFaceToFaceOn: null,
      contactDue: true,
      contactMet: false,
    });
  });
});

describe('staff drill-down', () => {
  test("s1's clients with tier, last contacts and next reassessment", () => {
    const r = computeStaffClients({ ...rows, asOf: D, settingsVersion: 1, staffId: 's1' });
    expect(r.teamId).toBe('T1');
    expect(
      r.clients.map((c) => [
        c.clientId,
        c.tier,
        c.heldSince,
        c.lastContactOn,
        c.lastFaceToFaceOn,
        c.reassessDueOn,
        c.reassessOverdue,
        c.reassessDueSoon,
      ]),
    ).toEqual([
      ['c1', '3', '2024-05-01', ago(5), ago(5), ago(20), true, false],
      ['c2', '2', '2024-01-01', null, null, addDays(D, 25), false, true],
    ]);
  });
});
