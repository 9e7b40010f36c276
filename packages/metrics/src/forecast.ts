/**
 * Staffing forecast and what-if (metrics.md "Staffing forecast and what-if"): the
 * caseload by state over the next 12 month ends, the hours and FTE it needs, the FTE
 * the agency has, and how far the same forecast made a year earlier was from what
 * happened. Pure: month-end facts in (ForecastSeries), figures out.
 *
 * States are the tiers ('1'..'4', 'unassessed') of active clients on a month end; a
 * client not active is outside. The series holds H + 13 consecutive month ends ending
 * at e₀: the forecast reads the last H + 1, the backtest the first H + 1 (ending at
 * e₋12) and the actual figures of the 12 after it.
 *
 * Where metrics.md leaves a choice, the reading taken here:
 * - hires and departures are cumulative: a hire in month j counts from month j on;
 * - the OLS line of a single pair (H = 1) is flat at that pair's entries;
 * - a backtest month whose actual figure is 0 has no percentage error and is left out
 *   of the mean; with none left the MAPE is null; MAPEs are fractions (0.02 = 2 %);
 * - the other hours are every workload item active on the month end (Σ otherHours of
 *   every member), held at e₀'s value for the 12 months;
 * - fteNeeded is null when the agency has no base capacity on e₀ or loses all of it
 *   to reductions (1 − r = 0): no denominator, no figure.
 */
import { addDays, dayNumber, monthEnd, monthOf } from './dates.ts';
import type { Settings, TierKey } from './settings.ts';
import { Standard9Index, type Standard9Rows } from './timeline.ts';
import type { DateString } from './types.ts';

export const FORECAST_STATES: readonly TierKey[] = ['1', '2', '3', '4', 'unassessed'];
/** Months projected ahead, and how far back the backtest starts. */
export const FORECAST_MONTHS = 12;
/** H when the agency has not set forecastHistoryMonths. */
export const DEFAULT_FORECAST_HISTORY_MONTHS = 24;
/**
 * The range a setting may choose: at least 6 month ends for the entries' trend line to
 * fit, at most 96 (8 years) so that the history and the backtest's year before it stay
 * inside the month-end figures kept for an agency (120 months).
 */
export const FORECAST_HISTORY_MONTHS_MIN = 6;
export const FORECAST_HISTORY_MONTHS_MAX = 96;

export type StateCounts = Record<TierKey, number>;
export type ExitOrState = TierKey | 'exit';
/** counts[from][to]: clients in `from` at a pair's first month end by their state (or exit) at its second */
export type TransitionCounts = Record<TierKey, Record<ExitOrState, number>>;
/** P[from][to]: each row sums to 1 */
export type TransitionMatrix = Record<TierKey, Record<ExitOrState, number>>;

/** The month-end facts of consecutive month ends (pair i is (monthEnds[i], monthEnds[i + 1])). */
export interface ForecastSeries {
  monthEnds: DateString[];
  /** active clients by state on each month end */
  states: StateCounts[];
  /** one per pair */
  transitions: TransitionCounts[];
  /** clients active at a pair's second month end and not at its first, by state at the second */
  entries: StateCounts[];
  /** Σ hours_per_month of the workload items active on each month end */
  otherHours: number[];
}

/** The capacity terms of caseload staff on e₀. */
export interface ForecastCapacity {
  /** Σ fte(s, e₀) */
  fte: number;
  /** Σ capacityHours(s, e₀) */
  capacityHours: number;
  /** Σ baseCapacityHours(s, e₀) */
  baseCapacityHours: number;
}

export interface FteChange {
  /** 1..12: the month (after e₀) from which it counts */
  month: number;
  fte: number;
}

export interface ForecastScenario {
  /** −0.1 = 10 % fewer entries than the trend */
  intakeChange?: number;
  hires?: FteChange[];
  departures?: FteChange[];
  /** the load target (1.00 = 100 % of capacity) */
  target?: number;
  tierHours?: StateCounts;
}

export interface ForecastMonth {
  /** YYYY-MM of the j-th month end after e₀ */
  month: string;
  clients: number;
  byState: StateCounts;
  hoursNeeded: number;
  fteNeeded: number | null;
  fteAvailable: number;
  gap: number | null;
}

export interface Forecast {
  asOf: DateString;
  /** e₀ */
  monthEnd: DateString;
  historyMonths: number;
  target: number;
  fteAvailableNow: number;
  months: ForecastMonth[];
  backtest: {
    /** e₋12: the month end the backtest forecast was made from */
    from: DateString;
    clientsMape: number | null;
    hoursMape: number | null;
  };
}

