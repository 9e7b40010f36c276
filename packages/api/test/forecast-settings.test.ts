/**
 * forecastHistoryMonths (H of metrics.md's staffing forecast) as an agency setting:
 * validated, saved as a new settings version with an audit entry, and honoured by the
 * forecast on the rows path and on the month-end path. On both drivers.
 *
 * A tiny agency, as of 2025-01-15 (e₀ = 2024-12-31): one tier-2 client enrolled (and
 * assessed) on the 15th of each month from January 2023 to June 2024, none after, no
 * exits. So on e₀ there are 18 clients, all in state 2, and state 2 keeps its clients.
 *
 * - H = 24 (the default): pairs 1..24 end January 2023 … December 2024; state 2's
 *   entries are 1 for pairs 1..18 and 0 for 19..24. Least squares on x = 1..24:
 *   x̄ = 12.5, ȳ = 0.75, Sxy = 171 − 24·12.5·0.75 = −54, Sxx = 24·(24² − 1)/12 = 1150,
 *   slope = −27/575; the line at x is 0.75 + (12.5 − x)·27/575: at 25 → 0.163043…,
 *   26 → 0.116087…, 27 → 0.069130…, 28 → 0.022174…, 29 → −0.02478… (floored at 0).
 *   So the clients grow by those entries: month 1 = 18.163043…, month 12 = 18 + Σ = 18.370435.
 * - H = 6: pairs end July … December 2024, all with 0 entries: the line is 0, and the
 *   projection stays at 18 for all 12 months.
 */
import type { DbHandle } from '@caseload/db';
import { listAudit } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import type { Settings } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildMonthEndFigures, staffingForecastWithSource } from '../src/index.ts';
import { getSettings, updateSettings } from '../src/services/settings.ts';
import { makeAgency, makeAssessment, makeClient, makeProgram } from './factories.ts';

const AS_OF = '2025-01-15';
const line = (x: number) => Math.max(0, 0.75 + ((12.5 - x) * 27) / 575);

describe.each(testDrivers())('forecastHistoryMonths on %s', (driver) => {
  let h: DbHandle;
  let agencyId: string;
  const actor = { userId: null, actor: 'test' };
  const now = new Date('2025-01-15T12:00:00Z');
  const save = async (change: Partial<Settings>) => {
    const current = await getSettings(h.db, agencyId);
    return updateSettings(h.db, agencyId, { settings: { ...current.settings, ...change }, expectedVersion: current.version }, actor, now);
  };

  beforeAll(async () => {
    h = await createTestDb(driver);
    agencyId = await makeAgency(h.db);
    const program = await makeProgram(h.db, agencyId);
    for (let i = 0; i < 18; i++) {
      const y = 2023 + Math.floor(i / 12);
      const m = (i % 12) + 1;
      const on = `${y}-${String(m).padStart(2, '0')}-15`;
      const clientId = await makeClient(h.db, agencyId, { programId: program, enrolledOn: on });
      await makeAssessment(h.db, agencyId, { clientId, assessedOn: on, acuityTier: 2 });
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  test('unset, the forecast learns from 24 months: the entries trend down to the zero floor', async () => {
    const { forecast } = await staffingForecastWithSource(h.db, agencyId, { asOf: AS_OF });
    expect(forecast.historyMonths).toBe(24);
    expect(forecast.monthEnd).toBe('2024-12-31');
    expect(forecast.months[0]?.clients).toBeCloseTo(18 + line(25), 9);
    expect(forecast.months[0]?.clients).toBeCloseTo(18.163043478, 8);
    expect(forecast.months[11]?.clients).toBeCloseTo(18 + line(25) + line(26) + line(27) + line(28), 9);
    expect(forecast.months[11]?.clients).toBeCloseTo(18.370434783, 8);
  });

  test('set to 6, saved as a version and audited: the last six months had no entries, so the projection stays at 18', async () => {
    const before = await getSettings(h.db, agencyId);
    const saved = await save({ forecastHistoryMonths: 6 });
    expect(saved.version).toBe(before.version + 1);
    expect(saved.settings.forecastHistoryMonths).toBe(6);
    const log = await listAudit(h.db, agencyId, { action: 'settings.update' }, { limit: 10, offset: 0 });
    expect(log.entries[0]?.details).toMatchObject({
      fromVersion: before.version,
      toVersion: saved.version,
      new: { forecastHistoryMonths: 6 },
    });
    expect((log.entries[0]?.details as { old: Settings }).old.forecastHistoryMonths).toBeUndefined();

    const rows = await staffingForecastWithSource(h.db, agencyId, { asOf: AS_OF });
    expect(rows.source).toBe('rows');
    expect(rows.forecast.historyMonths).toBe(6);
    expect(rows.forecast.months.map((m) => m.clients)).toEqual(Array(12).fill(18));

    // the month-end figures of this settings version give the same forecast
    expect((await buildMonthEndFigures(h.db, agencyId, AS_OF)).built).toBe(true);
    const stored = await staffingForecastWithSource(h.db, agencyId, { asOf: AS_OF });
    expect(stored.source).toBe('month-end');
    expect(stored.forecast).toEqual(rows.forecast);

    // back to 24: the trend again
    await save({ forecastHistoryMonths: 24 });
    const again = await staffingForecastWithSource(h.db, agencyId, { asOf: AS_OF });
    expect(again.forecast.historyMonths).toBe(24);
    expect(again.forecast.months[0]?.clients).toBeCloseTo(18.163043478, 8);
  });

  test('out of range or not whole, refused with the reason and nothing saved', async () => {
    const before = await getSettings(h.db, agencyId);
    await expect(save({ forecastHistoryMonths: 5 })).rejects.toThrow(/at least 6 months/);
    await expect(save({ forecastHistoryMonths: 97 })).rejects.toThrow(/at most 96 months/);
    await expect(save({ forecastHistoryMonths: 12.5 })).rejects.toThrow(/whole number of months/);
    expect((await getSettings(h.db, agencyId)).version).toBe(before.version);
  });

  test('the import schedule must be a schedule the drop folder reads; the freshness window is 1 to 365 days', async () => {
    const before = await getSettings(h.db, agencyId);
    // five fields, but minute 61 does not exist
    await expect(save({ importSchedule: '61 2 * * *' })).rejects.toThrow(/not a cron expression the scheduler reads/);
    await expect(save({ importSchedule: 'every night' })).rejects.toThrow(/cron expression such as/);
    await expect(save({ staleAfterDays: 0 })).rejects.toThrow(/at least 1 day/);
    await expect(save({ staleAfterDays: 366 })).rejects.toThrow(/at most 365 days/);
    expect((await getSettings(h.db, agencyId)).version).toBe(before.version);
    const ok = await save({ importSchedule: '30 2 * * 1-5', staleAfterDays: 3 });
    expect(ok.settings).toMatchObject({ importSchedule: '30 2 * * 1-5', staleAfterDays: 3 });
    const off = await save({ importSchedule: null });
    expect(off.settings.importSchedule).toBeNull();
  });
});
