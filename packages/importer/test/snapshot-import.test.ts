/**
 * Full snapshots (interfaces.md): a file marked snapshot is the whole truth for its
 * entity, so rows of the agency it lacks are deleted in the same transaction, children
 * first and nothing else; the summary counts them; the same snapshot twice changes
 * nothing; any error anywhere deletes nothing; a row something else still refers to
 * is never deleted behind its back.
 */
import { createAgency, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importDirectory, type MappingProfile } from '../src/index.ts';
import { CLIENTTRACK_ACTIVITIES, CLIENTTRACK_CLIENTS, clientTrackActivities, clientTrackClients, clientTrackProfile } from './exports.ts';
import { countRows, dump, FIXTURE, fixture, importDir, removeImportDirs } from './helpers.ts';

const TODAY = '2025-06-30';

describe.each(testDrivers())('full snapshots on %s', (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
  });
  afterAll(async () => {
    await h?.close();
    removeImportDirs();
  });

  let n = 0;
  const freshAgency = async () => {
    const id = `snap${++n}`;
    await createAgency(h.db, { agencyId: id, name: id, settings: {} });
    const base = await importDirectory(h.db, FIXTURE, { agencyId: id, today: TODAY });
    expect(base.ok).toBe(true);
    return id;
  };
  const ids = async (agencyId: string, table: string, key: string) =>
    (
      await sql<{ k: string }>`select ${sql.raw(key)} as k from ${sql.table(table)} where agency_id = ${agencyId} order by 1`.execute(h.db)
    ).rows.map((r) => r.k);
  /** fixture file with only the data rows whose first field is in `keep` */
  const only = (file: string, keep: string[]) => {
    const [head, ...rows] = (fixture()[file] as string).trimEnd().split('\n');
    return `${[head, ...rows.filter((r) => keep.includes(r.split(',')[0] as string))].join('\n')}\n`;
  };

  test('deletes what the file lacks (children first), counts it, and the same snapshot twice changes nothing', async () => {
    const agencyId = await freshAgency();
    expect(await ids(agencyId, 'contacts', 'contact_id')).toEqual(['K1', 'K2', 'K3', 'K4', 'K5', 'K6']);
    const others = await countRows(h.db, agencyId);
    // contacts and goals as snapshots; goals of the fixture are all kept but one
    const goals = (await ids(agencyId, 'goals', 'goal_id')).slice(1);
    const dir = importDir({ 'contacts.csv': only('contacts.csv', ['K1', 'K2']), 'goals.csv': only('goals.csv', goals) }, false);
    const first = await importDirectory(h.db, dir, { agencyId, today: TODAY, snapshot: ['contacts.csv', 'goals.csv'] });
    expect(first).toEqual({
      ok: true,
      totalRows: 2 + goals.length,
      files: [
        { file: 'contacts.csv', rows: 2, inserted: 0, updated: 0, unchanged: 2, deleted: 4 },
        { file: 'goals.csv', rows: goals.length, inserted: 0, updated: 0, unchanged: goals.length, deleted: 1 },
      ],
    });
    expect(await ids(agencyId, 'contacts', 'contact_id')).toEqual(['K1', 'K2']);
    expect(await ids(agencyId, 'goals', 'goal_id')).toEqual(goals);
    // nothing else touched
    expect(await countRows(h.db, agencyId)).toEqual({ ...others, contacts: 2, goals: goals.length });

    const before = await dump(h.db, agencyId, false);
    const again = await importDirectory(h.db, dir, { agencyId, today: TODAY, snapshot: ['contacts.csv', 'goals.csv'] });
    expect(again.ok && again.files.map((f) => [f.file, f.inserted, f.updated, f.unchanged, f.deleted])).toEqual([
      ['contacts.csv', 0, 0, 2, 0],
      ['goals.csv', 0, 0, goals.length, 0],
    ]);
    expect(await dump(h.db, agencyId, false)).toEqual(before);
    const audit = await sql<{ details: { files: unknown[] } }>`
      select details from audit_log where agency_id = ${agencyId} and action = 'import' order by audit_id desc limit 1`.execute(h.db);
    expect(audit.rows[0]?.details.files).toEqual([
      { file: 'contacts.csv', rows: 2, inserted: 0, updated: 0, unchanged: 2, deleted: 0 },
      { file: 'goals.csv', rows: goals.length, inserted: 0, updated: 0, unchanged: goals.length, deleted: 0 },
    ]);
  });

  test('a client gone from the export goes with its rows in every snapshot file: children are deleted before the client', async () => {
    const agencyId = await freshAgency();
    const files = ['clients.csv', 'assignments.csv', 'assessments.csv', 'contacts.csv', 'referrals.csv', 'survey_invitations.csv'];
    const withoutC4 = (file: string) => {
      const [head, ...rows] = (fixture()[file] as string).trimEnd().split('\n');
      return `${[head, ...rows.filter((r) => !r.split(',').includes('C4'))].join('\n')}\n`;
    };
    const before = (await countRows(h.db, agencyId)) as Record<string, number> &
      Record<'clients' | 'assignments' | 'assessments' | 'contacts' | 'referrals' | 'survey_invitations', number>;
    const dir = importDir(Object.fromEntries(files.map((f) => [f, withoutC4(f)])), false);
    const r = await importDirectory(h.db, dir, { agencyId, today: TODAY, snapshot: files });
    expect(r.ok && r.files.map((f) => [f.file, f.deleted])).toEqual(files.map((f) => [f, 1]));
    expect(await ids(agencyId, 'clients', 'client_id')).toEqual(['C1', 'C2', 'C3']);
    expect(await countRows(h.db, agencyId)).toEqual({
      ...before,
      clients: before.clients - 1,
      assignments: before.assignments - 1,
      assessments: before.assessments - 1,
      contacts: before.contacts - 1,
      referrals: before.referrals - 1,
      survey_invitations: before.survey_invitations - 1,
    });
  });

  test('nothing is deleted when any file has an error, and a row still referred to is not deleted', async () => {
    const agencyId = await freshAgency();
    const before = await dump(h.db, agencyId);
    const withError = importDir(
      {
        'contacts.csv': only('contacts.csv', ['K1']),
        'programs.csv': `${(fixture()['programs.csv'] as string).trimEnd()}\nP-NEW,,Nobody\n`,
      },
      false,
    );
    const bad = await importDirectory(h.db, withError, { agencyId, today: TODAY, snapshot: ['contacts.csv'] });
    expect(bad).toEqual({ ok: false, errorCount: 1, errors: ['programs.csv:4: name: is required'] });
    expect(await dump(h.db, agencyId)).toEqual(before);

    // clients as a snapshot without C2, whose contacts, goals … stay: refused, nothing changed
    const clients = await ids(agencyId, 'clients', 'client_id');
    const referred = importDir(
      {
        'clients.csv': only(
          'clients.csv',
          clients.filter((c) => c !== 'C2'),
        ),
      },
      false,
    );
    const refused = await importDirectory(h.db, referred, { agencyId, today: TODAY, snapshot: ['clients.csv'] });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.errors).toHaveLength(1);
      expect(refused.errors[0]).toMatch(
        /^clients\.csv: the snapshot would delete client_id "C2", which [a-z_]+ still refers to; send [a-z_]+\.csv as a snapshot too, or keep the row in the export$/,
      );
    }
    expect(await dump(h.db, agencyId)).toEqual(before);
  });

  test("a profile's snapshot mode deletes what the agency's own export lacks", async () => {
    const agencyId = await freshAgency();
    const profile: MappingProfile = {
      ...clientTrackProfile,
      files: { ...clientTrackProfile.files, 'contacts.csv': { ...clientTrackProfile.files['contacts.csv']!, mode: 'snapshot' } },
    };
    const dir = importDir({ [CLIENTTRACK_CLIENTS]: clientTrackClients(), [CLIENTTRACK_ACTIVITIES]: clientTrackActivities() }, false);
    const r = await importDirectory(h.db, dir, { agencyId, today: TODAY, profile });
    expect(r.ok && r.files.map((f) => [f.file, f.inserted, f.deleted])).toEqual([
      ['clients.csv', 3, undefined],
      ['contacts.csv', 3, 6],
    ]);
    expect(await ids(agencyId, 'contacts', 'contact_id')).toEqual(['ACT-1', 'ACT-2', 'ACT-3']);
  });
});
