import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import type { SourceCell } from './profile.ts';

/**
 * Streaming reader of one worksheet of an .xlsx workbook (Office Open XML
 * SpreadsheetML), on yauzl (the zip: its central directory, then one entry at a time,
 * inflated as it is read) and saxes (an event-driven XML parser): the worksheet's XML
 * is parsed as it inflates and rows are handed on as they complete, so a workbook of
 * any size streams through. What cells refer to is read first and kept: the sheet
 * names, the shared strings table and which cell styles are dates.
 *
 * Why not a whole-workbook library: SheetJS's npm package is no longer published
 * there, and ExcelJS's streaming reader depends on the order of the zip's entries (a
 * sheet stored before xl/workbook.xml, as ExcelJS itself writes them, came back
 * nameless or failed in repeated reads). A zip's directory is at its end, so reading
 * it first (yauzl, from a file) is what makes the order irrelevant.
 */

export class WorkbookFatal extends Error {}

export interface SheetRow {
  /** the sheet's row number (1-based), as Excel shows it */
  row: number;
  /** the worksheet's name */
  sheet: string;
  cells: SourceCell[];
}

const damaged = (what: string) =>
  new WorkbookFatal(
    `the workbook could not be read: it is truncated or damaged (${what}); export it again from the system, or save it from Excel as .xlsx`,
  );

/** Excel's built-in number formats that show dates. */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** True for a custom number format that shows a date or time (quoted text, [colours] and escapes removed). */
function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  if (/^general$/i.test(bare.trim())) return false;
  return /[ymdhs]/i.test(bare.split(';')[0] ?? '');
}

/** Column letters of a cell reference ("AB12") as a 0-based index. */
function columnIndex(ref: string): number | undefined {
  const m = /^([A-Z]{1,3})\d*$/.exec(ref);
  if (!m) return undefined;
  let n = 0;
  for (const ch of m[1] as string) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

type Zip = yauzl.ZipFile;

async function openZip(path: string): Promise<{ zip: Zip; entries: Map<string, yauzl.Entry> }> {
  let zip: Zip;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  } catch {
    throw new WorkbookFatal(
      'cannot be read as an Excel workbook (.xlsx): the file is truncated, or it is not a workbook at all; export it again from the system, or save it from Excel as .xlsx',
    );
  }
  const entries = new Map<string, yauzl.Entry>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName.replace(/^\//, ''), entry);
        zip.readEntry();
      });
      zip.once('end', () => resolve());
      zip.once('error', reject);
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    throw damaged(err instanceof Error ? err.message : String(err));
  }
  return { zip, entries };
}

