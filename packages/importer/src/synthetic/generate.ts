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
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Activity } from './activity.ts';
import { SCALES, type Scale, SCALES_LIST } from './config.ts';
import { CsvWriter } from './csv-writer.ts';
import { DateFormat, parseDay } from './dates.ts';
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

/** The 13 files in import order (domain.md). */
export const SYNTHETIC_FILES = [
  'programs.csv',
  'teams.csv',
  'providers.csv',
  'staff.csv',
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
  'clients.csv': ['client_id', 'program_id', 'birth_year', 'county', 'primary_language', 'region', 'enrolled_on', 'closed_on', 'closure_reason'],
  'assignments.csv': ['client_id', 'staff_id', 'start_on', 'end_on'],
  'assessments.csv': [
    'assessment_id', 'client_id', 'assessed_on', 'kind', 'adl_deficits', 'iadl_deficits', 'cognitive_impairment',
    'lives_alone', 'recent_hospitalization', 'aps_involvement', 'behavioral_health', 'acuity_tier',
  ],
  'contacts.csv': ['contact_id', 'client_id', 'staff_id', 'occurred_on', 'mode', 'minutes'],
  'goals.csv': ['goal_id', 'client_id', 'domain', 'set_on', 'status', 'resolved_on'],
  'referrals.csv': ['referral_id', 'client_id', 'provider_id', 'service_type', 'referred_on', 'started_on'],
  'survey_invitations.csv': ['invitation_id', 'client_id', 'sent_on'],
  'survey_responses.csv': [
    'response_id', 'invitation_id', 'program_id', 'staff_id', 'provider_id', 'received_on',
    'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'comment',
  ],
  'qa_reviews.csv': [
    'review_id', 'client_id', 'staff_id', 'reviewer_staff_id', 'reviewed_on', 'score', 'findings',
    'corrective_action', 'action_due_on', 'action_closed_on',
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
    missedHandover: missed
      ? { staffId: missed.staffId, teamId: teams[missed.team!]!.teamId, on: iso(stories.missedDeparture)! }
      : null,
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
