import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CopyIn, copyIn, type Database, recordDataQuality } from '@caseload/db';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { CsvFatal, type CsvRecord, CsvReader } from './csv.ts';
import { FILE_SPECS, type FileSpec, IMPORT_FILES, REF_KEY, REF_LABEL, type RefTarget, type Row } from './files.ts';
import { type FileMapping, type MappingPlan, type MappingProfile, matchesSource, planMapping, type SourceCell } from './profile.ts';
import { Invalid, isId, show } from './values.ts';
import { sheetRows, WorkbookFatal } from './xlsx.ts';

export { IMPORT_FILES };

export interface ImportSource {
  /** the file name: 'contacts.csv' etc. (see IMPORT_FILES) */
  file: string;
  open(): NodeJS.ReadableStream | AsyncIterable<Uint8Array>;
  /** size in bytes, when known (for progress) */
  size?: number;
  /** the file on disk, when it is one (a workbook is read from its end; without a path it is copied to a temporary file) */
  path?: string;
  /**
   * An agency's own export read through a mapping profile: `name` is the source file
   * (.csv or .xlsx) that every message names, with its line (or sheet and row) and
   * the source column.
   */
  mapped?: { name: string; sheet?: string; mapping: FileMapping; profile: MappingProfile };
}

export interface ImportProgress {
  file: string;
  rows: number;
  bytes: number;
  totalBytes?: number;
}

export interface ImportOptions {
  agencyId: string;
  /** the agency's today (from the one clock, @caseload/clock): the latest birth year it accepts */
  today: string;
  actor?: { userId: string | null; label: string };
  /** errors listed before the rest are only counted (default 200) */
  maxErrors?: number;
  onProgress?: (p: ImportProgress) => void;
  /** how the files came: recorded with the import (the freshness line says it) */
  via?: 'browser' | 'cli' | 'api' | 'drop';
  /** a drop-folder delivery's id, recorded with the import so a retry never imports it twice */
  delivery?: string;
  /** an agency's mapping profile: its export's files are read through it (importDirectory) */
  profile?: MappingProfile;
  /**
   * Import files that are the whole truth for their entity (full snapshots): rows of
   * the agency the file lacks are deleted in the same transaction. A profile may mark
   * its files so too (mode 'snapshot').
   */
  snapshot?: readonly string[];
  /**
   * How the rows' consequences are kept: 'set-based' (the default when the database role
   * may set session_replication_role, as a superuser and PGlite may) writes the rows
   * without the per-row foreign-key checks and the statement triggers, then checks every
   * reference, bumps the data version and recomputes the derived rows once, set-based,
   * in the same transaction; 'row' leaves all of it to the triggers, statement by
   * statement. Both leave the same database (test/bulk-import.test.ts).
   */
  maintenance?: 'set-based' | 'row';
}

export interface ImportedFile {
  file: string;
  /** the agency's export file it came from, when read through a profile */
  source?: string;
  /** data rows in the file */
  rows: number;
  /** rows that were new */
  inserted: number;
  /** rows that existed and changed */
  updated: number;
  /** rows that existed unchanged */
  unchanged: number;
  /** a snapshot file: rows the agency had that the file lacks, deleted */
  deleted?: number;
}

export type ImportResult =
  | { ok: true; files: ImportedFile[]; totalRows: number; ignored?: string[] }
  | {
      ok: false;
      /** 'file:line: column: message', or 'file: message' for a whole-file problem */
      errors: string[];
      /** all errors, including those past the cap */
      errorCount: number;
      ignored?: string[];
    };

const DEFAULT_MAX_ERRORS = 200;
/** rows per insert statement */
const BATCH_ROWS = 5000;
const SPEC_BY_FILE = new Map(FILE_SPECS.map((s, i) => [s.file, { spec: s, order: i }]));
const REF_TARGETS = new Set<string>(Object.keys(REF_KEY));
/** The tables whose rows make a client's load spans (client_load_spans), and their files. */
const SPAN_TABLES: ReadonlySet<string> = new Set(['clients', 'assignments', 'assessments']);
const SPAN_FILES: ReadonlySet<string> = new Set(['clients.csv', 'assignments.csv', 'assessments.csv']);

/**
 * Imports every known file in `dir` (domain.md "CSV import format"), all or nothing.
 * Other `*.csv` files are not imported; they are listed in `ignored`.
 */
export async function importDirectory(db: Kysely<Database>, dir: string, options: ImportOptions): Promise<ImportResult> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return failure([`${dir}: no such directory`]);
    if (code === 'EACCES' || code === 'EPERM') return failure([`${dir}: the directory cannot be read (permission denied)`]);
    throw err;
  }
  const sources: ImportSource[] = [];
  const ignored: string[] = [];
  const claimed = new Set<string>();
  const problems: string[] = [];
  const isFile = async (name: string) => (await stat(join(dir, name)).catch(() => undefined))?.isFile() === true;
  const open = (path: string) => () => createReadStream(path, { highWaterMark: 256 * 1024 });
  for (const [file, mapping] of Object.entries(options.profile?.files ?? {})) {
    const matches: string[] = [];
    for (const name of names) if (matchesSource(mapping.source, name) && (await isFile(name))) matches.push(name);
    if (matches.length > 1) {
      problems.push(`${file}: the profile's source ${show(mapping.source)} matches several files (${matches.join(', ')}); leave only one`);
      continue;
    }
    const name = matches[0];
    if (name === undefined) continue;
    claimed.add(name);
    const path = join(dir, name);
    const st = await stat(path);
    const profile = options.profile as MappingProfile;
    sources.push({
      file,
      size: st.size,
      path,
      open: open(path),
      mapped: { name, mapping, profile, ...(mapping.sheet !== undefined ? { sheet: mapping.sheet } : {}) },
    });
  }
  if (problems.length) return failure(problems);
  const mappedTargets = new Set(sources.map((s) => s.file));
  for (const name of names) {
    if (claimed.has(name)) continue;
    const path = join(dir, name);
    if (SPEC_BY_FILE.has(name) && !mappedTargets.has(name)) {
      const st = await stat(path).catch(() => undefined);
      if (!st?.isFile()) continue;
      sources.push({ file: name, size: st.size, open: open(path) });
    } else if (/\.(csv|xlsx)$/i.test(name)) {
      ignored.push(name);
    }
  }
  if (sources.length === 0) {
    const expected = options.profile
      ? `the profile's sources (${Object.values(options.profile.files)
          .map((m) => m.source)
          .join(', ')}) or ${IMPORT_FILES.join(', ')}`
      : IMPORT_FILES.join(', ');
    return failure([`${dir}: no import files found; expected one or more of ${expected}`], undefined, ignored);
  }
  return runImport(db, sources, options, ignored);
}

