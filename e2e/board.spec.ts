/**
 * The board report in the browser: a director opens a quarter and reads the
 * executive summary of both standards, the sentences, the trend charts and the teams
 * in name order; the board member sees the same report, suppressed, with no staff
 * name anywhere; the board-data JSON download matches the page's figures and is
 * audited; printing shows the document alone.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { addDays, daysBetween, fiscalYear, lastCompleteFiscalYear, lastCompleteQuarter, previousQuarter, shortDate } from './demo.ts';
import { expect, expectAccessible, recordTrpc, screenshot, signIn, test, users } from './helpers.ts';

/** The board page's default: the last fiscal quarter that has ended by the demo's as-of date. */
const LAST_QUARTER = lastCompleteQuarter();
const QUARTER = { from: LAST_QUARTER.from, to: LAST_QUARTER.to };
/** The report composes both standards' reports for two periods: allow it time on a busy machine. */
const REPORT_TIMEOUT = 90_000;
test.describe.configure({ timeout: 180_000 });

/** Waits for the document of the period to be on the page, then returns the report behind it. */
async function shownReport(page: Page, trpc: ReturnType<typeof recordTrpc>, period = QUARTER): Promise<BoardReportJson> {
  await expect(page.locator('.board-sheet:not([aria-busy]) .bd-summary-table')).toBeVisible({ timeout: REPORT_TIMEOUT });
  await expect
    .poll(async () => {
      const r = await trpc.latest<BoardReportJson>('board.report');
      return [r.from, r.to];
    })
    .toEqual([period.from, period.to]);
  return trpc.latest<BoardReportJson>('board.report');
}
const path = `/board?from=${QUARTER.from}&to=${QUARTER.to}`;

interface FigureJson {
  kind: 'rate' | 'ratio' | 'count' | 'days';
  current: number | null;
  previous: number | null;
  currentSuppressed: boolean;
  previousSuppressed: boolean;
  change: 'up' | 'down' | 'unchanged' | null;
}
interface BoardReportJson {
  from: string;
  to: string;
  previous: { from: string; to: string };
  settingsVersion: number;
  minCellSize: number;
  headline: Record<string, FigureJson>;
  teams: Array<{ teamId: string; name: string }>;
  sentences: string[];
  trend: Array<{ month: string; loadRatio: number | null }>;
}
interface BoardDataJson {
  from: string;
  to: string;
  previousFrom: string;
  settingsVersion: number;
  figures: Array<{
    section: string;
    figure: string;
    group: string;
    current: number | null;
    currentShown: string;
    currentWithheld: boolean;
    previous: number | null;
    previousShown: string;
    previousWithheld: boolean;
    change: string | null;
  }>;
  sentences: string[];
}

/** The report's figure as the page writes it (whole percentage points, counts, days to 0.1). */
function shown(value: number | null, kind: FigureJson['kind'], withheld: boolean, min: number): string {
  if (withheld) return `fewer than ${min}`;
  if (value === null) return '—';
  if (kind === 'rate' || kind === 'ratio') return `${Math.round(value * 100)}%`;
  if (kind === 'count') return String(Math.round(value));
  const days = Math.round(value * 10) / 10;
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

/** Every staff name of the demo agency, read as the director (the board gets none). */
async function staffNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const res = await fetch('/trpc/meta.directory');
    const body = (await res.json()) as { result: { data: { staff?: Array<{ name: string }> } } };
    return (body.result.data.staff ?? []).map((s) => s.name);
  });
}

async function checkSummary(page: Page, report: BoardReportJson): Promise<void> {
  const summary = page.locator('.bd-summary-table');
  await expect(summary.locator('tr[data-figure]')).toHaveCount(Object.keys(report.headline).length);
  for (const [key, f] of Object.entries(report.headline)) {
    const row = summary.locator(`tr[data-figure="${key}"]`);
    await expect(row.locator('[data-cell="current"]')).toHaveText(shown(f.current, f.kind, f.currentSuppressed, report.minCellSize));
    await expect(row.locator('[data-cell="previous"]')).toHaveText(shown(f.previous, f.kind, f.previousSuppressed, report.minCellSize));
    if (f.change) await expect(row.locator('[data-cell="change"]')).toContainText(f.change);
  }
}

