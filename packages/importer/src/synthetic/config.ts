import type { Tier } from './acuity.ts';

export type Scale = 's' | 'm' | 'l';
export const SCALES_LIST: readonly Scale[] = ['s', 'm', 'l'];

export interface ScaleConfig {
  programs: number;
  teams: number;
  regions: number;
  /** active clients on the as-of date (about; arrivals and closures are random) */
  activeClients: number;
  /** years of history before the as-of date */
  years: number;
  providers: number;
  programManagers: number;
  qaCoordinators: number;
}

/**
 * Case manager counts are not set here: they follow from the clients, the acuity mix
 * and the default weights, so that load ratios sit around 1.0 (see `planSlots`).
 */
export const SCALES: Record<Scale, ScaleConfig> = {
  s: { programs: 3, teams: 4, regions: 2, activeClients: 1300, years: 3, providers: 8, programManagers: 1, qaCoordinators: 1 },
  m: { programs: 5, teams: 12, regions: 3, activeClients: 5000, years: 4, providers: 15, programManagers: 2, qaCoordinators: 1 },
  l: { programs: 8, teams: 40, regions: 6, activeClients: 18000, years: 5, providers: 30, programManagers: 4, qaCoordinators: 3 },
};

/**
 * The workload model the data is shaped for: the defaults of metrics.md
 * (packages/metrics defaultSettings). The generator only uses them to make plausible
 * data; every metric is computed elsewhere, from the imported rows.
 */
export const MODEL = {
  tierHours: { 1: 1.0, 2: 2.0, 3: 3.5, 4: 6.0 } as Record<Tier, number>,
  unassessedHours: 2.0,
  caseHoursPerFte: 110,
  reassessmentDays: { 1: 365, 2: 365, 3: 180, 4: 180 } as Record<Tier, number>,
  /** any client contact within N days / face-to-face within N days; unassessed as tier 2 */
  contactDays: {
    1: { any: 90, faceToFace: 365 },
    2: { any: 60, faceToFace: 180 },
    3: { any: 30, faceToFace: 90 },
    4: { any: 30, faceToFace: 30 },
  } as Record<Tier, { any: number; faceToFace: number }>,
} as const;

/** Average length of stay in days, by program id (care transitions is short-term work). */
export const LENGTH_OF_STAY: Record<string, number> = {
  'hcbs-waiver': 1200,
  'oaa-iii-b': 900,
  'state-inhome': 1000,
  'caregiver-iii-e': 700,
  'ds-tcm': 2200,
  'apd-waiver': 1300,
  'care-transitions': 300,
  'vd-care': 1000,
};
