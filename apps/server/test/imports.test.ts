/**
 * POST /admin/imports over real HTTP on a real database: multipart CSV files and a
 * zip import all or nothing; line-numbered errors leave the data as it was; the
 * size limits answer 413; only a signed-in administrator on this site may import;
 * a zip entry that climbs out of its folder is refused. Every attempt is audited.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { type DbHandle, listAudit } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeAgency, makeUser, TEST_PASSWORD } from '../../../packages/api/test/factories.ts';
import { EnvError, readEnv } from '../src/env.ts';
import { baseName, isUnsafeEntryName, sizeText } from '../src/imports.ts';
import { fakeDashboard, loginRequest, type Running, removeFakeDashboard, sessionPair, startApp } from './helpers.ts';

afterAll(removeFakeDashboard);

const PROGRAMS = 'program_id,name,funder\nP-OAA,OAA Title III,Older Americans Act\nP-WAIVER,"Medicaid Waiver, Aged",Medicaid\n';
const CLIENTS =
  'client_id,program_id,birth_year,county,primary_language,region,enrolled_on,closed_on,closure_reason\n' +
  'C1,P-OAA,1940,Kent,en,North,2024-01-15,,\n' +
  'C2,P-WAIVER,1938,Kent,es,North,2024-02-01,2024-09-30,moved\n';

/** A zip written the plain way (local headers, deflate, central directory), for the tests. */
function makeZip(entries: Array<{ name: string; data: string | Buffer; store?: boolean; declaredSize?: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : e.data;
    const body = e.store ? data : zlib.deflateRawSync(data);
    const name = Buffer.from(e.name, 'utf8');
    const crc = zlib.crc32(data);
    const size = e.declaredSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(e.store ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(e.store ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function form(files: Array<{ name: string; data: string | Buffer; type?: string }>): FormData {
  const body = new FormData();
  for (const f of files) body.append('files', new Blob([f.data], { type: f.type ?? 'text/csv' }), f.name);
  return body;
}

test.each([
  [0, '0 bytes'],
  [1023, '1023 bytes'],
  [1024, '1 KB'],
  [1536, '1.5 KB'],
  [500 * 1024 * 1024, '500 MB'],
  [2 * 1024 ** 3, '2 GB'],
])('sizeText(%i) = %s', (bytes, text) => {
  expect(sizeText(bytes)).toBe(text);
});

test.each([
  ['programs.csv', false],
  ['export/2026/programs.csv', false],
  ['../programs.csv', true],
  ['export/../../etc/passwd.csv', true],
  ['..\\programs.csv', true],
  ['/etc/programs.csv', true],
  ['C:\\data\\programs.csv', true],
  ['pro\0grams.csv', true],
  ['..programs.csv', false],
])('isUnsafeEntryName(%j) = %s', (name, unsafe) => {
  expect(isUnsafeEntryName(name)).toBe(unsafe);
});

test.each([
  ['programs.csv', 'programs.csv'],
  ['a/b/programs.csv', 'programs.csv'],
  ['C:\\Users\\me\\programs.csv', 'programs.csv'],
  ['folder/', ''],
])('baseName(%j) = %j', (name, base) => {
  expect(baseName(name)).toBe(base);
});

test('the upload limits come from IMPORT_MAX_UPLOAD_MB and IMPORT_MAX_UNZIPPED_MB', () => {
  expect(readEnv({})).toMatchObject({ importMaxUploadBytes: 500 * 1024 * 1024, importMaxUncompressedBytes: 2048 * 1024 * 1024 });
  expect(readEnv({ IMPORT_MAX_UPLOAD_MB: '10', IMPORT_MAX_UNZIPPED_MB: '40' })).toMatchObject({
    importMaxUploadBytes: 10 * 1024 * 1024,
    importMaxUncompressedBytes: 40 * 1024 * 1024,
  });
  expect(() => readEnv({ IMPORT_MAX_UPLOAD_MB: '0' })).toThrow(EnvError);
  expect(() => readEnv({ IMPORT_MAX_UNZIPPED_MB: '1.5' })).toThrow('IMPORT_MAX_UNZIPPED_MB must be a whole number of megabytes');
});

test("CASELOAD_TODAY pins the server's today; anything but a calendar date stops the start with a sentence", () => {
  expect(readEnv({ CASELOAD_TODAY: '2028-03-01' }).clock.today('America/New_York')).toBe('2028-03-01');
  expect(readEnv({}).clock.pinnedToday).toBeNull();
  expect(() => readEnv({ CASELOAD_TODAY: '2028-02-30' })).toThrow(EnvError);
  expect(() => readEnv({ CASELOAD_TODAY: 'today' })).toThrow('CASELOAD_TODAY must be a calendar date written YYYY-MM-DD');
});

describe.each(testDrivers())('POST /admin/imports on %s', (driver) => {
  let h: DbHandle;
  let app: Running;
  let agencyId: string;
  let tempDir: string;
  let adminCookie: string;
  let adminUserId: string;
  let directorCookie: string;

  const upload = (body: FormData | Buffer, headers: Record<string, string> = {}, cookie: string | null = adminCookie) =>
    fetch(`${app.url}/admin/imports`, {
      method: 'POST',
      headers: {
        origin: app.url,
        ...(cookie ? { cookie } : {}),
        ...(Buffer.isBuffer(body) ? { 'content-type': 'application/zip' } : {}),
        ...headers,
      },
      body: Buffer.isBuffer(body) ? new Uint8Array(body) : body,
    });

  const counts = async () => ({
    programs: (await h.db.selectFrom('programs').select('program_id').where('agency_id', '=', agencyId).execute()).length,
    clients: (await h.db.selectFrom('clients').select('client_id').where('agency_id', '=', agencyId).execute()).length,
  });
  const lastAudit = async () => (await listAudit(h.db, agencyId, {}, { limit: 1, offset: 0 })).entries[0];
  /** nothing is left behind in the temporary directory, whatever the outcome */
  const expectCleanedUp = () => expect(readdirSync(tempDir)).toEqual([]);

  beforeAll(async () => {
    h = await createTestDb(driver);
    agencyId = await makeAgency(h.db);
    const admin = await makeUser(h.db, agencyId, { role: 'admin' });
    const director = await makeUser(h.db, agencyId, { role: 'director' });
    adminUserId = admin.userId;
    tempDir = await mkdtemp(path.join(tmpdir(), 'cm-import-test-'));
    app = await startApp({
      db: h.db,
      dashboardDir: fakeDashboard(),
      logError: () => {},
      importLimits: { maxUploadBytes: 64 * 1024, maxUncompressedBytes: 256 * 1024, tempDir },
    });
    adminCookie = sessionPair(await loginRequest(app.url, admin.email, TEST_PASSWORD));
    directorCookie = sessionPair(await loginRequest(app.url, director.email, TEST_PASSWORD));
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  test('a bad upload lists every error as file:line: column: message and changes nothing', async () => {
    const before = await counts();
    const badClients = CLIENTS.replace('2024-01-15', '2024-02-30').replace('C2,P-WAIVER,1938', 'C2,P-NONE,1938');
    const res = await upload(
      form([
        { name: 'programs.csv', data: PROGRAMS },
        { name: 'clients.csv', data: badClients },
      ]),
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as { ok: boolean; errors: string[]; errorCount: number };
    expect(body.ok).toBe(false);
    expect(body.errorCount).toBe(2);
    expect(body.errors).toHaveLength(2);
    expect(body.errors[0]).toMatch(/^clients\.csv:2: enrolled_on: /);
    expect(body.errors[1]).toMatch(/^clients\.csv:3: program_id: .*P-NONE/);
    expect(await counts()).toEqual(before);
    const audit = await lastAudit();
    expect(audit?.action).toBe('import.failed');
    expect(audit?.userId).toBe(adminUserId);
    expect(audit?.details).toEqual({ stage: 'validation', files: ['clients.csv', 'programs.csv'], errorCount: 2, via: 'browser' });
    expectCleanedUp();
  });

  test('several CSV files in a multipart upload are imported and audited', async () => {
    const res = await upload(
      form([
        { name: 'programs.csv', data: PROGRAMS },
        { name: 'clients.csv', data: CLIENTS },
      ]),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; files: Array<{ file: string; rows: number }>; totalRows: number };
    expect(body.ok).toBe(true);
    expect(body.files.map((f) => [f.file, f.rows])).toEqual([
      ['programs.csv', 2],
      ['clients.csv', 2],
    ]);
    expect(body.totalRows).toBe(4);
    expect(await counts()).toEqual({ programs: 2, clients: 2 });
    const audit = await lastAudit();
    expect(audit?.action).toBe('import');
    expect(audit?.actor).toMatch(/@example\.org$/);
    expect(audit?.userId).toBe(adminUserId);
    expectCleanedUp();
  });

  test('a zip with the files in a folder is imported (folders, hidden files and other files ignored)', async () => {
    const zip = makeZip([
      { name: 'export/', data: '', store: true },
      { name: 'export/programs.csv', data: PROGRAMS.replace('OAA Title III', 'OAA Title III-B') },
      { name: 'export/readme.txt', data: 'not imported' },
      { name: '__MACOSX/export/._programs.csv', data: 'resource fork' },
      { name: 'export/clients.csv', data: CLIENTS, store: true },
    ]);
    const res = await upload(zip);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; files: Array<{ file: string; rows: number; updated: number }> };
    expect(body.ok).toBe(true);
    expect(body.files.map((f) => [f.file, f.rows, f.updated])).toEqual([
      ['programs.csv', 2, 1],
      ['clients.csv', 2, 0],
    ]);
    const renamed = await h.db
      .selectFrom('programs')
      .select('name')
      .where('agency_id', '=', agencyId)
      .where('program_id', '=', 'P-OAA')
      .executeTakeFirstOrThrow();
    expect(renamed.name).toBe('OAA Title III-B');
    expectCleanedUp();
  });

  test('a zip sent as a multipart part is imported too', async () => {
    const zip = makeZip([{ name: 'programs.csv', data: PROGRAMS }]);
    const res = await upload(form([{ name: 'caseload-export.zip', data: zip, type: 'application/zip' }]));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    expectCleanedUp();
  });

  test('a zip entry with a path that climbs out of the folder refuses the whole zip', async () => {
    const before = await counts();
    const zip = makeZip([
      { name: 'programs.csv', data: PROGRAMS.replace('Medicaid Waiver', 'Changed') },
      { name: '../../clients.csv', data: CLIENTS },
    ]);
    const res = await upload(zip);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(body.error).toContain('"../../clients.csv" points outside');
    expect(await counts()).toEqual(before);
    expect(existsSync(path.join(tempDir, '..', 'clients.csv'))).toBe(false);
    const audit = await lastAudit();
    expect(audit?.action).toBe('import.failed');
    expect(audit?.details).toMatchObject({ stage: 'upload' });
    expectCleanedUp();
  });

  test('an upload over the size limit is refused with 413 and a clear message', async () => {
    const big = `${PROGRAMS}${'P-X,Padding program,None\n'.repeat(4000)}`; // ~100 KB > 64 KB
    const res = await upload(form([{ name: 'programs.csv', data: big }]));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toBe(
      'The upload is larger than the limit of 64 KB. Upload fewer files at a time, or zip them.',
    );
    expectCleanedUp();
  });

  test('an upload with no declared length is cut at the limit as it streams', async () => {
    const big = Buffer.alloc(100 * 1024, 0x41);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < big.length; i += 8192) controller.enqueue(new Uint8Array(big.subarray(i, i + 8192)));
        controller.close();
      },
    });
    const res = await fetch(`${app.url}/admin/imports`, {
      method: 'POST',
      headers: { origin: app.url, cookie: adminCookie, 'content-type': 'application/zip' },
      body: stream,
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expectCleanedUp();
  });

  test('a zip that unzips past the limit (a zip bomb) is refused with 413', async () => {
    const zeros = Buffer.alloc(512 * 1024, 0x30); // deflates to well under the upload limit
    // the declared size understates the contents: the limit holds on the bytes actually inflated
    const zip = makeZip([{ name: 'programs.csv', data: zeros, declaredSize: 100 }]);
    expect(zip.length).toBeLessThan(64 * 1024);
    const res = await upload(zip);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('programs.csv in the .zip file is damaged');
    const honest = makeZip([{ name: 'programs.csv', data: zeros }]);
    const res2 = await upload(honest);
    expect(res2.status).toBe(413);
    expect(((await res2.json()) as { error: string }).error).toBe(
      'The files in the .zip file are larger than the limit of 256 KB once unzipped.',
    );
    expectCleanedUp();
  });

  test('a file that is neither CSV nor zip, and a damaged zip, are refused with a clear message', async () => {
    const res = await upload(form([{ name: 'clients.xlsx', data: 'x' }]));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('neither a .csv nor a .zip');
    const res2 = await upload(Buffer.from('this is not a zip file at all'));
    expect(res2.status).toBe(400);
    expect(((await res2.json()) as { error: string }).error).toContain('not a zip file or it is damaged');
    expectCleanedUp();
  });

  test('only a signed-in administrator on this site may import', async () => {
    const before = await counts();
    const body = () => form([{ name: 'programs.csv', data: PROGRAMS.replace('OAA Title III', 'Hijacked') }]);
    const none = await upload(body(), {}, null);
    expect(none.status).toBe(401);
    const director = await upload(body(), {}, directorCookie);
    expect(director.status).toBe(403);
    expect(((await director.json()) as { error: string }).error).toBe('Only an administrator can import data.');
    const crossSite = await upload(body(), { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const fetchSite = await upload(body(), { 'sec-fetch-site': 'cross-site' });
    expect(fetchSite.status).toBe(403);
    const put = await fetch(`${app.url}/admin/imports`, { method: 'PUT', headers: { origin: app.url, cookie: adminCookie } });
    expect(put.status).toBe(405);
    // GET is the dashboard page that uploads here
    const page = await fetch(`${app.url}/admin/imports`, { headers: { cookie: adminCookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await counts()).toEqual(before);
    const names = await h.db.selectFrom('programs').select('name').where('agency_id', '=', agencyId).execute();
    expect(names.map((n) => n.name)).not.toContain('Hijacked');
    expectCleanedUp();
  });
});