test('a director reads the quarter: summary of both standards, sentences, trend charts, teams in name order', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.director, path);
  await expect(page.getByRole('heading', { name: 'Board report', level: 1 })).toBeVisible();
  const report = await shownReport(page, trpc);
  expect([report.from, report.to]).toEqual([QUARTER.from, QUARTER.to]);

  // the period and the previous one it compares against
  const previous = previousQuarter(LAST_QUARTER);
  await expect(page.getByLabel('Period', { exact: true })).toHaveValue(LAST_QUARTER.option);
  await expect(page.locator('.page-subtitle')).toContainText(`${LAST_QUARTER.label} · compared with ${previous.label}`);
  await expect(page.getByTestId('bd-previous')).toContainText(previous.label);

  // the executive summary: both standards, every headline figure as the API gave it
  const summary = page.locator('.bd-summary-table');
  await expect(summary.locator('tr.bd-group th')).toHaveText(['Standard 9: caseload', 'Standard 8: quality']);
  await checkSummary(page, report);
  // the sentences, each once
  const sentences = page.locator('.bd-sentences li');
  await expect(sentences).toHaveText(report.sentences);

  // the trend chart: one point per month with a figure, and the 100% capacity line
  const agencyChart = page.locator('[data-chart="agency-load"] svg[role="img"]');
  await expect(agencyChart).toBeVisible();
  await expect(agencyChart.locator('circle.bd-point')).toHaveCount(report.trend.filter((m) => m.loadRatio !== null).length);
  await expect(agencyChart.locator('line.bd-reference-line')).toHaveCount(1);
  await expect(page.locator('[data-chart="team-load"] svg[role="img"]')).toHaveCount(report.teams.length);
  await expect(page.locator('[data-chart="satisfaction"] svg[role="img"]')).toBeVisible();

  // the teams, in name order
  const names = report.teams.map((t) => t.name);
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
  await expect(page.getByTestId('bd-teams').locator('tbody th[scope="row"]')).toHaveText(names);
  await expect(page.getByTestId('bd-evidence')).toContainText(/case managers|withheld/);

  // PDF: a plain link to the server's printed (and audited) document for the same period
  await expect(page.getByRole('link', { name: 'Download PDF' })).toHaveAttribute(
    'href',
    `/reports/board.pdf?from=${QUARTER.from}&to=${QUARTER.to}`,
  );

  await expectAccessible(page);
  await screenshot(page, 'board-director');

  // a fiscal year from the picker: the address follows, the previous year is the comparison
  const year = lastCompleteFiscalYear();
  const yearBefore = fiscalYear(year.fiscalYear - 1);
  await page.getByLabel('Period', { exact: true }).selectOption(year.option);
  await expect(page.getByTestId('bd-period')).toContainText(year.label, { timeout: REPORT_TIMEOUT });
  const next = await shownReport(page, trpc, { from: year.from, to: year.to });
  expect([next.from, next.to, next.previous.from, next.previous.to]).toEqual([year.from, year.to, yearBefore.from, yearBefore.to]);
  await expect(page).toHaveURL(new RegExp(`from=${year.from}&to=${year.to}`));
  await expect(page.getByTestId('bd-previous')).toContainText(yearBefore.label);
  await expect(page.locator('[data-chart="agency-load"] circle.bd-point')).toHaveCount(
    next.trend.filter((m) => m.loadRatio !== null).length,
  );
});

test('custom dates: the period is applied when both dates are in order', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.director, path);
  await shownReport(page, trpc);
  // the 15th of the quarter's second month to the 15th of its third
  const secondMonth = addDays(QUARTER.from, 40).slice(0, 8);
  const custom = { from: `${secondMonth}15`, to: `${QUARTER.to.slice(0, 8)}15` };
  await page.getByLabel('Period', { exact: true }).selectOption('custom');
  await page.getByLabel('From', { exact: true }).fill(custom.from);
  await page.getByLabel('To', { exact: true }).fill(addDays(custom.from, -14));
  await expect(page.getByText('The period must start before it ends.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Show' })).toBeDisabled();
  await page.getByLabel('To', { exact: true }).fill(custom.to);
  await page.getByRole('button', { name: 'Show' }).click();
  const label = `${shortDate(custom.from)} – ${shortDate(custom.to)}`;
  await expect(page.getByTestId('bd-period')).toHaveText(label, { timeout: REPORT_TIMEOUT });
  const shown = await shownReport(page, trpc, custom);
  expect([shown.from, shown.to]).toEqual([custom.from, custom.to]);
  // a run of days: the previous period is as many days just before
  const days = daysBetween(custom.from, custom.to) + 1;
  expect(shown.previous).toEqual({ from: addDays(custom.from, -days), to: addDays(custom.from, -1) });
  await expect(page.getByTestId('bd-period')).toHaveText(label);
});

