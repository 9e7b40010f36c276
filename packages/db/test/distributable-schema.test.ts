/**
 * The schema stays distributable by tenant (docs/scaling.md): on a distributed
 * PostgreSQL (Citus) every table is distributed by agency_id and co-located, which
 * needs, for every table of the schema (new ones included, found in the catalog):
 *
 * - an agency_id column that is NOT NULL, and a primary key whose first column is it;
 * - every foreign key to start with agency_id and point at agency_id (same tenant);
 * - every unique constraint or unique index to include agency_id, except the two
 *   global sign-in lookups named below (scaling.md says how they move on Citus).
 *
 * The checker is also run against a schema of deliberate violations, so it is shown to
 * fail when the rule is broken.
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../src/index.ts';
import { createTestDb, testDrivers } from '../src/testing.ts';

/** Unique indexes allowed without agency_id: looked up before the tenant is known (session by token, API token). */
const GLOBAL_LOOKUPS = ['sessions.sessions_token_idx', 'api_tokens.api_tokens_token_idx'];

/**
 * Reference tables (replicated to every node on Citus, not distributed): keyed by what is
 * looked up before the tenant is known, with agency_id as a column that must still point
 * at agencies. Sign-in by email reads user_directory.
 */
const REFERENCE_TABLES = ['user_directory'];

/** Every way the tables of `schema` break the distribution rule, one line each. */
async function distributionOffenders(db: Kysely<any>, schema: string): Promise<{ tables: string[]; offenders: string[] }> {
  const tables = (
    await sql<{ t: string; agency_col: boolean; agency_not_null: boolean }>`
      select c.relname as t,
             exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'agency_id' and not a.attisdropped) as agency_col,
             exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'agency_id' and a.attnotnull) as agency_not_null
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = ${schema} and c.relkind in ('r', 'p') and c.relname not like 'kysely\\_%'
       order by 1`.execute(db)
  ).rows;
  const constraints = (
    await sql<{ t: string; name: string; kind: string; first_col: string | null; first_ref: string | null }>`
      select c.relname as t, con.conname as name, con.contype::text as kind,
             (select attname from pg_attribute where attrelid = con.conrelid and attnum = con.conkey[1]) as first_col,
             (select attname from pg_attribute where attrelid = con.confrelid and attnum = con.confkey[1]) as first_ref
        from pg_constraint con
        join pg_class c on c.oid = con.conrelid
        join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = ${schema} and con.contype in ('p', 'f') and c.relname not like 'kysely\\_%'`.execute(db)
  ).rows;
  const uniques = (
    await sql<{ t: string; name: string; has_agency: boolean }>`
      select c.relname as t, i.relname as name,
             exists (select 1 from unnest(x.indkey::int2[]) k join pg_attribute a on a.attrelid = c.oid and a.attnum = k
                      where a.attname = 'agency_id') as has_agency
        from pg_index x
        join pg_class i on i.oid = x.indexrelid
        join pg_class c on c.oid = x.indrelid
        join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = ${schema} and x.indisunique and c.relname not like 'kysely\\_%'`.execute(db)
  ).rows;

  const offenders: string[] = [];
  for (const t of tables) {
    if (!t.agency_col) offenders.push(`${t.t}: no agency_id column`);
    else if (!t.agency_not_null) offenders.push(`${t.t}: agency_id may be null`);
    const pk = constraints.find((c) => c.t === t.t && c.kind === 'p');
    const reference = schema === 'public' && REFERENCE_TABLES.includes(t.t);
    if (!pk) offenders.push(`${t.t}: no primary key`);
    else if (reference) continue;
    else if (pk.first_col !== 'agency_id') offenders.push(`${t.t}: primary key ${pk.name} starts with ${pk.first_col}`);
  }
  for (const fk of constraints.filter((c) => c.kind === 'f')) {
    if (fk.first_col !== 'agency_id' || fk.first_ref !== 'agency_id') {
      offenders.push(`${fk.t}: foreign key ${fk.name} maps ${fk.first_col} → ${fk.first_ref}, not agency_id → agency_id`);
    }
  }
  for (const u of uniques) {
    const allowed = schema === 'public' && (GLOBAL_LOOKUPS.includes(`${u.t}.${u.name}`) || REFERENCE_TABLES.includes(u.t));
    if (!u.has_agency && !allowed) {
      offenders.push(`${u.t}: unique index ${u.name} does not include agency_id`);
    }
  }
  return { tables: tables.map((t) => t.t), offenders: offenders.sort() };
}

