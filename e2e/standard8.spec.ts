/**
 * Standard 8 pages in the browser (issue 5): a program manager sees the seeded
 * satisfaction dip in team-02 / program oaa-iii-b (January–March 2026), the
 * corrective action that followed it and the recovery; the board sees small cells
 * withheld and no comments; a director changes a setting, sees the version go up
 * and the pass rate recompute, and puts it back.
 */
import type { Page } from '@playwright/test';
import { expect, expectAccessible, recordTrpc, screenshot, signIn, test, users } from './helpers.ts';

const period = 'from=2025-10-01&to=2026-09-30';

interface FeedbackJson {
  settingsVersion: number;
  monthly: Array<{ month: string; n: number | null; top2: number | null }>;
  items: Array<{ item: string; n: number | null; top2: number | null; distribution: Array<number | null> }>;
  suppression: { minCellSize: number; cells: number } | null;
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
  test('feedback shows the satisfaction dip of January–March 2026 and the recovery after it', async ({ page }) => {
    const trpc = recordTrpc(page);
    await signIn(page, users.programManager, `/feedback?${period}&program=oaa-iii-b`);
    await expect(page.getByRole('heading', { name: 'Client feedback', level: 1 })).toBeVisible();
    const report = await trpc.latest<FeedbackJson>('feedback.report');
    expect(report.suppression).toBeNull();

    // the dip, from the data: q1 top-2 in the three dip months well below the months around them
    const top2 = new Map(report.monthly.map((m) => [m.month, m.top2 ?? Number.NaN]));
    const dip = mean(['2026-01', '2026-02', '2026-03'].map((m) => top2.get(m) ?? Number.NaN));
    const before = mean(['2025-10', '2025-11', '2025-12'].map((m) => top2.get(m) ?? Number.NaN));
    const after = mean(['2026-04', '2026-05', '2026-06'].map((m) => top2.get(m) ?? Number.NaN));
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
    await expect(page.getByRole('status').filter({ hasText: 'containing “case manager”' })).toContainText(
      `${answer.total} comment`,
    );
  });

  test('quality reviews show the corrective action that followed the dip, closed on time', async ({ page }) => {
    const trpc = recordTrpc(page);
    await signIn(page, users.programManager, `/quality?${period}&team=team-02`);
    await expect(page.getByRole('heading', { name: 'Quality reviews', level: 1 })).toBeVisible();
    const report = await trpc.latest<QaJson>('qa.report');

    // reviews in the dip months fall below the pass score; those after it pass
    const table = page.locator('table.qa-monthly-table');
    for (const m of report.monthly) {
      if (m.reviews.n > 0) {
        await expect(table.locator(`tr[data-month="${m.month}"]`)).toContainText(share(m.reviews.passed, m.reviews.n));
      }
    }
    const byMonth = new Map(report.monthly.map((m) => [m.month, m.reviews]));
    expect(byMonth.get('2026-03')?.passed).toBe(0);
    expect(byMonth.get('2026-04')?.passed).toBe(byMonth.get('2026-04')?.n);

    // the corrective action: from review to closure, closed before it was due
    const actions = page.locator('table.qa-actions-table');
    for (const id of ['qa-00323', 'qa-00324', 'qa-00325']) {
      await expect(actions.locator(`tr[data-review-id="${id}"]`)).toBeVisible();
    }
    const story = actions.locator('tr[data-review-id="qa-00323"]');
    await expect(story).toContainText('Audit every transferred case');
    await expect(story).toContainText('Reviewed March 16, 2026');
    await expect(story).toContainText('Corrective action due April 15, 2026');
    await expect(story).toContainText('Closed April 11, 2026');
    await expect(story.locator('.s8-status')).toHaveText('Closed on time');

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
  const report = await trpc.latest<FeedbackJson>('feedback.report');
  expect(report.suppression?.cells ?? 0).toBeGreaterThan(0);
  await expect(page.locator('.withheld', { hasText: 'fewer than 11' }).first()).toBeVisible();
  await expect(page.getByText(/Figures drawn from fewer than 11 people are withheld/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Survey comments' })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'standard8-feedback-board');

  // one program: January 2026 had 3 answers, so its cells are withheld — written in words, never as 0
  const program = await trpc.next<FeedbackJson>('feedback.report', () =>
    page.getByLabel('Program', { exact: true }).selectOption('oaa-iii-b'),
  );
  const january = program.monthly.find((m) => m.month === '2026-01');
  expect(january?.n).toBeNull();
  expect(january?.top2).toBeNull();
  const row = page.locator('table.feedback-monthly-table tr[data-month="2026-01"]');
  await expect(row.locator('td').nth(0)).toHaveText('fewer than 11');
  await expect(row.locator('td').nth(1)).toHaveText('fewer than 11');
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
