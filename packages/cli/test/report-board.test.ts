import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { connect, createAgency, migrateToLatest } from '@caseload/db';
import { defaultSettings } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../src/run.ts';

/**
 * A tiny agency (4 clients, far below the small-cell minimum): the board report withholds
 * its load figures even from the command line, which otherwise acts as the system.
 * staff-x1 holds 4 clients, tier 3 (3.5 h) each = 14 h of 110 h (caseHoursPerFte default): 12.7%.
 */
let dir: string;

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await runCli(argv, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), stdin: Readable.from([]), env: { DATA_DIR: dir } });
  return { code, stdout, stderr };
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
      .values({ agency_id: 'ag', staff_id: 'staff-x1', name: 'Pat Example', role: 'case_manager', team_id: 'T1', caseload_fte: 1, languages: ['en'] })
      .execute();
    const ids = ['cl-a1', 'cl-a2', 'cl-a3', 'cl-a4'];
    await h.db.insertInto('clients').values(ids.map((client_id) => ({ agency_id: 'ag', client_id, program_id: 'P1', enrolled_on: '2024-01-01' }))).execute();
    await h.db.insertInto('assignments').values(ids.map((client_id) => ({ agency_id: 'ag', client_id, staff_id: 'staff-x1', start_on: '2024-01-01' }))).execute();
    await h.db
      .insertInto('assessments')
      .values(ids.map((client_id) => ({ agency_id: 'ag', assessment_id: `A${client_id}`, client_id, assessed_on: '2025-06-01', kind: 'initial' as const, acuity_tier: 3 })))
      .execute();
  } finally {
    await h.close();
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

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
      { teamId: 'T1', name: 'Team One', loadRatio: null, contactRate: null, reassessRate: null, suppressed: { loadRatio: true, contactRate: true, reassessRate: true } },
    ]);
  });

  test('--team does not apply to the board report', async () => {
    const r = await cli('report', 'board', '--agency', 'ag', '--from', '2025-04-01', '--to', '2025-06-30', '--team', 'T1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/whole agency/);
  });
});
