import { LoginThrottle, login } from '@caseload/api';
import type { Database, DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { makeAgency, makeProgram, makeStaff, makeTeam, makeUser } from '../../../packages/api/test/factories.ts';
import { bootstrapDemo, DEMO_PASSWORD, DemoAccountsRefused } from '../src/demo.ts';

const seedSmallAgency = async (db: Kysely<Database>, agencyId: string) => {
  for (const id of ['t-c', 't-a', 't-b']) await makeTeam(db, agencyId, { teamId: id });
  for (const id of ['p-2', 'p-1']) await makeProgram(db, agencyId, { programId: id });
  await makeStaff(db, agencyId, { staffId: 's-9', role: 'case_manager', teamId: 't-a' });
  await makeStaff(db, agencyId, { staffId: 's-1', role: 'supervisor', teamId: 't-a' });
  await makeStaff(db, agencyId, { staffId: 's-5', role: 'case_manager', teamId: 't-b' });
};

describe.each(testDrivers())('bootstrapDemo on %s', (driver) => {
  let h: DbHandle;
  beforeEach(async () => {
    h = await createTestDb(driver);
  });
  afterEach(async () => {
    await h?.close();
  });

  const users = () => h.db.selectFrom('users').select(['email', 'role', 'team_ids', 'program_ids', 'staff_id']).orderBy('email').execute();

  test('an empty embedded database gets agency demo, its data (once), and one user per role with scopes', async () => {
    const loaded: string[] = [];
    const loadDemoData = async (db: Kysely<Database>, agencyId: string) => {
      loaded.push(agencyId);
      await seedSmallAgency(db, agencyId);
    };
    const first = await bootstrapDemo(h.db, { embedded: true, loadDemoData });
    expect(first?.agencyId).toBe('demo');
    expect(first?.password).toBe('demo-password');
    expect(first?.users.map((u) => u.email)).toEqual([
      'admin@demo.local',
      'director@demo.local',
      'pm@demo.local',
      'supervisor@demo.local',
      'casemanager@demo.local',
      'board@demo.local',
    ]);
    expect(loaded).toEqual(['demo']);
    const rows = await users();
    expect(rows).toEqual([
      { email: 'admin@demo.local', role: 'admin', team_ids: [], program_ids: [], staff_id: null },
      { email: 'board@demo.local', role: 'board', team_ids: [], program_ids: [], staff_id: null },
      { email: 'casemanager@demo.local', role: 'case_manager', team_ids: [], program_ids: [], staff_id: 's-5' },
      { email: 'director@demo.local', role: 'director', team_ids: [], program_ids: [], staff_id: null },
      { email: 'pm@demo.local', role: 'program_manager', team_ids: [], program_ids: ['p-1', 'p-2'], staff_id: null },
      { email: 'supervisor@demo.local', role: 'supervisor', team_ids: ['t-a', 't-b'], program_ids: [], staff_id: null },
    ]);
    const now = () => new Date(); // wall-clock: a session instant; no date is read from it
    const r = await login(h.db, { email: 'pm@demo.local', password: DEMO_PASSWORD, ip: null }, { throttle: new LoginThrottle(), now });
    expect(r.ok).toBe(true);

    // a second start changes nothing and does not load data again
    await bootstrapDemo(h.db, { embedded: true, loadDemoData });
    expect(loaded).toEqual(['demo']);
    expect(await users()).toEqual(rows);
  });

  test('demo users created before any data get their scope once data exists; passwords are left alone', async () => {
    await bootstrapDemo(h.db, { embedded: true });
    expect((await users()).find((u) => u.email === 'supervisor@demo.local')?.team_ids).toEqual([]);
    await seedSmallAgency(h.db, 'demo');
    await bootstrapDemo(h.db, { embedded: true });
    const after = await users();
    expect(after.find((u) => u.email === 'supervisor@demo.local')?.team_ids).toEqual(['t-a', 't-b']);
    expect(after.find((u) => u.email === 'casemanager@demo.local')?.staff_id).toBe('s-5');
  });

  test('an embedded database that already holds a real agency gets no demo agency or accounts', async () => {
    await makeAgency(h.db, { agencyId: 'real-aaa' });
    expect(await bootstrapDemo(h.db, { embedded: true })).toBeNull();
    expect(await users()).toEqual([]);
  });

  test('on PostgreSQL nothing is created, and existing demo accounts stop the start unless allowed', async () => {
    expect(await bootstrapDemo(h.db, { embedded: false })).toBeNull();
    expect(await h.db.selectFrom('agencies').selectAll().execute()).toEqual([]);

    const agencyId = await makeAgency(h.db, { agencyId: 'demo' });
    await makeUser(h.db, agencyId, { role: 'admin', email: 'admin@demo.local' });
    await expect(bootstrapDemo(h.db, { embedded: false })).rejects.toThrow(DemoAccountsRefused);
    await expect(bootstrapDemo(h.db, { embedded: false })).rejects.toThrow(/ALLOW_DEMO_ACCOUNTS=1/);
    const allowed = await bootstrapDemo(h.db, { embedded: false, allowDemoAccounts: true });
    expect(allowed?.users).toHaveLength(6);
  });
});
