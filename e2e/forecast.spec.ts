/**
 * The staffing forecast: a director runs a scenario and sees the gap change (each
 * figure compared with the data the page received), nothing saved until the scenario
 * is named and saved; screenshots at desktop and phone width; a supervisor is not
 * offered the page.
 */
import type { Locator } from '@playwright/test';
import { expect, expectAccessible, recordTrpc, screenshot, signIn, test, users } from './helpers.ts';

/** A screenshot of one part of the page, to read at its real size. */
async function shot(part: Locator, name: string): Promise<void> {
  await part.scrollIntoViewIfNeeded();
  await part.screenshot({ path: `test-results/screenshots/${name}.png` });
}

const longDate = (d: string) =>
  new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));

interface ForecastJson {
  asOf: string;
  monthEnd: string;
  target: number;
  fteAvailableNow: number;
  months: Array<{
    month: string;
    clients: number;
    hoursNeeded: number;
    fteNeeded: number | null;
    fteAvailable: number;
    gap: number | null;
  }>;
  backtest: { from: string; clientsMape: number | null; hoursMape: number | null };
}

const gapText = (gap: number | null) => (gap === null ? '—' : `${gap > 0 ? '+' : ''}${gap.toFixed(1)}`);

test('a director runs a scenario and sees the gap change; nothing is saved until asked', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.director);
  const plain = await trpc.next<ForecastJson>('forecast.report', () => page.getByRole('link', { name: 'Staffing forecast' }).click());
  await expect(page.getByRole('heading', { name: 'Staffing forecast', level: 1 })).toBeVisible();
  const last = plain.months[11]!;
  expect(plain.months).toHaveLength(12);
  expect(last.fteNeeded).not.toBeNull();
  await expect(page.getByTestId('gap-last')).toHaveText(gapText(last.gap));
  await expect(page.getByTestId('backtest')).toContainText(`made from the month end of ${longDate(plain.backtest.from)}`);
  await expect(page.getByText('No saved scenarios.')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'forecast-desktop');

  // a lower target load needs more FTE: the gap grows by the same hours over less capacity
  const lower = await trpc.next<ForecastJson>('forecast.report', () => page.getByLabel('Target load (% of capacity)').fill('80'));
  expect(lower.target).toBe(0.8);
  expect(lower.months[11]!.fteNeeded).toBeCloseTo(last.fteNeeded! / 0.8, 9);
  expect(lower.months[11]!.gap).toBeGreaterThan(last.gap!);
  await expect(page.getByTestId('gap-last')).toHaveText(gapText(lower.months[11]!.gap));

  // five FTE hired from the first month close the gap by five in every month
  // a hire is added at 1 FTE from the first month, then set to 5
  const one = await trpc.next<ForecastJson>('forecast.report', () => page.getByRole('button', { name: 'Add a hire' }).click());
  expect(one.months[0]!.fteAvailable).toBeCloseTo(plain.fteAvailableNow + 1, 9);
  const hired = await trpc.next<ForecastJson>('forecast.report', () => page.getByLabel('FTE', { exact: true }).fill('5'));
  expect(hired.months[0]!.fteAvailable).toBeCloseTo(plain.fteAvailableNow + 5, 9);
  expect(hired.months[11]!.gap).toBeCloseTo(lower.months[11]!.gap! - 5, 9);
  await expect(page.getByTestId('gap-last')).toHaveText(gapText(hired.months[11]!.gap));
  await expect(page.getByTestId('gap-headline')).toBeVisible();
  // recomputed, never saved
  await expect(page.getByText('No saved scenarios.')).toBeVisible();
  await screenshot(page, 'forecast-scenario-desktop');

  // saved only when named
  await page.getByLabel('Save the scenario above as').fill('Hire five, 80 %');
  await page.getByRole('button', { name: 'Save scenario' }).click();
  await expect(page.getByText('Saved “Hire five, 80 %”.')).toBeVisible();
  const row = page.getByRole('row', { name: /Hire five, 80 %/ });
  await expect(row).toContainText('target 80 %, 5 FTE hired');

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('gap-last')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'forecast-scenario-phone');
  await shot(page.locator('section.card', { has: page.getByTestId('gap-last') }), 'forecast-gap-phone');
  await shot(page.locator('section.card', { has: page.getByRole('heading', { name: 'Saved scenarios' }) }), 'forecast-saved-phone');

  // the board report takes the saved scenario as its "Staffing need" section
  await page.setViewportSize({ width: 1280, height: 900 });
  await trpc.next('board.report', () => page.goto('/board'));
  await expect(page.getByRole('heading', { name: 'Board report', level: 1 })).toBeVisible();
  const board = await trpc.next<{ staffingNeed?: { sentence: string; scenarioName: string } }>('board.report', () =>
    page.getByLabel('Staffing need section').selectOption({ label: 'Saved scenario: Hire five, 80 %' }),
  );
  expect(board.staffingNeed?.scenarioName).toBe('Hire five, 80 %');
  await expect(page.getByRole('heading', { name: 'Staffing need' })).toBeVisible();
  await expect(page.getByTestId('bd-staffing-sentence')).toHaveText(board.staffingNeed!.sentence);
  await expect(page.getByTestId('bd-staffing-sentence')).toContainText('To keep caseloads at 80 % of capacity');
  await shot(page.locator('section.bd-staffing'), 'board-staffing-need-desktop');
});

test('a supervisor is not offered the staffing forecast', async ({ page }) => {
  await signIn(page, users.supervisor);
  await expect(page.getByRole('link', { name: 'Staffing forecast' })).toHaveCount(0);
  await page.goto('/forecast');
  await expect(page.getByText('The staffing forecast is for directors, administrators and program managers.')).toBeVisible();
});
