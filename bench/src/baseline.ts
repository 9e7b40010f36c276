/**
 * The SQL baseline: the figures an analyst pointing a BI tool at the raw tables
 * would compute, written the straightforward way (joins, a window function for
 * "latest assessment", generate_series over month ends), following metrics.md:
 *
 * - Tier(c, D): the latest assessment with assessed_on ≤ D (ties: greatest
 *   assessment_id in byte order), its acuity_tier or the score's tier (APS raises to
 *   at least 3); none: unassessed.
 * - Caseload(s, D): active clients (enrolled_on ≤ D, closed_on null or > D) whose
 *   assignment covers D (start_on ≤ D, end_on null or > D).
 * - Staff on D: a member with rows in staff_periods is employed on D only inside a
 *   period (start_on ≤ D < end_on), with that period's team and caseload_fte; a member
 *   without periods has staff's team_id and caseload_fte on every date when active.
 *   Caseload staff on D: employed with fte > 0.
 * - weightedHours = Σ tierHours[tier]; otherHours = Σ hours_per_month of workload
 *   items active on D; capacityHours = max(0, fte × caseHoursPerFte × (1 − min(100, P)/100) − H)
 *   with P and H the sums of percent and hours_per_month of the capacity reductions
 *   active on D; loadRatio = (weighted + other) ÷ capacity, null when capacity is 0.
 * - Teams (the member's team on D) and the agency sum their caseload staff; ratios
 *   are ratios of sums.
 * - Trends: as of each month's last day, or `to` for a partial last month.
 *
 * Each function returns its figures keyed like the product's (see figures*), so the
 * two can be compared number by number.
 */
import type { Database } from '@caseload/db';
import type { CaseloadReport, CaseloadTrend, ComplianceReport, FeedbackGroup, FeedbackReport, Settings } from '@caseload/metrics';
import { type Kysely, sql } from 'kysely';

export type Figures = Map<string, number | null>;

/**
 * The shared CTEs: `spans` (each member's employment with team and FTE), each
 * assessment's tier with the day it stops being the latest, and the tier hours.
 * `caseloadStaffOn(d)` turns spans into the caseload staff on a date column `d`.
 */
function common(agencyId: string, settings: Settings) {
  const h = settings.tierHours;
  return sql`
    spans as (
      select staff_id, team_id, caseload_fte as fte, start_on, end_on
      from staff_periods
      where agency_id = ${agencyId}
      union all
      select s.staff_id, s.team_id, s.caseload_fte, '-infinity'::date, null::date
      from staff s
      where s.agency_id = ${agencyId} and s.active
        and not exists (select 1 from staff_periods p where p.agency_id = s.agency_id and p.staff_id = s.staff_id)
    ),
    scored as (
      select client_id, assessment_id, assessed_on, acuity_tier, coalesce(aps_involvement, false) as aps,
             2 * coalesce(adl_deficits, 0) + coalesce(iadl_deficits, 0)
             + 3 * coalesce(cognitive_impairment::int, 0) + 2 * coalesce(lives_alone::int, 0)
             + 3 * coalesce(recent_hospitalization::int, 0) + 4 * coalesce(aps_involvement::int, 0)
             + 2 * coalesce(behavioral_health::int, 0) as score
      from assessments
      where agency_id = ${agencyId}
    ),
    tiers as (
      select client_id, assessed_on as valid_from,
             lead(assessed_on) over (partition by client_id order by assessed_on, assessment_id collate "C") as valid_to,
             coalesce(
               acuity_tier,
               greatest(case when score <= 5 then 1 when score <= 11 then 2 when score <= 19 then 3 else 4 end,
                        case when aps then 3 else 1 end)
             ) as tier
      from scored
    ),
    hours(tier, h) as (
      values (1, ${h['1']}::float8), (2, ${h['2']}::float8), (3, ${h['3']}::float8), (4, ${h['4']}::float8)
    )`;
}

/**
 * Caseload staff on each date of `dates` (a relation with a date column `d` and a key
 * column `k`): team, capacity after reductions, and the hours of non-case work.
 */
