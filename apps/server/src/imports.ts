/**
 * POST /admin/imports: the CSV files of domain.md "CSV import format" uploaded from
 * the browser, imported all or nothing exactly as `cli import DIR` does.
 *
 * The body is either multipart/form-data with one or more .csv files (or one .zip
 * part), or a bare zip (Content-Type application/zip). It is streamed to a private
 * temporary directory under a hard byte limit, never held in memory (multipart parsed
 * by @fastify/multipart); a zip is read by yauzl and extracted entry by entry with a cap on the
 * uncompressed total (zip bombs) and no entry path is ever used as a path (only its
 * base name, and only names like the import files). The temporary directory is
 * removed in every case.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { agencyToday, type SessionPolicy } from '@caseload/api';
import type { Clock } from '@caseload/clock';
import { activeMappingProfile, type Database, writeAudit } from '@caseload/db';
import { checkProfile, importDirectory, type ImportResult, type MappingProfile } from '@caseload/importer';
import '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import yauzl from 'yauzl';
import type { BackgroundJobs } from './background.ts';
import { resolveRequestSession, sendJson } from './http.ts';
import type { ImportOutcome } from './metrics.ts';
import { warmAgency } from './warm.ts';

type IncomingMessage = FastifyRequest['raw'];

const DEFAULT_IMPORT_MAX_UPLOAD_BYTES = 500 * 1024 * 1024;
export const DEFAULT_IMPORT_MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024;
/** more files than there are import files, generously; guards against a flood of tiny parts */
const MAX_FILES = 100;
/** entries in a zip's central directory */
const MAX_ZIP_ENTRIES = 10_000;
/** A file name the upload may create: a plain base name ending in .csv. */
const SAFE_CSV_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.csv$/;
/**
 * A file of an agency's own export, read through its mapping profile: system exports
 * name files with spaces and parentheses ("CaseWorks Export (1).xlsx"). Never a path:
 * no separators, no leading dot.
 */
export const SAFE_EXPORT_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,99}\.(csv|xlsx)$/i;

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
  /** the warming after an import runs here (awaited before the process exits) */
  background?: BackgroundJobs;
  logError: (message: string, error?: unknown) => void;
}

/** The JSON answer: the importer's result, or why the upload itself was refused. */
type ImportUploadAnswer = ImportResult | { error: string };

/** A problem with the upload (not with the data): status and a message for the person. */
class UploadRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
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
export async function handleImportUpload(request: FastifyRequest, reply: FastifyReply, opts: ImportUploadOptions): Promise<ImportOutcome> {
  const req = request.raw;
  const caller = await resolveRequestSession(opts.db, request, opts.now(), opts.policy);
  request.caller = caller;
  if (!caller) {
    req.resume();
    sendJson(reply, 401, { error: 'Sign in first: your session has ended or you are not signed in.' });
    return { status: 'unauthorized' };
  }
  if (caller.role !== 'admin') {
    req.resume();
    sendJson(reply, 403, { error: 'Only an administrator can import data.' });
    return { status: 'unauthorized' };
  }
  return importUpload(request, reply, opts, { agencyId: caller.agencyId, userId: caller.userId, label: caller.email, via: 'browser' });
}

/** Who an upload imports as: a signed-in administrator (browser) or an agency's API token. */
export interface Uploader {
  agencyId: string;
  userId: string | null;
  label: string;
  via: 'browser' | 'api';
}

/**
 * The upload itself, once the caller is known: received under the limits, extracted,
 * imported through the agency's mapping profile when it has one, answered (success:
 * 200, or 201 for the API; data errors: 422) and cleaned up.
 */
