/**
 * The drop folder end to end on a real filesystem and database: a folder with READY
 * and a zip once it has settled are imported through the agency's profile and moved
 * to done/<timestamp>/; a refused one goes to failed/<timestamp>/ with errors.txt; a
 * folder without READY waits; with a schedule (cron, agency time zone) deliveries wait
 * for its time; after a restart a half-processed delivery is retried once, moved on
 * when its import had committed (never imported twice), and failed when already retried.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createClock } from '@caseload/clock';
import { appendSettingsVersion, createAgency, type DbHandle, saveMappingProfile } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { defaultSettings } from '@caseload/metrics';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CASEWORKS, caseWorksProfile, caseWorksWorkbook } from '../../../packages/importer/test/exports.ts';
import { DropFolder } from '../src/dropFolder.ts';

/** A stored (uncompressed) zip of the given files. */
function zipOf(entries: Array<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const crc = zlib.crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe.each(testDrivers())('the drop folder on %s', (driver) => {
  let h: DbHandle;
  let root: string;
  let now = new Date('2025-03-10T05:00:00Z');
  const clock = createClock({ now: () => now });
  let workbook: Buffer;
  const logged: string[] = [];
  const folder = () => new DropFolder({ root, db: h.db, clock, logError: (m) => logged.push(m) });

  const contacts = async (agencyId: string) =>
    (await h.db.selectFrom('contacts').select('contact_id').where('agency_id', '=', agencyId).orderBy('contact_id').execute()).map(
      (r) => r.contact_id,
    );
  const imports = async (agencyId: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from audit_log where agency_id = ${agencyId} and action = 'import'`.execute(h.db))
      .rows[0]?.n;
  const folderDelivery = async (agencyId: string, name: string, files: Record<string, Buffer>, ready = true) => {
    const dir = path.join(root, agencyId, 'incoming', name);
    await mkdir(dir, { recursive: true });
    for (const [f, data] of Object.entries(files)) await writeFile(path.join(dir, f), data);
    if (ready) await writeFile(path.join(dir, 'READY'), '');
  };
  const agency = async (agencyId: string) => {
    await createAgency(h.db, { agencyId, name: agencyId, settings: defaultSettings });
    await saveMappingProfile(h.db, agencyId, caseWorksProfile, { userId: null, label: 'test' });
  };

  beforeAll(async () => {
    h = await createTestDb(driver);
    root = await mkdtemp(path.join(tmpdir(), 'cm-drop-'));
    workbook = await caseWorksWorkbook();
  });
  afterAll(async () => {
    await h?.close();
    await rm(root, { recursive: true, force: true });
  });

  test('on arrival: READY folders and settled zips are imported and moved to done/, refused ones to failed/ with errors.txt', async () => {
    await agency('drop1');
    const f = folder();
    await folderDelivery('drop1', 'monday', { [CASEWORKS]: workbook });
    await folderDelivery('drop1', 'unfinished', { [CASEWORKS]: workbook }, false);
    await mkdir(path.join(root, 'drop1', 'incoming'), { recursive: true });
    await writeFile(
      path.join(root, 'drop1', 'incoming', 'tuesday.zip'),
      zipOf([
        {
          name: CASEWORKS,
          data: await caseWorksWorkbook({ contacts: [['N-4', '7700456', 502, new Date(Date.UTC(2025, 2, 6)), 'Telephone', 5]] }),
        },
      ]),
    );

    const first = await f.tick();
    expect(first).toEqual([
      { agencyId: 'drop1', delivery: 'monday', outcome: 'done', to: path.join(root, 'drop1', 'done', '20250310T050000Z', 'monday') },
    ]);
    expect(existsSync(path.join(root, 'drop1', 'done', '20250310T050000Z', 'monday', CASEWORKS))).toBe(true);
    expect(await contacts('drop1')).toEqual(['DS-N-1', 'DS-N-2', 'DS-N-3']);
    // the zip is taken once it has not changed between two scans; the folder without READY waits
    now = new Date('2025-03-10T05:01:00Z');
    const second = await f.tick();
    expect(second.map((o) => [o.delivery, o.outcome])).toEqual([['tuesday.zip', 'done']]);
    expect(await contacts('drop1')).toEqual(['DS-N-1', 'DS-N-2', 'DS-N-3', 'DS-N-4']);
    expect(readdirSync(path.join(root, 'drop1', 'incoming'))).toEqual(['unfinished']);
    const audit = await h.db
      .selectFrom('audit_log')
      .select(['actor', 'details'])
      .where('agency_id', '=', 'drop1')
      .where('action', '=', 'import')
      .orderBy('audit_id')
      .execute();
    expect(audit.map((a) => [a.actor, (a.details as { via: string }).via, (a.details as { delivery: string }).delivery])).toEqual([
      ['drop folder', 'drop', '20250310T050000Z/monday'],
      ['drop folder', 'drop', '20250310T050100Z/tuesday.zip'],
    ]);

    await folderDelivery('drop1', 'wednesday', {
      [CASEWORKS]: await caseWorksWorkbook({ contacts: [['N-5', '7700123', 501, new Date(Date.UTC(2025, 2, 7)), 'Fax', 5]] }),
    });
    now = new Date('2025-03-10T05:02:00Z');
    const third = await f.tick();
    expect(third.map((o) => [o.delivery, o.outcome])).toEqual([['wednesday', 'failed']]);
    const failed = path.join(root, 'drop1', 'failed', '20250310T050200Z');
    expect(readdirSync(failed).sort()).toEqual(['errors.txt', 'wednesday']);
    expect(await readFile(path.join(failed, 'errors.txt'), 'utf8')).toBe(
      `${CASEWORKS}, sheet Contacts, row 5: Method: "Fax" is not in the profile's value map for mode (mapped: "F2F - Home", "F2F - Office", "Telephone", "Video Call")\nNothing of this delivery was imported.\n`,
    );
    expect(await contacts('drop1')).toEqual(['DS-N-1', 'DS-N-2', 'DS-N-3', 'DS-N-4']);
    expect(logged).toEqual([]);
  });

  test('after a restart: a half-processed delivery is retried once, moved on if it had been imported, failed if retried already', async () => {
    await agency('drop2');
    const processing = path.join(root, 'drop2', 'processing');
    await mkdir(processing, { recursive: true });
    const half = async (name: string, attempt: { id: string; attempts: number }) => {
      await mkdir(path.join(processing, name));
      await writeFile(path.join(processing, name, CASEWORKS), workbook);
      await writeFile(path.join(processing, `${name}.attempt`), JSON.stringify(attempt));
    };
    await half('a-interrupted', { id: '20250309T020000Z/a-interrupted', attempts: 1 });
    await half('b-twice', { id: '20250309T020000Z/b-twice', attempts: 2 });
    now = new Date('2025-03-10T06:00:00Z');
    const outcomes = await folder().tick();
    expect(outcomes.map((o) => [o.delivery, o.outcome])).toEqual([
      ['a-interrupted', 'done'],
      ['b-twice', 'failed'],
    ]);
    expect(await readFile(path.join(root, 'drop2', 'failed', '20250310T060000Z', 'errors.txt'), 'utf8')).toBe(
      'The server stopped twice while importing this delivery; it is not retried again. Nothing of it was imported.\n',
    );
    expect(await imports('drop2')).toBe(1);

    // the server stopped after the import committed but before the move: moved on, not imported again
    await half('c-committed', { id: '20250310T050000Z/c-committed', attempts: 1 });
    await sql`insert into audit_log (agency_id, user_id, actor, action, details)
      values ('drop2', null, 'drop folder', 'import', ${JSON.stringify({ via: 'drop', delivery: '20250310T050000Z/c-committed', files: [], totalRows: 0 })}::jsonb)`.execute(
      h.db,
    );
    now = new Date('2025-03-10T06:05:00Z');
    const again = await folder().tick();
    expect(again).toEqual([
      {
        agencyId: 'drop2',
        delivery: 'c-committed',
        outcome: 'already imported',
        to: path.join(root, 'drop2', 'done', '20250310T060500Z', 'c-committed'),
      },
    ]);
    expect(await imports('drop2')).toBe(2);
    expect(readdirSync(processing)).toEqual([]);
  });

  test('on a schedule in the agency time zone: a delivery waits for the scheduled time', async () => {
    await agency('drop3');
    // 02:00 in New York every day
    await appendSettingsVersion(h.db, 'drop3', { ...defaultSettings, timeZone: 'America/New_York', importSchedule: '0 2 * * *' }, 'test');
    now = new Date('2025-03-11T05:00:00Z'); // 01:00 EDT
    const f = folder();
    await folderDelivery('drop3', 'nightly', { [CASEWORKS]: workbook });
    expect(await f.tick()).toEqual([]);
    now = new Date('2025-03-11T05:59:00Z'); // 01:59 EDT
    expect(await f.tick()).toEqual([]);
    now = new Date('2025-03-11T06:00:30Z'); // 02:00:30 EDT
    expect((await f.tick()).map((o) => [o.delivery, o.outcome])).toEqual([['nightly', 'done']]);
    expect(await contacts('drop3')).toEqual(['DS-N-1', 'DS-N-2', 'DS-N-3']);
  });
});