function caseloadStaffOn(agencyId: string, settings: Settings, dates: ReturnType<typeof sql>) {
  return sql`
    select dt.k, sp.staff_id, sp.team_id,
           greatest(0::float8,
             sp.fte * ${settings.caseHoursPerFte}::float8 * (1 - least(100::float8, coalesce(r.p, 0)) / 100)
             - coalesce(r.h, 0))::float8 as capacity,
           coalesce(w.h, 0)::float8 as other
    from ${dates} dt
    join spans sp on sp.start_on <= dt.d and (sp.end_on is null or sp.end_on > dt.d) and sp.fte > 0
    left join lateral (
      select sum(coalesce(percent, 0))::float8 as p, sum(coalesce(hours_per_month, 0))::float8 as h
      from capacity_reductions cr
      where cr.agency_id = ${agencyId} and cr.staff_id = sp.staff_id
        and cr.start_on <= dt.d and (cr.end_on is null or cr.end_on > dt.d)
    ) r on true
    left join lateral (
      select sum(hours_per_month)::float8 as h
      from workload_items wi
      where wi.agency_id = ${agencyId} and wi.staff_id = sp.staff_id
        and wi.start_on <= dt.d and (wi.end_on is null or wi.end_on > dt.d)
    ) w on true`;
}

/** Weighted load of every caseload staff member on `asOf`. */
export async function baselineStaffLoad(db: Kysely<Database>, agencyId: string, asOf: string, settings: Settings): Promise<Figures> {
  const { rows } = await sql<{ staff_id: string; clients: number; weighted: number; capacity: number; ratio: number | null }>`
    with ${common(agencyId, settings)},
    cs as (${caseloadStaffOn(agencyId, settings, sql`(select 0 as k, ${asOf}::date as d)`)}),
    held as (
      select a.staff_id, a.client_id
      from assignments a
      join clients c on c.agency_id = a.agency_id and c.client_id = a.client_id
      where a.agency_id = ${agencyId}
        and a.start_on <= ${asOf}::date and (a.end_on is null or a.end_on > ${asOf}::date)
        and c.enrolled_on <= ${asOf}::date and (c.closed_on is null or c.closed_on > ${asOf}::date)
    ),
    per_staff as (
      select cs.staff_id, cs.capacity, cs.other,
             count(held.client_id)::int as clients,
             coalesce(sum(coalesce(hours.h, ${settings.tierHours.unassessed}::float8)) filter (where held.client_id is not null), 0)::float8 as weighted
      from cs
      left join held on held.staff_id = cs.staff_id
      left join tiers t on t.client_id = held.client_id and t.valid_from <= ${asOf}::date
                       and (t.valid_to is null or t.valid_to > ${asOf}::date)
      left join hours on hours.tier = t.tier
      group by cs.staff_id, cs.capacity, cs.other
    )
    select staff_id, clients, weighted, capacity, (weighted + other) / nullif(capacity, 0) as ratio
    from per_staff
  `.execute(db);
  const out: Figures = new Map();
  for (const r of rows) {
    out.set(`${r.staff_id}|clients`, r.clients);
    out.set(`${r.staff_id}|weightedHours`, r.weighted);
    out.set(`${r.staff_id}|capacityHours`, r.capacity);
    out.set(`${r.staff_id}|loadRatio`, r.ratio);
  }
  return out;
}

