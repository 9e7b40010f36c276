/**
 * Independent recomputation: the six Standard 8 and 9 reports of
 * `cli report … --format json`, run on a seeded agency imported through the real
 * CLI, agree with a reference model written straight from docs/metrics.md (and the specification it was written from)
 * over the raw CSV files (test/independent/model.ts) — numbers to 1e-9, counts and
 * nulls exactly — at several as-of dates and over several periods, on PGlite and
 * (with TEST_DATABASE_URL) on PostgreSQL. A second, hand-made agency
 * (test/independent/edge-agency.ts) puts rows exactly on the boundaries the seeded
 * data never reaches (ratios of exactly 1.15 / 1.00 / 0.85, same-day assessment ties,
 * window edges, a corrective action due on T), and the model itself is checked
 * against values computed by hand on it. Only the setup plumbing (drivers, creating
 * an empty PostgreSQL database) comes from @caseload/db; every expected number comes
 * from the model.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@caseload/db';
import { testDrivers } from '@caseload/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCapturing } from './cli.ts';
import { compare, keyed, sameKeys } from './independent/compare.ts';
import { parseCsv } from './independent/csv.ts';
import { EDGE_D, EDGE_F, writeEdgeAgency } from './independent/edge-agency.ts';
import { addDays, loadAgency, Model } from './independent/model.ts';

const AGENCY = 'x';
const SEED_AS_OF = '2026-06-30';

/** as-of dates, each a boundary that matters (checked by the first test below) */
const AS_OF_DATES: Array<[string, string]> = [
  ['2026-06-30', 'the as-of date of the seeded data'],
  ['2025-12-31', 'a month end and calendar-year end'],
  ['2025-10-22', 'enrollments and assessments exactly on the window edges D − 30/60/90/180/365'],
  ['2026-02-12', 'a date on which dozens of assignments end (and their clients change holder)'],
];

/** periods [F, T] */
const PERIODS: Array<[string, string, string]> = [
  ['2026-01-01', '2026-03-31', 'a quarter'],
  ['2024-10-01', '2025-09-30', 'federal fiscal year 2025'],
  ['2026-06-01', '2026-06-30', 'a single month'],
];

/**
 * Disagreements between the product and metrics.md that are reported, not fixed
 * here: `${report} ${date or period}` → the exact lines of the comparison. Empty
 * when the product and the model agree everywhere.
 */
const KNOWN_DISAGREEMENTS: Record<string, string[]> = {};

type Env = NodeJS.ProcessEnv;

function cli(env: Env, ...argv: string[]) {
  return runCapturing(env, argv);
}

