/**
 * Exports: every table downloads as CSV named by its page, the filters
 * applied and the settings version of the data, with the rows the table shows; every
 * download is in the audit log under that file name.
 */
import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { monthEnd, monthStart, STANDARD8_PERIOD, stories } from './demo.ts';
import { expect, recordTrpc, signIn, test, users } from './helpers.ts';

/** Dates relative to the demo's as-of date (e2e/demo.ts): the end of the month team-02 ran short-staffed, the Standard 8 period, six months of trend. */
const ON = stories.dip.shortStaffedOn;
const S8 = STANDARD8_PERIOD;
const TREND = { from: monthStart(-13), to: monthEnd(-8) };

/** RFC 4180 parsing of a downloaded CSV (byte-order mark, CRLF, quoted cells). */
async function readCsv(download: Download): Promise<string[][]> {
  const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

async function download(page: Page, button: string): Promise<Download> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return file;
}

const count = (text: string) => Number(text.replace(/,/g, '').trim());

test('a director downloads three filtered tables; each file names its filters and settings version, holds the rows on screen, and is audited', async ({
  page,
}) => {
  const trpc = recordTrpc(page);
  const files: { name: string; rows: number }[] = [];

  // 1. Caseloads: an as-of day and a team, sorted by load (the file keeps the order shown)
  await signIn(page, users.director, `/caseloads?asOf=${ON}&team=team-02&sort=loadRatio-desc`);
  const report = await trpc.latest<{ asOf: string; settingsVersion: number; staff: { staffId: string; teamId: string | null }[] }>(
    'caseload.report',
  );
  expect(report.asOf).toBe(ON);
  expect(report.staff.length).toBeGreaterThan(1);
  const staffRows = page.locator('table.staff-load-table tbody tr');
  await expect(staffRows).toHaveCount(report.staff.length);
  const caseloads = await download(page, 'Download CSV of caseloads');
  const caseloadsName = `caseloads_as-of-${ON}_team-team-02_settings-v${report.settingsVersion}.csv`;
  expect(caseloads.suggestedFilename()).toBe(caseloadsName);
  const [header, ...rows] = await readCsv(caseloads);
  expect(header?.slice(0, 5)).toEqual(['as_of', 'settings_version', 'staff_id', 'team_id', 'clients']);
  expect(rows).toHaveLength(report.staff.length);
  // the same people in the same order as the table, with the same client counts
  const shownIds = await staffRows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-staff-id') ?? ''));
  expect(rows.map((r) => r[2])).toEqual(shownIds);
  const shownClients = await staffRows.locator('td:nth-of-type(2)').allTextContents();
  expect(rows.map((r) => Number(r[4]))).toEqual(shownClients.map(count));
  for (const r of rows) expect([r[0], r[1], r[3]]).toEqual([ON, String(report.settingsVersion), 'team-02']);
  files.push({ name: caseloadsName, rows: rows.length });

  // 2. Quality reviews (Standard 8): a period and a program
  const qa = await trpc.next<{ settingsVersion: number; monthly: unknown[] }>('qa.report', () =>
    page.goto(`/quality?from=${S8.from}&to=${S8.to}&program=oaa-iii-b`),
  );
  const monthRows = page.locator('table.qa-monthly-table tbody tr');
  await expect(monthRows).toHaveCount(qa.monthly.length);
  const quality = await download(page, 'Download CSV of quality reviews by month');
  const qualityName = `quality-reviews-monthly_from-${S8.from}_to-${S8.to}_program-oaa-iii-b_settings-v${qa.settingsVersion}.csv`;
  expect(quality.suggestedFilename()).toBe(qualityName);
  const [qaHeader, ...qaRows] = await readCsv(quality);
  expect(qaHeader?.slice(0, 5)).toEqual(['month', 'as_of', 'settings_version', 'qa_pass_score', 'reviews']);
  // the months of the table's body, then the period row of its footer
  expect(qaRows).toHaveLength(qa.monthly.length + 1);
  const shownMonths = await monthRows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-month') ?? ''));
  expect(qaRows.slice(0, -1).map((r) => r[0])).toEqual(shownMonths);
  expect(qaRows.at(-1)?.[0]).toBe(`${S8.from}..${S8.to}`);
  const shownReviews = await monthRows.locator('td:nth-of-type(1)').allTextContents();
  expect(qaRows.slice(0, -1).map((r) => Number(r[4]))).toEqual(shownReviews.map(count));
  const totalReviews = await page.locator('table.qa-monthly-table tfoot td').first().textContent();
  expect(Number(qaRows.at(-1)?.[4])).toBe(count(totalReviews ?? ''));
  files.push({ name: qualityName, rows: qaRows.length });

  // 3. Trends: a period and a team line; one row per month as on the page
  const trend = await trpc.next<{ settingsVersion: number; months: { month: string }[] }>('caseload.trend', () =>
    page.goto(`/trends?from=${TREND.from}&to=${TREND.to}&team=team-01`),
  );
  const trendRows = page.getByRole('table', { name: 'Table: month by month' }).locator('tbody tr');
  await expect(trendRows).toHaveCount(trend.months.length);
  const trendFile = await download(page, 'Download CSV of the monthly figures');
  const trendName = `trend_from-${TREND.from}_to-${TREND.to}_team-team-01_settings-v${trend.settingsVersion}.csv`;
  expect(trendFile.suggestedFilename()).toBe(trendName);
  const [trendHeader, ...trendCsvRows] = await readCsv(trendFile);
  expect(trendCsvRows.map((r) => r[0])).toEqual(trend.months.map((m) => m.month));
  // the load cells: the table shows "104% = …", the file the unrounded ratio
  const agencyLoad = trendHeader?.indexOf('agency_load_ratio') ?? -1;
  const teamLoad = trendHeader?.indexOf('team_load_ratio') ?? -1;
  expect(agencyLoad).toBeGreaterThan(0);
  expect(teamLoad).toBeGreaterThan(0);
  const shownAgency = await trendRows.locator('td:nth-of-type(1)').allTextContents();
  const shownTeam = await trendRows.locator('td:nth-of-type(4)').allTextContents();
  const percent = (ratio: string | undefined) => `${Math.round(Number(ratio) * 100)}%`;
  expect(trendCsvRows.map((r) => percent(r[agencyLoad]))).toEqual(shownAgency.map((t) => t.split(' ')[0]));
  expect(trendCsvRows.map((r) => percent(r[teamLoad]))).toEqual(shownTeam.map((t) => t.split(' ')[0]));
  files.push({ name: trendName, rows: trendCsvRows.length });

  // The audit log lists every download under its file name, with its row count.
  await page.goto('/admin/audit?action=export');
  const audit = page.locator('table.audit-table');
  await expect(audit.locator('tbody tr').first()).toBeVisible();
  for (const f of files) {
    await expect(audit.getByRole('row').filter({ hasText: `file: ${f.name}` })).toContainText(`rows: ${f.rows}`);
  }
  const log = await trpc.latest<{ entries: { action: string; details: { file?: string; format?: string; page?: string } }[] }>(
    'audit.list',
  );
  const caseloadsEntry = log.entries.find((e) => e.details.file === caseloadsName);
  expect(caseloadsEntry).toMatchObject({ action: 'export', details: { format: 'csv' } });
  expect(caseloadsEntry?.details.page).toContain('team=team-02');
});

