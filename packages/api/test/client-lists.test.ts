/**
 * Client-level procedures (staff caseload drill-down, work lists, rebalancing,
 * corrective actions, survey comments): who sees which clients, and that every view
 * is audited. Expected values are hand-computed from world.ts on AS_OF (2025-01-15):
 * - contacts: n1's first 7 clients visited 2025-01-10, s1's last client 2025-01-12;
 *   everyone else never contacted (all enrolled 2024-01-01, so every client is due)
 *   → contactOverdue: n1 1, n2 6, s1 3 (agency 10; title3 4; north 7);
 * - assessed 2024-06-01: tiers 3–4 (180 days) overdue since 2024-11-28 → n2's 3 tier-3
 *   and s1's 4 clients are reassessOverdue (7); tiers 1–2 due 2025-06-01.
 */
import { createClock } from '@caseload/clock';
import type { DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Caller } from '../src/access.ts';
import { createCaller } from '../src/root.ts';
import { createContextInner } from '../src/trpc.ts';
import { AS_OF, buildWorld, type World } from './world.ts';

describe.each(testDrivers())('client-level lists on %s', (driver) => {
  let h: DbHandle;
  let w: World;
  const as = (caller: Caller) => createCaller(createContextInner({ db: h.db, caller, clock: createClock({ today: AS_OF }) }));

  /** the caller's latest client-list audit entry */
  async function lastView(caller: Caller) {
    const row = await h.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'details'])
      .where('agency_id', '=', caller.agencyId)
      .where('user_id', '=', caller.userId)
      .where('action', '=', 'client_list.view')
      .orderBy('audit_id', 'desc')
      .executeTakeFirst();
    return row ? { ...row, details: row.details as { list: string; clientCount: number; filters: Record<string, unknown> } } : undefined;
  }
  async function viewCount(caller: Caller): Promise<number> {
    const r = await h.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('agency_id', '=', caller.agencyId)
      .where('user_id', '=', caller.userId)
      .where('action', '=', 'client_list.view')
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  beforeAll(async () => {
    h = await createTestDb(driver);
    w = await buildWorld(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('caseload.staffClients', () => {
    test('admin sees all of a member’s clients; a program manager only those of their programs', async () => {
      const all = await as(w.a.users.admin).caseload.staffClients({ staffId: w.a.n2, asOf: AS_OF });
      expect(all.clients).toHaveLength(6);
      expect(new Set(all.clients.map((c) => c.programId))).toEqual(new Set(['title3', 'waiver']));
      const pm = await as(w.a.users.program_manager).caseload.staffClients({ staffId: w.a.n2, asOf: AS_OF });
      expect(pm.clients).toHaveLength(3);
      expect(pm.clients.every((c) => c.programId === 'title3')).toBe(true);
      // s1 holds waiver clients only
      expect((await as(w.a.users.program_manager).caseload.staffClients({ staffId: w.a.s1, asOf: AS_OF })).clients).toEqual([]);
    });

    test('each client row carries tier, last contact, last face-to-face and the next reassessment date', async () => {
      const r = await as(w.a.users.case_manager).caseload.staffClients({ staffId: w.a.n1, asOf: AS_OF });
      expect(r.staffId).toBe(w.a.n1);
      expect(r.clients).toHaveLength(8);
      const visited = r.clients.filter((c) => c.lastContactOn === '2025-01-10');
      expect(visited).toHaveLength(7);
      expect(visited.every((c) => c.lastFaceToFaceOn === '2025-01-10')).toBe(true);
      // tier 2, assessed 2024-06-01: next due 365 days later
      expect(r.clients.every((c) => c.tier === '2' && c.reassessDueOn === '2025-06-01')).toBe(true);
    });

    test('a supervisor asking for another team’s member, or a case manager for a colleague, is refused', async () => {
      await expect(as(w.a.users.supervisor).caseload.staffClients({ staffId: w.a.s1, asOf: AS_OF })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(as(w.a.users.case_manager).caseload.staffClients({ staffId: w.a.n2, asOf: AS_OF })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(as(w.a.users.board).caseload.staffClients({ staffId: w.a.n1, asOf: AS_OF })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });

    test('every view is audited with the list, filters and number of clients (no client ids)', async () => {
      const sup = w.a.users.supervisor;
      const before = await viewCount(sup);
      await as(sup).caseload.staffClients({ staffId: w.a.n2, asOf: AS_OF });
      expect(await viewCount(sup)).toBe(before + 1);
      const entry = await lastView(sup);
      expect(entry?.actor).toBe(sup.email);
      expect(entry?.details).toMatchObject({ list: 'caseload.staffClients', clientCount: 6, filters: { staffId: w.a.n2, asOf: AS_OF } });
      for (const id of w.a.clientIds) expect(JSON.stringify(entry?.details)).not.toContain(id);
      // a refused request shows nothing and is not recorded as a view
      await expect(as(sup).caseload.staffClients({ staffId: w.a.s1, asOf: AS_OF })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await viewCount(sup)).toBe(before + 1);
    });
  });

  describe('worklist.list', () => {
    test.each<[string, keyof World['a']['users'], Record<string, unknown>, number]>([
      ['admin: every overdue contact', 'admin', {}, 10],
      ['program manager: clients of title3', 'program_manager', {}, 4],
      ['supervisor: clients of north', 'supervisor', {}, 7],
      ['case manager: their own clients', 'case_manager', {}, 1],
      ['admin narrowed to south', 'admin', { teamId: 'south' }, 3],
      ['supervisor narrowed to waiver', 'supervisor', { programId: 'waiver' }, 3],
    ])('contactOverdue — %s', async (_name, role, filters, expected) => {
      const caller = w.a.users[role];
      const r = await as(caller).worklist.list({ kind: 'contactOverdue', asOf: AS_OF, ...filters });
      expect(r.clients).toHaveLength(expected);
      expect(r.clients.every((c) => c.contactDue && !c.contactMet)).toBe(true);
      if (role === 'program_manager') expect(r.clients.every((c) => c.programId === 'title3')).toBe(true);
      if (role === 'supervisor') expect(r.clients.every((c) => c.teamId === 'north')).toBe(true);
      if (role === 'case_manager') expect(r.clients.every((c) => c.staffId === w.a.n1)).toBe(true);
      expect((await lastView(caller))?.details).toMatchObject({ list: 'worklist.contactOverdue', clientCount: expected });
    });

    test('reassessOverdue: 7 for the agency, none of a case manager’s tier-2 clients', async () => {
      const all = await as(w.a.users.admin).worklist.list({ kind: 'reassessOverdue', asOf: AS_OF });
      expect(all.clients).toHaveLength(7);
      expect(all.clients.every((c) => c.reassessDueOn === '2024-11-28')).toBe(true);
      expect((await as(w.a.users.case_manager).worklist.list({ kind: 'reassessOverdue', asOf: AS_OF })).clients).toEqual([]);
    });

    test('a supervisor asking for another team’s work list, or a program manager for another program’s, is refused', async () => {
      await expect(as(w.a.users.supervisor).worklist.list({ kind: 'contactOverdue', teamId: 'south' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(as(w.a.users.program_manager).worklist.list({ kind: 'contactOverdue', programId: 'waiver' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });
  });

  describe('rebalance.propose', () => {
    test('a supervisor gets a proposal for their team, audited; nothing is changed', async () => {
      const sup = w.a.users.supervisor;
      const assignmentsBefore = await h.db.selectFrom('assignments').selectAll().where('agency_id', '=', w.a.agencyId).execute();
      const p = await as(sup).rebalance.propose({ teamId: 'north', asOf: AS_OF });
      expect(p.teamId).toBe('north');
      // north: (8·2 + 3·3.5 + 3·1) ÷ (110 + 110)
      expect(p.teamLoadRatio).toBeCloseTo(29.5 / 220, 12);
      expect(p.before.map((b) => b.staffId).sort()).toEqual([w.a.n1, w.a.n2].sort());
      expect((await lastView(sup))?.details).toMatchObject({
        list: 'rebalance.propose',
        clientCount: p.moves.length,
        filters: { teamId: 'north' },
      });
      const assignmentsAfter = await h.db.selectFrom('assignments').selectAll().where('agency_id', '=', w.a.agencyId).execute();
      expect(assignmentsAfter).toEqual(assignmentsBefore);
      await expect(as(sup).rebalance.propose({ teamId: 'south', asOf: AS_OF })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  describe('intake.rank', () => {
    test('a supervisor’s ranking lists only their teams’ staff; tiers are numbers or "unassessed"', async () => {
      const r = await as(w.a.users.supervisor).intake.rank({ programId: 'title3', expectedTier: 4, asOf: AS_OF });
      expect([...r.ranked, ...r.ineligible].map((c) => c.teamId)).toEqual(expect.arrayContaining(['north']));
      expect([...r.ranked, ...r.ineligible].every((c) => c.teamId === 'north')).toBe(true);
      expect(r.hours).toBe(6);
      expect(r.newClient).toEqual({ programId: 'title3', primaryLanguage: null, region: null, tier: '4' });
      // n2 (13.5 h) is lighter than n1 (16 h): ranked first
      expect(r.ranked.map((c) => c.staffId)).toEqual([w.a.n2, w.a.n1]);
      expect(r.ranked[0]?.loadRatioAfter).toBeCloseTo((13.5 + 6) / 110, 12);
      const admin = await as(w.a.users.admin).intake.rank({ programId: 'waiver', expectedTier: 'unassessed', asOf: AS_OF });
      expect(admin.hours).toBe(2);
      expect(admin.ranked.map((c) => c.staffId).sort()).toEqual([w.a.n1, w.a.n2, w.a.s1].sort());
    });
  });

  describe('qa.actions', () => {
    beforeAll(async () => {
      const client = (i: number) => w.a.clientIds[i] as string;
      const [c0, c1, c8, c9, c14, c15] = [client(0), client(1), client(8), client(9), client(14), client(15)] as const;
      const review = (r: {
        id: string;
        client: string;
        staff: string;
        on: string;
        score: number;
        action: string | null;
        due: string | null;
        closed: string | null;
        agency?: string;
      }) => ({
        agency_id: r.agency ?? w.a.agencyId,
        review_id: r.id,
        client_id: r.client,
        staff_id: r.staff,
        reviewer_staff_id: null,
        reviewed_on: r.on,
        score: r.score,
        findings: r.action ? `Finding ${r.id}` : null,
        corrective_action: r.action,
        action_due_on: r.due,
        action_closed_on: r.closed,
      });
      await h.db
        .insertInto('qa_reviews')
        .values([
          review({
            id: 'r1',
            client: c0,
            staff: w.a.n1,
            on: '2024-12-01',
            score: 70,
            action: 'Obtain signature',
            due: '2025-01-01',
            closed: null,
          }),
          review({
            id: 'r2',
            client: c14,
            staff: w.a.s1,
            on: '2024-11-01',
            score: 60,
            action: 'Update plan',
            due: '2025-02-01',
            closed: '2024-12-15',
          }),
          review({
            id: 'r3',
            client: c8,
            staff: w.a.n2,
            on: '2025-01-10',
            score: 80,
            action: 'Document visit',
            due: '2025-02-10',
            closed: null,
          }),
          review({ id: 'r4', client: c1, staff: w.a.n1, on: '2025-01-05', score: 95, action: null, due: null, closed: null }),
          review({
            id: 'r5',
            client: c9,
            staff: w.a.n2,
            on: '2025-01-20',
            score: 50,
            action: 'Late finding',
            due: '2025-01-25',
            closed: null,
          }),
          review({
            id: 'r6',
            client: c15,
            staff: w.a.s1,
            on: '2024-12-20',
            score: 75,
            action: 'Retrain',
            due: '2025-01-10',
            closed: '2025-01-20',
          }),
          review({
            id: 'r1',
            agency: w.b.agencyId,
            client: w.b.clientIds[0] as string,
            staff: w.b.b1,
            on: '2024-12-01',
            score: 40,
            action: 'Other agency',
            due: '2025-01-01',
            closed: null,
          }),
        ])
        .execute();
    });

    const summary = (r: { actions: Array<{ reviewId: string; state: string; ageDays: number; daysOverdue: number | null }> }) =>
      r.actions.map((a) => [a.reviewId, a.state, a.ageDays, a.daysOverdue]);

    test('open (the default) as of AS_OF: most overdue first; ages in days', async () => {
      const r = await as(w.a.users.admin).qa.actions({ asOf: AS_OF });
      expect(r.status).toBe('open');
      // r1: reviewed Dec 1, due Jan 1 → 45 days old, 14 overdue; r6 closed only on Jan 20 → open on Jan 15,
      // 26 days old, 5 overdue; r3: reviewed Jan 10, due Feb 10 → 5 days old
      expect(summary(r)).toEqual([
        ['r1', 'overdue', 45, 14],
        ['r6', 'overdue', 26, 5],
        ['r3', 'open', 5, null],
      ]);
      const first = r.actions[0];
      expect(first).toMatchObject({
        staffId: w.a.n1,
        clientId: w.a.clientIds[0],
        score: 70,
        findings: 'Finding r1',
        correctiveAction: 'Obtain signature',
        reviewedOn: '2024-12-01',
        actionDueOn: '2025-01-01',
        actionClosedOn: null,
      });
    });

    test('overdue and all; a later date sees later reviews and closures', async () => {
      expect(summary(await as(w.a.users.director).qa.actions({ asOf: AS_OF, status: 'overdue' }))).toEqual([
        ['r1', 'overdue', 45, 14],
        ['r6', 'overdue', 26, 5],
      ]);
      // r2 closed Dec 15 after 44 days; due Feb 1 comes before r3's Feb 10
      expect(summary(await as(w.a.users.admin).qa.actions({ asOf: AS_OF, status: 'all' }))).toEqual([
        ['r1', 'overdue', 45, 14],
        ['r6', 'overdue', 26, 5],
        ['r2', 'closed', 44, null],
        ['r3', 'open', 5, null],
      ]);
      // Jan 26: r1 56 days old, 25 overdue; r5 due Jan 25 → 1 overdue, 6 days old; r6 closed Jan 20 after 31 days
      expect(summary(await as(w.a.users.admin).qa.actions({ asOf: '2025-01-26', status: 'all' }))).toEqual([
        ['r1', 'overdue', 56, 25],
        ['r5', 'overdue', 6, 1],
        ['r6', 'closed', 31, null],
        ['r2', 'closed', 44, null],
        ['r3', 'open', 16, null],
      ]);
    });

    test('from: actions of reviews on or after it, and older ones still open on asOf (the page of a period)', async () => {
      // Jan 26, from Jan 1: r5 (Jan 20) and r3 (Jan 10) by date; r1 (Dec 1) still open; r6 (Dec 20, closed
      // Jan 20) and r2 (Nov 1, closed Dec 15) are older and closed → left out
      expect(summary(await as(w.a.users.admin).qa.actions({ asOf: '2025-01-26', from: '2025-01-01', status: 'all' }))).toEqual([
        ['r1', 'overdue', 56, 25],
        ['r5', 'overdue', 6, 1],
        ['r3', 'open', 16, null],
      ]);
      // a review on the from day itself is in; closed on asOf's eve: out unless reviewed from `from`
      expect(summary(await as(w.a.users.admin).qa.actions({ asOf: '2025-01-26', from: '2024-12-20', status: 'all' }))).toEqual([
        ['r1', 'overdue', 56, 25],
        ['r5', 'overdue', 6, 1],
        ['r6', 'closed', 31, null],
        ['r3', 'open', 16, null],
      ]);
      const view = await lastView(w.a.users.admin);
      expect(view?.details).toMatchObject({ list: 'qa.actions', filters: { from: '2024-12-20', status: 'all' } });
    });

    test('a program manager sees their programs’ clients’ reviews, a supervisor their teams’; each view audited', async () => {
      const pm = await as(w.a.users.program_manager).qa.actions({ asOf: AS_OF, status: 'all' });
      expect(pm.actions.map((a) => a.reviewId)).toEqual(['r1', 'r3']);
      expect((await lastView(w.a.users.program_manager))?.details).toMatchObject({ list: 'qa.actions', clientCount: 2 });
      const sup = await as(w.a.users.supervisor).qa.actions({ asOf: AS_OF, status: 'all' });
      expect(sup.actions.map((a) => a.reviewId)).toEqual(['r1', 'r3']);
      const south = await as(w.a.users.admin).qa.actions({ asOf: AS_OF, status: 'all', teamId: 'south' });
      expect(south.actions.map((a) => a.reviewId)).toEqual(['r6', 'r2']);
      // agency B's review r1 never shows in A
      expect(south.actions.concat(pm.actions).every((a) => a.correctiveAction !== 'Other agency')).toBe(true);
      await expect(as(w.a.users.supervisor).qa.actions({ teamId: 'south' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  describe('feedback.comments', () => {
    beforeAll(async () => {
      const response = (id: string, programId: string, comment: string | null, on: string) => ({
        agency_id: w.a.agencyId,
        response_id: id,
        invitation_id: null,
        program_id: programId,
        staff_id: null,
        provider_id: null,
        received_on: on,
        comment,
        q1: 4,
        q2: null,
        q3: null,
        q4: null,
        q5: null,
        q6: null,
        q7: null,
        q8: null,
      });
      await h.db
        .insertInto('survey_responses')
        .values([
          response('sr1', 'title3', 'Meals arrive late', '2024-12-02'),
          response('sr2', 'waiver', 'Great help with the ramp', '2024-12-03'),
          response('sr3', 'title3', null, '2024-12-04'),
          response('sr4', 'title3', 'Thank you', '2025-01-05'),
        ])
        .execute();
    });

    test('a program manager reads their programs’ comments only; each page read is audited', async () => {
      const pmCaller = w.a.users.program_manager;
      const pm = await as(pmCaller).feedback.comments({ from: '2024-12-01', to: AS_OF });
      expect(pm.total).toBe(2);
      expect(pm.comments.map((c) => c.comment)).toEqual(['Thank you', 'Meals arrive late']);
      expect((await lastView(pmCaller))?.details).toMatchObject({ list: 'feedback.comments', clientCount: 2 });
      const admin = await as(w.a.users.admin).feedback.comments({ from: '2024-12-01', to: AS_OF, search: 'ramp' });
      expect(admin.comments.map((c) => c.comment)).toEqual(['Great help with the ramp']);
      await expect(as(pmCaller).feedback.comments({ from: '2024-12-01', to: AS_OF, programId: 'waiver' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      for (const role of ['supervisor', 'case_manager', 'board'] as const) {
        await expect(as(w.a.users[role]).feedback.comments({ from: '2024-12-01', to: AS_OF })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      }
    });
  });

  describe('imports.history', () => {
    test('past imports from the audit log, newest first, paged; only this agency’s', async () => {
      const at = (d: string) => new Date(`${d}T12:00:00Z`);
      await h.db
        .insertInto('audit_log')
        .values([
          {
            agency_id: w.a.agencyId,
            user_id: w.a.users.admin.userId,
            actor: w.a.users.admin.email,
            action: 'import',
            details: JSON.stringify({ files: [{ file: 'clients.csv', rows: 18, inserted: 18, updated: 0, unchanged: 0 }], totalRows: 18 }),
            at: at('2024-12-01'),
          },
          {
            agency_id: w.a.agencyId,
            user_id: null,
            actor: 'cli',
            action: 'import',
            details: JSON.stringify({
              files: [
                { file: 'clients.csv', rows: 18, inserted: 0, updated: 2, unchanged: 16 },
                { file: 'contacts.csv', rows: 8, inserted: 8, updated: 0, unchanged: 0 },
              ],
              totalRows: 26,
            }),
            at: at('2024-12-05'),
          },
          { agency_id: w.b.agencyId, user_id: null, actor: 'cli', action: 'import', details: '{}', at: at('2024-12-06') },
          {
            agency_id: w.a.agencyId,
            user_id: w.a.users.admin.userId,
            actor: w.a.users.admin.email,
            action: 'import.failed',
            details: JSON.stringify({ stage: 'validation', files: ['clients.csv'], errorCount: 3 }),
            at: at('2024-12-07'),
          },
        ])
        .execute();
      const page1 = await as(w.a.users.director).imports.history({ pageSize: 1 });
      expect(page1).toMatchObject({ total: 2, page: 1, pageSize: 1, pages: 2 });
      expect(page1.imports).toEqual([
        {
          auditId: expect.any(Number),
          at: '2024-12-05T12:00:00.000Z',
          userId: null,
          actor: 'cli',
          outcome: 'imported',
          totalRows: 26,
          stage: null,
          errorCount: null,
          reason: null,
          files: [
            { file: 'clients.csv', rows: 18, inserted: 0, updated: 2, unchanged: 16 },
            { file: 'contacts.csv', rows: 8, inserted: 8, updated: 0, unchanged: 0 },
          ],
        },
      ]);
      const page2 = await as(w.a.users.admin).imports.history({ page: 2, pageSize: 1 });
      expect(page2.imports.map((i) => [i.actor, i.totalRows])).toEqual([[w.a.users.admin.email, 18]]);
      // refused uploads are listed apart, with where they stopped
      const failed = await as(w.a.users.admin).imports.history({ outcome: 'failed' });
      expect(failed.total).toBe(1);
      expect(failed.imports[0]).toMatchObject({
        outcome: 'failed',
        stage: 'validation',
        errorCount: 3,
        totalRows: 0,
        files: [{ file: 'clients.csv', rows: null, inserted: null, updated: null, unchanged: null }],
      });
      await expect(as(w.a.users.supervisor).imports.history()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});
