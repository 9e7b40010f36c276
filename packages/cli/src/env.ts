import { connect, type DbHandle, migrateToLatest } from '@caseload/db';

/** The only place the CLI reads its database configuration. */
export function dbOptions(env: NodeJS.ProcessEnv) {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR || './.data' };
}

/** Opens the configured database and applies pending migrations. */
export async function openDb(env: NodeJS.ProcessEnv): Promise<DbHandle> {
  const handle = await connect(dbOptions(env));
  await migrateToLatest(handle.db);
  return handle;
}

/** The Chromium that prints PDFs (CHROMIUM_PATH, default /usr/bin/chromium). */
export function chromiumPath(env: NodeJS.ProcessEnv): string {
  return env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium';
}
