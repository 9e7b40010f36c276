/**
 * The synthetic agency: deterministic, valid by every domain.md rule that can be
 * checked from the files alone, shaped like a real agency, and carrying its stories.
 * Every figure here is recomputed from the generated CSV files with the formulas of
 * metrics.md, independently of the generator's own bookkeeping.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SYNTHETIC_FILES, type SyntheticAgency, generateAgency } from '../src/index.ts';
import { ISO_639_1 } from '../src/languages.ts';
import { computedTier } from '../src/synthetic/acuity.ts';
import { CsvWriter, csvField } from '../src/synthetic/csv-writer.ts';

const AS_OF = '2026-11-23';

type Row = Record<string, string>;

/** RFC 4180 reader for the tests (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): { header: string[]; rows: Row[] } {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) throw new Error('file does not end with a line break');
  const [header, ...rest] = records;
  if (!header) throw new Error('empty file');
  for (const r of rest) if (r.length !== header.length) throw new Error(`row with ${r.length} fields: ${r.join(',')}`);
  return { header, rows: rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!]))) };
}

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoOf = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);
const AS_OF_DAY = day(AS_OF);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** The data, loaded and indexed for metrics.md's point-in-time rules. */
class Data {
  readonly files: Record<string, { header: string[]; rows: Row[] }> = {};
  readonly assessmentsOf = new Map<string, Row[]>();
  readonly assignmentsOf = new Map<string, Row[]>();
  readonly contactsOf = new Map<string, Row[]>();
  readonly staff = new Map<string, Row>();

  constructor(dir: string) {
    for (const f of SYNTHETIC_FILES) this.files[f] = parseCsv(readFileSync(join(dir, f), 'utf8'));
    const group = (rows: Row[], into: Map<string, Row[]>) => {
      for (const r of rows) {
        const list = into.get(r.client_id!) ?? [];
        list.push(r);
        into.set(r.client_id!, list);
      }
    };
    group(this.rows('assessments.csv'), this.assessmentsOf);
    group(this.rows('assignments.csv'), this.assignmentsOf);
    group(this.rows('contacts.csv'), this.contactsOf);
    for (const list of this.assessmentsOf.values()) {
      list.sort((a, b) =>
        a.assessed_on! < b.assessed_on! ? -1 : a.assessed_on! > b.assessed_on! ? 1 : a.assessment_id! < b.assessment_id! ? -1 : 1,
      );
    }
    for (const s of this.rows('staff.csv')) this.staff.set(s.staff_id!, s);
  }

  rows(file: string): Row[] {
    return this.files[file]!.rows;
  }

  active(d: number): Row[] {
    return this.rows('clients.csv').filter((c) => day(c.enrolled_on!) <= d && (!c.closed_on || day(c.closed_on) > d));
  }

  /** metrics.md: the override, else the computed tier of the latest assessment on or before d. */
  tier(clientId: string, d: number): number | null {
    let latest: Row | undefined;
    for (const a of this.assessmentsOf.get(clientId) ?? []) {
      if (day(a.assessed_on!) <= d) latest = a;
      else break;
    }
    if (!latest) return null;
    if (latest.acuity_tier) return Number(latest.acuity_tier);
    return tierFromFields(latest);
  }

  latestAssessment(clientId: string, d: number): Row | undefined {
    let latest: Row | undefined;
    for (const a of this.assessmentsOf.get(clientId) ?? []) if (day(a.assessed_on!) <= d) latest = a;
    return latest;
  }

  holder(clientId: string, d: number): string | null {
    for (const a of this.assignmentsOf.get(clientId) ?? []) {
      if (day(a.start_on!) <= d && (!a.end_on || day(a.end_on) > d)) return a.staff_id!;
    }
    return null;
  }

  isCaseloadStaff(s: Row | undefined): boolean {
    return !!s && s.active === 'true' && Number(s.caseload_fte) > 0;
  }

  /**
   * Weighted hours and client count per holder on d (tier hours 1 / 2 / 3.5 / 6,
   * unassessed 2); `among` limits the work to clients ever held by those staff.
   */
  loads(d: number, among?: Set<string>): Map<string, { hours: number; clients: string[] }> {
    const out = new Map<string, { hours: number; clients: string[] }>();
    const candidates = among
      ? this.active(d).filter((c) => (this.assignmentsOf.get(c.client_id!) ?? []).some((a) => among.has(a.staff_id!)))
      : this.active(d);
    for (const c of candidates) {
      const h = this.holder(c.client_id!, d);
      if (!h) continue;
      const t = this.tier(c.client_id!, d);
      const e = out.get(h) ?? { hours: 0, clients: [] };
      e.hours += t === null ? 2 : HOURS[t]!;
      e.clients.push(c.client_id!);
      out.set(h, e);
    }
    return out;
  }

  loadRatio(staffId: string, loads: Map<string, { hours: number }>): number {
    return (loads.get(staffId)?.hours ?? 0) / (Number(this.staff.get(staffId)!.caseload_fte) * 110);
  }

  /** metrics.md contact standards: is the client compliant on d (null when nothing is due)? */
  contactCompliant(c: Row, d: number): boolean | null {
    const t = this.tier(c.client_id!, d);
    const [any, faceToFace] = RULES[t ?? 2]!;
    const contacts = this.contactsOf.get(c.client_id!) ?? [];
    const enrolled = day(c.enrolled_on!);
    let due = false;
    let ok = true;
    const within = (n: number, modes: string[]) =>
      contacts.some((x) => modes.includes(x.mode!) && day(x.occurred_on!) > d - n && day(x.occurred_on!) <= d);
    if (enrolled <= d - any) {
      due = true;
      if (!within(any, ['home_visit', 'office_visit', 'phone', 'video'])) ok = false;
    }
    if (enrolled <= d - faceToFace) {
      due = true;
      if (!within(faceToFace, ['home_visit', 'office_visit'])) ok = false;
    }
    return due ? ok : null;
  }
}