export async function importUpload(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: ImportUploadOptions,
  caller: Uploader,
): Promise<ImportOutcome> {
  const req = request.raw;
  const maxUpload = opts.maxUploadBytes ?? DEFAULT_IMPORT_MAX_UPLOAD_BYTES;
  const maxUncompressed = opts.maxUncompressedBytes ?? DEFAULT_IMPORT_MAX_UNCOMPRESSED_BYTES;

  // with a saved mapping profile, the agency's own export (its names, .xlsx workbooks) is accepted
  const saved = await activeMappingProfile(opts.db, caller.agencyId);
  const checked = saved ? checkProfile(saved.profile) : null;
  const profile: MappingProfile | undefined = checked?.ok ? checked.profile : undefined;
  const names = profile ? SAFE_EXPORT_NAME : SAFE_CSV_NAME;

  const work = await mkdtemp(path.join(opts.tempDir ?? tmpdir(), 'caseload-import-'));
  const filesDir = path.join(work, 'files');
  let received: string[] = [];
  let answer: { status: number; body: ImportUploadAnswer; refused?: UploadRefused };
  try {
    await mkdir(filesDir, { mode: 0o700 });
    const upload = await receive(request, work, filesDir, maxUpload, names);
    received = upload.csvFiles;
    if (upload.zip) received = await extractZip(upload.zip, filesDir, maxUncompressed, names);
    if (received.length === 0) {
      throw new UploadRefused(
        400,
        'The upload has no CSV files. Choose the import files (programs.csv, teams.csv, …) or one .zip holding them.',
      );
    }
    const result = await importDirectory(opts.db, filesDir, {
      agencyId: caller.agencyId,
      today: await agencyToday(opts.db, caller.agencyId, opts.clock),
      actor: { userId: caller.userId, label: caller.label },
      via: caller.via,
      ...(profile ? { profile } : {}),
    });
    if (!result.ok) {
      await auditFailure(opts, caller, { stage: 'validation', files: received.sort(), errorCount: result.errorCount });
    } else {
      // the first page opened after the import should not be the one that computes it
      const warming = warmAgency(opts.db, caller.agencyId, { clock: opts.clock, logError: opts.logError });
      if (opts.background) opts.background.track(warming);
      else void warming;
    }
    answer = { status: result.ok ? (caller.via === 'api' ? 201 : 200) : 422, body: result };
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
  if (answer.refused) {
    refuse(req, reply, answer.refused, maxUpload);
    return { status: 'refused' };
  }
  sendJson(reply, answer.status, answer.body);
  return 'ok' in answer.body && answer.body.ok ? { status: 'imported', rows: answer.body.totalRows } : { status: 'invalid' };
}

async function auditFailure(
  opts: ImportUploadOptions,
  caller: Uploader,
  details: { stage: 'upload' | 'validation'; files: string[]; errorCount?: number; reason?: string },
): Promise<void> {
  try {
    await writeAudit(opts.db, {
      agencyId: caller.agencyId,
      userId: caller.userId,
      actor: caller.label,
      action: 'import.failed',
      details: { ...details, via: caller.via },
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
function refuse(req: IncomingMessage, reply: FastifyReply, err: UploadRefused, maxUpload: number) {
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
    sendJson(reply, err.status, { error: err.message }, { connection: 'close' });
    return;
  }
  sendJson(reply, err.status, { error: err.message });
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

async function receive(request: FastifyRequest, work: string, filesDir: string, maxUpload: number, names: RegExp): Promise<Received> {
  const req = request.raw;
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
  if (/^multipart\/form-data\b/.test(type)) return receiveMultipart(request, work, filesDir, maxUpload, names);
  throw new UploadRefused(
    415,
    'Send the files as multipart/form-data (one or more .csv files, or one .zip), or a zip with Content-Type: application/zip.',
  );
}

/** What @fastify/multipart's errors mean to the person uploading. */
function multipartRefusal(err: unknown, maxUpload: number): UploadRefused {
  if (err instanceof UploadRefused) return err;
  const code = (err as { code?: string } | null)?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(maxUpload);
  if (code === 'FST_FILES_LIMIT') return new UploadRefused(400, `Upload at most ${MAX_FILES} files at a time.`);
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new UploadRefused(400, 'The upload is not valid multipart/form-data: it has too many parts.');
  }
  if (code === 'FST_REQ_PREMATURE_CLOSE') return new UploadRefused(400, 'The upload was interrupted. Try again.');
  if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET')
    return new UploadRefused(400, 'The upload did not arrive completely. Try again.');
  return new UploadRefused(400, 'The upload is not valid multipart/form-data.');
}

/**
 * The parts of a multipart upload (@fastify/multipart, one part at a time), each .csv
 * written to `filesDir` or the one .zip to `work`, under the upload's byte limit
 * (counted on the body as it arrives). On any refusal the body is unpiped from the
 * parser at once; the caller answers and drains or cuts the rest.
 */
async function receiveMultipart(
  request: FastifyRequest,
  work: string,
  filesDir: string,
  maxUpload: number,
  names: RegExp = SAFE_CSV_NAME,
): Promise<Received> {
  const req = request.raw;
  const csvFiles: string[] = [];
  const seen = new Set<string>();
  let zip: string | null = null;
  let size = 0;
  let current: Readable | null = null;
  let overLimit = false;
  const count = (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxUpload && !overLimit) {
      overLimit = true;
      req.unpipe();
      current?.destroy(tooLarge(maxUpload));
    }
  };
  req.on('data', count);
  try {
    const parts = request.parts({
      limits: { files: MAX_FILES, fields: 20, fieldSize: 1024, parts: MAX_FILES + 20, fileSize: maxUpload },
    });
    for await (const part of parts) {
      if (overLimit) throw tooLarge(maxUpload);
      if (part.type !== 'file') continue;
      const name = baseName(part.filename ?? '');
      const lower = name.toLowerCase();
      const refuse = (message: string): never => {
        part.file.resume();
        throw new UploadRefused(400, message);
      };
      // an empty file input sends a part with no name: nothing was chosen
      if (name === '') {
        part.file.resume();
        continue;
      }
      let target: string;
      if (lower.endsWith('.zip')) {
        if (zip !== null || csvFiles.length > 0) refuse('Upload either CSV files or one .zip, not both and not several zips.');
        target = path.join(work, 'upload.zip');
        zip = target;
      } else if (lower.endsWith('.csv') || (lower.endsWith('.xlsx') && names !== SAFE_CSV_NAME)) {
        if (zip !== null) refuse('Upload either CSV files or one .zip, not both.');
        if (!names.test(name)) refuse(`"${name.slice(0, 120)}" is not an import file name (for example clients.csv).`);
        if (seen.has(name)) refuse(`${name} was chosen more than once.`);
        seen.add(name);
        csvFiles.push(name);
        target = path.join(filesDir, name);
      } else {
        refuse(
          lower.endsWith('.xlsx')
            ? `"${name.slice(0, 120)}" is neither a .csv nor a .zip file. Excel workbooks are read through the agency's import mapping, and none is saved yet (Admin → Import mapping); or save each sheet as CSV.`
            : `"${name.slice(0, 120)}" is neither a .csv nor a .zip file. Upload the CSV import files or one .zip.`,
        );
        return { csvFiles, zip };
      }
      current = part.file;
      await pipeline(part.file, createWriteStream(target, { mode: 0o600 }));
      current = null;
      if (part.file.truncated) throw tooLarge(maxUpload);
    }
    if (overLimit) throw tooLarge(maxUpload);
    return { csvFiles, zip };
  } catch (err) {
    // the parser gets no more of the body: what is still coming is drained or cut by the caller
    req.unpipe();
    throw overLimit ? tooLarge(maxUpload) : multipartRefusal(err, maxUpload);
  } finally {
    req.off('data', count);
  }
}

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  size: number;
  /** yauzl's entry, to open its data */
  entry: yauzl.Entry;
}

const notAZip = () => new UploadRefused(400, 'The .zip file could not be read: it is not a zip file or it is damaged.');
const zip64 = () =>
  new UploadRefused(400, 'The .zip file uses the ZIP64 format, which is not accepted. Zip the CSV files again with a standard tool.');

/**
 * True when the zip ends with a ZIP64 end-of-central-directory locator (yauzl would
 * follow it; we refuse it: import files never need it, and 64-bit sizes and offsets are
 * where surprises hide).
 */
async function hasZip64Locator(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 20 + 22 + 65_535);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) return i >= 20 && tail.readUInt32LE(i - 20) === 0x07064b50;
    }
    return false;
  } finally {
    await handle.close();
  }
}

