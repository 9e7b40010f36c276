/**
 * Quality reviews and corrective measures (metrics.md, Standard 8).
 *
 * - Reviews with reviewed_on in [from, to]: n, meanScore, passed (score ≥
 *   qaPassScore), passRate.
 * - Corrective actions as of `to`, among reviews with a corrective_action and
 *   reviewed_on ≤ to: open (action_closed_on null or after `to`), overdue (open and
 *   action_due_on before `to` — due exactly on `to` is not overdue), closedInPeriod
 *   (action_closed_on in the period), medianDaysToClose (action_closed_on −
 *   reviewed_on over those closed in the period).
 *
 * Monthly: the same by calendar month; open and overdue as of each month's last day
 * (or `to` for a partial last month).
 */
import { assertPeriod, daysBetween, inPeriod, monthWindows } from './dates.ts';
import { mean, median, rate } from './stats.ts';
import type { DateString, QaActions, QaFigures, QaReport, QaReviewRow, QaReviews } from './types.ts';

export interface QaInput {
  from: string;
  to: string;
  reviews: readonly QaReviewRow[];
  qaPassScore: number;
}

export function qaReviews(reviews: readonly QaReviewRow[], from: DateString, to: DateString, passScore: number): QaReviews {
  const scores = reviews.filter((r) => inPeriod(r.reviewedOn, from, to)).map((r) => r.score);
  const passed = scores.filter((s) => s >= passScore).length;
  return { n: scores.length, meanScore: mean(scores), passed, passRate: rate(passed, scores.length) };
}

export function qaActions(reviews: readonly QaReviewRow[], from: DateString, to: DateString): QaActions {
  let open = 0;
  let overdue = 0;
  const days: number[] = [];
  for (const r of reviews) {
    if (!r.hasCorrectiveAction || r.reviewedOn > to) continue;
    const isOpen = r.actionClosedOn === null || r.actionClosedOn > to;
    if (isOpen) {
      open += 1;
      if (r.actionDueOn !== null && r.actionDueOn < to) overdue += 1;
    }
    if (inPeriod(r.actionClosedOn, from, to)) days.push(daysBetween(r.reviewedOn, r.actionClosedOn as DateString));
  }
  return { open, overdue, closedInPeriod: days.length, medianDaysToClose: median(days) };
}

function figures(input: QaInput, from: DateString, to: DateString): QaFigures {
  return { reviews: qaReviews(input.reviews, from, to, input.qaPassScore), actions: qaActions(input.reviews, from, to) };
}

export function computeQaReport(input: QaInput): QaReport {
  const { from, to } = input;
  assertPeriod(from, to);
  if (!Number.isFinite(input.qaPassScore)) throw new RangeError('qaPassScore must be a number');
  return {
    from,
    to,
    qaPassScore: input.qaPassScore,
    ...figures(input, from, to),
    monthly: monthWindows(from, to).map(({ month, start, asOf }) => {
      return { month, asOf, ...figures(input, start, asOf) };
    }),
  };
}
