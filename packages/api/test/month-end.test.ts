/**
 * Month-end figures over the scale-s synthetic agency, on both drivers: once built for
 * the agency's current versions, the caseload trend read from them equals the trend
 * computed from the rows for every kind of period and filter; they are really read
 * (a changed stored cell shows); and after a data or settings change they are not
 * read until rebuilt (the trend follows the rows), and a rebuild replaces them.
 */
import { createClock } from '@caseload/clock';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agencyVersions, createAgency, type DbHandle, findMonthEndBuild } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { generateAgency, importDirectory } from '@caseload/importer';
import { defaultSettings } from '@caseload/metrics';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  buildMonthEndFigures,
  enableMonthEndBuilds,
  lastMonthEndOnOrBefore,
  scheduleMonthEndBuild,
  standard9Settings,
  uncachedStandard9,
  updateSettings,
} from '../src/index.ts';

const AS_OF = '2026-11-23';
const AGENCY = 'demo';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseload-month-end-'));
  await generateAgency({ scale: 's', seed: 3, asOf: AS_OF }, dir);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test.each([
  ['2026-11-23', '2026-10-31'],
  ['2026-10-31', '2026-10-31'],
  ['2026-03-01', '2026-02-28'],
  ['2024-03-15', '2024-02-29'],
])('the last month end on or before %s is %s', (today, want) => {
  expect(lastMonthEndOnOrBefore(today)).toBe(want);
});

