/**
 * POST /admin/imports/inspect: one file of an agency's own export (CSV or .xlsx),
 * uploaded so the mapping page can show its columns and first rows. The file is
 * streamed to a private temporary directory under a byte limit, read only as far as
 * the first rows of each sheet, and removed before the answer; nothing is stored or
 * imported. Administrators only, like the import itself.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SessionPolicy } from '@caseload/api';
import type { Database } from '@caseload/db';
import { CsvFatal, CsvReader, type SourceCell, sheetRows, WorkbookFatal, workbookSheets } from '@caseload/importer';
import '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { resolveRequestSession, sendJson } from './http.ts';

/** rows shown after the header */
const INSPECT_ROWS = 10;
const MAX_INSPECT_BYTES = 200 * 1024 * 1024;
const MAX_SHEETS = 50;

/** A cell as JSON: a typed workbook date travels as {date: 'YYYY-MM-DD'}. */
type InspectCell = string | number | boolean | null | { date: string };

interface InspectedSheet {
  /** null for a CSV file */
  name: string | null;
  header: string[];
  rows: InspectCell[][];
}

type InspectAnswer = { file: string; sheets: InspectedSheet[] } | { error: string };

const asJson = (c: SourceCell): InspectCell => (c instanceof Date ? { date: c.toISOString().slice(0, 10) } : c);

class Limit extends Transform {
  seen = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.seen += chunk.length;
    if (this.seen > MAX_INSPECT_BYTES) done(new Error('too large'));
    else done(null, chunk);
  }
}

async function csvSheet(file: string): Promise<InspectedSheet> {
  const reader = new CsvReader();
  const records: string[][] = [];
  const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (const r of reader.push(chunk)) records.push(r.fields);
      if (records.length > INSPECT_ROWS) break;
    }
    if (records.length <= INSPECT_ROWS) for (const r of reader.end()) records.push(r.fields);
  } finally {
    stream.destroy();
  }
  return { name: null, header: records[0] ?? [], rows: records.slice(1, INSPECT_ROWS + 1) };
}

async function workbook(file: string): Promise<InspectedSheet[]> {
  const names = (await workbookSheets(file)).slice(0, MAX_SHEETS);
  const out: InspectedSheet[] = [];
  for (const name of names) {
    const rows: InspectCell[][] = [];
    for await (const r of sheetRows(file, name)) {
      rows.push(r.cells.map(asJson));
      if (rows.length > INSPECT_ROWS) break;
    }
    const header = (rows[0] ?? []).map((c) => (c === null ? '' : typeof c === 'object' ? c.date : String(c)));
    out.push({ name, header, rows: rows.slice(1) });
  }
  return out;
}

export async function handleInspect(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: { db: Kysely<Database>; now: () => Date; policy: SessionPolicy; tempDir?: string },
): Promise<void> {
  const caller = await resolveRequestSession(opts.db, request, opts.now(), opts.policy);
  request.caller = caller;
  if (!caller || caller.role !== 'admin') {
    request.raw.resume();
    sendJson(reply, caller ? 403 : 401, {
      error: caller
        ? 'Only an administrator can set up the import mapping.'
        : 'Sign in first: your session has ended or you are not signed in.',
    });
    return;
  }
  if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) {
    request.raw.resume();
    sendJson(reply, 415, { error: 'Send one file as multipart/form-data.' });
    return;
  }
  const work = await mkdtemp(path.join(opts.tempDir ?? tmpdir(), 'caseload-inspect-'));
  let answer: { status: number; body: InspectAnswer };
  try {
    answer = await inspect(request, work);
  } finally {
    await rm(work, { recursive: true, force: true }).catch(() => {});
  }
  if (!request.raw.complete) request.raw.resume();
  sendJson(reply, answer.status, answer.body);
}

async function inspect(request: FastifyRequest, work: string): Promise<{ status: number; body: InspectAnswer }> {
  let name: string | null = null;
  let kind: 'csv' | 'xlsx' | null = null;
  const target = path.join(work, 'upload');
  try {
    const parts = request.parts({ limits: { files: 1, fields: 5, fieldSize: 1024, parts: 6, fileSize: MAX_INSPECT_BYTES } });
    for await (const part of parts) {
      if (part.type !== 'file') continue;
      const base = (part.filename ?? '').split(/[\\/]/).pop() ?? '';
      const lower = base.toLowerCase();
      if (name !== null || base === '') {
        part.file.resume();
        continue;
      }
      if (!lower.endsWith('.csv') && !lower.endsWith('.xlsx')) {
        part.file.resume();
        return { status: 400, body: { error: `"${base.slice(0, 120)}" is neither a .csv file nor an Excel workbook (.xlsx).` } };
      }
      name = base.slice(0, 200);
      kind = lower.endsWith('.csv') ? 'csv' : 'xlsx';
      await pipeline(part.file, new Limit(), createWriteStream(target, { mode: 0o600 }));
      if (part.file.truncated) return { status: 413, body: { error: 'The file is larger than 200 MB.' } };
    }
  } catch {
    return { status: 400, body: { error: 'The upload did not arrive completely, or is larger than 200 MB. Try again.' } };
  }
  if (name === null || kind === null) return { status: 400, body: { error: 'Choose one file of the export (.csv or .xlsx).' } };
  try {
    const sheets = kind === 'csv' ? [await csvSheet(target)] : await workbook(target);
    return { status: 200, body: { file: name, sheets } };
  } catch (err) {
    if (err instanceof CsvFatal || err instanceof WorkbookFatal) return { status: 422, body: { error: `${name}: ${err.message}` } };
    throw err;
  }
}
