/**
 * SQL twins of the engine, for tests only: the caseload report's per-staff figures and
 * the feedback report's per-item counts computed in one SQL statement each, written
 * from metrics.md apart from the loaders and @caseload/metrics, so that the tests can
 * hold the product's path (loaders → pure formulas) against an independent one on
 * both drivers. Production never runs them.
 */
import { type Kysely, sql } from 'kysely';
import { type Database, type DateString, SURVEY_ITEM_COLUMNS, type Standard8Scope } from '../src/index.ts';

// ---- the caseload report's per-staff figures ----

export interface CaseloadSqlSettings {
  tierHours: Record<'1' | '2' | '3' | '4' | 'unassessed', number>;
  caseHoursPerFte: number;
}

export interface StaffCaseloadSql {
  staffId: string;
  teamId: string | null;
  clients: number;
  tierCounts: Record<'1' | '2' | '3' | '4' | 'unassessed', number>;
  weightedHours: number;
  otherHours: number;
  workloadHours: number;
  fte: number;
  baseCapacityHours: number;
  reductionPercent: number;
  reductionHours: number;
  capacityHours: number;
  loadRatio: number | null;
}

/**
 * Per staff member on `asOf`, in SQL: client count, counts by tier, weightedHours,
 * capacityHours and loadRatio — for every caseload staff member and anyone else
 * holding clients (the staff of the caseload report), by staff_id (byte order).
 * Same definitions as @caseload/metrics computeCaseloadReport (metrics.md): active,
 * holder (latest start if rows overlap), tier from the latest assessment on or before
 * asOf (ties: greatest assessment_id COLLATE "C"; acuity_tier overrides; APS floor 3);
 * the staff terms on asOf: the period in force (team, FTE; a member with periods and
 * none in force is not employed), reductions (capacity = max(0, base × (1 − min(100, P)
 * / 100) − H)) and workload items (otherHours), loadRatio = workload ÷ capacity.
 */
