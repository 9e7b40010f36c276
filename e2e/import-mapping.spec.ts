/**
 * An agency's own export, from the browser to the dashboard: the administrator uploads
 * one file of a foreign export on the Import mapping page, takes the suggested mapping,
 * maps its words ("Home Visit") onto the import's values, sees the first rows as they
 * will import (a bad one named), saves the mapping; then the export as it is goes in on
 * the Imports page, and every page says when and how the data came.
 *
 * The imported export is the demo agency's own programs in the foreign shape, row for
 * row, so every figure the other browser tests check stays as it was.
 */
import { PROGRAMS } from '../packages/importer/src/synthetic/catalog.ts';
import { expect, expectAccessible, screenshot, signIn, test, users } from './helpers.ts';

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const csv = (rows: string[][]) => `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;

const ACTIVITIES = 'ClientTrack_Activities_20250316.csv';
const PROGRAMS_FILE = 'ClientTrack_Programs_20250316.csv';

test('a foreign export: mapped and saved in the browser, imported as it is, and the freshness line says so', async ({ page }) => {
  await signIn(page, users.admin, '/admin/import-mapping');
  const directory = (
    (await (await page.request.get('/trpc/meta.directory')).json()) as { result: { data: { programs: Array<{ programId: string }> } } }
  ).result.data;
  // the demo's programs exactly (the catalogue has more than the demo uses)
  const demo = PROGRAMS.filter((p) => directory.programs.some((d) => d.programId === p.programId));
  expect(demo.length).toBe(directory.programs.length);
  const programsExport = csv([['Program Code', 'Program Title', 'Funding Source'], ...demo.map((p) => [p.programId, p.name, p.funder])]);
  await expect(page.getByRole('heading', { name: 'Import mapping', level: 1 })).toBeVisible();
  await expect(page.getByText('No mapping is saved yet')).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill('ClientTrack nightly export');
  await page.getByLabel('Dates are written').selectOption('MM/DD/YYYY');

  // contacts: the activities file, its words mapped, the preview names the bad row
  await page.getByLabel('Export file').setInputFiles({
    name: ACTIVITIES,
    mimeType: 'text/csv',
    buffer: Buffer.from(
      csv([
        ['Activity ID', 'Client #', 'Worker ID', 'Activity Date', 'Activity Type', 'Duration (min)'],
        ['ACT-1', 'AAA-1001', 'S-CM1', '03/15/2025', 'Home Visit', '45'],
        ['ACT-2', 'AAA-1001', 'S-CM1', '03/16/2025', 'Phone Call', ''],
        ['ACT-3', 'AAA-1003', 'S-CM2', '2025-03-03', 'Office Visit', '30'],
      ]),
    ),
  });
  await page.getByLabel('Fills the import file').selectOption('contacts.csv');
  await page.getByRole('button', { name: `Map ${ACTIVITIES} to contacts.csv` }).click();
  await expect(page.getByLabel('contact_id')).toHaveValue('Activity ID');
  await expect(page.getByLabel('occurred_on')).toHaveValue('Activity Date');
  await expect(page.getByLabel('mode')).toHaveValue('Activity Type');
  const words: Array<[string, string]> = [
    ['Home Visit', 'home_visit'],
    ['Phone Call', 'phone'],
    ['Office Visit', 'office_visit'],
  ];
  for (const [word, value] of words) {
    await page.locator('.value-map li', { hasText: word }).locator('select').selectOption(value);
  }
  const preview = page.locator('.mapping-preview');
  await expect(preview.getByRole('row').nth(1).getByRole('cell')).toHaveText([
    'ACT-1',
    'AAA-1001',
    'S-CM1',
    '2025-03-15',
    'home_visit',
    '45',
  ]);
  await expect(preview.locator('.cell-refused')).toHaveCount(1);
  await expect(preview.locator('.cell-refused')).toContainText('"2025-03-03" is not a date in the format MM/DD/YYYY');
  await expect(preview.getByRole('status')).toHaveText('1 cell would be refused; the import would name each by file, row and column.');
  await expectAccessible(page);
  await screenshot(page, 'import-mapping-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'import-mapping-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  // programs: the demo's own programs as the system exports them
  await page.getByLabel('Export file').setInputFiles({
    name: PROGRAMS_FILE,
    mimeType: 'text/csv',
    buffer: Buffer.from(programsExport),
  });
  await page.getByLabel('Fills the import file').selectOption('programs.csv');
  await page.getByRole('button', { name: `Map ${PROGRAMS_FILE} to programs.csv` }).click();
  await expect(page.getByLabel('program_id')).toHaveValue('Program Code');
  await expect(page.getByLabel('funder')).toHaveValue('Funding Source');
  await page.getByLabel('name', { exact: true }).selectOption('Program Title');
  await page.getByLabel(/^Source file name/).fill('ClientTrack_Programs_*.csv');
  await expect(page.locator('.mapping-preview').getByRole('status')).toHaveText('Every cell shown imports as it is.');
  await page.getByRole('button', { name: 'Save the mapping' }).click();
  await expect(page.getByText('Saved as version 1.')).toBeVisible();
  await expect(page.getByText(/Version 1 is in use/)).toBeVisible();

  // the export as it is, on the Imports page
  await page.goto('/admin/imports');
  await expect(page.getByText('The agency\'s import mapping "ClientTrack nightly export" is in use')).toBeVisible();
  await page.getByLabel('Choose files…').setInputFiles({
    name: PROGRAMS_FILE,
    mimeType: 'text/csv',
    buffer: Buffer.from(programsExport),
  });
  await page.getByRole('button', { name: 'Check and import' }).click();
  const success = page.locator('.import-success');
  await expect(success).toContainText(`Imported ${demo.length} rows from 1 file.`);
  // rows, new, changed, unchanged: the export holds what the agency has, so nothing changed
  await expect(success.getByRole('row', { name: /programs\.csv/ }).getByRole('cell')).toHaveText([
    String(demo.length),
    '0',
    '0',
    String(demo.length),
  ]);

  // every page says when and how the data came
  await page.goto('/');
  const banner = page.getByTestId('freshness');
  await expect(banner).toContainText(/^Data as of .+, imported .+ \(browser\)\./);
  await screenshot(page, 'freshness-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(banner).toBeVisible();
  await screenshot(page, 'freshness-phone');
});
