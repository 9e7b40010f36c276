/**
 * The push API over real HTTP (fetch against a listening server, no app internals):
 * an agency's import token imports its export through the saved mapping profile (201
 * with counts), bad data answers 422 with every error and changes nothing, a missing
 * or unknown token 401, a revoked one 403, an import already running for the agency
 * 409; the token's last use is recorded; the OpenAPI document describes the route.
 */
import { type DbHandle, createApiToken, listApiTokens, listAudit, revokeApiToken, saveMappingProfile } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeAgency } from '../../../packages/api/test/factories.ts';
import { CASEWORKS, caseWorksProfile, caseWorksWorkbook } from '../../../packages/importer/test/exports.ts';
import { fakeDashboard, removeFakeDashboard, type Running, startApp } from './helpers.ts';

afterAll(removeFakeDashboard);

describe.each(testDrivers())('POST /api/v1/imports on %s', (driver) => {
  let h: DbHandle;
  let app: Running;
  let agencyId: string;
  let token: string;
  let tokenId: string;

  const push = (files: Array<{ name: string; data: Buffer }>, auth: string | null) => {
    const form = new FormData();
    for (const f of files) form.append('files', new Blob([new Uint8Array(f.data)]), f.name);
    return fetch(`${app.url}/api/v1/imports`, { method: 'POST', headers: auth ? { authorization: auth } : {}, body: form });
  };
  const contactIds = async () =>
    (await h.db.selectFrom('contacts').select('contact_id').where('agency_id', '=', agencyId).orderBy('contact_id').execute()).map(
      (r) => r.contact_id,
    );

  beforeAll(async () => {
    h = await createTestDb(driver);
    agencyId = await makeAgency(h.db);
    app = await startApp({ db: h.db, dashboardDir: fakeDashboard(), logError: () => {} });
    await saveMappingProfile(h.db, agencyId, caseWorksProfile, { userId: null, label: 'test' });
    ({ token, tokenId } = await createApiToken(h.db, agencyId, 'nightly export job', { userId: null, label: 'admin@test' }));
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  test('the OpenAPI document describes the import route and its answers', async () => {
    const res = await fetch(`${app.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, { post: { responses: Record<string, unknown> } }> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths['/api/v1/imports']?.post.responses ?? {})).toEqual(['201', '400', '401', '403', '409', '413', '422']);
  });

  test('a token imports the export (201), bad data is 422 with nothing changed, no or unknown token 401, revoked 403', async () => {
    const workbook = await caseWorksWorkbook();
    expect((await push([{ name: CASEWORKS, data: workbook }], null)).status).toBe(401);
    const unknown = await push([{ name: CASEWORKS, data: workbook }], 'Bearer cla_not-a-token');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ error: 'The token is not valid.' });
    expect((await listApiTokens(h.db, agencyId))[0]?.lastUsedAt).toBeNull();

    const created = await push([{ name: CASEWORKS, data: workbook }], `Bearer ${token}`);
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      ok: true,
      totalRows: 9,
      files: [
        { file: 'programs.csv', source: CASEWORKS, rows: 1, inserted: 1, updated: 0, unchanged: 0 },
        { file: 'staff.csv', source: CASEWORKS, rows: 3, inserted: 3, updated: 0, unchanged: 0 },
        { file: 'clients.csv', source: CASEWORKS, rows: 2, inserted: 2, updated: 0, unchanged: 0 },
        { file: 'contacts.csv', source: CASEWORKS, rows: 3, inserted: 3, updated: 0, unchanged: 0 },
      ],
    });
    expect((await listApiTokens(h.db, agencyId))[0]?.lastUsedAt).not.toBeNull();
    const imported = (await listAudit(h.db, agencyId, { action: 'import' }, { limit: 1, offset: 0 })).entries[0];
    expect(imported).toMatchObject({
      userId: null,
      actor: `api token nightly export job (${tokenId})`,
      details: { via: 'api', totalRows: 9 },
    });

    const bad = await push(
      [
        {
          name: CASEWORKS,
          data: await caseWorksWorkbook({ contacts: [['N-9', '7700123', 501, new Date(Date.UTC(2025, 2, 3)), 'Fax', 5]] }),
        },
      ],
      `Bearer ${token}`,
    );
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({
      ok: false,
      errorCount: 1,
      errors: [
        `${CASEWORKS}, sheet Contacts, row 5: Method: "Fax" is not in the profile's value map for mode (mapped: "F2F - Home", "F2F - Office", "Telephone", "Video Call")`,
      ],
    });
    expect(await contactIds()).toEqual(['DS-N-1', 'DS-N-2', 'DS-N-3']);

    expect(await revokeApiToken(h.db, agencyId, tokenId, { userId: null, label: 'admin@test' }, new Date('2025-03-01T12:00:00Z'))).toBe(
      true,
    );
    const revoked = await push([{ name: CASEWORKS, data: workbook }], `Bearer ${token}`);
    expect(revoked.status).toBe(403);
    expect(await revoked.json()).toEqual({ error: 'The token has been revoked. Ask an administrator for a new one.' });
    const actions = (await listAudit(h.db, agencyId, {}, { limit: 50, offset: 0 })).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['api_token.create', 'api_token.revoke', 'import', 'import.failed']));
  });
});

describe.each(testDrivers().filter((d) => d === 'pg'))('POST /api/v1/imports while another import runs, on %s', (driver) => {
  let h: DbHandle;
  let app: Running;
  test('answers 409 while the agency’s import lock is held, and imports once it is free', async () => {
    h = await createTestDb(driver);
    try {
      const agencyId = await makeAgency(h.db);
      app = await startApp({ db: h.db, dashboardDir: fakeDashboard(), logError: () => {} });
      await saveMappingProfile(h.db, agencyId, caseWorksProfile, { userId: null, label: 'test' });
      const { token } = await createApiToken(h.db, agencyId, 'job', { userId: null, label: 'admin@test' });
      const workbook = await caseWorksWorkbook();
      const push = () => {
        const form = new FormData();
        form.append('files', new Blob([new Uint8Array(workbook)]), CASEWORKS);
        return fetch(`${app.url}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      };
      await h.db.transaction().execute(async (trx) => {
        // what an import in another process holds for its whole transaction
        await sql`select pg_advisory_xact_lock(hashtextextended(${`caseload:import:${agencyId}`}, 0))`.execute(trx);
        const busy = await push();
        expect(busy.status).toBe(409);
        expect(await busy.json()).toEqual({ error: 'Another import is running for this agency. Try again when it has finished.' });
      });
      expect((await push()).status).toBe(201);
    } finally {
      await app?.close();
      await h?.close();
    }
  });
});
