/**
 * Client feedback (metrics.md "Client feedback", Standard 8).
 *
 * Over [from, to]:
 * - invitations: sent_on in the period; responseRate: the share of those with a
 *   linked response, whenever it was received;
 * - responses: received_on in the period; per item q1..q8: n answered, mean, top2
 *   (share of 4 or 5) and the distribution of 1..5;
 * - the same by program, by team (the team of the response's staff), by staff and by
 *   provider; a response with no staff (or whose staff has no team, or no provider)
 *   is left out of that grouping only;
 * - a monthly series (calendar months) of q1 n and top2, responses, invitations and
 *   response rate (invitations by the month they were sent).
 */
import { assertPeriod, inPeriod, monthOf, monthsOf } from './dates.ts';
import { compareIds, rate } from './stats.ts';
import {
  type Distribution,
  type FeedbackGroup,
  type FeedbackInvitationRow,
  type FeedbackMonth,
  type FeedbackReport,
  type ItemStats,
  type StaffTeamRow,
  teamOnDate,
  SURVEY_ITEMS,
  type SurveyItem,
  type SurveyResponseRow,
} from './types.ts';

export interface FeedbackInput {
  from: string;
  to: string;
  /** invitations to consider; only those sent in the period count */
  invitations: readonly FeedbackInvitationRow[];
  /** responses to consider; only those received in the period count */
  responses: readonly SurveyResponseRow[];
  staffTeams: readonly StaffTeamRow[];
}

/** An answer 1..5 of one item, or null when the item was left blank. */
function answerOf(r: SurveyResponseRow, item: SurveyItem): number | null {
  const v = r[item];
  if (v === null || v === undefined) return null;
  if (!Number.isInteger(v) || v < 1 || v > 5) {
    throw new RangeError(`response ${r.responseId}: ${item} must be an integer 1..5 or empty, got ${v}`);
  }
  return v;
}

/** n, mean, top2 and distribution of one item over some responses. */
export function itemStats(responses: readonly SurveyResponseRow[], item: SurveyItem): ItemStats {
  const distribution: Distribution = [0, 0, 0, 0, 0];
  let n = 0;
  let sum = 0;
  for (const r of responses) {
    const a = answerOf(r, item);
    if (a === null) continue;
    n += 1;
    sum += a;
    distribution[a - 1] = (distribution[a - 1] ?? 0) + 1;
  }
  return {
    item,
    n,
    mean: rate(sum, n),
    top2: rate(distribution[3] + distribution[4], n),
    distribution,
  };
}

export function feedbackGroup(responses: readonly SurveyResponseRow[]): FeedbackGroup {
  return { responses: responses.length, items: SURVEY_ITEMS.map((q) => itemStats(responses, q)) };
}

// ---------------------------------------------------------------- tallies

/**
 * The counts the feedback report is made of, for one set of responses: how many, and
 * per item (SURVEY_ITEMS order) how many answered 1..5 — `answers[5·j + (a − 1)]` for
 * item j and answer a. Every figure of a feedback group follows from them (n = Σ
 * answers, mean = Σ a·count ÷ n, top2 = (count of 4 + count of 5) ÷ n), so the report
 * can be built from tallies summed anywhere (feedbackTallies here, GROUP BY in SQL).
 */
export interface FeedbackTally {
  responses: number;
  /** 40 counts: item j, answer a at 5·j + (a − 1) */
  answers: number[];
}

/** Invitations sent in a month and how many of them came back (any time). */
export interface InvitationTally {
  month: string;
  sent: number;
  responded: number;
}

/**
 * The responses of a period tallied per grouping (months 'YYYY-MM'; programs, teams on
 * the day each response came back, staff and providers by id; a response with no key
 * in a grouping is left out of that grouping only), the whole period, and the
 * invitations by the month they were sent. Lists in any order.
 */
export interface FeedbackTallies {
  total: FeedbackTally;
  byMonth: Array<{ key: string; tally: FeedbackTally }>;
  byProgram: Array<{ key: string; tally: FeedbackTally }>;
  byTeam: Array<{ key: string; tally: FeedbackTally }>;
  byStaff: Array<{ key: string; tally: FeedbackTally }>;
  byProvider: Array<{ key: string; tally: FeedbackTally }>;
  invitations: InvitationTally[];
}

export function emptyTally(): FeedbackTally {
  return { responses: 0, answers: new Array<number>(SURVEY_ITEMS.length * 5).fill(0) };
}

function addResponse(t: FeedbackTally, r: SurveyResponseRow): void {
  t.responses += 1;
  SURVEY_ITEMS.forEach((item, j) => {
    const a = answerOf(r, item);
    if (a !== null) t.answers[5 * j + a - 1] = (t.answers[5 * j + a - 1] ?? 0) + 1;
  });
}