const HOURS: Record<number, number> = { 1: 1, 2: 2, 3: 3.5, 4: 6 };
const RULES: Record<number, [number, number]> = { 1: [90, 365], 2: [60, 180], 3: [30, 90], 4: [30, 30] };

/** The metrics.md score formula, written out again here so the test does not trust the generator's. */
function tierFromFields(a: Row): number {
  const b = (v: string | undefined) => (v === 'true' ? 1 : 0);
  const score =
    2 * Number(a.adl_deficits || 0) +
    Number(a.iadl_deficits || 0) +
    3 * b(a.cognitive_impairment) +
    2 * b(a.lives_alone) +
    3 * b(a.recent_hospitalization) +
    4 * b(a.aps_involvement) +
    2 * b(a.behavioral_health);
  const tier = score <= 5 ? 1 : score <= 11 ? 2 : score <= 19 ? 3 : 4;
  return a.aps_involvement === 'true' && tier < 3 ? 3 : tier;
}

const dirs: string[] = [];
async function generate(seed: number, asOf = AS_OF): Promise<{ dir: string; result: SyntheticAgency }> {
  const dir = await mkdtemp(join(tmpdir(), 'caseload-synthetic-'));
  dirs.push(dir);
  return { dir, result: await generateAgency({ scale: 's', seed, asOf }, dir) };
}

let dir: string;
let result: SyntheticAgency;
let data: Data;

beforeAll(async () => {
  ({ dir, result } = await generate(1));
  data = new Data(dir);
});

afterAll(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('building blocks', () => {
  test.each([
    ['no needs', { adl: 0, iadl: 0 }, 1],
    ['score 5 (top of tier 1)', { adl: 2, iadl: 1 }, 1],
    ['score 6 (bottom of tier 2)', { adl: 2, iadl: 2 }, 2],
    ['score 11 (top of tier 2)', { adl: 3, iadl: 5 }, 2],
    ['score 12 (bottom of tier 3)', { adl: 3, iadl: 6 }, 3],
    ['score 19 (top of tier 3)', { adl: 6, iadl: 7 }, 3],
    ['score 20 (tier 4)', { adl: 6, iadl: 8 }, 4],
    ['APS raises score 4 to tier 3', { adl: 0, iadl: 0, aps: true }, 3],
    [
      'every flag: 3+2+3+4+2 = 14 → tier 3',
      { adl: 0, iadl: 0, cognitive: true, livesAlone: true, hospitalized: true, aps: true, behavioral: true },
      3,
    ],
    ['blank flags count as false', { adl: 1, iadl: 3, cognitive: null, livesAlone: null }, 1],
  ] as const)('computedTier: %s', (_, fields, tier) => {
    const needs = { cognitive: false, livesAlone: false, hospitalized: false, aps: false, behavioral: false, ...fields };
    expect(computedTier(needs)).toBe(tier);
  });

  test.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [null, ''],
    [true, 'true'],
    [0.75, '0.75'],
  ] as const)('csvField(%j) → %j', (value, text) => {
    expect(csvField(value)).toBe(text);
  });

  test('a writer whose stream drained while another writer was being relieved does not wait forever', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cm-writer-'));
    try {
      const a = new CsvWriter(join(dir, 'a.csv'), ['x']);
      const b = new CsvWriter(join(dir, 'b.csv'), ['x']);
      const big = 'y'.repeat(1000);
      // more than one 64 KiB chunk each: both streams ask for a drain
      for (let i = 0; i < 200; i++) {
        a.row([big]);
        b.row([big]);
      }
      await a.relieve(); // b drains meanwhile; its 'drain' is emitted before anyone listens
      await new Promise((resolve) => setTimeout(resolve, 50));
      const relieved = await Promise.race([
        b.relieve().then(() => 'relieved'),
        new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000)),
      ]);
      expect(relieved).toBe('relieved');
      await a.close();
      await b.close();
      expect((await readFile(join(dir, 'b.csv'), 'utf8')).split('\n').length).toBe(202);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('bad options are refused with a clear message', async () => {
    await expect(generateAgency({ scale: 'xl' as 's', seed: 1, asOf: AS_OF }, dir)).rejects.toThrow('scale must be one of s, m, l');
    await expect(generateAgency({ scale: 's', seed: 1.5, asOf: AS_OF }, dir)).rejects.toThrow('seed must be an integer');
    await expect(generateAgency({ scale: 's', seed: 1, asOf: '2026-02-30' }, dir)).rejects.toThrow('not a real date');
  });
});

describe('determinism', () => {
  test('the same seed and as-of date give byte-identical files', async () => {
    const again = await generate(1);
    for (const f of SYNTHETIC_FILES) {
      const [a, b] = await Promise.all([readFile(join(dir, f)), readFile(join(again.dir, f))]);
      expect(a.equals(b), f).toBe(true);
    }
    expect(again.result).toEqual(result);
  });

  test('another seed gives another agency', async () => {
    const other = await generate(2);
    for (const f of ['clients.csv', 'contacts.csv', 'survey_responses.csv']) {
      const [a, b] = await Promise.all([readFile(join(dir, f)), readFile(join(other.dir, f))]);
      expect(a.equals(b), f).toBe(false);
    }
  });

  test('the reported row and byte counts are those of the files', async () => {
    expect(result.files.map((f) => f.file)).toEqual([...SYNTHETIC_FILES]);
    for (const f of result.files) {
      expect(f.rows, f.file).toBe(data.rows(f.file).length);
      expect(f.bytes, f.file).toBe((await readFile(join(dir, f.file))).length);
    }
  });
});

