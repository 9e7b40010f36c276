/**
 * Tables that a person reads across must fit a common desktop screen (1280 pixels, the
 * navigation beside them) without sideways scrolling: the last column of a table that
 * scrolls is easily never seen.
 */
import { expect, signIn, test, users } from './helpers.ts';

const PAGES: Array<{ user: string; path: string; table: string }> = [
  { user: users.director, path: '/caseloads', table: 'table.staff-load-table' },
  { user: users.supervisor, path: '/caseloads', table: 'table.staff-load-table' },
  { user: users.programManager, path: '/feedback', table: 'table.feedback-items-table' },
  { user: users.director, path: '/providers', table: 'table.providers-table' },
  { user: users.admin, path: '/admin/data-quality', table: 'table.dq-table' },
  { user: users.admin, path: '/admin/users', table: 'table.users-table' },
];

for (const { user, path, table } of PAGES) {
  test(`${path} as ${user}: the table fits at 1280 pixels`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, user, path);
    const t = page.locator(table);
    await expect(t.locator('tbody tr').first()).toBeVisible();
    const overflow = await t.evaluate((el) => {
      const scroller = el.closest('.table-scroll') ?? el.parentElement;
      return scroller ? scroller.scrollWidth - scroller.clientWidth : 0;
    });
    expect(overflow, 'pixels of the table hidden to the right').toBeLessThanOrEqual(1);
  });
}
