/**
 * The set-based import path — rows written without per-row foreign-key checks and
 * triggers (COPY into a table that has none of the agency's rows on PostgreSQL, one
 * statement per batch otherwise), then every reference checked, the data version bumped
 * and the latest contacts recomputed once — against the row-by-row path, whose triggers
 * do that work statement by statement: the same database, the same guarantees.
 */
import { connect, createAgency, type Database, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importDirectory, type ImportResult } from '../src/index.ts';
import { fixture, importDir, removeImportDirs } from './helpers.ts';

const TODAY = '2026-06-30';

const TABLES: Array<[string, string]> = [
  ['programs', 'program_id'],
  ['teams', 'team_id'],
  ['providers', 'provider_id'],
  ['staff', 'staff_id'],
  ['staff_periods', 'staff_id, start_on'],
  ['capacity_reductions', 'reduction_id'],
  ['workload_items', 'item_id'],
  ['clients', 'client_id'],
  ['assignments', 'client_id, start_on'],
  ['assessments', 'assessment_id'],
  ['contacts', 'contact_id'],
  ['goals', 'goal_id'],
  ['referrals', 'referral_id'],
  ['survey_invitations', 'invitation_id'],
  ['survey_responses', 'response_id'],
  ['qa_reviews', 'review_id'],
  ['client_latest_contacts', 'client_id'],
  // kept by triggers on clients, assignments and assessments, recomputed once by the set-based path
  ['client_load_spans', 'client_id, start_on'],
  // kept by triggers on assessments, recomputed once by the set-based path
  ['assessment_pairs', 'client_id, assessment_id'],
];

/** Every imported table and the derived latest contacts, load spans and functional pairs of one agency, without the agency id, in key order. */
async function contents(db: Kysely<Database>, agencyId: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of TABLES) {
    const r = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table)} where agency_id = ${agencyId} order by ${sql.raw(key)}`.execute(db);
    out[table] = r.rows.map(({ agency_id: _, ...rest }) => rest);
  }
  return out;
}

async function dataVersion(db: Kysely<Database>, agencyId: string): Promise<number | null> {
  const r = await sql<{ version: number }>`select version::int as version from data_versions where agency_id = ${agencyId}`.execute(db);
  return r.rows[0]?.version ?? null;
}

const VISITS = new Set(['home_visit', 'office_visit']);
const CONTACTS = new Set(['home_visit', 'office_visit', 'phone', 'video']);
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Each client's latest contact and latest visit, computed here from the contacts rows (not by the database). */
function latestFromContacts(rows: unknown[]): unknown[] {
  const latest = new Map<string, { any?: Record<string, string>; f2f?: Record<string, string> }>();
  const newer = (a: Record<string, string>, b: Record<string, string> | undefined) =>
    !b ||
    (a.occurred_on as string) > (b.occurred_on as string) ||
    (a.occurred_on === b.occurred_on && byteOrder(a.contact_id as string, b.contact_id as string) > 0);
  for (const row of rows as Array<Record<string, string>>) {
    const entry = latest.get(row.client_id as string) ?? {};
    if (CONTACTS.has(row.mode as string) && newer(row, entry.any)) entry.any = row;
    if (VISITS.has(row.mode as string) && newer(row, entry.f2f)) entry.f2f = row;
    if (entry.any || entry.f2f) latest.set(row.client_id as string, entry);
  }
  return [...latest.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([client_id, { any, f2f }]) => ({
      client_id,
      any_on: any?.occurred_on ?? null,
      any_id: any?.contact_id ?? null,
      any_mode: any?.mode ?? null,
      any_staff: any?.staff_id ?? null,
      f2f_on: f2f?.occurred_on ?? null,
      f2f_id: f2f?.contact_id ?? null,
      f2f_mode: f2f?.mode ?? null,
      f2f_staff: f2f?.staff_id ?? null,
    }));
}

const MODES = ['home_visit', 'office_visit', 'phone', 'video', 'collateral'];
const CLIENTS = ['C1', 'C2', 'C3', 'C4'];
const STAFF = ['S-CM1', 'S-CM2', 'S-SUP1'];

/** The fixture's contacts and `extra` more, several on one day per client (ties broken by contact_id). */
function contactsFile(extra: number, change: (id: string, fields: string[]) => string[] | null = (_, f) => f): string {
  const lines = (fixture()['contacts.csv'] as string).trimEnd().split('\n');
  const out = [lines[0] as string];
  const rows = lines.slice(1).map((l) => l.split(','));
  for (let i = 0; i < extra; i++) {
    const day = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`;
    rows.push([`X${i}`, CLIENTS[i % 4] as string, STAFF[i % 3] as string, day, MODES[(i * 3) % 5] as string, String((i * 13) % 120)]);
  }
  for (const fields of rows) {
    const next = change(fields[0] as string, fields);
    if (next) out.push(next.join(','));
  }
  return `${out.join('\n')}\n`;
}