describe('every file follows domain.md', () => {
  const HEADERS: Record<string, string> = {
    'programs.csv': 'program_id,name,funder',
    'teams.csv': 'team_id,name,supervisor_staff_id',
    'providers.csv': 'provider_id,name,service_types',
    'staff.csv': 'staff_id,name,role,team_id,caseload_fte,languages,region,active',
    'staff_periods.csv': 'staff_id,start_on,end_on,caseload_fte,team_id',
    'capacity_reductions.csv': 'reduction_id,staff_id,reason,start_on,end_on,percent,hours_per_month,note',
    'workload_items.csv': 'item_id,staff_id,kind,start_on,end_on,hours_per_month',
    'clients.csv': 'client_id,program_id,birth_year,county,primary_language,region,enrolled_on,closed_on,closure_reason',
    'assignments.csv': 'client_id,staff_id,start_on,end_on',
    'assessments.csv':
      'assessment_id,client_id,assessed_on,kind,adl_deficits,iadl_deficits,cognitive_impairment,lives_alone,recent_hospitalization,aps_involvement,behavioral_health,acuity_tier',
    'contacts.csv': 'contact_id,client_id,staff_id,occurred_on,mode,minutes',
    'goals.csv': 'goal_id,client_id,domain,set_on,status,resolved_on',
    'referrals.csv': 'referral_id,client_id,provider_id,service_type,referred_on,started_on',
    'survey_invitations.csv': 'invitation_id,client_id,sent_on',
    'survey_responses.csv': 'response_id,invitation_id,program_id,staff_id,provider_id,received_on,q1,q2,q3,q4,q5,q6,q7,q8,comment',
    'qa_reviews.csv':
      'review_id,client_id,staff_id,reviewer_staff_id,reviewed_on,score,findings,corrective_action,action_due_on,action_closed_on',
  };
  const ID = /^[A-Za-z0-9._:-]{1,64}$/;
  const ID_COLUMNS = [
    'reduction_id',
    'item_id',
    'program_id',
    'team_id',
    'supervisor_staff_id',
    'provider_id',
    'staff_id',
    'client_id',
    'assessment_id',
    'contact_id',
    'goal_id',
    'referral_id',
    'invitation_id',
    'response_id',
    'review_id',
    'reviewer_staff_id',
  ];
  const DATE_COLUMNS = [
    'enrolled_on',
    'closed_on',
    'start_on',
    'end_on',
    'assessed_on',
    'occurred_on',
    'set_on',
    'resolved_on',
    'referred_on',
    'started_on',
    'sent_on',
    'received_on',
    'reviewed_on',
    'action_due_on',
    'action_closed_on',
  ];

  test('the 16 files have exactly the columns of domain.md (no names or notes of clients)', () => {
    expect(Object.keys(data.files).sort()).toEqual(Object.keys(HEADERS).sort());
    for (const [f, header] of Object.entries(HEADERS)) expect(data.files[f]!.header.join(','), f).toBe(header);
  });

  test('ids are 1–64 characters of [A-Za-z0-9._:-]; keys are unique', () => {
    const keys: Record<string, (r: Row) => string> = {
      'programs.csv': (r) => r.program_id!,
      'teams.csv': (r) => r.team_id!,
      'providers.csv': (r) => r.provider_id!,
      'staff.csv': (r) => r.staff_id!,
      'staff_periods.csv': (r) => `${r.staff_id} ${r.start_on}`,
      'capacity_reductions.csv': (r) => r.reduction_id!,
      'workload_items.csv': (r) => r.item_id!,
      'clients.csv': (r) => r.client_id!,
      'assignments.csv': (r) => `${r.client_id} ${r.start_on}`,
      'assessments.csv': (r) => r.assessment_id!,
      'contacts.csv': (r) => r.contact_id!,
      'goals.csv': (r) => r.goal_id!,
      'referrals.csv': (r) => r.referral_id!,
      'survey_invitations.csv': (r) => r.invitation_id!,
      'survey_responses.csv': (r) => r.response_id!,
      'qa_reviews.csv': (r) => r.review_id!,
    };
    for (const [f, key] of Object.entries(keys)) {
      const rows = data.rows(f);
      expect(rows.length, f).toBeGreaterThan(0);
      expect(new Set(rows.map(key)).size, `${f} keys`).toBe(rows.length);
      for (const col of ID_COLUMNS) {
        if (!data.files[f]!.header.includes(col)) continue;
        const bad = rows.filter((r) => r[col] !== '' && !ID.test(r[col]!));
        expect(bad, `${f} ${col}`).toEqual([]);
      }
    }
  });

  // planned capacity changes (a return from leave, the next intake rotation) may lie ahead
  const PLANNED = new Set(['capacity_reductions.csv', 'workload_items.csv']);
  test('dates are real YYYY-MM-DD dates, none after the as-of date but planned capacity changes', () => {
    const real = new Map<string, boolean>();
    const bad: string[] = [];
    for (const f of SYNTHETIC_FILES) {
      for (const col of DATE_COLUMNS) {
        if (!data.files[f]!.header.includes(col)) continue;
        for (const r of data.rows(f)) {
          const v = r[col]!;
          if (v === '') continue;
          let ok = real.get(v);
          if (ok === undefined) {
            ok = /^\d{4}-\d{2}-\d{2}$/.test(v) && isoOf(day(v)) === v;
            real.set(v, ok);
          }
          if (!ok || (col !== 'action_due_on' && !PLANNED.has(f) && v > AS_OF)) bad.push(`${f} ${col} ${v}`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(real.has('2023-11-23')).toBe(true);
  });

  test('references point at rows that exist', () => {
    const ids = (f: string, col: string) => new Set(data.rows(f).map((r) => r[col]!));
    const programs = ids('programs.csv', 'program_id');
    const teams = ids('teams.csv', 'team_id');
    const providers = ids('providers.csv', 'provider_id');
    const staff = ids('staff.csv', 'staff_id');
    const clients = ids('clients.csv', 'client_id');
    const invitations = ids('survey_invitations.csv', 'invitation_id');
    const check = (f: string, col: string, set: Set<string>) => {
      const bad = data.rows(f).filter((r) => r[col] !== '' && !set.has(r[col]!));
      expect(bad.length, `${f} ${col}`).toBe(0);
    };
    check('teams.csv', 'supervisor_staff_id', staff);
    check('staff.csv', 'team_id', teams);
    check('clients.csv', 'program_id', programs);
    for (const f of [
      'assignments.csv',
      'assessments.csv',
      'contacts.csv',
      'goals.csv',
      'referrals.csv',
      'survey_invitations.csv',
      'qa_reviews.csv',
    ]) {
      check(f, 'client_id', clients);
    }
    for (const f of ['assignments.csv', 'contacts.csv', 'survey_responses.csv', 'qa_reviews.csv']) check(f, 'staff_id', staff);
    check('qa_reviews.csv', 'reviewer_staff_id', staff);
    check('referrals.csv', 'provider_id', providers);
    check('survey_responses.csv', 'provider_id', providers);
    check('survey_responses.csv', 'program_id', programs);
    check('survey_responses.csv', 'invitation_id', invitations);
    for (const t of data.rows('teams.csv')) {
      const s = data.staff.get(t.supervisor_staff_id!)!;
      expect([s.role, s.team_id]).toEqual(['supervisor', t.team_id]);
    }
  });

  test('staff: roles, caseload_fte 0..1, ISO 639-1 languages, active true/false', () => {
    const roles = new Set(['case_manager', 'supervisor', 'program_manager', 'director', 'other']);
    for (const s of data.rows('staff.csv')) {
      expect(roles.has(s.role!), s.staff_id).toBe(true);
      const fte = Number(s.caseload_fte);
      expect(fte >= 0 && fte <= 1, s.staff_id).toBe(true);
      expect(['true', 'false']).toContain(s.active);
      for (const l of s.languages!.split(';')) expect(ISO_639_1.has(l), `${s.staff_id} ${l}`).toBe(true);
    }
    const roleCount = (r: string) => data.rows('staff.csv').filter((s) => s.role === r).length;
    expect(roleCount('director')).toBe(1);
    expect(roleCount('supervisor')).toBe(data.rows('teams.csv').length);
    expect(roleCount('program_manager')).toBeGreaterThanOrEqual(1);
  });

  test('clients: birth years, languages, closure after enrolment with a reason', () => {
    const reasons = new Set([
      'goals_met',
      'moved',
      'deceased',
      'nursing_facility',
      'declined_services',
      'transferred',
      'ineligible',
      'other',
    ]);
    for (const c of data.rows('clients.csv')) {
      const by = Number(c.birth_year);
      expect(Number.isInteger(by) && by >= 1900 && by <= 2026, c.client_id).toBe(true);
      if (c.primary_language) expect(ISO_639_1.has(c.primary_language), c.client_id).toBe(true);
      if (c.closed_on) {
        expect(c.closed_on >= c.enrolled_on!, c.client_id).toBe(true);
        expect(reasons.has(c.closure_reason!), c.client_id).toBe(true);
      } else expect(c.closure_reason, c.client_id).toBe('');
    }
  });

  test('assignments: end_on after start_on, never overlapping, within the stay', () => {
    const clients = new Map(data.rows('clients.csv').map((c) => [c.client_id!, c]));
    for (const [clientId, list] of data.assignmentsOf) {
      const sorted = [...list].sort((a, b) => (a.start_on! < b.start_on! ? -1 : 1));
      const c = clients.get(clientId)!;
      sorted.forEach((a, i) => {
        if (a.end_on) expect(a.end_on > a.start_on!, `${clientId} ${a.start_on}`).toBe(true);
        expect(a.start_on! >= c.enrolled_on!, clientId).toBe(true);
        if (c.closed_on) expect(a.end_on !== '' && a.end_on! <= c.closed_on, clientId).toBe(true);
        const next = sorted[i + 1];
        if (next) expect(a.end_on !== '' && a.end_on! <= next.start_on!, `${clientId} overlaps at ${next.start_on}`).toBe(true);
      });
    }
  });

  test('assessments, contacts, goals, referrals, surveys and reviews keep their value rules', () => {
    const bad: string[] = [];
    const flag = (ok: boolean, what: string) => {
      if (!ok) bad.push(what);
    };
    const inRange = (v: string | undefined, lo: number, hi: number) => /^\d+$/.test(v ?? '') && Number(v) >= lo && Number(v) <= hi;
    const BOOLS = new Set(['true', 'false', '']);
    for (const a of data.rows('assessments.csv')) {
      const id = a.assessment_id!;
      flag(['initial', 'reassessment', 'change_in_condition'].includes(a.kind!), `${id} kind`);
      flag(inRange(a.adl_deficits, 0, 6), `${id} adl`);
      flag(inRange(a.iadl_deficits, 0, 8), `${id} iadl`);
      for (const col of ['cognitive_impairment', 'lives_alone', 'recent_hospitalization', 'aps_involvement', 'behavioral_health']) {
        flag(BOOLS.has(a[col]!), `${id} ${col}`);
      }
      flag(a.acuity_tier === '' || inRange(a.acuity_tier, 1, 4), `${id} acuity_tier`);
    }
    const modes = new Set(['home_visit', 'office_visit', 'phone', 'video', 'collateral']);
    for (const c of data.rows('contacts.csv')) {
      flag(modes.has(c.mode!), `${c.contact_id} mode`);
      flag(c.minutes === '' || inRange(c.minutes, 0, 1440), `${c.contact_id} minutes`);
    }
    for (const g of data.rows('goals.csv')) {
      flag(['open', 'met', 'partially_met', 'not_met', 'withdrawn'].includes(g.status!), `${g.goal_id} status`);
      if (g.status === 'open') flag(g.resolved_on === '', `${g.goal_id} open but resolved`);
      else flag(g.resolved_on !== '' && g.resolved_on! >= g.set_on!, `${g.goal_id} resolved_on`);
    }
    for (const r of data.rows('referrals.csv')) flag(!r.started_on || r.started_on >= r.referred_on!, `${r.referral_id} started_on`);
    for (const r of data.rows('survey_responses.csv')) {
      const items = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'].map((q) => r[q]!);
      flag(
        items.some((v) => v !== ''),
        `${r.response_id} no item answered`,
      );
      for (const v of items) flag(v === '' || inRange(v, 1, 5), `${r.response_id} item ${v}`);
    }
    for (const q of data.rows('qa_reviews.csv')) {
      flag(inRange(q.score, 0, 100), `${q.review_id} score`);
      flag(!q.corrective_action || q.action_due_on !== '', `${q.review_id} action_due_on`);
    }
    expect(bad).toEqual([]);
  });
});

describe('the agency looks like a real one (scale s, seed 1)', () => {
  test('about 1,300 active clients on the as-of date', () => {
    const active = data.active(AS_OF_DAY).length;
    expect(active).toBeGreaterThanOrEqual(1300 * 0.85);
    expect(active).toBeLessThanOrEqual(1300 * 1.15);
    expect(result.summary.activeClients).toBe(active);
  });

  test('acuity mix near 25% / 45% / 22% / 8%, computed with the score formula and overrides', () => {
    const counts = [0, 0, 0, 0, 0];
    for (const c of data.active(AS_OF_DAY)) {
      const t = data.tier(c.client_id!, AS_OF_DAY);
      if (t !== null) counts[t]!++;
    }
    const assessed = counts.reduce((a, b) => a + b, 0);
    const share = counts.map((n) => (100 * n) / assessed);
    expect(Math.abs(share[1]! - 25)).toBeLessThanOrEqual(4);
    expect(Math.abs(share[2]! - 45)).toBeLessThanOrEqual(4);
    expect(Math.abs(share[3]! - 22)).toBeLessThanOrEqual(4);
    expect(Math.abs(share[4]! - 8)).toBeLessThanOrEqual(3);
    const overrides = data.rows('assessments.csv').filter((a) => a.acuity_tier !== '');
    expect(overrides.length).toBeGreaterThan(0);
    expect(overrides.length / data.rows('assessments.csv').length).toBeLessThan(0.06);
  });

  test('caseloads of 40–80 clients per FTE, load ratios spread around 1.0, part-time and multilingual staff', () => {
    const loads = data.loads(AS_OF_DAY);
    const caseloadStaff = data.rows('staff.csv').filter((s) => data.isCaseloadStaff(s));
    expect(caseloadStaff.length).toBeGreaterThanOrEqual(24);
    const clients = caseloadStaff.reduce((n, s) => n + (loads.get(s.staff_id!)?.clients.length ?? 0), 0);
    const fte = caseloadStaff.reduce((n, s) => n + Number(s.caseload_fte), 0);
    expect(clients / fte).toBeGreaterThanOrEqual(40);
    expect(clients / fte).toBeLessThanOrEqual(80);
    const ratios = caseloadStaff.map((s) => data.loadRatio(s.staff_id!, loads));
    expect(median(ratios)).toBeGreaterThan(0.85);
    expect(median(ratios)).toBeLessThan(1.15);
    expect(ratios.filter((r) => r >= 0.75 && r <= 1.35).length / ratios.length).toBeGreaterThanOrEqual(0.8);
    expect(ratios.some((r) => r < 1)).toBe(true);
    expect(ratios.some((r) => r > 1.15)).toBe(true);
    expect(caseloadStaff.some((s) => Number(s.caseload_fte) >= 0.5 && Number(s.caseload_fte) <= 0.8)).toBe(true);
    expect(caseloadStaff.filter((s) => s.languages!.includes(';')).length).toBeGreaterThanOrEqual(4);
    expect(data.rows('staff.csv').some((s) => s.role === 'case_manager' && s.active === 'false')).toBe(true);
  });

  test("every active client's language is spoken in the holder's team; holders share the client's region", () => {
    const active = data.active(AS_OF_DAY);
    const nonEnglish = active.filter((c) => c.primary_language && c.primary_language !== 'en');
    expect(nonEnglish.length / active.length).toBeGreaterThan(0.05);
    for (const c of active) {
      const h = data.holder(c.client_id!, AS_OF_DAY);
      if (!h) continue;
      const team = data.staff.get(h)!.team_id;
      expect(data.staff.get(h)!.region, c.client_id).toBe(c.region);
      if (!c.primary_language || c.primary_language === 'en') continue;
      const speakers = data
        .rows('staff.csv')
        .filter((s) => s.team_id === team && s.active === 'true' && s.languages!.split(';').includes(c.primary_language!));
      expect(speakers.length, `${c.client_id} ${c.primary_language}`).toBeGreaterThan(0);
    }
  });

  test('clients enrol and close over time, with closure reasons', () => {
    const closed = data.rows('clients.csv').filter((c) => c.closed_on);
    expect(closed.length).toBeGreaterThan(500);
    expect(new Set(closed.map((c) => c.closure_reason)).size).toBeGreaterThanOrEqual(6);
    const years = new Set(data.rows('clients.csv').map((c) => c.enrolled_on!.slice(0, 4)));
    for (const y of ['2024', '2025', '2026']) expect(years.has(y)).toBe(true);
    const transfers = [...data.assignmentsOf.values()].filter((l) => l.length > 1).length;
    expect(transfers).toBeGreaterThan(100);
  });

  test('initial assessments mostly within 30 days; reassessments mostly on time', () => {
    const enrolledInHistory = data
      .rows('clients.csv')
      .filter((c) => c.enrolled_on! >= '2024-01-01' && day(c.enrolled_on!) <= AS_OF_DAY - 60);
    const timely = enrolledInHistory.filter((c) => {
      const first = data.assessmentsOf.get(c.client_id!)?.[0];
      return first && first.kind === 'initial' && day(first.assessed_on!) - day(c.enrolled_on!) <= 30;
    });
    expect(timely.length / enrolledInHistory.length).toBeGreaterThan(0.85);
    let due = 0;
    let overdue = 0;
    for (const c of data.active(AS_OF_DAY)) {
      const a = data.latestAssessment(c.client_id!, AS_OF_DAY);
      if (!a) {
        if (day(c.enrolled_on!) <= AS_OF_DAY - 30) {
          due++;
          overdue++;
        }
        continue;
      }
      due++;
      const t = data.tier(c.client_id!, AS_OF_DAY)!;
      if (day(a.assessed_on!) <= AS_OF_DAY - (t <= 2 ? 365 : 180)) overdue++;
    }
    const reassessRate = 1 - overdue / due;
    expect(reassessRate).toBeGreaterThan(0.9);
    expect(overdue).toBeGreaterThan(0);
  });

  test('contact standards mostly met, with a mix of modes', () => {
    let due = 0;
    let met = 0;
    for (const c of data.active(AS_OF_DAY)) {
      const ok = data.contactCompliant(c, AS_OF_DAY);
      if (ok === null) continue;
      due++;
      if (ok) met++;
    }
    expect(met / due).toBeGreaterThan(0.8);
    expect(met).toBeLessThan(due);
    const modes = new Map<string, number>();
    for (const c of data.rows('contacts.csv')) modes.set(c.mode!, (modes.get(c.mode!) ?? 0) + 1);
    const total = data.rows('contacts.csv').length;
    expect(modes.get('phone')! / total).toBeGreaterThan(0.35);
    expect(modes.get('home_visit')! / total).toBeGreaterThan(0.15);
    for (const m of ['office_visit', 'video', 'collateral']) expect(modes.get(m)! / total, m).toBeGreaterThan(0.04);
  });

  test('goals resolve in all four ways; referrals mostly start within 30 days', () => {
    const statuses = new Set(data.rows('goals.csv').map((g) => g.status));
    for (const s of ['open', 'met', 'partially_met', 'not_met', 'withdrawn']) expect(statuses.has(s), s).toBe(true);
    const days = data
      .rows('referrals.csv')
      .filter((r) => r.started_on)
      .map((r) => day(r.started_on!) - day(r.referred_on!));
    expect(days.filter((d) => d <= 30).length / days.length).toBeGreaterThan(0.75);
  });

  test('surveys: 55–65% respond, 80–90% top-2 box', () => {
    const linked = new Set(data.rows('survey_responses.csv').map((r) => r.invitation_id));
    const settled = data.rows('survey_invitations.csv').filter((i) => day(i.sent_on!) <= AS_OF_DAY - 90);
    const rate = settled.filter((i) => linked.has(i.invitation_id)).length / settled.length;
    expect(rate).toBeGreaterThanOrEqual(0.55);
    expect(rate).toBeLessThanOrEqual(0.65);
    const answers = data
      .rows('survey_responses.csv')
      .flatMap((r) => ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'].map((q) => r[q]!).filter((v) => v !== ''));
    const top2 = answers.filter((v) => v === '4' || v === '5').length / answers.length;
    expect(top2).toBeGreaterThanOrEqual(0.8);
    expect(top2).toBeLessThanOrEqual(0.9);
    expect(data.rows('survey_responses.csv').some((r) => r.comment!.includes(','))).toBe(true);
    expect(data.rows('survey_responses.csv').some((r) => r.invitation_id === '')).toBe(true);
  });

  test('QA reviews mostly pass; some corrective actions, a few overdue', () => {
    const reviews = data.rows('qa_reviews.csv');
    expect(reviews.filter((r) => Number(r.score) >= 85).length / reviews.length).toBeGreaterThan(0.75);
    const actions = reviews.filter((r) => r.corrective_action);
    expect(actions.length / reviews.length).toBeGreaterThan(0.05);
    const overdue = actions.filter((r) => (!r.action_closed_on || r.action_closed_on > AS_OF) && r.action_due_on! < AS_OF);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBeLessThan(actions.length / 4);
  });

  test('load versus compliance: busier case managers meet contact standards less often', () => {
    const loads = data.loads(AS_OF_DAY);
    const points: [number, number][] = [];
    for (const s of data.rows('staff.csv').filter((x) => data.isCaseloadStaff(x))) {
      const mine = loads.get(s.staff_id!);
      if (!mine) continue;
      const clients = new Map(data.rows('clients.csv').map((c) => [c.client_id!, c]));
      const flags = mine.clients.map((id) => data.contactCompliant(clients.get(id)!, AS_OF_DAY)).filter((f) => f !== null);
      if (flags.length === 0) continue;
      points.push([data.loadRatio(s.staff_id!, loads), flags.filter(Boolean).length / flags.length]);
    }
    const n = points.length;
    const mx = points.reduce((a, p) => a + p[0], 0) / n;
    const my = points.reduce((a, p) => a + p[1], 0) / n;
    const slope = points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0) / points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
    expect(n).toBeGreaterThanOrEqual(20);
    expect(slope).toBeLessThan(0);
  });
});

describe('the stories a demo shows (scale s, seed 1)', () => {
  test('the overloaded team: every member over capacity on the as-of date and on most of the 90 days before', () => {
    const teamId = result.stories.overloadedTeam.teamId;
    const members = data.rows('staff.csv').filter((s) => s.team_id === teamId && data.isCaseloadStaff(s));
    expect(members.length).toBeGreaterThanOrEqual(4);
    expect(members.map((s) => s.staff_id).sort()).toEqual([...result.stories.overloadedTeam.memberStaffIds].sort());
    const onAsOf = data.loads(AS_OF_DAY);
    for (const s of members) expect(data.loadRatio(s.staff_id!, onAsOf), s.staff_id).toBeGreaterThan(1);
    const daysOver = new Map<string, number>();
    const ids = new Set(members.map((s) => s.staff_id!));
    for (let d = AS_OF_DAY - 89; d <= AS_OF_DAY; d++) {
      const loads = data.loads(d, ids);
      for (const s of members) if (data.loadRatio(s.staff_id!, loads) > 1) daysOver.set(s.staff_id!, (daysOver.get(s.staff_id!) ?? 0) + 1);
    }
    for (const s of members) expect(daysOver.get(s.staff_id!) ?? 0, s.staff_id).toBeGreaterThanOrEqual(60);
    // … and beyond: the team as a whole was over capacity a year ago too.
    const yearAgo = data.loads(AS_OF_DAY - 200);
    const hours = members.reduce((h, s) => h + (yearAgo.get(s.staff_id!)?.hours ?? 0), 0);
    const teamThen = data.rows('staff.csv').filter((s) => s.team_id === teamId && yearAgo.has(s.staff_id!) && data.isCaseloadStaff(s));
    const capacity = teamThen.reduce((c, s) => c + Number(s.caseload_fte) * 110, 0);
    expect(hours / capacity).toBeGreaterThan(1);
  });

  test("the overloaded team is loaded by acuity, not head count: about the agency's clients per FTE, heavier clients", () => {
    const { teamId, heavierSince } = result.stories.overloadedTeam;
    /** Clients, weighted hours, capacity and clients at tiers 3–4 of the caseload staff (of one team, or all). */
    const figures = (d: number, team: string | null) => {
      const loads = data.loads(d);
      let clients = 0;
      let hours = 0;
      let fte = 0;
      let heavy = 0;
      let assessed = 0;
      for (const s of data.rows('staff.csv')) {
        if (!data.isCaseloadStaff(s) || (team !== null && s.team_id !== team)) continue;
        fte += Number(s.caseload_fte);
        const mine = loads.get(s.staff_id!);
        if (!mine) continue;
        clients += mine.clients.length;
        hours += mine.hours;
        for (const id of mine.clients) {
          const t = data.tier(id, d);
          if (t === null) continue;
          assessed++;
          if (t >= 3) heavy++;
        }
      }
      return { hoursPerClient: hours / clients, clientsPerFte: clients / fte, heavyShare: heavy / assessed };
    };
    const team = figures(AS_OF_DAY, teamId);
    const agency = figures(AS_OF_DAY, null);
    // Acuity: clearly more hours per client than the agency, and a heavier tier mix.
    const acuityIndex = team.hoursPerClient / agency.hoursPerClient;
    expect(acuityIndex).toBeGreaterThanOrEqual(1.1);
    expect(team.hoursPerClient).toBeGreaterThanOrEqual(2.6);
    expect(team.heavyShare).toBeGreaterThanOrEqual(0.35);
    expect(team.heavyShare).toBeLessThanOrEqual(0.45);
    expect(agency.heavyShare).toBeGreaterThanOrEqual(0.26);
    expect(agency.heavyShare).toBeLessThanOrEqual(0.34);
    // Head count: within 10% of the agency's clients per full-time caseload.
    const headCountIndex = team.clientsPerFte / agency.clientsPerFte;
    expect(Math.abs(headCountIndex - 1)).toBeLessThanOrEqual(0.1);
    // Most of the excess load is acuity (team load ÷ agency load = acuity index × head-count index).
    expect(acuityIndex - 1).toBeGreaterThan(2 * Math.abs(headCountIndex - 1));
    // The clients grew heavier from `heavierSince` on: the day before, about the agency's hours per client.
    const before = day(heavierSince) - 1;
    const earlier = { team: figures(before, teamId), agency: figures(before, null) };
    expect(Math.abs(earlier.team.hoursPerClient / earlier.agency.hoursPerClient - 1)).toBeLessThan(0.05);
    expect(team.hoursPerClient - earlier.team.hoursPerClient).toBeGreaterThanOrEqual(0.25);
    expect(day(heavierSince)).toBeGreaterThan(day(result.stories.overloadedTeam.since));
  });

  test('a case manager on leave (caseload_fte 0) still holds clients: uncovered', () => {
    const leave = data.staff.get(result.stories.onLeave.staffId)!;
    expect(leave.role).toBe('case_manager');
    expect(data.isCaseloadStaff(leave)).toBe(false);
    const loads = data.loads(AS_OF_DAY);
    const uncovered = [...loads].filter(([id]) => !data.isCaseloadStaff(data.staff.get(id))).flatMap(([, l]) => l.clients);
    expect(uncovered.length).toBeGreaterThanOrEqual(10);
    expect(uncovered.sort()).toEqual(result.stories.onLeave.clientIds);
  });

  test('a handful of active clients have no case manager', () => {
    const unassigned = data
      .active(AS_OF_DAY)
      .filter((c) => data.holder(c.client_id!, AS_OF_DAY) === null)
      .map((c) => c.client_id!)
      .sort();
    expect(unassigned.length).toBeGreaterThanOrEqual(5);
    expect(unassigned.length).toBeLessThanOrEqual(10);
    expect(unassigned).toEqual(result.stories.unassignedClientIds);
  });

  test('the slow provider: median start well past 30 days and the most referrals pending over 30', () => {
    const slow = result.stories.slowProvider.providerId;
    const byProvider = new Map<string, { days: number[]; pending: number }>();
    for (const r of data.rows('referrals.csv')) {
      const e = byProvider.get(r.provider_id!) ?? { days: [], pending: 0 };
      if (r.started_on) e.days.push(day(r.started_on) - day(r.referred_on!));
      else if (day(r.referred_on!) <= AS_OF_DAY - 30) e.pending++;
      byProvider.set(r.provider_id!, e);
    }
    const s = byProvider.get(slow)!;
    expect(median(s.days)).toBeGreaterThanOrEqual(40);
    for (const [id, e] of byProvider) {
      if (id === slow) continue;
      expect(median(e.days), id).toBeLessThan(25);
      expect(e.pending, id).toBeLessThan(s.pending);
    }
    // q6 ("services meet my needs") is rated lower for it.
    const q6 = (match: (p: string) => boolean) => {
      const v = data
        .rows('survey_responses.csv')
        .filter((r) => r.provider_id && match(r.provider_id) && r.q6)
        .map((r) => Number(r.q6));
      return v.filter((x) => x >= 4).length / v.length;
    };
    expect(q6((p) => p === slow)).toBeLessThan(q6((p) => p !== slow) - 0.1);
  });

  test('the satisfaction dip: q1 top-2 falls for one team for three months, a corrective action follows, then recovery', () => {
    const { teamId, from, to, qaReviewIds } = result.stories.satisfactionDip;
    // "about 8–10 months before the as-of date": three calendar months 10, 9 and 8 months back
    expect(day(from)).toBeGreaterThanOrEqual(AS_OF_DAY - 340);
    expect(day(to)).toBeLessThanOrEqual(AS_OF_DAY - 210);
    const monthly = new Map<string, { n: number; top2: number }>();
    for (const r of data.rows('survey_responses.csv')) {
      if (!r.q1 || !r.staff_id || data.staff.get(r.staff_id)!.team_id !== teamId) continue;
      const m = r.received_on!.slice(0, 7);
      const e = monthly.get(m) ?? { n: 0, top2: 0 };
      e.n++;
      if (Number(r.q1) >= 4) e.top2++;
      monthly.set(m, e);
    }
    const pooled = (months: string[]) => {
      const es = months.map((m) => monthly.get(m) ?? { n: 0, top2: 0 });
      return es.reduce((a, e) => a + e.top2, 0) / es.reduce((a, e) => a + e.n, 0);
    };
    const month = (offset: number) => isoOf(day(`${from.slice(0, 7)}-15`) + offset * 30.44).slice(0, 7);
    const during = [month(0), month(1), month(2)];
    expect(during[2]).toBe(to.slice(0, 7));
    const before = [-6, -5, -4, -3, -2, -1].map(month);
    const after = [3, 4, 5, 6, 7, 8].map(month);
    for (const m of during) expect(monthly.get(m)!.top2 / monthly.get(m)!.n, m).toBeLessThan(0.7);
    expect(pooled(during)).toBeLessThan(pooled(before) - 0.25);
    expect(pooled(after)).toBeGreaterThan(pooled(during) + 0.25);
    expect(pooled(after)).toBeGreaterThan(0.75);

    const reviews = data.rows('qa_reviews.csv').filter((r) => qaReviewIds.includes(r.review_id!));
    expect(reviews).toHaveLength(qaReviewIds.length);
    for (const r of reviews) {
      expect(data.staff.get(r.staff_id!)!.team_id).toBe(teamId);
      expect(r.reviewed_on! >= from && r.reviewed_on! <= to).toBe(true);
      expect(Number(r.score)).toBeLessThan(85);
    }
    const action = reviews.find((r) => r.corrective_action!.startsWith('Audit every transferred case'));
    expect(action).toBeDefined();
    expect(action!.action_closed_on !== '' && action!.action_closed_on! <= action!.action_due_on!).toBe(true);
  });
});
