import { createAgency, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkProfile, importDirectory, type MappingProfile, parseDate, suggestMapping } from '../src/index.ts';
import {
  CASEWORKS,
  CLIENTTRACK_ACTIVITIES,
  CLIENTTRACK_CLIENTS,
  caseWorksProfile,
  caseWorksWorkbook,
  clientTrackActivities,
  clientTrackClients,
  clientTrackProfile,
} from './exports.ts';
import { dump, FIXTURE, importDir, removeImportDirs } from './helpers.ts';

const TODAY = '2025-06-30';

describe('dates in the formats a profile names', () => {
  test.each([
    ['03/15/2025', 'MM/DD/YYYY', '2025-03-15'],
    ['3/5/2025', 'MM/DD/YYYY', '2025-03-05'],
    ['15/03/2025', 'DD/MM/YYYY', '2025-03-15'],
    ['3/15/25', 'M/D/YY', '2025-03-15'],
    ['12/31/29', 'M/D/YY', '2029-12-31'],
    ['1/1/30', 'M/D/YY', '1930-01-01'],
    ['2025-03-15', 'YYYY-MM-DD', '2025-03-15'],
    ['45731', 'excel-serial', '2025-03-15'],
    ['61', 'excel-serial', '1900-03-01'],
    ['02/29/2024', 'MM/DD/YYYY', '2024-02-29'],
  ] as const)('%s as %s is %s', (raw, format, expected) => {
    expect(parseDate(raw, format)).toBe(expected);
  });

  test.each([
    ['2025-03-15', 'MM/DD/YYYY', '"2025-03-15" is not a date in the format MM/DD/YYYY'],
    ['03/15/25', 'MM/DD/YYYY', '"03/15/25" is not a date in the format MM/DD/YYYY'],
    ['15/03/2025', 'MM/DD/YYYY', '"15/03/2025" is not a real calendar date'],
    ['02/29/2025', 'MM/DD/YYYY', '"02/29/2025" is not a real calendar date'],
    ['60', 'excel-serial', '60 is not an Excel serial day after 1900-03-01'],
    ['45731.5', 'excel-serial', '45731.5 is not an Excel serial day after 1900-03-01'],
  ] as const)('%s as %s is refused', (raw, format, message) => {
    expect(parseDate(raw, format)).toEqual({ error: message });
  });
});

describe('profiles are checked before use', () => {
  test('the two invented profiles are valid', () => {
    expect(checkProfile(clientTrackProfile)).toEqual({ ok: true, profile: clientTrackProfile });
    expect(checkProfile(caseWorksProfile)).toEqual({ ok: true, profile: caseWorksProfile });
  });

  test('every problem is named by its place in the profile', () => {
    const bad = {
      name: 'broken',
      files: {
        'contacts.csv': {
          source: 'Activities.txt',
          sheet: 'A',
          columns: {
            contact_id: 'Activity ID',
            client_id: 'Client #',
            occurred_on: { column: 'Date', dateFormat: 'MM/DD/YYYY' },
            mode: { column: 'Type', values: { 'Home Visit': 'house_call' } },
            colour: 'Colour',
          },
        },
        'visits.csv': { source: 'v.csv', columns: {} },
      },
    };
    expect(checkProfile(bad)).toEqual({
      ok: false,
      errors: [
        'files.contacts.csv.source: must name a .csv or .xlsx file (or a glob ending so)',
        'files.contacts.csv.sheet: a sheet is only for .xlsx workbooks',
        'files.contacts.csv.columns.mode.values: "Home Visit" maps to "house_call", which mode does not accept',
        'files.contacts.csv.columns.colour: contacts.csv has no column "colour"',
        'files.contacts.csv.columns.staff_id: required, but the profile gives no source column or constant',
        'files.visits.csv: not an import file (those are programs.csv, teams.csv, providers.csv, staff.csv, staff_periods.csv, capacity_reductions.csv, workload_items.csv, clients.csv, assignments.csv, assessments.csv, contacts.csv, goals.csv, referrals.csv, survey_invitations.csv, survey_responses.csv, qa_reviews.csv)',
      ],
    });
    expect(checkProfile({ name: 'x', files: {}, extra: 1 })).toEqual({ ok: false, errors: [expect.stringContaining('extra')] });
  });
});

