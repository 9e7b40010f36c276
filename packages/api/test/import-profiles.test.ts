/**
 * Mapping profiles through the procedures the admin mapping page uses: a suggestion
 * from an export's header, the first rows as they will import (with the message each
 * bad cell would get), versioned saves that are audited, and refusals that name the
 * place in the profile.
 */
import { createClock } from '@caseload/clock';
import { type DbHandle, writeAudit } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Caller } from '../src/access.ts';
import { createCaller } from '../src/root.ts';
import { createContextInner } from '../src/trpc.ts';
import { makeAgency, makeUser } from './factories.ts';

const NOW = new Date('2025-02-01T10:00:00Z');

const header = ['Activity ID', 'Client #', 'Worker ID', 'Activity Date', 'Activity Type', 'Duration (min)'];
const mapping = {
  source: 'ClientTrack_Activities_*.csv',
  columns: {
    contact_id: 'Activity ID',
    client_id: 'Client #',
    staff_id: 'Worker ID',
    occurred_on: 'Activity Date',
    mode: { column: 'Activity Type', values: { 'Home Visit': 'home_visit', 'Phone Call': 'phone' } },
    minutes: 'Duration (min)',
  },
};

describe.each(testDrivers())('mapping profiles on %s', (driver) => {
  let h: DbHandle;
  let agencyId: string;
  let admin: Caller;
  let director: Caller;
  const as = (caller: Caller) => createCaller(createContextInner({ db: h.db, caller, clock: createClock({ now: () => NOW }) }));

  beforeAll(async () => {
    h = await createTestDb(driver);
    agencyId = await makeAgency(h.db);
    admin = await makeUser(h.db, agencyId, { role: 'admin' });
    director = await makeUser(h.db, agencyId, { role: 'director' });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('the preview suggests a mapping and shows the first rows as they will import, bad cells with their message', async () => {
    const rows = [
      ['ACT-1', 'AAA-1001', 'S-CM1', '03/15/2025', 'Home Visit', 45],
      ['ACT-2', 'AAA-1001', 'S-CM1', { date: '2025-03-16' }, 'Drive-by', null],
      ['ACT 3', 'AAA-1003', '', '2025-03-03', 'Phone Call', 2000],
    ];
    const r = await as(admin).imports.previewMapping({
      target: 'contacts.csv',
      header,
      rows,
      mapping,
      defaults: { dateFormat: 'MM/DD/YYYY' },
    });
    expect(r.suggestion.map((s) => [s.column, s.source])).toEqual([
      ['contact_id', 'Activity ID'],
      ['client_id', 'Client #'],
      ['staff_id', 'Worker ID'],
      ['occurred_on', 'Activity Date'],
      ['mode', 'Activity Type'],
      ['minutes', 'Duration (min)'],
    ]);
    expect(r.accepted.mode).toEqual(['home_visit', 'office_visit', 'phone', 'video', 'collateral']);
    expect(r.problem).toBeNull();
    expect(r.rows).toEqual([
      { cells: ['ACT-1', 'AAA-1001', 'S-CM1', '2025-03-15', 'home_visit', '45'], errors: {} },
      {
        cells: ['ACT-2', 'AAA-1001', 'S-CM1', '2025-03-16', '', ''],
        errors: { mode: '"Drive-by" is not in the profile\'s value map for mode (mapped: "Home Visit", "Phone Call")' },
      },
      {
        cells: ['ACT 3', 'AAA-1003', '', '', 'phone', '2000'],
        errors: {
          contact_id: '"ACT 3" is not a valid id (1–64 characters of A-Z a-z 0-9 . _ : -)',
          staff_id: 'is required',
          occurred_on: '"2025-03-03" is not a date in the format MM/DD/YYYY',
          minutes: '2000 is out of range (0–1440)',
        },
      },
    ]);
    const missing = await as(admin).imports.previewMapping({
      target: 'contacts.csv',
      header: header.filter((c) => c !== 'Worker ID'),
      rows: [],
      mapping,
    });
    expect(missing.problem).toBe(
      'no column "Worker ID" (the profile maps it to staff_id); the file\'s columns are "Activity ID", "Client #", "Activity Date", "Activity Type", "Duration (min)"',
    );
  });

  test('saves add versions, each audited; a bad profile is refused naming its place; only admins', async () => {
    expect(await as(admin).imports.profile()).toEqual({ active: null, versions: [] });
    const profile = { name: 'ClientTrack', dateFormat: 'MM/DD/YYYY', files: { 'contacts.csv': mapping } };
    expect(await as(admin).imports.saveProfile({ profile })).toEqual({ version: 1 });
    expect(await as(admin).imports.saveProfile({ profile: { ...profile, name: 'ClientTrack v2' } })).toEqual({ version: 2 });
    const saved = await as(admin).imports.profile();
    expect(saved.active).toMatchObject({ version: 2, createdBy: admin.email, profile: { ...profile, name: 'ClientTrack v2' } });
    expect(saved.versions.map((v) => [v.version, v.name])).toEqual([
      [2, 'ClientTrack v2'],
      [1, 'ClientTrack'],
    ]);
    const { entries } = await as(admin).audit.list({ action: 'import_profile.save' });
    expect(entries.map((e) => e.details)).toEqual([
      { version: 2, name: 'ClientTrack v2', files: ['contacts.csv'] },
      { version: 1, name: 'ClientTrack', files: ['contacts.csv'] },
    ]);

    const bad = await as(admin)
      .imports.saveProfile({ profile: { name: 'x', files: { 'contacts.csv': { ...mapping, columns: { contact_id: 'Activity ID' } } } } })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(TRPCError);
    expect((bad as TRPCError).code).toBe('BAD_REQUEST');
    expect((bad as TRPCError).message).toBe(
      'The mapping cannot be saved: ' +
        ['client_id', 'staff_id', 'occurred_on', 'mode']
          .map((c) => `files.contacts.csv.columns.${c}: required, but the profile gives no source column or constant`)
          .join('; '),
    );
    expect((await as(admin).imports.profile()).versions).toHaveLength(2);
    const refused = await as(director)
      .imports.saveProfile({ profile })
      .catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe('FORBIDDEN');
  });

  test('import tokens: made and shown once, listed without the token, revoked, every step audited', async () => {
    const made = await as(admin).imports.createToken({ label: 'Nightly export job' });
    expect(made.token).toMatch(/^cla_[A-Za-z0-9_-]{43}$/);
    const listed = await as(admin).imports.tokens();
    expect(listed).toEqual([
      {
        tokenId: made.tokenId,
        purpose: 'import',
        label: 'Nightly export job',
        createdAt: expect.any(String),
        createdBy: admin.email,
        lastUsedAt: null,
        revokedAt: null,
        revokedBy: null,
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(made.token);
    expect(await as(admin).imports.revokeToken({ tokenId: made.tokenId })).toEqual({ revoked: true });
    expect(await as(admin).imports.revokeToken({ tokenId: made.tokenId })).toEqual({ revoked: false });
    expect((await as(admin).imports.tokens())[0]).toMatchObject({ revokedAt: NOW.toISOString(), revokedBy: admin.email });
    const created = await as(admin).audit.list({ action: 'api_token.create' });
    const revoked = await as(admin).audit.list({ action: 'api_token.revoke' });
    expect(created.entries.map((e) => e.details)).toEqual([{ tokenId: made.tokenId, label: 'Nightly export job', purpose: 'import' }]);
    expect(revoked.entries.map((e) => e.details)).toEqual([{ tokenId: made.tokenId, label: 'Nightly export job' }]);
    expect(JSON.stringify([created, revoked])).not.toContain(made.token);
    const refused = await as(director)
      .imports.createToken({ label: 'x' })
      .catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe('FORBIDDEN');
  });

  test('freshness: the latest date in the data and the last import (when, how), stale past staleAfterDays', async () => {
    const fresh = await makeAgency(h.db);
    const fadmin = await makeUser(h.db, fresh, { role: 'admin' });
    const board = await makeUser(h.db, fresh, { role: 'board' });
    expect(await as(board).imports.freshness()).toEqual({
      dataAsOf: null,
      importedAt: null,
      via: null,
      daysSinceImport: null,
      staleAfterDays: 7,
      stale: true,
    });
    await h.db.insertInto('programs').values({ agency_id: fresh, program_id: 'P', name: 'P' }).execute();
    await h.db
      .insertInto('clients')
      .values([
        { agency_id: fresh, client_id: 'c1', program_id: 'P', enrolled_on: '2024-05-01', closed_on: '2025-01-20' },
        { agency_id: fresh, client_id: 'c2', program_id: 'P', enrolled_on: '2025-01-10' },
      ])
      .execute();
    // 2025-01-29 in New York, three days before today (2025-02-01)
    await writeAudit(h.db, {
      agencyId: fresh,
      userId: null,
      actor: 'api token x',
      action: 'import',
      details: { via: 'api', totalRows: 3 },
      at: new Date('2025-01-29T15:00:00Z'),
    });
    expect(await as(fadmin).imports.freshness()).toEqual({
      dataAsOf: '2025-01-20',
      importedAt: '2025-01-29T15:00:00.000Z',
      via: 'API',
      daysSinceImport: 3,
      staleAfterDays: 7,
      stale: false,
    });
    // eight days: past the default seven; written by the command line before "via" was recorded
    await writeAudit(h.db, {
      agencyId: fresh,
      userId: null,
      actor: 'cli (ops)',
      action: 'import',
      details: { totalRows: 3 },
      at: new Date('2025-01-24T18:00:00Z'),
    });
    const older = await as(board).imports.freshness();
    expect(older).toMatchObject({ importedAt: '2025-01-24T18:00:00.000Z', via: 'CLI', daysSinceImport: 8, stale: true });
    // seven days exactly is not yet stale
    await writeAudit(h.db, {
      agencyId: fresh,
      userId: null,
      actor: 'admin@x',
      action: 'import',
      details: { via: 'browser' },
      at: new Date('2025-01-25T16:00:00Z'),
    });
    expect(await as(board).imports.freshness()).toMatchObject({ via: 'browser', daysSinceImport: 7, stale: false });
  });

  test('staleAfterDays and importSchedule are settings: checked, saved, and read by the freshness line', async () => {
    const fresh = await makeAgency(h.db);
    const director = await makeUser(h.db, fresh, { role: 'director' });
    const before = await as(director).settings.get();
    const bad = await as(director)
      .settings.update({ settings: { ...before.settings, importSchedule: 'nightly' }, expectedVersion: before.version })
      .catch((e: unknown) => e);
    expect((bad as TRPCError).code).toBe('BAD_REQUEST');
    expect((bad as TRPCError).message).toContain('The import schedule is a cron expression such as');
    const saved = await as(director).settings.update({
      settings: { ...before.settings, staleAfterDays: 2, importSchedule: '0 2 * * *' },
      expectedVersion: before.version,
    });
    expect(saved.settings).toMatchObject({ staleAfterDays: 2, importSchedule: '0 2 * * *' });
    await writeAudit(h.db, {
      agencyId: fresh,
      userId: null,
      actor: 'admin@x',
      action: 'import',
      details: { via: 'browser' },
      at: new Date('2025-01-29T15:00:00Z'),
    });
    expect(await as(director).imports.freshness()).toMatchObject({ daysSinceImport: 3, staleAfterDays: 2, stale: true });
  });
});
