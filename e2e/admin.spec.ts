/**
 * The administration pages in the browser against the real server and demo data:
 * imports (a bad upload lists line-numbered errors and changes nothing; a valid
 * upload that leaves every figure as it was completes and appears in the history),
 * the audit log (filter, CSV download), users (validation), and each of the six
 * demo roles seeing exactly the pages its role may open — with the server refusing
 * the administration data to everyone else.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import { pagesFor } from '../apps/dashboard/src/app/pages.ts';
import type { Role } from '../apps/dashboard/src/lib/session.ts';
import { PROGRAMS } from '../packages/importer/src/synthetic/catalog.ts';
import { expect, expectAccessible, recordTrpc, screenshot, signIn, test, users } from './helpers.ts';
import { quoteCsvField } from '@caseload/values';

interface DirectoryJson {
  programs: Array<{ programId: string; name: string }>;
}
interface HistoryJson {
  imports: Array<{ actor: string; files: Array<{ file: string; rows: number }>; totalRows: number }>;
  total: number;
}

const csv = (rows: string[][]) => `${rows.map((r) => r.map(quoteCsvField).join(',')).join('\n')}\n`;

/** A tRPC query from the signed-in page's session (same cookies), as the server answers it. */
async function trpcGet(page: Page, procedure: string, input?: unknown) {
  const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await page.request.get(`/trpc/${procedure}${qs}`);
  return { status: res.status(), body: (await res.json()) as { result?: { data: unknown }; error?: unknown } };
}

async function chooseFiles(page: Page, files: Array<{ name: string; text: string }>) {
  await page
    .getByLabel('Choose files…')
    .setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'text/csv', buffer: Buffer.from(f.text) })));
}

test('imports: a bad upload lists every error by file and line and changes nothing; a valid one completes', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.admin, '/admin/imports');
  await expect(page.getByRole('heading', { name: 'Imports', level: 1 })).toBeVisible();
  const historyBefore = await trpc.latest<HistoryJson>('imports.history');
  const directory = (await trpcGet(page, 'meta.directory')).body.result?.data as DirectoryJson;
  const oaa = directory.programs.find((p) => p.programId === 'oaa-iii-b');
  expect(oaa, 'the demo has program oaa-iii-b').toBeTruthy();
  await expectAccessible(page);

  // A renamed program (valid) with a clients.csv holding an impossible date and an unknown program:
  // all or nothing, so the rename must not happen either.
  const programsRenamed = csv([
    ['program_id', 'name', 'funder'],
    ['oaa-iii-b', 'Renamed by the e2e test', 'Older Americans Act Title III-B'],
  ]);
  const badClients = csv([
    ['client_id', 'program_id', 'birth_year', 'county', 'primary_language', 'region', 'enrolled_on', 'closed_on', 'closure_reason'],
    ['e2e-client-1', 'oaa-iii-b', '1940', 'Kent', 'en', 'north', '2026-02-30', '', ''],
    ['e2e-client-2', 'no-such-program', '1941', 'Kent', 'en', 'north', '2026-01-05', '', ''],
  ]);
  await chooseFiles(page, [
    { name: 'programs.csv', text: programsRenamed },
    { name: 'clients.csv', text: badClients },
  ]);
  await expect(page.getByText('Chosen: 2 files')).toBeVisible();
  await page.getByRole('button', { name: 'Check and import' }).click();
  const errors = page.locator('.import-errors');
  await expect(errors).toContainText('2 problems found — nothing was imported.');
  await expect(errors.locator('li')).toHaveCount(2);
  await expect(errors.locator('li').nth(0)).toHaveText(/^clients\.csv:2: enrolled_on: .+/);
  await expect(errors.locator('li').nth(1)).toHaveText(/^clients\.csv:3: program_id: .*no-such-program/);
  await expectAccessible(page);
  await screenshot(page, 'admin-imports-errors');

  // nothing changed: the program keeps its name and no import was recorded
  const after = (await trpcGet(page, 'meta.directory')).body.result?.data as DirectoryJson;
  expect(after.programs.find((p) => p.programId === 'oaa-iii-b')?.name).toBe(oaa?.name);
  const historyAfterBad = (await trpcGet(page, 'imports.history', { page: 1, pageSize: 10 })).body.result?.data as HistoryJson;
  expect(historyAfterBad.total).toBe(historyBefore.total);

  // A valid upload that changes no figure: the demo's own programs, row for row (built from
  // the generator's catalogue and checked against what the server holds).
  const demoPrograms = PROGRAMS.filter((p) => directory.programs.some((d) => d.programId === p.programId));
  expect(demoPrograms.length).toBe(directory.programs.length);
  for (const p of demoPrograms) expect(directory.programs.find((d) => d.programId === p.programId)?.name).toBe(p.name);
  await chooseFiles(page, [
    { name: 'programs.csv', text: csv([['program_id', 'name', 'funder'], ...demoPrograms.map((p) => [p.programId, p.name, p.funder])]) },
  ]);
  await page.getByRole('button', { name: 'Check and import' }).click();
  const success = page.locator('.import-success');
  await expect(success).toContainText(`Imported ${demoPrograms.length} rows from 1 file.`);
  const row = success.getByRole('row', { name: /programs\.csv/ });
  // rows, new, changed, unchanged: every row was already there, unchanged
  await expect(row.getByRole('cell')).toHaveText([String(demoPrograms.length), '0', '0', String(demoPrograms.length)]);

  // the history shows it first, by this administrator
  const history = page.locator('table.import-history');
  await expect(history.getByRole('row').nth(1)).toContainText(users.admin);
  await expect(history.getByRole('row').nth(1)).toContainText(`programs.csv (${demoPrograms.length})`);
  const historyAfter = (await trpcGet(page, 'imports.history', { page: 1, pageSize: 10 })).body.result?.data as HistoryJson;
  expect(historyAfter.total).toBe(historyBefore.total + 1);
  expect(historyAfter.imports[0]?.actor).toBe(users.admin);
  await expectAccessible(page);
  await screenshot(page, 'admin-imports-success');
});

