import { daysInMonth, ID_RULE, isId } from '@caseload/values';
import { ISO_639_1 } from './languages.ts';

/**
 * Cell parsers for the CSV import format (domain.md). A parser gets a non-empty cell
 * and returns its typed value or an `Invalid` carrying the message the user will read
 * after `file:line: column: `. Empty cells never reach a parser: they are null (or the
 * column's default).
 */
export class Invalid {
  constructor(readonly message: string) {}
}

/** How a column travels to PostgreSQL: the element type of the unnest() array. */
type SqlType = 'text' | 'date' | 'int' | 'float8' | 'bool' | 'list';

export interface CellType<T = unknown> {
  sql: SqlType;
  parse(raw: string): T | Invalid;
}

/** A cell as the user typed it, quoted and shortened so a message stays one line. */
export function show(raw: string): string {
  const s = raw.length > 40 ? `${raw.slice(0, 37)}...` : raw;
  return JSON.stringify(s);
}

export { isId };

export const id: CellType<string> = {
  sql: 'text',
  parse: (raw) => (isId(raw) ? raw : new Invalid(`${show(raw)} is not a valid id (${ID_RULE})`)),
};

export const text: CellType<string> = { sql: 'text', parse: (raw) => raw };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Dates already found valid: a large file names the same few thousand days again and again. */
const validDates = new Set<string>();

/** YYYY-MM-DD, a real calendar date (no 2023-02-30, no year 0000). */
export const date: CellType<string> = {
  sql: 'date',
  parse(raw) {
    if (validDates.has(raw)) return raw;
    const m = DATE_RE.exec(raw);
    if (!m) return new Invalid(`${show(raw)} is not a date (expected YYYY-MM-DD)`);
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      return new Invalid(`${show(raw)} is not a real calendar date`);
    }
    if (validDates.size < 100_000) validDates.add(raw);
    return raw;
  },
};

const INT_RE = /^[+-]?\d+(\.0*)?$/;
const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A whole number in [min, max]; `3.0` is accepted as 3, `3.5` is not. */
export function int(min: number, max: number): CellType<number> {
  return {
    sql: 'int',
    parse(raw) {
      if (!INT_RE.test(raw)) {
        return new Invalid(NUMBER_RE.test(raw) ? `${show(raw)} is not a whole number` : `${show(raw)} is not a number`);
      }
      const n = Number.parseInt(raw, 10);
      if (n < min || n > max) return new Invalid(`${n} is out of range (${min}–${max})`);
      return n;
    },
  };
}

/** A decimal number in [min, max] (point as the decimal separator, no exponent). */
export function number(min: number, max: number): CellType<number> {
  return {
    sql: 'float8',
    parse(raw) {
      if (!NUMBER_RE.test(raw)) {
        const hint = /^[+-]?\d+,\d+$/.test(raw) ? ' (use a point as the decimal separator)' : '';
        return new Invalid(`${show(raw)} is not a number${hint}`);
      }
      const n = Number(raw);
      if (n < min || n > max) return new Invalid(`${raw} is out of range (${min}–${max})`);
      return n;
    },
  };
}

/** A number with 0 < n ≤ max (hours and percents of capacity: zero is not a reduction). */
export function positive(max: number): CellType<number> {
  const base = number(0, max);
  return {
    sql: 'float8',
    parse(raw) {
      const n = base.parse(raw);
      if (n instanceof Invalid) return new Invalid(n.message.replace(`(0–${max})`, `(greater than 0, at most ${max})`));
      if (n === 0) return new Invalid(`${raw} is out of range (greater than 0, at most ${max})`);
      return n;
    },
  };
}

/** Text of at most `max` characters (code points). */
export function textUpTo(max: number): CellType<string> {
  return {
    sql: 'text',
    parse(raw) {
      const length = [...raw].length;
      return length > max ? new Invalid(`is ${length} characters long; at most ${max} are allowed`) : raw;
    },
  };
}

/** true/false; spreadsheet exports write TRUE/FALSE, so case is ignored. */
export const bool: CellType<boolean> = {
  sql: 'bool',
  parse(raw) {
    const v = raw.toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
    return new Invalid(`${show(raw)} is not true or false`);
  },
};

export function oneOf<const T extends readonly string[]>(values: T): CellType<T[number]> {
  const set = new Set<string>(values);
  const list = values.join(', ');
  return {
    sql: 'text',
    parse: (raw) => (set.has(raw) ? raw : new Invalid(`${show(raw)} is not one of ${list}`)),
  };
}

const LANGUAGE_HINT = 'an ISO 639-1 language code (two lowercase letters, such as en or es)';

export const language: CellType<string> = {
  sql: 'text',
  parse: (raw) => (ISO_639_1.has(raw) ? raw : new Invalid(`${show(raw)} is not ${LANGUAGE_HINT}`)),
};

/** `;`-separated items; spaces around items and empty items are dropped, repeats kept once. */
function splitList(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.split(';')) {
    const item = part.trim();
    if (item && !out.includes(item)) out.push(item);
  }
  return out;
}

export const languageList: CellType<string[]> = {
  sql: 'list',
  parse(raw) {
    const items = splitList(raw);
    for (const item of items) {
      if (!ISO_639_1.has(item)) return new Invalid(`${show(item)} is not ${LANGUAGE_HINT}`);
    }
    return items;
  },
};

export const textList: CellType<string[]> = { sql: 'list', parse: splitList };
