/**
 * Group commit of audit rows (AuditBatcher): every entry is committed before its write
 * resolves, in the order written; entries that arrive while a statement is in flight go
 * together in the next one; a failed statement rejects exactly the writes it carried.
 */
import { defaultSettings } from '@caseload/metrics';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuditBatcher, createAgency, type DbHandle } from '../src/index.ts';
import { createTestDb, testDrivers } from '../src/testing.ts';

describe.each(testDrivers())('audit rows written in groups, on %s', (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await createAgency(h.db, { agencyId: 'a1', name: 'One', settings: defaultSettings });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** the handle, counting the INSERT statements sent through it */
  function counted() {
    const counter = { inserts: 0 };
    const plugin: KyselyPlugin = {
      transformQuery(args) {
        if (args.node.kind === 'InsertQueryNode') counter.inserts += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    return { db: h.db.withPlugin(plugin), counter };
  }

  const rows = (action: string) =>
    h.db
      .selectFrom('audit_log')
      .select(['user_id', 'actor', 'details', 'at'])
      .where('agency_id', '=', 'a1')
      .where('action', '=', action)
      .orderBy('audit_id')
      .execute();

  test('twenty writes at once: all committed when they resolve, in order, in two statements', async () => {
    const { db, counter } = counted();
    const batcher = new AuditBatcher(db);
    const at = new Date('2025-04-01T08:00:00Z');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        batcher.write({ agencyId: 'a1', userId: `u${i}`, actor: `u${i}@example.org`, action: 'test.twenty', details: { i }, at }),
      ),
    );
    const written = await rows('test.twenty');
    expect(written.map((r) => r.user_id)).toEqual(Array.from({ length: 20 }, (_, i) => `u${i}`));
    expect(written.map((r) => (r.details as { i: number }).i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(written.every((r) => new Date(r.at).getTime() === at.getTime())).toBe(true);
    // the first alone (nothing was in flight), then the nineteen that arrived meanwhile
    expect(counter.inserts).toBe(2);
  });

  test('a group never exceeds its row limit; an entry without a time takes the database clock', async () => {
    const { db, counter } = counted();
    const batcher = new AuditBatcher(db, 3);
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        batcher.write({ agencyId: 'a1', userId: null, actor: 'system', action: 'test.limit', details: { i } }),
      ),
    );
    const written = await rows('test.limit');
    expect(written.map((r) => (r.details as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(written.every((r) => r.at !== null)).toBe(true);
    // 1, then 3, then 3
    expect(counter.inserts).toBe(3);
  });

  test('a failed statement rejects the writes it carried, and the next group is written', async () => {
    const batcher = new AuditBatcher(h.db);
    const first = batcher.write({ agencyId: 'a1', userId: null, actor: 'system', action: 'test.fail', details: { n: 1 } });
    // queued behind the first: one group, with an agency that does not exist (foreign key)
    const bad = batcher.write({ agencyId: 'nowhere', userId: null, actor: 'system', action: 'test.fail', details: { n: 2 } });
    const sameGroup = batcher.write({ agencyId: 'a1', userId: null, actor: 'system', action: 'test.fail', details: { n: 3 } });
    await expect(first).resolves.toBeUndefined();
    await expect(bad).rejects.toThrow();
    await expect(sameGroup).rejects.toThrow();
    await batcher.write({ agencyId: 'a1', userId: null, actor: 'system', action: 'test.fail', details: { n: 4 } });
    expect((await rows('test.fail')).map((r) => (r.details as { n: number }).n)).toEqual([1, 4]);
  });
});