test('imports: a file that is neither CSV nor zip is caught before sending', async ({ page }) => {
  await signIn(page, users.admin, '/admin/imports');
  await page
    .getByLabel('Choose files…')
    .setInputFiles([{ name: 'clients.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('x') }]);
  await expect(page.getByRole('alert')).toHaveText('clients.xlsx: only .csv files or one .zip file can be imported.');
  await expect(page.getByRole('button', { name: 'Check and import' })).toBeDisabled();
});

test('audit log: filter by action in the address, download the filtered entries as CSV', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.admin, '/admin/audit');
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  await expect(page.locator('table.audit-table tbody tr').first()).toBeVisible();
  await expectAccessible(page);

  const filtered = await trpc.next<{ entries: Array<{ action: string }>; total: number }>('audit.list', () =>
    page.getByLabel('Action').selectOption('login.success'),
  );
  await expect(page).toHaveURL(/[?&]action=login\.success/);
  expect(filtered.total).toBeGreaterThan(0);
  expect(filtered.entries.every((e) => e.action === 'login.success')).toBe(true);
  const rows = page.locator('table.audit-table tbody tr');
  await expect(rows).toHaveCount(Math.min(filtered.total, 50));
  for (const text of await rows.locator('td:nth-child(3)').allTextContents()) expect(text).toContain('Signed in');
  await expect(page.locator('.pager')).toContainText(`${filtered.total} ${filtered.total === 1 ? 'entry' : 'entries'}`);
  await screenshot(page, 'admin-audit');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV of the filtered audit entries' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('audit-log_action-login.success.csv');
  const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  const lines = text.trim().split('\r\n');
  expect(lines[0]).toBe('audit_id,at_utc,actor,user_id,action,details');
  expect(lines.length - 1).toBe(filtered.total);
  for (const line of lines.slice(1)) expect(line.split(',')[4]).toBe('login.success');

  // a date range the other way round is explained, not sent
  await page.goto('/admin/audit?from=2026-03-01&to=2026-02-01');
  await expect(page.getByRole('note')).toContainText('The range starts (2026-03-01) after it ends (2026-02-01)');
  await expectAccessible(page);
});

test('users: the list shows every demo account; the new-user form explains what is missing', async ({ page }) => {
  await signIn(page, users.admin, '/admin/users');
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  const table = page.locator('table.users-table');
  for (const email of Object.values(users)) await expect(table.getByRole('rowheader', { name: new RegExp(email) })).toBeVisible();
  await expect(table.getByRole('row', { name: new RegExp(users.supervisor) })).toContainText('Teams:');
  // nobody can disable their own account
  await expect(page.getByRole('button', { name: `Disable ${users.admin}` })).toBeDisabled();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText('Enter the email address the person signs in with.')).toBeVisible();
  await expect(page.getByText('Choose a role.')).toBeVisible();
  await expect(page.getByText('A password must be at least 12 characters.')).toBeVisible();
  await page.getByLabel('Role').selectOption('supervisor');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText('A supervisor needs at least one team.')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'admin-users');

  // a new board member: created, disabled, enabled, given a new password — then signs in with it
  // wall-clock: a unique account name
  const email = `e2e-board-${Date.now()}@demo.local`;
  await page.getByLabel('Role').selectOption('board');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Initial password').fill('first password 123');
  await page.getByLabel('Password again').fill('first password 123');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${email} can now sign in.` })).toBeVisible();
  const row = table.getByRole('row', { name: new RegExp(email) });
  await expect(row).toContainText('Board member');
  await page.getByRole('button', { name: `Disable ${email}` }).click();
  await expect(row).toContainText('Disabled');
  await page.getByRole('button', { name: `Enable ${email}` }).click();
  await expect(row).toContainText('Active');
  await page.getByRole('button', { name: `New password for ${email}` }).click();
  await page.getByLabel(`Password to set for ${email}`).fill('short');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByText('A password must be at least 12 characters.')).toBeVisible();
  await page.getByLabel(`Password to set for ${email}`).fill('second password 456');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${email} has a new password` })).toBeVisible();

  const other = await page.context().browser()?.newContext();
  if (!other) throw new Error('no browser');
  const newcomer = await other.newPage();
  await newcomer.goto('/');
  await newcomer.getByLabel('Email address').fill(email);
  await newcomer.getByLabel('Password').fill('second password 456');
  await newcomer.getByRole('button', { name: 'Sign in' }).click();
  await expect(newcomer.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(pagesFor('board').map((p) => p.label));
  await other.close();
});

