/**
 * Service effectiveness (metrics.md "Service effectiveness", Standard 8).
 *
 * Over [from, to]:
 * - goals resolved in the period by status; attainmentRate = met ÷ (met +
 *   partially_met + not_met) — withdrawn goals are counted but left out of the rate;
 * - functional change: every assessment b assessed in the period is compared with
 *   a = the latest assessment of the same client before b in the order
 *   (assessed_on, assessment_id) — strictly before, so a same-day assessment with a
 *   smaller id (byte order) is "before". The pair counts only when both have
 *   adl_deficits; when a's is missing the pair is left out (no reaching further back);
 * - time to service: referrals started in the period — n, median days from
 *   referred_on (even n: mean of the two middle values), within30 (days ≤ 30);
 *   pendingOver30 as of `to`: referred_on ≤ to − 30 and not started by `to`;
 * - closures: clients closed in the period by closure_reason (null → 'unknown').
 *
 * Monthly: the same by calendar month; pendingOver30 as of each month's last day
 * (or `to` for a partial last month).
 */
import { addDays, assertPeriod, daysBetween, inPeriod, monthOf, monthWindows } from './dates.ts';
import { compareIds, median, rate } from './stats.ts';
import type {
  ClosureRow,
  DateString,
  FunctionalAssessmentRow,
  FunctionalChange,
  GoalOutcomes,
  GoalRow,
  GoalStatusValue,
  OutcomesFigures,
  OutcomesReport,
  ReferralRow,
  TimeToService,
} from './types.ts';

export interface OutcomesInput {
  from: string;
  to: string;
  goals: readonly GoalRow[];
  /** every assessment of the clients concerned up to `to` (earlier ones are needed as a) */
  assessments: readonly FunctionalAssessmentRow[];
  referrals: readonly ReferralRow[];
  closures: readonly ClosureRow[];
}

export function goalOutcomes(goals: readonly GoalRow[], from: DateString, to: DateString): GoalOutcomes {
  let met = 0;
  let partiallyMet = 0;
  let notMet = 0;
  let withdrawn = 0;
  for (const g of goals) {
    if (!inPeriod(g.resolvedOn, from, to)) continue;
    if (g.status === 'met') met += 1;
    else if (g.status === 'partially_met') partiallyMet += 1;
    else if (g.status === 'not_met') notMet += 1;
    else if (g.status === 'withdrawn') withdrawn += 1;
  }
  return { met, partiallyMet, notMet, withdrawn, attainmentRate: rate(met, met + partiallyMet + notMet) };
}

function before(a: FunctionalAssessmentRow, b: FunctionalAssessmentRow): boolean {
  return a.assessedOn < b.assessedOn || (a.assessedOn === b.assessedOn && compareIds(a.assessmentId, b.assessmentId) < 0);
}

export type FunctionalPair = { a: FunctionalAssessmentRow; b: FunctionalAssessmentRow; change: 'improved' | 'maintained' | 'declined' };

/** Each assessment b in the period with its predecessor a, when both have adl_deficits. */
export function functionalPairs(assessments: readonly FunctionalAssessmentRow[], from: DateString, to: DateString): FunctionalPair[] {
  const byClient = new Map<string, FunctionalAssessmentRow[]>();
  for (const x of assessments) {
    const list = byClient.get(x.clientId);
    if (list) list.push(x);
    else byClient.set(x.clientId, [x]);
  }
  const pairs: FunctionalPair[] = [];
  for (const list of byClient.values()) {
    list.sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0));
    for (let i = 1; i < list.length; i++) {
      const b = list[i] as FunctionalAssessmentRow;
      const a = list[i - 1] as FunctionalAssessmentRow;
      if (!inPeriod(b.assessedOn, from, to)) continue;
      if (a.adlDeficits === null || b.adlDeficits === null) continue;
      const change = b.adlDeficits < a.adlDeficits ? 'improved' : b.adlDeficits === a.adlDeficits ? 'maintained' : 'declined';
      pairs.push({ a, b, change });
    }
  }
  return pairs;
}

export function functionalChange(pairs: readonly FunctionalPair[]): FunctionalChange {
  let improved = 0;
  let maintained = 0;
  let declined = 0;
  for (const p of pairs) {
    if (p.change === 'improved') improved += 1;
    else if (p.change === 'maintained') maintained += 1;
    else declined += 1;
  }
  return {
    improved,
    maintained,
    declined,
    maintainedOrImprovedRate: rate(improved + maintained, improved + maintained + declined),
  };
}

/** Referred 30 or more days before `asOf` and not started by `asOf`. */
export function isPendingOver30(r: ReferralRow, asOf: DateString): boolean {
  return r.referredOn <= addDays(asOf, -30) && (r.startedOn === null || r.startedOn > asOf);
}

