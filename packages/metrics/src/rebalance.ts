/**
 * Rebalancing proposals (metrics.md, Standard 9; Standard 2: client-authorized transfer).
 *
 * For one team on D, propose moves of clients from over-capacity members (load ratio
 * > 1.00) to teammates. A move is allowed only when the target is a caseload-staff
 * member of the same team, speaks the client's primary language (when set and not
 * 'en'), shares the client's region (when both are set), and the client's tier is not
 * protected (protectTiers). A proposal is advice; it never changes assignments.
 *
 * The search is greedy and deterministic. Repeatedly, the over-capacity member with
 * the highest ratio gives up one client; among the allowed (client, target) pairs it
 * takes the one with, in order:
 *   1. the lowest resulting max(source ratio, target ratio)  — lowest maximum load;
 *      this also moves the largest client that fits, so the fewest moves are needed;
 *   2. the shortest time with the current holder              — least disruption;
 *   3. the lowest resulting target ratio, then client_id and staff_id (byte order).
 * A pair is allowed only when the target ends strictly below the source's ratio before
 * the move (so the team's maximum never rises and the sorted ratios strictly fall),
 * and at or below 1.00 unless the whole team is over capacity. Each client moves at
 * most once. A member with no allowed pair is left as is and the next-highest
 * over-capacity member is tried, until none is left.
 *
 * Covering a member with no capacity (capacityHours 0 on D: leave, a full reduction)
 * comes first: each of their clients, largest first (then client_id), goes to the
 * allowed member with capacity whose resulting ratio is lowest (then staff_id), even
 * above 1.00; a client no member may take is `unplaced`, with the rule that blocks it.
 * Ratios are workloadHours ÷ capacityHours (workload items and reductions on D count).
 */
import { loadsOn, OVER_CAPACITY } from './caseload.ts';
import { dayNumber } from './dates.ts';
import type { TierKey } from './settings.ts';
import { rate } from './stats.ts';
import { compareIds } from './tier.ts';
import { Standard9Index, type Standard9Rows } from './timeline.ts';
import type { ClientRow, DateString, StaffRow } from './types.ts';

export interface RebalanceInput extends Standard9Rows {
  asOf: DateString;
  settingsVersion: number;
  teamId: string;
}

export interface RebalanceMove {
  clientId: string;
  fromStaffId: string;
  toStaffId: string;
  /** tierHours of the client's tier: the load that moves */
  hours: number;
  tier: TierKey;
  /** days the client has been with the current holder (D − start_on) */
  daysWithHolder: number;
  /** why this move, in words a supervisor can check */
  reason: string;
}

export interface StaffRatio {
  staffId: string;
  loadRatio: number | null;
}

export interface UnplacedClient {
  clientId: string;
  fromStaffId: string;
  /** the rule that blocks every target */
  reason: string;
}

export interface RebalanceProposal {
  teamId: string;
  asOf: DateString;
  settingsVersion: number;
  /** Σ weighted ÷ Σ capacity over the team's caseload staff */
  teamLoadRatio: number | null;
  teamWeightedHours: number;
  /** Σ workload (weighted + other hours) */
  teamWorkloadHours: number;
  teamCapacityHours: number;
  /** Σ workload > Σ capacity: the answer is staffing, not shuffling */
  teamOverCapacity: boolean;
  /** Σ workload − Σ capacity when the team is over capacity, else 0 */
  overCapacityHours: number;
  moves: RebalanceMove[];
  /** clients of members with no capacity that no teammate may take */
  unplaced: UnplacedClient[];
  before: StaffRatio[];
  after: StaffRatio[];
}

/**
 * Why `target` may not take `client` (language, region), or null when it may. Used by
 * rebalancing and intake routing.
 */
export function ineligibility(
  client: Pick<ClientRow, 'primaryLanguage' | 'region'>,
  target: Pick<StaffRow, 'languages' | 'region'>,
): string | null {
  const lang = client.primaryLanguage?.trim().toLowerCase() || null;
  if (lang !== null && lang !== 'en' && !target.languages.some((l) => l.trim().toLowerCase() === lang)) {
    return `does not speak ${lang}`;
  }
  if (client.region !== null && target.region !== null && client.region !== target.region) {
    return `region ${target.region} is not the client's region ${client.region}`;
  }
  return null;
}