/** Weighted load per team and for the agency as of each month end of [from, to]. */
export async function baselineTeamTrend(
  db: Kysely<Database>,
  agencyId: string,
  from: string,
  to: string,
  settings: Settings,
): Promise<Figures> {
  const { rows } = await sql<{ month: string; team_id: string | null; weighted: number; capacity: number; ratio: number | null }>`
    with ${common(agencyId, settings)},
    months as (
      select to_char(m, 'YYYY-MM') as month,
             least((m + interval '1 month' - interval '1 day')::date, ${to}::date) as d
      from generate_series(date_trunc('month', ${from}::date), ${to}::date, interval '1 month') as m
    ),
    cs as (${caseloadStaffOn(agencyId, settings, sql`(select month as k, d from months)`)}),
    held as (
      select m.month, m.d, cs.team_id, a.client_id
      from months m
      join assignments a on a.agency_id = ${agencyId} and a.start_on <= m.d and (a.end_on is null or a.end_on > m.d)
      join cs on cs.k = m.month and cs.staff_id = a.staff_id
      join clients c on c.agency_id = a.agency_id and c.client_id = a.client_id
                    and c.enrolled_on <= m.d and (c.closed_on is null or c.closed_on > m.d)
    ),
    held_w as (
      select held.month, held.team_id, coalesce(hours.h, ${settings.tierHours.unassessed}::float8) as w
      from held
      left join tiers t on t.client_id = held.client_id and t.valid_from <= held.d and (t.valid_to is null or t.valid_to > held.d)
      left join hours on hours.tier = t.tier
    ),
    team_w as (select month, team_id, sum(w) as w from held_w group by month, team_id),
    agency_w as (select month, sum(w) as w from held_w group by month),
    team_cap as (select k as month, team_id, sum(capacity) as cap, sum(other) as other from cs group by k, team_id),
    agency_cap as (select k as month, sum(capacity) as cap, sum(other) as other from cs group by k)
    select m.month, t.team_id,
           coalesce(tw.w, 0)::float8 as weighted,
           coalesce(tc.cap, 0)::float8 as capacity,
           (coalesce(tw.w, 0) + coalesce(tc.other, 0))::float8 / nullif(tc.cap, 0) as ratio
    from months m
    cross join teams t
    left join team_cap tc on tc.month = m.month and tc.team_id = t.team_id
    left join team_w tw on tw.month = m.month and tw.team_id = t.team_id
    where t.agency_id = ${agencyId}
    union all
    select m.month, null,
           coalesce(aw.w, 0)::float8,
           coalesce(ac.cap, 0)::float8,
           (coalesce(aw.w, 0) + coalesce(ac.other, 0))::float8 / nullif(ac.cap, 0)
    from months m
    left join agency_w aw on aw.month = m.month
    left join agency_cap ac on ac.month = m.month
  `.execute(db);
  const out: Figures = new Map();
  for (const r of rows) {
    const group = r.team_id ?? '(agency)';
    out.set(`${r.month}|${group}|weightedHours`, r.weighted);
    out.set(`${r.month}|${group}|capacityHours`, r.capacity);
    out.set(`${r.month}|${group}|loadRatio`, r.ratio);
  }
  return out;
}

/**
 * Contact standards and reassessment timeliness on `asOf`, per holder and for the agency
 * (every active client, held or not), the straightforward way: the latest contacts by
 * a max() over every contact of the agency up to asOf, the tier from the window over
 * assessments, the holder as the assignment in force with the latest start.
 * Holders whose counts are all zero are left out (as figuresFromCompliance leaves them).
 */
