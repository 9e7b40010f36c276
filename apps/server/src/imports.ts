/**
 * POST /admin/imports: the CSV files of domain.md "CSV import format" uploaded from
 * the browser, imported all or nothing exactly as `cli import DIR` does.
 *
 * The body is either multipart/form-data with one or more .csv files (or one .zip
 * part), or a bare zip (Content-Type application/zip). It is streamed to a private
 * temporary directory under a hard byte limit, never held in memory; a zip is
 * extracted entry by entry from its central directory with a cap on the
 * uncompressed total (zip bombs) and no entry path is ever used as a path (only its
 * base name, and only names like the import files). The temporary directory is
 * removed in every case.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { agencyToday, type Caller, resolveSession, type SessionPolicy, sessionTokenFromCookie } from '@caseload/api';
import { type Database, writeAudit } from '@caseload/db';
import { importDirectory, type ImportResult } from '@caseload/importer';
import { warmAgency } from './warm.ts';
import busboy from 'busboy';
import type { Kysely } from 'kysely';
import type { Clock } from '@caseload/clock';

export const DEFAULT_IMPORT_MAX_UPLOAD_BYTES = 500 * 1024 * 1024;
export const DEFAULT_IMPORT_MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024;
/** more files than there are import files, generously; guards against a flood of tiny parts */
const MAX_FILES = 100;
/** entries in a zip's central directory */
const MAX_ZIP_ENTRIES = 10_000;
/** A file name the upload may create: a plain base name ending in .csv. */
const SAFE_CSV_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.csv$/;

export interface ImportUploadOptions {
  db: Kysely<Database>;
  now: () => Date;
  /** the one clock: the import's today (birth years) and warming */
  clock: Clock;
  policy: SessionPolicy;
  /** largest accepted request body (the upload as sent) */
  maxUploadBytes?: number;
  /** largest total of the files extracted from a zip */
  maxUncompressedBytes?: number;
  /** where temporary upload directories are made; default the OS temp directory */
  tempDir?: string;
  logError: (message: string, error?: unknown) => void;
}

/** The JSON answer: the importer's result, or why the upload itself was refused. */
export type ImportUploadAnswer = ImportResult | { error: string };

