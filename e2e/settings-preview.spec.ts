/**
 * The settings preview: a director edits a setting and, before saving, sees what it
 * would move (the agency's load, members over capacity, teams and members changing
 * band), computed by the server with the unsaved values; discarding leaves the saved
 * version in force. Screenshots at desktop and phone width are attached.
 */
import type { Page, TestInfo } from '@playwright/test';
import { expect, expectAccessible, recordTrpc, signIn, test, users } from './helpers.ts';

type Band = 'under' | 'balanced' | 'over' | 'critical';
interface Figures {
  loadRatio: number | null;
  band: Band | null;
  overCount: number;
}
interface PreviewJson {
  asOf: string;
  fromVersion: number;
  agency: { members: number; before: Figures; after: Figures };
  teams: Array<{ teamId: string; before: Figures; after: Figures }>;
  staffBandChanges: Array<{ staffId: string; before: { band: Band | null }; after: { band: Band | null } }>;
}
interface CaseloadJson {
  asOf: string;
  settingsVersion: number;
  agency: { loadRatio: number | null } | null;
}
interface DirectoryJson {
  teams: Array<{ teamId: string; name: string }>;
  staff: Array<{ staffId: string; name: string }>;
}

/** As the page prints a ratio: 1.0387 → "104%". Written here, not imported, so the test checks it. */
const percent = (ratio: number | null) => (ratio === null ? '—' : `${Math.round(ratio * 100).toLocaleString('en-US')}%`);
const bandWords: Record<Band, string> = { under: 'under capacity', balanced: 'balanced', over: 'over capacity', critical: 'critical' };
const isOver = (band: Band | null) => band === 'over' || band === 'critical';

/** A full-page screenshot and one of the preview itself, attached to the test. */
async function attach(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  const panel = testInfo.outputPath(`${name}-panel.png`);
  await page.locator('section.settings-preview').screenshot({ path: panel });
  await testInfo.attach(`${name}-panel`, { path: panel, contentType: 'image/png' });
}

