/**
 * assessment_pairs (migration 20261212T0300) follows the assessments table on both
 * drivers: after inserts, updates that move an assessment to another client or date or
 * change its deficits, deletes and a truncate, the functional tallies the database counts
 * from it (loadOutcomesTallies) are those @caseload/metrics' outcomesTallies counts from the
 * rows (loadOutcomesRows), and a few are checked by hand.
 */
import { outcomesTallies } from '@caseload/metrics';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAgency, type DbHandle, loadOutcomesRows, loadOutcomesTallies, type Standard8Scope } from '../src/index.ts';
import { createTestDb, testDrivers } from '../src/testing.ts';

const A = 'ap';

type Functional = Array<{ month: string; change: string; count: number }>;

const sorted = (xs: Functional) =>
  [...xs].sort((x, y) => (x.month === y.month ? (x.change < y.change ? -1 : 1) : x.month < y.month ? -1 : 1));

const periods: Array<[string, string]> = [
  ['2024-01-01', '2024-12-31'],
  ['2024-02-01', '2024-02-29'],
  ['2024-03-01', '2024-04-30'],
  ['2024-03-10', '2024-03-10'],
  ['2023-06-01', '2024-06-30'],
];
const filters: Array<Partial<Standard8Scope>> = [{}, { programIds: ['P2'] }];

