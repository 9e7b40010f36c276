/**
 * Kept answers (services/cache.ts keptView) are kept per caller scope: with the result
 * cache on, every role in every scope gets exactly the answer it gets without it, in
 * any order of asking — a director's kept answer is never handed to a supervisor or
 * the board.
 */
import { createClock } from '@caseload/clock';
import type { DbHandle } from '@caseload/db';
import { createTestDb } from '@caseload/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Caller } from '../src/access.ts';
import { createCaller } from '../src/root.ts';
import { attachResultCache } from '../src/services/cache.ts';
import { createContextInner } from '../src/trpc.ts';
import { AS_OF, buildWorld, type World } from './world.ts';

describe('kept answers follow the caller’s scope', () => {
  let h: DbHandle;
  let w: World;
  const as = (caller: Caller) => createCaller(createContextInner({ db: h.db, caller, clock: createClock({ today: AS_OF }) }));
  const period = { from: '2024-12-01', to: AS_OF };

  beforeAll(async () => {
    h = await createTestDb('pglite');
    w = await buildWorld(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  test('every role gets the answer it gets without the cache, whoever asked first', async () => {
    const users = Object.values(w.a.users);
    const ask = async (caller: Caller) => {
      const api = as(caller);
      const board = caller.role === 'board';
      const s8 = caller.role === 'case_manager';
      return {
        caseload: await api.caseload.report({}),
        compliance: await api.compliance.report({}),
        trend: await api.caseload.trend(period),
        directory: await api.meta.directory(),
        feedback: s8 ? null : await api.feedback.report(period),
        qa: s8 ? null : await api.qa.report(period),
        board,
      };
    };
    const expected = new Map<Caller, unknown>();
    for (const u of users) expected.set(u, await ask(u));

    const cache = attachResultCache(h.db);
    // forwards, then backwards: each answer is first computed for one role, then asked for by the others
    for (const u of [...users, ...[...users].reverse()]) expect(await ask(u)).toEqual(expected.get(u));
    expect(cache.stats().hits).toBeGreaterThan(0);
  });
});
