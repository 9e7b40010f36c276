/**
 * The staffing forecast's database feed on both drivers, over the scale-s synthetic
 * agency: the forecast read from the month-end transitions of a build equals the one
 * computed from the rows (the pure path), with and without a program filter and a
 * scenario; the stored cells are really read; a scenario changes only that computation
 * and nothing is saved unless asked; a saved scenario is audited.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgency, type DbHandle, listAudit } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { generateAgency, importDirectory } from '@caseload/importer';
import { defaultSettings } from '@caseload/metrics';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildMonthEndFigures, deleteScenario, forecastScenarios, saveScenario, staffingForecastWithSource } from '../src/index.ts';

const AS_OF = '2026-11-23';
const AGENCY = 'demo';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseload-forecast-'));
  await generateAgency({ scale: 's', seed: 5, asOf: AS_OF }, dir);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(testDrivers())('staffing forecast on %s', (driver) => {
  let h: DbHandle;
  let programId: string;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await createAgency(h.db, { agencyId: AGENCY, name: 'Demo', settings: defaultSettings, createdBy: 'test' });
    const result = await importDirectory(h.db, dir, { agencyId: AGENCY, today: AS_OF, actor: { userId: null, label: 'test seed' } });
    if (!result.ok) throw new Error(`import failed:\n${result.errors.slice(0, 20).join('\n')}`);
    programId = (
      await h.db.selectFrom('programs').select('program_id').where('agency_id', '=', AGENCY).orderBy('program_id').executeTakeFirstOrThrow()
    ).program_id;
  }, 300_000);
  afterAll(async () => {
    await h?.close();
  });

  const scenario = { intakeChange: 0.2, hires: [{ month: 4, fte: 2 }], departures: [{ month: 2, fte: 1 }], target: 0.9 };
  const inputs = () => [
    { asOf: AS_OF },
    { asOf: '2026-10-31' },
    { asOf: AS_OF, programIds: [programId] },
    { asOf: AS_OF, scenario },
    { asOf: AS_OF, programIds: [] },
  ];

  test('the month-end path equals the rows path', async () => {
    const fromRows = [];
    for (const input of inputs()) {
      const r = await staffingForecastWithSource(h.db, AGENCY, input);
      expect(r.source).toBe('rows');
      fromRows.push(r.forecast);
    }
    const built = await buildMonthEndFigures(h.db, AGENCY, AS_OF);
    expect(built.built).toBe(true);
    for (const [i, input] of inputs().entries()) {
      const r = await staffingForecastWithSource(h.db, AGENCY, input);
      expect(r.source).toBe('month-end');
      expect(r.forecast).toEqual(fromRows[i]);
    }
    // a real agency: clients, a need, staff and a backtest
    const f = fromRows[0];
    expect(f?.monthEnd).toBe('2026-10-31');
    expect(f?.months[0]?.month).toBe('2026-11');
    expect(f?.months[0]?.clients).toBeGreaterThan(0);
    expect(f?.fteAvailableNow).toBeGreaterThan(0);
    expect(f?.backtest.from).toBe('2025-10-31');
    expect(f?.backtest.clientsMape).not.toBeNull();
    // no clients under an empty program filter: no hours from clients
    expect(fromRows[4]?.months.every((m) => m.clients === 0)).toBe(true);
  }, 240_000);

  test('the stored transitions are really read', async () => {
    const before = (await staffingForecastWithSource(h.db, AGENCY, { asOf: AS_OF })).forecast;
    await sql`update month_end_transitions set clients = clients + 100
      where agency_id = ${AGENCY} and month_end = '2026-10-31' and from_state = '2' and to_state = '2'`.execute(h.db);
    const after = await staffingForecastWithSource(h.db, AGENCY, { asOf: AS_OF });
    expect(after.source).toBe('month-end');
    expect(after.forecast.months[0]?.byState['2']).toBeGreaterThan(before.months[0]?.byState['2'] as number);
    await sql`update month_end_transitions set clients = clients - 100
      where agency_id = ${AGENCY} and month_end = '2026-10-31' and from_state = '2' and to_state = '2'`.execute(h.db);
  }, 60_000);

  test('a scenario changes only that computation; nothing is saved unless asked; a save is audited', async () => {
    const auditBefore = (await listAudit(h.db, AGENCY, {}, { limit: 1000, offset: 0 })).total;
    const plain = (await staffingForecastWithSource(h.db, AGENCY, { asOf: AS_OF })).forecast;
    const what = (await staffingForecastWithSource(h.db, AGENCY, { asOf: AS_OF, scenario })).forecast;
    expect(what.target).toBe(0.9);
    expect(what.months[0]?.fteAvailable).toBe(plain.fteAvailableNow);
    expect(what.months[1]?.fteAvailable).toBeCloseTo(plain.fteAvailableNow - 1, 9);
    expect(what.months[3]?.fteAvailable).toBeCloseTo(plain.fteAvailableNow + 1, 9);
    expect(what.months[0]?.clients).toBeGreaterThan(plain.months[0]?.clients as number);
    expect(what.backtest).toEqual(plain.backtest);
    expect(await forecastScenarios(h.db, AGENCY)).toEqual([]);
    expect((await listAudit(h.db, AGENCY, {}, { limit: 1000, offset: 0 })).total).toBe(auditBefore);

    const who = { userId: null, actor: 'test' };
    await saveScenario(h.db, AGENCY, who, { name: 'Grow intake', inputs: { intakeChange: 0.1 } });
    const saved = await saveScenario(h.db, AGENCY, who, { name: 'Grow intake', inputs: scenario });
    expect(saved.inputs).toEqual(scenario);
    expect((await forecastScenarios(h.db, AGENCY)).map((s) => s.name)).toEqual(['Grow intake']);
    const log = await listAudit(h.db, AGENCY, { action: 'forecast_scenario.save' }, { limit: 1000, offset: 0 });
    expect(log.entries.map((e) => e.details)).toContainEqual({ name: 'Grow intake', old: { intakeChange: 0.1 }, new: scenario });
    await deleteScenario(h.db, AGENCY, who, 'Grow intake');
    expect(await forecastScenarios(h.db, AGENCY)).toEqual([]);
    await expect(deleteScenario(h.db, AGENCY, who, 'Grow intake')).rejects.toThrow(/no saved scenario/);
  }, 60_000);
});
