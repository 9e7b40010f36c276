/**
 * Tenant placement: the agency directory (agency → the PostgreSQL cluster that holds its
 * rows) and moving one agency from one cluster to another with logical replication
 * filtered by agency_id (PostgreSQL 15 row filters). The procedure (docs/scaling.md):
 *
 * 1. the target database gets the schema (migrations), and must hold no row of the agency;
 * 2. on the source, a publication of every table with an agency_id column, each
 *    `where (agency_id = '<agency>')`; on the target, a subscription to it: PostgreSQL
 *    copies the agency's rows, then streams every later change. The agency is read and
 *    written on the source meanwhile;
 * 3. switch: the directory marks the agency moving (`moving_to`: servers refuse its writes,
 *    reads go on), the source takes the agency's write fence exclusively (tenancy.ts: it
 *    waits for the writes in flight, and refuses later ones) and its import lock, and the
 *    move waits until every table's checksum on the target equals the source's (caught up);
 * 4. the directory names the target; the subscription and publication are dropped; the
 *    target's audit id sequence is moved past the copied ids;
 * 5. the per-table checksums are read again on the target and must equal those of step 3;
 * 6. the agency's rows are deleted on the source, in one transaction.
 *
 * The source must run with wal_level = logical, and the target must reach the source
 * with the connection URL given (the subscription connects from the target's server).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { connect } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';
import { writeFenceKey } from './tenancy.ts';

export interface AgencyPlacement {
  cluster: string;
  /** set while a move switches the agency there: read it on `cluster`, write nowhere */
  movingTo: string | null;
}

/** Where the directory places `agencyId`, or undefined (the home database). */
export async function agencyPlacement(db: Kysely<Database>, agencyId: string): Promise<AgencyPlacement | undefined> {
  const row = await db.selectFrom('agency_directory').select(['cluster', 'moving_to']).where('agency_id', '=', agencyId).executeTakeFirst();
  return row ? { cluster: row.cluster, movingTo: row.moving_to } : undefined;
}

/** The cluster named in the directory for `agencyId`, or undefined (the home database). */
export async function agencyCluster(db: Kysely<Database>, agencyId: string): Promise<string | undefined> {
  return (await agencyPlacement(db, agencyId))?.cluster;
}

/** Names the cluster that holds `agencyId` (and ends a switch in progress). */
export async function placeAgency(db: Kysely<Database>, agencyId: string, cluster: string, movingTo: string | null = null): Promise<void> {
  const now = new Date().toISOString(); // wall-clock: the instant the directory entry changed (an operations record)
  await db
    .insertInto('agency_directory')
    .values({ agency_id: agencyId, cluster, moving_to: movingTo, moved_at: now })
    .onConflict((oc) => oc.column('agency_id').doUpdateSet({ cluster, moving_to: movingTo, moved_at: now }))
    .execute();
}

