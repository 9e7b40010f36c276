/**
 * Setting up one scale: its own database on the benchmark's PostgreSQL server, the
 * synthetic agency (generated once per scale, seed and date, kept in .bench/data),
 * the timed import, and the signed-in users.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createUser } from '@caseload/api';
import { createAgency, type DbHandle, findAgency, migrateToLatest } from '@caseload/db';
import { importDirectory, type Scale, type SyntheticAgency } from '@caseload/importer';
import { defaultSettings } from '@caseload/metrics';
import pg from 'pg';
import type { BenchUser } from './procedures.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const AGENCY_ID = 'bench';
export const PASSWORD = 'bench-password-not-secret';

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name ${name}`);
  return `"${name}"`;
}

async function admin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function serverVersion(serverUrl: string): Promise<string> {
  return admin(serverUrl, async (c) => (await c.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '?');
}

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return admin(serverUrl, async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await admin(serverUrl, (c) => c.query(`drop database if exists ${quoteIdent(name)} with (force)`));
}

export async function recreateDatabase(serverUrl: string, name: string): Promise<void> {
  await dropDatabase(serverUrl, name);
  await admin(serverUrl, (c) => c.query(`create database ${quoteIdent(name)}`));
}

/** Runs src/generate.ts in a child process (same node and loader); resolves with its exit code. */
function generateInChild(scale: Scale, seed: number, asOf: string, dir: string): Promise<number | null> {
  const script = fileURLToPath(new URL('./generate.ts', import.meta.url));
  const child = spawn(process.execPath, [...process.execArgv, script, scale, String(seed), asOf, dir], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

/**
 * The synthetic agency's CSV files, generated on first use and kept under .bench/data.
 * Generated in a child process and checked for its closing marker: the generator can
 * stop early without an error when a file's stream drained before it was waited for
 * (an await on 'drain' that never comes), so an unfinished run is retried.
 */
export async function syntheticFiles(
  scale: Scale,
  seed: number,
  asOf: string,
): Promise<{ dir: string; agency: SyntheticAgency; seconds: number | null }> {
  const dir = path.join(REPO_ROOT, '.bench', 'data', `${scale}-seed${seed}-${asOf}`);
  const marker = path.join(dir, 'synthetic.json');
  if (existsSync(marker)) return { dir, agency: JSON.parse(await readFile(marker, 'utf8')) as SyntheticAgency, seconds: null };
  const started = performance.now();
  for (let attempt = 1; attempt <= 3; attempt++) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const code = await generateInChild(scale, seed, asOf, dir);
    if (code === 0 && existsSync(marker)) {
      const agency = JSON.parse(await readFile(marker, 'utf8')) as SyntheticAgency;
      return { dir, agency, seconds: (performance.now() - started) / 1000 };
    }
    process.stderr.write(`   generating scale ${scale} stopped before finishing (exit ${code}); attempt ${attempt} of 3\n`);
  }
  throw new Error(`generating the synthetic agency (scale ${scale}) did not finish in 3 attempts`);
}

export interface ImportTiming {
  seconds: number;
  rows: number;
  rowsPerSecond: number;
}

/** Migrates, creates the agency and imports `dir` into it, timing the import alone. */
export async function importAgency(handle: DbHandle, dir: string, asOf: string): Promise<ImportTiming> {
  await migrateToLatest(handle.db);
  if (!(await findAgency(handle.db, AGENCY_ID))) {
    await createAgency(handle.db, { agencyId: AGENCY_ID, name: 'Benchmark agency', settings: defaultSettings, createdBy: 'bench' });
  }
  const started = performance.now();
  const result = await importDirectory(handle.db, dir, { agencyId: AGENCY_ID, today: asOf, actor: { userId: null, label: 'bench' } });
  const seconds = (performance.now() - started) / 1000;
  if (!result.ok) throw new Error(`the import failed:\n${result.errors.slice(0, 10).join('\n')}`);
  return { seconds, rows: result.totalRows, rowsPerSecond: result.totalRows / seconds };
}

export interface UserPlan {
  email: string;
  role: BenchUser['role'];
  teamIds: string[];
  programIds: string[];
}

/**
 * `count` users of the roles that use the dashboard at scale: an admin, directors,
 * program managers (a program each, one with two), supervisors of their teams (one
 * with two teams) and board members.
 */
export function planUsers(count: number, teams: readonly string[], programs: readonly string[]): UserPlan[] {
  const plan: UserPlan[] = [];
  const add = (role: UserPlan['role'], teamIds: string[] = [], programIds: string[] = []) =>
    plan.push({ email: `${role.replace('_', '-')}-${plan.length + 1}@bench.example`, role, teamIds, programIds });
  const mix: UserPlan['role'][] = [];
  const directors = Math.max(1, Math.round(count * 0.2));
  const pms = Math.max(1, Math.round(count * 0.2));
  const board = Math.max(1, Math.round(count * 0.1));
  mix.push('admin');
  for (let i = 0; i < directors; i++) mix.push('director');
  for (let i = 0; i < pms; i++) mix.push('program_manager');
  for (let i = 0; i < board; i++) mix.push('board');
  while (mix.length < count) mix.push('supervisor');
  let pm = 0;
  let sup = 0;
  for (const role of mix.slice(0, count)) {
    if (role === 'program_manager') {
      const first = programs[pm % programs.length] as string;
      const second = programs[(pm + 1) % programs.length] as string;
      add(role, [], pm === 0 && programs.length > 1 ? [first, second] : [first]);
      pm += 1;
    } else if (role === 'supervisor') {
      const first = teams[sup % teams.length] as string;
      const second = teams[(sup + 1) % teams.length] as string;
      add(role, sup === 0 && teams.length > 1 ? [first, second] : [first], []);
      sup += 1;
    } else {
      add(role);
    }
  }
  return plan;
}

export async function createUsers(handle: DbHandle, plan: readonly UserPlan[]): Promise<void> {
  for (const u of plan) {
    const exists = await handle.db.selectFrom('users').select('user_id').where('email', '=', u.email).executeTakeFirst();
    if (exists) continue;
    await createUser(
      handle.db,
      AGENCY_ID,
      { email: u.email, role: u.role, teamIds: u.teamIds, programIds: u.programIds, staffId: null, password: PASSWORD },
      { userId: null, actor: 'bench' },
      new Date(), // wall-clock: the account's creation time
    );
  }
}

export async function signIn(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const pair = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (res.status !== 200 || !pair.includes('=')) throw new Error(`signing in ${email} failed: ${res.status} ${await res.text()}`);
  return pair;
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts bench/src/server.ts in a child process (same node and loader as this one). */
export function startServer(dbUrl: string, today: string, readServerUrl?: string): Promise<RunningServer> {
  const script = fileURLToPath(new URL('./server.ts', import.meta.url));
  const child: ChildProcess = spawn(
    process.execPath,
    [...process.execArgv, script, dbUrl, today, ...(readServerUrl ? [readServerUrl] : [])],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onExit = (code: number | null) => reject(new Error(`the server exited (${code}) before listening`));
    child.once('exit', onExit);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      child.off('exit', onExit);
      const { port } = JSON.parse(line) as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
