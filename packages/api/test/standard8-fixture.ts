/**
 * A non-trivial Standard 8 agency for the service tests: a seeded pseudo-random mix of
 * programs, teams, staff, providers, clients (some moving between teams), surveys
 * (blank items, responses after the period, responses without an invitation),
 * goals, assessments, referrals and quality reviews. Deterministic for a given seed.
 */
import { createAgency, type Database } from '@caseload/db';
import { defaultSettings } from '@caseload/metrics';
import type { Kysely } from 'kysely';

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (base: string, n: number) => new Date(Date.parse(`${base}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export const FIXTURE_FROM = '2024-01-01';
export const FIXTURE_TO = '2024-06-30';

export async function seedStandard8Agency(db: Kysely<Database>, agencyId: string, seed = 8): Promise<void> {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

  await createAgency(db, { agencyId, name: `Agency ${agencyId}`, settings: defaultSettings });
  const programs = ['P1', 'P2', 'P3'];
  const teams = ['TA', 'TB'];
  const staff = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'];
  const teamOf: Record<string, string | null> = { S1: 'TA', S2: 'TA', S3: 'TA', S4: 'TB', S5: 'TB', S6: null };
  const providers = ['V1', 'V2', 'V3', 'V4'];
  await db
    .insertInto('programs')
    .values(programs.map((p) => ({ agency_id: agencyId, program_id: p, name: `Program ${p}`, funder: null })))
    .execute();
  await db
    .insertInto('teams')
    .values(teams.map((t) => ({ agency_id: agencyId, team_id: t, name: `Team ${t}`, supervisor_staff_id: null })))
    .execute();
  await db
    .insertInto('staff')
    .values(
      staff.map((s) => ({
        agency_id: agencyId,
        staff_id: s,
        name: s,
        role: 'case_manager' as const,
        team_id: teamOf[s] ?? null,
        caseload_fte: 1,
        languages: ['en'],
      })),
    )
    .execute();
  await db
    .insertInto('providers')
    .values(providers.map((v) => ({ agency_id: agencyId, provider_id: v, name: `Provider ${v}`, service_types: [] })))
    .execute();

  const clients = Array.from({ length: 60 }, (_, i) => `c${String(i).padStart(2, '0')}`);
  const reasons = ['goals_met', 'moved', 'deceased', 'nursing_facility', null] as const;
  await db
    .insertInto('clients')
    .values(
      clients.map((c) => {
        const closed = rnd() < 0.3 ? day('2023-11-01', int(0, 300)) : null;
        return {
          agency_id: agencyId,
          client_id: c,
          program_id: pick(programs),
          enrolled_on: '2023-06-01',
          closed_on: closed,
          closure_reason: closed ? pick(reasons) : null,
        };
      }),
    )
    .execute();
  const assignments = clients.flatMap((c) => {
    const first = pick(staff);
    if (rnd() < 0.3) {
      const switchOn = day('2023-12-01', int(0, 240));
      return [
        { agency_id: agencyId, client_id: c, staff_id: first, start_on: '2023-06-01', end_on: switchOn },
        { agency_id: agencyId, client_id: c, staff_id: pick(staff), start_on: switchOn, end_on: null },
      ];
    }
    return [{ agency_id: agencyId, client_id: c, staff_id: first, start_on: '2023-06-01', end_on: null }];
  });
  await db.insertInto('assignments').values(assignments).execute();

  const invitations = Array.from({ length: 140 }, (_, i) => ({
    agency_id: agencyId,
    invitation_id: `i${i}`,
    client_id: pick(clients),
    sent_on: day('2023-12-01', int(0, 230)),
  }));
  await db.insertInto('survey_invitations').values(invitations).execute();
  const answer = () => (rnd() < 0.12 ? null : pick([1, 2, 3, 3, 4, 4, 4, 5, 5, 5]));
  const responses = Array.from({ length: 170 }, (_, i) => {
    const linked = i < invitations.length && rnd() < 0.7 ? invitations[i] : undefined;
    const q = { q1: answer(), q2: answer(), q3: answer(), q4: answer(), q5: answer(), q6: answer(), q7: answer(), q8: answer() };
    if (Object.values(q).every((v) => v === null)) q.q1 = 4;
    return {
      agency_id: agencyId,
      response_id: `r${i}`,
      invitation_id: linked?.invitation_id ?? null,
      program_id: pick(programs),
      staff_id: rnd() < 0.85 ? pick(staff) : null,
      provider_id: rnd() < 0.5 ? pick(providers) : null,
      received_on: linked ? day(linked.sent_on, int(1, 40)) : day('2023-12-15', int(0, 220)),
      comment: rnd() < 0.3 ? pick(['Helpful and kind', 'Hard to reach', 'Services 100% on time', 'Thank you']) : null,
      ...q,
    };
  });
  await db.insertInto('survey_responses').values(responses).execute();

  const statuses = ['open', 'met', 'partially_met', 'not_met', 'withdrawn'] as const;
  await db
    .insertInto('goals')
    .values(
      Array.from({ length: 120 }, (_, i) => {
        const status = pick(statuses);
        const set = day('2023-09-01', int(0, 150));
        return {
          agency_id: agencyId,
          goal_id: `g${i}`,
          client_id: pick(clients),
          set_on: set,
          status,
          resolved_on: status === 'open' ? null : day(set, int(0, 200)),
        };
      }),
    )
    .execute();
  await db
    .insertInto('assessments')
    .values(
      Array.from({ length: 150 }, (_, i) => ({
        agency_id: agencyId,
        assessment_id: `a${i}`,
        client_id: pick(clients),
        assessed_on: day('2023-08-01', int(0, 330)),
        kind: 'reassessment' as const,
        adl_deficits: rnd() < 0.1 ? null : int(0, 6),
      })),
    )
    .execute();
  await db
    .insertInto('referrals')
    .values(
      Array.from({ length: 130 }, (_, i) => {
        const referred = day('2023-10-01', int(0, 270));
        return {
          agency_id: agencyId,
          referral_id: `f${i}`,
          client_id: pick(clients),
          provider_id: pick(providers),
          referred_on: referred,
          started_on: rnd() < 0.25 ? null : day(referred, int(0, 60)),
        };
      }),
    )
    .execute();
  await db
    .insertInto('qa_reviews')
    .values(
      Array.from({ length: 90 }, (_, i) => {
        const reviewed = day('2023-10-01', int(0, 280));
        const action = rnd() < 0.4;
        return {
          agency_id: agencyId,
          review_id: `q${i}`,
          client_id: pick(clients),
          staff_id: pick(staff),
          reviewed_on: reviewed,
          score: int(60, 100),
          corrective_action: action ? 'Update the plan' : null,
          action_due_on: action ? day(reviewed, int(5, 60)) : null,
          action_closed_on: action && rnd() < 0.6 ? day(reviewed, int(1, 90)) : null,
        };
      }),
    )
    .execute();
}
