/**
 * Reads on a hot standby, never older than the caller's versions.
 *
 * A routed handle has two pools: the primary (DATABASE_URL) and a reader
 * (DATABASE_READ_URL: a streaming standby, or pgpool-II in front of the standbys).
 * Everything goes to the primary (writes, imports, audit rows, sessions, every
 * transaction) except the plain reads made inside a read scope (readScope), which the
 * server opens for each query request and for warming.
 *
 * A scope knows the data and settings versions its request expects, per agency (read on
 * the primary with the session lookup). Its first read after they are known opens one
 * REPEATABLE READ, READ ONLY transaction on the reader and reads the agency's versions
 * there as its first statement, so they belong to the very snapshot every later read of
 * the scope sees. When the reader's versions are at least the expected ones, the
 * scope's reads use that snapshot; when it has not caught up, the scope polls for at
 * most `maxWaitMs`, then reads the primary for the rest of the request. An asynchronous
 * standby that missed a just-committed import therefore costs one round trip, never a
 * stale figure.
 *
 * Any error on the reader (a statement that turned out to write, SQLSTATE 25006; a
 * recovery conflict; a lost connection) abandons the reader for the rest of the scope
 * and runs the statement again on the primary: the user never sees the reader's error.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresDriver,
  PostgresIntrospector,
  type PostgresPool,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { AgencyVersions } from './queries/versions.ts';

export interface ReadRoutingStats {
  /** scopes whose reads used the reader's snapshot */
  readerScopes: number;
  /** scopes that found the reader behind the expected versions (after waiting) and read the primary */
  behindScopes: number;
  /** statements the reader refused or failed, run again on the primary */
  readerErrors: number;
  /** statements run on the reader */
  readerStatements: number;
}

export interface ReadRoutingOptions {
  /** how long a scope waits for a lagging reader before reading the primary; default 50 ms */
  maxWaitMs?: number;
  /** between two looks at a lagging reader; default 10 ms */
  pollMs?: number;
}

/** the agencies (id → versions) a scope's figures must not be older than; empty while unknown */
export type ExpectedVersions = () => ReadonlyMap<string, AgencyVersions>;

interface Scope {
  expected: ExpectedVersions;
  /** undecided until the expected versions are known */
  state: 'undecided' | 'opening' | 'reader' | 'primary' | 'closed';
  opening?: Promise<DatabaseConnection | null>;
  reader?: DatabaseConnection;
  router?: RoutedDriver;
  /** the reader's statements, one at a time (one connection, one snapshot) */
  queue?: Promise<unknown>;
}

const scopes = new AsyncLocalStorage<Scope>();

export interface ReadScope {
  /** runs `fn` in the scope (its async continuations included) */
  run<T>(fn: () => T): T;
  /** ends the reader's transaction; later statements of the scope go to the primary */
  close(): Promise<void>;
}

/**
 * A read scope: reads made within `run` may come from the reader of a routed handle when
 * it has caught up with `expected`. Without a routed handle, nothing changes.
 */
export function openReadScope(expected: ExpectedVersions): ReadScope {
  const scope: Scope = { expected, state: 'undecided' };
  return {
    run: (fn) => scopes.run(scope, fn),
    close: async () => {
      const { reader, router, opening } = scope;
      scope.state = 'closed';
      if (opening) await opening.catch(() => null);
      await scope.queue;
      const open = scope.reader ?? reader;
      scope.reader = undefined;
      if (open && router) await router.endReader(open);
    },
  };
}

/** `fn` in a read scope that closes when `fn`'s promise settles. */
export async function withReadScope<T>(expected: ExpectedVersions, fn: () => Promise<T>): Promise<T> {
  const scope = openReadScope(expected);
  try {
    return await scope.run(fn);
  } finally {
    await scope.close();
  }
}

/** `fn` outside any read scope: its reads go to the primary (the agency directory, which no version check covers). */
export function outsideReadScope<T>(fn: () => T): T {
  return scopes.exit(fn);
}

