import { BOARD_DATA_CSV_HEADER, boardData, boardDataCsvRows } from '@caseload/report';
import { expect, test } from 'vitest';
import { fixtureReport } from '../../../../packages/report/test/fixture.ts';
import { toCsv } from './csv.ts';

/**
 * The dashboard's downloads (every table's CSV button and the board data) go through the
 * one writer: a team named as a spreadsheet formula leaves as inert text. Team names are
 * the agency's own words, imported from its records, so they reach funders' spreadsheets.
 */
const names = ['=HYPERLINK("http://x")', '+team', '-team', '@SUM(A1)', '\tteam', '\rteam'];

function cellsOf(csv: string): string[] {
  // the names hold no commas or quotes, so a quoted cell is one field; split records on CRLF
  return csv
    .replace(/^\uFEFF/, '')
    .split(/\r\n/)
    .flatMap((line) => line.match(/"(?:[^"]|"")*"|[^,]*/g) ?? [])
    .map((c) => (c.startsWith('"') ? c.slice(1, -1).replaceAll('""', '"') : c));
}

test('a table CSV: each name is written with a leading apostrophe', () => {
  const csv = toCsv(
    ['team', 'clients'],
    names.map((n, i) => [n, i]),
  );
  const cells = cellsOf(csv);
  for (const name of names) expect(cells).toContain(`'${name}`);
  expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !isNumber(c))).toEqual([]);
});

test('the board data CSV (as the board page composes it): team names in the team rows are neutralised', () => {
  const report = fixtureReport();
  const [first] = report.teams;
  report.teams = names.map((name, i) => ({ ...first!, teamId: `t-${i}`, name }));
  const csv = toCsv(BOARD_DATA_CSV_HEADER, boardDataCsvRows(boardData(report)));
  const cells = cellsOf(csv);
  for (const name of names) expect(cells).toContain(`'${name}`);
  expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !isNumber(c))).toEqual([]);
});

/** A number (negative ones start with '-') is data, never a formula, and is written as it is. */
function isNumber(cell: string): boolean {
  return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/.test(cell);
}
