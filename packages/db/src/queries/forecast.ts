/**
 * Month-end transitions (migration 20261208T0300), written with their month-end
 * build, and the agency's saved forecast scenarios.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, DateString } from '../schema.ts';
import type { MonthEndKey } from './monthEnd.ts';

export type ForecastState = '1' | '2' | '3' | '4' | 'unassessed';

/** One stored count: clients of a program from a state (or 'entry') on the month end before `monthEnd` to a state (or 'exit') on it. */
export interface MonthEndTransitionCell {
  monthEnd: DateString;
  programId: string;
  from: ForecastState | 'entry';
  to: ForecastState | 'exit';
  clients: number;
}

const CHUNK = 5_000;

/** Writes a build's transitions (inside the build's transaction, after its build row). */
export async function saveMonthEndTransitions(
  db: Kysely<Database>,
  key: MonthEndKey,
  cells: readonly MonthEndTransitionCell[],
): Promise<void> {
  for (let i = 0; i < cells.length; i += CHUNK) {
    const part = cells.slice(i, i + CHUNK);
    const col = <T>(f: (c: MonthEndTransitionCell) => T) => part.map(f);
    await sql`
      insert into month_end_transitions (agency_id, data_version, settings_version, month_end, program_id, from_state, to_state, clients)
      select ${key.agencyId}, ${key.dataVersion}::bigint, ${key.settingsVersion}::int, u.*
      from unnest(
        ${col((c) => c.monthEnd)}::date[], ${col((c) => c.programId)}::text[], ${col((c) => c.from)}::text[],
        ${col((c) => c.to)}::text[], ${col((c) => c.clients)}::int[]
      ) as u
    `.execute(db);
  }
}

/**
 * The transitions into month ends in [first, last], summed over the programs (all, or
 * `programIds`; [] selects nothing): programId ''.
 */
export async function loadMonthEndTransitions(
  db: Kysely<Database>,
  key: MonthEndKey,
  range: { first: DateString; last: DateString; programIds?: readonly string[] | null },
): Promise<MonthEndTransitionCell[]> {
  if (range.programIds && range.programIds.length === 0) return [];
  let q = db
    .selectFrom('month_end_transitions')
    .select([
      sql<string>`to_char(month_end, 'YYYY-MM-DD')`.as('month_end'),
      'from_state',
      'to_state',
      sql<number>`sum(clients)::int`.as('clients'),
    ])
    .where('agency_id', '=', key.agencyId)
    .where('data_version', '=', key.dataVersion)
    .where('settings_version', '=', key.settingsVersion)
    .where('month_end', '>=', range.first)
    .where('month_end', '<=', range.last);
  if (range.programIds) q = q.where('program_id', 'in', range.programIds);
  const rows = await q.groupBy(['month_end', 'from_state', 'to_state']).execute();
  return rows.map((r) => ({
    monthEnd: r.month_end,
    programId: '',
    from: r.from_state as MonthEndTransitionCell['from'],
    to: r.to_state as MonthEndTransitionCell['to'],
    clients: r.clients,
  }));
}

// ---------------------------------------------------------------- saved scenarios

export interface SavedForecastScenario {
  name: string;
  /** as saved (validated by the API before it is written) */
  inputs: unknown;
  savedBy: string | null;
  /** ISO 8601, UTC */
  savedAt: string;
}

/** The agency's saved scenarios, by name. */
export async function listForecastScenarios(db: Kysely<Database>, agencyId: string): Promise<SavedForecastScenario[]> {
  const rows = await db
    .selectFrom('forecast_scenarios')
    .select(['name', 'inputs', 'saved_by', 'saved_at'])
    .where('agency_id', '=', agencyId)
    .orderBy(sql`name collate "C"`)
    .execute();
  return rows.map((r) => ({ name: r.name, inputs: r.inputs, savedBy: r.saved_by, savedAt: new Date(r.saved_at).toISOString() }));
}

export async function findForecastScenario(
  db: Kysely<Database>,
  agencyId: string,
  name: string,
): Promise<SavedForecastScenario | undefined> {
  const r = await db
    .selectFrom('forecast_scenarios')
    .select(['name', 'inputs', 'saved_by', 'saved_at'])
    .where('agency_id', '=', agencyId)
    .where('name', '=', name)
    .executeTakeFirst();
  return r ? { name: r.name, inputs: r.inputs, savedBy: r.saved_by, savedAt: new Date(r.saved_at).toISOString() } : undefined;
}

/** Saves (or replaces) a named scenario; returns the inputs it replaced, if any. */
export async function saveForecastScenario(
  db: Kysely<Database>,
  agencyId: string,
  s: { name: string; inputs: unknown; savedBy: string | null },
): Promise<{ replaced: unknown }> {
  const before = await findForecastScenario(db, agencyId, s.name);
  await db
    .insertInto('forecast_scenarios')
    .values({ agency_id: agencyId, name: s.name, inputs: JSON.stringify(s.inputs), saved_by: s.savedBy })
    .onConflict((oc) =>
      oc.columns(['agency_id', 'name']).doUpdateSet({ inputs: JSON.stringify(s.inputs), saved_by: s.savedBy, saved_at: sql`now()` }),
    )
    .execute();
  return { replaced: before?.inputs ?? null };
}

/** Deletes a named scenario; false when there was none. */
export async function deleteForecastScenario(db: Kysely<Database>, agencyId: string, name: string): Promise<boolean> {
  const r = await db.deleteFrom('forecast_scenarios').where('agency_id', '=', agencyId).where('name', '=', name).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
