import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { quoteCsvField } from '@caseload/values';

export type Cell = string | number | boolean | null | undefined;

/**
 * One field of an import file, RFC 4180 quoting only: these files are the importer's
 * input, read back verbatim, so text is not neutralised as the exports' cells are, and
 * records end in LF as agencies' exports usually do (the importer reads both).
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  return quoteCsvField(typeof value === 'string' ? value : String(value));
}

const CHUNK = 1 << 16;

/**
 * A CSV file written through a buffered stream with backpressure: rows are collected
 * into ~64 KiB chunks; when the stream's buffer is full, `relieve()` waits for it to
 * drain, so a two-million-row file never sits in memory.
 */
export class CsvWriter {
  rows = 0;
  bytes = 0;
  private parts: string[] = [];
  private length = 0;
  private blocked = false;
  private failure: Error | null = null;
  private readonly stream: WriteStream;

  constructor(
    readonly path: string,
    readonly header: readonly string[],
  ) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream.on('error', (err) => {
      this.failure = err;
    });
    this.push(`${header.join(',')}\n`);
  }

  /** Appends one row; the cells must follow the header's order. */
  row(cells: readonly Cell[]): void {
    if (cells.length !== this.header.length) {
      throw new Error(`${this.path}: row has ${cells.length} cells, header has ${this.header.length}`);
    }
    let line = csvField(cells[0]);
    for (let i = 1; i < cells.length; i++) line += `,${csvField(cells[i])}`;
    this.push(`${line}\n`);
    this.rows++;
  }

  private push(text: string): void {
    this.parts.push(text);
    this.length += text.length;
    if (this.length >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.length = 0;
    this.bytes += Buffer.byteLength(chunk);
    if (!this.stream.write(chunk)) this.blocked = true;
  }

  /** Waits for the stream to drain when it asked to; call between batches of rows. */
  async relieve(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.blocked) return;
    this.blocked = false;
    // It may have drained already (while the caller waited on another writer): waiting
    // for a 'drain' that has been emitted would wait forever, and with nothing else
    // pending Node would exit mid-file with status 0.
    if (!this.stream.writableNeedDrain) return;
    await once(this.stream, 'drain');
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    this.flush();
    if (this.failure) throw this.failure;
    const finished = once(this.stream, 'finish');
    this.stream.end();
    await finished;
    if (this.failure) throw this.failure;
  }
}