/** `name=postgres://…,name=postgres://…` (CASELOAD_CLUSTERS) → name → URL */
export function parseClusters(spec: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (spec ?? '').split(/\s*[,;]\s*(?=[a-z0-9_-]+=)/)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

export interface TableChecksum {
  table: string;
  rows: number;
  /** md5 over the md5 of each of the agency's rows as text, in order */
  checksum: string;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => {});
  await c.connect();
  try {
    // the same text for the same row on both clusters
    await c.query(`set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set extra_float_digits = 1; set intervalstyle = 'postgres'`);
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The tables that hold an agency's rows: every table of the schema with an agency_id column, except the directory. */
async function agencyTables(c: pg.Client): Promise<string[]> {
  const r = await c.query<{ t: string }>(
    `select c.relname as t
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r'
        and c.relname not like 'kysely\\_%' and c.relname <> 'agency_directory'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'agency_id' and not a.attisdropped)
      order by 1`,
  );
  return r.rows.map((row) => row.t);
}

/** One agency's row count and checksum, table by table. */
export async function agencyChecksums(url: string, agencyId: string, tables?: string[]): Promise<TableChecksum[]> {
  return withClient(url, async (c) => {
    const out: TableChecksum[] = [];
    for (const table of tables ?? (await agencyTables(c))) {
      const r = await c.query<{ rows: number; checksum: string }>(
        `select count(*)::int as rows, md5(coalesce(string_agg(h, '' order by h), '')) as checksum
           from (select md5(t::text) as h from ${pg.escapeIdentifier(table)} t where t.agency_id = $1) x`,
        [agencyId],
      );
      out.push({ table, rows: r.rows[0]?.rows ?? 0, checksum: r.rows[0]?.checksum ?? '' });
    }
    return out;
  });
}

export interface MoveAgencyOptions {
  agencyId: string;
  /** the directory (home database) */
  directory: Kysely<Database>;
  /** cluster name → connection URL of the caseload database on it */
  clusters: Map<string, string>;
  /** the cluster to move to */
  to: string;
  /** progress, one line each */
  log?: (line: string) => void;
  /** how long to wait for the copy and the catch-up; default 120 s */
  timeoutMs?: number;
  /** called once the copy has finished, before writes are frozen (tests start a write here that the freeze must wait for) */
  beforeFreeze?: () => Promise<void>;
  /** called when the directory says `moving`, before the switch (tests read the agency here) */
  beforeSwitch?: () => Promise<void>;
}

export interface MoveAgencyReport {
  from: string;
  to: string;
  /** on the target after the switch; equal to the source's at the switch */
  checksums: TableChecksum[];
  /** rows deleted on the source */
  deletedRows: number;
}

export class TenantMoveError extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sameChecksums(a: TableChecksum[], b: TableChecksum[]): boolean {
  return a.length === b.length && a.every((x, i) => x.table === b[i]?.table && x.rows === b[i]?.rows && x.checksum === b[i]?.checksum);
}

export async function moveAgency(opts: MoveAgencyOptions): Promise<MoveAgencyReport> {
  const log = opts.log ?? (() => {});
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const { agencyId } = opts;
  const from = await agencyCluster(opts.directory, agencyId);
  if (!from) throw new TenantMoveError(`agency ${agencyId} has no cluster in the directory (caseload tenant place)`);
  if (from === opts.to) throw new TenantMoveError(`agency ${agencyId} is already on ${from}`);
  const fromUrl = opts.clusters.get(from);
  const toUrl = opts.clusters.get(opts.to);
  if (!fromUrl) throw new TenantMoveError(`no URL for cluster ${from} (CASELOAD_CLUSTERS)`);
  if (!toUrl) throw new TenantMoveError(`no URL for cluster ${opts.to} (CASELOAD_CLUSTERS)`);
  const name = `caseload_move_${createHash('sha256').update(agencyId).digest('hex').slice(0, 16)}`;

  const source = new pg.Client({ connectionString: fromUrl });
  source.on('error', () => {});
  await source.connect();
  let published = false;
  let subscribed = false;
  try {
    const walLevel = (await source.query<{ wal_level: string }>('show wal_level')).rows[0]?.wal_level;
    if (walLevel !== 'logical')
      throw new TenantMoveError(`the source cluster ${from} runs with wal_level = ${walLevel}; a move needs logical`);
    if (!(await source.query('select 1 from agencies where agency_id = $1', [agencyId])).rowCount) {
      throw new TenantMoveError(`agency ${agencyId} is not on ${from}`);
    }

    // 1. the target's schema, and no row of the agency there
    const target = await connect({ databaseUrl: toUrl, poolMax: 1 });
    try {
      await migrateToLatest(target.db);
    } finally {
      await target.close();
    }
    const tables = await agencyTables(source);
    const already = (await agencyChecksums(toUrl, agencyId, tables)).filter((t) => t.rows > 0);
    if (already.length)
      throw new TenantMoveError(`the target ${opts.to} already holds rows of ${agencyId} (${already.map((t) => t.table).join(', ')})`);

    // 2. publish the agency's rows; subscribe on the target (copy, then stream)
    const agency = source.escapeLiteral(agencyId);
    for (const table of tables) {
      // a row filter needs its column in the replica identity, for updates and deletes
      const r = await source.query<{ covered: boolean }>(
        `select exists (select 1 from pg_index x join pg_attribute a on a.attrelid = x.indrelid and a.attnum = any (x.indkey::int2[])
                         where x.indrelid = $1::regclass and x.indisprimary and a.attname = 'agency_id') as covered`,
        [table],
      );
      if (!r.rows[0]?.covered) await source.query(`alter table ${pg.escapeIdentifier(table)} replica identity full`);
    }
    await source.query(`drop publication if exists ${name}`);
    await source.query(
      `create publication ${name} for table ${tables.map((t) => `${pg.escapeIdentifier(t)} where (agency_id = ${agency})`).join(', ')}`,
    );
    published = true;
    log(`published ${tables.length} tables of ${agencyId} on ${from}`);
    await withClient(toUrl, async (c) => {
      await c.query(`create subscription ${name} connection ${c.escapeLiteral(fromUrl)} publication ${name} with (copy_data = true)`);
    });
    subscribed = true;
    const deadline = Date.now() + timeoutMs; // wall-clock: a bounded wait for the copy
    await withClient(toUrl, async (c) => {
      for (;;) {
        const r = await c.query<{ waiting: number }>(
          `select count(*)::int as waiting from pg_subscription_rel sr join pg_subscription s on s.oid = sr.srsubid
            where s.subname = $1 and sr.srsubstate not in ('r', 's')`,
          [name],
        );
        if (r.rows[0]?.waiting === 0) return;
        if (Date.now() > deadline) throw new TenantMoveError('the initial copy did not finish in time'); // wall-clock: a bounded wait
        await sleep(100);
      }
    });
    log(`copied to ${opts.to}`);
    await opts.beforeFreeze?.();

    // 3. freeze writes on the source: the directory says moving (servers refuse the agency's
    // writes from now on), then the write fence taken exclusively waits for the writes in
    // flight (each holds it shared: tenancy.ts) — they commit, and replicate, before the
    // checksums below; a write that reaches the source later finds the fence taken and is
    // refused. The fence and the import lock are held until the source's rows are gone.
    await placeAgency(opts.directory, agencyId, from, opts.to);
    await source.query('select pg_advisory_lock(hashtextextended($1, 0))', [writeFenceKey(agencyId)]);
    await source.query('select pg_advisory_lock(hashtextextended($1, 0))', [`caseload:import:${agencyId}`]);
    await opts.beforeSwitch?.();
    let atSwitch: TableChecksum[];
    for (;;) {
      atSwitch = await agencyChecksums(fromUrl, agencyId, tables);
      const onTarget = await agencyChecksums(toUrl, agencyId, tables);
      if (sameChecksums(atSwitch, onTarget)) break;
      if (Date.now() > deadline) throw new TenantMoveError('the target did not catch up in time'); // wall-clock: a bounded wait
      await sleep(100);
    }
    log(`caught up: ${atSwitch.reduce((n, t) => n + t.rows, 0)} rows in ${tables.length} tables`);

    // 4. switch the directory; stop replicating
    await placeAgency(opts.directory, agencyId, opts.to);
    await withClient(toUrl, async (c) => {
      await c.query(`drop subscription ${name}`);
      // audit ids come from one sequence per database: the next one must be past the copied ones
      await c.query(
        `select setval(pg_get_serial_sequence('audit_log', 'audit_id'),
                       greatest((select max(audit_id) from audit_log), (select last_value from audit_log_audit_id_seq)))`,
      );
    });
    subscribed = false;
    await source.query(`drop publication ${name}`);
    published = false;
    log(`directory: ${agencyId} on ${opts.to}`);

    // 5. verify
    const checksums = await agencyChecksums(toUrl, agencyId, tables);
    if (!sameChecksums(atSwitch, checksums)) throw new TenantMoveError('the checksums on the target changed after the switch');

    // 6. drop the old rows (the append-only audit trigger and the foreign keys are replica-skipped in this transaction)
    let deletedRows = 0;
    await source.query('begin');
    try {
      await source.query(`set local session_replication_role = replica`);
      for (const table of tables) {
        const r = await source.query(`delete from ${pg.escapeIdentifier(table)} where agency_id = $1`, [agencyId]);
        deletedRows += r.rowCount ?? 0;
      }
      await source.query('commit');
    } catch (error) {
      await source.query('rollback');
      throw error;
    }
    log(`deleted ${deletedRows} rows of ${agencyId} on ${from}`);
    return { from, to: opts.to, checksums, deletedRows };
  } catch (error) {
    // undo a move that did not switch: the agency stays on the source
    if (subscribed) await withClient(toUrl, (c) => c.query(`drop subscription if exists ${name}`)).catch(() => {});
    if (published) await source.query(`drop publication if exists ${name}`).catch(() => {});
    if ((await agencyCluster(opts.directory, agencyId).catch(() => undefined)) === from)
      await placeAgency(opts.directory, agencyId, from).catch(() => {});
    throw error;
  } finally {
    await source.end().catch(() => {});
  }
}
