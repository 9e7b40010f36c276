/**
 * The mapping page's pure parts: the profile being edited, built from the server's
 * suggestion, and the edits a person makes to one column.
 */

export const DATE_FORMATS = ['YYYY-MM-DD', 'MM/DD/YYYY', 'M/D/YY', 'DD/MM/YYYY', 'excel-serial'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export const DATE_FORMAT_LABELS: Record<DateFormat, string> = {
  'YYYY-MM-DD': '2025-03-15 (YYYY-MM-DD)',
  'MM/DD/YYYY': '03/15/2025 (MM/DD/YYYY)',
  'M/D/YY': '3/15/25 (M/D/YY)',
  'DD/MM/YYYY': '15/03/2025 (DD/MM/YYYY)',
  'excel-serial': '45731 (Excel serial days)',
};

export type ColumnSource = string | { column: string; values?: Record<string, string>; dateFormat?: DateFormat } | { constant: string };

export interface FileMapping {
  source: string;
  sheet?: string;
  /** snapshot: the export is the whole list of its entity; rows it lacks are deleted */
  mode?: 'upsert' | 'snapshot';
  dateFormat?: DateFormat;
  listSeparator?: string;
  idPrefix?: string;
  columns: Record<string, ColumnSource>;
}

export interface Profile {
  name: string;
  dateFormat?: DateFormat;
  listSeparator?: string;
  idPrefix?: string;
  files: Record<string, FileMapping>;
}

export const emptyProfile = (): Profile => ({ name: '', dateFormat: 'YYYY-MM-DD', files: {} });

/** The source column a target column reads (null: a constant or not mapped). */
export function sourceColumn(src: ColumnSource | undefined): string | null {
  if (src === undefined) return null;
  if (typeof src === 'string') return src;
  return 'column' in src ? src.column : null;
}

export function constantOf(src: ColumnSource | undefined): string | null {
  return src !== undefined && typeof src === 'object' && 'constant' in src ? src.constant : null;
}

export function valuesOf(src: ColumnSource | undefined): Record<string, string> {
  return src !== undefined && typeof src === 'object' && 'values' in src && src.values ? src.values : {};
}

/** A file mapping from the server's suggestion: every suggested column mapped by name. */
export function mappingFromSuggestion(
  source: string,
  sheet: string | null,
  suggestion: ReadonlyArray<{ column: string; source: string | null }>,
): FileMapping {
  const columns: Record<string, ColumnSource> = {};
  for (const s of suggestion) if (s.source !== null) columns[s.column] = s.source;
  return sheet ? { source, sheet, columns } : { source, columns };
}

/** Points a target column at a source column (keeping its value map), a constant, or nothing. */
export function setColumn(mapping: FileMapping, target: string, choice: { column: string } | { constant: string } | null): FileMapping {
  const columns = { ...mapping.columns };
  if (choice === null) delete columns[target];
  else if ('constant' in choice) columns[target] = { constant: choice.constant };
  else {
    const values = valuesOf(columns[target]);
    columns[target] = Object.keys(values).length ? { column: choice.column, values } : choice.column;
  }
  return { ...mapping, columns };
}

/** Maps one source word of a column to a target value ('' removes the entry). */
export function setValue(mapping: FileMapping, target: string, word: string, value: string): FileMapping {
  const column = sourceColumn(mapping.columns[target]);
  if (column === null) return mapping;
  const values = { ...valuesOf(mapping.columns[target]) };
  if (value === '') delete values[word];
  else values[word] = value;
  const columns = { ...mapping.columns, [target]: Object.keys(values).length ? { column, values } : column };
  return { ...mapping, columns };
}

/** The distinct non-empty texts of one column in the sample rows, in first-seen order. */
export function sampleWords(rows: ReadonlyArray<ReadonlyArray<unknown>>, at: number): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const c = r[at];
    if (c === null || c === undefined || typeof c === 'object') continue;
    const s = String(c).trim();
    if (s !== '' && !out.includes(s)) out.push(s);
  }
  return out;
}
