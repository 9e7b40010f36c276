import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CsvFatal, type CsvRecord, CsvReader, MAX_RECORD_BYTES } from '../src/csv.ts';

/** Parses `input` fed in chunks cut at the given byte offsets. */
function parse(input: string | Buffer, cuts: number[] = []): CsvRecord[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const reader = new CsvReader();
  const out: CsvRecord[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(...reader.push(bytes.subarray(at, cut)));
    at = cut;
  }
  out.push(...reader.push(bytes.subarray(at)));
  out.push(...reader.end());
  return out;
}

function fatal(input: string | Buffer): CsvFatal {
  try {
    parse(input);
  } catch (err) {
    if (err instanceof CsvFatal) return err;
    throw err;
  }
  throw new Error('expected a CsvFatal');
}

describe('CsvReader', () => {
  test('plain records, LF, with and without a final line break', () => {
    expect(parse('a,b\n1,2\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(parse('a,b\n1,2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  test('CRLF and lone CR end records; the CR is not part of the last field', () => {
    expect(parse('a,b\r\n1,2\r\n3,4\r5,6')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
      { line: 4, fields: ['5', '6'] },
    ]);
  });

  test('a UTF-8 byte-order mark is skipped', () => {
    expect(parse('\uFEFFprogram_id,name\nP1,Ä')).toEqual([
      { line: 1, fields: ['program_id', 'name'] },
      { line: 2, fields: ['P1', 'Ä'] },
    ]);
  });

  test('quoted fields hold commas, doubled quotes and line breaks (stored as LF); later lines keep their physical numbers', () => {
    const input = 'id,comment\n1,"a, b"\n2,"say ""hi"""\n3,"line one\nline two\r\nline three"\n4,after\n';
    expect(parse(input)).toEqual([
      { line: 1, fields: ['id', 'comment'] },
      { line: 2, fields: ['1', 'a, b'] },
      { line: 3, fields: ['2', 'say "hi"'] },
      { line: 4, fields: ['3', 'line one\nline two\nline three'] },
      { line: 7, fields: ['4', 'after'] },
    ]);
  });

  test('empty fields, a quoted empty field and trailing empty fields', () => {
    expect(parse('a,,""\n,,\n')).toEqual([
      { line: 1, fields: ['a', '', ''] },
      { line: 2, fields: ['', '', ''] },
    ]);
  });

  test('blank lines are skipped but counted', () => {
    expect(parse('a\n\n1\n\r\n2\n\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 3, fields: ['1'] },
      { line: 5, fields: ['2'] },
    ]);
  });

  test('a stray quote in an unquoted field marks the record and parsing goes on', () => {
    const r = parse('a,b\n1,2"x\n3,4\n');
    expect(r[1]).toEqual({
      line: 2,
      fields: ['1', '2"x'],
      problem: { field: 1, message: 'a quote inside an unquoted field; quote the whole field and double the quote ("")' },
    });
    expect(r[2]).toEqual({ line: 3, fields: ['3', '4'] });
  });

  test('text after a closing quote marks the record', () => {
    const r = parse('a,b\n"x"y,2\n');
    expect(r[1]?.problem).toEqual({ field: 0, message: 'unexpected text after the closing quote of a quoted field' });
    expect(r[1]?.fields).toEqual(['x', '2']);
  });

  test('an unterminated quote is fatal at the record where it opens', () => {
    const err = fatal('a,b\n1,2\n3,"open\n4,5\n');
    expect(err.message).toBe('a quoted field is never closed (the file ends inside it)');
    expect(err.at).toEqual({ line: 3, field: 1 });
  });

  test('a quoted field running past 1 MiB is fatal without reading the rest', () => {
    const reader = new CsvReader();
    reader.push(Buffer.from('a,b\n1,"'));
    const block = Buffer.alloc(64 * 1024, 0x78);
    let err: unknown;
    try {
      for (let i = 0; i < MAX_RECORD_BYTES / block.length + 2; i++) reader.push(block);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CsvFatal);
    expect((err as CsvFatal).message).toBe('a quoted field runs on for more than 1 MiB; its closing quote is probably missing');
    expect((err as CsvFatal).at).toEqual({ line: 2, field: 1 });
  });

  test('invalid UTF-8 is fatal and names the line', () => {
    const bad = Buffer.concat([Buffer.from('a,b\n1,2\n3,'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
    expect(fatal(bad).message).toBe('is not valid UTF-8 text (line 3); save it from the spreadsheet as "CSV UTF-8 (comma delimited)"');
  });

  test('a NUL byte means binary data', () => {
    const bin = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    expect(fatal(bin).message).toBe('is not a CSV text file: it holds binary data (NUL bytes)');
  });

  test.each([
    [[0xff, 0xfe, 0x61, 0x00], 'is UTF-16 text, not UTF-8; save it from the spreadsheet as "CSV UTF-8 (comma delimited)"'],
    [
      [0x50, 0x4b, 0x03, 0x04, 0x14],
      'is a ZIP archive or an Excel workbook (.xlsx), not a CSV file; save it from the spreadsheet as "CSV UTF-8 (comma delimited)"',
    ],
    [[0x25, 0x50, 0x44, 0x46, 0x2d], 'is a PDF document, not a CSV file'],
  ])('recognises a non-CSV file by its first bytes %#', (bytes, message) => {
    expect(fatal(Buffer.from(bytes)).message).toBe(message);
  });

  test('a multi-byte character split across chunks decodes whole', () => {
    const text = 'a,b\n1,naïve café\n';
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parse(bytes, [cut])).toEqual([
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['1', 'naïve café'] },
      ]);
    }
  });

  const cell = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('', ',', '"', '""', '\n', '\r\n', '\r', 'a,b', 'x"y', 'é', '日本', ' lead', 'trail '),
  );
  const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 });

  test('any table written with RFC 4180 quoting reads back the same, however it is chunked', () => {
    fc.assert(
      fc.property(table, fc.boolean(), fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), (rows, crlf, bom, cutSeeds) => {
        const nl = crlf ? '\r\n' : '\n';
        const quote = (s: string) => (/[",\r\n]/.test(s) || s === '' ? `"${s.replaceAll('"', '""')}"` : s);
        const text = (bom ? '\uFEFF' : '') + rows.map((r) => r.map(quote).join(',')).join(nl) + nl;
        const bytes = Buffer.from(text, 'utf8');
        const cuts = cutSeeds.map((s) => s % (bytes.length + 1));
        const records = parse(bytes, cuts);
        expect(records.map((r) => r.fields)).toEqual(rows.map((r) => r.map((c) => c.replace(/\r\n?/g, '\n'))));
        // Each record starts on the physical line after the previous record's breaks.
        let line = 1;
        records.forEach((r, i) => {
          expect(r.line).toBe(line);
          const cellBreaks = (rows[i] as string[]).reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
          line += cellBreaks + 1;
        });
      }),
      { numRuns: 300 },
    );
  });
});