describe.each(testDrivers())('assessment_pairs on %s', (driver) => {
  let h: DbHandle;

  /** The SQL functional tallies against those of the rows, for every period and filter. */
  async function expectSameAsRows() {
    for (const [from, to] of periods) {
      for (const filter of filters) {
        const scope = { from, to, ...filter };
        const [rows, tallies] = await Promise.all([loadOutcomesRows(h.db, A, scope), loadOutcomesTallies(h.db, A, scope)]);
        const expected = outcomesTallies({ from, to, ...rows }).functional;
        expect(sorted(tallies.functional), `${from}..${to} ${JSON.stringify(filter)}`).toEqual(sorted(expected));
      }
    }
  }

  async function functional(from: string, to: string): Promise<Functional> {
    return sorted((await loadOutcomesTallies(h.db, A, { from, to })).functional);
  }

  async function pairs(): Promise<Array<{ client_id: string; assessment_id: string; assessed_on: string; change: number }>> {
    const r = await sql<{ client_id: string; assessment_id: string; assessed_on: string; change: number }>`
      select client_id, assessment_id, assessed_on, change from assessment_pairs where agency_id = ${A}
       order by client_id, assessed_on, assessment_id collate "C"`.execute(h.db);
    return r.rows;
  }

  const assessment = (assessment_id: string, client_id: string, assessed_on: string, adl_deficits: number | null, agency_id = A) => ({
    agency_id,
    assessment_id,
    client_id,
    assessed_on,
    kind: 'reassessment' as const,
    adl_deficits,
  });

  beforeAll(async () => {
    h = await createTestDb(driver);
    await createAgency(h.db, { agencyId: A, name: 'Pairs agency', settings: {} });
    await createAgency(h.db, { agencyId: 'other', name: 'Other', settings: {} });
    await h.db
      .insertInto('programs')
      .values([
        { agency_id: A, program_id: 'P1', name: 'One', funder: null },
        { agency_id: A, program_id: 'P2', name: 'Two', funder: null },
        { agency_id: 'other', program_id: 'P1', name: 'Other', funder: null },
      ])
      .execute();
    await h.db
      .insertInto('clients')
      .values([
        { agency_id: A, client_id: 'c1', program_id: 'P1', enrolled_on: '2023-01-01' },
        { agency_id: A, client_id: 'c2', program_id: 'P2', enrolled_on: '2023-01-01' },
        { agency_id: A, client_id: 'c3', program_id: 'P2', enrolled_on: '2023-01-01' },
        { agency_id: 'other', client_id: 'c1', program_id: 'P1', enrolled_on: '2023-01-01' },
      ])
      .execute();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('inserts: each assessment against the one just before it, same-day ties by id in byte order', async () => {
    await h.db
      .insertInto('assessments')
      .values([
        assessment('a1', 'c1', '2023-12-01', 4),
        assessment('a2', 'c1', '2024-02-10', 3),
        // same day as a2: after it ("a2" < "a3")
        assessment('a3', 'c1', '2024-02-10', 3),
        assessment('B1', 'c2', '2024-01-05', 2),
        assessment('B2', 'c2', '2024-03-10', null),
        assessment('B3', 'c2', '2024-04-01', 1),
        // another agency's client c1: never mixed with this agency's c1
        assessment('a9', 'c1', '2024-02-01', 0, 'other'),
      ])
      .execute();
    // c1: a1 4 → a2 3 improved, a2 3 → a3 3 maintained; c2: B2 and B3 have no deficits on one side
    expect(await pairs()).toEqual([
      { client_id: 'c1', assessment_id: 'a2', assessed_on: '2024-02-10', change: -1 },
      { client_id: 'c1', assessment_id: 'a3', assessed_on: '2024-02-10', change: 0 },
    ]);
    expect(await functional('2024-01-01', '2024-12-31')).toEqual([
      { month: '2024-02', change: 'improved', count: 1 },
      { month: '2024-02', change: 'maintained', count: 1 },
    ]);
    await expectSameAsRows();
    // one more, inserted before the others of c2: B1 is now its second
    await h.db
      .insertInto('assessments')
      .values([assessment('B0', 'c2', '2023-11-01', 1)])
      .execute();
    expect(await functional('2024-01-01', '2024-01-31')).toEqual([{ month: '2024-01', change: 'declined', count: 1 }]);
    await expectSameAsRows();
  });

  test('updates: deficits, a move to another date, a move to another client', async () => {
    await h.db.updateTable('assessments').set({ adl_deficits: 3 }).where('agency_id', '=', A).where('assessment_id', '=', 'B2').execute();
    // c2: B0 1 → B1 2 declined, B1 2 → B2 3 declined, B2 3 → B3 1 improved
    expect(await functional('2024-03-01', '2024-04-30')).toEqual([
      { month: '2024-03', change: 'declined', count: 1 },
      { month: '2024-04', change: 'improved', count: 1 },
    ]);
    await expectSameAsRows();
    // a1 moves after a3: a2 is c1's first, a3 maintained against a2, a1 (4) declined against a3 (3)
    await h.db
      .updateTable('assessments')
      .set({ assessed_on: '2024-03-20' })
      .where('agency_id', '=', A)
      .where('assessment_id', '=', 'a1')
      .execute();
    expect((await pairs()).filter((p) => p.client_id === 'c1')).toEqual([
      { client_id: 'c1', assessment_id: 'a3', assessed_on: '2024-02-10', change: 0 },
      { client_id: 'c1', assessment_id: 'a1', assessed_on: '2024-03-20', change: 1 },
    ]);
    await expectSameAsRows();
    // a3 moves to c3: c1 keeps a2 → a1 (3 → 4 declined); c3's only assessment has no predecessor
    await h.db.updateTable('assessments').set({ client_id: 'c3' }).where('agency_id', '=', A).where('assessment_id', '=', 'a3').execute();
    expect((await pairs()).filter((p) => p.client_id !== 'c2')).toEqual([
      { client_id: 'c1', assessment_id: 'a1', assessed_on: '2024-03-20', change: 1 },
    ]);
    await expectSameAsRows();
    // and B3 to c3, after a3: c3 gets a3 3 → B3 1 improved, c2 ends at B2
    await h.db.updateTable('assessments').set({ client_id: 'c3' }).where('agency_id', '=', A).where('assessment_id', '=', 'B3').execute();
    expect((await pairs()).filter((p) => p.client_id === 'c3')).toEqual([
      { client_id: 'c3', assessment_id: 'B3', assessed_on: '2024-04-01', change: -1 },
    ]);
    await expectSameAsRows();
  });

  test('deletes and a truncate', async () => {
    // c2 loses B1: B2 (3) now follows B0 (1), declined
    await h.db.deleteFrom('assessments').where('agency_id', '=', A).where('assessment_id', '=', 'B1').execute();
    expect((await pairs()).filter((p) => p.client_id === 'c2')).toEqual([
      { client_id: 'c2', assessment_id: 'B2', assessed_on: '2024-03-10', change: 1 },
    ]);
    await expectSameAsRows();
    await h.db.deleteFrom('assessments').where('agency_id', '=', A).where('client_id', '=', 'c1').execute();
    expect((await pairs()).map((p) => p.assessment_id)).toEqual(['B2', 'B3']);
    await expectSameAsRows();
    await sql`truncate assessments`.execute(h.db);
    expect(await sql`select * from assessment_pairs`.execute(h.db).then((r) => r.rows)).toEqual([]);
    expect(await functional('2023-01-01', '2024-12-31')).toEqual([]);
    await expectSameAsRows();
  });
});
