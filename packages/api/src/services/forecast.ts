/**
 * Staffing forecast and what-if (metrics.md): the service behind `forecast` (tRPC and
 * `cli report forecast`) and the agency's saved scenarios. Same shape as the other
 * Standard 9 services: no access control (the router passes the caller's scope as
 * programIds), no clock (the caller gives asOf).
 *
 * The state counts, transitions and entries come from the month-end transitions of the
 * build stored under the agency's current data and settings versions when it covers
 * the month ends asked for (months × states² rows); otherwise from the rows (every
 * client on every month end) while a build is started in the background. Capacity and
 * workload items are read from their own (small) tables either way.
 *
 * Under a program filter the clients (states, hours) are those programs'; capacity
 * stays the agency's caseload staff on e₀, as a load ratio's capacity does.
 */
import {
  type Database,
  deleteForecastScenario,
  findMonthEndBuild,
  listForecastScenarios,
  loadCapacityRows,
  loadMonthEndTransitions,
  loadStaffRows,
  loadStandard9Rows,
  saveForecastScenario,
  writeAudit,
} from '@caseload/db';
import {
  computeForecast,
  computeForecastFromRows,
  DEFAULT_FORECAST_HISTORY_MONTHS,
  dayNumber,
  type DateString,
  type Forecast,
  forecastCapacityOn,
  type ForecastScenario,
  forecastMonthEnds,
  forecastSeriesFromTransitions,
  isDateString,
  monthEndsAfter,
  otherHoursOn,
  Standard9Index,
  type StaffingNeed,
  staffingNeed,
} from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ServiceError } from '../errors.ts';
import { versionsOf } from './cache.ts';
import { standard9Settings } from './caseload.ts';
import { coveredBy, MONTH_END_HISTORY, scheduleMonthEndBuild } from './monthEnd.ts';

const fteChange = z.strictObject({
  month: z.number().int('month is a whole number 1 to 12').min(1, 'month is 1 to 12').max(12, 'month is 1 to 12'),
  fte: z.number().positive('fte is more than 0').max(10_000),
});
const hours = z.number().min(0, 'tier hours are 0 or more').max(1_000);

/** Scenario inputs (metrics.md): every key optional; an absent one is the agency's own. */
export const forecastScenarioSchema = z.strictObject({
  intakeChange: z.number().min(-1, 'intakeChange is −1 (no intake) or more').max(10).optional(),
  hires: z.array(fteChange).max(120).optional(),
  departures: z.array(fteChange).max(120).optional(),
  target: z.number().positive('target is more than 0').max(5).optional(),
  tierHours: z.strictObject({ '1': hours, '2': hours, '3': hours, '4': hours, unassessed: hours }).optional(),
});
export type ForecastScenarioInput = z.infer<typeof forecastScenarioSchema>;

export const scenarioNameSchema = z.string().trim().min(1, 'A scenario needs a name.').max(80, 'A scenario name is at most 80 characters.');

export const FORECAST_SCENARIO_SAVE = 'forecast_scenario.save';
export const FORECAST_SCENARIO_DELETE = 'forecast_scenario.delete';

export interface ForecastInput {
  asOf: string;
  programIds?: string[] | null;
  scenario?: ForecastScenario | null;
}

/** Which path answered (for tests and the benchmark). */
export type ForecastSource = 'month-end' | 'rows';

function requireDate(value: string, name: string): DateString {
  if (!isDateString(value)) throw new ServiceError('BAD_REQUEST', `${name} must be a date written YYYY-MM-DD (got "${value}").`);
  return value;
}

/** The forecast of metrics.md for input.asOf, with the scenario's inputs, and its backtest. */
export async function staffingForecast(db: Kysely<Database>, agencyId: string, input: ForecastInput): Promise<Forecast> {
  return (await staffingForecastWithSource(db, agencyId, input)).forecast;
}

