/**
 * GET /reports/board.pdf: the board report printed by Chromium, for exactly the roles
 * the tRPC procedure board.report allows, audited before the file is sent, refused
 * cross-site, and without a staff name, staff id or client id in the PDF's text; with
 * `staffing=NAME`, the "Staffing need" section of that saved scenario, as board.report
 * (and so the Board report page and the CLI) gives it.
 */
import { boardStaffingNeed, saveScenario } from '@caseload/api';
import { createClock } from '@caseload/clock';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_PASSWORD } from '../../../packages/api/test/factories.ts';
import { AS_OF, buildWorld, type World } from '../../../packages/api/test/world.ts';
import { fakeDashboard, loginRequest, removeFakeDashboard, type Running, sessionPair, startApp, trpcQuery } from './helpers.ts';

afterAll(removeFakeDashboard);

const FROM = '2024-10-01';
const TO = '2024-12-31';
const QS = `from=${FROM}&to=${TO}`;

const tmp = mkdtempSync(path.join(tmpdir(), 'cm-board-pdf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The PDF's text, through poppler's pdftotext. */
function pdfText(bytes: Uint8Array, name: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe.each(testDrivers())('GET /reports/board.pdf on %s', (driver) => {
  let h: DbHandle;
  let w: World;
  let app: Running;
  let broken: Running;
  const errors: string[] = [];
  const cookies = new Map<string, string>();

  const get = (url: string, cookie: string | null, headers: Record<string, string> = {}) =>
    fetch(`${url}/reports/board.pdf?${QS}`, { headers: { 'sec-fetch-site': 'same-origin', ...(cookie ? { cookie } : {}), ...headers } });

  const exportRows = async () =>
    (await h.db.selectFrom('audit_log').selectAll().where('agency_id', '=', w.a.agencyId).where('action', '=', 'export').execute()).filter(
      (r) => (r.details as { format?: string }).format === 'pdf',
    );

  beforeAll(async () => {
    h = await createTestDb(driver);
    w = await buildWorld(h.db);
    const clock = createClock({ today: AS_OF });
    app = await startApp({ db: h.db, clock, dashboardDir: fakeDashboard(), logError: (m) => errors.push(m) });
    broken = await startApp({
      db: h.db,
      clock,
      dashboardDir: fakeDashboard(),
      logError: (m) => errors.push(m),
      pdf: { chromiumPath: '/nonexistent/chromium' },
    });
    for (const role of ['admin', 'director', 'program_manager', 'supervisor', 'case_manager', 'board'] as const) {
      const res = await loginRequest(app.url, w.a.users[role].email, TEST_PASSWORD);
      expect(res.status).toBe(200);
      cookies.set(role, sessionPair(res));
    }
  });
  afterAll(async () => {
    await app?.close();
    await broken?.close();
    await h?.close();
  });

  test('a director downloads the PDF: attachment named for the period and settings version, audited before it is sent', async () => {
    const before = (await exportRows()).length;
    const res = await get(app.url, cookies.get('director') as string);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('no-store');
    // the settings version the report's figures used, as the procedure reports it
    const viaTrpc = await trpcQuery(app.url, 'board.report', cookies.get('director') as string, { from: FROM, to: TO });
    const version = ((await viaTrpc.json()) as { result: { data: { settingsVersion: number } } }).result.data.settingsVersion;
    const file = `board-report_${FROM}_${TO}_settings-v${version}.pdf`;
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${file}"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes.slice(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(Number(res.headers.get('content-length'))).toBe(bytes.byteLength);

    const rows = await exportRows();
    expect(rows.length).toBe(before + 1);
    const row = rows.find((r) => (r.details as { file?: string }).file === file);
    expect(row?.user_id).toBe(w.a.users.director.userId);
    expect(row?.details).toMatchObject({ via: 'dashboard', format: 'pdf', file, page: `/board?${QS}` });

    const text = pdfText(bytes, 'director.pdf');
    expect(text).toContain(w.a.agencyName);
  });

  test('with staffing=NAME (an administrator) the PDF has that saved scenario’s "Staffing need"; without it, none; an unknown name is 404', async () => {
    const name = 'Two hires in spring';
    await saveScenario(
      h.db,
      w.a.agencyId,
      { userId: null, actor: 'test' },
      { name, inputs: { hires: [{ month: 4, fte: 2 }], target: 0.9 } },
    );
    const need = await boardStaffingNeed(h.db, w.a.agencyId, { asOf: TO, scenarioName: name });
    // the administrator (also allowed the report): the director's downloads in this file stay under the per-user limit
    const director = cookies.get('admin') as string;
    const flat = (t: string) => t.replace(/\s+/g, ' ');
    const before = (await exportRows()).length;

    const res = await fetch(`${app.url}/reports/board.pdf?${QS}&staffing=${encodeURIComponent(name)}`, {
      headers: { 'sec-fetch-site': 'same-origin', cookie: director },
    });
    expect(res.status).toBe(200);
    const text = flat(pdfText(new Uint8Array(await res.arrayBuffer()), 'staffing.pdf'));
    expect(text).toContain('Staffing need');
    expect(text).toContain(flat(need.sentence));
    expect(text).toContain(`“${name}”`);
    expect(text).toContain('target 90% of capacity');
    expect(text).toContain('over the last 24 months');
    expect(need.quarters.length).toBeGreaterThan(0);
    for (const q of need.quarters) expect(text).toContain(q.quarter.replace('-', ' '));
    const rows = await exportRows();
    expect(rows.length).toBe(before + 1);
    expect(rows.map((r) => (r.details as { page?: string }).page)).toContain(`/board?${QS}&staffing=Two+hires+in+spring`);

    // the same period without a scenario: no such section
    const plain = await get(app.url, director);
    expect(plain.status).toBe(200);
    expect(flat(pdfText(new Uint8Array(await plain.arrayBuffer()), 'plain.pdf'))).not.toContain('Staffing need');

    // a name with no saved scenario, or two names: refused, nothing printed or recorded
    const recorded = (await exportRows()).length;
    const unknown = await fetch(`${app.url}/reports/board.pdf?${QS}&staffing=Nobody`, {
      headers: { 'sec-fetch-site': 'same-origin', cookie: director },
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toBe('There is no saved scenario named "Nobody".');
    const two = await fetch(`${app.url}/reports/board.pdf?${QS}&staffing=a&staffing=b`, {
      headers: { 'sec-fetch-site': 'same-origin', cookie: director },
    });
    expect(two.status).toBe(400);
    expect(((await two.json()) as { error: string }).error).toMatch(/at most one "staffing"/);
    expect((await exportRows()).length).toBe(recorded);
  });

  test('the board gets a PDF whose text names no staff member and no client', async () => {
    const res = await get(app.url, cookies.get('board') as string);
    expect(res.status).toBe(200);
    const text = pdfText(new Uint8Array(await res.arrayBuffer()), 'board.pdf');
    // it is the report: the teams are there (sorted by name) …
    const at = w.a.teamNames.map((n) => text.indexOf(n));
    for (const i of at) expect(i).toBeGreaterThanOrEqual(0);
    // … and nobody's name or id, nor a client id, nor a withheld value
    for (const s of w.a.staff) {
      expect(text).not.toContain(s.name);
      expect(text).not.toContain(s.staffId);
    }
    for (const id of w.a.clientIds) expect(text).not.toContain(id);
    for (const s of w.b.staff) expect(text).not.toContain(s.name);
    expect(text).not.toContain(w.b.agencyName);
  });

  test.each(['program_manager', 'supervisor', 'case_manager'] as const)('%s: 403, nothing printed or recorded', async (role) => {
    const before = (await exportRows()).length;
    const res = await get(app.url, cookies.get(role) as string);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await res.json()) as { error: string }).error).toBe('Your role does not give access to this.');
    expect((await exportRows()).length).toBe(before);
  });

  test('no session: 401 with a clear message', async () => {
    const res = await get(app.url, null);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toMatch(/Sign in/);
    const stale = await get(app.url, 'cm_session=not-a-session');
    expect(stale.status).toBe(401);
  });

  test.each([
    ['a month 13', 'from=2024-13-01&to=2024-12-31', /from.*YYYY-MM-DD|from.*calendar/],
    ['a day that does not exist', 'from=2024-10-01&to=2024-02-30', /to.*calendar/],
    ['no "to"', 'from=2024-10-01', /"to"/],
    ['the end before the start', 'from=2024-12-31&to=2024-10-01', /ends \(2024-10-01\) before it starts/],
    ['two "from"s', 'from=2024-10-01&from=2024-11-01&to=2024-12-31', /one "from"/],
  ])('bad dates (%s): 400 with what to send', async (_name, qs, message) => {
    const before = (await exportRows()).length;
    const res = await fetch(`${app.url}/reports/board.pdf?${qs}`, { headers: { cookie: cookies.get('director') as string } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(message);
    expect(body.error).not.toMatch(/at .*\.ts:\d+/);
    expect((await exportRows()).length).toBe(before);
  });

  test('a cross-site request is refused (403) before anything is printed or recorded; same-origin and typed addresses are not', async () => {
    const before = (await exportRows()).length;
    const director = cookies.get('director') as string;
    const attempts: Array<Record<string, string>> = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' },
      { origin: 'null' },
    ];
    for (const headers of attempts) {
      const res = await get(app.url, director, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as { error: string }).error).toMatch(/another site/);
    }
    expect((await exportRows()).length).toBe(before);
    // an address typed into the browser (Sec-Fetch-Site: none) downloads
    const typed = await get(app.url, director, { 'sec-fetch-site': 'none' });
    expect(typed.status).toBe(200);
    await typed.arrayBuffer();
  });

  test('only GET: other methods are 405', async () => {
    for (const method of ['POST', 'HEAD', 'PUT']) {
      const res = await fetch(`${app.url}/reports/board.pdf?${QS}`, {
        method,
        headers: { cookie: cookies.get('director') as string, origin: app.url },
      });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('GET');
    }
  });

  test('no Chromium: 503 with a clear message, no stack trace, nothing recorded', async () => {
    const before = (await exportRows()).length;
    const login = await loginRequest(broken.url, w.a.users.director.email, TEST_PASSWORD);
    const res = await get(broken.url, sessionPair(login));
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/Chromium is not installed/);
    expect(JSON.stringify(body)).not.toMatch(/nonexistent|\.ts:\d+|at async/);
    expect((await exportRows()).length).toBe(before);
    // the server's log has it
    expect(errors.some((e) => /PDF failed/.test(e))).toBe(true);
  });
});
