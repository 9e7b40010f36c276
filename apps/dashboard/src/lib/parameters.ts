/**
 * The settings a report was computed with, where the dashboard needs them to draw:
 * load-band thresholds (to colour team bars, which carry no band of their own),
 * tier hours (to split a person's weighted hours by tier) and case hours per FTE
 * (to explain capacity). Only the settings version the report names is used; when
 * it cannot be had, the page draws without it rather than guess.
 */
import { useQuery } from '@tanstack/react-query';
import type { Role } from './session.ts';
import { trpc } from '../trpc.ts';
import type { LoadBands, TierKey } from './report.ts';
import { tierKeys } from './report.ts';

export interface ReportParameters {
  loadBands: LoadBands;
  tierHours: Record<TierKey, number>;
  caseHoursPerFte: number;
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function record(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** Reads the parameters out of a settings document; null when any is missing or malformed. */
export function parametersFrom(settings: unknown): ReportParameters | null {
  const s = record(settings);
  const bands = record(s?.loadBands);
  const hours = record(s?.tierHours);
  if (!s || !bands || !hours || !isNumber(s.caseHoursPerFte)) return null;
  const { balancedFrom, balancedTo, overTo } = bands;
  if (!isNumber(balancedFrom) || !isNumber(balancedTo) || !isNumber(overTo)) return null;
  const tierHours = {} as Record<TierKey, number>;
  for (const key of tierKeys) {
    const value = hours[key];
    if (!isNumber(value)) return null;
    tierHours[key] = value;
  }
  return { loadBands: { balancedFrom, balancedTo, overTo }, tierHours, caseHoursPerFte: s.caseHoursPerFte };
}

/** roles the API lets read the settings document (settings.get) */
const settingsReaders: readonly Role[] = ['admin', 'director', 'program_manager', 'supervisor'];

export function useReportParameters(report: { settingsVersion: number } | undefined, role: Role): ReportParameters | null {
  // A report that carries its own settings (the parameters it was computed with) is used first.
  const embedded = report ? parametersFrom(record(report)?.settings) : null;
  const settings = useQuery({
    ...trpc.settings.get.queryOptions(),
    enabled: report !== undefined && embedded === null && settingsReaders.includes(role),
    retry: false,
    staleTime: 5 * 60_000,
  });
  if (embedded) return embedded;
  if (!report || !settings.data || settings.data.version !== report.settingsVersion) return null;
  return parametersFrom(settings.data.settings);
}
