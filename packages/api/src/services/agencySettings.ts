/** An agency's Standard 9 settings as stored, over the defaults (not kept: see index.ts standard9Settings), and what follows from them. */
import { currentSettings, type Database } from '@caseload/db';
import { defaultSettings, type Settings } from '@caseload/metrics';
import type { Kysely } from 'kysely';

export interface AgencySettings {
  settings: Settings;
  /** 0 when the agency has no stored settings and the defaults are used */
  version: number;
}

/**
 * The agency's current settings over the defaults (a stored document lacking a newer
 * key takes its default), and their version; defaults as version 0 when none is stored.
 */
export async function readAgencySettings(db: Kysely<Database>, agencyId: string): Promise<AgencySettings> {
  const row = await currentSettings<Partial<Settings>>(db, agencyId);
  if (!row) return { settings: defaultSettings, version: 0 };
  const s = row.settings ?? {};
  return {
    version: row.version,
    settings: {
      ...defaultSettings,
      ...s,
      tierHours: { ...defaultSettings.tierHours, ...s.tierHours },
      loadBands: { ...defaultSettings.loadBands, ...s.loadBands },
      contactRules: { ...defaultSettings.contactRules, ...s.contactRules },
      reassessmentDays: { ...defaultSettings.reassessmentDays, ...s.reassessmentDays },
      caseloadStandards: s.caseloadStandards ?? [],
    },
  };
}

/** The longest contact window of the settings: contacts older than this cannot meet any standard. */
export function longestContactWindow(settings: Settings): number {
  return Math.max(...Object.values(settings.contactRules).flatMap((r) => [r.anyDays, r.faceToFaceDays]));
}
