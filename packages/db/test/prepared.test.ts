/**
 * The session lookup, the statement every request runs, is sent as a named prepared
 * statement on PostgreSQL (prepared.ts): each connection plans it once and then reuses
 * it, and it answers as the query it was compiled from. Other statements are sent as
 * before, unnamed.
 */
import { defaultSettings } from '@caseload/metrics';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAgency, type DbHandle, findSessionWithUser, insertSession } from '../src/index.ts';
import { createTestDb, testDrivers } from '../src/testing.ts';

describe.each(testDrivers())('the session lookup, prepared once per connection, on %s', (driver) => {
  let h: DbHandle;
  const created = new Date('2025-04-01T08:00:00.000Z');
  const expires = new Date('2025-04-02T08:00:00.000Z');

  beforeAll(async () => {
    h = await createTestDb(driver);
    await createAgency(h.db, { agencyId: 'a1', name: 'Agency One', settings: defaultSettings });
    await createAgency(h.db, { agencyId: 'a2', name: 'Agency Two', settings: defaultSettings });
    for (const [agencyId, userId, role, teams] of [
      ['a1', 'u1', 'supervisor', ['north']],
      ['a2', 'u2', 'director', []],
    ] as const) {
      await h.db
        .insertInto('users')
        .values({
          agency_id: agencyId,
          user_id: userId,
          email: `${userId}@example.org`,
          role,
          team_ids: [...teams],
          program_ids: [],
          staff_id: null,
          password_hash: 'x',
          created_at: created,
          updated_at: created,
        })
        .execute();
    }
    await insertSession(h.db, { tokenHash: 'hash-one', agencyId: 'a1', userId: 'u1', createdAt: created, expiresAt: expires });
    await insertSession(h.db, { tokenHash: 'hash-two', agencyId: 'a2', userId: 'u2', createdAt: created, expiresAt: expires });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('each token finds its own session, user, agency and versions; an unknown token finds nothing', async () => {
    const one = await findSessionWithUser(h.db, 'hash-one');
    expect(one).toMatchObject({
      tokenHash: 'hash-one',
      agencyId: 'a1',
      agencyName: 'Agency One',
      userId: 'u1',
      email: 'u1@example.org',
      role: 'supervisor',
      teamIds: ['north'],
      programIds: [],
      staffId: null,
      disabled: false,
      createdAtMs: created.getTime(),
      lastSeenAtMs: created.getTime(),
      expiresAtMs: expires.getTime(),
    });
    expect(one?.versions.settings).toBeGreaterThanOrEqual(1);
    const two = await findSessionWithUser(h.db, 'hash-two');
    expect(two).toMatchObject({ agencyId: 'a2', agencyName: 'Agency Two', userId: 'u2', role: 'director', teamIds: [] });
    expect(await findSessionWithUser(h.db, 'no-such-hash')).toBeUndefined();
  });

  test(
    driver === 'pg'
      ? 'one named statement per connection, planned once and used for every token'
      : 'PGlite runs the text unnamed: nothing prepared',
    async () => {
      // one transaction: one connection, whose prepared statements pg_prepared_statements lists
      const { found, prepared, before } = await h.db.transaction().execute(async (trx) => {
        const listed = () =>
          sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements order by name`.execute(trx);
        const before = (await listed()).rows;
        const found = [
          (await findSessionWithUser(trx, 'hash-one'))?.userId,
          (await findSessionWithUser(trx, 'hash-two'))?.userId,
          (await findSessionWithUser(trx, 'hash-one'))?.userId,
        ];
        return { found, prepared: (await listed()).rows, before };
      });
      expect(found).toEqual(['u1', 'u2', 'u1']);
      const added = prepared.filter((p) => !before.some((b) => b.name === p.name));
      const lookups = prepared.filter((p) => /from "sessions" as "s"/.test(p.statement));
      if (driver === 'pglite') {
        expect(prepared).toEqual([]);
        return;
      }
      // the connection may have prepared it already (an earlier test on it); either way exactly one
      expect(lookups).toHaveLength(1);
      expect(lookups[0]?.name).toMatch(/^caseload_\d+$/);
      expect(added.length).toBeLessThanOrEqual(1);
      // nothing else was prepared: the listing itself and other statements go unnamed
      expect(prepared.every((p) => p.name.startsWith('caseload_'))).toBe(true);
    },
  );
});
