/**
 * Contracted providers (metrics.md "Contracted providers", Standard 8).
 *
 * Per provider over [from, to]: referrals made (referred_on in the period), started
 * (started_on in the period), medianDaysToStart and within30Rate over those started,
 * pendingOver30 as of `to`, and q6 ("The services I get meet my needs") n and top2
 * from responses received in the period that name the provider.
 *
 * Every provider given in `providerIds` is listed (a contracted provider with no
 * activity shows zeros), and so is any provider appearing in the rows; sorted by id.
 */
import { assertPeriod, daysBetween, inPeriod, monthWindows } from './dates.ts';
import { itemStats } from './feedback.ts';
import { isPendingOver30 } from './outcomes.ts';
import { compareIds, median, rate } from './stats.ts';
import type { DateString, ProviderFigures, ProvidersReport, ReferralRow, SurveyResponseRow } from './types.ts';

export interface ProvidersInput {
  from: string;
  to: string;
  referrals: readonly ReferralRow[];
  responses: readonly SurveyResponseRow[];
  /** the agency's providers, listed even without activity */
  providerIds?: readonly string[];
}

export function providerFigures(referrals: readonly ReferralRow[], from: DateString, to: DateString): ProviderFigures {
  const days: number[] = [];
  let made = 0;
  let pending = 0;
  for (const r of referrals) {
    if (inPeriod(r.referredOn, from, to)) made += 1;
    if (inPeriod(r.startedOn, from, to)) days.push(daysBetween(r.referredOn, r.startedOn as DateString));
    if (isPendingOver30(r, to)) pending += 1;
  }
  const within30 = days.filter((d) => d <= 30).length;
  return {
    referrals: made,
    started: days.length,
    medianDaysToStart: median(days),
    within30,
    within30Rate: rate(within30, days.length),
    pendingOver30: pending,
  };
}

export function computeProvidersReport(input: ProvidersInput): ProvidersReport {
  const { from, to } = input;
  assertPeriod(from, to);
  const ids = new Set<string>(input.providerIds ?? []);
  const referralsOf = new Map<string, ReferralRow[]>();
  for (const r of input.referrals) {
    ids.add(r.providerId);
    const list = referralsOf.get(r.providerId);
    if (list) list.push(r);
    else referralsOf.set(r.providerId, [r]);
  }
  const responsesOf = new Map<string, SurveyResponseRow[]>();
  for (const r of input.responses) {
    if (r.providerId === null || !inPeriod(r.receivedOn, from, to)) continue;
    ids.add(r.providerId);
    const list = responsesOf.get(r.providerId);
    if (list) list.push(r);
    else responsesOf.set(r.providerId, [r]);
  }
  const months = monthWindows(from, to);
  return {
    from,
    to,
    providers: [...ids].sort(compareIds).map((providerId) => {
      const refs = referralsOf.get(providerId) ?? [];
      const q6 = itemStats(responsesOf.get(providerId) ?? [], 'q6');
      return {
        providerId,
        ...providerFigures(refs, from, to),
        q6: { n: q6.n, top2: q6.top2 },
        monthly: months.map(({ month, start, asOf }) => {
          return { month, asOf, ...providerFigures(refs, start, asOf) };
        }),
      };
    }),
  };
}
