/**
 * The fingerprint of what the board report reads beyond the versioned data and settings
 * (plans of correction, saved staffing scenarios): any written, changed or deleted row
 * changes it; another agency's rows do not.
 */
import { defaultSettings } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { boardInputsFingerprint, createAgency, type DbHandle } from '../src/index.ts';
import { createTestDb, testDrivers } from '../src/testing.ts';

describe.each(testDrivers())('the board inputs’ fingerprint, on %s', (driver) => {
  let h: DbHandle;
  const at = new Date('2025-04-01T08:00:00Z');
  beforeAll(async () => {
    h = await createTestDb(driver);
    await createAgency(h.db, { agencyId: 'a1', name: 'One', settings: defaultSettings });
    await createAgency(h.db, { agencyId: 'a2', name: 'Two', settings: defaultSettings });
  });
  afterAll(async () => {
    await h?.close();
  });

  const plan = (agencyId: string) =>
    h.db
      .insertInto('plans_of_correction')
      .values({
        agency_id: agencyId,
        rule_id: 'r1',
        period: '2025-Q1',
        opened_on: '2025-03-15',
        owner: 'PM',
        actions: 'Review',
        due_on: '2025-05-30',
        created_by: 'test',
        updated_at: at,
      })
      .returning('plan_id')
      .executeTakeFirstOrThrow();

  test('every change to the agency’s plans or scenarios moves it, and only those', async () => {
    const seen = new Set<string>();
    const now = async () => {
      const f = await boardInputsFingerprint(h.db, 'a1');
      expect(f).toMatch(/^[0-9a-f]{32}$/);
      return f;
    };
    const empty = await now();
    seen.add(empty);
    // the same rows, the same fingerprint
    expect(await now()).toBe(empty);
    // another agency's plan leaves it alone
    await plan('a2');
    expect(await now()).toBe(empty);
    const { plan_id } = await plan('a1');
    const withPlan = await now();
    expect(seen.has(withPlan)).toBe(false);
    seen.add(withPlan);
    // an edit at the same instant (a pinned clock) still moves it
    await h.db.updateTable('plans_of_correction').set({ actions: 'Review weekly' }).where('plan_id', '=', plan_id).execute();
    const edited = await now();
    expect(seen.has(edited)).toBe(false);
    seen.add(edited);
    await h.db
      .insertInto('forecast_scenarios')
      .values({ agency_id: 'a1', name: 'Growth', inputs: JSON.stringify({ growth: 0.05 }), saved_by: null, saved_at: at })
      .execute();
    const withScenario = await now();
    expect(seen.has(withScenario)).toBe(false);
    seen.add(withScenario);
    await h.db
      .updateTable('forecast_scenarios')
      .set({ inputs: JSON.stringify({ growth: 0.1 }) })
      .where('agency_id', '=', 'a1')
      .execute();
    const scenarioEdited = await now();
    expect(seen.has(scenarioEdited)).toBe(false);
    // all gone: back to the first
    await h.db.deleteFrom('forecast_scenarios').where('agency_id', '=', 'a1').execute();
    await h.db.deleteFrom('plans_of_correction').where('agency_id', '=', 'a1').execute();
    expect(await now()).toBe(empty);
  });
});
