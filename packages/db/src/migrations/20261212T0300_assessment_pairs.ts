import { type Kysely, sql } from 'kysely';

/**
 * Frozen. The functional pairs of the outcomes report (metrics.md Standard 8, "functional
 * change"), kept like client_load_spans by statement-level triggers on assessments in
 * the same transaction as the change (an import's batch, a test's insert, a snapshot's
 * delete), so it is never behind that table; the importer's set-based path, which writes
 * with the triggers off, recomputes the clients it wrote once at its end.
 *
 * One row per assessment that has a predecessor — the client's assessment just before
 * it in (assessed_on, assessment_id in byte order) — when both carry adl_deficits:
 * change −1 improved (fewer deficits than before), 0 maintained, +1 declined. A
 * period's functional tallies are then a range of the (agency_id, assessed_on) index,
 * read from the index alone, instead of a window over every assessment up to the
 * period's end.
 *
 * With it, covering indexes for the other Standard 8 outcome and provider tallies: goals
 * resolved in a period (status and client in the index, same key columns as before),
 * referrals made and started in a period, clients closed in a period.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table assessment_pairs (
      agency_id text not null,
      client_id text not null,
      assessment_id text not null,
      assessed_on date not null,
      change smallint not null check (change between -1 and 1),
      primary key (agency_id, client_id, assessment_id)
    );
    create index assessment_pairs_assessed_idx on assessment_pairs (agency_id, assessed_on) include (client_id, change);

    -- the pairs of the clients (agencies[i], clients[i]), recomputed from assessments
    create function refresh_assessment_pairs(agencies text[], clients text[]) returns void language sql as $$
      delete from assessment_pairs t using unnest(agencies, clients) as k(agency_id, client_id)
        where t.agency_id = k.agency_id and t.client_id = k.client_id;
      insert into assessment_pairs (agency_id, client_id, assessment_id, assessed_on, change)
      select p.agency_id, p.client_id, p.assessment_id, p.assessed_on,
             case when p.b < p.a then -1 when p.b = p.a then 0 else 1 end
      from (
        select s.agency_id, s.client_id, s.assessment_id, s.assessed_on, s.adl_deficits as b,
               lag(s.adl_deficits) over (partition by s.agency_id, s.client_id order by s.assessed_on, s.assessment_id collate "C") as a
        from (select distinct k.agency_id, k.client_id from unnest(agencies, clients) as k(agency_id, client_id)) k
        join assessments s on s.agency_id = k.agency_id and s.client_id = k.client_id
      ) p
      where p.a is not null and p.b is not null;
    $$;

    create function assessment_pairs_new() returns trigger language plpgsql as $$
    begin
      perform refresh_assessment_pairs(array_agg(agency_id), array_agg(client_id))
        from (select distinct agency_id, client_id from new_rows) k;
      return null;
    end $$;

    create function assessment_pairs_old() returns trigger language plpgsql as $$
    begin
      perform refresh_assessment_pairs(array_agg(agency_id), array_agg(client_id))
        from (select distinct agency_id, client_id from old_rows) k;
      return null;
    end $$;

    create function assessment_pairs_changed() returns trigger language plpgsql as $$
    begin
      perform refresh_assessment_pairs(array_agg(agency_id), array_agg(client_id))
        from (select agency_id, client_id from old_rows union select agency_id, client_id from new_rows) k;
      return null;
    end $$;

    create function assessment_pairs_truncate() returns trigger language plpgsql as $$
    begin
      delete from assessment_pairs;
      return null;
    end $$;

    create trigger assessments_pairs_insert after insert on assessments referencing new table as new_rows
      for each statement execute function assessment_pairs_new();
    create trigger assessments_pairs_update after update on assessments referencing old table as old_rows new table as new_rows
      for each statement execute function assessment_pairs_changed();
    create trigger assessments_pairs_delete after delete on assessments referencing old table as old_rows
      for each statement execute function assessment_pairs_old();
    create trigger assessments_pairs_truncate after truncate on assessments
      for each statement execute function assessment_pairs_truncate();

    drop index goals_resolved_idx;
    create index goals_resolved_idx on goals (agency_id, resolved_on) include (status, client_id);
    create index referrals_referred_idx on referrals (agency_id, referred_on) include (provider_id, started_on, client_id);
    create index referrals_started_idx on referrals (agency_id, started_on) include (provider_id, referred_on, client_id);
    create index clients_closed_idx on clients (agency_id, closed_on) include (closure_reason);
  `.execute(db);
  // the assessments already imported
  await sql`
    select refresh_assessment_pairs(array_agg(agency_id), array_agg(client_id))
      from (select distinct agency_id, client_id from assessments) k`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index clients_closed_idx;
    drop index referrals_started_idx;
    drop index referrals_referred_idx;
    drop index goals_resolved_idx;
    create index goals_resolved_idx on goals (agency_id, resolved_on);
    drop trigger assessments_pairs_insert on assessments;
    drop trigger assessments_pairs_update on assessments;
    drop trigger assessments_pairs_delete on assessments;
    drop trigger assessments_pairs_truncate on assessments;
    drop function assessment_pairs_new();
    drop function assessment_pairs_old();
    drop function assessment_pairs_changed();
    drop function assessment_pairs_truncate();
    drop function refresh_assessment_pairs(text[], text[]);
    drop table assessment_pairs;
  `.execute(db);
}
