/**
 * The supervisor workspace: from the overloaded team on the overview to a
 * rebalancing proposal and its CSV; worklists, compliance with the load/contact fit,
 * trends and a case manager's clients. Every screen is compared with the data the
 * page received, and checked with axe.
 */
import { readFileSync } from 'node:fs';
import type { Download } from '@playwright/test';
import { stories } from './demo.ts';
import { expect, expectAccessible, recordTrpc, screenshot, signIn, test, users } from './helpers.ts';

interface Proposal {
  teamId: string;
  asOf: string;
  settingsVersion: number;
  teamLoadRatio: number | null;
  teamOverCapacity: boolean;
  overCapacityHours: number;
  moves: Array<{ clientId: string; fromStaffId: string; toStaffId: string; hours: number; reason: string }>;
  before: Array<{ staffId: string; loadRatio: number | null }>;
  after: Array<{ staffId: string; loadRatio: number | null }>;
}

interface CaseloadReportJson {
  teams: Array<{ teamId: string; loadRatio: number | null }>;
  staff: Array<{ staffId: string; teamId: string | null; loadRatio: number | null }>;
}

interface WorklistJson {
  kind: string;
  asOf: string;
  settingsVersion: number;
  clients: Array<{ clientId: string }>;
}

interface ComplianceJson {
  staff: Array<{ staffId: string; contactDue: number }>;
  loadComplianceFit: { n: number; r: number | null; slope: number | null } | null;
}

interface TrendJson {
  months: Array<{ month: string }>;
}

const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

/** The text of a downloaded CSV, without the byte-order mark, split into lines. */
async function downloadLines(download: Download): Promise<string[]> {
  const path = await download.path();
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  return text.split('\r\n').filter((line) => line !== '');
}