/** A problem with the upload (not with the data): status and a message for the person. */
class UploadRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string | number> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** "500 MB", "1.5 KB": sizes as a person reads them (1 MB = 1024 × 1024 bytes here). */
export function sizeText(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[unit]}`;
}

/** The base name of an uploaded or zipped file name, whichever separator it used. */
export function baseName(name: string): string {
  const parts = name.split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}

/**
 * A zip entry name that tries to leave the folder it is extracted into (absolute,
 * a drive letter, `..` segments, NUL). Such an upload is refused as a whole.
 */
export function isUnsafeEntryName(name: string): boolean {
  if (name.includes('\0')) return true;
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name)) return true;
  return name.split(/[\\/]/).some((segment) => segment === '..');
}

/** Passes bytes through and fails once more than `limit` have passed. */
class ByteLimit extends Transform {
  seen = 0;
  constructor(
    private readonly limit: number,
    private readonly error: () => Error,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.seen += chunk.length;
    if (this.seen > this.limit) done(this.error());
    else done(null, chunk);
  }
}

/**
 * Handles POST /admin/imports after the same-origin check: 401 without a session,
 * 403 for anyone but an administrator, 413 past the size limits, 400 for an upload
 * that is not CSV files or one zip, 200 with the ImportResult when the import ran
 * through, 422 with the ImportResult (errors, nothing changed) when the data had errors.
 */
export async function handleImportUpload(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  opts: ImportUploadOptions,
): Promise<void> {
  const caller = await resolveSession(opts.db, sessionTokenFromCookie(req.headers.cookie), opts.now(), opts.policy);
  if (!caller) {
    req.resume();
    sendJson(res, 401, { error: 'Sign in first: your session has ended or you are not signed in.' });
    return;
  }
  if (caller.role !== 'admin') {
    req.resume();
    sendJson(res, 403, { error: 'Only an administrator can import data.' });
    return;
  }
  const maxUpload = opts.maxUploadBytes ?? DEFAULT_IMPORT_MAX_UPLOAD_BYTES;
  const maxUncompressed = opts.maxUncompressedBytes ?? DEFAULT_IMPORT_MAX_UNCOMPRESSED_BYTES;

  const work = await mkdtemp(path.join(opts.tempDir ?? tmpdir(), 'caseload-import-'));
  const filesDir = path.join(work, 'files');
  let received: string[] = [];
  let answer: { status: number; body: ImportUploadAnswer; refused?: UploadRefused };
  try {
    await mkdir(filesDir, { mode: 0o700 });
    const upload = await receive(req, work, filesDir, maxUpload);
    received = upload.csvFiles;
    if (upload.zip) received = await extractZip(upload.zip, filesDir, maxUncompressed);
    if (received.length === 0) {
      throw new UploadRefused(
        400,
        'The upload has no CSV files. Choose the import files (programs.csv, teams.csv, …) or one .zip holding them.',
      );
    }
    const result = await importDirectory(opts.db, filesDir, {
      agencyId: caller.agencyId,
      today: await agencyToday(opts.db, caller.agencyId, opts.clock),
      actor: { userId: caller.userId, label: caller.email },
    });
    if (!result.ok) {
      await auditFailure(opts, caller, { stage: 'validation', files: received.sort(), errorCount: result.errorCount });
    } else {
      // the first page opened after the import should not be the one that computes it
      void warmAgency(opts.db, caller.agencyId, { clock: opts.clock, logError: opts.logError });
    }
    answer = { status: result.ok ? 200 : 422, body: result };
  } catch (err) {
    if (!(err instanceof UploadRefused)) throw err;
    await auditFailure(opts, caller, { stage: 'upload', files: received.sort(), reason: err.message });
    answer = { status: err.status, body: { error: err.message }, refused: err };
  } finally {
    // removed before answering: when the client has its answer, nothing of the upload is left
    await rm(work, { recursive: true, force: true }).catch((err: unknown) =>
      opts.logError(`could not remove the temporary import directory ${work}`, err),
    );
  }
  if (answer.refused) refuse(req, res, answer.refused, maxUpload);
  else sendJson(res, answer.status, answer.body);
}

async function auditFailure(
  opts: ImportUploadOptions,
  caller: Caller,
  details: { stage: 'upload' | 'validation'; files: string[]; errorCount?: number; reason?: string },
): Promise<void> {
  try {
    await writeAudit(opts.db, {
      agencyId: caller.agencyId,
      userId: caller.userId,
      actor: caller.email,
      action: 'import.failed',
      details,
    });
  } catch (err) {
    opts.logError('could not write the audit entry of a failed import', err);
  }
}

/**
 * Answers a refused upload. When the client is still sending, what it sends is read
 * and discarded up to the limit once more (so it sees the answer rather than a reset
 * connection); past that the connection is cut.
 */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, err: UploadRefused, maxUpload: number) {
  if (!req.complete) {
    // A body still arriving: the connection cannot carry another request, so it closes
    // after the answer. A stream already given up (a failed pipeline destroys it) is not
    // read any further; one still open is drained up to the limit.
    if (!req.destroyed) {
      let drained = 0;
      req.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > maxUpload) req.destroy();
      });
      req.on('error', () => {});
      req.resume();
    }
    sendJson(res, err.status, { error: err.message }, { Connection: 'close' });
    return;
  }
  sendJson(res, err.status, { error: err.message });
}

interface Received {
  csvFiles: string[];
  /** the path of an uploaded zip, still to be extracted */
  zip: string | null;
}

function tooLarge(maxUpload: number): UploadRefused {
  return new UploadRefused(
    413,
    `The upload is larger than the limit of ${sizeText(maxUpload)}. Upload fewer files at a time, or zip them.`,
  );
}

async function receive(req: http.IncomingMessage, work: string, filesDir: string, maxUpload: number): Promise<Received> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxUpload) throw tooLarge(maxUpload);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (/^application\/(zip|x-zip-compressed)\b/.test(type)) {
    const zip = path.join(work, 'upload.zip');
    try {
      await pipeline(req, new ByteLimit(maxUpload, () => tooLarge(maxUpload)), createWriteStream(zip, { mode: 0o600 }));
    } catch (err) {
      if (err instanceof UploadRefused) throw err;
      throw new UploadRefused(400, 'The upload did not arrive completely. Try again.');
    }
    return { csvFiles: [], zip };
  }
  if (/^multipart\/form-data\b/.test(type)) return receiveMultipart(req, work, filesDir, maxUpload);
  throw new UploadRefused(
    415,
    'Send the files as multipart/form-data (one or more .csv files, or one .zip), or a zip with Content-Type: application/zip.',
  );
}

function receiveMultipart(
  req: http.IncomingMessage,
  work: string,
  filesDir: string,
  maxUpload: number,
): Promise<Received> {
  return new Promise<Received>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: MAX_FILES, fields: 20, fieldSize: 1024, parts: MAX_FILES + 20, fileSize: maxUpload },
      });
    } catch {
      reject(new UploadRefused(400, 'The upload is not valid multipart/form-data.'));
      return;
    }
    const csvFiles: string[] = [];
    const seen = new Set<string>();
    let zip: string | null = null;
    let settled = false;
    let size = 0;
    const writes: Promise<void>[] = [];
    /** the parts being written: ended here when the upload fails, or their writes would never settle */
    const parts: Readable[] = [];

    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      req.off('data', count);
      parser.removeAllListeners();
      parser.on('error', () => {});
      // the parser no longer receives the body, so a part still open would wait forever:
      // end each (its write fails and is cleaned up), then answer; the directory is removed afterwards
      for (const part of parts) part.destroy();
      Promise.allSettled(writes).then(() =>
        reject(err instanceof UploadRefused ? err : new UploadRefused(400, 'The upload did not arrive completely. Try again.')),
      );
    };
    const count = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxUpload) fail(tooLarge(maxUpload));
    };
    req.on('data', count);
    req.on('aborted', () => fail(new UploadRefused(400, 'The upload was interrupted. Try again.')));

    parser.on('file', (_field, stream, info) => {
      if (settled) {
        stream.resume();
        return;
      }
      const name = baseName(info.filename ?? '');
      const lower = name.toLowerCase();
      if (name === '') {
        // an empty file input sends a part with no name: nothing was chosen
        stream.resume();
        return;
      }
      let target: string;
      if (lower.endsWith('.zip')) {
        if (zip !== null || csvFiles.length > 0) {
          stream.resume();
          fail(new UploadRefused(400, 'Upload either CSV files or one .zip, not both and not several zips.'));
          return;
        }
        target = path.join(work, 'upload.zip');
        zip = target;
      } else if (lower.endsWith('.csv')) {
        if (zip !== null) {
          stream.resume();
          fail(new UploadRefused(400, 'Upload either CSV files or one .zip, not both.'));
          return;
        }
        if (!SAFE_CSV_NAME.test(name)) {
          stream.resume();
          fail(new UploadRefused(400, `"${name.slice(0, 120)}" is not an import file name (for example clients.csv).`));
          return;
        }
        if (seen.has(name)) {
          stream.resume();
          fail(new UploadRefused(400, `${name} was chosen more than once.`));
          return;
        }
        seen.add(name);
        csvFiles.push(name);
        target = path.join(filesDir, name);
      } else {
        stream.resume();
        fail(
          new UploadRefused(400, `"${name.slice(0, 120)}" is neither a .csv nor a .zip file. Upload the CSV import files or one .zip.`),
        );
        return;
      }
      stream.on('limit', () => fail(tooLarge(maxUpload)));
      parts.push(stream);
      writes.push(
        pipeline(stream, createWriteStream(target, { mode: 0o600 })).catch((err: unknown) => {
          fail(err);
        }),
      );
    });
    parser.on('filesLimit', () => fail(new UploadRefused(400, `Upload at most ${MAX_FILES} files at a time.`)));
    parser.on('partsLimit', () => fail(new UploadRefused(400, 'The upload has too many parts.')));
    parser.on('error', () => fail(new UploadRefused(400, 'The upload is not valid multipart/form-data.')));
    parser.on('close', () => {
      Promise.all(writes).then(
        () => {
          if (settled) return;
          settled = true;
          req.off('data', count);
          resolve({ csvFiles, zip });
        },
        (err: unknown) => fail(err),
      );
    });
    req.pipe(parser);
  });
}

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const notAZip = () => new UploadRefused(400, 'The .zip file could not be read: it is not a zip file or it is damaged.');

/** Reads the central directory (the zip's table of contents at its end). */
async function readCentralDirectory(file: string): Promise<ZipEntry[]> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 22 + 65_535);
    if (tailLength < 22) throw notAZip();
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw notAZip();
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      throw new UploadRefused(400, 'The .zip file uses the ZIP64 format, which is not accepted. Zip the CSV files again with a standard tool.');
    }
    if (count > MAX_ZIP_ENTRIES) throw new UploadRefused(400, `The .zip file has more than ${MAX_ZIP_ENTRIES} entries.`);
    if (cdOffset + cdSize > size) throw notAZip();
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let n = 0; n < count; n++) {
      if (at + 46 > cd.length || cd.readUInt32LE(at) !== 0x02014b50) throw notAZip();
      const flags = cd.readUInt16LE(at + 8);
      const nameLength = cd.readUInt16LE(at + 28);
      const extraLength = cd.readUInt16LE(at + 30);
      const commentLength = cd.readUInt16LE(at + 32);
      if (at + 46 + nameLength > cd.length) throw notAZip();
      const rawName = cd.subarray(at + 46, at + 46 + nameLength);
      entries.push({
        // bit 11: the name is UTF-8; otherwise IBM 437, read as Latin-1 (import file names are ASCII)
        name: rawName.toString(flags & 0x800 ? 'utf8' : 'latin1'),
        flags,
        method: cd.readUInt16LE(at + 10),
        crc: cd.readUInt32LE(at + 16),
        compressedSize: cd.readUInt32LE(at + 20),
        size: cd.readUInt32LE(at + 24),
        localOffset: cd.readUInt32LE(at + 42),
      });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** Where an entry's data starts (after its local header), checked against the file. */
async function dataOffset(file: string, entry: ZipEntry): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(30);
    const { bytesRead } = await handle.read(header, 0, 30, entry.localOffset);
    if (bytesRead < 30 || header.readUInt32LE(0) !== 0x04034b50) throw notAZip();
    return entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await handle.close();
  }
}

/** Ignored in a zip without comment: folders, macOS resource forks and hidden files. */
function isClutter(entry: ZipEntry): boolean {
  const base = baseName(entry.name);
  return entry.name.endsWith('/') || entry.name.endsWith('\\') || base === '' || base.startsWith('.') || /(^|\/)__MACOSX\//.test(entry.name);
}

/**
 * Extracts the .csv entries of the zip into `dir` under their base names. Refuses
 * the whole zip for an unsafe entry path, an encrypted or unsupported entry, two
 * entries with the same base name, or contents past `maxUncompressed` in total
 * (counted on the bytes actually inflated, not on what the zip declares).
 */
export async function extractZip(file: string, dir: string, maxUncompressed: number): Promise<string[]> {
  const entries = await readCentralDirectory(file);
  const unsafe = entries.find((e) => isUnsafeEntryName(e.name));
  if (unsafe) {
    throw new UploadRefused(
      400,
      `The .zip file was refused: the entry "${unsafe.name.replace(/\0/g, '').slice(0, 160)}" points outside the folder it would be extracted to.`,
    );
  }
  const wanted: ZipEntry[] = [];
  const names = new Set<string>();
  for (const entry of entries) {
    if (isClutter(entry)) continue;
    const name = baseName(entry.name);
    if (!name.toLowerCase().endsWith('.csv')) continue;
    if (!SAFE_CSV_NAME.test(name)) {
      throw new UploadRefused(400, `The .zip file holds "${name.slice(0, 120)}", which is not an import file name (for example clients.csv).`);
    }
    if (names.has(name)) throw new UploadRefused(400, `The .zip file holds ${name} more than once (in different folders).`);
    if (entry.flags & 0x1) throw new UploadRefused(400, `${name} in the .zip file is encrypted; zip the files without a password.`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new UploadRefused(400, `${name} in the .zip file is compressed with a method that is not supported; use ordinary (deflate) zip.`);
    }
    names.add(name);
    wanted.push(entry);
  }
  const bomb = () =>
    new UploadRefused(413, `The files in the .zip file are larger than the limit of ${sizeText(maxUncompressed)} once unzipped.`);
  let total = 0;
  for (const entry of wanted) {
    // the declared sizes are checked first (cheap), the actual bytes while inflating
    total += entry.size;
    if (total > maxUncompressed) throw bomb();
  }
  let written = 0;
  for (const entry of wanted) {
    const name = baseName(entry.name);
    const start = await dataOffset(file, entry);
    const limit = new ByteLimit(Math.min(entry.size, maxUncompressed - written), () =>
      entry.size > maxUncompressed - written ? bomb() : damaged(name),
    );
    let crc = 0;
    const check = new Transform({
      transform(chunk: Buffer, _enc, done) {
        crc = zlib.crc32(chunk, crc);
        done(null, chunk);
      },
    });
    const source =
      entry.compressedSize === 0 ? Readable.from([]) : createReadStream(file, { start, end: start + entry.compressedSize - 1 });
    const stages: NodeJS.ReadWriteStream[] = entry.method === 8 ? [zlib.createInflateRaw()] : [];
    try {
      await pipeline([source, ...stages, limit, check, createWriteStream(path.join(dir, name), { mode: 0o600 })]);
    } catch (err) {
      if (err instanceof UploadRefused) throw err;
      throw damaged(name);
    }
    if (limit.seen !== entry.size || crc >>> 0 !== entry.crc >>> 0) throw damaged(name);
    written += entry.size;
  }
  return [...names];
}

function damaged(name: string): UploadRefused {
  return new UploadRefused(400, `${name} in the .zip file is damaged (its contents do not match the zip's checksum). Zip the files again.`);
}
