/**
 * The one-day Standard 9 reports as set-based SQL over client_load_spans (kept by
 * triggers, migration 20261210T0200): counts per holder and tier instead of every
 * client, assignment and assessment. @caseload/metrics heldCounts.ts turns them into
 * the reports; the tests hold them to the row path (caseload.ts loadStandard9Rows
 * through the engine) on both drivers.
 *
 * Every query is scoped by agency_id; `programIds` restricts clients to those programs
 * (`[]`: nothing; null/undefined: every program). No team filter: as on the row path
 * the engine restricts the rows it reports.
 */
import { type Kysely, sql } from 'kysely';
import type { HolderTierChange, HolderTierTally, Settings, TierKey } from '@caseload/metrics';
import type { Database, DateString } from '../schema.ts';

function selectsNothing(programIds: string[] | null | undefined): boolean {
  return programIds !== null && programIds !== undefined && programIds.length === 0;
}

function programFilter(programIds: string[] | null | undefined) {
  return programIds ? sql`and s.program_id in (${sql.join(programIds)})` : sql``;
}

const tierKey = (tier: number | null): TierKey => (tier === null ? 'unassessed' : (String(tier) as TierKey));

/**
 * Every change of the number of active clients each holder (null: nobody) holds at each
 * tier over [from, to]: the spans in force on `from` as changes on `from`, then each
 * span starting (+1) or ending (−1) in (from, to]. Changes that cancel on a day are left out.
 *
 * The spans are read from client_load_spans_window_idx alone (it carries every column
 * read here): the open spans, the spans ending after `from` and, again, those ending in
 * (from, to] for their −1, three ranges of one index. Days arrive as day numbers (days
 * since 1970-01-01, @caseload/metrics dayNumber) and tiers as numbers: nothing is
 * formatted per row, and nothing parsed.
 */
export async function holderTierChanges(
  db: Kysely<Database>,
  agencyId: string,
  range: { from: DateString; to: DateString; programIds?: string[] | null },
): Promise<HolderTierChange[]> {
  if (selectsNothing(range.programIds)) return [];
  const { from, to } = range;
  const programs = programFilter(range.programIds);
  const { rows } = await sql<{ staff_id: string | null; day: number; tier: number | null; delta: number }>`
    select staff_id, day, tier, sum(delta)::int as delta from (
      select s.staff_id, s.tier, greatest(s.start_on, ${from}::date) - date '1970-01-01' as day, 1 as delta
        from client_load_spans s
       where s.agency_id = ${agencyId} and s.end_on is null and s.start_on <= ${to}::date ${programs}
      union all
      select s.staff_id, s.tier, greatest(s.start_on, ${from}::date) - date '1970-01-01', 1
        from client_load_spans s
       where s.agency_id = ${agencyId} and s.end_on > ${from}::date and s.start_on <= ${to}::date ${programs}
      union all
      select s.staff_id, s.tier, s.end_on - date '1970-01-01', -1
        from client_load_spans s
       where s.agency_id = ${agencyId} and s.end_on > ${from}::date and s.end_on <= ${to}::date and s.start_on <= ${to}::date ${programs}
    ) e
    group by staff_id, day, tier having sum(delta) <> 0
  `.execute(db);
  return rows.map((r) => ({ staffId: r.staff_id, day: r.day, tier: tierKey(r.tier), delta: r.delta }));
}

interface FlagOptions {
  asOf: DateString;
  programIds?: string[] | null;
  settings: Settings;
  /** REASSESS_DUE_SOON_DAYS */
  dueSoonDays: number;
}

/**
 * `with … f as (…)`: per client active on `asOf` (in the programs), its holder, tier and
 * contact and reassessment flags (metrics.md "Contact compliance"; @caseload/metrics
 * complianceFlags, which the tests hold this to): a contact requirement of N days is
 * due when enrolled_on ≤ D − N and met by a client contact (face-to-face for that rule)
 * with D − N < occurred_on ≤ D; a reassessment is overdue when the latest assessment is
 * on or before D − reassessmentDays[tier] (unassessed: enrolled_on ≤ D −
 * initialAssessmentDays), due soon when not overdue and due within dueSoonDays after D.
 *
 * Latest contacts come from client_latest_contacts; a client whose stored latest lies
 * after D (a past day) is looked up in contacts. The spans in force on D are the open ones
 * and those ending after D, two ranges of client_load_spans_window_idx read from the index alone.
 */