/**
 * Validates and upserts the given files in one transaction: on any error nothing is
 * written and the result lists the errors. Throws only for infrastructure failures
 * (the database going away, a bug); never for bad input.
 */
export function importSources(db: Kysely<Database>, sources: ImportSource[], options: ImportOptions): Promise<ImportResult> {
  return runImport(db, sources, options, []);
}

async function runImport(db: Kysely<Database>, sources: ImportSource[], options: ImportOptions, ignored: string[]): Promise<ImportResult> {
  const log = new ErrorLog(options.maxErrors ?? DEFAULT_MAX_ERRORS);
  const byFile = new Map<string, ImportSource>();
  for (const source of sources) {
    const known = SPEC_BY_FILE.get(source.file);
    if (!known) ignored.push(source.file);
    else if (byFile.has(source.file)) log.add(known.order, 0, `${source.file}: given more than once`);
    else byFile.set(source.file, source);
  }
  const agencyId = options.agencyId;
  if (!isId(agencyId) || !(await agencyExists(db, agencyId))) {
    return failure([`agency ${show(agencyId)} does not exist`], undefined, ignored);
  }
  if (log.count > 0) return failure(log.list(), log.count, ignored);
  if (byFile.size === 0) {
    return failure([`nothing to import: expected one or more of ${IMPORT_FILES.join(', ')}`], undefined, ignored);
  }

  try {
    const done = await db
      .transaction()
      .setIsolationLevel('read committed')
      .execute(async (trx) => {
        const run = new ImportRun(trx, agencyId, log, options, [...byFile.keys()]);
        await run.begin();
        for (const [i, spec] of FILE_SPECS.entries()) {
          const source = byFile.get(spec.file);
          if (source) await run.importFile(spec, i, source);
        }
        run.finish();
        if (log.count > 0) throw new Rollback();
        await run.maintain();
        if (log.count > 0) throw new Rollback();
        const snapshots = FILE_SPECS.filter((spec) => {
          const source = byFile.get(spec.file);
          return source !== undefined && (options.snapshot?.includes(spec.file) || source.mapped?.mapping.mode === 'snapshot');
        });
        await run.deleteMissing(snapshots);
        if (log.count > 0) throw new Rollback();
        const auditId = await run.audit(options.actor ?? { userId: null, label: 'system' }, options.via, options.delivery);
        return { files: run.files, auditId };
      });
    const files = done.files;
    const totalRows = files.reduce((n, f) => n + f.rows, 0);
    await refreshStatistics(db, files);
    // the data-quality counts at this import, for "change since the previous import"; a
    // derived record: the import stands whether or not it could be written
    await recordDataQuality(db, agencyId, done.auditId, options.today).catch(() => {});
    return ignored.length ? { ok: true, files, totalRows, ignored } : { ok: true, files, totalRows };
  } catch (err) {
    if (err instanceof Rollback) return failure(log.list(), log.count, ignored);
    throw err;
  }
}

/**
 * Refresh planner statistics of the tables an import wrote. PostgreSQL's autovacuum
 * would get to it eventually; PGlite runs no autovacuum at all, and without
 * statistics the planner can pick plans that are orders of magnitude slower.
 */
async function refreshStatistics(db: Kysely<Database>, files: Array<{ file: string; rows: number }>) {
  const tables = files
    .filter((f) => f.rows > 0)
    .map((f) => f.file.replace(/\.csv$/, ''))
    .filter((table) => /^[a-z_]+$/.test(table));
  // the functional pairs derived from the assessments (the outcomes report reads them by date)
  if (tables.includes('assessments')) tables.push('assessment_pairs');
  // two at a time, on the pool's connections (PGlite runs them one after the other)
  const next = async (): Promise<void> => {
    const table = tables.shift();
    if (table === undefined) return;
    await sql.raw(`analyze ${table}`).execute(db);
    await next();
  };
  await Promise.all([next(), next()]);
}

function failure(errors: string[], errorCount = errors.length, ignored: string[] = []): ImportResult {
  return ignored.length ? { ok: false, errors, errorCount, ignored } : { ok: false, errors, errorCount };
}

async function agencyExists(db: Kysely<Database>, agencyId: string): Promise<boolean> {
  const row = await db.selectFrom('agencies').select('agency_id').where('agency_id', '=', agencyId).executeTakeFirst();
  return row !== undefined;
}

/** Thrown inside the transaction to roll it back when the run found errors. */
class Rollback extends Error {}

/** Errors in import order, capped; past the cap they are only counted. */
class ErrorLog {
  private readonly kept: Array<{ order: number; line: number; rank: number; seq: number; text: string }> = [];
  count = 0;
  constructor(private readonly cap: number) {}

  /** `rank` orders errors within one line (the column's position in the file spec). */
  add(order: number, line: number, text: string, rank = 0) {
    if (this.kept.length < this.cap) this.kept.push({ order, line, rank, seq: this.count, text });
    this.count++;
  }

  /** Sorted by file (import order), then line, then column; whole-file problems first. */
  list(): string[] {
    return [...this.kept].sort((a, b) => a.order - b.order || a.line - b.line || a.rank - b.rank || a.seq - b.seq).map((e) => e.text);
  }
}

interface Span {
  start: string;
  end: string | null;
  /** 0: a row already in the database */
  line: number;
}

interface Header {
  /** header position → column name */
  names: string[];
  width: number;
  /** column name → header position */
  index: Map<string, number>;
  /** the spec's columns' header positions, in the spec's order (undefined: not in the file) */
  slots: Array<number | undefined>;
  /** where a row is, in messages: "file:line", or "file, sheet S, row N" for a workbook */
  at(line: number): string;
  /** a target column as messages name it: the source column when mapped */
  label(column: string): string;
}

/** A mapped source's header: the source columns, and the plan that turns a source row into a target row. */
interface Mapped {
  plan: MappingPlan;
  sourceNames: string[];
}

/** A row as read from the source: CSV fields (text) or workbook cells. */
interface SourceRecord {
  line: number;
  cells: SourceCell[];
  problem?: CsvRecord['problem'];
  sheet?: string;
}

