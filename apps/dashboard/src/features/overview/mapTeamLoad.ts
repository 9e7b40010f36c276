/**
 * Agency overview: each team's acuity-weighted load against its capacity
 * (metrics.md, "Acuity-weighted caseload and capacity"). Pure: the report in,
 * the rows, tiles and CSV the page draws out. Teams are listed by name — the
 * overview never ranks teams or people by a number.
 */
import type { CsvCell, CsvTable, ExportFilters } from '../../lib/csv.ts';
import { compareNames } from '../../lib/order.ts';
import { formatCount, formatPercent, hoursRatioText, loadRatioText } from '../../lib/format.ts';
import {
  type AgencyCaseloadLike,
  type Band,
  loadBand,
  type CaseloadReportLike,
  defaultMinCellSize,
  type GroupCaseloadLike,
  isComplementary,
  isWithheld,
  type LoadBands,
  withheldCellText,
  withheldListText,
} from '../../lib/report.ts';

export interface TeamLoadRow {
  teamId: string;
  teamName: string;
  members: number | null;
  clients: number | null;
  weightedHours: number | null;
  capacityHours: number | null;
  loadRatio: number | null;
  /** loadRatio × 100, what the bar is drawn at; null when there is no bar */
  loadPercent: number | null;
  band: Band | null;
  overCount: number | null;
  maxLoadRatio: number | null;
  minLoadRatio: number | null;
  cv: number | null;
  /** fields withheld by small-cell suppression */
  withheld: string[];
  /** of those, the ones withheld so that a small one cannot be worked out (not small themselves) */
  complementary: string[];
  /** "104% = 1,245.5 h ÷ 1,199 h", "fewer than 11", or why there is no ratio */
  ratioText: string;
  /** "1,245.5 h ÷ 1,199 h" when both hours are shown, else null */
  hoursText: string | null;
}

export interface AgencyLoadTiles {
  loadRatio: number | null;
  band: Band | null;
  ratioText: string;
  hoursText: string | null;
  members: number | null;
  overCount: number | null;
  overText: string;
  clients: number | null;
  weightedHours: number | null;
  capacityHours: number | null;
  unassigned: number | null;
  uncovered: number | null;
  withheld: string[];
  complementary: string[];
}

export interface TeamLoad {
  asOf: string;
  settingsVersion: number;
  minCellSize: number;
  rows: TeamLoadRow[];
  /** null when the report has no agency totals (a case manager's report) */
  agency: AgencyLoadTiles | null;
  /** top of the percent axis: room above the highest bar and the 100% line */
  axisMaxPercent: number;
}

const groupFields = [
  'members',
  'clients',
  'weightedHours',
  'capacityHours',
  'loadRatio',
  'maxLoadRatio',
  'minLoadRatio',
  'overCount',
  'cv',
] as const;

function withheldFields(row: GroupCaseloadLike, extra: readonly string[] = []): string[] {
  return [...groupFields, ...extra].filter((field) => isWithheld(row, field));
}

function complementaryFields(row: GroupCaseloadLike, extra: readonly string[] = []): string[] {
  return [...groupFields, ...extra].filter((field) => isComplementary(row, field));
}

/** The load's numerator: workload hours (case work and other work) when the report has them. */
function workloadOf(row: GroupCaseloadLike): number | null {
  return row.workloadHours !== undefined ? row.workloadHours : row.weightedHours;
}

function groupHoursText(row: GroupCaseloadLike): string | null {
  const workload = workloadOf(row);
  if (row.members === 0 || workload === null || row.capacityHours === null) return null;
  return hoursRatioText(workload, row.capacityHours);
}

function groupRatioText(row: GroupCaseloadLike, withheld: string[], minCellSize: number): string {
  if (withheld.includes('loadRatio')) return withheldCellText(row, 'loadRatio', minCellSize);
  const workload = workloadOf(row);
  if (workload !== null && row.capacityHours !== null) {
    if (row.members === 0) return 'no caseload staff';
    return loadRatioText(workload, row.capacityHours);
  }
  return formatPercent(row.loadRatio);
}

function agencyTiles(agency: AgencyCaseloadLike, bands: LoadBands | null, minCellSize: number): AgencyLoadTiles {
  const withheld = withheldFields(agency, ['unassigned', 'uncovered']);
  const overText =
    agency.overCount === null || agency.members === null
      ? withheld.includes('overCount')
        ? withheldCellText(agency, 'overCount', minCellSize)
        : '—'
      : `${formatCount(agency.overCount)} of ${formatCount(agency.members)} caseload staff above 100%`;
  return {
    loadRatio: agency.loadRatio,
    band: bands ? loadBand(agency.loadRatio, bands) : null,
    ratioText: groupRatioText(agency, withheld, minCellSize),
    hoursText: groupHoursText(agency),
    members: agency.members,
    overCount: agency.overCount,
    overText,
    clients: agency.clients,
    weightedHours: agency.weightedHours,
    capacityHours: agency.capacityHours,
    unassigned: agency.unassigned,
    uncovered: agency.uncovered,
    withheld,
    complementary: complementaryFields(agency, ['unassigned', 'uncovered']),
  };
}