test('a supervisor goes from the overloaded team to a rebalancing proposal and downloads it', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.supervisor);

  // The overview shows the overloaded team.
  await expect(page.getByRole('heading', { name: 'Agency overview', level: 1 })).toBeVisible();
  const overview = await trpc.latest<CaseloadReportJson>('caseload.report');
  const loaded = [...overview.teams].filter((t) => t.loadRatio !== null).sort((a, b) => (b.loadRatio ?? 0) - (a.loadRatio ?? 0))[0];
  expect(loaded?.teamId).toBe('team-01');
  await expect(page.locator('table.team-load-table')).toContainText('North Waiver Team');
  await screenshot(page, 'workspace-overview');

  // Rebalance opens on the most loaded team.
  const proposal = await trpc.next<Proposal>('rebalance.propose', () =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rebalance' }).click(),
  );
  await expect(page.getByRole('heading', { name: 'Rebalance', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/[?&]team=team-01\b/);
  expect(proposal.teamId).toBe('team-01');
  await expect(page.getByLabel('Team', { exact: true })).toHaveValue('team-01');

  // The situation in words, from the proposal.
  const situation = page.getByRole('region', { name: "The team's situation" });
  const overBefore = proposal.before.filter((b) => b.loadRatio !== null && b.loadRatio > 1).length;
  const overAfter = proposal.after.filter((a) => a.loadRatio !== null && a.loadRatio > 1).length;
  expect(proposal.teamLoadRatio).not.toBeNull();
  await expect(situation).toContainText(
    `North Waiver Team is at ${percent(proposal.teamLoadRatio ?? 0)} of capacity; ${overBefore} of ${proposal.before.length} members over.`,
  );
  expect(overBefore).toBeGreaterThan(0);
  expect(proposal.moves.length).toBeGreaterThan(0);
  if (proposal.teamOverCapacity) {
    await expect(situation).toContainText('this is a staffing question, not a shuffling one');
  } else {
    // where the team's capacity allows, every member ends at or below 100%
    expect(overAfter).toBe(0);
    for (const a of proposal.after) expect(a.loadRatio ?? 0).toBeLessThanOrEqual(1);
    await expect(situation).toContainText(`Moving ${proposal.moves.length} clients brings every member to 100% or below.`);
  }

  // Why: acuity mix, not just head count.
  await expect(page.getByRole('heading', { name: /What loads the team: acuity mix, not just head count/ })).toBeVisible();
  await expect(page.getByText('Hours per client')).toBeVisible();
  await expect(page.locator('.acuity-explanation')).toContainText('Compared with the agency');

  // Before/after bars: one pair per member, the after labels are the proposal's ratios.
  const chart = page.locator('.rebalance-chart');
  await expect(chart.locator(':scope > svg.recharts-surface')).toBeVisible();
  // each bar is labelled with its percentage: the now bars with the proposal's before, the after bars with its after
  const labels = chart.locator('.recharts-label-list text');
  await expect(labels).toHaveCount(proposal.before.length + proposal.after.length);
  const shown = (await labels.allTextContents()).sort();
  const expected = [...proposal.before, ...proposal.after].map((a) => `${Math.round((a.loadRatio ?? 0) * 100)}%`).sort();
  expect(shown).toEqual(expected);
  await expect(page.getByText(`${overBefore} → ${overAfter}`, { exact: true })).toBeVisible();

  // The moves with the reason for each.
  const moves = page.locator('table tbody tr[data-client-id]');
  await expect(moves).toHaveCount(proposal.moves.length);
  const first = proposal.moves[0];
  if (!first) throw new Error('no move');
  await expect(moves.first()).toContainText(first.clientId);
  // the reason, with the two case managers' names in place of their ids
  const directory = await trpc.latest<{ staff: Array<{ staffId: string; name: string }> }>('meta.directory');
  const named = (id: string) => directory.staff.find((s) => s.staffId === id)?.name ?? id;
  await expect(moves.first()).toContainText(
    first.reason.replaceAll(first.fromStaffId, named(first.fromStaffId)).replaceAll(first.toStaffId, named(first.toStaffId)),
  );
  await expect(page.getByText('This is advice, not a change.')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'workspace-rebalance');

  // The proposal as CSV: the header and one row per move, in order.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /Download proposal \(CSV\)/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(
    `rebalance-proposal_as-of-${proposal.asOf}_team-team-01_settings-v${proposal.settingsVersion}.csv`,
  );
  const lines = await downloadLines(download);
  expect(lines[0]).toBe(
    'client_id,from_staff_id,from_staff_name,to_staff_id,to_staff_name,tier,hours_per_month,days_with_current_holder,reason',
  );
  expect(lines).toHaveLength(proposal.moves.length + 1);
  proposal.moves.forEach((m, i) => {
    const cells = lines[i + 1]?.split(',') ?? [];
    expect([cells[0], cells[1], cells[3]]).toEqual([m.clientId, m.fromStaffId, m.toStaffId]);
  });

  // The supervisor's other team at the end of the month its two case managers had left (ten
  // months before the demo's as-of date): with staff periods its capacity is that of the people
  // employed then, so the team as a whole was over capacity — a staffing question, not a
  // shuffling one (counting today's staff for that day used to show room that was not there).
  await trpc.next<Proposal>('rebalance.propose', () => page.getByLabel('Team', { exact: true }).selectOption('team-02'));
  await expect(page).toHaveURL(/[?&]team=team-02\b/);
  const other = await trpc.next<Proposal>('rebalance.propose', () => page.getByLabel('As of').fill(stories.dip.shortStaffedOn));
  await expect(page).toHaveURL(new RegExp(`[?&]asOf=${stories.dip.shortStaffedOn}\\b`));
  expect(other.teamId).toBe('team-02');
  expect(other.teamOverCapacity).toBe(true);
  expect(other.overCapacityHours).toBeGreaterThan(0);
  const otherOver = other.before.filter((b) => b.loadRatio !== null && b.loadRatio > 1).length;
  expect(otherOver).toBeGreaterThan(0);
  const highestBefore = Math.max(...other.before.map((b) => b.loadRatio ?? 0));
  for (const a of other.after) expect(a.loadRatio ?? 0).toBeLessThanOrEqual(highestBefore);
  await expect(situation).toContainText(
    `South Title III Team is at ${percent(other.teamLoadRatio ?? 0)} of capacity; ${otherOver} of ${other.before.length} members over.`,
  );
  await expect(situation).toContainText('this is a staffing question, not a shuffling one');
  await expect(page.locator('table tbody tr[data-client-id]')).toHaveCount(other.moves.length);
  const afterShown = (await chart.locator('.recharts-label-list text').allTextContents()).sort();
  expect(afterShown).toEqual([...other.before, ...other.after].map((a) => `${Math.round((a.loadRatio ?? 0) * 100)}%`).sort());
  await page.mouse.move(0, 0);
  await expectAccessible(page);
  await screenshot(page, 'workspace-rebalance-team-02');
});

