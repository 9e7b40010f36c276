/**
 * One server over several PostgreSQL clusters: each agency's statements go to the cluster
 * the agency directory names (tenants.ts; names → URLs in CASELOAD_CLUSTERS), through one
 * Kysely handle, so every query, service and procedure works unchanged.
 *
 * The server says which agency a request is for (`Tenancy.forAgency`, from the session
 * cookie, the import token or the email signing in); the directory is read then, on the
 * home database (DATABASE_URL), and the request's statements run on that cluster's pool
 * (one per cluster, opened at its first use, with reads on its standby when the cluster
 * has a read URL: routing.ts). Outside a request for an agency, statements go to the
 * home database — without CASELOAD_CLUSTERS there is only the home database.
 *
 * Writes are fenced, so that a move (moveAgency) never loses one: every transaction
 * that writes an agency's rows on a cluster first takes the agency's write fence
 * (a shared advisory lock, `caseload:write:<agency>`) on that cluster, then reads the
 * directory again. A move marks the agency moving in the directory, then takes the
 * fence exclusively on the source (waiting for the writes in flight, which then reach the
 * target by replication before the switch) and holds it until the source's rows are
 * gone. A write that finds the agency moving, the fence taken, or the directory naming
 * another cluster is refused with AgencyMovingError ("try again in a few minutes");
 * reads go on. A plain write outside a transaction runs in one of its own for the fence.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { isPlainRead, outsideReadScope } from './routing.ts';
import type { Database } from './schema.ts';

/** What a user is told when a write meets an agency being moved. */
export const AGENCY_MOVING_MESSAGE = "This agency's data is being moved to another server; try again in a few minutes.";

/** A write refused because the agency is being moved between clusters (or has just moved). */
export class AgencyMovingError extends Error {
  constructor(readonly agencyId: string) {
    super(AGENCY_MOVING_MESSAGE);
    this.name = 'AgencyMovingError';
  }
}

/** The advisory lock every write transaction of `agencyId` holds shared, and a move exclusively. */
export function writeFenceKey(agencyId: string): string {
  return `caseload:write:${agencyId}`;
}

/** Where a request's statements go. */
export interface TenantTarget {
  /** the cluster's name in CASELOAD_CLUSTERS; null: the home database */
  cluster: string | null;
  /** the agency whose writes are fenced; undefined for a lookup that is not one agency's (sign-in by email) */
  agencyId?: string;
  /** the directory's moving_to when the request began: writes are refused at once */
  movingTo: string | null;
}

const HOME: TenantTarget = { cluster: null, movingTo: null };
const targets = new AsyncLocalStorage<TenantTarget>();

/** The target the current request runs against (undefined without CASELOAD_CLUSTERS, or outside a request). */
export function currentTenantTarget(): TenantTarget | undefined {
  return targets.getStore();
}

interface TenancyOptions {
  /** cluster name → URL of the caseload database on it */
  clusters: ReadonlyMap<string, string>;
  /** cluster name → URL of its hot standby or pgpool (optional, per cluster) */
  readUrls?: ReadonlyMap<string, string>;
  /** the dialect of a cluster (connect.ts's postgresDialect) */
  dialectOf: (url: string, readUrl: string | undefined) => Dialect;
}

class TenantConnection implements DatabaseConnection {
  inTransaction = false;
  fenced = false;

