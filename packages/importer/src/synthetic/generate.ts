/**
 * A deterministic synthetic agency for demos and benchmarks: the 13 CSV files of
 * domain.md, a pure function of (scale, seed, as-of date) — the same inputs give
 * byte-identical files. No client names or case notes: a client is an id, a birth
 * year, a county, a language and a program.
 *
 * Built-in stories (ids are reported in `stories`; with seed 1 and scale s the
 * report of a run lists them):
 *
 * 1. Chronic overload, from acuity more than head count — one team lost a position 18
 *    months before the as-of date and was never backfilled; six months before the
 *    as-of date it began taking the program's high-need referrals, and its clients
 *    were assessed into a heavier mix (about 38% at tiers 3–4 against about 30%
 *    agency-wide). On the as-of date it carries about the agency's clients per
 *    full-time caseload, but its clients need more hours each (about 2.7 against 2.4 a
 *    month), so every member is over capacity (load ratio > 1.00) on the as-of date
 *    and on most of the 90 days before — a staffing question, not a shuffling one. Its
 *    reassessments are late more often and its contacts lapse more: the
 *    load-versus-compliance fit slopes down.
 * 2. Leave — a case manager went on leave 38 days before the as-of date
 *    (caseload_fte 0 in staff.csv) and still holds the whole caseload: uncovered.
 * 3. Unassigned — six of the last two weeks' enrolments wait for a case manager, and
 *    two clients were missed in the handover when a case manager left 75 days ago.
 * 4. Slow provider — a personal-care agency with a staffing shortage: median ~50 days
 *    from referral to start, few within 30 days, many pending over 30; its clients
 *    rate q6 ("services meet my needs") lower.
 * 5. Satisfaction dip — two of one team's case managers left within three weeks; for the
 *    three calendar months 10 to 8 months before the as-of date its clients' q1
 *    top-2 falls from ~85% to ~40%. Two months in, the program manager's record
 *    reviews score 72–80 with a corrective action (audit of transferred cases), closed
 *    on time; replacements start and satisfaction recovers.
 * 6. Capacity over time — every case manager has staff periods (hire to departure);
 *    one moved between teams 200 days before the as-of date (a transfer), one went
 *    from one FTE to another 120 days before (an FTE change). The case manager on
 *    leave has a 100% leave reduction from the leave's first day to a planned return
 *    21 days after the as-of date; the most recent hire had a new worker's ramp-up
 *    (60 → 40 → 20%, 30 days each), one case manager has union time (8 h a month). Workload items:
 *    intake duty (8 h a month) rotating month by month through a team, the next
 *    rotation starting on the first of the month after the as-of date, and on-call
 *    (4 h a month) in another team; planned: training (10%) for an overloaded-team
 *    member in two weeks, on-call for a dip-team member in a week. Planned changes
 *    lie after the as-of date.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Activity } from './activity.ts';
import { SCALES, type Scale, SCALES_LIST } from './config.ts';
import { CsvWriter } from './csv-writer.ts';
import { DateFormat, firstOfMonth, parseDay } from './dates.ts';
import { type Agency, simulateAgency } from './simulate.ts';

export interface GenerateOptions {
  scale: Scale;
  /** any safe integer; the default in the CLI is 1 */
  seed: number;
  /** 'YYYY-MM-DD': the "today" of the synthetic agency */
  asOf: string;
}

export interface GeneratedFile {
  file: string;
  rows: number;
  bytes: number;
}

export interface SyntheticStories {
  /** `since`: the position cut; `heavierSince`: the first day of the heavier acuity mix */
  overloadedTeam: { teamId: string; since: string; heavierSince: string; memberStaffIds: string[] };
  onLeave: { staffId: string; teamId: string; since: string; clientIds: string[] };
  unassignedClientIds: string[];
  missedHandover: { staffId: string; teamId: string; on: string } | null;
  slowProvider: { providerId: string; name: string };
  satisfactionDip: { teamId: string; programId: string; from: string; to: string; qaReviewIds: string[] };
}

export interface SyntheticSummary {
  scale: Scale;
  seed: number;
  asOf: string;
  historyFrom: string;
  programs: number;
  teams: number;
  /** staff with role case_manager, current and former */
  caseManagers: number;
  /** case managers with active = true and caseload_fte > 0 */
  caseloadStaff: number;
  clients: number;
  activeClients: number;
}

