/**
 * Notifications in the browser: the server makes each user's digest for the latest slot
 * of their schedule when it starts (no SMTP here: email is off, the product still shows
 * it). A supervisor sees the unread count in the header, opens the digest for their
 * teams — counts linking to the lists — marks it read, and switches to a daily digest.
 */
import { expect, expectAccessible, screenshot, signIn, test, users } from './helpers.ts';

test.describe.configure({ timeout: 180_000 });

test('a supervisor reads their digest from the header count and chooses a daily one', async ({ page }) => {
  await signIn(page, users.supervisor, '/');
  const link = page.getByTestId('header-notifications');
  // the server's first run makes the digest shortly after it starts; after each reload the
  // count is drawn once its request is answered, so wait for it rather than look the
  // moment the page has loaded
  await expect(async () => {
    await page.reload();
    await expect(link.locator('.badge')).toBeVisible({ timeout: 15_000 });
  }).toPass({ timeout: 120_000, intervals: [2_000] });
  await link.click();
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
  const digest = page.getByTestId('notifications').locator('li.notice-item').first();
  await expect(digest.getByRole('heading')).toContainText(/Weekly caseload digest, \d{4}-\d{2}-\d{2}/);
  await expect(digest).toContainText('Digest for your teams');
  await expect(digest).toContainText('not emailed');
  await expect(digest.getByRole('link', { name: 'Reassessments overdue' })).toHaveAttribute('href', '/worklists?kind=reassessOverdue');
  // a supervisor's digest has no agency-wide or standards lines
  await expect(digest).not.toContainText('Clients with no case manager');
  await expect(digest).not.toContainText('Caseload standards');
  await expectAccessible(page);
  await screenshot(page, 'notifications-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'notifications-390');
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.getByRole('button', { name: /Mark all as read/ }).click();
  await expect(link.locator('.badge')).toHaveCount(0);
  await page.getByLabel('Daily, 07:00 (agency time)').check();
  await expect(page.getByText('Saved: a daily digest, and alerts by email.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Daily, 07:00 (agency time)')).toBeChecked();
});
