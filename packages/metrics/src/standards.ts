/**
 * Caseload standards: ratio rules and plans of correction (metrics.md, Standard 9).
 *
 * A rule is evaluated per calendar month or quarter on the period's end E (its last
 * day, or the as-of date for the current, partial period):
 *
 *   average_ratio    in-scope clients held by caseload staff ÷ Σ fte(s, E) × inScope(s, E) ÷ clients(s, E)
 *                    missed when value > limit
 *   individual_max   the longest run of consecutive days, ending inside the period, on which
 *                    a caseload staff member held more than `limit` in-scope clients
 *                    missed when some member's run > maxDays
 *   load_ratio       the agency's (or the named team's) loadRatio on E; missed when value ≥ limit
 *   supervisor_span  per team with a supervisor, caseload staff on E in the team other than
 *                    the supervisor; the largest; missed when some team's count > limit
 *
 * consecutiveMisses counts the periods missed in a row up to and including this one,
 * looking back at most 12 periods; at `correctionAfter` (default 2) a plan of correction
 * is due. Pure: rows in, figures out.
 */
import { caseloadOn } from './caseload.ts';
import { addDays, dayNumber, fromDayNumber } from './dates.ts';
import { rate } from './stats.ts';
import { compareIds } from './tier.ts';
import { Standard9Index, type Standard9Rows } from './timeline.ts';
import type { DateString } from './types.ts';

export const STANDARD_KINDS = ['average_ratio', 'individual_max', 'load_ratio', 'supervisor_span'] as const;
export type StandardKind = (typeof STANDARD_KINDS)[number];
export type StandardPeriod = 'month' | 'quarter';

/** One rule of the `caseloadStandards` setting. */
export interface CaseloadStandard {
  id: string;
  label: string;
  kind: StandardKind;
  limit: number;
  period: StandardPeriod;
  /** program ids of the rule's scope; empty: every program (average_ratio, individual_max) */
  programs: string[];
  /** age on E = year(E) − birth_year; a bound excludes clients without a birth year */
  ageMin?: number | null;
  ageMax?: number | null;
  /** individual_max: a run longer than this many days is a miss */
  maxDays?: number | null;
  /** load_ratio: a team's loadRatio in place of the agency's */
  teamId?: string | null;
  /** consecutive misses that make a plan of correction due (default 2) */
  correctionAfter?: number | null;
}

/** A plan of correction is due after this many consecutive misses unless the rule says otherwise. */
export const DEFAULT_CORRECTION_AFTER = 2;
/** consecutiveMisses looks back at most this many periods (this one included). */
export const CONSECUTIVE_LOOKBACK = 12;
/** An individual_max run is counted back at most this many days before the period's first day. */
export const RUN_LOOKBACK_DAYS = 365;

export interface StandardOver {
  staffId?: string;
  teamId?: string;
  value: number;
}

export interface StandardPeriodResult {
  /** "YYYY-MM" or "YYYY-Qn" */
  period: string;
  /** the day the value is taken on: the period's last day, or `to` for the partial period */
  end: DateString;
  value: number | null;
  /** clients behind the value (average_ratio: in scope; load_ratio: the agency's or team's); null for the kinds that count staff */
  clients: number | null;
  missed: boolean;
  consecutiveMisses: number;
  correctionDue: boolean;
  /** individual_max: members whose run > maxDays; supervisor_span: teams over the limit */
  over: StandardOver[];
}

export interface StandardResult {
  id: string;
  label: string;
  kind: StandardKind;
  limit: number;
  periods: StandardPeriodResult[];
}

export interface StandardsReport {
  from: DateString;
  to: DateString;
  standards: StandardResult[];
}

export interface TeamSupervisorRow {
  teamId: string;
  supervisorStaffId: string | null;
}

export interface StandardsInput extends Standard9Rows {
  from: DateString;
  to: DateString;
  rules: CaseloadStandard[];
  /** every team with its supervisor (supervisor_span) */
  teams: TeamSupervisorRow[];
}

// ---------------------------------------------------------------- periods

