/**
 * A pool over the primary that survives a failover: DATABASE_URL may name several hosts
 * (`postgres://user@host1:5432,host2:5432/db`, libpq's multi-host form). New connections
 * go to the first host that accepts them and is not in recovery (libpq's
 * target_session_attrs=read-write). When the current host stops answering or turns out
 * to be a standby, the pool moves on to the next host; connections to the old one are
 * discarded as they fail, so after a standby is promoted the next request reaches it.
 */
import pg from 'pg';
import { registerCopyClients } from './copy.ts';

/** The hosts of a libpq multi-host URL, and the URL of each (one host apiece). */
export function splitHosts(url: string): string[] {
  const m = /^(postgres(?:ql)?:\/\/(?:[^@/]*@)?)([^/?]*)(.*)$/.exec(url);
  if (!m) return [url];
  const [, head, hosts, tail] = m as unknown as [string, string, string, string];
  const list = hosts.split(',').filter(Boolean);
  if (list.length <= 1) return [url];
  return list.map((h) => `${head}${h}${tail}`);
}

type Client = pg.PoolClient;

export class FailoverPool {
  private readonly urls: string[];
  private index = 0;
  private pool: pg.Pool;
  private readonly checked = new WeakSet<object>();
  private ended = false;

  constructor(
    url: string,
    private readonly config: Omit<pg.PoolConfig, 'connectionString'>,
    private readonly onPool: (pool: pg.Pool) => void,
  ) {
    this.urls = splitHosts(url);
    this.pool = this.newPool();
  }

  private newPool(): pg.Pool {
    const pool = new pg.Pool({ ...this.config, connectionString: this.urls[this.index] });
    this.onPool(pool);
    registerCopyClients(pool);
    return pool;
  }

  private moveOn(from: pg.Pool): void {
    if (this.pool !== from || this.ended) return;
    this.index = (this.index + 1) % this.urls.length;
    this.pool = this.newPool();
    from.end().catch(() => {});
  }

  async connect(): Promise<Client> {
    let lastError: unknown;
    for (let tries = 0; tries < this.urls.length * 2; tries += 1) {
      const pool = this.pool;
      let client: Client;
      try {
        client = await pool.connect();
      } catch (error) {
        lastError = error;
        if (this.urls.length === 1) throw error;
        this.moveOn(pool);
        continue;
      }
      if (this.urls.length === 1 || this.checked.has(client)) return client;
      try {
        const r = await client.query<{ standby: boolean }>('select pg_is_in_recovery() as standby');
        if (!r.rows[0]?.standby) {
          this.checked.add(client);
          return client;
        }
        lastError = new Error('the database is in recovery (a standby)');
        client.release(true);
      } catch (error) {
        lastError = error;
        client.release(true);
      }
      this.moveOn(pool);
    }
    throw lastError;
  }

  async end(): Promise<void> {
    this.ended = true;
    await this.pool.end();
  }
}