const sameCounts = (a: ImportResult, b: ImportResult) => expect(a).toEqual(b);

/**
 * Each assessment against its client's assessment just before it (assessed_on, then
 * assessment_id in byte order) when both have deficits: −1 fewer, 0 as many, +1 more —
 * the functional pairs, computed here from the assessments rows (not by the database).
 */
function pairsFromAssessments(rows: unknown[]): unknown[] {
  const byClient = new Map<string, Array<Record<string, string | number | null>>>();
  for (const row of rows as Array<Record<string, string | number | null>>) {
    const list = byClient.get(row.client_id as string) ?? [];
    list.push(row);
    byClient.set(row.client_id as string, list);
  }
  const out: Array<{ client_id: string; assessment_id: string; assessed_on: string; change: number }> = [];
  for (const list of byClient.values()) {
    list.sort((a, b) =>
      a.assessed_on === b.assessed_on
        ? byteOrder(a.assessment_id as string, b.assessment_id as string)
        : (a.assessed_on as string) < (b.assessed_on as string)
          ? -1
          : 1,
    );
    for (let i = 1; i < list.length; i++) {
      const [before, after] = [list[i - 1]?.adl_deficits ?? null, list[i]?.adl_deficits ?? null];
      if (before === null || after === null) continue;
      const row = list[i] as Record<string, string>;
      out.push({
        client_id: row.client_id as string,
        assessment_id: row.assessment_id as string,
        assessed_on: row.assessed_on as string,
        change: Math.sign(Number(after) - Number(before)),
      });
    }
  }
  return byKey(out);
}

/** Pairs in (client_id, assessment_id) byte order, whatever the database's collation. */
function byKey(rows: unknown[]): unknown[] {
  const key = (r: unknown) => `${(r as { client_id: string }).client_id}|${(r as { assessment_id: string }).assessment_id}`;
  return [...rows].sort((a, b) => byteOrder(key(a), key(b)));
}

