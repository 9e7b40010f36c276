/**
 * The synthetic agency goes through the real importer, all or nothing, on every
 * driver: what `pnpm cli seed` does without --out.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgency, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SyntheticAgency, generateAgency, importDirectory } from '../src/index.ts';

const AS_OF = '2026-11-23';
const TABLE: Record<string, string> = {
  'programs.csv': 'programs',
  'teams.csv': 'teams',
  'providers.csv': 'providers',
  'staff.csv': 'staff',
  'staff_periods.csv': 'staff_periods',
  'capacity_reductions.csv': 'capacity_reductions',
  'workload_items.csv': 'workload_items',
  'clients.csv': 'clients',
  'assignments.csv': 'assignments',
  'assessments.csv': 'assessments',
  'contacts.csv': 'contacts',
  'goals.csv': 'goals',
  'referrals.csv': 'referrals',
  'survey_invitations.csv': 'survey_invitations',
  'survey_responses.csv': 'survey_responses',
  'qa_reviews.csv': 'qa_reviews',
};

let dir: string;
let generated: SyntheticAgency;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseload-synthetic-import-'));
  generated = await generateAgency({ scale: 's', seed: 1, asOf: AS_OF }, dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(testDrivers())('scale s imports on %s', (driver) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await createAgency(h.db, { agencyId: 'demo', name: 'Demo Area Agency on Aging', settings: {}, createdBy: 'test' });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('every file is accepted and every row lands', { timeout: 240_000 }, async () => {
    const seen = new Set<string>();
    const result = await importDirectory(h.db, dir, {
      agencyId: 'demo',
      today: AS_OF,
      actor: { userId: null, label: 'test seed' },
      onProgress: (p) => seen.add(p.file),
    });
    if (!result.ok) throw new Error(`import failed:\n${result.errors.slice(0, 20).join('\n')}`);
    expect(result.files.map((f) => [f.file, f.rows])).toEqual(generated.files.map((f) => [f.file, f.rows]));
    expect(seen.size).toBe(16);
    for (const f of generated.files) {
      const { rows } = await sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.table(TABLE[f.file]!)} where agency_id = 'demo'`.execute(h.db);
      expect(rows[0]!.n, f.file).toBe(f.rows);
    }
    // The stories survive the trip: the unassigned clients have no holder on the as-of date.
    const { rows: unassigned } = await sql<{ client_id: string }>`
      select c.client_id from clients c
       where c.agency_id = 'demo' and c.enrolled_on <= ${AS_OF}::date and (c.closed_on is null or c.closed_on > ${AS_OF}::date)
         and not exists (select 1 from assignments a where a.agency_id = c.agency_id and a.client_id = c.client_id
                          and a.start_on <= ${AS_OF}::date and (a.end_on is null or a.end_on > ${AS_OF}::date))
       order by c.client_id collate "C"`.execute(h.db);
    expect(unassigned.map((r) => r.client_id)).toEqual(generated.stories.unassignedClientIds);
  });
});
