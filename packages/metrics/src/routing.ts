/**
 * Intake routing (metrics.md): for a new client (program, language, region, expected
 * tier), rank the eligible caseload staff by their load ratio after taking the client.
 * Eligibility follows the rules of rebalancing moves: a caseload-staff member (of the
 * given teams, when a team filter is set) who speaks the client's primary language
 * (when set and not 'en') and shares the client's region (when both are set).
 */
import { inTeamScope, loadBand, loadsOn, OVER_CAPACITY, type Standard9Scope } from './caseload.ts';
import { dayNumber } from './dates.ts';
import type { TierKey } from './settings.ts';
import { compareIds } from './tier.ts';
import { ineligibility } from './rebalance.ts';
import { Standard9Index, type Standard9Rows } from './timeline.ts';
import type { Band, DateString } from './types.ts';

export interface NewClient {
  programId: string | null;
  primaryLanguage: string | null;
  region: string | null;
  /** the expected tier; 'unassessed' weighs as an unassessed client */
  tier: TierKey;
}

export interface IntakeInput extends Standard9Rows, Pick<Standard9Scope, 'teamIds'> {
  asOf: DateString;
  settingsVersion: number;
  newClient: NewClient;
}

export interface IntakeCandidate {
  rank: number;
  staffId: string;
  teamId: string | null;
  clients: number;
  loadRatioBefore: number;
  loadRatioAfter: number;
  bandAfter: Band | null;
  /** loadRatioAfter > 1.00 */
  overAfter: boolean;
}

export interface IntakeRanking {
  asOf: DateString;
  settingsVersion: number;
  newClient: NewClient;
  /** tierHours of the expected tier */
  hours: number;
  ranked: IntakeCandidate[];
  ineligible: Array<{ staffId: string; teamId: string | null; reason: string }>;
}

/**
 * Ranks by load ratio after intake, then by load ratio before, then staff_id (byte
 * order). Staff over capacity after intake are still listed (overAfter: true).
 */
export function rankIntake(input: IntakeInput): IntakeRanking {
  const index = new Standard9Index(input);
  const day = dayNumber(input.asOf);
  const loads = loadsOn(index, day);
  const hours = input.settings.tierHours[input.newClient.tier];
  const candidates: Omit<IntakeCandidate, 'rank'>[] = [];
  const ineligible: IntakeRanking['ineligible'] = [];
  for (const s of index.caseloadStaff(day)) {
    if (!inTeamScope(s.teamId, input.teamIds)) continue;
    const capacity = index.capacityHours(s.staffId, day);
    const reason = capacity > 0 ? ineligibility(input.newClient, s.staff) : 'has no capacity hours';
    if (reason !== null) {
      ineligible.push({ staffId: s.staffId, teamId: s.teamId, reason });
      continue;
    }
    const load = loads.byStaff.get(s.staffId);
    // workload hours: the case work and the member's workload items on D
    const weighted = (load?.weightedHours ?? 0) + index.otherHours(s.staffId, day);
    const loadRatioAfter = (weighted + hours) / capacity;
    candidates.push({
      staffId: s.staffId,
      teamId: s.teamId,
      clients: load?.clients ?? 0,
      loadRatioBefore: weighted / capacity,
      loadRatioAfter,
      bandAfter: loadBand(loadRatioAfter, input.settings.loadBands),
      overAfter: loadRatioAfter > OVER_CAPACITY,
    });
  }
  candidates.sort(
    (x, y) => x.loadRatioAfter - y.loadRatioAfter || x.loadRatioBefore - y.loadRatioBefore || compareIds(x.staffId, y.staffId),
  );
  return {
    asOf: input.asOf,
    settingsVersion: input.settingsVersion,
    newClient: input.newClient,
    hours,
    ranked: candidates.map((c, i) => ({ rank: i + 1, ...c })),
    ineligible,
  };
}
