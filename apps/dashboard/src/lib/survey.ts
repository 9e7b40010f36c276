/**
 * Text shared by the Standard 8 reports (feedback, outcomes, providers, quality
 * reviews): the survey's item statements, and a share written with its counts.
 */
import type { SurveyItem } from '@caseload/metrics';
import { formatCount, formatPercent } from './format.ts';
import { isWithheld, type SuppressionMark, withheldCellText } from './report.ts';

type Marked = { suppressed?: SuppressionMark } & object;

export const itemStatements: Record<SurveyItem, string> = {
  q1: 'Overall, I am satisfied with the case management I receive.',
  q2: 'My case manager asks what I want and listens to me.',
  q3: 'I can reach my case manager when I need to.',
  q4: 'My case manager explained my choices, including my right to refuse services.',
  q5: 'I helped make my service plan.',
  q6: 'The services I get meet my needs.',
  q7: 'The services help me stay independent in my home.',
  q8: 'My case manager treats me with respect and keeps my information private.',
};

/**
 * A share with its counts: "78% = 156 ÷ 200". A withheld rate or count says so; a
 * zero denominator has no rate ("— (none)").
 */
export function shareText(
  row: Marked,
  rate: { field: string; value: number | null },
  numerator: number | null,
  denominator: number | null,
  m: number,
  none = 'none',
): string {
  if (isWithheld(row, rate.field)) return withheldCellText(row, rate.field, m);
  if (denominator === 0) return `— (${none})`;
  if (rate.value === null) return '—';
  if (numerator === null || denominator === null) return formatPercent(rate.value);
  return `${formatPercent(rate.value)} = ${formatCount(numerator)} ÷ ${formatCount(denominator)}`;
}