interface Member {
  staff: StaffRow;
  capacity: number;
  /** workload hours: weighted + other (changes as clients move) */
  weighted: number;
}

interface Movable {
  clientId: string;
  client: ClientRow;
  tier: TierKey;
  hours: number;
  daysWithHolder: number;
}

const fmt = (r: number) => r.toFixed(3);

export function proposeRebalance(input: RebalanceInput): RebalanceProposal {
  const index = new Standard9Index(input);
  const day = dayNumber(input.asOf);
  const settings = input.settings;
  const loads = loadsOn(index, day);

  const members: Member[] = index
    .caseloadStaff(day)
    .filter((s) => s.teamId === input.teamId)
    .map((s) => ({
      staff: s.staff,
      capacity: index.capacityHours(s.staffId, day),
      weighted: (loads.byStaff.get(s.staffId)?.weightedHours ?? 0) + index.otherHours(s.staffId, day),
    }));
  const ratio = (m: Member) => m.weighted / m.capacity;
  const before: StaffRatio[] = members.map((m) => ({ staffId: m.staff.staffId, loadRatio: rate(m.weighted, m.capacity) }));

  let teamWeightedHours = 0;
  let teamWorkloadHours = 0;
  let teamCapacityHours = 0;
  for (const m of members) {
    teamWeightedHours += loads.byStaff.get(m.staff.staffId)?.weightedHours ?? 0;
    teamWorkloadHours += m.weighted;
    teamCapacityHours += m.capacity;
  }
  const teamLoadRatio = rate(teamWorkloadHours, teamCapacityHours);
  const teamOverCapacity = teamLoadRatio !== null && teamLoadRatio > OVER_CAPACITY;
  const withCapacity = members.filter((m) => m.capacity > 0);
  const protect = new Set<string>(settings.protectTiers.map(String));

  // Covering members with no capacity: their clients must move, largest first.
  const moves: RebalanceMove[] = [];
  const unplaced: UnplacedClient[] = [];
  const moved = new Set<string>();
  for (const m of members) {
    if (m.capacity > 0) continue;
    const clients = [...(loads.byStaff.get(m.staff.staffId)?.caseload ?? [])].sort(
      (x, y) => y.hours - x.hours || compareIds(x.timeline.client.clientId, y.timeline.client.clientId),
    );
    for (const c of clients) {
      const clientId = c.timeline.client.clientId;
      const daysWithHolder = day - dayNumber(c.heldSince as DateString);
      if (protect.has(c.tier)) {
        unplaced.push({ clientId, fromStaffId: m.staff.staffId, reason: `tier ${c.tier} is protected (protectTiers)` });
        continue;
      }
      if (withCapacity.length === 0) {
        unplaced.push({ clientId, fromStaffId: m.staff.staffId, reason: 'no member of the team has capacity' });
        continue;
      }
      let best: { t: Member; after: number } | undefined;
      const blocked: string[] = [];
      for (const t of withCapacity) {
        const why = ineligibility(c.timeline.client, t.staff);
        if (why !== null) {
          blocked.push(`${t.staff.staffId} ${why}`);
          continue;
        }
        const after = (t.weighted + c.hours) / t.capacity;
        if (!best || after < best.after) best = { t, after };
      }
      if (!best) {
        unplaced.push({ clientId, fromStaffId: m.staff.staffId, reason: blocked.join('; ') });
        continue;
      }
      const targetBefore = ratio(best.t);
      moves.push({
        clientId,
        fromStaffId: m.staff.staffId,
        toStaffId: best.t.staff.staffId,
        hours: c.hours,
        tier: c.tier,
        daysWithHolder,
        reason:
          `${m.staff.staffId} has no capacity on ${input.asOf} (the clients need cover); ` +
          `${best.t.staff.staffId} is the least loaded allowed teammate (load ${fmt(targetBefore)} → ${fmt(best.after)}); ` +
          `${c.tier === 'unassessed' ? 'unassessed' : `tier ${c.tier}`} client, ${c.hours} h/month`,
      });
      moved.add(clientId);
      m.weighted -= c.hours;
      best.t.weighted += c.hours;
    }
  }

  // Each member's movable clients: active, held now, tier not protected, with load to move.
  const movable = new Map<string, Movable[]>();
  for (const m of withCapacity) {
    const list: Movable[] = [];
    for (const c of loads.byStaff.get(m.staff.staffId)?.caseload ?? []) {
      if (protect.has(c.tier) || !(c.hours > 0)) continue;
      list.push({
        clientId: c.timeline.client.clientId,
        client: c.timeline.client,
        tier: c.tier,
        hours: c.hours,
        daysWithHolder: day - dayNumber(c.heldSince as DateString),
      });
    }
    movable.set(m.staff.staffId, list);
  }

  const settled = new Set<string>();
  for (;;) {
    // The over-capacity member with the highest ratio not yet settled (ties: staff_id).
    let source: Member | undefined;
    for (const m of withCapacity) {
      if (settled.has(m.staff.staffId) || !(ratio(m) > OVER_CAPACITY)) continue;
      if (!source || ratio(m) > ratio(source)) source = m;
    }
    if (!source) break;
    const a = ratio(source);

    let best: { c: Movable; t: Member; after: number; targetAfter: number; key: [number, number, number, string, string] } | undefined;
    for (const c of movable.get(source.staff.staffId) ?? []) {
      if (moved.has(c.clientId)) continue;
      const sourceAfter = (source.weighted - c.hours) / source.capacity;
      for (const t of withCapacity) {
        if (t === source || ineligibility(c.client, t.staff) !== null) continue;
        const targetAfter = (t.weighted + c.hours) / t.capacity;
        if (!(targetAfter < a)) continue;
        if (!teamOverCapacity && targetAfter > OVER_CAPACITY) continue;
        const key: [number, number, number, string, string] = [
          Math.max(sourceAfter, targetAfter),
          c.daysWithHolder,
          targetAfter,
          c.clientId,
          t.staff.staffId,
        ];
        if (!best || compareKeys(key, best.key) < 0) best = { c, t, after: sourceAfter, targetAfter, key };
      }
    }
    if (!best) {
      settled.add(source.staff.staffId);
      continue;
    }
    const { c, t } = best;
    const targetBefore = ratio(t);
    moves.push({
      clientId: c.clientId,
      fromStaffId: source.staff.staffId,
      toStaffId: t.staff.staffId,
      hours: c.hours,
      tier: c.tier,
      daysWithHolder: c.daysWithHolder,
      reason:
        `${source.staff.staffId} is over capacity (load ${fmt(a)} → ${fmt(best.after)}); ` +
        `${t.staff.staffId} ${teamOverCapacity ? 'is less loaded' : 'has room'} (load ${fmt(targetBefore)} → ${fmt(best.targetAfter)}); ` +
        `${c.tier === 'unassessed' ? 'unassessed' : `tier ${c.tier}`} client, ${c.hours} h/month, ` +
        `${c.daysWithHolder} days with current holder` +
        (teamOverCapacity ? '; the team as a whole is over capacity' : ''),
    });
    moved.add(c.clientId);
    source.weighted -= c.hours;
    t.weighted += c.hours;
  }

  return {
    teamId: input.teamId,
    asOf: input.asOf,
    settingsVersion: input.settingsVersion,
    teamLoadRatio,
    teamWeightedHours,
    teamWorkloadHours,
    teamCapacityHours,
    teamOverCapacity,
    overCapacityHours: teamOverCapacity ? teamWorkloadHours - teamCapacityHours : 0,
    moves,
    unplaced,
    before,
    after: members.map((m) => ({ staffId: m.staff.staffId, loadRatio: rate(m.weighted, m.capacity) })),
  };
}

function compareKeys(x: [number, number, number, string, string], y: [number, number, number, string, string]): number {
  for (let i = 0; i < 3; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d;
  }
  return compareIds(x[3], y[3]) || compareIds(x[4], y[4]);
}