export async function baselineCompliance(db: Kysely<Database>, agencyId: string, asOf: string, settings: Settings): Promise<Figures> {
  const r = settings.contactRules;
  const re = settings.reassessmentDays;
  const { rows } = await sql<{
    staff_id: string | null;
    agency: number;
    contact_due: number;
    contact_met: number;
    reassess_due: number;
    reassess_overdue: number;
    reassess_due_soon: number;
  }>`
    with ${common(agencyId, settings)},
    rules(tier, any_days, f2f_days, reassess_days) as (
      values (0, ${r.unassessed.anyDays}::int, ${r.unassessed.faceToFaceDays}::int, null::int),
             (1, ${r['1'].anyDays}::int, ${r['1'].faceToFaceDays}::int, ${re[1]}::int),
             (2, ${r['2'].anyDays}::int, ${r['2'].faceToFaceDays}::int, ${re[2]}::int),
             (3, ${r['3'].anyDays}::int, ${r['3'].faceToFaceDays}::int, ${re[3]}::int),
             (4, ${r['4'].anyDays}::int, ${r['4'].faceToFaceDays}::int, ${re[4]}::int)
    ),
    active as (
      select client_id, enrolled_on from clients
      where agency_id = ${agencyId} and enrolled_on <= ${asOf}::date and (closed_on is null or closed_on > ${asOf}::date)
    ),
    held as (
      select distinct on (client_id) client_id, staff_id from assignments
      where agency_id = ${agencyId} and start_on <= ${asOf}::date and (end_on is null or end_on > ${asOf}::date)
      order by client_id, start_on desc
    ),
    last_contact as (
      select client_id,
             max(occurred_on) filter (where mode in ('home_visit', 'office_visit', 'phone', 'video')) as last_any,
             max(occurred_on) filter (where mode in ('home_visit', 'office_visit')) as last_f2f
      from contacts
      where agency_id = ${agencyId} and occurred_on <= ${asOf}::date
      group by client_id
    ),
    status as (
      select h.staff_id, ac.enrolled_on, t.valid_from as assessed_on, ru.*, lc.last_any, lc.last_f2f,
             ac.enrolled_on <= ${asOf}::date - ru.any_days as any_due,
             coalesce(lc.last_any > ${asOf}::date - ru.any_days, false) as any_met,
             ac.enrolled_on <= ${asOf}::date - ru.f2f_days as f2f_due,
             coalesce(lc.last_f2f > ${asOf}::date - ru.f2f_days, false) as f2f_met
      from active ac
      left join held h on h.client_id = ac.client_id
      left join tiers t on t.client_id = ac.client_id and t.valid_from <= ${asOf}::date
                       and (t.valid_to is null or t.valid_to > ${asOf}::date)
      join rules ru on ru.tier = coalesce(t.tier, 0)
      left join last_contact lc on lc.client_id = ac.client_id
    ),
    flags as (
      select staff_id,
             (any_due or f2f_due) as contact_due,
             (any_due or f2f_due) and (not any_due or any_met) and (not f2f_due or f2f_met) as contact_met,
             case when assessed_on is null then enrolled_on <= ${asOf}::date - ${settings.initialAssessmentDays}::int else true end as reassess_due,
             case when assessed_on is null then enrolled_on <= ${asOf}::date - ${settings.initialAssessmentDays}::int
                  else assessed_on <= ${asOf}::date - reassess_days end as reassess_overdue,
             assessed_on is not null and not (assessed_on <= ${asOf}::date - reassess_days)
               and assessed_on + reassess_days <= ${asOf}::date + 30 as reassess_due_soon
      from status
    )
    select staff_id, grouping(staff_id)::int as agency,
           count(*) filter (where contact_due)::int as contact_due,
           count(*) filter (where contact_met)::int as contact_met,
           count(*) filter (where reassess_due)::int as reassess_due,
           count(*) filter (where reassess_overdue)::int as reassess_overdue,
           count(*) filter (where reassess_due_soon)::int as reassess_due_soon
    from flags
    group by grouping sets ((staff_id), ())
  `.execute(db);
  const out: Figures = new Map();
  for (const row of rows) {
    // the grouping set () is the agency; the group of staff_id null (unassigned clients) is no staff row
    const agency = row.agency === 1;
    if (row.staff_id === null && !agency) continue;
    putCompliance(
      out,
      agency ? '(agency)' : (row.staff_id as string),
      {
        contactDue: row.contact_due,
        contactMet: row.contact_met,
        reassessDue: row.reassess_due,
        reassessOverdue: row.reassess_overdue,
        reassessDueSoon: row.reassess_due_soon,
      },
      agency,
    );
  }
  return out;
}

type Counts = { contactDue: number; contactMet: number; reassessDue: number; reassessOverdue: number; reassessDueSoon: number };

/** The counts and rates of one group; a staff row whose counts are all zero is left out. */
function putCompliance(out: Figures, group: string, c: Counts, always: boolean): void {
  if (!always && c.contactDue + c.contactMet + c.reassessDue + c.reassessOverdue + c.reassessDueSoon === 0) return;
  out.set(`${group}|contactDue`, c.contactDue);
  out.set(`${group}|contactMet`, c.contactMet);
  out.set(`${group}|contactRate`, c.contactDue === 0 ? null : c.contactMet / c.contactDue);
  out.set(`${group}|reassessDue`, c.reassessDue);
  out.set(`${group}|reassessOverdue`, c.reassessOverdue);
  out.set(`${group}|reassessDueSoon`, c.reassessDueSoon);
  out.set(`${group}|reassessRate`, c.reassessDue === 0 ? null : 1 - c.reassessOverdue / c.reassessDue);
}

/** The product's compliance figures per staff member (those with a count) and for the agency. */
export function figuresFromCompliance(report: ComplianceReport): Figures {
  const out: Figures = new Map();
  for (const s of report.staff) putCompliance(out, s.staffId, s, false);
  putCompliance(out, '(agency)', report.agency, true);
  return out;
}

