/**
 * `caseload tenant move` between two PostgreSQL 15 clusters of the replica topology
 * (scripts/replica-topology.sh: east and west, wal_level logical): one agency's rows are
 * copied to west with logical replication filtered by agency_id, the directory switches,
 * and the checksums printed for west equal those read on east before the move. The
 * agency is readable throughout (a reader following the directory always finds all of
 * its clients), writable on west afterwards (an import and an audit row), and gone from
 * east; the agency that stays on east is untouched.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { agencyChecksums, agencyPlacement, connect, type DbHandle, migrateToLatest, writeAudit } from '@caseload/db';
import { databaseOn, replicaTopology, runSql } from '@caseload/db/testing';
import { importDirectory } from '@caseload/importer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeAgency, makeUser } from '../../api/test/factories.ts';
import { runCapturing } from './cli.ts';

const SMALL_AGENCY = fileURLToPath(new URL('../../importer/test/fixtures/small', import.meta.url));
const topology = replicaTopology();

describe.skipIf(!topology)('moving an agency between clusters (caseload tenant move)', () => {
  const t = topology as NonNullable<typeof topology>;
  const name = `cm_tenant_${process.pid}_${randomBytes(3).toString('hex')}`;
  const eastUrl = databaseOn(t.eastUrl, name);
  const westUrl = databaseOn(t.westUrl, name);
  let east: DbHandle;
  let moving: string;
  let staying: string;

  beforeAll(async () => {
    await runSql(t.eastUrl, `create database ${name}`);
    await runSql(t.westUrl, `create database ${name}`);
    east = await connect({ databaseUrl: eastUrl, poolMax: 2 });
    await migrateToLatest(east.db);
    moving = await makeAgency(east.db);
    staying = await makeAgency(east.db);
    for (const agencyId of [moving, staying]) {
      expect((await importDirectory(east.db, SMALL_AGENCY, { agencyId, today: '2026-06-30' })).ok).toBe(true);
      const user = await makeUser(east.db, agencyId, { role: 'director' });
      await writeAudit(east.db, { agencyId, userId: user.userId, actor: user.email, action: 'export', details: { via: 'test' } });
    }
  });

  afterAll(async () => {
    await east?.close();
    for (const url of [t.eastUrl, t.westUrl]) {
      await runSql(url, `select pg_drop_replication_slot(slot_name) from pg_replication_slots where database = $1`, [name]).catch(() => {});
      await runSql(url, `drop database if exists ${name} with (force)`);
    }
  });

  test('copy, catch up, switch, verify, drop: identical checksums on west, readable throughout, writable after', async () => {
    const env = { DATABASE_URL: eastUrl, CASELOAD_CLUSTERS: `east=${eastUrl},west=${westUrl}` };
    expect((await runCapturing(env, ['tenant', 'place', '--agency', moving, '--cluster', 'east'])).code).toBe(0);
    const before = await agencyChecksums(eastUrl, moving);
    const stayingBefore = await agencyChecksums(eastUrl, staying);
    const clients = before.find((c) => c.table === 'clients')!.rows;
    expect(clients).toBe(4);
    expect(before.filter((c) => c.rows > 0).map((c) => c.table)).toEqual(
      expect.arrayContaining([
        'agencies',
        'audit_log',
        'clients',
        'contacts',
        'data_versions',
        'settings_versions',
        'user_directory',
        'users',
      ]),
    );

    // a reader that follows the directory, all through the move
    let done = false;
    const seen: Array<{ cluster: string; movingTo: string | null; clients: number }> = [];
    const reader = (async () => {
      while (!done) {
        const placement = await agencyPlacement(east.db, moving);
        const url = placement?.cluster === 'west' ? westUrl : eastUrl;
        const [row] = await runSql<{ n: number }>(url, 'select count(*)::int as n from clients where agency_id = $1', [moving]);
        seen.push({ cluster: placement?.cluster ?? 'home', movingTo: placement?.movingTo ?? null, clients: row?.n ?? 0 });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const moved = await runCapturing(env, ['tenant', 'move', '--agency', moving, '--to', 'west']);
    done = true;
    await reader;
    expect(moved.stderr).toContain(`moved ${moving} from east to west`);
    expect(moved.code).toBe(0);

    // the checksums printed for west are the ones east had before the move
    const printed = moved.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [table, rows, checksum] = line.split(',');
        return { table, rows: Number(rows), checksum };
      });
    expect(printed).toEqual(before);
    expect(await agencyChecksums(westUrl, moving)).toEqual(before);

    // readable throughout: every look found all the clients, on east and then on west
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.clients === clients)).toBe(true);
    expect(seen.at(-1)?.cluster).toBe('west');
    expect(await agencyPlacement(east.db, moving)).toEqual({ cluster: 'west', movingTo: null });

    // gone from east, and the agency that stays is untouched
    expect((await agencyChecksums(eastUrl, moving)).every((c) => c.rows === 0)).toBe(true);
    expect(await agencyChecksums(eastUrl, staying)).toEqual(stayingBefore);
    expect(await runSql(t.eastUrl, `select 1 from pg_publication where pubname like 'caseload_move_%'`)).toEqual([]);

    // writable on west: an import and an audit row (its id past the copied ones)
    const west = await connect({ databaseUrl: westUrl, poolMax: 2 });
    try {
      const versionBefore = before.find((c) => c.table === 'data_versions');
      expect(versionBefore?.rows).toBe(1);
      expect((await importDirectory(west.db, SMALL_AGENCY, { agencyId: moving, today: '2026-06-30' })).ok).toBe(true);
      await writeAudit(west.db, { agencyId: moving, userId: null, actor: 'cli', action: 'export', details: { via: 'after the move' } });
      const audit = await west.db.selectFrom('audit_log').select('audit_id').where('agency_id', '=', moving).orderBy('audit_id').execute();
      expect(audit.length).toBeGreaterThanOrEqual(3);
      expect(new Set(audit.map((a) => a.audit_id)).size).toBe(audit.length);
    } finally {
      await west.close();
    }
  });
});
