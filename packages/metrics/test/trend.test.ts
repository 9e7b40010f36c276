import { describe, expect, test } from 'vitest';
import { computeCaseloadTrend } from '../src/index.ts';
import { assign, client, contact, settingsWith, staff, tierAt } from './fixtures.ts';

describe('caseload trend', () => {
  // capacity 10 h. c1 (tier 3, 3.5 h) held by s1 all along; c2 (unassessed, 2 h) enrolls 2025-02-15
  // and is held by s1; s2 holds nobody. Point-in-time as of Jan 31, Feb 28, Mar 20 (partial month).
  const r = computeCaseloadTrend({
    from: '2025-01-10',
    to: '2025-03-20',
    settingsVersion: 4,
    settings: settingsWith({ caseHoursPerFte: 10 }),
    staff: [staff('s1', { teamId: 'T1' }), staff('s2', { teamId: 'T2' })],
    clients: [client('c1', { enrolledOn: '2024-01-01' }), client('c2', { enrolledOn: '2025-02-15' })],
    assignments: [assign('c1', 's1'), assign('c2', 's1', '2025-02-15')],
    assessments: [tierAt('c1', 3, '2024-12-01')],
    // c1: tier 3 needs a contact within 30 days and face-to-face within 90
    contacts: [contact('c1', '2025-01-05', 'home_visit'), contact('c1', '2025-03-01', 'phone')],
  });

  test('one point per month, as of its last day or the end of the period', () => {
    expect(r.months.map((m) => [m.month, m.asOf])).toEqual([
      ['2025-01', '2025-01-31'],
      ['2025-02', '2025-02-28'],
      ['2025-03', '2025-03-20'],
    ]);
    expect(r).toMatchObject({ from: '2025-01-10', to: '2025-03-20', settingsVersion: 4 });
  });

  test('agency figures month by month', () => {
    // Jan 31: c1 3.5 h / 20; contact D−30 < Jan 5 ✓, f2f ✓ → 1/1; reassess due (assessed Dec 1, 180 d) not overdue.
    // Feb 28: 5.5 h / 20; c1's last contact Jan 5 ≤ Feb 28 − 30 → missed; c2 enrolled Feb 15: nothing due → 0/1.
    // Mar 20: c1 phone Mar 1 ✓, home visit Jan 5 > Mar 20 − 90 (Dec 20) ✓ → 1/1; c2 unassessed,
    //         enrolled Feb 15 ≤ Mar 20 − 30 (Feb 18) → initial assessment overdue: 1 − 1/2;
    //         c2's contacts (60/180 days) are not due yet.
    expect(r.months.map((m) => m.agency)).toEqual([
      {
        loadRatio: 3.5 / 20,
        weightedHours: 3.5,
        capacityHours: 20,
        contactRate: 1,
        contactDue: 1,
        contactMet: 1,
        reassessRate: 1,
        reassessDue: 1,
        reassessOverdue: 0,
      },
      {
        loadRatio: 5.5 / 20,
        weightedHours: 5.5,
        capacityHours: 20,
        contactRate: 0,
        contactDue: 1,
        contactMet: 0,
        reassessRate: 1,
        reassessDue: 1,
        reassessOverdue: 0,
      },
      {
        loadRatio: 5.5 / 20,
        weightedHours: 5.5,
        capacityHours: 20,
        contactRate: 1,
        contactDue: 1,
        contactMet: 1,
        reassessRate: 0.5,
        reassessDue: 2,
        reassessOverdue: 1,
      },
    ]);
  });

  test('teams and staff carry the same figures; a member with nothing due has null rates', () => {
    const feb = r.months[1];
    expect(feb?.teams.map((t) => [t.teamId, t.loadRatio, t.contactRate])).toEqual([
      ['T1', 0.55, 0],
      ['T2', 0, null],
    ]);
    expect(feb?.staff.map((s) => [s.staffId, s.teamId, s.loadRatio, s.reassessRate])).toEqual([
      ['s1', 'T1', 0.55, 1],
      ['s2', 'T2', 0, null],
    ]);
  });
});
