import { defaultSettings, type ContactRow } from '@caseload/metrics';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAgency, loadLatestContactRows, type DbHandle } from '../src/index.ts';
import { latestContactRows } from '../src/queries/latestContacts.ts';
import { createTestDb, testDrivers } from '../src/testing.ts';
import { factories } from './standard9-factories.ts';

const key = (r: ContactRow) => `${r.clientId}|${r.occurredOn}|${r.mode}|${r.staffId}`;
const sorted = (rows: ContactRow[]) => rows.map(key).sort();

/** The latest any and face-to-face contact of `clientId` as the loader gives them: [any, f2f] as 'day mode'. */
function latestOf(rows: ContactRow[], clientId: string): string[] {
  return rows
    .filter((r) => r.clientId === clientId)
    .map((r) => `${r.occurredOn} ${r.mode}`)
    .sort();
}

describe.each(testDrivers())('each client’s latest contacts, kept by triggers, on %s', (driver) => {
  let h: DbHandle;
  let staffId = '';
  const c: Record<string, string> = {};
  const programs: string[] = [];

  beforeAll(async () => {
    h = await createTestDb(driver);
    await createAgency(h.db, { agencyId: 'a1', name: 'One', settings: defaultSettings });
    await createAgency(h.db, { agencyId: 'a2', name: 'Two', settings: defaultSettings });
    const f = factories(h.db, 'a1');
    const pA = await f.program();
    const pB = await f.program();
    programs.push(pA.program_id, pB.program_id);
    staffId = (await f.staff()).staff_id;
    const client = async (name: string, program: string, o: { closed_on?: string; enrolled_on?: string } = {}) => {
      c[name] = (await f.client({ program_id: program, ...o })).client_id;
    };
    await client('phoneThenVisit', pA.program_id);
    await client('visitThenPhone', pA.program_id);
    await client('collateralOnly', pA.program_id);
    await client('sameDay', pB.program_id);
    await client('none', pB.program_id);
    await client('closed', pB.program_id, { closed_on: '2025-02-01' });
    await client('later', pA.program_id);
    const k = (name: string, occurred_on: string, mode: 'phone' | 'home_visit' | 'office_visit' | 'video' | 'collateral', id?: string) =>
      f.contact({ client_id: c[name] as string, staff_id: staffId, occurred_on, mode, ...(id ? { contact_id: id } : {}) });
    await k('phoneThenVisit', '2025-01-10', 'phone');
    await k('phoneThenVisit', '2025-02-10', 'home_visit');
    await k('visitThenPhone', '2025-01-10', 'office_visit');
    await k('visitThenPhone', '2025-02-10', 'video');
    await k('visitThenPhone', '2025-02-20', 'collateral');
    await k('collateralOnly', '2025-02-01', 'collateral');
    // two contacts on one day: the greater contact_id in byte order is the latest ('b' > 'Z')
    await k('sameDay', '2025-02-15', 'home_visit', 'x-Z');
    await k('sameDay', '2025-02-15', 'office_visit', 'x-b');
    await k('closed', '2025-01-05', 'phone');
    // one statement with several rows of one client: the insert trigger takes its latest
    await h.db
      .insertInto('contacts')
      .values([
        {
          agency_id: 'a1',
          contact_id: 'L1',
          client_id: c.later as string,
          staff_id: staffId,
          occurred_on: '2025-01-01',
          mode: 'home_visit',
        },
        { agency_id: 'a1', contact_id: 'L2', client_id: c.later as string, staff_id: staffId, occurred_on: '2025-06-01', mode: 'phone' },
        {
          agency_id: 'a1',
          contact_id: 'L3',
          client_id: c.later as string,
          staff_id: staffId,
          occurred_on: '2025-03-01',
          mode: 'office_visit',
        },
      ])
      .execute();
    // another agency's contacts never show
    const g = factories(h.db, 'a2');
    const p2 = await g.program();
    const s2 = await g.staff();
    const other = await g.client({ program_id: p2.program_id });
    await g.contact({ client_id: other.client_id, staff_id: s2.staff_id, occurred_on: '2025-02-01', mode: 'home_visit' });
  });

  afterAll(async () => {
    await h?.close();
  });

  const asOfs = ['2024-12-31', '2025-01-10', '2025-02-15', '2025-02-28', '2025-04-01', '2025-06-01', '2025-12-31'];

  async function expectSameAsEveryContact() {
    for (const asOf of asOfs) {
      for (const programIds of [null, [programs[0] as string], [programs[1] as string], []]) {
        const kept = await latestContactRows(h.db, 'a1', { asOf, programIds });
        const reference = await loadLatestContactRows(h.db, 'a1', { asOf, programIds });
        expect(sorted(kept), `${asOf} ${JSON.stringify(programIds)}`).toEqual(sorted(reference));
      }
    }
  }

  test('hand-computed latest contacts on one day', async () => {
    const rows = await latestContactRows(h.db, 'a1', { asOf: '2025-02-28', programIds: null });
    // any: the home visit of 02-10; face-to-face: the same contact
    expect(latestOf(rows, c.phoneThenVisit as string)).toEqual(['2025-02-10 home_visit', '2025-02-10 home_visit']);
    // any: the video of 02-10 (collateral counts toward nothing); face-to-face: the office visit of 01-10
    expect(latestOf(rows, c.visitThenPhone as string)).toEqual(['2025-01-10 office_visit', '2025-02-10 video']);
    expect(latestOf(rows, c.collateralOnly as string)).toEqual([]);
    // same day: contact_id 'x-b' is after 'x-Z' in byte order
    expect(latestOf(rows, c.sameDay as string)).toEqual(['2025-02-15 office_visit', '2025-02-15 office_visit']);
    expect(latestOf(rows, c.none as string)).toEqual([]);
    // contacts after the day are not counted: the phone call of 06-01 and the visit of 03-01 lie ahead
    expect(latestOf(rows, c.later as string)).toEqual(['2025-01-01 home_visit', '2025-01-01 home_visit']);
    // a closed client is not active on the day
    expect(latestOf(rows, c.closed as string)).toEqual([]);
    const later = await latestContactRows(h.db, 'a1', { asOf: '2025-12-31', programIds: null });
    expect(latestOf(later, c.later as string)).toEqual(['2025-03-01 office_visit', '2025-06-01 phone']);
    expect(later.every((r) => r.staffId === staffId)).toBe(true);
  });

  test('the kept rows give what every contact gives, on days before, between and after the contacts', async () => {
    await expectSameAsEveryContact();
  });

  test('after inserts, updates and deletes of contacts the kept rows still give what every contact gives', async () => {
    const db = h.db;
    // an older contact inserted later changes nothing; a newer one moves the latest
    await factories(db, 'a1').contact({
      client_id: c.phoneThenVisit as string,
      staff_id: staffId,
      occurred_on: '2024-12-01',
      mode: 'home_visit',
    });
    await factories(db, 'a1').contact({ client_id: c.none as string, staff_id: staffId, occurred_on: '2025-02-20', mode: 'phone' });
    await expectSameAsEveryContact();
    // the latest face-to-face visit becomes a phone call, another moves to a different client
    await db.updateTable('contacts').set({ mode: 'phone' }).where('agency_id', '=', 'a1').where('contact_id', '=', 'x-b').execute();
    await db
      .updateTable('contacts')
      .set({ client_id: c.collateralOnly as string })
      .where('agency_id', '=', 'a1')
      .where('contact_id', '=', 'L3')
      .execute();
    let rows = await latestContactRows(db, 'a1', { asOf: '2025-12-31', programIds: null });
    expect(latestOf(rows, c.sameDay as string)).toEqual(['2025-02-15 home_visit', '2025-02-15 phone']);
    expect(latestOf(rows, c.collateralOnly as string)).toEqual(['2025-03-01 office_visit', '2025-03-01 office_visit']);
    expect(latestOf(rows, c.later as string)).toEqual(['2025-01-01 home_visit', '2025-06-01 phone']);
    await expectSameAsEveryContact();
    // deleting the latest falls back to the one before; deleting every contact leaves none
    await db.deleteFrom('contacts').where('agency_id', '=', 'a1').where('contact_id', '=', 'L2').execute();
    await db
      .deleteFrom('contacts')
      .where('agency_id', '=', 'a1')
      .where('client_id', '=', c.visitThenPhone as string)
      .execute();
    rows = await latestContactRows(db, 'a1', { asOf: '2025-12-31', programIds: null });
    expect(latestOf(rows, c.later as string)).toEqual(['2025-01-01 home_visit', '2025-01-01 home_visit']);
    expect(latestOf(rows, c.visitThenPhone as string)).toEqual([]);
    await expectSameAsEveryContact();
    const kept = await sql<{ n: number }>`select count(*)::int as n from client_latest_contacts where agency_id = 'a2'`.execute(db);
    expect(kept.rows[0]?.n).toBe(1);
  });
});