const WRITES =
  /\b(insert\s+into|update\s+[\w".]+\s+set|delete\s+from|merge\s+into|for\s+(no\s+key\s+)?update|for\s+(key\s+)?share|nextval|setval|pg_advisory|pg_try_advisory)\b/i;

/** A statement the reader may run: a select (or a raw select / CTE that does not write). */
export function isPlainRead(query: CompiledQuery): boolean {
  const kind = query.query.kind;
  if (kind !== 'SelectQueryNode' && kind !== 'RawNode') return false;
  return /^\s*(select|with|values)\b/i.test(query.sql) && !WRITES.test(query.sql);
}

function caughtUp(reader: Map<string, AgencyVersions>, expected: ReadonlyMap<string, AgencyVersions>): boolean {
  for (const [agencyId, want] of expected) {
    const have = reader.get(agencyId);
    if (!have) return false;
    if (BigInt(have.data) < BigInt(want.data) || have.settings < want.settings) return false;
  }
  return true;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class RoutedConnection implements DatabaseConnection {
  pinned: DatabaseConnection | undefined;

  constructor(
    private readonly router: RoutedDriver,
    private readonly scope: Scope | undefined,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.pinned) return this.pinned.executeQuery<R>(query);
    if (this.scope && isPlainRead(query)) {
      const reader = await this.router.readerFor(this.scope);
      if (reader) {
        try {
          const result = await this.router.inTurn(this.scope, () => reader.executeQuery<R>(query));
          this.router.stats.readerStatements += 1;
          return result;
        } catch {
          this.router.stats.readerErrors += 1;
          await this.router.abandonReader(this.scope);
        }
      }
    }
    return this.router.onPrimary((c) => c.executeQuery<R>(query));
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    await this.pin();
    yield* (this.pinned as DatabaseConnection).streamQuery<R>(query, chunkSize);
  }

  async pin(): Promise<DatabaseConnection> {
    this.pinned ??= await this.router.primary.acquireConnection();
    return this.pinned;
  }
}

class RoutedDriver implements Driver {
  readonly primary: PostgresDriver;
  private readonly reader: PostgresDriver;
  private readonly maxWaitMs: number;
  private readonly pollMs: number;

  constructor(
    primaryPool: PostgresPool,
    readerPool: PostgresPool,
    options: ReadRoutingOptions,
    readonly stats: ReadRoutingStats,
  ) {
    this.primary = new PostgresDriver({ pool: primaryPool });
    this.reader = new PostgresDriver({ pool: readerPool });
    this.maxWaitMs = options.maxWaitMs ?? 50;
    this.pollMs = options.pollMs ?? 10;
  }

  async init(): Promise<void> {
    await this.primary.init();
    await this.reader.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this, scopes.getStore());
  }

  async onPrimary<T>(fn: (c: DatabaseConnection) => Promise<T>): Promise<T> {
    const c = await this.primary.acquireConnection();
    try {
      return await fn(c);
    } finally {
      await this.primary.releaseConnection(c as never);
    }
  }

  /** runs `fn` after the scope's earlier reader statements */
  inTurn<T>(scope: Scope, fn: () => Promise<T>): Promise<T> {
    const run = (scope.queue ?? Promise.resolve()).then(fn, fn);
    scope.queue = run.catch(() => {});
    return run;
  }

  async readerFor(scope: Scope): Promise<DatabaseConnection | null> {
    switch (scope.state) {
      case 'reader':
        return scope.reader ?? null;
      case 'opening':
        return (await scope.opening) ?? null;
      case 'primary':
      case 'closed':
        return null;
      case 'undecided': {
        const expected = scope.expected();
        if (expected.size === 0) return null; // the session lookup itself: the primary
        scope.state = 'opening';
        scope.router = this;
        scope.opening = this.openReader(scope, expected);
        return (await scope.opening) ?? null;
      }
    }
  }

  private async openReader(scope: Scope, expected: ReadonlyMap<string, AgencyVersions>): Promise<DatabaseConnection | null> {
    const deadline = Date.now() + this.maxWaitMs; // wall-clock: a bounded wait for the standby
    const ids = [...expected.keys()];
    for (;;) {
      let c: DatabaseConnection | undefined;
      try {
        c = await this.reader.acquireConnection();
        await c.executeQuery(CompiledQuery.raw('start transaction isolation level repeatable read read only'));
        // the first statement of the transaction: its snapshot is the one every later read sees
        const r = await c.executeQuery<{ agency_id: string; data: string; settings: number }>(
          CompiledQuery.raw(
            `select a.agency_id,
                    coalesce((select dv.version from data_versions dv where dv.agency_id = a.agency_id), 0)::text as data,
                    coalesce((select max(sv.version) from settings_versions sv where sv.agency_id = a.agency_id), 0)::int as settings
               from unnest($1::text[]) as a(agency_id)`,
            [ids],
          ),
        );
        const have = new Map(r.rows.map((row) => [row.agency_id, { data: row.data, settings: Number(row.settings) }]));
        if (scope.state === 'opening' && caughtUp(have, expected)) {
          scope.state = 'reader';
          scope.reader = c;
          this.stats.readerScopes += 1;
          return c;
        }
        await this.endReader(c);
      } catch {
        if (c) await this.endReader(c).catch(() => {});
        this.stats.readerErrors += 1;
        if (scope.state === 'opening') scope.state = 'primary';
        return null;
      }
      if (scope.state !== 'opening') return null;
      // wall-clock: a bounded wait for the standby
      if (Date.now() + this.pollMs > deadline) {
        scope.state = 'primary';
        this.stats.behindScopes += 1;
        return null;
      }
      await sleep(this.pollMs);
    }
  }

  async abandonReader(scope: Scope): Promise<void> {
    const reader = scope.reader;
    if (scope.state !== 'closed') scope.state = 'primary';
    scope.reader = undefined;
    if (reader) await this.endReader(reader).catch(() => {});
  }

  async endReader(c: DatabaseConnection): Promise<void> {
    try {
      await c.executeQuery(CompiledQuery.raw('rollback'));
    } finally {
      await this.reader.releaseConnection(c as never);
    }
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await this.primary.beginTransaction(await (connection as RoutedConnection).pin(), settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.primary.commitTransaction(await (connection as RoutedConnection).pin());
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.primary.rollbackTransaction(await (connection as RoutedConnection).pin());
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.primary.savepoint(await (connection as RoutedConnection).pin(), name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.primary.rollbackToSavepoint(await (connection as RoutedConnection).pin(), name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.primary.releaseSavepoint(await (connection as RoutedConnection).pin(), name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const routed = connection as RoutedConnection;
    const pinned = routed.pinned;
    routed.pinned = undefined;
    if (pinned) await this.primary.releaseConnection(pinned as never);
  }

  async destroy(): Promise<void> {
    await Promise.all([this.primary.destroy(), this.reader.destroy()]);
  }
}

/** Kysely's PostgreSQL dialect over a primary and a reader pool. */
export class RoutedPostgresDialect implements Dialect {
  readonly stats: ReadRoutingStats = { readerScopes: 0, behindScopes: 0, readerErrors: 0, readerStatements: 0 };

  constructor(
    private readonly primaryPool: PostgresPool,
    private readonly readerPool: PostgresPool,
    private readonly options: ReadRoutingOptions = {},
  ) {}

  createAdapter() {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new RoutedDriver(this.primaryPool, this.readerPool, this.options, this.stats);
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }

  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}