test('the board member: the same report, suppressed, with no staff name anywhere; the data download matches the page', async ({
  page,
  browser,
}) => {
  // the staff names, read as the director in a separate session
  const directorContext = await browser.newContext();
  const directorPage = await directorContext.newPage();
  await signIn(directorPage, users.director);
  const names = await staffNames(directorPage);
  await directorContext.close();
  expect(names.length).toBeGreaterThan(10);

  const trpc = recordTrpc(page);
  await signIn(page, users.board, path);
  const report = await shownReport(page, trpc);
  await checkSummary(page, report);
  await expect(page.locator('.bd-sentences li')).toHaveText(report.sentences);

  // suppression is on: the demo's small cells read "fewer than 11", never a number
  const withheld = Object.values(report.headline).filter((f) => f.currentSuppressed || f.previousSuppressed);
  expect(withheld.length).toBeGreaterThan(0);
  await expect(page.locator('.bd-summary-table .bd-withheld').first()).toHaveText(`fewer than ${report.minCellSize}`);
  const text = await page.locator('body').innerText();
  for (const name of names) expect(text, name).not.toContain(name);

  // the board data as JSON: every headline figure equals the page's, and the download is audited
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Board data (JSON)' }).click()]);
  expect(download.suggestedFilename()).toBe(`board-data_from-${QUARTER.from}_to-${QUARTER.to}_settings-v${report.settingsVersion}.json`);
  const data = JSON.parse(await readFile(await download.path(), 'utf8')) as BoardDataJson;
  expect([data.from, data.to, data.previousFrom, data.settingsVersion]).toEqual([
    report.from,
    report.to,
    report.previous.from,
    report.settingsVersion,
  ]);
  expect(data.sentences).toEqual(report.sentences);
  const headline = data.figures.filter((f) => f.section === 'headline');
  expect(headline.map((f) => f.figure).sort()).toEqual(Object.keys(report.headline).sort());
  for (const f of headline) {
    const row = page.locator(`.bd-summary-table tr[data-figure="${f.figure}"]`);
    await expect(row.locator('[data-cell="current"]')).toHaveText(f.currentShown);
    await expect(row.locator('[data-cell="previous"]')).toHaveText(f.previousShown);
    const api = report.headline[f.figure] as FigureJson;
    expect([f.current, f.previous, f.currentWithheld, f.previousWithheld, f.change]).toEqual([
      api.current,
      api.previous,
      api.currentSuppressed,
      api.previousSuppressed,
      api.change,
    ]);
    if (f.currentWithheld) expect(f.current).toBeNull();
  }
  // the teams and months are in it too, by team name
  expect(data.figures.filter((f) => f.section === 'team' && f.figure === 'loadRatio').map((f) => f.group)).toEqual(
    report.teams.map((t) => t.name),
  );
  const json = JSON.stringify(data);
  for (const name of names) expect(json, name).not.toContain(name);

  // the CSV of the same figures
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Board data (CSV)' }).click()]);
  expect(csv.suggestedFilename()).toBe(`board-data_from-${QUARTER.from}_to-${QUARTER.to}_settings-v${report.settingsVersion}.csv`);
  const lines = (await readFile(await csv.path(), 'utf8'))
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toMatch(/^section,figure,label,team_or_month,unit,current,current_shown,current_withheld,previous/);
  expect(lines).toHaveLength(data.figures.length + 1);

  await expectAccessible(page);
  await screenshot(page, 'board-board-member');
});

test('printing shows the document alone: no navigation, no controls', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.director, path);
  await shownReport(page, trpc);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
  await expect(page.getByLabel('Period', { exact: true })).toBeHidden();
  await expect(page.locator('.board-doc h1')).toBeVisible();
  await expect(page.locator('.bd-summary-table')).toBeVisible();
  await screenshot(page, 'board-print');
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
});

test('the audit log records the board-data download', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.director, path);
  const report = await shownReport(page, trpc);
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Board data (CSV)' }).click()]);
  const file = `board-data_from-${QUARTER.from}_to-${QUARTER.to}_settings-v${report.settingsVersion}.csv`;
  const entries = await page.evaluate(async () => {
    const input = encodeURIComponent(JSON.stringify({ action: 'export' }));
    const res = await fetch(`/trpc/audit.list?input=${input}`);
    const body = (await res.json()) as { result: { data: { entries: Array<{ details: Record<string, unknown> }> } } };
    return body.result.data.entries.map((e) => e.details);
  });
  expect(entries).toContainEqual(expect.objectContaining({ file, format: 'csv', page: path }));
});
