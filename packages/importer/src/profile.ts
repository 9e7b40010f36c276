import { z } from 'zod';
import { type ColumnSpec, FILE_SPECS, type FileSpec } from './files.ts';
import { daysInMonth } from '@caseload/values';
import { bool, date, Invalid, id, show } from './values.ts';

/**
 * Mapping profiles: how an agency's own export (its system of record's CSV or Excel
 * files, its column names, its words and date formats) becomes the import files of
 * domain.md. Mapping runs row by row before validation, so an export streams through
 * exactly like the import files do, and every error still names the source file, its
 * line (or sheet and row) and the source column.
 *
 * A profile is JSON:
 *
 *   { "name": "ClientTrack nightly export", "dateFormat": "MM/DD/YYYY", "listSeparator": ",",
 *     "idPrefix": "", "files": {
 *       "contacts.csv": { "source": "Activities*.xlsx", "sheet": "Activities", "mode": "upsert",
 *         "columns": { "contact_id": "Activity ID",
 *                      "mode": { "column": "Type", "values": { "Home Visit": "home_visit" } },
 *                      "minutes": { "constant": "" } } } } }
 */

export const DATE_FORMATS = ['YYYY-MM-DD', 'MM/DD/YYYY', 'M/D/YY', 'DD/MM/YYYY', 'excel-serial'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const columnSource = z.union([
  z.string().min(1).max(200),
  z
    .object({
      column: z.string().min(1).max(200),
      values: z.record(z.string().max(200), z.string().max(200)).optional(),
      dateFormat: z.enum(DATE_FORMATS).optional(),
    })
    .strict(),
  z.object({ constant: z.string().max(200) }).strict(),
]);

const fileMapping = z
  .object({
    /** the source file's name, or a glob with * and ? (case-insensitive); .csv or .xlsx */
    source: z.string().min(1).max(200),
    /** the worksheet of a workbook (default: the first) */
    sheet: z.string().min(1).max(200).optional(),
    /** snapshot: the file is the whole truth for its entity (rows it lacks are deleted) */
    mode: z.enum(['upsert', 'snapshot']).optional(),
    dateFormat: z.enum(DATE_FORMATS).optional(),
    listSeparator: z.string().min(1).max(3).optional(),
    idPrefix: z.string().max(20).optional(),
    columns: z.record(z.string(), columnSource),
  })
  .strict();
export type FileMapping = z.infer<typeof fileMapping>;

export const profileSchema = z
  .object({
    name: z.string().min(1).max(200),
    dateFormat: z.enum(DATE_FORMATS).optional(),
    listSeparator: z.string().min(1).max(3).optional(),
    idPrefix: z.string().max(20).optional(),
    files: z.record(z.string(), fileMapping),
  })
  .strict();
export type MappingProfile = z.infer<typeof profileSchema>;

const SPEC = new Map(FILE_SPECS.map((s) => [s.file, s]));

/** A zod issue as a person reads it: where in the profile, and what is wrong. */
function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.map(String).join('.') : 'the profile';
  return `${where}: ${issue.message}`;
}

/**
 * Checks a profile (already parsed JSON) against the import files: known target files
 * and columns, every required column mapped, value maps only onto values the column
 * accepts. Returns the profile or every problem.
 */
export function checkProfile(input: unknown): { ok: true; profile: MappingProfile } | { ok: false; errors: string[] } {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map(issueText) };
  const profile = parsed.data;
  const errors: string[] = [];
  const files = Object.entries(profile.files);
  if (files.length === 0) errors.push('files: the profile maps no files');
  for (const [target, mapping] of files) {
    const spec = SPEC.get(target);
    if (!spec) {
      errors.push(`files.${target}: not an import file (those are ${FILE_SPECS.map((s) => s.file).join(', ')})`);
      continue;
    }
    if (!/\.(csv|xlsx)$/i.test(mapping.source)) errors.push(`files.${target}.source: must name a .csv or .xlsx file (or a glob ending so)`);
    if (mapping.sheet && !/\.xlsx$/i.test(mapping.source)) errors.push(`files.${target}.sheet: a sheet is only for .xlsx workbooks`);
    const known = new Map(spec.columns.map((c) => [c.name, c]));
    for (const [name, src] of Object.entries(mapping.columns)) {
      const column = known.get(name);
      if (!column) {
        errors.push(`files.${target}.columns.${name}: ${target} has no column ${show(name)}`);
        continue;
      }
      if (typeof src === 'object' && 'values' in src && src.values) {
        for (const [word, value] of Object.entries(src.values)) {
          if (value === '') continue;
          if (column.type.parse(value) instanceof Invalid) {
            errors.push(`files.${target}.columns.${name}.values: ${show(word)} maps to ${show(value)}, which ${name} does not accept`);
          }
        }
      }
      if (typeof src === 'object' && 'dateFormat' in src && src.dateFormat && column.type !== date) {
        errors.push(`files.${target}.columns.${name}.dateFormat: ${name} is not a date column`);
      }
    }
    for (const c of spec.columns) {
      if (c.required && mapping.columns[c.name] === undefined) {
        errors.push(`files.${target}.columns.${c.name}: required, but the profile gives no source column or constant`);
      }
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, profile };
}

