/**
 * The only place the server reads process.env. Everything else receives these
 * values as arguments.
 */
import { type Clock, ClockError, clockFromEnv } from '@caseload/clock';

export interface ServerEnv {
  port: number;
  /** listen address; undefined = all interfaces */
  host: string | undefined;
  /** postgres://… ; undefined = the embedded PGlite database */
  databaseUrl: string | undefined;
  /** PGlite data directory */
  dataDir: string;
  /** start even when demo accounts exist on a PostgreSQL database */
  allowDemoAccounts: boolean;
  /** behind a reverse proxy: trust X-Forwarded-For for the client address */
  trustProxy: boolean;
  /** the built dashboard; default apps/dashboard/dist */
  dashboardDir: string | undefined;
  /** largest upload to POST /admin/imports (IMPORT_MAX_UPLOAD_MB, default 500) */
  importMaxUploadBytes: number;
  /** largest total of a zip's files once unzipped (IMPORT_MAX_UNZIPPED_MB, default 2048) */
  importMaxUncompressedBytes: number;
  /** the Chromium that prints the board report PDF (CHROMIUM_PATH, default /usr/bin/chromium) */
  chromiumPath: string;
  /** the one clock: today pinned by CASELOAD_TODAY, else today in each agency's time zone */
  clock: Clock;
}

export class EnvError extends Error {}

function clockOf(env: NodeJS.ProcessEnv): Clock {
  try {
    return clockFromEnv(env);
  } catch (err) {
    if (err instanceof ClockError) throw new EnvError(err.message);
    throw err;
  }
}

function flag(value: string | undefined): boolean {
  return value === '1' || value?.toLowerCase() === 'true';
}

function megabytes(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim() || String(fallback);
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1024 * 1024) {
    throw new EnvError(`${name} must be a whole number of megabytes from 1 to 1048576, not "${raw}".`);
  }
  return Number(raw) * 1024 * 1024;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const rawPort = env.PORT?.trim() || '3000';
  if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535) {
    throw new EnvError(`PORT must be a number from 0 to 65535, not "${rawPort}".`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new EnvError('DATABASE_URL must start with postgres:// (or leave it unset for the embedded database).');
  }
  return {
    port: Number(rawPort),
    host: env.HOST?.trim() || undefined,
    databaseUrl,
    dataDir: env.DATA_DIR?.trim() || './.data',
    allowDemoAccounts: flag(env.ALLOW_DEMO_ACCOUNTS),
    trustProxy: flag(env.TRUST_PROXY),
    dashboardDir: env.DASHBOARD_DIR?.trim() || undefined,
    importMaxUploadBytes: megabytes(env, 'IMPORT_MAX_UPLOAD_MB', 500),
    importMaxUncompressedBytes: megabytes(env, 'IMPORT_MAX_UNZIPPED_MB', 2048),
    chromiumPath: env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium',
    clock: clockOf(env),
  };
}
