/**
 * The staffing forecast for the page: the scenario form to the procedure's input (and
 * what is wrong with it), rows for the charts and the table, the backtest in words, and
 * the CSV of every figure. Pure, so each piece is tested without a browser.
 */
import type { CsvTable } from '../../lib/csv.ts';
import { formatDate } from '../../lib/format.ts';
import type { RouterOutputs } from '../../trpc.ts';

export type Forecast = RouterOutputs['forecast']['report'];
type ForecastMonth = Forecast['months'][number];
export type StateKey = '1' | '2' | '3' | '4' | 'unassessed';
export const STATES: readonly StateKey[] = ['1', '2', '3', '4', 'unassessed'];
export const STATE_LABELS: Record<StateKey, string> = {
  '1': 'Tier 1',
  '2': 'Tier 2',
  '3': 'Tier 3',
  '4': 'Tier 4',
  unassessed: 'Unassessed',
};

export interface FteChangeForm {
  month: number;
  /** as typed */
  fte: string;
}

/** The scenario controls as typed (percents, hours); '' is "the agency's own". */
export interface ScenarioForm {
  intakeChangePercent: string;
  targetPercent: string;
  tierHours: Record<StateKey, string>;
  hires: FteChangeForm[];
  departures: FteChangeForm[];
}

export interface ScenarioInput {
  intakeChange?: number;
  hires?: Array<{ month: number; fte: number }>;
  departures?: Array<{ month: number; fte: number }>;
  target?: number;
  tierHours?: Record<StateKey, number>;
}

export const emptyScenarioForm = (tierHours: Record<StateKey, number>): ScenarioForm => ({
  intakeChangePercent: '0',
  targetPercent: '100',
  tierHours: Object.fromEntries(STATES.map((s) => [s, String(tierHours[s])])) as Record<StateKey, string>,
  hires: [],
  departures: [],
});

const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

/**
 * The procedure's scenario from the form, or the problems that keep it from being
 * computed. Inputs equal to the agency's own are left out, so "no change" is no scenario.
 */
export function scenarioFromForm(
  form: ScenarioForm,
  settingsTierHours: Record<StateKey, number>,
): { scenario: ScenarioInput | null; problems: string[] } {
  const problems: string[] = [];
  const scenario: ScenarioInput = {};
  const intake = num(form.intakeChangePercent);
  if (!Number.isFinite(intake) || intake < -100 || intake > 1000) problems.push('Intake change is a percent from −100 to 1000.');
  else if (intake !== 0) scenario.intakeChange = intake / 100;
  const target = num(form.targetPercent);
  if (!Number.isFinite(target) || target <= 0 || target > 500)
    problems.push('Target load is a percent of capacity above 0 and at most 500.');
  else if (target !== 100) scenario.target = target / 100;
  const hours = {} as Record<StateKey, number>;
  let hoursChanged = false;
  for (const s of STATES) {
    const h = num(form.tierHours[s]);
    if (!Number.isFinite(h) || h < 0 || h > 1000) {
      problems.push(`${STATE_LABELS[s]} hours are 0 to 1000 a month.`);
      continue;
    }
    hours[s] = h;
    if (h !== settingsTierHours[s]) hoursChanged = true;
  }
  if (hoursChanged && problems.length === 0) scenario.tierHours = hours;
  for (const [key, label] of [
    ['hires', 'hire'],
    ['departures', 'departure'],
  ] as const) {
    const list: Array<{ month: number; fte: number }> = [];
    form[key].forEach((c, i) => {
      const fte = num(c.fte);
      if (!Number.isFinite(fte) || fte <= 0 || fte > 10_000) problems.push(`The FTE of ${label} ${i + 1} is a number above 0.`);
      else list.push({ month: c.month, fte });
    });
    if (list.length) scenario[key] = list;
  }
  if (problems.length) return { scenario: null, problems };
  return { scenario: Object.keys(scenario).length ? scenario : null, problems };
}

