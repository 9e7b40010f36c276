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
 * - weightedHours = Σ tierHours[tier]; capacityHours = caseload_fte × caseHoursPerFte
 *   for caseload staff (active, caseload_fte > 0); loadRatio = weighted ÷ capacity.
 * - Teams and the agency sum their caseload staff; ratios are ratios of sums.
 * - Trends: as of each month's last day, or `to` for a partial last month.
 *
 * Each function returns its figures keyed like the product's (see figures*), so the
 * two can be compared number by number.
 */
import type { Database } from '@caseload/db';
import type { CaseloadReport, CaseloadTrend, Settings } from '@caseload/metrics';
import { type Kysely, sql } from 'kysely';

export type Figures = Map<string, number | null>;

/** The shared CTEs: caseload staff with capacity, and each assessment's tier with the day it stops being the latest. */
function common(agencyId: string, settings: Settings) {
  const h = settings.tierHours;
  return sql`
    cs as (
      select staff_id, team_id, caseload_fte * ${settings.caseHoursPerFte}::float8 as capacity
      from staff
      where agency_id = ${agencyId} and active and caseload_fte > 0
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

/** Weighted load of every caseload staff member on `asOf`. */
export async function baselineStaffLoad(db: Kysely<Database>, agencyId: string, asOf: string, settings: Settings): Promise<Figures> {
  const { rows } = await sql<{ staff_id: string; clients: number; weighted: number; capacity: number; ratio: number | null }>`
    with ${common(agencyId, settings)},
    held as (
      select a.staff_id, a.client_id
      from assignments a
      join clients c on c.agency_id = a.agency_id and c.client_id = a.client_id
      where a.agency_id = ${agencyId}
        and a.start_on <= ${asOf}::date and (a.end_on is null or a.end_on > ${asOf}::date)
        and c.enrolled_on <= ${asOf}::date and (c.closed_on is null or c.closed_on > ${asOf}::date)
    )
    select cs.staff_id,
           count(held.client_id)::int as clients,
           coalesce(sum(coalesce(hours.h, ${settings.tierHours.unassessed}::float8)) filter (where held.client_id is not null), 0)::float8 as weighted,
           cs.capacity,
           coalesce(sum(coalesce(hours.h, ${settings.tierHours.unassessed}::float8)) filter (where held.client_id is not null), 0)::float8
             / nullif(cs.capacity, 0) as ratio
    from cs
    left join held on held.staff_id = cs.staff_id
    left join tiers t on t.client_id = held.client_id and t.valid_from <= ${asOf}::date
                     and (t.valid_to is null or t.valid_to > ${asOf}::date)
    left join hours on hours.tier = t.tier
    group by cs.staff_id, cs.capacity
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
    held as (
      select m.month, m.d, cs.team_id, a.client_id
      from months m
      join assignments a on a.agency_id = ${agencyId} and a.start_on <= m.d and (a.end_on is null or a.end_on > m.d)
      join cs on cs.staff_id = a.staff_id
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
    team_cap as (select team_id, sum(capacity) as cap from cs group by team_id)
    select m.month, t.team_id,
           coalesce(tw.w, 0)::float8 as weighted,
           coalesce(tc.cap, 0)::float8 as capacity,
           coalesce(tw.w, 0)::float8 / nullif(tc.cap, 0) as ratio
    from months m
    cross join teams t
    left join team_cap tc on tc.team_id = t.team_id
    left join team_w tw on tw.month = m.month and tw.team_id = t.team_id
    where t.agency_id = ${agencyId}
    union all
    select m.month, null,
           coalesce(aw.w, 0)::float8,
           (select coalesce(sum(capacity), 0) from cs)::float8,
           coalesce(aw.w, 0)::float8 / nullif((select sum(capacity) from cs), 0)
    from months m
    left join agency_w aw on aw.month = m.month
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

/** The product's staff figures on asOf (caseload staff only, as the baseline lists them). */
export function figuresFromReport(report: CaseloadReport): Figures {
  const out: Figures = new Map();
  for (const s of report.staff) {
    if (!(s.capacityHours > 0)) continue;
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