/** Parses one zip entry's XML as it inflates; `chunkDone` runs after each chunk (rows that completed). */
async function* parseEntry(zip: Zip, entry: yauzl.Entry, parser: SaxesParser, name: string): AsyncGenerator<void> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (err) {
    throw damaged(`${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parser.write(decoder.write(chunk));
      yield;
    }
    parser.write(decoder.end());
    parser.close();
    yield;
  } catch (err) {
    if (err instanceof WorkbookFatal) throw err;
    throw damaged(`${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
}

async function readAll(zip: Zip, entry: yauzl.Entry | undefined, name: string, parser: SaxesParser): Promise<void> {
  if (!entry) return;
  for await (const _ of parseEntry(zip, entry, parser, name)) {
    /* the handlers collect what they need */
  }
}

const newParser = () => new SaxesParser({ xmlns: false, position: false });
const local = (tag: string) => tag.slice(tag.indexOf(':') + 1);

interface WorkbookInfo {
  sheets: Array<{ name: string; path: string }>;
  date1904: boolean;
  shared: string[];
  dateStyles: Set<number>;
}

async function readWorkbook(zip: Zip, entries: Map<string, yauzl.Entry>): Promise<WorkbookInfo> {
  const workbook = entries.get('xl/workbook.xml');
  if (!workbook) {
    throw new WorkbookFatal(
      'is not an Excel workbook (.xlsx): it has no xl/workbook.xml (an .xls or .ods file must be saved as .xlsx first)',
    );
  }
  const rels = new Map<string, string>();
  const relsParser = newParser();
  relsParser.on('opentag', (t: SaxesTagPlain) => {
    if (local(t.name) === 'Relationship') rels.set(String(t.attributes.Id ?? ''), String(t.attributes.Target ?? ''));
  });
  await readAll(zip, entries.get('xl/_rels/workbook.xml.rels'), 'workbook relationships', relsParser);

  const declared: Array<{ name: string; rel: string }> = [];
  let date1904 = false;
  const wbParser = newParser();
  wbParser.on('opentag', (t: SaxesTagPlain) => {
    const tag = local(t.name);
    if (tag === 'sheet') {
      const rel = Object.entries(t.attributes).find(([k]) => local(k) === 'id' && k.includes(':'))?.[1];
      declared.push({ name: String(t.attributes.name ?? ''), rel: String(rel ?? '') });
    } else if (tag === 'workbookPr') {
      const v = String(t.attributes.date1904 ?? '');
      date1904 = v === '1' || v === 'true';
    }
  });
  await readAll(zip, workbook, 'xl/workbook.xml', wbParser);
  const sheets = declared.map((s, i) => {
    const target = rels.get(s.rel) ?? `worksheets/sheet${i + 1}.xml`;
    return { name: s.name, path: target.startsWith('/') ? target.slice(1) : `xl/${target}` };
  });

  const shared: string[] = [];
  let text = '';
  let inSi = false;
  let inT = false;
  let phonetic = 0;
  const ssParser = newParser();
  ssParser.on('opentag', (t: SaxesTagPlain) => {
    const tag = local(t.name);
    if (tag === 'si') {
      inSi = true;
      text = '';
    } else if (tag === 'rPh') phonetic++;
    else if (tag === 't' && inSi && phonetic === 0) inT = true;
  });
  ssParser.on('text', (s: string) => {
    if (inT) text += s;
  });
  ssParser.on('closetag', (t: SaxesTagPlain) => {
    const tag = local(t.name);
    if (tag === 't') inT = false;
    else if (tag === 'rPh') phonetic--;
    else if (tag === 'si') {
      shared.push(text);
      inSi = false;
    }
  });
  await readAll(zip, entries.get('xl/sharedStrings.xml'), 'xl/sharedStrings.xml', ssParser);

  const customFormats = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  const stParser = newParser();
  stParser.on('opentag', (t: SaxesTagPlain) => {
    const tag = local(t.name);
    if (tag === 'numFmt') customFormats.set(Number(t.attributes.numFmtId), String(t.attributes.formatCode ?? ''));
    else if (tag === 'cellXfs') inCellXfs = true;
    else if (tag === 'xf' && inCellXfs) xfFormats.push(Number(t.attributes.numFmtId ?? 0));
  });
  stParser.on('closetag', (t: SaxesTagPlain) => {
    if (local(t.name) === 'cellXfs') inCellXfs = false;
  });
  await readAll(zip, entries.get('xl/styles.xml'), 'xl/styles.xml', stParser);
  const dateStyles = new Set<number>();
  xfFormats.forEach((id, i) => {
    const custom = customFormats.get(id);
    if (custom !== undefined ? isDateFormat(custom) : BUILTIN_DATE_FORMATS.has(id)) dateStyles.add(i);
  });
  return { sheets, date1904, shared, dateStyles };
}

/** Serial days (with the time of day as a fraction) as a UTC date. */
function serialDate(serial: number, date1904: boolean): Date {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.round(serial * 86_400_000));
}

/**
 * The rows of `sheet` (or of the first sheet when none is named) of the workbook at
 * `path`. Throws WorkbookFatal for a file that is not a readable workbook and for a
 * sheet the workbook lacks. Empty rows are not returned; row numbers are the sheet's.
 */
export async function* sheetRows(path: string, sheet?: string): AsyncGenerator<SheetRow> {
  const { zip, entries } = await openZip(path);
  try {
    const info = await readWorkbook(zip, entries);
    if (info.sheets.length === 0) throw new WorkbookFatal('the workbook has no worksheets');
    const wanted =
      sheet === undefined
        ? info.sheets[0]
        : (info.sheets.find((s) => s.name === sheet) ?? info.sheets.find((s) => s.name.toLowerCase() === sheet.toLowerCase()));
    if (!wanted) {
      throw new WorkbookFatal(
        `the workbook has no sheet ${JSON.stringify(sheet)}; its sheets are ${info.sheets.map((s) => JSON.stringify(s.name)).join(', ')}`,
      );
    }
    const entry = entries.get(wanted.path);
    if (!entry) throw damaged(`the sheet ${JSON.stringify(wanted.name)} is missing from the file`);

    const done: SheetRow[] = [];
    let rowNumber = 0;
    let cells: SourceCell[] = [];
    let col = 0;
    let type = '';
    let style = 0;
    let value = '';
    let inValue = false;
    let inInline = false;
    let phonetic = 0;
    let problem: string | undefined;
    const parser = newParser();
    parser.on('opentag', (t: SaxesTagPlain) => {
      const tag = local(t.name);
      if (tag === 'row') {
        const r = Number(t.attributes.r);
        rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
        cells = [];
        col = 0;
      } else if (tag === 'c') {
        const at = columnIndex(String(t.attributes.r ?? ''));
        col = at ?? col;
        type = String(t.attributes.t ?? 'n');
        style = Number(t.attributes.s ?? 0);
        value = '';
      } else if (tag === 'v') {
        inValue = true;
      } else if (tag === 'is') {
        inInline = true;
      } else if (tag === 'rPh') {
        phonetic++;
      } else if (tag === 't' && inInline && phonetic === 0) {
        inValue = true;
      }
    });
    parser.on('text', (s: string) => {
      if (inValue) value += s;
    });
    parser.on('closetag', (t: SaxesTagPlain) => {
      const tag = local(t.name);
      if (tag === 'v' || tag === 't') inValue = false;
      else if (tag === 'is') inInline = false;
      else if (tag === 'rPh') phonetic--;
      else if (tag === 'c') {
        let cell: SourceCell = null;
        if (type === 's') {
          const s = info.shared[Number(value)];
          if (s === undefined) problem ??= `row ${rowNumber} refers to a shared string that is not there`;
          cell = s ?? null;
        } else if (type === 'inlineStr' || type === 'str') cell = value;
        else if (type === 'b') cell = value === '1';
        else if (type === 'e') cell = value;
        else if (type === 'd') cell = value === '' ? null : new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
        else if (value !== '') {
          const n = Number(value);
          cell = info.dateStyles.has(style) ? serialDate(n, info.date1904) : n;
        }
        while (cells.length < col) cells.push(null);
        cells[col] = cell;
        col++;
      } else if (tag === 'row') {
        while (cells.length && (cells[cells.length - 1] === null || cells[cells.length - 1] === '')) cells.pop();
        if (cells.length) done.push({ row: rowNumber, sheet: wanted.name, cells });
      }
    });
    for await (const _ of parseEntry(zip, entry, parser, `sheet ${JSON.stringify(wanted.name)}`)) {
      if (problem) throw damaged(problem);
      while (done.length) yield done.shift() as SheetRow;
    }
  } finally {
    zip.close();
  }
}

/** The names of the workbook's sheets, in workbook order. */
export async function workbookSheets(path: string): Promise<string[]> {
  const { zip, entries } = await openZip(path);
  try {
    return (await readWorkbook(zip, entries)).sheets.map((s) => s.name);
  } finally {
    zip.close();
  }
}