export async function caseloadByStaffSql(
  db: Kysely<Database>,
  agencyId: string,
  opts: { asOf: DateString; programIds?: string[] | null; settings: CaseloadSqlSettings },
): Promise<StaffCaseloadSql[]> {
  const { asOf, programIds, settings } = opts;
  const h = settings.tierHours;
  const programFilter =
    programIds === null || programIds === undefined
      ? sql`true`
      : programIds.length === 0
        ? sql`false`
        : sql`c.program_id in (${sql.join(programIds)})`;
  // Each active client's holder and latest assessment are looked up through the
  // primary key / (agency_id, client_id, assessed_on) index (LATERAL … LIMIT 1), a plan
  // that stays fast whether or not the planner has statistics (PGlite runs no autovacuum).
  const result = await sql<{
    staff_id: string;
    team_id: string | null;
    clients: number;
    tier1: number;
    tier2: number;
    tier3: number;
    tier4: number;
    unassessed: number;
    weighted_hours: number;
    other_hours: number;
    workload_hours: number;
    fte: number;
    base_capacity_hours: number;
    reduction_percent: number;
    reduction_hours: number;
    capacity_hours: number;
    load_ratio: number | null;
  }>`
    with per_client as (
      select holder.staff_id, assessed.tier
      from clients c
      cross join lateral (
        select a.staff_id
        from assignments a
        where a.agency_id = c.agency_id and a.client_id = c.client_id
          and a.start_on <= ${asOf}::date
          and (a.end_on is null or a.end_on > ${asOf}::date)
        order by a.start_on desc
        limit 1
      ) holder
      left join lateral (
        select coalesce(
          s.acuity_tier::int,
          greatest(
            case
              when score <= 5 then 1
              when score <= 11 then 2
              when score <= 19 then 3
              else 4
            end,
            case when s.aps_involvement then 3 else 1 end)
        ) as tier
        from assessments s
        cross join lateral (
          select 2 * coalesce(s.adl_deficits, 0) + coalesce(s.iadl_deficits, 0)
            + case when s.cognitive_impairment then 3 else 0 end
            + case when s.lives_alone then 2 else 0 end
            + case when s.recent_hospitalization then 3 else 0 end
            + case when s.aps_involvement then 4 else 0 end
            + case when s.behavioral_health then 2 else 0 end as score
        ) computed
        where s.agency_id = c.agency_id and s.client_id = c.client_id
          and s.assessed_on <= ${asOf}::date
        order by s.assessed_on desc, s.assessment_id collate "C" desc
        limit 1
      ) assessed on true
      where c.agency_id = ${agencyId}
        and c.enrolled_on <= ${asOf}::date
        and (c.closed_on is null or c.closed_on > ${asOf}::date)
        and ${programFilter}
    ),
    per_holder as (
      select staff_id,
        count(*)::int as clients,
        count(*) filter (where tier = 1)::int as tier1,
        count(*) filter (where tier = 2)::int as tier2,
        count(*) filter (where tier = 3)::int as tier3,
        count(*) filter (where tier = 4)::int as tier4,
        count(*) filter (where tier is null)::int as unassessed,
        sum(case tier
              when 1 then ${h['1']}::float8
              when 2 then ${h['2']}::float8
              when 3 then ${h['3']}::float8
              when 4 then ${h['4']}::float8
              else ${h.unassessed}::float8
            end)::float8 as weighted_hours
      from per_client
      group by staff_id
    ),
    on_day as (
      select st.staff_id,
        case when has.periods then pd.team_id else st.team_id end as team_id,
        case when has.periods then coalesce(pd.caseload_fte, 0) else st.caseload_fte end::float8 as fte,
        case when has.periods then coalesce(pd.caseload_fte > 0, false) else st.active and st.caseload_fte > 0 end
          as caseload_staff,
        coalesce(red.p, 0)::float8 as reduction_percent,
        coalesce(red.h, 0)::float8 as reduction_hours,
        coalesce(items.h, 0)::float8 as other_hours
      from staff st
      cross join lateral (
        select exists (select 1 from staff_periods x where x.agency_id = st.agency_id and x.staff_id = st.staff_id) as periods
      ) has
      left join lateral (
        select p.team_id, p.caseload_fte
        from staff_periods p
        where p.agency_id = st.agency_id and p.staff_id = st.staff_id
          and p.start_on <= ${asOf}::date and (p.end_on is null or p.end_on > ${asOf}::date)
        order by p.start_on desc
        limit 1
      ) pd on true
      left join lateral (
        select sum(coalesce(r.percent, 0))::float8 as p, sum(coalesce(r.hours_per_month, 0))::float8 as h
        from capacity_reductions r
        where r.agency_id = st.agency_id and r.staff_id = st.staff_id
          and r.start_on <= ${asOf}::date and (r.end_on is null or r.end_on > ${asOf}::date)
      ) red on true
      left join lateral (
        select sum(w.hours_per_month)::float8 as h
        from workload_items w
        where w.agency_id = st.agency_id and w.staff_id = st.staff_id
          and w.start_on <= ${asOf}::date and (w.end_on is null or w.end_on > ${asOf}::date)
      ) items on true
      where st.agency_id = ${agencyId}
    ),
    with_base as (
      select d.*,
        (case when d.caseload_staff then d.fte * ${settings.caseHoursPerFte}::float8 else 0 end)::float8 as base_capacity_hours
      from on_day d
    ),
    per_staff as (
      select b.staff_id, b.team_id, b.caseload_staff, b.fte, b.base_capacity_hours, b.reduction_percent,
        b.reduction_hours, b.other_hours,
        (case when b.reduction_percent = 0 and b.reduction_hours = 0 then b.base_capacity_hours
              else greatest(0, b.base_capacity_hours * (1 - least(100, b.reduction_percent) / 100) - b.reduction_hours)
         end)::float8 as capacity_hours,
        coalesce(p.clients, 0) as clients,
        coalesce(p.tier1, 0) as tier1,
        coalesce(p.tier2, 0) as tier2,
        coalesce(p.tier3, 0) as tier3,
        coalesce(p.tier4, 0) as tier4,
        coalesce(p.unassessed, 0) as unassessed,
        coalesce(p.weighted_hours, 0)::float8 as weighted_hours
      from with_base b
      left join per_holder p on p.staff_id = b.staff_id
    )
    select staff_id, team_id, clients, tier1, tier2, tier3, tier4, unassessed, weighted_hours, other_hours,
      (weighted_hours + other_hours)::float8 as workload_hours, fte, base_capacity_hours, reduction_percent,
      reduction_hours, capacity_hours,
      ((weighted_hours + other_hours) / nullif(capacity_hours, 0))::float8 as load_ratio
    from per_staff
    where caseload_staff or clients > 0
    order by staff_id collate "C"
  `.execute(db);
  return result.rows.map((r) => ({
    staffId: r.staff_id,
    teamId: r.team_id,
    clients: r.clients,
    tierCounts: { '1': r.tier1, '2': r.tier2, '3': r.tier3, '4': r.tier4, unassessed: r.unassessed },
    weightedHours: r.weighted_hours,
    otherHours: r.other_hours,
    workloadHours: r.workload_hours,
    fte: r.fte,
    baseCapacityHours: r.base_capacity_hours,
    reductionPercent: r.reduction_percent,
    reductionHours: r.reduction_hours,
    capacityHours: r.capacity_hours,
    loadRatio: r.load_ratio,
  }));
}

