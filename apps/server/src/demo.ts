import { hashPassword } from '@caseload/api';
import { createAgency, type Database, findAgency, findUserByEmail, insertUser, updateUserScope } from '@caseload/db';
import { type UserRole } from '@caseload/values';
import { defaultSettings } from '@caseload/metrics';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateAgency, importDirectory } from '@caseload/importer';
import { type Kysely, sql } from 'kysely';

export const DEMO_AGENCY_ID = 'demo';
const DEMO_AGENCY_NAME = 'Demo Area Agency on Aging';
/** Published in the README and printed at start: never use demo accounts with real data. */
export const DEMO_PASSWORD = 'demo-password';
const DEMO_EMAIL_DOMAIN = 'demo.local';

export const DEMO_USERS: ReadonlyArray<{ email: string; role: UserRole }> = [
  { email: 'admin@demo.local', role: 'admin' },
  { email: 'director@demo.local', role: 'director' },
  { email: 'pm@demo.local', role: 'program_manager' },
  { email: 'supervisor@demo.local', role: 'supervisor' },
  { email: 'casemanager@demo.local', role: 'case_manager' },
  { email: 'board@demo.local', role: 'board' },
];

export interface DemoOptions {
  /** the database is the embedded PGlite one (a local demo), not a shared PostgreSQL */
  embedded: boolean;
  /** ALLOW_DEMO_ACCOUNTS=1: start even though demo accounts exist on PostgreSQL */
  allowDemoAccounts?: boolean;
  /**
   * Seam for demo data: called once, right after the demo agency is created on an
   * empty embedded database, before the demo users are given their teams,
   * programs and staff record.
   */
  loadDemoData?: (db: Kysely<Database>, agencyId: string) => Promise<void>;
}

export interface DemoLogins {
  agencyId: string;
  password: string;
  users: Array<{ email: string; role: UserRole }>;
}

/** Demo accounts found on a shared (PostgreSQL) database without ALLOW_DEMO_ACCOUNTS=1. */
export class DemoAccountsRefused extends Error {}

async function demoScope(db: Kysely<Database>, agencyId: string, role: UserRole) {
  const none = { teamIds: [] as string[], programIds: [] as string[], staffId: null as string | null };
  if (role === 'program_manager') {
    const programs = await db.selectFrom('programs').select('program_id').where('agency_id', '=', agencyId).orderBy('program_id').execute();
    return { ...none, programIds: programs.map((p) => p.program_id) };
  }
  if (role === 'supervisor') {
    const teams = await db.selectFrom('teams').select('team_id').where('agency_id', '=', agencyId).orderBy('team_id').limit(2).execute();
    return { ...none, teamIds: teams.map((t) => t.team_id) };
  }
  if (role === 'case_manager') {
    const cm = await db
      .selectFrom('staff')
      .select('staff_id')
      .where('agency_id', '=', agencyId)
      .where('role', '=', 'case_manager')
      .orderBy(sql`(active and caseload_fte > 0)`, 'desc')
      .orderBy('staff_id')
      .limit(1)
      .executeTakeFirst();
    return { ...none, staffId: cm?.staff_id ?? null };
  }
  return none;
}

function scopeIsEmpty(role: UserRole, s: { teamIds: string[]; programIds: string[]; staffId: string | null }): boolean {
  return (
    (role === 'program_manager' && s.programIds.length === 0) ||
    (role === 'supervisor' && s.teamIds.length === 0) ||
    (role === 'case_manager' && !s.staffId)
  );
}

/**
 * Local demo setup at start.
 *
 * - On the embedded database: an empty database gets agency 'demo' (and its demo
 *   data, through `loadDemoData`), and agency 'demo' gets one user per role with the
 *   published password. A demo user whose scope is still empty (no data when it was
 *   created) is given one when data appears. Passwords of existing users are never
 *   reset.
 * - On PostgreSQL, a shared database, demo accounts are a published password: if any
 *   exist, refuse to start unless ALLOW_DEMO_ACCOUNTS=1 (then they are kept up as
 *   above). None are created otherwise.
 *
 * Returns the demo sign-ins to print, or null when there are none.
 */