/** The product's staff figures on asOf (caseload staff only — employed with fte > 0 — as the baseline lists them). */
export function figuresFromReport(report: CaseloadReport): Figures {
  const out: Figures = new Map();
  for (const s of report.staff) {
    if (!(s.fte > 0)) continue;
    out.set(`${s.staffId}|clients`, s.clients);
    out.set(`${s.staffId}|weightedHours`, s.weightedHours);
    out.set(`${s.staffId}|capacityHours`, s.capacityHours);
    out.set(`${s.staffId}|loadRatio`, s.loadRatio);
  }
  return out;
}

/** The product's team and agency load figures, month by month. */
export function figuresFromTrend(trend: CaseloadTrend): Figures {
  const out: Figures = new Map();
  for (const m of trend.months) {
    const put = (group: string, f: { weightedHours: number; capacityHours: number; loadRatio: number | null }) => {
      out.set(`${m.month}|${group}|weightedHours`, f.weightedHours);
      out.set(`${m.month}|${group}|capacityHours`, f.capacityHours);
      out.set(`${m.month}|${group}|loadRatio`, f.loadRatio);
    };
    put('(agency)', m.agency);
    for (const t of m.teams) put(t.teamId, t);
  }
  return out;
}

/**
 * Client feedback over [from, to] (metrics.md "Client feedback"), the straightforward
 * way: every response received in the period joined to its staff member's team on that
 * day (the staff period in force, or staff.team_id for a member without periods), its
 * answers unpivoted to one row per answered item, and counted per item for the agency,
 * each program, team, staff member and provider (GROUPING SETS); q1 and the responses
 * per month of generate_series; invitations sent per month with whether any response
 * links to them.
 */
export async function baselineFeedback(db: Kysely<Database>, agencyId: string, from: string, to: string): Promise<Figures> {
  const responses = sql`
    select r.response_id, r.program_id, r.staff_id, r.provider_id, to_char(r.received_on, 'YYYY-MM') as month,
           case when exists (select 1 from staff_periods x where x.agency_id = r.agency_id and x.staff_id = r.staff_id)
                then p.team_id else s.team_id end as team_id,
           r.q1, r.q2, r.q3, r.q4, r.q5, r.q6, r.q7, r.q8
    from survey_responses r
    left join staff s on s.agency_id = r.agency_id and s.staff_id = r.staff_id
    left join staff_periods p on p.agency_id = r.agency_id and p.staff_id = r.staff_id
                             and p.start_on <= r.received_on and (p.end_on is null or p.end_on > r.received_on)
    where r.agency_id = ${agencyId} and r.received_on between ${from}::date and ${to}::date`;
  const [items, counts, months] = await Promise.all([
    sql<{ grouping: string; key: string | null; item: string; n: number; mean: number; top2: number; d: number[] }>`
      with resp as (${responses}),
      answers as (
        select resp.*, v.item, v.a
        from resp cross join lateral (values ('q1', q1), ('q2', q2), ('q3', q3), ('q4', q4),
                                             ('q5', q5), ('q6', q6), ('q7', q7), ('q8', q8)) as v(item, a)
        where v.a is not null
      )
      select case when grouping(program_id) = 0 then 'program' when grouping(team_id) = 0 then 'team'
                  when grouping(staff_id) = 0 then 'staff' when grouping(provider_id) = 0 then 'provider' else 'agency' end as grouping,
             coalesce(program_id, team_id, staff_id, provider_id) as key, item,
             count(*)::int as n, avg(a::float8) as mean, avg(case when a >= 4 then 1.0 else 0.0 end)::float8 as top2,
             array[count(*) filter (where a = 1), count(*) filter (where a = 2), count(*) filter (where a = 3),
                   count(*) filter (where a = 4), count(*) filter (where a = 5)]::int[] as d
      from answers
      group by grouping sets ((item), (item, program_id), (item, team_id), (item, staff_id), (item, provider_id))`.execute(db),
    sql<{ grouping: string; key: string | null; responses: number }>`
      with resp as (${responses})
      select case when grouping(program_id) = 0 then 'program' when grouping(team_id) = 0 then 'team'
                  when grouping(staff_id) = 0 then 'staff' when grouping(provider_id) = 0 then 'provider' else 'agency' end as grouping,
             coalesce(program_id, team_id, staff_id, provider_id) as key, count(*)::int as responses
      from resp
      group by grouping sets ((), (program_id), (team_id), (staff_id), (provider_id))`.execute(db),
    sql<{ month: string; n: number; top2: number | null; responses: number; invitations: number; responded: number }>`
      with resp as (${responses}),
      months as (select to_char(m, 'YYYY-MM') as month from generate_series(date_trunc('month', ${from}::date), ${to}::date, interval '1 month') m),
      inv as (
        select to_char(i.sent_on, 'YYYY-MM') as month, count(*)::int as invitations,
               count(*) filter (where exists (select 1 from survey_responses r
                                              where r.agency_id = i.agency_id and r.invitation_id = i.invitation_id))::int as responded
        from survey_invitations i
        where i.agency_id = ${agencyId} and i.sent_on between ${from}::date and ${to}::date
        group by 1
      ),
      per_month as (
        select month, count(*)::int as responses, count(q1)::int as n,
               (count(*) filter (where q1 >= 4))::float8 / nullif(count(q1), 0) as top2
        from resp group by month
      )
      select m.month, coalesce(pm.n, 0) as n, pm.top2, coalesce(pm.responses, 0) as responses,
             coalesce(inv.invitations, 0) as invitations, coalesce(inv.responded, 0) as responded
      from months m left join per_month pm on pm.month = m.month left join inv on inv.month = m.month`.execute(db),
  ]);
  const out: Figures = new Map();
  for (const r of items.rows) {
    if (r.grouping !== 'agency' && r.key === null) continue;
    const g = r.grouping === 'agency' ? '(agency)' : `${r.grouping}:${r.key}`;
    putItem(out, g, r.item, { n: r.n, mean: r.mean, top2: r.top2, distribution: r.d });
  }
  for (const r of counts.rows) {
    if (r.grouping !== 'agency' && r.key === null) continue;
    out.set(`${r.grouping === 'agency' ? '(agency)' : `${r.grouping}:${r.key}`}|responses`, r.responses);
  }
  let invitations = 0;
  let responded = 0;
  for (const m of months.rows) {
    putMonth(out, m.month, m);
    invitations += m.invitations;
    responded += m.responded;
  }
  out.set('(agency)|invitations', invitations);
  out.set('(agency)|respondedInvitations', responded);
  out.set('(agency)|responseRate', invitations === 0 ? null : responded / invitations);
  return out;
}

