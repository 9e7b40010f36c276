import { describe, expect, test } from 'vitest';
import { checkSelection, formatBytes, interpretUpload, unknownCsvFiles } from './upload.ts';

const f = (name: string, size = 10) => ({ name, size });

describe('checkSelection', () => {
  test.each([
    [[f('programs.csv')], null],
    [[f('programs.csv'), f('clients.csv')], null],
    [[f('export.ZIP')], null],
    [[], 'Choose the CSV files to import, or one .zip file holding them.'],
    [[f('clients.xlsx'), f('programs.csv')], 'clients.xlsx: only .csv files or one .zip file can be imported.'],
    [[f('a.zip'), f('b.zip')], 'Choose one .zip file at a time.'],
    [[f('a.zip'), f('programs.csv')], 'Choose either CSV files or one .zip file, not both.'],
    [[f('programs.csv'), f('programs.csv')], 'programs.csv is chosen more than once.'],
  ])('%j → %j', (files, problem) => {
    expect(checkSelection(files)).toBe(problem);
  });
});

test('CSV files that are not import files are named before sending', () => {
  expect(unknownCsvFiles([f('programs.csv'), f('Programs.csv'), f('notes.csv'), f('x.zip')])).toEqual(['Programs.csv', 'notes.csv']);
});

describe('interpretUpload', () => {
  test('a file read through the mapping keeps its source, and a snapshot file its deletions', () => {
    const body = {
      ok: true,
      totalRows: 3,
      files: [{ file: 'contacts.csv', source: 'Activities.xlsx', rows: 3, inserted: 1, updated: 0, unchanged: 2, deleted: 4 }],
    };
    expect(interpretUpload(201, body)).toEqual({
      kind: 'imported',
      totalRows: 3,
      ignored: [],
      files: [{ file: 'contacts.csv', source: 'Activities.xlsx', rows: 3, inserted: 1, updated: 0, unchanged: 2, deleted: 4 }],
    });
  });

  test('with a saved mapping, workbooks may be chosen; without, they are refused', () => {
    const f = (name: string) => ({ name, size: 1 });
    expect(checkSelection([f('CaseWorks Export.xlsx')], true)).toBeNull();
    expect(checkSelection([f('CaseWorks Export.xlsx')])).toBe('CaseWorks Export.xlsx: only .csv files or one .zip file can be imported.');
    expect(checkSelection([f('notes.pdf')], true)).toBe('notes.pdf: only .csv or .xlsx files or one .zip file can be imported.');
  });

  test('a completed import lists rows per file', () => {
    const body = {
      ok: true,
      files: [{ file: 'programs.csv', rows: 2, inserted: 1, updated: 1, unchanged: 0 }],
      totalRows: 2,
      ignored: ['notes.csv'],
    };
    expect(interpretUpload(200, body)).toEqual({
      kind: 'imported',
      files: [{ file: 'programs.csv', rows: 2, inserted: 1, updated: 1, unchanged: 0 }],
      totalRows: 2,
      ignored: ['notes.csv'],
    });
  });
  test('errors keep their order and the full count (some may only be counted)', () => {
    const errors = ['clients.csv:2: enrolled_on: "2024-02-30" is not a date', 'clients.csv:9: program_id: no program "X"'];
    expect(interpretUpload(422, { ok: false, errors, errorCount: 250 })).toEqual({
      kind: 'invalid',
      errors,
      errorCount: 250,
      ignored: [],
    });
  });
  test.each([
    [413, { error: 'The upload is larger than the limit of 500 MB.' }, 'The upload is larger than the limit of 500 MB.'],
    [413, null, 'The upload is larger than the server accepts. Upload fewer files at a time, or zip them.'],
    [403, null, 'Only an administrator can import data.'],
    [502, null, 'The server could not take the upload. Try again; if it keeps happening, tell your administrator.'],
  ])('status %i with %j is refused with %j', (status, body, message) => {
    expect(interpretUpload(status, body)).toEqual({ kind: 'refused', status, message });
  });
  test('401 means the session ended', () => {
    expect(interpretUpload(401, { error: 'Sign in first' })).toEqual({ kind: 'signed-out' });
  });
});

test.each([
  [0, '0 bytes'],
  [1023, '1023 bytes'],
  [1024, '1 KB'],
  [1536, '1.5 KB'],
  [15 * 1024 * 1024, '15 MB'],
  [500 * 1024 * 1024, '500 MB'],
])('formatBytes(%i) = %s', (bytes, text) => {
  expect(formatBytes(bytes)).toBe(text);
});
