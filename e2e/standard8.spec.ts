/**
 * Standard 8 pages in the browser: a program manager sees the seeded satisfaction dip
 * in team-02 / program oaa-iii-b (the three months from ten months before the demo's
 * as-of date), the corrective action that followed it and the recovery; the board sees
 * small cells withheld and no comments; a director changes a setting, sees the version
 * go up and the pass rate recompute, and puts it back.
 */
import type { Page } from '@playwright/test';
import { longDate, STANDARD8_PERIOD, standard8Query as period, stories } from './demo.ts';
import { expect, expectAccessible, recordTrpc, screenshot, signIn, test, users } from './helpers.ts';

interface FeedbackJson {
  settingsVersion: number;
  monthly: Array<{ month: string; n: number | null; top2: number | null }>;
  items: Array<{ item: string; n: number | null; top2: number | null; distribution: Array<number | null> }>;
  suppression: { minCellSize: number; cells: number } | null;
}

interface ActionsJson {
  actions: Array<{
    reviewId: string;
    reviewedOn: string;
    score: number;
    findings: string | null;
    correctiveAction: string | null;
    actionDueOn: string | null;
    actionClosedOn: string | null;
  }>;
}

interface QaJson {
  settingsVersion: number;
  qaPassScore: number;
  reviews: { n: number; passed: number; passRate: number | null };
  monthly: Array<{ month: string; reviews: { n: number; passed: number } }>;
}