describe.each(testDrivers())('month-end figures on %s', (driver) => {
  let h: DbHandle;
  let teamId: string;
  let programId: string;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await createAgency(h.db, { agencyId: AGENCY, name: 'Demo', settings: defaultSettings, createdBy: 'test' });
    const result = await importDirectory(h.db, dir, { agencyId: AGENCY, today: AS_OF, actor: { userId: null, label: 'test seed' } });
    if (!result.ok) throw new Error(`import failed:\n${result.errors.slice(0, 20).join('\n')}`);
    teamId = (await h.db.selectFrom('teams').select('team_id').where('agency_id', '=', AGENCY).orderBy('team_id').executeTakeFirstOrThrow())
      .team_id;
    programId = (
      await h.db.selectFrom('programs').select('program_id').where('agency_id', '=', AGENCY).orderBy('program_id').executeTakeFirstOrThrow()
    ).program_id;
  }, 300_000);
  afterAll(async () => {
    await h?.close();
  });

  const periods = () => [
    { from: '2025-11-01', to: '2026-10-31' },
    { from: '2021-11-01', to: '2026-10-31' },
    // a partial last month: its point is the caseload and compliance reports of `to`
    { from: '2025-12-01', to: AS_OF },
    { from: '2026-11-01', to: AS_OF },
    { from: '2026-01-15', to: '2026-06-30', teamIds: [teamId] },
    { from: '2025-11-01', to: '2026-10-31', programIds: [programId] },
    { from: '2025-11-01', to: '2026-10-31', programIds: [], teamIds: [] },
  ];
  const builds = async () =>
    (await h.db.selectFrom('month_end_builds').select(['data_version', 'settings_version']).where('agency_id', '=', AGENCY).execute())
      .length;

  test('built once per version: from the first month with a client (at most 120 months back) to the last month end before today', async () => {
    const r = await buildMonthEndFigures(h.db, AGENCY, AS_OF);
    expect(r.built).toBe(true);
    expect(r.lastMonthEnd).toBe('2026-10-31');
    const first = await sql<{
      d: string;
    }>`select to_char(min(enrolled_on), 'YYYY-MM') as d from clients where agency_id = ${AGENCY}`.execute(h.db);
    // the synthetic agency's first client enrolled in 2012: more than MONTH_END_HISTORY (120) months before
    expect(first.rows[0]?.d && first.rows[0].d < '2016-11').toBe(true);
    expect(r.firstMonthEnd).toBe('2016-11-30');
    expect(r.cells).toBeGreaterThan(100);
    const again = await buildMonthEndFigures(h.db, AGENCY, AS_OF);
    expect(again).toMatchObject({ built: false, cells: r.cells, firstMonthEnd: r.firstMonthEnd });
    expect(await builds()).toBe(1);
  });

  test('the trend from the figures equals the trend from the rows, for every period and filter', async () => {
    for (const p of periods()) {
      const kept = await uncachedStandard9.caseloadTrend(h.db, AGENCY, p);
      const rows = await uncachedStandard9.caseloadTrendFromRows(h.db, AGENCY, p);
      expect(kept, JSON.stringify(p)).toEqual(rows);
      expect(kept.months.length).toBeGreaterThan(0);
    }
  });

  test('the trend client counts (board suppression) from the figures equal those from the rows, for every period and filter', async () => {
    for (const p of periods()) {
      const input = { teamIds: null, programIds: null, ...p };
      const kept = await uncachedStandard9.trendClientCounts(h.db, AGENCY, input);
      const rows = await uncachedStandard9.trendClientCountsFromRows(h.db, AGENCY, input);
      expect(kept, JSON.stringify(p)).toEqual(rows);
      expect(kept.size).toBeGreaterThan(0);
      // the board's trend and counts from one read of the figures: the same answers
      const both = await uncachedStandard9.trendWithClients(h.db, AGENCY, input);
      expect(both.clients, JSON.stringify(p)).toEqual(rows);
      expect(both.trend, JSON.stringify(p)).toEqual(await uncachedStandard9.caseloadTrendFromRows(h.db, AGENCY, p));
    }
    // and they are read from the figures: a changed stored cell shows
    const p = { from: '2025-11-01', to: '2026-10-31', teamIds: null, programIds: null };
    const rows = await uncachedStandard9.trendClientCountsFromRows(h.db, AGENCY, p);
    await sql`update month_end_figures set clients = clients + 1000 where agency_id = ${AGENCY} and month_end = '2026-10-31' and staff_id <> ''`.execute(
      h.db,
    );
    try {
      const kept = await uncachedStandard9.trendClientCounts(h.db, AGENCY, p);
      expect(kept.get('2026-10')?.agency).toBeGreaterThanOrEqual((rows.get('2026-10')?.agency ?? 0) + 1000);
      expect(kept.get('2026-09')).toEqual(rows.get('2026-09'));
    } finally {
      await sql`update month_end_figures set clients = clients - 1000 where agency_id = ${AGENCY} and month_end = '2026-10-31' and staff_id <> ''`.execute(
        h.db,
      );
    }
  });

  test('the figures are what is read: a changed stored cell shows in the trend, and only there', async () => {
    const p = { from: '2025-11-01', to: '2026-10-31' };
    const rows = await uncachedStandard9.caseloadTrendFromRows(h.db, AGENCY, p);
    await sql`update month_end_figures set contact_met = contact_met + 1000 where agency_id = ${AGENCY} and month_end = '2026-10-31'`.execute(
      h.db,
    );
    try {
      const kept = await uncachedStandard9.caseloadTrend(h.db, AGENCY, p);
      const oct = kept.months.find((m) => m.month === '2026-10');
      const octRows = rows.months.find((m) => m.month === '2026-10');
      expect(oct?.agency.contactMet).toBeGreaterThanOrEqual((octRows?.agency.contactMet ?? 0) + 1000);
      expect(kept.months.filter((m) => m.month !== '2026-10')).toEqual(rows.months.filter((m) => m.month !== '2026-10'));
    } finally {
      await sql`update month_end_figures set contact_met = contact_met - 1000 where agency_id = ${AGENCY} and month_end = '2026-10-31'`.execute(
        h.db,
      );
    }
  });

  test('after a data change the figures are not read until rebuilt; the rebuild replaces them', async () => {
    const before = await agencyVersions(h.db, AGENCY);
    const client = await h.db
      .selectFrom('clients')
      .select(['client_id'])
      .where('agency_id', '=', AGENCY)
      .where('closed_on', 'is', null)
      .orderBy('client_id')
      .executeTakeFirstOrThrow();
    const staff = await h.db
      .selectFrom('assignments')
      .select('staff_id')
      .where('agency_id', '=', AGENCY)
      .where('client_id', '=', client.client_id)
      .executeTakeFirstOrThrow();
    await h.db
      .insertInto('contacts')
      .values({
        agency_id: AGENCY,
        contact_id: 'month-end-test-1',
        client_id: client.client_id,
        staff_id: staff.staff_id,
        occurred_on: '2026-09-15',
        mode: 'home_visit',
        minutes: 30,
      })
      .execute();
    const after = await agencyVersions(h.db, AGENCY);
    expect(after.data).not.toBe(before.data);
    expect(await findMonthEndBuild(h.db, { agencyId: AGENCY, dataVersion: after.data, settingsVersion: after.settings })).toBeUndefined();
    for (const p of periods().slice(0, 2)) {
      expect(await uncachedStandard9.caseloadTrend(h.db, AGENCY, p)).toEqual(
        await uncachedStandard9.caseloadTrendFromRows(h.db, AGENCY, p),
      );
      // the board's trend and counts follow the rows too
      const input = { teamIds: null, programIds: null, ...p };
      const both = await uncachedStandard9.trendWithClients(h.db, AGENCY, input);
      expect(both.trend).toEqual(await uncachedStandard9.caseloadTrendFromRows(h.db, AGENCY, p));
      expect(both.clients).toEqual(await uncachedStandard9.trendClientCountsFromRows(h.db, AGENCY, input));
    }
    const r = await buildMonthEndFigures(h.db, AGENCY, AS_OF);
    expect(r).toMatchObject({ built: true, key: { dataVersion: after.data } });
    expect(await builds()).toBe(1);
    for (const p of periods()) {
      expect(await uncachedStandard9.caseloadTrend(h.db, AGENCY, p)).toEqual(
        await uncachedStandard9.caseloadTrendFromRows(h.db, AGENCY, p),
      );
    }
  });

  test('after a settings change (tier hours, contact windows) the figures follow the new version once rebuilt', async () => {
    const { settings } = await standard9Settings(h.db, AGENCY);
    await updateSettings(
      h.db,
      AGENCY,
      {
        settings: {
          ...settings,
          tierHours: { ...settings.tierHours, '3': 4 },
          contactRules: { ...settings.contactRules, '2': { anyDays: 45, faceToFaceDays: 120 } },
        },
      },
      { userId: null, actor: 'test' },
      new Date('2026-02-01T12:00:00Z'),
    );
    const p = { from: '2025-11-01', to: '2026-10-31' };
    const rows = await uncachedStandard9.caseloadTrendFromRows(h.db, AGENCY, p);
    // with background builds enabled (the server on PostgreSQL), the trend that finds no
    // figures for the new settings version answers from the rows and starts the build
    const errors: string[] = [];
    const tracked: Array<Promise<void>> = [];
    enableMonthEndBuilds(h.db, {
      clock: createClock({ today: AS_OF }),
      logError: (m) => errors.push(m),
      track: (job) => void tracked.push(job),
    });
    expect(await uncachedStandard9.caseloadTrend(h.db, AGENCY, p)).toEqual(rows);
    const running = scheduleMonthEndBuild(h.db, AGENCY);
    expect(running).not.toBeNull();
    // every build started (by the trend, then this one or the trend's still running) is
    // told to the server, which waits for them on SIGTERM
    expect(tracked.length).toBeGreaterThanOrEqual(1);
    expect(tracked.at(-1)).toBe(running);
    await running;
    expect(errors).toEqual([]);
    const v = await agencyVersions(h.db, AGENCY);
    expect(await findMonthEndBuild(h.db, { agencyId: AGENCY, dataVersion: v.data, settingsVersion: v.settings })).toBeDefined();
    const r = await buildMonthEndFigures(h.db, AGENCY, AS_OF);
    expect(r.built).toBe(false);
    expect(await uncachedStandard9.caseloadTrend(h.db, AGENCY, p)).toEqual(rows);
    expect(await builds()).toBe(1);
  });
});
