import { type Clock, ClockError, clockFromEnv } from '@caseload/clock';
import { connect, type DbHandle, migrateToLatest } from '@caseload/db';
import { CliError } from './errors.ts';

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

/** The one clock: today pinned by CASELOAD_TODAY, else today in the agency's time zone. */
export function clockOf(env: NodeJS.ProcessEnv): Clock {
  try {
    return clockFromEnv(env);
  } catch (err) {
    if (err instanceof ClockError) throw new CliError(err.message);
    throw err;
  }
}
