import { pagesFor } from '../apps/dashboard/src/app/pages.ts';
import { addDays, DEMO_AS_OF, longDate, monthEnd } from './demo.ts';
import { expect, expectAccessible, recordTrpc, screenshot, signIn, test, users } from './helpers.ts';

interface CaseloadReportJson {
  asOf: string;
  settingsVersion: number;
  staff: Array<{ staffId: string; teamId: string | null }>;
  teams: Array<{ teamId: string }>;
}

interface MeJson {
  role: string;
  teamIds: string[];
  staffId: string | null;
}

const nameOrder = (names: string[]) => [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true }));

test('the sign-in page is accessible and says when the credentials are wrong', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'login');

  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email address.')).toBeVisible();

  await page.getByLabel('Email address').fill('nobody@demo.local');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('email or password is not right');
  await expect(page.getByLabel('Password')).toBeFocused();
  await expectAccessible(page);
  await screenshot(page, 'login-error');
});

test('repeated failed sign-ins say when to try again', async ({ page }) => {
  await page.goto('/');
  const alert = page.getByRole('alert');
  const button = page.getByRole('button', { name: 'Sign in' });
  await page.getByLabel('Email address').fill('throttled@demo.local');
  for (let attempt = 0; attempt < 8; attempt++) {
    await page.getByLabel('Password').fill(`wrong-password-${attempt}`);
    await button.click();
    await expect(alert).toContainText(/not right|Too many/);
    if ((await alert.textContent())?.includes('Too many')) break;
  }
  await expect(alert).toContainText('Too many failed sign-in attempts.');
  await expect(alert).toContainText(/You can try again at \d{1,2}:\d{2}/);
  await expect(button).toBeDisabled();
  await screenshot(page, 'login-throttled');
});

test('keyboard: the first stop skips to the content; navigation moves focus to the new page', async ({ page }) => {
  await signIn(page, users.director);
  await expect(page.locator('g.team-bar').first()).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Caseloads' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Caseloads', level: 1 })).toBeVisible();
  await expect(page.locator('main')).toBeFocused();
});

