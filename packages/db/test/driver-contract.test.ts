import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../src/index.ts';
import { createAgency, currentSettings, appendSettingsVersion } from '../src/index.ts';
import { createTestDb, testDrivers } from '../src/testing.ts';

describe.each(testDrivers())('driver contract on %s', (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await createAgency(h.db, { agencyId: 'a1', name: 'Agency One', settings: { x: 1 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('dates come back as YYYY-MM-DD text, counts and sums as numbers', async () => {
    const r = await sql<{
      d: unknown;
      c: unknown;
      big: unknown;
      num: unknown;
      f: unknown;
      txt: unknown;
      arr: unknown;
      b: unknown;
    }>`select date '2024-02-29' as d, count(*)::int as c, 9007199254740991::int8 as big,
           1.25::numeric as num, (7::float8 / 4) as f,
           to_char(date '2024-12-31' + 1, 'YYYY-MM-DD') as txt,
           array['en','es']::text[] as arr, true as b
       from (values (1), (2), (3)) v(x)`.execute(h.db);
    expect(r.rows[0]).toEqual({
      d: '2024-02-29',
      c: 3,
      big: 9007199254740991,
      num: 1.25,
      f: 1.75,
      txt: '2025-01-01',
      arr: ['en', 'es'],
      b: true,
    });
  });

  test('a date column round-trips without a time-zone shift', async () => {
    await h.db.insertInto('programs').values({ agency_id: 'a1', program_id: 'p1', name: 'P', funder: null }).execute();
    await h.db.insertInto('clients').values({ agency_id: 'a1', client_id: 'c1', program_id: 'p1', enrolled_on: '2024-01-01' }).execute();
    const row = await h.db.selectFrom('clients').select(['enrolled_on', 'closed_on']).executeTakeFirstOrThrow();
    expect(row).toEqual({ enrolled_on: '2024-01-01', closed_on: null });
  });

  test('settings are versioned: appending never edits an old version', async () => {
    expect((await currentSettings(h.db, 'a1'))?.version).toBe(1);
    const v2 = await appendSettingsVersion(h.db, 'a1', { x: 2 }, 'u1');
    expect(v2).toBe(2);
    const cur = await currentSettings<{ x: number }>(h.db, 'a1');
    expect(cur).toMatchObject({ version: 2, settings: { x: 2 }, createdBy: 'u1' });
    const all = await h.db.selectFrom('settings_versions').select(['version', 'settings']).orderBy('version').execute();
    expect(all).toEqual([
      { version: 1, settings: { x: 1 } },
      { version: 2, settings: { x: 2 } },
    ]);
  });

  test('the audit log refuses update and delete', async () => {
    await h.db
      .insertInto('audit_log')
      .values({ agency_id: 'a1', actor: 'system', action: 'test', details: JSON.stringify({ a: 1 }) })
      .execute();
    await expect(sql`update audit_log set action = 'x'`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(h.db)).rejects.toThrow(/append-only/);
    const n = await h.db
      .selectFrom('audit_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(n.n).toBe(1);
  });

  test('every table keeps agency_id first in its primary key and every foreign key', async () => {
    const r = await sql<{ table_name: string; constraint_name: string; kind: string; first_col: string }>`
      select rel.relname as table_name, con.conname as constraint_name, con.contype::text as kind,
             att.attname as first_col
        from pg_constraint con
        join pg_class rel on rel.oid = con.conrelid
        join pg_namespace ns on ns.oid = rel.relnamespace
        join pg_attribute att on att.attrelid = rel.oid and att.attnum = con.conkey[1]
       where ns.nspname = current_schema() and con.contype in ('p', 'f')
         and rel.relname not like 'kysely_%'`.execute(h.db);
    const tables = new Set(r.rows.map((x) => x.table_name));
    expect(tables.size).toBeGreaterThanOrEqual(18);
    // agencies is keyed by agency_id itself; user_directory (sign-in by email) is a reference table, see distributable-schema.test.ts
    const keyedOtherwise = ['agencies', 'user_directory'];
    const offenders = r.rows.filter((x) => x.first_col !== 'agency_id' && !(keyedOtherwise.includes(x.table_name) && x.kind === 'p'));
    expect(offenders).toEqual([]);
  });
});