export async function staffingForecastWithSource(
  db: Kysely<Database>,
  agencyId: string,
  input: ForecastInput,
): Promise<{ forecast: Forecast; source: ForecastSource }> {
  const asOf = requireDate(input.asOf, 'asOf');
  const scenario = input.scenario ? forecastScenarioSchema.parse(input.scenario) : undefined;
  const [versions, { settings, version }] = await Promise.all([versionsOf(db, agencyId), standard9Settings(db, agencyId)]);
  // H: the agency's setting (versioned like every setting), else the default
  const historyMonths = settings.forecastHistoryMonths ?? DEFAULT_FORECAST_HISTORY_MONTHS;
  const monthEnds = forecastMonthEnds(asOf, historyMonths);
  const first = monthEnds[0] as DateString;
  const e0 = monthEnds[monthEnds.length - 1] as DateString;
  const key = { agencyId, dataVersion: versions.data, settingsVersion: version };
  const build = versions.settings === version ? await findMonthEndBuild(db, key) : undefined;
  // A build starts at the first month with a client (none active before it) unless it
  // was cut at MONTH_END_HISTORY months; transitions into its first month end may miss
  // exits of clients loaded by no month of the build, so that one is read only then.
  const uncut = build !== undefined && build.firstMonthEnd > monthEndsAfter(build.lastMonthEnd, -(MONTH_END_HISTORY - 1));
  const covered = build !== undefined && coveredBy(build, e0) && (first > build.firstMonthEnd || uncut);
  if (build && covered) {
    const [staff, capacity, cells] = await Promise.all([
      loadStaffRows(db, agencyId),
      loadCapacityRows(db, agencyId),
      loadMonthEndTransitions(db, key, { first, last: e0, programIds: input.programIds }),
    ]);
    const index = new Standard9Index({ settings, staff, clients: [], assignments: [], assessments: [], ...capacity });
    const series = forecastSeriesFromTransitions(cells, monthEnds, otherHoursOn(index, monthEnds));
    const forecast = computeForecast({
      asOf,
      historyMonths,
      settings,
      series,
      capacity: forecastCapacityOn(index, dayNumber(e0)),
      scenario,
    });
    return { forecast, source: 'month-end' };
  }
  if (!build) void scheduleMonthEndBuild(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, { from: first, to: e0, programIds: input.programIds, contacts: 'none' });
  const { allTeamIds: _teams, contacts: _contacts, ...engine } = rows;
  return { forecast: computeForecastFromRows({ ...engine, settings }, { asOf, historyMonths, scenario }), source: 'rows' };
}

// ---------------------------------------------------------------- saved scenarios

export interface SavedScenario {
  name: string;
  inputs: ForecastScenarioInput;
  savedBy: string | null;
  savedAt: string;
}

/** The agency's saved scenarios, by name (inputs as saved; a row no longer valid is left out). */
export async function forecastScenarios(db: Kysely<Database>, agencyId: string): Promise<SavedScenario[]> {
  const rows = await listForecastScenarios(db, agencyId);
  const out: SavedScenario[] = [];
  for (const r of rows) {
    const parsed = forecastScenarioSchema.safeParse(r.inputs);
    if (parsed.success) out.push({ ...r, inputs: parsed.data });
  }
  return out;
}

/** One saved scenario by name, or NOT_FOUND. */
export async function forecastScenario(db: Kysely<Database>, agencyId: string, name: string): Promise<SavedScenario> {
  const all = await forecastScenarios(db, agencyId);
  const found = all.find((s) => s.name === name);
  if (!found) throw new ServiceError('NOT_FOUND', `There is no saved scenario named "${name}".`);
  return found;
}

export interface ScenarioActor {
  userId: string | null;
  /** as the audit log names them: the user's email, or 'cli' */
  actor: string;
}

/** Saves (or replaces) a named scenario and audits it (old and new inputs) in one transaction. */
export async function saveScenario(
  db: Kysely<Database>,
  agencyId: string,
  who: ScenarioActor,
  input: { name: string; inputs: ForecastScenarioInput },
): Promise<SavedScenario> {
  const name = scenarioNameSchema.parse(input.name);
  const inputs = forecastScenarioSchema.parse(input.inputs);
  await db.transaction().execute(async (trx) => {
    const { replaced } = await saveForecastScenario(trx, agencyId, { name, inputs, savedBy: who.userId });
    await writeAudit(trx, {
      agencyId,
      userId: who.userId,
      actor: who.actor,
      action: FORECAST_SCENARIO_SAVE,
      details: { name, old: replaced, new: inputs },
    });
  });
  return forecastScenario(db, agencyId, name);
}

/** Deletes a named scenario and audits it; NOT_FOUND when there is none. */
export async function deleteScenario(db: Kysely<Database>, agencyId: string, who: ScenarioActor, name: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const deleted = await deleteForecastScenario(trx, agencyId, name);
    if (!deleted) throw new ServiceError('NOT_FOUND', `There is no saved scenario named "${name}".`);
    await writeAudit(trx, { agencyId, userId: who.userId, actor: who.actor, action: FORECAST_SCENARIO_DELETE, details: { name } });
  });
}

/**
 * The board report's "Staffing need": the forecast as of the period's last day with a
 * saved scenario (agency-wide), its FTE gap by quarter and its sentence.
 */
export async function boardStaffingNeed(
  db: Kysely<Database>,
  agencyId: string,
  input: { asOf: string; scenarioName: string },
): Promise<StaffingNeed> {
  const saved = await forecastScenario(db, agencyId, input.scenarioName);
  const forecast = await staffingForecast(db, agencyId, { asOf: input.asOf, scenario: saved.inputs });
  return staffingNeed(forecast, saved.name);
}
