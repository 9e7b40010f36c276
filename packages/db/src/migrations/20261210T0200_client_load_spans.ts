import { type Kysely, sql } from 'kysely';

/**
 * Frozen. Who holds each client at what tier, as spans of days (metrics.md "Who is on
 * whose caseload", "Acuity tier"), kept by statement-level triggers on clients,
 * assignments and assessments in the same transaction as the change (an import's
 * batch, a test's insert, a snapshot's delete), so it is never behind those tables.
 *
 * A client's active days [enrolled_on, closed_on) are cut at every assignment start and
 * end and every assessment day inside them; on each piece [start_on, end_on) the holder
 * (the assignment in force: start_on ≤ d < end_on, the latest start when rows overlap)
 * and the assessment in force (the latest on or before d, same-day ties to the greatest
 * assessment_id in byte order) stand still. end_on null: open. A client never active
 * (closed on the day it enrolled) has no span.
 *
 * tier is that assessment's tier (its acuity_tier override, else the score's tier;
 * metrics' assessmentTier), null when unassessed: it needs no setting, so a settings
 * change leaves the table as it is.
 *
 * The one-day Standard 9 reports read the spans containing their day (a few thousand
 * rows, grouped per holder and tier in SQL) instead of every client, assignment and
 * assessment; daysOverCapacity90 reads the spans' starts and ends inside its 90 days.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table client_load_spans (
      agency_id text not null,
      client_id text not null,
      start_on date not null,
      end_on date,
      program_id text not null,
      enrolled_on date not null,
      staff_id text,
      held_since date,
      tier smallint,
      assessed_on date,
      primary key (agency_id, client_id, start_on)
    );
    create index client_load_spans_end_idx on client_load_spans (agency_id, end_on, start_on);
    create index client_load_spans_staff_idx on client_load_spans (agency_id, staff_id, end_on);

    -- metrics' assessmentTier: the override, else 1 if score ≤ 5, 2 if ≤ 11, 3 if ≤ 19, else 4; APS raises it to at least 3
    create function assessment_tier(
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
    $$;

    -- the spans of the clients (agencies[i], clients[i]), recomputed from clients, assignments and assessments
    create function refresh_client_load_spans(agencies text[], clients text[]) returns void language sql as $$
      delete from client_load_spans t using unnest(agencies, clients) as k(agency_id, client_id)
        where t.agency_id = k.agency_id and t.client_id = k.client_id;
      insert into client_load_spans
        (agency_id, client_id, start_on, end_on, program_id, enrolled_on, staff_id, held_since, tier, assessed_on)
      with c as (
        select distinct cl.agency_id, cl.client_id, cl.program_id, cl.enrolled_on, cl.closed_on
        from unnest(agencies, clients) as k(agency_id, client_id)
        join clients cl on cl.agency_id = k.agency_id and cl.client_id = k.client_id
        where cl.closed_on is null or cl.closed_on > cl.enrolled_on
      ),
      cuts as (
        select c.agency_id, c.client_id, c.enrolled_on as d from c
        union
        select c.agency_id, c.client_id, x.d from c
        join assignments a on a.agency_id = c.agency_id and a.client_id = c.client_id
        cross join lateral (values (a.start_on), (a.end_on)) as x(d)
        where x.d > c.enrolled_on and (c.closed_on is null or x.d < c.closed_on)
        union
        select c.agency_id, c.client_id, s.assessed_on from c
        join assessments s on s.agency_id = c.agency_id and s.client_id = c.client_id
        where s.assessed_on > c.enrolled_on and (c.closed_on is null or s.assessed_on < c.closed_on)
      ),
      pieces as (
        select cuts.agency_id, cuts.client_id, cuts.d as start_on,
               coalesce(lead(cuts.d) over (partition by cuts.agency_id, cuts.client_id order by cuts.d), c.closed_on) as end_on,
               c.program_id, c.enrolled_on
        from cuts join c on c.agency_id = cuts.agency_id and c.client_id = cuts.client_id
      )
      select p.agency_id, p.client_id, p.start_on, p.end_on, p.program_id, p.enrolled_on,
             h.staff_id, h.start_on, t.tier, t.assessed_on
      from pieces p
      left join lateral (
        select a.staff_id, a.start_on from assignments a
        where a.agency_id = p.agency_id and a.client_id = p.client_id
          and a.start_on <= p.start_on and (a.end_on is null or a.end_on > p.start_on)
        order by a.start_on desc limit 1
      ) h on true
      left join lateral (
        select s.assessed_on,
               assessment_tier(s.acuity_tier, s.adl_deficits, s.iadl_deficits, s.cognitive_impairment, s.lives_alone,
                               s.recent_hospitalization, s.aps_involvement, s.behavioral_health) as tier
        from assessments s
        where s.agency_id = p.agency_id and s.client_id = p.client_id and s.assessed_on <= p.start_on
        order by s.assessed_on desc, s.assessment_id collate "C" desc limit 1
      ) t on true;
    $$;

    create function client_load_spans_new() returns trigger language plpgsql as $$
    begin
      perform refresh_client_load_spans(array_agg(agency_id), array_agg(client_id))
        from (select distinct agency_id, client_id from new_rows) k;
      return null;
    end $$;

    create function client_load_spans_old() returns trigger language plpgsql as $$
    begin
      perform refresh_client_load_spans(array_agg(agency_id), array_agg(client_id))
        from (select distinct agency_id, client_id from old_rows) k;
      return null;
    end $$;

    create function client_load_spans_changed() returns trigger language plpgsql as $$
    begin
      perform refresh_client_load_spans(array_agg(agency_id), array_agg(client_id))
        from (select agency_id, client_id from old_rows union select agency_id, client_id from new_rows) k;
      return null;
    end $$;

    -- a truncated clients table leaves no span; a truncated child table leaves every client to recompute
    create function client_load_spans_truncate() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'clients' then
        delete from client_load_spans;
      else
        perform refresh_client_load_spans(array_agg(agency_id), array_agg(client_id)) from clients;
      end if;
      return null;
    end $$;

    create trigger clients_load_spans_insert after insert on clients referencing new table as new_rows
      for each statement execute function client_load_spans_new();
    create trigger clients_load_spans_update after update on clients referencing old table as old_rows new table as new_rows
      for each statement execute function client_load_spans_changed();
    create trigger clients_load_spans_delete after delete on clients referencing old table as old_rows
      for each statement execute function client_load_spans_old();
    create trigger clients_load_spans_truncate after truncate on clients
      for each statement execute function client_load_spans_truncate();

    create trigger assignments_load_spans_insert after insert on assignments referencing new table as new_rows
      for each statement execute function client_load_spans_new();
    create trigger assignments_load_spans_update after update on assignments referencing old table as old_rows new table as new_rows
      for each statement execute function client_load_spans_changed();
    create trigger assignments_load_spans_delete after delete on assignments referencing old table as old_rows
      for each statement execute function client_load_spans_old();
    create trigger assignments_load_spans_truncate after truncate on assignments
      for each statement execute function client_load_spans_truncate();

    create trigger assessments_load_spans_insert after insert on assessments referencing new table as new_rows
      for each statement execute function client_load_spans_new();
    create trigger assessments_load_spans_update after update on assessments referencing old table as old_rows new table as new_rows
      for each statement execute function client_load_spans_changed();
    create trigger assessments_load_spans_delete after delete on assessments referencing old table as old_rows
      for each statement execute function client_load_spans_old();
    create trigger assessments_load_spans_truncate after truncate on assessments
      for each statement execute function client_load_spans_truncate();
  `.execute(db);
  // the clients already imported
  await sql`select refresh_client_load_spans(array_agg(agency_id), array_agg(client_id)) from clients`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger clients_load_spans_insert on clients;
    drop trigger clients_load_spans_update on clients;
    drop trigger clients_load_spans_delete on clients;
    drop trigger clients_load_spans_truncate on clients;
    drop trigger assignments_load_spans_insert on assignments;
    drop trigger assignments_load_spans_update on assignments;
    drop trigger assignments_load_spans_delete on assignments;
    drop trigger assignments_load_spans_truncate on assignments;
    drop trigger assessments_load_spans_insert on assessments;
    drop trigger assessments_load_spans_update on assessments;
    drop trigger assessments_load_spans_delete on assessments;
    drop trigger assessments_load_spans_truncate on assessments;
    drop function client_load_spans_new();
    drop function client_load_spans_old();
    drop function client_load_spans_changed();
    drop function client_load_spans_truncate();
    drop function refresh_client_load_spans(text[], text[]);
    drop function assessment_tier(smallint, smallint, smallint, boolean, boolean, boolean, boolean, boolean);
    drop table client_load_spans;
  `.execute(db);
}
