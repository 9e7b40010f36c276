/** Row builders for the Standard 9 tests: only what a case needs, sensible defaults for the rest. */
import {
  defaultSettings,
  type AssessmentRow,
  type AssignmentRow,
  type ClientRow,
  type ContactMode,
  type ContactRow,
  type Settings,
  type StaffRow,
} from '../src/index.ts';

export function staff(staffId: string, o: Partial<StaffRow> = {}): StaffRow {
  return { staffId, teamId: 'T1', caseloadFte: 1, active: true, languages: ['en'], region: null, ...o };
}

export function client(clientId: string, o: Partial<ClientRow> = {}): ClientRow {
  return {
    clientId,
    programId: 'P1',
    enrolledOn: '2024-01-01',
    closedOn: null,
    primaryLanguage: null,
    region: null,
    ...o,
  };
}

export function assign(clientId: string, staffId: string, startOn = '2024-01-01', endOn: string | null = null): AssignmentRow {
  return { clientId, staffId, startOn, endOn };
}

export function assess(assessmentId: string, clientId: string, assessedOn: string, o: Partial<AssessmentRow> = {}): AssessmentRow {
  return {
    assessmentId,
    clientId,
    assessedOn,
    adlDeficits: null,
    iadlDeficits: null,
    cognitiveImpairment: null,
    livesAlone: null,
    recentHospitalization: null,
    apsInvolvement: null,
    behavioralHealth: null,
    acuityTier: null,
    ...o,
  };
}

/** An assessment whose acuity_tier override sets the tier. */
export function tierAt(clientId: string, tier: 1 | 2 | 3 | 4, assessedOn = '2025-06-01', id = `A-${clientId}`): AssessmentRow {
  return assess(id, clientId, assessedOn, { acuityTier: tier });
}

export function contact(clientId: string, occurredOn: string, mode: ContactMode = 'phone', staffId = 'other'): ContactRow {
  return { clientId, staffId, occurredOn, mode };
}

export function settingsWith(o: Partial<Settings>): Settings {
  return { ...defaultSettings, ...o };
}
