/**
 * Contact and reassessment timeliness by team (metrics.md, "Contact standards" and
 * "Reassessment timeliness"): the time Standard 9 says a reasonable caseload
 * leaves for face-to-face contact, monitoring and reassessment. Pure: report in,
 * rows and CSV out. Rates are shown with the counts they come from.
 */
import type { CsvCell, CsvTable, ExportFilters } from './csv.ts';
import { formatCount, formatPercent, rateText } from './format.ts';
import { defaultMinCellSize, isComplementary, isWithheld, type SuppressionMark, withheldListText } from './report.ts';
import { compareNames } from './order.ts';

export interface ComplianceCountsLike {
  contactDue: number | null;
  contactMet: number | null;
  contactRate: number | null;
  reassessDue: number | null;
  reassessOverdue: number | null;
  reassessDueSoon: number | null;
  reassessRate: number | null;
  suppressed?: SuppressionMark;
  complementary?: SuppressionMark;
}

export interface ComplianceReportLike {
  asOf: string;
  settingsVersion: number;
  minCellSize?: number;
  teams: ReadonlyArray<ComplianceCountsLike & { teamId: string }>;
  agency: ComplianceCountsLike | null;
}

export interface ComplianceRow {
  teamId: string | null;
  name: string;
  contactRate: number | null;
  /** "92% = 230 ÷ 250" (met ÷ due), "fewer than 11", or "— (none due)" */
  contactText: string;
  /** "230 ÷ 250" (met ÷ due) when both counts are shown, else null */
  contactCounts: string | null;
  reassessRate: number | null;
  /** "12 overdue of 200 due" */
  reassessText: string;
  reassessDueSoon: string;
  values: ComplianceCountsLike;
  withheld: string[];
  /** of those, the ones withheld so that a small one cannot be worked out (not small themselves) */
  complementary: string[];
}

export interface TeamCompliance {
  asOf: string;
  settingsVersion: number;
  minCellSize: number;
  rows: ComplianceRow[];
  agency: ComplianceRow | null;
}

const fields = ['contactDue', 'contactMet', 'contactRate', 'reassessDue', 'reassessOverdue', 'reassessDueSoon', 'reassessRate'] as const;

function row(counts: ComplianceCountsLike, teamId: string | null, name: string, m: number): ComplianceRow {
  const marked = fields.filter((f) => isWithheld(counts, f));
  // A rate next to its withheld count would give the count back (overdue = (1 − rate) × due):
  // whatever the API sends, a rate is withheld with the counts it is made of.
  const withheld = fields.filter(
    (f) =>
      marked.includes(f) ||
      (f === 'contactRate' && (marked.includes('contactMet') || marked.includes('contactDue'))) ||
      (f === 'reassessRate' && (marked.includes('reassessOverdue') || marked.includes('reassessDue'))),
  );
  // a cell is "small" when it, or a count it is made of, rests on few clients; any other withheld cell is complementary
  const parts: Partial<Record<(typeof fields)[number], readonly string[]>> = {
    contactRate: ['contactMet', 'contactDue'],
    reassessRate: ['reassessOverdue', 'reassessDue'],
  };
  const smallMark = (f: string) => marked.includes(f as (typeof fields)[number]) && !isComplementary(counts, f);
  const complementary = withheld.filter((f) => !smallMark(f) && !(parts[f] ?? []).some(smallMark));
  const label = (f: string) => withheldListText({ withheld, complementary }, f, m);
  const { contactDue, contactMet, reassessDue, reassessOverdue, reassessDueSoon } = counts;
  const contactText =
    withheld.includes('contactRate') || withheld.includes('contactMet')
      ? label(withheld.includes('contactRate') ? 'contactRate' : 'contactMet')
      : contactDue !== null && contactMet !== null
        ? rateText(contactMet, contactDue)
        : formatPercent(counts.contactRate);
  const reassessText =
    withheld.includes('reassessRate') || withheld.includes('reassessOverdue')
      ? label(withheld.includes('reassessRate') ? 'reassessRate' : 'reassessOverdue')
      : reassessDue === null || reassessOverdue === null
        ? '—'
        : reassessDue === 0
          ? 'none due'
          : `${formatCount(reassessOverdue)} overdue of ${formatCount(reassessDue)} due`;
  return {
    teamId,
    name,
    contactRate: counts.contactRate,
    contactText,
    contactCounts:
      withheld.includes('contactMet') || withheld.includes('contactDue') || contactDue === null || contactMet === null
        ? null
        : `${formatCount(contactMet)} ÷ ${formatCount(contactDue)}`,
    reassessRate: counts.reassessRate,
    reassessText,
    reassessDueSoon: withheld.includes('reassessDueSoon')
      ? label('reassessDueSoon')
      : reassessDueSoon === null
        ? '—'
        : formatCount(reassessDueSoon),
    values: counts,
    withheld,
    complementary,
  };
}

export function mapTeamCompliance(report: ComplianceReportLike, teamNames: ReadonlyMap<string, string>): TeamCompliance {
  const m = report.minCellSize ?? defaultMinCellSize;
  const rows = report.teams
    .map((t) => row(t, t.teamId, teamNames.get(t.teamId) ?? t.teamId, m))
    .sort((a, b) => compareNames(a.name, b.name) || compareNames(a.teamId ?? '', b.teamId ?? ''));
  return {
    asOf: report.asOf,
    settingsVersion: report.settingsVersion,
    minCellSize: m,
    rows,
    agency: report.agency ? row(report.agency, null, 'Agency (every active client)', m) : null,
  };
}

/** The table as CSV: the teams, then the agency row. `filters`: the team and program filters of the page, when set. */
export function teamComplianceCsv(data: TeamCompliance, filters: Pick<ExportFilters, 'team' | 'program'>): CsvTable {
  const value = (r: ComplianceRow, f: (typeof fields)[number]): CsvCell =>
    r.withheld.includes(f) ? withheldListText(r, f, data.minCellSize, false) : (r.values[f] ?? null);
  const all = data.agency ? [...data.rows, data.agency] : data.rows;
  return {
    name: { table: 'team-compliance', date: { asOf: data.asOf }, filters, settingsVersion: data.settingsVersion },
    header: ['as_of', 'settings_version', 'team_id', 'team_name', ...fields.map(snake)],
    rows: all.map((r) => [data.asOf, data.settingsVersion, r.teamId ?? 'agency', r.name, ...fields.map((f) => value(r, f))]),
  };
}

function snake(name: string): string {
  return name.replace(/[A-Z0-9]+/g, (m) => `_${m.toLowerCase()}`);
}