/** The records of a source, in chunks: the CSV reader over its bytes, or the rows of a worksheet. */
async function* sourceRecords(source: ImportSource, onBytes: (n: number) => void): AsyncGenerator<SourceRecord[]> {
  if (source.mapped && /\.xlsx$/i.test(source.mapped.name)) {
    // a workbook is a zip, read from its directory at the end: it needs a file
    let path = source.path;
    let spooled: string | undefined;
    if (path === undefined) {
      spooled = await mkdtemp(join(tmpdir(), 'caseload-xlsx-'));
      path = join(spooled, 'workbook.xlsx');
      const out = createWriteStream(path, { mode: 0o600 });
      for await (const chunk of toAsyncIterable(source.open())) {
        const bytes = toBytes(chunk);
        if (!out.write(bytes)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    }
    try {
      onBytes(source.size ?? 0);
      let batch: SourceRecord[] = [];
      for await (const r of sheetRows(path, source.mapped.sheet)) {
        batch.push({ line: r.row, cells: r.cells, sheet: r.sheet });
        if (batch.length >= 1000) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    } finally {
      if (spooled) await rm(spooled, { recursive: true, force: true });
    }
    return;
  }
  const stream = source.open();
  const reader = new CsvReader();
  const asRecords = (rs: CsvRecord[]): SourceRecord[] =>
    rs.map((r) => (r.problem ? { line: r.line, cells: r.fields, problem: r.problem } : { line: r.line, cells: r.fields }));
  for await (const chunk of toAsyncIterable(stream)) {
    const bytes = toBytes(chunk);
    onBytes(bytes.length);
    yield asRecords(reader.push(bytes));
  }
  yield asRecords(reader.end());
}

const cellText = (c: SourceCell): string =>
  c === null ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : typeof c === 'string' ? c : String(c);

/** A PostgreSQL error the data caused (class 22 data exception, 23 integrity violation). */
function isDataError(err: unknown): err is Error {
  const code = (err as { code?: unknown }).code;
  return err instanceof Error && typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

class ImportRun {
  /** keys of the referenced entities: rows in the database plus rows of this run */
  private readonly keys = new Map<RefTarget, Set<string>>();
  /** referenced files that could not be read to the end: references to them are not checked */
  private readonly broken = new Set<RefTarget>();
  private readonly supervisors: Array<{ line: number; staffId: string; where: string }> = [];
  /** the keys each file held, by file (snapshots delete what the file lacks) */
  readonly seenKeys = new Map<string, Map<string, number>>();
  /** per spans file (assignments, staff periods): the database's spans and this run's, by owner */
  private readonly dbSpans = new Map<string, Map<string, Span[]>>();
  private readonly runSpans = new Map<string, Map<string, Span[]>>();
  private inflight: Promise<void> | undefined;
  private failure: unknown;
  private dbRefused = false;
  readonly files: ImportedFile[] = [];
  /**
   * Rows are written with session_replication_role = replica (no foreign-key checks, no
   * triggers); maintain() then does their work set-based before anything else runs.
   */
  private setBased = false;
  /** set-based: every key a written row refers to, by entity, with where it was first named */
  private readonly referenced = new Map<RefTarget, Map<string, { order: number; line: number; rank: number; where: string }>>();
  /** set-based: the clients of the contacts rows of this run */
  private readonly contactClients = new Set<string>();
  /** set-based: the clients of the clients, assignments and assessments rows of this run (client_load_spans) */
  private readonly spanClients = new Set<string>();
  /** set-based: the clients of the assessments rows of this run (assessment_pairs) */
  private readonly pairClients = new Set<string>();
  /** set-based: the tables that held no row of the agency when the run began (their files are copied in) */
  private readonly emptyTables = new Set<string>();
  /** set-based: some file was copied in (a PostgreSQL server, not PGlite), its table whole */
  private copied = false;
  /** the file being copied in (COPY … FROM STDIN), with each copied row's source line */
  private copying: { stream: CopyIn; lines: number[] } | undefined;

  /** what the files' row rules are given */
  private readonly ruleContext: { today: string };

  constructor(
    private readonly trx: Kysely<Database>,
    private readonly agencyId: string,
    private readonly log: ErrorLog,
    private readonly options: ImportOptions,
    private readonly present: string[],
  ) {
    this.ruleContext = { today: options.today };
  }

  private get writing(): boolean {
    return this.log.count === 0 && !this.dbRefused;
  }

  private async query<R>(text: string, params: unknown[]): Promise<R[]> {
    const r = await this.trx.executeQuery<R>(CompiledQuery.raw(text, params));
    return r.rows;
  }

  /** Serializes imports into one agency, then loads the keys references are checked against. */
  async begin() {
    await this.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`caseload:import:${this.agencyId}`]);
    if (this.options.maintenance !== 'row') {
      // a role that may not set it (neither superuser nor granted SET on the parameter) keeps the row-by-row path
      await this.query('savepoint set_based', []);
      try {
        await this.query('set local session_replication_role = replica', []);
        await this.query('release savepoint set_based', []);
        this.setBased = true;
        for (const file of this.present) {
          const table = SPEC_BY_FILE.get(file)?.spec.table;
          if (!table) continue;
          const rows = await this.query<{ any: boolean }>(`select exists (select 1 from ${table} where agency_id = $1) as any`, [
            this.agencyId,
          ]);
          if (!rows[0]?.any) this.emptyTables.add(table);
        }
      } catch (err) {
        if ((err as { code?: unknown }).code !== '42501') throw err;
        await this.query('rollback to savepoint set_based', []);
      }
    }
    const needed = new Set<RefTarget>();
    for (const file of this.present) {
      for (const c of SPEC_BY_FILE.get(file)?.spec.columns ?? []) if (c.ref) needed.add(c.ref);
    }
    for (const target of needed) {
      const rows = await this.query<{ k: string }>(`select ${REF_KEY[target]} as k from ${target} where agency_id = $1`, [this.agencyId]);
      this.keys.set(target, new Set(rows.map((r) => r.k)));
    }
    for (const file of this.present) {
      const spec = SPEC_BY_FILE.get(file)?.spec;
      if (!spec?.spans) continue;
      const owner = spec.spans.owner;
      const rows = await this.query<{ o: string; s: string; e: string | null }>(
        `select ${owner} as o, to_char(start_on, 'YYYY-MM-DD') as s, to_char(end_on, 'YYYY-MM-DD') as e
           from ${spec.table} where agency_id = $1`,
        [this.agencyId],
      );
      this.dbSpans.set(file, groupSpans(rows.map((r) => ({ client: r.o, start: r.s, end: r.e, line: 0 }))));
    }
  }

  async importFile(spec: FileSpec, order: number, source: ImportSource) {
    const file = spec.file;
    const mappedSource = source.mapped;
    const sourceName = mappedSource?.name ?? file;
    const result: ImportedFile = mappedSource
      ? { file, source: sourceName, rows: 0, inserted: 0, updated: 0, unchanged: 0 }
      : { file, rows: 0, inserted: 0, updated: 0, unchanged: 0 };
    const seen = new Map<string, number>();
    // a table without the agency's rows gets the file's rows by COPY (PostgreSQL; PGlite keeps the statements)
    const stream = this.setBased && this.emptyTables.has(spec.table) ? await copyIn(this.trx, copyStatement(spec)) : null;
    this.copying = stream ? { stream, lines: [] } : undefined;
    if (stream) this.copied = true;
    const batch = new Batch(spec, this.copying ? { agencyId: this.agencyId, lines: this.copying.lines } : undefined);
    let header: Header | undefined;
    let mapped: Mapped | undefined;
    let bytes = 0;
    let fatal = false;
    let sheet: string | undefined;
    const progress = () =>
      this.options.onProgress?.({ file, rows: result.rows, bytes, ...(source.size !== undefined ? { totalBytes: source.size } : {}) });

    const where = () => (sheet !== undefined ? `${sourceName}, sheet ${sheet}` : sourceName);
    const fileError = (message: string) => {
      this.log.add(order, 0, `${where()}: ${message}`);
      fatal = true;
    };
    const at = (line: number) => (sheet !== undefined ? `${sourceName}, sheet ${sheet}, row ${line}` : `${sourceName}:${line}`);
    const columnOf = (field: number) =>
      mapped ? (mapped.sourceNames[field] ?? '(row)') : header ? (header.names[field] ?? '(row)') : '(header)';

    const readSourceHeader = (record: SourceRecord): Header | string => {
      if (!mappedSource) {
        const h = readHeader(spec, {
          line: record.line,
          fields: record.cells as string[],
          ...(record.problem ? { problem: record.problem } : {}),
        });
        if (typeof h === 'string') return h;
        return { ...h, at, label: (column) => column };
      }
      const names = record.cells.map(cellText);
      if (record.problem) return `wrong header: ${record.problem.message} (column ${record.problem.field + 1})`;
      const plan = planMapping(spec, mappedSource.mapping, mappedSource.profile, names);
      if (typeof plan === 'string') return plan;
      mapped = { plan, sourceNames: names };
      return {
        names: spec.columns.map((c) => c.name),
        width: spec.columns.length,
        index: new Map(spec.columns.map((c, i) => [c.name, i])),
        slots: spec.columns.map((_, i) => i),
        at,
        label: plan.label,
      };
    };

    const handle = async (records: SourceRecord[]) => {
      for (const record of records) {
        if (record.sheet !== undefined) sheet = record.sheet;
        if (!header) {
          const h = readSourceHeader(record);
          if (typeof h === 'string') {
            fileError(h);
            return;
          }
          header = h;
          continue;
        }
        result.rows++;
        if (mapped) {
          const line = record.line;
          if (record.problem) {
            this.log.add(order, line, `${at(line)}: ${columnOf(record.problem.field)}: ${record.problem.message}`);
          } else if (record.sheet === undefined && record.cells.length !== mapped.sourceNames.length) {
            this.log.add(order, line, `${at(line)}: (row): has ${record.cells.length} fields; the header has ${mapped.sourceNames.length}`);
          } else {
            const { fields, errors } = mapped.plan.map(record.cells);
            this.validateRow(spec, order, header, line, fields, undefined, seen, batch, errors);
          }
        } else {
          this.validateRow(spec, order, header, record.line, record.cells as string[], record.problem, seen, batch);
        }
        if (batch.size >= BATCH_ROWS) await this.flush(spec, order, batch, result, header);
        if (result.rows % BATCH_ROWS === 0) progress();
      }
    };

    let iterator: AsyncIterator<SourceRecord[]> | undefined;
    let done = false;
    try {
      for (;;) {
        let next: IteratorResult<SourceRecord[]>;
        try {
          iterator ??= sourceRecords(source, (n) => {
            bytes += n;
          })[Symbol.asyncIterator]();
          next = await iterator.next();
        } catch (err) {
          if (err instanceof CsvFatal || err instanceof WorkbookFatal) throw err;
          fileError(`the file could not be read (${err instanceof Error ? err.message : String(err)})`);
          break;
        }
        if (next.done) {
          done = true;
          if (!header && !fatal)
            fileError(`the file is empty; expected a header row naming the columns ${mappedSource ? 'of the export' : columnList(spec)}`);
          break;
        }
        await handle(next.value);
        if (fatal) break;
      }
    } catch (err) {
      if (!(err instanceof CsvFatal) && !(err instanceof WorkbookFatal)) throw err;
      if (err instanceof CsvFatal && err.at)
        this.log.add(order, err.at.line, `${at(err.at.line)}: ${columnOf(err.at.field)}: ${err.message}`);
      else this.log.add(order, 0, `${where()}: ${err.message}`);
      fatal = true;
    } finally {
      // Stop reading a file given up on (closes the stream).
      if (!done) await iterator?.return?.(undefined).catch(() => {});
    }
    if (fatal && REF_TARGETS.has(spec.table)) this.broken.add(spec.table as RefTarget);

    await this.flush(spec, order, batch, result, header);
    await this.settle();
    if (this.copying) {
      const { stream, lines } = this.copying;
      this.copying = undefined;
      try {
        result.inserted += await stream.end();
      } catch (err) {
        this.refused(spec, order, err, header, lines);
        if (this.failure) throw this.failure;
      }
    }
    progress();

    const target = spec.table as RefTarget;
    const keys = this.keys.get(target);
    if (keys) for (const k of seen.keys()) keys.add(k);
    if (spec.spans) this.checkOverlaps(spec, order, header);
    this.seenKeys.set(file, seen);

    result.unchanged = result.rows - result.inserted - result.updated;
    this.files.push(result);
  }

  /** An error in a cell of row `line`: ordered by the column's place in the file spec. */
  private cellError(spec: FileSpec, order: number, header: Header, line: number, column: string, message: string) {
    this.log.add(order, line, `${header.at(line)}: ${header.label(column)}: ${message}`, columnRank(spec, column));
  }

  // no closures are made per row: at 2.5 M rows their allocation (and tsx's naming of each) showed
  private validateRow(
    spec: FileSpec,
    order: number,
    header: Header,
    line: number,
    fields: string[],
    problem: CsvRecord['problem'],
    seen: Map<string, number>,
    batch: Batch,
    mapErrors?: Map<string, string>,
  ) {
    if (problem) {
      this.log.add(order, line, `${header.at(line)}: ${header.names[problem.field] ?? '(row)'}: ${problem.message}`);
      return;
    }
    if (fields.length !== header.width) {
      this.log.add(order, line, `${header.at(line)}: (row): has ${fields.length} fields; the header has ${header.width}`);
      return;
    }

    const row: Row = {};
    let failed: Set<string> | undefined;
    const columns = spec.columns;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c] as (typeof columns)[number];
      const mapError = mapErrors?.get(column.name);
      if (mapError !== undefined) {
        this.cellError(spec, order, header, line, column.name, mapError);
        (failed ??= new Set()).add(column.name);
        continue;
      }
      const at = header.slots[c];
      const raw = at === undefined ? '' : (fields[at] as string);
      if (raw === '') {
        if (column.required) {
          this.cellError(spec, order, header, line, column.name, 'is required');
          (failed ??= new Set()).add(column.name);
        } else {
          row[column.name] = column.empty ?? null;
        }
        continue;
      }
      const value = column.type.parse(raw);
      if (value instanceof Invalid) {
        this.cellError(spec, order, header, line, column.name, value.message);
        (failed ??= new Set()).add(column.name);
      } else {
        row[column.name] = value;
      }
    }

    if (allOk(failed, spec.key)) {
      const key = spec.key.length === 1 ? (row[spec.key[0] as string] as string) : spec.key.map((k) => row[k] as string).join('|');
      const first = seen.get(key);
      if (first !== undefined) {
        const last = spec.key[spec.key.length - 1] as string;
        const what =
          spec.key.length === 1 ? `${last} ${show(key)}` : `key ${spec.key.map((k) => `${k} ${show(row[k] as string)}`).join(', ')}`;
        this.cellError(spec, order, header, line, last, `duplicate ${what} (first on line ${first})`);
        return;
      }
      seen.set(key, line);
    }

    for (const column of spec.columns) {
      const value = row[column.name];
      if (!column.ref || typeof value !== 'string' || failed?.has(column.name)) continue;
      if (this.setBased) {
        let byKey = this.referenced.get(column.ref);
        if (!byKey) this.referenced.set(column.ref, (byKey = new Map()));
        if (!byKey.has(value))
          byKey.set(value, { order, line, rank: columnRank(spec, column.name), where: `${header.at(line)}: ${header.label(column.name)}` });
      }
      if (column.deferred) {
        this.supervisors.push({ line, staffId: value, where: `${header.at(line)}: ${header.label(column.name)}` });
      } else if (!this.broken.has(column.ref) && !this.keys.get(column.ref)?.has(value)) {
        const label = REF_LABEL[column.ref];
        this.cellError(spec, order, header, line, column.name, `no ${label.noun} ${show(value)} in ${label.file} or the database`);
      }
    }

    let spanOk =
      spec.spans !== undefined &&
      (failed === undefined || (!failed.has(spec.spans.owner) && !failed.has('start_on') && !failed.has('end_on')));
    for (const rule of spec.rules) {
      if (!allOk(failed, rule.columns)) continue;
      const problem = rule.check(row, this.ruleContext);
      if (problem) {
        this.cellError(spec, order, header, line, problem.column, problem.message);
        spanOk = false;
      }
    }

    if (spec.spans && spanOk) {
      const owner = row[spec.spans.owner] as string;
      let byOwner = this.runSpans.get(spec.file);
      if (!byOwner) this.runSpans.set(spec.file, (byOwner = new Map()));
      let list = byOwner.get(owner);
      if (!list) byOwner.set(owner, (list = []));
      list.push({ start: row.start_on as string, end: row.end_on as string | null, line });
    }

    if (this.writing) {
      batch.add(row, line);
      if (this.setBased && spec.table === 'contacts') this.contactClients.add(row.client_id as string);
      if (this.setBased && SPAN_TABLES.has(spec.table)) this.spanClients.add(row.client_id as string);
      if (this.setBased && spec.table === 'assessments') this.pairClients.add(row.client_id as string);
    }
  }

  /** Sends the batch to the database (one statement in flight while the next is parsed). */
  private async flush(spec: FileSpec, order: number, batch: Batch, result: ImportedFile, header?: Header) {
    if (batch.size === 0) return;
    if (!this.writing) {
      batch.clear();
      return;
    }
    if (this.copying) {
      const { stream, lines } = this.copying;
      try {
        await stream.write(batch.takeText());
      } catch (err) {
        this.copying = undefined;
        this.refused(spec, order, err, header, lines);
        if (this.failure) throw this.failure;
      }
      return;
    }
    const params = [this.agencyId, ...batch.take()];
    await this.settle();
    if (!this.writing) return;
    this.inflight = this.query<{ inserted: number; written: number }>(this.setBased ? mergeSql(spec) : upsertSql(spec), params).then(
      (rows) => {
        result.inserted += rows[0]?.inserted ?? 0;
        result.updated += (rows[0]?.written ?? 0) - (rows[0]?.inserted ?? 0);
      },
      (err: unknown) => this.refused(spec, order, err),
    );
  }

  /**
   * The database refused what validation let through: say what it said rather than fail
   * obscurely, naming the row's line and column when COPY said which it was.
   */
  private refused(spec: FileSpec, order: number, err: unknown, header?: Header, lines?: number[]) {
    if (!isDataError(err)) {
      this.failure = err;
      return;
    }
    this.dbRefused = true;
    const at = lines ? /\bline (\d+)(?:, column (\w+))?/.exec(String((err as { where?: unknown }).where ?? '')) : null;
    const line = at ? lines?.[Number(at[1]) - 1] : undefined;
    if (at && line !== undefined) {
      const column = at[2];
      const where = header ? header.at(line) : `${spec.file}:${line}`;
      const label = column ? (header ? header.label(column) : column) : '(row)';
      this.log.add(order, line, `${where}: ${label}: the database refused the row: ${err.message}`, column ? columnRank(spec, column) : 0);
    } else {
      this.log.add(order, 0, `${spec.file}: the database refused a row: ${err.message}`);
    }
  }

  private async settle() {
    const inflight = this.inflight;
    this.inflight = undefined;
    if (inflight) await inflight;
    if (this.failure) throw this.failure;
  }

  /** An owner's spans may not overlap (a client's assignments, a member's periods), counting those already in the database. */
  private checkOverlaps(spec: FileSpec, order: number, header: Header | undefined) {
    const file = spec.file;
    const at = (line: number) => header?.at(line) ?? `${file}:${line}`;
    const startLabel = header?.label('start_on') ?? 'start_on';
    const { what, ownerNoun } = spec.spans as NonNullable<FileSpec['spans']>;
    const span = (a: Span) => (a.end ? `from ${a.start} to ${a.end}` : `from ${a.start} (open-ended)`);
    const inDb = this.dbSpans.get(file);
    for (const [owner, runList] of this.runSpans.get(file) ?? []) {
      const replaced = new Set(runList.map((a) => a.start));
      const all = [...(inDb?.get(owner) ?? []).filter((a) => !replaced.has(a.start)), ...runList];
      all.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.line - b.line));
      let reach: Span | undefined;
      for (const a of all) {
        if (reach && (reach.end === null || a.start < reach.end) && (a.line > 0 || reach.line > 0)) {
          const [a2, other] = a.line >= reach.line ? [a, reach] : [reach, a];
          const where = other.line > 0 ? `(line ${other.line})` : '(already in the database)';
          this.log.add(
            order,
            a2.line,
            `${at(a2.line)}: ${startLabel}: overlaps the ${what} of ${ownerNoun} ${show(owner)} ${span(other)} ${where}`,
            columnRank(spec, 'start_on'),
          );
        }
        if (!reach || (reach.end !== null && (a.end === null || a.end > reach.end))) reach = a;
      }
    }
    this.runSpans.delete(file);
    this.dbSpans.delete(file);
  }

  /**
   * The set-based path's end, before anything else writes: triggers and foreign-key
   * checks are back on, then what they would have done for the rows written is done
   * once. Every referenced row is locked as a foreign-key check locks it (so nothing
   * deletes it before this transaction ends) and must still exist; the agency's data
   * version is bumped if any row changed; each client whose record, assignments or
   * assessments changed gets its load spans recomputed (client_load_spans), each client
   * whose assessments changed its functional pairs (assessment_pairs), and each client
   * whose contacts changed its latest contacts (client_latest_contacts).
   */
  async maintain() {
    if (!this.setBased) return;
    this.setBased = false;
    await this.query('set local session_replication_role = origin', []);
    const written = this.files.reduce((n, f) => n + f.inserted + f.updated, 0);
    if (written === 0) return;
    await this.query('select 1 from agencies where agency_id = $1 for key share', [this.agencyId]);
    for (const [target, byKey] of this.referenced) {
      const ids = [...byKey.keys()];
      const found = await this.query<{ k: string }>(
        `select ${REF_KEY[target]} as k from ${target} where agency_id = $1 and ${REF_KEY[target]} = any($2::text[]) for key share`,
        [this.agencyId, ids],
      );
      if (found.length === ids.length) continue;
      // deleted by another transaction since the run began (an import of the agency waits for this one)
      const present = new Set(found.map((r) => r.k));
      const label = REF_LABEL[target];
      for (const [id, at] of byKey) {
        if (!present.has(id))
          this.log.add(at.order, at.line, `${at.where}: ${label.noun} ${show(id)} was deleted while the import ran`, at.rank);
      }
    }
    if (this.log.count > 0) return;
    await this.query(
      `insert into data_versions as d (agency_id, version, changed_at) values ($1, 1, now())
         on conflict (agency_id) do update set version = d.version + 1, changed_at = now()`,
      [this.agencyId],
    );
    // a whole table copied in: the spans of every client are sorted and grouped at once, in
    // memory rather than in batches spilled to disk (PostgreSQL's default work_mem is 4 MB;
    // a server set higher keeps its own)
    if (this.copied) {
      await this.query(
        `select set_config('work_mem', '64MB', true) where pg_size_bytes(current_setting('work_mem')) < pg_size_bytes('64MB')`,
        [],
      );
    }
    await this.refreshLoadSpans();
    await this.refreshAssessmentPairs();
    const contacts = this.files.find((f) => f.file === 'contacts.csv');
    if (!contacts || contacts.inserted + contacts.updated === 0) return;
    const clients = new Set(this.contactClients);
    if (contacts.updated > 0) {
      // a contact moved to another client may have been its old client's latest
      const moved = await this.query<{ c: string }>(
        `select t.client_id as c from client_latest_contacts t
           left join contacts a on a.agency_id = t.agency_id and a.contact_id = t.any_id
           left join contacts f on f.agency_id = t.agency_id and f.contact_id = t.f2f_id
         where t.agency_id = $1
           and ((t.any_id is not null and a.client_id is distinct from t.client_id)
             or (t.f2f_id is not null and f.client_id is distinct from t.client_id))`,
        [this.agencyId],
      );
      for (const r of moved) clients.add(r.c);
    }
    const list = [...clients];
    await this.query('select refresh_client_latest_contacts(array_fill($1::text, array[$3::int]), $2::text[])', [
      this.agencyId,
      list,
      list.length,
    ]);
  }

  /**
   * client_load_spans for the clients whose record, assignments or assessments this run
   * wrote (what the tables' triggers do row by row). An assignment or assessment updated
   * in place may have moved to another client, whose spans then changed too: after any
   * such update every client of the agency is recomputed.
   */
  private async refreshLoadSpans() {
    const written = this.files.filter((f) => SPAN_FILES.has(f.file) && f.inserted + f.updated > 0);
    if (written.length === 0) return;
    const moved = written.some((f) => f.file !== 'clients.csv' && f.updated > 0);
    await this.refreshClients('refresh_client_load_spans', moved ? 'all' : this.spanClients);
  }

  /** assessment_pairs for the clients whose assessments this run wrote, as refreshLoadSpans. */
  private async refreshAssessmentPairs() {
    const file = this.files.find((f) => f.file === 'assessments.csv');
    if (!file || file.inserted + file.updated === 0) return;
    await this.refreshClients('refresh_assessment_pairs', file.updated > 0 ? 'all' : this.pairClients);
  }

  /** Calls a table's refresh function (migrations) for these clients of the agency, or all of them. */
  private async refreshClients(fn: 'refresh_client_load_spans' | 'refresh_assessment_pairs', clients: ReadonlySet<string> | 'all') {
    if (clients === 'all') {
      await this.query(`select ${fn}(array_agg(agency_id), array_agg(client_id)) from clients where agency_id = $1`, [this.agencyId]);
      return;
    }
    const list = [...clients];
    await this.query(`select ${fn}(array_fill($1::text, array[$3::int]), $2::text[])`, [this.agencyId, list, list.length]);
  }

  /** Checks after the whole run what may refer forward: a team's supervisor. */
  finish() {
    const staff = this.keys.get('staff');
    if (!staff || this.broken.has('staff')) return;
    const order = SPEC_BY_FILE.get('teams.csv')?.order ?? 0;
    for (const { line, staffId, where } of this.supervisors) {
      if (!staff.has(staffId)) {
        this.log.add(
          order,
          line,
          `${where}: no staff member ${show(staffId)} in staff.csv or the database`,
          columnRank(FILE_SPECS[order] as FileSpec, 'supervisor_staff_id'),
        );
      }
    }
  }

  /**
   * Full snapshots: deletes the agency's rows of each snapshot file's entity that the
   * file lacks, children first (reverse import order), nothing else. A row something
   * else still refers to is not deleted behind its back: the run fails naming it.
   */
  async deleteMissing(specs: readonly FileSpec[]) {
    for (const spec of [...specs].reverse()) {
      const order = SPEC_BY_FILE.get(spec.file)?.order ?? 0;
      const seen = this.seenKeys.get(spec.file) ?? new Map<string, number>();
      const keyColumns = spec.key.map((k) => spec.columns.find((c) => c.name === k) as FileSpec['columns'][number]);
      const arrays = keyColumns.map(() => [] as string[]);
      for (const key of seen.keys()) {
        // ids and dates never hold '|', so the joined key splits back exactly
        key.split('|').forEach((part, i) => (arrays[i] as string[]).push(part));
      }
      const params = keyColumns.map((c, i) => `$${i + 2}::${SQL_ARRAY[c.type.sql]}`);
      const match = keyColumns.map((c, i) => `k.c${i} = t.${c.name}`).join(' and ');
      const text = `with d as (
          delete from ${spec.table} t where t.agency_id = $1
            and not exists (select 1 from unnest(${params.join(', ')}) as k(${keyColumns.map((_, i) => `c${i}`).join(', ')}) where ${match})
          returning 1
        ) select count(*)::int as n from d`;
      await this.query('savepoint snapshot_delete', []);
      try {
        const rows = await this.query<{ n: number }>(text, [this.agencyId, ...arrays]);
        await this.query('release savepoint snapshot_delete', []);
        const file = this.files.find((f) => f.file === spec.file);
        if (file) file.deleted = rows[0]?.n ?? 0;
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code !== '23503') throw err;
        await this.query('rollback to savepoint snapshot_delete', []);
        const detail = String((err as { detail?: unknown }).detail ?? '');
        const m = /=\((.*)\) is still referenced from table "([a-z_]+)"/.exec(detail);
        const key = m ? (m[1] as string).split(', ').slice(1).join(', ') : '';
        const child = m ? (m[2] as string) : 'another table';
        this.log.add(
          order,
          0,
          `${spec.file}: the snapshot would delete ${key ? `${spec.key.join(', ')} ${show(key)}, which` : 'rows that'} ${child} still refers to; send ${child}.csv as a snapshot too, or keep the row in the export`,
        );
        return;
      }
    }
  }

  async audit(actor: { userId: string | null; label: string }, via: ImportOptions['via'], delivery?: string): Promise<number> {
    const totalRows = this.files.reduce((n, f) => n + f.rows, 0);
    const rows = await this.query<{ audit_id: number | string }>(
      `insert into audit_log (agency_id, user_id, actor, action, details) values ($1, $2, $3, 'import', $4::jsonb) returning audit_id`,
      [
        this.agencyId,
        actor.userId,
        actor.label,
        JSON.stringify({ files: this.files, totalRows, actor: actor.label, ...(via ? { via } : {}), ...(delivery ? { delivery } : {}) }),
      ],
    );
    return Number(rows[0]?.audit_id);
  }
}

