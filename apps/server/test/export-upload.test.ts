/**
 * An agency's own export over real HTTP: the mapping page's inspect route reads an
 * uploaded workbook's sheets, header and first rows (and keeps nothing); with a saved
 * mapping profile, POST /admin/imports takes the export as it is (.xlsx, its own file
 * names) and imports it through the profile; without one a workbook is refused.
 */
import { readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DbHandle, saveMappingProfile } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeAgency, makeUser, TEST_PASSWORD } from '../../../packages/api/test/factories.ts';
import { CASEWORKS, caseWorksProfile, caseWorksWorkbook } from '../../../packages/importer/test/exports.ts';
import { fakeDashboard, loginRequest, type Running, removeFakeDashboard, sessionPair, startApp } from './helpers.ts';

afterAll(removeFakeDashboard);

describe.each(testDrivers())("an agency's own export on %s", (driver) => {
  let h: DbHandle;
  let app: Running;
  let agencyId: string;
  let tempDir: string;
  let adminCookie: string;
  let directorCookie: string;
  let workbook: Buffer;

  const post = (route: string, files: Array<{ name: string; data: Buffer }>, cookie = adminCookie) => {
    const form = new FormData();
    for (const f of files) form.append('files', new Blob([new Uint8Array(f.data)]), f.name);
    return fetch(`${app.url}${route}`, { method: 'POST', headers: { origin: app.url, cookie }, body: form });
  };

  beforeAll(async () => {
    h = await createTestDb(driver);
    agencyId = await makeAgency(h.db);
    const admin = await makeUser(h.db, agencyId, { role: 'admin' });
    const director = await makeUser(h.db, agencyId, { role: 'director' });
    tempDir = await mkdtemp(path.join(tmpdir(), 'cm-export-test-'));
    app = await startApp({ db: h.db, dashboardDir: fakeDashboard(), logError: () => {}, importLimits: { tempDir } });
    adminCookie = sessionPair(await loginRequest(app.url, admin.email, TEST_PASSWORD));
    directorCookie = sessionPair(await loginRequest(app.url, director.email, TEST_PASSWORD));
    workbook = await caseWorksWorkbook();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  test('inspect: every sheet with its header and first rows (typed dates as dates); nothing kept; admins only', async () => {
    const res = await post('/admin/imports/inspect', [{ name: CASEWORKS, data: workbook }]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { file: string; sheets: Array<{ name: string; header: string[]; rows: unknown[][] }> };
    expect(body.file).toBe(CASEWORKS);
    expect(body.sheets.map((s) => s.name)).toEqual(['Programs', 'Service Coordinators', 'Consumers', 'Contacts']);
    expect(body.sheets[3]).toEqual({
      name: 'Contacts',
      header: ['Note #', 'UCI', 'Coordinator', 'Date of Service', 'Method', 'Minutes'],
      rows: [
        ['N-1', '7700123', 501, { date: '2025-03-17' }, 'F2F - Home', 60],
        ['N-2', '7700123', 502, { date: '2025-03-20' }, 'Telephone', 10],
        ['N-3', '7700456', 501, { date: '2025-01-08' }, 'Video Call'],
      ],
    });
    expect(readdirSync(tempDir)).toEqual([]);
    const truncated = await post('/admin/imports/inspect', [{ name: CASEWORKS, data: workbook.subarray(0, 2000) }]);
    expect(truncated.status).toBe(422);
    expect(((await truncated.json()) as { error: string }).error).toBe(
      `${CASEWORKS}: cannot be read as an Excel workbook (.xlsx): the file is truncated, or it is not a workbook at all; export it again from the system, or save it from Excel as .xlsx`,
    );
    const director = await post('/admin/imports/inspect', [{ name: CASEWORKS, data: workbook }], directorCookie);
    expect(director.status).toBe(403);
  });

  test('a workbook is refused without a profile, and imports through the saved one', async () => {
    const refused = await post('/admin/imports', [{ name: CASEWORKS, data: workbook }]);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toContain(
      "read through the agency's import mapping, and none is saved yet",
    );

    await saveMappingProfile(h.db, agencyId, caseWorksProfile, { userId: null, label: 'test' });
    const res = await post('/admin/imports', [{ name: CASEWORKS, data: workbook }]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      totalRows: 9,
      files: [
        { file: 'programs.csv', source: CASEWORKS, rows: 1, inserted: 1, updated: 0, unchanged: 0 },
        { file: 'staff.csv', source: CASEWORKS, rows: 3, inserted: 3, updated: 0, unchanged: 0 },
        { file: 'clients.csv', source: CASEWORKS, rows: 2, inserted: 2, updated: 0, unchanged: 0 },
        { file: 'contacts.csv', source: CASEWORKS, rows: 3, inserted: 3, updated: 0, unchanged: 0 },
      ],
    });
    const contacts = await h.db
      .selectFrom('contacts')
      .select(['contact_id', 'mode'])
      .where('agency_id', '=', agencyId)
      .orderBy('contact_id')
      .execute();
    expect(contacts).toEqual([
      { contact_id: 'DS-N-1', mode: 'home_visit' },
      { contact_id: 'DS-N-2', mode: 'phone' },
      { contact_id: 'DS-N-3', mode: 'video' },
    ]);
    expect(readdirSync(tempDir)).toEqual([]);
  });
});
