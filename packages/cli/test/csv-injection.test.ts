import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createAgency, migrateToLatest } from '@caseload/db';
import { defaultSettings } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCapturing } from './cli.ts';

/**
 * Every CSV the command line writes goes through the one writer (@caseload/values), so a
 * value a spreadsheet would run as a formula leaves inert whatever report carries it.
 * The importer refuses such ids; these rows are written straight into the database, so
 * the writer is shown to be the last line of defence on its own. Each team, staff member
 * and program id starts with one of = + - @ tab CR.
 */
const STARTS = ['=', '+', '-', '@', '\t', '\r'] as const;
const hostile = (start: string, what: string) => `${start}${what}`;
const D = '2025-06-30';
let dir: string;

function cli(...argv: string[]) {
  return runCapturing({ DATA_DIR: dir }, argv);
}

/** RFC 4180 records: quoted fields may hold commas, quotes and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  expect(field).toBe('');
  expect(record).toEqual([]);
  return records;
}

/** The cells that carry one of the hostile ids, and whether any cell starts as a formula would. */
function inspect(csv: string, ids: readonly string[]) {
  const cells = parseCsv(csv).flat();
  return {
    carried: ids.filter((id) => cells.includes(`'${id}`)),
    live: cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !isNumber(c)),
  };
}

const teamIds = STARTS.map((s) => hostile(s, 'team'));
const staffIds = STARTS.map((s) => hostile(s, 'staff'));
const programIds = STARTS.map((s) => hostile(s, 'program'));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cm-csv-injection-'));
  const h = await connect({ dataDir: dir });
  try {
    await migrateToLatest(h.db);
    await createAgency(h.db, { agencyId: 'ag', name: 'Agency', settings: defaultSettings });
    await h.db
      .insertInto('programs')
      .values(programIds.map((program_id) => ({ agency_id: 'ag', program_id, name: program_id })))
      .execute();
    await h.db
      .insertInto('teams')
      .values(teamIds.map((team_id) => ({ agency_id: 'ag', team_id, name: team_id })))
      .execute();
    await h.db
      .insertInto('staff')
      .values(
        staffIds.map((staff_id, i) => ({
          agency_id: 'ag',
          staff_id,
          name: staff_id,
          role: 'case_manager' as const,
          team_id: teamIds[i]!,
          caseload_fte: 1,
          languages: ['en'],
        })),
      )
      .execute();
    const clients = STARTS.map((_, i) => `c${i}`);
    await h.db
      .insertInto('clients')
      .values(clients.map((client_id, i) => ({ agency_id: 'ag', client_id, program_id: programIds[i]!, enrolled_on: '2024-01-01' })))
      .execute();
    await h.db
      .insertInto('assignments')
      .values(clients.map((client_id, i) => ({ agency_id: 'ag', client_id, staff_id: staffIds[i]!, start_on: '2024-01-01' })))
      .execute();
    await h.db
      .insertInto('assessments')
      .values(
        clients.map((client_id) => ({
          agency_id: 'ag',
          assessment_id: `A${client_id}`,
          client_id,
          assessed_on: '2025-06-01',
          kind: 'initial' as const,
          acuity_tier: 2,
        })),
      )
      .execute();
    await h.db
      .insertInto('survey_responses')
      .values(
        STARTS.map((_, i) => ({
          agency_id: 'ag',
          response_id: `r${i}`,
          program_id: programIds[i]!,
          staff_id: staffIds[i]!,
          received_on: '2025-06-15',
          q1: 4,
        })),
      )
      .execute();
  } finally {
    await h.close();
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('every CSV of the command line neutralises values that start as a formula', () => {
  test.each([
    ['caseload (one row per staff member)', ['report', 'caseload', '--as-of', D], [...staffIds, ...teamIds]],
    ['compliance (teams and staff)', ['report', 'compliance', '--as-of', D], [...staffIds, ...teamIds]],
    [
      'feedback, a Standard 8 report (programs, teams, staff)',
      ['report', 'feedback', '--from', '2025-06-01', '--to', D],
      [...programIds, ...teamIds, ...staffIds],
    ],
  ])('%s', async (_, argv, ids) => {
    const r = await cli(...argv, '--agency', 'ag', '--format', 'csv');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\r\n')).toBe(true);
    const { carried, live } = inspect(r.stdout, ids);
    expect(live).toEqual([]);
    expect(carried).toEqual(ids);
  });
});

/** A number (negative ones start with '-') is data, never a formula, and is written as it is. */
function isNumber(cell: string): boolean {
  return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/.test(cell);
}