function groupSpans(rows: Array<Span & { client: string }>): Map<string, Span[]> {
  const out = new Map<string, Span[]>();
  for (const { client, ...span } of rows) {
    let list = out.get(client);
    if (!list) out.set(client, (list = []));
    list.push(span);
  }
  return out;
}

/** No column of `names` failed to parse. */
function allOk(failed: Set<string> | undefined, names: readonly string[]): boolean {
  if (failed === undefined) return true;
  for (const name of names) if (failed.has(name)) return false;
  return true;
}

/** A column's position in the file spec; errors on a row are listed in this order. */
function columnRank(spec: FileSpec, column: string): number {
  const at = spec.columns.findIndex((c) => c.name === column);
  return at < 0 ? spec.columns.length : at;
}

function columnList(spec: FileSpec): string {
  return spec.columns.map((c) => c.name).join(', ');
}

/** The header: exactly the file's column names, in any order. A string is the error. */
function readHeader(spec: FileSpec, record: CsvRecord): Omit<Header, 'at' | 'label'> | string {
  const expected = `the columns are ${columnList(spec)} (any order; required: ${spec.columns
    .filter((c) => c.required)
    .map((c) => c.name)
    .join(', ')})`;
  const known = new Map(spec.columns.map((c) => [c.name, c]));
  const index = new Map<string, number>();
  const problems: string[] = [];
  if (record.problem) problems.push(`${record.problem.message} (column ${record.problem.field + 1})`);
  record.fields.forEach((name, i) => {
    if (name === '') problems.push(`column ${i + 1} has no name`);
    else if (!known.has(name)) {
      const near = spec.columns.find((c) => c.name === name.trim().toLowerCase());
      problems.push(`unknown column ${show(name)}${near ? ` (did you mean "${near.name}"?)` : ''}`);
    } else if (index.has(name)) problems.push(`column ${show(name)} appears twice`);
    else index.set(name, i);
  });
  if (index.size === 0) {
    return `wrong header: the first line must name the columns; ${expected}; found ${show(record.fields.join(','))}`;
  }
  for (const c of spec.columns) if (c.required && !index.has(c.name)) problems.push(`missing required column "${c.name}"`);
  if (problems.length) return `wrong header: ${problems.join('; ')}; ${expected}`;
  return { names: record.fields, width: record.fields.length, index, slots: spec.columns.map((c) => index.get(c.name)) };
}

