/**
 * The calendar of an agency, through the procedures: today in the agency's time zone
 * (never the server's), the date CASELOAD_TODAY pins, and a 400 naming the first day
 * of the records for a date before them.
 */
import { type Clock, createClock } from '@caseload/clock';
import type { DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { defaultSettings } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Caller } from '../src/access.ts';
import { createCaller } from '../src/root.ts';
import { createContextInner } from '../src/trpc.ts';
import { assign, makeAgency, makeAssessment, makeClient, makeContact, makeProgram, makeStaff, makeTeam, makeUser } from './factories.ts';

/** 05:00 UTC on December 7: midnight in New York, still the 6th in Chicago and Honolulu. */
const INSTANT = new Date('2026-12-07T05:00:00Z');
const FIRST = '2024-03-05';

describe.each(testDrivers())('the agency calendar on %s', (driver) => {
  let h: DbHandle;
  let director: Caller;
  let board: Caller;
  let emptyDirector: Caller;
  let agencyId: string;
  const as = (caller: Caller, clock: Clock = createClock({ now: () => INSTANT })) =>
    createCaller(createContextInner({ db: h.db, caller, clock }));

  beforeAll(async () => {
    h = await createTestDb(driver);
    agencyId = await makeAgency(h.db);
    const programId = await makeProgram(h.db, agencyId);
    const teamId = await makeTeam(h.db, agencyId);
    const staffId = await makeStaff(h.db, agencyId, { teamId });
    // enrolled and assigned long before the agency's recorded activity begins: the first
    // day of the records is the earliest assessment (before the earliest contact)
    const clientId = await makeClient(h.db, agencyId, { programId, enrolledOn: '2012-05-01' });
    await assign(h.db, agencyId, { clientId, staffId, startOn: '2012-05-01' });
    await makeAssessment(h.db, agencyId, { clientId, assessedOn: FIRST, acuityTier: 3 });
    await makeContact(h.db, agencyId, { clientId, staffId, occurredOn: '2024-04-01' });
    director = await makeUser(h.db, agencyId, { role: 'director' });
    board = await makeUser(h.db, agencyId, { role: 'board' });
    emptyDirector = await makeUser(h.db, await makeAgency(h.db), { role: 'director' });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('today is the date in the agency’s time zone (default America/New_York), whatever the server’s zone', async () => {
    expect((await as(director).auth.me()).today).toBe('2026-12-07');
    // with no date asked, a report is as of that today
    expect((await as(director).caseload.report({})).asOf).toBe('2026-12-07');

    const { settings, version } = await as(director).settings.get();
    await as(director).settings.update({ settings: { ...settings, timeZone: 'America/Chicago' }, expectedVersion: version });
    expect((await as(director).auth.me()).today).toBe('2026-12-06');
    expect((await as(director).caseload.report({})).asOf).toBe('2026-12-06');
    expect((await as(director).compliance.report({})).asOf).toBe('2026-12-06');

    const chicago = await as(director).settings.get();
    await as(director).settings.update({
      settings: { ...chicago.settings, timeZone: 'America/New_York' },
      expectedVersion: chicago.version,
    });
    expect((await as(director).auth.me()).today).toBe('2026-12-07');
  });

  test('CASELOAD_TODAY pins today in every zone', async () => {
    const pinned = createClock({ today: '2031-01-31', now: () => INSTANT });
    expect((await as(director, pinned).auth.me()).today).toBe('2031-01-31');
    expect((await as(director, pinned).caseload.report({})).asOf).toBe('2031-01-31');
  });

  test('the time zone setting takes IANA names only, kept in their canonical spelling', async () => {
    const { settings, version } = await as(director).settings.get();
    await expect(
      as(director).settings.update({ settings: { ...settings, timeZone: 'Eastern' }, expectedVersion: version }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('The time zone must be an IANA name such as America/New_York'),
    });
    const saved = await as(director).settings.update({ settings: { ...settings, timeZone: 'america/denver' }, expectedVersion: version });
    expect(saved.settings.timeZone).toBe('America/Denver');
    await as(director).settings.update({ settings: { ...defaultSettings }, expectedVersion: saved.version });
  });

  test('auth.me names the first day of the records: the earliest contact or assessment', async () => {
    expect((await as(director).auth.me()).dataFrom).toBe(FIRST);
    expect((await as(emptyDirector).auth.me()).dataFrom).toBeNull();
  });

  const before = (date: string, what: string) =>
    `The agency's records begin on ${FIRST} (its earliest recorded contact or assessment), so there is nothing to show ${what} ${date}. Choose a date on or after ${FIRST}.`;

  test('an as-of date before the records is refused with a sentence naming the first day; the first day itself is not', async () => {
    for (const call of [
      () => as(director).caseload.report({ asOf: '2015-06-30' }),
      () => as(director).compliance.report({ asOf: '2015-06-30' }),
      () => as(director).worklist.list({ kind: 'reassessOverdue', asOf: '2015-06-30' }),
      () => as(board).caseload.report({ asOf: '2015-06-30' }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'BAD_REQUEST', message: before('2015-06-30', 'as of') });
    }
    await expect(as(director).caseload.report({ asOf: '2024-03-04' })).rejects.toMatchObject({ message: before('2024-03-04', 'as of') });
    const first = await as(director).caseload.report({ asOf: FIRST });
    expect(first.agency?.clients).toBe(1);
  });

  test('a period ending before the records is refused; one reaching into them is answered', async () => {
    const period = { from: '2015-01-01', to: '2015-12-31' };
    for (const call of [
      () => as(director).feedback.report(period),
      () => as(director).outcomes.report(period),
      () => as(director).caseload.trend(period),
      () => as(director).board.report(period),
      () => as(board).qa.report(period),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'BAD_REQUEST', message: before('2015-12-31', 'ending') });
    }
    const reaching = await as(director).caseload.trend({ from: '2023-12-01', to: '2024-03-31' });
    expect(reaching.months.map((m) => m.month)).toEqual(['2023-12', '2024-01', '2024-02', '2024-03']);
  });

  test('an agency with no records yet is not refused: its pages have nothing to show', async () => {
    const r = await as(emptyDirector).caseload.report({ asOf: '2015-06-30' });
    expect(r.agency?.clients).toBe(0);
  });
});