describe('a mapping suggested from the source headers', () => {
  test('exact, then case-insensitive, then known synonyms; each source column used once', () => {
    const header = ['Activity ID', 'Client #', 'Worker ID', 'Activity Date', 'Activity Type', 'Duration (min)', 'STAFF_ID'];
    expect(suggestMapping('contacts.csv', header)).toEqual([
      { column: 'contact_id', required: true, source: 'Activity ID', how: 'synonym' },
      { column: 'client_id', required: true, source: 'Client #', how: 'synonym' },
      { column: 'staff_id', required: true, source: 'STAFF_ID', how: 'case-insensitive' },
      { column: 'occurred_on', required: true, source: 'Activity Date', how: 'synonym' },
      { column: 'mode', required: true, source: 'Activity Type', how: 'synonym' },
      { column: 'minutes', required: false, source: 'Duration (min)', how: 'synonym' },
    ]);
    expect(suggestMapping('programs.csv', ['program_id', 'Name'])).toEqual([
      { column: 'program_id', required: true, source: 'program_id', how: 'exact' },
      { column: 'name', required: true, source: 'Name', how: 'case-insensitive' },
      { column: 'funder', required: false, source: null, how: null },
    ]);
  });
});

describe.each(testDrivers())('importing an export through a profile on %s', (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
    for (const id of ['aaa', 'ds']) await createAgency(h.db, { agencyId: id, name: id, settings: {} });
    // ClientTrack's export refers to the programs and staff the agency already has
    const base = await importDirectory(h.db, FIXTURE, { agencyId: 'aaa', today: TODAY });
    expect(base.ok).toBe(true);
  });
  afterAll(async () => {
    await h?.close();
    removeImportDirs();
  });

  const clientTrackDir = (clients = clientTrackClients(), activities = clientTrackActivities()) =>
    importDir({ [CLIENTTRACK_CLIENTS]: clients, [CLIENTTRACK_ACTIVITIES]: activities, 'README.txt': 'nightly export' }, false);
  const importAaa = (dir: string, profile: MappingProfile = clientTrackProfile) =>
    importDirectory(h.db, dir, { agencyId: 'aaa', today: TODAY, profile, actor: { userId: null, label: 'test' } });

  test('bad input of every kind changes nothing and names the source file, line or row, and source column', async () => {
    const before = await dump(h.db, 'aaa');
    const cases: Array<[string, () => Promise<unknown>, string[]]> = [
      [
        'a wrong date format in one row',
        () => importAaa(clientTrackDir(undefined, clientTrackActivities(['ACT-4,AAA-1001,S-CM1,2025-03-18,Home Visit,20']))),
        [`${CLIENTTRACK_ACTIVITIES}:5: Activity Date: "2025-03-18" is not a date in the format MM/DD/YYYY`],
      ],
      [
        'an unmapped value',
        () => importAaa(clientTrackDir(undefined, clientTrackActivities(['ACT-4,AAA-1001,S-CM1,03/18/2025,Drive-by,5']))),
        [
          `${CLIENTTRACK_ACTIVITIES}:5: Activity Type: "Drive-by" is not in the profile's value map for mode (mapped: "Collateral", "Home Visit", "Office Visit", "Phone Call")`,
        ],
      ],
      [
        'a source column the export lacks',
        () => importAaa(clientTrackDir(clientTrackClients().replace('Enrollment Date', 'Enrolled'))),
        [
          `${CLIENTTRACK_CLIENTS}: no column "Enrollment Date" (the profile maps it to enrolled_on); the file's columns are "Client #", "Program", "YOB", "County", "Language", "Enrolled", "Close Date", "Close Reason", "Last Updated By"`,
        ],
      ],
      [
        'a reference and a rule, named by the source columns',
        () =>
          importAaa(
            clientTrackDir(
              clientTrackClients(['AAA-1004,OAA,1944,Kent,English,04/01/2025,03/01/2025,Deceased,jdoe']),
              clientTrackActivities(['ACT-4,AAA-9999,S-CM1,03/18/2025,Collateral,5']),
            ),
          ),
        [
          `${CLIENTTRACK_CLIENTS}:5: Close Date: 2025-03-01 is before enrolled_on 2025-04-01`,
          `${CLIENTTRACK_ACTIVITIES}:5: Client #: no client "AAA-9999" in clients.csv or the database`,
        ],
      ],
      [
        'a row with a field too many',
        () => importAaa(clientTrackDir(undefined, clientTrackActivities(['ACT-4,AAA-1001,S-CM1,03/18/2025,Collateral,5,extra']))),
        [`${CLIENTTRACK_ACTIVITIES}:5: (row): has 7 fields; the header has 6`],
      ],
      [
        'two files matching one source',
        () =>
          importAaa(importDir({ [CLIENTTRACK_CLIENTS]: clientTrackClients(), 'ClientTrack_Clients_old.csv': clientTrackClients() }, false)),
        [
          `clients.csv: the profile's source "ClientTrack_Clients_*.csv" matches several files (ClientTrack_Clients_20250316.csv, ClientTrack_Clients_old.csv); leave only one`,
        ],
      ],
    ];
    for (const [what, run, errors] of cases) {
      const result = await run();
      expect(result, what).toEqual({ ok: false, errors, errorCount: errors.length });
    }
    expect(await dump(h.db, 'aaa')).toEqual(before);
  });

  test('the ClientTrack export imports with its words and US dates, and a second time changes nothing', async () => {
    const first = await importAaa(clientTrackDir());
    expect(first).toEqual({
      ok: true,
      totalRows: 6,
      files: [
        { file: 'clients.csv', source: CLIENTTRACK_CLIENTS, rows: 3, inserted: 3, updated: 0, unchanged: 0 },
        { file: 'contacts.csv', source: CLIENTTRACK_ACTIVITIES, rows: 3, inserted: 3, updated: 0, unchanged: 0 },
      ],
    });
    const clients = await sql<Record<string, unknown>>`
      select client_id, program_id, birth_year, county, primary_language, to_char(enrolled_on, 'YYYY-MM-DD') as enrolled_on,
             to_char(closed_on, 'YYYY-MM-DD') as closed_on, closure_reason
        from clients where agency_id = 'aaa' and client_id like 'AAA-%' order by client_id`.execute(h.db);
    expect(clients.rows).toEqual([
      {
        client_id: 'AAA-1001',
        program_id: 'P-OAA',
        birth_year: 1941,
        county: 'Kent',
        primary_language: 'en',
        enrolled_on: '2025-03-15',
        closed_on: null,
        closure_reason: null,
      },
      {
        client_id: 'AAA-1002',
        program_id: 'P-WAIVER',
        birth_year: 1936,
        county: 'Kent',
        primary_language: 'es',
        enrolled_on: '2025-01-07',
        closed_on: '2025-03-01',
        closure_reason: 'moved',
      },
      {
        client_id: 'AAA-1003',
        program_id: 'P-OAA',
        birth_year: 1950,
        county: 'Ottawa',
        primary_language: 'en',
        enrolled_on: '2025-02-28',
        closed_on: null,
        closure_reason: null,
      },
    ]);
    const contacts = await sql<Record<string, unknown>>`
      select contact_id, client_id, staff_id, to_char(occurred_on, 'YYYY-MM-DD') as occurred_on, mode, minutes
        from contacts where agency_id = 'aaa' and contact_id like 'ACT-%' order by contact_id`.execute(h.db);
    expect(contacts.rows).toEqual([
      { contact_id: 'ACT-1', client_id: 'AAA-1001', staff_id: 'S-CM1', occurred_on: '2025-03-15', mode: 'home_visit', minutes: 45 },
      { contact_id: 'ACT-2', client_id: 'AAA-1001', staff_id: 'S-CM1', occurred_on: '2025-03-16', mode: 'phone', minutes: null },
      { contact_id: 'ACT-3', client_id: 'AAA-1003', staff_id: 'S-CM2', occurred_on: '2025-03-03', mode: 'office_visit', minutes: 30 },
    ]);
    const again = await importAaa(clientTrackDir());
    expect(again.ok && again.files.map((f) => [f.file, f.unchanged, f.inserted + f.updated])).toEqual([
      ['clients.csv', 3, 0],
      ['contacts.csv', 3, 0],
    ]);
  });

  describe('the CaseWorks workbook', () => {
    const importDs = async (workbook: Buffer, profile: MappingProfile = caseWorksProfile) =>
      importDirectory(h.db, importDir({ [CASEWORKS]: workbook }, false), { agencyId: 'ds', today: TODAY, profile });

    test('bad workbooks change nothing: an unknown sheet, a truncated file, a bad cell named by sheet and row', async () => {
      const before = await dump(h.db, 'ds');
      const good = await caseWorksWorkbook();
      const unknownSheet = await importDs(await caseWorksWorkbook({ contactsSheet: 'Case Notes' }));
      expect(unknownSheet).toEqual({
        ok: false,
        errorCount: 1,
        errors: [
          `${CASEWORKS}: the workbook has no sheet "Contacts"; its sheets are "Programs", "Service Coordinators", "Consumers", "Case Notes"`,
        ],
      });
      const truncated = await importDs(good.subarray(0, Math.floor(good.length * 0.7)));
      // each file the profile reads from the workbook says so (and nothing else is claimed)
      const cut = `${CASEWORKS}: cannot be read as an Excel workbook (.xlsx): the file is truncated, or it is not a workbook at all; export it again from the system, or save it from Excel as .xlsx`;
      expect(truncated).toEqual({ ok: false, errorCount: 4, errors: [cut, cut, cut, cut] });
      const badCells = await importDs(
        await caseWorksWorkbook({
          contacts: [
            ['N-4', '7700123', 501, new Date(Date.UTC(2025, 2, 21)), 'Drive-by', 5],
            ['N-5', '7700123', 777, '2025-03-22', 'Telephone', 2000],
          ],
        }),
      );
      expect(badCells).toEqual({
        ok: false,
        errorCount: 4,
        errors: [
          `${CASEWORKS}, sheet Contacts, row 5: Method: "Drive-by" is not in the profile's value map for mode (mapped: "F2F - Home", "F2F - Office", "Telephone", "Video Call")`,
          `${CASEWORKS}, sheet Contacts, row 6: Coordinator: no staff member "DS-777" in staff.csv or the database`,
          `${CASEWORKS}, sheet Contacts, row 6: Date of Service: "2025-03-22" is not a date in the format M/D/YY`,
          `${CASEWORKS}, sheet Contacts, row 6: Minutes: 2000 is out of range (0–1440)`,
        ],
      });
      expect(await dump(h.db, 'ds')).toEqual(before);
    });

    test('imports every sheet through the profile: typed date cells, M/D/YY text, Y/N, lists and the id prefix', async () => {
      const result = await importDs(await caseWorksWorkbook());
      expect(result).toEqual({
        ok: true,
        totalRows: 9,
        files: [
          { file: 'programs.csv', source: CASEWORKS, rows: 1, inserted: 1, updated: 0, unchanged: 0 },
          { file: 'staff.csv', source: CASEWORKS, rows: 3, inserted: 3, updated: 0, unchanged: 0 },
          { file: 'clients.csv', source: CASEWORKS, rows: 2, inserted: 2, updated: 0, unchanged: 0 },
          { file: 'contacts.csv', source: CASEWORKS, rows: 3, inserted: 3, updated: 0, unchanged: 0 },
        ],
      });
      const staff = await sql<Record<string, unknown>>`
        select staff_id, role, caseload_fte, languages, active from staff where agency_id = 'ds' order by staff_id`.execute(h.db);
      expect(staff.rows).toEqual([
        { staff_id: 'DS-501', role: 'case_manager', caseload_fte: 1, languages: ['en', 'es'], active: true },
        { staff_id: 'DS-502', role: 'case_manager', caseload_fte: 0.5, languages: ['en'], active: true },
        { staff_id: 'DS-509', role: 'supervisor', caseload_fte: 0.2, languages: [], active: false },
      ]);
      const clients = await sql<Record<string, unknown>>`
        select client_id, program_id, to_char(enrolled_on, 'YYYY-MM-DD') as enrolled_on, to_char(closed_on, 'YYYY-MM-DD') as closed_on
          from clients where agency_id = 'ds' order by client_id`.execute(h.db);
      expect(clients.rows).toEqual([
        { client_id: 'DS-7700123', program_id: 'DS-HCBS', enrolled_on: '2025-03-15', closed_on: null },
        { client_id: 'DS-7700456', program_id: 'DS-HCBS', enrolled_on: '2024-11-02', closed_on: '2025-02-01' },
      ]);
      const contacts = await sql<Record<string, unknown>>`
        select contact_id, client_id, staff_id, to_char(occurred_on, 'YYYY-MM-DD') as occurred_on, mode, minutes
          from contacts where agency_id = 'ds' order by contact_id`.execute(h.db);
      expect(contacts.rows).toEqual([
        { contact_id: 'DS-N-1', client_id: 'DS-7700123', staff_id: 'DS-501', occurred_on: '2025-03-17', mode: 'home_visit', minutes: 60 },
        { contact_id: 'DS-N-2', client_id: 'DS-7700123', staff_id: 'DS-502', occurred_on: '2025-03-20', mode: 'phone', minutes: 10 },
        { contact_id: 'DS-N-3', client_id: 'DS-7700456', staff_id: 'DS-501', occurred_on: '2025-01-08', mode: 'video', minutes: null },
      ]);
    });
  });
});
