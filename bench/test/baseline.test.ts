/**
 * The bench's SQL baseline is a second, independent reading of metrics.md (plain SQL on
 * the raw tables). It must agree with the product before its timing means anything:
 * here on the scale-s synthetic agency, which carries staff periods (hires, a transfer,
 * an FTE change, departures), capacity reductions (leave, a trainee ramp-up, union time)
 * and workload items, on both drivers — on the days those rows start and end, where
 * today's staff.csv values would give different capacity.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { feedbackReport, uncachedStandard9 } from '@caseload/api';
import { createAgency, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { generateAgency, importDirectory } from '@caseload/importer';
import { addDays, defaultSettings, type FeedbackReport } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  baselineCompliance,
  baselineFeedback,
  baselineStaffLoad,
  baselineTeamTrend,
  figuresFromCompliance,
  figuresFromFeedback,
  figuresFromReport,
  figuresFromTrend,
} from '../src/baseline.ts';
import { agrees, compareFigures } from '../src/stats.ts';

const AS_OF = '2026-11-23';
const AGENCY = 'bench';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseload-baseline-'));
  await generateAgency({ scale: 's', seed: 5, asOf: AS_OF }, dir);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(testDrivers())('the SQL baseline on %s', (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await createAgency(h.db, { agencyId: AGENCY, name: 'Bench', settings: defaultSettings, createdBy: 'test' });
    const result = await importDirectory(h.db, dir, { agencyId: AGENCY, today: AS_OF, actor: { userId: null, label: 'test seed' } });
    if (!result.ok) throw new Error(`import failed:\n${result.errors.slice(0, 20).join('\n')}`);
  }, 300_000);
  afterAll(async () => {
    await h?.close();
  });

  /** Days where capacity over time matters: each reduction's first day, each period's last day and the day it ends on. */
  async function edgeDays(): Promise<{ reductionStart: string; periodEnd: string; days: string[] }> {
    const reduction = await h.db
      .selectFrom('capacity_reductions')
      .select(['start_on'])
      .where('agency_id', '=', AGENCY)
      .where('start_on', '<=', AS_OF)
      .orderBy('start_on', 'desc')
      .executeTakeFirstOrThrow();
    const period = await h.db
      .selectFrom('staff_periods')
      .select(['end_on'])
      .where('agency_id', '=', AGENCY)
      .where('end_on', 'is not', null)
      .where('end_on', '<=', AS_OF)
      .orderBy('end_on', 'desc')
      .executeTakeFirstOrThrow();
    const day = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));
    const reductionStart = day(reduction.start_on);
    const periodEnd = day(period.end_on);
    return { reductionStart, periodEnd, days: [AS_OF, reductionStart, addDays(reductionStart, -1), periodEnd, addDays(periodEnd, -1)] };
  }

  test('staff loads agree with the product to 1e-9 on the days reductions start and periods end', async () => {
    const settings = defaultSettings;
    const { reductionStart, days } = await edgeDays();
    for (const asOf of days) {
      const report = await uncachedStandard9.caseloadReport(h.db, AGENCY, { asOf });
      const agreement = compareFigures(figuresFromReport(report), await baselineStaffLoad(h.db, AGENCY, asOf, settings));
      expect({ asOf, ok: agrees(agreement), agreement }).toMatchObject({ asOf, ok: true });
      if (asOf === reductionStart) {
        // the comparison covers what is new: someone's capacity is cut below FTE × hours that day
        expect(report.staff.some((s) => s.fte > 0 && s.capacityHours < s.baseCapacityHours)).toBe(true);
      }
    }
  }, 120_000);

  test('contact and reassessment counts agree with the product to 1e-9, today and on past days', async () => {
    const { days } = await edgeDays();
    for (const asOf of [...days, addDays(AS_OF, -200)]) {
      const report = await uncachedStandard9.complianceReport(h.db, AGENCY, { asOf });
      const product = figuresFromCompliance(report);
      const agreement = compareFigures(product, await baselineCompliance(h.db, AGENCY, asOf, defaultSettings));
      expect({ asOf, ok: agrees(agreement), agreement }).toMatchObject({ asOf, ok: true });
      // the comparison covers staff rows, and both met and unmet contacts and overdue reassessments
      expect(agreement.compared).toBeGreaterThan(7 * 5);
      expect(report.agency.contactMet).toBeGreaterThan(0);
      expect(report.agency.contactDue).toBeGreaterThan(report.agency.contactMet);
      expect(report.agency.reassessOverdue).toBeGreaterThan(0);
      expect(report.agency.reassessDueSoon).toBeGreaterThan(0);
    }
  }, 120_000);

  test('team and agency loads month by month agree with the product to 1e-9 over 36 months', async () => {
    const period = { from: '2023-11-01', to: '2026-10-31' };
    const trend = await uncachedStandard9.caseloadTrend(h.db, AGENCY, period);
    const agreement = compareFigures(
      figuresFromTrend(trend),
      await baselineTeamTrend(h.db, AGENCY, period.from, period.to, defaultSettings),
    );
    expect(agreement.compared).toBeGreaterThan(36 * 3);
    expect({ ok: agrees(agreement), agreement }).toMatchObject({ ok: true });
    // capacity moves over these months (periods and reductions), as the baseline must follow
    const capacities = new Set(trend.months.map((m) => m.agency.capacityHours));
    expect(capacities.size).toBeGreaterThan(1);
  }, 120_000);

  test.each([
    ['12 months', '2025-11-01', '2026-10-31'],
    ['36 months', '2023-11-01', '2026-10-31'],
    ['a part of a month', '2026-10-10', '2026-10-20'],
  ])(
    'client feedback agrees with the product to 1e-9 over %s',
    async (_label, from, to) => {
      // not suppressed (suppress not asked): every number of the report is there
      const report = (await feedbackReport(h.db, AGENCY, { from, to })) as unknown as FeedbackReport;
      const agreement = compareFigures(figuresFromFeedback(report), await baselineFeedback(h.db, AGENCY, from, to));
      expect({ ok: agrees(agreement), agreement }).toMatchObject({ ok: true });
      // the comparison covers every grouping: items of the agency, programs, teams, staff and providers, and the months
      expect(report.byTeam.length).toBeGreaterThan(1);
      expect(report.byProvider.length).toBeGreaterThan(1);
      expect(agreement.compared).toBeGreaterThan(report.byStaff.length * 8);
    },
    120_000,
  );
});
