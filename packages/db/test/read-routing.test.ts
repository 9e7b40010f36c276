/**
 * Reads routed to a hot standby (src/routing.ts) on the replica topology
 * (scripts/replica-topology.sh): a reader that has caught up serves the reads of a scope
 * from one snapshot; a lagging one (WAL replay paused) is never read for an expectation
 * it has not reached; a statement the standby refuses (SQLSTATE 25006) runs on the
 * primary instead and the caller never sees the refusal.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyVersions, type AgencyVersions, connect, type DbHandle, migrateToLatest, withReadScope } from '../src/index.ts';
import { databaseOn, replicaTopology, runSql, standbyCaughtUp } from '../src/testing.ts';

const topology = replicaTopology();

describe.skipIf(!topology)('reads on a hot standby', () => {
  const t = topology as NonNullable<typeof topology>;
  const name = `cm_routing_${process.pid}_${randomBytes(3).toString('hex')}`;
  let handle: DbHandle;
  let primaryOnly: DbHandle;

  const programs = (db: DbHandle['db']) =>
    db
      .selectFrom('programs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('agency_id', '=', 'a1')
      .executeTakeFirstOrThrow();

  async function addProgram(id: string): Promise<AgencyVersions> {
    await primaryOnly.db.insertInto('programs').values({ agency_id: 'a1', program_id: id, name: id, funder: null }).execute();
    return agencyVersions(primaryOnly.db, 'a1');
  }

  beforeAll(async () => {
    await runSql(t.primaryUrl, `create database ${name}`);
    primaryOnly = await connect({ databaseUrl: databaseOn(t.primaryUrl, name), poolMax: 2 });
    await migrateToLatest(primaryOnly.db);
    await primaryOnly.db.insertInto('agencies').values({ agency_id: 'a1', name: 'Agency One' }).execute();
    handle = await connect({
      databaseUrl: databaseOn(t.primaryUrl, name),
      readUrl: databaseOn(t.standbyUrl, name),
      poolMax: 3,
      readRouting: { maxWaitMs: 200, pollMs: 20 },
    });
  });

  afterAll(async () => {
    await runSql(t.standbyUrl, 'select pg_wal_replay_resume()').catch(() => {});
    await handle?.close();
    await primaryOnly?.close();
    await runSql(t.primaryUrl, `drop database if exists ${name} with (force)`);
  });

  it('reads from the standby once it has the expected versions, in one snapshot with them', async () => {
    const expected = await addProgram('p1');
    await standbyCaughtUp(t.primaryUrl, t.standbyUrl);
    const stats = { ...handle.readRouting! };
    const [count, where] = await withReadScope(
      () => new Map([['a1', expected]]),
      async () =>
        [await programs(handle.db), await sql<{ standby: boolean }>`select pg_is_in_recovery() as standby`.execute(handle.db)] as const,
    );
    expect(count.n).toBe(1);
    expect(where.rows[0]?.standby).toBe(true);
    expect(handle.readRouting!.readerScopes).toBe(stats.readerScopes + 1);
  });

  it('never reads a lagging standby for versions it has not replayed: the primary answers', async () => {
    await runSql(t.standbyUrl, 'select pg_wal_replay_pause()');
    try {
      const expected = await addProgram('p2');
      // the standby has the WAL (the replication is synchronous) but has not applied it
      const onStandby = await connect({ databaseUrl: databaseOn(t.standbyUrl, name), poolMax: 1 });
      try {
        expect(BigInt((await agencyVersions(onStandby.db, 'a1')).data)).toBeLessThan(BigInt(expected.data));
        expect((await programs(onStandby.db)).n).toBe(1);
      } finally {
        await onStandby.close();
      }
      const behind = handle.readRouting!.behindScopes;
      const [count, where] = await withReadScope(
        () => new Map([['a1', expected]]),
        async () =>
          [await programs(handle.db), await sql<{ standby: boolean }>`select pg_is_in_recovery() as standby`.execute(handle.db)] as const,
      );
      expect(count.n).toBe(2);
      expect(where.rows[0]?.standby).toBe(false);
      expect(handle.readRouting!.behindScopes).toBe(behind + 1);
    } finally {
      await runSql(t.standbyUrl, 'select pg_wal_replay_resume()');
    }
    await standbyCaughtUp(t.primaryUrl, t.standbyUrl);
    const expected = await agencyVersions(primaryOnly.db, 'a1');
    const count = await withReadScope(
      () => new Map([['a1', expected]]),
      () => programs(handle.db),
    );
    expect(count.n).toBe(2);
  });

  it('reads the primary while the expected versions are unknown (the session lookup itself)', async () => {
    const where = await withReadScope(
      () => new Map(),
      () => sql<{ standby: boolean }>`select pg_is_in_recovery() as standby`.execute(handle.db),
    );
    expect(where.rows[0]?.standby).toBe(false);
  });

  it('a statement the standby refuses (25006) is run on the primary; the caller sees its answer, not the refusal', async () => {
    const standby = new pg.Client({ connectionString: databaseOn(t.standbyUrl, name) });
    await standby.connect();
    const refused = await standby.query('select txid_current()').then(
      () => null,
      (e: { code?: string }) => e.code,
    );
    await standby.end();
    expect(refused).toBe('25006');

    const expected = await agencyVersions(primaryOnly.db, 'a1');
    await standbyCaughtUp(t.primaryUrl, t.standbyUrl);
    const errors = handle.readRouting!.readerErrors;
    const [first, txid, after] = await withReadScope(
      () => new Map([['a1', expected]]),
      async () => [
        await sql<{ standby: boolean }>`select pg_is_in_recovery() as standby`.execute(handle.db),
        await sql<{ txid: string }>`select txid_current()::text as txid`.execute(handle.db),
        await sql<{ standby: boolean }>`select pg_is_in_recovery() as standby`.execute(handle.db),
      ],
    );
    expect(first.rows[0]?.standby).toBe(true);
    expect(Number(txid.rows[0]?.txid)).toBeGreaterThan(0);
    // the rest of the scope reads the primary
    expect(after.rows[0]?.standby).toBe(false);
    expect(handle.readRouting!.readerErrors).toBe(errors + 1);
  });

  it('writes and transactions go to the primary inside a read scope', async () => {
    const expected = await agencyVersions(primaryOnly.db, 'a1');
    await standbyCaughtUp(t.primaryUrl, t.standbyUrl);
    const errors = handle.readRouting!.readerErrors;
    await withReadScope(
      () => new Map([['a1', expected]]),
      async () => {
        await programs(handle.db);
        await handle.db.insertInto('programs').values({ agency_id: 'a1', program_id: 'p3', name: 'p3', funder: null }).execute();
        await handle.db.transaction().execute(async (trx) => {
          await trx.updateTable('programs').set({ name: 'three' }).where('program_id', '=', 'p3').execute();
        });
      },
    );
    expect(handle.readRouting!.readerErrors).toBe(errors);
    const row = await primaryOnly.db.selectFrom('programs').select('name').where('program_id', '=', 'p3').executeTakeFirst();
    expect(row?.name).toBe('three');
  });
});
