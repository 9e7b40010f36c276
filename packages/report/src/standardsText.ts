/**
 * Caseload standards in words (metrics.md "Caseload standards"), shared by the
 * dashboard's standards page and the board report so a value reads the same everywhere.
 * The agencies' numbering is the 1992 NASW standards' (Standard 9: caseload; Standard 8:
 * evaluation and quality assurance).
 */
import type { StandardKind } from '@caseload/metrics';

export const STANDARD_KIND_LABEL: Record<StandardKind, string> = {
  average_ratio: 'Average clients per caseload FTE',
  individual_max: 'Longest run above the individual maximum',
  load_ratio: 'Weighted caseload as a share of capacity',
  supervisor_span: 'Largest number of staff per supervisor',
};

const one = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** The value of a period as shown: "62.4 clients per FTE", "14 days", "104%", "9 staff"; "—" when there is none. */
export function standardValueText(kind: StandardKind, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (kind) {
    case 'average_ratio':
      return `${one(Math.round(value * 10) / 10)} per FTE`;
    case 'individual_max':
      return `${value} ${value === 1 ? 'day' : 'days'}`;
    case 'load_ratio':
      return `${Math.round(value * 100)}%`;
    case 'supervisor_span':
      return `${value} staff`;
  }
}

/** The rule as a person reads it: when is a period missed. */
export function standardRuleText(rule: { kind: StandardKind; limit: number; maxDays?: number | null | undefined }): string {
  switch (rule.kind) {
    case 'average_ratio':
      return `missed when the average is above ${one(rule.limit)} clients per FTE`;
    case 'individual_max':
      return `missed when anyone holds more than ${one(rule.limit)} clients for more than ${rule.maxDays ?? 0} days in a row`;
    case 'load_ratio':
      return `missed when the load reaches ${Math.round(rule.limit * 100)}% of capacity`;
    case 'supervisor_span':
      return `missed when a supervisor has more than ${one(rule.limit)} staff`;
  }
}

/** A period key in words: "2025-07" → "Jul 2025", "2025-Q3" → "2025 Q3 (Jul–Sep)". */
export function standardPeriodText(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) {
    const months = ['Jan–Mar', 'Apr–Jun', 'Jul–Sep', 'Oct–Dec'][Number(q[2]) - 1];
    return `${q[1]} Q${q[2]} (${months})`;
  }
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${names[Number(m[2]) - 1]} ${m[1]}`;
}