export interface PeriodSpan {
  key: string;
  /** first day */
  start: DateString;
  /** last day of the calendar period */
  last: DateString;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): DateString {
  // the day before the first of the next month
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad2(month + 1)}-01`;
  return addDays(next, -1);
}

/** The calendar month or quarter holding `date`. */
export function periodOf(date: DateString, kind: StandardPeriod): PeriodSpan {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (kind === 'month') return { key: `${year}-${pad2(month)}`, start: `${year}-${pad2(month)}-01`, last: lastDayOfMonth(year, month) };
  const q = Math.floor((month - 1) / 3) + 1;
  const first = (q - 1) * 3 + 1;
  return { key: `${year}-Q${q}`, start: `${year}-${pad2(first)}-01`, last: lastDayOfMonth(year, first + 2) };
}

/** The period before `p`. */
export function previousPeriod(p: PeriodSpan, kind: StandardPeriod): PeriodSpan {
  return periodOf(addDays(p.start, -1), kind);
}

/**
 * The periods reported for [from, to]: every period whose last day is inside it, and
 * the partial one holding `to` (its end is `to`). Ascending.
 */
export function reportedPeriods(from: DateString, to: DateString, kind: StandardPeriod): Array<PeriodSpan & { end: DateString }> {
  const out: Array<PeriodSpan & { end: DateString }> = [];
  let p = periodOf(to, kind);
  out.push({ ...p, end: p.last <= to ? p.last : to });
  for (;;) {
    p = previousPeriod(p, kind);
    if (p.last < from) break;
    out.push({ ...p, end: p.last });
  }
  return out.reverse();
}

// ---------------------------------------------------------------- scope

/** age(c, D) = year(D) − birth_year; null without a birth year. */
export function ageOn(birthYear: number | null | undefined, date: DateString): number | null {
  if (birthYear === null || birthYear === undefined) return null;
  return Number(date.slice(0, 4)) - birthYear;
}

/** Whether a client of `programId` born in `birthYear` is in the rule's scope on `date`. */
export function inStandardScope(
  rule: Pick<CaseloadStandard, 'programs' | 'ageMin' | 'ageMax'>,
  programId: string,
  birthYear: number | null | undefined,
  date: DateString,
): boolean {
  if (rule.programs.length > 0 && !rule.programs.includes(programId)) return false;
  const bounded = (rule.ageMin ?? null) !== null || (rule.ageMax ?? null) !== null;
  if (!bounded) return true;
  const age = ageOn(birthYear, date);
  if (age === null) return false;
  if (rule.ageMin !== null && rule.ageMin !== undefined && age < rule.ageMin) return false;
  if (rule.ageMax !== null && rule.ageMax !== undefined && age > rule.ageMax) return false;
  return true;
}

// ---------------------------------------------------------------- values on E

interface Evaluation {
  value: number | null;
  clients: number | null;
  missed: boolean;
  over: StandardOver[];
}

/** average_ratio on `day`. */
function averageRatioOn(index: Standard9Index, rule: CaseloadStandard, day: number): Evaluation {
  const date = fromDayNumber(day);
  const all = new Map<string, number>();
  const scoped = new Map<string, number>();
  for (const c of index.clientsOn(day)) {
    if (c.holder === null) continue;
    all.set(c.holder, (all.get(c.holder) ?? 0) + 1);
    if (inStandardScope(rule, c.timeline.client.programId, c.timeline.client.birthYear, date)) {
      scoped.set(c.holder, (scoped.get(c.holder) ?? 0) + 1);
    }
  }
  let clients = 0;
  let fte = 0;
  for (const s of index.caseloadStaff(day)) {
    const inScope = scoped.get(s.staffId) ?? 0;
    if (inScope === 0) continue;
    clients += inScope;
    fte += (s.fte * inScope) / (all.get(s.staffId) as number);
  }
  const value = rate(clients, fte);
  return { value, clients, missed: value !== null && value > rule.limit, over: [] };
}

/** load_ratio on `day`: the agency's, or the named team's. */
function loadRatioOn(index: Standard9Index, rule: CaseloadStandard, day: number): Evaluation {
  const teamId = rule.teamId ?? null;
  const figures = caseloadOn(index, day, teamId === null ? {} : { allTeamIds: [teamId], teamIds: [teamId] }, { daysOver: false });
  const group = teamId === null ? figures.agency : figures.teams.find((t) => t.teamId === teamId);
  const value = group?.loadRatio ?? null;
  return { value, clients: group?.clients ?? 0, missed: value !== null && value >= rule.limit, over: [] };
}

/** supervisor_span on `day`. */
function supervisorSpanOn(index: Standard9Index, rule: CaseloadStandard, teams: TeamSupervisorRow[], day: number): Evaluation {
  const staff = index.caseloadStaff(day);
  let value: number | null = null;
  const over: StandardOver[] = [];
  for (const t of [...teams].sort((a, b) => compareIds(a.teamId, b.teamId))) {
    if (t.supervisorStaffId === null) continue;
    const n = staff.filter((s) => s.teamId === t.teamId && s.staffId !== t.supervisorStaffId).length;
    value = Math.max(value ?? 0, n);
    if (n > rule.limit) over.push({ teamId: t.teamId, value: n });
  }
  return { value, clients: null, missed: over.length > 0, over };
}

/**
 * For individual_max: per caseload staff member, whether they held more than `limit`
 * in-scope clients, for each day of [firstDay, lastDay].
 */
function overDays(index: Standard9Index, rule: CaseloadStandard, firstDay: number, lastDay: number): Map<string, Uint8Array> {
  const days = lastDay - firstDay + 1;
  const counts = new Map<string, Uint16Array>();
  // scope (age) changes only on 1 January: it is worked out once per client and year
  for (const t of index.timelines) {
    if (t.enrolledDay > lastDay || t.closedDay <= firstDay) continue;
    const from = Math.max(firstDay, t.enrolledDay);
    const to = Math.min(lastDay, t.closedDay - 1);
    let nextYearDay = -Infinity;
    let inScope = false;
    for (let d = from; d <= to; d++) {
      if (d >= nextYearDay) {
        const date = fromDayNumber(d);
        nextYearDay = dayNumber(`${Number(date.slice(0, 4)) + 1}-01-01`);
        inScope = inStandardScope(rule, t.client.programId, t.client.birthYear, date);
      }
      if (!inScope) continue;
      const span = Standard9Index.spanOn(t, d);
      if (!span) continue;
      let series = counts.get(span.staffId);
      if (!series) counts.set(span.staffId, (series = new Uint16Array(days)));
      series[d - firstDay] = (series[d - firstDay] as number) + 1;
    }
  }
  const out = new Map<string, Uint8Array>();
  for (const [staffId, series] of counts) {
    const flags = new Uint8Array(days);
    let any = false;
    for (let i = 0; i < days; i++) {
      if ((series[i] as number) > rule.limit && index.isCaseloadStaff(staffId, firstDay + i)) {
        flags[i] = 1;
        any = true;
      }
    }
    if (any) out.set(staffId, flags);
  }
  return out;
}

/** individual_max for the period [startDay, endDay], from the over-days of [firstDay, …]. */
function individualMaxFor(
  rule: CaseloadStandard,
  over: Map<string, Uint8Array>,
  firstDay: number,
  startDay: number,
  endDay: number,
): Evaluation {
  const maxDays = rule.maxDays ?? 0;
  const lookFrom = Math.max(firstDay, startDay - RUN_LOOKBACK_DAYS);
  let value = 0;
  const members: StandardOver[] = [];
  for (const staffId of [...over.keys()].sort(compareIds)) {
    const flags = over.get(staffId) as Uint8Array;
    let run = 0;
    let longest = 0;
    for (let d = lookFrom; d <= endDay; d++) {
      run = flags[d - firstDay] ? run + 1 : 0;
      if (d >= startDay && run > longest) longest = run;
    }
    value = Math.max(value, longest);
    if (longest > maxDays) members.push({ staffId, value: longest });
  }
  return { value, clients: null, missed: members.length > 0, over: members };
}

// ---------------------------------------------------------------- the report

/** The periods a rule reads for [from, to]: the reported ones and the 11 before them (consecutiveMisses). */
function periodsRead(rule: Pick<CaseloadStandard, 'period'>, from: DateString, to: DateString) {
  const reported = reportedPeriods(from, to, rule.period);
  const earlier: Array<PeriodSpan & { end: DateString }> = [];
  let p: PeriodSpan = reported[0] as PeriodSpan;
  for (let i = 1; i < CONSECUTIVE_LOOKBACK; i++) {
    p = previousPeriod(p, rule.period);
    earlier.unshift({ ...p, end: p.last });
  }
  return { reported, earlier };
}

/** The first day any rule reads for [from, to] (what the data must cover): 11 periods back, less 365 days for runs. */
export function standardsFirstDay(
  rules: ReadonlyArray<Pick<CaseloadStandard, 'period' | 'kind'>>,
  from: DateString,
  to: DateString,
): DateString {
  let first = from;
  for (const rule of rules) {
    const { earlier, reported } = periodsRead(rule, from, to);
    const firstPeriod = earlier[0] ?? reported[0];
    if (!firstPeriod) continue;
    const start = firstPeriod.start;
    const day = rule.kind === 'individual_max' ? addDays(start, -RUN_LOOKBACK_DAYS) : start;
    if (day < first) first = day;
  }
  return first;
}

/** Every rule of `input.rules` over the periods of [from, to] (interfaces.md `standards`). */
export function computeStandards(input: StandardsInput): StandardsReport {
  const index = new Standard9Index(input);
  const standards = input.rules.map((rule) => evaluateRule(index, rule, input));
  return { from: input.from, to: input.to, standards };
}

function evaluateRule(index: Standard9Index, rule: CaseloadStandard, input: StandardsInput): StandardResult {
  const { reported, earlier } = periodsRead(rule, input.from, input.to);
  const all = [...earlier, ...reported];
  const firstDay = dayNumber((all[0] as PeriodSpan).start) - RUN_LOOKBACK_DAYS;
  const lastDay = dayNumber(input.to);
  const over = rule.kind === 'individual_max' ? overDays(index, rule, firstDay, lastDay) : null;

  const evaluations = all.map((period): Evaluation => {
    const day = dayNumber(period.end);
    switch (rule.kind) {
      case 'average_ratio':
        return averageRatioOn(index, rule, day);
      case 'individual_max':
        return individualMaxFor(rule, over as Map<string, Uint8Array>, firstDay, dayNumber(period.start), day);
      case 'load_ratio':
        return loadRatioOn(index, rule, day);
      case 'supervisor_span':
        return supervisorSpanOn(index, rule, input.teams, day);
    }
  });
  const correctionAfter = rule.correctionAfter ?? DEFAULT_CORRECTION_AFTER;
  const periods: StandardPeriodResult[] = reported.map((period, i) => {
    const at = earlier.length + i;
    let consecutiveMisses = 0;
    for (let j = at; j > at - CONSECUTIVE_LOOKBACK && j >= 0 && (evaluations[j] as Evaluation).missed; j--) consecutiveMisses += 1;
    const e = evaluations[at] as Evaluation;
    return {
      period: period.key,
      end: period.end,
      value: e.value,
      clients: e.clients,
      missed: e.missed,
      consecutiveMisses,
      correctionDue: consecutiveMisses >= correctionAfter,
      over: e.over,
    };
  });
  return { id: rule.id, label: rule.label, kind: rule.kind, limit: rule.limit, periods };
}

// ---------------------------------------------------------------- presets

export interface StandardsPreset {
  id: string;
  label: string;
  /** what the director must still do after choosing it */
  note: string;
  rules: CaseloadStandard[];
}

/**
 * The presets offered when editing settings (metrics.md). Program lists are left
 * empty where the statute names a program the agency must map to its own ids.
 */
export const STANDARDS_PRESETS: readonly StandardsPreset[] = [
  {
    id: 'ca-regional-center',
    label: 'California regional center (W&I Code §4640.6)',
    note: 'Set the waiver rule’s programs to your waiver program ids, and the others rule’s to the rest.',
    rules: [
      {
        id: 'ca-waiver',
        label: 'Waiver clients: average 1:62',
        kind: 'average_ratio',
        limit: 62,
        period: 'quarter',
        programs: [],
        correctionAfter: 2,
      },
      {
        id: 'ca-under-6',
        label: 'Under age 6: average 1:40',
        kind: 'average_ratio',
        limit: 40,
        period: 'quarter',
        programs: [],
        ageMax: 5,
        correctionAfter: 2,
      },
      {
        id: 'ca-others',
        label: 'Others over 5: average 1:66',
        kind: 'average_ratio',
        limit: 66,
        period: 'quarter',
        programs: [],
        ageMin: 6,
        correctionAfter: 2,
      },
      {
        id: 'ca-individual',
        label: 'No coordinator above 79 for more than 60 days',
        kind: 'individual_max',
        limit: 79,
        maxDays: 60,
        period: 'quarter',
        programs: [],
        correctionAfter: 2,
      },
    ],
  },
  {
    id: 'wa-aaa',
    label: 'Washington AAA case management',
    note: 'Set the average rule’s programs to your case-management programs.',
    rules: [
      { id: 'wa-average', label: 'Average 64 clients per case manager', kind: 'average_ratio', limit: 64, period: 'month', programs: [] },
      { id: 'wa-span', label: 'At most 8 staff per supervisor', kind: 'supervisor_span', limit: 8, period: 'month', programs: [] },
    ],
  },
  {
    id: 'ma-home-care',
    label: 'Massachusetts home care waitlist',
    note: 'A waitlist is required once the load ratio reaches 105% of capacity.',
    rules: [{ id: 'ma-waitlist', label: 'Waitlist at 105% of capacity', kind: 'load_ratio', limit: 1.05, period: 'month', programs: [] }],
  },
];

// ---------------------------------------------------------------- plans of correction

/** An open plan due within this many days (from today) is "due soon". */
export const PLAN_DUE_SOON_DAYS = 30;

export interface PlanLike {
  ruleId: string;
  period: string;
  status: 'open' | 'closed';
  dueOn: DateString;
}

export interface PlanCounts {
  /** plans with status open */
  open: number;
  /** open plans due today or within the next 30 days */
  dueSoon: number;
  /** open plans whose due date has passed */
  overdue: number;
}

export function planCounts(plans: readonly PlanLike[], today: DateString): PlanCounts {
  const soon = addDays(today, PLAN_DUE_SOON_DAYS);
  let open = 0;
  let dueSoon = 0;
  let overdue = 0;
  for (const p of plans) {
    if (p.status !== 'open') continue;
    open += 1;
    if (p.dueOn < today) overdue += 1;
    else if (p.dueOn <= soon) dueSoon += 1;
  }
  return { open, dueSoon, overdue };
}

/**
 * Rules whose latest reported period is due a plan of correction and that have no plan
 * (open or closed) for a period of the current run of misses.
 */
export function rulesNeedingPlan(
  report: Pick<StandardsReport, 'standards'>,
  plans: readonly PlanLike[],
): Array<{ ruleId: string; period: string; consecutiveMisses: number }> {
  const out: Array<{ ruleId: string; period: string; consecutiveMisses: number }> = [];
  for (const s of report.standards) {
    const last = s.periods.at(-1);
    if (!last?.correctionDue) continue;
    const run = s.periods.slice(-last.consecutiveMisses).map((p) => p.period);
    if (plans.some((p) => p.ruleId === s.id && run.includes(p.period))) continue;
    out.push({ ruleId: s.id, period: last.period, consecutiveMisses: last.consecutiveMisses });
  }
  return out;
}

const PERIOD_WORD: Record<StandardPeriod, [string, string]> = { month: ['month', 'months'], quarter: ['quarter', 'quarters'] };

/**
 * The board's sentence for each rule missed two or more periods running in its latest
 * period: "“Waiver clients: average 1:62” was missed for 3 quarters in a row (2025-Q1 to 2025-Q3)."
 * Names no one.
 */
export function missedRunningSentences(
  report: Pick<StandardsReport, 'standards'>,
  rules: readonly Pick<CaseloadStandard, 'id' | 'period'>[],
): string[] {
  const out: string[] = [];
  for (const s of report.standards) {
    const last = s.periods.at(-1);
    if (!last || last.consecutiveMisses < 2) continue;
    const kind = rules.find((r) => r.id === s.id)?.period ?? (last.period.includes('Q') ? 'quarter' : 'month');
    const n = last.consecutiveMisses;
    const shown = s.periods.slice(-n);
    const first = shown.length === n && n < CONSECUTIVE_LOOKBACK ? (shown[0] as StandardPeriodResult).period : null;
    const span = first ? ` (${first} to ${last.period})` : ` (up to ${last.period})`;
    // the count looks back at most 12 periods: a run that long may be longer
    const count = n >= CONSECUTIVE_LOOKBACK ? `at least ${n}` : String(n);
    out.push(`“${s.label}” was missed for ${count} ${PERIOD_WORD[kind][1]} in a row${span}.`);
  }
  return out;
}
