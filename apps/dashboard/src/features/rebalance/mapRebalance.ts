/**
 * Rebalance page: a team's proposal (metrics.md, rebalancing) turned into words, bars
 * and rows. Pure: the proposal and names in; the situation sentence, before/after bars,
 * the moves table and its CSV out. A proposal is advice: nothing here changes anything.
 */
import type { CsvCell, CsvTable } from '../../lib/csv.ts';
import { formatCount, formatDecimal, formatHours, formatPercent } from '../../lib/format.ts';
import { compareNames } from '../../lib/order.ts';
import type { TierKey } from '../../lib/report.ts';

/** A member is over capacity when the load ratio is above 1.00 (metrics.md). */
const OVER = 1;

export interface ProposalLike {
  teamId: string;
  asOf: string;
  settingsVersion: number;
  teamLoadRatio: number | null;
  teamWeightedHours: number;
  /** Σ workload (weighted + other hours): the team ratio's numerator (absent in older answers) */
  teamWorkloadHours?: number;
  teamCapacityHours: number;
  teamOverCapacity: boolean;
  overCapacityHours: number;
  moves: readonly {
    clientId: string;
    fromStaffId: string;
    toStaffId: string;
    hours: number;
    tier: TierKey;
    daysWithHolder: number;
    reason: string;
  }[];
  before: readonly { staffId: string; loadRatio: number | null }[];
  after: readonly { staffId: string; loadRatio: number | null }[];
  /** clients of members with no capacity that no teammate may take (absent in older answers) */
  unplaced?: readonly { clientId: string; fromStaffId: string; reason: string }[];
}

export interface RebalanceBar {
  staffId: string;
  label: string;
  /** percent of the person's capacity; null when they have no capacity */
  beforePercent: number | null;
  afterPercent: number | null;
  clientsOut: number;
  clientsIn: number;
}

interface RebalanceMoveRow {
  clientId: string;
  fromStaffId: string;
  fromLabel: string;
  toStaffId: string;
  toLabel: string;
  tier: TierKey;
  hours: number;
  daysWithHolder: number;
  /** the engine's reason, as sent (ids), for the system of record */
  reason: string;
  /** the same reason with the two case managers' names in place of their ids */
  reasonText: string;
}

export interface RebalanceView {
  /** clients of members with no capacity (leave) that no teammate may take, with the rule that blocks them */
  unplaced: Array<{ clientId: string; fromLabel: string; reason: string }>;
  teamId: string;
  teamName: string;
  asOf: string;
  settingsVersion: number;
  /** the team's situation in one or two sentences a supervisor can act on */
  headline: string;
  teamLoadRatio: number | null;
  /** "113% = 1,245 h ÷ 1,100 h" */
  teamLoadText: string;
  /** "1,245 h ÷ 1,100 h" */
  teamHoursText: string;
  /** staffing: the whole team is over capacity, so moves cannot fix it */
  staffingNeeded: boolean;
  /** weighted − capacity hours of the team when over capacity as a whole, else 0 */
  overCapacityHours: number;
  /** overCapacityHours ÷ caseHoursPerFte; null when not over or not known */
  shortfallFte: number | null;
  members: number;
  overBefore: number;
  overAfter: number;
  /** the highest load after the moves, as a ratio (null with no capacity) */
  maxAfter: number | null;
  bars: RebalanceBar[];
  moves: RebalanceMoveRow[];
  /** the x-axis end: at least 120%, rounded up to the next 20% */
  axisMaxPercent: number;
}

function percent(ratio: number | null): number | null {
  return ratio === null ? null : ratio * 100;
}

function maxRatio(rows: readonly { loadRatio: number | null }[]): number | null {
  let max: number | null = null;
  for (const r of rows) if (r.loadRatio !== null && (max === null || r.loadRatio > max)) max = r.loadRatio;
  return max;
}

