/**
 * Imports under faults, with the real CLI (`cli import DIR --agency ID`, one Node
 * process each) against real PostgreSQL:
 *
 * - an import SIGKILLed while it is demonstrably mid-way (its backend holds the
 *   agency's import lock, has written rows and is inserting contacts) leaves every
 *   table exactly as before (row counts and md5 of every table), on an empty agency and
 *   on an agency that already had an earlier import; the dead session's lock goes with
 *   it, so the next import succeeds;
 * - two imports into one agency at once are serialized: the second waits on the
 *   agency's advisory lock while the first runs, then sees the first's rows as existing
 *   ones, and the end state equals importing them one after the other in commit order;
 * - imports into two different agencies run at the same time;
 * - a full snapshot SIGKILLed while it is deleting what the export lacks leaves every
 *   table as before; run to the end it deletes exactly that, and run again nothing.
 *
 * The tests run in order and build on each other: agency "killed" ends with data set A
 * then B imported one after the other, the reference for the concurrent import.
 * PostgreSQL only (TEST_DATABASE_URL), like every pg case of testDrivers().
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAgency, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateAgency } from '../src/index.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'packages', 'cli', 'src', 'main.ts');
const AS_OF = '2026-06-30';
const IMPORT_TABLES = [
  'programs',
  'teams',
  'providers',
  'staff',
  'staff_periods',
  'capacity_reductions',
  'workload_items',
  'clients',
  'assignments',
  'assessments',
  'contacts',
  'goals',
  'referrals',
  'survey_invitations',
  'survey_responses',
  'qa_reviews',
];

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface CliRun {
  child: ChildProcess;
  exited: Promise<Exit>;
}

/** `cli import DIR --agency ID --format json` as its own Node process (no tsx wrapper process, so a signal reaches the importer itself). */
function cliImport(databaseUrl: string, dir: string, agencyId: string, extra: string[] = []): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'import', dir, '--agency', agencyId, '--format', 'json', ...extra], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: databaseUrl, USER: 'resilience-test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}

interface ImportSummary {
  ok: boolean;
  totalRows: number;
  files: Array<{ file: string; rows: number; inserted: number; updated: number; unchanged: number; deleted?: number }>;
}

async function succeeded(run: CliRun): Promise<ImportSummary> {
  const exit = await run.exited;
  if (exit.code !== 0) throw new Error(`cli import exited with ${exit.code ?? exit.signal}: ${exit.stderr}`);
  return JSON.parse(exit.stdout) as ImportSummary;
}