test.describe('director', () => {
  test('the overview shows one bar per team, its table and the CSV', async ({ page }) => {
    const trpc = recordTrpc(page);
    await signIn(page, users.director);
    const report = await trpc.latest<CaseloadReportJson>('caseload.report');
    expect(report.teams.length).toBeGreaterThan(0);

    await expect(page.getByRole('heading', { name: 'Agency overview', level: 1 })).toBeVisible();
    await expect(page.locator('.team-load-chart svg.recharts-surface')).toBeVisible();
    const bars = page.locator('.team-load-chart g.team-bar');
    await expect(bars).toHaveCount(report.teams.length);
    const rows = page.locator('table.team-load-table tbody tr');
    await expect(rows).toHaveCount(report.teams.length);
    const barTeams = await bars.evaluateAll((els) => els.map((e) => e.getAttribute('data-team-id') ?? ''));
    expect(barTeams.sort()).toEqual(report.teams.map((t) => t.teamId).sort());

    // every load shows its numerator and denominator
    for (const cell of await rows.locator('td[title]').all()) {
      await expect(cell).toHaveAttribute('title', /^[\d,]+% = [\d,.]+ h ÷ [\d,.]+ h$/);
    }
    // teams are in name order, never ranked by load
    const names = await rows.locator('th').allTextContents();
    expect(names).toEqual(nameOrder(names));

    await expect(page.getByText('Unassigned clients')).toBeVisible();
    await expect(page.getByText('Uncovered clients')).toBeVisible();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV of load by team' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`team-load_as-of-${report.asOf}_settings-v${report.settingsVersion}.csv`);

    await expectAccessible(page);
    await screenshot(page, 'overview-director');
  });

  test('the as-of date lives in the address and changes the report', async ({ page }) => {
    const trpc = recordTrpc(page);
    await signIn(page, users.director);
    await expect(page.locator('g.team-bar').first()).toBeVisible();
    const asOf = page.getByLabel('As of', { exact: true });
    // the end of a month a year and a half back, well inside the demo's three years
    const earlier = monthEnd(-18);
    const report = await trpc.next<CaseloadReportJson>('caseload.report', async () => {
      await asOf.fill(earlier);
      await asOf.press('Enter');
    });
    expect(report.asOf).toBe(earlier);
    await expect(page).toHaveURL(new RegExp(`asOf=${earlier}`));
    await expect(page.getByText(`as of ${longDate(earlier)}`).first()).toBeVisible();
    // the address is the view: opening it again shows the same date
    await page.reload();
    await expect(page.getByLabel('As of', { exact: true })).toHaveValue(earlier);
  });

  test('caseloads: pick a team, sort the table, see each person against capacity', async ({ page }) => {
    const trpc = recordTrpc(page);
    await signIn(page, users.director);
    await page.getByRole('link', { name: 'Caseloads' }).click();
    await expect(page.getByRole('heading', { name: 'Caseloads', level: 1 })).toBeVisible();
    await expect(page.locator('table.staff-load-table tbody tr').first()).toBeVisible();

    const team = page.getByLabel('Team');
    const firstTeam = await team.locator('option').nth(1).getAttribute('value');
    if (!firstTeam) throw new Error('the team filter lists no team');
    const report = await trpc.next<CaseloadReportJson>('caseload.report', () => team.selectOption(firstTeam));
    await expect(page).toHaveURL(new RegExp(`team=${firstTeam}`));
    expect(report.staff.length).toBeGreaterThan(0);
    expect(report.staff.every((s) => s.teamId === firstTeam)).toBe(true);
    const rows = page.locator('table.staff-load-table tbody tr');
    await expect(rows).toHaveCount(report.staff.length);
    await expect(page.locator('.staff-load-chart svg.recharts-surface')).toBeVisible();

    const loadHeader = page.getByRole('columnheader', { name: /Load = workload/ });
    await loadHeader.getByRole('button').click();
    await expect(loadHeader).toHaveAttribute('aria-sort', 'ascending');
    await loadHeader.getByRole('button').click();
    await expect(loadHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(page).toHaveURL(/sort=loadRatio-desc/);

    await expectAccessible(page);
    await screenshot(page, 'caseloads-director');
  });
});

test("a date before the agency's records: every page says so, and the API refuses it naming the first date", async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.director, '/caseloads?asOf=2015-06-30');
  const me = await trpc.latest<{ today: string; dataFrom: string | null }>('auth.me');
  expect(me.today).toBe(DEMO_AS_OF);
  // the demo's history is three years long, with the last contacts and assessments carried in from before it
  expect(me.dataFrom).not.toBeNull();
  const first = me.dataFrom ?? '';
  expect(first < addDays(DEMO_AS_OF, -3 * 365)).toBe(true);
  expect(first > addDays(DEMO_AS_OF, -5 * 365)).toBe(true);

  const notice = page.getByTestId('before-records');
  await expect(notice).toHaveText(
    `The agency's records begin on ${longDate(first)} (its earliest recorded contact or assessment), so there is nothing to show as of June 30, 2015. Choose a date on or after ${longDate(first)}.`,
  );
  // the page's own request was refused with the server's sentence (never a stack trace)
  const answer = await page.request.get(`/trpc/caseload.report?input=${encodeURIComponent(JSON.stringify({ asOf: '2015-06-30' }))}`);
  expect(answer.status()).toBe(400);
  const body = (await answer.json()) as { error: { message: string } };
  expect(body.error.message).toBe(
    `The agency's records begin on ${first} (its earliest recorded contact or assessment), so there is nothing to show as of 2015-06-30. Choose a date on or after ${first}.`,
  );
  await expect(page.getByText(body.error.message)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'before-records-caseloads');

  // a period ending before the records: the Standard 8 and board pages say the same
  for (const path of [
    '/feedback?from=2015-01-01&to=2015-12-31',
    '/board?from=2014-10-01&to=2015-09-30',
    '/trends?from=2015-01-01&to=2015-06-30',
  ]) {
    await page.goto(path);
    await expect(page.getByTestId('before-records')).toContainText(`so there is nothing to show for a period ending`);
  }
  // the first day itself has records: no notice
  await page.goto(`/caseloads?asOf=${first}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByTestId('before-records')).toHaveCount(0);
});

test('a supervisor sees only their own teams', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.supervisor, '/caseloads');
  const me = await trpc.latest<MeJson>('auth.me');
  const report = await trpc.latest<CaseloadReportJson>('caseload.report');
  expect(me.teamIds.length).toBeGreaterThan(0);
  for (const t of report.teams) expect(me.teamIds).toContain(t.teamId);
  for (const s of report.staff) expect(me.teamIds).toContain(s.teamId);
  // the team list fills in when the directory arrives: wait for it rather than read it once
  const teamOptions = () =>
    page
      .getByLabel('Team')
      .locator('option')
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
  await expect.poll(async () => (await teamOptions()).sort()).toEqual([...me.teamIds].sort());
  await expect(page.locator('table.staff-load-table tbody tr').first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'caseloads-supervisor');
});

test('the board sees team and agency figures only: no staff rows, no caseloads page', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.board);
  const report = await trpc.latest<CaseloadReportJson>('caseload.report');
  expect(report.staff).toEqual([]);
  await expect(page.locator('g.team-bar').first()).toBeVisible();
  await expect(page.locator('[data-staff-id]')).toHaveCount(0);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText(pagesFor('board').map((p) => p.label));
  await expect(nav.getByRole('link', { name: 'Caseloads' })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'overview-board');

  await page.goto('/caseloads');
  await expect(page.getByText('This page is not part of your role')).toBeVisible();
  await expect(page.locator('[data-staff-id]')).toHaveCount(0);
});

test('a case manager sees only their own row', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.caseManager);
  await expect(page).toHaveURL(/\/caseloads/);
  await expect(page.getByRole('heading', { name: 'My caseload', level: 1 })).toBeVisible();
  const me = await trpc.latest<MeJson>('auth.me');
  const report = await trpc.latest<CaseloadReportJson>('caseload.report');
  expect(report.staff.map((s) => s.staffId)).toEqual([me.staffId]);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText(pagesFor('case_manager').map((p) => p.label));
  await expect(nav.getByRole('link', { name: 'Agency overview' })).toHaveCount(0);
  const rows = page.locator('table.staff-load-table tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-staff-id', me.staffId ?? '');
  await expectAccessible(page);
  await screenshot(page, 'caseloads-case-manager');
});

test('signing out returns to the sign-in page and ends the session', async ({ page }) => {
  await signIn(page, users.director);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.goto('/caseloads');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
});
