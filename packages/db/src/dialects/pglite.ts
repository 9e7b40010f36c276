import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * A Kysely dialect for PGlite that serializes access.
 *
 * PGlite is a single Postgres session. If two callers interleave (one inside a
 * transaction, another issuing a plain query), the second one's statements run
 * inside the first one's transaction: they can be rolled back with it, or see its
 * uncommitted rows. So this driver hands out its one connection to one holder at a
 * time: a transaction holds it from BEGIN to COMMIT/ROLLBACK, a single query for
 * its duration, and everyone else waits in FIFO order.
 */
export class SerializedPGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new SerializedPGliteDriver(this.pglite);
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return acquired;
  }
}

class SerializedPGliteDriver implements Driver {
  private readonly mutex = new Mutex();
  private readonly releases = new WeakMap<DatabaseConnection, () => void>();
  private readonly connection: PGliteConnection;

  constructor(pglite: PGlite) {
    this.connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.mutex.lock();
    // One physical connection; a fresh wrapper per holder keeps release bookkeeping exact.
    const handle = this.connection.handle();
    this.releases.set(handle, release);
    return handle;
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (settings.isolationLevel || settings.accessMode) {
      let q = 'start transaction';
      if (settings.isolationLevel) q += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) q += ` ${settings.accessMode}`;
      await conn.executeQuery(CompiledQuery.raw(q));
    } else {
      await conn.executeQuery(CompiledQuery.raw('begin'));
    }
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    const release = this.releases.get(conn);
    this.releases.delete(conn);
    release?.();
  }

  async destroy(): Promise<void> {
    const release = await this.mutex.lock();
    try {
      await this.connection.close();
    } finally {
      release();
    }
  }
}

class PGliteConnection {
  constructor(private readonly pglite: PGlite) {}

  handle(): DatabaseConnection {
    const pglite = this.pglite;
    return {
      async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
        if (compiled.parameters.length === 0 && compiled.sql.includes(';')) {
          // Multi-statement scripts (migrations) go through the simple protocol.
          const results = await pglite.exec(compiled.sql);
          const last = results[results.length - 1];
          return { rows: (last?.rows ?? []) as R[], numAffectedRows: BigInt(last?.affectedRows ?? 0) };
        }
        const result = await pglite.query<R>(compiled.sql, compiled.parameters as unknown[]);
        return {
          rows: result.rows,
          ...(result.affectedRows !== undefined ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
        };
      },
      // biome-ignore lint/correctness/useYield: streaming is emulated by one fetch
      async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
        const result = await pglite.query<R>(compiled.sql, compiled.parameters as unknown[]);
        yield { rows: result.rows };
      },
    };
  }

  async close(): Promise<void> {
    await this.pglite.close();
  }
}