/**
 * One statement's rows: column-wise arrays for an insert statement, or (`copy`) lines
 * of COPY's text format, with each row's source line for the database's messages.
 */
class Batch {
  private cols: unknown[][];
  private text = '';
  size = 0;
  constructor(
    private readonly spec: FileSpec,
    private readonly copy?: { agencyId: string; lines: number[] },
  ) {
    this.cols = copy ? [] : spec.columns.map(() => []);
  }

  add(row: Row, line: number) {
    const columns = this.spec.columns;
    if (this.copy) {
      let text = this.copy.agencyId;
      for (const c of columns) text += `\t${copyValue(row[c.name], c.type.sql)}`;
      this.text += `${text}\n`;
      this.copy.lines.push(line);
      this.size++;
      return;
    }
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i] as (typeof columns)[number];
      const v = row[c.name];
      // Lists travel as one ';'-joined string (items cannot hold ';'); SQL splits them.
      (this.cols[i] as unknown[]).push(c.type.sql === 'list' ? (v as string[]).join(';') || null : v);
    }
    this.size++;
  }

  take(): unknown[][] {
    const out = this.cols;
    this.clear();
    return out;
  }

  takeText(): string {
    const out = this.text;
    this.clear();
    return out;
  }

  clear() {
    this.cols = this.copy ? [] : this.spec.columns.map(() => []);
    this.text = '';
    this.size = 0;
  }
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text for COPY's text format: backslash, tab, newline and carriage return escaped. */
function copyEscape(text: string): string {
  return COPY_SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] as string) : text;
}