function putItem(
  out: Figures,
  group: string,
  item: string,
  s: { n: number; mean: number | null; top2: number | null; distribution: readonly number[] },
): void {
  // an item nobody answered has no row in the baseline: the product's n of 0 is left out the same way
  if (s.n === 0) return;
  out.set(`${group}|${item}|n`, s.n);
  out.set(`${group}|${item}|mean`, s.mean);
  out.set(`${group}|${item}|top2`, s.top2);
  s.distribution.forEach((c, k) => out.set(`${group}|${item}|answer ${k + 1}`, c));
}

function putMonth(
  out: Figures,
  month: string,
  m: { n: number; top2: number | null; responses: number; invitations: number; responded: number },
): void {
  out.set(`${month}|q1|n`, m.n);
  out.set(`${month}|q1|top2`, m.top2);
  out.set(`${month}|responses`, m.responses);
  out.set(`${month}|invitations`, m.invitations);
  out.set(`${month}|respondedInvitations`, m.responded);
  out.set(`${month}|responseRate`, m.invitations === 0 ? null : m.responded / m.invitations);
}

/** The product's feedback figures: every item of the agency and of each program, team, staff member and provider; the months; the invitations. */
export function figuresFromFeedback(report: FeedbackReport): Figures {
  const out: Figures = new Map();
  const group = (g: string, x: FeedbackGroup) => {
    out.set(`${g}|responses`, x.responses);
    for (const i of x.items) putItem(out, g, i.item, i);
  };
  group('(agency)', report);
  for (const x of report.byProgram) group(`program:${x.programId}`, x);
  for (const x of report.byTeam) group(`team:${x.teamId}`, x);
  for (const x of report.byStaff) group(`staff:${x.staffId}`, x);
  for (const x of report.byProvider) group(`provider:${x.providerId}`, x);
  for (const m of report.monthly) putMonth(out, m.month, { ...m, responded: m.respondedInvitations });
  out.set('(agency)|invitations', report.invitations);
  out.set('(agency)|respondedInvitations', report.respondedInvitations);
  out.set('(agency)|responseRate', report.responseRate);
  return out;
}
