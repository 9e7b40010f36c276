/** Every export is audited: the dashboard records a download before handing it over. */
import { createClock } from '@caseload/clock';
import type { DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Caller } from '../src/access.ts';
import { createCaller } from '../src/root.ts';
import { createContextInner } from '../src/trpc.ts';
import { makeAgency, makeUser } from './factories.ts';

describe.each(testDrivers())('audit.recordExport on %s', (driver) => {
  let h: DbHandle;
  let board: Caller;
  let director: Caller;
  const as = (caller: Caller | null) => createCaller(createContextInner({ db: h.db, caller, clock: createClock({ today: '2026-01-31' }) }));

  beforeAll(async () => {
    h = await createTestDb(driver);
    const agencyId = await makeAgency(h.db);
    board = await makeUser(h.db, agencyId, { role: 'board' });
    director = await makeUser(h.db, agencyId, { role: 'director' });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('writes an export entry naming the file, format, rows and page, as the caller', async () => {
    await as(board).audit.recordExport({ file: 'team-load_2026-11-23_settings-v3.csv', format: 'csv', rows: 4, page: '/?asOf=2026-11-23' });
    const { entries } = await as(director).audit.list({ action: 'export' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: board.email,
      userId: board.userId,
      action: 'export',
      details: { via: 'dashboard', file: 'team-load_2026-11-23_settings-v3.csv', format: 'csv', rows: 4, page: '/?asOf=2026-11-23' },
    });
  });

  test.each([
    ['a path in the file name', { file: '../etc/passwd', format: 'csv', rows: 1 }],
    ['an unknown format', { file: 'x.csv', format: 'xlsx', rows: 1 }],
    ['a negative row count', { file: 'x.csv', format: 'csv', rows: -1 }],
  ])('refuses %s with BAD_REQUEST and writes nothing', async (_label, input) => {
    const before = (await as(director).audit.list({ action: 'export' })).total;
    await expect(as(board).audit.recordExport(input as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await as(director).audit.list({ action: 'export' })).total).toBe(before);
  });

  test('needs a session', async () => {
    const err = await as(null)
      .audit.recordExport({ file: 'x.csv', format: 'csv', rows: 1 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe('UNAUTHORIZED');
  });
});