/** The central directory (the zip's table of contents at its end), read by yauzl. */
async function readCentralDirectory(zipfile: yauzl.ZipFile): Promise<ZipEntry[]> {
  if (zipfile.entryCount > MAX_ZIP_ENTRIES) throw new UploadRefused(400, `The .zip file has more than ${MAX_ZIP_ENTRIES} entries.`);
  const entries = await new Promise<yauzl.Entry[]>((resolve, reject) => {
    const all: yauzl.Entry[] = [];
    zipfile.on('entry', (entry: yauzl.Entry) => {
      all.push(entry);
      zipfile.readEntry();
    });
    zipfile.once('end', () => resolve(all));
    zipfile.once('error', reject);
    zipfile.readEntry();
  }).catch(() => {
    throw notAZip();
  });
  return entries.map((entry) => {
    if (entry.extraFields.some((field) => field.id === 0x0001)) throw zip64();
    const raw = entry.fileNameRaw ?? (entry.fileName as unknown as Buffer);
    return {
      // bit 11: the name is UTF-8; otherwise IBM 437, read as Latin-1 (import file names are ASCII)
      name: raw.toString(entry.generalPurposeBitFlag & 0x800 ? 'utf8' : 'latin1'),
      flags: entry.generalPurposeBitFlag,
      method: entry.compressionMethod,
      crc: entry.crc32,
      size: entry.uncompressedSize,
      entry,
    };
  });
}