/** The form of a saved scenario (absent inputs: the agency's own). */
export function formFromScenario(s: ScenarioInput, settingsTierHours: Record<StateKey, number>): ScenarioForm {
  const form = emptyScenarioForm(s.tierHours ?? settingsTierHours);
  if (s.intakeChange !== undefined) form.intakeChangePercent = String(round(s.intakeChange * 100, 6));
  if (s.target !== undefined) form.targetPercent = String(round(s.target * 100, 6));
  form.hires = (s.hires ?? []).map((c) => ({ month: c.month, fte: String(c.fte) }));
  form.departures = (s.departures ?? []).map((c) => ({ month: c.month, fte: String(c.fte) }));
  return form;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** "Nov 2026" from "2026-11". */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${names[Number(m) - 1] ?? m} ${y}`;
}

export const fteText = (x: number | null) => (x === null ? '—' : x.toFixed(1));
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The backtest in a sentence a director can weigh. */
export function backtestSentence(f: Pick<Forecast, 'backtest'>): string {
  const { from, clientsMape, hoursMape } = f.backtest;
  if (clientsMape === null && hoursMape === null) {
    return `No track record yet: the agency had no clients at the month ends after ${formatDate(from)}, so the same forecast made then cannot be checked.`;
  }
  const parts: string[] = [];
  if (clientsMape !== null) parts.push(`${pct(clientsMape)} on clients`);
  if (hoursMape !== null) parts.push(`${pct(hoursMape)} on hours needed`);
  return `Track record: the same forecast made from the month end of ${formatDate(from)} was off by ${parts.join(' and ')} on average over the 12 months that followed (mean absolute percentage error).`;
}

/** The headline of the gap: the largest shortfall in the 12 months, or none. */
export function gapHeadline(f: Forecast): { text: string; shortfall: boolean } {
  const gaps = f.months.filter((m) => m.gap !== null) as Array<ForecastMonth & { gap: number }>;
  if (gaps.length === 0) return { text: 'No FTE figure: the agency has no caseload capacity on the month end.', shortfall: false };
  const worst = gaps.reduce((a, b) => (b.gap > a.gap ? b : a));
  const target = `${Math.round(f.target * 100)} % of capacity`;
  if (worst.gap <= 0) {
    return {
      text: `Enough staff: the agency has at least the FTE it needs to keep caseloads at ${target} in every month.`,
      shortfall: false,
    };
  }
  return {
    text: `To keep caseloads at ${target} the agency needs ${worst.gap.toFixed(1)} more FTE by ${monthLabel(worst.month)}.`,
    shortfall: true,
  };
}

export interface ChartRow {
  month: string;
  label: string;
  '1': number;
  '2': number;
  '3': number;
  '4': number;
  unassessed: number;
  fteNeeded: number | null;
  fteAvailable: number;
  /** [available, needed] where needed exceeds available: the shaded gap */
  gapBand: [number, number] | null;
}

export function chartRows(f: Forecast): ChartRow[] {
  return f.months.map((m) => ({
    month: m.month,
    label: monthLabel(m.month),
    ...m.byState,
    fteNeeded: m.fteNeeded,
    fteAvailable: m.fteAvailable,
    gapBand: m.fteNeeded !== null && m.fteNeeded > m.fteAvailable ? [m.fteAvailable, m.fteNeeded] : null,
  }));
}

/** Every figure of the forecast, one row per month, then the backtest as its own rows. */
export function forecastCsv(
  f: Forecast,
  o: { settingsVersion: number | null; scenarioName: string | null; program: string | null },
): CsvTable {
  const header = [
    'month',
    'clients',
    'tier1',
    'tier2',
    'tier3',
    'tier4',
    'unassessed',
    'hoursNeeded',
    'fteNeeded',
    'fteAvailable',
    'gap',
    'target',
  ];
  const rows = f.months.map((m) => [
    m.month,
    m.clients,
    m.byState['1'],
    m.byState['2'],
    m.byState['3'],
    m.byState['4'],
    m.byState.unassessed,
    m.hoursNeeded,
    m.fteNeeded,
    m.fteAvailable,
    m.gap,
    f.target,
  ]);
  return {
    name: {
      table: o.scenarioName ? `staffing-forecast-${o.scenarioName}` : 'staffing-forecast',
      date: { asOf: f.asOf },
      filters: { program: o.program },
      settingsVersion: o.settingsVersion,
    },
    header,
    rows,
  };
}

export function backtestCsv(f: Forecast, settingsVersion: number | null): CsvTable {
  return {
    name: { table: 'staffing-forecast-backtest', date: { asOf: f.asOf }, filters: {}, settingsVersion },
    header: ['madeFrom', 'historyMonths', 'clientsMape', 'hoursMape'],
    rows: [[f.backtest.from, f.historyMonths, f.backtest.clientsMape, f.backtest.hoursMape]],
  };
}
