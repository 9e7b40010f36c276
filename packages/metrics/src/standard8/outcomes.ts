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
import { addDays, assertPeriod, daysBetween, inPeriod, monthWindows } from './dates.ts';
import { compareIds, median, rate } from './stats.ts';
import type {
  ClosureRow,
  DateString,
  FunctionalAssessmentRow,
  FunctionalChange,
  GoalOutcomes,
  GoalRow,
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

function figures(input: OutcomesInput, pairs: readonly FunctionalPair[], from: DateString, to: DateString): OutcomesFigures {
  return {
    goals: goalOutcomes(input.goals, from, to),
    functional: functionalChange(pairs.filter((p) => inPeriod(p.b.assessedOn, from, to))),
    timeToService: timeToService(input.referrals, from, to, to),
    closures: closuresByReason(input.closures, from, to),
  };
}

export function computeOutcomesReport(input: OutcomesInput): OutcomesReport {
  const { from, to } = input;
  assertPeriod(from, to);
  const pairs = functionalPairs(input.assessments, from, to);
  return {
    from,
    to,
    ...figures(input, pairs, from, to),
    monthly: monthWindows(from, to).map(({ month, start, asOf }) => {
      return { month, asOf, ...figures(input, pairs, start, asOf) };
    }),
  };
}