export interface ForecastInput {
  asOf: DateString;
  historyMonths: number;
  settings: Pick<Settings, 'tierHours' | 'caseHoursPerFte'>;
  /** the H + 13 month ends of forecastMonthEnds(asOf, H) */
  series: ForecastSeries;
  capacity: ForecastCapacity;
  scenario?: ForecastScenario;
}

export const zeroStates = (): StateCounts => ({ '1': 0, '2': 0, '3': 0, '4': 0, unassessed: 0 });

export const zeroTransitions = (): TransitionCounts => {
  const row = () => ({ '1': 0, '2': 0, '3': 0, '4': 0, unassessed: 0, exit: 0 });
  return { '1': row(), '2': row(), '3': row(), '4': row(), unassessed: row() };
};

/** e₀: the last month end on or before D. */
export function lastMonthEndOnOrBefore(asOf: DateString): DateString {
  const end = monthEnd(asOf);
  return end === asOf ? asOf : addDays(`${asOf.slice(0, 7)}-01`, -1);
}

/** The month end `n` months after (n < 0: before) month end `e`. */
export function monthEndsAfter(e: DateString, n: number): DateString {
  let y = Number(e.slice(0, 4));
  let m = Number(e.slice(5, 7)) + n;
  y += Math.floor((m - 1) / 12);
  m = ((((m - 1) % 12) + 12) % 12) + 1;
  return monthEnd(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`);
}

/** The H + 13 month ends e₋(H+12) … e₀ the forecast and its backtest read. */
export function forecastMonthEnds(asOf: DateString, historyMonths: number): DateString[] {
  requireHistory(historyMonths);
  const e0 = lastMonthEndOnOrBefore(asOf);
  const n = historyMonths + FORECAST_MONTHS;
  const out: DateString[] = [];
  for (let i = n; i >= 0; i--) out.push(monthEndsAfter(e0, -i));
  return out;
}

function requireHistory(h: number): void {
  if (!Number.isInteger(h) || h < 1) throw new RangeError(`the history is a whole number of months, at least 1 (got ${h})`);
}

/** P pooled over the pairs: counts over row totals; a state with no clients stays in itself. */
export function transitionMatrix(pairs: readonly TransitionCounts[]): TransitionMatrix {
  const pooled = zeroTransitions();
  for (const t of pairs) {
    for (const from of FORECAST_STATES) for (const to of [...FORECAST_STATES, 'exit' as const]) pooled[from][to] += t[from][to];
  }
  const p = zeroTransitions();
  for (const from of FORECAST_STATES) {
    let total = 0;
    for (const to of [...FORECAST_STATES, 'exit' as const]) total += pooled[from][to];
    if (total === 0) {
      p[from][from] = 1;
      continue;
    }
    for (const to of [...FORECAST_STATES, 'exit' as const]) p[from][to] = pooled[from][to] / total;
  }
  return p;
}

/**
 * The ordinary least squares line of y on x = 1..n, evaluated at `at`. With one point
 * the line is flat at it.
 */
export function olsAt(ys: readonly number[], at: number): number {
  const n = ys.length;
  if (n === 0) throw new RangeError('a line needs at least one point');
  let my = 0;
  for (const y of ys) my += y;
  my /= n;
  if (n === 1) return my;
  const mx = (n + 1) / 2;
  let sxx = 0;
  let sxy = 0;
  ys.forEach((y, i) => {
    const dx = i + 1 - mx;
    sxx += dx * dx;
    sxy += dx * (y - my);
  });
  const slope = sxy / sxx;
  return my + slope * (at - mx);
}

/** Projected entries for months 1..12: per state the OLS line at H + j, floored at 0, × (1 + intakeChange). */
export function projectedEntries(history: readonly StateCounts[], intakeChange = 0): StateCounts[] {
  const h = history.length;
  requireHistory(h);
  const out: StateCounts[] = [];
  for (let j = 1; j <= FORECAST_MONTHS; j++) {
    const e = zeroStates();
    for (const s of FORECAST_STATES) {
      e[s] =
        Math.max(
          0,
          olsAt(
            history.map((x) => x[s]),
            h + j,
          ),
        ) *
        (1 + intakeChange);
    }
    out.push(e);
  }
  return out;
}

/** vⱼ = vⱼ₋₁ · P + entriesⱼ for each month of `entries`. */
export function projectStates(v0: StateCounts, p: TransitionMatrix, entries: readonly StateCounts[]): StateCounts[] {
  const out: StateCounts[] = [];
  let v = v0;
  for (const e of entries) {
    const next = zeroStates();
    for (const to of FORECAST_STATES) {
      let x = 0;
      for (const from of FORECAST_STATES) x += v[from] * p[from][to];
      next[to] = x + e[to];
    }
    out.push(next);
    v = next;
  }
  return out;
}

const totalOf = (v: StateCounts) => FORECAST_STATES.reduce((a, s) => a + v[s], 0);
const hoursOf = (v: StateCounts, tierHours: StateCounts) => FORECAST_STATES.reduce((a, s) => a + v[s] * tierHours[s], 0);

/** Mean absolute percentage error over the months whose actual figure is not 0 (null when none is). */
export function mape(forecast: readonly number[], actual: readonly number[]): number | null {
  if (forecast.length !== actual.length) throw new RangeError('forecast and actual differ in length');
  let sum = 0;
  let n = 0;
  actual.forEach((a, i) => {
    if (a === 0) return;
    sum += Math.abs((forecast[i] as number) - a) / Math.abs(a);
    n += 1;
  });
  return n === 0 ? null : sum / n;
}

/** The states projected from the series' month end at `e0Index` with the H pairs before it. */
function projectFrom(series: ForecastSeries, e0Index: number, h: number, intakeChange: number): StateCounts[] {
  const pairs = series.transitions.slice(e0Index - h, e0Index);
  const entries = series.entries.slice(e0Index - h, e0Index);
  const p = transitionMatrix(pairs);
  return projectStates(series.states[e0Index] as StateCounts, p, projectedEntries(entries, intakeChange));
}

function requireSeries(series: ForecastSeries, h: number, asOf: DateString): void {
  const want = forecastMonthEnds(asOf, h);
  const n = want.length;
  if (
    series.monthEnds.length !== n ||
    series.monthEnds.some((e, i) => e !== want[i]) ||
    series.states.length !== n ||
    series.otherHours.length !== n ||
    series.transitions.length !== n - 1 ||
    series.entries.length !== n - 1
  ) {
    throw new RangeError(`the forecast needs the ${n} month ends ${want[0]} to ${want[n - 1]}, one pair between each`);
  }
}

/** The forecast of metrics.md for D with scenario inputs, and its backtest (no scenario). */
export function computeForecast(input: ForecastInput): Forecast {
  const h = input.historyMonths;
  requireHistory(h);
  requireSeries(input.series, h, input.asOf);
  const { series, capacity } = input;
  const scenario = input.scenario ?? {};
  const target = scenario.target ?? 1;
  const tierHours = scenario.tierHours ?? input.settings.tierHours;
  const e0Index = h + FORECAST_MONTHS;
  const e0 = series.monthEnds[e0Index] as DateString;

  const states = projectFrom(series, e0Index, h, scenario.intakeChange ?? 0);
  const otherHours = series.otherHours[e0Index] as number;
  const r = capacity.baseCapacityHours > 0 ? 1 - capacity.capacityHours / capacity.baseCapacityHours : null;
  const perFte = r === null ? 0 : input.settings.caseHoursPerFte * target * (1 - r);
  const months = states.map((byState, i): ForecastMonth => {
    const j = i + 1;
    const hoursNeeded = hoursOf(byState, tierHours) + otherHours;
    const fteNeeded = perFte > 0 ? hoursNeeded / perFte : null;
    let fteAvailable = capacity.fte;
    for (const c of scenario.hires ?? []) if (c.month <= j) fteAvailable += c.fte;
    for (const c of scenario.departures ?? []) if (c.month <= j) fteAvailable -= c.fte;
    return {
      month: monthOf(monthEndsAfter(e0, j)),
      clients: totalOf(byState),
      byState,
      hoursNeeded,
      fteNeeded,
      fteAvailable,
      gap: fteNeeded === null ? null : fteNeeded - fteAvailable,
    };
  });

  // The backtest: the same forecast from e₋12 with its own H pairs, the settings' tier hours.
  const btIndex = h;
  const bt = projectFrom(series, btIndex, h, 0);
  const base = input.settings.tierHours;
  const btOther = series.otherHours[btIndex] as number;
  const actual = series.states.slice(btIndex + 1);
  const actualOther = series.otherHours.slice(btIndex + 1);
  return {
    asOf: input.asOf,
    monthEnd: e0,
    historyMonths: h,
    target,
    fteAvailableNow: capacity.fte,
    months,
    backtest: {
      from: series.monthEnds[btIndex] as DateString,
      clientsMape: mape(bt.map(totalOf), actual.map(totalOf)),
      hoursMape: mape(
        bt.map((v) => hoursOf(v, base) + btOther),
        actual.map((v, i) => hoursOf(v, base) + (actualOther[i] as number)),
      ),
    },
  };
}

// ---------------------------------------------------------------- from rows

/** Each active client's state on a day, by client_id. */
function statesOn(index: Standard9Index, day: number): Map<string, TierKey> {
  const out = new Map<string, TierKey>();
  for (const c of index.clientsOn(day)) out.set(c.timeline.client.clientId, c.tier);
  return out;
}

/**
 * The series from the rows themselves (every client's state on every month end): the
 * reference the month-end path is tested against.
 */
export function forecastSeriesFromRows(rows: Standard9Rows, monthEnds: readonly DateString[]): ForecastSeries {
  const index = new Standard9Index(rows);
  const series: ForecastSeries = { monthEnds: [...monthEnds], states: [], transitions: [], entries: [], otherHours: [] };
  let prev: Map<string, TierKey> | null = null;
  for (const e of monthEnds) {
    const day = dayNumber(e);
    const now = statesOn(index, day);
    const counts = zeroStates();
    for (const s of now.values()) counts[s] += 1;
    series.states.push(counts);
    if (prev) {
      const t = zeroTransitions();
      for (const [id, from] of prev) t[from][now.get(id) ?? 'exit'] += 1;
      const entries = zeroStates();
      for (const [id, to] of now) if (!prev.has(id)) entries[to] += 1;
      series.transitions.push(t);
      series.entries.push(entries);
    }
    prev = now;
  }
  series.otherHours = otherHoursOn(index, monthEnds);
  return series;
}

/** Σ fte, capacityHours and baseCapacityHours over caseload staff on a day. */
export function forecastCapacityOn(index: Standard9Index, day: number): ForecastCapacity {
  const out: ForecastCapacity = { fte: 0, capacityHours: 0, baseCapacityHours: 0 };
  for (const s of index.caseloadStaff(day)) {
    const c = index.capacityOn(s.staffId, day);
    out.fte += c.fte;
    out.capacityHours += c.capacityHours;
    out.baseCapacityHours += c.baseCapacityHours;
  }
  return out;
}

/** The forecast straight from the rows (every client's state on every month end). */
export function computeForecastFromRows(
  rows: Standard9Rows,
  input: { asOf: DateString; historyMonths: number; scenario?: ForecastScenario },
): Forecast {
  const monthEnds = forecastMonthEnds(input.asOf, input.historyMonths);
  const series = forecastSeriesFromRows(rows, monthEnds);
  const index = new Standard9Index({ ...rows, clients: [], assignments: [], assessments: [] });
  const capacity = forecastCapacityOn(index, dayNumber(monthEnds[monthEnds.length - 1] as DateString));
  return computeForecast({
    asOf: input.asOf,
    historyMonths: input.historyMonths,
    settings: rows.settings,
    series,
    capacity,
    scenario: input.scenario,
  });
}

// ---------------------------------------------------------------- from month-end transitions

/** A stored count: clients of a program going from a state (or entering) at the month end before `monthEnd` to a state (or exit) at it. */
export interface MonthEndTransition {
  /** the pair's second month end */
  monthEnd: DateString;
  programId: string;
  /** 'entry': not active at the month end before */
  from: TierKey | 'entry';
  to: ExitOrState;
  clients: number;
}

const previousMonthEnd = (e: DateString) => addDays(`${e.slice(0, 7)}-01`, -1);

/**
 * The transitions into each of `days` (month ends) from the month end before it, by
 * program: the month-end build stores them so a forecast reads months × states² rows.
 */
export function monthEndTransitions(rows: Standard9Rows, days: readonly DateString[]): MonthEndTransition[] {
  const index = new Standard9Index(rows);
  const out: MonthEndTransition[] = [];
  const programOf = new Map<string, string>();
  for (const c of rows.clients) programOf.set(c.clientId, c.programId);
  let prevDay: DateString | null = null;
  let prev: Map<string, TierKey> | null = null;
  for (const e of days) {
    const before = previousMonthEnd(e);
    const from = prevDay === before && prev ? prev : statesOn(index, dayNumber(before));
    const now = statesOn(index, dayNumber(e));
    const cells = new Map<string, MonthEndTransition>();
    const count = (clientId: string, f: MonthEndTransition['from'], t: ExitOrState) => {
      const programId = programOf.get(clientId) as string;
      const key = `${programId}\u0000${f}\u0000${t}`;
      const cell = cells.get(key);
      if (cell) cell.clients += 1;
      else cells.set(key, { monthEnd: e, programId, from: f, to: t, clients: 1 });
    };
    for (const [id, s] of from) count(id, s, now.get(id) ?? 'exit');
    for (const [id, s] of now) if (!from.has(id)) count(id, 'entry', s);
    out.push(...cells.values());
    prevDay = e;
    prev = now;
  }
  return out;
}

/**
 * The series of `monthEnds` from stored transitions (any programs' cells; they are
 * summed) and the other hours of each month end. A month end with no cell had no
 * client active on it nor on the month end before.
 */
export function forecastSeriesFromTransitions(
  cells: readonly MonthEndTransition[],
  monthEnds: readonly DateString[],
  otherHours: readonly number[],
): ForecastSeries {
  const at = new Map<string, number>(monthEnds.map((e, i) => [e, i]));
  const states = monthEnds.map(zeroStates);
  const transitions = monthEnds.map(zeroTransitions);
  const entries = monthEnds.map(zeroStates);
  for (const c of cells) {
    const i = at.get(c.monthEnd);
    if (i === undefined) continue;
    if (c.to !== 'exit') (states[i] as StateCounts)[c.to] += c.clients;
    if (c.from === 'entry') {
      if (c.to !== 'exit') (entries[i] as StateCounts)[c.to] += c.clients;
    } else (transitions[i] as TransitionCounts)[c.from][c.to] += c.clients;
  }
  return {
    monthEnds: [...monthEnds],
    states,
    // pair i ends at month end i + 1
    transitions: transitions.slice(1),
    entries: entries.slice(1),
    otherHours: [...otherHours],
  };
}

/** Σ otherHours over every member on each day (workload items active on it). */
export function otherHoursOn(index: Standard9Index, days: readonly DateString[]): number[] {
  return days.map((e) => {
    const day = dayNumber(e);
    let sum = 0;
    for (const id of index.staffIds) sum += index.otherHours(id, day);
    return sum;
  });
}

// ---------------------------------------------------------------- the board's "staffing need"

export interface StaffingNeed {
  scenarioName: string;
  /** e₀ of the forecast */
  monthEnd: DateString;
  target: number;
  /** H: the month ends of history the forecast learned from (the agency's forecastHistoryMonths) */
  historyMonths: number;
  /** calendar quarters the 12 months touch; gap at the quarter's last projected month */
  quarters: Array<{ quarter: string; month: string; fteNeeded: number | null; fteAvailable: number; gap: number | null }>;
  sentence: string;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const monthName = (month: string) => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

/**
 * The board report's "Staffing need" from a forecast with a saved scenario: the FTE gap
 * by calendar quarter (at each quarter's last month inside the 12) and one sentence:
 * the largest shortfall and when, and how close the same forecast came a year ago
 * (its hours MAPE, as FTE follow hours).
 */
export function staffingNeed(forecast: Forecast, scenarioName: string): StaffingNeed {
  const byQuarter = new Map<string, ForecastMonth>();
  for (const m of forecast.months) byQuarter.set(`${m.month.slice(0, 4)}-Q${Math.ceil(Number(m.month.slice(5, 7)) / 3)}`, m);
  const quarters = [...byQuarter].map(([quarter, m]) => ({
    quarter,
    month: m.month,
    fteNeeded: m.fteNeeded,
    fteAvailable: m.fteAvailable,
    gap: m.gap,
  }));
  const target = `${Number((forecast.target * 100).toFixed(1))} % of capacity`;
  const gaps = forecast.months.filter((m): m is ForecastMonth & { gap: number } => m.gap !== null);
  let need: string;
  if (gaps.length === 0) need = 'The agency has no caseload capacity on the month end, so the staff it needs cannot be stated';
  else {
    const worst = gaps.reduce((a, b) => (b.gap > a.gap ? b : a));
    need =
      worst.gap > 0
        ? `To keep caseloads at ${target} the agency needs ${worst.gap.toFixed(1)} more case managers by ${monthName(worst.month)}`
        : `The agency has the case managers it needs to keep caseloads at ${target} through ${monthName((forecast.months[forecast.months.length - 1] as ForecastMonth).month)}`;
  }
  const mapeValue = forecast.backtest.hoursMape;
  const record =
    mapeValue === null
      ? 'there is no record yet of how the same forecast did a year ago'
      : `last year the same forecast was within ${Number((mapeValue * 100).toFixed(1))} % of what happened`;
  return {
    scenarioName,
    monthEnd: forecast.monthEnd,
    target: forecast.target,
    historyMonths: forecast.historyMonths,
    quarters,
    sentence: `${need}; ${record}.`,
  };
}
