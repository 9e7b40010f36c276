import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { connect, createAgency, migrateToLatest } from '@caseload/db';
import { defaultSettings } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../src/run.ts';
import { runCapturing } from './cli.ts';

/**
 * A tiny agency (4 clients, far below the small-cell minimum): the board report withholds
 * its load figures even from the command line, which otherwise acts as the system.
 * staff-x1 holds 4 clients, tier 3 (3.5 h) each = 14 h of 110 h (caseHoursPerFte default): 12.7%.
 */
let dir: string;

function cli(...argv: string[]) {
  return runCapturing({ DATA_DIR: dir }, argv);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cm-report-board-'));
  const h = await connect({ dataDir: dir });
  try {
    await migrateToLatest(h.db);
    await createAgency(h.db, { agencyId: 'ag', name: 'Agency', settings: defaultSettings });
    await h.db.insertInto('programs').values({ agency_id: 'ag', program_id: 'P1', name: 'P1' }).execute();
    await h.db.insertInto('teams').values({ agency_id: 'ag', team_id: 'T1', name: 'Team One' }).execute();
    await h.db
      .insertInto('staff')
      .values({
        agency_id: 'ag',
        staff_id: 'staff-x1',
        name: 'Pat Example',
        role: 'case_manager',
        team_id: 'T1',
        caseload_fte: 1,
        languages: ['en'],
      })
      .execute();
    const ids = ['cl-a1', 'cl-a2', 'cl-a3', 'cl-a4'];
    await h.db
      .insertInto('clients')
      .values(ids.map((client_id) => ({ agency_id: 'ag', client_id, program_id: 'P1', enrolled_on: '2024-01-01' })))
      .execute();
    await h.db
      .insertInto('assignments')
      .values(ids.map((client_id) => ({ agency_id: 'ag', client_id, staff_id: 'staff-x1', start_on: '2024-01-01' })))
      .execute();
    await h.db
      .insertInto('assessments')
      .values(
        ids.map((client_id) => ({
          agency_id: 'ag',
          assessment_id: `A${client_id}`,
          client_id,
          assessed_on: '2025-06-01',
          kind: 'initial' as const,
          acuity_tier: 3,
        })),
      )
      .execute();
  } finally {
    await h.close();
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The CLI with a binary stdout (a file or a pipe, or a terminal when `tty`). */
async function cliBytes(argv: string[], opts: { tty?: boolean } = {}) {
  const chunks: Buffer[] = [];
  let stderr = '';
  const stdout = new Writable({
    write(chunk, _enc, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  if (opts.tty) Object.assign(stdout, { isTTY: true });
  const err = new Writable({
    write(chunk, _enc, done) {
      stderr += String(chunk);
      done();
    },
  });
  const code = await runCli(argv, { stdout, stderr: err, stdin: Readable.from([]), env: { DATA_DIR: dir } });
  return { code, stdout: Buffer.concat(chunks), stderr };
}

async function pdfExports(): Promise<number> {
  const h = await connect({ dataDir: dir });
  try {
    const rows = await h.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'export').execute();
    return rows.filter((r) => r.actor === 'cli' && (r.details as { format?: string }).format === 'pdf').length;
  } finally {
    await h.close();
  }
}

describe('cli report board', () => {
  test('CSV: one row per headline figure; small figures read "suppressed"', async () => {
    const r = await cli('report', 'board', '--agency', 'ag', '--from', '2025-04-01', '--to', '2025-06-30', '--format', 'csv');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('figure,current,previous,change');
    const rows = new Map(lines.slice(1).map((l) => [l.split(',')[0], l.split(',').slice(1)]));
    expect(rows.size).toBe(13);
    // 4 clients: the load ratio is withheld in both quarters, so there is no direction
    expect(rows.get('loadRatio')).toEqual(['suppressed', 'suppressed', '']);
    expect(rows.get('averageLoadRatio')).toEqual(['suppressed', 'suppressed', '']);
    // nothing to count: empty, not 0
    expect(rows.get('goalAttainment')).toEqual(['', '', '']);
  });

  test('JSON: no staff or client id, no staff name, and no withheld number in a sentence', async () => {
    const r = await cli('report', 'board', '--agency', 'ag', '--from', '2025-04-01', '--to', '2025-06-30', '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.previous).toEqual({ from: '2025-01-01', to: '2025-03-31' });
    for (const secret of ['staff-x1', 'Pat Example', 'cl-a1', 'cl-a2', 'cl-a3', 'cl-a4']) expect(r.stdout).not.toContain(secret);
    // 14 h of 110 h = 0.1272…, 13%: never written
    expect(r.stdout).not.toContain('0.127');
    expect(doc.sentences.join(' ')).not.toMatch(/13/);
    expect(doc.sentences[0]).toMatch(/withheld/);
    expect(doc.teams).toEqual([
      // 4 clients due for contact and for reassessment: every team figure is withheld
      {
        teamId: 'T1',
        name: 'Team One',
        loadRatio: null,
        contactRate: null,
        reassessRate: null,
        suppressed: { loadRatio: true, contactRate: true, reassessRate: true },
      },
    ]);
  });

  test('--team does not apply to the board report', async () => {
    const r = await cli('report', 'board', '--agency', 'ag', '--from', '2025-04-01', '--to', '2025-06-30', '--team', 'T1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/whole agency/);
  });

  test('PDF: the report printed to stdout byte for byte, with its sentences and no staff or client; audited', async () => {
    const args = ['report', 'board', '--agency', 'ag', '--from', '2025-04-01', '--to', '2025-06-30'];
    const json = await cli(...args, '--format', 'json');
    const sentences: string[] = JSON.parse(json.stdout).sentences;
    const before = await pdfExports();
    const r = await cliBytes([...args, '--format', 'pdf']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(r.stdout.subarray(-8).toString('latin1')).toMatch(/%%EOF\s*$/);
    const file = join(dir, 'board.pdf');
    await writeFile(file, r.stdout);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/^Page size:\s+612 x 792 pts/m);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const sentence of sentences) expect(text).toContain(sentence.replace(/\s+/g, ' '));
    expect(text).toContain('Team One');
    for (const secret of ['staff-x1', 'Pat Example', 'cl-a1', 'cl-a2', 'cl-a3', 'cl-a4']) expect(text).not.toContain(secret);
    expect(await pdfExports()).toBe(before + 1);
  });

  test('PDF: refused on a terminal (exit 2, nothing written or recorded), and only for the board report', async () => {
    const before = await pdfExports();
    const tty = await cliBytes(['report', 'board', '--agency', 'ag', '--from', '2025-04-01', '--to', '2025-06-30', '--format', 'pdf'], {
      tty: true,
    });
    expect(tty.code).toBe(2);
    expect(tty.stdout.length).toBe(0);
    expect(tty.stderr).toMatch(/not written to a terminal.*> report\.pdf/);
    const other = await cliBytes(['report', 'caseload', '--agency', 'ag', '--format', 'pdf']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/report caseload has no PDF; --format pdf is for: board/);
    expect(await pdfExports()).toBe(before);
  });

  test('PDF through the real command (tsx, process stdout redirected to a file): the same document', async () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const file = join(dir, 'redirected.pdf');
    const fd = openSync(file, 'w');
    let r: ReturnType<typeof spawnSync>;
    try {
      r = spawnSync(
        join(root, 'node_modules/.bin/tsx'),
        ['packages/cli/src/main.ts', 'report', 'board', '--agency', 'ag', '--from', '2025-04-01', '--to', '2025-06-30', '--format', 'pdf'],
        {
          cwd: root,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dir },
          stdio: ['ignore', fd, 'pipe'],
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
    } finally {
      closeSync(fd);
    }
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Team One');
    expect(text).not.toContain('Pat Example');
  });
});
