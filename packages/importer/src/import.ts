import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '@caseload/db';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { CsvFatal, type CsvRecord, CsvReader } from './csv.ts';
import { FILE_SPECS, type FileSpec, IMPORT_FILES, REF_KEY, REF_LABEL, type RefTarget, type Row } from './files.ts';
import { Invalid, isId, show } from './values.ts';

export { IMPORT_FILES };

export interface ImportSource {
  /** the file name: 'contacts.csv' etc. (see IMPORT_FILES) */
  file: string;
  open(): NodeJS.ReadableStream | AsyncIterable<Uint8Array>;
  /** size in bytes, when known (for progress) */
  size?: number;
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
}

export interface ImportedFile {
  file: string;
  /** data rows in the file */
  rows: number;
  /** rows that were new */
  inserted: number;
  /** rows that existed and changed */
  updated: number;
  /** rows that existed unchanged */
  unchanged: number;
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

/**
 * Imports every known file in `dir` (domain.md "CSV import format"), all or nothing.
 * Other `*.csv` files are not imported; they are listed in `ignored`.
 */
export async function importDirectory(
  db: Kysely<Database>,
  dir: string,
  options: ImportOptions,
): Promise<ImportResult> {
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
  for (const name of names) {
    const path = join(dir, name);
    if (SPEC_BY_FILE.has(name)) {
      const st = await stat(path).catch(() => undefined);
      if (!st?.isFile()) continue;
      sources.push({ file: name, size: st.size, open: () => createReadStream(path, { highWaterMark: 256 * 1024 }) });
    } else if (name.toLowerCase().endsWith('.csv')) {
      ignored.push(name);
    }
  }
  if (sources.length === 0) {
    return failure(
      [`${dir}: no import files found; expected one or more of ${IMPORT_FILES.join(', ')}`],
      undefined,
      ignored,
    );
  }
  return runImport(db, sources, options, ignored);
}

/**
 * Validates and upserts the given files in one transaction: on any error nothing is
 * written and the result lists the errors. Throws only for infrastructure failures
 * (the database going away, a bug); never for bad input.
 */
export function importSources(
  db: Kysely<Database>,
  sources: ImportSource[],
  options: ImportOptions,
): Promise<ImportResult> {
  return runImport(db, sources, options, []);
}

async function runImport(
  db: Kysely<Database>,
  sources: ImportSource[],
  options: ImportOptions,
  ignored: string[],
): Promise<ImportResult> {
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
    const files = await db
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
        await run.audit(options.actor ?? { userId: null, label: 'system' });
        return run.files;
      });
    const totalRows = files.reduce((n, f) => n + f.rows, 0);
    await refreshStatistics(db, files);
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
  const tables = files.filter((f) => f.rows > 0).map((f) => f.file.replace(/\.csv$/, ''));
  for (const table of tables) {
    if (!/^[a-z_]+$/.test(table)) continue;
    await sql.raw(`analyze ${table}`).execute(db);
  }
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
    return [...this.kept]
      .sort((a, b) => a.order - b.order || a.line - b.line || a.rank - b.rank || a.seq - b.seq)
      .map((e) => e.text);
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
}

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
  private readonly supervisors: Array<{ line: number; staffId: string }> = [];
  /** per spans file (assignments, staff periods): the database's spans and this run's, by owner */
  private readonly dbSpans = new Map<string, Map<string, Span[]>>();
  private readonly runSpans = new Map<string, Map<string, Span[]>>();
  private inflight: Promise<void> | undefined;
  private failure: unknown;
  private dbRefused = false;
  readonly files: ImportedFile[] = [];

  constructor(
    private readonly trx: Kysely<Database>,
    private readonly agencyId: string,
    private readonly log: ErrorLog,
    private readonly options: ImportOptions,
    private readonly present: string[],
  ) {}

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
    const needed = new Set<RefTarget>();
    for (const file of this.present) {
      for (const c of SPEC_BY_FILE.get(file)?.spec.columns ?? []) if (c.ref) needed.add(c.ref);
    }
    for (const target of needed) {
      const rows = await this.query<{ k: string }>(
        `select ${REF_KEY[target]} as k from ${target} where agency_id = $1`,
        [this.agencyId],
      );
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
    const result: ImportedFile = { file, rows: 0, inserted: 0, updated: 0, unchanged: 0 };
    const seen = new Map<string, number>();
    const batch = new Batch(spec);
    const reader = new CsvReader();
    let header: Header | undefined;
    let bytes = 0;
    let fatal = false;
    const progress = () =>
      this.options.onProgress?.({ file, rows: result.rows, bytes, ...(source.size !== undefined ? { totalBytes: source.size } : {}) });

    const fileError = (message: string) => {
      this.log.add(order, 0, `${file}: ${message}`);
      fatal = true;
    };
    const columnOf = (field: number) => (header ? (header.names[field] ?? '(row)') : '(header)');

    const handle = async (records: CsvRecord[]) => {
      for (const record of records) {
        if (!header) {
          const h = readHeader(spec, record);
          if (typeof h === 'string') {
            fileError(h);
            return;
          }
          header = h;
          continue;
        }
        result.rows++;
        this.validateRow(spec, order, header, record, seen, batch);
        if (batch.size >= BATCH_ROWS) await this.flush(spec, order, batch, result);
        if (result.rows % BATCH_ROWS === 0) progress();
      }
    };

    let iterator: AsyncIterator<unknown> | undefined;
    let done = false;
    try {
      for (;;) {
        let next: IteratorResult<unknown>;
        try {
          iterator ??= toAsyncIterable(source.open())[Symbol.asyncIterator]();
          next = await iterator.next();
        } catch (err) {
          fileError(`the file could not be read (${err instanceof Error ? err.message : String(err)})`);
          break;
        }
        if (next.done) {
          done = true;
          await handle(reader.end());
          if (!header && !fatal) fileError(`the file is empty; expected a header row naming the columns ${columnList(spec)}`);
          break;
        }
        const chunk = toBytes(next.value);
        bytes += chunk.length;
        await handle(reader.push(chunk));
        if (fatal) break;
      }
    } catch (err) {
      if (!(err instanceof CsvFatal)) throw err;
      if (err.at) this.log.add(order, err.at.line, `${file}:${err.at.line}: ${columnOf(err.at.field)}: ${err.message}`);
      else this.log.add(order, 0, `${file}: ${err.message}`);
      fatal = true;
    } finally {
      // Stop reading a file given up on (closes the stream).
      if (!done) await iterator?.return?.().catch(() => {});
    }
    if (fatal && REF_TARGETS.has(spec.table)) this.broken.add(spec.table as RefTarget);

    await this.flush(spec, order, batch, result);
    await this.settle();
    progress();

    const target = spec.table as RefTarget;
    const keys = this.keys.get(target);
    if (keys) for (const k of seen.keys()) keys.add(k);
    if (spec.spans) this.checkOverlaps(spec, order);

    result.unchanged = result.rows - result.inserted - result.updated;
    this.files.push(result);
  }

  private validateRow(
    spec: FileSpec,
    order: number,
    header: Header,
    record: CsvRecord,
    seen: Map<string, number>,
    batch: Batch,
  ) {
    const file = spec.file;
    const line = record.line;
    const error = (column: string, message: string) =>
      this.log.add(order, line, `${file}:${line}: ${column}: ${message}`, columnRank(spec, column));

    if (record.problem) {
      error(header.names[record.problem.field] ?? '(row)', record.problem.message);
      return;
    }
    if (record.fields.length !== header.width) {
      error('(row)', `has ${record.fields.length} fields; the header has ${header.width}`);
      return;
    }

    const row: Row = {};
    let failed: Set<string> | undefined;
    for (const column of spec.columns) {
      const at = header.index.get(column.name);
      const raw = at === undefined ? '' : (record.fields[at] as string);
      if (raw === '') {
        if (column.required) {
          error(column.name, 'is required');
          (failed ??= new Set()).add(column.name);
        } else {
          row[column.name] = column.empty ?? null;
        }
        continue;
      }
      const value = column.type.parse(raw);
      if (value instanceof Invalid) {
        error(column.name, value.message);
        (failed ??= new Set()).add(column.name);
      } else {
        row[column.name] = value;
      }
    }
    const ok = (name: string) => !failed?.has(name);

    if (spec.key.every(ok)) {
      const key = spec.key.map((k) => row[k] as string).join('|');
      const first = seen.get(key);
      if (first !== undefined) {
        const last = spec.key[spec.key.length - 1] as string;
        const what =
          spec.key.length === 1
            ? `${last} ${show(key)}`
            : `key ${spec.key.map((k) => `${k} ${show(row[k] as string)}`).join(', ')}`;
        error(last, `duplicate ${what} (first on line ${first})`);
        return;
      }
      seen.set(key, line);
    }

    for (const column of spec.columns) {
      const value = row[column.name];
      if (!column.ref || typeof value !== 'string' || !ok(column.name)) continue;
      if (column.deferred) {
        this.supervisors.push({ line, staffId: value });
      } else if (!this.broken.has(column.ref) && !this.keys.get(column.ref)?.has(value)) {
        const label = REF_LABEL[column.ref];
        error(column.name, `no ${label.noun} ${show(value)} in ${label.file} or the database`);
      }
    }

    let spanOk = spec.spans !== undefined && ok(spec.spans.owner) && ok('start_on') && ok('end_on');
    for (const rule of spec.rules) {
      if (!rule.columns.every(ok)) continue;
      const problem = rule.check(row, { today: this.options.today });
      if (problem) {
        error(problem.column, problem.message);
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

    if (this.writing) batch.add(row);
  }

  /** Sends the batch to the database (one statement in flight while the next is parsed). */
  private async flush(spec: FileSpec, order: number, batch: Batch, result: ImportedFile) {
    if (batch.size === 0) return;
    if (!this.writing) {
      batch.clear();
      return;
    }
    const params = [this.agencyId, ...batch.take()];
    await this.settle();
    if (!this.writing) return;
    this.inflight = this.query<{ inserted: number; written: number }>(upsertSql(spec), params).then(
      (rows) => {
        result.inserted += rows[0]?.inserted ?? 0;
        result.updated += (rows[0]?.written ?? 0) - (rows[0]?.inserted ?? 0);
      },
      (err: unknown) => {
        if (isDataError(err)) {
          // Validation should have caught this; say what the database said rather than fail obscurely.
          this.log.add(order, 0, `${spec.file}: the database refused a row: ${err.message}`);
          this.dbRefused = true;
        } else {
          this.failure = err;
        }
      },
    );
  }

  private async settle() {
    const inflight = this.inflight;
    this.inflight = undefined;
    if (inflight) await inflight;
    if (this.failure) throw this.failure;
  }

  /** An owner's spans may not overlap (a client's assignments, a member's periods), counting those already in the database. */
  private checkOverlaps(spec: FileSpec, order: number) {
    const file = spec.file;
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
          const [at, other] = a.line >= reach.line ? [a, reach] : [reach, a];
          const where = other.line > 0 ? `(line ${other.line})` : '(already in the database)';
          this.log.add(
            order,
            at.line,
            `${file}:${at.line}: start_on: overlaps the ${what} of ${ownerNoun} ${show(owner)} ${span(other)} ${where}`,
            columnRank(spec, 'start_on'),
          );
        }
        if (!reach || (reach.end !== null && (a.end === null || a.end > reach.end))) reach = a;
      }
    }
    this.runSpans.delete(file);
    this.dbSpans.delete(file);
  }

  /** Checks after the whole run what may refer forward: a team's supervisor. */
  finish() {
    const staff = this.keys.get('staff');
    if (!staff || this.broken.has('staff')) return;
    const order = SPEC_BY_FILE.get('teams.csv')?.order ?? 0;
    for (const { line, staffId } of this.supervisors) {
      if (!staff.has(staffId)) {
        this.log.add(
          order,
          line,
          `teams.csv:${line}: supervisor_staff_id: no staff member ${show(staffId)} in staff.csv or the database`,
          columnRank(FILE_SPECS[order] as FileSpec, 'supervisor_staff_id'),
        );
      }
    }
  }

  async audit(actor: { userId: string | null; label: string }) {
    const totalRows = this.files.reduce((n, f) => n + f.rows, 0);
    await this.query(
      `insert into audit_log (agency_id, user_id, actor, action, details) values ($1, $2, $3, 'import', $4::jsonb)`,
      [this.agencyId, actor.userId, actor.label, JSON.stringify({ files: this.files, totalRows, actor: actor.label })],
    );
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

/** A column's position in the file spec; errors on a row are listed in this order. */
function columnRank(spec: FileSpec, column: string): number {
  const at = spec.columns.findIndex((c) => c.name === column);
  return at < 0 ? spec.columns.length : at;
}

function columnList(spec: FileSpec): string {
  return spec.columns.map((c) => c.name).join(', ');
}

/** The header: exactly the file's column names, in any order. A string is the error. */
function readHeader(spec: FileSpec, record: CsvRecord): Header | string {
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
  return { names: record.fields, width: record.fields.length, index };
}

/** Column-wise buffers for one insert statement. */
class Batch {
  private cols: unknown[][];
  size = 0;
  constructor(private readonly spec: FileSpec) {
    this.cols = spec.columns.map(() => []);
  }

  add(row: Row) {
    const columns = this.spec.columns;
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

  clear() {
    this.cols = this.spec.columns.map(() => []);
    this.size = 0;
  }
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
  const select = spec.columns.map((c) =>
    c.type.sql === 'list' ? `coalesce(string_to_array(u.${c.name}, ';'), '{}')` : `u.${c.name}`,
  );
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

function toAsyncIterable(s: NodeJS.ReadableStream | AsyncIterable<Uint8Array>): AsyncIterable<unknown> {
  return s as AsyncIterable<unknown>;
}

function toBytes(chunk: unknown): Uint8Array {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return chunk;
  throw new TypeError('an import source yielded something other than bytes');
}
