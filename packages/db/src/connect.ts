import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { type Dialect, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { SerializedPGliteDialect } from './dialects/pglite.ts';
import { FailoverPool } from './failover.ts';
import { PreparingClient } from './prepared.ts';
import { type ReadRoutingOptions, type ReadRoutingStats, RoutedPostgresDialect } from './routing.ts';
import type { Database } from './schema.ts';
import { Tenancy, TenantDialect } from './tenancy.ts';

export type Driver = 'pg' | 'pglite';

export interface DbHandle {
  db: Kysely<Database>;
  driver: Driver;
  close(): Promise<void>;
  /** with a reader (readUrl): how reads were routed (routing.ts) */
  readRouting?: ReadRoutingStats;
  /** with clusters: the agency directory's routing (tenancy.ts) */
  tenancy?: Tenancy;
}

export interface ConnectOptions {
  /** postgres://… — real PostgreSQL through pg. Absent: embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; absent or 'memory://' keeps it in memory. */
  dataDir?: string | undefined;
  /** PGlite's Postgres already compiled (embedded.ts compileEmbeddedPostgres); absent: compiled here */
  pgliteWasmModule?: WebAssembly.Module | undefined;
  /** pg pool size */
  poolMax?: number;
  /**
   * postgres://… of a hot standby or of pgpool-II in front of the standbys (DATABASE_READ_URL):
   * the figures of a request may be read there once it has caught up (routing.ts).
   */
  readUrl?: string | undefined;
  /** how long a request waits for a lagging reader before it reads the primary */
  readRouting?: ReadRoutingOptions;
  /**
   * CASELOAD_CLUSTERS (name → URL): each agency's statements go to the cluster the agency
   * directory names (tenancy.ts); DATABASE_URL is the home database that holds the directory.
   */
  clusters?: ReadonlyMap<string, string>;
  /** CASELOAD_CLUSTERS_READ (name → URL of the cluster's standby or pgpool) */
  clusterReadUrls?: ReadonlyMap<string, string>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Both drivers return dates as 'YYYY-MM-DD' text (never a JS Date at local midnight),
 * and int8/numeric as numbers. Queries still cast at the SQL boundary (count(*)::int,
 * ::float8); these parsers are the safety net, pinned by the driver contract test.
 */
const asText = (v: string) => v;
const asNumber = (v: string) => Number(v);

let pgTypesConfigured = false;
function configurePgTypes() {
  if (pgTypesConfigured) return;
  pg.types.setTypeParser(DATE_OID, asText);
  pg.types.setTypeParser(INT8_OID, asNumber);
  pg.types.setTypeParser(NUMERIC_OID, asNumber);
  pgTypesConfigured = true;
}

/**
 * A dropped server connection must not crash the process: an idle client's error
 * reaches the pool, a busy client's error reaches the client (its query fails and
 * is answered); either way the pool discards it and the next query reconnects.
 */
function quietPool(pool: pg.Pool): void {
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
}

/** Kysely's dialect over PostgreSQL at `databaseUrl` (multi-host: failover.ts), with reads routed to `readUrl` when given (routing.ts). */
function postgresDialect(
  databaseUrl: string,
  options: Pick<ConnectOptions, 'poolMax' | 'readUrl' | 'readRouting'> = {},
): { dialect: Dialect; readRouting?: ReadRoutingStats } {
  configurePgTypes();
  const primary = new FailoverPool(databaseUrl, { max: options.poolMax ?? 10, Client: PreparingClient }, quietPool);
  if (options.readUrl) {
    const reader = new pg.Pool({ connectionString: options.readUrl, max: options.poolMax ?? 10, Client: PreparingClient });
    quietPool(reader);
    const dialect = new RoutedPostgresDialect(primary, reader, options.readRouting);
    return { dialect, readRouting: dialect.stats };
  }
  return { dialect: new PostgresDialect({ pool: primary }) };
}

export async function connect(options: ConnectOptions = {}): Promise<DbHandle> {
  if (options.databaseUrl) {
    const { dialect, readRouting } = postgresDialect(options.databaseUrl, options);
    if (options.clusters && options.clusters.size > 0) {
      const clusterOptions = { poolMax: options.poolMax ?? 10, ...(options.readRouting ? { readRouting: options.readRouting } : {}) };
      const db = new Kysely<Database>({
        dialect: new TenantDialect(dialect, {
          clusters: options.clusters,
          ...(options.clusterReadUrls ? { readUrls: options.clusterReadUrls } : {}),
          dialectOf: (url, readUrl) => postgresDialect(url, { ...clusterOptions, ...(readUrl ? { readUrl } : {}) }).dialect,
        }),
      });
      const tenancy = new Tenancy(db, options.clusters);
      return { db, driver: 'pg', close: () => db.destroy(), tenancy, ...(readRouting ? { readRouting } : {}) };
    }
    const db = new Kysely<Database>({ dialect });
    return { db, driver: 'pg', close: () => db.destroy(), ...(readRouting ? { readRouting } : {}) };
  }
  const dataDir = options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(options.pgliteWasmModule ? { pgliteWasmModule: options.pgliteWasmModule } : {}),
    parsers: {
      [pgliteTypes.DATE]: asText,
      [pgliteTypes.INT8]: asNumber,
      [pgliteTypes.NUMERIC]: asNumber,
    },
  });
  const db = new Kysely<Database>({ dialect: new SerializedPGliteDialect(pglite) });
  return { db, driver: 'pglite', close: () => db.destroy() };
}