/** True when `name` matches the profile's source (a name, or a glob with * and ?), ignoring case. */
export function matchesSource(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('')
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
    'i',
  );
  return re.test(name);
}

/** A cell read from a source: text, or for workbooks a typed value. */
export type SourceCell = string | number | boolean | Date | null;

/** One target column, resolved against the source's header. */
interface ColumnPlan {
  column: ColumnSpec;
  /** the source column's position and name; undefined for a constant or an unmapped column */
  at?: number;
  sourceName?: string;
  constant?: string;
  values?: Map<string, string>;
  /** the same words with case and spaces folded, for a forgiving second look-up */
  folded?: Map<string, string>;
  dateFormat: DateFormat;
}

/** A mapping resolved against one source file's header row. */
export interface MappingPlan {
  /** the label of each target column in messages: the source column (or "constant …") */
  label(target: string): string;
  /** the target cells of one source row, in the order of the file spec; Invalid-like errors by column */
  map(cells: SourceCell[]): { fields: string[]; errors: Map<string, string> };
}

const fold = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Resolves `mapping` against the source header. A string is the one error (an unmapped
 * required column, a source column the file lacks), given before any row is read.
 */
export function planMapping(
  spec: FileSpec,
  mapping: FileMapping,
  profile: Pick<MappingProfile, 'dateFormat' | 'listSeparator' | 'idPrefix'>,
  header: string[],
): MappingPlan | string {
  const byName = new Map<string, number>();
  const byFolded = new Map<string, number>();
  header.forEach((h, i) => {
    if (!byName.has(h)) byName.set(h, i);
    if (!byFolded.has(fold(h))) byFolded.set(fold(h), i);
  });
  const problems: string[] = [];
  const plans: ColumnPlan[] = [];
  const dateFormat = mapping.dateFormat ?? profile.dateFormat ?? 'YYYY-MM-DD';
  for (const column of spec.columns) {
    const src = mapping.columns[column.name];
    const plan: ColumnPlan = { column, dateFormat };
    if (src === undefined) {
      if (column.required) problems.push(`the required column ${column.name} is not mapped in the profile`);
    } else if (typeof src === 'object' && 'constant' in src) {
      plan.constant = src.constant;
    } else {
      const name = typeof src === 'string' ? src : src.column;
      const at = byName.get(name) ?? byFolded.get(fold(name));
      if (at === undefined) problems.push(`no column ${show(name)} (the profile maps it to ${column.name})`);
      else {
        plan.at = at;
        plan.sourceName = header[at];
      }
      if (typeof src === 'object') {
        if (src.values) {
          plan.values = new Map(Object.entries(src.values));
          plan.folded = new Map(Object.entries(src.values).map(([k, v]) => [fold(k), v]));
        }
        if (src.dateFormat) plan.dateFormat = src.dateFormat;
      }
    }
    plans.push(plan);
  }
  if (problems.length) return `${problems.join('; ')}; the file's columns are ${header.map((h) => show(h)).join(', ')}`;

  const separator = mapping.listSeparator ?? profile.listSeparator ?? ';';
  const prefix = mapping.idPrefix ?? profile.idPrefix ?? '';
  const labels = new Map(
    plans.map((p) => [p.column.name, p.sourceName ?? (p.constant !== undefined ? `(constant for ${p.column.name})` : p.column.name)]),
  );

  return {
    label: (target) => labels.get(target) ?? target,
    map(cells) {
      const fields: string[] = [];
      const errors = new Map<string, string>();
      for (const p of plans) {
        let value: string;
        if (p.constant !== undefined) value = p.constant;
        else if (p.at === undefined) value = '';
        else {
          const converted = convertCell(p, cells[p.at] ?? null, separator);
          if (typeof converted !== 'string') {
            errors.set(p.column.name, converted.error);
            fields.push('');
            continue;
          }
          value = converted;
        }
        // the id prefix keeps one system's ids apart from another's
        if (prefix && value !== '' && (p.column.type === id || p.column.ref)) value = prefix + value;
        fields.push(value);
      }
      return { fields, errors };
    },
  };
}

