import { type Kysely, sql } from 'kysely';

/**
 * Frozen. API tokens (interfaces.md "Push API"): a token belongs to one agency and one
 * purpose ('import'), is stored only as its SHA-256 hash (the token itself is shown once,
 * when it is made), records its last use, and is revoked rather than deleted so the
 * audit log's references keep their meaning.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table api_tokens (
      agency_id text not null references agencies (agency_id),
      token_id text not null,
      purpose text not null check (purpose in ('import')),
      label text not null check (char_length(label) between 1 and 100),
      token_hash text not null,
      created_at timestamptz not null default now(),
      created_by text not null,
      last_used_at timestamptz,
      revoked_at timestamptz,
      revoked_by text,
      primary key (agency_id, token_id)
    );
    -- a token is presented without its agency (like a session token): the one global lookup
    create unique index api_tokens_token_idx on api_tokens (token_hash);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table api_tokens`.execute(db);
}