const demoRoles: Array<[Role, string]> = [
  ['admin', users.admin],
  ['director', users.director],
  ['program_manager', users.programManager],
  ['supervisor', users.supervisor],
  ['case_manager', users.caseManager],
  ['board', users.board],
];

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

for (const [role, email] of demoRoles) {
  test(`${role}: the navigation offers exactly the pages of the role; administration is refused otherwise`, async ({ browser }) => {
    const page = await signedInPage(browser, email);
    try {
      const expected = pagesFor(role).map((p) => p.label);
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(expected);

      const mayImport = expected.includes('Imports');
      const mayAudit = expected.includes('Audit log');
      const mayManageUsers = expected.includes('Users');
      expect([mayImport, mayAudit, mayManageUsers]).toEqual([role === 'admin', role === 'admin' || role === 'director', role === 'admin']);

      // the server agrees with the navigation
      expect((await trpcGet(page, 'users.list')).status).toBe(mayManageUsers ? 200 : 403);
      expect((await trpcGet(page, 'audit.list', { page: 1, pageSize: 5 })).status).toBe(mayAudit ? 200 : 403);
      expect((await trpcGet(page, 'imports.history', { page: 1, pageSize: 5 })).status).toBe(mayAudit ? 200 : 403);
      if (!mayImport) {
        const upload = await page.request.post('/admin/imports', {
          headers: { origin: new URL(page.url()).origin },
          multipart: { files: { name: 'programs.csv', mimeType: 'text/csv', buffer: Buffer.from('program_id,name,funder\nx,y,z\n') } },
        });
        expect(upload.status()).toBe(403);
      }

      for (const [path, allowed] of [
        ['/admin/imports', mayImport],
        ['/admin/audit', mayAudit],
        ['/admin/users', mayManageUsers],
      ] as const) {
        await page.goto(path);
        if (allowed) {
          await expect(page.locator('main h1')).toBeVisible();
          await expect(page.getByText('This page is not part of your role')).toHaveCount(0);
        } else {
          await expect(page.getByText('This page is not part of your role')).toBeVisible();
          await expect(page.locator('table')).toHaveCount(0);
        }
      }
      if (role === 'director') {
        await page.goto('/admin/imports');
        await expect(page.getByText('Imports and user accounts are managed by administrators.')).toBeVisible();
        await expectAccessible(page);
        await screenshot(page, 'admin-forbidden-director');
      }
    } finally {
      await page.context().close();
    }
  });
}
