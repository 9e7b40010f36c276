import { type Kysely, sql } from 'kysely';

/**
 * Frozen. The initial schema: every table carries agency_id, first in its primary key
 * and in every foreign key, so the schema distributes by tenant.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table agencies (
      agency_id text primary key check (agency_id ~ '^[A-Za-z0-9._:-]{1,64}$'),
      name text not null,
      created_at timestamptz not null default now()
    );

    create table settings_versions (
      agency_id text not null references agencies (agency_id),
      version integer not null check (version >= 1),
      settings jsonb not null,
      created_at timestamptz not null default now(),
      created_by text,
      primary key (agency_id, version)
    );

    create table programs (
      agency_id text not null references agencies (agency_id),
      program_id text not null,
      name text not null,
      funder text,
      primary key (agency_id, program_id)
    );

    create table teams (
      agency_id text not null references agencies (agency_id),
      team_id text not null,
      name text not null,
      supervisor_staff_id text,
      primary key (agency_id, team_id)
    );

    create table providers (
      agency_id text not null references agencies (agency_id),
      provider_id text not null,
      name text not null,
      service_types text[] not null default '{}',
      primary key (agency_id, provider_id)
    );

    create table staff (
      agency_id text not null references agencies (agency_id),
      staff_id text not null,
      name text not null,
      role text not null check (role in ('case_manager','supervisor','program_manager','director','other')),
      team_id text,
      caseload_fte double precision not null check (caseload_fte >= 0 and caseload_fte <= 1),
      languages text[] not null default '{}',
      region text,
      active boolean not null default true,
      primary key (agency_id, staff_id),
      foreign key (agency_id, team_id) references teams (agency_id, team_id)
    );

    alter table teams add constraint teams_supervisor_fk
      foreign key (agency_id, supervisor_staff_id) references staff (agency_id, staff_id)
      deferrable initially deferred;

    create table clients (
      agency_id text not null references agencies (agency_id),
      client_id text not null,
      program_id text not null,
      birth_year integer check (birth_year >= 1900),
      county text,
      primary_language text,
      region text,
      enrolled_on date not null,
      closed_on date check (closed_on >= enrolled_on),
      closure_reason text check (closure_reason in ('goals_met','moved','deceased','nursing_facility','declined_services','transferred','ineligible','other')),
      primary key (agency_id, client_id),
      foreign key (agency_id, program_id) references programs (agency_id, program_id)
    );
    create index clients_program_idx on clients (agency_id, program_id);

    create table assignments (
      agency_id text not null references agencies (agency_id),
      client_id text not null,
      start_on date not null,
      staff_id text not null,
      end_on date check (end_on > start_on),
      primary key (agency_id, client_id, start_on),
      foreign key (agency_id, client_id) references clients (agency_id, client_id),
      foreign key (agency_id, staff_id) references staff (agency_id, staff_id)
    );
    create index assignments_staff_idx on assignments (agency_id, staff_id, start_on);

    create table assessments (
      agency_id text not null references agencies (agency_id),
      assessment_id text not null,
      client_id text not null,
      assessed_on date not null,
      kind text not null check (kind in ('initial','reassessment','change_in_condition')),
      adl_deficits smallint check (adl_deficits between 0 and 6),
      iadl_deficits smallint check (iadl_deficits between 0 and 8),
      cognitive_impairment boolean,
      lives_alone boolean,
      recent_hospitalization boolean,
      aps_involvement boolean,
      behavioral_health boolean,
      acuity_tier smallint check (acuity_tier between 1 and 4),
      primary key (agency_id, assessment_id),
      foreign key (agency_id, client_id) references clients (agency_id, client_id)
    );
    create index assessments_client_idx on assessments (agency_id, client_id, assessed_on);

    create table contacts (
      agency_id text not null references agencies (agency_id),
      contact_id text not null,
      client_id text not null,
      staff_id text not null,
      occurred_on date not null,
      mode text not null check (mode in ('home_visit','office_visit','phone','video','collateral')),
      minutes integer check (minutes between 0 and 1440),
      primary key (agency_id, contact_id),
      foreign key (agency_id, client_id) references clients (agency_id, client_id),
      foreign key (agency_id, staff_id) references staff (agency_id, staff_id)
    );
    create index contacts_client_idx on contacts (agency_id, client_id, occurred_on);

    create table goals (
      agency_id text not null references agencies (agency_id),
      goal_id text not null,
      client_id text not null,
      domain text,
      set_on date not null,
      status text not null check (status in ('open','met','partially_met','not_met','withdrawn')),
      resolved_on date check (resolved_on >= set_on),
      primary key (agency_id, goal_id),
      foreign key (agency_id, client_id) references clients (agency_id, client_id),
      check ((status = 'open') or resolved_on is not null)
    );
    create index goals_resolved_idx on goals (agency_id, resolved_on);

    create table referrals (
      agency_id text not null references agencies (agency_id),
      referral_id text not null,
      client_id text not null,
      provider_id text not null,
      service_type text,
      referred_on date not null,
      started_on date check (started_on >= referred_on),
      primary key (agency_id, referral_id),
      foreign key (agency_id, client_id) references clients (agency_id, client_id),
      foreign key (agency_id, provider_id) references providers (agency_id, provider_id)
    );
    create index referrals_provider_idx on referrals (agency_id, provider_id, referred_on);

    create table survey_invitations (
      agency_id text not null references agencies (agency_id),
      invitation_id text not null,
      client_id text not null,
      sent_on date not null,
      primary key (agency_id, invitation_id),
      foreign key (agency_id, client_id) references clients (agency_id, client_id)
    );
    create index survey_invitations_sent_idx on survey_invitations (agency_id, sent_on);

    create table survey_responses (
      agency_id text not null references agencies (agency_id),
      response_id text not null,
      invitation_id text,
      program_id text not null,
      staff_id text,
      provider_id text,
      received_on date not null,
      q1 smallint check (q1 between 1 and 5),
      q2 smallint check (q2 between 1 and 5),
      q3 smallint check (q3 between 1 and 5),
      q4 smallint check (q4 between 1 and 5),
      q5 smallint check (q5 between 1 and 5),
      q6 smallint check (q6 between 1 and 5),
      q7 smallint check (q7 between 1 and 5),
      q8 smallint check (q8 between 1 and 5),
      comment text,
      primary key (agency_id, response_id),
      foreign key (agency_id, invitation_id) references survey_invitations (agency_id, invitation_id),
      foreign key (agency_id, program_id) references programs (agency_id, program_id),
      foreign key (agency_id, staff_id) references staff (agency_id, staff_id),
      foreign key (agency_id, provider_id) references providers (agency_id, provider_id),
      check (coalesce(q1, q2, q3, q4, q5, q6, q7, q8) is not null)
    );
    create index survey_responses_received_idx on survey_responses (agency_id, received_on);
    create index survey_responses_invitation_idx on survey_responses (agency_id, invitation_id);

    create table qa_reviews (
      agency_id text not null references agencies (agency_id),
      review_id text not null,
      client_id text not null,
      staff_id text not null,
      reviewer_staff_id text,
      reviewed_on date not null,
      score double precision not null check (score between 0 and 100),
      findings text,
      corrective_action text,
      action_due_on date,
      action_closed_on date,
      primary key (agency_id, review_id),
      foreign key (agency_id, client_id) references clients (agency_id, client_id),
      foreign key (agency_id, staff_id) references staff (agency_id, staff_id),
      foreign key (agency_id, reviewer_staff_id) references staff (agency_id, staff_id),
      check (corrective_action is null or action_due_on is not null)
    );
    create index qa_reviews_reviewed_idx on qa_reviews (agency_id, reviewed_on);

    create table users (
      agency_id text not null references agencies (agency_id),
      user_id text not null,
      email text not null,
      role text not null check (role in ('admin','director','program_manager','supervisor','case_manager','board')),
      team_ids text[] not null default '{}',
      program_ids text[] not null default '{}',
      staff_id text,
      password_hash text not null,
      disabled boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (agency_id, user_id),
      foreign key (agency_id, staff_id) references staff (agency_id, staff_id)
    );
    create unique index users_email_idx on users (lower(email));

    create table sessions (
      agency_id text not null,
      token_hash text not null,
      user_id text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      primary key (agency_id, token_hash),
      foreign key (agency_id, user_id) references users (agency_id, user_id) on delete cascade
    );
    create unique index sessions_token_idx on sessions (token_hash);

    create table audit_log (
      agency_id text not null references agencies (agency_id),
      audit_id integer generated always as identity,
      at timestamptz not null default now(),
      user_id text,
      actor text not null,
      action text not null,
      details jsonb not null default '{}',
      primary key (agency_id, audit_id)
    );
    create index audit_log_at_idx on audit_log (agency_id, at);

    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists audit_log, sessions, users, qa_reviews, survey_responses,
      survey_invitations, referrals, goals, contacts, assessments, assignments, clients,
      staff, providers, teams, programs, settings_versions, agencies cascade;
    drop function if exists audit_log_append_only();
  `.execute(db);
}
