/**
 * `cli report forecast --as-of D [--scenario FILE]` (interfaces.md), hand-computed, on
 * an on-disk PGlite the CLI opens itself.
 *
 * D = 2025-06-30 = e₀, H = 24: month ends 2022-06-30 … 2025-06-30. caseHoursPerFte 100.
 *   s1 FTE 1, intake duty 6 h from 2025-01-01; s2 FTE 0.5 with a 50 % reduction from
 *   2025-01-01: Σ fte 1.5, Σ base 150 h, Σ capacity 125 h, r = 1/6.
 *   c1–c3 tier 4 and c4 tier 1 since 2020: never move. A walk-in client each month:
 *   enrolled on the 15th, closed on the next month's 15th (unassessed): every pair has
 *   one unassessed exit and one unassessed entry, so P[u][u] = 0 and entries are 1.
 *   vⱼ = (1, 0, 0, 3, 1): 5 clients; hours 1 + 18 + 2 + 6 = 27;
 *   FTE needed 27 ÷ (100 × 1 × 5/6) = 0.324; gap 0.324 − 1.5 = −1.176.
 * Backtest from 2024-06-30 (no items then): 21 h a month forecast; actual 21 h for
 *   Jul–Dec 2024 and 27 h for Jan–Jun 2025: hoursMape = (6 × 6/27) ÷ 12 = 1/9; clients 0.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, defaultSettings } from '@caseload/metrics';
import { appendSettingsVersion, connect, createAgency, migrateToLatest } from '@caseload/db';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCapturing } from './cli.ts';

let dir: string;
const D = '2025-06-30';

function cli(...argv: string[]) {
  return runCapturing({ DATA_DIR: dir }, argv);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cm-report-forecast-'));
  const h = await connect({ dataDir: dir });
  try {
    const db = h.db;
    await migrateToLatest(db);
    await createAgency(db, { agencyId: 'ag', name: 'Agency', settings: defaultSettings });
    await appendSettingsVersion(db, 'ag', { ...defaultSettings, caseHoursPerFte: 100 }, 'test');
    await db.insertInto('programs').values({ agency_id: 'ag', program_id: 'P1', name: 'P1' }).execute();
    await db.insertInto('teams').values({ agency_id: 'ag', team_id: 'T1', name: 'T1' }).execute();
    await db
      .insertInto('staff')
      .values([
        { agency_id: 'ag', staff_id: 's1', name: 's1', role: 'case_manager' as const, team_id: 'T1', caseload_fte: 1, languages: ['en'] },
        { agency_id: 'ag', staff_id: 's2', name: 's2', role: 'case_manager' as const, team_id: 'T1', caseload_fte: 0.5, languages: ['en'] },
      ])
      .execute();
    await db
      .insertInto('capacity_reductions')
      .values({
        agency_id: 'ag',
        reduction_id: 'R1',
        staff_id: 's2',
        reason: 'union',
        start_on: '2025-01-01',
        end_on: null,
        percent: 50,
        hours_per_month: null,
        note: null,
      })
      .execute();
    await db
      .insertInto('workload_items')
      .values({ agency_id: 'ag', item_id: 'I1', staff_id: 's1', kind: 'intake', start_on: '2025-01-01', end_on: null, hours_per_month: 6 })
      .execute();
    const steady: Array<[string, number]> = [
      ['c1', 4],
      ['c2', 4],
      ['c3', 4],
      ['c4', 1],
    ];
    const walkIns: Array<{ client_id: string; enrolled_on: string; closed_on: string | null }> = [];
    for (let i = 0; i <= 36; i++) {
      const y = 2022 + Math.floor((5 + i) / 12);
      const m = ((5 + i) % 12) + 1;
      const on = `${y}-${String(m).padStart(2, '0')}-15`;
      const next = addDays(`${on.slice(0, 8)}28`, 10).slice(0, 8) + '15';
      walkIns.push({ client_id: `w${i}`, enrolled_on: on, closed_on: i === 36 ? null : next });
    }
    await db
      .insertInto('clients')
      .values([
        ...steady.map(([client_id]) => ({ agency_id: 'ag', client_id, program_id: 'P1', enrolled_on: '2020-01-01' })),
        ...walkIns.map((w) => ({ agency_id: 'ag', program_id: 'P1', ...w })),
      ])
      .execute();
    await db
      .insertInto('assignments')
      .values(steady.map(([client_id], i) => ({ agency_id: 'ag', client_id, staff_id: i < 2 ? 's1' : 's2', start_on: '2020-01-01' })))
      .execute();
    await db
      .insertInto('assessments')
      .values(
        steady.map(([client_id, acuity_tier]) => ({
          agency_id: 'ag',
          assessment_id: `A${client_id}`,
          client_id,
          assessed_on: '2020-01-02',
          kind: 'initial' as const,
          acuity_tier,
        })),
      )
      .execute();
    await db
      .insertInto('forecast_scenarios')
      .values({
        agency_id: 'ag',
        name: 'Half load',
        inputs: JSON.stringify({ target: 0.5, departures: [{ month: 1, fte: 1 }] }),
        saved_by: null,
      })
      .execute();
  } finally {
    await h.close();
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli report forecast', () => {
  test('the JSON of interfaces.md, hand-computed', async () => {
    const r = await cli('report', 'forecast', '--agency', 'ag', '--as-of', D);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['asOf', 'monthEnd', 'historyMonths', 'target', 'fteAvailableNow', 'months', 'backtest']);
    expect(doc).toMatchObject({ asOf: D, monthEnd: D, historyMonths: 24, target: 1, fteAvailableNow: 1.5 });
    expect(doc.months).toHaveLength(12);
    expect(doc.months[0].month).toBe('2025-07');
    expect(doc.months[11].month).toBe('2026-06');
    for (const m of doc.months) {
      expect(Object.keys(m)).toEqual(['month', 'clients', 'byState', 'hoursNeeded', 'fteNeeded', 'fteAvailable', 'gap']);
      expect(m.byState).toEqual({ '1': 1, '2': 0, '3': 0, '4': 3, unassessed: 1 });
      expect(m.clients).toBe(5);
      expect(m.hoursNeeded).toBe(27);
      expect(m.fteNeeded).toBeCloseTo(0.324, 12);
      expect(m.fteAvailable).toBe(1.5);
      expect(m.gap).toBeCloseTo(-1.176, 12);
    }
    expect(doc.backtest.from).toBe('2024-06-30');
    expect(doc.backtest.clientsMape).toBe(0);
    expect(doc.backtest.hoursMape).toBeCloseTo(1 / 9, 12);
  });

  test('--scenario FILE: intake doubled, a hire in month 2, target 0.5, tier 4 at 10 h', async () => {
    const file = join(dir, 'plan.json');
    await writeFile(
      file,
      JSON.stringify({
        intakeChange: 1,
        hires: [{ month: 2, fte: 1 }],
        departures: [],
        target: 0.5,
        tierHours: { '1': 1, '2': 2, '3': 3.5, '4': 10, unassessed: 2 },
      }),
    );
    const r = await cli('report', 'forecast', '--agency', 'ag', '--as-of', D, '--scenario', file);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.target).toBe(0.5);
    // entries 2 a month, every unassessed client leaves: 2 unassessed; hours 1 + 30 + 4 + 6 = 41
    // FTE needed 41 ÷ (100 × 0.5 × 5/6) = 0.984
    expect(doc.months[0]).toMatchObject({ clients: 6, hoursNeeded: 41, fteAvailable: 1.5 });
    expect(doc.months[0].fteNeeded).toBeCloseTo(0.984, 12);
    expect(doc.months[0].gap).toBeCloseTo(-0.516, 12);
    expect(doc.months[1].fteAvailable).toBe(2.5);
    expect(doc.months[1].gap).toBeCloseTo(-1.516, 12);
    // the backtest is the forecast without the scenario
    expect(doc.backtest.hoursMape).toBeCloseTo(1 / 9, 12);
  });

  test('CSV: one row per month', async () => {
    const r = await cli('report', 'forecast', '--agency', 'ag', '--as-of', D, '--format', 'csv');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('month,clients,tier1,tier2,tier3,tier4,unassessed,hoursNeeded,fteNeeded,fteAvailable,gap');
    expect(lines).toHaveLength(13);
    expect(lines[1]?.startsWith('2025-07,5,1,0,0,3,1,27,')).toBe(true);
  });

  test('a bad scenario file is named with its line and column; nothing is computed', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{\n  "hires": [\n    { "month": 13, "fte": 1 }\n  ]\n}\n');
    const r = await cli('report', 'forecast', '--agency', 'ag', '--as-of', D, '--scenario', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:3:16: hires.0.month: month is 1 to 12`);

    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{\n  "target": 0.9,\n  "hires": [}\n');
    const b = await cli('report', 'forecast', '--agency', 'ag', '--as-of', D, '--scenario', broken);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(new RegExp(`${broken.replaceAll('.', '\\.')}:3:13: not JSON: "}" where a value was expected`));

    const unknown = join(dir, 'unknown.json');
    await writeFile(unknown, '{ "intake": 0.1 }');
    const u = await cli('report', 'forecast', '--agency', 'ag', '--as-of', D, '--scenario', unknown);
    expect(u.code).toBe(1);
    expect(u.stderr).toContain(`${unknown}:1:1: the scenario:`);
    expect(u.stderr).toContain('intake;');

    const missing = await cli('report', 'forecast', '--agency', 'ag', '--as-of', D, '--scenario', join(dir, 'none.json'));
    expect(missing.stderr).toContain('none.json: cannot read the scenario file (no such file)');
  });

  test('report board --staffing-scenario NAME: the Staffing need section from the saved scenario', async () => {
    const r = await cli(
      'report',
      'board',
      '--agency',
      'ag',
      '--from',
      '2025-04-01',
      '--to',
      D,
      '--staffing-scenario',
      'Half load',
      '--format',
      'json',
    );
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    // 27 h ÷ (100 × 0.5 × 5/6) = 0.648 FTE needed against 1.5 − 1 = 0.5 available: 0.148 short in every month
    expect(doc.staffingNeed.quarters.map((q: { quarter: string }) => q.quarter)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
    for (const q of doc.staffingNeed.quarters) expect(q.gap).toBeCloseTo(0.148, 12);
    expect(doc.staffingNeed.sentence).toBe(
      'To keep caseloads at 50 % of capacity the agency needs 0.1 more case managers by July 2025; last year the same forecast was within 11.1 % of what happened.',
    );
    const missing = await cli(
      'report',
      'board',
      '--agency',
      'ag',
      '--from',
      '2025-04-01',
      '--to',
      D,
      '--staffing-scenario',
      'Nope',
      '--format',
      'json',
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no saved scenario named "Nope".');
  });

  test('--scenario belongs to the forecast only', async () => {
    const r = await cli('report', 'caseload', '--agency', 'ag', '--as-of', D, '--scenario', 'x.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('report caseload does not take --scenario');
  });
});
