import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createAgency, migrateToLatest } from '@caseload/db';
import { defaultSettings } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CLIENTTRACK_ACTIVITIES,
  CLIENTTRACK_CLIENTS,
  clientTrackActivities,
  clientTrackClients,
  clientTrackProfile,
} from '../../importer/test/exports.ts';
import { FIXTURE } from '../../importer/test/helpers.ts';
import { runCapturing } from './cli.ts';

let dir: string;

function cli(...argv: string[]) {
  return runCapturing({ DATA_DIR: join(dir, 'data'), CASELOAD_TODAY: '2025-06-30' }, argv);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cm-import-profile-'));
  const h = await connect({ dataDir: join(dir, 'data') });
  try {
    await migrateToLatest(h.db);
    await createAgency(h.db, { agencyId: 'aaa', name: 'Area Agency', settings: defaultSettings });
  } finally {
    await h.close();
  }
  await writeFile(join(dir, 'profile.json'), JSON.stringify(clientTrackProfile));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli import --profile FILE', () => {
  test("an agency's own export goes in through its profile; bad input names the source and changes nothing", async () => {
    expect((await cli('import', FIXTURE, '--agency', 'aaa')).code).toBe(0);
    const exportDir = join(dir, 'export');
    await mkdir(exportDir);
    await writeFile(join(exportDir, CLIENTTRACK_CLIENTS), clientTrackClients());
    await writeFile(join(exportDir, CLIENTTRACK_ACTIVITIES), clientTrackActivities(['ACT-9,AAA-1001,S-CM1,3/18/25,Home Visit,20']));

    const bad = await cli('import', exportDir, '--agency', 'aaa', '--profile', join(dir, 'profile.json'));
    expect(bad).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining(
        `${CLIENTTRACK_ACTIVITIES}:5: Activity Date: "3/18/25" is not a date in the format MM/DD/YYYY\n1 error; nothing was imported\n`,
      ),
    });

    await writeFile(join(exportDir, CLIENTTRACK_ACTIVITIES), clientTrackActivities());
    const good = await cli('import', exportDir, '--agency', 'aaa', '--profile', join(dir, 'profile.json'), '--format', 'json');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).files).toEqual([
      { file: 'clients.csv', source: CLIENTTRACK_CLIENTS, rows: 3, inserted: 3, updated: 0, unchanged: 0 },
      { file: 'contacts.csv', source: CLIENTTRACK_ACTIVITIES, rows: 3, inserted: 3, updated: 0, unchanged: 0 },
    ]);
  });

  test('a profile that is not valid is refused before the database is opened', async () => {
    await writeFile(
      join(dir, 'broken.json'),
      JSON.stringify({ name: 'x', files: { 'contacts.csv': { source: 'a.csv', columns: { contact_id: 'ID' } } } }),
    );
    const r = await cli('import', dir, '--agency', 'aaa', '--profile', join(dir, 'broken.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      ['client_id', 'staff_id', 'occurred_on', 'mode']
        .map(
          (c) =>
            `${join(dir, 'broken.json')}: files.contacts.csv.columns.${c}: required, but the profile gives no source column or constant\n`,
        )
        .join(''),
    );
    const missing = await cli('import', dir, '--agency', 'aaa', '--profile', join(dir, 'nope.json'));
    expect(missing).toEqual({ code: 1, stdout: '', stderr: `${join(dir, 'nope.json')}: the profile cannot be read (no such file)\n` });
  });

  test('report data-quality: each check of the agency as of the date, as JSON and CSV', async () => {
    const r = await cli('report', 'data-quality', '--agency', 'aaa', '--as-of', '2025-06-30', '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { asOf: string; checks: Array<{ check: string; count: number }> };
    expect(doc.asOf).toBe('2025-06-30');
    expect(doc.checks.map((c) => c.check)).toEqual([
      'unheldOver14Days',
      'noContact365Days',
      'heldByStaffNotEmployed',
      'contactsAfterImportDay',
      'assessmentsAfterImportDay',
      'contactsWithoutMinutes',
      'responsesWithoutInvitation',
      'staffMissingLanguagesOrRegion',
    ]);
    // K4 of the fixture and ClientTrack's ACT-2 have no minutes, of 9 contacts
    expect(doc.checks.find((c) => c.check === 'contactsWithoutMinutes')).toMatchObject({ count: 2, share: 2 / 9 });
    const csv = await cli('report', 'data-quality', '--agency', 'aaa', '--as-of', '2025-06-30', '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.stdout.split(/\r?\n/)[0]).toBe('check,label,count,share,changeSincePreviousImport');
  });
});