test('worklists show the overdue reassessments with a CSV; a case manager’s clients open from Caseloads', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.supervisor, '/worklists');
  const list = await trpc.latest<WorklistJson>('worklist.list');
  expect(list.kind).toBe('reassessOverdue');
  await expect(page.getByRole('heading', { name: 'Worklists', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: /Reassessment overdue/ })).toHaveAttribute('aria-current', 'page');
  expect(list.clients.length).toBeGreaterThan(0);
  const rows = page.locator('table tbody tr[data-client-id]');
  await expect(rows).toHaveCount(list.clients.length);
  await expect(rows.first()).toContainText(list.clients[0]?.clientId ?? '');
  await expectAccessible(page);
  await screenshot(page, 'workspace-worklists');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download CSV/ }).click()]);
  expect(download.suggestedFilename()).toMatch(
    new RegExp(`^worklist-reassessOverdue_as-of-${list.asOf}(_(team|program)-[A-Za-z0-9.-]+)*_settings-v${list.settingsVersion}\\.csv$`),
  );
  const lines = await downloadLines(download);
  expect(lines[0]?.startsWith('client_id,tier,')).toBe(true);
  expect(lines).toHaveLength(list.clients.length + 1);

  // Another list: contact overdue.
  const contact = await trpc.next<WorklistJson>('worklist.list', () => page.getByRole('link', { name: /Past the contact window/ }).click());
  expect(contact.kind).toBe('contactOverdue');
  await expect(page).toHaveURL(/list=contactOverdue/);
  await expect(rows).toHaveCount(contact.clients.length);

  // Drill-down: a case manager's clients from the caseloads table.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Caseloads' }).click();
  const report = await trpc.latest<CaseloadReportJson>('caseload.report');
  const person = report.staff.find((s) => s.loadRatio !== null && s.teamId === 'team-01');
  if (!person) throw new Error('no case manager in team-01');
  const clients = await trpc.next<{ clients: Array<{ clientId: string }> }>('caseload.staffClients', () =>
    page.locator(`tr[data-staff-id="${person.staffId}"] th a`).click(),
  );
  await expect(page).toHaveURL(new RegExp(`/caseloads/clients\\?.*staff=${person.staffId}`));
  await expect(page.getByRole('heading', { name: /^Clients of /, level: 1 })).toBeVisible();
  await expect(page.locator('table tbody tr[data-client-id]')).toHaveCount(clients.clients.length);
  for (const column of ['Client', 'Tier', 'Last contact', 'Last face-to-face', 'Reassessment due']) {
    await expect(page.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
  }
  await expectAccessible(page);
  await screenshot(page, 'workspace-drilldown');
});

test('compliance shows the load/contact scatter with r; trends show monthly lines', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.supervisor, '/compliance');
  await expect(page.getByRole('heading', { name: 'Compliance', level: 1 })).toBeVisible();
  const compliance = await trpc.latest<ComplianceJson>('compliance.report');
  const fit = compliance.loadComplianceFit;
  expect(fit?.r).not.toBeNull();
  const r = fit?.r ?? 0;
  const rText = `r = ${r < 0 ? '−' : '+'}${Math.abs(r).toFixed(2)}`;
  await expect(page.locator('.fit-summary')).toContainText(rText);
  await expect(page.locator('.fit-summary')).toContainText(`n = ${fit?.n}`);
  const dots = page.locator('.load-contact-scatter .recharts-scatter-symbol');
  await expect(dots).toHaveCount(fit?.n ?? -1);
  await expect(page.locator('.load-contact-scatter .recharts-reference-line')).toHaveCount(2);
  await expectAccessible(page);
  await screenshot(page, 'workspace-compliance');

  const trend = await trpc.next<TrendJson>('caseload.trend', () =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trends' }).click(),
  );
  await expect(page.getByRole('heading', { name: 'Trends', level: 1 })).toBeVisible();
  expect(trend.months.length).toBe(12);
  // three charts (load, contact, reassessment), each an agency line and the team line
  await expect(page.locator('.trend-chart > svg.recharts-surface')).toHaveCount(3);
  await expect(page.locator('.trend-loadRatio .recharts-line-curve')).toHaveCount(2);
  await expect(page.locator('table tbody tr')).toHaveCount(trend.months.length);
  await expectAccessible(page);
  await screenshot(page, 'workspace-trends');
});

test('the board sees team and agency compliance and trends, never people', async ({ page }) => {
  await signIn(page, users.board, '/compliance');
  await expect(page.getByRole('heading', { name: 'Compliance', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Contact and reassessment by team' })).toBeVisible();
  await expect(page.locator('.load-contact-scatter')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'By case manager' })).toHaveCount(0);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Rebalance' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Worklists' })).toHaveCount(0);
  await expectAccessible(page);
  await page.goto('/rebalance');
  await expect(page.getByText('This page is not part of your role')).toBeVisible();
});

test('a case manager sees their own due list, clients and trend line only', async ({ page }) => {
  const trpc = recordTrpc(page);
  await signIn(page, users.caseManager, '/worklists');
  const me = await trpc.latest<{ staffId: string | null }>('auth.me');
  expect(me.staffId).not.toBeNull();
  await expect(page.getByRole('heading', { name: 'My due list', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Team', { exact: true })).toHaveCount(0);
  const list = await trpc.latest<WorklistJson & { clients: Array<{ clientId: string; staffId: string | null }> }>('worklist.list');
  for (const c of list.clients) expect(c.staffId).toBe(me.staffId);
  await expect(page.locator('table tbody tr[data-client-id]')).toHaveCount(list.clients.length);
  await expectAccessible(page);

  const trend = await trpc.next<TrendJson>('caseload.trend', () =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trends' }).click(),
  );
  expect(trend.months.length).toBe(12);
  await expect(page.locator('.trend-loadRatio .recharts-line-curve')).toHaveCount(1);
  await expect(page.getByRole('columnheader', { name: 'Me: load' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'workspace-case-manager-trends');
});
