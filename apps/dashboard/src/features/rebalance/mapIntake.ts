/**
 * Intake routing: the eligible case managers for a new client, best fit first (lowest
 * load after taking the client), and who cannot take the client and why. Pure.
 */
import type { CsvTable, ExportFilters } from '../../lib/csv.ts';
import { formatHours, formatPercent } from '../../lib/format.ts';
import type { Band, TierKey } from '../../lib/report.ts';

export interface IntakeRankingLike {
  asOf: string;
  settingsVersion: number;
  newClient: { programId: string | null; primaryLanguage: string | null; region: string | null; tier: TierKey };
  hours: number;
  ranked: readonly {
    rank: number;
    staffId: string;
    teamId: string | null;
    clients: number;
    loadRatioBefore: number;
    loadRatioAfter: number;
    bandAfter: Band | null;
    overAfter: boolean;
  }[];
  ineligible: readonly { staffId: string; teamId: string | null; reason: string }[];
}

interface IntakeRow {
  rank: number;
  staffId: string;
  label: string;
  teamName: string;
  clients: number;
  loadRatioBefore: number;
  loadRatioAfter: number;
  bandAfter: Band | null;
  overAfter: boolean;
  /** "92% → 97%" */
  changeText: string;
}

export interface IntakeView {
  asOf: string;
  settingsVersion: number;
  hours: number;
  rows: IntakeRow[];
  /** the first eligible person who stays at or under capacity; null when everyone would go over */
  suggestion: IntakeRow | null;
  summary: string;
  ineligible: { staffId: string; label: string; teamName: string; reason: string }[];
}

export function mapIntake(
  ranking: IntakeRankingLike,
  names: { staffLabel: (id: string) => string; teamNames: ReadonlyMap<string, string> },
): IntakeView {
  const team = (id: string | null) => (id === null ? '—' : (names.teamNames.get(id) ?? id));
  const rows: IntakeRow[] = ranking.ranked.map((r) => ({
    rank: r.rank,
    staffId: r.staffId,
    label: names.staffLabel(r.staffId),
    teamName: team(r.teamId),
    clients: r.clients,
    loadRatioBefore: r.loadRatioBefore,
    loadRatioAfter: r.loadRatioAfter,
    bandAfter: r.bandAfter,
    overAfter: r.overAfter,
    changeText: `${formatPercent(r.loadRatioBefore)} → ${formatPercent(r.loadRatioAfter)}`,
  }));
  const suggestion = rows.find((r) => !r.overAfter) ?? null;
  const weight = `The client adds ${formatHours(ranking.hours)} a month`;
  const summary =
    rows.length === 0
      ? `${weight}. No caseload staff in this view can take the client (see the reasons below).`
      : suggestion === null
        ? `${weight}. Everyone eligible would go over 100%; the least loaded is ${rows[0]?.label} (${rows[0]?.changeText}).`
        : `${weight}. Best fit: ${suggestion.label}, ${suggestion.teamName} (${suggestion.changeText}).`;
  return {
    asOf: ranking.asOf,
    settingsVersion: ranking.settingsVersion,
    hours: ranking.hours,
    rows,
    suggestion,
    summary,
    ineligible: ranking.ineligible.map((i) => ({
      staffId: i.staffId,
      label: names.staffLabel(i.staffId),
      teamName: team(i.teamId),
      reason: i.reason,
    })),
  };
}

/**
 * The ranking as CSV. `filters`: the new client as described on the page (program,
 * expected tier, language, region) and the team filter, when set.
 */
export function intakeCsv(view: IntakeView, filters: Pick<ExportFilters, 'program' | 'tier' | 'language' | 'region' | 'team'>): CsvTable {
  return {
    name: { table: 'intake-routing', date: { asOf: view.asOf }, filters, settingsVersion: view.settingsVersion },
    header: ['rank', 'staff_id', 'staff_name', 'team', 'clients', 'load_ratio_before', 'load_ratio_after', 'band_after', 'over_after'],
    rows: view.rows.map((r) => [
      r.rank,
      r.staffId,
      r.label,
      r.teamName,
      r.clients,
      r.loadRatioBefore,
      r.loadRatioAfter,
      r.bandAfter,
      r.overAfter ? 'yes' : 'no',
    ]),
  };
}
