import { isUtf8 } from 'node:buffer';

/**
 * A streaming RFC 4180 reader over bytes. It never holds more than the current chunk
 * plus the one record that straddles chunks, so a file of any size streams through.
 *
 * - Fields are separated by commas; records end at LF, CRLF or a lone CR.
 * - A field that starts with a quote is quoted: it may hold commas, line breaks and
 *   doubled quotes (""), and must be followed by a comma, a line break or the end.
 * - A leading UTF-8 byte-order mark is skipped. Every field is checked to be UTF-8.
 * - A line break inside a quoted field is stored as LF whatever the file used, so the
 *   same text saved on Windows or elsewhere imports identically.
 * - Lines holding nothing at all are skipped (a trailing blank line is common).
 * - `line` is the physical line (1-based) where a record starts; line breaks inside
 *   quoted fields are counted, so later records keep their true line numbers.
 *
 * Problems that make the rest of the file unreadable throw `CsvFatal`; a malformed
 * but delimited record (a stray quote) comes back with `problem` set.
 */

export interface CsvRecord {
  line: number;
  fields: string[];
  /** the first malformed field of the record, if any */
  problem?: { field: number; message: string };
}

export class CsvFatal extends Error {
  /** when set, the problem is at this record line and field index */
  constructor(
    message: string,
    readonly at?: { line: number; field: number },
  ) {
    super(message);
  }
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
export const MAX_RECORD_BYTES = 1024 * 1024;

const SAVE_AS = 'save it from the spreadsheet as "CSV UTF-8 (comma delimited)"';

interface Incomplete {
  field: number;
  quoted: boolean;
}

export class CsvReader {
  private data: Buffer = Buffer.alloc(0);
  private pos = 0;
  private line = 1;
  private started = false;

  /** Feeds the next chunk; returns the records it completes. */
  push(chunk: Uint8Array): CsvRecord[] {
    const next = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.data = this.pos < this.data.length ? Buffer.concat([this.data.subarray(this.pos), next]) : next;
    this.pos = 0;
    return this.drain(false);
  }

  /** Ends the input; returns the last record, if any. */
  end(): CsvRecord[] {
    return this.drain(true);
  }

  private drain(final: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (!this.started) {
      if (this.data.length < 4 && !final) return out;
      this.sniff();
      this.started = true;
    }
    // NUL never occurs in text; checked per buffer (memchr-fast) before any decoding.
    if (this.data.indexOf(0, this.pos) !== -1) {
      throw new CsvFatal('is not a CSV text file: it holds binary data (NUL bytes)');
    }
    while (this.pos < this.data.length) {
      const r = this.parseRecord(final);
      if (r === null) continue;
      if ('field' in r) {
        if (this.data.length - this.pos > MAX_RECORD_BYTES) {
          throw new CsvFatal(
            r.quoted
              ? 'a quoted field runs on for more than 1 MiB; its closing quote is probably missing'
              : 'a record is longer than 1 MiB; this does not look like a CSV file',
            { line: this.line, field: r.field },
          );
        }
        break;
      }
      out.push(r);
    }
    return out;
  }

  /** Rejects what is plainly not UTF-8 CSV text, and skips a UTF-8 byte-order mark. */
  private sniff() {
    const d = this.data;
    const starts = (...bytes: number[]) => bytes.every((b, i) => d[i] === b);
    if (starts(0xef, 0xbb, 0xbf)) {
      this.pos = 3;
      return;
    }
    if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) throw new CsvFatal(`is UTF-16 text, not UTF-8; ${SAVE_AS}`);
    if (starts(0x50, 0x4b, 0x03, 0x04)) {
      throw new CsvFatal(`is a ZIP archive or an Excel workbook (.xlsx), not a CSV file; ${SAVE_AS}`);
    }
    if (starts(0xd0, 0xcf, 0x11, 0xe0)) throw new CsvFatal(`is an Excel 97-2003 workbook (.xls), not a CSV file; ${SAVE_AS}`);
    if (starts(0x25, 0x50, 0x44, 0x46)) throw new CsvFatal('is a PDF document, not a CSV file');
    if (starts(0x1f, 0x8b)) throw new CsvFatal('is gzip-compressed; decompress it first');
  }