export function mapTeamLoad(report: CaseloadReportLike, teamNames: ReadonlyMap<string, string>, bands: LoadBands | null): TeamLoad {
  const minCellSize = report.minCellSize ?? defaultMinCellSize;
  const rows = report.teams.map((team): TeamLoadRow => {
    const withheld = withheldFields(team);
    return {
      teamId: team.teamId,
      teamName: teamNames.get(team.teamId) ?? team.teamId,
      members: team.members,
      clients: team.clients,
      weightedHours: team.weightedHours,
      capacityHours: team.capacityHours,
      loadRatio: team.loadRatio,
      loadPercent: team.loadRatio === null ? null : team.loadRatio * 100,
      band: bands ? loadBand(team.loadRatio, bands) : null,
      overCount: team.overCount,
      maxLoadRatio: team.maxLoadRatio,
      minLoadRatio: team.minLoadRatio,
      cv: team.cv,
      withheld,
      complementary: complementaryFields(team),
      ratioText: groupRatioText(team, withheld, minCellSize),
      hoursText: groupHoursText(team),
    };
  });
  rows.sort((a, b) => compareNames(a.teamName, b.teamName) || compareNames(a.teamId, b.teamId));

  const highest = Math.max(100, ...rows.map((r) => r.loadPercent ?? 0));
  return {
    asOf: report.asOf,
    settingsVersion: report.settingsVersion,
    minCellSize,
    rows,
    agency: report.agency ? agencyTiles(report.agency, bands, minCellSize) : null,
    axisMaxPercent: Math.ceil((highest + 10) / 20) * 20,
  };
}

/** One table cell: the value, or why it is withheld ("fewer than N"), or "" when there is none. */
function csvValue(row: TeamLoadRow, field: keyof TeamLoadRow, minCellSize: number): CsvCell {
  if (row.withheld.includes(field)) return withheldListText(row, field, minCellSize, false);
  const value = row[field];
  return typeof value === 'number' || typeof value === 'string' ? value : null;
}

const teamLoadCsvHeader = [
  'as_of',
  'settings_version',
  'team_id',
  'team_name',
  'members',
  'clients',
  'weighted_hours',
  'capacity_hours',
  'load_ratio',
  'band',
  'over_capacity_members',
  'max_load_ratio',
  'min_load_ratio',
  'balance_cv',
] as const;

/**
 * The table under the chart as CSV rows (the teams, then the agency row of its
 * footer), values unrounded as the API computed them. `filters`: the program filter
 * of the page, when set.
 */
export function teamLoadCsv(load: TeamLoad, filters: Pick<ExportFilters, 'program'>): CsvTable {
  const m = load.minCellSize;
  const { agency } = load;
  const agencyValue = (field: 'members' | 'clients' | 'weightedHours' | 'capacityHours' | 'loadRatio' | 'overCount'): CsvCell =>
    agency?.withheld.includes(field) ? withheldListText(agency, field, m, false) : (agency?.[field] ?? null);
  const teamRows: CsvCell[][] = load.rows.map((row) => [
    load.asOf,
    load.settingsVersion,
    row.teamId,
    row.teamName,
    csvValue(row, 'members', m),
    csvValue(row, 'clients', m),
    csvValue(row, 'weightedHours', m),
    csvValue(row, 'capacityHours', m),
    csvValue(row, 'loadRatio', m),
    row.band,
    csvValue(row, 'overCount', m),
    csvValue(row, 'maxLoadRatio', m),
    csvValue(row, 'minLoadRatio', m),
    csvValue(row, 'cv', m),
  ]);
  const agencyRows: CsvCell[][] = agency
    ? [
        [
          load.asOf,
          load.settingsVersion,
          'agency',
          'Agency',
          agencyValue('members'),
          agencyValue('clients'),
          agencyValue('weightedHours'),
          agencyValue('capacityHours'),
          agencyValue('loadRatio'),
          agency.band,
          agencyValue('overCount'),
          null,
          null,
          null,
        ],
      ]
    : [];
  return {
    name: { table: 'team-load', date: { asOf: load.asOf }, filters, settingsVersion: load.settingsVersion },
    header: teamLoadCsvHeader,
    rows: [...teamRows, ...agencyRows],
  };
}
