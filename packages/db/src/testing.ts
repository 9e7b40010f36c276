import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connect, type DbHandle, type Driver } from './connect.ts';
import { migrateToLatest } from './migrate.ts';

/**
 * The database suite runs on PGlite always, and also on real PostgreSQL when
 * TEST_DATABASE_URL is set (CI sets it). Use with describe.each(testDrivers()).
 */
export function testDrivers(): Driver[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'pg'] : ['pglite'];
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new
 * PostgreSQL database on the TEST_DATABASE_URL server that close() drops.
 */
export async function createTestDb(driver: Driver): Promise<DbHandle> {
  if (driver === 'pglite') {
    const handle = await connect({});
    await migrateToLatest(handle.db);
    return handle;
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `cm_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // TEST_DATABASE_READ_URL: a hot standby of the TEST_DATABASE_URL server (the replica
  // topology in CI), whose copy of the new database serves the reads of read scopes
  const readUrl = process.env.TEST_DATABASE_READ_URL ? databaseOn(process.env.TEST_DATABASE_READ_URL, name) : undefined;
  const handle = await connect({ databaseUrl: url.toString(), readUrl, poolMax: 4 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    async close() {
      await handle.close();
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      try {
        await again.query(`drop database if exists ${name} with (force)`);
      } finally {
        await again.end();
      }
    },
  };
}

/** `url` with its database name replaced by `name` */
export function databaseOn(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The replica topology of scripts/replica-topology.sh (its env file's variables). */
export interface ReplicaTopology {
  /** the primary (wal_level logical, synchronous standby) */
  primaryUrl: string;
  /** its hot standby */
  standbyUrl: string;
  /** pgpool-II in front of both */
  pgpoolUrl: string;
  /** two independent clusters (wal_level logical) for moving an agency between them */
  eastUrl: string;
  westUrl: string;
  /** the script, for `stop-primary` */
  script: string;
}

/**
 * The replica topology when TEST_STANDBY_URL and the rest are set (.ci/run starts it and
 * exports them); null otherwise, so that the tests needing it are skipped on a machine
 * without it. In CI (CI=true) its absence is an error, never a skip.
 */
export function replicaTopology(): ReplicaTopology | null {
  const env = process.env;
  const names = ['TEST_PRIMARY_URL', 'TEST_STANDBY_URL', 'TEST_PGPOOL_URL', 'TEST_EAST_URL', 'TEST_WEST_URL', 'TEST_TOPOLOGY_SCRIPT'];
  const missing = names.filter((n) => !env[n]);
  if (missing.length > 0) {
    if (env.CI === 'true' || env.CI === '1') {
      throw new Error(
        `CI runs the replica tests: ${missing.join(', ')} not set (scripts/replica-topology.sh start, then source its env file)`,
      );
    }
    return null;
  }
  return {
    primaryUrl: env.TEST_PRIMARY_URL as string,
    standbyUrl: env.TEST_STANDBY_URL as string,
    pgpoolUrl: env.TEST_PGPOOL_URL as string,
    eastUrl: env.TEST_EAST_URL as string,
    westUrl: env.TEST_WEST_URL as string,
    script: env.TEST_TOPOLOGY_SCRIPT as string,
  };
}

/** One statement on `url` through a connection of its own (topology set-up and checks). */
export async function runSql<R extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  statement: string,
  params: unknown[] = [],
): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(statement, params)).rows;
  } finally {
    await c.end();
  }
}

/** Waits until the standby at `standbyUrl` has replayed everything the primary has written so far. */
export async function standbyCaughtUp(primaryUrl: string, standbyUrl: string): Promise<void> {
  const [row] = await runSql<{ lsn: string }>(primaryUrl, 'select pg_current_wal_lsn()::text as lsn');
  for (let i = 0; i < 500; i += 1) {
    const [r] = await runSql<{ done: boolean }>(standbyUrl, 'select pg_last_wal_replay_lsn() >= $1::pg_lsn as done', [row?.lsn]);
    if (r?.done) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the standby did not catch up');
}