/** One source cell as the import format's text, or why it cannot be. */
function convertCell(p: ColumnPlan, cell: SourceCell, separator: string): string | { error: string } {
  const type = p.column.type;
  if (cell === null) return '';
  if (cell instanceof Date) {
    // a date-typed workbook cell: its calendar date, whatever the profile's text format
    if (Number.isNaN(cell.getTime())) return { error: 'is not a valid date' };
    return cell.toISOString().slice(0, 10);
  }
  let raw: string;
  if (typeof cell === 'number') {
    if (type === date) {
      if (p.dateFormat !== 'excel-serial') {
        return {
          error: `${cell} is a number, not a date in the format ${p.dateFormat} (for Excel serial days set the date format excel-serial)`,
        };
      }
      return fromSerial(cell);
    }
    raw = String(cell);
  } else if (typeof cell === 'boolean') {
    raw = cell ? 'true' : 'false';
  } else {
    raw = p.values ? cell : cell.trim();
  }
  if (raw === '') return '';
  if (p.values) {
    const mapped = p.values.get(raw) ?? p.folded?.get(fold(raw));
    if (mapped === undefined) {
      const words = [...p.values.keys()]
        .sort()
        .map((k) => show(k))
        .join(', ');
      return { error: `${show(raw)} is not in the profile's value map for ${p.column.name} (mapped: ${words})` };
    }
    return mapped;
  }
  if (type === date) return parseDate(raw, p.dateFormat);
  if (type === bool) return raw;
  if (type.sql === 'list' && separator !== ';') {
    if (raw.includes(';')) return { error: `${show(raw)} holds ";", which an item may not` };
    return raw.split(separator).join(';');
  }
  return raw;
}