/** Ignored in a zip without comment: folders, macOS resource forks and hidden files. */
function isClutter(entry: ZipEntry): boolean {
  const base = baseName(entry.name);
  return (
    entry.name.endsWith('/') || entry.name.endsWith('\\') || base === '' || base.startsWith('.') || /(^|\/)__MACOSX\//.test(entry.name)
  );
}

/**
 * Extracts the .csv entries of the zip into `dir` under their base names (the zip read
 * by yauzl, with our own rules). Refuses the whole zip for ZIP64, an unsafe entry path,
 * an encrypted or unsupported entry, two entries with the same base name, or contents
 * past `maxUncompressed` in total (counted on the bytes actually inflated, not on what
 * the zip declares); each entry's CRC-32 is checked.
 */
export async function extractZip(file: string, dir: string, maxUncompressed: number, names: RegExp = SAFE_CSV_NAME): Promise<string[]> {
  if (await hasZip64Locator(file).catch(() => false)) throw zip64();
  let zipfile: yauzl.ZipFile;
  try {
    // names are decoded and judged here (decodeStrings: false), so an unsafe one gets its own message
    zipfile = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch {
    throw notAZip();
  }
  try {
    return await extractEntries(zipfile, dir, maxUncompressed, names);
  } finally {
    zipfile.close();
  }
}

async function extractEntries(zipfile: yauzl.ZipFile, dir: string, maxUncompressed: number, allowed: RegExp): Promise<string[]> {
  const entries = await readCentralDirectory(zipfile);
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
    const lowerName = name.toLowerCase();
    if (!lowerName.endsWith('.csv') && !(lowerName.endsWith('.xlsx') && allowed !== SAFE_CSV_NAME)) continue;
    if (!allowed.test(name)) {
      throw new UploadRefused(
        400,
        `The .zip file holds "${name.slice(0, 120)}", which is not an import file name (for example clients.csv).`,
      );
    }
    if (names.has(name)) throw new UploadRefused(400, `The .zip file holds ${name} more than once (in different folders).`);
    if (entry.flags & 0x1) throw new UploadRefused(400, `${name} in the .zip file is encrypted; zip the files without a password.`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new UploadRefused(
        400,
        `${name} in the .zip file is compressed with a method that is not supported; use ordinary (deflate) zip.`,
      );
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
    try {
      // yauzl inflates (method 8) and stops at the declared size (validateEntrySizes)
      const source: Readable = await zipfile.openReadStreamPromise(entry.entry);
      await pipeline([source, limit, check, createWriteStream(path.join(dir, name), { mode: 0o600 })]);
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
