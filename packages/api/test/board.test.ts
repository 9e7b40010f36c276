/**
 * The board report over the scale-s synthetic agency: every headline figure equals the
 * underlying report for the same period (and the previous one), nothing names a staff
 * member or a client, and the sentences carry exactly the headline numbers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgency, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { generateAgency, importDirectory } from '@caseload/importer';
import { displayedValue, type BoardFigure } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  BOARD_SENTENCE_WORDS,
  type BoardReport,
  boardReport,
  caseloadReport,
  caseloadTrend,
  complianceReport,
  feedbackReport,
  type HeadlineKey,
  outcomesReport,
  previousPeriod,
  qaReport,
  shapeCaseload,
  shapeCompliance,
  shapeTrend,
  standard9Settings,
  trendClientCounts,
} from '../src/index.ts';

const AS_OF = '2026-11-23';
const AGENCY = 'demo';
const PERIOD = { from: '2026-07-01', to: '2026-09-30' };
const PREVIOUS = { from: '2026-04-01', to: '2026-06-30' };

describe('previousPeriod', () => {
  test.each([
    ['a quarter → the previous quarter', '2026-07-01', '2026-09-30', '2026-04-01', '2026-06-30'],
    ['the first quarter → last year’s fourth', '2026-01-01', '2026-03-31', '2025-10-01', '2025-12-31'],
    ['a federal fiscal year → the previous one', '2025-10-01', '2026-09-30', '2024-10-01', '2025-09-30'],
    ['one month → the month before (leap February)', '2024-03-01', '2024-03-31', '2024-02-01', '2024-02-29'],
    ['custom days → as many days before', '2026-01-10', '2026-01-19', '2025-12-31', '2026-01-09'],
    ['one day → the day before', '2026-03-01', '2026-03-01', '2026-02-28', '2026-02-28'],
    ['from the 1st to mid-month → by days', '2026-03-01', '2026-03-15', '2026-02-14', '2026-02-28'],
  ])('%s', (_name, from, to, pFrom, pTo) => {
    expect(previousPeriod({ from, to })).toEqual({ from: pFrom, to: pTo });
  });
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseload-board-'));
  await generateAgency({ scale: 's', seed: 1, asOf: AS_OF }, dir);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(testDrivers())('board report on %s', (driver) => {
  let h: DbHandle;
  let report: BoardReport;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await createAgency(h.db, { agencyId: AGENCY, name: 'Demo', settings: {}, createdBy: 'test' });
    const result = await importDirectory(h.db, dir, { agencyId: AGENCY, today: AS_OF, actor: { userId: null, label: 'test seed' } });
    if (!result.ok) throw new Error(`import failed:\n${result.errors.slice(0, 20).join('\n')}`);
    report = await boardReport(h.db, AGENCY, PERIOD);
  }, 300_000);
  afterAll(async () => {
    await h?.close();
  });

  test('the periods: the quarter and the quarter before', () => {
    expect([report.from, report.to]).toEqual([PERIOD.from, PERIOD.to]);
    expect(report.previous).toEqual(PREVIOUS);
  });

  test.each([
    ['current', PERIOD],
    ['previous', PREVIOUS],
  ] as const)('every %s headline figure equals the underlying report', { timeout: 120_000 }, async (which, period) => {
    const side = (f: BoardFigure) => (which === 'current' ? f.current : f.previous);
    const withheld = (f: BoardFigure) => (which === 'current' ? f.currentSuppressed : f.previousSuppressed);
    const hl = report.headline;
    const { settings } = await standard9Settings(h.db, AGENCY);
    const board = { kind: 'board', agencyId: AGENCY } as const;
    const caseload = await caseloadReport(h.db, AGENCY, { asOf: period.to });
    const compliance = await complianceReport(h.db, AGENCY, { asOf: period.to });
    const load = shapeCaseload(caseload, board, settings.minCellSize);
    const comp = shapeCompliance(compliance, board, settings.minCellSize);
    // the agency of scale s is far above the small-cell threshold: its Standard 9 figures are all shown
    for (const k of ['averageLoadRatio', 'loadRatio', 'staffOverCapacity', 'teamsOverAllPeriod', 'contactRate', 'reassessRate'] as const) {
      expect(withheld(hl[k]), k).toBe(false);
    }
    // a Standard 8 figure is withheld exactly when the suppressed report marks it
    const marked = (root: object, path: string[]) =>
      path.some((_, i) => {
        let container: unknown = root;
        for (const seg of path.slice(0, i)) container = (container as Record<string, unknown>)[seg];
        return Boolean((container as { suppressed?: Record<string, true> }).suppressed?.[path.slice(i).join('.')]);
      });
    expect(side(hl.loadRatio)).toBe(load.agency?.loadRatio);
    expect(side(hl.loadRatio)).toBe(caseload.agency.loadRatio);
    expect(side(hl.staffOverCapacity)).toBe(caseload.agency.overCount);
    expect(side(hl.contactRate)).toBe(comp.agency?.contactRate);
    expect(side(hl.contactRate)).toBe(compliance.agency.contactRate);
    expect(side(hl.reassessRate)).toBe(compliance.agency.reassessRate);

    // the trend: the mean of the month-end agency load ratios, and the teams over 1.00 every month
    const trend = await caseloadTrend(h.db, AGENCY, period);
    expect(trend.months.map((m) => m.asOf)).toHaveLength(3);
    const ratios = trend.months.map((m) => m.agency.loadRatio as number);
    expect(side(hl.averageLoadRatio)).toBeCloseTo((ratios[0]! + ratios[1]! + ratios[2]!) / 3, 12);
    const teamIds = [...new Set(trend.months.flatMap((m) => m.teams.map((t) => t.teamId)))];
    const over = teamIds.filter((id) => trend.months.every((m) => (m.teams.find((t) => t.teamId === id)?.loadRatio ?? 0) > 1));
    expect(side(hl.teamsOverAllPeriod)).toBe(over.length);
    // team-01 is the chronically overloaded team of the synthetic agency
    expect(over).toContain('team-01');

    const feedback = await feedbackReport(h.db, AGENCY, { ...period, suppress: true });
    expect(side(hl.responseRate)).toBe(feedback.responseRate);
    expect(side(hl.satisfaction)).toBe(feedback.items.find((i) => i.item === 'q1')?.top2);
    const outcomes = await outcomesReport(h.db, AGENCY, { ...period, suppress: true });
    expect(side(hl.goalAttainment)).toBe(outcomes.goals.attainmentRate);
    expect(side(hl.timeToServiceMedianDays)).toBe(outcomes.timeToService.medianDays);
    expect(side(hl.serviceWithin30Rate)).toBe(outcomes.timeToService.within30Rate);
    const qa = await qaReport(h.db, AGENCY, { ...period, suppress: true });
    expect(side(hl.actionsOpen)).toBe(qa.actions.open);
    expect(side(hl.actionsOverdue)).toBe(qa.actions.overdue);
    const q1 = String(feedback.items.findIndex((i) => i.item === 'q1'));
    expect([
      withheld(hl.responseRate),
      withheld(hl.satisfaction),
      withheld(hl.goalAttainment),
      withheld(hl.timeToServiceMedianDays),
      withheld(hl.serviceWithin30Rate),
      withheld(hl.actionsOpen),
      withheld(hl.actionsOverdue),
    ]).toEqual([
      marked(feedback, ['responseRate']),
      marked(feedback, ['items', q1, 'top2']),
      marked(outcomes, ['goals', 'attainmentRate']),
      marked(outcomes, ['timeToService', 'medianDays']),
      marked(outcomes, ['timeToService', 'within30Rate']),
      marked(qa, ['actions', 'open']),
      marked(qa, ['actions', 'overdue']),
    ]);
    // the withheld value is gone, not just flagged
    for (const f of Object.values(hl)) if (withheld(f)) expect(side(f)).toBeNull();

    if (which === 'current') {
      // the teams at `to`, sorted by name, with the board's figures
      expect(report.teams.map((t) => t.teamId).sort()).toEqual(load.teams.map((t) => t.teamId).sort());
      const names = report.teams.map((t) => t.name);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
      for (const t of report.teams) {
        const l = load.teams.find((x) => x.teamId === t.teamId)!;
        const c = comp.teams.find((x) => x.teamId === t.teamId)!;
        expect([t.loadRatio, t.contactRate, t.reassessRate]).toEqual([l.loadRatio, c.contactRate, c.reassessRate]);
        expect(Boolean(t.suppressed.loadRatio)).toBe(Boolean(l.suppressed.loadRatio));
      }
      expect(report.loadComplianceFit).toEqual(comp.loadComplianceFit);
    }
  });

  test('the trend months equal the board-shaped caseload trend and the suppressed feedback series', { timeout: 120_000 }, async () => {
    const { settings } = await standard9Settings(h.db, AGENCY);
    const board = { kind: 'board', agencyId: AGENCY } as const;
    const trend = shapeTrend(
      await caseloadTrend(h.db, AGENCY, PERIOD),
      board,
      settings.minCellSize,
      await trendClientCounts(h.db, AGENCY, { ...PERIOD, teamIds: null, programIds: null }),
    );
    const feedback = await feedbackReport(h.db, AGENCY, { ...PERIOD, suppress: true });
    expect(report.trend.map((m) => [m.month, m.asOf])).toEqual(trend.months.map((m) => [m.month, m.asOf]));
    expect(report.trend.map((m) => m.month)).toEqual(['2026-07', '2026-08', '2026-09']);
    const names = new Map(report.teams.map((t) => [t.teamId, t.name]));
    report.trend.forEach((m, i) => {
      const shaped = trend.months[i]!;
      expect(m.loadRatio).toBe(shaped.agency?.loadRatio);
      expect(Boolean(m.suppressed.loadRatio)).toBe(Boolean(shaped.agency?.suppressed.loadRatio));
      // every team of the trend, sorted by name, with the board's figure
      expect(m.teams.map((t) => t.teamId).sort()).toEqual(shaped.teams.map((t) => t.teamId).sort());
      const teamNames = m.teams.map((t) => t.name);
      expect(teamNames).toEqual([...teamNames].sort((a, b) => a.localeCompare(b, 'en')));
      for (const t of m.teams) {
        const s = shaped.teams.find((x) => x.teamId === t.teamId)!;
        expect([t.loadRatio, Boolean(t.suppressed.loadRatio)]).toEqual([s.loadRatio, Boolean(s.suppressed.loadRatio)]);
        if (names.has(t.teamId)) expect(t.name).toBe(names.get(t.teamId));
      }
      // satisfaction: the feedback report's month, with its suppression marks
      const f = feedback.monthly.findIndex((x) => x.month === m.month);
      const fm = feedback.monthly[f]!;
      const marks = (fm as { suppressed?: Record<string, true> }).suppressed ?? {};
      const parent = (feedback as { suppressed?: Record<string, true> }).suppressed ?? {};
      const withheld = (k: string) => Boolean(marks[k] || parent[`monthly.${f}.${k}`]);
      expect([m.satisfaction, m.satisfactionN]).toEqual([fm.top2, fm.n]);
      expect([Boolean(m.suppressed.satisfaction), Boolean(m.suppressed.satisfactionN)]).toEqual([withheld('top2'), withheld('n')]);
      if (m.suppressed.satisfaction) expect(m.satisfaction).toBeNull();
      expect(m.satisfactionN).toBeGreaterThan(0);
    });
    // the average load headline is the mean of these months
    const mean = report.trend.reduce((s, m) => s + (m.loadRatio as number), 0) / report.trend.length;
    expect(report.headline.averageLoadRatio.current).toBeCloseTo(mean, 12);
  });

  test('the changes follow the displayed values', () => {
    for (const [k, f] of Object.entries(report.headline)) {
      if (f.current === null || f.previous === null) {
        expect(f.change, k).toBeNull();
        continue;
      }
      const c = displayedValue(f.current, f.kind);
      const p = displayedValue(f.previous, f.kind);
      expect(f.change, k).toBe(c > p ? 'up' : c < p ? 'down' : 'unchanged');
    }
  });

  test('no staff id, staff name or client id appears anywhere', async () => {
    const json = JSON.stringify(report);
    const staff = await h.db.selectFrom('staff').select(['staff_id', 'name']).where('agency_id', '=', AGENCY).execute();
    const clients = await h.db.selectFrom('clients').select('client_id').where('agency_id', '=', AGENCY).execute();
    expect(staff.length).toBeGreaterThan(10);
    expect(clients.length).toBeGreaterThan(100);
    for (const s of staff) {
      expect(json.includes(s.staff_id), s.staff_id).toBe(false);
      expect(json.includes(s.name), s.name).toBe(false);
    }
    for (const c of clients) expect(json.includes(`"${c.client_id}"`), c.client_id).toBe(false);
  });

  test('each sentence carries exactly the rounded headline numbers', () => {
    const keys = Object.keys(report.headline) as HeadlineKey[];
    expect(report.sentences).toHaveLength(keys.length);
    keys.forEach((k, i) => {
      const f = report.headline[k];
      const sentence = report.sentences[i] as string;
      let rest = sentence;
      if (f.currentSuppressed) {
        // a withheld figure: no number at all, no direction
        expect(sentence, sentence).toMatch(/withheld/);
        expect(sentence, sentence).not.toMatch(/\d|\bup\b|\bdown\b|unchanged/);
        return;
      }
      if (k !== 'teamsOverAllPeriod') {
        const label = BOARD_SENTENCE_WORDS[k].label;
        expect(sentence.startsWith(label), sentence).toBe(true);
        rest = sentence.slice(label.length).replace(BOARD_SENTENCE_WORDS[k].suffix ?? '\u0000', '');
      }
      const numbers = [...rest.matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
      const expected: number[] = [];
      if (f.current !== null && !(k === 'teamsOverAllPeriod' && f.current === 0)) expected.push(displayedValue(f.current, f.kind));
      if (f.current !== null && (f.change === 'up' || f.change === 'down')) {
        expected.push(displayedValue(f.previous as number, f.kind));
      }
      expect(numbers, sentence).toEqual(expected);
      if (f.change === 'up') expect(sentence).toMatch(/, up from /);
      if (f.change === 'down') expect(sentence).toMatch(/, down from /);
      if (f.change === 'unchanged') expect(sentence).toMatch(/unchanged/);
    });
  });
});