export function timeToService(referrals: readonly ReferralRow[], from: DateString, to: DateString, asOf: DateString): TimeToService {
  const days: number[] = [];
  for (const r of referrals) {
    if (!inPeriod(r.startedOn, from, to)) continue;
    days.push(daysBetween(r.referredOn, r.startedOn as DateString));
  }
  const within30 = days.filter((d) => d <= 30).length;
  return {
    n: days.length,
    medianDays: median(days),
    within30,
    within30Rate: rate(within30, days.length),
    pendingOver30: referrals.filter((r) => isPendingOver30(r, asOf)).length,
  };
}

export function closuresByReason(closures: readonly ClosureRow[], from: DateString, to: DateString): Record<string, number> {
  const counts = new Map<string, number>();
  for (const c of closures) {
    if (!inPeriod(c.closedOn, from, to)) continue;
    const reason = c.closureReason ?? 'unknown';
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const out: Record<string, number> = {};
  for (const k of [...counts.keys()].sort(compareIds)) out[k] = counts.get(k) as number;
  return out;
}

// ---------------------------------------------------------------- tallies

/**
 * The referrals of a period counted the way the outcomes and providers reports read
 * them, per provider: made (referred_on) per month, started (started_on) per month and
 * days from referral to start, and how the number pending over 30 days changes from
 * one month's as-of date to the next (the first month's against none): the number
 * pending on month m's as-of date is the sum of the changes of months up to m. Lists in
 * any order; a change of 0 may be listed or not.
 */
export interface ReferralTallies {
  made: Array<{ providerId: string; month: string; count: number }>;
  started: Array<{ providerId: string; month: string; days: number; count: number }>;
  pending: Array<{ providerId: string; month: string; change: number }>;
}

/**
 * What the outcomes report is made of, per calendar month of the period: goals resolved
 * by status, functional pairs by change (month of the later assessment), closures by
 * reason, and the referrals started and pending (ReferralTallies; the report counts no
 * referrals made, and the started ones for the agency alone, so a database need not
 * count those per provider).
 */
export interface OutcomesTallies {
  goals: Array<{ month: string; status: GoalStatusValue; count: number }>;
  functional: Array<{ month: string; change: FunctionalPair['change']; count: number }>;
  closures: Array<{ month: string; reason: string; count: number }>;
  referrals: {
    started: Array<{ month: string; days: number; count: number }>;
    pending: ReferralTallies['pending'];
  };
}

function bump<K>(m: Map<string, K & { count: number }>, key: string, make: () => K): void {
  const x = m.get(key);
  if (x) x.count += 1;
  else m.set(key, { ...make(), count: 1 });
}

/** The referral tallies of [from, to] from referral rows (the definition the SQL tallies are held to). */
export function referralTallies(referrals: readonly ReferralRow[], from: DateString, to: DateString): ReferralTallies {
  const windows = monthWindows(from, to);
  const made = new Map<string, { providerId: string; month: string; count: number }>();
  const started = new Map<string, { providerId: string; month: string; days: number; count: number }>();
  const byProvider = new Map<string, ReferralRow[]>();
  for (const r of referrals) {
    if (inPeriod(r.referredOn, from, to)) {
      const month = monthOf(r.referredOn);
      bump(made, `${r.providerId}|${month}`, () => ({ providerId: r.providerId, month }));
    }
    if (inPeriod(r.startedOn, from, to)) {
      const month = monthOf(r.startedOn as DateString);
      const days = daysBetween(r.referredOn, r.startedOn as DateString);
      bump(started, `${r.providerId}|${month}|${days}`, () => ({ providerId: r.providerId, month, days }));
    }
    const list = byProvider.get(r.providerId);
    if (list) list.push(r);
    else byProvider.set(r.providerId, [r]);
  }
  // pending over 30 days on each month's as-of date, as changes from the month before
  const pending: ReferralTallies['pending'] = [];
  for (const [providerId, rows] of byProvider) {
    let before = 0;
    for (const { month, asOf } of windows) {
      const n = rows.filter((r) => isPendingOver30(r, asOf)).length;
      if (n !== before) pending.push({ providerId, month, change: n - before });
      before = n;
    }
  }
  return { made: [...made.values()], started: [...started.values()], pending };
}

/** The outcomes tallies of [from, to] from the input rows. */
export function outcomesTallies(input: OutcomesInput): OutcomesTallies {
  const { from, to } = input;
  assertPeriod(from, to);
  const goals = new Map<string, { month: string; status: GoalStatusValue; count: number }>();
  for (const g of input.goals) {
    if (!inPeriod(g.resolvedOn, from, to)) continue;
    const month = monthOf(g.resolvedOn as DateString);
    bump(goals, `${month}|${g.status}`, () => ({ month, status: g.status }));
  }
  const functional = new Map<string, { month: string; change: FunctionalPair['change']; count: number }>();
  for (const p of functionalPairs(input.assessments, from, to)) {
    const month = monthOf(p.b.assessedOn);
    bump(functional, `${month}|${p.change}`, () => ({ month, change: p.change }));
  }
  const closures = new Map<string, { month: string; reason: string; count: number }>();
  for (const c of input.closures) {
    if (!inPeriod(c.closedOn, from, to)) continue;
    const month = monthOf(c.closedOn as DateString);
    const reason = c.closureReason ?? 'unknown';
    bump(closures, `${month}|${reason}`, () => ({ month, reason }));
  }
  return {
    goals: [...goals.values()],
    functional: [...functional.values()],
    closures: [...closures.values()],
    referrals: referralTallies(input.referrals, from, to),
  };
}

/** Days to start as a list (each value as often as counted), for median() and the ≤ 30 count. */
export function startedDays(started: ReadonlyArray<{ days: number; count: number }>): number[] {
  const days: number[] = [];
  for (const s of started) for (let k = 0; k < s.count; k++) days.push(s.days);
  return days;
}

/** Referrals pending over 30 days on the as-of date of `month` ('YYYY-MM'): the changes up to it. */
export function pendingOn(pending: ReferralTallies['pending'], month: string): number {
  let n = 0;
  for (const p of pending) if (p.month <= month) n += p.change;
  return n;
}

/**
 * Time to service over the started tallies: n, within30 and median() of startedDays(started),
 * read off the counts per number of days in order rather than from the list itself.
 */
export function timeToServiceOf(started: ReadonlyArray<{ days: number; count: number }>, pendingOver30: number): TimeToService {
  const counts = new Map<number, number>();
  let n = 0;
  let within30 = 0;
  for (const s of started) {
    if (s.count <= 0) continue;
    counts.set(s.days, (counts.get(s.days) ?? 0) + s.count);
    n += s.count;
    if (s.days <= 30) within30 += s.count;
  }
  return { n, medianDays: medianOfCounts(counts, n), within30, within30Rate: rate(within30, n), pendingOver30 };
}

/** median() of the list holding each key of `counts` as often as counted (n in all). */
function medianOfCounts(counts: ReadonlyMap<number, number>, n: number): number | null {
  if (n === 0) return null;
  // the values at positions mid − 1 and mid of the sorted list
  const mid = n >> 1;
  let seen = 0;
  let lower: number | null = null;
  for (const d of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(d) as number;
    if (lower === null && seen >= mid) lower = d;
    if (seen > mid) return n % 2 === 1 ? d : ((lower as number) + d) / 2;
  }
  return null;
}

/** Rows carrying a month ('YYYY-MM'), listed by month: those of a set of months at once. */
export function byMonth<T extends { month: string }>(rows: readonly T[]): (months: ReadonlySet<string>) => T[] {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.month);
    if (list) list.push(r);
    else m.set(r.month, [r]);
  }
  return (months) => {
    const out: T[] = [];
    for (const month of months) {
      const list = m.get(month);
      if (list) for (const r of list) out.push(r);
    }
    return out;
  };
}

