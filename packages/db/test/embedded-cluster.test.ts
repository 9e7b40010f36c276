/**
 * A new embedded database's cluster created in a worker thread (what `pnpm start` does
 * on a first start, embedded.ts), then opened by connect with the same compiled Postgres.
 * PGlite only: PostgreSQL has no embedded cluster.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, test } from 'vitest';
import { connect, migrateToLatest } from '../src/index.ts';
import { compileEmbeddedPostgres, createEmbeddedClusterInWorker, hasEmbeddedCluster } from '../src/embedded.ts';

const root = mkdtempSync(join(tmpdir(), 'caseload-embedded-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('a cluster created in a worker thread is opened, migrated and kept by connect; a second creation leaves it alone', async () => {
  const dataDir = join(root, 'data');
  expect(hasEmbeddedCluster(dataDir)).toBe(false);
  const wasmModule = await compileEmbeddedPostgres();
  await createEmbeddedClusterInWorker(dataDir, wasmModule);
  expect(hasEmbeddedCluster(dataDir)).toBe(true);

  const first = await connect({ dataDir, pgliteWasmModule: wasmModule });
  await migrateToLatest(first.db);
  await sql`insert into agencies (agency_id, name) values ('kept', 'Kept Agency')`.execute(first.db);
  const settingsOf = (db: typeof first.db) =>
    sql<{ encoding: string; collate: string; ctype: string }>`
      select current_setting('server_encoding') as encoding, datcollate as collate, datctype as ctype
      from pg_database where datname = current_database()`.execute(db);
  // the same cluster as connect creates itself on an empty directory
  const inThread = await connect({ dataDir: join(root, 'in-thread') });
  expect((await settingsOf(first.db)).rows).toEqual((await settingsOf(inThread.db)).rows);
  await inThread.close();
  await first.close();

  await createEmbeddedClusterInWorker(dataDir, wasmModule);
  const again = await connect({ dataDir });
  const agencies = await sql<{ agency_id: string }>`select agency_id from agencies`.execute(again.db);
  expect(agencies.rows).toEqual([{ agency_id: 'kept' }]);
  await again.close();
}, 120_000);

test('a failed creation rejects with its reason', async () => {
  // a data directory that is a file
  const file = join(root, 'not-a-directory');
  rmSync(file, { force: true });
  await import('node:fs').then((fs) => fs.writeFileSync(file, 'x'));
  const wasmModule = await compileEmbeddedPostgres();
  await expect(createEmbeddedClusterInWorker(file, wasmModule)).rejects.toThrow();
});