const sum = (r: ImportSummary, k: 'inserted' | 'updated' | 'unchanged') => r.files.reduce((n, f) => n + f[k], 0);

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const started = performance.now();
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Data set B: data set A with every contact's minutes and every program's name changed, and 5,000 contacts more. */
async function deriveB(a: string, b: string): Promise<void> {
  await cp(a, b, { recursive: true });
  const contacts = (await readFile(join(a, 'contacts.csv'), 'utf8')).trimEnd().split('\n');
  const header = contacts[0] ?? '';
  expect(header).toBe('contact_id,client_id,staff_id,occurred_on,mode,minutes');
  const rows = contacts.slice(1).map((line) => line.split(','));
  const changed = rows.map(([id, client, staff, on, mode, minutes]) =>
    [id, client, staff, on, mode, minutes === '' ? '15' : String((Number(minutes) + 7) % 1441)].join(','),
  );
  const extra = rows.slice(0, 5000).map(([id, client, staff, on, mode]) => [`${id}-b`, client, staff, on, mode, '33'].join(','));
  await writeFile(join(b, 'contacts.csv'), `${[header, ...changed, ...extra].join('\n')}\n`);
  const programs = await readFile(join(a, 'programs.csv'), 'utf8');
  const [programHeader, ...programRows] = programs.trimEnd().split('\n');
  // program_id,name,funder: the name is the second field and never quoted in the synthetic data
  const renamed = programRows.map((line) => line.replace(/^([^,]+),([^,"]+),/, '$1,$2 (revised),'));
  expect(renamed).not.toEqual(programRows);
  await writeFile(join(b, 'programs.csv'), `${[programHeader, ...renamed].join('\n')}\n`);
}

// runs on every driver setup: the data set the concurrent-import test relies on really differs
test('data set B changes every contact’s minutes and every program’s name and adds contacts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cm-derive-b-'));
  try {
    await mkdir(join(dir, 'a'));
    await writeFile(join(dir, 'a', 'programs.csv'), 'program_id,name,funder\np1,Care Management,"Medicaid, waiver"\np2,Respite,\n');
    await writeFile(
      join(dir, 'a', 'contacts.csv'),
      'contact_id,client_id,staff_id,occurred_on,mode,minutes\nct-1,c1,s1,2025-01-02,phone,1440\nct-2,c1,s1,2025-01-09,home_visit,\n',
    );
    await deriveB(join(dir, 'a'), join(dir, 'b'));
    expect(await readFile(join(dir, 'b', 'programs.csv'), 'utf8')).toBe(
      'program_id,name,funder\np1,Care Management (revised),"Medicaid, waiver"\np2,Respite (revised),\n',
    );
    expect(await readFile(join(dir, 'b', 'contacts.csv'), 'utf8')).toBe(
      'contact_id,client_id,staff_id,occurred_on,mode,minutes\n' +
        'ct-1,c1,s1,2025-01-02,phone,6\nct-2,c1,s1,2025-01-09,home_visit,15\n' +
        'ct-1-b,c1,s1,2025-01-02,phone,33\nct-2-b,c1,s1,2025-01-09,home_visit,33\n',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

describe.each(testDrivers().filter((d) => d === 'pg'))('imports under faults on %s', () => {
  let h: DbHandle;
  let databaseUrl: string;
  let dbName: string;
  let work: string;
  let dirA: string;
  let dirB: string;
  /** a small part of A (no contacts and other activity): enough to hold two agency locks at once, quickly */
  let dirSmall: string;
  let tables: string[];

  /** Every table of the database: row count and md5 of all its rows (all agencies), by name. */
  const snapshot = async () => {
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const table of tables) {
      const r = await sql<{ rows: number; md5: string }>`
        select count(*)::int as rows, coalesce(md5(string_agg(t::text, E'\n' order by t::text)), '') as md5
          from ${sql.table(table)} t`.execute(h.db);
      out[table] = r.rows[0] as { rows: number; md5: string };
    }
    return out;
  };

  /** The import tables of one agency without the agency id: comparable across agencies. */
  const contents = async (agencyId: string) => {
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const table of IMPORT_TABLES) {
      const r = await sql<{ rows: number; md5: string }>`
        select count(*)::int as rows,
               coalesce(md5(string_agg((to_jsonb(t) - 'agency_id')::text, E'\n' order by (to_jsonb(t) - 'agency_id')::text)), '') as md5
          from ${sql.table(table)} t where agency_id = ${agencyId}`.execute(h.db);
      out[table] = r.rows[0] as { rows: number; md5: string };
    }
    return out;
  };

  const agencyRows = async (agencyId: string) => {
    let n = 0;
    for (const table of IMPORT_TABLES) {
      const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where agency_id = ${agencyId}`.execute(h.db);
      n += r.rows[0]?.n ?? 0;
    }
    return n;
  };

  /** The backends of this database holding or awaiting an advisory lock (the importer's agency lock), with what they run. */
  const advisory = async () =>
    (
      await sql<{ pid: number; granted: boolean; query: string; wrote: boolean; xact_start: string }>`
        select a.pid, l.granted, a.query, a.backend_xid is not null as wrote, a.xact_start::text as xact_start
          from pg_locks l join pg_stat_activity a on a.pid = l.pid
         where l.locktype = 'advisory' and a.datname = ${dbName}`.execute(h.db)
    ).rows;

  const backendAlive = async (pid: number) =>
    ((await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where pid = ${pid}`.execute(h.db)).rows[0]?.n ?? 0) > 0;

  /** Starts an import, waits until its backend holds the agency lock, has written rows and is inserting contacts, then SIGKILLs it. */
  async function killMidway(dir: string, agencyId: string) {
    const started = performance.now();
    const run = cliImport(databaseUrl, dir, agencyId);
    let exitedEarly: Exit | undefined;
    void run.exited.then((e) => {
      exitedEarly = e;
    });
    const midway = await until('the import to be inserting contacts', async () => {
      if (exitedEarly) throw new Error(`the import ended before it could be killed: ${exitedEarly.stderr}`);
      return (await advisory()).find((b) => b.granted && b.wrote && /(insert into|copy) contacts /.test(b.query));
    });
    const atMs = Math.round(performance.now() - started);
    run.child.kill('SIGKILL');
    const exit = await run.exited;
    expect(exit.signal).toBe('SIGKILL');
    // the server notices the closed connection, rolls back and drops the session (and its lock)
    await until('the killed import’s backend to end', async () => ((await backendAlive(midway.pid)) ? undefined : true), 30_000);
    expect(await advisory()).toEqual([]);
    return { atMs, pid: midway.pid };
  }

  beforeAll(async () => {
    h = await createTestDb('pg');
    dbName = (await sql<{ d: string }>`select current_database() as d`.execute(h.db)).rows[0]?.d as string;
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
    tables = (
      await sql<{ t: string }>`select table_name as t from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(h.db)
    ).rows.map((r) => r.t);
    work = await mkdtemp(join(tmpdir(), 'cm-resilience-import-'));
    dirA = join(work, 'a');
    dirB = join(work, 'b');
    await generateAgency({ scale: 's', seed: 1, asOf: AS_OF }, dirA);
    await deriveB(dirA, dirB);
    dirSmall = join(work, 'small');
    await mkdir(dirSmall);
    for (const file of ['programs.csv', 'teams.csv', 'providers.csv', 'staff.csv', 'clients.csv', 'qa_reviews.csv']) {
      await copyFile(join(dirA, file), join(dirSmall, file));
    }
    for (const agencyId of ['killed', 'together', 'apart-1', 'apart-2']) {
      await createAgency(h.db, { agencyId, name: `Agency ${agencyId}`, settings: {}, createdBy: 'test' });
    }
  });
  afterAll(async () => {
    await h?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test(
    'an import SIGKILLed mid-way into an empty agency leaves the database exactly as before; the next import succeeds',
    { timeout: 180_000 },
    async () => {
      const before = await snapshot();
      expect(before.contacts?.rows).toBe(0);
      const kill = await killMidway(dirA, 'killed');
      expect(await snapshot()).toEqual(before);

      const a = await succeeded(cliImport(databaseUrl, dirA, 'killed'));
      expect(sum(a, 'inserted')).toBe(a.totalRows);
      expect(await agencyRows('killed')).toBe(a.totalRows);
      console.info(
        `[resilience] empty agency: import killed ${kill.atMs} ms after start (inserting contacts); ${a.totalRows} rows imported afterwards`,
      );
    },
  );

  test(
    'an import SIGKILLed mid-way over an earlier import leaves the database exactly as before; the next import succeeds',
    { timeout: 180_000 },
    async () => {
      const before = await snapshot();
      const rowsBefore = await agencyRows('killed');
      expect(rowsBefore).toBeGreaterThan(0);
      const kill = await killMidway(dirB, 'killed');
      const after = await snapshot();
      expect(after).toEqual(before);

      const b = await succeeded(cliImport(databaseUrl, dirB, 'killed'));
      expect(sum(b, 'inserted')).toBe(5000);
      expect(sum(b, 'updated')).toBeGreaterThan(0);
      expect(await agencyRows('killed')).toBe(rowsBefore + 5000);
      const md5 = Object.fromEntries(IMPORT_TABLES.map((t) => [t, before[t]?.md5.slice(0, 8)]));
      console.info(
        `[resilience] agency with data: import killed ${kill.atMs} ms after start; all ${tables.length} tables equal before/after, ` +
          `${rowsBefore} rows of the agency; md5 ${JSON.stringify(md5)}`,
      );
    },
  );

  /**
   * Runs `during` while this test holds qa_reviews (the last file an import writes) in
   * EXCLUSIVE mode: an import that got that far waits there, lock in hand, until
   * `during` returns. Keeps the overlap of two imports certain on a slow machine.
   */
  const holdingQaReviews = <T>(during: () => Promise<T>) =>
    h.db.transaction().execute(async (trx) => {
      await sql`lock table qa_reviews in exclusive mode`.execute(trx);
      return during();
    });

  /** the backend of an import that has written its other files and waits to write qa_reviews */
  const blockedAtQaReviews = (b: { granted: boolean; wrote: boolean; query: string }) =>
    b.granted && b.wrote && /(insert into|copy) qa_reviews /.test(b.query);

  test(
    'two imports into one agency at once are serialized; the end state is theirs one after the other',
    { timeout: 180_000 },
    async () => {
      const first = cliImport(databaseUrl, dirA, 'together');
      let second: CliRun | undefined;
      const { holder, waiter } = await holdingQaReviews(async () => {
        const holder = await until('the first import to hold the agency lock', async () => (await advisory()).find(blockedAtQaReviews));
        second = cliImport(databaseUrl, dirB, 'together');
        // the second waits on the agency lock while the first holds it, before writing anything
        const waiter = await until('the second import to wait on the agency lock', async () => (await advisory()).find((b) => !b.granted));
        return { holder, waiter };
      });
      expect(waiter.pid).not.toBe(holder.pid);
      expect(waiter.wrote).toBe(false);
      const [a, b] = await Promise.all([succeeded(first), succeeded(second as CliRun)]);
      // the second ran after the first had committed: A's rows were already there
      expect(sum(a, 'inserted')).toBe(a.totalRows);
      expect(sum(b, 'inserted')).toBe(5000);
      expect(sum(b, 'updated')).toBeGreaterThan(0);
      // commit order from the audit log (appended last, under the lock)
      const audit = await h.db
        .selectFrom('audit_log')
        .select(['audit_id', 'details'])
        .where('agency_id', '=', 'together')
        .where('action', '=', 'import')
        .orderBy('audit_id')
        .execute();
      expect(audit.map((r) => (r.details as { totalRows: number }).totalRows)).toEqual([a.totalRows, b.totalRows]);
      // agency "killed" received A then B one after the other (the tests above)
      expect(await contents('together')).toEqual(await contents('killed'));
    },
  );

  test('imports into two different agencies run at the same time', { timeout: 180_000 }, async () => {
    const one = cliImport(databaseUrl, dirSmall, 'apart-1');
    const two = cliImport(databaseUrl, dirSmall, 'apart-2');
    // both have written all files but qa_reviews, both agency locks held at once, nobody waiting
    const locks = await holdingQaReviews(() =>
      until('both imports to hold their agency locks', async () => {
        const all = await advisory();
        return all.filter(blockedAtQaReviews).length === 2 ? all : undefined;
      }),
    );
    expect(locks.every((b) => b.granted)).toBe(true);
    await Promise.all([succeeded(one), succeeded(two)]);
    expect(await contents('apart-1')).toEqual(await contents('apart-2'));
    expect((await contents('apart-1')).qa_reviews?.rows).toBeGreaterThan(0);
  });

  test(
    'a snapshot SIGKILLed while deleting leaves the database exactly as before; complete, it deletes what the export lacks; again, nothing',
    { timeout: 180_000 },
    async () => {
      await createAgency(h.db, { agencyId: 'snapshot', name: 'Agency snapshot', settings: {}, createdBy: 'test' });
      await succeeded(cliImport(databaseUrl, dirB, 'snapshot'));
      const before = await snapshot();
      const extra = (
        await sql<{ n: number }>`select count(*)::int as n from contacts where agency_id = 'snapshot' and contact_id like '%-b'`.execute(
          h.db,
        )
      ).rows[0]?.n;
      expect(extra).toBe(5000);

      // a row the snapshot must delete is held by this test, so the import is caught inside its delete
      let atMs = 0;
      let pid = 0;
      await h.db.transaction().execute(async (trx) => {
        await sql`select 1 from contacts where agency_id = 'snapshot' and contact_id like '%-b' order by contact_id desc limit 1 for update`.execute(
          trx,
        );
        const started = performance.now();
        const run = cliImport(databaseUrl, dirA, 'snapshot', ['--snapshot', 'contacts.csv']);
        let exitedEarly: Exit | undefined;
        void run.exited.then((e) => {
          exitedEarly = e;
        });
        const deleting = await until('the snapshot to be deleting contacts', async () => {
          if (exitedEarly) throw new Error(`the import ended before it could be killed: ${exitedEarly.stderr}`);
          return (await advisory()).find((b) => b.granted && b.wrote && /delete from contacts /.test(b.query));
        });
        atMs = Math.round(performance.now() - started);
        pid = deleting.pid;
        run.child.kill('SIGKILL');
        expect((await run.exited).signal).toBe('SIGKILL');
      });
      // a backend waiting on a row lock notices its client is gone only once the lock is free
      await until('the killed import’s backend to end', async () => ((await backendAlive(pid)) ? undefined : true), 30_000);
      expect(await advisory()).toEqual([]);
      expect(await snapshot()).toEqual(before);

      const done = await succeeded(cliImport(databaseUrl, dirA, 'snapshot', ['--snapshot', 'contacts.csv']));
      expect(done.files.find((f) => f.file === 'contacts.csv')?.deleted).toBe(5000);
      expect(done.files.filter((f) => f.deleted !== undefined).map((f) => f.file)).toEqual(['contacts.csv']);
      // the same as an agency that only ever received A
      await createAgency(h.db, { agencyId: 'only-a', name: 'Agency only A', settings: {}, createdBy: 'test' });
      await succeeded(cliImport(databaseUrl, dirA, 'only-a'));
      expect(await contents('snapshot')).toEqual(await contents('only-a'));
      const again = await succeeded(cliImport(databaseUrl, dirA, 'snapshot', ['--snapshot', 'contacts.csv']));
      expect(again.files.find((f) => f.file === 'contacts.csv')?.deleted).toBe(0);
      expect(sum(again, 'inserted') + sum(again, 'updated')).toBe(0);
      console.info(
        `[resilience] snapshot killed ${atMs} ms after start, inside its delete; database unchanged; then 5000 contacts deleted, then none`,
      );
    },
  );
});