// ---- the feedback report's per-item counts ----

export interface FeedbackItemCounts {
  item: (typeof SURVEY_ITEM_COLUMNS)[number];
  n: number;
  sum: number;
  top2Count: number;
  distribution: [number, number, number, number, number];
}

/**
 * The per-item counts of the feedback report computed in SQL — n answered, sum of
 * answers, answers of 4 or 5, and the distribution of 1..5 — over the responses
 * received in the period and in scope. mean = sum ÷ n, top2 = top2Count ÷ n.
 */
export async function feedbackItemCounts(db: Kysely<Database>, agencyId: string, scope: Standard8Scope): Promise<FeedbackItemCounts[]> {
  const rows = await sql<{
    item: (typeof SURVEY_ITEM_COLUMNS)[number];
    n: number;
    sum: number;
    top2_count: number;
    d1: number;
    d2: number;
    d3: number;
    d4: number;
    d5: number;
  }>`
    select v.item,
           count(v.answer)::int as n,
           coalesce(sum(v.answer), 0)::int as sum,
           (count(*) filter (where v.answer >= 4))::int as top2_count,
           (count(*) filter (where v.answer = 1))::int as d1,
           (count(*) filter (where v.answer = 2))::int as d2,
           (count(*) filter (where v.answer = 3))::int as d3,
           (count(*) filter (where v.answer = 4))::int as d4,
           (count(*) filter (where v.answer = 5))::int as d5
      from survey_responses r
     cross join lateral (values ('q1', r.q1), ('q2', r.q2), ('q3', r.q3), ('q4', r.q4),
                                ('q5', r.q5), ('q6', r.q6), ('q7', r.q7), ('q8', r.q8)) as v(item, answer)
     where r.agency_id = ${agencyId}
       and r.received_on between ${scope.from}::date and ${scope.to}::date
       and ${scope.programIds ? (scope.programIds.length === 0 ? sql`false` : sql`r.program_id in (${sql.join(scope.programIds)})`) : sql`true`}
       and ${scope.teamIds ? (scope.teamIds.length === 0 ? sql`false` : sql`exists (select 1 from staff st where st.agency_id = ${agencyId} and st.staff_id = r.staff_id and st.team_id in (${sql.join(scope.teamIds)}))`) : sql`true`}
     group by v.item`.execute(db);
  const byItem = new Map(rows.rows.map((r) => [r.item, r]));
  return SURVEY_ITEM_COLUMNS.map((item) => {
    const r = byItem.get(item);
    return r
      ? { item, n: r.n, sum: r.sum, top2Count: r.top2_count, distribution: [r.d1, r.d2, r.d3, r.d4, r.d5] }
      : { item, n: 0, sum: 0, top2Count: 0, distribution: [0, 0, 0, 0, 0] };
  });
}
