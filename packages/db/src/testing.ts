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
  const handle = await connect({ databaseUrl: url.toString(), poolMax: 4 });
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
