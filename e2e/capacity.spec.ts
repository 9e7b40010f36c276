/**
 * Capacity over time: the explanation and the capacity timeline on the
 * drill-down, the team view counting a member on leave, capacity changes ahead as a
 * supervisor worklist, and calibration with the settings editor pre-filled. Each
 * screen is compared with the data the page received (never with the calendar), and
 * checked with axe; screenshots at desktop and phone width.
 */
import type { Locator } from '@playwright/test';
import { expect, expectAccessible, recordTrpc, screenshot, signIn, test, users } from './helpers.ts';

/** A screenshot of one part of the page (the explanation, the timeline), to read at its real size. */
async function shot(part: Locator, name: string): Promise<void> {
  await part.scrollIntoViewIfNeeded();
  await part.screenshot({ path: `test-results/screenshots/${name}.png` });
}

interface Explanation {
  staffId: string;
  clients: number;
  weightedHours: number;
  otherHours: number;
  capacityHours: number;
  loadRatio: number | null;
  sentence: string;
  reductions: Array<{ reason: string; percent: number | null }>;
}

interface CaseloadJson {
  asOf: string;
  staff: Array<{
    staffId: string;
    teamId: string | null;
    clients: number;
    capacityHours: number;
    baseCapacityHours?: number;
    loadRatio: number | null;
  }>;
}

interface ChangesJson {
  asOf: string;
  changes: Array<{ staffId: string; teamId: string | null; kind: string; change: string; on: string }>;
}

interface CalibrationJson {
  tiers: Array<{ tier: string; suggestedHours: number | null }>;
  minutesCoverage: number | null;
}

test('a director sees the member on leave counted in the team, and why the load is what it is', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.director);
  const report = await trpc.latest<CaseloadJson>('caseload.report');
  // the member on leave: a post with every hour reduced away
  const away = report.staff.find((s) => s.capacityHours === 0 && (s.baseCapacityHours ?? 0) > 0 && s.clients > 0);
  expect(away, 'the demo has a member on leave holding clients').toBeTruthy();
  const note = page.getByTestId(`cover-${away!.teamId}`);
  await expect(note).toContainText(`${away!.clients} clients need cover`);
  await expect(note.getByRole('link', { name: 'propose cover' })).toBeVisible();
  await shot(page.locator('table.team-load-table'), 'team-view-leave-desktop');

  // from a load ratio's "why?" to the explanation on the drill-down
  await page.getByRole('link', { name: 'Caseloads', exact: true }).click();
  const busy = report.staff.filter((s) => s.loadRatio !== null).sort((a, b) => (b.loadRatio ?? 0) - (a.loadRatio ?? 0))[0]!;
  await expect(page.locator(`tr[data-staff-id="${busy.staffId}"]`)).toBeVisible();
  await shot(page.locator('table.staff-load-table'), 'caseloads-why-desktop');
  const explained = await trpc.next<Explanation>('capacity.explain', () =>
    page
      .locator(`tr[data-staff-id="${busy.staffId}"]`)
      .getByRole('link', { name: /^Why is the load of/ })
      .click(),
  );
  expect(explained.staffId).toBe(busy.staffId);
  expect(explained.loadRatio).toBeCloseTo(busy.loadRatio!, 12);
  await expect(page.getByTestId('explanation-sentence')).toHaveText(explained.sentence);
  await expect(page.getByRole('heading', { name: `Why the load of`, exact: false })).toContainText(`${Math.round(busy.loadRatio! * 100)}%`);
  await expect(page.getByTestId('capacity-timeline')).toBeVisible();
  await expectAccessible(page);

  // the member on leave: no capacity, and the sentence says the clients need cover
  const leave = await trpc.next<Explanation>('capacity.explain', () =>
    page.goto(`/caseloads/clients?staff=${away!.staffId}&asOf=${report.asOf}#why`),
  );
  expect(leave.loadRatio).toBeNull();
  expect(leave.reductions.some((r) => r.reason === 'leave' && r.percent === 100)).toBe(true);
  await expect(page.getByTestId('explanation-sentence')).toContainText('the clients need cover');
  await expect(page.getByRole('heading', { name: /has no capacity on this date/ })).toBeVisible();
  await expect(page.getByTestId('capacity-timeline').getByRole('row')).not.toHaveCount(0);
  await screenshot(page, 'capacity-explanation-desktop');
  await shot(page.locator('#why'), 'capacity-explanation-panel-desktop');
  await shot(page.getByTestId('capacity-timeline'), 'capacity-timeline-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page.locator('#why'), 'capacity-explanation-panel-phone');
  await shot(page.getByTestId('capacity-timeline'), 'capacity-timeline-phone');
});

test('a supervisor works the capacity changes ahead of their teams', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.supervisor);
  await page.getByRole('link', { name: 'Capacity changes' }).click();
  await expect(page.getByRole('heading', { name: 'Capacity changes ahead', level: 1 })).toBeVisible();
  const changes = await trpc.latest<ChangesJson>('capacity.changes');
  expect(changes.changes.length).toBeGreaterThan(0);
  const table = page.locator('table.changes-table');
  await expect(table.locator('tbody tr')).toHaveCount(changes.changes.length);
  for (const c of changes.changes) expect(c.on > changes.asOf).toBe(true);
  await expectAccessible(page);
  await screenshot(page, 'capacity-changes-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'capacity-changes-phone');
});

test('a director reads the calibration and opens the settings editor with the suggested hours', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.director);
  await page.getByRole('link', { name: 'Workload calibration' }).click();
  await expect(page.getByRole('heading', { name: 'Workload calibration', level: 1 })).toBeVisible();
  const calibration = await trpc.latest<CalibrationJson>('capacity.calibration');
  const suggested = calibration.tiers.filter((t) => t.suggestedHours !== null);
  expect(suggested.length).toBeGreaterThan(0);
  await expect(page.locator('table.calibration-table tbody tr')).toHaveCount(5);
  await expectAccessible(page);
  await screenshot(page, 'calibration-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'calibration-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.getByTestId('adopt-suggested').click();
  await expect(page.getByRole('heading', { name: 'Agency settings', level: 1 })).toBeVisible();
  await expect(page.getByText('Filled in from the workload calibration')).toBeVisible();
  // the first suggested tier is in the form, rounded to 0.05 h; nothing is saved until the director saves
  const first = suggested[0]!;
  const rounded = Math.round(first.suggestedHours! * 20) / 20;
  const label = first.tier === 'unassessed' ? 'Unassessed' : `Tier ${first.tier}`;
  await expect(page.getByRole('group', { name: 'Expected hours per client per month' }).getByLabel(label, { exact: true })).toHaveValue(
    String(rounded),
  );
  await expect(page.getByTestId('settings-version')).toHaveText('1');
});
