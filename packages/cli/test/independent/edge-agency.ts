/**
 * A small hand-made agency whose rows sit exactly on the edges of metrics.md that the
 * seeded agency does not reach (found by mutating the reference model: the seeded
 * data has no same-day assessment tie, no ratio of exactly 1.15, no corrective
 * action due exactly on T). Written as CSV files, imported through the real CLI, and
 * checked with the same reference model. D = 2026-03-31; period 2026-01-01..2026-03-31.
 *
 * Caseload staff (team t1, capacity FTE × 110):
 *   s1 FTE 1: 3 tier-3 + 19 tier-4 + 1 tier-2 = 10.5 + 114 + 2 = 126.5 h → ratio exactly 1.15 (band over)
 *   s2 FTE 1: 18 tier-4 + 1 tier-2 = 110 h → exactly 1.00 (balanced; not over; 0 days over capacity)
 *   s3 FTE 1: 15 tier-4 + 1 tier-3 = 93.5 h → exactly 0.85 (balanced, not under)
 *   s6 FTE 0.5: the clients of the special cases below
 * Not caseload staff: s4 (inactive, 2 clients), s5 (FTE 0, no team, 1 client): uncovered.
 * Team t2 has no caseload staff. One client has no holder (unassigned).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays } from './model.ts';

export const EDGE_D = '2026-03-31';
export const EDGE_F = '2026-01-01';
const D = EDGE_D;
const T = EDGE_D;
const LONG_AGO = '2024-01-01';
const TIER_DATE = '2025-12-01';

function csv(header: string[], rows: Array<Array<string | number | boolean | null>>): string {
  const cell = (v: string | number | boolean | null) => {
    if (v === null) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function writeEdgeAgency(dir: string): void {
  const clients: Array<[string, string, string | null, string | null]> = []; // id, enrolled, closed, reason
  const assignments: Array<[string, string, string, string | null]> = [];
  const assessments: Array<Array<string | number | boolean | null>> = [];
  const contacts: Array<[string, string, string, string, string]> = [];
  const hold = (client: string, staff: string | null, enrolled = LONG_AGO, closed: string | null = null, reason: string | null = null) => {
    clients.push([client, enrolled, closed, reason]);
    if (staff) assignments.push([client, staff, enrolled, null]);
  };
  /** an assessment with an acuity_tier override */
  const tiered = (id: string, client: string, on: string, tier: number, adl: number | null = null) =>
    assessments.push([id, client, on, 'reassessment', adl, null, null, null, null, null, null, tier]);
  /** an assessment whose tier is computed from its items */
  const scored = (
    id: string,
    client: string,
    items: { adl?: number; iadl?: number; cog?: boolean; alone?: boolean; hosp?: boolean; aps?: boolean; bh?: boolean },
  ) =>
    assessments.push([
      id,
      client,
      TIER_DATE,
      'reassessment',
      items.adl ?? null,
      items.iadl ?? null,
      items.cog ?? null,
      items.alone ?? null,
      items.hosp ?? null,
      items.aps ?? null,
      items.bh ?? null,
      null,
    ]);

  let n = 0;
  const many = (staff: string, tier: number, count: number) => {
    for (let k = 0; k < count; k++) {
      const id = `c-${staff}-${String(++n).padStart(3, '0')}`;
      hold(id, staff);
      tiered(`as-${id}`, id, TIER_DATE, tier);
    }
  };
  many('s1', 3, 3);
  many('s1', 4, 19);
  many('s1', 2, 1);
  many('s2', 4, 18);
  many('s2', 2, 1);
  many('s3', 4, 15);
  many('s3', 3, 1);
  many('s4', 2, 2);
  many('s5', 1, 1);
  hold('c-unassigned', null);

  // ties on the same day: greatest assessment_id by byte order ('b' 0x62 > 'B' 0x42; '9' > '1')
  hold('c-tie-case', 's6');
  tiered('as-tie-B', 'c-tie-case', TIER_DATE, 4);
  tiered('as-tie-b', 'c-tie-case', TIER_DATE, 1);
  hold('c-tie-digit', 's6');
  tiered('as-10', 'c-tie-digit', TIER_DATE, 3);
  tiered('as-9', 'c-tie-digit', TIER_DATE, 2);
  // computed tiers at the score edges (null counts as 0 / false)
  const scores: Array<[string, Parameters<typeof scored>[2]]> = [
    ['5', { adl: 2, iadl: 1 }], // 5 → tier 1
    ['6', { adl: 2, iadl: 2 }], // 6 → 2
    ['11', { adl: 3, iadl: 5 }], // 11 → 2
    ['12', { adl: 3, iadl: 3, cog: true, hosp: false }], // 12 → 3
    ['19', { adl: 6, iadl: 4, cog: true, alone: false, bh: false }], // 19 → 3
    ['20', { adl: 6, iadl: 5, cog: true, bh: false, alone: false, hosp: false, aps: false }], // 20 → 4
    ['aps', { aps: true }], // 4 → 1, raised to 3 by APS
    ['nulls', {}], // 0 → 1
  ];
  for (const [name, items] of scores) {
    hold(`c-score-${name}`, 's6');
    scored(`as-score-${name}`, `c-score-${name}`, items);
  }
  // initial assessment: enrolled exactly D − 30 (overdue) and D − 29 (not due)
  hold('c-enrolled-30', 's6', addDays(D, -30));
  hold('c-enrolled-29', 's6', addDays(D, -29));
  // reassessment (tier 3: 180 days): overdue at D − 180; due soon up to D + 30 − 180
  for (const days of [180, 179, 150, 149]) {
    hold(`c-assessed-${days}`, 's6');
    tiered(`as-assessed-${days}`, `c-assessed-${days}`, addDays(D, -days), 3);
  }
  // contact windows (tier 3: any 30 days, face-to-face 90 days)
  const contactCase = (name: string, rows: Array<[number, string, string]>) => {
    hold(`c-contact-${name}`, 's6');
    tiered(`as-contact-${name}`, `c-contact-${name}`, TIER_DATE, 3);
    rows.forEach(([daysBefore, mode, staff], k) =>
      contacts.push([`ct-${name}-${k}`, `c-contact-${name}`, staff, addDays(D, -daysBefore), mode]),
    );
  };
  contactCase('edge30', [[30, 'home_visit', 's6']]); // D − 30 is outside (D − N < occurred_on)
  contactCase('in29', [[29, 'home_visit', 's6']]); // both met
  contactCase('phone', [[29, 'phone', 's6']]); // any met, face-to-face not
  contactCase('collateral', [
    [1, 'collateral', 's6'],
    [89, 'office_visit', 's6'],
  ]); // collateral counts for neither
  contactCase('other-staff', [
    [0, 'video', 's2'],
    [90, 'home_visit', 's6'],
    [89, 'office_visit', 's1'],
  ]); // any staff; on D counts
  // functional change: same-day pair ordered by assessment_id; an assessment without adl in between
  hold('c-func-a', 's6');
  tiered('fa-1', 'c-func-a', '2025-11-01', 2, 2);
  tiered('fa-2', 'c-func-a', '2026-02-01', 2, 1); // improved (2 → 1)
  tiered('fa-3', 'c-func-a', '2026-02-01', 2, 1); // maintained (after fa-2 the same day)
  hold('c-func-b', 's6');
  tiered('fb-1', 'c-func-b', '2025-11-01', 2, 3);
  tiered('fb-2', 'c-func-b', '2026-01-15', 2, null);
  tiered('fb-3', 'c-func-b', '2026-03-01', 2, 4); // its latest earlier assessment fb-2 has no adl
  tiered('fb-4', 'c-func-b', EDGE_F, 2, 5); // first day of the period, after fb-1: declined
  // closures in the period: a reason, and none (unknown)
  hold('c-closed-moved', 's6', LONG_AGO, '2026-02-15', 'moved');
  hold('c-closed-unknown', 's6', LONG_AGO, EDGE_F, null);
  hold('c-closed-after', 's6', LONG_AGO, addDays(T, 1), 'deceased');

  const files: Record<string, string> = {
    'programs.csv': csv(['program_id', 'name', 'funder'], [['p1', 'Edge program', 'State, "edge" fund']]),
    'teams.csv': csv(
      ['team_id', 'name', 'supervisor_staff_id'],
      [
        ['t1', 'Edge team', null],
        ['t2', 'Team without caseloads', null],
      ],
    ),
    'providers.csv': csv(
      ['provider_id', 'name', 'service_types'],
      [
        ['pr-a', 'Provider A', 'meals'],
        ['pr-b', 'Provider B', 'personal care;homemaker'],
      ],
    ),
    'staff.csv': csv(
      ['staff_id', 'name', 'role', 'team_id', 'caseload_fte', 'languages', 'region', 'active'],
      [
        ['s1', 'One', 'case_manager', 't1', 1, 'en', null, true],
        ['s2', 'Two', 'case_manager', 't1', 1, 'en', null, true],
        ['s3', 'Three', 'case_manager', 't1', 1, 'en', null, null],
        ['s4', 'Four', 'case_manager', 't1', 1, 'en', null, false],
        ['s5', 'Five', 'case_manager', null, 0, 'en', null, true],
        ['s6', 'Six', 'case_manager', 't1', 0.5, 'en;es', null, true],
        ['s7', 'Supervisor', 'supervisor', 't2', 0, 'en', null, true],
      ],
    ),
    'clients.csv': csv(
      ['client_id', 'program_id', 'birth_year', 'county', 'primary_language', 'region', 'enrolled_on', 'closed_on', 'closure_reason'],
      clients.map(([id, enrolled, closed, reason]) => [id, 'p1', 1940, null, 'en', null, enrolled, closed, reason]),
    ),
    'assignments.csv': csv(['client_id', 'staff_id', 'start_on', 'end_on'], assignments),
    'assessments.csv': csv(
      [
        'assessment_id',
        'client_id',
        'assessed_on',
        'kind',
        'adl_deficits',
        'iadl_deficits',
        'cognitive_impairment',
        'lives_alone',
        'recent_hospitalization',
        'aps_involvement',
        'behavioral_health',
        'acuity_tier',
      ],
      assessments,
    ),
    'contacts.csv': csv(
      ['contact_id', 'client_id', 'staff_id', 'occurred_on', 'mode', 'minutes'],
      contacts.map((c) => [...c, 30]),
    ),
    'goals.csv': csv(
      ['goal_id', 'client_id', 'domain', 'set_on', 'status', 'resolved_on'],
      [
        ['g1', 'c-func-a', null, '2025-06-01', 'met', EDGE_F],
        ['g2', 'c-func-a', null, '2025-06-01', 'not_met', T],
        ['g3', 'c-func-a', null, '2025-06-01', 'partially_met', addDays(T, 1)],
        ['g4', 'c-func-b', null, '2025-06-01', 'withdrawn', '2026-02-02'],
        ['g5', 'c-func-b', null, '2025-06-01', 'open', null],
        ['g6', 'c-func-b', null, '2025-06-01', 'partially_met', '2026-03-03'],
      ],
    ),
    'referrals.csv': csv(
      ['referral_id', 'client_id', 'provider_id', 'service_type', 'referred_on', 'started_on'],
      [
        ['r1', 'c-func-a', 'pr-a', 'meals', addDays(T, -30), null], // pending over 30 as of T
        ['r2', 'c-func-a', 'pr-a', 'meals', addDays(T, -29), null], // not yet
        ['r3', 'c-func-a', 'pr-a', 'meals', EDGE_F, '2026-01-31'], // 30 days: within 30
        ['r4', 'c-func-a', 'pr-a', 'meals', EDGE_F, '2026-02-01'], // 31 days
        ['r5', 'c-func-b', 'pr-b', 'homemaker', '2026-02-01', addDays(T, 1)], // not started by T: pending
        ['r6', 'c-func-b', 'pr-b', 'homemaker', '2025-12-01', '2026-01-10'], // started in the period, referred before
      ],
    ),
    'survey_invitations.csv': csv(
      ['invitation_id', 'client_id', 'sent_on'],
      [
        ['i1', 'c-func-a', '2025-12-31'],
        ['i2', 'c-func-a', EDGE_F],
        ['i3', 'c-func-b', T],
        ['i4', 'c-func-b', '2026-02-10'],
      ],
    ),
    'survey_responses.csv': csv(
      [
        'response_id',
        'invitation_id',
        'program_id',
        'staff_id',
        'provider_id',
        'received_on',
        'q1',
        'q2',
        'q3',
        'q4',
        'q5',
        'q6',
        'q7',
        'q8',
        'comment',
      ],
      [
        ['rs1', 'i1', 'p1', 's1', 'pr-a', '2026-01-05', 5, 4, 3, 2, 1, 4, null, 5, 'Quoted, "with" a comma\nand a line break'],
        ['rs2', 'i2', 'p1', 's2', 'pr-a', addDays(T, 2), 1, 1, 1, 1, 1, 1, 1, 1, null], // after the period; i2 still responded
        ['rs3', null, 'p1', 's4', 'pr-a', '2026-02-28', 3, null, 4, 4, 4, 3, 5, 4, null],
        ['rs4', null, 'p1', 's5', null, T, 4, 5, null, null, null, null, null, null, null],
        ['rs5', null, 'p1', null, 'pr-b', EDGE_F, null, 2, 2, 5, 5, 5, 2, 3, null],
        ['rs6', 'i4', 'p1', 's6', null, '2026-03-15', 4, 4, 4, 4, 4, null, 4, 4, null],
      ],
    ),
    'qa_reviews.csv': csv(
      [
        'review_id',
        'client_id',
        'staff_id',
        'reviewer_staff_id',
        'reviewed_on',
        'score',
        'findings',
        'corrective_action',
        'action_due_on',
        'action_closed_on',
      ],
      [
        ['q1', 'c-func-a', 's1', 's7', '2026-01-10', 85, null, 'Fix plan', T, null], // open, due on T: not overdue
        ['q2', 'c-func-a', 's1', 's7', '2026-01-10', 84, null, 'Fix plan', addDays(T, -1), null], // open, overdue
        ['q3', 'c-func-a', 's2', 's7', '2025-12-01', 70, null, 'Visit', EDGE_F, T], // closed on T: closed in period (120 days)
        ['q4', 'c-func-b', 's2', 's7', '2025-12-01', 60, null, 'Visit', EDGE_F, addDays(T, 1)], // open as of T, overdue
        ['q5', 'c-func-b', 's3', 's7', '2026-02-01', 100, 'None, "really"', null, null, null],
        ['q6', 'c-func-b', 's3', 's7', addDays(T, 1), 10, null, 'Later', addDays(T, 20), null], // after T
        ['q7', 'c-func-b', 's3', 's7', '2025-11-01', 90, null, 'Early', '2025-11-20', '2025-12-31'], // closed before the period
      ],
    ),
  };
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
}
