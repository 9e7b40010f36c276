import { type Kysely, sql } from 'kysely';

/**
 * Frozen. Each client's latest client contact and latest face-to-face contact (by
 * occurred_on, then contact_id in byte order), kept by statement-level triggers on
 * contacts in the same transaction as the change (an import's batch, a test's insert,
 * a snapshot's delete), so it is never behind the contacts table.
 *
 * The compliance report, the work lists and the drill-down need, per active client on
 * a day D, only its latest contact of each kind on or before D. For D on or after
 * every contact of a client (the usual case: today) that is this row; a client with a
 * contact after D is looked up in contacts itself (queries/latestContacts.ts). Without
 * this table every such report read the whole contact history of the active clients.
 *
 * Insert keeps the newer of the stored and the inserted latest; update and delete
 * recompute the clients they touched from contacts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table client_latest_contacts (
      agency_id text not null,
      client_id text not null,
      any_on date,
      any_id text,
      any_mode text,
      any_staff text,
      f2f_on date,
      f2f_id text,
      f2f_mode text,
      f2f_staff text,
      primary key (agency_id, client_id)
    );

    -- (on1, id1) is a contact later than (on2, id2): by day, then contact_id in byte order
    create function latest_contact_newer(on1 date, id1 text, on2 date, id2 text) returns boolean
      language sql immutable as $$
        select on1 is not null and (on2 is null or on1 > on2 or (on1 = on2 and id1 collate "C" > id2 collate "C"))
      $$;

    create function client_latest_contacts_insert() returns trigger language plpgsql as $$
    begin
      insert into client_latest_contacts as t
        (agency_id, client_id, any_on, any_id, any_mode, any_staff, f2f_on, f2f_id, f2f_mode, f2f_staff)
      select coalesce(a.agency_id, f.agency_id), coalesce(a.client_id, f.client_id),
             a.occurred_on, a.contact_id, a.mode, a.staff_id, f.occurred_on, f.contact_id, f.mode, f.staff_id
      from (
        select distinct on (agency_id, client_id) agency_id, client_id, occurred_on, contact_id, mode, staff_id
        from new_rows where mode in ('home_visit', 'office_visit', 'phone', 'video')
        order by agency_id, client_id, occurred_on desc, contact_id collate "C" desc
      ) a
      full join (
        select distinct on (agency_id, client_id) agency_id, client_id, occurred_on, contact_id, mode, staff_id
        from new_rows where mode in ('home_visit', 'office_visit')
        order by agency_id, client_id, occurred_on desc, contact_id collate "C" desc
      ) f on f.agency_id = a.agency_id and f.client_id = a.client_id
      on conflict (agency_id, client_id) do update set
        any_on = case when latest_contact_newer(excluded.any_on, excluded.any_id, t.any_on, t.any_id) then excluded.any_on else t.any_on end,
        any_id = case when latest_contact_newer(excluded.any_on, excluded.any_id, t.any_on, t.any_id) then excluded.any_id else t.any_id end,
        any_mode = case when latest_contact_newer(excluded.any_on, excluded.any_id, t.any_on, t.any_id) then excluded.any_mode else t.any_mode end,
        any_staff = case when latest_contact_newer(excluded.any_on, excluded.any_id, t.any_on, t.any_id) then excluded.any_staff else t.any_staff end,
        f2f_on = case when latest_contact_newer(excluded.f2f_on, excluded.f2f_id, t.f2f_on, t.f2f_id) then excluded.f2f_on else t.f2f_on end,
        f2f_id = case when latest_contact_newer(excluded.f2f_on, excluded.f2f_id, t.f2f_on, t.f2f_id) then excluded.f2f_id else t.f2f_id end,
        f2f_mode = case when latest_contact_newer(excluded.f2f_on, excluded.f2f_id, t.f2f_on, t.f2f_id) then excluded.f2f_mode else t.f2f_mode end,
        f2f_staff = case when latest_contact_newer(excluded.f2f_on, excluded.f2f_id, t.f2f_on, t.f2f_id) then excluded.f2f_staff else t.f2f_staff end;
      return null;
    end $$;

    -- the clients of (agencies[i], clients[i]), recomputed from contacts
    create function refresh_client_latest_contacts(agencies text[], clients text[]) returns void language sql as $$
      delete from client_latest_contacts t using unnest(agencies, clients) as k(agency_id, client_id)
        where t.agency_id = k.agency_id and t.client_id = k.client_id;
      insert into client_latest_contacts
        (agency_id, client_id, any_on, any_id, any_mode, any_staff, f2f_on, f2f_id, f2f_mode, f2f_staff)
      select k.agency_id, k.client_id,
             a.occurred_on, a.contact_id, a.mode, a.staff_id, f.occurred_on, f.contact_id, f.mode, f.staff_id
      from unnest(agencies, clients) as k(agency_id, client_id)
      left join lateral (
        select c.occurred_on, c.contact_id, c.mode, c.staff_id from contacts c
        where c.agency_id = k.agency_id and c.client_id = k.client_id and c.mode in ('home_visit', 'office_visit', 'phone', 'video')
        order by c.occurred_on desc, c.contact_id collate "C" desc limit 1
      ) a on true
      left join lateral (
        select c.occurred_on, c.contact_id, c.mode, c.staff_id from contacts c
        where c.agency_id = k.agency_id and c.client_id = k.client_id and c.mode in ('home_visit', 'office_visit')
        order by c.occurred_on desc, c.contact_id collate "C" desc limit 1
      ) f on true
      where a.contact_id is not null or f.contact_id is not null;
    $$;

    create function client_latest_contacts_update() returns trigger language plpgsql as $$
    begin
      perform refresh_client_latest_contacts(array_agg(agency_id), array_agg(client_id))
        from (select agency_id, client_id from old_rows union select agency_id, client_id from new_rows) k;
      return null;
    end $$;

    create function client_latest_contacts_delete() returns trigger language plpgsql as $$
    begin
      perform refresh_client_latest_contacts(array_agg(agency_id), array_agg(client_id))
        from (select distinct agency_id, client_id from old_rows) k;
      return null;
    end $$;

    create function client_latest_contacts_truncate() returns trigger language plpgsql as $$
    begin
      delete from client_latest_contacts;
      return null;
    end $$;

    create trigger contacts_latest_insert after insert on contacts referencing new table as new_rows
      for each statement execute function client_latest_contacts_insert();
    create trigger contacts_latest_update after update on contacts referencing old table as old_rows new table as new_rows
      for each statement execute function client_latest_contacts_update();
    create trigger contacts_latest_delete after delete on contacts referencing old table as old_rows
      for each statement execute function client_latest_contacts_delete();
    create trigger contacts_latest_truncate after truncate on contacts
      for each statement execute function client_latest_contacts_truncate();
  `.execute(db);
  // contacts already imported
  await sql`
    insert into client_latest_contacts
      (agency_id, client_id, any_on, any_id, any_mode, any_staff, f2f_on, f2f_id, f2f_mode, f2f_staff)
    select coalesce(a.agency_id, f.agency_id), coalesce(a.client_id, f.client_id),
           a.occurred_on, a.contact_id, a.mode, a.staff_id, f.occurred_on, f.contact_id, f.mode, f.staff_id
    from (
      select distinct on (agency_id, client_id) agency_id, client_id, occurred_on, contact_id, mode, staff_id
      from contacts where mode in ('home_visit', 'office_visit', 'phone', 'video')
      order by agency_id, client_id, occurred_on desc, contact_id collate "C" desc
    ) a
    full join (
      select distinct on (agency_id, client_id) agency_id, client_id, occurred_on, contact_id, mode, staff_id
      from contacts where mode in ('home_visit', 'office_visit')
      order by agency_id, client_id, occurred_on desc, contact_id collate "C" desc
    ) f on f.agency_id = a.agency_id and f.client_id = a.client_id
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger contacts_latest_insert on contacts;
    drop trigger contacts_latest_update on contacts;
    drop trigger contacts_latest_delete on contacts;
    drop trigger contacts_latest_truncate on contacts;
    drop function client_latest_contacts_insert();
    drop function client_latest_contacts_update();
    drop function client_latest_contacts_delete();
    drop function refresh_client_latest_contacts(text[], text[]);
    drop function client_latest_contacts_truncate();
    drop function latest_contact_newer(date, text, date, text);
    drop table client_latest_contacts;
  `.execute(db);
}
