/**
 * Data quality (interfaces.md): each check on a small agency whose every row is valid,
 * with the expected ids worked out by hand; the change since the previous import from
 * the counts recorded at each import; the ids only to admins and directors, audited.
 *
 * D = 2025-06-30 (D − 14 = 2025-06-16, D − 365 = 2024-06-30).
 * - c1 held by s1 throughout, contact k1 (20 min) on 2025-06-01, assessment a1 on 2025-07-01 (after D)
 * - c2 enrolled 2025-06-20, nobody holds it: only 10 days, not counted
 * - c3 held by s1 until 2025-06-10, nobody since (20 days) and no contact in 365 days
 * - c4 held by s2 (active = false, no periods) · contact k4 on 2025-05-01 without minutes
 * - c5 held by s3, whose only period ended 2025-01-01 · contact k5 on 2025-07-05 (after D) so none in the window
 * - c6 closed 2025-01-01: not active, in no check
 * - c7 (speaks es, region South) held by s4, who has no languages and no region · contact k7 (30 min)
 * - survey responses r1 (invitation i1) and r2 (none)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClock } from '@caseload/clock';
import type { DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { importDirectory } from '@caseload/importer';
import { type TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Caller } from '../src/access.ts';
import { createCaller } from '../src/root.ts';
import { dataQualityReport } from '../src/services/dataQuality.ts';
import { createContextInner } from '../src/trpc.ts';
import { makeAgency, makeUser } from './factories.ts';

const D = '2025-06-30';
const FILES: Record<string, string> = {
  'programs.csv': 'program_id,name\nP,Program\n',
  'staff.csv':
    'staff_id,name,role,caseload_fte,languages,region,active\n' +
    's1,One,case_manager,1,en,North,true\ns2,Two,case_manager,1,en,North,false\ns3,Three,case_manager,1,en,North,true\ns4,Four,case_manager,1,,,true\n',
  'staff_periods.csv': 'staff_id,start_on,end_on,caseload_fte\ns3,2024-01-01,2025-01-01,1\n',
  'clients.csv':
    'client_id,program_id,primary_language,region,enrolled_on,closed_on,closure_reason\n' +
    'c1,P,en,North,2024-01-01,,\nc2,P,,,2025-06-20,,\nc3,P,,,2024-01-01,,\nc4,P,,,2024-01-01,,\nc5,P,,,2024-01-01,,\n' +
    'c6,P,,,2024-01-01,2025-01-01,moved\nc7,P,es,South,2024-01-01,,\n',
  'assignments.csv':
    'client_id,staff_id,start_on,end_on\nc1,s1,2024-01-01,\nc3,s1,2024-01-01,2025-06-10\nc4,s2,2024-01-01,\nc5,s3,2024-01-01,\nc7,s4,2024-01-01,\n',
  'assessments.csv': 'assessment_id,client_id,assessed_on,kind\na1,c1,2025-07-01,initial\n',
  'contacts.csv':
    'contact_id,client_id,staff_id,occurred_on,mode,minutes\nk1,c1,s1,2025-06-01,phone,20\nk4,c4,s2,2025-05-01,home_visit,\n' +
    'k5,c5,s3,2025-07-05,phone,10\nk7,c7,s4,2025-06-15,video,30\n',
  'survey_invitations.csv': 'invitation_id,client_id,sent_on\ni1,c1,2025-05-01\n',
  'survey_responses.csv': 'response_id,invitation_id,program_id,received_on,q1\nr1,i1,P,2025-05-10,5\nr2,,P,2025-05-11,4\n',
};

describe.each(testDrivers())('data quality on %s', (driver) => {
  let h: DbHandle;
  let agencyId: string;
  let admin: Caller;
  let supervisor: Caller;
  let dir: string;
  const as = (caller: Caller) =>
    createCaller(createContextInner({ db: h.db, caller, clock: createClock({ now: () => new Date('2025-06-30T16:00:00Z') }) }));

  beforeAll(async () => {
    h = await createTestDb(driver);
    agencyId = await makeAgency(h.db);
    admin = await makeUser(h.db, agencyId, { role: 'admin' });
    supervisor = await makeUser(h.db, agencyId, { role: 'supervisor' });
    dir = await mkdtemp(join(tmpdir(), 'cm-dq-'));
    for (const [name, text] of Object.entries(FILES)) await writeFile(join(dir, name), text);
    const r = await importDirectory(h.db, dir, { agencyId, today: D });
    expect(r.ok).toBe(true);
  });
  afterAll(async () => {
    await h?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('each check finds exactly the rows worked out by hand; no change is known after one import', async () => {
    const { report, ids } = await dataQualityReport(h.db, agencyId, D);
    expect(ids).toEqual({
      unheldOver14Days: ['c3'],
      noContact365Days: ['c3', 'c5'],
      heldByStaffNotEmployed: ['c4', 'c5'],
      contactsAfterImportDay: ['k5'],
      assessmentsAfterImportDay: ['a1'],
      contactsWithoutMinutes: ['k4'],
      responsesWithoutInvitation: ['r2'],
      staffMissingLanguagesOrRegion: ['s4'],
    });
    // three contacts on or before D (k1, k4, k7), one without minutes
    expect(report.checks.find((c) => c.check === 'contactsWithoutMinutes')).toMatchObject({ count: 1, share: 1 / 3 });
    expect(report.checks.every((c) => c.changeSincePreviousImport === null)).toBe(true);
    expect(report.latestImportAt).not.toBeNull();
    expect(report.previousImportAt).toBeNull();
  });

  test('the change since the previous import; ids to admins and directors only, each view audited', async () => {
    // a second import: c4 gets a new holder (s1), and one more contact without minutes
    await writeFile(join(dir, 'assignments.csv'), 'client_id,staff_id,start_on,end_on\nc4,s2,2024-01-01,2025-06-01\nc4,s1,2025-06-01,\n');
    await writeFile(join(dir, 'contacts.csv'), 'contact_id,client_id,staff_id,occurred_on,mode,minutes\nk8,c7,s4,2025-06-20,phone,\n');
    for (const f of [
      'programs.csv',
      'staff.csv',
      'staff_periods.csv',
      'clients.csv',
      'assessments.csv',
      'survey_invitations.csv',
      'survey_responses.csv',
    ]) {
      await rm(join(dir, f));
    }
    expect((await importDirectory(h.db, dir, { agencyId, today: D })).ok).toBe(true);
    const r = await as(admin).imports.dataQuality({ asOf: D });
    const change = Object.fromEntries(r.checks.map((c) => [c.check, [c.count, c.changeSincePreviousImport]]));
    expect(change).toEqual({
      unheldOver14Days: [1, 0],
      noContact365Days: [2, 0],
      heldByStaffNotEmployed: [1, -1],
      contactsAfterImportDay: [1, 0],
      assessmentsAfterImportDay: [1, 0],
      contactsWithoutMinutes: [2, 1],
      responsesWithoutInvitation: [1, 0],
      staffMissingLanguagesOrRegion: [1, 0],
    });
    expect(r.checks.find((c) => c.check === 'contactsWithoutMinutes')?.share).toBe(2 / 4);

    const list = await as(admin).imports.dataQualityIds({ check: 'noContact365Days', asOf: D });
    expect(list).toEqual({ check: 'noContact365Days', asOf: D, subject: 'client', ids: ['c3', 'c5'] });
    const audit = await as(admin).audit.list({ action: 'client_list.view' });
    expect(audit.entries[0]?.details).toEqual({ list: 'dataQuality.noContact365Days', filters: { asOf: D }, clientCount: 2 });
    const refused = await as(supervisor)
      .imports.dataQualityIds({ check: 'noContact365Days' })
      .catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe('FORBIDDEN');
  });
});