function sortedRecord(counts: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...counts.keys()].sort(compareIds)) out[k] = counts.get(k) as number;
  return out;
}

/** The outcomes report of [from, to] from its tallies. */
export function outcomesReportFromTallies(from: DateString, to: DateString, t: OutcomesTallies): OutcomesReport {
  assertPeriod(from, to);
  const windows = monthWindows(from, to);
  const goalsIn = byMonth(t.goals);
  const functionalIn = byMonth(t.functional);
  const closuresIn = byMonth(t.closures);
  const startedIn = byMonth(t.referrals.started);
  const inMonths = (months: ReadonlySet<string>) => {
    const g = { met: 0, partially_met: 0, not_met: 0, withdrawn: 0, open: 0 } as Record<GoalStatusValue, number>;
    for (const x of goalsIn(months)) g[x.status] += x.count;
    const f = { improved: 0, maintained: 0, declined: 0 };
    for (const x of functionalIn(months)) f[x.change] += x.count;
    const closures = new Map<string, number>();
    for (const x of closuresIn(months)) closures.set(x.reason, (closures.get(x.reason) ?? 0) + x.count);
    return { g, f, closures, started: startedIn(months) };
  };
  const figures = (months: ReadonlySet<string>, last: string): OutcomesFigures => {
    const { g, f, closures, started } = inMonths(months);
    return {
      goals: {
        met: g.met,
        partiallyMet: g.partially_met,
        notMet: g.not_met,
        withdrawn: g.withdrawn,
        attainmentRate: rate(g.met, g.met + g.partially_met + g.not_met),
      },
      functional: {
        improved: f.improved,
        maintained: f.maintained,
        declined: f.declined,
        maintainedOrImprovedRate: rate(f.improved + f.maintained, f.improved + f.maintained + f.declined),
      },
      timeToService: timeToServiceOf(started, pendingOn(t.referrals.pending, last)),
      closures: sortedRecord(closures),
    };
  };
  return {
    from,
    to,
    // the period's point-in-time figures are as of `to`: the last month's as-of date
    ...figures(new Set(windows.map((w) => w.month)), windows[windows.length - 1]?.month ?? ''),
    monthly: windows.map(({ month, asOf }) => ({ month, asOf, ...figures(new Set([month]), month) })),
  };
}

export function computeOutcomesReport(input: OutcomesInput): OutcomesReport {
  return outcomesReportFromTallies(input.from, input.to, outcomesTallies(input));
}