test('a table without a CSV before (the acuity mix on Rebalance) downloads with its team, date and version', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.director, `/rebalance?asOf=${ON}&team=team-02`);
  const report = await trpc.latest<{ asOf: string; settingsVersion: number }>('caseload.report');
  const table = page.locator('table.acuity-mix-table');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  const shown = await table.locator('tbody tr').count();
  const file = await download(page, 'Download CSV of the team’s clients and weighted hours by tier');
  expect(file.suggestedFilename()).toBe(`acuity-mix_as-of-${ON}_team-team-02_settings-v${report.settingsVersion}.csv`);
  const [header, ...rows] = await readCsv(file);
  expect(rows).toHaveLength(shown);
  const clients = header?.indexOf('clients') ?? -1;
  const shownClients = await table.locator('tbody tr td:nth-of-type(1)').allTextContents();
  expect(rows.map((r) => Number(r[clients]))).toEqual(shownClients.map(count));
});

test('the admin tables download too: the accounts and the past imports, each row as shown', async ({ page }) => {
  await signIn(page, users.admin, '/admin/users');
  const accounts = page.locator('table.users-table');
  await expect(accounts.locator('tbody tr').first()).toBeVisible();
  const emails = await accounts.locator('tbody th[scope="row"]').allTextContents();
  const file = await download(page, 'Download CSV of the accounts');
  expect(file.suggestedFilename()).toBe('accounts.csv');
  const [header, ...rows] = await readCsv(file);
  expect(header?.slice(0, 3)).toEqual(['email', 'role', 'scope']);
  // the table marks the signed-in account with "you" after its address
  expect(rows.map((r) => r[0])).toEqual(emails.map((e) => e.replace(/you$/, '')));

  await page.goto('/admin/imports');
  const history = page.locator('table.import-history');
  await expect(history.locator('tbody tr').first()).toBeVisible();
  const shown = await history.locator('tbody tr').count();
  const imports = await download(page, 'Download CSV of the past imports on this page');
  expect(imports.suggestedFilename()).toBe('imports_page-1.csv');
  const [importHeader, ...importRows] = await readCsv(imports);
  expect(importHeader).toEqual(['at', 'by', 'files', 'total_rows']);
  expect(importRows).toHaveLength(shown);
});