export interface SyntheticAgency {
  files: GeneratedFile[];
  stories: SyntheticStories;
  summary: SyntheticSummary;
}

/** The 16 files in import order (domain.md). */
export const SYNTHETIC_FILES = [
  'programs.csv',
  'teams.csv',
  'providers.csv',
  'staff.csv',
  'staff_periods.csv',
  'capacity_reductions.csv',
  'workload_items.csv',
  'clients.csv',
  'assignments.csv',
  'assessments.csv',
  'contacts.csv',
  'goals.csv',
  'referrals.csv',
  'survey_invitations.csv',
  'survey_responses.csv',
  'qa_reviews.csv',
] as const;

const HEADERS: Record<(typeof SYNTHETIC_FILES)[number], readonly string[]> = {
  'programs.csv': ['program_id', 'name', 'funder'],
  'teams.csv': ['team_id', 'name', 'supervisor_staff_id'],
  'providers.csv': ['provider_id', 'name', 'service_types'],
  'staff.csv': ['staff_id', 'name', 'role', 'team_id', 'caseload_fte', 'languages', 'region', 'active'],
  'staff_periods.csv': ['staff_id', 'start_on', 'end_on', 'caseload_fte', 'team_id'],
  'capacity_reductions.csv': ['reduction_id', 'staff_id', 'reason', 'start_on', 'end_on', 'percent', 'hours_per_month', 'note'],
  'workload_items.csv': ['item_id', 'staff_id', 'kind', 'start_on', 'end_on', 'hours_per_month'],
  'clients.csv': [
    'client_id',
    'program_id',
    'birth_year',
    'county',
    'primary_language',
    'region',
    'enrolled_on',
    'closed_on',
    'closure_reason',
  ],
  'assignments.csv': ['client_id', 'staff_id', 'start_on', 'end_on'],
  'assessments.csv': [
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
  'contacts.csv': ['contact_id', 'client_id', 'staff_id', 'occurred_on', 'mode', 'minutes'],
  'goals.csv': ['goal_id', 'client_id', 'domain', 'set_on', 'status', 'resolved_on'],
  'referrals.csv': ['referral_id', 'client_id', 'provider_id', 'service_type', 'referred_on', 'started_on'],
  'survey_invitations.csv': ['invitation_id', 'client_id', 'sent_on'],
  'survey_responses.csv': [
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
  'qa_reviews.csv': [
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
};

/** Checks the options; throws a RangeError with a message a person can act on. */
export function checkGenerateOptions(options: GenerateOptions): number {
  if (!SCALES_LIST.includes(options.scale)) throw new RangeError(`scale must be one of ${SCALES_LIST.join(', ')}`);
  if (!Number.isSafeInteger(options.seed)) throw new RangeError('seed must be an integer');
  const asOf = parseDay(options.asOf);
  if (asOf === null) throw new RangeError(`as-of date "${options.asOf}" is not a real date in YYYY-MM-DD form`);
  if (asOf < parseDay('1990-01-01')! || asOf > parseDay('2200-12-31')!) {
    throw new RangeError('as-of date must be between 1990-01-01 and 2200-12-31');
  }
  return asOf;
}

/** Writes the 13 CSV files of a synthetic agency into `outDir` (created if missing). */
export async function generateAgency(options: GenerateOptions, outDir: string): Promise<SyntheticAgency> {
  const asOf = checkGenerateOptions(options);
  await mkdir(outDir, { recursive: true });
  const agency = simulateAgency(SCALES[options.scale], options.seed, asOf);
  const dates = new DateFormat(agency.start - 400, asOf + 1);
  const iso = (day: number | null) => (day === null ? null : dates.iso(day));
  const open = (file: (typeof SYNTHETIC_FILES)[number]) => new CsvWriter(join(outDir, file), HEADERS[file]);
  const written: GeneratedFile[] = [];
  const finish = async (...writers: CsvWriter[]) => {
    for (const w of writers) {
      await w.close();
      written.push({ file: w.path.slice(outDir.length).replace(/^[\\/]/, ''), rows: w.rows, bytes: w.bytes });
    }
  };
  const { staff, teams, clients } = agency;

  const programs = open('programs.csv');
  for (const p of agency.programs) programs.row([p.programId, p.name, p.funder]);
  await finish(programs);

  const teamsCsv = open('teams.csv');
  for (const t of teams) teamsCsv.row([t.teamId, t.name, staff[t.supervisor]!.staffId]);
  await finish(teamsCsv);

  const providers = open('providers.csv');
  for (const p of agency.providers) providers.row([p.providerId, p.name, p.serviceTypes.join(';')]);
  await finish(providers);

  const staffCsv = open('staff.csv');
  for (const s of staff) {
    staffCsv.row([
      s.staffId,
      s.name,
      s.role,
      s.team === null ? null : teams[s.team]!.teamId,
      s.fileFte,
      s.languages.join(';'),
      s.region,
      s.leftOn === null,
    ]);
  }
  await finish(staffCsv);

  const capacity = capacityPlan(agency);
  const periodsCsv = open('staff_periods.csv');
  for (const p of capacity.periods) periodsCsv.row([staff[p.staff]!.staffId, iso(p.start), iso(p.end), p.fte, teams[p.team]!.teamId]);
  const reductionsCsv = open('capacity_reductions.csv');
  for (const r of capacity.reductions) {
    reductionsCsv.row([r.id, staff[r.staff]!.staffId, r.reason, iso(r.start), iso(r.end), r.percent, r.hours, r.note]);
  }
  const itemsCsv = open('workload_items.csv');
  for (const i of capacity.items) itemsCsv.row([i.id, staff[i.staff]!.staffId, i.kind, iso(i.start), iso(i.end), i.hours]);
  await finish(periodsCsv, reductionsCsv, itemsCsv);

  const clientsCsv = open('clients.csv');
  for (const c of clients) {
    clientsCsv.row([
      c.clientId,
      agency.programs[c.program]!.programId,
      c.birthYear,
      c.county,
      c.language,
      c.region,
      iso(c.enrolled),
      iso(c.closed),
      c.closureReason,
    ]);
    await clientsCsv.relieve();
  }
  await finish(clientsCsv);

  const assignments = open('assignments.csv');
  for (const c of clients) {
    for (const a of c.assignments) assignments.row([c.clientId, staff[a.staff]!.staffId, iso(a.start), iso(a.end)]);
    await assignments.relieve();
  }
  await finish(assignments);

  const assessments = open('assessments.csv');
  let assessmentCount = 0;
  for (const c of clients) {
    for (const a of c.assessments) {
      if (a.day > asOf) continue;
      assessmentCount++;
      const n = a.needs;
      assessments.row([
        `as-${String(assessmentCount).padStart(7, '0')}`,
        c.clientId,
        iso(a.day),
        a.kind,
        n.adl,
        n.iadl,
        n.cognitive,
        n.livesAlone,
        n.hospitalized,
        n.aps,
        n.behavioral,
        a.override,
      ]);
    }
    await assessments.relieve();
  }
  await finish(assessments);

  const writers = {
    contacts: open('contacts.csv'),
    goals: open('goals.csv'),
    referrals: open('referrals.csv'),
    invitations: open('survey_invitations.csv'),
    responses: open('survey_responses.csv'),
  };
  const activity = new Activity(agency, writers, dates);
  const all = Object.values(writers);
  for (const c of clients) {
    activity.client(c);
    for (const w of all) await w.relieve();
  }
  await finish(writers.contacts, writers.goals, writers.referrals, writers.invitations, writers.responses);

  const qa = open('qa_reviews.csv');
  for (const r of agency.reviews) {
    qa.row([
      r.reviewId,
      clients[r.client]!.clientId,
      staff[r.staff]!.staffId,
      staff[r.reviewer]!.staffId,
      iso(r.day),
      r.score,
      r.findings,
      r.correctiveAction,
      iso(r.actionDue),
      iso(r.actionClosed),
    ]);
  }
  await finish(qa);

  return { files: written, stories: describeStories(agency, iso), summary: summarize(agency, options, iso) };
}

interface CapacityPlan {
  periods: Array<{ staff: number; start: number; end: number | null; fte: number; team: number }>;
  reductions: Array<{
    id: string;
    staff: number;
    reason: 'leave' | 'new_staff' | 'union' | 'training';
    start: number;
    end: number | null;
    percent: number | null;
    hours: number | null;
    note: string | null;
  }>;
  items: Array<{ id: string; staff: number; kind: 'intake' | 'on_call'; start: number; end: number | null; hours: number }>;
}

/**
 * Story 6: staff periods, capacity reductions and workload items, chosen by rule from
 * the simulated staff (no random draws, so the other files are unchanged). The
 * overloaded and dip teams are left as they are, so their stories read as before.
 */
function capacityPlan(agency: Agency): CapacityPlan {
  const { staff, teams, stories, asOf } = agency;
  const caseManagers = staff.filter((s) => s.role === 'case_manager' && s.team !== null);
  const leaveTeam = staff[stories.leaveStaff]!.team;
  const busy = new Set([stories.overloadedTeam, stories.dipTeam]);
  const quiet = teams.find((t) => !busy.has(t.idx) && t.idx !== leaveTeam) ?? teams.find((t) => !busy.has(t.idx)) ?? teams[0]!;
  const other = teams.find((t) => !busy.has(t.idx) && t.idx !== quiet.idx);
  const current = (team: number) =>
    caseManagers.filter((s) => s.team === team && s.leftOn === null && s.idx !== stories.leaveStaff).sort((a, b) => a.idx - b.idx);

  const plan: CapacityPlan = { periods: [], reductions: [], items: [] };
  const transferOn = asOf - 200;
  const fteChangeOn = asOf - 120;
  const quietMembers = current(quiet.idx).filter((s) => s.hiredOn < transferOn);
  const fteChanged = quietMembers[0];
  const transferred = other ? quietMembers[1] : undefined;
  for (const s of caseManagers) {
    const end = s.leftOn;
    if (s === fteChanged) {
      plan.periods.push({ staff: s.idx, start: s.hiredOn, end: fteChangeOn, fte: s.fte < 1 ? 1 : 0.8, team: s.team! });
      plan.periods.push({ staff: s.idx, start: fteChangeOn, end, fte: s.fte, team: s.team! });
    } else if (s === transferred && other) {
      plan.periods.push({ staff: s.idx, start: s.hiredOn, end: transferOn, fte: s.fte, team: other.idx });
      plan.periods.push({ staff: s.idx, start: transferOn, end, fte: s.fte, team: s.team! });
    } else {
      plan.periods.push({ staff: s.idx, start: s.hiredOn, end, fte: s.fte, team: s.team! });
    }
  }

  // the case manager on leave: 100% until a planned return three weeks ahead
  plan.reductions.push({
    id: 'rd-leave-1',
    staff: stories.leaveStaff,
    reason: 'leave',
    start: stories.leaveFrom,
    end: asOf + 21,
    percent: 100,
    hours: null,
    note: 'Family leave; planned return',
  });
  // the most recent hire outside the busy teams: a new worker's ramp-up, 60 → 40 → 20%
  const hire = caseManagers
    .filter((s) => !busy.has(s.team!) && s.leftOn === null && s.idx !== stories.leaveStaff)
    .sort((a, b) => b.hiredOn - a.hiredOn || a.idx - b.idx)[0];
  if (hire) {
    [60, 40, 20].forEach((percent, k) => {
      plan.reductions.push({
        id: `rd-ramp-${k + 1}`,
        staff: hire.idx,
        reason: 'new_staff',
        start: hire.hiredOn + 30 * k,
        end: hire.hiredOn + 30 * (k + 1),
        percent,
        hours: null,
        note: null,
      });
    });
  }
  // union time for a steward
  const steward = quietMembers[2] ?? quietMembers[0];
  if (steward)
    plan.reductions.push({
      id: 'rd-union-1',
      staff: steward.idx,
      reason: 'union',
      start: asOf - 400,
      end: null,
      percent: null,
      hours: 8,
      note: 'Shop steward',
    });

  // planned, in the two story teams, so their supervisor's worklist of changes ahead has them (the as-of
  // figures, and so the stories, are untouched): training for an overloaded member in two weeks, on-call in a week
  const overloadedMember = current(stories.overloadedTeam)[0];
  if (overloadedMember) {
    plan.reductions.push({
      id: 'rd-training-1',
      staff: overloadedMember.idx,
      reason: 'training',
      start: asOf + 14,
      end: asOf + 44,
      percent: 10,
      hours: null,
      note: 'Assessment tool training',
    });
  }
  // intake duty rotating month by month through the quiet team (six months back, the next month ahead)
  const rota = current(quiet.idx).filter((s) => s.hiredOn <= firstOfMonth(asOf, -6));
  if (rota.length > 0) {
    for (let m = -6; m <= 1; m++) {
      const member = rota[(m + 6) % rota.length]!;
      plan.items.push({
        id: `wi-intake-${quiet.teamId}-${m + 7}`,
        staff: member.idx,
        kind: 'intake',
        start: firstOfMonth(asOf, m),
        end: firstOfMonth(asOf, m + 1),
        hours: 8,
      });
    }
  }
  // on-call in the leave team (or another team), three months back and open
  const onCallTeam = leaveTeam !== null && leaveTeam !== quiet.idx ? leaveTeam : (other?.idx ?? quiet.idx);
  const onCall = current(onCallTeam)[0];
  if (onCall) plan.items.push({ id: 'wi-oncall-1', staff: onCall.idx, kind: 'on_call', start: asOf - 90, end: null, hours: 4 });
  const dipMember = current(stories.dipTeam)[0];
  if (dipMember) plan.items.push({ id: 'wi-oncall-2', staff: dipMember.idx, kind: 'on_call', start: asOf + 7, end: null, hours: 4 });
  return plan;
}

function describeStories(agency: Agency, iso: (day: number | null) => string | null): SyntheticStories {
  const { stories, teams, staff, clients, providers, programs, asOf } = agency;
  const overloaded = teams[stories.overloadedTeam]!;
  const leave = staff[stories.leaveStaff]!;
  const dipTeam = teams[stories.dipTeam]!;
  const missed = staff.find((s) => s.team === stories.missedTeam && s.leftOn === stories.missedDeparture);
  const slow = providers[stories.slowProvider]!;
  return {
    overloadedTeam: {
      teamId: overloaded.teamId,
      since: iso(stories.overloadedFrom)!,
      heavierSince: iso(stories.acuityFrom)!,
      memberStaffIds: overloaded.members.filter((m) => staff[m]!.fileFte > 0).map((m) => staff[m]!.staffId),
    },
    onLeave: {
      staffId: leave.staffId,
      teamId: teams[leave.team!]!.teamId,
      since: iso(stories.leaveFrom)!,
      clientIds: leave.caseload.map((i) => clients[i]!.clientId).sort(),
    },
    unassignedClientIds: stories.unassigned
      .filter((i) => {
        const c = clients[i]!;
        return c.holder < 0 && (c.closed === null || c.closed > asOf);
      })
      .map((i) => clients[i]!.clientId)
      .sort(),
    missedHandover: missed ? { staffId: missed.staffId, teamId: teams[missed.team!]!.teamId, on: iso(stories.missedDeparture)! } : null,
    slowProvider: { providerId: slow.providerId, name: slow.name },
    satisfactionDip: {
      teamId: dipTeam.teamId,
      programId: programs[dipTeam.program]!.programId,
      from: iso(stories.dipFrom)!,
      to: iso(stories.dipTo)!,
      qaReviewIds: stories.dipReviews,
    },
  };
}

function summarize(agency: Agency, options: GenerateOptions, iso: (day: number | null) => string | null): SyntheticSummary {
  const { asOf } = agency;
  const caseManagers = agency.staff.filter((s) => s.role === 'case_manager');
  return {
    scale: options.scale,
    seed: options.seed,
    asOf: options.asOf,
    historyFrom: iso(agency.start)!,
    programs: agency.programs.length,
    teams: agency.teams.length,
    caseManagers: caseManagers.length,
    caseloadStaff: caseManagers.filter((s) => s.leftOn === null && s.fileFte > 0).length,
    clients: agency.clients.length,
    activeClients: agency.clients.filter((c) => c.enrolled <= asOf && (c.closed === null || c.closed > asOf)).length,
  };
}
