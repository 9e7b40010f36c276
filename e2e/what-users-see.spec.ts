/**
 * What each role sees, read off the screen: withheld cells say why (the board never
 * reads "fewer than 11" on a figure of 11 or more), a supervisor's tiles are their own
 * teams, the team filter follows the user from page to page, and every page works at
 * desktop (1280 px) and phone (390 px) width — no sideways scrolling of the page, no
 * chart labels drawn over each other — with a screenshot of each attached to the test.
 */
import type { Page, TestInfo } from '@playwright/test';
import { stories } from './demo.ts';
import { expect, recordTrpc, signIn, test, users } from './helpers.ts';

interface ComplianceCounts {
  contactDue: number | null;
  contactMet: number | null;
  reassessDue: number | null;
  reassessOverdue: number | null;
  reassessDueSoon: number | null;
}
interface ComplianceJson {
  teams: Array<ComplianceCounts & { teamId: string }>;
  agency: ComplianceCounts | null;
}
interface DirectoryJson {
  teams: Array<{ teamId: string; name: string }>;
}
interface CaseloadJson {
  teams: Array<{ teamId: string; members: number; overCount: number }>;
  agency: { members: number; overCount: number; loadRatio: number | null } | null;
}

const MIN = 11;
const small = (n: number | null) => n !== null && n > 0 && n < MIN;

test.describe('withheld cells say why', () => {
  test('the board reads "fewer than 11" only where the director sees a number under 11; the others say "withheld †", with the footnote', async ({
    browser,
  }) => {
    const director = await browser.newPage();
    const directorTrpc = recordTrpc(director);
    await signIn(director, users.director, '/');
    const full = await directorTrpc.latest<ComplianceJson>('compliance.report');
    const directory = await directorTrpc.latest<DirectoryJson>('meta.directory');
    await director.close();

    const page = await browser.newPage();
    await signIn(page, users.board, '/');
    const table = page.locator('.team-compliance-table');
    await expect(table).toBeVisible();
    const rows = await table.locator('tbody tr, tfoot tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        name: tr.querySelector('th')?.textContent?.trim() ?? '',
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''),
      })),
    );
    expect(rows.length).toBeGreaterThan(1);
    let complementary = 0;
    let smallCells = 0;
    for (const row of rows) {
      const teamId = directory.teams.find((t) => t.name === row.name)?.teamId;
      const counts = teamId ? full.teams.find((t) => t.teamId === teamId) : full.agency;
      expect(counts, row.name).toBeTruthy();
      if (!counts) continue;
      // contact: met ÷ due; reassessment: overdue of due; due soon
      const why = [
        small(counts.contactDue) || small(counts.contactMet),
        small(counts.reassessDue) || small(counts.reassessOverdue),
        small(counts.reassessDue) || small(counts.reassessDueSoon),
      ];
      row.cells.slice(0, 3).forEach((text, i) => {
        if (text.startsWith('fewer than')) {
          smallCells += 1;
          expect(why[i], `${row.name}, column ${i + 1}: "fewer than 11" on figures of 11 or more`).toBe(true);
        }
        if (text.startsWith('withheld')) {
          complementary += 1;
          expect(text).toBe('withheld †');
          expect(why[i], `${row.name}, column ${i + 1}: a small figure shown as complementary`).toBe(false);
        }
      });
    }
    // the demo has both kinds on this table (North In-Home's contact rate is complementary)
    expect(smallCells).toBeGreaterThan(0);
    expect(complementary).toBeGreaterThan(0);
    await expect(page.getByText('† withheld so a small number cannot be worked out from it').first()).toBeVisible();
  });
});

test.describe("a supervisor's tiles", () => {
  test('on Caseloads and the overview the tiles are "Your teams", their sums match the teams, and the agency is labelled for comparison', async ({
    page,
  }) => {
    const trpc = recordTrpc(page);
    await signIn(page, users.supervisor, '/caseloads');
    const report = await trpc.latest<CaseloadJson>('caseload.report');
    const over = report.teams.reduce((s, t) => s + t.overCount, 0);
    const members = report.teams.reduce((s, t) => s + t.members, 0);
    const overTile = page.locator('.tile', { hasText: 'Caseload staff above 100%' }).first();
    await expect(overTile.locator('.tile-scope')).toHaveText(/Your teams?/);
    await expect(overTile.locator('.tile-value')).toHaveText(String(over));
    await expect(overTile).toContainText(`of ${members} caseload staff`);
    const agencyTile = page.locator('.tile', { hasText: 'Agency, for comparison' });
    await expect(agencyTile).toContainText(`${report.agency?.overCount} of ${report.agency?.members} caseload staff above 100%`);
    // every tile on the page names its scope
    const tiles = page.locator('.tile');
    await expect(tiles.first()).toBeVisible();
    for (const tile of await tiles.all()) await expect(tile.locator('.tile-scope')).toHaveText(/Your teams?|Agency, for comparison/);

    await page.getByRole('link', { name: 'Agency overview' }).first().click();
    const mine = page.getByTestId('my-teams-tiles');
    await expect(mine.locator('.tile', { hasText: 'Caseload staff above 100%' }).locator('.tile-value')).toHaveText(String(over));
    await expect(page.locator('.tile', { hasText: 'Unassigned clients' }).locator('.tile-scope')).toHaveText('Agency, for comparison');
  });
});