/** "16% = 3 ÷ 19" for a share, the way every rate on these pages is written. */
function share(numerator: number, denominator: number): string {
  return `${Math.round((numerator / denominator) * 100)}% = ${numerator} ÷ ${denominator}`;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

test.describe('program manager', () => {
  test('feedback shows the satisfaction dip ten to eight months ago and the recovery after it', async ({ page }) => {
    const trpc = recordTrpc(page);
    await signIn(page, users.programManager, `/feedback?${period}&program=oaa-iii-b`);
    await expect(page.getByRole('heading', { name: 'Client feedback', level: 1 })).toBeVisible();
    const report = await trpc.latestMatching<FeedbackJson & { from: string }>('feedback.report', (r) => r.from === STANDARD8_PERIOD.from);
    expect(report.suppression).toBeNull();

    // the dip, from the data: q1 top-2 in the three dip months well below the months around them
    const top2 = new Map(report.monthly.map((m) => [m.month, m.top2 ?? Number.NaN]));
    const dip = mean(stories.dip.months.map((m) => top2.get(m) ?? Number.NaN));
    const before = mean(stories.dip.before.map((m) => top2.get(m) ?? Number.NaN));
    const after = mean(stories.dip.after.map((m) => top2.get(m) ?? Number.NaN));
    expect(dip).toBeLessThan(0.5);
    expect(before).toBeGreaterThan(0.8);
    expect(after).toBeGreaterThan(0.8);

    // the monthly table says the same, with numerator and denominator
    const monthly = page.locator('table.feedback-monthly-table');
    await expect(monthly.locator('tbody tr')).toHaveCount(12);
    for (const m of report.monthly) {
      const row = monthly.locator(`tr[data-month="${m.month}"]`);
      if (m.n && m.top2 !== null) await expect(row).toContainText(share(Math.round(m.top2 * m.n), m.n));
    }
    await expect(page.locator('.monthly-top2-chart .recharts-line-dots circle')).toHaveCount(12);

    // every item with its statement, distribution, n and top-2
    const items = page.locator('table.feedback-items-table tbody tr');
    await expect(items).toHaveCount(8);
    await expect(items.first()).toContainText('Overall, I am satisfied with the case management I receive.');
    const q1 = report.items.find((i) => i.item === 'q1');
    const d = q1?.distribution as number[];
    await expect(items.first()).toContainText(share((d[3] ?? 0) + (d[4] ?? 0), q1?.n ?? 0));
    await expect(page.locator('.item-distribution-chart .recharts-bar-rectangle').first()).toBeVisible();

    // comments, searchable
    await expect(page.getByRole('heading', { name: 'Survey comments' })).toBeVisible();
    await expect(page.locator('.s8-comments li').first()).toBeVisible();

    await expectAccessible(page);
    await screenshot(page, 'standard8-feedback-pm');

    const search = page.getByLabel('Search comments');
    const answer = await trpc.next<{ total: number; comments: Array<{ comment: string }> }>('feedback.comments', () =>
      search.fill('case manager'),
    );
    for (const c of answer.comments) expect(c.comment.toLowerCase()).toContain('case manager');
    await expect(page.getByRole('status').filter({ hasText: 'containing “case manager”' })).toContainText(`${answer.total} comment`);
  });

  test('quality reviews show the corrective action that followed the dip, closed on time', async ({ page }) => {
    const trpc = recordTrpc(page);
    await signIn(page, users.programManager, `/quality?${period}&team=team-02`);
    await expect(page.getByRole('heading', { name: 'Quality reviews', level: 1 })).toBeVisible();
    const report = await trpc.latest<QaJson>('qa.report');

    // every month's pass rate as numerator and denominator
    const table = page.locator('table.qa-monthly-table');
    for (const m of report.monthly) {
      if (m.reviews.n > 0) {
        await expect(table.locator(`tr[data-month="${m.month}"]`)).toContainText(share(m.reviews.passed, m.reviews.n));
      }
    }
    // the dip's months pass far fewer reviews than the three months after it
    const byMonth = new Map(report.monthly.map((m) => [m.month, m.reviews]));
    const sum = (months: readonly string[]) =>
      months.reduce((t, m) => ({ n: t.n + (byMonth.get(m)?.n ?? 0), passed: t.passed + (byMonth.get(m)?.passed ?? 0) }), {
        n: 0,
        passed: 0,
      });
    const dip = sum(stories.dip.months);
    const after = sum(stories.dip.after);
    expect(dip.n).toBeGreaterThan(0);
    expect(after.n).toBeGreaterThan(0);
    expect(dip.passed / dip.n).toBeLessThan(after.passed / after.n);

    // the program manager's review of the three busiest records late in the dip: all three
    // below the pass score, each with a corrective action closed before it was due — the
    // first a team-wide audit of every transferred case
    const [, , lastDipMonth] = stories.dip.months;
    const { actions } = await trpc.latest<ActionsJson>('qa.actions');
    const audit = actions.find((a) => a.correctiveAction?.startsWith('Audit every transferred case'));
    expect(audit?.reviewedOn.slice(0, 7)).toBe(lastDipMonth);
    const story = actions.filter((a) => a.reviewedOn === audit?.reviewedOn && a.findings === audit?.findings);
    expect(story).toHaveLength(3);
    expect(byMonth.get(lastDipMonth)?.n ?? 0).toBeGreaterThanOrEqual(3);
    const actionsTable = page.locator('table.qa-actions-table');
    for (const a of story) {
      expect(a.score).toBeLessThan(report.qaPassScore);
      expect(a.actionDueOn !== null && a.actionDueOn > a.reviewedOn).toBe(true);
      expect(a.actionClosedOn !== null && a.actionDueOn !== null && a.actionClosedOn <= a.actionDueOn).toBe(true);
      const row = actionsTable.locator(`tr[data-review-id="${a.reviewId}"]`);
      await expect(row).toContainText(a.correctiveAction ?? '');
      await expect(row).toContainText(`Reviewed ${longDate(a.reviewedOn)}`);
      await expect(row).toContainText(`Corrective action due ${longDate(a.actionDueOn ?? '')}`);
      await expect(row).toContainText(`Closed ${longDate(a.actionClosedOn ?? '')}`);
      await expect(row.locator('.s8-status')).toHaveText('Closed on time');
    }
    await expect(actionsTable.locator(`tr[data-review-id="${audit?.reviewId}"]`)).toContainText('Audit every transferred case');

    await expectAccessible(page);
    await screenshot(page, 'standard8-quality-pm');
  });

  test('outcomes and providers load for the same period', async ({ page }) => {
    await signIn(page, users.programManager, `/outcomes?${period}&program=oaa-iii-b`);
    await expect(page.getByRole('heading', { name: 'Outcomes', level: 1 })).toBeVisible();
    await expect(page.locator('table.outcomes-table tbody tr')).toHaveCount(13);
    await expectAccessible(page);
    await screenshot(page, 'standard8-outcomes-pm');

    await page.getByRole('link', { name: 'Providers' }).click();
    await expect(page.getByRole('heading', { name: 'Providers', level: 1 })).toBeVisible();
    await expect(page.locator('table.providers-table tbody tr').first()).toBeVisible();
    // providers by the names the agency imported, not their ids (pr-02 is the demo's slow starter)
    await expect(page.locator('table.providers-table')).toContainText('Cedar Personal Care Agency');
    await expect(page.locator('table.providers-table tbody')).not.toContainText(/\bpr-\d\d\b/);
    await expectAccessible(page);
    await screenshot(page, 'standard8-providers-pm');
  });
});

test('the board sees small cells as "fewer than 11" and no comments or corrective actions', async ({ page }) => {
  const trpc = recordTrpc(page);
  const procedures: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/trpc/')) procedures.push(...decodeURIComponent(url.pathname.slice(6)).split(','));
  });
  await signIn(page, users.board, `/feedback?${period}`);
  await expect(page.getByRole('heading', { name: 'Client feedback', level: 1 })).toBeVisible();
  const report = await trpc.latestMatching<FeedbackJson & { from: string }>('feedback.report', (r) => r.from === STANDARD8_PERIOD.from);
  expect(report.suppression?.cells ?? 0).toBeGreaterThan(0);
  await expect(page.locator('.withheld', { hasText: 'fewer than 11' }).first()).toBeVisible();
  await expect(page.getByText(/Figures drawn from fewer than 11 people are withheld/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Survey comments' })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'standard8-feedback-board');

  // one program: a month with fewer than 11 answers has its cells withheld — written in words, never as 0
  // the page also asks for the period before (largest changes by team): take this period's answer
  const program = await trpc.nextMatching<FeedbackJson & { from: string }>(
    'feedback.report',
    (r) => r.from === STANDARD8_PERIOD.from,
    () => page.getByLabel('Program', { exact: true }).selectOption(stories.dip.programId),
  );
  const small = program.monthly.filter((m) => m.n === null);
  expect(small.length).toBeGreaterThan(0);
  for (const m of small) {
    expect(m.top2).toBeNull();
    const row = page.locator(`table.feedback-monthly-table tr[data-month="${m.month}"]`);
    await expect(row.locator('td').nth(0)).toHaveText('fewer than 11');
    await expect(row.locator('td').nth(1)).toHaveText('fewer than 11');
  }
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Quality reviews' }).click();
  await expect(page.getByRole('heading', { name: 'Quality reviews', level: 1 })).toBeVisible();
  await expect(page.locator('table.qa-monthly-table')).toBeVisible();
  await expect(page.getByRole('heading', { name: /Corrective actions/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  expect(procedures).not.toContain('feedback.comments');
  expect(procedures).not.toContain('qa.actions');
  await expectAccessible(page);
});

test('a case manager is not offered the Standard 8 pages', async ({ page }) => {
  await signIn(page, users.caseManager, `/feedback?${period}`);
  await expect(page.getByText('This page is not part of your role')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Feedback' })).toHaveCount(0);
});

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Agency settings', level: 1 })).toBeVisible();
  await expect(page.getByTestId('settings-version')).toBeVisible();
}

async function setPassScore(page: Page, score: string): Promise<number> {
  await openSettings(page);
  const version = Number(await page.getByTestId('settings-version').textContent());
  const field = page.getByLabel('Quality review pass score (0–100)');
  const old = await field.inputValue();
  await field.fill(score);
  await expect(page.getByTestId('pending-changes')).toContainText(`Quality review pass score (0–100): ${old} → ${score}`);
  await page.getByRole('button', { name: `Save as version ${version + 1}` }).click();
  await expect(page.getByText(`Saved as version ${version + 1}.`)).toBeVisible();
  await expect(page.getByTestId('settings-version')).toHaveText(String(version + 1));
  return version + 1;
}

test('a director changes the pass score: the version goes up and the pass rate is computed again', async ({ page }) => {
  test.setTimeout(120_000);
  const trpc = recordTrpc(page);
  await signIn(page, users.director, `/quality?${period}&team=team-02`);
  const before = await trpc.latest<QaJson>('qa.report');
  // the demo agency's pass score is 85; team-02 has reviews scoring 80 to 84, which pass at 80
  const original = String(before.qaPassScore);
  const lower = before.qaPassScore === 80 ? '75' : '80';
  const tile = page.locator('.tile', { hasText: 'Pass rate' });
  await expect(tile).toContainText(share(before.reviews.passed, before.reviews.n));

  try {
    const version = await setPassScore(page, lower);
    await expect(page.locator('table.settings-history-table tbody tr').first()).toContainText(
      `Quality review pass score (0–100): ${original} → ${lower}`,
    );
    await expectAccessible(page);
    await screenshot(page, 'standard8-settings-director');

    const after = await trpc.next<QaJson>('qa.report', () => page.goto(`/quality?${period}&team=team-02`));
    expect(after.settingsVersion).toBe(version);
    expect(after.qaPassScore).toBe(Number(lower));
    // same reviews, a lower bar: more of them pass
    expect(after.reviews.n).toBe(before.reviews.n);
    expect(after.reviews.passed).toBeGreaterThan(before.reviews.passed);
    await expect(page.getByText(`settings version ${version}`)).toBeVisible();
    await expect(tile).toContainText(share(after.reviews.passed, after.reviews.n));
    await expect(tile).toContainText(`scores of ${lower} or more`);
    await screenshot(page, 'standard8-quality-director-after');
  } finally {
    // other specs run against the same server: put the pass score back, whatever happened above
    await openSettings(page);
    const field = page.getByLabel('Quality review pass score (0–100)');
    if ((await field.inputValue()) !== original) await setPassScore(page, original);
  }
  const restored = await trpc.next<QaJson>('qa.report', () => page.goto(`/quality?${period}&team=team-02`));
  expect(restored.qaPassScore).toBe(before.qaPassScore);
  expect(restored.reviews.passed).toBe(before.reviews.passed);
});

test('the agency time zone is a setting: a name from the list, shown as a change before saving', async ({ page }) => {
  await signIn(page, users.director, '/settings');
  await expect(page.getByRole('heading', { name: 'Agency settings', level: 1 })).toBeVisible();
  const zone = page.getByLabel('Agency time zone');
  await expect(zone).toHaveValue('America/New_York');
  await zone.fill('Eastern');
  await expect(page.getByText('A time zone from the list, such as America/New_York or America/Chicago.')).toBeVisible();
  await zone.fill('America/Chicago');
  await expect(page.getByTestId('pending-changes')).toContainText('Calendar — agency time zone: America/New_York → America/Chicago');
  await expectAccessible(page);
  await screenshot(page, 'settings-time-zone');
});
