import { Readable } from 'node:stream';
import { createAgency, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IMPORT_FILES, type ImportSource, importDirectory, importSources } from '../src/index.ts';
import { FIXTURE, countRows, dump, fixture, importDir, removeImportDirs, withLines, withoutColumn } from './helpers.ts';

/** the import's today (agency-local): the latest birth year it accepts is this year */
const TODAY = '2026-06-30';
const YEAR = 2026;
const SAVE_AS = 'save it from the spreadsheet as "CSV UTF-8 (comma delimited)"';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const XLSX = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]);

/** Rows without agency_id, to compare two agencies' data. */
function withoutAgency(d: Record<string, unknown[]>) {
  return Object.fromEntries(Object.entries(d).map(([t, rows]) => [t, rows.map((r) => ({ ...(r as object), agency_id: undefined }))]));
}

function source(file: string, text: string): ImportSource {
  return { file, open: () => Readable.from([Buffer.from(text)]) };
}

/**
 * Every kind of bad input in domain.md. Each case is the fixture directory with the
 * given files replaced; the errors are exact.
 */
const badInput: Array<[string, Record<string, string | Buffer | null>, string[], 'only these files'?]> = [
  [
    'a wrong header',
    { 'programs.csv': 'id,title\nP-X,Other\n' },
    [
      'programs.csv: wrong header: the first line must name the columns; the columns are program_id, name, funder (any order; required: program_id, name); found "id,title"',
    ],
  ],
  [
    'an unknown column',
    {
      'staff.csv':
        'name,staff_id,role,caseload_fte,team_id,languages,region,active,nickname\n' +
        'Sam Supervisor,S-SUP1,supervisor,0.2,T-NORTH,en,North,,Sammy\n',
    },
    [
      'staff.csv: wrong header: unknown column "nickname"; the columns are staff_id, name, role, team_id, caseload_fte, languages, region, active (any order; required: staff_id, name, role, caseload_fte)',
    ],
  ],
  [
    'a misspelt column',
    { 'programs.csv': 'Program_ID,name,funder\nP-OAA,OAA Title III,\n' },
    [
      'programs.csv: wrong header: unknown column "Program_ID" (did you mean "program_id"?); missing required column "program_id"; the columns are program_id, name, funder (any order; required: program_id, name)',
    ],
  ],
  [
    'a column named twice',
    { 'programs.csv': 'program_id,name,name\nP-OAA,OAA Title III,OAA\n' },
    [
      'programs.csv: wrong header: column "name" appears twice; the columns are program_id, name, funder (any order; required: program_id, name)',
    ],
  ],
  [
    'a missing required column',
    { 'clients.csv': withoutColumn('clients.csv', 'enrolled_on') },
    [
      'clients.csv: wrong header: missing required column "enrolled_on"; the columns are client_id, program_id, birth_year, county, primary_language, region, enrolled_on, closed_on, closure_reason (any order; required: client_id, program_id, enrolled_on)',
    ],
  ],
  [
    'an empty file',
    { 'contacts.csv': '' },
    [
      'contacts.csv: the file is empty; expected a header row naming the columns contact_id, client_id, staff_id, occurred_on, mode, minutes',
    ],
  ],
  [
    'a file of only a byte-order mark and blank lines',
    { 'goals.csv': '\uFEFF\r\n\r\n' },
    ['goals.csv: the file is empty; expected a header row naming the columns goal_id, client_id, domain, set_on, status, resolved_on'],
  ],
  ['a binary file', { 'goals.csv': PNG }, ['goals.csv: is not a CSV text file: it holds binary data (NUL bytes)']],
  [
    'an Excel workbook',
    { 'clients.csv': XLSX },
    [`clients.csv: is a ZIP archive or an Excel workbook (.xlsx), not a CSV file; ${SAVE_AS}`],
  ],
  [
    'invalid UTF-8 (a Latin-1 export)',
    {
      'clients.csv': Buffer.concat([
        Buffer.from(fixture()['clients.csv'] as string),
        Buffer.from('C5,P-OAA,1945,'),
        Buffer.from([0x4d, 0xe9, 0x72, 0x69, 0x64, 0x61]),
        Buffer.from(',fr,North,2024-05-01,,\n'),
      ]),
    },
    [`clients.csv: is not valid UTF-8 text (line 6); ${SAVE_AS}`],
  ],
  [
    'an unterminated quote',
    { 'contacts.csv': withLines('contacts.csv', 'K7,C1,S-CM1,"2024-06-11,phone,5', 'K8,C1,S-CM1,2024-06-12,phone,5') },
    ['contacts.csv:8: occurred_on: a quoted field is never closed (the file ends inside it)'],
  ],
  [
    'a stray quote',
    { 'contacts.csv': withLines('contacts.csv', 'K7,C1,S-CM1,2024-06-11,phone,5"') },
    ['contacts.csv:8: minutes: a quote inside an unquoted field; quote the whole field and double the quote ("")'],
  ],
  [
    'a row with too few fields',
    { 'contacts.csv': withLines('contacts.csv', 'K7,C1,S-CM1,2024-06-11,phone') },
    ['contacts.csv:8: (row): has 5 fields; the header has 6'],
  ],
  [
    'an empty required cell',
    { 'contacts.csv': withLines('contacts.csv', 'K7,C1,,2024-06-11,phone,5') },
    ['contacts.csv:8: staff_id: is required'],
  ],
  [
    'a bad id',
    { 'programs.csv': withLines('programs.csv', 'P 3,Bad Program,') },
    ['programs.csv:4: program_id: "P 3" is not a valid id (1–64 characters of A-Z a-z 0-9 . _ : -)'],
  ],
  [
    'a date that is not on the calendar',
    { 'clients.csv': withLines('clients.csv', 'C5,P-OAA,1945,Kent,en,North,2023-02-30,,') },
    ['clients.csv:6: enrolled_on: "2023-02-30" is not a real calendar date'],
  ],
  [
    'a date in another format',
    { 'contacts.csv': withLines('contacts.csv', 'K7,C1,S-CM1,06/11/2024,phone,5') },
    ['contacts.csv:8: occurred_on: "06/11/2024" is not a date (expected YYYY-MM-DD)'],
  ],
  [
    'a bad enum',
    { 'contacts.csv': withLines('contacts.csv', 'K7,C1,S-CM1,2024-06-11,visit,20') },
    ['contacts.csv:8: mode: "visit" is not one of home_visit, office_visit, phone, video, collateral'],
  ],
  [
    'a bad closure reason',
    { 'clients.csv': withLines('clients.csv', 'C5,P-OAA,1945,Kent,en,North,2024-05-01,2024-06-01,died') },
    [
      'clients.csv:6: closure_reason: "died" is not one of goals_met, moved, deceased, nursing_facility, declined_services, transferred, ineligible, other',
    ],
  ],
  [
    'a bad role',
    { 'staff.csv': withLines('staff.csv', 'Lee New,S-NEW,manager,1,T-NORTH,en,North,true') },
    ['staff.csv:5: role: "manager" is not one of case_manager, supervisor, program_manager, director, other'],
  ],
  [
    'out-of-range assessment scores',
    { 'assessments.csv': withLines('assessments.csv', 'A5,C4,2024-08-01,reassessment,7,9,,,,,,5') },
    [
      'assessments.csv:6: adl_deficits: 7 is out of range (0–6)',
      'assessments.csv:6: iadl_deficits: 9 is out of range (0–8)',
      'assessments.csv:6: acuity_tier: 5 is out of range (1–4)',
    ],
  ],
  [
    'minutes over a day',
    { 'contacts.csv': withLines('contacts.csv', 'K7,C1,S-CM1,2024-06-11,phone,1441') },
    ['contacts.csv:8: minutes: 1441 is out of range (0–1440)'],
  ],
  [
    'a QA score over 100',
    { 'qa_reviews.csv': withLines('qa_reviews.csv', 'QA3,C4,S-CM2,S-SUP1,2024-07-01,100.5,,,,') },
    ['qa_reviews.csv:4: score: 100.5 is out of range (0–100)'],
  ],
  [
    'a survey item outside 1–5',
    { 'survey_responses.csv': withLines('survey_responses.csv', 'SR4,I3,P-WAIVER,S-CM2,,2024-05-30,4,4,6,4,0,4,4,4,') },
    ['survey_responses.csv:6: q3: 6 is out of range (1–5)', 'survey_responses.csv:6: q5: 0 is out of range (1–5)'],
  ],
  [
    'a birth year before 1900 or after this year',
    {
      'clients.csv': withLines(
        'clients.csv',
        'C5,P-OAA,1899,Kent,en,North,2024-05-01,,',
        `C6,P-OAA,${YEAR + 1},Kent,en,North,2024-05-01,,`,
      ),
    },
    [
      `clients.csv:6: birth_year: 1899 is out of range (1900–${YEAR})`,
      `clients.csv:7: birth_year: ${YEAR + 1} is out of range (1900–${YEAR})`,
    ],
  ],
  [
    'a non-integer',
    {
      'contacts.csv': withLines('contacts.csv', 'K7,C1,S-CM1,2024-06-11,phone,12.5'),
      'clients.csv': withLines('clients.csv', 'C5,P-OAA,nineteen,Kent,en,North,2024-05-01,,'),
    },
    ['clients.csv:6: birth_year: "nineteen" is not a number', 'contacts.csv:8: minutes: "12.5" is not a whole number'],
  ],
  [
    'a bad boolean',
    {
      'staff.csv': withLines('staff.csv', 'Lee New,S-NEW,case_manager,1,T-NORTH,en,North,yes'),
      'assessments.csv': withLines('assessments.csv', 'A5,C4,2024-08-01,reassessment,1,1,N,,,,,'),
    },
    ['staff.csv:5: active: "yes" is not true or false', 'assessments.csv:6: cognitive_impairment: "N" is not true or false'],
  ],
  [
    'a bad language code',
    {
      'staff.csv': withLines('staff.csv', 'Lee New,S-NEW,case_manager,1,T-NORTH,en;spa,North,true'),
      'clients.csv': withLines('clients.csv', 'C5,P-OAA,1945,Kent,EN,North,2024-05-01,,'),
    },
    [
      'staff.csv:5: languages: "spa" is not an ISO 639-1 language code (two lowercase letters, such as en or es)',
      'clients.csv:6: primary_language: "EN" is not an ISO 639-1 language code (two lowercase letters, such as en or es)',
    ],
  ],
  [
    'caseload_fte 1.5',
    { 'staff.csv': withLines('staff.csv', 'Lee New,S-NEW,case_manager,1.5,T-NORTH,en,North,true') },
    ['staff.csv:5: caseload_fte: 1.5 is out of range (0–1)'],
  ],
  [
    'closed_on before enrolled_on',
    { 'clients.csv': withLines('clients.csv', 'C5,P-OAA,1945,Kent,en,North,2024-02-01,2024-01-31,moved') },
    ['clients.csv:6: closed_on: 2024-01-31 is before enrolled_on 2024-02-01'],
  ],
  [
    'end_on not after start_on',
    { 'assignments.csv': withLines('assignments.csv', 'C4,S-CM1,2024-05-01,2024-05-01', 'C4,S-CM1,2024-07-01,2024-06-30') },
    [
      'assignments.csv:7: end_on: 2024-05-01 is not after start_on 2024-05-01',
      'assignments.csv:8: end_on: 2024-06-30 is not after start_on 2024-07-01',
    ],
  ],
  [
    'overlapping assignments in the file',
    { 'assignments.csv': withLines('assignments.csv', 'C3,S-CM1,2024-05-01,2024-07-01') },
    ['assignments.csv:7: start_on: overlaps the assignment of client "C3" from 2024-03-10 (open-ended) (line 5)'],
  ],
  [
    'overlapping assignments against the database',
    { 'assignments.csv': 'client_id,staff_id,start_on,end_on\nC1,S-CM1,2024-03-01,2024-04-01\n' },
    ['assignments.csv:2: start_on: overlaps the assignment of client "C1" from 2024-01-15 to 2024-06-01 (already in the database)'],
    'only these files',
  ],
  [
    'a met goal without resolved_on, a goal resolved before it was set',
    { 'goals.csv': withLines('goals.csv', 'G5,C4,,2024-05-01,met,', 'G6,C4,,2024-05-01,not_met,2024-04-30') },
    ['goals.csv:6: resolved_on: is required when status is met', 'goals.csv:7: resolved_on: 2024-04-30 is before set_on 2024-05-01'],
  ],
  [
    'started_on before referred_on',
    { 'referrals.csv': withLines('referrals.csv', 'R4,C3,PR-MEALS,meals,2024-03-16,2024-03-01') },
    ['referrals.csv:5: started_on: 2024-03-01 is before referred_on 2024-03-16'],
  ],
  [
    'a survey response with no items',
    { 'survey_responses.csv': withLines('survey_responses.csv', 'SR4,I3,P-WAIVER,S-CM2,,2024-05-30,,,,,,,,,Nothing to add') },
    ['survey_responses.csv:6: q1-q8: no survey item is answered (at least one of q1–q8 is required)'],
  ],
  [
    'a corrective action without a due date',
    { 'qa_reviews.csv': withLines('qa_reviews.csv', 'QA3,C4,S-CM2,S-SUP1,2024-07-01,60,Late contact,Call weekly,,') },
    ['qa_reviews.csv:4: action_due_on: is required when corrective_action is set'],
  ],
  [
    'missing references (and a new program that must not be written)',
    {
      'programs.csv': withLines('programs.csv', 'P-NEW,New Program,'),
      'teams.csv': withLines('teams.csv', 'T-EAST,East Team,S-NOPE'),
      'staff.csv': withLines('staff.csv', 'Lee New,S-NEW,case_manager,1,T-NOPE,en,North,true'),
      'contacts.csv': withLines('contacts.csv', 'K7,C9,S-CM1,2024-06-11,phone,5'),
      'referrals.csv': withLines('referrals.csv', 'R4,C3,PR-NOPE,meals,2024-03-16,'),
      'survey_responses.csv': withLines('survey_responses.csv', 'SR4,I9,P-OAA,,,2024-05-30,4,,,,,,,,'),
    },
    [
      'teams.csv:4: supervisor_staff_id: no staff member "S-NOPE" in staff.csv or the database',
      'staff.csv:5: team_id: no team "T-NOPE" in teams.csv or the database',
      'contacts.csv:8: client_id: no client "C9" in clients.csv or the database',
      'referrals.csv:5: provider_id: no provider "PR-NOPE" in providers.csv or the database',
      'survey_responses.csv:6: invitation_id: no survey invitation "I9" in survey_invitations.csv or the database',
    ],
  ],
  [
    'several errors on one row, listed in column order',
    { 'contacts.csv': withLines('contacts.csv', 'K7,C9,S-CM1,2024-06-31,visit,5') },
    [
      'contacts.csv:8: client_id: no client "C9" in clients.csv or the database',
      'contacts.csv:8: occurred_on: "2024-06-31" is not a real calendar date',
      'contacts.csv:8: mode: "visit" is not one of home_visit, office_visit, phone, video, collateral',
    ],
  ],
  [
    'duplicate keys in a file',
    {
      'contacts.csv': withLines('contacts.csv', 'K1,C1,S-CM1,2024-06-11,phone,5'),
      'assignments.csv': withLines('assignments.csv', 'C1,S-CM2,2024-01-15,'),
    },
    [
      'assignments.csv:7: start_on: duplicate key client_id "C1", start_on "2024-01-15" (first on line 2)',
      'contacts.csv:8: contact_id: duplicate contact_id "K1" (first on line 2)',
    ],
  ],
  [
    'an error after multi-line quoted fields (physical line numbers)',
    {
      'survey_responses.csv':
        'response_id,invitation_id,program_id,staff_id,provider_id,received_on,q1,q2,q3,q4,q5,q6,q7,q8,comment\n' +
        'SR1,I1,P-OAA,S-CM1,PR-MEALS,2024-05-20,5,5,4,5,4,5,5,5,"one\ntwo, ""three""\nfour"\n' +
        'SR2,I2,P-WAIVER,S-CM2,,2024-05-25,3,,,,,2,,,"windows\r\nline"\r\n' +
        'SR3,,P-OAA,,,2024-06-01,4,4,9,4,4,4,4,4,\n',
    },
    ['survey_responses.csv:7: q3: 9 is out of range (1–5)'],
  ],
];

