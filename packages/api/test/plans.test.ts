/**
 * Plans of correction (metrics.md "Caseload standards"): a director opens, edits and
 * closes a plan; each change is in the audit log with its old and new values; other
 * roles cannot write; the board sees counts and sentences, never the plans. Both drivers.
 */
import { createClock } from '@caseload/clock';
import { appendSettingsVersion, type DbHandle, listAudit } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { type CaseloadStandard, defaultSettings } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Caller } from '../src/access.ts';
import { createCaller } from '../src/root.ts';
import { createContextInner } from '../src/trpc.ts';
import { makeAgency, makeUser } from './factories.ts';

const TODAY = '2025-07-10';
const RULE: CaseloadStandard = { id: 'avg', label: 'Average 1:2', kind: 'average_ratio', limit: 2, period: 'quarter', programs: [] };

describe.each(testDrivers())('plans of correction (%s)', (driver) => {
  let h: DbHandle;
  let agencyId: string;
  let director: Caller;
  let admin: Caller;
  let board: Caller;
  let supervisor: Caller;
  const as = (caller: Caller) =>
    createCaller(
      createContextInner({ db: h.db, caller, clock: createClock({ today: TODAY, now: () => new Date('2025-07-10T14:00:00Z') }) }),
    );

  beforeAll(async () => {
    h = await createTestDb(driver);
    agencyId = await makeAgency(h.db);
    await appendSettingsVersion(h.db, agencyId, { ...defaultSettings, caseloadStandards: [RULE] }, 'test');
    director = await makeUser(h.db, agencyId, { role: 'director' });
    admin = await makeUser(h.db, agencyId, { role: 'admin' });
    board = await makeUser(h.db, agencyId, { role: 'board' });
    supervisor = await makeUser(h.db, agencyId, { role: 'supervisor', teamIds: [] });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('open, edit and close, each audited with old and new values', async () => {
    const opened = await as(director).standards.openPlan({
      ruleId: 'avg',
      period: '2025-Q2',
      owner: 'Director of services',
      actions: 'Post two coordinator vacancies.',
      dueOn: '2025-09-30',
    });
    expect(opened).toMatchObject({
      ruleId: 'avg',
      period: '2025-Q2',
      openedOn: TODAY,
      status: 'open',
      closedOn: null,
      dueOn: '2025-09-30',
    });
    // a second open plan for the same rule and period is refused
    await expect(
      as(director).standards.openPlan({ ruleId: 'avg', period: '2025-Q2', owner: 'x', actions: 'y', dueOn: '2025-09-30' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    // a monthly period for a quarterly rule, a due date in the past, an empty owner: refused with a reason
    await expect(
      as(director).standards.openPlan({ ruleId: 'avg', period: '2025-06', owner: 'x', actions: 'y', dueOn: '2025-09-30' }),
    ).rejects.toThrow(/quarterly/);
    await expect(
      as(director).standards.openPlan({ ruleId: 'avg', period: '2025-Q1', owner: 'x', actions: 'y', dueOn: '2025-07-09' }),
    ).rejects.toThrow(/before today/);
    await expect(
      as(director).standards.openPlan({ ruleId: 'avg', period: '2025-Q1', owner: '  ', actions: 'y', dueOn: '2025-09-30' }),
    ).rejects.toThrow(/owner/);

    const edited = await as(director).standards.editPlan({ planId: opened.planId, dueOn: '2025-10-31' });
    expect(edited.dueOn).toBe('2025-10-31');
    const closed = await as(director).standards.closePlan({ planId: opened.planId, closingNote: 'Ratio back to 1:1.8.' });
    expect(closed).toMatchObject({ status: 'closed', closedOn: TODAY, closingNote: 'Ratio back to 1:1.8.' });
    await expect(as(director).standards.editPlan({ planId: opened.planId, owner: 'x' })).rejects.toThrow(/closed/);

    const audit = await listAudit(h.db, agencyId, {}, { limit: 50, offset: 0 });
    const trail = audit.entries.filter((e) => e.action.startsWith('plan.')).reverse();
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ['plan.open', director.email],
      ['plan.update', director.email],
      ['plan.close', director.email],
    ]);
    expect(trail[1]?.details).toMatchObject({ planId: opened.planId, old: { dueOn: '2025-09-30' }, new: { dueOn: '2025-10-31' } });
    expect(trail[2]?.details).toMatchObject({ old: { status: 'open' }, new: { status: 'closed', closingNote: 'Ratio back to 1:1.8.' } });
  });

  test('only a director writes; admins read the plans; the board sees counts, never the plans', async () => {
    for (const caller of [admin, board, supervisor]) {
      await expect(
        as(caller).standards.openPlan({ ruleId: 'avg', period: '2025-Q1', owner: 'x', actions: 'y', dueOn: '2025-09-30' }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await as(director).standards.openPlan({ ruleId: 'avg', period: '2025-Q1', owner: 'Jane Doe', actions: 'Hire.', dueOn: '2025-07-20' });
    expect((await as(admin).standards.plans()).map((p) => [p.period, p.status])).toEqual([
      ['2025-Q1', 'open'],
      ['2025-Q2', 'closed'],
    ]);
    const seen = await as(board).standards.summary();
    expect(seen.plans).toEqual([]);
    // due 2025-07-20: within 30 days of 2025-07-10
    expect(seen.planCounts).toEqual({ open: 1, dueSoon: 1, overdue: 0 });
    expect(JSON.stringify(seen)).not.toContain('Jane Doe');
    await expect(as(supervisor).standards.summary()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
