/**
 * `pnpm --silent cli user add|reset-password` (password on stdin) against the
 * embedded database in a temporary DATA_DIR.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { LoginThrottle, login } from '@caseload/api';
import { connect, listAudit } from '@caseload/db';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../../packages/cli/src/run.ts';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

describe('cli user commands', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cm-cli-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function cli(args: string[], stdin = '') {
    const out = sink();
    const err = sink();
    const code = await runCli(args, { stdout: out.stream, stderr: err.stream, stdin: Readable.from([stdin]), env: { DATA_DIR: dataDir } });
    return { code, stdout: out.text(), stderr: err.text() };
  }

  async function canSignIn(email: string, password: string) {
    const h = await connect({ dataDir });
    try {
      // wall-clock: a session instant; no date is read from it
      const r = await login(h.db, { email, password, ip: null }, { throttle: new LoginThrottle(), now: () => new Date() });
      return r.ok;
    } finally {
      await h.close();
    }
  }

  test('user add reads the password from stdin, never echoes it, and the user can sign in', async () => {
    expect((await cli(['agency', 'add', '--agency', 'aaa', '--name', 'Area Agency'])).code).toBe(0);
    const r = await cli(['user', 'add', '--agency', 'aaa', '--email', 'Dir@Agency.org', '--role', 'director'], 'director pass 2025\n');
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toContain('created user dir@agency.org (director) in agency aaa');
    expect(r.stderr + r.stdout).not.toContain('director pass 2025');
    expect(await canSignIn('dir@agency.org', 'director pass 2025')).toBe(true);
    const h = await connect({ dataDir });
    try {
      const { entries } = await listAudit(h.db, 'aaa', { action: 'user.create' }, { limit: 5, offset: 0 });
      expect(entries[0]).toMatchObject({ actor: 'cli', userId: null, details: { email: 'dir@agency.org', role: 'director' } });
    } finally {
      await h.close();
    }
  });

  test('a supervisor gets their teams from --teams a;b, checked against the agency', async () => {
    const h = await connect({ dataDir });
    try {
      await h.db
        .insertInto('teams')
        .values([
          { agency_id: 'aaa', team_id: 'north', name: 'North', supervisor_staff_id: null },
          { agency_id: 'aaa', team_id: 'south', name: 'South', supervisor_staff_id: null },
        ])
        .execute();
    } finally {
      await h.close();
    }
    const ok = await cli(
      ['user', 'add', '--agency', 'aaa', '--email', 'sup@agency.org', '--role', 'supervisor', '--teams', 'north;south'],
      'supervisor pass 1\n',
    );
    expect(ok.code).toBe(0);
    const bad = await cli(
      ['user', 'add', '--agency', 'aaa', '--email', 'sup2@agency.org', '--role', 'supervisor', '--teams', 'north;west'],
      'supervisor pass 1\n',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('error: Agency aaa has no team west.\n');
  });

  test.each([
    [['user', 'add', '--agency', 'aaa', '--email', 'x@agency.org', '--role', 'board'], 'short\n', 1, 'at least 12 characters'],
    [['user', 'add', '--agency', 'aaa', '--email', 'x@agency.org', '--role', 'board'], '', 1, 'no password on stdin'],
    [
      ['user', 'add', '--agency', 'aaa', '--email', 'x@agency.org', '--role', 'wizard'],
      'long enough pass\n',
      1,
      'role "wizard" is not one of',
    ],
    [['user', 'add', '--agency', 'aaa', '--email', 'not-an-email', '--role', 'board'], 'long enough pass\n', 1, 'is not an email address'],
    [
      ['user', 'add', '--agency', 'nope', '--email', 'y@agency.org', '--role', 'board'],
      'long enough pass\n',
      1,
      'There is no agency nope.',
    ],
    [['user', 'add', '--agency', 'aaa', '--email', 'DIR@agency.org', '--role', 'board'], 'long enough pass\n', 1, 'already exists'],
    [['user', 'add', '--agency', 'aaa', '--role', 'board'], 'long enough pass\n', 2, '--agency, --email and --role are required'],
  ])('%j with stdin %j exits %i: %s', async (args, stdin, code, message) => {
    const r = await cli(args, stdin);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\bat .+\.ts:\d+/);
  });

  test('user reset-password changes the password from stdin', async () => {
    const r = await cli(['user', 'reset-password', '--agency', 'aaa', '--email', 'dir@agency.org'], 'a brand new password\r\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('password changed for dir@agency.org');
    expect(await canSignIn('dir@agency.org', 'director pass 2025')).toBe(false);
    expect(await canSignIn('dir@agency.org', 'a brand new password')).toBe(true);
    const missing = await cli(['user', 'reset-password', '--agency', 'aaa', '--email', 'ghost@agency.org'], 'a brand new password\n');
    expect(missing).toMatchObject({ code: 1, stderr: 'error: agency aaa has no user ghost@agency.org\n' });
  });
});