describe.each(testDrivers())('import on %s', (driver) => {
  let h: DbHandle;
  const agency = (id: string) => createAgency(h.db, { agencyId: id, name: id, settings: {} });

  beforeAll(async () => {
    h = await createTestDb(driver);
    await agency('a1');
  });
  afterAll(async () => {
    await h?.close();
    removeImportDirs();
  });

  test('a clean import of the fixture loads every row, in reference order', async () => {
    const result = await importDirectory(h.db, FIXTURE, { agencyId: 'a1', today: TODAY, actor: { userId: 'u1', label: 'admin@agency' } });
    const expected = {
      programs: 2,
      teams: 2,
      providers: 2,
      staff: 3,
      clients: 4,
      assignments: 5,
      assessments: 4,
      contacts: 6,
      goals: 4,
      referrals: 3,
      survey_invitations: 3,
      survey_responses: 3,
      qa_reviews: 2,
    };
    expect(result).toEqual({
      ok: true,
      files: Object.entries(expected).map(([table, rows]) => ({
        file: `${table}.csv`,
        rows,
        inserted: rows,
        updated: 0,
        unchanged: 0,
      })),
      totalRows: 43,
    });
    expect(await countRows(h.db, 'a1')).toEqual(expected);

    // The team's supervisor is a staff row imported after teams.csv in the same run.
    const team = await h.db.selectFrom('teams').selectAll().where('team_id', '=', 'T-NORTH').executeTakeFirstOrThrow();
    expect(team.supervisor_staff_id).toBe('S-SUP1');
    const staff = await h.db.selectFrom('staff').select(['staff_id', 'languages', 'active', 'caseload_fte']).orderBy('staff_id').execute();
    expect(staff).toEqual([
      { staff_id: 'S-CM1', languages: ['en', 'es'], active: true, caseload_fte: 1 },
      { staff_id: 'S-CM2', languages: [], active: false, caseload_fte: 0.5 },
      { staff_id: 'S-SUP1', languages: ['en'], active: true, caseload_fte: 0.2 },
    ]);
    const provider = await h.db
      .selectFrom('providers')
      .select('service_types')
      .where('provider_id', '=', 'PR-HOME')
      .executeTakeFirstOrThrow();
    expect(provider.service_types).toEqual(['personal_care', 'homemaker']);
    const program = await h.db.selectFrom('programs').select('name').where('program_id', '=', 'P-WAIVER').executeTakeFirstOrThrow();
    expect(program.name).toBe('Medicaid Waiver, Aged and Disabled');
    const responses = await h.db
      .selectFrom('survey_responses')
      .select(['response_id', 'q2', 'q6', 'comment'])
      .orderBy('response_id')
      .execute();
    expect(responses).toEqual([
      { response_id: 'SR1', q2: 5, q6: 5, comment: 'Casey is great, she "really" listens.\nThe meals arrive on time.' },
      { response_id: 'SR2', q2: null, q6: 2, comment: null },
      { response_id: 'SR3', q2: 4, q6: 4, comment: null },
    ]);
    const client = await h.db.selectFrom('clients').selectAll().where('client_id', '=', 'C2').executeTakeFirstOrThrow();
    expect(client).toMatchObject({ birth_year: 1938, enrolled_on: '2024-02-01', closed_on: '2024-09-30', closure_reason: 'moved' });

    const audit = await sql<{ user_id: string | null; actor: string; action: string; details: { files: unknown[]; totalRows: number } }>`
      select user_id, actor, action, details from audit_log where agency_id = 'a1'`.execute(h.db);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ user_id: 'u1', actor: 'admin@agency', action: 'import' });
    expect(audit.rows[0]?.details.totalRows).toBe(43);
    expect(audit.rows[0]?.details.files).toContainEqual({ file: 'contacts.csv', rows: 6, inserted: 6, updated: 0, unchanged: 0 });
  });

  test('importing the same files again changes nothing', async () => {
    const before = await dump(h.db, 'a1', false);
    const result = await importDirectory(h.db, FIXTURE, { agencyId: 'a1', today: TODAY });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    for (const f of result.files) expect(f).toEqual({ file: f.file, rows: f.rows, inserted: 0, updated: 0, unchanged: f.rows });
    expect(await dump(h.db, 'a1', false)).toEqual(before);
  });

  test('CRLF line endings and a byte-order mark read the same as the LF files', async () => {
    const before = await dump(h.db, 'a1', false);
    const files = Object.fromEntries(Object.entries(fixture()).map(([name, text]) => [name, `\uFEFF${text.replace(/\n/g, '\r\n')}`]));
    const result = await importDirectory(h.db, importDir(files), { agencyId: 'a1', today: TODAY });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.totalRows).toBe(43);
    for (const f of result.files) expect(f.unchanged).toBe(f.rows);
    expect(await dump(h.db, 'a1', false)).toEqual(before);
  });

  describe('bad input: one clear error each, and nothing changes', () => {
    test.each(badInput)('%s', async (_name, files, errors, only) => {
      const before = await dump(h.db, 'a1');
      const result = await importDirectory(h.db, importDir(files, !only), { agencyId: 'a1', today: TODAY });
      expect(result).toEqual({ ok: false, errors, errorCount: errors.length });
      expect(await dump(h.db, 'a1')).toEqual(before);
    });

    test('errors past the cap are counted, not listed', async () => {
      const before = await dump(h.db, 'a1');
      const lines = Array.from({ length: 250 }, (_, i) => `KX${i},C1,S-CM1,2024-06-11,visit,5`);
      const dir = importDir({ 'contacts.csv': withLines('contacts.csv', ...lines) });
      const error = (line: number) =>
        `contacts.csv:${line}: mode: "visit" is not one of home_visit, office_visit, phone, video, collateral`;

      const capped = await importDirectory(h.db, dir, { agencyId: 'a1', today: TODAY });
      expect(capped).toEqual({ ok: false, errors: Array.from({ length: 200 }, (_, i) => error(8 + i)), errorCount: 250 });
      const three = await importDirectory(h.db, dir, { agencyId: 'a1', today: TODAY, maxErrors: 3 });
      expect(three).toEqual({ ok: false, errors: [error(8), error(9), error(10)], errorCount: 250 });
      expect(await dump(h.db, 'a1')).toEqual(before);
    });

    test('errors in several files come back in import order', async () => {
      const result = await importDirectory(
        h.db,
        importDir({
          'qa_reviews.csv': withLines('qa_reviews.csv', 'QA3,C4,S-CM2,S-SUP1,2024-07-01,60,,Call weekly,,'),
          'contacts.csv': '',
          'programs.csv': withLines('programs.csv', 'P 3,Bad,'),
        }),
        { agencyId: 'a1', today: TODAY },
      );
      expect(result).toEqual({
        ok: false,
        errors: [
          'programs.csv:4: program_id: "P 3" is not a valid id (1–64 characters of A-Z a-z 0-9 . _ : -)',
          'contacts.csv: the file is empty; expected a header row naming the columns contact_id, client_id, staff_id, occurred_on, mode, minutes',
          'qa_reviews.csv:4: action_due_on: is required when corrective_action is set',
        ],
        errorCount: 3,
      });
    });

    test('a file that fails while being read is a clear error, and nothing changes', async () => {
      const before = await dump(h.db, 'a1');
      const failing: ImportSource = {
        file: 'contacts.csv',
        open: () =>
          (async function* () {
            yield Buffer.from('contact_id,client_id,staff_id,occurred_on,mode,minutes\nK8,C1,S-CM1,2024-06-11,phone,5\n');
            throw new Error('connection to the file share was lost');
          })(),
      };
      const result = await importSources(h.db, [source('programs.csv', 'program_id,name\nP-NEW,New\n'), failing], {
        agencyId: 'a1',
        today: TODAY,
      });
      expect(result).toEqual({
        ok: false,
        errors: ['contacts.csv: the file could not be read (connection to the file share was lost)'],
        errorCount: 1,
      });
      expect(await dump(h.db, 'a1')).toEqual(before);
    });

    test('an unknown agency is one clear error', async () => {
      expect(await importDirectory(h.db, FIXTURE, { agencyId: 'nope', today: TODAY })).toEqual({
        ok: false,
        errors: ['agency "nope" does not exist'],
        errorCount: 1,
      });
    });

    test('a directory that does not exist, or holds no import files', async () => {
      expect(await importDirectory(h.db, '/no/such/dir', { agencyId: 'a1', today: TODAY })).toEqual({
        ok: false,
        errors: ['/no/such/dir: no such directory'],
        errorCount: 1,
      });
      const dir = importDir({ 'notes.txt': 'hello', 'contact.csv': 'contact_id\n' }, false);
      expect(await importDirectory(h.db, dir, { agencyId: 'a1', today: TODAY })).toEqual({
        ok: false,
        errors: [`${dir}: no import files found; expected one or more of ${IMPORT_FILES.join(', ')}`],
        errorCount: 1,
        ignored: ['contact.csv'],
      });
    });
  });

  describe('updates', () => {
    test('a changed row is updated, an unknown CSV file is ignored and reported', async () => {
      await agency('u1');
      await importDirectory(h.db, FIXTURE, { agencyId: 'u1', today: TODAY });
      const dir = importDir({
        'programs.csv':
          'program_id,name,funder\nP-OAA,OAA Title III-B,Older Americans Act\nP-WAIVER,"Medicaid Waiver, Aged and Disabled",Medicaid\n',
        'contact.csv': 'not,imported\n',
        'README.txt': 'not a CSV',
      });
      const result = await importDirectory(h.db, dir, { agencyId: 'u1', today: TODAY });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.ignored).toEqual(['contact.csv']);
      expect(result.files[0]).toEqual({ file: 'programs.csv', rows: 2, inserted: 0, updated: 1, unchanged: 1 });
      const p = await h.db
        .selectFrom('programs')
        .select('name')
        .where('agency_id', '=', 'u1')
        .where('program_id', '=', 'P-OAA')
        .executeTakeFirstOrThrow();
      expect(p.name).toBe('OAA Title III-B');
    });

    test('references may point at rows already in the database; an absent optional column means empty cells', async () => {
      await agency('u2');
      await importDirectory(h.db, FIXTURE, { agencyId: 'u2', today: TODAY });
      const result = await importSources(
        h.db,
        [
          source('contacts.csv', 'contact_id,client_id,staff_id,occurred_on,mode\nK9,C2,S-CM2,2024-03-01,phone\n'),
          source('clients.csv', withoutColumn('clients.csv', 'closure_reason')),
        ],
        { agencyId: 'u2', today: TODAY },
      );
      expect(result).toEqual({
        ok: true,
        files: [
          { file: 'clients.csv', rows: 4, inserted: 0, updated: 1, unchanged: 3 },
          { file: 'contacts.csv', rows: 1, inserted: 1, updated: 0, unchanged: 0 },
        ],
        totalRows: 5,
      });
      const c2 = await h.db
        .selectFrom('clients')
        .select(['closed_on', 'closure_reason'])
        .where('agency_id', '=', 'u2')
        .where('client_id', '=', 'C2')
        .executeTakeFirstOrThrow();
      expect(c2).toEqual({ closed_on: '2024-09-30', closure_reason: null });
      const k9 = await h.db
        .selectFrom('contacts')
        .select(['minutes', 'mode'])
        .where('agency_id', '=', 'u2')
        .where('contact_id', '=', 'K9')
        .executeTakeFirstOrThrow();
      expect(k9).toEqual({ minutes: null, mode: 'phone' });
    });

    test('an assignment re-imported with a new end date replaces the old row rather than overlapping it', async () => {
      await agency('u3');
      await importDirectory(h.db, FIXTURE, { agencyId: 'u3', today: TODAY });
      const assignments = (...rows: string[]) => source('assignments.csv', `client_id,staff_id,start_on,end_on\n${rows.join('\n')}\n`);
      // C1 is held 2024-01-15..2024-06-01 by S-CM1, then from 2024-06-01 by S-CM2.
      expect(await importSources(h.db, [assignments('C1,S-CM1,2024-01-15,2024-05-01')], { agencyId: 'u3', today: TODAY })).toEqual({
        ok: true,
        files: [{ file: 'assignments.csv', rows: 1, inserted: 0, updated: 1, unchanged: 0 }],
        totalRows: 1,
      });
      expect(await importSources(h.db, [assignments('C1,S-CM2,2024-05-01,2024-06-01')], { agencyId: 'u3', today: TODAY })).toEqual({
        ok: true,
        files: [{ file: 'assignments.csv', rows: 1, inserted: 1, updated: 0, unchanged: 0 }],
        totalRows: 1,
      });
      expect(await importSources(h.db, [assignments('C1,S-CM2,2024-05-01,2024-07-01')], { agencyId: 'u3', today: TODAY })).toEqual({
        ok: false,
        errors: [
          'assignments.csv:2: start_on: overlaps the assignment of client "C1" from 2024-06-01 (open-ended) (already in the database)',
        ],
        errorCount: 1,
      });
      const rows = await h.db
        .selectFrom('assignments')
        .select(['staff_id', 'start_on', 'end_on'])
        .where('agency_id', '=', 'u3')
        .where('client_id', '=', 'C1')
        .orderBy('start_on')
        .execute();
      expect(rows).toEqual([
        { staff_id: 'S-CM1', start_on: '2024-01-15', end_on: '2024-05-01' },
        { staff_id: 'S-CM2', start_on: '2024-05-01', end_on: '2024-06-01' },
        { staff_id: 'S-CM2', start_on: '2024-06-01', end_on: null },
      ]);
    });

    test('a file given twice is an error; an unknown source name is ignored', async () => {
      const p = 'program_id,name,funder\nP-OAA,OAA Title III,Older Americans Act\n';
      expect(await importSources(h.db, [source('programs.csv', p), source('programs.csv', p)], { agencyId: 'a1', today: TODAY })).toEqual({
        ok: false,
        errors: ['programs.csv: given more than once'],
        errorCount: 1,
      });
      expect(await importSources(h.db, [source('people.csv', 'x\n')], { agencyId: 'a1', today: TODAY })).toEqual({
        ok: false,
        errors: [`nothing to import: expected one or more of ${IMPORT_FILES.join(', ')}`],
        errorCount: 1,
        ignored: ['people.csv'],
      });
    });

    test('progress is reported per file with bytes', async () => {
      const seen: Array<{ file: string; rows: number; bytes: number; totalBytes?: number }> = [];
      await importDirectory(h.db, FIXTURE, { agencyId: 'a1', today: TODAY, onProgress: (p) => seen.push(p) });
      const contacts = seen.filter((p) => p.file === 'contacts.csv').at(-1);
      const size = Buffer.byteLength(fixture()['contacts.csv'] as string);
      expect(contacts).toEqual({ file: 'contacts.csv', rows: 6, bytes: size, totalBytes: size });
    });
  });

  test('two concurrent imports into one agency are serialized and end as if run one after the other', async () => {
    await agency('c1');
    await agency('c2');
    const programsA = 'program_id,name,funder\nP-A,Program A,Title III\n';
    const programsB = 'program_id,name,funder\nP-A,Program A (renamed),Title III\nP-B,Program B,\n';
    const clientsB = 'client_id,program_id,enrolled_on\nCB1,P-A,2024-01-01\nCB2,P-B,2024-01-02\n';
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let opened!: () => void;
    const aOpen = new Promise<void>((r) => {
      opened = r;
    });
    // A stops mid-file until released; B's clients refer to A's program, so B only
    // succeeds if it starts after A has committed.
    const slowA: ImportSource = {
      file: 'programs.csv',
      open: () =>
        (async function* () {
          events.push('A open');
          opened();
          yield Buffer.from(programsA.slice(0, 30));
          await gate;
          yield Buffer.from(programsA.slice(30));
          events.push('A read');
        })(),
    };
    const logged = (s: ImportSource): ImportSource => ({
      file: s.file,
      open: () => {
        events.push(`B open ${s.file}`);
        return s.open();
      },
    });
    const a = importSources(h.db, [slowA], { agencyId: 'c1', today: TODAY });
    await aOpen;
    const b = importSources(h.db, [logged(source('programs.csv', programsB)), logged(source('clients.csv', clientsB))], {
      agencyId: 'c1',
      today: TODAY,
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(events).toEqual(['A open']);
    release();
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.ok).toBe(true);
    expect(rb).toMatchObject({ ok: true, totalRows: 4 });
    expect(events).toEqual(['A open', 'A read', 'B open programs.csv', 'B open clients.csv']);

    expect((await importSources(h.db, [source('programs.csv', programsA)], { agencyId: 'c2', today: TODAY })).ok).toBe(true);
    expect(
      (await importSources(h.db, [source('programs.csv', programsB), source('clients.csv', clientsB)], { agencyId: 'c2', today: TODAY }))
        .ok,
    ).toBe(true);
    expect(withoutAgency(await dump(h.db, 'c1', false))).toEqual(withoutAgency(await dump(h.db, 'c2', false)));
  });
});
