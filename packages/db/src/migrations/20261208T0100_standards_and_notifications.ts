import { type Kysely, sql } from 'kysely';

/**
 * Frozen. Plans of correction for caseload standards (metrics.md "Caseload standards"),
 * and telling people (interfaces.md "Telling people"): each user's notification
 * preference, and the notifications themselves — one row per user and digest period or
 * alert, which is also the ledger that keeps a digest from being missed or sent twice
 * across restarts (unique (agency_id, user_id, key); the email's state is on the row).
 *
 * None of these is imported data: they do not bump the agency's data version.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table plans_of_correction (
      agency_id text not null references agencies (agency_id),
      plan_id bigint generated always as identity,
      rule_id text not null check (rule_id ~ '^[A-Za-z0-9._:-]{1,64}$'),
      period text not null check (period ~ '^[0-9]{4}-([0-9]{2}|Q[1-4])$'),
      opened_on date not null,
      owner text not null check (char_length(owner) between 1 and 200),
      actions text not null check (char_length(actions) between 1 and 4000),
      due_on date not null check (due_on >= opened_on),
      status text not null default 'open' check (status in ('open','closed')),
      closed_on date check (closed_on >= opened_on),
      closing_note text check (char_length(closing_note) <= 4000),
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((status = 'closed') = (closed_on is not null)),
      primary key (agency_id, plan_id)
    );
    create index plans_of_correction_rule_idx on plans_of_correction (agency_id, rule_id, period);

    create table notification_preferences (
      agency_id text not null,
      user_id text not null,
      frequency text not null default 'weekly' check (frequency in ('weekly','daily','off')),
      alerts boolean not null default true,
      updated_at timestamptz not null default now(),
      primary key (agency_id, user_id),
      foreign key (agency_id, user_id) references users (agency_id, user_id)
    );

    create table notifications (
      agency_id text not null,
      notification_id bigint generated always as identity,
      user_id text not null,
      -- 'digest:weekly:2026-12-07', 'alert:standard:R1:2026-11', 'alert:import:42': one row per user and key
      key text not null check (char_length(key) <= 200),
      kind text not null check (kind in ('digest','alert')),
      title text not null,
      body jsonb not null,
      created_at timestamptz not null default now(),
      read_at timestamptz,
      email_status text not null check (email_status in ('pending','sent','failed','off')),
      email_attempts integer not null default 0,
      email_next_at timestamptz,
      email_sent_at timestamptz,
      email_error text,
      primary key (agency_id, notification_id),
      unique (agency_id, user_id, key),
      foreign key (agency_id, user_id) references users (agency_id, user_id)
    );
    create index notifications_user_idx on notifications (agency_id, user_id, created_at desc);
    create index notifications_pending_idx on notifications (email_status, email_next_at) where email_status = 'pending';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table notifications; drop table notification_preferences; drop table plans_of_correction;`.execute(db);
}