/** Excel serial days (the 1900 date system; serial 60 is Excel's fictional 1900-02-29). */
function fromSerial(serial: number): string | { error: string } {
  if (!Number.isInteger(serial) || serial < 61 || serial > 2958465) {
    return { error: `${serial} is not an Excel serial day after 1900-03-01` };
  }
  const ms = Date.UTC(1899, 11, 30) + serial * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date written in `format`, as YYYY-MM-DD. Two-digit years follow Excel's rule:
 * 00–29 are 2000–2029, 30–99 are 1930–1999.
 */
export function parseDate(raw: string, format: DateFormat): string | { error: string } {
  const bad = { error: `${show(raw)} is not a date in the format ${format}` };
  let y: number;
  let m: number;
  let d: number;
  if (format === 'YYYY-MM-DD') {
    const r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
    if (!r) return bad;
    [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  } else if (format === 'MM/DD/YYYY' || format === 'DD/MM/YYYY') {
    const r = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
    if (!r) return bad;
    [m, d, y] = format === 'MM/DD/YYYY' ? [Number(r[1]), Number(r[2]), Number(r[3])] : [Number(r[2]), Number(r[1]), Number(r[3])];
  } else if (format === 'M/D/YY') {
    const r = /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/.exec(raw);
    if (!r) return bad;
    const yy = Number(r[3]);
    [m, d, y] = [Number(r[1]), Number(r[2]), yy < 30 ? 2000 + yy : 1900 + yy];
  } else {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) return bad;
    return fromSerial(n);
  }
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return { error: `${show(raw)} is not a real calendar date` };
  return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
}

/** Other names systems of record give the import columns (compared case- and space-insensitively). */
const SYNONYMS: Record<string, string[]> = {
  client_id: [
    'client',
    'client #',
    'client no',
    'client number',
    'consumer id',
    'participant id',
    'person id',
    'case number',
    'case #',
    'uci',
  ],
  staff_id: ['staff', 'worker', 'worker id', 'case manager', 'case manager id', 'cm id', 'employee id', 'service coordinator', 'employee'],
  program_id: ['program', 'program code', 'funding program', 'service program'],
  team_id: ['team', 'unit', 'unit id', 'unit code', 'team code'],
  provider_id: ['provider', 'vendor', 'vendor id', 'vendor number', 'provider number'],
  contact_id: ['contact', 'activity id', 'activity #', 'note id', 'encounter id', 'visit id', 'visit #'],
  assessment_id: ['assessment', 'assessment #', 'assessment number'],
  goal_id: ['goal', 'goal #', 'goal number'],
  referral_id: ['referral', 'referral #', 'referral number', 'authorization id'],
  occurred_on: ['date', 'contact date', 'activity date', 'visit date', 'service date', 'encounter date'],
  assessed_on: ['assessment date', 'date assessed', 'date'],
  enrolled_on: ['enrolled', 'enrollment date', 'intake date', 'open date', 'opened', 'start date', 'admission date'],
  closed_on: ['closed', 'close date', 'closure date', 'discharge date', 'end date'],
  closure_reason: ['close reason', 'closing reason', 'discharge reason', 'reason closed'],
  start_on: ['start', 'start date', 'from', 'begin date', 'effective date', 'assigned on', 'assigned date'],
  end_on: ['end', 'end date', 'to', 'through', 'thru', 'until'],
  mode: ['type', 'contact type', 'activity type', 'visit type', 'method', 'contact mode'],
  minutes: ['duration', 'duration (min)', 'mins', 'duration minutes', 'time spent', 'units (min)'],
  name: ['full name', 'display name', 'description', 'title', 'worker name', 'program name', 'team name', 'provider name'],
  role: ['position', 'job title', 'staff role', 'title'],
  caseload_fte: ['fte', 'caseload fte', 'caseload %', 'fte %'],
  languages: ['language', 'languages spoken', 'spoken languages'],
  primary_language: ['language', 'preferred language', 'primary lang'],
  birth_year: ['year of birth', 'birth yr', 'yob'],
  county: ['county of residence', 'residence county'],
  region: ['area', 'district', 'service area', 'zone'],
  kind: ['type', 'assessment type', 'reason'],
  active: ['is active', 'status', 'employed'],
  funder: ['funding source', 'fund source', 'funding'],
  service_types: ['services', 'service type', 'service types'],
  service_type: ['service', 'service type'],
  referred_on: ['referral date', 'date referred', 'referred'],
  started_on: ['service start', 'service start date', 'start of service', 'started'],
  set_on: ['goal date', 'date set', 'created', 'created on'],
  resolved_on: ['resolved', 'resolution date', 'date resolved', 'closed date'],
  status: ['goal status', 'outcome', 'result'],
  domain: ['goal area', 'goal domain', 'area'],
  supervisor_staff_id: ['supervisor', 'supervisor id', 'unit supervisor'],
  adl_deficits: ['adl', 'adls', 'adl count', 'adl deficits'],
  iadl_deficits: ['iadl', 'iadls', 'iadl count', 'iadl deficits'],
  acuity_tier: ['tier', 'acuity', 'acuity level', 'risk level'],
};

export interface SuggestedColumn {
  /** the target column */
  column: string;
  required: boolean;
  /** the source column suggested for it, if any */
  source: string | null;
  how: 'exact' | 'case-insensitive' | 'synonym' | null;
}

/** A mapping suggested from the source's header: exact names, then case-insensitively, then known synonyms. */
export function suggestMapping(target: string, header: string[]): SuggestedColumn[] {
  const spec = SPEC.get(target);
  if (!spec) return [];
  const used = new Set<string>();
  const out: SuggestedColumn[] = spec.columns.map((c) => ({ column: c.name, required: c.required === true, source: null, how: null }));
  const take = (i: number, source: string, how: SuggestedColumn['how']) => {
    (out[i] as SuggestedColumn).source = source;
    (out[i] as SuggestedColumn).how = how;
    used.add(source);
  };
  const passes: Array<[SuggestedColumn['how'], (col: string, h: string) => boolean]> = [
    ['exact', (col, h) => col === h],
    ['case-insensitive', (col, h) => fold(col) === fold(h) || fold(col).replaceAll('_', ' ') === fold(h)],
    ['synonym', (col, h) => (SYNONYMS[col] ?? []).includes(fold(h))],
  ];
  for (const [how, test] of passes) {
    out.forEach((s, i) => {
      if (s.source !== null) return;
      const h = header.find((name) => name !== '' && !used.has(name) && test(s.column, name));
      if (h !== undefined) take(i, h, how);
    });
  }
  return out;
}

/** The enum values a column accepts, for building value maps (empty for other columns). */
export function acceptedValues(target: string, column: string): string[] {
  const c = SPEC.get(target)?.columns.find((x) => x.name === column);
  if (!c) return [];
  if (c.type === bool) return ['true', 'false'];
  const probe = c.type.parse('\u0000');
  const m = probe instanceof Invalid ? /is not one of (.+)$/.exec(probe.message) : null;
  return m ? (m[1] as string).split(', ') : [];
}