function countOver(rows: readonly { loadRatio: number | null }[]): number {
  return rows.filter((r) => r.loadRatio !== null && r.loadRatio > OVER).length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces whole-word occurrences of the given staff ids in `text` by their names. */
export function withNames(text: string, ids: readonly string[], staffLabel: (id: string) => string): string {
  let out = text;
  for (const id of new Set(ids)) {
    const name = staffLabel(id);
    if (name === id) continue;
    out = out.replace(new RegExp(`(?<![A-Za-z0-9._:-])${escapeRegExp(id)}(?![A-Za-z0-9_:-]|\\.[A-Za-z0-9])`, 'g'), name);
  }
  return out;
}

export function mapRebalance(
  proposal: ProposalLike,
  options: { teamName: string; staffLabel: (staffId: string) => string; caseHoursPerFte: number | null },
): RebalanceView {
  const { teamName, staffLabel, caseHoursPerFte } = options;
  const afterById = new Map(proposal.after.map((a) => [a.staffId, a.loadRatio]));
  const out = new Map<string, number>();
  const into = new Map<string, number>();
  for (const m of proposal.moves) {
    out.set(m.fromStaffId, (out.get(m.fromStaffId) ?? 0) + 1);
    into.set(m.toStaffId, (into.get(m.toStaffId) ?? 0) + 1);
  }
  const bars: RebalanceBar[] = proposal.before
    .map((b) => ({
      staffId: b.staffId,
      label: staffLabel(b.staffId),
      beforePercent: percent(b.loadRatio),
      afterPercent: percent(afterById.has(b.staffId) ? (afterById.get(b.staffId) ?? null) : b.loadRatio),
      clientsOut: out.get(b.staffId) ?? 0,
      clientsIn: into.get(b.staffId) ?? 0,
    }))
    .sort((x, y) => compareNames(x.label, y.label) || compareNames(x.staffId, y.staffId));

  const members = proposal.before.length;
  const overBefore = countOver(proposal.before);
  const overAfter = countOver(proposal.after);
  const maxAfter = maxRatio(proposal.after);
  const highest = Math.max(maxRatio(proposal.before) ?? 0, maxAfter ?? 0) * 100;
  const axisMaxPercent = Math.max(120, Math.ceil(highest / 20) * 20);

  const teamHoursText = `${formatHours(proposal.teamWorkloadHours ?? proposal.teamWeightedHours)} ÷ ${formatHours(proposal.teamCapacityHours)}`;
  const teamLoadText =
    proposal.teamLoadRatio === null ? `no capacity (${teamHoursText})` : `${formatPercent(proposal.teamLoadRatio)} = ${teamHoursText}`;
  const shortfallFte =
    proposal.teamOverCapacity && caseHoursPerFte !== null && caseHoursPerFte > 0 ? proposal.overCapacityHours / caseHoursPerFte : null;

  const n = proposal.moves.length;
  const movingN = `Moving ${formatCount(n)} client${n === 1 ? '' : 's'}`;
  const sentences: string[] = [];
  if (proposal.teamLoadRatio === null) {
    sentences.push(`${teamName} has no caseload capacity on this date, so there is nothing to rebalance.`);
  } else {
    sentences.push(
      `${teamName} is at ${formatPercent(proposal.teamLoadRatio)} of capacity; ${formatCount(overBefore)} of ${formatCount(members)} member${members === 1 ? '' : 's'} over.`,
    );
    if (proposal.teamOverCapacity) {
      const fte = shortfallFte === null ? '' : ` — about ${formatDecimal(shortfallFte)} FTE`;
      sentences.push(
        `The team as a whole needs ${formatHours(proposal.overCapacityHours)} more capacity a month${fte}: this is a staffing question, not a shuffling one.`,
      );
      if (n > 0) sentences.push(`${movingN} evens the load (highest afterwards ${formatPercent(maxAfter)}).`);
    } else if (overBefore === 0) {
      sentences.push('No member is over 100%, so no moves are proposed.');
    } else if (overAfter === 0) {
      sentences.push(`${movingN} brings every member to 100% or below.`);
    } else if (n === 0) {
      sentences.push('No move is possible within the rules (same team, the client’s language and region, protected tiers stay).');
    } else {
      sentences.push(
        `${movingN} brings ${formatCount(overBefore - overAfter)} of ${formatCount(overBefore)} over-capacity members to 100% or below; ${formatCount(overAfter)} stay over because no teammate can take their clients within the rules (language, region, protected tiers).`,
      );
    }
  }

  return {
    unplaced: (proposal.unplaced ?? []).map((u) => ({ clientId: u.clientId, fromLabel: staffLabel(u.fromStaffId), reason: u.reason })),
    teamId: proposal.teamId,
    teamName,
    asOf: proposal.asOf,
    settingsVersion: proposal.settingsVersion,
    headline: sentences.join(' '),
    teamLoadRatio: proposal.teamLoadRatio,
    teamLoadText,
    teamHoursText,
    staffingNeeded: proposal.teamOverCapacity,
    overCapacityHours: proposal.overCapacityHours,
    shortfallFte,
    members,
    overBefore,
    overAfter,
    maxAfter,
    bars,
    moves: proposal.moves.map((m) => ({
      clientId: m.clientId,
      fromStaffId: m.fromStaffId,
      fromLabel: staffLabel(m.fromStaffId),
      toStaffId: m.toStaffId,
      toLabel: staffLabel(m.toStaffId),
      tier: m.tier,
      hours: m.hours,
      daysWithHolder: m.daysWithHolder,
      reason: m.reason,
      reasonText: withNames(m.reason, [m.fromStaffId, m.toStaffId], staffLabel),
    })),
    axisMaxPercent,
  };
}

const rebalanceCsvHeader = [
  'client_id',
  'from_staff_id',
  'from_staff_name',
  'to_staff_id',
  'to_staff_name',
  'tier',
  'hours_per_month',
  'days_with_current_holder',
  'reason',
] as const;

/** The proposal for the system of record: one row per move, in the proposal's order. */
export function rebalanceCsv(view: RebalanceView): CsvTable {
  return {
    name: { table: 'rebalance-proposal', date: { asOf: view.asOf }, filters: { team: view.teamId }, settingsVersion: view.settingsVersion },
    header: rebalanceCsvHeader,
    rows: view.moves.map((m) => [
      m.clientId,
      m.fromStaffId,
      m.fromLabel,
      m.toStaffId,
      m.toLabel,
      m.tier,
      m.hours,
      m.daysWithHolder,
      m.reason,
    ]),
  };
}

/**
 * The team a page opens on: the highest load ratio among the teams offered (ties by
 * the order given); null when none has a ratio.
 */
export function mostLoadedTeam(teams: readonly { teamId: string; loadRatio: number | null }[]): string | null {
  let best: { teamId: string; loadRatio: number } | null = null;
  for (const t of teams) {
    if (t.loadRatio === null) continue;
    if (best === null || t.loadRatio > best.loadRatio) best = { teamId: t.teamId, loadRatio: t.loadRatio };
  }
  return best?.teamId ?? null;
}

interface AcuityMixRow {
  tier: TierKey;
  teamClients: number;
  /** share of the team's clients in this tier; null with no clients */
  teamClientShare: number | null;
  teamHours: number;
  teamHoursShare: number | null;
}

export interface AcuityMix {
  rows: AcuityMixRow[];
  teamClients: number;
  teamWeightedHours: number;
  /** weighted hours per client: acuity, not head count */
  teamHoursPerClient: number | null;
  agencyClients: number | null;
  agencyWeightedHours: number | null;
  agencyHoursPerClient: number | null;
  /** clients per full-time caseload (clients ÷ capacity × caseHoursPerFte): head count */
  teamClientsPerFte: number | null;
  agencyClientsPerFte: number | null;
  /** team ÷ agency hours per client (acuity); null when either is unknown */
  acuityIndex: number | null;
  /** team ÷ agency clients per full-time caseload (head count); null when either is unknown */
  headCountIndex: number | null;
  /** what drives the load, in words */
  explanation: string;
}

/** A team differs from the agency when its figure is more than 5% above or below. */
const NOTABLE = 0.05;

function explain(acuity: number | null, headCount: number | null): string {
  if (acuity === null || headCount === null) return 'The agency figures to compare with are not available.';
  const pct = (x: number) => `${Math.round(Math.abs(x - 1) * 100)}%`;
  const acuityText =
    acuity > 1 + NOTABLE
      ? `its clients need ${pct(acuity)} more hours each than the agency’s`
      : acuity < 1 - NOTABLE
        ? `its clients need ${pct(acuity)} fewer hours each than the agency’s`
        : 'its clients need about as many hours each as the agency’s';
  const countText =
    headCount > 1 + NOTABLE
      ? `it carries ${pct(headCount)} more clients per full-time caseload`
      : headCount < 1 - NOTABLE
        ? `it carries ${pct(headCount)} fewer clients per full-time caseload`
        : 'it carries about as many clients per full-time caseload';
  const driver =
    acuity > 1 + NOTABLE && headCount > 1 + NOTABLE
      ? 'Both acuity and head count add to the load.'
      : acuity > 1 + NOTABLE
        ? 'The load comes from acuity, not head count.'
        : headCount > 1 + NOTABLE
          ? 'The load comes from head count, not acuity.'
          : 'Neither acuity nor head count is out of line with the agency.';
  return `Compared with the agency, ${acuityText}, and ${countText}. ${driver}`;
}

/**
 * Why a team is loaded: its clients by tier (counts and weighted hours) summed over
 * its caseload staff, with hours per client and clients per full-time caseload for
 * the team and the agency. A team can carry an ordinary head count and still be over
 * because its clients need more hours.
 */
export function acuityMix(
  staff: readonly { teamId: string | null; tierCounts: Record<TierKey, number>; capacityHours: number }[],
  teamId: string,
  tierHours: Record<TierKey, number>,
  agency: { clients: number | null; weightedHours: number | null; capacityHours: number | null } | null,
  caseHoursPerFte: number,
): AcuityMix {
  const tiers: TierKey[] = ['1', '2', '3', '4', 'unassessed'];
  const counts = Object.fromEntries(tiers.map((k) => [k, 0])) as Record<TierKey, number>;
  let capacity = 0;
  for (const s of staff) {
    if (s.teamId !== teamId || s.capacityHours <= 0) continue;
    capacity += s.capacityHours;
    for (const k of tiers) counts[k] += s.tierCounts[k];
  }
  const teamClients = tiers.reduce((a, k) => a + counts[k], 0);
  const teamWeightedHours = tiers.reduce((a, k) => a + counts[k] * tierHours[k], 0);
  const ratio = (num: number, den: number | null) => (den === null || den === 0 ? null : num / den);
  const agencyClients = agency?.clients ?? null;
  const agencyWeightedHours = agency?.weightedHours ?? null;
  const agencyCapacity = agency?.capacityHours ?? null;
  const agencyHoursPerClient = agencyClients === null || agencyWeightedHours === null ? null : ratio(agencyWeightedHours, agencyClients);
  const teamHoursPerClient = ratio(teamWeightedHours, teamClients);
  const teamClientsPerFte = capacity === 0 ? null : (teamClients / capacity) * caseHoursPerFte;
  const agencyClientsPerFte =
    agencyClients === null || agencyCapacity === null || agencyCapacity === 0 ? null : (agencyClients / agencyCapacity) * caseHoursPerFte;
  const acuityIndex =
    teamHoursPerClient === null || agencyHoursPerClient === null || agencyHoursPerClient === 0
      ? null
      : teamHoursPerClient / agencyHoursPerClient;
  const headCountIndex =
    teamClientsPerFte === null || agencyClientsPerFte === null || agencyClientsPerFte === 0
      ? null
      : teamClientsPerFte / agencyClientsPerFte;
  return {
    rows: tiers.map((k) => ({
      tier: k,
      teamClients: counts[k],
      teamClientShare: ratio(counts[k], teamClients),
      teamHours: counts[k] * tierHours[k],
      teamHoursShare: ratio(counts[k] * tierHours[k], teamWeightedHours),
    })),
    teamClients,
    teamWeightedHours,
    teamHoursPerClient,
    agencyClients,
    agencyWeightedHours,
    agencyHoursPerClient,
    teamClientsPerFte,
    agencyClientsPerFte,
    acuityIndex,
    headCountIndex,
    explanation: explain(acuityIndex, headCountIndex),
  };
}

/**
 * The acuity-mix table (the team's clients and weighted hours by tier) as CSV, with
 * the counts behind each share. `meta`: the caseload report the mix was computed from.
 */
export function acuityMixCsv(mix: AcuityMix, meta: { teamId: string; asOf: string; settingsVersion: number }): CsvTable {
  return {
    name: { table: 'acuity-mix', date: { asOf: meta.asOf }, filters: { team: meta.teamId }, settingsVersion: meta.settingsVersion },
    header: [
      'as_of',
      'settings_version',
      'team_id',
      'tier',
      'clients',
      'team_clients',
      'client_share',
      'weighted_hours',
      'team_weighted_hours',
      'hours_share',
    ],
    rows: mix.rows.map((r): CsvCell[] => [
      meta.asOf,
      meta.settingsVersion,
      meta.teamId,
      r.tier,
      r.teamClients,
      mix.teamClients,
      r.teamClientShare,
      r.teamHours,
      mix.teamWeightedHours,
      r.teamHoursShare,
    ]),
  };
}