describe.each(testDrivers())('the schema distributes by agency_id, on %s', (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
  });
  afterAll(async () => {
    await h?.close();
  });

  test('every table keeps agency_id first in its primary key and every foreign key; unique indexes include it', async () => {
    const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(h.db)).rows[0]?.s as string;
    const { tables, offenders } = await distributionOffenders(h.db, schema);
    // every table of the migrated schema is checked, whichever migration made it
    const all = await sql<{ n: number }>`
      select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relname not like 'kysely\\_%'`.execute(h.db);
    expect(tables.length).toBe(all.rows[0]?.n);
    expect(tables).toEqual(expect.arrayContaining(['agencies', 'contacts', 'audit_log', 'users', 'sessions', 'settings_versions']));
    expect(offenders).toEqual([]);
    // the allowed global lookups still exist (else drop them from the list)
    const indexes = await sql<{ name: string }>`
      select c.relname || '.' || i.relname as name from pg_index x join pg_class i on i.oid = x.indexrelid
        join pg_class c on c.oid = x.indrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = current_schema()`.execute(h.db);
    expect(indexes.rows.map((r) => r.name)).toEqual(expect.arrayContaining(GLOBAL_LOOKUPS));
  });

  test('the check fails for each kind of violation', async () => {
    await sql`create schema distribution_probe`.execute(h.db);
    try {
      await sql`
        create table distribution_probe.tenants (agency_id text primary key);
        create table distribution_probe.good (
          agency_id text not null references distribution_probe.tenants (agency_id),
          id text not null, primary key (agency_id, id));
        create table distribution_probe.pk_order (agency_id text not null, id text not null, primary key (id, agency_id));
        create table distribution_probe.no_pk (agency_id text not null, id text);
        create table distribution_probe.no_tenant (id text primary key);
        create table distribution_probe.nullable (agency_id text, id text not null, primary key (id));
        create table distribution_probe.fk_order (
          agency_id text not null, id text not null, good_id text,
          primary key (agency_id, id),
          foreign key (good_id, agency_id) references distribution_probe.good (id, agency_id));
        create table distribution_probe.fk_cross (
          agency_id text not null, id text not null, other_agency text,
          primary key (agency_id, id),
          foreign key (agency_id) references distribution_probe.tenants (agency_id),
          foreign key (other_agency, id) references distribution_probe.good (agency_id, id));
        create unique index good_id_idx on distribution_probe.good (id);
      `.execute(h.db);
      const { offenders } = await distributionOffenders(h.db, 'distribution_probe');
      expect(offenders).toEqual([
        'fk_cross: foreign key fk_cross_other_agency_id_fkey maps other_agency → agency_id, not agency_id → agency_id',
        'fk_order: foreign key fk_order_good_id_agency_id_fkey maps good_id → id, not agency_id → agency_id',
        'good: unique index good_id_idx does not include agency_id',
        'no_pk: no primary key',
        'no_tenant: no agency_id column',
        'no_tenant: primary key no_tenant_pkey starts with id',
        'no_tenant: unique index no_tenant_pkey does not include agency_id',
        'nullable: agency_id may be null',
        'nullable: primary key nullable_pkey starts with id',
        'nullable: unique index nullable_pkey does not include agency_id',
        'pk_order: primary key pk_order_pkey starts with id',
      ]);
    } finally {
      await sql`drop schema distribution_probe cascade`.execute(h.db);
    }
  });
});
