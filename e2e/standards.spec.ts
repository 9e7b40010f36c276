/**
 * Caseload standards in the browser: a director sets a standard on the settings page
 * that the demo agency misses every month (weighted caseload at 50% of capacity), opens
 * a plan of correction for it on the standards page once it has been missed twice, edits
 * it (owner and due date, audited), and
 * the board report shows the plan's count and the two-running sentence — the board
 * member sees the same, with no staff name and not the plan's text.
 */
import { DEMO_AS_OF, monthKey, monthStart } from './demo.ts';
import { expect, expectAccessible, screenshot, signIn, test, users } from './helpers.ts';

test.describe.configure({ timeout: 180_000 });

const OWNER = 'Director of case management';
const ACTIONS = 'Fill the two open coordinator posts; cap intake on the north team until the ratio is back under half.';
const DUE = `${monthKey(2)}-15`;
const NEW_OWNER = 'Deputy director, north team';

test('a director opens a plan of correction for a standard missed twice, and the board report shows it', async ({ page }) => {
  await signIn(page, users.director, '/settings');
  const editor = page.getByTestId('standards-editor');
  await expect(editor.getByText('No caseload standards are set.')).toBeVisible();
  await editor.getByRole('button', { name: 'Add a standard' }).click();
  await editor.getByLabel('Label').fill('Waitlist at half of capacity');
  await editor.getByLabel('Id (plans refer to it)').fill('half');
  await editor.getByLabel('Kind').selectOption({ label: 'Weighted caseload as a share of capacity' });
  await editor.getByLabel(/^Limit/).fill('0.5');
  await editor.getByRole('button', { name: /Save standards as version/ }).click();
  await expect(editor.getByText(/Saved as settings version \d+/)).toBeVisible();
  await screenshot(page, 'standards-settings-1280');

  await page.goto('/standards');
  const half = page.getByTestId('standard-half');
  await expect(half.getByRole('heading', { name: 'Waitlist at half of capacity' })).toBeVisible({ timeout: 60_000 });
  // the last four months, the current one checked on the as-of date, every one missed
  const rows = half.locator('tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(rows.last().locator('th')).toHaveText(new RegExp(`${Number(DEMO_AS_OF.slice(0, 4))}$`));
  for (let i = 0; i < 4; i++) await expect(rows.nth(i).locator('td').nth(2)).toHaveText('Missed');
  // the run goes on: the misses column says the plan is due and not yet written
  await expect(rows.last().locator('td').nth(3)).toContainText('plan due, none written');
  // three years of history and every month missed: the count stops at its 12-period look-back and says so
  await expect(rows.last().locator('td').nth(3)).toContainText(/^12 or more/);
  const needs = page.getByTestId('needs-plan');
  await expect(needs).toContainText('Waitlist at half of capacity');
  await expect(needs).toContainText('a plan of correction is due and none has been written');
  await expectAccessible(page);

  await needs.getByRole('button', { name: 'Open a plan of correction' }).click();
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Open a plan of correction' }) });
  await expect(form.getByLabel('Period that triggered it')).toHaveValue(monthKey(0));
  await form.getByLabel('Owner').fill(OWNER);
  await form.getByLabel('Actions').fill(ACTIONS);
  await form.getByLabel('Due on').fill(DUE);
  await form.getByRole('button', { name: 'Open the plan' }).click();
  await expect(page.getByTestId('needs-plan')).toHaveCount(0);
  // the same run now has its plan, and the periods say so
  await expect(rows.last().locator('td').nth(3)).toContainText('plan due, written (below)');
  const plans = page.getByTestId('plans');
  await expect(plans.getByRole('row', { name: /Waitlist at half of capacity/ })).toContainText(OWNER);
  await expect(page.getByTestId('plan-counts')).toHaveText(/^1 open, 0 due within 30 days, 0 overdue\./);

  // the director edits the plan: a new owner and an earlier due date (the as-of date), recorded in the audit log
  await plans.getByRole('button', { name: /^Edit the plan for Waitlist at half of capacity/ }).click();
  const edit = page.locator('form', { has: page.getByRole('heading', { name: /^Edit the plan: Waitlist at half of capacity/ }) });
  await expect(edit.getByLabel('Owner')).toHaveValue(OWNER);
  await expect(edit.getByLabel('Actions')).toHaveValue(ACTIONS);
  await expect(edit.getByLabel('Due on')).toHaveValue(DUE);
  await expect(edit.getByRole('button', { name: 'Save the changes' })).toBeDisabled();
  await edit.getByLabel('Owner').fill(NEW_OWNER);
  await edit.getByLabel('Due on').fill(DEMO_AS_OF);
  await screenshot(page, 'standards-plan-edit-1280');
  await edit.getByRole('button', { name: 'Save the changes' }).click();
  await expect(edit).toHaveCount(0);
  const planRow = plans.getByRole('row', { name: /Waitlist at half of capacity/ });
  await expect(planRow).toContainText(NEW_OWNER);
  await expect(planRow).not.toContainText(OWNER);
  await expect(page.getByTestId('plan-counts')).toHaveText(/^1 open, 1 due within 30 days, 0 overdue\./);
  // the audit log has the change, with the old and the new owner
  await page.goto('/admin/audit?action=plan.update');
  const entry = page.getByRole('row', { name: /Plan of correction changed/ }).first();
  await expect(entry).toContainText(NEW_OWNER);
  await page.goto('/standards');
  await expect(page.getByTestId('plans').getByRole('row', { name: /Waitlist at half of capacity/ })).toContainText(NEW_OWNER);
  await screenshot(page, 'standards-page-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'standards-page-390');
  await page.setViewportSize({ width: 1280, height: 900 });

  // the board report for a period ending on the as-of date
  const from = monthStart(-2);
  await page.goto(`/board?from=${from}&to=${DEMO_AS_OF}`);
  const section = page.getByTestId('bd-standards');
  await expect(section).toBeVisible({ timeout: 90_000 });
  await expect(section.getByTestId('bd-plans')).toContainText('1 open, 1 due within 30 days, 0 overdue');
  await expect(section).toContainText(/“Waitlist at half of capacity” was missed for (at least )?\d+ months in a row/);
  await screenshot(page, 'standards-board-1280');

  // the board member: the same counts and sentence, no plan text, no staff name
  await page.getByRole('button', { name: 'Sign out' }).click();
  // signing out navigates to the sign-in page: let it land before going anywhere else
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await signIn(page, users.board, `/board?from=${from}&to=${DEMO_AS_OF}`);
  const boardSection = page.getByTestId('bd-standards');
  await expect(boardSection.getByTestId('bd-plans')).toContainText('1 open', { timeout: 90_000 });
  await expect(boardSection).toContainText(/was missed for (at least )?\d+ months in a row/);
  await expect(page.locator('body')).not.toContainText(OWNER);
  await expect(page.locator('body')).not.toContainText(NEW_OWNER);
  await expect(page.locator('body')).not.toContainText(ACTIONS);
});
