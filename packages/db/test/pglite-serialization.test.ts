import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createAgency, type DbHandle } from '../src/index.ts';
import { createTestDb } from '../src/testing.ts';

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDb('pglite');
  await createAgency(h.db, { agencyId: 'a1', name: 'A', settings: {} });
});
afterAll(async () => h?.close());

const countPrograms = async () =>
  (
    await h.db
      .selectFrom('programs')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
  ).n;

test('a query issued during another caller’s transaction is not swallowed by its rollback', async () => {
  let inside!: () => void;
  const started = new Promise<void>((r) => {
    inside = r;
  });
  const failing = h.db.transaction().execute(async (trx) => {
    await trx.insertInto('programs').values({ agency_id: 'a1', program_id: 'rolled-back', name: 'x' }).execute();
    inside();
    // Give the concurrent caller every chance to run while this transaction is open.
    await new Promise((r) => setTimeout(r, 50));
    throw new Error('abort');
  });
  await started;
  const concurrent = h.db.insertInto('programs').values({ agency_id: 'a1', program_id: 'kept', name: 'y' }).execute();
  await expect(failing).rejects.toThrow('abort');
  await concurrent;
  const ids = await h.db.selectFrom('programs').select('program_id').orderBy('program_id').execute();
  expect(ids.map((r) => r.program_id)).toEqual(['kept']);
});

test('concurrent transactions each see only their own uncommitted rows and all commit', async () => {
  const before = await countPrograms();
  const seen = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      h.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('programs')
          .values({ agency_id: 'a1', program_id: `t${i}`, name: `t${i}` })
          .execute();
        await new Promise((r) => setTimeout(r, 5));
        const n = await trx
          .selectFrom('programs')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('program_id', 'like', 't%')
          .executeTakeFirstOrThrow();
        return n.n;
      }),
    ),
  );
  // Serialized: the i-th transaction to run sees exactly i+1 rows of this batch.
  expect([...seen].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(await countPrograms()).toBe(before + 10);
});