function clientFlags(agencyId: string, opts: FlagOptions) {
  const { asOf, settings } = opts;
  // each rule per tier, in the order of the tiers' numbers (1–4), unassessed 5th: a
  // client's rule is the array's element at coalesce(tier, 5) (no join, so the planner
  // keeps its estimate of the spans' count and hashes the latest contacts once)
  const keys: TierKey[] = ['1', '2', '3', '4', 'unassessed'];
  const anyDays = keys.map((k) => settings.contactRules[k].anyDays);
  const f2fDays = keys.map((k) => settings.contactRules[k].faceToFaceDays);
  // the unassessed row's reassessment days are initialAssessmentDays, counted from enrolled_on
  const reassessDays = keys.map((k) => (k === 'unassessed' ? settings.initialAssessmentDays : settings.reassessmentDays[Number(k) as 1]));
  return sql`
    with s as (
      select s.client_id, s.staff_id, s.tier, s.enrolled_on, s.assessed_on from client_load_spans s
      where s.agency_id = ${agencyId} and s.end_on is null and s.start_on <= ${asOf}::date ${programFilter(opts.programIds)}
      union all
      select s.client_id, s.staff_id, s.tier, s.enrolled_on, s.assessed_on from client_load_spans s
      where s.agency_id = ${agencyId} and s.end_on > ${asOf}::date and s.start_on <= ${asOf}::date ${programFilter(opts.programIds)}
    ), c as (
      select s.*, (${anyDays}::int[])[coalesce(s.tier, 5)] as any_days, (${f2fDays}::int[])[coalesce(s.tier, 5)] as f2f_days,
        (${reassessDays}::int[])[coalesce(s.tier, 5)] as reassess_days,
        case when l.any_on > ${asOf}::date then (
          select max(k.occurred_on) from contacts k
          where k.agency_id = ${agencyId} and k.client_id = s.client_id and k.occurred_on <= ${asOf}::date
            and k.mode in ('home_visit', 'office_visit', 'phone', 'video')
        ) else l.any_on end as last_any,
        case when l.f2f_on > ${asOf}::date then (
          select max(k.occurred_on) from contacts k
          where k.agency_id = ${agencyId} and k.client_id = s.client_id and k.occurred_on <= ${asOf}::date
            and k.mode in ('home_visit', 'office_visit')
        ) else l.f2f_on end as last_f2f
      from s
      left join client_latest_contacts l on l.agency_id = ${agencyId} and l.client_id = s.client_id
    ), e as (
      select client_id, staff_id, tier,
        enrolled_on <= ${asOf}::date - any_days as any_due,
        coalesce(last_any > ${asOf}::date - any_days, false) as any_met,
        enrolled_on <= ${asOf}::date - f2f_days as f2f_due,
        coalesce(last_f2f > ${asOf}::date - f2f_days, false) as f2f_met,
        case when assessed_on is null then enrolled_on <= ${asOf}::date - reassess_days else true end as reassess_due,
        case when assessed_on is null then enrolled_on <= ${asOf}::date - reassess_days
             else assessed_on <= ${asOf}::date - reassess_days end as reassess_overdue,
        assessed_on is not null and assessed_on > ${asOf}::date - reassess_days
          and assessed_on + reassess_days <= ${asOf}::date + ${opts.dueSoonDays}::int as reassess_due_soon
      from c
    ), f as (
      select client_id, staff_id, tier, reassess_due, reassess_overdue, reassess_due_soon,
        any_due or f2f_due as contact_due,
        (any_due or f2f_due) and (not any_due or any_met) and (not f2f_due or f2f_met) as contact_met
      from e
    )`;
}

/** Per holder (null: nobody) and tier, the clients active on `asOf` and their contact and reassessment tally (clientFlags). */
export async function holderTierTallies(db: Kysely<Database>, agencyId: string, opts: FlagOptions): Promise<HolderTierTally[]> {
  if (selectsNothing(opts.programIds)) return [];
  const { rows } = await sql<{
    staff_id: string | null;
    tier: number | null;
    clients: number;
    contact_due: number;
    contact_met: number;
    reassess_due: number;
    reassess_overdue: number;
    reassess_due_soon: number;
  }>`
    ${clientFlags(agencyId, opts)}
    select staff_id, tier, count(*)::int as clients,
      count(*) filter (where contact_due)::int as contact_due,
      count(*) filter (where contact_met)::int as contact_met,
      count(*) filter (where reassess_due)::int as reassess_due,
      count(*) filter (where reassess_overdue)::int as reassess_overdue,
      count(*) filter (where reassess_due_soon)::int as reassess_due_soon
    from f group by staff_id, tier
  `.execute(db);
  return rows.map((r) => ({
    staffId: r.staff_id,
    tier: tierKey(r.tier),
    clients: r.clients,
    contactDue: r.contact_due,
    contactMet: r.contact_met,
    reassessDue: r.reassess_due,
    reassessOverdue: r.reassess_overdue,
    reassessDueSoon: r.reassess_due_soon,
  }));
}

/**
 * The clients active on `asOf` (in the programs) that a work list of this kind shows
 * (clientFlags; the engine then computes each one's status from its own rows):
 * reassessment overdue or due soon, a due contact not met, unassigned, or held by a
 * member not in `coveringStaffIds` (uncovered).
 */
export async function worklistClientIds(
  db: Kysely<Database>,
  agencyId: string,
  opts: FlagOptions & {
    kind: 'reassessOverdue' | 'reassessDueSoon' | 'contactOverdue' | 'unassigned' | 'uncovered';
    coveringStaffIds: string[];
  },
): Promise<string[]> {
  if (selectsNothing(opts.programIds)) return [];
  const keep = {
    reassessOverdue: sql`reassess_overdue`,
    reassessDueSoon: sql`reassess_due_soon`,
    contactOverdue: sql`contact_due and not contact_met`,
    unassigned: sql`staff_id is null`,
    uncovered: sql`staff_id is not null and not (staff_id = any(${opts.coveringStaffIds}::text[]))`,
  }[opts.kind];
  const { rows } = await sql<{ client_id: string }>`
    ${clientFlags(agencyId, opts)}
    select client_id from f where ${keep}
  `.execute(db);
  return rows.map((r) => r.client_id);
}

/** The clients `staffId` holds on `asOf` (in the programs). */
export async function heldClientIds(
  db: Kysely<Database>,
  agencyId: string,
  opts: { asOf: DateString; staffId: string; programIds?: string[] | null },
): Promise<string[]> {
  if (selectsNothing(opts.programIds)) return [];
  const { rows } = await sql<{ client_id: string }>`
    select s.client_id from client_load_spans s
    where s.agency_id = ${agencyId} and s.staff_id = ${opts.staffId}
      and s.start_on <= ${opts.asOf}::date and (s.end_on is null or s.end_on > ${opts.asOf}::date)
      ${programFilter(opts.programIds)}
  `.execute(db);
  return rows.map((r) => r.client_id);
}
