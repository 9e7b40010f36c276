/**
 * A small RFC 4180 reader for the independent recomputation: no code of the product
 * is used. Handles quoted fields (commas, doubled quotes, line breaks), LF or CRLF,
 * and a leading byte-order mark. Empty cells become null.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type CsvRecord = Record<string, string | null>;

export function parseCsv(text: string): CsvRecord[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else {
          quoted = false;
          i += 1;
        }
      } else {
        field += ch;
        i += 1;
      }
    } else if (ch === '"') {
      quoted = true;
      i += 1;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i += 1;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else {
      field += ch;
      i += 1;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  if (!header) return [];
  return body.map((cells, n) => {
    if (cells.length !== header.length) throw new Error(`row ${n + 2}: ${cells.length} cells for ${header.length} columns`);
    const record: CsvRecord = {};
    header.forEach((name, k) => {
      const value = cells[k] ?? '';
      record[name] = value === '' ? null : value;
    });
    return record;
  });
}

export function readCsv(dir: string, file: string): CsvRecord[] {
  return parseCsv(readFileSync(join(dir, file), 'utf8'));
}
