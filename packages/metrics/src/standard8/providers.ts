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
import { byMonth, isPendingOver30, pendingOn, type ReferralTallies, referralTallies, timeToServiceOf } from './outcomes.ts';
import { compareIds, median, rate } from './stats.ts';
import type { DateString, Distribution, ProviderFigures, ProvidersReport, ReferralRow, SurveyResponseRow } from './types.ts';

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

/**
 * What the providers report is made of: the providers to list (the agency's, and any
 * named by a referral or a response read), the referral tallies, and per provider the
 * counts of q6 answers 1..5 from the responses received in the period that name it.
 */
export interface ProvidersTallies {
  providerIds: string[];
  referrals: ReferralTallies;
  q6: Array<{ providerId: string; distribution: Distribution }>;
}

/** The providers tallies of [from, to] from the input rows (the definition the SQL tallies are held to). */
export function providersTallies(input: ProvidersInput): ProvidersTallies {
  const { from, to } = input;
  assertPeriod(from, to);
  const ids = new Set<string>(input.providerIds ?? []);
  for (const r of input.referrals) ids.add(r.providerId);
  const responsesOf = new Map<string, SurveyResponseRow[]>();
  for (const r of input.responses) {
    if (r.providerId === null || !inPeriod(r.receivedOn, from, to)) continue;
    ids.add(r.providerId);
    const list = responsesOf.get(r.providerId);
    if (list) list.push(r);
    else responsesOf.set(r.providerId, [r]);
  }
  return {
    providerIds: [...ids],
    referrals: referralTallies(input.referrals, from, to),
    q6: [...responsesOf].map(([providerId, rs]) => ({ providerId, distribution: itemStats(rs, 'q6').distribution })),
  };
}

/** The providers report of [from, to] from its tallies. */
export function providersReportFromTallies(from: DateString, to: DateString, t: ProvidersTallies): ProvidersReport {
  assertPeriod(from, to);
  const windows = monthWindows(from, to);
  const of = <T extends { providerId: string }>(rows: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.providerId);
      if (list) list.push(r);
      else m.set(r.providerId, [r]);
    }
    return (providerId: string) => m.get(providerId) ?? [];
  };
  const made = of(t.referrals.made);
  const startedOf = of(t.referrals.started);
  const startedIn = new Map<string, (months: ReadonlySet<string>) => ReferralTallies['started']>();
  const started = (providerId: string) => {
    let f = startedIn.get(providerId);
    if (!f) startedIn.set(providerId, (f = byMonth(startedOf(providerId))));
    return f;
  };
  const pending = of(t.referrals.pending);
  const q6Of = new Map(t.q6.map((x) => [x.providerId, x.distribution]));
  const figures = (providerId: string, months: ReadonlySet<string>, last: string): ProviderFigures => {
    let referrals = 0;
    for (const x of made(providerId)) if (months.has(x.month)) referrals += x.count;
    const tts = timeToServiceOf(started(providerId)(months), pendingOn(pending(providerId), last));
    return {
      referrals,
      started: tts.n,
      medianDaysToStart: tts.medianDays,
      within30: tts.within30,
      within30Rate: tts.within30Rate,
      pendingOver30: tts.pendingOver30,
    };
  };
  const all = new Set(windows.map((w) => w.month));
  return {
    from,
    to,
    providers: [...new Set(t.providerIds)].sort(compareIds).map((providerId) => {
      const d = q6Of.get(providerId) ?? [0, 0, 0, 0, 0];
      const n = d.reduce((s, c) => s + c, 0);
      return {
        providerId,
        ...figures(providerId, all, windows[windows.length - 1]?.month ?? ''),
        q6: { n, top2: rate(d[3] + d[4], n) },
        monthly: windows.map(({ month, asOf }) => ({ month, asOf, ...figures(providerId, new Set([month]), month) })),
      };
    }),
  };
}

export function computeProvidersReport(input: ProvidersInput): ProvidersReport {
  return providersReportFromTallies(input.from, input.to, providersTallies(input));
}