async function reportJson(env: Env, agency: string, name: string, dates: string[]) {
  const r = await cli(env, 'report', name, '--agency', agency, ...dates, '--format', 'json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

let seedDir: string;
let model: Model;
let edgeDir: string;
let edgeModel: Model;

beforeAll(async () => {
  seedDir = await mkdtemp(join(tmpdir(), 'cm-independent-seed-'));
  const r = await cli({}, 'seed', '--agency', AGENCY, '--scale', 's', '--seed', '1', '--as-of', SEED_AS_OF, '--out', seedDir);
  expect(r.code).toBe(0);
  model = new Model(loadAgency(seedDir));
  edgeDir = await mkdtemp(join(tmpdir(), 'cm-independent-edge-'));
  writeEdgeAgency(edgeDir);
  edgeModel = new Model(loadAgency(edgeDir));
});

afterAll(async () => {
  await rm(seedDir, { recursive: true, force: true });
  await rm(edgeDir, { recursive: true, force: true });
});

test('the chosen as-of dates are the boundaries they claim to be', () => {
  const rows = (file: string) => parseCsv(readFileSync(join(seedDir, file), 'utf8'));
  const clients = rows('clients.csv');
  const assessments = rows('assessments.csv');
  const edges = (D: string, days: number[]) => days.map((n) => addDays(D, -n));
  const enrolledOnEdge = clients.filter((c) => edges('2025-10-22', [30, 60, 90, 180, 365]).includes(c.enrolled_on!)).length;
  // reassessment edge (assessed_on = D − 180 / D − 365) and due-soon edge (assessed_on + days = D + 30)
  const assessedOnEdge = assessments.filter((a) => edges('2025-10-22', [180, 365, 150, 335]).includes(a.assessed_on!)).length;
  expect(enrolledOnEdge).toBeGreaterThanOrEqual(10);
  expect(assessedOnEdge).toBeGreaterThanOrEqual(20);
  expect(rows('assignments.csv').filter((a) => a.end_on === '2026-02-12').length).toBeGreaterThanOrEqual(40);
});

/** an empty database for the CLI: a PGlite directory, or a new PostgreSQL database */
async function freshDatabase(driver: string): Promise<{ env: Env; drop(): Promise<void> }> {
  if (driver === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'cm-independent-db-'));
    return { env: { DATA_DIR: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `cm_independent_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await connect({ databaseUrl: adminUrl });
  try {
    await sql.raw(`create database ${name}`).execute(admin.db);
  } finally {
    await admin.close();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    async drop() {
      const again = await connect({ databaseUrl: adminUrl });
      try {
        await sql.raw(`drop database if exists ${name} with (force)`).execute(again.db);
      } finally {
        await again.close();
      }
    },
  };
}

type Json = Record<string, any>;

function pinned(key: string, diffs: string[]) {
  expect(diffs).toEqual(KNOWN_DISAGREEMENTS[key] ?? []);
}

/** the months of [F, T], each clipped to the period: [month, from, to] */
function monthsOf(F: string, T: string): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  let start = F;
  while (start <= T) {
    const month = start.slice(0, 7);
    const [y, m] = month.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    out.push([month, start, last < T ? last : T]);
    start = addDays(last, 1);
  }
  return out;
}

function omit<T extends Json>(o: T, ...keys: string[]): Json {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

test('the comparison reports every kind of disagreement', () => {
  expect(compare({ a: 1, b: null, c: 0.5, d: [1, 2], e: 'x', f: 3 }, { a: 1, b: 0, c: 0.5 + 5e-10, d: [1], e: 'y' }, 'r')).toEqual([
    'r.b: expected null, actual 0',
    'r.d: expected 2 elements, actual 1',
    'r.d[1]: expected 2, actual undefined',
    'r.e: expected "x", actual "y"',
    'r.f: missing',
  ]);
  expect(compare({ x: 0.1 }, { x: 0.1 + 2e-9 }, 'r')).toEqual(['r.x: expected 0.1, actual 0.100000002']);
  expect(compare({ n: 3 }, { n: 3.0000000001 }, 'r')).toEqual([]); // a non-integer within 1e-9
});

/**
 * The auditor checks the auditor: the reference model, on the hand-made edge agency,
 * gives the values computed by hand from metrics.md (see edge-agency.ts).
 */
test('the reference model reads the edge agency as computed by hand', () => {
  const m = edgeModel;
  const D = EDGE_D;
  const c = m.caseload(D);
  const staff = keyed(c.staff as unknown as Json[], 'staffId');
  expect(Object.keys(staff).sort()).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']); // s7: no capacity, no clients
  expect(staff.s1).toMatchObject({
    clients: 23,
    tierCounts: { '1': 0, '2': 1, '3': 3, '4': 19, unassessed: 0 },
    weightedHours: 126.5,
    capacityHours: 110,
    band: 'over',
    daysOverCapacity90: 90,
  });
  expect(staff.s2).toMatchObject({ weightedHours: 110, loadRatio: 1, band: 'balanced', daysOverCapacity90: 0 });
  expect(staff.s3).toMatchObject({ weightedHours: 93.5, band: 'balanced' });
  expect(staff.s4).toMatchObject({ clients: 2, capacityHours: 0, loadRatio: null, band: null, daysOverCapacity90: 0 });
  expect(staff.s5).toMatchObject({ teamId: null, clients: 1, capacityHours: 0 });
  expect(c.teams.find((t) => t.teamId === 't2')).toEqual({
    teamId: 't2',
    members: 0,
    clients: 0,
    weightedHours: 0,
    otherHours: 0,
    workloadHours: 0,
    capacityHours: 0,
    loadRatio: null,
    maxLoadRatio: null,
    minLoadRatio: null,
    overCount: 0,
    cv: null,
  });
  // s6: tiers 1 + 2 + (1 + 2 + 2 + 3.5 + 3.5 + 6 + 3.5 + 1) + 2 unassessed × 2 + 4 × 3.5 + 5 × 3.5 + 2 × 2
  //     + 2 (closed the day after D, unassessed) = 67 h over 55
  expect(staff.s6).toMatchObject({ weightedHours: 67, capacityHours: 55, band: 'critical' });
  expect(c.teams.find((t) => t.teamId === 't1')).toMatchObject({
    members: 4,
    overCount: 2,
    maxLoadRatio: 67 / 55,
    minLoadRatio: 93.5 / 110,
  });
  expect(c.agency).toMatchObject({ members: 4, unassigned: 1, uncovered: 3 });
  // tiers: same-day ties by byte order, computed scores at the edges, APS
  const tiers = Object.fromEntries(
    ['c-tie-case', 'c-tie-digit', ...['5', '6', '11', '12', '19', '20', 'aps', 'nulls'].map((x) => `c-score-${x}`), 'c-enrolled-30'].map(
      (id) => [id, m.tier(id, D)],
    ),
  );
  expect(tiers).toEqual({
    'c-tie-case': 1,
    'c-tie-digit': 2,
    'c-score-5': 1,
    'c-score-6': 2,
    'c-score-11': 2,
    'c-score-12': 3,
    'c-score-19': 3,
    'c-score-20': 4,
    'c-score-aps': 3,
    'c-score-nulls': 1,
    'c-enrolled-30': 'unassessed',
  });
  const cc = (id: string) => m.clientCompliance(id, D);
  expect(cc('c-enrolled-30')).toMatchObject({ contactDue: false, reassessDue: true, reassessOverdue: true });
  expect(cc('c-enrolled-29')).toMatchObject({ contactDue: false, reassessDue: false, reassessOverdue: false });
  expect(cc('c-assessed-180')).toMatchObject({ reassessOverdue: true, reassessDueSoon: false });
  expect(cc('c-assessed-179')).toMatchObject({ reassessOverdue: false, reassessDueSoon: true });
  expect(cc('c-assessed-150')).toMatchObject({ reassessOverdue: false, reassessDueSoon: true });
  expect(cc('c-assessed-149')).toMatchObject({ reassessOverdue: false, reassessDueSoon: false });
  expect(
    ['edge30', 'in29', 'phone', 'collateral', 'other-staff'].map((x) => [cc(`c-contact-${x}`).contactDue, cc(`c-contact-${x}`).contactMet]),
  ).toEqual([
    [true, false],
    [true, true],
    [true, false],
    [true, false],
    [true, true],
  ]);
  expect(m.outcomes(EDGE_F, D)).toMatchObject({
    goals: { met: 1, partiallyMet: 1, notMet: 1, withdrawn: 1, attainmentRate: 1 / 3 },
    functional: { improved: 1, maintained: 1, declined: 1, maintainedOrImprovedRate: 2 / 3 },
    timeToService: { n: 3, medianDays: 31, within30Rate: 1 / 3, pendingOver30: 2 },
    closures: { moved: 1, unknown: 1 },
  });
  expect(m.providers(EDGE_F, D).providers).toEqual([
    {
      providerId: 'pr-a',
      referrals: 4,
      started: 2,
      medianDaysToStart: 30.5,
      within30: 1,
      within30Rate: 0.5,
      pendingOver30: 1,
      q6: { n: 2, top2: 0.5 },
    },
    {
      providerId: 'pr-b',
      referrals: 1,
      started: 1,
      medianDaysToStart: 40,
      within30: 0,
      within30Rate: 0,
      pendingOver30: 1,
      q6: { n: 1, top2: 1 },
    },
  ]);
  expect(m.qa(EDGE_F, D)).toMatchObject({
    reviews: { n: 3, meanScore: 269 / 3, passRate: 2 / 3 },
    actions: { open: 3, overdue: 2, closedInPeriod: 1, medianDaysToClose: 120 },
  });
  const f = m.feedback(EDGE_F, D);
  expect(f).toMatchObject({ invitations: 3, respondedInvitations: 2, responseRate: 2 / 3, responses: 5 });
  expect(f.items[0]).toEqual({ item: 'q1', n: 4, mean: 4, top2: 0.75, distribution: [0, 0, 1, 2, 1] });
  expect([...f.byTeam].map(([k, g]) => [k, g.responses])).toEqual([['t1', 3]]);
  expect([...f.byStaff.keys()].sort()).toEqual(['s1', 's4', 's5', 's6']);
  expect([...f.byProvider].map(([k, g]) => [k, g.responses])).toEqual([
    ['pr-a', 2],
    ['pr-b', 1],
  ]);
  expect(f.monthly.map((x) => [x.month, x.n, x.top2])).toEqual([
    ['2026-01', 1, 1],
    ['2026-02', 1, 0],
    ['2026-03', 2, 1],
  ]);
});

// ---------- one comparison per report: every disagreement as a line ----------

async function caseloadDiffs(env: Env, agency: string, m: Model, D: string): Promise<string[]> {
  const actual = await reportJson(env, agency, 'caseload', ['--as-of', D]);
  const expected = m.caseload(D);
  const out: string[] = [];
  compare({ asOf: expected.asOf, settingsVersion: expected.settingsVersion }, actual, 'caseload', out);
  for (const [list, key] of [
    ['staff', 'staffId'],
    ['teams', 'teamId'],
  ] as const) {
    const e = keyed(expected[list] as unknown as Json[], key);
    const a = keyed(actual[list] as Json[], key);
    sameKeys(e, a, list, out);
    compare(e, a, list, out);
  }
  compare(expected.agency, actual.agency, 'agency', out);
  return out;
}

async function complianceDiffs(env: Env, agency: string, m: Model, D: string): Promise<string[]> {
  const actual = await reportJson(env, agency, 'compliance', ['--as-of', D]);
  const expected = m.compliance(D);
  const out: string[] = [];
  compare({ asOf: expected.asOf, settingsVersion: expected.settingsVersion }, actual, 'compliance', out);
  for (const [list, key] of [
    ['staff', 'staffId'],
    ['teams', 'teamId'],
  ] as const) {
    const e = keyed(expected[list] as unknown as Json[], key);
    const a = keyed(actual[list] as Json[], key);
    sameKeys(e, a, list, out);
    compare(e, a, list, out);
  }
  compare(expected.agency, actual.agency, 'agency', out);
  compare(expected.loadComplianceFit, actual.loadComplianceFit, 'loadComplianceFit', out);
  return out;
}

async function feedbackDiffs(env: Env, agency: string, m: Model, F: string, T: string): Promise<string[]> {
  const actual = await reportJson(env, agency, 'feedback', ['--from', F, '--to', T]);
  const expected = m.feedback(F, T);
  const out: string[] = [];
  compare({ settingsVersion: 1 }, actual, 'feedback', out);
  compare(omit(expected, 'byProgram', 'byTeam', 'byStaff', 'byProvider'), actual, 'feedback', out);
  for (const [list, key] of [
    ['byProgram', 'programId'],
    ['byTeam', 'teamId'],
    ['byStaff', 'staffId'],
    ['byProvider', 'providerId'],
  ] as const) {
    const e = Object.fromEntries(expected[list]);
    const a = keyed(actual[list] as Json[], key);
    // a group with no response in the period may be listed or left out
    for (const k of Object.keys(a))
      if (!(k in e) && a[k]!.responses !== 0) out.push(`${list}.${k}: not expected, has ${a[k]!.responses} responses`);
    for (const k of Object.keys(e)) if (!(k in a)) out.push(`${list}.${k}: missing`);
    compare(e, a, list, out);
  }
  return out;
}

async function outcomesDiffs(env: Env, agency: string, m: Model, F: string, T: string): Promise<string[]> {
  const actual = await reportJson(env, agency, 'outcomes', ['--from', F, '--to', T]);
  const expected = m.outcomes(F, T);
  const out: string[] = [];
  const checkClosures = (e: Record<string, number>, a: Json, path: string) => {
    compare(e, a, path, out);
    // a reason with no closure in the period may be listed as 0 or left out
    for (const k of Object.keys(a)) if (!(k in e) && a[k] !== 0) out.push(`${path}.${k}: expected 0 or absent, actual ${a[k]}`);
  };
  compare({ settingsVersion: 1, ...omit(expected, 'closures') }, actual, 'outcomes', out);
  checkClosures(expected.closures, actual.closures, 'outcomes.closures');
  // more keys: the monthly series (flow metrics by calendar month; pendingOver30 as of the month's end or T)
  const months = monthsOf(F, T);
  compare(
    months.map(([month]) => month),
    (actual.monthly as Json[]).map((x) => x.month),
    'outcomes.monthly',
    out,
  );
  months.forEach(([month, mf, mt], k) => {
    const e = m.outcomes(mf, mt);
    compare({ month, asOf: mt, ...omit(e, 'from', 'to', 'closures') }, actual.monthly[k], `monthly[${month}]`, out);
    checkClosures(e.closures, actual.monthly[k]?.closures ?? {}, `monthly[${month}].closures`);
  });
  return out;
}

async function providersDiffs(env: Env, agency: string, m: Model, F: string, T: string): Promise<string[]> {
  const actual = await reportJson(env, agency, 'providers', ['--from', F, '--to', T]);
  const expected = m.providers(F, T);
  const out: string[] = [];
  compare({ from: F, to: T, settingsVersion: 1 }, actual, 'providers', out);
  const e = keyed(expected.providers as unknown as Json[], 'providerId');
  const a = keyed(actual.providers as Json[], 'providerId');
  sameKeys(e, a, 'providers', out);
  compare(e, a, 'providers', out);
  // more keys: each provider's monthly series
  const months = monthsOf(F, T);
  for (const providerId of Object.keys(e)) {
    const series = (a[providerId]?.monthly ?? []) as Json[];
    compare(
      months.map(([month]) => month),
      series.map((x) => x.month),
      `providers.${providerId}.monthly`,
      out,
    );
    months.forEach(([month, mf, mt], k) => {
      const row = m.providers(mf, mt).providers.find((p) => p.providerId === providerId)!;
      compare({ month, asOf: mt, ...omit(row, 'providerId', 'q6') }, series[k], `providers.${providerId}.monthly[${month}]`, out);
    });
  }
  return out;
}

async function qaDiffs(env: Env, agency: string, m: Model, F: string, T: string): Promise<string[]> {
  const actual = await reportJson(env, agency, 'qa', ['--from', F, '--to', T]);
  const out: string[] = [];
  compare({ settingsVersion: 1, ...m.qa(F, T) }, actual, 'qa', out);
  const months = monthsOf(F, T);
  compare(
    months.map(([month]) => month),
    (actual.monthly as Json[]).map((x) => x.month),
    'qa.monthly',
    out,
  );
  months.forEach(([month, mf, mt], k) => {
    compare({ month, asOf: mt, ...omit(m.qa(mf, mt), 'from', 'to', 'qaPassScore') }, actual.monthly[k], `monthly[${month}]`, out);
  });
  return out;
}

async function calibrationDiffs(env: Env, agency: string, m: Model, F: string, T: string): Promise<string[]> {
  const actual = await reportJson(env, agency, 'calibration', ['--from', F, '--to', T]);
  const out: string[] = [];
  const expected = m.calibration(F, T);
  compare(
    { from: expected.from, to: expected.to, scale: expected.scale, minutesCoverage: expected.minutesCoverage },
    actual,
    'calibration',
    out,
  );
  compare(keyed(expected.tiers as unknown as Json[], 'tier'), keyed(actual.tiers as Json[], 'tier'), 'calibration.tiers', out);
  return out;
}

/** explain for every member listed on D: its parts are the model's */
async function explainDiffs(env: Env, agency: string, m: Model, D: string): Promise<string[]> {
  const out: string[] = [];
  for (const s of m.caseload(D).staff) {
    const actual = await reportJson(env, agency, 'explain', ['--staff', s.staffId, '--as-of', D]);
    compare(m.explain(s.staffId, D), actual, `explain ${s.staffId}`, out);
  }
  return out;
}

const EDGE = 'edge';
const EDGE_AS_OF: Array<[string, string]> = [
  [EDGE_D, 'ratios of exactly 1.15, 1.00 and 0.85; contact, assessment and enrollment window edges'],
  [EDGE_F, 'the first day of the period'],
];
const EDGE_PERIODS: Array<[string, string, string]> = [
  [EDGE_F, EDGE_D, 'the edge quarter'],
  [EDGE_D, EDGE_D, 'a single day'],
];

describe.each(testDrivers())('on %s', (driver) => {
  let env: Env;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ env, drop } = await freshDatabase(driver));
    for (const [agency, dir] of [
      [AGENCY, seedDir],
      [EDGE, edgeDir],
    ] as const) {
      const add = await cli(env, 'agency', 'add', '--agency', agency, '--name', `Independent check ${agency}`);
      expect(add.code).toBe(0);
      const imported = await cli(env, 'import', dir, '--agency', agency);
      expect(imported.code).toBe(0);
      // every data row of every file (counted by this test's own CSV reader) was imported
      const total = readdirSync(dir)
        .filter((f) => f.endsWith('.csv'))
        .reduce((n, f) => n + parseCsv(readFileSync(join(dir, f), 'utf8')).length, 0);
      expect(imported.stderr).toContain(`imported ${total.toLocaleString('en-US')} rows`);
    }
  });

  afterAll(async () => {
    await drop?.();
  });

  describe('the seeded agency (scale s, seed 1)', () => {
    test.each(AS_OF_DATES)('caseload as of %s (%s)', async (D) => pinned(`caseload ${D}`, await caseloadDiffs(env, AGENCY, model, D)));
    test.each(AS_OF_DATES)('compliance as of %s (%s)', async (D) =>
      pinned(`compliance ${D}`, await complianceDiffs(env, AGENCY, model, D)),
    );
    test.each(PERIODS)('feedback %s to %s (%s)', async (F, T) =>
      pinned(`feedback ${F}..${T}`, await feedbackDiffs(env, AGENCY, model, F, T)),
    );
    test.each(PERIODS)('outcomes %s to %s (%s)', async (F, T) =>
      pinned(`outcomes ${F}..${T}`, await outcomesDiffs(env, AGENCY, model, F, T)),
    );
    test.each(PERIODS)('providers %s to %s (%s)', async (F, T) =>
      pinned(`providers ${F}..${T}`, await providersDiffs(env, AGENCY, model, F, T)),
    );
    test.each(PERIODS)('qa %s to %s (%s)', async (F, T) => pinned(`qa ${F}..${T}`, await qaDiffs(env, AGENCY, model, F, T)));
    test.each(PERIODS)('calibration %s to %s (%s)', async (F, T) =>
      pinned(`calibration ${F}..${T}`, await calibrationDiffs(env, AGENCY, model, F, T)),
    );
    test('explain of every member as of the seeded date', { timeout: 120_000 }, async () =>
      pinned(`explain ${SEED_AS_OF}`, await explainDiffs(env, AGENCY, model, SEED_AS_OF)),
    );
  });

  describe('the edge agency (hand-made rows on the boundaries)', () => {
    test.each(EDGE_AS_OF)('caseload as of %s (%s)', async (D) =>
      pinned(`edge caseload ${D}`, await caseloadDiffs(env, EDGE, edgeModel, D)),
    );
    test.each(EDGE_AS_OF)('compliance as of %s (%s)', async (D) =>
      pinned(`edge compliance ${D}`, await complianceDiffs(env, EDGE, edgeModel, D)),
    );
    test.each(EDGE_PERIODS)('feedback %s to %s (%s)', async (F, T) =>
      pinned(`edge feedback ${F}..${T}`, await feedbackDiffs(env, EDGE, edgeModel, F, T)),
    );
    test.each(EDGE_PERIODS)('outcomes %s to %s (%s)', async (F, T) =>
      pinned(`edge outcomes ${F}..${T}`, await outcomesDiffs(env, EDGE, edgeModel, F, T)),
    );
    test.each(EDGE_PERIODS)('providers %s to %s (%s)', async (F, T) =>
      pinned(`edge providers ${F}..${T}`, await providersDiffs(env, EDGE, edgeModel, F, T)),
    );
    test.each(EDGE_PERIODS)('qa %s to %s (%s)', async (F, T) => pinned(`edge qa ${F}..${T}`, await qaDiffs(env, EDGE, edgeModel, F, T)));
  });
});