export async function bootstrapDemo(db: Kysely<Database>, opts: DemoOptions): Promise<DemoLogins | null> {
  const existing = await db
    .selectFrom('users')
    .select('email')
    .where(sql<boolean>`lower(email) like ${`%@${DEMO_EMAIL_DOMAIN}`}`)
    .execute();

  if (!opts.embedded) {
    if (existing.length === 0) return null;
    if (!opts.allowDemoAccounts) {
      throw new DemoAccountsRefused(
        `Refusing to start: this PostgreSQL database has demo accounts (${existing
          .map((u) => u.email)
          .join(', ')}) whose password "${DEMO_PASSWORD}" is published. Disable or remove them ` +
          '(pnpm --silent cli user …), or set ALLOW_DEMO_ACCOUNTS=1 if this database holds only demo data.',
      );
    }
  }

  if (opts.embedded) {
    const agencies = await db
      .selectFrom('agencies')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    if (agencies.n === 0) {
      await createAgency(db, { agencyId: DEMO_AGENCY_ID, name: DEMO_AGENCY_NAME, settings: defaultSettings, createdBy: 'demo' });
      await opts.loadDemoData?.(db, DEMO_AGENCY_ID);
    }
  }
  if (!(await findAgency(db, DEMO_AGENCY_ID))) return null;

  const users: DemoLogins['users'] = [];
  let passwordHash: string | undefined;
  for (const demo of DEMO_USERS) {
    const scope = await demoScope(db, DEMO_AGENCY_ID, demo.role);
    const user = await findUserByEmail(db, DEMO_AGENCY_ID, demo.email);
    if (!user) {
      const takenElsewhere = existing.some((u) => u.email.toLowerCase() === demo.email);
      if (takenElsewhere) continue;
      passwordHash ??= await hashPassword(DEMO_PASSWORD);
      await insertUser(db, { agencyId: DEMO_AGENCY_ID, userId: randomUUID(), email: demo.email, role: demo.role, ...scope, passwordHash });
    } else if (user.role === demo.role && scopeIsEmpty(user.role, user) && !scopeIsEmpty(demo.role, scope)) {
      await updateUserScope(db, DEMO_AGENCY_ID, user.userId, { role: demo.role, ...scope });
    }
    users.push(demo);
  }
  return { agencyId: DEMO_AGENCY_ID, password: DEMO_PASSWORD, users };
}

/**
 * The demo's files: the deterministic synthetic agency (scale s, seed 1) as of asOf,
 * generated as CSV files into a new temporary directory (removed again if this fails).
 * The caller removes the directory (loadSyntheticDemoData does).
 */
export async function generateSyntheticDemo(opts: { asOf: string; log?: (line: string) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'caseload-demo-'));
  try {
    opts.log?.(`generating the demo agency (synthetic, scale s, as of ${opts.asOf})…`);
    await generateAgency({ scale: 's', seed: 1, asOf: opts.asOf }, dir);
    return dir;
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The demo's data: the deterministic synthetic agency (scale s, seed 1) as of today,
 * loaded through the real import path (CSV files, all-or-nothing import). `generated`:
 * its files, already being generated (generateSyntheticDemo with the same asOf) while
 * the database was being created; else they are generated here.
 */
export async function loadSyntheticDemoData(
  db: Kysely<Database>,
  agencyId: string,
  opts: { asOf: string; log?: (line: string) => void; generated?: Promise<string> },
): Promise<void> {
  const log = opts.log ?? (() => {});
  const dir = await (opts.generated ?? generateSyntheticDemo({ asOf: opts.asOf, log }));
  try {
    log('importing it into the embedded database…');
    const result = await importDirectory(db, dir, { agencyId, today: opts.asOf, actor: { userId: null, label: 'demo setup' } });
    if (!result.ok) {
      throw new Error(`the demo data did not import: ${result.errors.slice(0, 5).join('; ')}`);
    }
    log(`imported ${result.totalRows.toLocaleString('en-US')} demo rows`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
