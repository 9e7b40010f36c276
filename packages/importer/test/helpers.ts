import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '@caseload/db';
import { type Kysely, sql } from 'kysely';

export const FIXTURE = fileURLToPath(new URL('./fixtures/small', import.meta.url));

/** The fixture files as text, by name. */
export function fixture(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(FIXTURE)) out[name] = readFileSync(join(FIXTURE, name), 'utf8');
  return out;
}

const made: string[] = [];

/**
 * A temporary import directory: the fixture files (unless `base` is false) with
 * `files` written over them; a null value leaves that file out.
 */
export function importDir(files: Record<string, string | Buffer | null>, base = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'caseload-import-'));
  made.push(dir);
  const all: Record<string, string | Buffer | null> = { ...(base ? fixture() : {}), ...files };
  for (const [name, content] of Object.entries(all)) if (content !== null) writeFileSync(join(dir, name), content);
  return dir;
}

export function removeImportDirs() {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fixture file with lines appended (each line ends with LF). */
export function withLines(file: string, ...lines: string[]): string {
  return fixture()[file] + lines.map((l) => `${l}\n`).join('');
}

/** A fixture file (without quoted fields) with one column removed. */
export function withoutColumn(file: string, column: string): string {
  const rows = (fixture()[file] as string)
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
  const at = (rows[0] as string[]).indexOf(column);
  if (at < 0) throw new Error(`${file} has no column ${column}`);
  return `${rows.map((r) => r.filter((_, i) => i !== at).join(',')).join('\n')}\n`;
}

const TABLES: Array<[string, string]> = [
  ['programs', 'program_id'],
  ['teams', 'team_id'],
  ['providers', 'provider_id'],
  ['staff', 'staff_id'],
  ['clients', 'client_id'],
  ['assignments', 'client_id, start_on'],
  ['assessments', 'assessment_id'],
  ['contacts', 'contact_id'],
  ['goals', 'goal_id'],
  ['referrals', 'referral_id'],
  ['survey_invitations', 'invitation_id'],
  ['survey_responses', 'response_id'],
  ['qa_reviews', 'review_id'],
];

/** Every imported table of one agency (and its audit log unless left out), in key order. */
export async function dump(db: Kysely<Database>, agencyId: string, withAudit = true) {
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of TABLES) {
    const r = await sql`select * from ${sql.table(table)} where agency_id = ${agencyId} order by ${sql.raw(key)}`.execute(db);
    out[table] = r.rows;
  }
  if (withAudit) {
    const r = await sql`select * from audit_log where agency_id = ${agencyId} order by audit_id`.execute(db);
    out.audit_log = r.rows;
  }
  return out;
}

export async function countRows(db: Kysely<Database>, agencyId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [table] of TABLES) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where agency_id = ${agencyId}`.execute(db);
    out[table] = r.rows[0]?.n ?? -1;
  }
  return out;
}