test.describe('filters follow the user', () => {
  test('a team chosen on Feedback is still chosen on Quality reviews and Outcomes', async ({ page }) => {
    await signIn(page, users.director, '/feedback');
    const team = page.getByRole('combobox', { name: 'Team', exact: true });
    // the team names come with the directory
    await expect.poll(() => team.locator('option').count()).toBeGreaterThan(1);
    const options = await team
      .locator('option')
      .evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })));
    const pick = options.find((o) => o.value !== '');
    expect(pick).toBeTruthy();
    await team.selectOption(pick?.value ?? '');
    await expect(page).toHaveURL(new RegExp(`team=${pick?.value}`));
    await page.getByRole('link', { name: 'Quality reviews' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Quality');
    await expect(page).toHaveURL(new RegExp(`team=${pick?.value}`));
    await expect(page.getByRole('combobox', { name: 'Team', exact: true })).toHaveValue(pick?.value ?? '');
    await page.getByRole('link', { name: 'Outcomes' }).click();
    await expect(page.getByRole('combobox', { name: 'Team', exact: true })).toHaveValue(pick?.value ?? '');
  });
});

test.describe("a team's dip without opening each team", () => {
  test("over the dip months, the largest change by team is the dip team's fall", async ({ page }) => {
    await signIn(page, users.programManager, `/feedback?from=${stories.dip.from}&to=${stories.dip.to}`);
    const section = page.getByTestId('largest-changes');
    await expect(section).toBeVisible();
    const first = section.locator('tbody tr').first();
    await expect(first).toHaveAttribute('data-team-id', stories.dip.teamId);
    await expect(first.locator('td').nth(2)).toContainText(/▼ down \d+ points/);
  });
});

test.describe('the first data request', () => {
  test('opening the overview asks for the caseload report once, though the shell starts it before the page code arrives', async ({
    page,
  }) => {
    await signIn(page, users.director, '/caseloads');
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/trpc/')) asked.push(decodeURIComponent(new URL(r.url()).pathname));
    });
    await page.goto('/');
    await expect(page.locator('.team-load-table')).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(asked.filter((p) => p.includes('caseload.report'))).toHaveLength(1);
  });
});

// ---------------------------------------------------------------- every page, desktop and phone

const PAGES: Record<string, string[]> = {
  [users.director]: [
    '/',
    '/caseloads',
    '/worklists',
    '/compliance',
    '/trends',
    '/rebalance',
    '/intake',
    '/capacity-changes',
    '/calibration',
    '/feedback',
    '/outcomes',
    '/providers',
    '/quality',
    '/board',
    '/settings',
    '/admin/audit',
  ],
  [users.supervisor]: ['/', '/caseloads', '/worklists'],
  [users.caseManager]: ['/caseloads', '/worklists', '/trends'],
  [users.board]: ['/', '/compliance', '/trends', '/feedback', '/outcomes', '/providers', '/quality', '/board'],
  [users.admin]: ['/admin/imports', '/admin/users'],
};

/** Pairs of chart labels (SVG text) whose boxes overlap, on the page as it is now. */
async function overlappingChartLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const svg of document.querySelectorAll('main svg')) {
      if (svg.closest('.board-sheet')) continue; // the printed document is checked as PDF pages
      const boxes = [...svg.querySelectorAll('text')]
        .filter((t) => (t.textContent ?? '').trim() !== '' && !t.closest('.recharts-tooltip-wrapper'))
        .map((t) => ({ text: (t.textContent ?? '').trim(), r: t.getBoundingClientRect() }))
        .filter((b) => b.r.width > 0 && b.r.height > 0);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!.r;
          const b = boxes[j]!.r;
          // a pixel of touching is not an overlap
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 1 && h > 1) out.push(`"${boxes[i]!.text}" × "${boxes[j]!.text}"`);
        }
      }
    }
    return out;
  });
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('main [aria-busy="true"], main .loading')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
}

/** A full-page screenshot, kept in the test's output folder and attached to the test. */
async function attach(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

for (const [email, paths] of Object.entries(PAGES)) {
  test(`every page of ${email} at 1280 and 390 px: no sideways scrolling, no overlapping chart labels, the menu works`, async ({
    page,
  }, testInfo) => {
    test.setTimeout(60_000 + paths.length * 20_000);
    await signIn(page, email, paths[0]);
    const who = email.split('@')[0];
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      for (const path of paths) {
        await page.goto(path);
        await settle(page);
        const label = `${who} ${path} at ${width}px`;
        const scroll = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth,
          view: document.documentElement.clientWidth,
        }));
        expect(scroll.page, `${label}: the page scrolls sideways`).toBeLessThanOrEqual(scroll.view);
        expect(await overlappingChartLabels(page), `${label}: chart labels drawn over each other`).toEqual([]);
        await attach(page, testInfo, `${who}${path.replace(/\//g, '-')}-${width}`);
      }
    }
    // on the phone the navigation folds into a menu that opens and takes the user to a page
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(paths[0] ?? '/');
    await settle(page);
    const menu = page.getByRole('button', { name: /Menu/ });
    await expect(menu).toBeVisible();
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    const target = paths[1] ?? paths[0] ?? '/';
    await page.locator(`nav a[href^="${target}"]`).first().click();
    await expect(page).toHaveURL(new RegExp(`${target.replace(/\//g, '\\/')}(\\?|$)`));
  });
}