/** The fixture's assessments and `extra` more (ties on a day, some without deficits), changed by `change`. */
function assessmentsFile(extra: number, change: (id: string, fields: string[]) => string[] | null = (_, f) => f): string {
  const lines = (fixture()['assessments.csv'] as string).trimEnd().split('\n');
  const out = [lines[0] as string];
  const rows = lines.slice(1).map((l) => l.split(','));
  for (let i = 0; i < extra; i++) {
    const day = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 5) % 3)).padStart(2, '0')}`;
    const adl = i % 7 === 3 ? '' : String((i * 5) % 7);
    rows.push([`Y${i}`, CLIENTS[(i * 3) % 4] as string, day, 'reassessment', adl, '', '', '', '', '', '', '']);
  }
  for (const fields of rows) {
    const next = change(fields[0] as string, fields);
    if (next) out.push(next.join(','));
  }
  return `${out.join('\n')}\n`;
}

describe.each(testDrivers())('the set-based import path on %s', (driver) => {
  let h: DbHandle;
  const agency = (id: string) => createAgency(h.db, { agencyId: id, name: id, settings: {}, createdBy: 'test' });
  beforeAll(async () => {
    h = await createTestDb(driver);
    for (const id of ['fast', 'slow', 'late', 'refused', 'plain', 'super']) await agency(id);
  });
  afterAll(async () => {
    await h?.close();
    removeImportDirs();
  });

  test(
    'leaves the same database as the row-by-row path: a first import, changes, a snapshot, the same files again',
    { timeout: 120_000 },
    async () => {
      const both = async (dir: string, snapshot?: string[]) => {
        const options = { today: TODAY, ...(snapshot ? { snapshot } : {}) };
        const fast = await importDirectory(h.db, dir, { ...options, agencyId: 'fast' });
        const slow = await importDirectory(h.db, dir, { ...options, agencyId: 'slow', maintenance: 'row' });
        expect(fast.ok).toBe(true);
        sameCounts(fast, slow);
        const [a, b] = [await contents(h.db, 'fast'), await contents(h.db, 'slow')];
        expect(a).toEqual(b);
        // the derived rows are each client's latest contacts, computed independently here
        expect(a.client_latest_contacts).toEqual(latestFromContacts(a.contacts as unknown[]));
        return { fast, a };
      };

      // 1. into empty tables (COPY on PostgreSQL)
      const first = await both(importDir({ 'contacts.csv': contactsFile(3000) }));
      expect((first.a.contacts as unknown[]).length).toBe(3006);
      expect(await dataVersion(h.db, 'fast')).toBeGreaterThan(0);
      expect(await dataVersion(h.db, 'slow')).toBeGreaterThan(0);

      // 2. changes: each client's latest contact moved to another client or made a phone call a day
      // earlier, other minutes changed, some contacts new, a program renamed
      const latest = new Map((first.a.client_latest_contacts as Array<{ any_id: string; f2f_id: string }>).map((r) => [r.any_id, r]));
      const visits = new Set((first.a.client_latest_contacts as Array<{ f2f_id: string }>).map((r) => r.f2f_id));
      let moved = 0;
      const changed = contactsFile(3200, (id, f) => {
        if (latest.has(id) && moved++ % 2 === 0) return [id, f[1] === 'C1' ? 'C2' : 'C1', f[2], f[3], f[4], f[5]] as string[];
        if (latest.has(id) || visits.has(id)) return [id, f[1], f[2], '2024-01-01', 'phone', f[5]] as string[];
        if (id.endsWith('7')) return [id, f[1], f[2], f[3], f[4], '44'] as string[];
        return f;
      });
      const programs = (fixture()['programs.csv'] as string).replace('Medicaid Waiver', 'Medicaid Waiver (renamed)');
      const second = await both(importDir({ 'contacts.csv': changed, 'programs.csv': programs }));
      const contactsResult = second.fast.ok ? second.fast.files.find((f) => f.file === 'contacts.csv') : undefined;
      expect(contactsResult).toMatchObject({ rows: 3206, inserted: 200 });
      expect(contactsResult?.updated).toBeGreaterThan(300);

      // 3. a snapshot of contacts that lacks every tenth contact
      const fewer = contactsFile(3200, (id, f) => (/^X\d*0$/.test(id) ? null : f));
      const third = await both(importDir({ 'contacts.csv': fewer }, false), ['contacts.csv']);
      expect(third.fast.ok && third.fast.files[0]?.deleted).toBe(320);

      // 4. the same files again: nothing changes, the data version stays
      const before = { fast: await dataVersion(h.db, 'fast'), slow: await dataVersion(h.db, 'slow') };
      const again = await importDirectory(h.db, importDir({ 'contacts.csv': fewer }, false), { agencyId: 'fast', today: TODAY });
      expect(again.ok && again.files[0]).toEqual({ file: 'contacts.csv', rows: 2886, inserted: 0, updated: 0, unchanged: 2886 });
      expect(await contents(h.db, 'fast')).toEqual(third.a);
      expect(await dataVersion(h.db, 'fast')).toBe(before.fast);
    },
  );

  test('functional pairs follow imports: new assessments, moves to another client or day, a snapshot', { timeout: 120_000 }, async () => {
    await agency('pairs-fast');
    await agency('pairs-slow');
    const both = async (dir: string, snapshot?: string[]) => {
      const options = { today: TODAY, ...(snapshot ? { snapshot } : {}) };
      const fast = await importDirectory(h.db, dir, { ...options, agencyId: 'pairs-fast' });
      const slow = await importDirectory(h.db, dir, { ...options, agencyId: 'pairs-slow', maintenance: 'row' });
      expect(fast.ok).toBe(true);
      sameCounts(fast, slow);
      const [a, b] = [await contents(h.db, 'pairs-fast'), await contents(h.db, 'pairs-slow')];
      expect(a).toEqual(b);
      expect(byKey(a.assessment_pairs as unknown[])).toEqual(pairsFromAssessments(a.assessments as unknown[]));
      return a;
    };
    const first = await both(importDir({ 'assessments.csv': assessmentsFile(400) }));
    expect((first.assessment_pairs as unknown[]).length).toBeGreaterThan(200);
    // every fifth moved to another client, every seventh a day later, every eleventh one deficit more or less
    const changed = assessmentsFile(420, (id, f) => {
      const i = Number(id.slice(1));
      if (!id.startsWith('Y')) return f;
      if (i % 5 === 0) return [id, f[1] === 'C1' ? 'C2' : 'C1', ...f.slice(2)] as string[];
      if (i % 7 === 0) return [id, f[1], (f[2] as string).replace(/-0(\d)$/, '-1$1'), ...f.slice(3)] as string[];
      if (i % 11 === 0 && f[4] !== '') return [id, f[1], f[2], f[3], String((Number(f[4]) + 1) % 7), ...f.slice(5)] as string[];
      return f;
    });
    await both(importDir({ 'assessments.csv': changed }));
    // a snapshot lacking every fourth (deleted with the triggers on, on both paths)
    await both(importDir({ 'assessments.csv': assessmentsFile(420, (id, f) => (/^Y\d*[048]$/.test(id) ? null : f)) }, false), [
      'assessments.csv',
    ]);
  });

  test('a bad cell late in a large file refuses the whole import, naming its line and column', { timeout: 120_000 }, async () => {
    const file = contactsFile(20_000, (id, f) => (id === 'X19990' ? ([id, f[1], f[2], f[3], f[4], '12.5'] as string[]) : f));
    const line = file.split('\n').findIndex((l) => l.startsWith('X19990,')) + 1;
    expect(line).toBe(19_998);
    const result = await importDirectory(h.db, importDir({ 'contacts.csv': file }), { agencyId: 'late', today: TODAY });
    expect(result).toEqual({ ok: false, errors: ['contacts.csv:19998: minutes: "12.5" is not a whole number'], errorCount: 1 });
    expect(await contents(h.db, 'late')).toEqual(Object.fromEntries(TABLES.map(([t]) => [t, []])));
    expect(await dataVersion(h.db, 'late')).toBeNull();
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log where agency_id = 'late'`.execute(h.db);
    expect(audit.rows[0]?.n).toBe(0);
  });

  test('a row the database refuses late in a large file writes nothing; COPY names its line', { timeout: 120_000 }, async () => {
    // a rule of this test's database that the import's cell rules do not know
    await sql`alter table goals add constraint goals_domain_test check (domain <> 'refused-here')`.execute(h.db);
    const goals = ['goal_id,client_id,domain,set_on,status,resolved_on'];
    for (let i = 0; i < 20_000; i++) goals.push(`GX${i},C${1 + (i % 4)},${i === 19_990 ? 'refused-here' : 'nutrition'},2024-01-20,open,`);
    const result = await importDirectory(h.db, importDir({ 'goals.csv': `${goals.join('\n')}\n` }), { agencyId: 'refused', today: TODAY });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toHaveLength(1);
    // the header is line 1: GX19990 is on line 19,992
    if (driver === 'pg') expect(errors[0]).toMatch(/^goals\.csv:19992: \(row\): the database refused the row: .*goals_domain_test/);
    else expect(errors[0]).toMatch(/^goals\.csv: the database refused a row: .*goals_domain_test/);
    expect(await contents(h.db, 'refused')).toEqual(Object.fromEntries(TABLES.map(([t]) => [t, []])));
    expect(await dataVersion(h.db, 'refused')).toBeNull();
    await sql`alter table goals drop constraint goals_domain_test`.execute(h.db);
  });

  // PostgreSQL only: PGlite has one role, a superuser
  if (driver === 'pg') {
    test(
      'a role that may not set session_replication_role imports by the row-by-row path, to the same rows',
      { timeout: 120_000 },
      async () => {
        const role = `cm_plain_${process.pid}`;
        const database = (await sql<{ name: string }>`select current_database() as name`.execute(h.db)).rows[0]?.name as string;
        await sql.raw(`create role ${role} login nosuperuser`).execute(h.db);
        await sql
          .raw(
            `grant select, insert, update, delete on all tables in schema public to ${role}; grant usage on all sequences in schema public to ${role}`,
          )
          .execute(h.db);
        const url = new URL(process.env.TEST_DATABASE_URL as string);
        url.username = role;
        url.password = '';
        url.pathname = `/${database}`;
        const plain = await connect({ databaseUrl: url.toString(), poolMax: 2 });
        try {
          const denied = await sql`set session_replication_role = replica`.execute(plain.db).then(
            () => null,
            (err: { code?: string }) => err.code,
          );
          expect(denied).toBe('42501');
          const dir = importDir({ 'contacts.csv': contactsFile(500) });
          const byPlain = await importDirectory(plain.db, dir, { agencyId: 'plain', today: TODAY });
          const bySuper = await importDirectory(h.db, dir, { agencyId: 'super', today: TODAY });
          expect(byPlain.ok).toBe(true);
          sameCounts(byPlain, bySuper);
          expect(await contents(h.db, 'plain')).toEqual(await contents(h.db, 'super'));
        } finally {
          await plain.close();
          await sql.raw(`drop owned by ${role}; drop role ${role}`).execute(h.db);
        }
      },
    );
  }
});
