/**
 * COPY … FROM STDIN inside a Kysely transaction on PostgreSQL (pg-copy-streams): the
 * bulk path of an import. Kysely does not hand out its pg client, so the primary pool
 * registers its clients by server process id (FailoverPool), and copyIn finds the
 * transaction's client by that id and proves it is the same session with a
 * transaction-local token before streaming. PGlite (and any connection it cannot prove)
 * gets null: the caller keeps its other path.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const byPid = new Map<number, Set<pg.PoolClient>>();

const pidOf = (client: pg.PoolClient): number | undefined => (client as unknown as { processID?: number }).processID;

/** A pool's clients are registered while they live (FailoverPool calls this for the primary). */
export function registerCopyClients(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const pid = pidOf(client);
    if (pid === undefined) return;
    let set = byPid.get(pid);
    if (!set) byPid.set(pid, (set = new Set()));
    set.add(client);
  });
  pool.on('remove', (client) => {
    const pid = pidOf(client);
    const set = pid === undefined ? undefined : byPid.get(pid);
    set?.delete(client);
    if (set?.size === 0) byPid.delete(pid as number);
  });
}

export interface CopyIn {
  /** Sends text in COPY's text format (whole lines); resolves when the stream can take more. */
  write(text: string): Promise<void>;
  /** Ends the COPY; resolves with the rows it stored, rejects with the server's error. */
  end(): Promise<number>;
}

/**
 * Starts `statement` (COPY … FROM STDIN) on the connection of `trx`, a transaction (or
 * any Kysely bound to one connection). Until end() settles nothing else may run on it.
 */
export async function copyIn(trx: Kysely<any>, statement: string): Promise<CopyIn | null> {
  const token = randomUUID();
  const probe = await sql<{
    pid: number;
    token: string;
  }>`select pg_backend_pid() as pid, set_config('caseload.copy_token', ${token}, true) as token`
    .execute(trx)
    .catch(() => undefined);
  const pid = probe?.rows[0]?.pid;
  if (pid === undefined) return null;
  let client: pg.PoolClient | undefined;
  for (const candidate of byPid.get(Number(pid)) ?? []) {
    const r = await candidate
      .query<{ t: string | null }>(`select current_setting('caseload.copy_token', true) as t`)
      .catch(() => undefined);
    if (r?.rows[0]?.t === token) {
      client = candidate;
      break;
    }
  }
  if (!client) return null;
  const stream = client.query(copyFrom(statement));
  let failure: Error | undefined;
  const finished = new Promise<number>((resolve, reject) => {
    stream.on('error', (err: Error) => {
      failure = err;
      reject(err);
    });
    stream.on('finish', () => resolve(stream.rowCount));
  });
  finished.catch(() => {});
  return {
    async write(text) {
      if (failure) throw failure;
      if (!stream.write(text)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stream.off('drain', done);
            stream.off('error', done);
            resolve();
          };
          stream.on('drain', done);
          stream.on('error', done);
        });
      }
      if (failure) throw failure;
    },
    end() {
      if (!failure) stream.end();
      return finished;
    },
  };
}
