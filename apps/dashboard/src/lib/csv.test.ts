import { describe, expect, test } from 'vitest';
import { type ExportName, exportFileName, fileNamePart, MAX_FILE_NAME, toCsv } from './csv.ts';

describe('toCsv', () => {
  test('header, rows, CRLF and a byte-order mark', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          [1, 'x'],
          [2.5, null],
        ],
      ),
    ).toBe('\uFEFFa,b\r\n1,x\r\n2.5,\r\n');
  });
  test.each([
    ['plain', 'plain'],
    ['North, East', '"North, East"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-team', "'-team"],
    ['@sum', "'@sum"],
  ])('quotes %j as %j', (text, expected) => {
    expect(toCsv(['c'], [[text]])).toBe(`\uFEFFc\r\n${expected}\r\n`);
  });
  test('numbers are never treated as formulas, non-finite numbers are empty', () => {
    expect(toCsv(['n'], [[-3], [Number.NaN]])).toBe('\uFEFFn\r\n-3\r\n\r\n');
  });
});

test.each([
  ['team-north', 'team-north'],
  ['North / East team', 'North-East-team'],
  ['../x', '..-x'],
])('fileNamePart(%j) = %j', (value, expected) => {
  expect(fileNamePart(value)).toBe(expected);
});

describe('exportFileName', () => {
  const base: ExportName = { table: 'caseloads', date: { asOf: '2026-11-23' }, filters: {}, settingsVersion: 3 };

  test.each<[string, Partial<ExportName>, string]>([
    ['no filters: table, date, version', {}, 'caseloads_as-of-2026-11-23_settings-v3.csv'],
    ['a team filter', { filters: { team: 'team-01' } }, 'caseloads_as-of-2026-11-23_team-team-01_settings-v3.csv'],
    [
      'unset filters are left out (undefined, null, empty)',
      { filters: { team: undefined, program: null, staff: '' } },
      'caseloads_as-of-2026-11-23_settings-v3.csv',
    ],
    [
      'filters in a fixed order whatever the order given',
      { filters: { provider: 'pr-2', staff: 's-1', program: 'p-1', team: 't-1' } },
      'caseloads_as-of-2026-11-23_team-t-1_program-p-1_staff-s-1_provider-pr-2_settings-v3.csv',
    ],
    [
      'a period instead of an as-of day',
      { table: 'feedback-items', date: { from: '2026-07-01', to: '2026-09-30' }, filters: { program: 'oaa' } },
      'feedback-items_from-2026-07-01_to-2026-09-30_program-oaa_settings-v3.csv',
    ],
    [
      'intake: tier, language and region after the scope filters',
      { table: 'intake-routing', filters: { region: 'North East', language: 'Spanish', tier: '3', program: 'p' } },
      'intake-routing_as-of-2026-11-23_program-p_tier-3_language-Spanish_region-North-East_settings-v3.csv',
    ],
    [
      'no settings version for a table no setting affects',
      { table: 'audit-log', date: null, settingsVersion: null, filters: { action: 'export' } },
      'audit-log_action-export.csv',
    ],
    ['settings version 0 is still written', { settingsVersion: 0 }, 'caseloads_as-of-2026-11-23_settings-v0.csv'],
  ])('%s', (_, change, expected) => {
    expect(exportFileName({ ...base, ...change })).toBe(expected);
  });

  test.each([
    ['slashes and dots cannot climb out', { team: '../../etc/passwd' }, 'team-etc-passwd'],
    ['spaces, commas and quotes become dashes', { team: 'North, "East" team' }, 'team-North-East-team'],
    ['underscore is the separator, so a value never carries one', { program: 'oaa_iii_b' }, 'program-oaa-iii-b'],
    ['accents are dropped, not mangled', { region: 'Bogotá Peñalosa' }, 'region-Bogota-Penalosa'],
    ['colons of ids become dashes', { staff: 'hr:0042' }, 'staff-hr-0042'],
    ['a value with nothing safe in it still shows the filter was set', { team: '///' }, 'team-x'],
  ])('sanitizing: %s', (_, filters, part) => {
    const name = exportFileName({ ...base, filters });
    expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(name.split('_')).toContain(part);
  });

  test('the table name and dates are sanitized too; the extension can be json', () => {
    expect(
      exportFileName(
        { table: 'Board report / Q3', date: { from: '2026-07-01', to: '2026-09-30' }, filters: {}, settingsVersion: 7 },
        'json',
      ),
    ).toBe('Board-report-Q3_from-2026-07-01_to-2026-09-30_settings-v7.json');
  });

  test('a non-integer version is never written as if it were one', () => {
    expect(exportFileName({ ...base, settingsVersion: Number.NaN })).toBe('caseloads_as-of-2026-11-23_settings-vunknown.csv');
  });

  test('long filter values are shortened so the name fits the audit log, keeping every filter and the version', () => {
    const long = 'x'.repeat(64);
    const name = exportFileName({
      ...base,
      filters: { team: long, program: long, staff: long, provider: long, tier: '3', language: long, region: long },
    });
    expect(name.length).toBeLessThanOrEqual(MAX_FILE_NAME);
    expect(name).toMatch(
      /^caseloads_as-of-2026-11-23_team-x+_program-x+_staff-x+_provider-x+_tier-3_language-x+_region-x+_settings-v3\.csv$/,
    );
  });
});
