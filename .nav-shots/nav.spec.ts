import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { pagesFor, type Role } from '../apps/dashboard/src/app/pages.ts';
const out = '/work/main/test-results/screenshots';
const who: Array<[string, Role, string]> = [
  ['admin', 'admin', '/'], ['director', 'director', '/compliance'], ['supervisor', 'supervisor', '/caseloads'],
  ['board', 'board', '/feedback'], ['casemanager', 'case_manager', '/caseloads'], ['pm', 'program_manager', '/'],
];
async function signIn(page: import('@playwright/test').Page, user: string, path: string) {
  await page.goto(path);
  await page.getByLabel('Email address').fill(`${user}@demo.local`);
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}
for (const [user, role, path] of who) {
  test(`nav ${user}`, async ({ page }) => {
    await signIn(page, user, path);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link')).toHaveText(pagesFor(role).map((p) => p.label));
    await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
    await page.waitForTimeout(1500);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))).toEqual([]);
    await page.screenshot({ path: `${out}/nav-${user}.png` });
    await page.screenshot({ path: `${out}/nav-${user}-full.png`, fullPage: true });
  });
}
test('narrow: the disclosure menu', async ({ page }) => {
  await page.setViewportSize({ width: 420, height: 860 });
  await signIn(page, 'admin', '/trends');
  const toggle = page.getByRole('button', { name: /Menu/ });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveCount(0);
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `${out}/nav-narrow-closed.png` });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveCount(15);
  const axe = await new AxeBuilder({ page }).include('header').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ') + ' ' + n.html.slice(0, 120)).join(', '))).toEqual([]);
  await page.screenshot({ path: `${out}/nav-narrow-open.png` });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toBeFocused();
  await toggle.click();
  await page.getByRole('link', { name: 'Outcomes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Outcomes/ })).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator('main')).toBeFocused();
  await page.setViewportSize({ width: 900, height: 800 });
  await toggle.click();
  await page.screenshot({ path: `${out}/nav-tablet-open.png` });
});
test('print hides the navigation', async ({ page }) => {
  await signIn(page, 'director', '/');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('banner')).toContainText('Director');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `${out}/nav-print.png` });
});