/** n, mean, top2 and distribution of item j of a tally (what itemStats gives over the same responses). */
export function tallyItemStats(t: FeedbackTally, j: number): ItemStats {
  const item = SURVEY_ITEMS[j] as SurveyItem;
  const distribution = [0, 1, 2, 3, 4].map((k) => t.answers[5 * j + k] ?? 0) as Distribution;
  let n = 0;
  let sum = 0;
  for (let k = 0; k < 5; k++) {
    n += distribution[k] as number;
    sum += (k + 1) * (distribution[k] as number);
  }
  return { item, n, mean: rate(sum, n), top2: rate(distribution[3] + distribution[4], n), distribution };
}

export function tallyGroup(t: FeedbackTally): FeedbackGroup {
  return { responses: t.responses, items: SURVEY_ITEMS.map((_, j) => tallyItemStats(t, j)) };
}

function tallyBy(responses: readonly SurveyResponseRow[], key: (r: SurveyResponseRow) => string | null) {
  const m = new Map<string, FeedbackTally>();
  for (const r of responses) {
    const k = key(r);
    if (k === null) continue;
    let t = m.get(k);
    if (!t) m.set(k, (t = emptyTally()));
    addResponse(t, r);
  }
  return [...m].map(([k, tally]) => ({ key: k, tally }));
}

/** The tallies of the responses received and the invitations sent in [from, to] (the definition the SQL tallies are held to). */
export function feedbackTallies(input: FeedbackInput): FeedbackTallies {
  const { from, to } = input;
  assertPeriod(from, to);
  const staffById = new Map<string, StaffTeamRow>();
  for (const s of input.staffTeams) staffById.set(s.staffId, s);
  const responses = input.responses.filter((r) => inPeriod(r.receivedOn, from, to));
  const total = emptyTally();
  for (const r of responses) addResponse(total, r);
  const invitations = new Map<string, InvitationTally>();
  for (const i of input.invitations) {
    if (!inPeriod(i.sentOn, from, to)) continue;
    const month = monthOf(i.sentOn);
    let t = invitations.get(month);
    if (!t) invitations.set(month, (t = { month, sent: 0, responded: 0 }));
    t.sent += 1;
    if (i.responseReceivedOn !== null) t.responded += 1;
  }
  return {
    total,
    byMonth: tallyBy(responses, (r) => monthOf(r.receivedOn)),
    byProgram: tallyBy(responses, (r) => r.programId),
    byTeam: tallyBy(responses, (r) => (r.staffId === null ? null : teamOnDate(staffById.get(r.staffId), r.receivedOn))),
    byStaff: tallyBy(responses, (r) => r.staffId),
    byProvider: tallyBy(responses, (r) => r.providerId),
    invitations: [...invitations.values()],
  };
}

function sortedGroups(list: ReadonlyArray<{ key: string; tally: FeedbackTally }>): Array<[string, FeedbackGroup]> {
  return [...list].sort((a, b) => compareIds(a.key, b.key)).map((x) => [x.key, tallyGroup(x.tally)]);
}

/** The feedback report of [from, to] from its tallies. */
export function feedbackReportFromTallies(from: string, to: string, t: FeedbackTallies): FeedbackReport {
  assertPeriod(from, to);
  const overall = tallyGroup(t.total);
  const byMonth = new Map(t.byMonth.map((x) => [x.key, x.tally]));
  const invitationsOf = new Map(t.invitations.map((x) => [x.month, x]));
  let invitations = 0;
  let responded = 0;
  const monthly: FeedbackMonth[] = monthsOf(from, to).map((month) => {
    const q1 = tallyItemStats(byMonth.get(month) ?? emptyTally(), 0);
    const inv = invitationsOf.get(month);
    const sent = inv?.sent ?? 0;
    const back = inv?.responded ?? 0;
    invitations += sent;
    responded += back;
    return {
      month,
      n: q1.n,
      top2: q1.top2,
      responses: byMonth.get(month)?.responses ?? 0,
      invitations: sent,
      respondedInvitations: back,
      responseRate: rate(back, sent),
    };
  });
  return {
    from,
    to,
    invitations,
    respondedInvitations: responded,
    responseRate: rate(responded, invitations),
    responses: overall.responses,
    items: overall.items,
    byProgram: sortedGroups(t.byProgram).map(([programId, g]) => ({ programId, ...g })),
    byTeam: sortedGroups(t.byTeam).map(([teamId, g]) => ({ teamId, ...g })),
    byStaff: sortedGroups(t.byStaff).map(([staffId, g]) => ({ staffId, ...g })),
    byProvider: sortedGroups(t.byProvider).map(([providerId, g]) => ({ providerId, ...g })),
    monthly,
  };
}

export function computeFeedbackReport(input: FeedbackInput): FeedbackReport {
  return feedbackReportFromTallies(input.from, input.to, feedbackTallies(input));
}