  private decode(s: number, e: number, high: boolean, lines: number): string {
    if (s === e) return '';
    if (!high) return this.data.toString('latin1', s, e);
    if (!isUtf8(this.data.subarray(s, e))) {
      throw new CsvFatal(`is not valid UTF-8 text (line ${this.line + lines}); ${SAVE_AS}`);
    }
    return this.data.toString('utf8', s, e);
  }

  /**
   * Parses the record at `pos`: Incomplete when the buffer ends inside it (and more may
   * come), null for a blank line.
   */
  private parseRecord(final: boolean): CsvRecord | Incomplete | null {
    const d = this.data;
    const n = d.length;
    let i = this.pos;
    let lines = 0;
    const fields: string[] = [];
    let problem: CsvRecord['problem'];
    let firstQuoted = false;

    for (;;) {
      const field = fields.length;
      let value: string;
      if (i < n && d[i] === QUOTE) {
        if (field === 0) firstQuoted = true;
        let j = i + 1;
        let escaped = false;
        let high = false;
        let cr = false;
        const startLines = lines;
        for (;;) {
          if (j >= n) {
            if (!final) return { field, quoted: true };
            throw new CsvFatal('a quoted field is never closed (the file ends inside it)', {
              line: this.line,
              field,
            });
          }
          const b = d[j] as number;
          if (b === QUOTE) {
            if (j + 1 >= n && !final) return { field, quoted: true };
            if (d[j + 1] === QUOTE) {
              escaped = true;
              j += 2;
              continue;
            }
            break;
          }
          if (b === LF) lines++;
          else if (b === CR) {
            if (j + 1 >= n && !final) return { field, quoted: true };
            cr = true;
            if (d[j + 1] !== LF) lines++;
          } else if (b >= 0x80) high = true;
          j++;
        }
        value = this.decode(i + 1, j, high, startLines);
        if (escaped) value = value.replaceAll('""', '"');
        if (cr) value = value.replace(/\r\n?/g, '\n');
        i = j + 1;
        if (i < n && d[i] !== COMMA && d[i] !== LF && d[i] !== CR) {
          problem ??= { field, message: 'unexpected text after the closing quote of a quoted field' };
          while (i < n && d[i] !== COMMA && d[i] !== LF && d[i] !== CR) {
            i++;
          }
          if (i >= n && !final) return { field, quoted: false };
        }
      } else {
        let j = i;
        let high = false;
        while (j < n) {
          const b = d[j] as number;
          if (b === COMMA || b === LF || b === CR) break;
          if (b === QUOTE) {
            problem ??= {
              field,
              message: 'a quote inside an unquoted field; quote the whole field and double the quote ("")',
            };
          } else if (b >= 0x80) high = true;
          j++;
        }
        if (j >= n && !final) return { field, quoted: false };
        value = this.decode(i, j, high, lines);
        i = j;
      }
      fields.push(value);
      if (i >= n) break; // end of input (final)
      const b = d[i];
      if (b === COMMA) {
        i++;
        continue;
      }
      if (b === LF) {
        i++;
      } else {
        // CR: CRLF or a lone CR
        if (i + 1 >= n && !final) return { field, quoted: false };
        i += d[i + 1] === LF ? 2 : 1;
      }
      lines++;
      break;
    }

    const line = this.line;
    this.pos = i;
    this.line += lines;
    // A line holding nothing at all is skipped (its line is still counted).
    if (fields.length === 1 && fields[0] === '' && !firstQuoted) return null;
    return problem ? { line, fields, problem } : { line, fields };
  }
}