test('a director sees what a change to case hours per FTE would move before saving, and discarding keeps the saved version', async ({
  page,
}, testInfo) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.director, '/');
  // the saved settings' agency load, as the overview reads it
  const report = await trpc.latest<CaseloadJson>('caseload.report');
  const directory = await trpc.latest<DirectoryJson>('meta.directory');

  await page.goto('/settings');
  const version = page.getByTestId('settings-version');
  await expect(version).toHaveText(String(report.settingsVersion));
  const hoursPerFte = page.getByLabel('Case hours per caseload FTE per month');
  const saved = Number(await hoursPerFte.inputValue());
  const proposed = Math.round(saved * 0.8);

  // nothing to preview until something changes
  await expect(page.getByRole('heading', { name: /What this change moves/ })).toHaveCount(0);
  const preview = await trpc.nextMatching<PreviewJson>(
    'settings.preview',
    (p) => p.agency.after.loadRatio !== p.agency.before.loadRatio,
    () => hoursPerFte.fill(String(proposed)),
  );
  expect(preview.asOf).toBe(report.asOf);
  expect(preview.fromVersion).toBe(report.settingsVersion);
  // "before" is the saved settings' figure the overview shows; fewer hours per FTE raise the load
  expect(preview.agency.before.loadRatio).toBeCloseTo(report.agency?.loadRatio ?? NaN, 12);
  expect(preview.agency.after.loadRatio ?? 0).toBeGreaterThan(preview.agency.before.loadRatio ?? Infinity);

  const shown = page.getByTestId('settings-preview');
  await expect(page.getByRole('heading', { name: 'What this change moves (not saved yet)' })).toBeVisible();
  const load = (f: Figures) => `${percent(f.loadRatio)} (${f.band === null ? 'no capacity' : bandWords[f.band]})`;
  await expect(page.getByTestId('preview-agency')).toContainText(
    `Agency load: ${load(preview.agency.before)} → ${load(preview.agency.after)}`,
  );
  if (preview.agency.after.overCount !== preview.agency.before.overCount) {
    await expect(page.getByTestId('preview-agency')).toContainText(
      `Members over capacity: ${preview.agency.before.overCount} of ${preview.agency.members} → ${preview.agency.after.overCount} of ${preview.agency.members}`,
    );
  }
  const teamName = new Map(directory.teams.map((t) => [t.teamId, t.name]));
  const movedTeams = preview.teams.filter((t) => t.before.band !== t.after.band);
  if (movedTeams.length > 0) {
    const list = page.getByTestId('preview-teams').getByRole('listitem');
    await expect(list).toHaveCount(movedTeams.length);
    for (const t of movedTeams) await expect(page.getByTestId('preview-teams')).toContainText(teamName.get(t.teamId) ?? t.teamId);
  } else {
    await expect(shown).toContainText('No team changes band.');
  }
  // the members newly over capacity are named (the director may see staff)
  const staffName = new Map(directory.staff.map((s) => [s.staffId, s.name]));
  const newlyOver = preview.staffBandChanges.filter((s) => isOver(s.after.band) && !isOver(s.before.band));
  expect(newlyOver.length, 'the demo has members close enough to capacity that 20 % fewer hours push some over').toBeGreaterThan(0);
  const newlyOverList = page.getByTestId('preview-newly-over').getByRole('listitem');
  await expect(newlyOverList).toHaveCount(newlyOver.length);
  for (const s of newlyOver) await expect(page.getByTestId('preview-newly-over')).toContainText(staffName.get(s.staffId) ?? s.staffId);
  await expect(page.getByRole('button', { name: `Save as version ${report.settingsVersion + 1}` })).toBeEnabled();
  await expectAccessible(page);

  await page.getByRole('heading', { name: 'What this change moves (not saved yet)' }).scrollIntoViewIfNeeded();
  await attach(page, testInfo, 'settings-preview-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(shown).toBeVisible();
  const scroll = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
  expect(scroll.page, 'the settings page scrolls sideways at 390 px').toBeLessThanOrEqual(scroll.view);
  await attach(page, testInfo, 'settings-preview-390');
  await page.setViewportSize({ width: 1280, height: 900 });

  // a change that moves no previewed figure says what it does move instead
  await hoursPerFte.fill(String(saved));
  await page.getByLabel('Quality review pass score (0–100)').fill('90');
  await expect(shown).toContainText('Agency load:');
  await expect(shown).toContainText('unchanged');
  await expect(shown).toContainText('Not shown here, also changed by this edit: the quality review pass rate');

  // the freshness window, the drop folder's schedule and the forecast's history are settings too, checked as typed
  await page.getByLabel('Quality review pass score (0–100)').fill('85');
  const history = page.getByLabel(/Months of history the forecast learns from/);
  await expect(history).toHaveValue('24');
  await history.fill('12');
  await expect(page.getByTestId('pending-changes')).toContainText(
    'Staffing forecast — Months of history the forecast learns from (6–96): 24 → 12',
  );
  await expect(shown).toContainText('the staffing forecast (Staffing forecast page)');
  await history.fill('120');
  await expect(page.getByText('A whole number of months from 6 to 96.')).toBeVisible();
  await history.fill('24');
  const stale = page.getByLabel('Warn when the last import is older than (days)');
  await expect(stale).toHaveValue('7');
  await stale.fill('0');
  await expect(page.getByText('A whole number of days from 1 to 365.')).toBeVisible();
  await stale.fill('7');
  const schedule = page.getByLabel('Drop folder import schedule (cron, agency time)');
  await expect(schedule).toHaveValue('');
  await schedule.fill('every night');
  await expect(page.getByText(/A cron expression of five fields/)).toBeVisible();
  // five fields but no such minute: the server's scheduler refuses it, and the preview says so before saving
  await schedule.fill('61 2 * * *');
  await expect(page.getByRole('alert').filter({ hasText: 'The preview could not be computed' })).toContainText('not a cron expression');
  await schedule.fill('0 2 * * *');
  await expect(page.getByTestId('pending-changes')).toContainText('drop folder schedule: on arrival → 0 2 * * *');
  await expect(shown).toContainText('when the drop folder imports');

  // discarding leaves the saved version in force: nothing was saved
  await page.getByRole('form', { name: 'Edit settings' }).getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByRole('heading', { name: /What this change moves/ })).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('settings-version')).toHaveText(String(report.settingsVersion));
  await expect(page.getByLabel('Case hours per caseload FTE per month')).toHaveValue(String(saved));
});