/** A parsed cell as COPY's text format has it: \N for null, t/f, numbers, an array literal for a list. */
function copyValue(value: unknown, type: string): string {
  if (type === 'list') {
    const items = value as string[];
    return copyEscape(`{${items.map((item) => `"${item.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`);
  }
  if (value === null || value === undefined) return '\\N';
  if (type === 'bool') return value ? 't' : 'f';
  if (type === 'int' || type === 'float8') return String(value);
  return copyEscape(value as string);
}

const SQL_ARRAY: Record<string, string> = {
  text: 'text[]',
  date: 'date[]',
  int: 'int[]',
  float8: 'float8[]',
  bool: 'bool[]',
  list: 'text[]',
};

const upsertCache = new Map<string, string>();

/**
 * One statement per batch: the rows travel as one array per column (few parameters,
 * fast on pg and PGlite), conflicting keys update only rows that differ, and the
 * statement reports how many rows were new and how many changed.
 */
function upsertSql(spec: FileSpec): string {
  const cached = upsertCache.get(spec.file);
  if (cached) return cached;
  const t = spec.table;
  const names = spec.columns.map((c) => c.name);
  const params = spec.columns.map((c, i) => `$${i + 2}::${SQL_ARRAY[c.type.sql]}`);
  const select = spec.columns.map((c) => (c.type.sql === 'list' ? `coalesce(string_to_array(u.${c.name}, ';'), '{}')` : `u.${c.name}`));
  const update = names.filter((n) => !spec.key.includes(n));
  const text = `with w as (
      insert into ${t} (agency_id, ${names.join(', ')})
      select $1, ${select.join(', ')} from unnest(${params.join(', ')}) as u(${names.join(', ')})
      on conflict (agency_id, ${spec.key.join(', ')}) do update
        set ${update.map((n) => `${n} = excluded.${n}`).join(', ')}
        where (${update.map((n) => `${t}.${n}`).join(', ')}) is distinct from (${update.map((n) => `excluded.${n}`).join(', ')})
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as inserted, count(*)::int as written from w`;
  upsertCache.set(spec.file, text);
  return text;
}

/** COPY of a file's rows straight into its table (the set-based path, when the agency has none yet). */
function copyStatement(spec: FileSpec): string {
  return `copy ${spec.table} (agency_id, ${columnList(spec)}) from stdin`;
}

const mergeCache = new Map<string, string>();

/**
 * The set-based path's statement per batch (no triggers fire; the one import of the
 * agency at a time holds its advisory lock): rows whose key the agency has are updated
 * where they differ, the others inserted, without ON CONFLICT's speculative insertion.
 */
function mergeSql(spec: FileSpec): string {
  const cached = mergeCache.get(spec.file);
  if (cached) return cached;
  const t = spec.table;
  const names = spec.columns.map((c) => c.name);
  const params = spec.columns.map((c, i) => `$${i + 2}::${SQL_ARRAY[c.type.sql]}`);
  const select = spec.columns.map((c) => (c.type.sql === 'list' ? `coalesce(string_to_array(u.${c.name}, ';'), '{}')` : `u.${c.name}`));
  const update = names.filter((n) => !spec.key.includes(n));
  const match = spec.key.map((k) => `t.${k} = u.${k}`).join(' and ');
  const text = `with u as (
      select ${select.map((e, i) => `${e} as ${names[i]}`).join(', ')} from unnest(${params.join(', ')}) as u(${names.join(', ')})
    ), changed as (
      update ${t} t set ${update.map((n) => `${n} = u.${n}`).join(', ')}
      from u where t.agency_id = $1 and ${match}
        and (${update.map((n) => `t.${n}`).join(', ')}) is distinct from (${update.map((n) => `u.${n}`).join(', ')})
      returning 1
    ), added as (
      insert into ${t} (agency_id, ${names.join(', ')})
      select $1, ${names.map((n) => `u.${n}`).join(', ')} from u
      where not exists (select 1 from ${t} t where t.agency_id = $1 and ${match})
      returning 1
    )
    select (select count(*) from added)::int as inserted, ((select count(*) from added) + (select count(*) from changed))::int as written`;
  mergeCache.set(spec.file, text);
  return text;
}

function toAsyncIterable(s: NodeJS.ReadableStream | AsyncIterable<Uint8Array>): AsyncIterable<unknown> {
  return s as AsyncIterable<unknown>;
}

function toBytes(chunk: unknown): Uint8Array {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return chunk;
  throw new TypeError('an import source yielded something other than bytes');
}
