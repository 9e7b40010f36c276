/**
 * The administrator's data pages as they are used: the data-quality checks (each count
 * as the server found it, its ids downloadable, readable on a phone) and the import
 * tokens of the push API (made, shown once, used, revoked).
 */
import { readFile } from 'node:fs/promises';
import { expect, expectAccessible, recordTrpc, screenshot, signIn, test, users } from './helpers.ts';

interface DataQualityJson {
  asOf: string;
  checks: Array<{ check: string; label: string; count: number; subject: string }>;
}

const PHONE = { width: 390, height: 844 };

test('data quality: every check with the count the server found, its ids as a CSV of exactly that many, and a card per check on a phone', async ({
  page,
}) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.admin, '/admin/data-quality');
  await expect(page.getByRole('heading', { name: 'Data quality', level: 1 })).toBeVisible();
  const report = await trpc.latest<DataQualityJson>('imports.dataQuality');
  expect(report.checks.length).toBeGreaterThan(0);

  const rows = page.getByRole('table').getByRole('row');
  // the header row, then one row per check in the server's order
  await expect(rows).toHaveCount(report.checks.length + 1);
  for (const [i, check] of report.checks.entries()) {
    const row = rows.nth(i + 1);
    await expect(row.getByRole('rowheader')).toHaveText(check.label);
    await expect(row.getByRole('cell').first()).toContainText(check.count.toLocaleString('en-US'));
    if (check.count === 0) await expect(row.getByRole('cell').last()).toHaveText('none');
  }
  await expectAccessible(page);
  await screenshot(page, 'data-quality-desktop');

  // the first check that found something: its ids, one per line, as many as the count
  const found = report.checks.find((c) => c.count > 0);
  expect(found, 'the demo has at least one data-quality finding').toBeTruthy();
  if (!found) return;
  const button = page.getByRole('button', { name: `Download ids of ${found.label}` });
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe(`data-quality_${found.check}_${report.asOf}.csv`);
  const lines = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').split('\r\n');
  expect(lines.at(-1)).toBe('');
  expect(lines[0]).toBe(`${found.subject}_id`);
  const ids = lines.slice(1, -1);
  expect(ids).toHaveLength(found.count);
  expect(new Set(ids).size).toBe(found.count);

  // on a phone: no sideways scrolling, each check's figures under it, the button in view
  await page.setViewportSize(PHONE);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
  const box = await button.boundingBox();
  expect(box, 'the download button is laid out').toBeTruthy();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
  const header = await rows.nth(1).getByRole('rowheader').boundingBox();
  const firstCell = await rows.nth(1).getByRole('cell').first().boundingBox();
  expect(firstCell?.y ?? 0, 'a check’s figures stack under its sentence').toBeGreaterThan((header?.y ?? 0) + (header?.height ?? 0) - 1);
  await expect(rows.nth(1).getByRole('cell').first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'data-quality-phone');
});

test('import tokens: made for a named program, shown once, accepted by the push API until revoked, then refused', async ({ page }) => {
  await signIn(page, users.admin, '/admin/users');
  const label = `Nightly export job ${Date.now().toString(36)}`; // wall-clock: a unique name
  const tokens = page.getByRole('table', { name: 'Import tokens' });
  await page.getByLabel('What will use it').fill(label);
  await page.getByRole('button', { name: 'Make a token' }).click();
  const shown = page.getByRole('status').filter({ hasText: `Token for “${label}”` });
  await expect(shown).toContainText('it will not be shown again');
  const token = (await shown.locator('code').textContent())?.trim() ?? '';
  expect(token.length).toBeGreaterThanOrEqual(32);
  const row = tokens.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label }) });
  await expect(row).toContainText('never');
  await expectAccessible(page);
  await screenshot(page, 'import-tokens-desktop');

  // the token authenticates: an empty upload is refused for what it is, not for who sent it
  const empty = await page.request.post('/api/v1/imports', { headers: { authorization: `Bearer ${token}` } });
  expect(empty.status()).not.toBe(401);
  expect(empty.status()).not.toBe(403);
  expect(empty.status()).toBeGreaterThanOrEqual(400);

  // once the page is left, the token is not shown again
  await page.reload();
  await expect(row).toBeVisible();
  await expect(page.getByText(token)).toHaveCount(0);

  await row.getByRole('button', { name: `Revoke the token for ${label}` }).click();
  await expect(row).toContainText('revoked');
  const revoked = await page.request.post('/api/v1/imports', { headers: { authorization: `Bearer ${token}` } });
  expect(revoked.status()).toBe(403);
  expect(await revoked.json()).toEqual({ error: 'The token has been revoked. Ask an administrator for a new one.' });

  await page.setViewportSize(PHONE);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  const status = await row.getByRole('cell').last().boundingBox();
  expect((status?.x ?? 0) + (status?.width ?? 0), 'the token’s status is in view on a phone').toBeLessThanOrEqual(PHONE.width);
  await screenshot(page, 'users-phone');
});
