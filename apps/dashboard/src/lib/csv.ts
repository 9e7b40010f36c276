/**
 * CSV for the "Download CSV" button under every table: the product's one writer
 * (@caseload/values: RFC 4180, CRLF, formulas neutralised) with a UTF-8 byte-order
 * mark so spreadsheet programs open it cleanly.
 */
import { toCsv as writeCsv } from '@caseload/values';

/** A table cell on a page: text, a number, or empty. */
export type CsvCell = string | number | null;

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return writeCsv(header, rows, { bom: true });
}

/** Safe file name part: letters, digits, dot, dash and underscore only. */
export function fileNamePart(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * The filters a table was computed under, as they appear in its file name. Only
 * those set appear, always in this order (the order of `exportFilterKeys`).
 */
const exportFilterKeys = ['team', 'program', 'staff', 'provider', 'tier', 'language', 'region', 'action', 'user', 'page'] as const;
type ExportFilterKey = (typeof exportFilterKeys)[number];
export type ExportFilters = Partial<Record<ExportFilterKey, string | null>>;

/**
 * What a downloaded table is, and under which filters and settings it was computed.
 * Every export names its file from one of these (exportFileName), so no table can
 * leave out its date, filters or settings version.
 */
export interface ExportName {
  /** the page and table, e.g. 'caseloads', 'feedback-by-team' */
  table: string;
  /** the day the figures are as of, or the period they cover; null for a table of neither (the users) */
  date: { asOf: string } | { from: string; to: string } | null;
  /** the filters applied on the page; unset ones (undefined, null, '') are left out */
  filters: ExportFilters;
  /**
   * the agency settings version the figures were computed under (every report
   * response carries it); null only for tables that no setting affects (audit log,
   * accounts, import history)
   */
  settingsVersion: number | null;
}

/** A table to download: its name (which becomes the file name) and its cells. */
export interface CsvTable {
  name: ExportName;
  header: readonly string[];
  rows: readonly (readonly CsvCell[])[];
}

/** The longest file name the audit log accepts (audit.recordExport). */
export const MAX_FILE_NAME = 200;

/** A value inside a name part: letters, digits, dot and dash ('_' separates the parts). */
function namePiece(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * The file name of an export: table, date (as-of day or period), the filters set
 * (in the order of exportFilterKeys), then the settings version, e.g.
 * `caseloads_as-of-2026-11-23_team-team-01_settings-v3.csv`. Safe characters only
 * (letters, digits, '.', '-', '_'); at most MAX_FILE_NAME characters, the longest
 * filter values shortened first.
 */
export function exportFileName(name: ExportName, extension: 'csv' | 'json' | 'pdf' = 'csv'): string {
  const table = namePiece(name.table).slice(0, 40) || 'export';
  const date =
    name.date === null
      ? []
      : 'asOf' in name.date
        ? [`as-of-${namePiece(name.date.asOf) || 'unknown'}`]
        : [`from-${namePiece(name.date.from) || 'start'}`, `to-${namePiece(name.date.to) || 'now'}`];
  const filters: [string, string][] = [];
  for (const key of exportFilterKeys) {
    const value = name.filters[key];
    if (value === undefined || value === null || value === '') continue;
    filters.push([key, namePiece(value) || 'x']);
  }
  const version =
    name.settingsVersion === null ? [] : [`settings-v${Number.isSafeInteger(name.settingsVersion) ? name.settingsVersion : 'unknown'}`];
  const build = () => `${[table, ...date, ...filters.map(([k, v]) => `${k}-${v}`), ...version].join('_')}.${extension}`;
  let fileName = build();
  // too long for the audit log: shorten the longest filter value, one character at a time
  while (fileName.length > MAX_FILE_NAME) {
    const longest = filters.reduce((a, b) => (b[1].length > a[1].length ? b : a), filters[0] ?? ['', '']);
    if (longest[1].length <= 2) break;
    longest[1] = longest[1].slice(0, -1).replace(/[-.]+$/, '');
    fileName = build();
  }
  if (fileName.length <= MAX_FILE_NAME) return fileName;
  // still too long (a very long table name or many filters): cut the stem, keep the extension
  return `${fileName.slice(0, MAX_FILE_NAME - extension.length - 1).replace(/[-_.]+$/, '')}.${extension}`;
}

/** Offers the text as a file download (browser only). */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
