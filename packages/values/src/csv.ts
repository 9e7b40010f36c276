/**
 * The one CSV writer for everything the product hands out (dashboard downloads, the
 * command line's reports, board data): RFC 4180 quoting and CRLF line ends, the same
 * bytes whichever door a table leaves by.
 *
 * Spreadsheet programs run a cell that starts with = + - @ (and tab or CR, which some
 * of them skip before looking) as a formula, so a name imported from an agency's
 * records could become a live formula in a funder's spreadsheet. Text that starts so
 * is written with a leading apostrophe; numbers are numbers and never neutralised.
 */

/** A cell: text, a number (non-finite numbers are empty), a boolean, or empty. */
export type CsvValue = string | number | boolean | null | undefined;

/** RFC 4180 line end, also after the last record. */
export const CSV_EOL = '\r\n';

/** The UTF-8 byte-order mark that makes spreadsheet programs read the file as UTF-8. */
export const CSV_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled. */
export function quoteCsvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Text a spreadsheet would run as a formula, made inert with a leading apostrophe. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One exported cell: neutralised, then quoted. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  return quoteCsvField(neutraliseFormula(value));
}

/** A record of exported cells, without its line end. */
export function csvRecord(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(',');
}

/** A whole table: header, rows, CRLF after each; `bom` for files opened by spreadsheets. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[], options: { bom?: boolean } = {}): string {
  const lines = [csvRecord(header), ...rows.map(csvRecord)];
  return `${options.bom ? CSV_BOM : ''}${lines.join(CSV_EOL)}${CSV_EOL}`;
}
