/**
 * The only place the server reads process.env. Everything else receives these
 * values as arguments.
 */
import { type Clock, ClockError, clockFromEnv } from '@caseload/clock';
import { parseClusters } from '@caseload/db';
import { DEFAULT_DATA_DIR } from './embeddedCluster.ts';

export interface ServerEnv {
  port: number;
  /** listen address; undefined = all interfaces */
  host: string | undefined;
  /** postgres://… ; undefined = the embedded PGlite database */
  databaseUrl: string | undefined;
  /** postgres://… of a hot standby or pgpool-II (DATABASE_READ_URL); figures are read there once it has caught up */
  databaseReadUrl: string | undefined;
  /**
   * CASELOAD_CLUSTERS (`east=postgres://…,west=postgres://…`): each agency is served from the
   * cluster the agency directory (in DATABASE_URL) names; empty: one database
   */
  clusters: Map<string, string>;
  /** CASELOAD_CLUSTERS_READ (`east=postgres://…`): a cluster's hot standby or pgpool, for its figures */
  clusterReadUrls: Map<string, string>;
  /** PGlite data directory */
  dataDir: string;
  /** start even when demo accounts exist on a PostgreSQL database */
  allowDemoAccounts: boolean;
  /** behind a reverse proxy (TRUST_PROXY): a number of hops, or the proxies' addresses/CIDR ranges; false: none */
  trustProxy: false | number | string[];
  /** SECURE_COOKIES=1: Secure and __Host- session cookies on every response (production behind TLS) */
  secureCookies: 'auto' | 'always';
  /** METRICS_PORT: Prometheus metrics on this port (undefined: not served) */
  metricsPort: number | undefined;
  /** LOG_FORMAT: json (default when NODE_ENV=production or not a terminal) or pretty */
  logFormat: 'json' | 'pretty';
  /** LOG_LEVEL: info (one line per request), warn or error (errors only), debug */
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** the built dashboard; default apps/dashboard/dist */
  dashboardDir: string | undefined;
  /** largest upload to POST /admin/imports (IMPORT_MAX_UPLOAD_MB, default 500) */
  importMaxUploadBytes: number;
  /** largest total of a zip's files once unzipped (IMPORT_MAX_UNZIPPED_MB, default 2048) */
  importMaxUncompressedBytes: number;
  /** IMPORT_DROP_DIR: the drop folder watched for deliveries (undefined: off) */
  importDropDir: string | undefined;
  /** the Chromium that prints the board report PDF (CHROMIUM_PATH, default /usr/bin/chromium) */
  chromiumPath: string;
  /** the one clock: today pinned by CASELOAD_TODAY, else today in each agency's time zone */
  clock: Clock;
  /** SMTP_URL: where digests and alerts are emailed (smtp:// or smtps://); undefined: email is off */
  smtpUrl: string | undefined;
  /** MAIL_FROM: the sender of those emails (required with SMTP_URL) */
  mailFrom: string | undefined;
  /** PUBLIC_URL: the dashboard's address as people open it, for the links in emails (default http://localhost:PORT) */
  publicUrl: string;
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

/** TRUST_PROXY: 1/true (one proxy), a hop count, or a comma-separated list of addresses and CIDR ranges. */
function proxyTrust(raw: string | undefined): false | number | string[] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === '0' || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') return 1;
  if (/^\d+$/.test(value)) return Number(value);
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const cidr = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+)(\/\d{1,3})?$/i;
  const bad = list.find((s) => !cidr.test(s) && !['loopback', 'linklocal', 'uniquelocal'].includes(s));
  if (bad !== undefined) {
    throw new EnvError(
      `TRUST_PROXY must be a number of proxy hops (1) or addresses / CIDR ranges (10.0.0.0/8,192.168.0.0/16), not "${bad}".`,
    );
  }
  return list;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: string | undefined): number | undefined {
  const raw = env[name]?.trim() || fallback;
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new EnvError(`${name} must be a number from 0 to 65535, not "${raw}".`);
  return Number(raw);
}

function logLevel(raw: string | undefined): ServerEnv['logLevel'] {
  const value = raw?.trim().toLowerCase() || 'info';
  if (value === 'debug' || value === 'info' || value === 'warn' || value === 'error') return value;
  throw new EnvError(`LOG_LEVEL must be debug, info, warn or error, not "${raw}".`);
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
  const databaseReadUrl = env.DATABASE_READ_URL?.trim() || undefined;
  if (databaseReadUrl && (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseReadUrl))) {
    throw new EnvError('DATABASE_READ_URL must start with postgres:// and needs DATABASE_URL (the primary).');
  }
  const clusters = parseClusters(env.CASELOAD_CLUSTERS);
  const clusterReadUrls = parseClusters(env.CASELOAD_CLUSTERS_READ);
  if (clusters.size > 0 && !databaseUrl) {
    throw new EnvError('CASELOAD_CLUSTERS needs DATABASE_URL (the home database that holds the agency directory).');
  }
  for (const [name, url] of [...clusters, ...clusterReadUrls]) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new EnvError(`CASELOAD_CLUSTERS: the URL of ${name} must start with postgres://.`);
  }
  const unknown = [...clusterReadUrls.keys()].find((name) => !clusters.has(name));
  if (unknown !== undefined) throw new EnvError(`CASELOAD_CLUSTERS_READ names ${unknown}, which CASELOAD_CLUSTERS does not list.`);
  return {
    port: Number(rawPort),
    clusters,
    clusterReadUrls,
    host: env.HOST?.trim() || undefined,
    databaseUrl,
    databaseReadUrl,
    dataDir: env.DATA_DIR?.trim() || DEFAULT_DATA_DIR,
    allowDemoAccounts: flag(env.ALLOW_DEMO_ACCOUNTS),
    trustProxy: proxyTrust(env.TRUST_PROXY),
    secureCookies: flag(env.SECURE_COOKIES) ? 'always' : 'auto',
    metricsPort: port(env, 'METRICS_PORT', undefined),
    logLevel: logLevel(env.LOG_LEVEL),
    logFormat:
      env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty'
        ? env.LOG_FORMAT
        : env.NODE_ENV === 'production' || !process.stdout.isTTY
          ? 'json'
          : 'pretty',
    dashboardDir: env.DASHBOARD_DIR?.trim() || undefined,
    importMaxUploadBytes: megabytes(env, 'IMPORT_MAX_UPLOAD_MB', 500),
    importMaxUncompressedBytes: megabytes(env, 'IMPORT_MAX_UNZIPPED_MB', 2048),
    importDropDir: env.IMPORT_DROP_DIR ? env.IMPORT_DROP_DIR : undefined,
    chromiumPath: env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium',
    clock: clockOf(env),
    smtpUrl: env.SMTP_URL?.trim() || undefined,
    mailFrom: env.MAIL_FROM?.trim() || undefined,
    publicUrl: publicUrl(env.PUBLIC_URL, Number(rawPort)),
  };
}

function publicUrl(raw: string | undefined, port: number): string {
  const value = raw?.trim();
  if (!value) return `http://localhost:${port}`;
  if (!/^https?:\/\/[^/]+/.test(value))
    throw new EnvError(`PUBLIC_URL must be the dashboard's address, such as https://caseload.example.org (got "${value}").`);
  return value.replace(/\/+$/, '');
}
