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

function groupBy<T>(rows: readonly T[], key: (r: T) => string | null): Array<[string, T[]]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return [...m.entries()].sort((a, b) => compareIds(a[0], b[0]));
}

export function computeFeedbackReport(input: FeedbackInput): FeedbackReport {
  const { from, to } = input;
  assertPeriod(from, to);
  const staffById = new Map<string, StaffTeamRow>();
  for (const s of input.staffTeams) staffById.set(s.staffId, s);

  const invitations = input.invitations.filter((i) => inPeriod(i.sentOn, from, to));
  const responded = invitations.filter((i) => i.responseReceivedOn !== null);
  const responses = input.responses.filter((r) => inPeriod(r.receivedOn, from, to));

  const overall = feedbackGroup(responses);

  const monthly: FeedbackMonth[] = monthsOf(from, to).map((month) => {
    const inMonth = responses.filter((r) => monthOf(r.receivedOn) === month);
    const q1 = itemStats(inMonth, 'q1');
    const sent = invitations.filter((i) => monthOf(i.sentOn) === month);
    const back = sent.filter((i) => i.responseReceivedOn !== null).length;
    return {
      month,
      n: q1.n,
      top2: q1.top2,
      responses: inMonth.length,
      invitations: sent.length,
      respondedInvitations: back,
      responseRate: rate(back, sent.length),
    };
  });

  return {
    from,
    to,
    invitations: invitations.length,
    respondedInvitations: responded.length,
    responseRate: rate(responded.length, invitations.length),
    responses: overall.responses,
    items: overall.items,
    byProgram: groupBy(responses, (r) => r.programId).map(([programId, rs]) => ({ programId, ...feedbackGroup(rs) })),
    byTeam: groupBy(responses, (r) => (r.staffId === null ? null : teamOnDate(staffById.get(r.staffId), r.receivedOn))).map(
      ([teamId, rs]) => ({ teamId, ...feedbackGroup(rs) }),
    ),
    byStaff: groupBy(responses, (r) => r.staffId).map(([staffId, rs]) => ({ staffId, ...feedbackGroup(rs) })),
    byProvider: groupBy(responses, (r) => r.providerId).map(([providerId, rs]) => ({
      providerId,
      ...feedbackGroup(rs),
    })),
    monthly,
  };
}
