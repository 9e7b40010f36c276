import { type Kysely, sql } from 'kysely';

/**
 * Frozen. assessment_tier as one expression PostgreSQL inlines into the query that calls
 * it: the same tier for every input (metrics' assessmentTier: the override, else 1 if
 * score ≤ 5, 2 if ≤ 11, 3 if ≤ 19, else 4; APS raises it to at least 3, that is to 3
 * when the score is ≤ 11). The first form held scalar subqueries, which kept the
 * planner from inlining it: each call ran as its own SQL function, and recomputing an
 * agency's client_load_spans (an import of 2.5 M rows) spent seconds in those calls.
 */
const SCORE = `(2 * coalesce(adl, 0) + coalesce(iadl, 0) + case when cognitive then 3 else 0 end
        + case when lives_alone then 2 else 0 end + case when hospitalization then 3 else 0 end
        + case when aps then 4 else 0 end + case when behavioral then 2 else 0 end)`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create or replace function assessment_tier(
      acuity_tier smallint, adl smallint, iadl smallint, cognitive boolean, lives_alone boolean,
      hospitalization boolean, aps boolean, behavioral boolean
    ) returns smallint language sql immutable as $$
      select coalesce(acuity_tier, case
        when aps and ${SCORE} <= 11 then 3
        when ${SCORE} <= 5 then 1
        when ${SCORE} <= 11 then 2
        when ${SCORE} <= 19 then 3
        else 4 end)::smallint
    $$`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function assessment_tier(
      acuity_tier smallint, adl smallint, iadl smallint, cognitive boolean, lives_alone boolean,
      hospitalization boolean, aps boolean, behavioral boolean
    ) returns smallint language sql immutable as $$
      select coalesce(acuity_tier, (
        select case when aps and t < 3 then 3 else t end
        from (select case when s <= 5 then 1 when s <= 11 then 2 when s <= 19 then 3 else 4 end as t
              from (select 2 * coalesce(adl, 0) + coalesce(iadl, 0) + case when cognitive then 3 else 0 end
                         + case when lives_alone then 2 else 0 end + case when hospitalization then 3 else 0 end
                         + case when aps then 4 else 0 end + case when behavioral then 2 else 0 end as s) score) tier
      ))::smallint
    $$
  `.execute(db);
}