  constructor(
    private readonly router: TenantDriver,
    readonly driver: Driver,
    readonly inner: DatabaseConnection,
    readonly target: TenantTarget,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const agencyId = this.target.agencyId;
    if (agencyId === undefined || this.target.cluster === null || this.fenced || isPlainRead(query)) {
      return this.inner.executeQuery<R>(query);
    }
    if (this.inTransaction) {
      await this.router.fence(this.inner, this.target, agencyId);
      this.fenced = true;
      return this.inner.executeQuery<R>(query);
    }
    // a write on its own: in a transaction of its own, behind the fence
    await this.driver.beginTransaction(this.inner, {});
    try {
      await this.router.fence(this.inner, this.target, agencyId);
      const result = await this.inner.executeQuery<R>(query);
      await this.driver.commitTransaction(this.inner);
      return result;
    } catch (error) {
      await this.driver.rollbackTransaction(this.inner).catch(() => {});
      throw error;
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class TenantDriver implements Driver {
  private readonly clusters = new Map<string, Promise<Driver>>();

  constructor(
    private readonly home: Driver,
    private readonly options: TenancyOptions,
  ) {}

  async init(): Promise<void> {
    await this.home.init();
  }

  private driverOf(cluster: string | null): Promise<Driver> {
    if (cluster === null) return Promise.resolve(this.home);
    let driver = this.clusters.get(cluster);
    if (!driver) {
      const url = this.options.clusters.get(cluster);
      if (!url) return Promise.reject(new Error(`the agency directory names cluster "${cluster}", which CASELOAD_CLUSTERS does not list`));
      driver = (async () => {
        const d = this.options.dialectOf(url, this.options.readUrls?.get(cluster)).createDriver();
        await d.init();
        return d;
      })();
      this.clusters.set(cluster, driver);
      driver.catch(() => this.clusters.delete(cluster));
    }
    return driver;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const target = targets.getStore() ?? HOME;
    const driver = await this.driverOf(target.cluster);
    return new TenantConnection(this, driver, await driver.acquireConnection(), target);
  }

  /** In a transaction on the agency's cluster: the fence taken shared, and the directory still naming this cluster. */
  async fence(connection: DatabaseConnection, target: TenantTarget, agencyId: string): Promise<void> {
    if (target.movingTo !== null) throw new AgencyMovingError(agencyId);
    const got = await connection.executeQuery<{ got: boolean }>(
      CompiledQuery.raw('select pg_try_advisory_xact_lock_shared(hashtextextended($1, 0)) as got', [writeFenceKey(agencyId)]),
    );
    if (got.rows[0]?.got !== true) throw new AgencyMovingError(agencyId);
    // with the fence held, a move cannot switch past this transaction: the directory read now is the one that counts
    const home = await this.home.acquireConnection();
    let row: { cluster: string; moving_to: string | null } | undefined;
    try {
      const r = await outsideReadScope(() =>
        home.executeQuery<{ cluster: string; moving_to: string | null }>(
          CompiledQuery.raw('select cluster, moving_to from agency_directory where agency_id = $1', [agencyId]),
        ),
      );
      row = r.rows[0];
    } finally {
      await this.home.releaseConnection(home);
    }
    if (!row || row.cluster !== target.cluster || row.moving_to !== null) throw new AgencyMovingError(agencyId);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = connection as TenantConnection;
    await c.driver.beginTransaction(c.inner, settings);
    c.inTransaction = true;
    c.fenced = false;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as TenantConnection;
    c.inTransaction = false;
    c.fenced = false;
    await c.driver.commitTransaction(c.inner);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as TenantConnection;
    c.inTransaction = false;
    c.fenced = false;
    await c.driver.rollbackTransaction(c.inner);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const c = connection as TenantConnection;
    await c.driver.savepoint?.(c.inner, name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const c = connection as TenantConnection;
    await c.driver.rollbackToSavepoint?.(c.inner, name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const c = connection as TenantConnection;
    await c.driver.releaseSavepoint?.(c.inner, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as TenantConnection;
    await c.driver.releaseConnection(c.inner);
  }

  async destroy(): Promise<void> {
    const clusters = await Promise.all([...this.clusters.values()].map((d) => d.catch(() => null)));
    this.clusters.clear();
    await Promise.all([this.home.destroy(), ...clusters.map((d) => d?.destroy())]);
  }
}

/** Kysely's PostgreSQL dialect over the home database and the clusters of the directory. */
export class TenantDialect implements Dialect {
  constructor(
    private readonly home: Dialect,
    private readonly options: TenancyOptions,
  ) {}

  createAdapter() {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new TenantDriver(this.home.createDriver(), this.options);
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }

  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}

/** The server's view of the directory: which cluster a request's statements go to. */
export class Tenancy {
  constructor(
    private readonly db: Kysely<Database>,
    readonly clusters: ReadonlyMap<string, string>,
  ) {}

  /** Where `agencyId` lives now (the directory on the home database; no entry: the home database). */
  async target(agencyId: string): Promise<TenantTarget> {
    const row = await targets.exit(() =>
      outsideReadScope(() =>
        this.db.selectFrom('agency_directory').select(['cluster', 'moving_to']).where('agency_id', '=', agencyId).executeTakeFirst(),
      ),
    );
    return row ? { cluster: row.cluster, agencyId, movingTo: row.moving_to } : { cluster: null, agencyId, movingTo: null };
  }

  /** Runs `fn` (and everything it starts) against `target`'s cluster. */
  run<T>(target: TenantTarget, fn: () => T): T {
    return targets.run(target, fn);
  }

  /** Runs `fn` against the cluster that holds `agencyId`. */
  async forAgency<T>(agencyId: string, fn: () => Promise<T>): Promise<T> {
    return this.run(await this.target(agencyId), fn);
  }

  /**
   * The agency `find` names, asked of the home database and every cluster at once (one
   * indexed look-up each: the email of a sign-in, the hash of an import token); only an
   * answer from the cluster the directory names for that agency counts (during a move
   * the target holds a copy).
   */
  async locate(find: (db: Kysely<Database>) => Promise<string | undefined>): Promise<string | undefined> {
    const places: Array<string | null> = [null, ...this.clusters.keys()];
    const found = await Promise.all(
      places.map((cluster) => targets.run({ cluster, movingTo: null }, () => outsideReadScope(() => find(this.db))).catch(() => undefined)),
    );
    for (let i = 0; i < places.length; i += 1) {
      const agencyId = found[i];
      if (agencyId !== undefined && (await this.target(agencyId)).cluster === places[i]) return agencyId;
    }
    return undefined;
  }
}
